// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/vmx_caps_decode.h (no VM, no kernel).
 *
 * MSR values are those of a Skylake client CPU; every expected value was
 * worked out by hand from the SDM Vol. 3D appendix A bit layouts.
 */
#include <stdbool.h>
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;

#include "vmx_caps_decode.h"
#include "kselftest_harness.h"

/* SDM Vol. 3D A.1 example: revision 4, 1 KiB region, WB, INS/OUTS, TRUE. */
#define BASIC		0x00da040000000004ULL

#define PINBASED	0x0000007f00000016ULL	/* allowed-0 0x16, allowed-1 0x7f */
#define TRUE_PROCBASED	0xfff9fffe04006172ULL

#define CR0_FIXED0	0x80000021ULL	/* PG | NE | PE */
#define CR0_FIXED1	0xffffffffULL
#define CR4_FIXED0	0x2000ULL	/* VMXE */
#define CR4_FIXED1	0x3727ffULL	/* no UMIP, LA57, SMXE, PKE */

#define UNTOUCHED	0xdeadbeefU

TEST(basic_revision_id)
{
	ASSERT_EQ(4U, nvmx_basic_revision_id(BASIC));
}

TEST(basic_revision_id_excludes_bit31)
{
	ASSERT_EQ(0x7fffffffU, nvmx_basic_revision_id(0xffffffffULL));
}

TEST(basic_vmcs_size)
{
	ASSERT_EQ(1024U, nvmx_basic_vmcs_size(BASIC));
}

TEST(basic_vmcs_size_is_bits_44_32)
{
	ASSERT_EQ(0x1fffU, nvmx_basic_vmcs_size(0x00001fff00000000ULL));
	ASSERT_EQ(0U, nvmx_basic_vmcs_size(0x0000e000ffffffffULL));
}

TEST(basic_addr32)
{
	ASSERT_FALSE(nvmx_basic_addr32(BASIC));
	ASSERT_TRUE(nvmx_basic_addr32(0x0001000000000000ULL));
}

TEST(basic_mem_type)
{
	ASSERT_EQ(6U, nvmx_basic_mem_type(BASIC));
	ASSERT_EQ(0xfU, nvmx_basic_mem_type(0x003c000000000000ULL));
	ASSERT_EQ(0U, nvmx_basic_mem_type(0xffc3ffffffffffffULL));
}

TEST(basic_ins_outs)
{
	ASSERT_TRUE(nvmx_basic_ins_outs(BASIC));
	ASSERT_FALSE(nvmx_basic_ins_outs(BASIC & ~(1ULL << 54)));
}

TEST(basic_true_ctls)
{
	ASSERT_TRUE(nvmx_basic_true_ctls(BASIC));
	ASSERT_FALSE(nvmx_basic_true_ctls(BASIC & ~(1ULL << 55)));
}

TEST(ctl_allowed0_is_low_half)
{
	ASSERT_EQ(0x16U, nvmx_ctl_allowed0(PINBASED));
	ASSERT_EQ(0x04006172U, nvmx_ctl_allowed0(TRUE_PROCBASED));
}

TEST(ctl_allowed1_is_high_half)
{
	ASSERT_EQ(0x7fU, nvmx_ctl_allowed1(PINBASED));
	ASSERT_EQ(0xfff9fffeU, nvmx_ctl_allowed1(TRUE_PROCBASED));
}

TEST(ctl_valid_with_default1_bits)
{
	ASSERT_TRUE(nvmx_ctl_valid(PINBASED, 0x17));
	ASSERT_TRUE(nvmx_ctl_valid(PINBASED, 0x16));
}

TEST(ctl_invalid_without_allowed0_bit)
{
	ASSERT_FALSE(nvmx_ctl_valid(PINBASED, 0x01));
	ASSERT_FALSE(nvmx_ctl_valid(PINBASED, 0x15));
}

