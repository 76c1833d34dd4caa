/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure encoding of EPT paging-structure entries and of the EPT pointer
 * (SDM Vol. 3C 29.3.2 "EPT Translation Mechanism", 29.3.7 "EPT and
 * Memory Typing", 25.6.11 "Extended-Page-Table Pointer (EPTP)").
 *
 * Uses the VMX_EPT* names of asm/vmx.h; a host build (selftests/unit/)
 * defines them before including this header.
 */
#ifndef NVMX_EPT_ENTRY_H
#define NVMX_EPT_ENTRY_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/types.h>
#include <asm/vmx.h>
#endif

/* Levels of the EPT: 4 is the PML4 (SDM Vol. 3C 29.3.2). */
#define NVMX_EPT_LEVELS 4
#define NVMX_EPT_ENTRIES 512
/*
 * Bit 7 of an EPT PDPTE or PDE: 1 maps a page (SDM Vol. 3C 29.3.2
 * Tables 29-3 and 29-5); asm/vmx.h has no name for it.
 */
#define NVMX_EPT_PAGE_SIZE BIT_ULL(7)
/* Bits 51:12: the physical address of a table or 4 KiB page. */
#define NVMX_EPT_ADDR_MASK (((1ull << 52) - 1) & ~0xfffull)

/**
 * nvmx_ept_present() - is an EPT entry present?
 * @e: the entry
 *
 * SDM Vol. 3C 29.3.2: an entry with bits 2:0 all 0 is not present.
 *
 * Return: true if any of read, write, execute is set.
 */
static inline bool nvmx_ept_present(u64 e)
{
	return e & VMX_EPT_RWX_MASK;
}

/**
 * nvmx_ept_index() - index of a guest-physical address in a table
 * @gpa: guest-physical address
 * @level: 4 (PML4) down to 1 (PT)
 *
 * Return: bits (12 + 9 * level - 1):(12 + 9 * (level - 1)) of @gpa.
 */
static inline unsigned int nvmx_ept_index(u64 gpa, unsigned int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & (NVMX_EPT_ENTRIES - 1);
}

/**
 * nvmx_ept_table_entry() - a non-leaf entry pointing to a table
 * @table_pa: physical address of the 4 KiB aligned next table
 *
 * Full access: the rights of a translation are the AND over all levels
 * (SDM Vol. 3C 29.3.3), so the leaves alone decide.  Bits 7:3 are
 * reserved in non-leaf entries (Tables 29-2, 29-4, 29-6).
 *
 * Return: the entry.
 */
static inline u64 nvmx_ept_table_entry(u64 table_pa)
{
	return (table_pa & NVMX_EPT_ADDR_MASK) | VMX_EPT_RWX_MASK;
}

/**
 * nvmx_ept_leaf() - a leaf mapping guest RAM
 * @pa: physical address of the host page (aligned to the page size)
 * @level: 1 for a 4 KiB PTE, 2 for a 2 MiB PDE
 * @writable: false for KVM_MEM_READONLY slots (read and execute only)
 *
 * Memory type WB with "ignore PAT" set (SDM Vol. 3C 29.3.7.2): guest RAM
 * is ordinary host memory that the host maps WB, so the guest's PAT and
 * CR0.CD cannot make an uncached alias of it (KVM does the same without
 * non-coherent DMA).  MMIO has no EPT mapping at all.
 *
 * Return: the entry.
 */
static inline u64 nvmx_ept_leaf(u64 pa, unsigned int level, bool writable)
{
	u64 e = (pa & NVMX_EPT_ADDR_MASK) | VMX_EPT_READABLE_MASK |
		VMX_EPT_EXECUTABLE_MASK | VMX_EPT_IPAT_BIT |
		(VMX_EPTP_MT_WB << VMX_EPT_MT_EPTE_SHIFT);

	if (writable)
		e |= VMX_EPT_WRITABLE_MASK;
	if (level > 1)
		e |= NVMX_EPT_PAGE_SIZE;
	return e;
}

/**
 * nvmx_ept_is_leaf() - does a present entry map a page?
 * @e: a present entry
 * @level: its level
 *
 * Return: true for PTEs and for PDEs/PDPTEs with bit 7 set.
 */
static inline bool nvmx_ept_is_leaf(u64 e, unsigned int level)
{
	return level == 1 || (e & NVMX_EPT_PAGE_SIZE);
}

/**
 * nvmx_eptp_make() - the EPT pointer for a PML4 table
 * @root_pa: physical address of the PML4 table
 * @ad: set "enable accessed and dirty flags" (bit 6)
 *
 * SDM Vol. 3C 25.6.11: bits 2:0 paging-structure memory type (WB, 6),
 * bits 5:3 page-walk length minus 1 (3 for 4 levels), bit 6 A/D enable,
 * bits N-1:12 the PML4 address.
 *
 * Return: the EPTP.
 */
static inline u64 nvmx_eptp_make(u64 root_pa, bool ad)
{
	return (root_pa & NVMX_EPT_ADDR_MASK) | VMX_EPTP_MT_WB |
	       VMX_EPTP_PWL_4 | (ad ? VMX_EPTP_AD_ENABLE_BIT : 0);
}

#endif /* NVMX_EPT_ENTRY_H */
