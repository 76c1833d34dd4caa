// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/gva_walk.h: guest page walks over paging
 * structures built in a fake 1 MiB guest memory.  Entry layouts and #PF
 * error codes from SDM Vol. 3A 4.3-4.7.
 */
#include <string.h>

#include "mmu_shim.h"
#include "gva_walk.h"
#include "kselftest_harness.h"

#define MEM_SIZE 0x100000
#define P _PAGE_PRESENT
#define RW _PAGE_RW
#define US _PAGE_USER
#define PS _PAGE_PSE
#define CR0_32 (X86_CR0_PG | X86_CR0_PE)

static u8 mem[MEM_SIZE];

static int fake_read(void *opaque, u64 gpa, void *buf, unsigned int len)
{
	(void)opaque;
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa)
		return -EFAULT;
	memcpy(buf, mem + gpa, len);
	return 0;
}

static void put32(u64 gpa, u32 v)
{
	memcpy(mem + gpa, &v, 4);
}

static void put64(u64 gpa, u64 v)
{
	memcpy(mem + gpa, &v, 8);
}

static int walk_m(const struct nvmx_paging_ctx *ctx, unsigned int m, u64 gva,
		  u32 access, u64 *gpa, u32 *err)
{
	const struct nvmx_walk_env env = { fake_read, NULL, m };

	return nvmx_walk(&env, ctx, gva, access, gpa, err);
}

static int walk(const struct nvmx_paging_ctx *ctx, u64 gva, u32 access,
		u64 *gpa, u32 *err)
{
	return walk_m(ctx, 40, gva, access, gpa, err);
}

/* 32-bit paging: PD at 0x1000; 0x00403000 -> 0x5000 via PT at 0x2000 */
FIXTURE(bits32) {
	struct nvmx_paging_ctx ctx;
};

FIXTURE_SETUP(bits32)
{
	memset(mem, 0, sizeof(mem));
	self->ctx = (struct nvmx_paging_ctx){ .cr0 = CR0_32 | X86_CR0_WP,
					      .cr3 = 0x1000 };
	put32(0x1000 + 1 * 4, 0x2000 | P | RW | US);
	put32(0x2000 + 3 * 4, 0x5000 | P | RW | US);
	put32(0x2000 + 4 * 4, 0x6000 | P | US);		/* read-only */
	put32(0x2000 + 5 * 4, 0x7000 | P | RW);		/* supervisor */
}

FIXTURE_TEARDOWN(bits32)
{
}

TEST(no_paging_is_identity_32bit)
{
	struct nvmx_paging_ctx ctx = { .cr0 = X86_CR0_PE };
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&ctx, 0x123456789ULL, 0, &gpa, &err));
	ASSERT_EQ(0x23456789ULL, gpa);
}

TEST_F(bits32, page_4k)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x00403123, X86_PF_USER | X86_PF_WRITE,
			  &gpa, &err));
	ASSERT_EQ(0x5123ULL, gpa);
}

TEST_F(bits32, not_present_codes)
{
	u64 gpa;
	u32 err = 0xff;

	ASSERT_EQ(1, walk(&self->ctx, 0x00003000, 0, &gpa, &err));
	ASSERT_EQ(0U, err);
	ASSERT_EQ(1, walk(&self->ctx, 0x00406000, X86_PF_USER | X86_PF_WRITE,
			  &gpa, &err));
	ASSERT_EQ(6U, err);
}

TEST_F(bits32, fetch_fault_has_no_id_bit_without_nx_or_smep)
{
	u64 gpa;
	u32 err = 0xff;

	ASSERT_EQ(1, walk(&self->ctx, 0x00406000, X86_PF_INSTR, &gpa, &err));
	ASSERT_EQ(0U, err);
}

