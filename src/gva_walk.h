/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure guest page walk (SDM Vol. 3A chapter 4 "Paging"): no paging,
 * 32-bit, PAE and 4-level (and 5-level) paging, driven by a small format
 * table so that another format can reuse the loop.  Reads of the paging
 * structures go through a callback, so the host unit tests walk tables in
 * a fake guest memory.
 *
 * Not modelled: accessed/dirty flag updates (the processor already set
 * them for the access that exited), SMAP (needs RFLAGS.AC), protection
 * keys, and the PDPTE registers of PAE paging (the walk reads the PDPTEs
 * from memory at CR3, which is what they were loaded from).
 *
 * Uses the kernel's architectural names (X86_CR0_*, X86_CR4_*, EFER_*,
 * _PAGE_*, X86_PF_*); a host build defines them before including this.
 */
#ifndef NVMX_GVA_WALK_H
#define NVMX_GVA_WALK_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/msr-index.h>
#include <asm/pgtable_types.h>
#include <asm/processor-flags.h>
#include <asm/trap_pf.h>
#endif

/**
 * struct nvmx_paging_ctx - the registers that select and drive paging
 * @cr0: guest CR0 (PG, WP)
 * @cr3: guest CR3
 * @cr4: guest CR4 (PSE, PAE, SMEP, LA57)
 * @efer: guest IA32_EFER (LMA, NXE)
 */
struct nvmx_paging_ctx {
	u64 cr0;
	u64 cr3;
	u64 cr4;
	u64 efer;
};

/**
 * struct nvmx_walk_env - where the walk reads paging structures
 * @read: copy @len bytes of guest-physical memory at @gpa; 0 or -EFAULT
 * @opaque: first argument of @read
 * @maxphyaddr: the guest's physical-address width M (SDM Vol. 3A 4.1.4)
 */
struct nvmx_walk_env {
	int (*read)(void *opaque, u64 gpa, void *buf, unsigned int len);
	void *opaque;
	unsigned int maxphyaddr;
};

/**
 * struct nvmx_pt_fmt - one paging-structure format
 * @levels: number of levels (2: 32-bit, 3: PAE, 4 or 5: long mode)
 * @pte_size: bytes per entry (4 or 8)
 * @index_bits: linear-address bits translated per level (10 or 9)
 * @large_from: highest level whose entries may map a page with PS=1
 *	(0: none)
 * @nx: bit 63 is the execute-disable bit (else reserved in 8-byte entries)
 * @pae_top: the top level holds PAE PDPTEs (no access-rights bits)
 */
struct nvmx_pt_fmt {
	unsigned int levels;
	unsigned int pte_size;
	unsigned int index_bits;
	unsigned int large_from;
	bool nx;
	bool pae_top;
};

#define NVMX_PTE_RSVD_HIGH(m) (((1ull << 52) - 1) & ~((1ull << (m)) - 1))
#define NVMX_PTE_BITS(hi, lo) ((~0ull >> (63 - (hi))) & ~((1ull << (lo)) - 1))

/**
 * nvmx_pt_fmt_of() - the format selected by the control registers
 * @ctx: CR0, CR4, EFER
 * @fmt: out
 *
 * SDM Vol. 3A 4.1.1 Table 4-1 "Paging Modes".
 *
 * Return: false if CR0.PG is 0 (no paging), true with @fmt filled in.
 */
static inline bool nvmx_pt_fmt_of(const struct nvmx_paging_ctx *ctx,
				  struct nvmx_pt_fmt *fmt)
{
	bool nxe = ctx->efer & EFER_NX;

	if (!(ctx->cr0 & X86_CR0_PG))
		return false;
	if (!(ctx->cr4 & X86_CR4_PAE)) {
		/* 32-bit paging, SDM Vol. 3A 4.3: 4 MiB pages need CR4.PSE */
		*fmt = (struct nvmx_pt_fmt){ 2, 4, 10,
			(ctx->cr4 & X86_CR4_PSE) ? 2 : 0, false, false };
	} else if (!(ctx->efer & EFER_LMA)) {
		/* PAE paging, SDM Vol. 3A 4.4 */
		*fmt = (struct nvmx_pt_fmt){ 3, 8, 9, 2, nxe, true };
	} else {
		/* 4-level and 5-level paging, SDM Vol. 3A 4.5: 1 GiB pages */
		*fmt = (struct nvmx_pt_fmt){
			(ctx->cr4 & X86_CR4_LA57) ? 5 : 4, 8, 9, 3, nxe, false };
	}
	return true;
}

/*
 * Reserved bits of an entry at @level (SDM Vol. 3A 4.3 Table 4-4, 4.4.2
 * Table 4-8, 4.5.4 Tables 4-15 to 4-20); @large says PS=1 maps a page.
 */
static inline u64 nvmx_pte_rsvd(const struct nvmx_pt_fmt *fmt,
				unsigned int m, unsigned int level, bool large)
{
	u64 rsvd;

	if (fmt->pte_size == 4) {
		if (!large)
			return 0;
		/* PSE-36: bits (M-20):13 hold address bits (M-1):32, M <= 40 */
		if (m > 40)
			m = 40;
		return NVMX_PTE_BITS(21, 13 + m - 32);
	}
	rsvd = NVMX_PTE_RSVD_HIGH(m);
	if (fmt->pae_top && level == fmt->levels)
		return rsvd | (1ull << 63) | NVMX_PTE_BITS(8, 5) |
		       NVMX_PTE_BITS(2, 1);
	if (!fmt->nx)
		rsvd |= 1ull << 63;
	if (level > fmt->large_from && level > 1)
		rsvd |= _PAGE_PSE;	/* PS of a PML4E/PML5E is reserved */
	else if (large)
		rsvd |= NVMX_PTE_BITS(12 + 9 * (level - 1) - 1, 13);
	return rsvd;
}

