// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, HLT: an L2 HLT exits to L1 exactly when L1 sets "HLT
 * exiting" (SDM Vol. 3C 26.1.3).  Otherwise L0 handles the halt itself:
 * with IF = 0 and no interrupt controller it reaches userspace as
 * KVM_EXIT_HLT, and the next KVM_RUN goes on in L2 after the HLT; L1
 * sees only the VMCALL that follows.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

static struct vmx_l1 l1;
static bool hlt_exiting;
static uint64_t l1_hlt_exits;

static void l2_guest(void)
{
	guest_hlt();
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, hlt_exiting ? CPU_HLT_EXITING : 0, 0);
	/* The control must be what L1 asked for: HLT exiting is not default1. */
	GUEST_ASSERT_EQ(!!(vmreadz(CPU_BASED_VM_EXEC_CONTROL) & CPU_HLT_EXITING),
			hlt_exiting);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_HLT) {
		l1_hlt_exits++;
		GUEST_ASSERT_EQ(vmreadz(VM_EXIT_INSTRUCTION_LEN), 1);
		vmx_skip_insn();
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
	hlt_exiting = exiting;
	test_sync_global_to_guest(vm, hlt_exiting);
	if (!exiting) {
		test_vcpu_run(vcpu);
		test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	}
	test_vcpu_run_done(vcpu);
	EXPECT_EQ(exiting ? 1ULL : 0ULL, test_guest_global(vm, l1_hlt_exits));
	test_vm_free(vm);
}

TEST(hlt_exiting_set_exits_to_l1)
{
	run(_metadata, true);
}

TEST(hlt_exiting_clear_is_l0s)
{
	run(_metadata, false);
}

TEST_HARNESS_MAIN
