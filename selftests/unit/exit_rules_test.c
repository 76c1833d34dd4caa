// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/nested/exit_rules.h: what an emulated VM
 * exit from L2 to L1 saves and loads (SDM Vol. 3C 28.2-28.5, 27.8) and
 * which entries of the VMX MSR lists are valid (27.4, 28.4, 28.6).
 *
 * The kernel build takes the VM-exit/VM-entry controls, access-rights,
 * interruption-information and IA32_VMX_MISC constants from asm/vmx.h
 * and the MSR/EFER ones from asm/msr-index.h, which userspace does not
 * have; the shim below gives their architectural values (SDM Vol. 3C
 * 25.7.1 Table 25-13, 25.8.1 Table 25-15, 25.4.1 Table 25-2, 25.9.2
 * Table 25-17, 25.4.2 Table 25-3; Vol. 3D A.6; Vol. 4 Table 2-2).  The
 * field encodings used below are those of SDM Vol. 3D appendix B.  Every
 * expected value was worked out by hand from the SDM.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define VM_EXIT_SAVE_DEBUG_CONTROLS		0x00000004
#define VM_EXIT_HOST_ADDR_SPACE_SIZE		0x00000200
#define VM_EXIT_ACK_INTR_ON_EXIT		0x00008000
#define VM_EXIT_SAVE_IA32_PAT			0x00040000
#define VM_EXIT_LOAD_IA32_PAT			0x00080000
#define VM_EXIT_SAVE_IA32_EFER			0x00100000
#define VM_EXIT_LOAD_IA32_EFER			0x00200000
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER	0x00400000
#define VM_ENTRY_IA32E_MODE			0x00000200
#define VMX_AR_TYPE_BUSY_64_TSS			11
#define VMX_AR_S_MASK				(1 << 4)
#define VMX_AR_P_MASK				(1 << 7)
#define VMX_AR_L_MASK				(1 << 13)
#define VMX_AR_DB_MASK				(1 << 14)
#define VMX_AR_G_MASK				(1 << 15)
#define VMX_AR_UNUSABLE_MASK			(1 << 16)
#define INTR_INFO_VECTOR_MASK			0xff
#define INTR_INFO_INTR_TYPE_MASK		0x700
#define INTR_INFO_VALID_MASK			0x80000000
#define INTR_TYPE_EXT_INTR			(0 << 8)
#define INTR_TYPE_NMI_INTR			(2 << 8)
#define INTR_TYPE_HARD_EXCEPTION		(3 << 8)
#define GUEST_INTR_STATE_STI			0x1
#define GUEST_INTR_STATE_MOV_SS			0x2
#define GUEST_INTR_STATE_NMI			0x8
#define VMX_MISC_SAVE_EFER_LMA			0x20
#define VMX_MISC_MSR_LIST_MULTIPLIER		512
#define MSR_IA32_SMM_MONITOR_CTL		0x0000009b
#define MSR_IA32_SMBASE				0x0000009e
#define MSR_EFER				0xc0000080
#define MSR_FS_BASE				0xc0000100
#define MSR_GS_BASE				0xc0000101
#define EFER_SCE				(1ULL << 0)
#define EFER_LME				(1ULL << 8)
#define EFER_LMA				(1ULL << 10)
#define EFER_NX					(1ULL << 11)

static inline int vmx_misc_max_msr(u64 misc)
{
	return (misc >> 25) & 7;
}

#include "nested/exit_rules.h"
#include "kselftest_harness.h"

/* SDM Vol. 3D appendix B encodings. */
#define ENC_GUEST_ES_SELECTOR		0x0800
#define ENC_VMCS_LINK_POINTER		0x2800
#define ENC_GUEST_IA32_DEBUGCTL		0x2802
#define ENC_GUEST_IA32_PAT		0x2804
#define ENC_GUEST_IA32_EFER		0x2806
#define ENC_GUEST_PDPTR0		0x280a
#define ENC_CPU_BASED_VM_EXEC_CONTROL	0x4002
#define ENC_VM_EXIT_REASON		0x4402
#define ENC_GUEST_ACTIVITY_STATE	0x4826
#define ENC_VMX_PREEMPTION_TIMER_VALUE	0x482e
#define ENC_GUEST_CR0			0x6800
#define ENC_GUEST_DR7			0x681a
#define ENC_GUEST_RSP			0x681c
#define ENC_GUEST_RIP			0x681e
#define ENC_GUEST_RFLAGS		0x6820
#define ENC_HOST_RIP			0x6c16

