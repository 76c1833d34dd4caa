// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, unconditional exits: CPUID, INVD, VMX instructions and
 * VMCALL in L2 always exit to L1, whatever L1's controls (SDM Vol. 3C
 * 26.1.2), here with the fewest controls L1 may set.  L2 runs one of
 * each; L1 records the exit reasons in order, with the instruction
 * lengths, and skips each instruction.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

static struct vmx_l1 l1;
static uint64_t reasons[4], lengths[4];

static void l2_guest(void)
{
	uint64_t field = GUEST_RIP, v = 0;
	uint32_t a, b, c, d;

	guest_cpuid(0, 0, &a, &b, &c, &d);
	__asm__ volatile("invd" : : : "memory");
	__asm__ volatile("vmread %1, %0" : "+r"(v) : "r"(field) : "cc");
	l2_vmcall(0);
}

static void l1_guest(void)
{
	int i;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	for (i = 0; i < 4; i++) {
		reasons[i] = vmx_run_l2_reason(&l1);
		lengths[i] = vmreadz(VM_EXIT_INSTRUCTION_LEN);
		vmx_skip_insn();
	}
	GUEST_DONE();
}

TEST(cpuid_invd_vmread_vmcall_exit_to_l1)
{
	static const uint64_t want[4] = {
		EXIT_REASON_CPUID, EXIT_REASON_INVD, EXIT_REASON_VMREAD,
		EXIT_REASON_VMCALL,
	};
	static const uint64_t want_len[4] = { 2, 2, 3, 3 };
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	int i;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	test_vcpu_run_done(vcpu);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(want[i], test_guest_global(vm, reasons)[i]);
		EXPECT_EQ(want_len[i], test_guest_global(vm, lengths)[i]);
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
