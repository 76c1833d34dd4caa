// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, interrupt window: with "interrupt-window exiting" set by
 * L1, L2 exits to L1 at the first instruction boundary where RFLAGS.IF =
 * 1 and there is no STI or MOV SS blocking (SDM Vol. 3C 26.7.5).  L2
 * starts with IF = 0 and executes STI; NOP: the exit comes after the NOP
 * (the STI shadow covers it), not before.  Without the control L2 runs
 * on to its VMCALL.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

static struct vmx_l1 l1;
static bool window_exiting;
static uint64_t l1_window_exits, l1_window_rip, l1_window_rflags;
extern const char l2_after_sti_nop[];

static void l2_guest(void)
{
	__asm__ volatile("sti\n\t"
			 "nop\n"
			 ".globl l2_after_sti_nop\n"
			 "l2_after_sti_nop:\n\t"
			 "cli" : : : "memory");
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest,
			 window_exiting ? CPU_INTR_WINDOW_EXITING : 0, 0);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_INTERRUPT_WINDOW) {
		l1_window_exits++;
		l1_window_rip = vmreadz(GUEST_RIP);
		l1_window_rflags = vmreadz(GUEST_RFLAGS);
		/* Open the window no more: L2 goes on. */
		vmwritez(CPU_BASED_VM_EXEC_CONTROL,
			 vmreadz(CPU_BASED_VM_EXEC_CONTROL) &
			 ~CPU_INTR_WINDOW_EXITING);
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool exiting)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	window_exiting = exiting;
	test_sync_global_to_guest(vm, window_exiting);
	test_vcpu_run_done(vcpu);
	if (exiting) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_window_exits));
		EXPECT_EQ((uint64_t)(uintptr_t)l2_after_sti_nop,
			  test_guest_global(vm, l1_window_rip));
		EXPECT_EQ(1ULL << 9, test_guest_global(vm, l1_window_rflags) &
			  (1ULL << 9));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_window_exits));
	}
	test_vm_free(vm);
}

TEST(window_exiting_set_exits_after_sti_shadow)
{
	run(_metadata, true);
}

TEST(window_exiting_clear_does_not_exit)
{
	run(_metadata, false);
}

TEST_HARNESS_MAIN
