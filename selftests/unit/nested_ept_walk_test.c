// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/nested/ept_walk.h: walks of an L1 EPT built
 * in a fake 1 MiB L1 memory.  Entry layouts from SDM Vol. 3C 29.3.2,
 * misconfigurations from 29.3.3.1, exit qualifications from 28.2.1
 * Table 28-7, worked out by hand.
 */
#include <string.h>

#include "mmu_shim.h"
#include "nested/ept_walk.h"
#include "kselftest_harness.h"

#define MEM_SIZE 0x100000
#define R VMX_EPT_READABLE_MASK
#define W VMX_EPT_WRITABLE_MASK
#define X VMX_EPT_EXECUTABLE_MASK
#define RWX (R | W | X)
#define PS (1ULL << 7)
#define WB (6ULL << 3)
#define ACC_R EPT_VIOLATION_ACC_READ
#define ACC_W EPT_VIOLATION_ACC_WRITE
#define ACC_X EPT_VIOLATION_ACC_INSTR

/* Tables: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
#define EPTP12 (0x1000ULL | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4)
/* PML4E 0, PDPTE 1, PDE 2, PTE 3: gpa 0x40403000 */
#define GPA_4K 0x40403000ULL
#define CAP_ALL (VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_2MB_PAGE_BIT | \
		 VMX_EPT_1GB_PAGE_BIT)

static unsigned char mem[MEM_SIZE];
static unsigned int reads;

static int fake_read(void *opaque, u64 pa, u64 *entry)
{
	(void)opaque;
	reads++;
	if (pa >= MEM_SIZE || pa % 8)
		return -EFAULT;
	memcpy(entry, mem + pa, 8);
	return 0;
}

static void put(u64 pa, u64 v)
{
	memcpy(mem + pa, &v, 8);
}

static int walk_cap(u64 cap, u64 gpa, u64 access, struct nvmx_nept_walk *w)
{
	const struct nvmx_nept_env env = { fake_read, NULL, 40, cap };

	return nvmx_nept_walk(&env, EPTP12, gpa, access, w);
}

static int walk(u64 gpa, u64 access, struct nvmx_nept_walk *w)
{
	return walk_cap(CAP_ALL, gpa, access, w);
}

/* A full-access path to the PT; the PTE for GPA_4K is left to each test. */
static void path_to_pt(u64 pml4e_perm, u64 pte)
{
	memset(mem, 0, sizeof(mem));
	reads = 0;
	put(0x1000 + 0 * 8, 0x2000 | pml4e_perm);
	put(0x2000 + 1 * 8, 0x3000 | RWX);
	put(0x3000 + 2 * 8, 0x4000 | RWX);
	put(0x4000 + 3 * 8, pte);
}

TEST(page_4k_translates_with_offset)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K + 0x567, ACC_W, &w));
	ASSERT_EQ(0x9a567ULL, w.l1_gpa);
	ASSERT_EQ(RWX, w.perm);
	ASSERT_EQ(1U, w.level);
	ASSERT_EQ(4U, reads);
}

TEST(ignored_bits_do_not_matter)
{
	struct nvmx_nept_walk w;

	/* bits 8-11 (A, D, ignored) and 52-63 of every entry: ignored */
	path_to_pt(RWX | 0xfff0000000000f00ULL,
		   0x9a000 | WB | RWX | PS | 0xfff0000000000f00ULL);
	put(0x2000 + 8, 0x3000 | RWX | 0x8000000000000300ULL);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(0x9a000ULL, w.l1_gpa);
}

TEST(eptp_low_bits_are_not_the_address)
{
	struct nvmx_nept_walk w;
	const struct nvmx_nept_env env = { fake_read, NULL, 40, CAP_ALL };

	path_to_pt(RWX, 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK,
		  nvmx_nept_walk(&env, 0x1000 | 0x5e, GPA_4K, ACC_R, &w));
	ASSERT_EQ(0x9a000ULL, w.l1_gpa);
}

