// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, external interrupts: an interrupt for the vCPU (here
 * KVM_INTERRUPT from userspace, the vCPU's "physical" interrupt line)
 * that arrives while L2 runs is L1's business when L1 set "external-
 * interrupt exiting": L2 exits to L1 with exit reason 1 whatever L2's
 * RFLAGS.IF (SDM Vol. 3C 26.2 "Other Causes of VM Exits", 25.6.1 Table
 * 25-5).  With "acknowledge interrupt on exit" the exit acknowledges it
 * and the VM-exit interruption information holds the vector, valid, type
 * external interrupt (SDM Vol. 3C 28.2.2, 25.7.1 Table 25-13); without
 * it that field is invalid and the interrupt stays pending for L1.
 * Without external-interrupt exiting, L2 with IF = 0 does not take it and
 * runs on to its VMCALL.  L1 and L2 keep IF = 0 throughout, so the
 * interrupt is never delivered through an IDT.
 *
 * nvmx only: KVM without an in-kernel irqchip queues a KVM_INTERRUPT as
 * an event already being injected into whatever runs next, L2 here, and
 * does not consult L1's controls (measured in the emulated machine with
 * kvm_intel nested=1: every variant ends in an L2 VM-entry failure,
 * exit 33, because L2 has IF = 0), so it is no oracle for this rule.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define VECTOR		0x4e

static struct vmx_l1 l1;
static bool extint_exiting, ack_on_exit;
static uint64_t l1_extint_exits, l1_exit_intr_info;

static void l2_guest(void)
{
	/* The host queues the interrupt while L2 is stopped here. */
	GUEST_SYNC(1);
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint64_t pin, exit;
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	pin = vmreadz(PIN_BASED_VM_EXEC_CONTROL);
	pin = extint_exiting ? pin | PIN_EXTINT_EXITING :
			       pin & ~PIN_EXTINT_EXITING;
	vmwritez(PIN_BASED_VM_EXEC_CONTROL, pin);
	exit = vmreadz(VM_EXIT_CONTROLS);
	exit = ack_on_exit ? exit | EXIT_ACK_INTR_ON_EXIT :
			     exit & ~EXIT_ACK_INTR_ON_EXIT;
	vmwritez(VM_EXIT_CONTROLS, exit);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_EXTERNAL_INTERRUPT) {
		l1_extint_exits++;
		l1_exit_intr_info = vmreadz(VM_EXIT_INTR_INFO);
		/* Off again: the unacknowledged one must not exit twice. */
		vmwritez(PIN_BASED_VM_EXEC_CONTROL,
			 pin & ~PIN_EXTINT_EXITING);
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool exiting, bool ack)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	if (!vm->is_nvmx) {
		test_vm_free(vm);
		SKIP(return, "KVM_INTERRUPT on KVM ignores L1's controls");
	}
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	extint_exiting = exiting;
	ack_on_exit = ack;
	test_sync_global_to_guest(vm, extint_exiting);
	test_sync_global_to_guest(vm, ack_on_exit);
	test_vcpu_run_sync(vcpu, 1);
	ASSERT_EQ(0, nvmx_interrupt(&vcpu->nv, VECTOR));
	test_vcpu_run_done(vcpu);
	if (!exiting) {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_extint_exits));
	} else {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_extint_exits));
		/* Valid (bit 31), type 0 external interrupt, the vector. */
		EXPECT_EQ(ack ? (uint64_t)(INTR_INFO_VALID | VECTOR) : 0ULL,
			  test_guest_global(vm, l1_exit_intr_info) &
			  (uint64_t)(INTR_INFO_VALID | INTR_INFO_TYPE_MASK |
				     INTR_INFO_VECTOR_MASK));
	}
	test_vm_free(vm);
}

TEST(extint_exiting_with_ack_gives_l1_the_vector)
{
	run(_metadata, true, true);
}

TEST(extint_exiting_without_ack_leaves_it_pending)
{
	run(_metadata, true, false);
}

TEST(extint_exiting_clear_l2_with_if0_runs_on)
{
	run(_metadata, false, false);
}

TEST_HARNESS_MAIN
