// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/nested/route_rules.h (no VM, no kernel).
 *
 * Each variant sets a few vmcs12 controls, bits of L1's I/O and MSR
 * bitmaps, and describes one L2 exit; it expects whether L1 wants it.
 * Every expectation was worked out by hand from SDM Vol. 3C 25.6, 26.1
 * and 26.2 (exit qualifications per 28.2.1).
 */
#include <string.h>

#include "nested_shim.h"
#include "route_rules.h"
#include "kselftest_harness.h"

#define IO_A		0x10000ULL
#define IO_B		0x11000ULL
#define MSRB		0x12000ULL

/* L1 memory holding the three bitmap pages. */
static unsigned char bitmaps[3][4096];

static bool test_bit(void *opaque, u64 gpa, u32 bit)
{
	u64 off = gpa - IO_A + bit / 8;

	(void)opaque;
	if (gpa < IO_A || off >= sizeof(bitmaps))
		return true;	/* not a bitmap the vmcs12 names */
	return (bitmaps[off / 4096][off % 4096] >> (bit % 8)) & 1;
}

struct fset {
	int f;
	u64 v;
};

/* A bitmap bit: @bit counted from the byte at @gpa. */
struct bset {
	u64 gpa;
	u32 bit;
};

#define S(name, x)	{ NVMX_F_##name + 1, (x) }

FIXTURE(route) {
	struct nvmx_vmcs12 v;
	struct nvmx_route_ctx ctx;
};

FIXTURE_VARIANT(route) {
	bool want;
	struct nvmx_exit_info ei;
	bool event_for_l1;
	bool ept_for_l1;
	u64 gpr;
	u32 msr;
	struct bset bits[4];
	struct fset set[8];
};

FIXTURE_SETUP(route)
{
	const struct fset *s;
	const struct bset *b;

	memset(&self->v, 0, sizeof(self->v));
	memset(bitmaps, 0, sizeof(bitmaps));
	nvmx_vmcs12_set(&self->v, IO_BITMAP_A, IO_A);
	nvmx_vmcs12_set(&self->v, IO_BITMAP_B, IO_B);
	nvmx_vmcs12_set(&self->v, MSR_BITMAP, MSRB);
	for (s = variant->set; s->f; s++)
		self->v.f[s->f - 1] = s->v;
	for (b = variant->bits; b->gpa; b++) {
		u64 off = b->gpa - IO_A + b->bit / 8;

		bitmaps[off / 4096][off % 4096] |= 1 << (b->bit % 8);
	}
	self->ctx = (struct nvmx_route_ctx) {
		.event_for_l1 = variant->event_for_l1,
		.ept_for_l1 = variant->ept_for_l1,
		.gpr = variant->gpr,
		.msr = variant->msr,
		.bit = test_bit,
	};
}

FIXTURE_TEARDOWN(route)
{
}

TEST_F(route, l1_wants)
{
	ASSERT_EQ(variant->want,
		  nvmx_route_l1_wants(&self->v, &variant->ei, &self->ctx));
}

#define ROW(name, want_, reason_, qual_, ...)				\
	FIXTURE_VARIANT_ADD(route, name) {				\
		.want = want_,						\
		.ei = { .reason = reason_, .qual = qual_ },		\
		__VA_ARGS__ }
#define PROC(x)		S(CPU_BASED_VM_EXEC_CONTROL, x)
#define PROC2(x)	S(CPU_BASED_VM_EXEC_CONTROL, \
			  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS), \
			S(SECONDARY_VM_EXEC_CONTROL, x)
#define PIN(x)		S(PIN_BASED_VM_EXEC_CONTROL, x)