#define CR0_FIXED0	(X86_CR0_PE | X86_CR0_NE | X86_CR0_PG)
#define ALL_ONES	(~0ULL)
#define ALL_CTLS	(~0U)

#define RULE(name, ctls, ept) \
	nvmx_exit_save_rule(NVMX_F_##name, ENC_##name, ctls, ept)

static void host_segs(struct nvmx_vmcs12 *v, u32 exit_ctls)
{
	memset(v, 0, sizeof(*v));
	nvmx_vmcs12_set(v, VM_EXIT_CONTROLS, exit_ctls);
	nvmx_vmcs12_set(v, HOST_CS_SELECTOR, 0x10);
	nvmx_vmcs12_set(v, HOST_SS_SELECTOR, 0x18);
	nvmx_vmcs12_set(v, HOST_DS_SELECTOR, 0x18);
	nvmx_vmcs12_set(v, HOST_ES_SELECTOR, 0);
	nvmx_vmcs12_set(v, HOST_FS_SELECTOR, 0);
	nvmx_vmcs12_set(v, HOST_FS_BASE, 0x7fff0000ULL);
	nvmx_vmcs12_set(v, HOST_GS_SELECTOR, 0x18);
	nvmx_vmcs12_set(v, HOST_GS_BASE, 0xffff888000000000ULL);
	nvmx_vmcs12_set(v, HOST_TR_SELECTOR, 0x40);
	nvmx_vmcs12_set(v, HOST_TR_BASE, 0xfffffe0000003000ULL);
}

/* 28.5.1: MP, EM, TS, WP, AM from the host field; ET, CD, NW, 6, 17, 19 not. */
TEST(cr0_loads_only_the_architectural_bits)
{
	u64 old = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		  X86_CR0_WP | X86_CR0_PG;
	u64 host = X86_CR0_PE | X86_CR0_EM | X86_CR0_TS | X86_CR0_NE |
		   X86_CR0_AM | X86_CR0_PG | X86_CR0_CD | X86_CR0_NW |
		   (1ULL << 6) | (1ULL << 17) | (1ULL << 19);

	ASSERT_EQ(0x80010033ULL, old);
	ASSERT_EQ(0x8004003dULL,
		  nvmx_exit_host_cr0(old, host, CR0_FIXED0, ALL_ONES));
}

/* 28.5.1: bits fixed in VMX operation keep their value. */
TEST(cr0_fixed_bits_are_not_modified)
{
	ASSERT_EQ(0x80000021ULL,
		  nvmx_exit_host_cr0(0x80000021ULL, 0, CR0_FIXED0, ALL_ONES));
	ASSERT_EQ(0x80000021ULL,
		  nvmx_exit_host_cr0(0x80000021ULL,
				     0x80000021ULL | X86_CR0_TS, CR0_FIXED0,
				     ~(u64)X86_CR0_TS));
}

/* 28.5.1: bits 63:52 and those beyond the physical-address width cleared. */
TEST(cr3_drops_bits_beyond_the_physical_address_width)
{
	u64 host = (1ULL << 63) | (1ULL << 45) | 0x12345000ULL;

	ASSERT_EQ(0x12345000ULL, nvmx_exit_host_cr3(host, 39));
	ASSERT_EQ((1ULL << 45) | 0x12345000ULL, nvmx_exit_host_cr3(host, 46));
	ASSERT_EQ(0x1000ULL, nvmx_exit_host_cr3((1ULL << 55) | 0x1000, 57));
}

/* 28.5.1: PAE set for a 64-bit host; CR4.VMXE (fixed) kept. */
TEST(cr4_sets_pae_for_a_64bit_host)
{
	u64 old = X86_CR4_VMXE | X86_CR4_PAE;
	u64 host = X86_CR4_PGE | X86_CR4_PCIDE;

	ASSERT_EQ(X86_CR4_PGE | X86_CR4_PCIDE | X86_CR4_PAE | X86_CR4_VMXE,
		  nvmx_exit_host_cr4(old, host, X86_CR4_VMXE, ALL_ONES, true));
}

/* 28.5.1: PCIDE cleared for a 32-bit host; PAE as the field says. */
TEST(cr4_clears_pcide_for_a_32bit_host)
{
	u64 old = X86_CR4_VMXE | X86_CR4_PAE;
	u64 host = X86_CR4_PGE | X86_CR4_PCIDE;

	ASSERT_EQ(X86_CR4_PGE | X86_CR4_VMXE,
		  nvmx_exit_host_cr4(old, host, X86_CR4_VMXE, ALL_ONES, false));
}

/* 28.5.1: "load IA32_EFER" loads the whole field. */
TEST(efer_load_control_loads_the_field)
{
	ASSERT_EQ(EFER_SCE | EFER_LME | EFER_LMA,
		  nvmx_exit_host_efer(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX,
				      EFER_SCE | EFER_LME | EFER_LMA,
				      VM_EXIT_LOAD_IA32_EFER |
				      VM_EXIT_HOST_ADDR_SPACE_SIZE));
}

/* 28.5.1: otherwise only LMA and LME change, to the host size. */
TEST(efer_without_load_follows_host_address_space_size)
{
	ASSERT_EQ(EFER_SCE | EFER_NX | EFER_LME | EFER_LMA,
		  nvmx_exit_host_efer(EFER_SCE | EFER_NX, 0x501,
				      VM_EXIT_HOST_ADDR_SPACE_SIZE));
	ASSERT_EQ(EFER_SCE | EFER_NX,
		  nvmx_exit_host_efer(EFER_SCE | EFER_NX | EFER_LME | EFER_LMA,
				      0x501, 0));
}

/* 28.5.2: CS of a 64-bit host: L = 1, D/B = 0, base 0, 4 GiB limit. */
TEST(seg_cs_of_a_64bit_host)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_CS, &s);
	ASSERT_EQ(0x10, s.selector);
	ASSERT_EQ(0ULL, s.base);
	ASSERT_EQ(0xffffffffU, s.limit);
	ASSERT_EQ(0xa09bU, s.ar);
}

