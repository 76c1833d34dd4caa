/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exact decoder for the x86 MOV forms that a device driver uses on MMIO.
 *
 * Pure C: no kernel dependency beyond u8, u32, u64, bool and EINVAL, so
 * the host-side unit tests (selftests/unit/) compile this header and
 * src/insn_decode.c unchanged in userspace with a shim:
 *
 *	#include <errno.h>
 *	#include <stdbool.h>
 *	#include <stdint.h>
 *	typedef uint8_t u8;
 *	typedef uint32_t u32;
 *	typedef uint64_t u64;
 *
 * Section numbers are those of the Intel SDM (Intel 64 and IA-32
 * Architectures Software Developer's Manual) Vol. 1 and Vol. 2.
 *
 * Supported (everything else is -EINVAL):
 *	88 /r		MOV r/m8, r8		store
 *	89 /r		MOV r/m16/32/64, r	store
 *	8A /r		MOV r8, r/m8		load
 *	8B /r		MOV r, r/m16/32/64	load
 *	C6 /0 ib	MOV r/m8, imm8		store
 *	C7 /0 iw/id	MOV r/m16/32/64, imm	store (imm32 sign-extended
 *						to 64 bits with REX.W)
 *	0F B6 /r	MOVZX r16/32/64, r/m8	load, zero-extend
 *	0F B7 /r	MOVZX r16/32/64, r/m16	load, zero-extend
 *	0F BE /r	MOVSX r16/32/64, r/m8	load, sign-extend
 *	0F BF /r	MOVSX r16/32/64, r/m16	load, sign-extend
 *	A0 / A1		MOV AL / rAX, moffs	load
 *	A2 / A3		MOV moffs, AL / rAX	store
 * with a memory operand only (ModR/M.mod != 11b), in 16-, 32- and 64-bit
 * mode, with the prefixes 66 (operand size), 67 (address size), 26, 2E,
 * 36, 3E, 64, 65 (segment override) and, in 64-bit mode, REX.
 */
#ifndef NVMX_INSN_DECODE_H
#define NVMX_INSN_DECODE_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif

/*
 * SDM Vol. 2 2.3.11: "The maximum length of an Intel 64 and IA-32
 * instruction remains 15 bytes"; longer ones raise #GP.
 */
#define NVMX_INSN_MAX_LEN	15

/*
 * Segment registers in the encoding of the 3-bit sreg field (SDM Vol. 2
 * Appendix B.1.4 "Segment Register Field (sreg)"), which is also KVM's
 * VCPU_SREG_* order.
 */
enum nvmx_seg {
	NVMX_SEG_ES = 0,
	NVMX_SEG_CS = 1,
	NVMX_SEG_SS = 2,
	NVMX_SEG_DS = 3,
	NVMX_SEG_FS = 4,
	NVMX_SEG_GS = 5,
};

/* How a load lands in its destination register. */
enum nvmx_mmio_ext {
	NVMX_MMIO_EXT_NONE = 0,	/* MOV: as many bytes as were read */
	NVMX_MMIO_EXT_ZERO = 1,	/* MOVZX */
	NVMX_MMIO_EXT_SIGN = 2,	/* MOVSX */
};

/**
 * struct nvmx_mmio_insn - one decoded MMIO MOV instruction
 * @len: instruction length in bytes, prefixes included (1..15)
 * @write: true for a store to memory, false for a load from memory
 * @size: bytes accessed in memory: 1, 2, 4 or 8
 * @reg: the register operand, 0..15 in x86 encoding order (RAX, RCX, RDX,
 *	RBX, RSP, RBP, RSI, RDI, R8..R15); the source of a register store,
 *	the destination of a load; 0 for a store of an immediate
 * @high_byte: @reg 4..7 is AH, CH, DH, BH (a byte register operand and no
 *	REX prefix; SDM Vol. 2 3.1.1.3, 2.2.1.2); the register is then
 *	@reg - 4, bits 15:8
 * @has_imm: a store of @imm (C6, C7) rather than of @reg
 * @ext: for loads, enum nvmx_mmio_ext
 * @dst_size: for loads, bytes written to @reg: @size for MOV, the operand
 *	size (2, 4 or 8) for MOVZX/MOVSX; @size for stores
 * @seg: enum nvmx_seg: the segment register the access uses, i.e. the
 *	override prefix, else the default of SDM Vol. 1 3.7.4 Table 3-5 (SS
 *	for a BP/EBP/RBP or SP/ESP/RSP base, DS otherwise). It is reported in
 *	64-bit mode too; there the bases of ES, CS, SS and DS count as zero
 *	(SDM Vol. 1 3.7.4.1), which is the caller's business.
 * @seg_override: @seg comes from a segment-override prefix
 * @addr_size: effective address size in bytes: 2, 4 or 8
 * @imm: the immediate of a store, already extended to @size bytes (zero
 *	above them)
 */
struct nvmx_mmio_insn {
	u8 len;
	bool write;
	u8 size;
	u8 reg;
	bool high_byte;
	bool has_imm;
	u8 ext;
	u8 dst_size;
	u8 seg;
	bool seg_override;
	u8 addr_size;
	u64 imm;
};

int nvmx_decode_mmio(const u8 *bytes, unsigned int len, unsigned int mode,
		     struct nvmx_mmio_insn *out);
void nvmx_mmio_write_value(const struct nvmx_mmio_insn *insn,
			   const unsigned long *regs, u64 *val);
void nvmx_mmio_complete_read(const struct nvmx_mmio_insn *insn,
			     unsigned long *regs, u64 val);

#endif /* NVMX_INSN_DECODE_H */
