/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure walk of L1's EPT paging structures: an L2 guest-physical address
 * to an L1 guest-physical address, with the permissions, EPT
 * misconfigurations and EPT violations of SDM Vol. 3C 29.3.2 "EPT
 * Translation Mechanism" and 29.3.3 "EPT-Induced VM Exits", and the exit
 * qualification L1 must see (SDM Vol. 3C 28.2.1 Table 28-7).
 *
 * Reads of L1's tables go through a callback, so the host unit tests
 * (selftests/unit/nested_ept_walk_test.c) walk tables in a fake memory.
 * Only 4-level EPT is walked (nvmx_nept_offered_cap() offers L1 no other
 * page-walk length).  EPT accessed/dirty flags, mode-based execute control,
 * sub-page permissions, EPT-violation #VE and the advanced VM-exit
 * information for EPT violations are not offered to L1, so bits 8-11 and
 * 52-63 of L1's entries are ignored (SDM Vol. 3C 29.3.2 Tables 29-1 to
 * 29-6), and bits 9-11 of the qualification are 0.
 *
 * Uses the VMX_EPT* and EPT_VIOLATION_* names of asm/vmx.h; a host build
 * defines them before including this header.
 */
#ifndef NVMX_NESTED_EPT_WALK_H
#define NVMX_NESTED_EPT_WALK_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/vmx.h>
#endif

#include "../ept_entry.h"

/* Results of nvmx_nept_walk() (>= 0; < 0 is an errno from the read). */
#define NVMX_NEPT_WALK_OK		0	/* translated, access allowed */
#define NVMX_NEPT_WALK_VIOLATION	1	/* not present or access denied */
#define NVMX_NEPT_WALK_MISCONFIG	2	/* an entry holds an unsupported value */

/*
 * Bit 12 of the exit qualification of an EPT violation: "NMI unblocking
 * due to IRET" (SDM Vol. 3C 28.2.1 Table 28-7); asm/vmx.h has no name for
 * it.
 */
#define NVMX_EPT_QUAL_NMI_UNBLOCK	BIT_ULL(12)

/* The IA32_VMX_EPT_VPID_CAP bits of VPID support sit in bits 63:32. */
#define NVMX_VPID_CAP_SHIFT		32

/**
 * struct nvmx_nept_env - where and how L1's EPT is walked
 * @read: read the 8-byte entry at L1 guest-physical address @pa into
 *        *@entry; 0, or a negative errno that ends the walk
 * @opaque: first argument of @read
 * @maxphyaddr: L1's physical-address width M; bits 51:M of an entry are
 *              reserved (SDM Vol. 3C 29.3.2)
 * @cap: IA32_VMX_EPT_VPID_CAP as offered to L1 (nvmx_nept_offered_cap()):
 *       execute-only (bit 0), 2 MiB (bit 16) and 1 GiB (bit 17) pages
 */
struct nvmx_nept_env {
	int (*read)(void *opaque, u64 pa, u64 *entry);
	void *opaque;
	unsigned int maxphyaddr;
	u64 cap;
};

/**
 * struct nvmx_nept_walk - what a walk of L1's EPT found
 * @l1_gpa: the L1 guest-physical address (NVMX_NEPT_WALK_OK only)
 * @perm: logical AND of bits 2:0 (R, W, X) of every entry read, the one
 *        that ended the walk included (SDM Vol. 3C 28.2.1 Table 28-7
 *        bits 3-5)
 * @level: level of the last entry read: 4 (PML4E) down to 1 (PTE)
 * @entry: the last entry read
 */
struct nvmx_nept_walk {
	u64 l1_gpa;
	u64 perm;
	unsigned int level;
	u64 entry;
};

