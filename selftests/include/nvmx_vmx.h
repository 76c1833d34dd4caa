/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: L1-side VMX helpers, in the shape of the KVM selftests'
 * lib/x86_64/vmx.c.  The guest of a long-mode test VM (lib/nvmx_guest.c)
 * is L1 here: it enables VMX, builds a VMCS for an L2 that runs in L1's
 * own address space (L1's GDT, IDT and page tables, its own stack and
 * entry point), and runs L2 until its next VM exit.  Optionally L1 gives
 * L2 an identity EPT (L2 GPA == L1 GPA, 0..4 GiB, 2 MiB pages).
 *
 * Every VMX instruction has a typed wrapper that returns the architectural
 * outcome (SDM Vol. 3C 31.2 "conventions"):
 *	VMX_OK			VMsucceed (CF = ZF = 0)
 *	VMFAIL_INVALID		VMfailInvalid (CF = 1)
 *	VMFAIL_VALID(n)		VMfailValid (ZF = 1) with VM-instruction
 *				error n, read with VMREAD(VM_INSTRUCTION_ERROR)
 *				(SDM Vol. 3C 31.4)
 *	VMX_FAULT(v)		the instruction raised exception vector v
 *				(#UD, #GP, ...); it was skipped
 * On VMsucceed a wrapper executes exactly one VMX instruction, so tests
 * can count L0 exits; only VMfailValid costs the extra VMREAD.
 *
 * Faults: every wrapper arms the guest runtime's fix-up (nvmx_guest.c,
 * nvmx_guest_fixup_rip) around its instruction, so an exception there is
 * recorded and the instruction skipped instead of being reported as an
 * unhandled exception.  guest_try() gives other guest code the same.
 *
 * Guest code (everything but the test_*() host helpers at the end) must
 * not call libc; see nvmx_vm.h.
 */
#ifndef SELFTEST_NVMX_VMX_H
#define SELFTEST_NVMX_VMX_H

#include <stdbool.h>
#include <stdint.h>

#include "nvmx_vm.h"

/* ---- outcomes --------------------------------------------------------- */

#define VMX_OK			0
#define VMFAIL_INVALID		0x1000
#define VMFAIL_VALID(err)	(0x2000 | (err))
#define VMX_FAULT(vec)		(0x4000 | (vec))

/* SDM Vol. 3C 31.4: VM-instruction error numbers used by the tests. */
enum vmx_insn_error {
	VMXERR_VMCALL_IN_VMX_ROOT	= 1,
	VMXERR_VMCLEAR_INVALID_ADDR	= 2,
	VMXERR_VMCLEAR_VMXON_PTR	= 3,
	VMXERR_VMLAUNCH_NOT_CLEAR	= 4,
	VMXERR_VMRESUME_NOT_LAUNCHED	= 5,
	VMXERR_VMRESUME_AFTER_VMXOFF	= 6,
	VMXERR_ENTRY_INVALID_CONTROL	= 7,
	VMXERR_ENTRY_INVALID_HOST	= 8,
	VMXERR_VMPTRLD_INVALID_ADDR	= 9,
	VMXERR_VMPTRLD_VMXON_PTR	= 10,
	VMXERR_VMPTRLD_BAD_REVISION	= 11,
	VMXERR_UNSUPPORTED_FIELD	= 12,
	VMXERR_VMWRITE_READ_ONLY	= 13,
	VMXERR_VMXON_IN_VMX_ROOT	= 15,
	VMXERR_INVALID_EXECUTIVE_VMCS	= 16,
	VMXERR_INVALID_OPERAND_INVEPT	= 28,
};

#define UD_VECTOR	6
#define GP_VECTOR	13
#define PF_VECTOR	14

/* ---- MSRs, control bits (SDM Vol. 3D appendix A; Vol. 3C 25.6-25.8) ---- */

