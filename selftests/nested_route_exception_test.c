// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, exceptions: an exception in L2 exits to L1 exactly when
 * L1's exception bitmap asks for it, and for #PF when the error code
 * matches L1's mask/match rule (SDM Vol. 3C 26.2: with bit 14 set a #PF
 * exits iff (PFEC & PFEC_MASK) == PFEC_MATCH; with bit 14 clear iff they
 * differ).  Otherwise L2's own IDT handler gets it and L1 sees nothing.
 *
 * L2 runs one faulting instruction with the guest runtime's fix-up armed
 * (a #UD: UD2; a #PF: a write to an address L1's page tables, which L2
 * shares, do not map), then VMCALLs.  When L1 gets the exception exit it
 * records the exit information and resumes L2 past the instruction.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define UNMAPPED_GVA	(8ULL << 30)	/* beyond the builder's 4 GiB map */
#define PFEC_W		0x2		/* write, not present, supervisor */

struct cfg {
	uint32_t vector;		/* UD_VECTOR or PF_VECTOR */
	uint32_t bitmap;
	uint32_t pfec_mask, pfec_match;
};

struct result {
	uint64_t l1_exits;		/* EXIT_REASON_EXCEPTION_NMI seen */
	uint64_t intr_info, error_code, qual;
	uint64_t l2_vector;		/* what L2's handler got */
};

static struct vmx_l1 l1;
static struct cfg cfg;
static struct result res;

static void l2_guest(void)
{
	if (cfg.vector == UD_VECTOR)
		res.l2_vector = guest_try("ud2");
	else
		res.l2_vector = guest_try("movq $1, (%0)", "r"(UNMAPPED_GVA));
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	vmwritez(EXCEPTION_BITMAP, cfg.bitmap);
	vmwritez(PAGE_FAULT_ERROR_CODE_MASK, cfg.pfec_mask);
	vmwritez(PAGE_FAULT_ERROR_CODE_MATCH, cfg.pfec_match);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_EXCEPTION_NMI) {
		res.l1_exits++;
		res.intr_info = vmreadz(VM_EXIT_INTR_INFO);
		res.error_code = vmreadz(VM_EXIT_INTR_ERROR_CODE);
		res.qual = vmreadz(EXIT_QUALIFICATION);
		vmx_l2_resume_at_fixup(&l1);
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

FIXTURE(route) {
	int unused;
};

FIXTURE_SETUP(route)
{
}

FIXTURE_TEARDOWN(route)
{
}

FIXTURE_VARIANT(route) {
	struct cfg cfg;
	bool exits;
};

FIXTURE_VARIANT_ADD(route, ud_bitmap_bit6_set_exits) {
	.cfg = { .vector = UD_VECTOR, .bitmap = 1U << UD_VECTOR },
	.exits = true,
};

FIXTURE_VARIANT_ADD(route, ud_bitmap_bit6_clear_goes_to_l2) {
	.cfg = { .vector = UD_VECTOR, .bitmap = ~(1U << UD_VECTOR) },
	.exits = false,
};

FIXTURE_VARIANT_ADD(route, pf_bit14_set_match_exits) {
	.cfg = { .vector = PF_VECTOR, .bitmap = 1U << PF_VECTOR,
		 .pfec_mask = PFEC_W, .pfec_match = PFEC_W },
	.exits = true,
};

FIXTURE_VARIANT_ADD(route, pf_bit14_set_mismatch_goes_to_l2) {
	.cfg = { .vector = PF_VECTOR, .bitmap = 1U << PF_VECTOR,
		 .pfec_mask = PFEC_W, .pfec_match = 0 },
	.exits = false,
};

FIXTURE_VARIANT_ADD(route, pf_bit14_clear_mismatch_exits) {
	.cfg = { .vector = PF_VECTOR, .bitmap = 0,
		 .pfec_mask = PFEC_W, .pfec_match = 0 },
	.exits = true,
};

FIXTURE_VARIANT_ADD(route, pf_bit14_clear_match_goes_to_l2) {
	.cfg = { .vector = PF_VECTOR, .bitmap = 0,
		 .pfec_mask = 0, .pfec_match = 0 },
	.exits = false,
};

TEST_F(route, exception)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	struct result r;
	bool pf = variant->cfg.vector == PF_VECTOR;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	test_vcpu_run_done(vcpu);
	r = test_guest_global(vm, res);
	if (variant->exits) {
		EXPECT_EQ(1ULL, r.l1_exits);
		/* SDM Vol. 3C 25.9.2: valid, hardware exception, vector. */
		EXPECT_EQ(INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
			  (pf ? INTR_INFO_DELIVER_CODE : 0) | variant->cfg.vector,
			  r.intr_info & ~(1ULL << 12));
		if (pf) {
			EXPECT_EQ((uint64_t)PFEC_W, r.error_code);
			EXPECT_EQ(UNMAPPED_GVA, r.qual);	/* 28.2.1 */
		}
		EXPECT_EQ(NVMX_NO_FAULT, r.l2_vector);
	} else {
		EXPECT_EQ(0ULL, r.l1_exits);
		EXPECT_EQ((uint64_t)variant->cfg.vector, r.l2_vector);
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
