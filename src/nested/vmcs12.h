/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmcs12 as data: the field index of every row of src/vmcs_fields.h and
 * a snapshot of L1's VMCS, one u64 per field.
 *
 * Pure (no kernel headers beyond what it includes itself) so that the
 * rules written over a snapshot (entry_checks.h, route_rules.h) build as
 * host unit tests too.  Everything here derives from the X-macro table:
 * a field added there gets an index, a snapshot slot and a place in the
 * save layout with no other edit.
 */
#ifndef NVMX_NESTED_VMCS12_H
#define NVMX_NESTED_VMCS12_H

/**
 * enum nvmx_vmcs_shadow - what L1 may do with a VMCS field
 * @NVMX_SHADOW_HIDDEN: L0's own field: L1's VMREAD/VMWRITE fail with
 *                      VM-instruction error 12 (SDM Vol. 3C 31.4)
 * @NVMX_SHADOW_NONE: L1 has it; every L1 VMREAD/VMWRITE exits to L0
 * @NVMX_SHADOW_RO: L1 VMREADs it from the shadow VMCS without an exit;
 *                  VMWRITE exits
 * @NVMX_SHADOW_RW: L1 VMREADs and VMWRITEs it in the shadow VMCS without
 *                  an exit
 */
enum nvmx_vmcs_shadow {
	NVMX_SHADOW_HIDDEN,
	NVMX_SHADOW_NONE,
	NVMX_SHADOW_RO,
	NVMX_SHADOW_RW,
};

/* NVMX_F_<name>: the row of field <name> in src/vmcs_fields.h. */
enum nvmx_vmcs_field_idx {
#define NVMX_VMCS_FIELD(enc, shadow)	NVMX_F_##enc,
#include "../vmcs_fields.h"
#undef NVMX_VMCS_FIELD
	NVMX_NR_VMCS_FIELDS
};

/**
 * struct nvmx_vmcs12 - every field of one vmcs12, by table row
 * @f: the values, indexed by enum nvmx_vmcs_field_idx; narrower fields
 *     are zero-extended
 */
struct nvmx_vmcs12 {
	u64 f[NVMX_NR_VMCS_FIELDS];
};

/* Read or write field @name (an asm/vmx.h field name) of snapshot @v. */
#define nvmx_vmcs12_get(v, name)	((v)->f[NVMX_F_##name])
#define nvmx_vmcs12_set(v, name, x)	((v)->f[NVMX_F_##name] = (x))

#endif /* NVMX_NESTED_VMCS12_H */
