/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest MSRs: RDMSR/WRMSR exits, KVM_GET/SET_MSRS, KVM_GET_MSR_INDEX_LIST.
 * The set nvmx defines is documented in Documentation/msrs.md and in the
 * table at the top of src/msr.c.
 */
#ifndef NVMX_MSR_H
#define NVMX_MSR_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct nvmx_vcpu;

/* Variable-range MTRR pairs (MTRRcap.VCNT), as KVM_NR_VAR_MTRR. */
#define NVMX_NR_VAR_MTRR	8
/* Fixed-range MTRRs: one 64K, two 16K, eight 4K (SDM Vol. 3A 13.11.2.2). */
#define NVMX_NR_FIXED_MTRR	11

/**
 * struct nvmx_guest_msrs - guest MSRs that do not live in the VMCS
 * @star: IA32_STAR (swapped by core around VM entry/exit)
 * @lstar: IA32_LSTAR (swapped)
 * @cstar: IA32_CSTAR (swapped)
 * @sfmask: IA32_FMASK (swapped)
 * @kernel_gs_base: IA32_KERNEL_GS_BASE (swapped)
 * @tsc_aux: IA32_TSC_AUX (swapped)
 * @tsc_offset: VMCS TSC offset (guest TSC = host TSC + offset); copy of
 *              the VMCS field, written there by nvmx_msr_set()/reset()
 * @misc_enable: IA32_MISC_ENABLE
 * @apic_base: IA32_APIC_BASE (value only: no in-kernel local APIC)
 * @feature_control: IA32_FEATURE_CONTROL
 * @mtrr_deftype: IA32_MTRR_DEF_TYPE
 * @mtrr_fixed: the fixed-range MTRRs, in MSR number order
 * @mtrr_var: PHYSBASE0, PHYSMASK0, ... PHYSMASK7
 * @mcg_status: IA32_MCG_STATUS
 * @mcg_ctl: IA32_MCG_CTL (only 0: MCG_CAP.MCG_CTL_P is clear)
 * @cr8: CR8 (task priority) while there is no in-kernel local APIC
 * @cr2: guest CR2, which VMX does not switch (SDM Vol. 3C 28.5): core
 *       loads it before VM entry and saves it after VM exit
 *
 * Core uses the same type for the host values of the swapped MSRs.
 */
struct nvmx_guest_msrs {
	u64 star;
	u64 lstar;
	u64 cstar;
	u64 sfmask;
	u64 kernel_gs_base;
	u64 tsc_aux;
	u64 tsc_offset;
	u64 misc_enable;
	u64 apic_base;
	u64 feature_control;
	u64 mtrr_deftype;
	u64 mtrr_fixed[NVMX_NR_FIXED_MTRR];
	u64 mtrr_var[2 * NVMX_NR_VAR_MTRR];
	u64 mcg_status;
	u64 mcg_ctl;
	u64 cr8;
	u64 cr2;
};

void nvmx_msr_reset(struct nvmx_vcpu *vcpu);
int nvmx_msr_get(struct nvmx_vcpu *vcpu, u32 index, u64 *data, bool host);
int nvmx_msr_set(struct nvmx_vcpu *vcpu, u32 index, u64 data, bool host);
long nvmx_vcpu_msrs_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
			  void __user *argp);
long nvmx_dev_get_msr_index_list(void __user *argp);

#endif /* NVMX_MSR_H */
