// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU VMX operation.
 *
 * Every online CPU is in VMX root operation while at least one VM
 * exists, and none is otherwise.  nvmx_vmx_mutex, always taken inside
 * cpus_read_lock() (or with the hotplug lock held for write, in the
 * hotplug callbacks), serializes the VM count with the per-CPU state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>

#include "vcpu.h"
#include "vmx_caps.h"
#include "vmx_cpu.h"
#include "vmx_ops.h"

/* One zeroed page per possible CPU, allocated at load. */
static DEFINE_PER_CPU(struct page *, nvmx_cpu_vmxon_page);
/* This CPU is in VMX operation through nvmx. */
static DEFINE_PER_CPU(bool, nvmx_cpu_vmxon);

static DEFINE_MUTEX(nvmx_vmx_mutex);
static unsigned int nvmx_vm_count;
static bool nvmx_rebooting;
static int nvmx_cpuhp_state;

/* SDM Vol. 3C 24.8: CR0 and CR4 (with VMXE) must honour the fixed bits. */
static int nvmx_check_cr_fixed(int cpu)
{
	const struct nvmx_vmx_caps *c = &nvmx_vmx_caps;
	unsigned long cr0 = read_cr0();
	unsigned long cr4 = __read_cr4() | X86_CR4_VMXE;

	if (!nvmx_cr_fixed_valid(cr0, c->cr0_fixed0, c->cr0_fixed1)) {
		pr_err("cpu%d: CR0 0x%lx violates IA32_VMX_CR0_FIXED0/1\n",
		       cpu, cr0);
		return -EIO;
	}
	if (!nvmx_cr_fixed_valid(cr4, c->cr4_fixed0, c->cr4_fixed1)) {
		pr_err("cpu%d: CR4 0x%lx violates IA32_VMX_CR4_FIXED0/1\n",
		       cpu, cr4);
		return -EIO;
	}
	return 0;
}

/* SDM Vol. 3C 24.7: set CR4.VMXE, then VMXON; undo CR4.VMXE on failure. */
static int nvmx_vmxon_this_cpu(int cpu)
{
	struct page *page = __this_cpu_read(nvmx_cpu_vmxon_page);
	int ret;

	/* SDM Vol. 3C 25.11.5: the region starts with the revision id. */
	*(u32 *)page_address(page) =
		nvmx_basic_revision_id(nvmx_vmx_caps.basic);
	cr4_set_bits(X86_CR4_VMXE);
	ret = nvmx_vmxon(page_to_phys(page));
	if (ret) {
		pr_err("cpu%d: VMX in use by another hypervisor (VMXON failed): %s\n",
		       cpu, ret == -EIO ? "VMfail" : "#UD/#GP fault");
		cr4_clear_bits(X86_CR4_VMXE);
	}
	return ret;
}

/* Runs on the CPU, interrupts disabled. */
static int nvmx_vmx_enter_this_cpu(void)
{
	int cpu = smp_processor_id();
	int ret;

	if (__this_cpu_read(nvmx_cpu_vmxon))
		return 0;
	if (__read_cr4() & X86_CR4_VMXE) {
		pr_err("cpu%d: VMX in use by another hypervisor (CR4.VMXE already set)\n",
		       cpu);
		return -EBUSY;
	}
	ret = nvmx_check_cr_fixed(cpu);
	if (!ret)
		ret = nvmx_vmxon_this_cpu(cpu);
	if (!ret)
		__this_cpu_write(nvmx_cpu_vmxon, true);
	return ret;
}

static void nvmx_vmx_enter_ipi(void *ret)
{
	*(int *)ret = nvmx_vmx_enter_this_cpu();
}

/* Runs on the CPU, interrupts disabled; SDM Vol. 3C 24.7, 31.3 VMXOFF. */
static void nvmx_vmx_leave_ipi(void *unused)
{
	int ret;

	if (!__this_cpu_read(nvmx_cpu_vmxon))
		return;
	/* SDM Vol. 3C 25.11.1: VMCLEAR every active VMCS before VMXOFF. */
	nvmx_vmcs_clear_cpu();
	ret = nvmx_vmxoff();
	if (ret == -EIO) {
		/* Still in VMX operation: CR4.VMXE must stay set (24.8). */
		pr_err("cpu%d: VMXOFF failed (VMfail)\n", smp_processor_id());
		return;
	}
	cr4_clear_bits(X86_CR4_VMXE);
	__this_cpu_write(nvmx_cpu_vmxon, false);
}

static int nvmx_vmx_enter_cpu(int cpu)
{
	int ret = 0;
	int err;

	err = smp_call_function_single(cpu, nvmx_vmx_enter_ipi, &ret, 1);
	return err ? err : ret;
}