/* 28.5.2: CS of a 32-bit host: L = 0, D/B = 1. */
TEST(seg_cs_of_a_32bit_host)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, 0);
	nvmx_exit_host_seg(&v, NVMX_EXIT_CS, &s);
	ASSERT_EQ(0xc09bU, s.ar);
}

/* 28.5.2: a non-null data selector: type 3, S, P, D/B, G, base 0. */
TEST(seg_data_with_a_selector_is_flat)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_DS, &s);
	ASSERT_EQ(0x18, s.selector);
	ASSERT_EQ(0ULL, s.base);
	ASSERT_EQ(0xffffffffU, s.limit);
	ASSERT_EQ(0xc093U, s.ar);
	nvmx_exit_host_seg(&v, NVMX_EXIT_SS, &s);
	ASSERT_EQ(0xc093U, s.ar);
}

/* 28.5.2: a null selector makes the segment unusable (SS DPL 0). */
TEST(seg_null_selector_is_unusable)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_ES, &s);
	ASSERT_EQ(0, s.selector);
	ASSERT_EQ(0x10000U, s.ar);
	nvmx_vmcs12_set(&v, HOST_SS_SELECTOR, 0);
	nvmx_exit_host_seg(&v, NVMX_EXIT_SS, &s);
	ASSERT_EQ(0x10000U, s.ar);
}

/* 28.5.2: FS and GS bases come from the host-state area, null or not. */
TEST(seg_fs_gs_bases_from_the_host_area)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_FS, &s);
	ASSERT_EQ(0x7fff0000ULL, s.base);
	ASSERT_EQ(0x10000U, s.ar);
	nvmx_exit_host_seg(&v, NVMX_EXIT_GS, &s);
	ASSERT_EQ(0xffff888000000000ULL, s.base);
	ASSERT_EQ(0xc093U, s.ar);
}

/* 28.5.2: TR is a busy TSS, limit 0x67, base from the field. */
TEST(seg_tr_is_a_busy_tss)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_TR, &s);
	ASSERT_EQ(0x40, s.selector);
	ASSERT_EQ(0xfffffe0000003000ULL, s.base);
	ASSERT_EQ(0x67U, s.limit);
	ASSERT_EQ(0x8bU, s.ar);
}