TEST_F(bits32, user_on_supervisor_page)
{
	u64 gpa;
	u32 err = 0;

	ASSERT_EQ(1, walk(&self->ctx, 0x00405000, X86_PF_USER, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_USER, err);
	ASSERT_EQ(0, walk(&self->ctx, 0x00405000, 0, &gpa, &err));
	ASSERT_EQ(0x7000ULL, gpa);
}

TEST_F(bits32, supervisor_write_read_only_follows_wp)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(1, walk(&self->ctx, 0x00404010, X86_PF_WRITE, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_WRITE, err);
	self->ctx.cr0 &= ~(u64)X86_CR0_WP;
	ASSERT_EQ(0, walk(&self->ctx, 0x00404010, X86_PF_WRITE, &gpa, &err));
	ASSERT_EQ(0x6010ULL, gpa);
}

TEST_F(bits32, user_write_read_only_ignores_wp)
{
	u64 gpa;
	u32 err = 0;

	self->ctx.cr0 &= ~(u64)X86_CR0_WP;
	ASSERT_EQ(1, walk(&self->ctx, 0x00404000, X86_PF_WRITE | X86_PF_USER,
			  &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_WRITE | X86_PF_USER, err);
}

TEST_F(bits32, pse_4m_page_with_pse36)
{
	u64 gpa = 0;
	u32 err = 0;

	self->ctx.cr4 = X86_CR4_PSE;
	put32(0x1000 + 2 * 4, 0x00800000 | (0x5 << 13) | PS | P | RW);
	ASSERT_EQ(0, walk(&self->ctx, 0x00812345, 0, &gpa, &err));
	ASSERT_EQ(0x500812345ULL, gpa);
}

TEST_F(bits32, pse36_bits_above_maxphyaddr_reserved)
{
	u64 gpa;
	u32 err = 0;

	self->ctx.cr4 = X86_CR4_PSE;
	/* M = 36: bits 16:13 hold address bits 35:32, 21:17 are reserved */
	put32(0x1000 + 2 * 4, 0x00800000 | (1 << 17) | PS | P);
	ASSERT_EQ(1, walk_m(&self->ctx, 36, 0x00812345, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
	ASSERT_EQ(0, walk_m(&self->ctx, 40, 0x00812345, 0, &gpa, &err));
	ASSERT_EQ(0x1000812345ULL, gpa);
}

TEST_F(bits32, ps_ignored_without_cr4_pse)
{
	u64 gpa = 0;
	u32 err = 0;

	put32(0x1000 + 2 * 4, 0x3000 | PS | P);
	put32(0x3000 + 0x12 * 4, 0x9000 | P);
	ASSERT_EQ(0, walk(&self->ctx, 0x00812345, 0, &gpa, &err));
	ASSERT_EQ(0x9345ULL, gpa);
}

TEST_F(bits32, table_outside_guest_ram_efault)
{
	u64 gpa;
	u32 err;

	put32(0x1000 + 2 * 4, 0x00800000 | P);
	ASSERT_EQ(-EFAULT, walk(&self->ctx, 0x00812345, 0, &gpa, &err));
}

/* PAE: PDPT at 0x1020; 0x40201234 -> 2 MiB page at 0x600000 */
FIXTURE(pae) {
	struct nvmx_paging_ctx ctx;
};

FIXTURE_SETUP(pae)
{
	memset(mem, 0, sizeof(mem));
	self->ctx = (struct nvmx_paging_ctx){ .cr0 = CR0_32, .cr3 = 0x1020,
					      .cr4 = X86_CR4_PAE,
					      .efer = EFER_NX };
	put64(0x1020 + 1 * 8, 0x2000 | P);
	put64(0x2000 + 1 * 8, 0x600000 | PS | P | RW);
	put64(0x2000 + 2 * 8, 0x3000 | P | RW);
	put64(0x3000 + 7 * 8, 0x8000 | P | RW | _PAGE_NX);
}

FIXTURE_TEARDOWN(pae)
{
}

TEST_F(pae, page_2m)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x40201234, X86_PF_WRITE, &gpa, &err));
	ASSERT_EQ(0x601234ULL, gpa);
}

TEST_F(pae, nx_blocks_fetch_only)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x40407abc, 0, &gpa, &err));
	ASSERT_EQ(0x8abcULL, gpa);
	ASSERT_EQ(1, walk(&self->ctx, 0x40407abc, X86_PF_INSTR, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_INSTR, err);
}

