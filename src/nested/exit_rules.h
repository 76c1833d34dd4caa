/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure rules of an emulated VM exit from L2 to L1 (SDM Vol. 3C chapter
 * 28) and of the VMX MSR lists (27.4, 28.4, 28.6), over a vmcs12
 * snapshot: which guest-state fields an exit saves, what L1's registers
 * become when its host state is loaded, which MSR-list entries are
 * valid.  exit.c applies them to the hardware VMCSs.
 *
 * No kernel dependency beyond u16/u32/u64, bool, the uapi
 * <asm/processor-flags.h> and <asm/vmx.h> (exit reasons), vmcs12.h, and
 * the asm/vmx.h (VM_EXIT_*, VM_ENTRY_*, VMX_AR_*, INTR_*,
 * GUEST_INTR_STATE_NMI, VMX_MISC_*, vmx_misc_max_msr()) and asm/msr-index.h
 * (MSR_*, EFER_*) constants, which the kernel build takes from those
 * headers and selftests/unit/exit_rules_test.c supplies.
 */
#ifndef NVMX_NESTED_EXIT_RULES_H
#define NVMX_NESTED_EXIT_RULES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <asm/msr-index.h>
#endif
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "vmcs12.h"

/*
 * SDM Vol. 3C 28.5.1: the CR0 bits a VM exit loads from the host CR0
 * field.  ET, CD, NW, bits 63:32, 28:19, 17 and 15:6 are not modified,
 * nor is any bit fixed in VMX operation.
 */
#define NVMX_EXIT_CR0_LOADED	(X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | \
				 X86_CR0_TS | X86_CR0_NE | X86_CR0_WP | \
				 X86_CR0_AM | X86_CR0_PG)

/* SDM Vol. 3C 28.5.1: bits 63:52 of the host CR3 are cleared. */
#define NVMX_EXIT_CR3_MAX_BITS	52

/* SDM Vol. 3C 28.5.1: DR7 after a VM exit. */
#define NVMX_EXIT_DR7		0x400

/* SDM Vol. 3C 28.5.2: GDTR and IDTR limits after a VM exit. */
#define NVMX_EXIT_DT_LIMIT	0xffff

/* SDM Vol. 3C 28.5.2: TR limit after a VM exit. */
#define NVMX_EXIT_TR_LIMIT	0x67

/* SDM Vol. 3C 28.5.3: RFLAGS after a VM exit, all clear but bit 1. */
#define NVMX_EXIT_RFLAGS	0x2

/* SDM Vol. 3C 25.11.2: bits 11:10 of a field encoding, 2 = guest state. */
#define NVMX_EXIT_ENC_TYPE(enc)		(((enc) >> 10) & 3)
#define NVMX_EXIT_ENC_GUEST_STATE	2

/*
 * SDM Vol. 3C 28.5.2: access rights of the segments a VM exit loads
 * (SDM Vol. 3C 25.4.1 Table 25-2 gives the format).  CS: type 11
 * (execute/read, accessed), S, DPL 0, P, G (L or D/B added from the
 * "host address-space size" control).  SS, DS, ES, FS, GS with a
 * non-null selector: type 3 (read/write, accessed), S, DPL 0, P, D/B, G.
 * TR: type 11 (busy TSS), P; S, DPL, D/B, L and G 0.
 */
#define NVMX_EXIT_AR_CS		(11 | VMX_AR_S_MASK | VMX_AR_P_MASK | \
				 VMX_AR_G_MASK)
#define NVMX_EXIT_AR_DATA	(3 | VMX_AR_S_MASK | VMX_AR_P_MASK | \
				 VMX_AR_DB_MASK | VMX_AR_G_MASK)
#define NVMX_EXIT_AR_TR		(VMX_AR_TYPE_BUSY_64_TSS | VMX_AR_P_MASK)