#define MSR_IA32_FEATURE_CONTROL	0x0000003a
#define FEAT_CTL_LOCKED			(1ULL << 0)
#define FEAT_CTL_VMX_OUTSIDE_SMX	(1ULL << 2)
#define MSR_IA32_VMX_BASIC		0x00000480
#define MSR_IA32_VMX_PINBASED_CTLS	0x00000481
#define MSR_IA32_VMX_PROCBASED_CTLS	0x00000482
#define MSR_IA32_VMX_EXIT_CTLS		0x00000483
#define MSR_IA32_VMX_ENTRY_CTLS		0x00000484
#define MSR_IA32_VMX_MISC		0x00000485
#define MSR_IA32_VMX_CR0_FIXED0		0x00000486
#define MSR_IA32_VMX_CR0_FIXED1		0x00000487
#define MSR_IA32_VMX_CR4_FIXED0		0x00000488
#define MSR_IA32_VMX_CR4_FIXED1		0x00000489
#define MSR_IA32_VMX_VMCS_ENUM		0x0000048a
#define MSR_IA32_VMX_PROCBASED_CTLS2	0x0000048b
#define MSR_IA32_VMX_EPT_VPID_CAP	0x0000048c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS	0x0000048d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS	0x0000048f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS	0x00000490
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101

#define VMX_BASIC_TRUE_CTLS		(1ULL << 55)
#define VMX_MISC_VMWRITE_ANY_FIELD	(1ULL << 29)

#define PIN_EXT_INTR_EXITING		(1U << 0)
#define PIN_NMI_EXITING			(1U << 3)
#define PIN_PREEMPTION_TIMER		(1U << 6)

#define PIN_EXTINT_EXITING		(1U << 0)
#define CPU_INTR_WINDOW_EXITING		(1U << 2)
#define CPU_HLT_EXITING			(1U << 7)
#define CPU_INVLPG_EXITING		(1U << 9)
#define CPU_PAUSE_EXITING		(1U << 30)
#define CPU_RDTSC_EXITING		(1U << 12)
#define CPU_CR3_LOAD_EXITING		(1U << 15)
#define CPU_CR3_STORE_EXITING		(1U << 16)
#define CPU_UNCOND_IO_EXITING		(1U << 24)
#define CPU_USE_IO_BITMAPS		(1U << 25)
#define CPU_USE_MSR_BITMAPS		(1U << 28)
#define CPU_SECONDARY_CONTROLS		(1U << 31)

#define CPU2_ENABLE_EPT			(1U << 1)
#define CPU2_ENABLE_VPID		(1U << 5)
#define CPU2_UNRESTRICTED_GUEST		(1U << 7)

#define EXIT_HOST_ADDR_SPACE_SIZE	(1U << 9)
#define EXIT_ACK_INTR_ON_EXIT		(1U << 15)
#define ENTRY_IA32E_MODE		(1U << 9)

#define EPT_CAP_WALK_4			(1ULL << 6)
#define EPT_CAP_WB			(1ULL << 14)
#define EPT_CAP_2MB_PAGE		(1ULL << 16)
#define EPT_CAP_INVEPT			(1ULL << 20)
#define EPT_CAP_INVEPT_SINGLE		(1ULL << 25)
#define EPT_CAP_INVEPT_ALL		(1ULL << 26)
#define VPID_CAP_INVVPID		(1ULL << 32)
#define VPID_CAP_INVVPID_ADDR		(1ULL << 40)
#define VPID_CAP_INVVPID_SINGLE		(1ULL << 41)
#define VPID_CAP_INVVPID_ALL		(1ULL << 42)

/* VM-entry interruption information (SDM Vol. 3C 25.8.3). */
#define INTR_INFO_VALID			(1U << 31)
#define INTR_INFO_TYPE_MASK		(7U << 8)
#define INTR_INFO_VECTOR_MASK		0xffU
#define INTR_INFO_DELIVER_CODE		(1U << 11)
#define INTR_TYPE_EXT_INTR		(0U << 8)
#define INTR_TYPE_HW_EXCEPTION		(3U << 8)
#define INTR_TYPE_SOFT_INTR		(4U << 8)

#define X86_CR4_VMXE			(1ULL << 13)

/* ---- VMCS field encodings (SDM Vol. 3D appendix B) -------------------- */