/* 28.5.2: LDTR null and unusable. */
TEST(seg_ldtr_is_null_and_unusable)
{
	struct nvmx_vmcs12 v;
	struct nvmx_exit_seg_state s;

	host_segs(&v, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	nvmx_exit_host_seg(&v, NVMX_EXIT_LDTR, &s);
	ASSERT_EQ(0, s.selector);
	ASSERT_EQ(0ULL, s.base);
	ASSERT_EQ(0U, s.limit);
	ASSERT_EQ(0x10000U, s.ar);
}

/* 28.3: controls, host state and exit information are not guest state. */
TEST(save_skips_fields_outside_the_guest_area)
{
	ASSERT_EQ(NVMX_SAVE_SKIP, RULE(HOST_RIP, ALL_CTLS, true));
	ASSERT_EQ(NVMX_SAVE_SKIP, RULE(CPU_BASED_VM_EXEC_CONTROL, 0, false));
	ASSERT_EQ(NVMX_SAVE_SKIP, RULE(VM_EXIT_REASON, 0, false));
}

/* 28.3.3: RIP, RSP and RFLAGS come from the vCPU. */
TEST(save_takes_rip_rsp_rflags_from_the_vcpu)
{
	ASSERT_EQ(NVMX_SAVE_VCPU, RULE(GUEST_RIP, 0, false));
	ASSERT_EQ(NVMX_SAVE_VCPU, RULE(GUEST_RSP, 0, false));
	ASSERT_EQ(NVMX_SAVE_VCPU, RULE(GUEST_RFLAGS, 0, false));
}

/* 28.3.1, 28.3.2, 28.3.4: saved whatever the controls. */
TEST(save_always_saves_registers_and_nonregister_state)
{
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_CR0, 0, false));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_ES_SELECTOR, 0, false));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_ACTIVITY_STATE, 0, false));
}

/* 28.3.1: DR7 and IA32_DEBUGCTL only with "save debug controls". */
TEST(save_debug_controls_decides_dr7_and_debugctl)
{
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(GUEST_DR7, 0, false));
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(GUEST_IA32_DEBUGCTL, 0, false));
	ASSERT_EQ(NVMX_SAVE_HW,
		  RULE(GUEST_DR7, VM_EXIT_SAVE_DEBUG_CONTROLS, false));
	ASSERT_EQ(NVMX_SAVE_HW,
		  RULE(GUEST_IA32_DEBUGCTL, VM_EXIT_SAVE_DEBUG_CONTROLS, false));
}

/* 28.3.1: IA32_PAT and IA32_EFER only with their save controls. */
TEST(save_pat_and_efer_follow_their_controls)
{
	u32 other = ALL_CTLS & ~(VM_EXIT_SAVE_IA32_PAT | VM_EXIT_SAVE_IA32_EFER);

	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(GUEST_IA32_PAT, other, true));
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(GUEST_IA32_EFER, other, true));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_IA32_PAT, VM_EXIT_SAVE_IA32_PAT,
				     false));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_IA32_EFER, VM_EXIT_SAVE_IA32_EFER,
				     false));
}

/* 28.3.4: the timer value with its control, PDPTEs with EPT. */
TEST(save_timer_and_pdptes_follow_their_controls)
{
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(VMX_PREEMPTION_TIMER_VALUE, 0, true));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(VMX_PREEMPTION_TIMER_VALUE,
				     VM_EXIT_SAVE_VMX_PREEMPTION_TIMER, false));
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(GUEST_PDPTR0, ALL_CTLS, false));
	ASSERT_EQ(NVMX_SAVE_HW, RULE(GUEST_PDPTR0, 0, true));
}

/* No VM exit writes the VMCS link pointer. */
TEST(save_never_writes_the_link_pointer)
{
	ASSERT_EQ(NVMX_SAVE_KEEP, RULE(VMCS_LINK_POINTER, ALL_CTLS, true));
}

/* 28.2: "IA-32e mode guest" takes EFER.LMA when IA32_VMX_MISC bit 5. */
TEST(entry_ctls_ia32e_mode_follows_lma_with_misc_bit5)
{
	ASSERT_EQ(0x1200U, nvmx_exit_entry_ctls(0x1000, true,
						VMX_MISC_SAVE_EFER_LMA));
	ASSERT_EQ(0x1000U, nvmx_exit_entry_ctls(0x1200, false,
						VMX_MISC_SAVE_EFER_LMA));
	ASSERT_EQ(0x1200U, nvmx_exit_entry_ctls(0x1200, false, 0));
}

/* 28.2.2: external interrupts are reported only when acknowledged. */
TEST(intr_info_of_an_external_interrupt_needs_ack)
{
	ASSERT_EQ(0x80000030U,
		  nvmx_exit_intr_info(EXIT_REASON_EXTERNAL_INTERRUPT, 0x30,
				      VM_EXIT_ACK_INTR_ON_EXIT));
	ASSERT_EQ(0U, nvmx_exit_intr_info(EXIT_REASON_EXTERNAL_INTERRUPT,
					  0x80000030, 0));
}

