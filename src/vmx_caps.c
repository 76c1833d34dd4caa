// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot of the VMX capability MSRs (SDM Vol. 3D appendix A), read on
 * every online CPU at module load and refused unless all CPUs agree.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/cache.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/mtrr.h>
#include <asm/vmx.h>

#include "vmx_caps.h"

struct nvmx_vmx_caps nvmx_vmx_caps __ro_after_init;

/**
 * struct nvmx_caps_msr - one MSR of the snapshot
 * @name: the SDM's name of the MSR, as shown in debugfs
 * @index: MSR index
 * @offset: offset of its field in struct nvmx_vmx_caps
 * @present: NULL if the MSR always exists, else whether it exists,
 *           judged from the MSRs read before it
 */
struct nvmx_caps_msr {
	const char *name;
	u32 index;
	size_t offset;
	bool (*present)(const struct nvmx_vmx_caps *c);
};

/* SDM Vol. 3D A.1 bit 55 and A.2 */
static bool nvmx_has_true_ctls(const struct nvmx_vmx_caps *c)
{
	return nvmx_basic_true_ctls(c->basic);
}

/* SDM Vol. 3D A.3.3: "activate secondary controls" may be 1 */
static bool nvmx_has_procbased2(const struct nvmx_vmx_caps *c)
{
	return nvmx_ctl_allowed1(c->procbased) &
	       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
}

/* SDM Vol. 3D A.10: "enable EPT" or "enable VPID" may be 1 */
static bool nvmx_has_ept_vpid_cap(const struct nvmx_vmx_caps *c)
{
	return nvmx_ctl_allowed1(c->procbased2) &
	       (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID);
}

/* SDM Vol. 3D A.11: "enable VM functions" may be 1 */
static bool nvmx_has_vmfunc(const struct nvmx_vmx_caps *c)
{
	return nvmx_ctl_allowed1(c->procbased2) & SECONDARY_EXEC_ENABLE_VMFUNC;
}

#ifdef MSR_IA32_VMX_PROCBASED_CTLS3
/* SDM Vol. 3D A.3.4: "activate tertiary controls" may be 1 */
static bool nvmx_has_procbased3(const struct nvmx_vmx_caps *c)
{
	return nvmx_ctl_allowed1(c->procbased) &
	       CPU_BASED_ACTIVATE_TERTIARY_CONTROLS;
}
#endif

#define NVMX_CAPS_MSR(_name, _field, _present) {			\
	.name = #_name,							\
	.index = MSR_##_name,						\
	.offset = offsetof(struct nvmx_vmx_caps, _field),		\
	.present = _present,						\
}

/* In MSR index order: each @present only looks at MSRs read before. */
static const struct nvmx_caps_msr nvmx_caps_msrs[] = {
	NVMX_CAPS_MSR(IA32_VMX_BASIC, basic, NULL),
	NVMX_CAPS_MSR(IA32_VMX_PINBASED_CTLS, pinbased, NULL),
	NVMX_CAPS_MSR(IA32_VMX_PROCBASED_CTLS, procbased, NULL),
	NVMX_CAPS_MSR(IA32_VMX_EXIT_CTLS, exit, NULL),
	NVMX_CAPS_MSR(IA32_VMX_ENTRY_CTLS, entry, NULL),
	NVMX_CAPS_MSR(IA32_VMX_MISC, misc, NULL),
	NVMX_CAPS_MSR(IA32_VMX_CR0_FIXED0, cr0_fixed0, NULL),
	NVMX_CAPS_MSR(IA32_VMX_CR0_FIXED1, cr0_fixed1, NULL),
	NVMX_CAPS_MSR(IA32_VMX_CR4_FIXED0, cr4_fixed0, NULL),
	NVMX_CAPS_MSR(IA32_VMX_CR4_FIXED1, cr4_fixed1, NULL),
	NVMX_CAPS_MSR(IA32_VMX_VMCS_ENUM, vmcs_enum, NULL),
	NVMX_CAPS_MSR(IA32_VMX_PROCBASED_CTLS2, procbased2,
		      nvmx_has_procbased2),
	NVMX_CAPS_MSR(IA32_VMX_EPT_VPID_CAP, ept_vpid_cap,
		      nvmx_has_ept_vpid_cap),
	NVMX_CAPS_MSR(IA32_VMX_TRUE_PINBASED_CTLS, true_pinbased,
		      nvmx_has_true_ctls),
	NVMX_CAPS_MSR(IA32_VMX_TRUE_PROCBASED_CTLS, true_procbased,
		      nvmx_has_true_ctls),
	NVMX_CAPS_MSR(IA32_VMX_TRUE_EXIT_CTLS, true_exit, nvmx_has_true_ctls),
	NVMX_CAPS_MSR(IA32_VMX_TRUE_ENTRY_CTLS, true_entry,
		      nvmx_has_true_ctls),
	NVMX_CAPS_MSR(IA32_VMX_VMFUNC, vmfunc, nvmx_has_vmfunc),
#ifdef MSR_IA32_VMX_PROCBASED_CTLS3
	NVMX_CAPS_MSR(IA32_VMX_PROCBASED_CTLS3, procbased3,
		      nvmx_has_procbased3),
#endif
};

#define NVMX_CAPS_NR ARRAY_SIZE(nvmx_caps_msrs)

static u64 *nvmx_caps_field(struct nvmx_vmx_caps *c,
			    const struct nvmx_caps_msr *m)
{
	return (u64 *)((u8 *)c + m->offset);
}

static u64 nvmx_caps_get(const struct nvmx_vmx_caps *c,
			 const struct nvmx_caps_msr *m)
{
	return *(const u64 *)((const u8 *)c + m->offset);
}