/* 26.1.2: unconditional */
ROW(cpuid_always, true, EXIT_REASON_CPUID, 0);
ROW(getsec_always, true, 11, 0);
ROW(invd_always, true, EXIT_REASON_INVD, 0);
ROW(xsetbv_always, true, EXIT_REASON_XSETBV, 0);
ROW(task_switch_always, true, EXIT_REASON_TASK_SWITCH, 0);
ROW(vmcall_always, true, EXIT_REASON_VMCALL, 0);
ROW(vmclear_always, true, EXIT_REASON_VMCLEAR, 0);
ROW(vmlaunch_always, true, EXIT_REASON_VMLAUNCH, 0);
ROW(vmptrld_always, true, EXIT_REASON_VMPTRLD, 0);
ROW(vmptrst_always, true, EXIT_REASON_VMPTRST, 0);
ROW(vmread_always, true, EXIT_REASON_VMREAD, 0);
ROW(vmresume_always, true, EXIT_REASON_VMRESUME, 0);
ROW(vmwrite_always, true, EXIT_REASON_VMWRITE, 0);
ROW(vmxoff_always, true, EXIT_REASON_VMOFF, 0);
ROW(vmxon_always, true, EXIT_REASON_VMON, 0);
ROW(invept_always, true, EXIT_REASON_INVEPT, 0);
ROW(invvpid_always, true, EXIT_REASON_INVVPID, 0);
ROW(vmfunc_without_vm_functions, false, EXIT_REASON_VMFUNC, 0,
    .set = { PROC2(~SECONDARY_EXEC_ENABLE_VMFUNC) });
ROW(vmfunc_with_vm_functions, true, EXIT_REASON_VMFUNC, 0,
    .set = { PROC2(SECONDARY_EXEC_ENABLE_VMFUNC) });
/* 26.2: unconditional events */
ROW(triple_fault_always, true, EXIT_REASON_TRIPLE_FAULT, 0);
ROW(init_always, true, EXIT_REASON_INIT_SIGNAL, 0);
ROW(sipi_always, true, EXIT_REASON_SIPI_SIGNAL, 0);
ROW(entry_failure_invalid_state_to_l1, true,
    EXIT_REASON_INVALID_STATE | 0x80000000, 0);
ROW(entry_failure_msr_load_to_l1, true, EXIT_REASON_MSR_LOAD_FAIL, 0);
ROW(unknown_reason_to_l1, true, 70, 0);

/* 26.1.3: one primary control each */
ROW(hlt_without_exiting, false, EXIT_REASON_HLT, 0);
ROW(hlt_with_exiting, true, EXIT_REASON_HLT, 0,
    .set = { PROC(CPU_BASED_HLT_EXITING) });
ROW(invlpg_without_exiting, false, EXIT_REASON_INVLPG, 0,
    .set = { PROC(~CPU_BASED_INVLPG_EXITING) });
ROW(invlpg_with_exiting, true, EXIT_REASON_INVLPG, 0,
    .set = { PROC(CPU_BASED_INVLPG_EXITING) });
ROW(rdpmc_without_exiting, false, EXIT_REASON_RDPMC, 0);
ROW(rdpmc_with_exiting, true, EXIT_REASON_RDPMC, 0,
    .set = { PROC(CPU_BASED_RDPMC_EXITING) });
ROW(rdtsc_without_exiting, false, EXIT_REASON_RDTSC, 0);
ROW(rdtsc_with_exiting, true, EXIT_REASON_RDTSC, 0,
    .set = { PROC(CPU_BASED_RDTSC_EXITING) });
ROW(rdtscp_without_rdtsc_exiting, false, EXIT_REASON_RDTSCP, 0,
    .set = { PROC2(SECONDARY_EXEC_ENABLE_RDTSCP) });
ROW(rdtscp_with_rdtsc_exiting, true, EXIT_REASON_RDTSCP, 0,
    .set = { PROC(CPU_BASED_RDTSC_EXITING) });
ROW(mwait_without_exiting, false, EXIT_REASON_MWAIT_INSTRUCTION, 0);
ROW(mwait_with_exiting, true, EXIT_REASON_MWAIT_INSTRUCTION, 0,
    .set = { PROC(CPU_BASED_MWAIT_EXITING) });
