/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest CPUID table (KVM_SET_CPUID2) and CPUID exits.
 *
 * Owned by the "state" work; this is the interface of the shared
 * contract only, until that implementation replaces the file.
 */
#ifndef NVMX_CPUID_H
#define NVMX_CPUID_H

#include <linux/types.h>

struct nvmx_vcpu;
struct kvm_cpuid_entry2;

/**
 * struct nvmx_cpuid - the CPUID table set by KVM_SET_CPUID2
 * @nent: number of entries
 * @entries: the entries
 */
struct nvmx_cpuid {
	u32 nent;
	struct kvm_cpuid_entry2 *entries;
};

int nvmx_cpuid_exit(struct nvmx_vcpu *vcpu);
long nvmx_dev_get_supported_cpuid(void __user *argp);

#endif /* NVMX_CPUID_H */