TEST_F(pae, nx_bit_reserved_without_nxe)
{
	u64 gpa;
	u32 err = 0;

	self->ctx.efer = 0;
	ASSERT_EQ(1, walk(&self->ctx, 0x40407abc, X86_PF_WRITE, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD | X86_PF_WRITE, err);
}

TEST_F(pae, not_present_fetch_has_id_bit_with_nxe)
{
	u64 gpa;
	u32 err = 0;

	ASSERT_EQ(1, walk(&self->ctx, 0x00001000, X86_PF_INSTR, &gpa, &err));
	ASSERT_EQ(X86_PF_INSTR, err);
}

TEST_F(pae, pdpte_rw_bit_reserved)
{
	u64 gpa;
	u32 err = 0;

	put64(0x1020 + 1 * 8, 0x2000 | RW | P);
	ASSERT_EQ(1, walk(&self->ctx, 0x40201234, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
}

TEST_F(pae, pde_2m_low_bits_reserved)
{
	u64 gpa;
	u32 err = 0;

	put64(0x2000 + 1 * 8, 0x600000 | (1 << 13) | PS | P);
	ASSERT_EQ(1, walk(&self->ctx, 0x40201234, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
}

/* 4-level: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000 */
FIXTURE(long4) {
	struct nvmx_paging_ctx ctx;
};

FIXTURE_SETUP(long4)
{
	memset(mem, 0, sizeof(mem));
	self->ctx = (struct nvmx_paging_ctx){
		.cr0 = CR0_32 | X86_CR0_WP, .cr3 = 0x1000,
		.cr4 = X86_CR4_PAE, .efer = EFER_LMA | EFER_NX };
	put64(0x1000, 0x2000 | P | RW | US);
	put64(0x2000, 0x3000 | P | RW | US);
	put64(0x2000 + 1 * 8, 0x80000000ULL | PS | P | RW);	/* 1 GiB */
	put64(0x3000, 0x4000 | P | RW | US);
	put64(0x4000 + 5 * 8, 0x7000 | P | RW | US);
}

FIXTURE_TEARDOWN(long4)
{
}

TEST_F(long4, page_4k)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x5abc, X86_PF_USER | X86_PF_WRITE,
			  &gpa, &err));
	ASSERT_EQ(0x7abcULL, gpa);
}

TEST_F(long4, page_1g)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x40012345, 0, &gpa, &err));
	ASSERT_EQ(0x80012345ULL, gpa);
}

TEST_F(long4, user_bit_needed_at_every_level)
{
	u64 gpa;
	u32 err = 0;

	put64(0x2000, 0x3000 | P | RW);
	ASSERT_EQ(1, walk(&self->ctx, 0x5abc, X86_PF_USER, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_USER, err);
}

TEST_F(long4, page_1g_low_bits_reserved)
{
	u64 gpa;
	u32 err = 0;

	put64(0x2000 + 1 * 8, 0x80000000ULL | (1 << 13) | PS | P);
	ASSERT_EQ(1, walk(&self->ctx, 0x40012345, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
}

TEST_F(long4, pml4e_ps_reserved)
{
	u64 gpa;
	u32 err = 0;

	put64(0x1000, 0x2000 | PS | P | RW | US);
	ASSERT_EQ(1, walk(&self->ctx, 0x5abc, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
}

TEST_F(long4, address_bits_above_maxphyaddr_reserved)
{
	u64 gpa = 0;
	u32 err = 0;

	put64(0x4000 + 5 * 8, (1ULL << 40) | 0x7000 | P);
	ASSERT_EQ(1, walk_m(&self->ctx, 36, 0x5abc, 0, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_RSVD, err);
	ASSERT_EQ(0, walk_m(&self->ctx, 46, 0x5abc, 0, &gpa, &err));
	ASSERT_EQ((1ULL << 40) | 0x7abc, gpa);
}

TEST_F(long4, smep_blocks_supervisor_fetch_from_user_page)
{
	u64 gpa = 0;
	u32 err = 0;

	ASSERT_EQ(0, walk(&self->ctx, 0x5abc, X86_PF_INSTR, &gpa, &err));
	self->ctx.cr4 |= X86_CR4_SMEP;
	ASSERT_EQ(1, walk(&self->ctx, 0x5abc, X86_PF_INSTR, &gpa, &err));
	ASSERT_EQ(X86_PF_PROT | X86_PF_INSTR, err);
}

TEST_F(long4, high_half_index)
{
	u64 gpa = 0;
	u32 err = 0;

	/* PML4 index 256 (gva bit 47) */
	put64(0x1000 + 256 * 8, 0x2000 | P | RW);
	ASSERT_EQ(0, walk(&self->ctx, 0xffff800000005abcULL, 0, &gpa, &err));
	ASSERT_EQ(0x7abcULL, gpa);
}

TEST_HARNESS_MAIN