ROW(monitor_without_exiting, false, EXIT_REASON_MONITOR_INSTRUCTION, 0,
    .set = { PROC(CPU_BASED_MWAIT_EXITING) });
ROW(monitor_with_exiting, true, EXIT_REASON_MONITOR_INSTRUCTION, 0,
    .set = { PROC(CPU_BASED_MONITOR_EXITING) });
ROW(mov_dr_without_exiting, false, EXIT_REASON_DR_ACCESS, 0);
ROW(mov_dr_with_exiting, true, EXIT_REASON_DR_ACCESS, 0,
    .set = { PROC(CPU_BASED_MOV_DR_EXITING) });
ROW(interrupt_window_of_l0, false, EXIT_REASON_INTERRUPT_WINDOW, 0);
ROW(interrupt_window_of_l1, true, EXIT_REASON_INTERRUPT_WINDOW, 0,
    .set = { PROC(CPU_BASED_INTR_WINDOW_EXITING) });
ROW(nmi_window_of_l0, false, EXIT_REASON_NMI_WINDOW, 0,
    .set = { PROC(CPU_BASED_INTR_WINDOW_EXITING) });
ROW(nmi_window_of_l1, true, EXIT_REASON_NMI_WINDOW, 0,
    .set = { PROC(CPU_BASED_NMI_WINDOW_EXITING) });
ROW(mtf_of_l0, false, EXIT_REASON_MONITOR_TRAP_FLAG, 0);
ROW(mtf_of_l1, true, EXIT_REASON_MONITOR_TRAP_FLAG, 0,
    .set = { PROC(CPU_BASED_MONITOR_TRAP_FLAG) });
ROW(pause_without_exiting, false, EXIT_REASON_PAUSE_INSTRUCTION, 0);
ROW(pause_with_exiting, true, EXIT_REASON_PAUSE_INSTRUCTION, 0,
    .set = { PROC(CPU_BASED_PAUSE_EXITING) });
ROW(pause_loop_exiting_of_l1, true, EXIT_REASON_PAUSE_INSTRUCTION, 0,
    .set = { PROC2(SECONDARY_EXEC_PAUSE_LOOP_EXITING) });
ROW(pause_loop_exiting_not_activated, false, EXIT_REASON_PAUSE_INSTRUCTION, 0,
    .set = { S(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_PAUSE_LOOP_EXITING) });

/* 26.1.3: secondary controls, only when activated */
ROW(wbinvd_without_exiting, false, EXIT_REASON_WBINVD, 0,
    .set = { PROC2(SECONDARY_EXEC_DESC) });
ROW(wbinvd_with_exiting, true, EXIT_REASON_WBINVD, 0,
    .set = { PROC2(SECONDARY_EXEC_WBINVD_EXITING) });
ROW(wbinvd_exiting_not_activated, false, EXIT_REASON_WBINVD, 0,
    .set = { S(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_WBINVD_EXITING) });
ROW(gdtr_idtr_without_exiting, false, EXIT_REASON_GDTR_IDTR, 0);
ROW(gdtr_idtr_with_exiting, true, EXIT_REASON_GDTR_IDTR, 0,
    .set = { PROC2(SECONDARY_EXEC_DESC) });
ROW(ldtr_tr_with_exiting, true, EXIT_REASON_LDTR_TR, 0,
    .set = { PROC2(SECONDARY_EXEC_DESC) });
ROW(rdrand_with_exiting, true, EXIT_REASON_RDRAND, 0,
    .set = { PROC2(SECONDARY_EXEC_RDRAND_EXITING) });
ROW(rdseed_without_exiting, false, EXIT_REASON_RDSEED, 0,
    .set = { PROC2(SECONDARY_EXEC_RDRAND_EXITING) });