/**
 * nvmx_nept_offered_cap() - the IA32_VMX_EPT_VPID_CAP that nested EPT
 *                           implements for L1
 * @hw: the CPU's IA32_VMX_EPT_VPID_CAP
 * @vpid: L0 uses VPIDs
 *
 * SDM Vol. 3D A.10.  EPT: page-walk length 4 (bit 6), WB paging
 * structures (bit 14), INVEPT (bit 20) of both types (bits 25, 26) are
 * always emulated; execute-only translations (bit 0) and 2 MiB / 1 GiB
 * pages (bits 16, 17) when the CPU has them, because the shadow EPT needs
 * execute-only entries from the CPU for the first, and for the others to
 * keep L1's view of what hardware offers (shadow leaves are 4 KiB either
 * way).  Not offered: 5-level walks, UC paging structures, A/D flags,
 * advanced VM-exit information.  VPID: INVVPID (bit 32) of all four
 * types (bits 40-43) when L0 uses VPIDs and the CPU has INVVPID; each
 * type is emulated by a flush of L2's VPID (see nvmx_nested_invvpid()).
 *
 * Return: the capability for L1.
 */
static inline u64 nvmx_nept_offered_cap(u64 hw, bool vpid)
{
	u64 vpid_all = VMX_VPID_INVVPID_BIT |
		       VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT |
		       VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT |
		       VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT |
		       VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT;
	u64 cap = (hw & (VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_2MB_PAGE_BIT |
			 VMX_EPT_1GB_PAGE_BIT)) |
		  VMX_EPT_PAGE_WALK_4_BIT | VMX_EPTP_WB_BIT | VMX_EPT_INVEPT_BIT |
		  VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT;

	if (vpid && ((hw >> NVMX_VPID_CAP_SHIFT) & VMX_VPID_INVVPID_BIT))
		cap |= vpid_all << NVMX_VPID_CAP_SHIFT;
	return cap;
}

/* Bits hi:lo set. */
#define NVMX_NEPT_BITS(hi, lo) ((~0ull >> (63 - (hi))) & ~((1ull << (lo)) - 1))

/* Does a present entry at @level map a page (bit 7 of a PDPTE or PDE)? */
static inline bool nvmx_nept_is_leaf(u64 e, unsigned int level)
{
	return level == 1 || (level < NVMX_EPT_LEVELS && (e & NVMX_EPT_PAGE_SIZE));
}

/*
 * Reserved bits of a present entry (SDM Vol. 3C 29.3.2 Tables 29-1 to
 * 29-6): 51:M everywhere; 7:3 of a PML4E and of a PDPTE or PDE that
 * references a table; 29:12 of a 1 GiB PDPTE, 20:12 of a 2 MiB PDE.
 * A page size L1 was not offered makes bit 7 itself reserved.  Bit 7 of
 * a PTE is ignored.
 */
static inline bool nvmx_nept_rsvd(const struct nvmx_nept_env *env, u64 e,
				  unsigned int level)
{
	u64 rsvd = NVMX_NEPT_BITS(51, env->maxphyaddr);

	if (level == 1)
		return e & rsvd;
	if (level == NVMX_EPT_LEVELS || !(e & NVMX_EPT_PAGE_SIZE))
		return e & (rsvd | NVMX_NEPT_BITS(7, 3));
	if (level == 3 && !(env->cap & VMX_EPT_1GB_PAGE_BIT))
		return true;
	if (level == 2 && !(env->cap & VMX_EPT_2MB_PAGE_BIT))
		return true;
	return e & (rsvd | NVMX_NEPT_BITS(12 + 9 * (level - 1) - 1, 12));
}

/**
 * nvmx_nept_misconfigured() - is a present entry an EPT misconfiguration?
 * @env: L1's capabilities and physical-address width
 * @e: the entry, bits 2:0 not 000b
 * @level: its level
 *
 * SDM Vol. 3C 29.3.3.1 "EPT Misconfigurations": bits 2:0 are 010b
 * (write-only) or 110b (write/execute); or 100b (execute-only) without
 * that capability; or a reserved bit is set; or the entry maps a page and
 * its memory type (bits 5:3) is 2, 3 or 7.
 *
 * Return: true if the entry is misconfigured.
 */
