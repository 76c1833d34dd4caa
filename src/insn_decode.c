// SPDX-License-Identifier: GPL-2.0
/*
 * Exact decoder for the x86 MOV forms that a device driver uses on MMIO
 * (the list is in insn_decode.h). The guest-physical address comes from
 * the EPT violation, so this decodes lengths, sizes, registers and
 * immediates only and computes no address.
 *
 * Instruction format, SDM Vol. 2 2.1 Figure 2-1: legacy prefixes, REX
 * (64-bit mode), opcode (1 or 2 bytes), ModR/M, SIB, displacement (0, 1,
 * 2 or 4 bytes), immediate (0, 1, 2 or 4 bytes); the MOV moffs forms
 * carry an address-size offset in place of ModR/M.
 *
 * Pure C, compiled unchanged by the host unit tests: see insn_decode.h.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#endif

#include "insn_decode.h"

/* REX prefix fields, SDM Vol. 2 2.2.1.2 Table 2-4 "REX Prefix Fields". */
#define NVMX_REX_W	0x8
#define NVMX_REX_R	0x4
#define NVMX_REX_B	0x1

/* Where the decoder is in the bytes and what the prefixes said. */
struct nvmx_insn_cursor {
	const u8 *bytes;
	unsigned int avail;	/* bytes that may belong to the instruction */
	unsigned int pos;
	unsigned int mode;	/* 16, 32 or 64 */
	u8 rex;			/* the REX byte, 0 if none */
	bool opsize;		/* 66 seen */
	bool adsize;		/* 67 seen */
	bool seg_override;
	u8 seg;
};

static int nvmx_insn_byte(struct nvmx_insn_cursor *c, u8 *b)
{
	if (c->pos >= c->avail)
		return -EINVAL;
	*b = c->bytes[c->pos++];
	return 0;
}

/* Reads an n-byte little-endian field (displacement, immediate, moffs). */
static int nvmx_insn_le(struct nvmx_insn_cursor *c, unsigned int n, u64 *val)
{
	unsigned int i;
	u64 v = 0;

	if (c->avail - c->pos < n)
		return -EINVAL;
	for (i = 0; i < n; i++)
		v |= (u64)c->bytes[c->pos + i] << (8 * i);
	c->pos += n;
	*val = v;
	return 0;
}

static int nvmx_insn_skip(struct nvmx_insn_cursor *c, unsigned int n)
{
	if (c->avail - c->pos < n)
		return -EINVAL;
	c->pos += n;
	return 0;
}

/*
 * Effective operand size in bytes: SDM Vol. 2 3.1.1.3 and 2.2.1.2, Vol. 1
 * 3.6 (CS.D default: 16-bit mode 16 bits, 32-bit mode 32 bits; 66 selects
 * the other) and Vol. 1 3.6.1 Table 3-4 (64-bit mode: 32 bits by default,
 * 66 selects 16, REX.W selects 64 and takes precedence over 66).
 */
static unsigned int nvmx_insn_op_size(const struct nvmx_insn_cursor *c)
{
	if (c->rex & NVMX_REX_W)
		return 8;
	if (c->mode == 16)
		return c->opsize ? 4 : 2;
	return c->opsize ? 2 : 4;
}

/*
 * Effective address size in bytes: Vol. 1 3.6 and 3.6.1 Table 3-4 (67
 * selects 32 bits in 16-bit mode, 16 in 32-bit mode, 32 in 64-bit mode).
 */
static unsigned int nvmx_insn_addr_size(const struct nvmx_insn_cursor *c)
{
	switch (c->mode) {
	case 16:
		return c->adsize ? 4 : 2;
	case 32:
		return c->adsize ? 2 : 4;
	default:
		return c->adsize ? 4 : 8;
	}
}

static void nvmx_insn_default_seg(struct nvmx_insn_cursor *c, u8 seg)
{
	if (!c->seg_override)
		c->seg = seg;
}

/*
 * Legacy prefixes (SDM Vol. 2 2.1.1) in any order, then in 64-bit mode
 * REX. LOCK (F0) on MOV is #UD (Vol. 2 LOCK page) and REPNE/REP (F2/F3)
 * have no defined meaning for MOV (on 88/89/C6/C7 they are XACQUIRE and
 * XRELEASE): all three are rejected. Of several segment overrides the
 * last one counts, as on hardware. A REX byte counts only immediately
 * before the opcode: "Other placements are ignored" (Vol. 2 2.2.1), so a
 * legacy prefix after it drops it and, of two REX bytes, the second one
 * counts. 40-4F are INC/DEC outside 64-bit mode (Vol. 2 2.2.1.2), which
 * are not MOV.
 */