ROW(invpcid_with_both_controls, true, EXIT_REASON_INVPCID, 0,
    .set = { S(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_INVLPG_EXITING |
	       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS),
	     S(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_INVPCID) });
ROW(invpcid_without_invlpg_exiting, false, EXIT_REASON_INVPCID, 0,
    .set = { PROC2(SECONDARY_EXEC_ENABLE_INVPCID) });
ROW(invpcid_without_enable_invpcid, false, EXIT_REASON_INVPCID, 0,
    .set = { PROC(CPU_BASED_INVLPG_EXITING) });
ROW(apic_access_not_offered_is_l0s, false, EXIT_REASON_APIC_ACCESS, 0);
ROW(xsaves_is_l0s, false, EXIT_REASON_XSAVES, 0, .set = { PROC2(~0U) });
ROW(pml_full_is_l0s, false, EXIT_REASON_PML_FULL, 0);
ROW(mce_during_entry_is_l0s, false, EXIT_REASON_MCE_DURING_VMENTRY, 0);

/* 26.2: preemption timer, interrupts, NMIs */
ROW(preemption_timer_of_l0, false, EXIT_REASON_PREEMPTION_TIMER, 0);
ROW(preemption_timer_of_l1, true, EXIT_REASON_PREEMPTION_TIMER, 0,
    .set = { PIN(PIN_BASED_VMX_PREEMPTION_TIMER) });
ROW(ext_intr_of_l1_with_exiting, true, EXIT_REASON_EXTERNAL_INTERRUPT, 0,
    .event_for_l1 = true, .set = { PIN(PIN_BASED_EXT_INTR_MASK) });
ROW(ext_intr_of_host_is_l0s, false, EXIT_REASON_EXTERNAL_INTERRUPT, 0,
    .set = { PIN(PIN_BASED_EXT_INTR_MASK) });
ROW(ext_intr_of_l1_without_exiting, false, EXIT_REASON_EXTERNAL_INTERRUPT, 0,
    .event_for_l1 = true);
FIXTURE_VARIANT_ADD(route, nmi_of_l1_with_exiting) {
	.want = true, .event_for_l1 = true,
	.ei = { .reason = EXIT_REASON_EXCEPTION_NMI,
		.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR | 2 },
	.set = { PIN(PIN_BASED_NMI_EXITING) },
};
FIXTURE_VARIANT_ADD(route, nmi_of_host_is_l0s) {
	.want = false,
	.ei = { .reason = EXIT_REASON_EXCEPTION_NMI,
		.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR | 2 },
	.set = { PIN(PIN_BASED_NMI_EXITING), S(EXCEPTION_BITMAP, ~0U) },
};
FIXTURE_VARIANT_ADD(route, nmi_of_l1_without_exiting) {
	.want = false, .event_for_l1 = true,
	.ei = { .reason = EXIT_REASON_EXCEPTION_NMI,
		.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR | 2 },
	.set = { S(EXCEPTION_BITMAP, ~0U) },
};

/* 26.2 and 25.6.3: exception bitmap, #PF error-code mask and match */
#define EXC(name, want_, type, vec, err, ...)				\
	FIXTURE_VARIANT_ADD(route, name) {				\
		.want = want_,						\
		.ei = { .reason = EXIT_REASON_EXCEPTION_NMI,		\
			.intr_info = INTR_INFO_VALID_MASK | (type) | (vec), \
			.intr_err = err },				\
		.set = { __VA_ARGS__ } }
EXC(ud_in_bitmap, true, INTR_TYPE_HARD_EXCEPTION, 6, 0,
    S(EXCEPTION_BITMAP, 1U << 6));
EXC(ud_not_in_bitmap, false, INTR_TYPE_HARD_EXCEPTION, 6, 0,
    S(EXCEPTION_BITMAP, ~(1U << 6)));
EXC(bp_soft_exception_in_bitmap, true, INTR_TYPE_SOFT_EXCEPTION, 3, 0,
    S(EXCEPTION_BITMAP, 1U << 3));
