/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest register state: KVM_GET/SET_REGS, KVM_GET/SET_SREGS and the
 * CR0/CR4/EFER helpers core's VMCS setup and CR-access exits use.
 *
 * Every function taking a vCPU here needs its VMCS current
 * (nvmx_vcpu_load()), except the ioctls, which take it themselves.
 */
#ifndef NVMX_REGS_H
#define NVMX_REGS_H

#include <linux/types.h>

struct nvmx_vcpu;

unsigned long nvmx_read_cr0(struct nvmx_vcpu *vcpu);
unsigned long nvmx_read_cr4(struct nvmx_vcpu *vcpu);
u64 nvmx_get_efer(struct nvmx_vcpu *vcpu);
void nvmx_set_efer(struct nvmx_vcpu *vcpu, u64 efer);
void nvmx_load_cr0(struct nvmx_vcpu *vcpu, unsigned long cr0);
void nvmx_load_cr4(struct nvmx_vcpu *vcpu, unsigned long cr4);
int nvmx_set_cr0(struct nvmx_vcpu *vcpu, unsigned long cr0);
int nvmx_set_cr4(struct nvmx_vcpu *vcpu, unsigned long cr4);
int nvmx_load_pdptrs(struct nvmx_vcpu *vcpu, unsigned long cr3);

#endif /* NVMX_REGS_H */
