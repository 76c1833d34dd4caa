// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, instruction-specific controls (SDM Vol. 3C 26.1.3): an
 * L2 INVLPG, PAUSE or MOV to CR3 exits to L1 exactly when L1 sets the
 * matching control ("INVLPG exiting", "PAUSE exiting", "CR3-load
 * exiting"), and a MOV to CR3 whose value is in L1's CR3-target list
 * does not exit even then.  L1 records the exit (reason, qualification)
 * and skips the instruction; without an exit L1 sees only the VMCALL.
 * The CR3-target case needs a CR3-target value (IA32_VMX_MISC[24:16] >
 * 0, SDM Vol. 3C 25.6.7; KVM offers L1 none).  Without one the case
 * checks that VMWRITE to CR3_TARGET_VALUE0 is VMfail 12 (unsupported
 * VMCS component, what kvm_intel answers: the field does not exist for
 * L1) and skips.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define INVLPG_GVA	0x123000ULL

enum insn { I_INVLPG, I_PAUSE, I_MOV_CR3 };

struct cfg {
	enum insn insn;
	uint32_t proc;
	bool cr3_target;	/* L2's CR3 is CR3-target value 0 */
};

static struct vmx_l1 l1;
static struct cfg cfg;
static uint64_t l1_exits, l1_reason, l1_qual, l1_cr3_targets;
static int l1_target_write;

static void l2_guest(void)
{
	uint64_t cr3;

	switch (cfg.insn) {
	case I_INVLPG:
		__asm__ volatile("invlpg (%0)" : : "r"(INVLPG_GVA) : "memory");
		break;
	case I_PAUSE:
		__asm__ volatile("pause");
		break;
	case I_MOV_CR3:
		cr3 = guest_read_cr3();
		__asm__ volatile("mov %0, %%cr3" : : "a"(cr3) : "memory");
		break;
	}
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, cfg.proc, 0);
	/* The controls are what L1 asked for (TRUE controls allow 0). */
	GUEST_ASSERT_EQ(vmreadz(CPU_BASED_VM_EXEC_CONTROL) &
			(CPU_INVLPG_EXITING | CPU_PAUSE_EXITING |
			 CPU_CR3_LOAD_EXITING), cfg.proc);
	if (cfg.cr3_target) {
		l1_cr3_targets = (l1.misc >> 16) & 0x1ff;
		l1_target_write = vmx_vmwrite(CR3_TARGET_VALUE0, guest_read_cr3());
		if (!l1_cr3_targets)
			GUEST_DONE();
		GUEST_ASSERT_EQ(l1_target_write, VMX_OK);
		vmwritez(CR3_TARGET_COUNT, 1);
	}
	reason = vmx_run_l2_reason(&l1);
	if (reason != EXIT_REASON_VMCALL) {
		l1_exits++;
		l1_reason = reason;
		l1_qual = vmreadz(EXIT_QUALIFICATION);
		vmx_skip_insn();
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
	uint64_t reason, qual;	/* reason 0: no exit to L1 */
};

FIXTURE_VARIANT_ADD(route, invlpg_exiting_set_exits) {
	.cfg = { .insn = I_INVLPG, .proc = CPU_INVLPG_EXITING },
	.reason = EXIT_REASON_INVLPG, .qual = INVLPG_GVA,	/* 28.2.1 */
};

FIXTURE_VARIANT_ADD(route, invlpg_exiting_clear_no_exit) {
	.cfg = { .insn = I_INVLPG },
};

FIXTURE_VARIANT_ADD(route, pause_exiting_set_exits) {
	.cfg = { .insn = I_PAUSE, .proc = CPU_PAUSE_EXITING },
	.reason = EXIT_REASON_PAUSE_INSTRUCTION,
};

FIXTURE_VARIANT_ADD(route, pause_exiting_clear_no_exit) {
	.cfg = { .insn = I_PAUSE },
};

/* Qualification: CR 3, MOV to CR (0), register RAX (0): 3. */
FIXTURE_VARIANT_ADD(route, cr3_load_exiting_set_exits) {
	.cfg = { .insn = I_MOV_CR3, .proc = CPU_CR3_LOAD_EXITING },
	.reason = EXIT_REASON_CR_ACCESS, .qual = 3,
};

FIXTURE_VARIANT_ADD(route, cr3_load_exiting_target_value_no_exit) {
	.cfg = { .insn = I_MOV_CR3, .proc = CPU_CR3_LOAD_EXITING,
		 .cr3_target = true },
};

FIXTURE_VARIANT_ADD(route, cr3_load_exiting_clear_no_exit) {
	.cfg = { .insn = I_MOV_CR3 },
};

TEST_F(route, insn)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	test_vcpu_run_done(vcpu);
	if (variant->cfg.cr3_target && !test_guest_global(vm, l1_cr3_targets)) {
		EXPECT_EQ(VMFAIL_VALID(VMXERR_UNSUPPORTED_FIELD),
			  test_guest_global(vm, l1_target_write));
		test_vm_free(vm);
		SKIP(return, "no CR3-target values for L1 (VMWRITE: VMfail 12)");
	}
	if (variant->reason) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_exits));
		EXPECT_EQ(variant->reason, test_guest_global(vm, l1_reason));
		EXPECT_EQ(variant->qual, test_guest_global(vm, l1_qual));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_exits));
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