EXC(int1_priv_sw_exception_not_in_bitmap, false,
    INTR_TYPE_PRIV_SW_EXCEPTION, 1, 0, S(EXCEPTION_BITMAP, 1U << 3));
EXC(mc_bit31_boundary_in_bitmap, true, INTR_TYPE_HARD_EXCEPTION, 31, 0,
    S(EXCEPTION_BITMAP, 1U << 31));
EXC(pf_bit14_mask0_match0_exits, true, INTR_TYPE_HARD_EXCEPTION, 14, 0x7,
    S(EXCEPTION_BITMAP, 1U << 14));
EXC(pf_bit14_error_matches_exits, true, INTR_TYPE_HARD_EXCEPTION, 14, 0x3,
    S(EXCEPTION_BITMAP, 1U << 14), S(PAGE_FAULT_ERROR_CODE_MASK, 2),
    S(PAGE_FAULT_ERROR_CODE_MATCH, 2));
EXC(pf_bit14_error_differs_stays, false, INTR_TYPE_HARD_EXCEPTION, 14, 0x1,
    S(EXCEPTION_BITMAP, 1U << 14), S(PAGE_FAULT_ERROR_CODE_MASK, 2),
    S(PAGE_FAULT_ERROR_CODE_MATCH, 2));
EXC(pf_bit14_match_outside_mask_never, false, INTR_TYPE_HARD_EXCEPTION, 14,
    0x1, S(EXCEPTION_BITMAP, 1U << 14), S(PAGE_FAULT_ERROR_CODE_MATCH, 1));
EXC(pf_no_bit14_mask0_match0_stays, false, INTR_TYPE_HARD_EXCEPTION, 14, 0x7);
EXC(pf_no_bit14_error_differs_exits, true, INTR_TYPE_HARD_EXCEPTION, 14, 0x1,
    S(PAGE_FAULT_ERROR_CODE_MASK, 2), S(PAGE_FAULT_ERROR_CODE_MATCH, 2));
EXC(pf_no_bit14_error_matches_stays, false, INTR_TYPE_HARD_EXCEPTION, 14, 0x2,
    S(PAGE_FAULT_ERROR_CODE_MASK, 2), S(PAGE_FAULT_ERROR_CODE_MATCH, 2));

/* 26.1.3: control-register accesses (qualification per 28.2.1 Table 28-3) */
#define CRQ(cr, type)	((u64)(cr) | (u64)(type) << 4)
#define LMSWQ(src)	(CRQ(0, 3) | (u64)(src) << 16)
#define CR0_MS(mask, shadow) \
	S(CR0_GUEST_HOST_MASK, mask), S(CR0_READ_SHADOW, shadow)
ROW(mov_cr0_owned_bit_same_as_shadow_stays, false, EXIT_REASON_CR_ACCESS,
    CRQ(0, 0), .gpr = 0x80000031, .set = { CR0_MS(X86_CR0_PE, X86_CR0_PE) });
ROW(mov_cr0_owned_bit_differs_exits, true, EXIT_REASON_CR_ACCESS, CRQ(0, 0),
    .gpr = 0x80000030, .set = { CR0_MS(X86_CR0_PE, X86_CR0_PE) });
ROW(mov_cr0_unowned_bit_differs_stays, false, EXIT_REASON_CR_ACCESS,
    CRQ(0, 0), .gpr = X86_CR0_PE | X86_CR0_TS,
    .set = { CR0_MS(X86_CR0_PE, X86_CR0_PE) });
ROW(mov_cr4_owned_vmxe_exits, true, EXIT_REASON_CR_ACCESS, CRQ(4, 0),
    .gpr = X86_CR4_VMXE | X86_CR4_PAE,
    .set = { S(CR4_GUEST_HOST_MASK, X86_CR4_VMXE) });
