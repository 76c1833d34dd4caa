/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure nested headers (src/nested/entry_checks.h,
 * src/nested/route_rules.h) take from the kernel, for the host unit
 * tests.  Exit reasons come from the uapi <asm/vmx.h> the host has; the
 * other encodings are written here from the SDM (Vol. 3C 25.6-25.8
 * control bits, 25.4.2 interruptibility and activity, Vol. 3D A.1-A.10
 * capability bits; Vol. 4 MSR numbers), so that the tests also check the
 * kernel headers' names against the manual.  The nested.h types are
 * extracted from src/nested/nested.h by the Makefile (nested_types.h),
 * never copied.
 */
#ifndef NVMX_UNIT_NESTED_SHIM_H
#define NVMX_UNIT_NESTED_SHIM_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <asm/processor-flags.h>	/* uapi: X86_CR0_*, X86_CR4_*, EFLAGS */
#include <asm/vmx.h>			/* uapi: EXIT_REASON_* */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* Primary processor-based controls, SDM Vol. 3C 25.6.2 Table 25-6. */
#define CPU_BASED_INTR_WINDOW_EXITING		(1U << 2)
#define CPU_BASED_HLT_EXITING			(1U << 7)
#define CPU_BASED_INVLPG_EXITING		(1U << 9)
#define CPU_BASED_MWAIT_EXITING			(1U << 10)
#define CPU_BASED_RDPMC_EXITING			(1U << 11)
#define CPU_BASED_RDTSC_EXITING			(1U << 12)
#define CPU_BASED_CR3_LOAD_EXITING		(1U << 15)
#define CPU_BASED_CR3_STORE_EXITING		(1U << 16)
#define CPU_BASED_CR8_LOAD_EXITING		(1U << 19)
#define CPU_BASED_CR8_STORE_EXITING		(1U << 20)
#define CPU_BASED_TPR_SHADOW			(1U << 21)
#define CPU_BASED_NMI_WINDOW_EXITING		(1U << 22)
#define CPU_BASED_MOV_DR_EXITING		(1U << 23)
#define CPU_BASED_UNCOND_IO_EXITING		(1U << 24)
#define CPU_BASED_USE_IO_BITMAPS		(1U << 25)
#define CPU_BASED_MONITOR_TRAP_FLAG		(1U << 27)
#define CPU_BASED_USE_MSR_BITMAPS		(1U << 28)
#define CPU_BASED_MONITOR_EXITING		(1U << 29)
#define CPU_BASED_PAUSE_EXITING			(1U << 30)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS	(1U << 31)

/* Secondary processor-based controls, SDM Vol. 3C 25.6.2 Table 25-7. */
#define SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES	(1U << 0)
#define SECONDARY_EXEC_ENABLE_EPT		(1U << 1)
#define SECONDARY_EXEC_DESC			(1U << 2)
#define SECONDARY_EXEC_ENABLE_RDTSCP		(1U << 3)
#define SECONDARY_EXEC_ENABLE_VPID		(1U << 5)
#define SECONDARY_EXEC_WBINVD_EXITING		(1U << 6)
#define SECONDARY_EXEC_UNRESTRICTED_GUEST	(1U << 7)
#define SECONDARY_EXEC_APIC_REGISTER_VIRT	(1U << 8)
#define SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY	(1U << 9)
#define SECONDARY_EXEC_PAUSE_LOOP_EXITING	(1U << 10)
#define SECONDARY_EXEC_RDRAND_EXITING		(1U << 11)
#define SECONDARY_EXEC_ENABLE_INVPCID		(1U << 12)
#define SECONDARY_EXEC_ENABLE_VMFUNC		(1U << 13)
#define SECONDARY_EXEC_SHADOW_VMCS		(1U << 14)
#define SECONDARY_EXEC_ENCLS_EXITING		(1U << 15)
#define SECONDARY_EXEC_RDSEED_EXITING		(1U << 16)
#define SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE	(1U << 26)

/* Pin-based controls, SDM Vol. 3C 25.6.1 Table 25-5. */
#define PIN_BASED_EXT_INTR_MASK			(1U << 0)
#define PIN_BASED_NMI_EXITING			(1U << 3)
#define PIN_BASED_VIRTUAL_NMIS			(1U << 5)
#define PIN_BASED_VMX_PREEMPTION_TIMER		(1U << 6)

/* VM-exit controls, SDM Vol. 3C 25.7.1 Table 25-13. */
#define VM_EXIT_SAVE_DEBUG_CONTROLS		(1U << 2)
#define VM_EXIT_HOST_ADDR_SPACE_SIZE		(1U << 9)
#define VM_EXIT_ACK_INTR_ON_EXIT		(1U << 15)
#define VM_EXIT_SAVE_IA32_PAT			(1U << 18)
#define VM_EXIT_LOAD_IA32_PAT			(1U << 19)
#define VM_EXIT_SAVE_IA32_EFER			(1U << 20)
#define VM_EXIT_LOAD_IA32_EFER			(1U << 21)
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER	(1U << 22)

/* VM-entry controls, SDM Vol. 3C 25.8.1 Table 25-15. */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS		(1U << 2)
#define VM_ENTRY_IA32E_MODE			(1U << 9)
#define VM_ENTRY_SMM				(1U << 10)
#define VM_ENTRY_DEACT_DUAL_MONITOR		(1U << 11)
#define VM_ENTRY_LOAD_IA32_PAT			(1U << 14)
#define VM_ENTRY_LOAD_IA32_EFER			(1U << 15)