/* Enter VMX on all online CPUs or on none. */
static int nvmx_vmx_enter_all(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		if (nvmx_vmx_enter_cpu(cpu)) {
			on_each_cpu(nvmx_vmx_leave_ipi, NULL, 1);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * nvmx_vmx_get() - take a VMX reference for a new VM
 *
 * The first reference enters VMX operation on every online CPU (SDM
 * Vol. 3C 24.7); if one CPU fails, the CPUs already entered leave again.
 *
 * Return: 0 on success, -EBUSY if a CPU cannot enter VMX operation (e.g.
 * another hypervisor holds it) or the system is going down.
 */
int nvmx_vmx_get(void)
{
	int ret = 0;

	cpus_read_lock();
	mutex_lock(&nvmx_vmx_mutex);
	if (nvmx_rebooting)
		ret = -EBUSY;
	else if (!nvmx_vm_count)
		ret = nvmx_vmx_enter_all();
	if (!ret)
		nvmx_vm_count++;
	mutex_unlock(&nvmx_vmx_mutex);
	cpus_read_unlock();
	return ret;
}

/**
 * nvmx_vmx_put() - drop the VMX reference of a destroyed VM
 *
 * The last reference leaves VMX operation on every online CPU.
 */
void nvmx_vmx_put(void)
{
	cpus_read_lock();
	mutex_lock(&nvmx_vmx_mutex);
	if (!WARN_ON_ONCE(!nvmx_vm_count) && !--nvmx_vm_count)
		on_each_cpu(nvmx_vmx_leave_ipi, NULL, 1);
	mutex_unlock(&nvmx_vmx_mutex);
	cpus_read_unlock();
}

/* Hotplug callbacks run on @cpu itself with the hotplug lock held. */
static int nvmx_vmx_cpu_online(unsigned int cpu)
{
	int ret = 0;

	mutex_lock(&nvmx_vmx_mutex);
	if (nvmx_vm_count && !nvmx_rebooting)
		ret = nvmx_vmx_enter_cpu(cpu);
	mutex_unlock(&nvmx_vmx_mutex);
	return ret;
}

static int nvmx_vmx_cpu_offline(unsigned int cpu)
{
	return smp_call_function_single(cpu, nvmx_vmx_leave_ipi, NULL, 1);
}

/* A CPU left in VMX operation cannot INIT/reset properly: leave it. */
static int nvmx_vmx_reboot(struct notifier_block *nb, unsigned long code,
			   void *unused)
{
	cpus_read_lock();
	mutex_lock(&nvmx_vmx_mutex);
	nvmx_rebooting = true;
	on_each_cpu(nvmx_vmx_leave_ipi, NULL, 1);
	mutex_unlock(&nvmx_vmx_mutex);
	cpus_read_unlock();
	return NOTIFY_OK;
}

static struct notifier_block nvmx_reboot_nb = {
	.notifier_call = nvmx_vmx_reboot,
};

/* Keeps the page of a CPU still in VMX operation rather than freeing it. */
static void nvmx_vmxon_pages_free(void)
{
	struct page **page;
	int cpu;

	for_each_possible_cpu(cpu) {
		page = per_cpu_ptr(&nvmx_cpu_vmxon_page, cpu);
		if (*page && !per_cpu(nvmx_cpu_vmxon, cpu))
			__free_page(*page);
		*page = NULL;
	}
}

static int nvmx_vmxon_pages_alloc(void)
{
	struct page *page;
	int cpu;

	for_each_possible_cpu(cpu) {
		page = alloc_pages_node(cpu_to_node(cpu),
					GFP_KERNEL | __GFP_ZERO, 0);
		if (!page) {
			nvmx_vmxon_pages_free();
			return -ENOMEM;
		}
		per_cpu(nvmx_cpu_vmxon_page, cpu) = page;
	}
	return 0;
}

/**
 * nvmx_vmx_cpu_init() - prepare per-CPU VMX operation
 *
 * Allocates the VMXON regions and registers the CPU hotplug callbacks
 * and the reboot notifier.  No CPU enters VMX operation yet.
 *
 * Return: 0 on success, else a negative errno.
 */
int nvmx_vmx_cpu_init(void)
{
	int ret;

	ret = nvmx_vmxon_pages_alloc();
	if (ret)
		return ret;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "nvmx:online",
				nvmx_vmx_cpu_online, nvmx_vmx_cpu_offline);
	if (ret < 0)
		goto free_pages;
	nvmx_cpuhp_state = ret;
	ret = register_reboot_notifier(&nvmx_reboot_nb);
	if (ret)
		goto remove_cpuhp_state;
	return 0;

remove_cpuhp_state:
	cpuhp_remove_state(nvmx_cpuhp_state);
free_pages:
	nvmx_vmxon_pages_free();
	return ret;
}

/**
 * nvmx_vmx_cpu_exit() - undo nvmx_vmx_cpu_init()
 *
 * Every CPU still in VMX operation leaves it first.
 */
void nvmx_vmx_cpu_exit(void)
{
	unregister_reboot_notifier(&nvmx_reboot_nb);
	cpuhp_remove_state(nvmx_cpuhp_state);
	nvmx_vmxon_pages_free();
}

static void nvmx_read_cr4_ipi(void *cr4)
{
	*(unsigned long *)cr4 = __read_cr4();
}

static int nvmx_vmx_state_show(struct seq_file *s, void *unused)
{
	unsigned long cr4;
	int cpu;

	cpus_read_lock();
	mutex_lock(&nvmx_vmx_mutex);
	seq_printf(s, "vms %u\n", nvmx_vm_count);
	for_each_online_cpu(cpu) {
		cr4 = 0;
		smp_call_function_single(cpu, nvmx_read_cr4_ipi, &cr4, 1);
		seq_printf(s, "cpu%u vmxe=%u vmxon=%u\n", cpu,
			   !!(cr4 & X86_CR4_VMXE), per_cpu(nvmx_cpu_vmxon, cpu));
	}
	mutex_unlock(&nvmx_vmx_mutex);
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nvmx_vmx_state);

/**
 * nvmx_vmx_debugfs_init() - create the debugfs file "vmx_state"
 * @dir: nvmx's debugfs directory
 *
 * "vms %u" (live VMs), then per online CPU "cpu%u vmxe=%u vmxon=%u":
 * CR4.VMXE as read on that CPU and nvmx's own VMX-operation flag.
 */
void nvmx_vmx_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("vmx_state", 0444, dir, NULL,
			    &nvmx_vmx_state_fops);
}
