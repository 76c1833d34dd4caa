/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCS setup: controls, host state, guest reset state, debug dump.
 */
#ifndef NVMX_VMCS_H
#define NVMX_VMCS_H

#include <linux/types.h>

#include "nested/vmcs12.h"

struct nvmx_vcpu;

/**
 * struct nvmx_vmcs_field - one row of the VMCS field table (vmcs_fields.h)
 * @enc: the field encoding (asm/vmx.h)
 * @shadow: enum nvmx_vmcs_shadow
 * @name: the asm/vmx.h name
 */
struct nvmx_vmcs_field {
	u32 enc;
	u8 shadow;
	const char *name;
};

/* The table, indexed by enum nvmx_vmcs_field_idx. */
extern const struct nvmx_vmcs_field nvmx_vmcs_fields[NVMX_NR_VMCS_FIELDS];

/* SDM Vol. 3C 25.11.2: bits 14:13 of an encoding give the field's width. */
#define NVMX_VMCS_WIDTH(enc)		(((enc) >> 13) & 3)
#define NVMX_VMCS_WIDTH_16		0
#define NVMX_VMCS_WIDTH_64		1
#define NVMX_VMCS_WIDTH_32		2
#define NVMX_VMCS_WIDTH_NATURAL		3
/* SDM Vol. 3C 25.11.2: bits 11:10 give its type; 1 is read-only data. */
#define NVMX_VMCS_TYPE(enc)		(((enc) >> 10) & 3)
#define NVMX_VMCS_TYPE_RO		1

int nvmx_vmcs_field_index(u32 enc);

/* SDM Vol. 3C 25.2: bit 31 of a VMCS region's first word, the shadow-VMCS indicator. */
#define NVMX_VMCS_SHADOW_INDICATOR	BIT(31)

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
