// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CREATE_VCPU, the vCPU fd, and where a vCPU's VMCS is active.
 *
 * A VMCS is active on at most one CPU (SDM Vol. 3C 25.1 "Overview": it
 * must be VMCLEARed on the CPU where it was last current before another
 * CPU may VMPTRLD it, 25.11.1 "Software Use of Virtual-Machine Control
 * Structures").  Like KVM's loaded_vmcss_on_cpu, every CPU keeps the list
 * of the VMCSs active on it; a vCPU that moves to another CPU VMCLEARs its
 * VMCS on the old CPU by IPI before it VMPTRLDs it on the new one, and a
 * CPU leaving VMX operation VMCLEARs its whole list first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/nvmx.h>

#include "events.h"
#include "insn_decode.h"
#include "nested/nested.h"
#include "run.h"
#include "stats.h"
#include "vcpu.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/* VMCSs active on each CPU (struct nvmx_loaded_vmcs.link), IRQs off. */
static DEFINE_PER_CPU(struct list_head, nvmx_loaded_vmcss);
/* The current VMCS of each CPU (SDM Vol. 3C 25.1), NULL if none known. */
static DEFINE_PER_CPU(struct nvmx_loaded_vmcs *, nvmx_current_vmcs);

/* VPIDs 1..65535; 0 is the host's (SDM Vol. 3C 29.1 "Virtual Processor Identifiers"). */
static DEFINE_IDA(nvmx_vpid_ida);

/* Runs on lv->cpu with IRQs off: VMCLEAR and forget the VMCS there. */
static void nvmx_loaded_vmcs_clear_local(void *arg)
{
	struct nvmx_loaded_vmcs *lv = arg;
	int cpu = raw_smp_processor_id();

	if (lv->cpu != cpu)
		return;
	nvmx_vmclear(lv->pa);
	if (per_cpu(nvmx_current_vmcs, cpu) == lv)
		per_cpu(nvmx_current_vmcs, cpu) = NULL;
	list_del(&lv->link);
	/* VMCLEAR made the launch state "clear" (SDM Vol. 3C 25.11.3). */
	lv->launched = false;
	lv->host_state_cpu = -1;
	/* Publish the list removal before the new owner reads cpu == -1. */
	smp_wmb();
	lv->cpu = -1;
}

/**
 * nvmx_loaded_vmcs_clear() - VMCLEAR a VMCS wherever it is active
 * @lv: the VMCS
 *
 * After it, @lv is active nowhere and its launch state is clear; its
 * data is in its region in memory (SDM Vol. 3C 25.11.3).
 */
void nvmx_loaded_vmcs_clear(struct nvmx_loaded_vmcs *lv)
{
	int cpu = lv->cpu;

	if (cpu < 0)
		return;
	smp_call_function_single(cpu, nvmx_loaded_vmcs_clear_local, lv, 1);
}

/**
 * nvmx_vmcs_clear_cpu() - VMCLEAR every VMCS active on this CPU
 *
 * Called with IRQs off before VMXOFF (CPU offline, last VM gone, reboot):
 * SDM Vol. 3C 25.11.1 requires VMCLEAR before the VMCS memory may be
 * reused or VMX operation left.
 */
void nvmx_vmcs_clear_cpu(void)
{
	struct list_head *list = this_cpu_ptr(&nvmx_loaded_vmcss);
	struct nvmx_loaded_vmcs *lv, *tmp;

	if (!list->next)
		return;
	list_for_each_entry_safe(lv, tmp, list, link)
		nvmx_loaded_vmcs_clear_local(lv);
}

/**
 * nvmx_loaded_vmcs_track() - make a VMCS active on this CPU only
 * @lv: the VMCS
 *
 * Preemption must be disabled.  If @lv is active on another CPU it is
 * VMCLEARed there by IPI first (SDM Vol. 3C 25.11.1); it then joins this
 * CPU's list, so that leaving VMX operation here VMCLEARs it.  Used as is
 * for a shadow VMCS, which the CPU reaches through the link pointer
 * without a VMPTRLD.
 */
void nvmx_loaded_vmcs_track(struct nvmx_loaded_vmcs *lv)
{
	int cpu = smp_processor_id();
	unsigned long flags;

	if (lv->cpu == cpu)
		return;
	nvmx_loaded_vmcs_clear(lv);
	/* Pairs with smp_wmb() in nvmx_loaded_vmcs_clear_local(). */
	smp_rmb();
	local_irq_save(flags);
	list_add(&lv->link, this_cpu_ptr(&nvmx_loaded_vmcss));
	lv->cpu = cpu;
	local_irq_restore(flags);
}

/**
 * nvmx_loaded_vmcs_load() - make a VMCS active and current on this CPU
 * @lv: the VMCS
 *
 * Preemption must be disabled.  VMPTRLD only when @lv is not this CPU's
 * current VMCS already.
 */
void nvmx_loaded_vmcs_load(struct nvmx_loaded_vmcs *lv)
{
	nvmx_loaded_vmcs_track(lv);
	if (this_cpu_read(nvmx_current_vmcs) != lv) {
		this_cpu_write(nvmx_current_vmcs, lv);
		nvmx_vmptrld(lv->pa);
	}
}

/**
 * nvmx_loaded_vmcs_alloc() - allocate a VMCS region
 * @lv: where to record it
 * @shadow: set the shadow-VMCS indicator (SDM Vol. 3C 25.2)
 *
 * SDM Vol. 3D A.1: VMCS memory of the reported size, 4 KiB aligned; the
 * region begins with the revision identifier (SDM Vol. 3C 25.2).
 *
 * Return: 0 or -ENOMEM.
 */
int nvmx_loaded_vmcs_alloc(struct nvmx_loaded_vmcs *lv, bool shadow)
{
	struct page *page;
	u32 rev = nvmx_basic_revision_id(nvmx_vmx_caps.basic);

	page = alloc_pages_node(cpu_to_node(raw_smp_processor_id()),
				GFP_KERNEL_ACCOUNT | __GFP_ZERO, 0);
	if (!page)
		return -ENOMEM;
	lv->vmcs = page_address(page);
	lv->pa = page_to_phys(page);
	*(u32 *)lv->vmcs = shadow ? rev | NVMX_VMCS_SHADOW_INDICATOR : rev;
	lv->launched = false;
	lv->cpu = -1;
	lv->host_state_cpu = -1;
	INIT_LIST_HEAD(&lv->link);
	return 0;
}

/**
 * nvmx_loaded_vmcs_free() - VMCLEAR and free a VMCS region
 * @lv: the VMCS (may be one that nvmx_loaded_vmcs_alloc() never filled)
 */
void nvmx_loaded_vmcs_free(struct nvmx_loaded_vmcs *lv)
{
	if (!lv->vmcs)
		return;
	nvmx_loaded_vmcs_clear(lv);
	free_page((unsigned long)lv->vmcs);
	lv->vmcs = NULL;
}

/**
 * nvmx_vcpu_activate() - make the vCPU's current VMCS current on this CPU
 * @vcpu: the vCPU
 *
 * Preemption must be disabled.  Moves the vCPU's VMCSs (@cur, vmcs01 and
 * the linked shadow VMCS) from the CPU they were active on (VMCLEAR there
 * by IPI, then VMPTRLD here) and refreshes the per-CPU host state of @cur
 * when it last held another CPU's.
 */
void nvmx_vcpu_activate(struct nvmx_vcpu *vcpu)
{
	struct nvmx_loaded_vmcs *cur = vcpu->cur;
	int cpu = smp_processor_id();

	if (vcpu->cpu != cpu) {
		/* This CPU may hold translations from the vCPU's last stay. */
		vcpu->tlb_flush_pending = true;
		vcpu->cpu = cpu;
	}
	if (cur != &vcpu->vmcs01)
		nvmx_loaded_vmcs_track(&vcpu->vmcs01);
	if (vcpu->linked)
		nvmx_loaded_vmcs_track(vcpu->linked);
	nvmx_loaded_vmcs_load(cur);
	if (cur->host_state_cpu != cpu) {
		nvmx_vmcs_set_host_state(vcpu);
		cur->host_state_cpu = cpu;
	}
}

/**
 * nvmx_vcpu_load() - make the vCPU's VMCS current for a VMCS access
 * @vcpu: the vCPU; its mutex is held
 *
 * Disables preemption until nvmx_vcpu_put().
 */
void nvmx_vcpu_load(struct nvmx_vcpu *vcpu)
{
	preempt_disable();
	nvmx_vcpu_activate(vcpu);
}

/**
 * nvmx_vcpu_put() - end a VMCS access section begun by nvmx_vcpu_load()
 * @vcpu: the vCPU
 */
void nvmx_vcpu_put(struct nvmx_vcpu *vcpu)
{
	preempt_enable();
}

/* What nvmx_vcpu_init() leaves behind on failure (fpu not initialised). */
static void nvmx_vcpu_init_undo(struct nvmx_vcpu *vcpu)
{
	if (vcpu->vpid)
		ida_free(&nvmx_vpid_ida, vcpu->vpid);
	nvmx_loaded_vmcs_free(&vcpu->vmcs01);
	free_page((unsigned long)vcpu->run);
	mutex_destroy(&vcpu->mutex);
	kfree(vcpu);
}

static void nvmx_vcpu_free(struct nvmx_vcpu *vcpu)
{
	nvmx_fpu_destroy(vcpu);
	nvmx_cpuid_destroy(&vcpu->cpuid);
	nvmx_vcpu_init_undo(vcpu);
}

/**
 * nvmx_vcpu_destroy_all() - free every vCPU of a VM
 * @vm: the VM, no longer reachable from any fd
 */
void nvmx_vcpu_destroy_all(struct nvmx_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		nvmx_vcpu_free(vm->vcpus[i]);
	vm->nr_vcpus = 0;
}

static int nvmx_vcpu_release(struct inode *inode, struct file *filp)
{
	struct nvmx_vcpu *vcpu = filp->private_data;

	nvmx_vm_put(vcpu->vm);
	return 0;
}

static vm_fault_t nvmx_vcpu_fault(struct vm_fault *vmf)
{
	struct nvmx_vcpu *vcpu = vmf->vma->vm_file->private_data;
	struct page *page;

	/* Page 0 is struct kvm_run, as KVM's vCPU mmap (KVM_GET_VCPU_MMAP_SIZE). */
	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(vcpu->run);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct nvmx_vcpu_vm_ops = {
	.fault = nvmx_vcpu_fault,
};

static int nvmx_vcpu_mmap(struct file *filp, struct vm_area_struct *vma)
{
	vma->vm_ops = &nvmx_vcpu_vm_ops;
	return 0;
}

/*
 * KVM_INTERRUPT without an in-kernel irqchip, as kvm_vcpu_ioctl_interrupt():
 * the vector replaces any one still queued.  KVM injects it at the next
 * entry unconditionally (a VM-entry failure if the guest has IF clear,
 * SDM Vol. 3C 27.3.1.5); nvmx waits for an interrupt window instead.
 */
static long nvmx_vcpu_ioctl_interrupt(struct nvmx_vcpu *vcpu,
				      void __user *argp)
{
	struct kvm_interrupt irq;

	if (copy_from_user(&irq, argp, sizeof(irq)))
		return -EFAULT;
	if (irq.irq >= KVM_NR_INTERRUPTS)
		return -EINVAL;
	vcpu->irq_vector = irq.irq;
	vcpu->irq_pending = true;
	return 0;
}

static long nvmx_vcpu_ioctl_locked(struct nvmx_vcpu *vcpu, unsigned int ioctl,
				   unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	long r;

	switch (ioctl) {
	case KVM_RUN:
		/* kvm_vcpu_ioctl(): KVM_RUN takes no argument. */
		if (arg)
			return -EINVAL;
		return nvmx_vcpu_run(vcpu);
	case KVM_INTERRUPT:
		return nvmx_vcpu_ioctl_interrupt(vcpu, argp);
	case NVMX_GET_EXIT_COUNTS:
		return nvmx_stats_get(vcpu, argp);
	case NVMX_RESET_EXIT_COUNTS:
		return nvmx_stats_reset(vcpu, arg);
	}
	r = nvmx_vcpu_state_ioctl(vcpu, ioctl, argp);
	/* kvm_arch_vcpu_ioctl(): an unknown vCPU ioctl is EINVAL on x86. */
	return r == -ENOIOCTLCMD ? -EINVAL : r;
}

static long nvmx_vcpu_ioctl(struct file *filp, unsigned int ioctl,
			    unsigned long arg)
{
	struct nvmx_vcpu *vcpu = filp->private_data;
	long r;

	/* kvm_vcpu_ioctl(): only the VM's creator process may use it. */
	if (vcpu->vm->mm != current->mm)
		return -EIO;
	/*
	 * As KVM's vcpu->mutex: a second KVM_RUN (or any ioctl) on this vCPU
	 * waits for the first; a fatal signal while waiting gives -EINTR.
	 */
	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	r = nvmx_vcpu_ioctl_locked(vcpu, ioctl, arg);
	mutex_unlock(&vcpu->mutex);
	return r;
}

static const struct file_operations nvmx_vcpu_fops = {
	.owner = THIS_MODULE,
	.release = nvmx_vcpu_release,
	.unlocked_ioctl = nvmx_vcpu_ioctl,
	.compat_ioctl = nvmx_vcpu_ioctl,
	.mmap = nvmx_vcpu_mmap,
	.llseek = noop_llseek,
};

static struct nvmx_vcpu *nvmx_vcpu_find(struct nvmx_vm *vm, unsigned long id)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->id == id)
			return vm->vcpus[i];
	return NULL;
}