enum vmcs_field {
	VIRTUAL_PROCESSOR_ID		= 0x00000000,
	GUEST_ES_SELECTOR		= 0x00000800,
	GUEST_CS_SELECTOR		= 0x00000802,
	GUEST_SS_SELECTOR		= 0x00000804,
	GUEST_DS_SELECTOR		= 0x00000806,
	GUEST_FS_SELECTOR		= 0x00000808,
	GUEST_GS_SELECTOR		= 0x0000080a,
	GUEST_LDTR_SELECTOR		= 0x0000080c,
	GUEST_TR_SELECTOR		= 0x0000080e,
	HOST_ES_SELECTOR		= 0x00000c00,
	HOST_CS_SELECTOR		= 0x00000c02,
	HOST_SS_SELECTOR		= 0x00000c04,
	HOST_DS_SELECTOR		= 0x00000c06,
	HOST_FS_SELECTOR		= 0x00000c08,
	HOST_GS_SELECTOR		= 0x00000c0a,
	HOST_TR_SELECTOR		= 0x00000c0c,
	IO_BITMAP_A			= 0x00002000,
	IO_BITMAP_B			= 0x00002002,
	MSR_BITMAP			= 0x00002004,
	TSC_OFFSET			= 0x00002010,
	EPT_POINTER			= 0x0000201a,
	GUEST_PHYSICAL_ADDRESS		= 0x00002400,
	VMCS_LINK_POINTER		= 0x00002800,
	GUEST_IA32_DEBUGCTL		= 0x00002802,
	PIN_BASED_VM_EXEC_CONTROL	= 0x00004000,
	CPU_BASED_VM_EXEC_CONTROL	= 0x00004002,
	EXCEPTION_BITMAP		= 0x00004004,
	PAGE_FAULT_ERROR_CODE_MASK	= 0x00004006,
	PAGE_FAULT_ERROR_CODE_MATCH	= 0x00004008,
	CR3_TARGET_COUNT		= 0x0000400a,
	VM_EXIT_CONTROLS		= 0x0000400c,
	VM_EXIT_MSR_STORE_COUNT		= 0x0000400e,
	VM_EXIT_MSR_LOAD_COUNT		= 0x00004010,
	VM_ENTRY_CONTROLS		= 0x00004012,
	VM_ENTRY_MSR_LOAD_COUNT		= 0x00004014,
	VM_ENTRY_INTR_INFO_FIELD	= 0x00004016,
	VM_ENTRY_EXCEPTION_ERROR_CODE	= 0x00004018,
	VM_ENTRY_INSTRUCTION_LEN	= 0x0000401a,
	SECONDARY_VM_EXEC_CONTROL	= 0x0000401e,
	VM_INSTRUCTION_ERROR		= 0x00004400,
	VM_EXIT_REASON			= 0x00004402,
	VM_EXIT_INTR_INFO		= 0x00004404,
	VM_EXIT_INTR_ERROR_CODE		= 0x00004406,
	IDT_VECTORING_INFO_FIELD	= 0x00004408,
	IDT_VECTORING_ERROR_CODE	= 0x0000440a,
	VM_EXIT_INSTRUCTION_LEN		= 0x0000440c,
	VMX_INSTRUCTION_INFO		= 0x0000440e,
	GUEST_ES_LIMIT			= 0x00004800,
	GUEST_CS_LIMIT			= 0x00004802,
	GUEST_SS_LIMIT			= 0x00004804,
	GUEST_DS_LIMIT			= 0x00004806,
	GUEST_FS_LIMIT			= 0x00004808,
	GUEST_GS_LIMIT			= 0x0000480a,
	GUEST_LDTR_LIMIT		= 0x0000480c,
	GUEST_TR_LIMIT			= 0x0000480e,
	GUEST_GDTR_LIMIT		= 0x00004810,
	GUEST_IDTR_LIMIT		= 0x00004812,
	GUEST_ES_AR_BYTES		= 0x00004814,
	GUEST_CS_AR_BYTES		= 0x00004816,
	GUEST_SS_AR_BYTES		= 0x00004818,
	GUEST_DS_AR_BYTES		= 0x0000481a,
	GUEST_FS_AR_BYTES		= 0x0000481c,
	GUEST_GS_AR_BYTES		= 0x0000481e,
	GUEST_LDTR_AR_BYTES		= 0x00004820,
	GUEST_TR_AR_BYTES		= 0x00004822,
	GUEST_INTERRUPTIBILITY_INFO	= 0x00004824,
	GUEST_ACTIVITY_STATE		= 0x00004826,
	VMX_PREEMPTION_TIMER_VALUE	= 0x0000482e,
	GUEST_SYSENTER_CS		= 0x0000482a,
	HOST_IA32_SYSENTER_CS		= 0x00004c00,
	CR0_GUEST_HOST_MASK		= 0x00006000,
	CR4_GUEST_HOST_MASK		= 0x00006002,
	CR0_READ_SHADOW			= 0x00006004,
	CR4_READ_SHADOW			= 0x00006006,
	CR3_TARGET_VALUE0		= 0x00006008,
	EXIT_QUALIFICATION		= 0x00006400,
	GUEST_LINEAR_ADDRESS		= 0x0000640a,
	GUEST_CR0			= 0x00006800,
	GUEST_CR3			= 0x00006802,
	GUEST_CR4			= 0x00006804,
	GUEST_ES_BASE			= 0x00006806,
	GUEST_CS_BASE			= 0x00006808,
	GUEST_SS_BASE			= 0x0000680a,
	GUEST_DS_BASE			= 0x0000680c,
	GUEST_FS_BASE			= 0x0000680e,
	GUEST_GS_BASE			= 0x00006810,
	GUEST_LDTR_BASE			= 0x00006812,
	GUEST_TR_BASE			= 0x00006814,
	GUEST_GDTR_BASE			= 0x00006816,
	GUEST_IDTR_BASE			= 0x00006818,
	GUEST_DR7			= 0x0000681a,
	GUEST_RSP			= 0x0000681c,
	GUEST_RIP			= 0x0000681e,
	GUEST_RFLAGS			= 0x00006820,
	GUEST_PENDING_DBG_EXCEPTIONS	= 0x00006822,
	GUEST_SYSENTER_ESP		= 0x00006824,
	GUEST_SYSENTER_EIP		= 0x00006826,
	HOST_CR0			= 0x00006c00,
	HOST_CR3			= 0x00006c02,
	HOST_CR4			= 0x00006c04,
	HOST_FS_BASE			= 0x00006c06,
	HOST_GS_BASE			= 0x00006c08,
	HOST_TR_BASE			= 0x00006c0a,
	HOST_GDTR_BASE			= 0x00006c0c,
	HOST_IDTR_BASE			= 0x00006c0e,
	HOST_IA32_SYSENTER_ESP		= 0x00006c10,
	HOST_IA32_SYSENTER_EIP		= 0x00006c12,
	HOST_RSP			= 0x00006c14,
	HOST_RIP			= 0x00006c16,
};