TEST(read_only_page_denies_write)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | R);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_W, &w));
	ASSERT_EQ(R, w.perm);
	ASSERT_EQ(1U, w.level);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_X, &w));
}

TEST(permissions_are_anded_over_levels)
{
	struct nvmx_nept_walk w;

	/* PML4E read + execute, PTE read + write: only read survives */
	path_to_pt(R | X, 0x9a000 | WB | R | W);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(R, w.perm);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_W, &w));
	ASSERT_EQ(R, w.perm);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_X, &w));
}

TEST(not_present_pdpte_ends_walk)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | RWX);
	/* bits 2:0 = 0 with reserved bits set: not present, not misconfig */
	put(0x2000 + 1 * 8, 0x3000 | 0xf8);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(3U, w.level);
	ASSERT_EQ(0ULL, w.perm);
	ASSERT_EQ(2U, reads);
}

TEST(not_present_pte)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_X, &w));
	ASSERT_EQ(1U, w.level);
	ASSERT_EQ(0ULL, w.perm);
}

TEST(execute_only_with_capability)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | X);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_X, &w));
	ASSERT_EQ(X, w.perm);
	ASSERT_EQ(NVMX_NEPT_WALK_VIOLATION, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(X, w.perm);
}

TEST(execute_only_without_capability_is_misconfig)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | X);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG,
		  walk_cap(VMX_EPT_2MB_PAGE_BIT, GPA_4K, ACC_X, &w));
	/* also in a non-leaf entry */
	path_to_pt(X, 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk_cap(0, GPA_4K, ACC_X, &w));
	ASSERT_EQ(4U, w.level);
}

TEST(write_only_and_write_execute_are_misconfig)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | WB | W);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	path_to_pt(RWX, 0x9a000 | WB | W | X);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_X, &w));
	path_to_pt(W, 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
}

TEST(misconfig_wins_over_permission_violation)
{
	struct nvmx_nept_walk w;

	/* PML4E denies the write; the PTE has memory type 2 */
	path_to_pt(R | X, 0x9a000 | (2ULL << 3) | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_W, &w));
	ASSERT_EQ(1U, w.level);
}

TEST(reserved_memory_types_in_leaf)
{
	static const u64 bad[] = { 2, 3, 7 };
	static const u64 good[] = { 0, 1, 4, 5, 6 };
	struct nvmx_nept_walk w;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		path_to_pt(RWX, 0x9a000 | (bad[i] << 3) | RWX);
		ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	}
	for (i = 0; i < 5; i++) {
		path_to_pt(RWX, 0x9a000 | (good[i] << 3) | RWX);
		ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	}
}

TEST(bits_7_3_of_non_leaf_entries_are_reserved)
{
	static const u64 bits[] = { 1ULL << 3, 1ULL << 5, 1ULL << 6 };
	struct nvmx_nept_walk w;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		path_to_pt(RWX | bits[i], 0x9a000 | WB | RWX);
		ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
		ASSERT_EQ(4U, w.level);
		path_to_pt(RWX, 0x9a000 | WB | RWX);
		put(0x3000 + 2 * 8, 0x4000 | RWX | bits[i]);
		ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
		ASSERT_EQ(2U, w.level);
	}
	/* bit 7 of a PML4E is reserved too (no 512 GiB pages) */
	path_to_pt(RWX | PS, 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
}

TEST(address_bits_above_maxphyaddr_are_reserved)
{
	struct nvmx_nept_walk w;

	/* M = 40: bit 40 set in the PTE, then in the PDPTE */
	path_to_pt(RWX, (1ULL << 40) | 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	path_to_pt(RWX, 0x9a000 | WB | RWX);
	put(0x2000 + 1 * 8, (1ULL << 51) | 0x3000 | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	/* bit 39 is an address bit */
	path_to_pt(RWX, (1ULL << 39) | 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ((1ULL << 39) | 0x9a000, w.l1_gpa);
}

TEST(pte_bit7_is_ignored)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0x9a000 | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(0x9a000ULL, w.l1_gpa);
}

TEST(page_2m)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x3000 + 2 * 8, 0x40000000ULL | PS | WB | R | X);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K + 0x5678, ACC_X, &w));
	/* 2 MiB page at 0x40000000, offset 0x3000 + 0x5678 */
	ASSERT_EQ(0x40008678ULL, w.l1_gpa);
	ASSERT_EQ(2U, w.level);
	ASSERT_EQ(R | X, w.perm);
	ASSERT_EQ(3U, reads);
}