static int nvmx_vcpu_alloc_pages(struct nvmx_vcpu *vcpu)
{
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->run)
		return -ENOMEM;
	return nvmx_loaded_vmcs_alloc(&vcpu->vmcs01, false);
}

static int nvmx_vcpu_init(struct nvmx_vm *vm, struct nvmx_vcpu *vcpu,
			  unsigned long id)
{
	int ret;

	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->cpu = -1;
	vcpu->cur = &vcpu->vmcs01;
	mutex_init(&vcpu->mutex);
	nvmx_run_init(vcpu);
	ret = nvmx_vcpu_alloc_pages(vcpu);
	if (ret)
		return ret;
	if (nvmx_cpu_has_vpid()) {
		ret = ida_alloc_range(&nvmx_vpid_ida, 1, 0xffff, GFP_KERNEL);
		if (ret < 0)
			return ret;
		vcpu->vpid = ret;
	}
	ret = nvmx_fpu_init(vcpu);
	if (ret)
		return ret;
	nvmx_vcpu_load(vcpu);
	nvmx_vmcs_init(vcpu);
	nvmx_vcpu_reset_state(vcpu);
	nvmx_msr_reset(vcpu);
	nvmx_vcpu_put(vcpu);
	return 0;
}

/**
 * nvmx_vcpu_create() - KVM_CREATE_VCPU
 * @vm: the VM, its lock held
 * @id: the vCPU id (the ioctl argument)
 *
 * Errors as kvm_vm_ioctl_create_vcpu(): -EINVAL for an id at or above
 * NVMX_MAX_VCPUS (KVM_CAP_MAX_VCPU_ID) or when the VM already has
 * NVMX_MAX_VCPUS vCPUs, -EEXIST for an id in use.
 *
 * Return: the new vCPU fd, or a negative errno.
 */
