// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, more instruction-specific controls (SDM Vol. 3C 26.1.3):
 * an L2 RDPMC, MONITOR, MWAIT, MOV to DR0, WBINVD or SGDT exits to L1
 * exactly when L1 sets the matching control ("RDPMC exiting", "MONITOR
 * exiting", "MWAIT exiting", "MOV-DR exiting"; secondary "WBINVD
 * exiting", "descriptor-table exiting").  L1 records the exit (reason,
 * qualification) and skips the instruction; without an exit L0 handles
 * the instruction and L1 sees only the VMCALL.
 *
 * L2 runs each instruction with the fix-up armed and records the vector
 * it raised.  None may fault, except RDPMC without "RDPMC exiting": L0
 * handles it as it handles L1's own RDPMC of counter 0 (nvmx: #GP, no
 * vPMU), so L2 must see what L1 saw.  MONITOR and MWAIT need
 * CPUID.1:ECX.MONITOR[bit 3] in the vCPU's CPUID, the secondary
 * controls need their allowed-1 bit in IA32_VMX_PROCBASED_CTLS2; without
 * them the case skips.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define CPU_MWAIT_EXITING	(1U << 10)
#define CPU_RDPMC_EXITING	(1U << 11)
#define CPU_MOV_DR_EXITING	(1U << 23)
#define CPU_MONITOR_EXITING	(1U << 29)
#define CPU2_DESC_EXITING	(1U << 2)
#define CPU2_WBINVD_EXITING	(1U << 6)
#define CPUID_1_ECX_MONITOR	(1U << 3)

#define SGDT_DISP		0x10

enum insn { I_RDPMC, I_MONITOR, I_MWAIT, I_MOV_DR0, I_WBINVD, I_SGDT };

struct cfg {
	enum insn insn;
	uint32_t proc, proc2;
};

static struct vmx_l1 l1;
static struct cfg cfg;
static uint64_t l1_exits, l1_reason, l1_qual, l1_missing;
static uint64_t l1_rdpmc_vector, l2_vector;
static uint8_t monitor_line[64] __attribute__((aligned(64)));
static uint8_t sgdt_buf[SGDT_DISP + 16];

/* RDPMC of counter 0 with the fix-up armed: the vector, or NVMX_NO_FAULT. */
static uint64_t try_rdpmc0(void)
{
	uint32_t lo, hi;

	nvmx_guest_fault_vector = NVMX_NO_FAULT;
	__asm__ volatile(GUEST_FIXUP_ARM "rdpmc\n\t" GUEST_FIXUP_LABEL
			 : "=a"(lo), "=d"(hi) : "c"(0) : "r11", "memory");
	nvmx_guest_fixup_rip = 0;
	(void)lo;
	(void)hi;
	return nvmx_guest_fault_vector;
}

static void l2_guest(void)
{
	switch (cfg.insn) {
	case I_RDPMC:
		l2_vector = try_rdpmc0();
		break;
	case I_MONITOR:
		l2_vector = guest_try("monitor", "a"(monitor_line), "c"(0),
				      "d"(0));
		break;
	case I_MWAIT:
		l2_vector = guest_try("mwait", "a"(0), "c"(0));
		break;
	case I_MOV_DR0:
		/* RBX: qualification bits 11:8 = 3. */
		l2_vector = guest_try("mov %%rbx, %%db0", "b"(0x1000ULL));
		break;
	case I_WBINVD:
		l2_vector = guest_try("wbinvd", "i"(0));
		break;
	case I_SGDT:
		/* Displacement SGDT_DISP: the qualification (28.2.1). */
		l2_vector = guest_try("sgdt 0x10(%0)", "r"(sgdt_buf));
		break;
	}
	l2_vmcall(0);
}

/* Is what the case needs there?  CPUID of the vCPU, the VMX capabilities. */
static bool l1_has_what_case_needs(void)
{
	uint32_t a, b, c, d;
	uint64_t ctls2 = 0;

	if (cfg.insn == I_MONITOR || cfg.insn == I_MWAIT) {
		guest_cpuid(1, 0, &a, &b, &c, &d);
		return c & CPUID_1_ECX_MONITOR;
	}
	if (!cfg.proc2)
		return true;
	if (guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS) >> 32 &
	    CPU_SECONDARY_CONTROLS)
		ctls2 = guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) >> 32;
	return (ctls2 & cfg.proc2) == cfg.proc2;
}

