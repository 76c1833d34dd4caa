// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, CR0: L1's CR0 guest/host mask and read shadow (SDM Vol.
 * 3C 26.3, 26.1.3).  L1 owns CR0.TS (mask bit 3 set), its read shadow has
 * TS = 1 while L2's real CR0.TS is 0.  Then: L2's MOV from CR0 reads TS
 * from the shadow, without an exit; a MOV to CR0 whose TS equals the
 * shadow's does not exit and leaves the real TS alone; one whose TS
 * differs from the shadow's exits to L1 with the CR-access qualification
 * (CR 0, MOV to CR, register RAX).
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define CR0_TS	(1ULL << 3)

static struct vmx_l1 l1;
static bool write_differs;
static uint64_t l1_exits, l1_qual, l1_rax, l2_cr0_read, guest_cr0_after;

static uint64_t l2_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void l2_guest(void)
{
	uint64_t cr0 = l2_read_cr0();

	l2_cr0_read = cr0;
	/* TS as the shadow has it (1), or the other value (0). */
	cr0 = write_differs ? cr0 & ~CR0_TS : cr0 | CR0_TS;
	__asm__ volatile("mov %0, %%cr0" : : "a"(cr0) : "memory");
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	GUEST_ASSERT_EQ(vmreadz(GUEST_CR0) & CR0_TS, 0);
	vmwritez(CR0_GUEST_HOST_MASK, CR0_TS);
	vmwritez(CR0_READ_SHADOW, vmreadz(GUEST_CR0) | CR0_TS);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_CR_ACCESS) {
		l1_exits++;
		l1_qual = vmreadz(EXIT_QUALIFICATION);
		l1_rax = l1.gprs.rax;
		vmx_skip_insn();
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	guest_cr0_after = vmreadz(GUEST_CR0);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool differs)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	write_differs = differs;
	test_sync_global_to_guest(vm, write_differs);
	test_vcpu_run_done(vcpu);
	/* The read came from the shadow: TS = 1, no exit for it. */
	EXPECT_EQ(CR0_TS, test_guest_global(vm, l2_cr0_read) & CR0_TS);
	/* Either way the real CR0.TS stays 0 (L1 did not emulate the write). */
	EXPECT_EQ(0ULL, test_guest_global(vm, guest_cr0_after) & CR0_TS);
	if (differs) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_exits));
		/* SDM Vol. 3C 28.2.1 table 28-3: CR 0, MOV to CR, RAX (0). */
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_qual));
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_rax) & CR0_TS);
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_exits));
	}
	test_vm_free(vm);
}

TEST(write_same_as_shadow_does_not_exit)
{
	run(_metadata, false);
}

TEST(write_differing_from_shadow_exits)
{
	run(_metadata, true);
}

TEST_HARNESS_MAIN
