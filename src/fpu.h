/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest FPU/XSAVE state and XSETBV.
 *
 * Owned by the "state" work; this is the interface of the shared
 * contract only, until that implementation replaces the file.
 */
#ifndef NVMX_FPU_H
#define NVMX_FPU_H

#include <linux/types.h>
#include <asm/fpu/api.h>

struct nvmx_vcpu;

/**
 * struct nvmx_vcpu_fpu - guest FPU state of one vCPU
 * @guest: the kernel's guest fpstate handle
 * @xcr0: guest XCR0
 */
struct nvmx_vcpu_fpu {
	struct fpu_guest guest;
	u64 xcr0;
};

int nvmx_fpu_init(struct nvmx_vcpu *vcpu);
void nvmx_fpu_destroy(struct nvmx_vcpu *vcpu);
void nvmx_fpu_load_guest(struct nvmx_vcpu *vcpu);
void nvmx_fpu_put_guest(struct nvmx_vcpu *vcpu);
int nvmx_xsetbv(struct nvmx_vcpu *vcpu, u32 index, u64 value);

#endif /* NVMX_FPU_H */
