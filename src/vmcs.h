/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCS setup: controls, host state, guest reset state, debug dump.
 */
#ifndef NVMX_VMCS_H
#define NVMX_VMCS_H

#include <linux/types.h>

struct nvmx_vcpu;

/**
 * enum nvmx_vmcs_shadow - shadow-VMCS policy of a field (for nested VMX)
 * @NVMX_SHADOW_NONE: every L1 VMREAD/VMWRITE exits
 * @NVMX_SHADOW_RO: L1 may VMREAD it from the shadow VMCS
 * @NVMX_SHADOW_RW: L1 may VMREAD and VMWRITE it in the shadow VMCS
 */
enum nvmx_vmcs_shadow {
	NVMX_SHADOW_NONE,
	NVMX_SHADOW_RO,
	NVMX_SHADOW_RW,
};

/* The VM-exit landing point in vmenter.S (HOST_RIP). */
extern const u8 nvmx_vmexit[];

int nvmx_vmcs_setup_init(void);
void nvmx_vmcs_setup_exit(void);
unsigned long nvmx_vmcs_cr0_mask(void);
unsigned long nvmx_vmcs_cr4_mask(void);
unsigned long nvmx_vmcs_real_cr0(unsigned long cr0);
unsigned long nvmx_vmcs_real_cr4(unsigned long cr4);
void nvmx_vmcs_init(struct nvmx_vcpu *vcpu);
void nvmx_vmcs_set_host_state(struct nvmx_vcpu *vcpu);
void nvmx_vmcs_dump(void);
void nvmx_set_host_rsp(unsigned long rsp);

#endif /* NVMX_VMCS_H */