/* 28.2.2: other exits report what L0 has. */
TEST(intr_info_of_other_exits_unchanged)
{
	u32 pf = 14 | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;

	ASSERT_EQ(pf, nvmx_exit_intr_info(EXIT_REASON_EXCEPTION_NMI, pf,
					  VM_EXIT_ACK_INTR_ON_EXIT));
}

/* 28.2.2: an NMI exit is reason 0 with a valid NMI. */
TEST(nmi_exit_is_reason_0_with_type_nmi)
{
	ASSERT_TRUE(nvmx_exit_is_nmi(EXIT_REASON_EXCEPTION_NMI,
				     2 | INTR_TYPE_NMI_INTR |
				     INTR_INFO_VALID_MASK));
	ASSERT_FALSE(nvmx_exit_is_nmi(EXIT_REASON_EXCEPTION_NMI,
				      14 | INTR_TYPE_HARD_EXCEPTION |
				      INTR_INFO_VALID_MASK));
	ASSERT_FALSE(nvmx_exit_is_nmi(EXIT_REASON_EXCEPTION_NMI,
				      2 | INTR_TYPE_NMI_INTR));
	ASSERT_FALSE(nvmx_exit_is_nmi(EXIT_REASON_INVALID_STATE |
				      VMX_EXIT_REASONS_FAILED_VMENTRY,
				      2 | INTR_TYPE_NMI_INTR |
				      INTR_INFO_VALID_MASK));
}

/* 28.5.5: no STI/MOV-SS blocking; NMI blocking kept or set by an NMI exit. */
TEST(interruptibility_after_exit)
{
	u32 all = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS |
		  GUEST_INTR_STATE_NMI;

	ASSERT_EQ(GUEST_INTR_STATE_NMI, nvmx_exit_interruptibility(all, false));
	ASSERT_EQ(0U, nvmx_exit_interruptibility(GUEST_INTR_STATE_STI, false));
	ASSERT_EQ(GUEST_INTR_STATE_NMI,
		  nvmx_exit_interruptibility(GUEST_INTR_STATE_STI, true));
}

/* 27.4, 28.4, 28.6: bits 63:32 of an entry must be 0. */
TEST(msr_entry_reserved_bits_fail_every_list)
{
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, MSR_EFER, 1));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, MSR_EFER,
				       0x80000000));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, MSR_EFER, 2));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, MSR_EFER, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, MSR_EFER, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, MSR_EFER, 0));
}

/* 27.4, 28.4, 28.6: bits 31:8 = 000008H (x2APIC) fail every list. */
TEST(msr_entry_x2apic_range_fails_every_list)
{
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, 0x800, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, 0x8ff, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, 0x830, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, 0x7ff, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, 0x900, 0));
}

/* 27.4, 28.6: FS/GS base and IA32_SMM_MONITOR_CTL may not be loaded. */
TEST(msr_entry_load_lists_refuse_fs_gs_base_and_smm_monitor)
{
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, MSR_FS_BASE, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, MSR_GS_BASE, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, MSR_FS_BASE, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD, MSR_GS_BASE, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD,
				       MSR_IA32_SMM_MONITOR_CTL, 0));
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_LOAD,
				       MSR_IA32_SMM_MONITOR_CTL, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_ENTRY_LOAD, MSR_IA32_SMBASE, 0));
}

/* 28.4: the store list refuses IA32_SMBASE only, not FS/GS base. */
TEST(msr_entry_store_list_refuses_smbase)
{
	ASSERT_FALSE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, MSR_IA32_SMBASE,
				       0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, MSR_FS_BASE, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, MSR_GS_BASE, 0));
	ASSERT_TRUE(nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE,
				      MSR_IA32_SMM_MONITOR_CTL, 0));
}

/* SDM Vol. 3D A.6: 512 * (N + 1) entries, N in bits 27:25. */
TEST(msr_list_max_from_vmx_misc)
{
	ASSERT_EQ(512U, nvmx_msr_list_max(0));
	ASSERT_EQ(2048U, nvmx_msr_list_max(3ULL << 25));
	ASSERT_EQ(4096U, nvmx_msr_list_max((7ULL << 25) | (1ULL << 29)));
}

TEST_HARNESS_MAIN
