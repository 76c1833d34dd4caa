/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest FPU/XSAVE state and XCR0: KVM_GET/SET_FPU, KVM_GET/SET_XSAVE,
 * KVM_GET/SET_XCRS and the XSETBV exit.
 */
#ifndef NVMX_FPU_H
#define NVMX_FPU_H

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <asm/fpu/types.h>

struct nvmx_vcpu;

/**
 * struct nvmx_vcpu_fpu - one vCPU's FPU state
 * @guest_fpu: the kernel's guest fpstate (fpu_alloc_guest_fpstate()),
 *             swapped with the task's by nvmx_fpu_load_guest()/put_guest()
 * @xcr0: guest XCR0 (reset value 1, SDM Vol. 1 13.3)
 * @pkru: PKRU image for the uabi copy helpers; nvmx exposes no PKU, so
 *        it stays 0
 */
struct nvmx_vcpu_fpu {
	struct fpu_guest guest_fpu;
	u64 xcr0;
	u32 pkru;
};

u64 nvmx_fpu_supported_xcr0(void);
int nvmx_fpu_init(struct nvmx_vcpu *vcpu);
void nvmx_fpu_destroy(struct nvmx_vcpu *vcpu);
void nvmx_fpu_load_guest(struct nvmx_vcpu *vcpu);
void nvmx_fpu_put_guest(struct nvmx_vcpu *vcpu);
int nvmx_xsetbv(struct nvmx_vcpu *vcpu, u32 index, u64 value);
long nvmx_fpu_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
		    void __user *argp);

#endif /* NVMX_FPU_H */