/* ---- guest-side plumbing ---------------------------------------------- */

/* nvmx_guest.c: where an armed exception resumes, and what it recorded. */
#define NVMX_NO_FAULT	0xffffULL
extern volatile uint64_t nvmx_guest_fixup_rip;
extern volatile uint64_t nvmx_guest_fault_vector;
extern volatile uint64_t nvmx_guest_fault_error_code;

/*
 * Exceptions in a piece of guest asm, armed:
 *	nvmx_guest_fault_vector = NVMX_NO_FAULT;
 *	__asm__ volatile(GUEST_FIXUP_ARM "vmxon %[pa]\n\t"
 *			 GUEST_FIXUP_LABEL "setc %[cf]" ... : "r11", ...);
 *	nvmx_guest_fixup_rip = 0;
 * A fault between the two is recorded in nvmx_guest_fault_vector (and
 * _error_code) and execution resumes at GUEST_FIXUP_LABEL, with the
 * flags of before the instruction.  Clobbers R11.
 */
#define GUEST_FIXUP_ARM							\
	"leaq 1f(%%rip), %%r11\n\t"					\
	"movq %%r11, nvmx_guest_fixup_rip(%%rip)\n\t"
#define GUEST_FIXUP_LABEL	"1:\n\t"

static inline uint64_t guest_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return lo | ((uint64_t)hi << 32);
}

static inline void guest_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t guest_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t guest_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t guest_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void guest_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void guest_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			       uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub) : "memory");
}