int nvmx_vcpu_create(struct nvmx_vm *vm, unsigned long id)
{
	struct nvmx_vcpu *vcpu;
	char name[16];
	int ret;

	lockdep_assert_held(&vm->lock);
	if (id >= NVMX_MAX_VCPUS)
		return -EINVAL;
	if (vm->nr_vcpus >= NVMX_MAX_VCPUS)
		return -EINVAL;
	if (nvmx_vcpu_find(vm, id))
		return -EEXIST;
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	ret = nvmx_vcpu_init(vm, vcpu, id);
	if (ret) {
		nvmx_vcpu_init_undo(vcpu);
		return ret;
	}
	/* The fd's reference on the VM, dropped by nvmx_vcpu_release(). */
	nvmx_vm_get(vm);
	snprintf(name, sizeof(name), "kvm-vcpu:%lu", id);
	ret = anon_inode_getfd(name, &nvmx_vcpu_fops, vcpu, O_RDWR | O_CLOEXEC);
	if (ret < 0) {
		nvmx_vm_put(vm);
		nvmx_vcpu_free(vcpu);
		return ret;
	}
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	return ret;
}

/**
 * nvmx_vcpu_module_init() - set up the per-CPU lists of active VMCSs
 */
void nvmx_vcpu_module_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		INIT_LIST_HEAD(&per_cpu(nvmx_loaded_vmcss, cpu));
}
