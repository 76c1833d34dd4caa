// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/cpuid_rules.h: CPUID table lookup with and
 * without significant indices, the Intel out-of-range rule, the AMD
 * all-zeros rule, leaf 0xB/0x1F fallbacks and XSAVE area sizes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t u32;
typedef uint64_t u64;

#include "cpuid_rules.h"
#include "kselftest_harness.h"

#define SIG	KVM_CPUID_FLAG_SIGNIFCANT_INDEX

/* "GenuineIntel": EBX "Genu", EDX "ineI", ECX "ntel". */
static const struct kvm_cpuid_entry2 intel[] = {
	{ .function = 0, .eax = 0xd, .ebx = 0x756e6547, .ecx = 0x6c65746e,
	  .edx = 0x49656e69 },
	{ .function = 1, .eax = 0x906ea, .ecx = 0x80000000 },
	{ .function = 4, .index = 0, .flags = SIG, .eax = 0x121 },
	{ .function = 4, .index = 1, .flags = SIG, .eax = 0x122 },
	{ .function = 0xb, .index = 0, .flags = SIG, .eax = 1, .edx = 5 },
	{ .function = 0xb, .index = 1, .flags = SIG, .eax = 4, .edx = 5 },
	{ .function = 0xd, .index = 0, .flags = SIG, .eax = 7, .ebx = 832 },
	{ .function = 0xd, .index = 1, .flags = SIG, .eax = 1 },
	{ .function = 0x80000000, .eax = 0x80000008 },
	{ .function = 0x80000008, .eax = 0x3027 },
};

#define N(t) ((u32)(sizeof(t) / sizeof((t)[0])))

TEST(exact_match_non_indexed_ignores_ecx)
{
	u32 r[4];

	ASSERT_TRUE(nvmx_cpuid_lookup(intel, N(intel), 1, 0x1234, r));
	ASSERT_EQ(0x906eaU, r[0]);
	ASSERT_EQ(0x80000000U, r[2]);
}

TEST(indexed_leaf_uses_index)
{
	u32 r[4];

	ASSERT_TRUE(nvmx_cpuid_lookup(intel, N(intel), 4, 1, r));
	ASSERT_EQ(0x122U, r[0]);
	ASSERT_TRUE(nvmx_cpuid_lookup(intel, N(intel), 0xd, 1, r));
	ASSERT_EQ(1U, r[0]);
}

TEST(indexed_leaf_missing_subleaf_falls_to_max_basic)
{
	u32 r[4];

	/* CPUID.4.7 is not in the table: leaf 4 exists (4 <= 0xd), so
	 * the basic class covers it and the answer is zeros.
	 */
	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 4, 7, r));
	ASSERT_EQ(0U, r[0]);
	ASSERT_EQ(0U, r[1]);
	ASSERT_EQ(0U, r[2]);
	ASSERT_EQ(0U, r[3]);
}

TEST(basic_above_max_gives_max_basic_leaf_same_index)
{
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0x14, 1, r));
	/* CPUID.0xd.1 */
	ASSERT_EQ(1U, r[0]);
	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0x14, 0, r));
	ASSERT_EQ(7U, r[0]);
	ASSERT_EQ(832U, r[1]);
}

TEST(extended_above_max_gives_max_basic_leaf)
{
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0x80000009, 0, r));
	ASSERT_EQ(7U, r[0]);
}

TEST(extended_in_range_missing_gives_zeros)
{
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0x80000001, 0, r));
	ASSERT_EQ(0U, r[0]);
	ASSERT_EQ(0U, r[1]);
}

TEST(hypervisor_class_absent_gives_max_basic_leaf)
{
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0x40000000, 0, r));
	ASSERT_EQ(7U, r[0]);
}

TEST(leaf_b_undefined_subleaf_passes_cl_and_x2apic_id)
{
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(intel, N(intel), 0xb, 0x305, r));
	ASSERT_EQ(0U, r[0]);
	ASSERT_EQ(0U, r[1]);
	ASSERT_EQ(5U, r[2]);
	ASSERT_EQ(5U, r[3]);
}

