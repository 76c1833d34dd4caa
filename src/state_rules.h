/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure architectural checks on guest state: EFER, PAT, MTRRs,
 * IA32_APIC_BASE, CR0, CR4, XCR0, and the VMCS segment access-rights
 * format.  Every function answers as KVM does for the same input.
 *
 * No kernel dependency beyond u32, u64, bool, the uapi <linux/kvm.h>
 * and <asm/processor-flags.h>, plus the EFER_* (asm/msr-index.h) and
 * XFEATURE_MASK_* (asm/fpu/types.h), MSR_IA32_APICBASE_* (asm/msr-index.h),
 * X2APIC_ENABLE (asm/apicdef.h) and VMX_AR_UNUSABLE_MASK (asm/vmx.h)
 * masks, which the kernel build takes from those headers and
 * selftests/unit/state_rules_test.c supplies.
 */
#ifndef NVMX_STATE_RULES_H
#define NVMX_STATE_RULES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <asm/apicdef.h>
#include <asm/fpu/types.h>
#include <asm/msr-index.h>
#include <asm/vmx.h>
#endif
#include <linux/kvm.h>
#include <asm/processor-flags.h>

/**
 * nvmx_efer_check() - may EFER go from @old to @efer?
 * @old: current EFER
 * @efer: value written
 * @host: the write comes from KVM_SET_MSRS/KVM_SET_SREGS, not WRMSR
 * @paging: guest CR0.PG is set
 * @lm: guest CPUID.80000001H:EDX.LM
 * @nx: guest CPUID.80000001H:EDX.NX
 *
 * SDM Vol. 4 2.2.1 (IA32_EFER: SCE bit 0, LME 8, LMA 10, NXE 11, the
 * rest reserved, #GP on a reserved bit) and Vol. 3A 10.8.5 (changing
 * LME while paging is enabled is a #GP).  Bits the host cannot have are
 * always refused; the guest-CPUID and paging checks apply to WRMSR only.
 *
 * Return: 0 if allowed, 1 if not (#GP for WRMSR).
 */
static inline int nvmx_efer_check(u64 old, u64 efer, bool host, bool paging,
				  bool lm, bool nx)
{
	if (efer & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX))
		return 1;
	if (host)
		return 0;
	if ((efer & (EFER_LME | EFER_LMA)) && !lm)
		return 1;
	if ((efer & EFER_NX) && !nx)
		return 1;
	if (paging && ((old ^ efer) & EFER_LME))
		return 1;
	return 0;
}

/**
 * nvmx_mem_type_valid() - a PAT/MTRR memory type encoding
 * @t: the type
 * @pat: PAT also allows 7 (UC-)
 *
 * SDM Vol. 3A 13.11.1 (MTRR types 0 UC, 1 WC, 4 WT, 5 WP, 6 WB) and
 * 13.12.2 (PAT adds 7 UC-); 2, 3 and above 7 are reserved.
 *
 * Return: true if @t is a valid type.
 */
static inline bool nvmx_mem_type_valid(u64 t, bool pat)
{
	if (t > 7)
		return false;
	return ((pat ? 0xf3u : 0x73u) >> t) & 1;
}

/**
 * nvmx_pat_valid() - IA32_PAT value check
 * @pat: the eight PAT entries, one per byte
 *
 * SDM Vol. 3A 13.12.2: a reserved type in any entry is a #GP.
 *
 * Return: true if valid.
 */
static inline bool nvmx_pat_valid(u64 pat)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (!nvmx_mem_type_valid((pat >> (8 * i)) & 0xff, true))
			return false;
	return true;
}

/**
 * nvmx_mtrr_fixed_valid() - fixed-range MTRR value check
 * @data: eight range types, one per byte
 *
 * SDM Vol. 3A 13.11.2.2.
 *
 * Return: true if every byte is an MTRR type.
 */
static inline bool nvmx_mtrr_fixed_valid(u64 data)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (!nvmx_mem_type_valid((data >> (8 * i)) & 0xff, false))
			return false;
	return true;
}

/**
 * nvmx_mtrr_deftype_valid() - IA32_MTRR_DEF_TYPE value check
 * @data: type in bits 7:0, FE bit 10, E bit 11
 *
 * SDM Vol. 3A 13.11.2.1: other bits are reserved.
 *
 * Return: true if valid.
 */
static inline bool nvmx_mtrr_deftype_valid(u64 data)
{
	if (data & ~0xcffULL)
		return false;
	return nvmx_mem_type_valid(data & 0xff, false);
}