/**
 * nvmx_exit_fixed_bits() - the bits of a control register fixed in VMX
 *                          operation
 * @fixed0: IA32_VMX_CR0/CR4_FIXED0 as given to L1 (1: fixed to 1)
 * @fixed1: IA32_VMX_CR0/CR4_FIXED1 as given to L1 (0: fixed to 0)
 *
 * SDM Vol. 3C 24.8, Vol. 3D A.7, A.8.
 *
 * Return: the mask of fixed bits.
 */
static inline u64 nvmx_exit_fixed_bits(u64 fixed0, u64 fixed1)
{
	return fixed0 | ~fixed1;
}

/**
 * nvmx_exit_host_cr0() - L1's CR0 after a VM exit
 * @old: L1's CR0 before (as L1 sees it)
 * @host: the host CR0 field of vmcs12
 * @fixed0: IA32_VMX_CR0_FIXED0 given to L1
 * @fixed1: IA32_VMX_CR0_FIXED1 given to L1
 *
 * SDM Vol. 3C 28.5.1: the bits of NVMX_EXIT_CR0_LOADED that VMX
 * operation does not fix come from @host, all others stay as they were.
 *
 * Return: the new CR0.
 */
static inline u64 nvmx_exit_host_cr0(u64 old, u64 host, u64 fixed0,
				     u64 fixed1)
{
	u64 load = NVMX_EXIT_CR0_LOADED & ~nvmx_exit_fixed_bits(fixed0, fixed1);

	return (old & ~load) | (host & load);
}

/**
 * nvmx_exit_host_cr3() - L1's CR3 after a VM exit
 * @host: the host CR3 field of vmcs12
 * @maxphyaddr: L1's physical-address width
 *
 * SDM Vol. 3C 28.5.1: bits 63:52 and the bits of 51:32 beyond the
 * physical-address width are cleared (27.2.2 already refuses an entry
 * with any of them set, so this only ever matters for a corrupt VMCS).
 *
 * Return: the new CR3.
 */
static inline u64 nvmx_exit_host_cr3(u64 host, unsigned int maxphyaddr)
{
	if (maxphyaddr > NVMX_EXIT_CR3_MAX_BITS)
		maxphyaddr = NVMX_EXIT_CR3_MAX_BITS;
	return host & ((1ULL << maxphyaddr) - 1);
}

/**
 * nvmx_exit_host_cr4() - L1's CR4 after a VM exit
 * @old: L1's CR4 before (as L1 sees it)
 * @host: the host CR4 field of vmcs12
 * @fixed0: IA32_VMX_CR4_FIXED0 given to L1
 * @fixed1: IA32_VMX_CR4_FIXED1 given to L1
 * @host64: the "host address-space size" VM-exit control
 *
 * SDM Vol. 3C 28.5.1: loaded from @host except the bits fixed in VMX
 * operation; CR4.PAE is set if @host64, CR4.PCIDE cleared if not.
 *
 * Return: the new CR4.
 */
static inline u64 nvmx_exit_host_cr4(u64 old, u64 host, u64 fixed0,
				     u64 fixed1, bool host64)
{
	u64 fixed = nvmx_exit_fixed_bits(fixed0, fixed1);
	u64 cr4 = (old & fixed) | (host & ~fixed);

	if (host64)
		return cr4 | X86_CR4_PAE;
	return cr4 & ~(u64)X86_CR4_PCIDE;
}

/**
 * nvmx_exit_host_efer() - L1's IA32_EFER after a VM exit
 * @old: L1's EFER before
 * @host_efer: the host IA32_EFER field of vmcs12
 * @exit_ctls: L1's VM-exit controls
 *
 * SDM Vol. 3C 28.5.1: with "load IA32_EFER" the whole MSR comes from the
 * field; otherwise only LMA and LME change, both to the "host
 * address-space size" control.
 *
 * Return: the new EFER.
 */
