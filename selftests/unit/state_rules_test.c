// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/state_rules.h (no VM, no kernel).
 *
 * The kernel build takes EFER_* from asm/msr-index.h and XFEATURE_MASK_*
 * from asm/fpu/types.h, which userspace does not have; the shim below
 * gives the architectural bit positions (SDM Vol. 4 2.2.1 IA32_EFER;
 * SDM Vol. 1 13.1 state components; the APIC base and access-rights
 * bits below).  Every expected value was worked
 * out by hand from the SDM.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t u32;
typedef uint64_t u64;

#define EFER_SCE		(1ULL << 0)
#define EFER_LME		(1ULL << 8)
#define EFER_LMA		(1ULL << 10)
#define EFER_NX			(1ULL << 11)
#define XFEATURE_MASK_FP	(1ULL << 0)
#define XFEATURE_MASK_SSE	(1ULL << 1)
#define XFEATURE_MASK_YMM	(1ULL << 2)
#define XFEATURE_MASK_BNDREGS	(1ULL << 3)
#define XFEATURE_MASK_BNDCSR	(1ULL << 4)
#define XFEATURE_MASK_OPMASK	(1ULL << 5)
#define XFEATURE_MASK_ZMM_Hi256	(1ULL << 6)
#define XFEATURE_MASK_Hi16_ZMM	(1ULL << 7)
/* SDM Vol. 3A 12.4.4, 12.12.1; Vol. 3C 25.4.1 Table 25-2 */
#define MSR_IA32_APICBASE_BSP	(1 << 8)
#define X2APIC_ENABLE		(1UL << 10)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define VMX_AR_UNUSABLE_MASK	(1 << 16)

#include "state_rules.h"
#include "kselftest_harness.h"

#define LM_EFER	(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)

TEST(efer_reserved_bit_refused_even_for_host)
{
	ASSERT_EQ(1, nvmx_efer_check(0, 1ULL << 1, true, false, true, true));
	ASSERT_EQ(1, nvmx_efer_check(0, 1ULL << 12, false, false, true, true));
	ASSERT_EQ(1, nvmx_efer_check(0, 1ULL << 63, true, false, true, true));
}

TEST(efer_lme_needs_guest_lm)
{
	ASSERT_EQ(1, nvmx_efer_check(0, EFER_LME, false, false, false, true));
	ASSERT_EQ(0, nvmx_efer_check(0, EFER_LME, false, false, true, true));
	/* Host writes ignore guest CPUID, as KVM_SET_MSRS does. */
	ASSERT_EQ(0, nvmx_efer_check(0, EFER_LME, true, false, false, true));
}

TEST(efer_nx_needs_guest_nx)
{
	ASSERT_EQ(1, nvmx_efer_check(0, EFER_NX, false, false, true, false));
	ASSERT_EQ(0, nvmx_efer_check(0, EFER_NX, false, false, true, true));
}

TEST(efer_lme_change_with_paging_refused)
{
	ASSERT_EQ(1, nvmx_efer_check(0, EFER_LME, false, true, true, true));
	ASSERT_EQ(1, nvmx_efer_check(LM_EFER, EFER_SCE, false, true, true,
				     true));
	ASSERT_EQ(0, nvmx_efer_check(LM_EFER, LM_EFER & ~EFER_SCE, false,
				     true, true, true));
	ASSERT_EQ(0, nvmx_efer_check(0, EFER_LME, true, true, true, true));
}

TEST(pat_types)
{
	ASSERT_TRUE(nvmx_pat_valid(0x0007040600070406ULL));	/* reset */
	ASSERT_TRUE(nvmx_pat_valid(0x0706050401000000ULL));
	ASSERT_FALSE(nvmx_pat_valid(0x0000000000000002ULL));
	ASSERT_FALSE(nvmx_pat_valid(0x0300000000000000ULL));
	ASSERT_FALSE(nvmx_pat_valid(0x0000000000000800ULL));
}

TEST(mtrr_types_exclude_uc_minus)
{
	ASSERT_TRUE(nvmx_mtrr_fixed_valid(0x0606060605050404ULL));
	ASSERT_FALSE(nvmx_mtrr_fixed_valid(0x0700000000000000ULL));
	ASSERT_FALSE(nvmx_mtrr_fixed_valid(0x0000000000000300ULL));
}

TEST(mtrr_deftype)
{
	ASSERT_TRUE(nvmx_mtrr_deftype_valid(0xc06));
	ASSERT_TRUE(nvmx_mtrr_deftype_valid(0));
	ASSERT_FALSE(nvmx_mtrr_deftype_valid(0x100));
	ASSERT_FALSE(nvmx_mtrr_deftype_valid(0x1000));
	ASSERT_FALSE(nvmx_mtrr_deftype_valid(0x002));
}

