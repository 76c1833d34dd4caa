// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx selftests: src/nested/entry_checks.h built for the host side of a
 * test (see include/nvmx_entry_model.h).  The kernel types and encodings
 * the pure header needs come from selftests/unit/nested_shim.h, as for
 * the unit test of the same header; the VMCS encodings of the field
 * table from nvmx_vmcs_enc.h, generated from the kernel's asm/vmx.h.
 */
#include <errno.h>
#include <stddef.h>

#include "nested_shim.h"
#include "entry_checks.h"
#include "nvmx_vmcs_enc.h"
#include "nvmx_entry_model.h"

const struct nvmx_model_field nvmx_model_fields[] = {
#define NVMX_VMCS_FIELD(enc, shadow)	{ NVMX_ENC_##enc, shadow, #enc },
#include "vmcs_fields.h"
#undef NVMX_VMCS_FIELD
};

const unsigned int nvmx_model_nr_fields = ARRAY_SIZE(nvmx_model_fields);

_Static_assert(ARRAY_SIZE(nvmx_model_fields) == NVMX_NR_VMCS_FIELDS,
	       "one row per vmcs12 field");
_Static_assert((int)NVMX_MODEL_HIDDEN == (int)NVMX_SHADOW_HIDDEN &&
	       (int)NVMX_MODEL_TRAPPED == (int)NVMX_SHADOW_NONE &&
	       (int)NVMX_MODEL_RO == (int)NVMX_SHADOW_RO &&
	       (int)NVMX_MODEL_RW == (int)NVMX_SHADOW_RW, "access classes");

static const char *const nvmx_model_checks[] = {
#define NVMX_NESTED_CHECK(name)	#name,
#include <linux/nvmx_nested_checks.h>
#undef NVMX_NESTED_CHECK
};

int nvmx_model_row(uint32_t enc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nvmx_model_fields); i++)
		if (nvmx_model_fields[i].enc == enc)
			return (int)i;
	return -1;
}

const char *nvmx_model_check_name(int id)
{
	if (id < 0 || id >= (int)ARRAY_SIZE(nvmx_model_checks))
		return "?";
	return nvmx_model_checks[id];
}

int nvmx_model_entry(const uint64_t *vals, const struct nvmx_model_caps *mc,
		     const struct nvmx_model_ctx *mx,
		     struct nvmx_model_result *res)
{
	struct nvmx_nested_caps caps = {
		.basic = mc->basic, .pinbased = mc->pinbased,
		.procbased = mc->procbased, .exit = mc->exit,
		.entry = mc->entry, .true_pinbased = mc->true_pinbased,
		.true_procbased = mc->true_procbased,
		.true_exit = mc->true_exit, .true_entry = mc->true_entry,
		.misc = mc->misc, .cr0_fixed0 = mc->cr0_fixed0,
		.cr0_fixed1 = mc->cr0_fixed1, .cr4_fixed0 = mc->cr4_fixed0,
		.cr4_fixed1 = mc->cr4_fixed1, .vmcs_enum = mc->vmcs_enum,
		.procbased2 = mc->procbased2,
		.ept_vpid_cap = mc->ept_vpid_cap,
	};
	struct nvmx_entry_ctx ctx = {
		.maxphyaddr = mx->maxphyaddr, .va_bits = mx->va_bits,
		.l1_lma = mx->l1_lma, .efer_ok = mx->efer_ok,
		.debugctl_ok = mx->debugctl_ok, .rtm = mx->rtm,
		.vmcs12_ptr = mx->vmcs12_ptr, .in_mem = mx->in_mem,
		.read = mx->read, .opaque = mx->opaque,
	};
	struct nvmx_check_failure fail = {};
	struct nvmx_vmcs12 v;
	unsigned int i;
	int ret;

	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		v.f[i] = vals[i];
	ret = nvmx_entry_check(&v, &caps, &ctx, &fail);
	if (ret < 0)
		return ret;
	res->qual = 0;
	res->check = -1;
	res->error = 0;
	res->outcome = NVMX_MODEL_ENTERS;
	if (!ret)
		return 0;
	res->outcome = fail.kind == NVMX_CHECK_VMFAIL ? NVMX_MODEL_VMFAIL :
							NVMX_MODEL_EXIT;
	res->error = fail.error;
	res->qual = fail.qual;
	res->check = (int)fail.check;
	return 0;
}

uint64_t nvmx_model_msr_list_max(const struct nvmx_model_caps *mc)
{
	struct nvmx_nested_caps caps = { .misc = mc->misc };

	return nvmx_entry_msr_list_max(&caps);
}

bool nvmx_model_msr_entry_ok(uint32_t index, uint32_t rsvd)
{
	return nvmx_entry_msr_ok(index, rsvd);
}