/**
 * struct nvmx_caps_read - one CPU's reading of the capability MSRs
 * @caps: the MSR values
 * @failed: the MSR whose RDMSR faulted, or NULL
 */
struct nvmx_caps_read {
	struct nvmx_vmx_caps caps;
	const struct nvmx_caps_msr *failed;
};

/* Runs on the CPU to read, interrupts disabled. */
static void nvmx_caps_read_this_cpu(void *data)
{
	struct nvmx_caps_read *r = data;
	const struct nvmx_caps_msr *m;
	size_t i;

	memset(&r->caps, 0, sizeof(r->caps));
	r->failed = NULL;
	for (i = 0; i < NVMX_CAPS_NR; i++) {
		m = &nvmx_caps_msrs[i];
		if (m->present && !m->present(&r->caps))
			continue;
		if (rdmsrl_safe(m->index, nvmx_caps_field(&r->caps, m))) {
			r->failed = m;
			return;
		}
	}
}

static int nvmx_caps_read_cpu(int cpu, struct nvmx_caps_read *r)
{
	int ret;

	ret = smp_call_function_single(cpu, nvmx_caps_read_this_cpu, r, 1);
	if (ret)
		return ret;
	if (r->failed) {
		pr_err("cpu%d: cannot read %s (MSR 0x%x)\n",
		       cpu, r->failed->name, r->failed->index);
		return -EIO;
	}
	return 0;
}

static const struct nvmx_caps_msr *
nvmx_caps_diff(const struct nvmx_vmx_caps *a, const struct nvmx_vmx_caps *b)
{
	size_t i;

	for (i = 0; i < NVMX_CAPS_NR; i++)
		if (nvmx_caps_get(a, &nvmx_caps_msrs[i]) !=
		    nvmx_caps_get(b, &nvmx_caps_msrs[i]))
			return &nvmx_caps_msrs[i];
	return NULL;
}

/* Snapshot the first online CPU, compare every other one to it. */
static int nvmx_caps_read_all(void)
{
	const struct nvmx_caps_msr *m;
	struct nvmx_caps_read r;
	int cpu, first = -1;
	int ret;

	for_each_online_cpu(cpu) {
		ret = nvmx_caps_read_cpu(cpu, &r);
		if (ret)
			return ret;
		if (first < 0) {
			first = cpu;
			nvmx_vmx_caps = r.caps;
			continue;
		}
		m = nvmx_caps_diff(&nvmx_vmx_caps, &r.caps);
		if (m) {
			pr_err("cpu%d: %s 0x%016llx differs from cpu%d's 0x%016llx\n",
			       cpu, m->name, nvmx_caps_get(&r.caps, m), first,
			       nvmx_caps_get(&nvmx_vmx_caps, m));
			return -EIO;
		}
	}
	return 0;
}

/* What nvmx needs from IA32_VMX_BASIC (SDM Vol. 3D A.1). */
static int nvmx_caps_check_basic(u64 basic)
{
	if (nvmx_basic_vmcs_size(basic) > PAGE_SIZE) {
		pr_err("IA32_VMX_BASIC 0x%016llx: VMCS region above one page\n",
		       basic);
		return -EIO;
	}
	/* Bit 48 is always 0 on processors that support Intel 64. */
	if (nvmx_basic_addr32(basic)) {
		pr_err("IA32_VMX_BASIC 0x%016llx: 32-bit VMX addresses\n",
		       basic);
		return -EIO;
	}
	if (nvmx_basic_mem_type(basic) != MTRR_TYPE_WRBACK) {
		pr_err("IA32_VMX_BASIC 0x%016llx: VMCS memory type not WB\n",
		       basic);
		return -EIO;
	}
	return 0;
}

/**
 * nvmx_caps_init() - snapshot the VMX capability MSRs
 *
 * Reads the MSRs of SDM Vol. 3D appendix A on every online CPU into
 * nvmx_vmx_caps, skipping those the earlier MSRs say do not exist.
 * Logs one line and fails if an MSR cannot be read, if the CPUs
 * disagree, or if IA32_VMX_BASIC asks for what nvmx does not support.
 *
 * Return: 0 on success, -EIO or the smp_call_function_single() error.
 */
int nvmx_caps_init(void)
{
	int ret;

	/* The pure decoders agree with the kernel's own definitions. */
	BUILD_BUG_ON(!nvmx_basic_true_ctls(VMX_BASIC_TRUE_CTLS));
	BUILD_BUG_ON(!nvmx_basic_ins_outs(VMX_BASIC_INOUT));

	cpus_read_lock();
	ret = nvmx_caps_read_all();
	cpus_read_unlock();
	if (ret)
		return ret;
	return nvmx_caps_check_basic(nvmx_vmx_caps.basic);
}

static int nvmx_caps_show(struct seq_file *s, void *unused)
{
	const struct nvmx_caps_msr *m;
	u64 basic = nvmx_vmx_caps.basic;
	size_t i;

	for (i = 0; i < NVMX_CAPS_NR; i++) {
		m = &nvmx_caps_msrs[i];
		seq_printf(s, "%s 0x%016llx\n", m->name,
			   nvmx_caps_get(&nvmx_vmx_caps, m));
	}
	seq_printf(s, "revision_id 0x%08x\n", nvmx_basic_revision_id(basic));
	seq_printf(s, "vmcs_size %u\n", nvmx_basic_vmcs_size(basic));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nvmx_caps);

/**
 * nvmx_caps_debugfs_init() - create the debugfs file "caps"
 * @dir: nvmx's debugfs directory
 *
 * One "NAME 0x%016llx" line per capability MSR (0 if it does not exist),
 * then "revision_id 0x%08x" and "vmcs_size %u".
 */
void nvmx_caps_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("caps", 0444, dir, NULL, &nvmx_caps_fops);
}