ROW(mov_cr4_unowned_pae_stays, false, EXIT_REASON_CR_ACCESS, CRQ(4, 0),
    .gpr = X86_CR4_PAE, .set = { S(CR4_GUEST_HOST_MASK, X86_CR4_VMXE) });
ROW(mov_cr4_uses_cr4_shadow, false, EXIT_REASON_CR_ACCESS, CRQ(4, 0),
    .gpr = X86_CR4_VMXE, .set = { S(CR4_GUEST_HOST_MASK, X86_CR4_VMXE),
				  S(CR4_READ_SHADOW, X86_CR4_VMXE),
				  CR0_MS(~0ULL, 0) });
ROW(mov_to_cr3_without_exiting, false, EXIT_REASON_CR_ACCESS, CRQ(3, 0),
    .gpr = 0x5000);
ROW(mov_to_cr3_no_targets_exits, true, EXIT_REASON_CR_ACCESS, CRQ(3, 0),
    .gpr = 0x5000, .set = { PROC(CPU_BASED_CR3_LOAD_EXITING) });
ROW(mov_to_cr3_target0_stays, false, EXIT_REASON_CR_ACCESS, CRQ(3, 0),
    .gpr = 0x5000, .set = { PROC(CPU_BASED_CR3_LOAD_EXITING),
			    S(CR3_TARGET_COUNT, 1),
			    S(CR3_TARGET_VALUE0, 0x5000) });
ROW(mov_to_cr3_target_beyond_count_exits, true, EXIT_REASON_CR_ACCESS,
    CRQ(3, 0), .gpr = 0x5000, .set = { PROC(CPU_BASED_CR3_LOAD_EXITING),
				       S(CR3_TARGET_COUNT, 1),
				       S(CR3_TARGET_VALUE1, 0x5000) });
ROW(mov_to_cr3_target3_of_4_stays, false, EXIT_REASON_CR_ACCESS, CRQ(3, 0),
    .gpr = 0x5000, .set = { PROC(CPU_BASED_CR3_LOAD_EXITING),
			    S(CR3_TARGET_COUNT, 4),
			    S(CR3_TARGET_VALUE3, 0x5000) });
ROW(mov_from_cr3_without_exiting, false, EXIT_REASON_CR_ACCESS, CRQ(3, 1),
    .set = { PROC(CPU_BASED_CR3_LOAD_EXITING) });
ROW(mov_from_cr3_with_exiting, true, EXIT_REASON_CR_ACCESS, CRQ(3, 1),
    .set = { PROC(CPU_BASED_CR3_STORE_EXITING) });
ROW(mov_to_cr8_with_exiting, true, EXIT_REASON_CR_ACCESS, CRQ(8, 0),
    .set = { PROC(CPU_BASED_CR8_LOAD_EXITING) });
ROW(mov_to_cr8_without_exiting, false, EXIT_REASON_CR_ACCESS, CRQ(8, 0),
    .set = { PROC(CPU_BASED_CR8_STORE_EXITING) });
ROW(mov_from_cr8_with_exiting, true, EXIT_REASON_CR_ACCESS, CRQ(8, 1),
    .set = { PROC(CPU_BASED_CR8_STORE_EXITING) });
ROW(mov_from_cr8_without_exiting, false, EXIT_REASON_CR_ACCESS, CRQ(8, 1),
    .set = { PROC(CPU_BASED_CR8_LOAD_EXITING) });
ROW(clts_ts_owned_and_shadowed_exits, true, EXIT_REASON_CR_ACCESS, CRQ(0, 2),
    .set = { CR0_MS(X86_CR0_TS, X86_CR0_TS) });
ROW(clts_ts_owned_shadow_clear_stays, false, EXIT_REASON_CR_ACCESS,
    CRQ(0, 2), .set = { CR0_MS(X86_CR0_TS, 0) });
ROW(clts_ts_not_owned_stays, false, EXIT_REASON_CR_ACCESS, CRQ(0, 2),
    .set = { CR0_MS(~(u64)X86_CR0_TS, X86_CR0_TS) });