/* IA32_VMX_MISC, SDM Vol. 3D A.6. */
#define VMX_MISC_ZERO_LEN_INS			(1ULL << 30)

/* IA32_VMX_EPT_VPID_CAP, SDM Vol. 3D A.10; EPTP, Vol. 3C 25.6.11. */
#define VMX_EPT_PAGE_WALK_4_BIT			(1ULL << 6)
#define VMX_EPT_PAGE_WALK_5_BIT			(1ULL << 7)
#define VMX_EPTP_UC_BIT				(1ULL << 8)
#define VMX_EPTP_WB_BIT				(1ULL << 14)
#define VMX_EPT_AD_BIT				(1ULL << 21)
#define VMX_EPTP_MT_MASK			0x7ULL
#define VMX_EPTP_MT_UC				0x0ULL
#define VMX_EPTP_MT_WB				0x6ULL
#define VMX_EPTP_PWL_MASK			0x38ULL
#define VMX_EPTP_PWL_4				0x18ULL
#define VMX_EPTP_PWL_5				0x20ULL
#define VMX_EPTP_AD_ENABLE_BIT			(1ULL << 6)

/* Interruption information, SDM Vol. 3C 25.8.3 Table 25-17. */
#define INTR_INFO_VECTOR_MASK			0xff
#define INTR_INFO_INTR_TYPE_MASK		0x700
#define INTR_INFO_DELIVER_CODE_MASK		0x800
#define INTR_INFO_VALID_MASK			0x80000000
#define INTR_INFO_RESVD_BITS_MASK		0x7ffff000
#define INTR_TYPE_EXT_INTR			(0 << 8)
#define INTR_TYPE_RESERVED			(1 << 8)
#define INTR_TYPE_NMI_INTR			(2 << 8)
#define INTR_TYPE_HARD_EXCEPTION		(3 << 8)
#define INTR_TYPE_SOFT_INTR			(4 << 8)
#define INTR_TYPE_PRIV_SW_EXCEPTION		(5 << 8)
#define INTR_TYPE_SOFT_EXCEPTION		(6 << 8)
#define INTR_TYPE_OTHER_EVENT			(7 << 8)

/* Guest non-register state, SDM Vol. 3C 25.4.2 Tables 25-3, 25-4. */
#define GUEST_INTR_STATE_STI			0x1
#define GUEST_INTR_STATE_MOV_SS			0x2
#define GUEST_INTR_STATE_SMI			0x4
#define GUEST_INTR_STATE_NMI			0x8
#define GUEST_ACTIVITY_ACTIVE			0
#define GUEST_ACTIVITY_HLT			1
#define GUEST_ACTIVITY_SHUTDOWN			2
#define GUEST_ACTIVITY_WAIT_SIPI		3
/* Segment access rights, SDM Vol. 3C 25.4.1 Table 25-2. */
#define VMX_AR_DPL(ar)				(((ar) >> 5) & 3)
#define VMX_AR_UNUSABLE_MASK			(1 << 16)

/* CR-access exit qualification, SDM Vol. 3C 28.2.1 Table 28-3. */
#define CONTROL_REG_ACCESS_TYPE			0x30
#define LMSW_SOURCE_DATA_SHIFT			16

/* SDM Vol. 3C 31.4 VM-instruction errors; 27.8 entry-failure qualification. */
#define VMXERR_ENTRY_INVALID_CONTROL_FIELD	7
#define VMXERR_ENTRY_INVALID_HOST_STATE_FIELD	8
#define ENTRY_FAIL_VMCS_LINK_PTR		4

/* MSRs, SDM Vol. 4 Table 2-2. */
#define MSR_IA32_UCODE_WRITE			0x00000079
#define MSR_IA32_UCODE_REV			0x0000008b
#define MSR_IA32_SMM_MONITOR_CTL		0x0000009b
#define MSR_IA32_SMBASE				0x0000009e
#define MSR_FS_BASE				0xc0000100
#define MSR_GS_BASE				0xc0000101
#define EFER_SCE				(1ULL << 0)
#define EFER_LME				(1ULL << 8)
#define EFER_LMA				(1ULL << 10)
#define EFER_NX					(1ULL << 11)

/* What src/state_rules.h (PAT validity) needs besides. */
#define XFEATURE_MASK_FP			(1ULL << 0)
#define XFEATURE_MASK_SSE			(1ULL << 1)
#define XFEATURE_MASK_YMM			(1ULL << 2)
#define XFEATURE_MASK_BNDREGS			(1ULL << 3)
#define XFEATURE_MASK_BNDCSR			(1ULL << 4)
#define XFEATURE_MASK_OPMASK			(1ULL << 5)
#define XFEATURE_MASK_ZMM_Hi256			(1ULL << 6)
#define XFEATURE_MASK_Hi16_ZMM			(1ULL << 7)
#define MSR_IA32_APICBASE_BSP			(1 << 8)
#define X2APIC_ENABLE				(1UL << 10)
#define MSR_IA32_APICBASE_ENABLE		(1 << 11)

#include "vmcs12.h"
#include "nested_types.h"

#endif /* NVMX_UNIT_NESTED_SHIM_H */
