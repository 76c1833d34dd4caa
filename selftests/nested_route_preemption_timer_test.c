// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, VMX-preemption timer: with "activate VMX-preemption
 * timer" set by L1 and a timer value of 0, L2 exits to L1 before it
 * executes any instruction (SDM Vol. 3C 26.5.1, 27.7.4), with reason
 * EXIT_REASON_PREEMPTION_TIMER and GUEST_RIP still L2's entry point.
 * Without the control L2 runs to its VMCALL.  When the CPU offered to L1
 * has no preemption timer (pin-based allowed-1 bit 6 clear) the test
 * skips.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

static struct vmx_l1 l1;
static bool timer;
static uint64_t l1_timer_exits, l1_timer_rip, l1_has_timer;

static void l2_guest(void)
{
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint64_t pin;
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	l1_has_timer = (guest_rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS) >> 32) &
		       PIN_PREEMPTION_TIMER;
	if (!l1_has_timer)
		GUEST_DONE();
	if (timer) {
		pin = vmreadz(PIN_BASED_VM_EXEC_CONTROL);
		vmwritez(PIN_BASED_VM_EXEC_CONTROL, pin | PIN_PREEMPTION_TIMER);
		vmwritez(VMX_PREEMPTION_TIMER_VALUE, 0);
	}
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_PREEMPTION_TIMER) {
		l1_timer_exits++;
		l1_timer_rip = vmreadz(GUEST_RIP);
		vmwritez(PIN_BASED_VM_EXEC_CONTROL,
			 vmreadz(PIN_BASED_VM_EXEC_CONTROL) &
			 ~PIN_PREEMPTION_TIMER);
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool on)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	timer = on;
	test_sync_global_to_guest(vm, timer);
	test_vcpu_run_done(vcpu);
	if (!test_guest_global(vm, l1_has_timer)) {
		test_vm_free(vm);
		SKIP(return, "no VMX-preemption timer for L1");
	}
	if (on) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_timer_exits));
		EXPECT_EQ((uint64_t)(uintptr_t)l2_guest,
			  test_guest_global(vm, l1_timer_rip));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_timer_exits));
	}
	test_vm_free(vm);
}

TEST(timer_zero_exits_before_the_first_l2_instruction)
{
	run(_metadata, true);
}

TEST(timer_off_does_not_exit)
{
	run(_metadata, false);
}

TEST_HARNESS_MAIN
