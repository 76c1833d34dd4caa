// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/ept_entry.h: EPT entry and EPTP encodings,
 * each expected value worked out by hand from SDM Vol. 3C 25.6.11,
 * 29.3.2 and 29.3.7.
 */
#include "mmu_shim.h"
#include "ept_entry.h"
#include "kselftest_harness.h"

TEST(eptp_wb_walk4_no_ad)
{
	/* bits 2:0 = 6 (WB), bits 5:3 = 3 (4 levels), bit 6 = 0 */
	ASSERT_EQ(0x12345001eULL, nvmx_eptp_make(0x123450000ULL, false));
}

TEST(eptp_ad)
{
	ASSERT_EQ(0x12345005eULL, nvmx_eptp_make(0x123450000ULL, true));
}

TEST(leaf_4k_ram)
{
	/* R W X, memory type 6 in bits 5:3, IPAT bit 6 */
	ASSERT_EQ(0xabcdef000ULL | 0x77, nvmx_ept_leaf(0xabcdef000ULL, 1, true));
}

TEST(leaf_4k_readonly_has_no_write)
{
	ASSERT_EQ(0xabcdef000ULL | 0x75,
		  nvmx_ept_leaf(0xabcdef000ULL, 1, false));
}

TEST(leaf_2m_sets_bit7)
{
	ASSERT_EQ(0x40000000ULL | 0xf7, nvmx_ept_leaf(0x40000000ULL, 2, true));
	ASSERT_EQ(0x40000000ULL | 0xf5,
		  nvmx_ept_leaf(0x40000000ULL, 2, false));
}

TEST(leaf_drops_bits_above_51)
{
	ASSERT_EQ(0xffffffffff000ULL | 0x77,
		  nvmx_ept_leaf(0xfffffffffffff000ULL, 1, true));
}

TEST(table_entry_full_access_no_type)
{
	ASSERT_EQ(0x7654321000ULL | 7, nvmx_ept_table_entry(0x7654321000ULL));
}

TEST(present_is_any_of_rwx)
{
	ASSERT_FALSE(nvmx_ept_present(0));
	ASSERT_FALSE(nvmx_ept_present(0xfffffffffffff0f8ULL));
	ASSERT_TRUE(nvmx_ept_present(1));
	ASSERT_TRUE(nvmx_ept_present(4));
}

TEST(index_per_level)
{
	/* gpa bits 47:39 = 0x101, 38:30 = 0x0fe, 29:21 = 0x1ab, 20:12 = 0x003 */
	u64 gpa = (0x101ULL << 39) | (0x0feULL << 30) | (0x1abULL << 21) |
		  (0x003ULL << 12) | 0x123;

	ASSERT_EQ(0x101U, nvmx_ept_index(gpa, 4));
	ASSERT_EQ(0x0feU, nvmx_ept_index(gpa, 3));
	ASSERT_EQ(0x1abU, nvmx_ept_index(gpa, 2));
	ASSERT_EQ(0x003U, nvmx_ept_index(gpa, 1));
}

TEST(leaf_detection)
{
	ASSERT_TRUE(nvmx_ept_is_leaf(0x1007, 1));
	ASSERT_FALSE(nvmx_ept_is_leaf(0x1007, 2));
	ASSERT_TRUE(nvmx_ept_is_leaf(0x2000f7, 2));
}

TEST_HARNESS_MAIN