/* ---- VMX instructions --------------------------------------------------- */

/* VM_INSTRUCTION_ERROR of the current VMCS, or 0xffff if VMREAD fails. */
uint32_t vmx_insn_error(void);

/* The outcome of the instruction just run through guest_asm_safe_flags(). */
int vmx_outcome(uint8_t cf, uint8_t zf);

int vmx_vmxon(uint64_t pa);
int vmx_vmxoff(void);
int vmx_vmclear(uint64_t pa);
int vmx_vmptrld(uint64_t pa);
int vmx_vmptrst(uint64_t *pa);
int vmx_vmread(uint64_t field, uint64_t *val);
int vmx_vmwrite(uint64_t field, uint64_t val);
int vmx_invept(uint64_t type, uint64_t eptp);
int vmx_invvpid(uint64_t type, uint64_t vpid, uint64_t gla);

#define INVEPT_SINGLE_CONTEXT	1
#define INVEPT_ALL_CONTEXT	2
#define INVVPID_ADDR		0
#define INVVPID_SINGLE_CONTEXT	1
#define INVVPID_ALL_CONTEXT	2
#define INVVPID_SINGLE_NON_GLOBAL 3

/* VMREAD/VMWRITE that must succeed (GUEST_ASSERT on anything else). */
uint64_t vmreadz(uint64_t field);
void vmwritez(uint64_t field, uint64_t val);

/* ---- L1: VMX operation, a VMCS for L2, running L2 ---------------------- */