TEST(page_2m_reserved_bits_20_12)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x3000 + 2 * 8, 0x40000000ULL | (1ULL << 12) | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	put(0x3000 + 2 * 8, 0x40000000ULL | (1ULL << 20) | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	put(0x3000 + 2 * 8, 0x40000000ULL | (1ULL << 21) | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(0x40203000ULL, w.l1_gpa);
}

TEST(page_2m_without_capability_is_misconfig)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x3000 + 2 * 8, 0x40000000ULL | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG,
		  walk_cap(VMX_EPT_1GB_PAGE_BIT, GPA_4K, ACC_R, &w));
	ASSERT_EQ(2U, w.level);
}

TEST(page_1g)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x2000 + 1 * 8, 0x80000000ULL | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK, walk(GPA_4K + 0x9, ACC_W, &w));
	/* 1 GiB page at 0x80000000, offset 0x403009 */
	ASSERT_EQ(0x80403009ULL, w.l1_gpa);
	ASSERT_EQ(3U, w.level);
	ASSERT_EQ(2U, reads);
}

TEST(page_1g_reserved_bits_29_12)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x2000 + 1 * 8, 0x80000000ULL | (1ULL << 29) | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
	put(0x2000 + 1 * 8, 0x80000000ULL | (1ULL << 12) | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG, walk(GPA_4K, ACC_R, &w));
}

TEST(page_1g_without_capability_is_misconfig)
{
	struct nvmx_nept_walk w;

	path_to_pt(RWX, 0);
	put(0x2000 + 1 * 8, 0x80000000ULL | PS | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_MISCONFIG,
		  walk_cap(VMX_EPT_2MB_PAGE_BIT, GPA_4K, ACC_R, &w));
	ASSERT_EQ(3U, w.level);
}

TEST(failed_read_is_returned)
{
	struct nvmx_nept_walk w;
	const struct nvmx_nept_env env = { fake_read, NULL, 40, CAP_ALL };

	path_to_pt(RWX, 0x9a000 | WB | RWX);
	put(0x1000, 0x200000 | RWX);	/* PDPT outside the fake memory */
	ASSERT_EQ(-EFAULT, walk(GPA_4K, ACC_R, &w));
	ASSERT_EQ(-EFAULT, nvmx_nept_walk(&env, 0x200000 | 0x1e, 0, ACC_R,
					  &w));
}

TEST(every_access_bit_needs_its_permission)
{
	ASSERT_TRUE(nvmx_nept_allows(R | W, ACC_R | ACC_W));
	ASSERT_FALSE(nvmx_nept_allows(R, ACC_R | ACC_W));
	ASSERT_FALSE(nvmx_nept_allows(R | W, ACC_R | ACC_X));
	ASSERT_TRUE(nvmx_nept_allows(X, ACC_X));
	ASSERT_TRUE(nvmx_nept_allows(0, 0));
}

TEST(maxphyaddr_52_leaves_bits_51_12_to_the_address)
{
	struct nvmx_nept_walk w;
	const struct nvmx_nept_env env = { fake_read, NULL, 52, CAP_ALL };

	path_to_pt(RWX, (1ULL << 51) | 0x9a000 | WB | RWX);
	ASSERT_EQ(NVMX_NEPT_WALK_OK,
		  nvmx_nept_walk(&env, EPTP12, GPA_4K + 1, ACC_R, &w));
	ASSERT_EQ((1ULL << 51) | 0x9a001, w.l1_gpa);
}