static inline bool nvmx_nept_misconfigured(const struct nvmx_nept_env *env,
					   u64 e, unsigned int level)
{
	u64 rwx = e & VMX_EPT_RWX_MASK;
	u64 mt = (e & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT;

	if ((rwx & VMX_EPT_WRITABLE_MASK) && !(rwx & VMX_EPT_READABLE_MASK))
		return true;
	if (rwx == VMX_EPT_EXECUTABLE_MASK &&
	    !(env->cap & VMX_EPT_EXECUTE_ONLY_BIT))
		return true;
	if (nvmx_nept_rsvd(env, e, level))
		return true;
	return nvmx_nept_is_leaf(e, level) && (mt == 2 || mt == 3 || mt == 7);
}

/**
 * nvmx_nept_allows() - do these permissions allow an access?
 * @perm: R (bit 0), W (bit 1), X (bit 2): an AND over the entries used
 * @access: EPT_VIOLATION_ACC_READ, _WRITE, _INSTR: what the access does
 *
 * SDM Vol. 3C 29.3.3.2 "EPT Violations": a data read needs bit 0, a data
 * write bit 1 and an instruction fetch bit 2 in every entry used.
 *
 * Return: true if allowed.
 */
static inline bool nvmx_nept_allows(u64 perm, u64 access)
{
	if ((access & EPT_VIOLATION_ACC_READ) && !(perm & VMX_EPT_READABLE_MASK))
		return false;
	if ((access & EPT_VIOLATION_ACC_WRITE) &&
	    !(perm & VMX_EPT_WRITABLE_MASK))
		return false;
	return !((access & EPT_VIOLATION_ACC_INSTR) &&
		 !(perm & VMX_EPT_EXECUTABLE_MASK));
}

/* The page an L1 leaf maps at @level, plus the offset of @gpa in it. */
static inline u64 nvmx_nept_target(const struct nvmx_nept_env *env, u64 leaf,
				   unsigned int level, u64 gpa)
{
	u64 page = ~0ull << (12 + 9 * (level - 1));

	return (leaf & NVMX_NEPT_BITS(env->maxphyaddr - 1, 12) & page) |
	       (gpa & ~page);
}

/**
 * nvmx_nept_walk() - translate an L2 guest-physical address through L1's EPT
 * @env: how to read L1's tables; L1's capabilities
 * @eptp12: L1's EPT pointer (checked at entry: 4-level, SDM Vol. 3C
 *          27.2.1.1); bits M-1:12 locate the PML4 table
 * @gpa: the L2 guest-physical address (bits 47:0 are translated)
 * @access: EPT_VIOLATION_ACC_* bits of the access
 * @w: out, filled for every result >= 0
 *
 * SDM Vol. 3C 29.3.2: PML4E, PDPTE (bit 7: 1 GiB page), PDE (bit 7: 2 MiB
 * page), PTE.  An entry with bits 2:0 all 0 is not present and ends the
 * walk with an EPT violation.  A misconfiguration anywhere on the path
 * wins over a permission violation, which is only judged on the complete
 * path (SDM Vol. 3C 29.3.3: "An EPT violation occurs when there is no EPT
 * misconfiguration but the EPT paging-structure entries disallow an
 * access").
 *
 * Return: NVMX_NEPT_WALK_OK, _VIOLATION or _MISCONFIG, or the negative
 * errno of a failed @read.
 */
static inline int nvmx_nept_walk(const struct nvmx_nept_env *env, u64 eptp12,
				 u64 gpa, u64 access, struct nvmx_nept_walk *w)
{
	u64 table = eptp12 & NVMX_NEPT_BITS(env->maxphyaddr - 1, 12);
	unsigned int level;
	int ret;

	w->perm = VMX_EPT_RWX_MASK;
	w->l1_gpa = 0;
	for (level = NVMX_EPT_LEVELS; level; level--) {
		u64 e;

		ret = env->read(env->opaque,
				table + 8 * nvmx_ept_index(gpa, level), &e);
		if (ret)
			return ret;
		w->level = level;
		w->entry = e;
		w->perm &= e & VMX_EPT_RWX_MASK;
		if (!nvmx_ept_present(e))
			return NVMX_NEPT_WALK_VIOLATION;
		if (nvmx_nept_misconfigured(env, e, level))
			return NVMX_NEPT_WALK_MISCONFIG;
		if (nvmx_nept_is_leaf(e, level))
			break;
		table = e & NVMX_NEPT_BITS(env->maxphyaddr - 1, 12);
	}
	if (!nvmx_nept_allows(w->perm, access))
		return NVMX_NEPT_WALK_VIOLATION;
	w->l1_gpa = nvmx_nept_target(env, w->entry, w->level, gpa);
	return NVMX_NEPT_WALK_OK;
}

/**
 * nvmx_nept_violation_qual() - the qualification of an EPT violation for L1
 * @hw_qual: the qualification of the EPT violation L2 caused under L0's
 *           shadow EPT
 * @perm: nvmx_nept_walk.perm of the walk of L1's EPT that denied it
 *
 * SDM Vol. 3C 28.2.1 Table 28-7: bits 2:0 (read, write, fetch) describe
 * the access, bit 7 (guest-linear address valid), bit 8 (translation vs
 * paging-structure access) and bit 12 (NMI unblocking due to IRET) the
 * instruction: all as the CPU reported them.  Bits 5:3 are the AND of
 * bits 2:0 of L1's entries used; bits 6 and 9-11 need features L1 is not
 * offered and are 0, as are the other bits.
 *
 * Return: the exit qualification.
 */
static inline u64 nvmx_nept_violation_qual(u64 hw_qual, u64 perm)
{
	u64 keep = EPT_VIOLATION_ACC_READ | EPT_VIOLATION_ACC_WRITE |
		   EPT_VIOLATION_ACC_INSTR | EPT_VIOLATION_GVA_IS_VALID |
		   EPT_VIOLATION_GVA_TRANSLATED | NVMX_EPT_QUAL_NMI_UNBLOCK;

	return (hw_qual & keep) |
	       ((perm & VMX_EPT_RWX_MASK) << EPT_VIOLATION_RWX_SHIFT);
}

/**
 * nvmx_nept_invept_hits() - does L1's INVEPT invalidate a shadow of an EPTP?
 * @type: the INVEPT type (VMX_EPT_EXTENT_CONTEXT or _GLOBAL)
 * @shadowed: the eptp12 a shadow EPT was built for
 * @eptp12: the EPTP of the INVEPT descriptor
 *
 * SDM Vol. 3C 31.3 "INVEPT": single-context invalidates the mappings of
 * the EP4TA of the descriptor's EPTP, bits 51:12 (SDM Vol. 3C 29.4.1),
 * whatever its other bits; all-context those of every EP4TA.  Any other
 * type (insn.c refuses them) is taken as all-context.
 *
 * Return: true if the shadow must be dropped.
 */
static inline bool nvmx_nept_invept_hits(u32 type, u64 shadowed, u64 eptp12)
{
	return type != VMX_EPT_EXTENT_CONTEXT ||
	       !((shadowed ^ eptp12) & NVMX_EPT_ADDR_MASK);
}

/**
 * nvmx_nept_shadow_leaf() - L0's shadow PTE for one 4 KiB page of L2
 * @pa: host physical address of the page (4 KiB aligned)
 * @perm: L1's permissions (nvmx_nept_walk.perm of an allowed access)
 * @l0_writable: L0 may map the page writable (slot and pin)
 *
 * The rights are L1's AND L0's; the memory type and "ignore PAT" stay
 * L0's (nvmx_ept_leaf(), SDM Vol. 3C 29.3.7.2), so L1 cannot make an
 * uncached alias of host memory either.  L1's entries passed the
 * misconfiguration checks, so no write-only entry can come out (and
 * execute-only only if the CPU has it: nvmx_nept_offered_cap()).
 *
 * Return: the entry.
 */
static inline u64 nvmx_nept_shadow_leaf(u64 pa, u64 perm, bool l0_writable)
{
	u64 e = nvmx_ept_leaf(pa, 1,
			      l0_writable && (perm & VMX_EPT_WRITABLE_MASK));

	if (!(perm & VMX_EPT_READABLE_MASK))
		e &= ~VMX_EPT_READABLE_MASK;
	if (!(perm & VMX_EPT_EXECUTABLE_MASK))
		e &= ~VMX_EPT_EXECUTABLE_MASK;
	return e;
}

#endif /* NVMX_NESTED_EPT_WALK_H */