TEST(mtrr_physbase)
{
	ASSERT_TRUE(nvmx_mtrr_var_valid(0x80000006ULL, false, 36));
	ASSERT_FALSE(nvmx_mtrr_var_valid(0x80000106ULL, false, 36));
	ASSERT_FALSE(nvmx_mtrr_var_valid(0x80000007ULL, false, 36));
	ASSERT_FALSE(nvmx_mtrr_var_valid(1ULL << 36, false, 36));
	ASSERT_TRUE(nvmx_mtrr_var_valid(1ULL << 36, false, 39));
}

TEST(mtrr_physmask)
{
	ASSERT_TRUE(nvmx_mtrr_var_valid(0xf80000800ULL, true, 36));
	ASSERT_FALSE(nvmx_mtrr_var_valid(0xf80000801ULL, true, 36));
	ASSERT_FALSE(nvmx_mtrr_var_valid(0x1f80000800ULL, true, 36));
}

TEST(apic_base)
{
	u64 def = 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_BSP;

	ASSERT_EQ(0, nvmx_apic_base_check(def, def, false, 36, false));
	ASSERT_EQ(1, nvmx_apic_base_check(def, def | 1, true, 36, false));
	ASSERT_EQ(1, nvmx_apic_base_check(def, def | (1ULL << 9), true, 36,
					  false));
	ASSERT_EQ(1, nvmx_apic_base_check(def, def | (1ULL << 36), true, 36,
					  false));
	/* x2APIC needs CPUID; EXTD alone is invalid even then. */
	ASSERT_EQ(1, nvmx_apic_base_check(def, def | X2APIC_ENABLE,
					  false, 36, false));
	ASSERT_EQ(0, nvmx_apic_base_check(def, def | X2APIC_ENABLE,
					  false, 36, true));
	ASSERT_EQ(1, nvmx_apic_base_check(def, (def & ~MSR_IA32_APICBASE_ENABLE) |
					  X2APIC_ENABLE, true, 36,
					  true));
}

TEST(apic_base_guest_mode_transitions)
{
	u64 x2 = 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE | X2APIC_ENABLE;
	u64 xa = 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE;
	u64 off = 0xfee00000ULL;

	ASSERT_EQ(1, nvmx_apic_base_check(x2, xa, false, 36, true));
	ASSERT_EQ(0, nvmx_apic_base_check(x2, xa, true, 36, true));
	ASSERT_EQ(1, nvmx_apic_base_check(off, x2, false, 36, true));
	ASSERT_EQ(0, nvmx_apic_base_check(x2, off, false, 36, true));
}

TEST(cr0_high_bits_fault_low_undefined_dropped)
{
	u64 cr0 = 1ULL << 32 | X86_CR0_PE;

	ASSERT_EQ(1, nvmx_cr0_check(&cr0, 0, 0, 0, false));
	cr0 = X86_CR0_PE | X86_CR0_ET | (1u << 6);
	ASSERT_EQ(0, nvmx_cr0_check(&cr0, 0, 0, 0, false));
	ASSERT_EQ((u64)(X86_CR0_PE | X86_CR0_ET), cr0);
}

TEST(cr0_nw_without_cd_and_pg_without_pe)
{
	u64 cr0 = X86_CR0_NW;

	ASSERT_EQ(1, nvmx_cr0_check(&cr0, 0, 0, 0, false));
	cr0 = X86_CR0_NW | X86_CR0_CD;
	ASSERT_EQ(0, nvmx_cr0_check(&cr0, 0, 0, 0, false));
	cr0 = X86_CR0_PG;
	ASSERT_EQ(1, nvmx_cr0_check(&cr0, 0, 0, 0, false));
}

TEST(cr0_valid_in_every_mode)
{
	ASSERT_TRUE(nvmx_cr0_valid(0x60000010));
	ASSERT_TRUE(nvmx_cr0_valid(X86_CR0_PE | X86_CR0_PG));
	ASSERT_FALSE(nvmx_cr0_valid(X86_CR0_PG));
	ASSERT_FALSE(nvmx_cr0_valid(X86_CR0_NW));
	ASSERT_FALSE(nvmx_cr0_valid(1ULL << 32 | X86_CR0_PE));
}

TEST(cr0_enabling_long_mode_paging)
{
	u64 cr0 = X86_CR0_PE | X86_CR0_PG;

	ASSERT_EQ(1, nvmx_cr0_check(&cr0, X86_CR0_PE, 0, EFER_LME, false));
	ASSERT_EQ(0, nvmx_cr0_check(&cr0, X86_CR0_PE, X86_CR4_PAE, EFER_LME,
				    false));
	ASSERT_EQ(1, nvmx_cr0_check(&cr0, X86_CR0_PE, X86_CR4_PAE, EFER_LME,
				    true));
}