TEST(violation_qualification)
{
	/* hardware: write, GLA valid, translation, NMI unblocking, bit 6,
	 * bits 9-11 and 13-16 set; L1's AND: read + execute
	 */
	u64 hw = ACC_W | (1ULL << 6) | (1ULL << 7) | (1ULL << 8) |
		 (7ULL << 9) | (1ULL << 12) | (0xfULL << 13) | (7ULL << 3);

	ASSERT_EQ(0x1000ULL | 0x180 | (5ULL << 3) | ACC_W,
		  nvmx_nept_violation_qual(hw, R | X));
	ASSERT_EQ(ACC_R | ACC_X, nvmx_nept_violation_qual(ACC_R | ACC_X, 0));
}

TEST(shadow_leaf_is_l1_and_l0)
{
	/* WB in bits 5:3 and ignore PAT (bit 6) stay L0's */
	ASSERT_EQ(0x5000ULL | 0x70 | RWX, nvmx_nept_shadow_leaf(0x5000, RWX, true));
	ASSERT_EQ(0x5000ULL | 0x70 | R | X,
		  nvmx_nept_shadow_leaf(0x5000, RWX, false));
	ASSERT_EQ(0x5000ULL | 0x70 | R, nvmx_nept_shadow_leaf(0x5000, R, true));
	ASSERT_EQ(0x5000ULL | 0x70 | R | W,
		  nvmx_nept_shadow_leaf(0x5000, R | W, true));
	ASSERT_EQ(0x5000ULL | 0x70 | X, nvmx_nept_shadow_leaf(0x5000, X, true));
}

TEST(invept_single_context_matches_the_ep4ta_only)
{
	/* same bits 51:12, other memory type: hit; other address: miss */
	ASSERT_TRUE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_CONTEXT,
					  0x5000 | 0x1e, 0x5000 | 0x18));
	ASSERT_FALSE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_CONTEXT,
					   0x5000 | 0x1e, 0x6000 | 0x1e));
	ASSERT_FALSE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_CONTEXT,
					   (1ULL << 51) | 0x5000 | 0x1e,
					   0x5000 | 0x1e));
	/* bits 63:52 are not part of the EP4TA */
	ASSERT_TRUE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_CONTEXT,
					  0x5000 | 0x1e,
					  (1ULL << 60) | 0x5000 | 0x1e));
}

TEST(invept_all_context_matches_every_eptp)
{
	ASSERT_TRUE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_GLOBAL,
					  0x5000 | 0x1e, 0));
	ASSERT_TRUE(nvmx_nept_invept_hits(VMX_EPT_EXTENT_GLOBAL,
					  0x5000 | 0x1e, 0x6000 | 0x1e));
}

TEST(offered_cap)
{
	u64 hw = ~0ULL;
	u64 ept = VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_PAGE_WALK_4_BIT |
		  VMX_EPTP_WB_BIT | VMX_EPT_2MB_PAGE_BIT | VMX_EPT_1GB_PAGE_BIT |
		  VMX_EPT_INVEPT_BIT | VMX_EPT_EXTENT_CONTEXT_BIT |
		  VMX_EPT_EXTENT_GLOBAL_BIT;

	/* bits 0, 6, 14, 16, 17, 20, 25, 26; VPID: bits 32, 40-43 */
	ASSERT_EQ(0x0000000006134041ULL, ept);
	ASSERT_EQ(0x00000f0106134041ULL, nvmx_nept_offered_cap(hw, true));
	ASSERT_EQ(0x0000000006134041ULL, nvmx_nept_offered_cap(hw, false));
	/* nothing optional in hardware: only what is always emulated */
	ASSERT_EQ(0x0000000006104040ULL,
		  nvmx_nept_offered_cap(VMX_EPT_PAGE_WALK_4_BIT, true));
}

TEST_HARNESS_MAIN