static void l1_guest(void)
{
	uint32_t reason;

	l1_rdpmc_vector = try_rdpmc0();
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	if (!l1_has_what_case_needs()) {
		l1_missing = 1;
		GUEST_DONE();
	}
	vmx_prepare_vmcs(&l1, l2_guest, cfg.proc, cfg.proc2);
	/* The controls are what L1 asked for (TRUE controls allow 0). */
	GUEST_ASSERT_EQ(vmreadz(CPU_BASED_VM_EXEC_CONTROL) &
			(CPU_RDPMC_EXITING | CPU_MONITOR_EXITING |
			 CPU_MWAIT_EXITING | CPU_MOV_DR_EXITING), cfg.proc);
	if (cfg.proc2)
		GUEST_ASSERT_EQ(vmreadz(SECONDARY_VM_EXEC_CONTROL) &
				(CPU2_DESC_EXITING | CPU2_WBINVD_EXITING),
				cfg.proc2);
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

FIXTURE_VARIANT_ADD(route, rdpmc_exiting_set_exits) {
	.cfg = { .insn = I_RDPMC, .proc = CPU_RDPMC_EXITING },
	.reason = EXIT_REASON_RDPMC,
};

/* L0 handles it as L1's own RDPMC: L2 sees the same vector. */
FIXTURE_VARIANT_ADD(route, rdpmc_exiting_clear_no_exit) {
	.cfg = { .insn = I_RDPMC },
};

FIXTURE_VARIANT_ADD(route, monitor_exiting_set_exits) {
	.cfg = { .insn = I_MONITOR, .proc = CPU_MONITOR_EXITING },
	.reason = EXIT_REASON_MONITOR_INSTRUCTION,
};

FIXTURE_VARIANT_ADD(route, monitor_exiting_clear_no_exit) {
	.cfg = { .insn = I_MONITOR },
};

FIXTURE_VARIANT_ADD(route, mwait_exiting_set_exits) {
	.cfg = { .insn = I_MWAIT, .proc = CPU_MWAIT_EXITING },
	.reason = EXIT_REASON_MWAIT_INSTRUCTION,
};

FIXTURE_VARIANT_ADD(route, mwait_exiting_clear_no_exit) {
	.cfg = { .insn = I_MWAIT },
};

/* 28.2.1 Table 28-4: DR 0 (2:0), MOV to DR (bit 4 = 0), RBX (11:8 = 3). */
FIXTURE_VARIANT_ADD(route, mov_dr_exiting_set_exits) {
	.cfg = { .insn = I_MOV_DR0, .proc = CPU_MOV_DR_EXITING },
	.reason = EXIT_REASON_DR_ACCESS, .qual = 0x300,
};

FIXTURE_VARIANT_ADD(route, mov_dr_exiting_clear_no_exit) {
	.cfg = { .insn = I_MOV_DR0 },
};

FIXTURE_VARIANT_ADD(route, wbinvd_exiting_set_exits) {
	.cfg = { .insn = I_WBINVD, .proc2 = CPU2_WBINVD_EXITING },
	.reason = EXIT_REASON_WBINVD,
};

FIXTURE_VARIANT_ADD(route, wbinvd_exiting_clear_no_exit) {
	.cfg = { .insn = I_WBINVD },
};

/* 28.2.1: SGDT's qualification is its displacement. */
FIXTURE_VARIANT_ADD(route, desc_table_exiting_set_exits) {
	.cfg = { .insn = I_SGDT, .proc2 = CPU2_DESC_EXITING },
	.reason = EXIT_REASON_GDTR_IDTR, .qual = SGDT_DISP,
};

FIXTURE_VARIANT_ADD(route, desc_table_exiting_clear_no_exit) {
	.cfg = { .insn = I_SGDT },
};

TEST_F(route, insn)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t want_vector = NVMX_NO_FAULT;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	test_vcpu_run_done(vcpu);
	if (test_guest_global(vm, l1_missing)) {
		test_vm_free(vm);
		if (cfg.proc2)
			SKIP(return, "IA32_VMX_PROCBASED_CTLS2 does not offer 0x%x",
			     cfg.proc2);
		SKIP(return, "no CPUID.1:ECX.MONITOR in the vCPU's CPUID");
	}
	if (variant->reason) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_exits));
		EXPECT_EQ(variant->reason, test_guest_global(vm, l1_reason));
		EXPECT_EQ(variant->qual, test_guest_global(vm, l1_qual));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_exits));
		if (cfg.insn == I_RDPMC) {
			want_vector = test_guest_global(vm, l1_rdpmc_vector);
			TH_LOG("L1's own RDPMC of counter 0: vector 0x%llx",
			       (unsigned long long)want_vector);
		}
	}
	EXPECT_EQ(want_vector, test_guest_global(vm, l2_vector));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