TEST(cr0_paging_off_in_64bit_mode_or_pcide)
{
	u64 cr0 = X86_CR0_PE;
	u64 old = X86_CR0_PE | X86_CR0_PG;

	ASSERT_EQ(1, nvmx_cr0_check(&cr0, old, X86_CR4_PAE,
				    EFER_LME | EFER_LMA, true));
	/* Compatibility mode may leave long mode. */
	ASSERT_EQ(0, nvmx_cr0_check(&cr0, old, X86_CR4_PAE,
				    EFER_LME | EFER_LMA, false));
	ASSERT_EQ(1, nvmx_cr0_check(&cr0, old, X86_CR4_PAE | X86_CR4_PCIDE,
				    EFER_LME | EFER_LMA, false));
}

TEST(cr4_reserved_and_long_mode)
{
	u64 lma = EFER_LME | EFER_LMA;

	ASSERT_EQ(1, nvmx_cr4_check(X86_CR4_VMXE, 0, X86_CR4_VMXE, 0, 0));
	ASSERT_EQ(0, nvmx_cr4_check(X86_CR4_PAE, 0, X86_CR4_VMXE, 0, 0));
	ASSERT_EQ(1, nvmx_cr4_check(0, X86_CR4_PAE, 0, lma, 0));
	ASSERT_EQ(1, nvmx_cr4_check(X86_CR4_PAE | X86_CR4_LA57, X86_CR4_PAE,
				    0, lma, 0));
}

TEST(cr4_pcide)
{
	u64 lma = EFER_LME | EFER_LMA;
	u64 c = X86_CR4_PAE | X86_CR4_PCIDE;

	ASSERT_EQ(1, nvmx_cr4_check(c, X86_CR4_PAE, 0, 0, 0));
	ASSERT_EQ(1, nvmx_cr4_check(c, X86_CR4_PAE, 0, lma, 0x1001));
	ASSERT_EQ(0, nvmx_cr4_check(c, X86_CR4_PAE, 0, lma, 0x1000));
	/* Already set: CR3[11:0] is the PCID, not checked. */
	ASSERT_EQ(0, nvmx_cr4_check(c, c, 0, lma, 0x1001));
}

TEST(xcr0_rules)
{
	u64 all = 0xffULL;

	ASSERT_EQ(0, nvmx_xcr0_check(1, all));
	ASSERT_EQ(1, nvmx_xcr0_check(0, all));
	ASSERT_EQ(1, nvmx_xcr0_check(2, all));
	ASSERT_EQ(1, nvmx_xcr0_check(5, all));
	ASSERT_EQ(0, nvmx_xcr0_check(7, all));
	ASSERT_EQ(1, nvmx_xcr0_check(7, 3));
	ASSERT_EQ(1, nvmx_xcr0_check(0xb, all));
	ASSERT_EQ(0, nvmx_xcr0_check(0x1b, all));
	ASSERT_EQ(1, nvmx_xcr0_check(0x63, all));
	ASSERT_EQ(1, nvmx_xcr0_check(0x67, all));
	ASSERT_EQ(0, nvmx_xcr0_check(0xe7, all));
	ASSERT_EQ(1, nvmx_xcr0_check(0xe3, all));
	/* x87 is always allowed even if the mask forgot it. */
	ASSERT_EQ(0, nvmx_xcr0_check(1, 0));
}

TEST(segment_ar_round_trip)
{
	struct kvm_segment cs = {
		.type = 0xb, .s = 1, .dpl = 0, .present = 1, .avl = 1,
		.l = 1, .db = 0, .g = 1,
	};
	struct kvm_segment out = { 0 };

	ASSERT_EQ(0xb09bU, nvmx_seg_to_ar(&cs));
	nvmx_seg_from_ar(0xb09b, &out);
	ASSERT_EQ(0xb, out.type);
	ASSERT_EQ(1, out.s);
	ASSERT_EQ(1, out.present);
	ASSERT_EQ(1, out.avl);
	ASSERT_EQ(1, out.l);
	ASSERT_EQ(0, out.db);
	ASSERT_EQ(1, out.g);
	ASSERT_EQ(0, out.unusable);
}

TEST(segment_unusable_or_not_present)
{
	struct kvm_segment s = { .type = 3, .s = 1, .present = 0 };
	struct kvm_segment out = { 0 };

	ASSERT_EQ(0x10000U, nvmx_seg_to_ar(&s));
	s.present = 1;
	s.unusable = 1;
	ASSERT_EQ(0x10000U, nvmx_seg_to_ar(&s));
	nvmx_seg_from_ar(0x10093, &out);
	ASSERT_EQ(1, out.unusable);
	ASSERT_EQ(0, out.present);
	ASSERT_EQ(3, out.type);
}

TEST(segment_dpl_and_db)
{
	struct kvm_segment ss = { .type = 3, .s = 1, .dpl = 3, .present = 1,
				  .db = 1, .g = 1 };

	ASSERT_EQ(0xc0f3U, nvmx_seg_to_ar(&ss));
}

TEST_HARNESS_MAIN
