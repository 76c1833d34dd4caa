// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/insn_decode.[ch] (no VM, no kernel): the
 * kernel's C file is compiled here unchanged, with a shim for the types.
 *
 * Every expected length, size and register was worked out by hand from
 * the SDM Vol. 2 encoding tables (2-1, 2-2, 2-3, 2-4, 2-5, 2-7) and the
 * MOV/MOVZX/MOVSX pages.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

#include "insn_decode.c"
#include "kselftest_harness.h"

struct row {
	const char *name;
	unsigned int mode;
	u8 bytes[20];
	unsigned int n;
	struct nvmx_mmio_insn exp;
};

/* The instruction bytes of a row and their count. */
#define I(...)	.bytes = { __VA_ARGS__ }, .n = sizeof((u8[]){ __VA_ARGS__ })

/* Common expectations: a store or load of @sz bytes through register @r. */
#define ST(l, sz, r, as)	.len = (l), .write = true, .size = (sz), \
				.dst_size = (sz), .reg = (r), \
				.seg = NVMX_SEG_DS, .addr_size = (as)
#define LD(l, sz, r, as)	.len = (l), .write = false, .size = (sz), \
				.dst_size = (sz), .reg = (r), \
				.seg = NVMX_SEG_DS, .addr_size = (as)

static void check_row(struct __test_metadata *_metadata, const struct row *r)
{
	struct nvmx_mmio_insn got;
	const struct nvmx_mmio_insn *e = &r->exp;

	memset(&got, 0xa5, sizeof(got));
	ASSERT_EQ(0, nvmx_decode_mmio(r->bytes, r->n, r->mode, &got))
		TH_LOG("%s", r->name);
	EXPECT_EQ(e->len, got.len) TH_LOG("%s: len", r->name);
	EXPECT_EQ(e->write, got.write) TH_LOG("%s: write", r->name);
	EXPECT_EQ(e->size, got.size) TH_LOG("%s: size", r->name);
	EXPECT_EQ(e->reg, got.reg) TH_LOG("%s: reg", r->name);
	EXPECT_EQ(e->high_byte, got.high_byte) TH_LOG("%s: high", r->name);
	EXPECT_EQ(e->has_imm, got.has_imm) TH_LOG("%s: has_imm", r->name);
	EXPECT_EQ(e->imm, got.imm) TH_LOG("%s: imm", r->name);
	EXPECT_EQ(e->ext, got.ext) TH_LOG("%s: ext", r->name);
	EXPECT_EQ(e->dst_size, got.dst_size) TH_LOG("%s: dst_size", r->name);
	EXPECT_EQ(e->seg, got.seg) TH_LOG("%s: seg", r->name);
	EXPECT_EQ(e->seg_override, got.seg_override)
		TH_LOG("%s: seg_override", r->name);
	EXPECT_EQ(e->addr_size, got.addr_size)
		TH_LOG("%s: addr_size", r->name);
}

static void check_rows(struct __test_metadata *_metadata,
		       const struct row *rows, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		check_row(_metadata, &rows[i]);
}

#define CHECK_ROWS(rows)	check_rows(_metadata, rows, ARRAY_SIZE(rows))

static void check_rejects(struct __test_metadata *_metadata,
			  const struct row *rows, unsigned int count)
{
	struct nvmx_mmio_insn got, before;
	unsigned int i;

	for (i = 0; i < count; i++) {
		memset(&got, 0x5a, sizeof(got));
		before = got;
		EXPECT_EQ(-EINVAL, nvmx_decode_mmio(rows[i].bytes, rows[i].n,
						    rows[i].mode, &got))
			TH_LOG("%s", rows[i].name);
		EXPECT_EQ(0, memcmp(&before, &got, sizeof(got)))
			TH_LOG("%s: output written on failure", rows[i].name);
	}
}

#define CHECK_REJECTS(rows)	check_rejects(_metadata, rows, ARRAY_SIZE(rows))

/* --- MOV r/m <-> reg (88, 89, 8A, 8B) in each mode --- */