static int nvmx_insn_prefixes(struct nvmx_insn_cursor *c)
{
	u8 b;

	for (;;) {
		if (c->pos >= c->avail)
			return -EINVAL;
		b = c->bytes[c->pos];
		switch (b) {
		case 0x66:
			c->opsize = true;
			break;
		case 0x67:
			c->adsize = true;
			break;
		case 0x26: /* ES */
		case 0x2e: /* CS */
		case 0x36: /* SS */
		case 0x3e: /* DS */
			c->seg = (b >> 3) & 3;
			c->seg_override = true;
			break;
		case 0x64: /* FS */
		case 0x65: /* GS */
			c->seg = NVMX_SEG_FS + (b & 1);
			c->seg_override = true;
			break;
		case 0xf0:
		case 0xf2:
		case 0xf3:
			return -EINVAL;
		default:
			if (c->mode != 64 || (b & 0xf0) != 0x40)
				return 0;
			c->rex = b;
			c->pos++;
			continue;
		}
		c->rex = 0;
		c->pos++;
	}
}

/*
 * 16-bit addressing, SDM Vol. 2 2.1.5 Table 2-1: no SIB; disp16 alone for
 * mod 00 r/m 110, disp8 for mod 01, disp16 for mod 10. [BP+SI], [BP+DI]
 * and [BP+disp] default to SS (Vol. 1 3.7.4 Table 3-5).
 */
static int nvmx_insn_modrm16(struct nvmx_insn_cursor *c, u8 mod, u8 rm)
{
	bool bp = rm == 2 || rm == 3 || (rm == 6 && mod != 0);

	nvmx_insn_default_seg(c, bp ? NVMX_SEG_SS : NVMX_SEG_DS);
	if (mod == 0)
		return nvmx_insn_skip(c, rm == 6 ? 2 : 0);
	return nvmx_insn_skip(c, mod == 1 ? 1 : 2);
}

/*
 * 32/64-bit addressing, SDM Vol. 2 2.1.5 Tables 2-2 and 2-3: r/m 100 means
 * a SIB byte; mod 00 with r/m 101 is disp32 alone, which in 64-bit mode is
 * RIP-relative (Vol. 2 2.2.1.6 Table 2-7, with 67 EIP-relative); a SIB
 * base of 101 with mod 00 is disp32 with no base; mod 01 adds disp8, mod
 * 10 disp32. REX.B does not change these special cases (Vol. 2 2.2.1.2
 * Table 2-5) but turns rSP/rBP into R12/R13, which default to DS: only an
 * ESP/EBP (RSP/RBP) base defaults to SS (Vol. 1 3.7.4 Table 3-5).
 */
static int nvmx_insn_modrm32(struct nvmx_insn_cursor *c, u8 mod, u8 rm)
{
	unsigned int disp = mod == 1 ? 1 : (mod == 2 ? 4 : 0);
	u8 base = rm;
	bool no_base = false;
	u8 sib;
	int ret;

	if (rm == 4) {
		ret = nvmx_insn_byte(c, &sib);
		if (ret)
			return ret;
		base = sib & 7;
		if (base == 5 && mod == 0) {
			disp = 4;
			no_base = true;
		}
	} else if (rm == 5 && mod == 0) {
		disp = 4;
		no_base = true;
	}
	if (!no_base && !(c->rex & NVMX_REX_B) && (base == 4 || base == 5))
		nvmx_insn_default_seg(c, NVMX_SEG_SS);
	else
		nvmx_insn_default_seg(c, NVMX_SEG_DS);
	return nvmx_insn_skip(c, disp);
}

/*
 * ModR/M (SDM Vol. 2 2.1.3) with its SIB and displacement. Returns the
 * 3-bit reg field in *reg. mod 11 names a register, not memory, so it
 * cannot be the access that caused an EPT violation: -EINVAL.
 */
static int nvmx_insn_modrm(struct nvmx_insn_cursor *c, u8 *reg)
{
	u8 modrm, mod, rm;
	int ret;

	ret = nvmx_insn_byte(c, &modrm);
	if (ret)
		return ret;
	mod = modrm >> 6;
	rm = modrm & 7;
	*reg = (modrm >> 3) & 7;
	if (mod == 3)
		return -EINVAL;
	if (nvmx_insn_addr_size(c) == 2)
		return nvmx_insn_modrm16(c, mod, rm);
	return nvmx_insn_modrm32(c, mod, rm);
}

/*
 * The register operand: ModR/M.reg extended by REX.R (Vol. 2 2.2.1.2).
 * For a byte operand, 4..7 are AH, CH, DH, BH without any REX prefix and
 * SPL, BPL, SIL, DIL with one (Vol. 2 3.1.1.3 "r8", 2.2.1.2).
 */