/* L2's general registers, saved by the exit stub, loaded on entry. */
struct vmx_gprs {
	uint64_t rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

#define VMX_L2_STACK_SIZE	0x4000
#define VMX_EXIT_STACK_SIZE	0x100

/*
 * What L1 needs to run one L2: its VMX pages, L2's stack and registers.
 * Page-aligned members first; declare it static in the test (it lands
 * in .bss, which is guest memory, so GVA == GPA for every page).
 */
struct vmx_l1 {
	uint8_t vmxon[4096];
	uint8_t vmcs[4096];
	uint8_t msr_bitmap[4096];
	uint8_t io_bitmap_a[4096];
	uint8_t io_bitmap_b[4096];
	uint64_t ept_pml4[512];
	uint64_t ept_pdpt[512];
	uint64_t ept_pd[4][512];	/* 0 .. 4 GiB */
	uint8_t l2_stack[VMX_L2_STACK_SIZE];
	uint8_t exit_stack[VMX_EXIT_STACK_SIZE];
	/* The exit stub and vmx_enter() use these two (offsets in nvmx_vmx.c). */
	struct vmx_gprs gprs;
	uint64_t l1_rsp;
	uint32_t revision;	/* IA32_VMX_BASIC[30:0] */
	bool launched;		/* a VMLAUNCH of .vmcs reached L2 */
	uint64_t l2_fixup_rip;	/* at the last exit, L2's armed fix-up or 0 */
	uint64_t basic, misc, ept_vpid_cap;
} __attribute__((aligned(4096)));

/*
 * SDM Vol. 3C 24.7: IA32_FEATURE_CONTROL (lock it with VMX outside SMX
 * when unlocked), CR4.VMXE, then VMXON on v->vmxon with the revision
 * identifier of IA32_VMX_BASIC.  Returns VMXON's outcome, or
 * VMX_FAULT(GP_VECTOR) when the MSR is locked without VMX outside SMX.
 */
int vmx_enable(struct vmx_l1 *v);

/* The allowed settings of a control: (want | allowed-0) & allowed-1. */
uint32_t vmx_adjust_ctls(uint32_t msr, uint32_t true_msr, uint32_t want,
			 uint64_t basic);

/*
 * VMCLEAR + VMPTRLD v->vmcs (revision set), then write a 64-bit L2 that
 * starts at @entry on v->l2_stack: guest state = L1's current state (CR0,
 * CR3, CR4, segments, GDTR, IDTR), host state = L1's, HOST_RIP = the exit
 * stub, HOST_RSP = v->exit_stack.  Controls: the minimal allowed ones
 * plus @proc (primary) and @proc2 (secondary; setting any bit sets
 * "activate secondary controls").  No VMCS link, no MSR bitmaps, exception
 * bitmap 0.  GUEST_ASSERTs every VMX instruction.
 */
void vmx_prepare_vmcs(struct vmx_l1 *v, void (*entry)(void), uint32_t proc,
		      uint32_t proc2);

/*
 * Identity EPT for L2 (L2 GPA == L1 GPA, 0..4 GiB, 2 MiB RWX WB pages) in
 * v->ept_*; returns the EPTP (4-level walk, WB).  GUEST_ASSERTs the EPT
 * capabilities it needs.
 */
uint64_t vmx_build_identity_ept(struct vmx_l1 *v);

/*
 * Run L2 until its next VM exit: VMLAUNCH the first time, VMRESUME once
 * launched, with v->gprs as L2's registers (RSP and RIP come from the
 * VMCS).  On a VM exit the exit stub saves L2's registers in v->gprs and
 * returns here: VMX_OK.  VMfail: VMFAIL_INVALID / VMFAIL_VALID(n).
 * Reads nothing from the VMCS itself: the caller VMREADs what it needs.
 */
int vmx_run_l2(struct vmx_l1 *v);

/* VMLAUNCH / VMRESUME as vmx_run_l2() does them, whatever v->launched. */
int vmx_vmlaunch(struct vmx_l1 *v);
int vmx_vmresume(struct vmx_l1 *v);

/*
 * L2 code that returns lands here: VMCALL with RAX = VMX_L2_RETURNED, in
 * a loop (the stack of vmx_prepare_vmcs() holds this as return address).
 */
#define VMX_L2_RETURNED		0x4e564d58524554ULL

/* VMREAD(VM_EXIT_REASON) & 0xffff; VMREAD and VMWRITE GUEST_RIP += len. */
uint32_t vmx_exit_reason(void);
void vmx_skip_insn(void);

/* vmx_run_l2() that must reach L2; returns the basic exit reason. */
uint32_t vmx_run_l2_reason(struct vmx_l1 *v);

/*
 * L1, after an exit on an instruction L2 ran with the fix-up armed
 * (guest_try()): abandon it, resume L2 at its fix-up label (L2 then sees no exception: nvmx_guest_fault_vector stays
 * NVMX_NO_FAULT).
 */
void vmx_l2_resume_at_fixup(struct vmx_l1 *v);

/*
 * Run @insn in L2 (or anywhere) with the fix-up armed; returns the
 * vector it raised in this context, or NVMX_NO_FAULT.
 */
#define guest_try(insn, ...) ({						\
	nvmx_guest_fault_vector = NVMX_NO_FAULT;			\
	__asm__ volatile(GUEST_FIXUP_ARM insn "\n\t"			\
			 GUEST_FIXUP_LABEL				\
			 : : __VA_ARGS__ : "r11", "memory");		\
	nvmx_guest_fixup_rip = 0;					\
	nvmx_guest_fault_vector;					\
})

/* L2: VMCALL with RAX = @nr (L1 sees EXIT_REASON_VMCALL). */
static inline void l2_vmcall(uint64_t nr)
{
	__asm__ volatile("vmcall" : "+a"(nr) : : "rbx", "rcx", "rdx", "memory");
}

/* ---- host side ----------------------------------------------------------- */

/*
 * Make KVM_GET_SUPPORTED_CPUID, with CPUID.1:ECX.VMX (bit 5) set, the
 * CPUID table of every vCPU test_vcpu_add() creates from now on (vm->cpuid).
 * Returns false, leaving the VM alone, when the device does not report VMX
 * (no nested VMX): the test then SKIPs (TEST_REQUIRE_NESTED_VMX).
 */
bool test_vm_enable_vmx(struct test_vm *vm);

/* In a TEST, before adding vCPUs: free @vm and SKIP unless VMX is there. */
#define TEST_REQUIRE_NESTED_VMX(vm) do {				\
	if (!test_vm_enable_vmx(vm)) {					\
		test_vm_free(vm);					\
		SKIP(return, "%s reports no CPUID.1:ECX.VMX (no nested VMX)", \
		     nvmx_dev_path());					\
	}								\
} while (0)

#endif /* SELFTEST_NVMX_VMX_H */