TEST(mov_rm_64bit_mode)
{
	static const struct row rows[] = {
		{ "mov [rax],cl", 64, I(0x88, 0x08), { ST(2, 1, 1, 8) } },
		{ "mov [rax],ecx", 64, I(0x89, 0x08), { ST(2, 4, 1, 8) } },
		{ "mov cl,[rax]", 64, I(0x8a, 0x08), { LD(2, 1, 1, 8) } },
		{ "mov ecx,[rax]", 64, I(0x8b, 0x08), { LD(2, 4, 1, 8) } },
		{ "mov [rdi],edi", 64, I(0x89, 0x3f), { ST(2, 4, 7, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_rm_32bit_mode)
{
	static const struct row rows[] = {
		{ "mov [eax],cl", 32, I(0x88, 0x08), { ST(2, 1, 1, 4) } },
		{ "mov [eax],ecx", 32, I(0x89, 0x08), { ST(2, 4, 1, 4) } },
		{ "mov cl,[eax]", 32, I(0x8a, 0x08), { LD(2, 1, 1, 4) } },
		{ "mov ecx,[eax]", 32, I(0x8b, 0x08), { LD(2, 4, 1, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_rm_16bit_mode)
{
	static const struct row rows[] = {
		{ "mov [bx],cl", 16, I(0x88, 0x0f), { ST(2, 1, 1, 2) } },
		{ "mov [bx],cx", 16, I(0x89, 0x0f), { ST(2, 2, 1, 2) } },
		{ "mov cl,[bx]", 16, I(0x8a, 0x0f), { LD(2, 1, 1, 2) } },
		{ "mov cx,[bx]", 16, I(0x8b, 0x0f), { LD(2, 2, 1, 2) } },
	};

	CHECK_ROWS(rows);
}

/* --- operand size: 66 and REX.W, SDM Vol. 1 Table 3-4 --- */

TEST(operand_size_prefix_in_each_mode)
{
	static const struct row rows[] = {
		{ "64: 66 89", 64, I(0x66, 0x89, 0x08), { ST(3, 2, 1, 8) } },
		{ "32: 66 89", 32, I(0x66, 0x89, 0x08), { ST(3, 2, 1, 4) } },
		{ "16: 66 89", 16, I(0x66, 0x89, 0x0f), { ST(3, 4, 1, 2) } },
		{ "64: 66 8b", 64, I(0x66, 0x8b, 0x08), { LD(3, 2, 1, 8) } },
		{ "16: 66 8b", 16, I(0x66, 0x8b, 0x0f), { LD(3, 4, 1, 2) } },
		{ "66 66 89", 32, I(0x66, 0x66, 0x89, 0x08), { ST(4, 2, 1, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(operand_size_prefix_ignored_for_byte_forms)
{
	static const struct row rows[] = {
		{ "66 88", 64, I(0x66, 0x88, 0x08), { ST(3, 1, 1, 8) } },
		{ "66 8a", 32, I(0x66, 0x8a, 0x08), { LD(3, 1, 1, 4) } },
		{ "48 88", 64, I(0x48, 0x88, 0x08), { ST(3, 1, 1, 8) } },
		{ "48 8a", 64, I(0x48, 0x8a, 0x08), { LD(3, 1, 1, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(rex_w_selects_64bit_and_beats_66)
{
	static const struct row rows[] = {
		{ "48 89", 64, I(0x48, 0x89, 0x08), { ST(3, 8, 1, 8) } },
		{ "48 8b", 64, I(0x48, 0x8b, 0x08), { LD(3, 8, 1, 8) } },
		{ "66 48 89", 64, I(0x66, 0x48, 0x89, 0x08), { ST(4, 8, 1, 8) } },
	};

	CHECK_ROWS(rows);
}

/* --- REX.R, .X, .B (SDM Vol. 2 2.2.1.2 Table 2-4) --- */

TEST(rex_r_extends_the_register)
{
	static const struct row rows[] = {
		{ "44 89: r9d", 64, I(0x44, 0x89, 0x08), { ST(3, 4, 9, 8) } },
		{ "4c 8b: r9", 64, I(0x4c, 0x8b, 0x08), { LD(3, 8, 9, 8) } },
		{ "44 88: r15b", 64, I(0x44, 0x88, 0x38), { ST(3, 1, 15, 8) } },
		{ "44 8b: r8d", 64, I(0x44, 0x8b, 0x00), { LD(3, 4, 8, 8) } },
		{ "4f 89", 64, I(0x4f, 0x89, 0x0c, 0x08),
		  { ST(4, 8, 9, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(rex_x_and_b_leave_the_register)
{
	static const struct row rows[] = {
		{ "41 89 [r8]", 64, I(0x41, 0x89, 0x08), { ST(3, 4, 1, 8) } },
		{ "42 89 [rax+r9]", 64, I(0x42, 0x89, 0x0c, 0x08),
		  { ST(4, 4, 1, 8) } },
		{ "43 8b", 64, I(0x43, 0x8b, 0x0c, 0x08), { LD(4, 4, 1, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(rex_counts_only_right_before_the_opcode)
{
	static const struct row rows[] = {
		/* SDM Vol. 2 2.2.1: "Other placements are ignored". */
		{ "48 66 89", 64, I(0x48, 0x66, 0x89, 0x08),
		  { ST(4, 2, 1, 8) } },
		{ "44 3e 89", 64, I(0x44, 0x3e, 0x89, 0x08),
		  { ST(4, 4, 1, 8), .seg_override = true } },
		{ "48 41 89", 64, I(0x48, 0x41, 0x89, 0x08),
		  { ST(4, 4, 1, 8) } },
		{ "41 48 89", 64, I(0x41, 0x48, 0x89, 0x08),
		  { ST(4, 8, 1, 8) } },
		{ "40 2e 88 ah", 64, I(0x40, 0x2e, 0x88, 0x20),
		  { ST(4, 1, 4, 8), .high_byte = true, .seg = NVMX_SEG_CS,
		    .seg_override = true } },
	};

	CHECK_ROWS(rows);
}

TEST(rex_bytes_outside_64bit_mode_are_inc_dec)
{
	static const struct row rows[] = {
		{ "32: 48 89", 32, I(0x48, 0x89, 0x08) },
		{ "32: 40 88", 32, I(0x40, 0x88, 0x08) },
		{ "16: 4c 8b", 16, I(0x4c, 0x8b, 0x0f) },
		{ "16: 41 a1", 16, I(0x41, 0xa1, 0x00, 0x10) },
	};

	CHECK_REJECTS(rows);
}

/* --- byte registers (SDM Vol. 2 3.1.1.3, 2.2.1.2) --- */

TEST(byte_registers_4_to_7_without_rex_are_high_bytes)
{
	static const struct row rows[] = {
		{ "mov [rax],ah", 64, I(0x88, 0x20),
		  { ST(2, 1, 4, 8), .high_byte = true } },
		{ "mov [rax],ch", 64, I(0x88, 0x28),
		  { ST(2, 1, 5, 8), .high_byte = true } },
		{ "mov dh,[rax]", 64, I(0x8a, 0x30),
		  { LD(2, 1, 6, 8), .high_byte = true } },
		{ "mov bh,[eax]", 32, I(0x8a, 0x38),
		  { LD(2, 1, 7, 4), .high_byte = true } },
		{ "mov [bx],ah", 16, I(0x88, 0x27),
		  { ST(2, 1, 4, 2), .high_byte = true } },
		{ "mov [rax],bl", 64, I(0x88, 0x18), { ST(2, 1, 3, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(byte_registers_4_to_7_with_any_rex_are_spl_to_dil)
{
	static const struct row rows[] = {
		{ "40 88: spl", 64, I(0x40, 0x88, 0x20), { ST(3, 1, 4, 8) } },
		{ "40 8a: bpl", 64, I(0x40, 0x8a, 0x28), { LD(3, 1, 5, 8) } },
		{ "41 88: sil", 64, I(0x41, 0x88, 0x30), { ST(3, 1, 6, 8) } },
		{ "48 8a: dil", 64, I(0x48, 0x8a, 0x38), { LD(3, 1, 7, 8) } },
		{ "44 88: r12b", 64, I(0x44, 0x88, 0x20), { ST(3, 1, 12, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(word_and_dword_registers_4_to_7_are_never_high_bytes)
{
	static const struct row rows[] = {
		{ "mov [rax],esp", 64, I(0x89, 0x20), { ST(2, 4, 4, 8) } },
		{ "mov di,[bx]", 16, I(0x8b, 0x3f), { LD(2, 2, 7, 2) } },
	};

	CHECK_ROWS(rows);
}

/* --- 32/64-bit ModR/M, SIB, displacements (Tables 2-2, 2-3, 2-5) --- */

TEST(modrm_displacement_lengths)
{
	static const struct row rows[] = {
		{ "[rax+8]", 64, I(0x89, 0x48, 0x08), { ST(3, 4, 1, 8) } },
		{ "[rax+disp32]", 64, I(0x89, 0x88, 0x00, 0x01, 0x00, 0x00),
		  { ST(6, 4, 1, 8) } },
		{ "[ebx+8]", 32, I(0x8b, 0x4b, 0xf8), { LD(3, 4, 1, 4) } },
		{ "[ebx+disp32]", 32, I(0x8b, 0x8b, 0x00, 0x00, 0xe0, 0xfe),
		  { LD(6, 4, 1, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(sib_byte_and_displacement_lengths)
{
	static const struct row rows[] = {
		{ "[rax+rcx*4]", 64, I(0x89, 0x14, 0x88), { ST(3, 4, 2, 8) } },
		{ "[rax+rcx*4+8]", 64, I(0x89, 0x54, 0x88, 0x08),
		  { ST(4, 4, 2, 8) } },
		{ "[rax+rcx*4+d32]", 64,
		  I(0x89, 0x94, 0x88, 0x00, 0x10, 0x00, 0x00),
		  { ST(7, 4, 2, 8) } },
		{ "[rcx*8+d32] no base", 64,
		  I(0x8b, 0x04, 0xcd, 0x00, 0x10, 0x00, 0x00),
		  { LD(7, 4, 0, 8) } },
		{ "[d32] sib no index", 32,
		  I(0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00),
		  { LD(7, 4, 0, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(rip_relative_in_64bit_mode)
{
	static const struct row rows[] = {
		{ "[rip+d32]", 64, I(0x89, 0x05, 0x10, 0x00, 0x00, 0x00),
		  { ST(6, 4, 0, 8) } },
		{ "67 [eip+d32]", 64,
		  I(0x67, 0x89, 0x05, 0x10, 0x00, 0x00, 0x00),
		  { ST(7, 4, 0, 4) } },
		{ "41: still rip", 64,
		  I(0x41, 0x8b, 0x0d, 0x10, 0x00, 0x00, 0x00),
		  { LD(7, 4, 1, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(disp32_alone_in_32bit_mode)
{
	static const struct row rows[] = {
		{ "[d32]", 32, I(0x89, 0x05, 0x00, 0x00, 0xd0, 0xfe),
		  { ST(6, 4, 0, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(rex_b_keeps_the_sib_and_disp32_special_cases)
{
	static const struct row rows[] = {
		{ "[r12]", 64, I(0x41, 0x89, 0x04, 0x24), { ST(4, 4, 0, 8) } },
		{ "[r13+0]", 64, I(0x41, 0x89, 0x45, 0x00), { ST(4, 4, 0, 8) } },
		{ "sib no base", 64,
		  I(0x41, 0x89, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00),
		  { ST(8, 4, 0, 8) } },
	};

	CHECK_ROWS(rows);
}

/* --- default segment (SDM Vol. 1 3.7.4 Table 3-5) --- */

TEST(stack_base_defaults_to_ss)
{
	static const struct row rows[] = {
		{ "[rsp]", 64, I(0x89, 0x04, 0x24),
		  { ST(3, 4, 0, 8), .seg = NVMX_SEG_SS } },
		{ "[rbp+0]", 64, I(0x89, 0x45, 0x00),
		  { ST(3, 4, 0, 8), .seg = NVMX_SEG_SS } },
		{ "[ebp+ecx+8]", 32, I(0x89, 0x44, 0x0d, 0x08),
		  { ST(4, 4, 0, 4), .seg = NVMX_SEG_SS } },
		{ "[esp+d32]", 32, I(0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00),
		  { LD(7, 4, 0, 4), .seg = NVMX_SEG_SS } },
	};

	CHECK_ROWS(rows);
}

TEST(stack_register_as_index_or_r12_r13_base_defaults_to_ds)
{
	static const struct row rows[] = {
		{ "[rax+rbp]", 64, I(0x89, 0x04, 0x28), { ST(3, 4, 0, 8) } },
		{ "[r13+0]", 64, I(0x41, 0x89, 0x45, 0x00), { ST(4, 4, 0, 8) } },
		{ "[r12]", 64, I(0x41, 0x89, 0x04, 0x24), { ST(4, 4, 0, 8) } },
		{ "[rip]", 64, I(0x89, 0x05, 0, 0, 0, 0), { ST(6, 4, 0, 8) } },
	};

	CHECK_ROWS(rows);
}

/* --- 16-bit addressing (SDM Vol. 2 2.1.5 Table 2-1) --- */

TEST(modrm16_forms_and_lengths)
{
	static const struct row rows[] = {
		{ "[bx+si]", 16, I(0x89, 0x00), { ST(2, 2, 0, 2) } },
		{ "[bx+di]", 16, I(0x89, 0x01), { ST(2, 2, 0, 2) } },
		{ "[si]", 16, I(0x89, 0x04), { ST(2, 2, 0, 2) } },
		{ "[di]", 16, I(0x89, 0x05), { ST(2, 2, 0, 2) } },
		{ "[disp16]", 16, I(0x89, 0x06, 0x34, 0x12),
		  { ST(4, 2, 0, 2) } },
		{ "[bx]", 16, I(0x89, 0x07), { ST(2, 2, 0, 2) } },
		{ "[si+d8]", 16, I(0x89, 0x44, 0x02), { ST(3, 2, 0, 2) } },
		{ "[bx+d16]", 16, I(0x89, 0x87, 0x34, 0x12),
		  { ST(4, 2, 0, 2) } },
	};

	CHECK_ROWS(rows);
}

TEST(modrm16_bp_forms_default_to_ss)
{
	static const struct row rows[] = {
		{ "[bp+si]", 16, I(0x89, 0x02),
		  { ST(2, 2, 0, 2), .seg = NVMX_SEG_SS } },
		{ "[bp+di]", 16, I(0x89, 0x03),
		  { ST(2, 2, 0, 2), .seg = NVMX_SEG_SS } },
		{ "[bp+d8]", 16, I(0x89, 0x46, 0x02),
		  { ST(3, 2, 0, 2), .seg = NVMX_SEG_SS } },
		{ "[bp+d16]", 16, I(0x89, 0x86, 0x00, 0x01),
		  { ST(4, 2, 0, 2), .seg = NVMX_SEG_SS } },
		{ "[bp+di+d8]", 16, I(0x89, 0x43, 0x02),
		  { ST(3, 2, 0, 2), .seg = NVMX_SEG_SS } },
	};

	CHECK_ROWS(rows);
}

TEST(address_size_prefix_switches_addressing_form)
{
	static const struct row rows[] = {
		/* 32-bit mode, 67: 16-bit forms, no SIB. */
		{ "32: 67 [disp16]", 32, I(0x67, 0x89, 0x06, 0x34, 0x12),
		  { ST(5, 4, 0, 2) } },
		{ "32: 67 [si]", 32, I(0x67, 0x8b, 0x0c), { LD(3, 4, 1, 2) } },
		/* 16-bit mode, 67: 32-bit forms with SIB. */
		{ "16: 67 [esp]", 16, I(0x67, 0x89, 0x04, 0x24),
		  { ST(4, 2, 0, 4), .seg = NVMX_SEG_SS } },
		{ "16: 67 [d32]", 16, I(0x67, 0x89, 0x05, 0, 0x10, 0, 0),
		  { ST(7, 2, 0, 4) } },
		{ "16: 66 67", 16, I(0x66, 0x67, 0x89, 0x40, 0x08),
		  { ST(5, 4, 0, 4) } },
		/* 64-bit mode, 67: 32-bit forms. */
		{ "64: 67 [eax+8]", 64, I(0x67, 0x89, 0x48, 0x08),
		  { ST(4, 4, 1, 4) } },
	};

	CHECK_ROWS(rows);
}

/* --- segment overrides (SDM Vol. 2 2.1.1) --- */

TEST(segment_override_prefixes)
{
	static const struct row rows[] = {
		{ "26", 32, I(0x26, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_ES, .seg_override = 1 } },
		{ "2e", 32, I(0x2e, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_CS, .seg_override = 1 } },
		{ "36", 32, I(0x36, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_SS, .seg_override = 1 } },
		{ "3e", 32, I(0x3e, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_DS, .seg_override = 1 } },
		{ "64", 32, I(0x64, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_FS, .seg_override = 1 } },
		{ "65", 32, I(0x65, 0x89, 0x08),
		  { ST(3, 4, 1, 4), .seg = NVMX_SEG_GS, .seg_override = 1 } },
		{ "65 48 (64)", 64, I(0x65, 0x48, 0x8b, 0x08),
		  { LD(4, 8, 1, 8), .seg = NVMX_SEG_GS, .seg_override = 1 } },
		{ "64 a1 (16)", 16, I(0x64, 0xa1, 0x00, 0x10),
		  { LD(4, 2, 0, 2), .seg = NVMX_SEG_FS, .seg_override = 1 } },
	};

	CHECK_ROWS(rows);
}

TEST(segment_override_beats_the_ss_default)
{
	static const struct row rows[] = {
		{ "3e [ebp+0]", 32, I(0x3e, 0x89, 0x45, 0x00),
		  { ST(4, 4, 0, 4), .seg = NVMX_SEG_DS, .seg_override = 1 } },
		{ "26 [bp+si]", 16, I(0x26, 0x89, 0x02),
		  { ST(3, 2, 0, 2), .seg = NVMX_SEG_ES, .seg_override = 1 } },
	};

	CHECK_ROWS(rows);
}

TEST(last_segment_override_counts)
{
	static const struct row rows[] = {
		{ "64 65", 64, I(0x64, 0x65, 0x89, 0x08),
		  { ST(4, 4, 1, 8), .seg = NVMX_SEG_GS, .seg_override = 1 } },
		{ "65 26", 32, I(0x65, 0x26, 0x89, 0x08),
		  { ST(4, 4, 1, 4), .seg = NVMX_SEG_ES, .seg_override = 1 } },
	};

	CHECK_ROWS(rows);
}

TEST(lock_and_rep_prefixes_are_rejected)
{
	static const struct row rows[] = {
		{ "f0 89", 64, I(0xf0, 0x89, 0x08) },
		{ "f2 89", 64, I(0xf2, 0x89, 0x08) },
		{ "f3 89", 32, I(0xf3, 0x89, 0x08) },
		{ "f3 8b", 16, I(0xf3, 0x8b, 0x0f) },
		{ "66 f0 89", 64, I(0x66, 0xf0, 0x89, 0x08) },
		{ "f3 c7", 64, I(0xf3, 0xc7, 0x00, 1, 2, 3, 4) },
		{ "f3 a1", 32, I(0xf3, 0xa1, 1, 2, 3, 4) },
		{ "f0 0f b6", 64, I(0xf0, 0x0f, 0xb6, 0x08) },
	};

	CHECK_REJECTS(rows);
}

/* --- MOV r/m, imm (C6 /0, C7 /0) --- */

TEST(mov_imm8)
{
	static const struct row rows[] = {
		{ "c6 [rax]", 64, I(0xc6, 0x00, 0x5a),
		  { ST(3, 1, 0, 8), .has_imm = 1, .imm = 0x5a } },
		{ "c6 [eax+8]", 32, I(0xc6, 0x40, 0x08, 0xff),
		  { ST(4, 1, 0, 4), .has_imm = 1, .imm = 0xff } },
		{ "66 48 c6", 64, I(0x66, 0x48, 0xc6, 0x00, 0x80),
		  { ST(5, 1, 0, 8), .has_imm = 1, .imm = 0x80 } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_imm16_32_by_operand_size)
{
	static const struct row rows[] = {
		{ "64: c7 id", 64, I(0xc7, 0x00, 0x78, 0x56, 0x34, 0x12),
		  { ST(6, 4, 0, 8), .has_imm = 1, .imm = 0x12345678 } },
		{ "64: 66 c7 iw", 64, I(0x66, 0xc7, 0x00, 0x34, 0x92),
		  { ST(5, 2, 0, 8), .has_imm = 1, .imm = 0x9234 } },
		{ "32: c7 id", 32, I(0xc7, 0x00, 0x00, 0x00, 0x00, 0x80),
		  { ST(6, 4, 0, 4), .has_imm = 1, .imm = 0x80000000 } },
		{ "16: c7 iw", 16, I(0xc7, 0x07, 0x34, 0x12),
		  { ST(4, 2, 0, 2), .has_imm = 1, .imm = 0x1234 } },
		{ "16: 66 c7 id", 16, I(0x66, 0xc7, 0x07, 0x78, 0x56, 0x34, 0x12),
		  { ST(7, 4, 0, 2), .has_imm = 1, .imm = 0x12345678 } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_imm32_sign_extended_with_rex_w)
{
	static const struct row rows[] = {
		{ "48 c7 neg", 64, I(0x48, 0xc7, 0x00, 0x00, 0x00, 0x00, 0x80),
		  { ST(7, 8, 0, 8), .has_imm = 1,
		    .imm = 0xffffffff80000000ULL } },
		{ "48 c7 pos", 64, I(0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0x7f),
		  { ST(7, 8, 0, 8), .has_imm = 1, .imm = 0x7fffffffULL } },
		{ "49 c7 -1", 64, I(0x49, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff),
		  { ST(7, 8, 0, 8), .has_imm = 1, .imm = ~0ULL } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_imm_follows_sib_and_displacement)
{
	static const struct row rows[] = {
		{ "c7 [rsp+8]", 64,
		  I(0xc7, 0x44, 0x24, 0x08, 0x78, 0x56, 0x34, 0x12),
		  { ST(8, 4, 0, 8), .seg = NVMX_SEG_SS, .has_imm = 1,
		    .imm = 0x12345678 } },
		{ "c7 [rip+d32]", 64,
		  I(0xc7, 0x05, 0xf0, 0xff, 0xff, 0xff, 0x01, 0, 0, 0),
		  { ST(10, 4, 0, 8), .has_imm = 1, .imm = 1 } },
		{ "c6 [bx+d16]", 16, I(0xc6, 0x87, 0x00, 0x10, 0x7f),
		  { ST(5, 1, 0, 2), .has_imm = 1, .imm = 0x7f } },
		{ "48 c7 [r+i*8+d32]", 64,
		  I(0x48, 0xc7, 0x84, 0xc8, 0, 0x10, 0, 0, 0xfe, 0xff, 0xff, 0xff),
		  { ST(12, 8, 0, 8), .has_imm = 1,
		    .imm = 0xfffffffffffffffeULL } },
	};

	CHECK_ROWS(rows);
}

TEST(mov_imm_needs_reg_field_0)
{
	static const struct row rows[] = {
		{ "c6 /1", 64, I(0xc6, 0x08, 0x00) },
		{ "c6 /7", 64, I(0xc6, 0x38, 0x00) },
		{ "c7 /1", 32, I(0xc7, 0x08, 0, 0, 0, 0) },
		{ "c7 /7", 64, I(0xc7, 0x38, 0, 0, 0, 0) },
	};

	CHECK_REJECTS(rows);
}

/* --- MOVZX / MOVSX (0F B6, B7, BE, BF) --- */

TEST(movzx_movsx_in_64bit_mode)
{
	static const struct row rows[] = {
		{ "0f b6", 64, I(0x0f, 0xb6, 0x08),
		  { LD(3, 1, 1, 8), .dst_size = 4, .ext = NVMX_MMIO_EXT_ZERO } },
		{ "0f b7", 64, I(0x0f, 0xb7, 0x08),
		  { LD(3, 2, 1, 8), .dst_size = 4, .ext = NVMX_MMIO_EXT_ZERO } },
		{ "0f be", 64, I(0x0f, 0xbe, 0x08),
		  { LD(3, 1, 1, 8), .dst_size = 4, .ext = NVMX_MMIO_EXT_SIGN } },
		{ "0f bf", 64, I(0x0f, 0xbf, 0x08),
		  { LD(3, 2, 1, 8), .dst_size = 4, .ext = NVMX_MMIO_EXT_SIGN } },
		{ "48 0f b6", 64, I(0x48, 0x0f, 0xb6, 0x08),
		  { LD(4, 1, 1, 8), .dst_size = 8, .ext = NVMX_MMIO_EXT_ZERO } },
		{ "4c 0f bf", 64, I(0x4c, 0x0f, 0xbf, 0x08),
		  { LD(4, 2, 9, 8), .dst_size = 8, .ext = NVMX_MMIO_EXT_SIGN } },
		{ "66 0f be", 64, I(0x66, 0x0f, 0xbe, 0x08),
		  { LD(4, 1, 1, 8), .dst_size = 2, .ext = NVMX_MMIO_EXT_SIGN } },
		{ "66 0f b7", 64, I(0x66, 0x0f, 0xb7, 0x08),
		  { LD(4, 2, 1, 8), .dst_size = 2, .ext = NVMX_MMIO_EXT_ZERO } },
	};

	CHECK_ROWS(rows);
}

TEST(movzx_movsx_in_32bit_and_16bit_mode)
{
	static const struct row rows[] = {
		{ "32: 0f b6 [ebp+8]", 32, I(0x0f, 0xb6, 0x45, 0x08),
		  { LD(4, 1, 0, 4), .dst_size = 4, .seg = NVMX_SEG_SS,
		    .ext = NVMX_MMIO_EXT_ZERO } },
		{ "32: 66 0f bf", 32, I(0x66, 0x0f, 0xbf, 0x08),
		  { LD(4, 2, 1, 4), .dst_size = 2, .ext = NVMX_MMIO_EXT_SIGN } },
		{ "16: 0f b6", 16, I(0x0f, 0xb6, 0x07),
		  { LD(3, 1, 0, 2), .dst_size = 2, .ext = NVMX_MMIO_EXT_ZERO } },
		{ "16: 66 0f be", 16, I(0x66, 0x0f, 0xbe, 0x0f),
		  { LD(4, 1, 1, 2), .dst_size = 4, .ext = NVMX_MMIO_EXT_SIGN } },
	};

	CHECK_ROWS(rows);
}

TEST(movzx_destination_4_to_7_is_never_a_high_byte)
{
	static const struct row rows[] = {
		{ "0f b6 esp", 64, I(0x0f, 0xb6, 0x20),
		  { LD(3, 1, 4, 8), .dst_size = 4, .ext = NVMX_MMIO_EXT_ZERO } },
		{ "0f be di", 16, I(0x0f, 0xbe, 0x3f),
		  { LD(3, 1, 7, 2), .dst_size = 2, .ext = NVMX_MMIO_EXT_SIGN } },
	};

	CHECK_ROWS(rows);
}

/* --- MOV moffs (A0-A3, SDM Vol. 2 2.2.1.4) --- */

TEST(moffs_forms)
{
	static const struct row rows[] = {
		{ "a0", 32, I(0xa0, 0x00, 0x10, 0x00, 0x00),
		  { LD(5, 1, 0, 4) } },
		{ "a1", 32, I(0xa1, 0x00, 0x10, 0x00, 0x00),
		  { LD(5, 4, 0, 4) } },
		{ "a2", 32, I(0xa2, 0x00, 0x10, 0x00, 0x00),
		  { ST(5, 1, 0, 4) } },
		{ "a3", 32, I(0xa3, 0x00, 0x10, 0x00, 0x00),
		  { ST(5, 4, 0, 4) } },
		{ "66 a3", 32, I(0x66, 0xa3, 0x00, 0x10, 0x00, 0x00),
		  { ST(6, 2, 0, 4) } },
		{ "48 a1", 64, I(0x48, 0xa1, 0, 0x10, 0, 0, 0, 0, 0, 0),
		  { LD(10, 8, 0, 8) } },
	};

	CHECK_ROWS(rows);
}

TEST(moffs_width_follows_address_size)
{
	static const struct row rows[] = {
		{ "64: 8 bytes", 64, I(0xa1, 1, 2, 3, 4, 5, 6, 7, 8),
		  { LD(9, 4, 0, 8) } },
		{ "64: 67, 4 bytes", 64, I(0x67, 0xa1, 1, 2, 3, 4),
		  { LD(6, 4, 0, 4) } },
		{ "32: 4 bytes", 32, I(0xa3, 1, 2, 3, 4), { ST(5, 4, 0, 4) } },
		{ "32: 67, 2 bytes", 32, I(0x67, 0xa3, 1, 2),
		  { ST(4, 4, 0, 2) } },
		{ "16: 2 bytes", 16, I(0xa2, 1, 2), { ST(3, 1, 0, 2) } },
		{ "16: 67, 4 bytes", 16, I(0x67, 0xa0, 1, 2, 3, 4),
		  { LD(6, 1, 0, 4) } },
	};

	CHECK_ROWS(rows);
}

TEST(moffs_register_is_al_rax_whatever_rex)
{
	static const struct row rows[] = {
		{ "41 a1", 64, I(0x41, 0xa1, 0, 0, 0, 0, 0, 0, 0, 0),
		  { LD(10, 4, 0, 8) } },
		{ "44 a2", 64, I(0x44, 0xa2, 0, 0, 0, 0, 0, 0, 0, 0),
		  { ST(10, 1, 0, 8) } },
		{ "40 a0", 64, I(0x40, 0xa0, 0, 0, 0, 0, 0, 0, 0, 0),
		  { LD(10, 1, 0, 8) } },
	};

	CHECK_ROWS(rows);
}

/* --- rejected instructions --- */

TEST(other_opcodes_are_rejected)
{
	static const struct row rows[] = {
		{ "8c mov r/m,sreg", 64, I(0x8c, 0x08) },
		{ "8e mov sreg,r/m", 64, I(0x8e, 0x18) },
		{ "8d lea", 64, I(0x8d, 0x08) },
		{ "63 movsxd", 64, I(0x48, 0x63, 0x08) },
		{ "01 add", 64, I(0x01, 0x08) },
		{ "87 xchg", 64, I(0x87, 0x08) },
		{ "a4 movs", 32, I(0xa4) },
		{ "a5 movs", 32, I(0xa5) },
		{ "aa stos", 32, I(0xaa) },
		{ "ff /1 dec", 64, I(0xff, 0x08) },
		{ "90 nop", 32, I(0x90) },
		{ "0f 10 movups", 64, I(0x0f, 0x10, 0x08) },
		{ "0f 6f movq", 64, I(0x0f, 0x6f, 0x08) },
		{ "0f b8 jmpe", 64, I(0x0f, 0xb8, 0x08) },
		{ "0f b5 lgs", 32, I(0x0f, 0xb5, 0x08) },
		{ "0f c3 movnti", 64, I(0x0f, 0xc3, 0x08) },
		{ "0f 38 xx", 64, I(0x0f, 0x38, 0xf0, 0x08) },
		{ "c4 vex", 64, I(0xc4, 0xe1, 0x79, 0x6e, 0x08) },
	};

	CHECK_REJECTS(rows);
}

TEST(register_operands_are_rejected)
{
	static const struct row rows[] = {
		{ "89 c8", 64, I(0x89, 0xc8) },
		{ "8a c1", 32, I(0x8a, 0xc1) },
		{ "c7 c0", 64, I(0xc7, 0xc0, 1, 0, 0, 0) },
		{ "c6 f8 xabort", 64, I(0xc6, 0xf8, 0x00) },
		{ "c7 f8 xbegin", 64, I(0xc7, 0xf8, 0, 0, 0, 0) },
		{ "0f b6 c0", 16, I(0x0f, 0xb6, 0xc0) },
	};

	CHECK_REJECTS(rows);
}

TEST(bad_mode_is_rejected)
{
	static const struct row rows[] = {
		{ "mode 0", 0, I(0x89, 0x08) },
		{ "mode 8", 8, I(0x89, 0x08) },
		{ "mode 33", 33, I(0x89, 0x08) },
		{ "mode 128", 128, I(0x89, 0x08) },
	};

	CHECK_REJECTS(rows);
}

/* --- truncation and the 15-byte limit --- */

static const struct row truncation_rows[] = {
	{ "prefixes+rex+sib+d32", 64,
	  I(0x65, 0x67, 0x4c, 0x89, 0x84, 0x88, 0x00, 0x10, 0x00, 0x00) },
	{ "rip c7", 64, I(0xc7, 0x05, 0xf0, 0xff, 0xff, 0xff, 1, 0, 0, 0) },
	{ "48 c7 sib d8", 64, I(0x48, 0xc7, 0x44, 0x24, 0x08, 1, 2, 3, 4) },
	{ "0f bf d8", 64, I(0x0f, 0xbf, 0x48, 0x08) },
	{ "moffs64", 64, I(0xa1, 1, 2, 3, 4, 5, 6, 7, 8) },
	{ "moffs16", 16, I(0x66, 0xa3, 1, 2) },
	{ "16 d16 imm16", 16, I(0xc7, 0x86, 0x00, 0x01, 0x34, 0x12) },
	{ "c6 imm8", 32, I(0x26, 0xc6, 0x00, 0x01) },
};

TEST(every_truncation_is_rejected)
{
	struct nvmx_mmio_insn got;
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(truncation_rows); i++) {
		const struct row *r = &truncation_rows[i];

		for (n = 0; n < r->n; n++)
			EXPECT_EQ(-EINVAL, nvmx_decode_mmio(r->bytes, n, r->mode,
							    &got))
				TH_LOG("%s, %u of %u bytes", r->name, n, r->n);
	}
}

TEST(exact_and_longer_buffers_decode_to_the_same_length)
{
	struct nvmx_mmio_insn got;
	u8 buf[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(truncation_rows); i++) {
		const struct row *r = &truncation_rows[i];

		ASSERT_EQ(0, nvmx_decode_mmio(r->bytes, r->n, r->mode, &got))
			TH_LOG("%s", r->name);
		EXPECT_EQ(r->n, got.len) TH_LOG("%s", r->name);
		memset(buf, 0x90, sizeof(buf));
		memcpy(buf, r->bytes, r->n);
		ASSERT_EQ(0, nvmx_decode_mmio(buf, sizeof(buf), r->mode, &got))
			TH_LOG("%s", r->name);
		EXPECT_EQ(r->n, got.len) TH_LOG("%s", r->name);
	}
}

/* 48 c7 84 c8 disp32 imm32: MOV QWORD [rax+rcx*8+d32], imm32, 12 bytes. */
static const u8 long_mov[12] = { 0x48, 0xc7, 0x84, 0xc8, 0x00, 0x10, 0x00,
				 0x00, 0x01, 0x00, 0x00, 0x00 };

static int decode_with_66_prefixes(unsigned int prefixes,
				   struct nvmx_mmio_insn *got)
{
	u8 buf[32];

	memset(buf, 0x66, sizeof(buf));
	memcpy(buf + prefixes, long_mov, sizeof(long_mov));
	return nvmx_decode_mmio(buf, sizeof(buf), 64, got);
}

TEST(fifteen_bytes_are_accepted)
{
	struct nvmx_mmio_insn got;

	ASSERT_EQ(0, decode_with_66_prefixes(3, &got));
	EXPECT_EQ(15, got.len);
	EXPECT_EQ(8, got.size);
	EXPECT_EQ(1ULL, got.imm);
}

TEST(sixteen_bytes_are_rejected)
{
	struct nvmx_mmio_insn got;

	EXPECT_EQ(-EINVAL, decode_with_66_prefixes(4, &got));
}

TEST(prefixes_alone_are_rejected)
{
	static const u8 buf[15] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				    0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				    0x66, 0x66, 0x66 };
	struct nvmx_mmio_insn got;

	EXPECT_EQ(-EINVAL, nvmx_decode_mmio(buf, sizeof(buf), 32, &got));
}

/* --- nvmx_mmio_write_value(): what a store writes --- */

static void fill_regs(unsigned long *regs)
{
	unsigned int i;

	/* Register i holds 0xi8i7i6i5i4i3i2i1 with i in the top nibbles. */
	for (i = 0; i < 16; i++)
		regs[i] = 0x0807060504030201ULL | ((u64)i * 0x1010101010101010ULL);
}

struct value_row {
	const char *name;
	unsigned int mode;
	u8 bytes[16];
	unsigned int n;
	u64 val;	/* store: expected value; load: value read */
	unsigned int reg;	/* load: register that changes */
	u64 result;	/* load: its expected contents */
};

static void decode_row(struct __test_metadata *_metadata,
		       const struct value_row *r, struct nvmx_mmio_insn *insn)
{
	ASSERT_EQ(0, nvmx_decode_mmio(r->bytes, r->n, r->mode, insn))
		TH_LOG("%s", r->name);
}

static void check_stores(struct __test_metadata *_metadata,
			 const struct value_row *rows, unsigned int count)
{
	struct nvmx_mmio_insn insn;
	unsigned long regs[16];
	unsigned int i;
	u64 val;

	fill_regs(regs);
	for (i = 0; i < count; i++) {
		decode_row(_metadata, &rows[i], &insn);
		ASSERT_TRUE(insn.write) TH_LOG("%s", rows[i].name);
		val = 0xdeadbeefdeadbeefULL;
		nvmx_mmio_write_value(&insn, regs, &val);
		EXPECT_EQ(rows[i].val, val) TH_LOG("%s", rows[i].name);
	}
}

TEST(store_value_is_the_low_bytes_of_the_register)
{
	static const struct value_row rows[] = {
		{ "mov [rax],cl", 64, I(0x88, 0x08), 0x11 },
		{ "mov [rax],cx", 64, I(0x66, 0x89, 0x08), 0x1211 },
		{ "mov [rax],ecx", 64, I(0x89, 0x08), 0x14131211 },
		{ "mov [rax],rcx", 64, I(0x48, 0x89, 0x08),
		  0x1817161514131211ULL },
		{ "mov [rax],r9", 64, I(0x4c, 0x89, 0x08),
		  0x9897969594939291ULL },
		{ "mov [rax],r15b", 64, I(0x44, 0x88, 0x38), 0xf1 },
		{ "mov [eax],edi", 32, I(0x89, 0x38), 0x74737271 },
		{ "mov [bx],si", 16, I(0x89, 0x37), 0x6261 },
		{ "mov moffs,rax", 64, I(0x48, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0),
		  0x0807060504030201ULL },
		{ "mov moffs,al", 32, I(0xa2, 0, 0, 0, 0), 0x01 },
	};

	check_stores(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(store_value_of_a_high_byte_register)
{
	static const struct value_row rows[] = {
		{ "mov [rax],ah", 64, I(0x88, 0x20), 0x02 },
		{ "mov [rax],ch", 64, I(0x88, 0x28), 0x12 },
		{ "mov [eax],dh", 32, I(0x88, 0x30), 0x22 },
		{ "mov [bx],bh", 16, I(0x88, 0x3f), 0x32 },
		{ "mov [rax],spl", 64, I(0x40, 0x88, 0x20), 0x41 },
		{ "mov [rax],dil", 64, I(0x40, 0x88, 0x38), 0x71 },
	};

	check_stores(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(store_value_of_an_immediate)
{
	static const struct value_row rows[] = {
		{ "c6", 64, I(0xc6, 0x00, 0xab), 0xab },
		{ "66 c7", 64, I(0x66, 0xc7, 0x00, 0xcd, 0xab), 0xabcd },
		{ "c7", 32, I(0xc7, 0x00, 0x78, 0x56, 0x34, 0xf2), 0xf2345678 },
		{ "48 c7 neg", 64, I(0x48, 0xc7, 0x00, 0xfe, 0xff, 0xff, 0xff),
		  0xfffffffffffffffeULL },
		{ "16: c7", 16, I(0xc7, 0x07, 0x34, 0x12), 0x1234 },
	};

	check_stores(_metadata, rows, ARRAY_SIZE(rows));
}

/* --- nvmx_mmio_complete_read(): how a load lands (SDM Vol. 1 3.4.1.1) --- */

static void check_loads(struct __test_metadata *_metadata,
			const struct value_row *rows, unsigned int count)
{
	struct nvmx_mmio_insn insn;
	unsigned long regs[16], before[16];
	unsigned int i, j;

	for (i = 0; i < count; i++) {
		decode_row(_metadata, &rows[i], &insn);
		ASSERT_FALSE(insn.write) TH_LOG("%s", rows[i].name);
		fill_regs(regs);
		memcpy(before, regs, sizeof(regs));
		nvmx_mmio_complete_read(&insn, regs, rows[i].val);
		for (j = 0; j < 16; j++)
			EXPECT_EQ(j == rows[i].reg ? rows[i].result : before[j],
				  regs[j])
				TH_LOG("%s: register %u", rows[i].name, j);
	}
}

TEST(load_of_8_and_16_bits_keeps_the_other_bits)
{
	static const struct value_row rows[] = {
		{ "mov cl,[rax]", 64, I(0x8a, 0x08), 0xab, 1,
		  0x18171615141312abULL },
		{ "mov cx,[rax]", 64, I(0x66, 0x8b, 0x08), 0xabcd, 1,
		  0x181716151413abcdULL },
		{ "mov r9b,[rax]", 64, I(0x44, 0x8a, 0x08), 0xab, 9,
		  0x98979695949392abULL },
		{ "mov sil,[rax]", 64, I(0x40, 0x8a, 0x30), 0xab, 6,
		  0x68676665646362abULL },
		{ "mov di,[bx]", 16, I(0x8b, 0x3f), 0xabcd, 7,
		  0x787776757473abcdULL },
		{ "mov al,moffs", 32, I(0xa0, 0, 0, 0, 0), 0xab, 0,
		  0x08070605040302abULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(load_of_a_high_byte_register_writes_bits_15_8)
{
	static const struct value_row rows[] = {
		{ "mov ah,[rax]", 64, I(0x8a, 0x20), 0xab, 0,
		  0x080706050403ab01ULL },
		{ "mov ch,[eax]", 32, I(0x8a, 0x28), 0xab, 1,
		  0x181716151413ab11ULL },
		{ "mov dh,[bx]", 16, I(0x8a, 0x37), 0xab, 2,
		  0x282726252423ab21ULL },
		{ "mov bh,[rax]", 64, I(0x8a, 0x38), 0xab, 3,
		  0x383736353433ab31ULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(load_of_32_bits_zero_extends)
{
	static const struct value_row rows[] = {
		{ "64: mov ecx,[rax]", 64, I(0x8b, 0x08), 0xdeadbeef, 1,
		  0x00000000deadbeefULL },
		{ "64: mov r15d,[rax]", 64, I(0x44, 0x8b, 0x38), 0x80000000, 15,
		  0x0000000080000000ULL },
		{ "32: mov ecx,[eax]", 32, I(0x8b, 0x08), 0xdeadbeef, 1,
		  0x00000000deadbeefULL },
		{ "64: mov eax,moffs", 64, I(0xa1, 0, 0, 0, 0, 0, 0, 0, 0),
		  0x12345678, 0, 0x0000000012345678ULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(load_of_64_bits_writes_the_whole_register)
{
	static const struct value_row rows[] = {
		{ "mov rcx,[rax]", 64, I(0x48, 0x8b, 0x08),
		  0xfedcba9876543210ULL, 1, 0xfedcba9876543210ULL },
		{ "mov r12,[rax]", 64, I(0x4c, 0x8b, 0x20),
		  0x8000000000000001ULL, 12, 0x8000000000000001ULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(load_uses_only_the_bytes_accessed)
{
	static const struct value_row rows[] = {
		{ "mov cl,[rax]", 64, I(0x8a, 0x08), 0xffffffffffffff5aULL, 1,
		  0x181716151413125aULL },
		{ "mov cx,[rax]", 64, I(0x66, 0x8b, 0x08),
		  0xffffffffffff5a5aULL, 1, 0x1817161514135a5aULL },
		{ "mov ecx,[rax]", 64, I(0x8b, 0x08), 0xffffffff5a5a5a5aULL, 1,
		  0x000000005a5a5a5aULL },
		{ "movzx ecx,byte", 64, I(0x0f, 0xb6, 0x08),
		  0xffffffffffffff5aULL, 1, 0x000000000000005aULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(movzx_zero_extends_to_the_operand_size)
{
	static const struct value_row rows[] = {
		{ "movzx ecx,byte", 64, I(0x0f, 0xb6, 0x08), 0x80, 1,
		  0x0000000000000080ULL },
		{ "movzx rcx,byte", 64, I(0x48, 0x0f, 0xb6, 0x08), 0xff, 1,
		  0x00000000000000ffULL },
		{ "movzx cx,byte", 64, I(0x66, 0x0f, 0xb6, 0x08), 0x80, 1,
		  0x1817161514130080ULL },
		{ "movzx ecx,word", 64, I(0x0f, 0xb7, 0x08), 0x8000, 1,
		  0x0000000000008000ULL },
		{ "movzx r10,word", 64, I(0x4c, 0x0f, 0xb7, 0x10), 0xffff, 10,
		  0x000000000000ffffULL },
		{ "16: movzx di,byte", 16, I(0x0f, 0xb6, 0x3f), 0x80, 7,
		  0x7877767574730080ULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST(movsx_sign_extends_to_the_operand_size)
{
	static const struct value_row rows[] = {
		{ "movsx ecx,byte -", 64, I(0x0f, 0xbe, 0x08), 0x80, 1,
		  0x00000000ffffff80ULL },
		{ "movsx ecx,byte +", 64, I(0x0f, 0xbe, 0x08), 0x7f, 1,
		  0x000000000000007fULL },
		{ "movsx rcx,byte", 64, I(0x48, 0x0f, 0xbe, 0x08), 0x80, 1,
		  0xffffffffffffff80ULL },
		{ "movsx cx,byte", 64, I(0x66, 0x0f, 0xbe, 0x08), 0x80, 1,
		  0x181716151413ff80ULL },
		{ "movsx ecx,word", 64, I(0x0f, 0xbf, 0x08), 0x8000, 1,
		  0x00000000ffff8000ULL },
		{ "movsx rcx,word -", 64, I(0x48, 0x0f, 0xbf, 0x08), 0x8001, 1,
		  0xffffffffffff8001ULL },
		{ "movsx rcx,word +", 64, I(0x48, 0x0f, 0xbf, 0x08), 0x7fff, 1,
		  0x0000000000007fffULL },
		{ "16: 66 movsx edi,byte", 16, I(0x66, 0x0f, 0xbe, 0x3f), 0xfe,
		  7, 0x00000000fffffffeULL },
	};

	check_loads(_metadata, rows, ARRAY_SIZE(rows));
}

TEST_HARNESS_MAIN