TEST(ctl_invalid_outside_allowed1)
{
	ASSERT_FALSE(nvmx_ctl_valid(PINBASED, 0x97));
}

TEST(ctl_adjust_adds_allowed0_bits)
{
	u32 out = UNTOUCHED;

	ASSERT_EQ(0U, nvmx_ctl_adjust(PINBASED, 0x01, 0, &out));
	ASSERT_EQ(0x17U, out);
}

TEST(ctl_adjust_drops_disallowed_optional)
{
	u32 out = UNTOUCHED;

	/* bit 7 (posted interrupts) is not in allowed-1 0x7f */
	ASSERT_EQ(0U, nvmx_ctl_adjust(PINBASED, 0x01, 0x80, &out));
	ASSERT_EQ(0x17U, out);
}

TEST(ctl_adjust_keeps_allowed_optional)
{
	u32 out = UNTOUCHED;

	ASSERT_EQ(0U, nvmx_ctl_adjust(PINBASED, 0, 0x48, &out));
	ASSERT_EQ(0x5eU, out);
}

TEST(ctl_adjust_required_disallowed_fails)
{
	u32 out = UNTOUCHED;

	ASSERT_EQ(0x80U, nvmx_ctl_adjust(PINBASED, 0x81, 0x08, &out));
	ASSERT_EQ(UNTOUCHED, out);
}

TEST(ctl_adjust_true_procbased)
{
	u32 out = UNTOUCHED;

	/* secondary controls | HLT exiting, optional reserved bit 0 */
	ASSERT_EQ(0U, nvmx_ctl_adjust(TRUE_PROCBASED, 0x80000080, 0x1, &out));
	ASSERT_EQ(0x840061f2U, out);
	ASSERT_TRUE(nvmx_ctl_valid(TRUE_PROCBASED, out));
}

TEST(cr0_linux_value_valid)
{
	ASSERT_TRUE(nvmx_cr_fixed_valid(0x80050033, CR0_FIXED0, CR0_FIXED1));
}

TEST(cr0_fixed0_bit_clear_invalid)
{
	/* NE clear */
	ASSERT_FALSE(nvmx_cr_fixed_valid(0x80050013, CR0_FIXED0, CR0_FIXED1));
	/* PG clear */
	ASSERT_FALSE(nvmx_cr_fixed_valid(0x00050033, CR0_FIXED0, CR0_FIXED1));
}

TEST(cr0_fixed1_bit_set_invalid)
{
	ASSERT_FALSE(nvmx_cr_fixed_valid(0x180050033ULL, CR0_FIXED0,
					 CR0_FIXED1));
}

TEST(cr0_apply_sets_fixed0)
{
	ASSERT_EQ(0x80000031ULL,
		  nvmx_cr_fixed_apply(0x10, CR0_FIXED0, CR0_FIXED1));
}

TEST(cr4_with_vmxe_valid)
{
	ASSERT_TRUE(nvmx_cr_fixed_valid(0x3626e0, CR4_FIXED0, CR4_FIXED1));
}

TEST(cr4_without_vmxe_invalid)
{
	ASSERT_FALSE(nvmx_cr_fixed_valid(0x3606e0, CR4_FIXED0, CR4_FIXED1));
}

TEST(cr4_la57_invalid)
{
	ASSERT_FALSE(nvmx_cr_fixed_valid(0x3636e0, CR4_FIXED0, CR4_FIXED1));
}

TEST(cr4_apply_sets_vmxe_clears_la57)
{
	ASSERT_EQ(0x3626e0ULL,
		  nvmx_cr_fixed_apply(0x3616e0, CR4_FIXED0, CR4_FIXED1));
}

TEST(cr4_apply_clears_pke)
{
	ASSERT_EQ(0x26e0ULL,
		  nvmx_cr_fixed_apply(0x4006e0, CR4_FIXED0, CR4_FIXED1));
}

TEST_HARNESS_MAIN
