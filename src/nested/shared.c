// SPDX-License-Identifier: GPL-2.0
/*
 * The shared strategy: one hardware VMCS page is vmcs12 (L1's shadow
 * VMCS, linked from vmcs01) while L1 runs and vmcs02 while L2 runs
 * (Documentation/nested.md).
 *
 * While L1 runs, vmcs01 has "VMCS shadowing" on from L1's VMXON to its
 * VMXOFF (insn.c), with the VMREAD/VMWRITE bitmaps of vmcs12.c, and its
 * VMCS link pointer is the physical address of L1's current vmcs12 page,
 * or all ones when L1 has no current VMCS: the CPU then answers L1's
 * shadowed VMREAD/VMWRITE with VMfailInvalid itself (SDM Vol. 3C 31.3).
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <asm/vmx.h>

#include "../vcpu.h"
#include "nested.h"

/* ---- vmcs12 role: VMPTRLD, VMCLEAR, trapped VMREAD/VMWRITE [insn] ---- */

/* VMPTRLD passed its checks: the page of @gpa becomes vmcs01's shadow. */
static int nvmx_shared_vmptrld(struct nvmx_vcpu *vcpu, u64 gpa)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *p;

	if (n->current_ptr == gpa && n->cur_page)
		return 0;
	p = nvmx_vmcs12_page_get(vcpu, gpa);
	if (IS_ERR(p))
		return PTR_ERR(p);
	nvmx_vmcs12_unlink(vcpu);
	nvmx_vmcs12_link(vcpu, p);
	n->cur_page = p;
	n->current_ptr = gpa;
	return 0;
}

/* VMCLEAR passed its checks: write back, launch state clear, not current. */
static int nvmx_shared_vmclear(struct nvmx_vcpu *vcpu, u64 gpa)
{
	return nvmx_vmcs12_page_clear(vcpu, gpa);
}

/* A VMREAD that the bitmap sent to L0 (NONE class): from the page. */
static int nvmx_shared_vmread(struct nvmx_vcpu *vcpu, int idx, u64 *val)
{
	*val = nvmx_vmcs12_read(vcpu, vcpu->nested->cur_page, idx);
	return 0;
}

/* A VMWRITE that the bitmap sent to L0 (NONE or RO class): into the page. */
static int nvmx_shared_vmwrite(struct nvmx_vcpu *vcpu, int idx, u64 val)
{
	nvmx_vmcs12_write(vcpu, vcpu->nested->cur_page, idx, val);
	return 0;
}

/* ---- vmcs02 role: entering and leaving L2 [entry] -------------------- */

/*
 * Until branch "entry" brings the real enter/leave, L1's VMLAUNCH and
 * VMRESUME that pass insn.c's checks get VMfailValid(7, "VM entry with
 * invalid control fields").  NOT TO BE MERGED AS IS: entry replaces this
 * section.
 */
static int nvmx_shared_enter(struct nvmx_vcpu *vcpu, bool launch)
{
	nvmx_nested_vmfail(vcpu, VMXERR_ENTRY_INVALID_CONTROL_FIELD);
	return 0;
}

static void nvmx_shared_leave(struct nvmx_vcpu *vcpu)
{
}

const struct nvmx_nested_strategy nvmx_nested_shared = {
	.name = "shared",
	.vmptrld = nvmx_shared_vmptrld,
	.vmclear = nvmx_shared_vmclear,
	.vmread = nvmx_shared_vmread,
	.vmwrite = nvmx_shared_vmwrite,
	.enter = nvmx_shared_enter,
	.leave = nvmx_shared_leave,
};