static inline u64 nvmx_exit_host_efer(u64 old, u64 host_efer, u32 exit_ctls)
{
	if (exit_ctls & VM_EXIT_LOAD_IA32_EFER)
		return host_efer;
	if (exit_ctls & VM_EXIT_HOST_ADDR_SPACE_SIZE)
		return old | EFER_LME | EFER_LMA;
	return old & ~(u64)(EFER_LME | EFER_LMA);
}

/* The segment registers a VM exit loads (SDM Vol. 3C 28.5.2). */
enum nvmx_exit_seg {
	NVMX_EXIT_ES,
	NVMX_EXIT_CS,
	NVMX_EXIT_SS,
	NVMX_EXIT_DS,
	NVMX_EXIT_FS,
	NVMX_EXIT_GS,
	NVMX_EXIT_TR,
	NVMX_EXIT_LDTR,
	NVMX_EXIT_NR_SEGS,
};

/**
 * struct nvmx_exit_seg_state - one segment register as a VM exit leaves it
 * @selector: the selector
 * @base: the base address
 * @limit: the limit
 * @ar: access rights in the VMCS format (SDM Vol. 3C 25.4.1 Table 25-2)
 */
struct nvmx_exit_seg_state {
	u16 selector;
	u64 base;
	u32 limit;
	u32 ar;
};

/* SDM Vol. 3C 28.5.2: the host selector field of @seg, 0 for LDTR. */
static inline u16 nvmx_exit_host_selector(const struct nvmx_vmcs12 *v12,
					  enum nvmx_exit_seg seg)
{
	switch (seg) {
	case NVMX_EXIT_ES:
		return nvmx_vmcs12_get(v12, HOST_ES_SELECTOR);
	case NVMX_EXIT_CS:
		return nvmx_vmcs12_get(v12, HOST_CS_SELECTOR);
	case NVMX_EXIT_SS:
		return nvmx_vmcs12_get(v12, HOST_SS_SELECTOR);
	case NVMX_EXIT_DS:
		return nvmx_vmcs12_get(v12, HOST_DS_SELECTOR);
	case NVMX_EXIT_FS:
		return nvmx_vmcs12_get(v12, HOST_FS_SELECTOR);
	case NVMX_EXIT_GS:
		return nvmx_vmcs12_get(v12, HOST_GS_SELECTOR);
	case NVMX_EXIT_TR:
		return nvmx_vmcs12_get(v12, HOST_TR_SELECTOR);
	default:
		return 0;
	}
}

/* SDM Vol. 3C 28.5.2: FS, GS and TR bases come from the host-state area. */
static inline u64 nvmx_exit_host_base(const struct nvmx_vmcs12 *v12,
				      enum nvmx_exit_seg seg)
{
	switch (seg) {
	case NVMX_EXIT_FS:
		return nvmx_vmcs12_get(v12, HOST_FS_BASE);
	case NVMX_EXIT_GS:
		return nvmx_vmcs12_get(v12, HOST_GS_BASE);
	case NVMX_EXIT_TR:
		return nvmx_vmcs12_get(v12, HOST_TR_BASE);
	default:
		return 0;
	}
}

/**
 * nvmx_exit_host_seg() - a segment register after a VM exit
 * @v12: L1's vmcs12 (host-state area and VM-exit controls)
 * @seg: which register
 * @s: filled with its selector, base, limit and access rights
 *
 * SDM Vol. 3C 28.5.2.  CS: base 0, limit 0xffffffff, NVMX_EXIT_AR_CS,
 * L set to the "host address-space size" control and D/B to its
 * inverse.  TR: base from the field, limit 0x67, NVMX_EXIT_AR_TR.  SS,
 * DS, ES, FS, GS: unusable when the selector is null (their other
 * attributes are then undefined: nvmx gives DPL 0 and nothing else),
 * otherwise base 0, limit 0xffffffff, NVMX_EXIT_AR_DATA; the FS and GS
 * bases come from the host-state area in both cases.  LDTR: selector 0,
 * unusable, base 0.  CS and TR selectors are never null (27.2.3).
 */