static void nvmx_insn_set_reg(const struct nvmx_insn_cursor *c,
			      struct nvmx_mmio_insn *insn, u8 reg, bool byte)
{
	insn->reg = reg | ((c->rex & NVMX_REX_R) ? 8 : 0);
	insn->high_byte = byte && !c->rex && reg >= 4;
}

/*
 * 88 MOV r/m8,r8; 89 MOV r/m16/32/64,r; 8A MOV r8,r/m8; 8B MOV
 * r16/32/64,r/m (Vol. 2 MOV page). Bit 1 of the opcode is the direction
 * (set: to the register), bit 0 the width (clear: byte).
 */
static int nvmx_insn_mov_rm(struct nvmx_insn_cursor *c, u8 op,
			    struct nvmx_mmio_insn *insn)
{
	bool byte = !(op & 1);
	u8 reg;
	int ret;

	ret = nvmx_insn_modrm(c, &reg);
	if (ret)
		return ret;
	insn->write = !(op & 2);
	insn->size = byte ? 1 : nvmx_insn_op_size(c);
	insn->dst_size = insn->size;
	nvmx_insn_set_reg(c, insn, reg, byte);
	return 0;
}

/*
 * C6 /0 ib MOV r/m8,imm8; C7 /0 iw/id MOV r/m16/32,imm16/32; REX.W C7 /0
 * id MOV r/m64,imm32 sign-extended to 64 bits (Vol. 2 MOV page). The
 * immediate follows the displacement (Figure 2-1). Other reg fields
 * (C6/C7 /1../7) are not MOV.
 */
static int nvmx_insn_mov_imm(struct nvmx_insn_cursor *c, u8 op,
			     struct nvmx_mmio_insn *insn)
{
	unsigned int size;
	u64 imm;
	u8 reg;
	int ret;

	ret = nvmx_insn_modrm(c, &reg);
	if (ret)
		return ret;
	if (reg != 0)
		return -EINVAL;
	size = op == 0xc6 ? 1 : nvmx_insn_op_size(c);
	ret = nvmx_insn_le(c, size == 8 ? 4 : size, &imm);
	if (ret)
		return ret;
	if (size == 8 && (imm & 0x80000000ULL))
		imm |= 0xffffffff00000000ULL;
	insn->write = true;
	insn->size = size;
	insn->dst_size = size;
	insn->has_imm = true;
	insn->imm = imm;
	return 0;
}

/*
 * A0 MOV AL,moffs8; A1 MOV rAX,moffs; A2 MOV moffs8,AL; A3 MOV moffs,rAX
 * (Vol. 2 MOV page). The offset is as wide as the address size: 2, 4 or,
 * in 64-bit mode, 8 bytes (Vol. 2 2.2.1.4); the default segment is DS.
 */
static int nvmx_insn_mov_moffs(struct nvmx_insn_cursor *c, u8 op,
			       struct nvmx_mmio_insn *insn)
{
	int ret;

	ret = nvmx_insn_skip(c, nvmx_insn_addr_size(c));
	if (ret)
		return ret;
	nvmx_insn_default_seg(c, NVMX_SEG_DS);
	insn->write = op & 2;
	insn->size = (op & 1) ? nvmx_insn_op_size(c) : 1;
	insn->dst_size = insn->size;
	insn->reg = 0;
	return 0;
}

/*
 * 0F B6 MOVZX r,r/m8; 0F B7 MOVZX r,r/m16; 0F BE MOVSX r,r/m8; 0F BF
 * MOVSX r,r/m16 (Vol. 2 MOVZX and MOVSX pages): the destination has the
 * operand size (with 66, 16 bits; with REX.W, 64 bits).
 */
static int nvmx_insn_movx(struct nvmx_insn_cursor *c,
			  struct nvmx_mmio_insn *insn)
{
	u8 op, reg;
	int ret;

	ret = nvmx_insn_byte(c, &op);
	if (ret)
		return ret;
	if (op != 0xb6 && op != 0xb7 && op != 0xbe && op != 0xbf)
		return -EINVAL;
	ret = nvmx_insn_modrm(c, &reg);
	if (ret)
		return ret;
	insn->write = false;
	insn->size = (op & 1) ? 2 : 1;
	insn->dst_size = nvmx_insn_op_size(c);
	insn->ext = (op & 8) ? NVMX_MMIO_EXT_SIGN : NVMX_MMIO_EXT_ZERO;
	nvmx_insn_set_reg(c, insn, reg, false);
	return 0;
}

static int nvmx_insn_opcode(struct nvmx_insn_cursor *c,
			    struct nvmx_mmio_insn *insn)
{
	u8 op;
	int ret;