TEST(amd_vendor_gives_zeros_out_of_range)
{
	/* "AuthenticAMD": EBX "Auth", EDX "enti", ECX "cAMD". */
	static const struct kvm_cpuid_entry2 amd[] = {
		{ .function = 0, .eax = 0x10, .ebx = 0x68747541,
		  .ecx = 0x444d4163, .edx = 0x69746e65 },
	};
	u32 r[4];

	ASSERT_FALSE(nvmx_cpuid_lookup(amd, N(amd), 0x20, 0, r));
	ASSERT_EQ(0U, r[0]);
	ASSERT_EQ(0U, r[1]);
}

TEST(empty_table_gives_zeros)
{
	u32 r[4] = { 1, 2, 3, 4 };

	ASSERT_FALSE(nvmx_cpuid_lookup(NULL, 0, 0, 0, r));
	ASSERT_EQ(0U, r[0]);
	ASSERT_EQ(0U, r[3]);
}

TEST(first_duplicate_wins)
{
	static const struct kvm_cpuid_entry2 dup[] = {
		{ .function = 2, .eax = 1 },
		{ .function = 2, .eax = 2 },
	};

	ASSERT_EQ(1U, nvmx_cpuid_find(dup, 2, 2, 0)->eax);
}

TEST(any_index_matches_indexed_entry)
{
	const struct kvm_cpuid_entry2 *e;

	e = nvmx_cpuid_find(intel, N(intel), 4, NVMX_CPUID_ANY_INDEX);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(0x121U, e->eax);
}

/* A Skylake-like layout: YMM 256@576, BNDREGS 64@960, BNDCSR 64@1024,
 * OPMASK 64@1088, ZMM_Hi256 512@1152, Hi16_ZMM 1024@1664.
 */
static void skylake(struct nvmx_xstate_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->size[2] = 256;  l->offset[2] = 576;
	l->size[3] = 64;   l->offset[3] = 960;
	l->size[4] = 64;   l->offset[4] = 1024;
	l->size[5] = 64;   l->offset[5] = 1088;
	l->size[6] = 512;  l->offset[6] = 1152;
	l->size[7] = 1024; l->offset[7] = 1664;
}

TEST(xsave_size_legacy_only)
{
	struct nvmx_xstate_layout l;

	skylake(&l);
	ASSERT_EQ(576U, nvmx_xsave_size(&l, 3, false));
	ASSERT_EQ(576U, nvmx_xsave_size(&l, 3, true));
}

TEST(xsave_size_standard_is_max_end)
{
	struct nvmx_xstate_layout l;

	skylake(&l);
	ASSERT_EQ(832U, nvmx_xsave_size(&l, 7, false));
	ASSERT_EQ(2688U, nvmx_xsave_size(&l, 0xe7, false));
	/* Gaps are kept in the standard format. */
	ASSERT_EQ(1152U, nvmx_xsave_size(&l, 0x23, false));
}

TEST(xsave_size_compacted_packs_and_aligns)
{
	struct nvmx_xstate_layout l;

	skylake(&l);
	ASSERT_EQ(576U + 64U, nvmx_xsave_size(&l, 0x23, true));
	l.align64[5] = true;
	/* 576 + 256 = 832 (aligned), + 64 for OPMASK. */
	ASSERT_EQ(896U, nvmx_xsave_size(&l, 0x27, true));
	l.size[2] = 250;
	/* 576 + 250 = 826 -> 832, + 64. */
	ASSERT_EQ(896U, nvmx_xsave_size(&l, 0x27, true));
}

TEST(xsave_size_ignores_unsupported_components)
{
	struct nvmx_xstate_layout l;

	skylake(&l);
	ASSERT_EQ(832U, nvmx_xsave_size(&l, 7 | (1ULL << 9), false));
}

TEST_HARNESS_MAIN