static inline void nvmx_exit_host_seg(const struct nvmx_vmcs12 *v12,
				      enum nvmx_exit_seg seg,
				      struct nvmx_exit_seg_state *s)
{
	u32 exit_ctls = nvmx_vmcs12_get(v12, VM_EXIT_CONTROLS);

	s->selector = nvmx_exit_host_selector(v12, seg);
	s->base = nvmx_exit_host_base(v12, seg);
	s->limit = 0xffffffff;
	switch (seg) {
	case NVMX_EXIT_CS:
		s->ar = NVMX_EXIT_AR_CS |
			((exit_ctls & VM_EXIT_HOST_ADDR_SPACE_SIZE) ?
			 VMX_AR_L_MASK : VMX_AR_DB_MASK);
		return;
	case NVMX_EXIT_TR:
		s->limit = NVMX_EXIT_TR_LIMIT;
		s->ar = NVMX_EXIT_AR_TR;
		return;
	case NVMX_EXIT_LDTR:
		s->limit = 0;
		s->ar = VMX_AR_UNUSABLE_MASK;
		return;
	default:
		s->ar = s->selector ? NVMX_EXIT_AR_DATA : VMX_AR_UNUSABLE_MASK;
		return;
	}
}

/**
 * enum nvmx_exit_save - where a vmcs12 field's value comes from on a
 *                       VM exit
 * @NVMX_SAVE_SKIP: not a guest-state field: the exit does not write it
 * @NVMX_SAVE_KEEP: a guest-state field this exit does not save: it keeps
 *                  L1's value
 * @NVMX_SAVE_HW: saved: the value the hardware left in vmcs02
 * @NVMX_SAVE_VCPU: saved: RIP, RSP or RFLAGS, from the vCPU (L0 may have
 *                  moved them since the hardware exit)
 */
enum nvmx_exit_save {
	NVMX_SAVE_SKIP,
	NVMX_SAVE_KEEP,
	NVMX_SAVE_HW,
	NVMX_SAVE_VCPU,
};

