// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, CR4: L1's CR4 guest/host mask and read shadow (SDM Vol.
 * 3C 26.3, 26.1.3).  L1 owns CR4.TSD (mask bit 2 set), its read shadow
 * has TSD = 1 and PCE = 1 while L2's real CR4 has both 0.  Then: L2's MOV
 * from CR4 reads TSD from the shadow and PCE (not owned) from the real
 * CR4, without an exit; a MOV to CR4 whose TSD equals the shadow's does
 * not exit and leaves the real TSD alone, also when it changes the
 * unowned PCE (which then reaches the real CR4); one whose TSD differs
 * from the shadow's exits to L1 with the CR-access qualification (CR 4,
 * MOV to CR, register RAX).
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define CR4_TSD	(1ULL << 2)
#define CR4_PCE	(1ULL << 8)

enum write { W_OWNED_SAME, W_UNOWNED_ONLY, W_OWNED_DIFFERS };

static struct vmx_l1 l1;
static enum write write_kind;
static uint64_t l1_exits, l1_qual, l1_rax, l2_cr4_read, guest_cr4_after;

static void l2_guest(void)
{
	uint64_t cr4 = guest_read_cr4();

	l2_cr4_read = cr4;
	switch (write_kind) {
	case W_OWNED_SAME:	/* TSD as the shadow has it (1) */
		break;
	case W_UNOWNED_ONLY:	/* TSD as the shadow, PCE 0 -> 1 */
		cr4 |= CR4_PCE;
		break;
	case W_OWNED_DIFFERS:	/* TSD 0, the shadow has 1 */
		cr4 &= ~CR4_TSD;
		break;
	}
	__asm__ volatile("mov %0, %%cr4" : : "a"(cr4) : "memory");
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	GUEST_ASSERT_EQ(vmreadz(GUEST_CR4) & (CR4_TSD | CR4_PCE), 0);
	vmwritez(CR4_GUEST_HOST_MASK, CR4_TSD);
	vmwritez(CR4_READ_SHADOW, vmreadz(GUEST_CR4) | CR4_TSD | CR4_PCE);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_CR_ACCESS) {
		l1_exits++;
		l1_qual = vmreadz(EXIT_QUALIFICATION);
		l1_rax = l1.gprs.rax;
		vmx_skip_insn();
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	guest_cr4_after = vmreadz(GUEST_CR4);
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
	enum write write;
	uint64_t exits;
	uint64_t cr4_after;	/* real CR4 & (TSD | PCE) after L2's write */
};

FIXTURE_VARIANT_ADD(route, write_owned_same_as_shadow_no_exit) {
	.write = W_OWNED_SAME,
};

FIXTURE_VARIANT_ADD(route, write_unowned_only_no_exit) {
	.write = W_UNOWNED_ONLY, .cr4_after = CR4_PCE,
};

FIXTURE_VARIANT_ADD(route, write_owned_differing_from_shadow_exits) {
	.write = W_OWNED_DIFFERS, .exits = 1,
};

TEST_F(route, cr4)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	write_kind = variant->write;
	test_sync_global_to_guest(vm, write_kind);
	test_vcpu_run_done(vcpu);
	/* The read: TSD from the shadow (1), PCE from the real CR4 (0). */
	EXPECT_EQ(CR4_TSD, test_guest_global(vm, l2_cr4_read) &
			   (CR4_TSD | CR4_PCE));
	/* The real TSD stays 0 (L1 did not emulate the write). */
	EXPECT_EQ(variant->cr4_after, test_guest_global(vm, guest_cr4_after) &
				      (CR4_TSD | CR4_PCE));
	EXPECT_EQ(variant->exits, test_guest_global(vm, l1_exits));
	if (variant->exits) {
		/* SDM Vol. 3C 28.2.1 table 28-3: CR 4, MOV to CR, RAX (0). */
		EXPECT_EQ(4ULL, test_guest_global(vm, l1_qual));
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_rax) & CR4_TSD);
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
