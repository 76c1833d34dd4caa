/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest CPUID: KVM_GET_SUPPORTED_CPUID, KVM_SET_CPUID2, KVM_GET_CPUID2
 * and the CPUID exit.
 */
#ifndef NVMX_CPUID_H
#define NVMX_CPUID_H

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <linux/kvm.h>

struct nvmx_vcpu;

/* KVM's limit (KVM_MAX_CPUID_ENTRIES, asm/kvm_host.h, not uapi). */
#define NVMX_MAX_CPUID_ENTRIES	256

/**
 * struct nvmx_cpuid - one vCPU's CPUID table
 * @entries: the table set by KVM_SET_CPUID2 (kvmalloc'ed), NULL if none
 * @nent: number of entries
 * @guest_xcr0: XCR0 bits the guest may enable: CPUID.(0DH,0) EDX:EAX of
 *              the table masked with nvmx_fpu_supported_xcr0()
 * @frozen: set by the run loop before the first VM entry; from then on
 *          KVM_SET_CPUID2 only accepts the identical table (-EINVAL
 *          otherwise), as KVM does after KVM_RUN
 */
struct nvmx_cpuid {
	struct kvm_cpuid_entry2 *entries;
	u32 nent;
	u64 guest_xcr0;
	bool frozen;
};

void nvmx_cpuid_destroy(struct nvmx_cpuid *cpuid);
long nvmx_dev_get_supported_cpuid(void __user *argp);
long nvmx_vcpu_set_cpuid2(struct nvmx_vcpu *vcpu, void __user *argp);
long nvmx_vcpu_get_cpuid2(struct nvmx_vcpu *vcpu, void __user *argp);
int nvmx_cpuid_exit(struct nvmx_vcpu *vcpu);

bool nvmx_guest_cpuid_has(const struct nvmx_vcpu *vcpu, u32 function,
			  u32 index, unsigned int reg, u32 mask);
unsigned int nvmx_guest_maxphyaddr(const struct nvmx_vcpu *vcpu);
void nvmx_cpuid_update_osxsave(struct nvmx_vcpu *vcpu, u64 cr4);
void nvmx_cpuid_update_runtime(struct nvmx_vcpu *vcpu);

/* @reg of nvmx_guest_cpuid_has() */
enum nvmx_cpuid_reg { NVMX_EAX, NVMX_EBX, NVMX_ECX, NVMX_EDX };

#endif /* NVMX_CPUID_H */