/* SDM Vol. 3C 28.3.1, 28.3.4: guest fields saved only under a control. */
static inline int nvmx_exit_save_cond(int idx, u32 exit_ctls, bool l1_ept)
{
	switch (idx) {
	case NVMX_F_GUEST_DR7:
	case NVMX_F_GUEST_IA32_DEBUGCTL:
		return !!(exit_ctls & VM_EXIT_SAVE_DEBUG_CONTROLS);
	case NVMX_F_GUEST_IA32_PAT:
		return !!(exit_ctls & VM_EXIT_SAVE_IA32_PAT);
	case NVMX_F_GUEST_IA32_EFER:
		return !!(exit_ctls & VM_EXIT_SAVE_IA32_EFER);
	case NVMX_F_VMX_PREEMPTION_TIMER_VALUE:
		return !!(exit_ctls & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	case NVMX_F_GUEST_PDPTR0:
	case NVMX_F_GUEST_PDPTR1:
	case NVMX_F_GUEST_PDPTR2:
	case NVMX_F_GUEST_PDPTR3:
		return l1_ept;
	case NVMX_F_VMCS_LINK_POINTER:
		return 0;
	default:
		return -1;
	}
}

/**
 * nvmx_exit_save_rule() - how a VM exit treats one vmcs12 field
 * @idx: the field's row (enum nvmx_vmcs_field_idx)
 * @enc: its encoding
 * @exit_ctls: L1's VM-exit controls
 * @l1_ept: L1's "enable EPT" control is in effect
 *
 * SDM Vol. 3C 28.3: every guest-state field is saved (CR0, CR3, CR4,
 * SYSENTER MSRs 28.3.1; segment and descriptor-table registers 28.3.2;
 * RIP, RSP, RFLAGS 28.3.3; activity, interruptibility, pending debug
 * exceptions 28.3.4) except DR7 and IA32_DEBUGCTL without "save debug
 * controls", IA32_PAT without "save IA32_PAT", IA32_EFER without "save
 * IA32_EFER", the VMX-preemption timer value without its save control
 * (28.3.4), the PDPTEs without EPT (28.3.4) and the VMCS link pointer,
 * which no exit writes.
 *
 * Return: an enum nvmx_exit_save.
 */
static inline enum nvmx_exit_save nvmx_exit_save_rule(int idx, u32 enc,
						      u32 exit_ctls,
						      bool l1_ept)
{
	int cond;

	if (NVMX_EXIT_ENC_TYPE(enc) != NVMX_EXIT_ENC_GUEST_STATE)
		return NVMX_SAVE_SKIP;
	if (idx == NVMX_F_GUEST_RIP || idx == NVMX_F_GUEST_RSP ||
	    idx == NVMX_F_GUEST_RFLAGS)
		return NVMX_SAVE_VCPU;
	cond = nvmx_exit_save_cond(idx, exit_ctls, l1_ept);
	if (!cond)
		return NVMX_SAVE_KEEP;
	return NVMX_SAVE_HW;
}

/**
 * nvmx_exit_entry_ctls() - L1's VM-entry controls after a VM exit
 * @entry_ctls: L1's VM-entry controls before
 * @lma: IA32_EFER.LMA of L2 at the exit
 * @misc: IA32_VMX_MISC as given to L1
 *
 * SDM Vol. 3C 28.2: if IA32_VMX_MISC bit 5 is 1 (SDM Vol. 3D A.6), the
 * exit stores IA32_EFER.LMA into the "IA-32e mode guest" control.
 *
 * Return: the new VM-entry controls.
 */
static inline u32 nvmx_exit_entry_ctls(u32 entry_ctls, bool lma, u64 misc)
{
	if (!(misc & VMX_MISC_SAVE_EFER_LMA))
		return entry_ctls;
	if (lma)
		return entry_ctls | VM_ENTRY_IA32E_MODE;
	return entry_ctls & ~(u32)VM_ENTRY_IA32E_MODE;
}

/**
 * nvmx_exit_intr_info() - the VM-exit interruption information L1 reads
 * @reason: the exit reason
 * @intr_info: the interruption information L0 has for the exit (for an
 *             external interrupt L0 delivers, its vector in bits 7:0)
 * @exit_ctls: L1's VM-exit controls
 *
 * SDM Vol. 3C 28.2.2: for an exit due to an external interrupt the
 * field is valid, with the vector and type "external interrupt", only
 * if L1 set "acknowledge interrupt on exit"; otherwise it is invalid.
 * Other exits keep @intr_info.
 *
 * Return: the field's value.
 */
static inline u32 nvmx_exit_intr_info(u32 reason, u32 intr_info,
				      u32 exit_ctls)
{
	if ((u16)reason != EXIT_REASON_EXTERNAL_INTERRUPT)
		return intr_info;
	if (!(exit_ctls & VM_EXIT_ACK_INTR_ON_EXIT))
		return 0;
	return (intr_info & INTR_INFO_VECTOR_MASK) | INTR_TYPE_EXT_INTR |
	       INTR_INFO_VALID_MASK;
}

/**
 * nvmx_exit_is_nmi() - was the exit caused directly by an NMI?
 * @reason: the exit reason
 * @intr_info: the VM-exit interruption information
 *
 * Return: true for exit reason 0 with a valid NMI (SDM Vol. 3C 28.2.2).
 */
static inline bool nvmx_exit_is_nmi(u32 reason, u32 intr_info)
{
	return reason == EXIT_REASON_EXCEPTION_NMI &&
	       (intr_info & INTR_INFO_VALID_MASK) &&
	       (intr_info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR;
}

/**
 * nvmx_exit_interruptibility() - L1's interruptibility after a VM exit
 * @old: L1's interruptibility state before the VM entry
 * @nmi_exit: the exit was caused directly by an NMI
 *
 * SDM Vol. 3C 28.5.5: no blocking by STI or MOV SS (nor SMI) after a
 * VM exit; an exit caused directly by an NMI blocks NMIs, other exits
 * leave NMI blocking as it was (and a VM-entry failure restores it as
 * it was before the entry, 27.8 step 3).
 *
 * Return: the interruptibility-state field for L1.
 */
static inline u32 nvmx_exit_interruptibility(u32 old, bool nmi_exit)
{
	return (old & GUEST_INTR_STATE_NMI) |
	       (nmi_exit ? GUEST_INTR_STATE_NMI : 0);
}

/**
 * enum nvmx_msr_area - the three VMX MSR lists
 * @NVMX_MSR_ENTRY_LOAD: VM-entry MSR-load area (SDM Vol. 3C 27.4)
 * @NVMX_MSR_EXIT_STORE: VM-exit MSR-store area (SDM Vol. 3C 28.4)
 * @NVMX_MSR_EXIT_LOAD: VM-exit MSR-load area (SDM Vol. 3C 28.6)
 */
enum nvmx_msr_area {
	NVMX_MSR_ENTRY_LOAD,
	NVMX_MSR_EXIT_STORE,
	NVMX_MSR_EXIT_LOAD,
};

/* SDM Vol. 3C 25.7.2, 25.8.2: the bytes of one MSR-list entry. */
#define NVMX_MSR_ENTRY_SIZE	16

/* SDM Vol. 3C 27.4, 28.4, 28.6: x2APIC MSRs have bits 31:8 = 000008H. */
#define NVMX_MSR_X2APIC_HI	0x8

/**
 * nvmx_msr_entry_ok() - does one MSR-list entry pass the list's checks?
 * @area: which list
 * @index: bits 31:0 of the entry, the MSR
 * @reserved: bits 63:32 of the entry
 *
 * SDM Vol. 3C 27.4 and 28.6 (loading): bits 63:32 must be 0; not
 * IA32_FS_BASE or IA32_GS_BASE; not an x2APIC MSR (bits 31:8 = 000008H);
 * not an MSR writable only in SMM (IA32_SMM_MONITOR_CTL; L1 never runs
 * in SMM).  SDM Vol. 3C 28.4 (storing): bits 63:32 must be 0; not an
 * x2APIC MSR; not an MSR readable only in SMM (IA32_SMBASE).  The last
 * rule of each list, that WRMSR / RDMSR at CPL 0 would not #GP, is the
 * caller's (the same path as L1's own WRMSR/RDMSR).
 *
 * Return: true if the entry may be processed.
 */
static inline bool nvmx_msr_entry_ok(enum nvmx_msr_area area, u32 index,
				     u32 reserved)
{
	if (reserved)
		return false;
	if ((index >> 8) == NVMX_MSR_X2APIC_HI)
		return false;
	if (area == NVMX_MSR_EXIT_STORE)
		return index != MSR_IA32_SMBASE;
	return index != MSR_FS_BASE && index != MSR_GS_BASE &&
	       index != MSR_IA32_SMM_MONITOR_CTL;
}

/**
 * nvmx_msr_list_max() - the recommended maximum entries of an MSR list
 * @misc: IA32_VMX_MISC as given to L1
 *
 * SDM Vol. 3D A.6: bits 27:25 hold N, the maximum is 512 * (N + 1).
 * The SDM leaves a longer list undefined; nvmx, as KVM, treats the
 * first entry past the maximum as a failing entry.
 *
 * Return: the maximum number of entries of each list.
 */
static inline u32 nvmx_msr_list_max(u64 misc)
{
	return VMX_MISC_MSR_LIST_MULTIPLIER * (vmx_misc_max_msr(misc) + 1);
}

#endif /* NVMX_NESTED_EXIT_RULES_H */
