/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure rules: does L1 want this L2 exit?
 *
 * vmcs02 runs L2 with L0's controls ORed into L1's, so an L2 exit may
 * come from a control L0 set for itself.  nvmx_route_l1_wants() answers
 * from L1's controls alone (the vmcs12 snapshot): would the instruction
 * or event have caused a VM exit had L2 run on L1's VMCS (SDM Vol. 3C
 * 26.1 instructions, 26.2 other causes)?  What only L0 may see (host
 * interrupts and NMIs, machine checks, L0's own EPT faults) is told by
 * the caller through struct nvmx_route_ctx or handled before asking.
 *
 * No kernel dependency beyond u32, u64, bool, the encodings of asm/vmx.h
 * (and its uapi exit reasons), asm/processor-flags.h, and the types of
 * nested.h (struct nvmx_exit_info), which selftests/unit/ supplies
 * (selftests/unit/nested_shim.h) to test this very header in userspace.
 */
#ifndef NVMX_NESTED_ROUTE_RULES_H
#define NVMX_NESTED_ROUTE_RULES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "nested.h"
#endif

#include "vmcs12.h"

/**
 * struct nvmx_route_ctx - what routing needs beyond vmcs12 and the exit
 * @event_for_l1: the external interrupt or NMI of this exit is one L0
 *                delivers to L1 (a virtual one), not the host's
 * @ept_for_l1: the EPT violation or misconfiguration comes from L1's EPT
 *              tables (nested EPT decides), not from L0's
 * @gpr: the value of the general-purpose register a MOV to CR names
 *       (exit qualification bits 11:8, SDM Vol. 3C 28.2.1 Table 28-3)
 * @msr: ECX of an RDMSR or WRMSR exit
 * @bit: bit @bit of the 4-KByte bitmap at L1 guest-physical @gpa
 * @opaque: first argument of @bit
 */
struct nvmx_route_ctx {
	bool event_for_l1;
	bool ept_for_l1;
	u64 gpr;
	u32 msr;
	bool (*bit)(void *opaque, u64 gpa, u32 bit);
	void *opaque;
};

#define NVMX_RV(v, name)	nvmx_vmcs12_get(v, name)

static inline u32 nvmx_route_proc2(const struct nvmx_vmcs12 *v)
{
	if (!(NVMX_RV(v, CPU_BASED_VM_EXEC_CONTROL) &
	      CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		return 0;
	return NVMX_RV(v, SECONDARY_VM_EXEC_CONTROL);
}

static inline bool nvmx_route_proc(const struct nvmx_vmcs12 *v, u32 ctl)
{
	return NVMX_RV(v, CPU_BASED_VM_EXEC_CONTROL) & ctl;
}

/*
 * Exceptions and NMIs (exit reason 0).  SDM Vol. 3C 26.2: an exception
 * exits if its bit in the exception bitmap is 1; for #PF, SDM Vol. 3C
 * 25.6.3, with bit 14 set the exit happens iff (PFEC & MASK) == MATCH,
 * with bit 14 clear iff they differ.  An NMI exits with "NMI exiting";
 * only NMIs L0 delivers to L1 are L1's (host NMIs are L0's).
 */
static inline bool nvmx_route_exception(const struct nvmx_vmcs12 *v,
					const struct nvmx_exit_info *ei,
					const struct nvmx_route_ctx *ctx)
{
	u32 type = ei->intr_info & INTR_INFO_INTR_TYPE_MASK;
	u32 vector = ei->intr_info & INTR_INFO_VECTOR_MASK;
	u32 bitmap = NVMX_RV(v, EXCEPTION_BITMAP);
	u32 mask, match;

	if (type == INTR_TYPE_NMI_INTR)
		return ctx->event_for_l1 &&
		       (NVMX_RV(v, PIN_BASED_VM_EXEC_CONTROL) &
			PIN_BASED_NMI_EXITING);
	if (vector >= 32)
		return true;	/* cannot be an exception exit: L1's to see */
	if (vector != 14)
		return (bitmap >> vector) & 1;
	mask = NVMX_RV(v, PAGE_FAULT_ERROR_CODE_MASK);
	match = NVMX_RV(v, PAGE_FAULT_ERROR_CODE_MATCH);
	return ((ei->intr_err & mask) == match) == ((bitmap >> 14) & 1);
}

/*
 * SDM Vol. 3C 26.1.3: MOV to CR0/CR4 exits iff a bit set in the
 * guest/host mask would get a value other than the read shadow's.
 */
static inline bool nvmx_route_cr_masked(u64 val, u64 mask, u64 shadow)
{
	return (val ^ shadow) & mask;
}

/* SDM Vol. 3C 26.1.3: MOV to CR3 with "CR3-load exiting" and the targets. */
static inline bool nvmx_route_cr3_load(const struct nvmx_vmcs12 *v, u64 val)
{
	u64 n = NVMX_RV(v, CR3_TARGET_COUNT);
	const u64 t[4] = {
		NVMX_RV(v, CR3_TARGET_VALUE0), NVMX_RV(v, CR3_TARGET_VALUE1),
		NVMX_RV(v, CR3_TARGET_VALUE2), NVMX_RV(v, CR3_TARGET_VALUE3),
	};
	u64 i;

	if (!nvmx_route_proc(v, CPU_BASED_CR3_LOAD_EXITING))
		return false;
	for (i = 0; i < n && i < 4; i++)
		if (t[i] == val)
			return false;
	return true;
}

/* SDM Vol. 3C 26.1.3: MOV to CRn (exit qualification access type 0). */
static inline bool nvmx_route_mov_to_cr(const struct nvmx_vmcs12 *v,
					u32 cr, u64 val)
{
	switch (cr) {
	case 0:
		return nvmx_route_cr_masked(val, NVMX_RV(v, CR0_GUEST_HOST_MASK),
					    NVMX_RV(v, CR0_READ_SHADOW));
	case 3:
		return nvmx_route_cr3_load(v, val);
	case 4:
		return nvmx_route_cr_masked(val, NVMX_RV(v, CR4_GUEST_HOST_MASK),
					    NVMX_RV(v, CR4_READ_SHADOW));
	case 8:
		return nvmx_route_proc(v, CPU_BASED_CR8_LOAD_EXITING);
	}
	return true;	/* no other CR can exit: not L0's to absorb */
}

/*
 * SDM Vol. 3C 26.1.3, LMSW: exits if PE is set in the mask and the
 * source but clear in the shadow (LMSW cannot clear PE), or if any of
 * bits 3:1 is set in the mask and differs between source and shadow.
 */
static inline bool nvmx_route_lmsw(const struct nvmx_vmcs12 *v, u64 src)
{
	u64 mask = NVMX_RV(v, CR0_GUEST_HOST_MASK);
	u64 shadow = NVMX_RV(v, CR0_READ_SHADOW);

	if ((mask & src & X86_CR0_PE) && !(shadow & X86_CR0_PE))
		return true;
	return (mask & (src ^ shadow)) & (X86_CR0_MP | X86_CR0_EM | X86_CR0_TS);
}

/*
 * Control-register accesses (exit reason 28, SDM Vol. 3C 26.1.3;
 * qualification per 28.2.1 Table 28-3: CR in bits 3:0, access type in
 * 5:4, LMSW source in 31:16).
 */
static inline bool nvmx_route_cr(const struct nvmx_vmcs12 *v,
				 const struct nvmx_exit_info *ei,
				 const struct nvmx_route_ctx *ctx)
{
	u32 cr = ei->qual & 0xf;
	u64 mask = NVMX_RV(v, CR0_GUEST_HOST_MASK);
	u64 shadow = NVMX_RV(v, CR0_READ_SHADOW);

	switch ((ei->qual & CONTROL_REG_ACCESS_TYPE) >> 4) {
	case 0:		/* MOV to CR */
		return nvmx_route_mov_to_cr(v, cr, ctx->gpr);
	case 1:		/* MOV from CR */
		if (cr == 3)
			return nvmx_route_proc(v, CPU_BASED_CR3_STORE_EXITING);
		if (cr == 8)
			return nvmx_route_proc(v, CPU_BASED_CR8_STORE_EXITING);
		return true;
	case 2:		/* CLTS: TS set in both mask and read shadow */
		return mask & shadow & X86_CR0_TS;
	default:	/* LMSW */
		return nvmx_route_lmsw(v, (ei->qual >> LMSW_SOURCE_DATA_SHIFT) &
					  0xffff);
	}
}

/*
 * I/O instructions (exit reason 30; qualification per SDM Vol. 3C
 * 28.2.1 Table 28-5: size - 1 in bits 2:0, port in 31:16).  SDM Vol. 3C
 * 26.1.3: without "use I/O bitmaps" they exit iff "unconditional I/O
 * exiting"; with it, iff the bit of any port accessed is 1 in bitmap A
 * (ports 0000H-7FFFH) or B (8000H-FFFFH), or the access wraps around
 * from FFFFH to 0000H.
 */
static inline bool nvmx_route_io(const struct nvmx_vmcs12 *v,
				 const struct nvmx_exit_info *ei,
				 const struct nvmx_route_ctx *ctx)
{
	u32 port = (ei->qual >> 16) & 0xffff;
	u32 size = (ei->qual & 7) + 1;
	u32 p;

	if (!nvmx_route_proc(v, CPU_BASED_USE_IO_BITMAPS))
		return nvmx_route_proc(v, CPU_BASED_UNCOND_IO_EXITING);
	if (port + size > 0x10000)
		return true;
	for (p = port; p < port + size; p++) {
		u64 gpa = p < 0x8000 ? NVMX_RV(v, IO_BITMAP_A) :
				       NVMX_RV(v, IO_BITMAP_B);

		if (ctx->bit(ctx->opaque, gpa, p & 0x7fff))
			return true;
	}
	return false;
}

/*
 * RDMSR and WRMSR (exit reasons 31, 32).  SDM Vol. 3C 26.1.3 and 25.6.9:
 * without "use MSR bitmaps" every access exits; with it, ECX in
 * 00000000H-00001FFFH reads bit ECX of the read-low (bytes 0-1023) or
 * write-low (2048-3071) bitmap, ECX in C0000000H-C0001FFFH bit
 * ECX & 1FFFH of read-high (1024-2047) or write-high (3072-4095), and
 * any other ECX exits.
 */
static inline bool nvmx_route_msr(const struct nvmx_vmcs12 *v,
				  const struct nvmx_route_ctx *ctx, bool write)
{
	u64 gpa = NVMX_RV(v, MSR_BITMAP);
	u32 msr = ctx->msr;

	if (!nvmx_route_proc(v, CPU_BASED_USE_MSR_BITMAPS))
		return true;
	if (msr >= 0xc0000000 && msr <= 0xc0001fff)
		gpa += 1024;
	else if (msr > 0x1fff)
		return true;
	if (write)
		gpa += 2048;
	return ctx->bit(ctx->opaque, gpa, msr & 0x1fff);
}

/* SDM Vol. 3C 26.1.2: instructions that exit unconditionally. */
static inline bool nvmx_route_unconditional(u32 reason)
{
	switch (reason) {
	case EXIT_REASON_CPUID:
	case EXIT_REASON_INVD:
	case EXIT_REASON_XSETBV:
	case EXIT_REASON_TASK_SWITCH:
	case EXIT_REASON_VMCALL:
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
		return true;
	}
	return false;
}

/* SDM Vol. 3C 26.1.3: instructions under one primary control. */
static inline u32 nvmx_route_proc_ctl(u32 reason)
{
	switch (reason) {
	case EXIT_REASON_HLT:			return CPU_BASED_HLT_EXITING;
	case EXIT_REASON_INVLPG:		return CPU_BASED_INVLPG_EXITING;
	case EXIT_REASON_RDPMC:			return CPU_BASED_RDPMC_EXITING;
	case EXIT_REASON_RDTSC:			return CPU_BASED_RDTSC_EXITING;
	case EXIT_REASON_RDTSCP:		return CPU_BASED_RDTSC_EXITING;
	case EXIT_REASON_MWAIT_INSTRUCTION:	return CPU_BASED_MWAIT_EXITING;
	case EXIT_REASON_MONITOR_INSTRUCTION:	return CPU_BASED_MONITOR_EXITING;
	case EXIT_REASON_DR_ACCESS:		return CPU_BASED_MOV_DR_EXITING;
	case EXIT_REASON_INTERRUPT_WINDOW:	return CPU_BASED_INTR_WINDOW_EXITING;
	case EXIT_REASON_NMI_WINDOW:		return CPU_BASED_NMI_WINDOW_EXITING;
	case EXIT_REASON_MONITOR_TRAP_FLAG:	return CPU_BASED_MONITOR_TRAP_FLAG;
	case EXIT_REASON_TPR_BELOW_THRESHOLD:	return CPU_BASED_TPR_SHADOW;
	}
	return 0;
}

/* SDM Vol. 3C 26.1.3, 26.2: exits under one secondary control. */
static inline u32 nvmx_route_proc2_ctl(u32 reason)
{
	switch (reason) {
	case EXIT_REASON_WBINVD:	return SECONDARY_EXEC_WBINVD_EXITING;
	case EXIT_REASON_GDTR_IDTR:	return SECONDARY_EXEC_DESC;
	case EXIT_REASON_LDTR_TR:	return SECONDARY_EXEC_DESC;
	case EXIT_REASON_RDRAND:	return SECONDARY_EXEC_RDRAND_EXITING;
	case EXIT_REASON_RDSEED:	return SECONDARY_EXEC_RDSEED_EXITING;
	case EXIT_REASON_ENCLS:		return SECONDARY_EXEC_ENCLS_EXITING;
	/* VMFUNC exits only with "enable VM functions" (else #UD). */
	case EXIT_REASON_VMFUNC:	return SECONDARY_EXEC_ENABLE_VMFUNC;
	case EXIT_REASON_APIC_ACCESS:
		return SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES;
	case EXIT_REASON_APIC_WRITE:	return SECONDARY_EXEC_APIC_REGISTER_VIRT;
	case EXIT_REASON_EOI_INDUCED:
		return SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY;
	}
	return 0;
}

/*
 * Exits that need two controls or that L0 alone causes.  SDM Vol. 3C
 * 26.1.3: INVPCID exits with "enable INVPCID" and "INVLPG exiting";
 * UMWAIT/TPAUSE with "enable user wait and pause" and "RDTSC exiting";
 * PAUSE with "PAUSE exiting" (or PAUSE-loop exiting); 26.2: the
 * preemption timer with "activate VMX-preemption timer".  XSAVES/XRSTORS
 * exit through the XSS-exiting bitmap, which L1 has no field for (0):
 * never L1's.  Machine checks during entry, PML-full, bus-lock and
 * notify exits are L0's.
 */
static inline int nvmx_route_other(const struct nvmx_vmcs12 *v, u32 reason)
{
	u32 proc2 = nvmx_route_proc2(v);

	switch (reason) {
	case EXIT_REASON_INVPCID:
		return (proc2 & SECONDARY_EXEC_ENABLE_INVPCID) &&
		       nvmx_route_proc(v, CPU_BASED_INVLPG_EXITING);
	case EXIT_REASON_UMWAIT:
	case EXIT_REASON_TPAUSE:
		return (proc2 & SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE) &&
		       nvmx_route_proc(v, CPU_BASED_RDTSC_EXITING);
	case EXIT_REASON_PAUSE_INSTRUCTION:
		return nvmx_route_proc(v, CPU_BASED_PAUSE_EXITING) ||
		       (proc2 & SECONDARY_EXEC_PAUSE_LOOP_EXITING);
	case EXIT_REASON_PREEMPTION_TIMER:
		return !!(NVMX_RV(v, PIN_BASED_VM_EXEC_CONTROL) &
			  PIN_BASED_VMX_PREEMPTION_TIMER);
	case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
	case EXIT_REASON_MCE_DURING_VMENTRY:
	case EXIT_REASON_PML_FULL:
	case EXIT_REASON_BUS_LOCK:
	case EXIT_REASON_NOTIFY:
		return 0;
	}
	return -1;
}

/**
 * nvmx_route_l1_wants() - would L1's controls have caused this L2 exit?
 * @v: L1's vmcs12 (the snapshot taken at the entry)
 * @ei: the exit, basic reason in bits 15:0 of @ei->reason
 * @ctx: the caller's knowledge of the exit, and L1's bitmaps
 *
 * Triple fault, INIT and SIPI always exit (SDM Vol. 3C 26.2); external
 * interrupts exit with "external-interrupt exiting" (26.2) when they are
 * L1's (@ctx->event_for_l1; host interrupts are always L0's); EPT
 * violations and misconfigurations are L1's when L1 enabled EPT and its
 * tables caused them (@ctx->ept_for_l1, decided by nested EPT: SDM Vol.
 * 3C 29.3.3); VM-entry failures (reasons 33, 34: L1 state the checks did
 * not catch) go to L1 as such.  Anything not known here, GETSEC (11, no
 * asm/vmx.h name, 26.1.2 unconditional) among them, is L1's, as KVM.
 *
 * Return: true if the exit goes to L1.
 */
static inline bool nvmx_route_l1_wants(const struct nvmx_vmcs12 *v,
				       const struct nvmx_exit_info *ei,
				       const struct nvmx_route_ctx *ctx)
{
	u32 reason = ei->reason & 0xffff;
	u32 ctl;
	int other;

	if (nvmx_route_unconditional(reason))
		return true;
	ctl = nvmx_route_proc_ctl(reason);
	if (ctl)
		return nvmx_route_proc(v, ctl);
	ctl = nvmx_route_proc2_ctl(reason);
	if (ctl)
		return nvmx_route_proc2(v) & ctl;
	other = nvmx_route_other(v, reason);
	if (other >= 0)
		return other;
	switch (reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		return nvmx_route_exception(v, ei, ctx);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return ctx->event_for_l1 &&
		       (NVMX_RV(v, PIN_BASED_VM_EXEC_CONTROL) &
			PIN_BASED_EXT_INTR_MASK);
	case EXIT_REASON_CR_ACCESS:
		return nvmx_route_cr(v, ei, ctx);
	case EXIT_REASON_IO_INSTRUCTION:
		return nvmx_route_io(v, ei, ctx);
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
		return nvmx_route_msr(v, ctx, reason == EXIT_REASON_MSR_WRITE);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		return ctx->ept_for_l1 &&
		       (nvmx_route_proc2(v) & SECONDARY_EXEC_ENABLE_EPT);
	}
	return true;
}

#undef NVMX_RV

#endif /* NVMX_NESTED_ROUTE_RULES_H */