	ret = nvmx_insn_byte(c, &op);
	if (ret)
		return ret;
	switch (op) {
	case 0x88:
	case 0x89:
	case 0x8a:
	case 0x8b:
		return nvmx_insn_mov_rm(c, op, insn);
	case 0xc6:
	case 0xc7:
		return nvmx_insn_mov_imm(c, op, insn);
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3:
		return nvmx_insn_mov_moffs(c, op, insn);
	case 0x0f:
		return nvmx_insn_movx(c, insn);
	default:
		return -EINVAL;
	}
}

/**
 * nvmx_decode_mmio() - decode the instruction that accessed MMIO
 * @bytes: the instruction bytes, from its first prefix on
 * @len: how many bytes @bytes holds; only the first 15 are looked at
 *	(SDM Vol. 2 2.3.11)
 * @mode: 16, 32 or 64: the code-segment default size (CS.D) outside
 *	64-bit mode, 64 in 64-bit mode (CS.L with EFER.LMA)
 * @out: the decoded instruction; left untouched on failure
 *
 * Return: 0; -EINVAL for a bad @mode, an instruction that is not one of
 * the forms listed in insn_decode.h (the caller then reports
 * KVM_EXIT_INTERNAL_ERROR with the bytes), or one that needs more than
 * @len or 15 bytes.
 */
int nvmx_decode_mmio(const u8 *bytes, unsigned int len, unsigned int mode,
		     struct nvmx_mmio_insn *out)
{
	struct nvmx_insn_cursor c = {
		.bytes = bytes,
		.avail = len < NVMX_INSN_MAX_LEN ? len : NVMX_INSN_MAX_LEN,
		.mode = mode,
	};
	struct nvmx_mmio_insn insn = { 0 };
	int ret;

	if (mode != 16 && mode != 32 && mode != 64)
		return -EINVAL;
	ret = nvmx_insn_prefixes(&c);
	if (ret)
		return ret;
	ret = nvmx_insn_opcode(&c, &insn);
	if (ret)
		return ret;
	insn.len = c.pos;
	insn.seg = c.seg;
	insn.seg_override = c.seg_override;
	insn.addr_size = nvmx_insn_addr_size(&c);
	*out = insn;
	return 0;
}

static u64 nvmx_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/**
 * nvmx_mmio_write_value() - the value a decoded store writes
 * @insn: a store decoded by nvmx_decode_mmio()
 * @regs: the guest GPRs in x86 encoding order (RAX..R15)
 * @val: the @insn->size low bytes of the value; the bytes above are zero
 *
 * The immediate, or the register: bits 15:8 of RAX/RCX/RDX/RBX for
 * AH/CH/DH/BH, the low @insn->size bytes otherwise.
 */
void nvmx_mmio_write_value(const struct nvmx_mmio_insn *insn,
			   const unsigned long *regs, u64 *val)
{
	u64 v;

	if (insn->has_imm)
		v = insn->imm;
	else if (insn->high_byte)
		v = regs[insn->reg - 4] >> 8;
	else
		v = regs[insn->reg];
	*val = v & nvmx_size_mask(insn->size);
}

/**
 * nvmx_mmio_complete_read() - land the value of a decoded load in its GPR
 * @insn: a load decoded by nvmx_decode_mmio()
 * @regs: the guest GPRs in x86 encoding order (RAX..R15)
 * @val: the value read; only its @insn->size low bytes are used
 *
 * MOVZX/MOVSX first zero- or sign-extend the value to the operand size.
 * SDM Vol. 1 3.4.1.1: an 8- or 16-bit destination keeps the other bits of
 * the register (AH/CH/DH/BH: bits 15:8 of RAX/RCX/RDX/RBX, the rest kept),
 * a 32-bit destination is zero-extended to 64 bits, a 64-bit one is
 * written whole. The zero extension is architectural in 64-bit mode; in
 * 16/32-bit mode the upper half is undefined (same section) and is
 * zeroed too, as KVM does.
 */
void nvmx_mmio_complete_read(const struct nvmx_mmio_insn *insn,
			     unsigned long *regs, u64 val)
{
	u64 mask = nvmx_size_mask(insn->size);
	u64 v = val & mask;
	unsigned long *r;

	if (insn->ext == NVMX_MMIO_EXT_SIGN && (v >> (8 * insn->size - 1)))
		v |= ~mask;
	if (insn->high_byte) {
		r = &regs[insn->reg - 4];
		*r = (*r & ~0xff00UL) | ((v & 0xff) << 8);
		return;
	}
	r = &regs[insn->reg];
	switch (insn->dst_size) {
	case 1:
	case 2:
		mask = nvmx_size_mask(insn->dst_size);
		*r = (*r & ~mask) | (v & mask);
		break;
	case 4:
		*r = v & 0xffffffffULL;
		break;
	default:
		*r = v;
		break;
	}
}