ROW(lmsw_sets_owned_pe_exits, true, EXIT_REASON_CR_ACCESS, LMSWQ(1),
    .set = { CR0_MS(X86_CR0_PE, 0) });
ROW(lmsw_cannot_clear_pe_stays, false, EXIT_REASON_CR_ACCESS, LMSWQ(0),
    .set = { CR0_MS(X86_CR0_PE, X86_CR0_PE) });
ROW(lmsw_keeps_owned_pe_set_stays, false, EXIT_REASON_CR_ACCESS, LMSWQ(1),
    .set = { CR0_MS(X86_CR0_PE, X86_CR0_PE) });
ROW(lmsw_changes_owned_mp_exits, true, EXIT_REASON_CR_ACCESS,
    LMSWQ(X86_CR0_MP), .set = { CR0_MS(X86_CR0_MP, 0) });
ROW(lmsw_owned_bits_same_stays, false, EXIT_REASON_CR_ACCESS,
    LMSWQ(X86_CR0_TS | X86_CR0_EM), .set = { CR0_MS(0xe, 0xc) });
ROW(lmsw_ignores_bits_above_3, false, EXIT_REASON_CR_ACCESS,
    LMSWQ(X86_CR0_NE), .set = { CR0_MS(X86_CR0_NE, 0) });

/* 26.1.3: I/O (qualification per 28.2.1 Table 28-5) */
#define IOQ(port, size)	((u64)(port) << 16 | ((size) - 1))
#define IOBM		PROC(CPU_BASED_USE_IO_BITMAPS)
ROW(io_without_controls_stays, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x60, 1));
ROW(io_unconditional_exits, true, EXIT_REASON_IO_INSTRUCTION, IOQ(0x60, 1),
    .set = { PROC(CPU_BASED_UNCOND_IO_EXITING) });
ROW(io_bitmaps_override_unconditional, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x60, 1), .set = { PROC(CPU_BASED_UNCOND_IO_EXITING |
				CPU_BASED_USE_IO_BITMAPS) });
ROW(io_port_bit_set_in_a_exits, true, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x60, 1), .set = { IOBM }, .bits = { { IO_A, 0x60 } });
ROW(io_neighbour_bit_set_stays, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x60, 1), .set = { IOBM }, .bits = { { IO_A, 0x61 } });
ROW(io_port_8000_uses_b, true, EXIT_REASON_IO_INSTRUCTION, IOQ(0x8000, 1),
    .set = { IOBM }, .bits = { { IO_B, 0 } });
ROW(io_port_8000_ignores_a, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x8000, 1), .set = { IOBM }, .bits = { { IO_A, 0 } });
ROW(io_port_7fff_uses_a, true, EXIT_REASON_IO_INSTRUCTION, IOQ(0x7fff, 1),
    .set = { IOBM }, .bits = { { IO_A, 0x7fff } });
ROW(io_word_spanning_a_and_b_exits_on_b, true, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x7fff, 2), .set = { IOBM }, .bits = { { IO_B, 0 } });
ROW(io_dword_last_byte_bit_exits, true, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x3f8, 4), .set = { IOBM }, .bits = { { IO_A, 0x3fb } });
ROW(io_dword_next_port_bit_stays, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0x3f8, 4), .set = { IOBM }, .bits = { { IO_A, 0x3fc } });
ROW(io_port_ffff_byte_clear_stays, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0xffff, 1), .set = { IOBM });
ROW(io_port_ffff_word_wraps_exits, true, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0xffff, 2), .set = { IOBM });
ROW(io_port_fffe_word_clear_stays, false, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0xfffe, 2), .set = { IOBM });
ROW(io_port_fffd_dword_wraps_exits, true, EXIT_REASON_IO_INSTRUCTION,
    IOQ(0xfffd, 4), .set = { IOBM });

