/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest MSRs outside the VMCS, RDMSR/WRMSR exits, KVM_GET/SET_MSRS.
 *
 * Owned by the "state" work; this is the interface of the shared
 * contract only, until that implementation replaces the file.
 */
#ifndef NVMX_MSR_H
#define NVMX_MSR_H

#include <linux/types.h>

struct nvmx_vcpu;

/**
 * struct nvmx_guest_msrs - guest MSRs that core swaps around VM entry
 * @star: IA32_STAR
 * @lstar: IA32_LSTAR
 * @cstar: IA32_CSTAR
 * @sfmask: IA32_FMASK
 * @kernel_gs_base: IA32_KERNEL_GS_BASE
 * @tsc_aux: IA32_TSC_AUX
 */
struct nvmx_guest_msrs {
	u64 star;
	u64 lstar;
	u64 cstar;
	u64 sfmask;
	u64 kernel_gs_base;
	u64 tsc_aux;
};

int nvmx_msr_get(struct nvmx_vcpu *vcpu, u32 index, u64 *data, bool host);
int nvmx_msr_set(struct nvmx_vcpu *vcpu, u32 index, u64 data, bool host);
long nvmx_dev_get_msr_index_list(void __user *argp);

#endif /* NVMX_MSR_H */