/**
 * nvmx_mtrr_var_valid() - IA32_MTRR_PHYSBASEn / PHYSMASKn value check
 * @data: the value
 * @is_mask: PHYSMASKn (odd MSR) rather than PHYSBASEn
 * @maxphyaddr: guest MAXPHYADDR (CPUID.80000008H:EAX[7:0])
 *
 * SDM Vol. 3A 13.11.2.3: PHYSBASE has the type in bits 7:0 and reserves
 * bits 11:8; PHYSMASK reserves bits 10:0 (bit 11 is V); both reserve
 * bits at and above MAXPHYADDR.
 *
 * Return: true if valid.
 */
static inline bool nvmx_mtrr_var_valid(u64 data, bool is_mask,
				       unsigned int maxphyaddr)
{
	u64 rsvd = maxphyaddr >= 64 ? 0 : ~0ULL << maxphyaddr;

	if (is_mask) {
		rsvd |= 0x7ff;
	} else {
		if (!nvmx_mem_type_valid(data & 0xff, false))
			return false;
		rsvd |= 0xf00;
	}
	return !(data & rsvd);
}

/**
 * nvmx_apic_base_check() - may IA32_APIC_BASE go from @old to @val?
 * @old: current value
 * @val: value written
 * @host: written by KVM_SET_MSRS/KVM_SET_SREGS
 * @maxphyaddr: guest MAXPHYADDR
 * @x2apic: guest CPUID.1:ECX.x2APIC
 *
 * SDM Vol. 3A 12.4.4 (bits 7:0, 9 and those at and above MAXPHYADDR are
 * reserved) and 12.12.5 (EXTD without EN is invalid; a guest cannot go
 * from x2APIC to xAPIC mode, nor from disabled to x2APIC directly).
 *
 * Return: 0 if allowed, 1 if not.
 */
static inline int nvmx_apic_base_check(u64 old, u64 val, bool host,
				       unsigned int maxphyaddr, bool x2apic)
{
	u64 rsvd = (maxphyaddr >= 64 ? 0 : ~0ULL << maxphyaddr) | 0x2ff;
	u64 x2 = (u64)MSR_IA32_APICBASE_ENABLE | X2APIC_ENABLE;
	u64 mode = val & x2;
	u64 old_mode = old & x2;

	if (!x2apic)
		rsvd |= X2APIC_ENABLE;
	if ((val & rsvd) || mode == X2APIC_ENABLE)
		return 1;
	if (host)
		return 0;
	if (old_mode == x2 && mode == MSR_IA32_APICBASE_ENABLE)
		return 1;
	if (!old_mode && mode == x2)
		return 1;
	return 0;
}

/* CR0 bits that exist (SDM Vol. 3A 2.5); others are dropped as KVM does. */
#define NVMX_CR0_DEFINED	(X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | \
				 X86_CR0_TS | X86_CR0_ET | X86_CR0_NE | \
				 X86_CR0_WP | X86_CR0_AM | X86_CR0_NW | \
				 X86_CR0_CD | X86_CR0_PG)

/**
 * nvmx_cr0_valid() - the CR0 checks that hold in every mode
 * @cr0: the value
 *
 * SDM Vol. 2B MOV to CR0: #GP on bits 63:32, NW without CD, PG without
 * PE.  KVM_SET_SREGS refuses the same values (-EINVAL).
 *
 * Return: true if valid.
 */
static inline bool nvmx_cr0_valid(u64 cr0)
{
	if (cr0 >> 32)
		return false;
	if ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD))
		return false;
	return !((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE));
}

/**
 * nvmx_cr0_check() - may CR0 be written with *@cr0?
 * @cr0: in: the value; out: with undefined bits 31:0 cleared
 * @old: current CR0
 * @cr4: current CR4
 * @efer: current EFER
 * @cs_l: CS.L (64-bit code segment)
 *
 * SDM Vol. 3A 2.5 and Vol. 2B MOV to CR0: #GP on bits 63:32, NW without
 * CD, PG without PE; Vol. 3A 10.8.5: enabling paging with EFER.LME needs
 * CR4.PAE and not CS.L; Vol. 3A 4.1.1: paging cannot be disabled in
 * 64-bit mode or with CR4.PCIDE set.  (PDPTE checks for PAE paging are
 * the caller's.)
 *
 * Return: 0 if allowed, 1 if not (#GP).
 */
static inline int nvmx_cr0_check(u64 *cr0, u64 old, u64 cr4, u64 efer,
				 bool cs_l)
{
	u64 v = *cr0;

	if (!nvmx_cr0_valid(v))
		return 1;
	v &= NVMX_CR0_DEFINED;
	if (!(old & X86_CR0_PG) && (v & X86_CR0_PG) && (efer & EFER_LME)) {
		if (!(cr4 & X86_CR4_PAE) || cs_l)
			return 1;
	}
	if (!(v & X86_CR0_PG) &&
	    (((efer & EFER_LMA) && cs_l) || (cr4 & X86_CR4_PCIDE)))
		return 1;
	*cr0 = v;
	return 0;
}