/* The page an entry maps, and its size shift. */
static inline u64 nvmx_pte_page(const struct nvmx_pt_fmt *fmt, unsigned int m,
				u64 pte, unsigned int shift)
{
	if (fmt->pte_size == 4 && shift == 22) {
		if (m > 40)
			m = 40;
		return (pte & 0xffc00000ull) |
		       (((pte >> 13) & ((1ull << (m - 32)) - 1)) << 32);
	}
	if (fmt->pte_size == 4)
		return pte & 0xfffff000ull;
	return pte & ((1ull << m) - 1) & ~((1ull << shift) - 1);
}

/* SDM Vol. 3A 4.7: the #PF error code of a fault for @access. */
static inline u32 nvmx_pf_code(const struct nvmx_paging_ctx *ctx, u32 access,
			       u32 cause)
{
	u32 err = cause | (access & (X86_PF_WRITE | X86_PF_USER));

	if ((access & X86_PF_INSTR) &&
	    ((ctx->cr4 & X86_CR4_SMEP) ||
	     ((ctx->cr4 & X86_CR4_PAE) && (ctx->efer & EFER_NX))))
		err |= X86_PF_INSTR;
	return err;
}

/* SDM Vol. 3A 4.6 "Access Rights": may @access use a page with these? */
static inline bool nvmx_access_ok(const struct nvmx_paging_ctx *ctx,
				  u32 access, bool rw, bool us, bool nx)
{
	if ((access & X86_PF_INSTR) && nx)
		return false;
	if (access & X86_PF_USER)
		return us && (rw || !(access & X86_PF_WRITE));
	if ((access & X86_PF_WRITE) && !rw && (ctx->cr0 & X86_CR0_WP))
		return false;
	return !((access & X86_PF_INSTR) && us && (ctx->cr4 & X86_CR4_SMEP));
}

/**
 * nvmx_walk() - translate a linear address
 * @env: paging-structure reads and M
 * @ctx: CR0, CR3, CR4, EFER
 * @gva: the linear address
 * @access: X86_PF_WRITE, X86_PF_USER, X86_PF_INSTR: the kind of access
 * @gpa: out, the guest-physical address when the result is 0
 * @pf_error: out, the #PF error code when the result is 1
 *
 * Return: 0 translated; 1 the access page-faults (not present, reserved
 * bit, or access rights); -EFAULT a paging structure is not readable.
 */
static inline int nvmx_walk(const struct nvmx_walk_env *env,
			    const struct nvmx_paging_ctx *ctx, u64 gva,
			    u32 access, u64 *gpa, u32 *pf_error)
{
	unsigned int m = env->maxphyaddr, level, shift = 12;
	bool rw = true, us = true, nx = false;
	struct nvmx_pt_fmt fmt;
	u64 table, pte = 0;

	if (!nvmx_pt_fmt_of(ctx, &fmt)) {
		*gpa = gva & 0xffffffffull;
		return 0;
	}
	if (fmt.pte_size == 4)
		table = ctx->cr3 & 0xfffff000ull;
	else if (fmt.pae_top)
		table = ctx->cr3 & 0xffffffe0ull;
	else
		table = ctx->cr3 & ((1ull << m) - 1) & ~0xfffull;
	if (fmt.levels < 4)
		gva &= 0xffffffffull;

	for (level = fmt.levels; level; level--) {
		u64 idx, large;

		shift = 12 + (level - 1) * fmt.index_bits;
		idx = (gva >> shift) & ((1ull << fmt.index_bits) - 1);
		if (env->read(env->opaque, table + idx * fmt.pte_size, &pte,
			      fmt.pte_size))
			return -EFAULT;
		if (fmt.pte_size == 4)
			pte &= 0xffffffffull;
		if (!(pte & _PAGE_PRESENT)) {
			*pf_error = nvmx_pf_code(ctx, access, 0);
			return 1;
		}
		large = level > 1 && level <= fmt.large_from &&
			(pte & _PAGE_PSE);
		if (pte & nvmx_pte_rsvd(&fmt, m, level, large)) {
			*pf_error = nvmx_pf_code(ctx, access,
						 X86_PF_PROT | X86_PF_RSVD);
			return 1;
		}
		if (fmt.pae_top && level == fmt.levels) {
			table = nvmx_pte_page(&fmt, m, pte, 12);
			continue;
		}
		rw = rw && (pte & _PAGE_RW);
		us = us && (pte & _PAGE_USER);
		nx = nx || (fmt.nx && (pte & _PAGE_NX));
		if (level == 1 || large)
			break;
		table = nvmx_pte_page(&fmt, m, pte, 12);
	}
	if (!nvmx_access_ok(ctx, access, rw, us, nx)) {
		*pf_error = nvmx_pf_code(ctx, access, X86_PF_PROT);
		return 1;
	}
	*gpa = nvmx_pte_page(&fmt, m, pte, shift) |
	       (gva & ((1ull << shift) - 1));
	return 0;
}

#endif /* NVMX_GVA_WALK_H */
