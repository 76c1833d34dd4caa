/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure mmu headers (src/memslot_check.h, src/ept_entry.h,
 * src/gva_walk.h, src/nested/ept_walk.h) take from the kernel, for the
 * host unit tests.  The values are the architectural ones, written here
 * from the SDM so that the tests also check the kernel headers' names
 * against the manual.
 */
#ifndef NVMX_UNIT_MMU_SHIM_H
#define NVMX_UNIT_MMU_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <asm/processor-flags.h>	/* uapi: X86_CR0_*, X86_CR4_* */

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

#define BIT_ULL(n) (1ULL << (n))

/* SDM Vol. 3D A.10 (IA32_VMX_EPT_VPID_CAP) and Vol. 3C 25.6.11 (EPTP). */
#define VMX_EPTP_MT_WB			0x6ULL
#define VMX_EPTP_PWL_4			0x18ULL
#define VMX_EPTP_AD_ENABLE_BIT		(1ULL << 6)
/* SDM Vol. 3C 29.3.2 and 29.3.7: EPT entries. */
#define VMX_EPT_READABLE_MASK		0x1ULL
#define VMX_EPT_WRITABLE_MASK		0x2ULL
#define VMX_EPT_EXECUTABLE_MASK		0x4ULL
#define VMX_EPT_RWX_MASK		0x7ULL
#define VMX_EPT_MT_EPTE_SHIFT		3
#define VMX_EPT_IPAT_BIT		(1ULL << 6)
#define VMX_EPT_MT_MASK			(7ULL << 3)
/* SDM Vol. 3D A.10: IA32_VMX_EPT_VPID_CAP (VPID bits relative to bit 32). */
#define VMX_EPT_EXECUTE_ONLY_BIT	(1ULL << 0)
#define VMX_EPT_PAGE_WALK_4_BIT		(1ULL << 6)
#define VMX_EPTP_WB_BIT			(1ULL << 14)
#define VMX_EPT_2MB_PAGE_BIT		(1ULL << 16)
#define VMX_EPT_1GB_PAGE_BIT		(1ULL << 17)
#define VMX_EPT_INVEPT_BIT		(1ULL << 20)
#define VMX_EPT_EXTENT_CONTEXT_BIT	(1ULL << 25)
#define VMX_EPT_EXTENT_GLOBAL_BIT	(1ULL << 26)
/* SDM Vol. 3C 31.3 "INVEPT": types. */
#define VMX_EPT_EXTENT_CONTEXT		1
#define VMX_EPT_EXTENT_GLOBAL		2
#define VMX_VPID_INVVPID_BIT		(1ULL << 0)
#define VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT	(1ULL << 8)
#define VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT	(1ULL << 9)
#define VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT	(1ULL << 10)
#define VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT	(1ULL << 11)
/* SDM Vol. 3C 28.2.1 Table 28-7: EPT violation exit qualification. */
#define EPT_VIOLATION_ACC_READ		(1 << 0)
#define EPT_VIOLATION_ACC_WRITE		(1 << 1)
#define EPT_VIOLATION_ACC_INSTR		(1 << 2)
#define EPT_VIOLATION_RWX_SHIFT		3
#define EPT_VIOLATION_GVA_IS_VALID	(1 << 7)
#define EPT_VIOLATION_GVA_TRANSLATED	(1 << 8)

/* SDM Vol. 3A 2.2.1 (IA32_EFER), 4.3-4.5 (entries), 4.7 (#PF code). */
#define EFER_LMA			(1ULL << 10)
#define EFER_NX				(1ULL << 11)
#define _PAGE_PRESENT			(1ULL << 0)
#define _PAGE_RW			(1ULL << 1)
#define _PAGE_USER			(1ULL << 2)
#define _PAGE_PSE			(1ULL << 7)
#define _PAGE_NX			(1ULL << 63)
#define X86_PF_PROT			(1U << 0)
#define X86_PF_WRITE			(1U << 1)
#define X86_PF_USER			(1U << 2)
#define X86_PF_RSVD			(1U << 3)
#define X86_PF_INSTR			(1U << 4)

#endif /* NVMX_UNIT_MMU_SHIM_H */