/**
 * nvmx_cr4_check() - may CR4 be written with @cr4?
 * @cr4: the value
 * @old: current CR4
 * @reserved: bits the guest may not set (from its CPUID and nvmx)
 * @efer: current EFER
 * @cr3: current CR3
 *
 * SDM Vol. 2B MOV to CR4 and Vol. 3A 2.5: #GP on reserved bits; in
 * IA-32e mode PAE cannot be cleared nor LA57 changed; PCIDE can only be
 * set in IA-32e mode with CR3[11:0] = 0 (Vol. 3A 4.10.1).
 *
 * Return: 0 if allowed, 1 if not (#GP).
 */
static inline int nvmx_cr4_check(u64 cr4, u64 old, u64 reserved, u64 efer,
				 u64 cr3)
{
	if (cr4 & reserved)
		return 1;
	if (efer & EFER_LMA) {
		if (!(cr4 & X86_CR4_PAE))
			return 1;
		if ((cr4 ^ old) & X86_CR4_LA57)
			return 1;
	}
	if ((cr4 & X86_CR4_PCIDE) && !(old & X86_CR4_PCIDE)) {
		if ((cr3 & 0xfff) || !(efer & EFER_LMA))
			return 1;
	}
	return 0;
}

/**
 * nvmx_xcr0_check() - may XCR0 be set to @xcr0?
 * @xcr0: the value
 * @allowed: the features the guest may enable (its CPUID.(0DH,0)
 *           EDX:EAX masked with what nvmx supports)
 *
 * SDM Vol. 1 13.3 and Vol. 2C XSETBV: x87 (bit 0) must be set, AVX
 * (YMM) needs SSE, BNDREGS and BNDCSR go together, the AVX-512 bits
 * (OPMASK, ZMM_Hi256, Hi16_ZMM) all together and only with YMM; bits the
 * guest may not enable are refused.
 *
 * Return: 0 if allowed, 1 if not (#GP).
 */
static inline int nvmx_xcr0_check(u64 xcr0, u64 allowed)
{
	u64 avx512 = XFEATURE_MASK_OPMASK | XFEATURE_MASK_ZMM_Hi256 |
		     XFEATURE_MASK_Hi16_ZMM;

	if (!(xcr0 & XFEATURE_MASK_FP))
		return 1;
	if ((xcr0 & XFEATURE_MASK_YMM) && !(xcr0 & XFEATURE_MASK_SSE))
		return 1;
	if (xcr0 & ~(allowed | XFEATURE_MASK_FP))
		return 1;
	if (!(xcr0 & XFEATURE_MASK_BNDREGS) != !(xcr0 & XFEATURE_MASK_BNDCSR))
		return 1;
	if (xcr0 & avx512) {
		if (!(xcr0 & XFEATURE_MASK_YMM))
			return 1;
		if ((xcr0 & avx512) != avx512)
			return 1;
	}
	return 0;
}

/*
 * VMCS guest segment access rights, SDM Vol. 3C 25.4.1 Table 25-2:
 * type 3:0, S 4, DPL 6:5, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16.
 */

/**
 * nvmx_seg_to_ar() - struct kvm_segment attributes to VMCS access rights
 * @s: the segment
 *
 * A segment that is unusable or not present becomes "unusable" (SDM
 * Vol. 3C 25.4.1: a usable segment is present), as in KVM.
 *
 * Return: the access-rights field value.
 */
static inline u32 nvmx_seg_to_ar(const struct kvm_segment *s)
{
	if (s->unusable || !s->present)
		return VMX_AR_UNUSABLE_MASK;
	return (s->type & 15) | (s->s & 1) << 4 | (s->dpl & 3) << 5 |
	       (s->present & 1) << 7 | (s->avl & 1) << 12 |
	       (s->l & 1) << 13 | (s->db & 1) << 14 | (s->g & 1) << 15;
}

/**
 * nvmx_seg_from_ar() - VMCS access rights to struct kvm_segment attributes
 * @ar: access-rights field value
 * @s: segment whose attribute fields are filled (base, limit, selector
 *     untouched)
 *
 * "present" is reported as the inverse of "unusable", as KVM does, so
 * that a client that saves and restores segments keeps them unusable.
 */
static inline void nvmx_seg_from_ar(u32 ar, struct kvm_segment *s)
{
	s->unusable = !!(ar & VMX_AR_UNUSABLE_MASK);
	s->type = ar & 15;
	s->s = (ar >> 4) & 1;
	s->dpl = (ar >> 5) & 3;
	s->present = !s->unusable;
	s->avl = (ar >> 12) & 1;
	s->l = (ar >> 13) & 1;
	s->db = (ar >> 14) & 1;
	s->g = (ar >> 15) & 1;
	s->padding = 0;
}

#endif /* NVMX_STATE_RULES_H */
