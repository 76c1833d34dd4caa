/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The checks L0 makes before every L2 entry for L1 (src/nested/
 * entry_checks.h), one row per check, in the SDM's order.
 *
 * An X-macro list: no include guard; the includer defines
 * NVMX_NESTED_CHECK(name) first and undefines it afterwards.
 * <linux/nvmx.h> derives enum nvmx_nested_check (NVMX_NCHK_<name>, the
 * index of struct nvmx_nested_counts.check_failures) from it; the kernel
 * derives the names it traces.  New rows go at the end only: the ids are
 * ABI.  Sections are those of the Intel SDM Vol. 3C editions in which
 * chapter 27 is "VM Entries".
 */

/* 27.2.1.1 VM-execution controls: VMfailValid 7 */
NVMX_NESTED_CHECK(PIN_CTLS)		/* pin-based vs (TRUE_)PINBASED_CTLS */
NVMX_NESTED_CHECK(PROC_CTLS)		/* primary vs (TRUE_)PROCBASED_CTLS */
NVMX_NESTED_CHECK(PROC2_CTLS)		/* secondary vs PROCBASED_CTLS2 */
NVMX_NESTED_CHECK(CR3_TARGET_COUNT)	/* count <= IA32_VMX_MISC[24:16] */
NVMX_NESTED_CHECK(IO_BITMAP_ADDR)	/* I/O bitmaps 4K aligned, < MAXPHYADDR */
NVMX_NESTED_CHECK(IO_BITMAP_MEM)	/* nvmx: I/O bitmaps in L1 memory */
NVMX_NESTED_CHECK(MSR_BITMAP_ADDR)	/* MSR bitmap 4K aligned, < MAXPHYADDR */
NVMX_NESTED_CHECK(MSR_BITMAP_MEM)	/* nvmx: MSR bitmap in L1 memory */
NVMX_NESTED_CHECK(VIRTUAL_NMIS)		/* virtual NMIs needs NMI exiting */
NVMX_NESTED_CHECK(NMI_WINDOW)		/* NMI-window exiting needs vNMIs */
NVMX_NESTED_CHECK(VPID_ZERO)		/* enable VPID needs VPID != 0 */
NVMX_NESTED_CHECK(EPTP_MEMTYPE)		/* EPTP[2:0] per EPT_VPID_CAP[8,14] */
NVMX_NESTED_CHECK(EPTP_WALK)		/* EPTP[5:3] = 3 (4-level walk) */
NVMX_NESTED_CHECK(EPTP_AD)		/* EPTP[6] needs EPT_VPID_CAP[21] */
NVMX_NESTED_CHECK(EPTP_RSVD)		/* EPTP[11:7], bits >= MAXPHYADDR */
NVMX_NESTED_CHECK(UG_NEEDS_EPT)		/* unrestricted guest needs EPT */
/* 27.2.1.2 VM-exit controls: VMfailValid 7 */
NVMX_NESTED_CHECK(EXIT_CTLS)		/* VM-exit vs (TRUE_)EXIT_CTLS */
NVMX_NESTED_CHECK(PREEMPT_SAVE)		/* save timer needs activate timer */
NVMX_NESTED_CHECK(EXIT_MSR_STORE_ADDR)	/* 16-aligned, last byte < MAXPHYADDR */
NVMX_NESTED_CHECK(EXIT_MSR_LOAD_ADDR)	/* 16-aligned, last byte < MAXPHYADDR */
NVMX_NESTED_CHECK(EXIT_MSR_COUNT)	/* nvmx: counts <= MISC limit (A.6) */
NVMX_NESTED_CHECK(EXIT_MSR_MEM)		/* nvmx: exit MSR areas in L1 memory */
/* 27.2.1.3 VM-entry controls: VMfailValid 7 */
NVMX_NESTED_CHECK(ENTRY_CTLS)		/* VM-entry vs (TRUE_)ENTRY_CTLS */
NVMX_NESTED_CHECK(ENTRY_SMM)		/* entry to SMM, deactivate DMT = 0 */
NVMX_NESTED_CHECK(EVENT_TYPE)		/* type 1 reserved; 7 needs MTF */
NVMX_NESTED_CHECK(EVENT_VECTOR)		/* NMI 2, exception <= 31, other 0 */
NVMX_NESTED_CHECK(EVENT_ERRCODE)	/* deliver-error-code per type/vector */
NVMX_NESTED_CHECK(EVENT_RSVD)		/* info[30:12] = 0, error[31:16] = 0 */
NVMX_NESTED_CHECK(EVENT_INSN_LEN)	/* software event length 1..15 */
NVMX_NESTED_CHECK(ENTRY_MSR_LOAD_ADDR)	/* 16-aligned, last byte < MAXPHYADDR */
NVMX_NESTED_CHECK(ENTRY_MSR_MEM)	/* nvmx: entry MSR area in L1 memory */
/* 27.2.2 host control registers and MSRs: VMfailValid 8 */
NVMX_NESTED_CHECK(HOST_CR0)		/* CR0 vs IA32_VMX_CR0_FIXED0/1 */
NVMX_NESTED_CHECK(HOST_CR4)		/* CR4 vs IA32_VMX_CR4_FIXED0/1 */
NVMX_NESTED_CHECK(HOST_CR3)		/* CR3 bits >= MAXPHYADDR are 0 */
NVMX_NESTED_CHECK(HOST_SYSENTER)	/* SYSENTER_ESP/EIP canonical */
NVMX_NESTED_CHECK(HOST_PAT)		/* load IA32_PAT: valid PAT */
NVMX_NESTED_CHECK(HOST_EFER)		/* load IA32_EFER: rsvd, LMA/LME */
/* 27.2.3 host segment and descriptor-table registers: VMfailValid 8 */
NVMX_NESTED_CHECK(HOST_SEL)		/* selectors RPL = 0, TI = 0 */
NVMX_NESTED_CHECK(HOST_CS_TR)		/* CS and TR selectors not null */
NVMX_NESTED_CHECK(HOST_SS)		/* null SS needs host AS size 1 */
NVMX_NESTED_CHECK(HOST_BASES)		/* FS/GS/GDTR/IDTR/TR canonical */
/* 27.2.4 address-space size: VMfailValid 8 */
NVMX_NESTED_CHECK(HOST_ADDR_SIZE)	/* host AS size = L1's EFER.LMA */
NVMX_NESTED_CHECK(HOST_AS32)		/* AS size 0: no IA-32e guest, ... */
NVMX_NESTED_CHECK(HOST_AS64)		/* AS size 1: CR4.PAE, canonical RIP */
/* 27.3.1.1 guest control registers and MSRs: exit 33 */
NVMX_NESTED_CHECK(GUEST_CR0)		/* fixed bits, UG PE/PG, PG => PE */
NVMX_NESTED_CHECK(GUEST_CR4)		/* CR4 vs IA32_VMX_CR4_FIXED0/1 */
NVMX_NESTED_CHECK(GUEST_CR3)		/* CR3 bits >= MAXPHYADDR are 0 */
NVMX_NESTED_CHECK(GUEST_IA32E)		/* IA-32e guest: PG, PAE; else !PCIDE */
NVMX_NESTED_CHECK(GUEST_DEBUGCTL)	/* load debug controls: DEBUGCTL */
NVMX_NESTED_CHECK(GUEST_DR7)		/* load debug controls: DR7[63:32] */
NVMX_NESTED_CHECK(GUEST_PAT)		/* load IA32_PAT: valid PAT */
NVMX_NESTED_CHECK(GUEST_EFER)		/* load IA32_EFER: rsvd, LMA, LME */
/* 27.3.1.5 guest non-register state: exit 33 */
NVMX_NESTED_CHECK(ACTIVITY)		/* state 0..3, supported per MISC */
NVMX_NESTED_CHECK(ACTIVITY_HLT_DPL)	/* HLT needs SS.DPL = 0 */
NVMX_NESTED_CHECK(ACTIVITY_BLOCKING)	/* STI/MOV-SS blocking: active only */
NVMX_NESTED_CHECK(ACTIVITY_EVENT)	/* events allowed in HLT/shutdown/SIPI */
NVMX_NESTED_CHECK(INTR_RSVD)		/* interruptibility[31:4], SMI bit */
NVMX_NESTED_CHECK(INTR_STI_MOVSS)	/* not both STI and MOV-SS */
NVMX_NESTED_CHECK(INTR_STI_IF)		/* STI blocking needs RFLAGS.IF */
NVMX_NESTED_CHECK(INTR_EVENT)		/* injected INTR/NMI vs blocking */
NVMX_NESTED_CHECK(INTR_VNMI)		/* vNMI + NMI injection: no NMI block */
NVMX_NESTED_CHECK(PDBG_RSVD)		/* pending debug reserved bits */
NVMX_NESTED_CHECK(PDBG_BS)		/* pending BS vs TF, BTF */
NVMX_NESTED_CHECK(LINK_PTR)		/* ~0, or aligned VMCS: qual 4 */
/* 27.4 VM-entry MSR loading: exit 34, qualification = entry number */
NVMX_NESTED_CHECK(ENTRY_MSR_COUNT)	/* nvmx: count <= MISC limit (A.6) */
NVMX_NESTED_CHECK(ENTRY_MSR_ENTRY)	/* refused MSR, or its WRMSR would #GP */
