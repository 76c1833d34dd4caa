/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshot of the VMX capability MSRs (SDM Vol. 3D appendix A), taken
 * once at module load and identical on every CPU.
 */
#ifndef NVMX_VMX_CAPS_H
#define NVMX_VMX_CAPS_H

#include <linux/types.h>
#include <asm/vmx.h>

#include "vmx_caps_decode.h"

struct dentry;

/**
 * struct nvmx_vmx_caps - VMX capability MSRs; 0 where the MSR does not exist
 * @basic: IA32_VMX_BASIC (A.1)
 * @pinbased: IA32_VMX_PINBASED_CTLS (A.3.1)
 * @procbased: IA32_VMX_PROCBASED_CTLS (A.3.2)
 * @exit: IA32_VMX_EXIT_CTLS (A.4)
 * @entry: IA32_VMX_ENTRY_CTLS (A.5)
 * @misc: IA32_VMX_MISC (A.6)
 * @cr0_fixed0: IA32_VMX_CR0_FIXED0 (A.7)
 * @cr0_fixed1: IA32_VMX_CR0_FIXED1 (A.7)
 * @cr4_fixed0: IA32_VMX_CR4_FIXED0 (A.8)
 * @cr4_fixed1: IA32_VMX_CR4_FIXED1 (A.8)
 * @vmcs_enum: IA32_VMX_VMCS_ENUM (A.9)
 * @procbased2: IA32_VMX_PROCBASED_CTLS2, if primary allowed-1 bit 31 (A.3.3)
 * @ept_vpid_cap: IA32_VMX_EPT_VPID_CAP, if EPT or VPID may be 1 (A.10)
 * @true_pinbased: IA32_VMX_TRUE_PINBASED_CTLS, if BASIC bit 55 (A.3.1)
 * @true_procbased: IA32_VMX_TRUE_PROCBASED_CTLS, if BASIC bit 55 (A.3.2)
 * @true_exit: IA32_VMX_TRUE_EXIT_CTLS, if BASIC bit 55 (A.4)
 * @true_entry: IA32_VMX_TRUE_ENTRY_CTLS, if BASIC bit 55 (A.5)
 * @vmfunc: IA32_VMX_VMFUNC, if "enable VM functions" may be 1 (A.11)
 * @procbased3: IA32_VMX_PROCBASED_CTLS3, if primary allowed-1 bit 17 (A.3.4)
 */
struct nvmx_vmx_caps {
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 exit;
	u64 entry;
	u64 misc;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
	u64 vmcs_enum;
	u64 procbased2;
	u64 ept_vpid_cap;
	u64 true_pinbased;
	u64 true_procbased;
	u64 true_exit;
	u64 true_entry;
	u64 vmfunc;
	u64 procbased3;
};

extern struct nvmx_vmx_caps nvmx_vmx_caps;

int nvmx_caps_init(void);
void nvmx_caps_debugfs_init(struct dentry *dir);

/**
 * nvmx_cpu_has_secondary() - may a secondary processor-based control be 1?
 * @ctl: a SECONDARY_EXEC_* bit
 *
 * SDM Vol. 3D A.3.3: allowed-1 half of IA32_VMX_PROCBASED_CTLS2, which
 * the snapshot holds as 0 when secondary controls do not exist.
 *
 * Return: true if this CPU allows @ctl to be 1.
 */
static inline bool nvmx_cpu_has_secondary(u32 ctl)
{
	return nvmx_ctl_allowed1(nvmx_vmx_caps.procbased2) & ctl;
}

/**
 * nvmx_cpu_has_ept() - does the CPU support EPT?
 *
 * Return: true if "enable EPT" may be 1 (SDM Vol. 3D A.3.3).
 */
static inline bool nvmx_cpu_has_ept(void)
{
	return nvmx_cpu_has_secondary(SECONDARY_EXEC_ENABLE_EPT);
}

/**
 * nvmx_cpu_has_vpid() - does the CPU support VPIDs?
 *
 * Return: true if "enable VPID" may be 1 (SDM Vol. 3D A.3.3).
 */
static inline bool nvmx_cpu_has_vpid(void)
{
	return nvmx_cpu_has_secondary(SECONDARY_EXEC_ENABLE_VPID);
}

/**
 * nvmx_cpu_has_shadow_vmcs() - does the CPU support VMCS shadowing?
 *
 * Return: true if "VMCS shadowing" may be 1 (SDM Vol. 3D A.3.3).
 */
static inline bool nvmx_cpu_has_shadow_vmcs(void)
{
	return nvmx_cpu_has_secondary(SECONDARY_EXEC_SHADOW_VMCS);
}

/**
 * nvmx_cpu_has_unrestricted_guest() - does the CPU support unrestricted guests?
 *
 * Return: true if "unrestricted guest" may be 1 (SDM Vol. 3D A.3.3).
 */
static inline bool nvmx_cpu_has_unrestricted_guest(void)
{
	return nvmx_cpu_has_secondary(SECONDARY_EXEC_UNRESTRICTED_GUEST);
}

/**
 * nvmx_cpu_has_true_ctls() - do the IA32_VMX_TRUE_*_CTLS MSRs exist?
 *
 * Return: true if IA32_VMX_BASIC bit 55 is set (SDM Vol. 3D A.1).
 */
static inline bool nvmx_cpu_has_true_ctls(void)
{
	return nvmx_basic_true_ctls(nvmx_vmx_caps.basic);
}

#endif /* NVMX_VMX_CAPS_H */