/* 26.1.3 and 25.6.9: RDMSR/WRMSR and the MSR bitmaps */
#define MSRBM		PROC(CPU_BASED_USE_MSR_BITMAPS)
ROW(rdmsr_without_bitmaps_exits, true, EXIT_REASON_MSR_READ, 0, .msr = 0x10);
ROW(wrmsr_without_bitmaps_exits, true, EXIT_REASON_MSR_WRITE, 0, .msr = 0x10);
ROW(rdmsr_low_clear_stays, false, EXIT_REASON_MSR_READ, 0, .msr = 0x10,
    .set = { MSRBM });
ROW(rdmsr_read_low_set_exits, true, EXIT_REASON_MSR_READ, 0, .msr = 0x10,
    .set = { MSRBM }, .bits = { { MSRB, 0x10 } });
ROW(wrmsr_ignores_read_low, false, EXIT_REASON_MSR_WRITE, 0, .msr = 0x10,
    .set = { MSRBM }, .bits = { { MSRB, 0x10 } });
ROW(wrmsr_write_low_set_exits, true, EXIT_REASON_MSR_WRITE, 0, .msr = 0x10,
    .set = { MSRBM }, .bits = { { MSRB + 2048, 0x10 } });
ROW(rdmsr_1fff_set_exits, true, EXIT_REASON_MSR_READ, 0, .msr = 0x1fff,
    .set = { MSRBM }, .bits = { { MSRB, 0x1fff } });
ROW(rdmsr_1fff_clear_stays, false, EXIT_REASON_MSR_READ, 0, .msr = 0x1fff,
    .set = { MSRBM });
ROW(rdmsr_2000_outside_ranges_exits, true, EXIT_REASON_MSR_READ, 0,
    .msr = 0x2000, .set = { MSRBM });
ROW(rdmsr_read_high_set_exits, true, EXIT_REASON_MSR_READ, 0,
    .msr = 0xc0000080, .set = { MSRBM }, .bits = { { MSRB + 1024, 0x80 } });
ROW(rdmsr_high_ignores_low_bit, false, EXIT_REASON_MSR_READ, 0,
    .msr = 0xc0000080, .set = { MSRBM }, .bits = { { MSRB, 0x80 } });
ROW(wrmsr_write_high_set_exits, true, EXIT_REASON_MSR_WRITE, 0,
    .msr = 0xc0000080, .set = { MSRBM }, .bits = { { MSRB + 3072, 0x80 } });
ROW(wrmsr_c0001fff_clear_stays, false, EXIT_REASON_MSR_WRITE, 0,
    .msr = 0xc0001fff, .set = { MSRBM });
ROW(rdmsr_c0002000_outside_ranges_exits, true, EXIT_REASON_MSR_READ, 0,
    .msr = 0xc0002000, .set = { MSRBM });
ROW(rdmsr_bfffffff_outside_ranges_exits, true, EXIT_REASON_MSR_READ, 0,
    .msr = 0xbfffffff, .set = { MSRBM });

/* EPT violations and misconfigurations: L1's when its tables caused them */
ROW(ept_violation_of_l1_tables, true, EXIT_REASON_EPT_VIOLATION, 0,
    .ept_for_l1 = true, .set = { PROC2(SECONDARY_EXEC_ENABLE_EPT) });
ROW(ept_violation_of_l0_tables, false, EXIT_REASON_EPT_VIOLATION, 0,
    .set = { PROC2(SECONDARY_EXEC_ENABLE_EPT) });
ROW(ept_violation_l1_without_ept, false, EXIT_REASON_EPT_VIOLATION, 0,
    .ept_for_l1 = true);
ROW(ept_misconfig_of_l1_tables, true, EXIT_REASON_EPT_MISCONFIG, 0,
    .ept_for_l1 = true, .set = { PROC2(SECONDARY_EXEC_ENABLE_EPT) });

TEST_HARNESS_MAIN
