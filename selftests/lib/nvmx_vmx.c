// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx selftests: L1-side VMX helpers (see include/nvmx_vmx.h).  All but
 * test_vcpu_enable_vmx() run inside the guest (L1, and the L2 return
 * trap): no libc there.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "nvmx_vmx.h"

/* ---- VMX instructions ---------------------------------------------------- */

static inline void fault_arm(void)
{
	nvmx_guest_fault_vector = NVMX_NO_FAULT;
}

uint32_t vmx_insn_error(void)
{
	uint64_t field = VM_INSTRUCTION_ERROR, val = 0;
	uint8_t cf, zf;

	__asm__ volatile("vmread %[field], %[val]\n\t"
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [val] "=rm"(val), [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : [field] "r"(field) : "cc", "memory");
	return (cf || zf) ? 0xffff : (uint32_t)val;
}

/* SDM Vol. 3C 31.2: CF = 1 VMfailInvalid, ZF = 1 VMfailValid. */
int vmx_outcome(uint8_t cf, uint8_t zf)
{
	nvmx_guest_fixup_rip = 0;
	if (nvmx_guest_fault_vector != NVMX_NO_FAULT)
		return VMX_FAULT((int)nvmx_guest_fault_vector);
	if (cf)
		return VMFAIL_INVALID;
	if (zf)
		return VMFAIL_VALID((int)vmx_insn_error());
	return VMX_OK;
}

/* One memory operand (a 64-bit physical address in memory). */
#define VMX_INSN_M64(insn, pa) ({					\
	uint8_t __cf, __zf;						\
	fault_arm();							\
	__asm__ volatile(GUEST_FIXUP_ARM insn " %[m]\n\t"		\
			 GUEST_FIXUP_LABEL				\
			 "setc %[cf]\n\t"				\
			 "setz %[zf]"					\
			 : [cf] "=qm"(__cf), [zf] "=qm"(__zf)		\
			 : [m] "m"(pa) : "r11", "cc", "memory");	\
	vmx_outcome(__cf, __zf);					\
})

int vmx_vmxon(uint64_t pa)
{
	return VMX_INSN_M64("vmxon", pa);
}

int vmx_vmclear(uint64_t pa)
{
	return VMX_INSN_M64("vmclear", pa);
}

int vmx_vmptrld(uint64_t pa)
{
	return VMX_INSN_M64("vmptrld", pa);
}

int vmx_vmxoff(void)
{
	uint8_t cf, zf;

	fault_arm();
	__asm__ volatile(GUEST_FIXUP_ARM "vmxoff\n\t"
			 GUEST_FIXUP_LABEL
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : : "r11", "cc", "memory");
	return vmx_outcome(cf, zf);
}

int vmx_vmptrst(uint64_t *pa)
{
	uint8_t cf, zf;

	fault_arm();
	__asm__ volatile(GUEST_FIXUP_ARM "vmptrst %[m]\n\t"
			 GUEST_FIXUP_LABEL
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf), [m] "=m"(*pa)
			 : : "r11", "cc", "memory");
	return vmx_outcome(cf, zf);
}

int vmx_vmread(uint64_t field, uint64_t *val)
{
	uint64_t v = 0;
	uint8_t cf, zf;

	fault_arm();
	__asm__ volatile(GUEST_FIXUP_ARM "vmread %[field], %[val]\n\t"
			 GUEST_FIXUP_LABEL
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf), [val] "+r"(v)
			 : [field] "r"(field) : "r11", "cc", "memory");
	*val = v;
	return vmx_outcome(cf, zf);
}

int vmx_vmwrite(uint64_t field, uint64_t val)
{
	uint8_t cf, zf;

	fault_arm();
	__asm__ volatile(GUEST_FIXUP_ARM "vmwrite %[val], %[field]\n\t"
			 GUEST_FIXUP_LABEL
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : [field] "r"(field), [val] "r"(val)
			 : "r11", "cc", "memory");
	return vmx_outcome(cf, zf);
}

/* SDM Vol. 3C 31.3 INVEPT/INVVPID: a register type, a 128-bit descriptor. */
#define VMX_INSN_INV(insn, type, desc) ({				\
	uint8_t __cf, __zf;						\
	fault_arm();							\
	__asm__ volatile(GUEST_FIXUP_ARM insn " %[d], %[t]\n\t"		\
			 GUEST_FIXUP_LABEL				\
			 "setc %[cf]\n\t"				\
			 "setz %[zf]"					\
			 : [cf] "=qm"(__cf), [zf] "=qm"(__zf)		\
			 : [d] "m"(desc), [t] "r"(type)			\
			 : "r11", "cc", "memory");			\
	vmx_outcome(__cf, __zf);					\
})

int vmx_invept(uint64_t type, uint64_t eptp)
{
	struct { uint64_t eptp, zero; } desc = { eptp, 0 };

	return VMX_INSN_INV("invept", type, desc);
}

int vmx_invvpid(uint64_t type, uint64_t vpid, uint64_t gla)
{
	struct { uint64_t vpid, gla; } desc = { vpid, gla };

	return VMX_INSN_INV("invvpid", type, desc);
}

uint64_t vmreadz(uint64_t field)
{
	uint64_t val;

	GUEST_ASSERT_EQ(vmx_vmread(field, &val), VMX_OK);
	return val;
}

void vmwritez(uint64_t field, uint64_t val)
{
	GUEST_ASSERT_EQ(vmx_vmwrite(field, val), VMX_OK);
}

/* ---- VM entry and the exit stub ------------------------------------------ */

/*
 * int nvmx_vmx_enter(struct vmx_gprs *g, uint64_t resume)
 *
 * Saves L1's callee-saved registers and &g on L1's stack, records that
 * stack pointer in g's struct vmx_l1 (l1_rsp follows gprs), loads L2's
 * registers from *g (all but RSP) and executes VMLAUNCH (resume == 0) or
 * VMRESUME.  It returns:
 *   0 through nvmx_vmx_exit_stub (HOST_RIP) after a VM exit;
 *   1 VMfailInvalid, 2 VMfailValid (the flags of the failed instruction);
 *   3 when the instruction faulted (the caller armed the fix-up at
 *     nvmx_vmx_enter_failed; nvmx_guest_fault_vector says which).
 *
 * nvmx_vmx_exit_stub: the CPU loads RSP = HOST_RSP, the top of the
 * vmx_l1's exit stack, where vmx_prepare_vmcs() left &v->gprs.  It saves
 * L2's registers there, switches back to L1's stack and returns 0 from
 * nvmx_vmx_enter().  RFLAGS is 0x2 after a VM exit (SDM Vol. 3C 28.5.3):
 * IF and DF clear, as the C code expects.
 */
#define VMX_GPRS_L1_RSP	128
_Static_assert(offsetof(struct vmx_l1, l1_rsp) ==
	       offsetof(struct vmx_l1, gprs) + VMX_GPRS_L1_RSP,
	       "l1_rsp must follow gprs");
_Static_assert(offsetof(struct vmx_gprs, rdi) == 56, "gprs layout");
_Static_assert(offsetof(struct vmx_gprs, r15) == 120, "gprs layout");

int nvmx_vmx_enter(struct vmx_gprs *g, uint64_t resume);
extern const char nvmx_vmx_enter_failed[], nvmx_vmx_exit_stub[];
extern const char nvmx_vmx_l2_ret_trap[];

__asm__(
	".pushsection .text\n"
	".globl nvmx_vmx_enter\n"
	"nvmx_vmx_enter:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	pushq %rdi\n"			/* &gprs, for the way back */
	"	movq %rsp, 128(%rdi)\n"		/* l1_rsp */
	"	testq %rsi, %rsi\n"		/* ZF: launch; no flag changes below */
	"	movq 0(%rdi), %rax\n"
	"	movq 8(%rdi), %rcx\n"
	"	movq 16(%rdi), %rdx\n"
	"	movq 24(%rdi), %rbx\n"
	"	movq 40(%rdi), %rbp\n"
	"	movq 48(%rdi), %rsi\n"
	"	movq 64(%rdi), %r8\n"
	"	movq 72(%rdi), %r9\n"
	"	movq 80(%rdi), %r10\n"
	"	movq 88(%rdi), %r11\n"
	"	movq 96(%rdi), %r12\n"
	"	movq 104(%rdi), %r13\n"
	"	movq 112(%rdi), %r14\n"
	"	movq 120(%rdi), %r15\n"
	"	movq 56(%rdi), %rdi\n"
	"	jnz 1f\n"
	"	vmlaunch\n"
	"	jmp nvmx_vmx_enter_failed\n"
	"1:	vmresume\n"
	".globl nvmx_vmx_enter_failed\n"
	"nvmx_vmx_enter_failed:\n"		/* flags of VMLAUNCH/VMRESUME */
	"	movl $1, %eax\n"
	"	jc 2f\n"
	"	movl $2, %eax\n"
	"	jz 2f\n"
	"	movl $3, %eax\n"
	"2:\n"
	"nvmx_vmx_enter_ret:\n"
	"	popq %rdi\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".globl nvmx_vmx_exit_stub\n"
	"nvmx_vmx_exit_stub:\n"
	"	pushq %rdi\n"			/* L2's RDI */
	"	movq 8(%rsp), %rdi\n"		/* &gprs, left by vmx_prepare_vmcs() */
	"	movq %rax, 0(%rdi)\n"
	"	movq %rcx, 8(%rdi)\n"
	"	movq %rdx, 16(%rdi)\n"
	"	movq %rbx, 24(%rdi)\n"
	"	movq %rbp, 40(%rdi)\n"
	"	movq %rsi, 48(%rdi)\n"
	"	movq %r8, 64(%rdi)\n"
	"	movq %r9, 72(%rdi)\n"
	"	movq %r10, 80(%rdi)\n"
	"	movq %r11, 88(%rdi)\n"
	"	movq %r12, 96(%rdi)\n"
	"	movq %r13, 104(%rdi)\n"
	"	movq %r14, 112(%rdi)\n"
	"	movq %r15, 120(%rdi)\n"
	"	popq 56(%rdi)\n"
	"	movq 128(%rdi), %rsp\n"		/* back on L1's stack */
	"	xorl %eax, %eax\n"
	"	jmp nvmx_vmx_enter_ret\n"
	/* An L2 function returned: tell L1, forever. */
	".globl nvmx_vmx_l2_ret_trap\n"
	"nvmx_vmx_l2_ret_trap:\n"
	"	movabsq $0x4e564d58524554, %rax\n"	/* VMX_L2_RETURNED */
	"	vmcall\n"
	"	jmp nvmx_vmx_l2_ret_trap\n"
	".popsection\n");

/*
 * @armed: catch a fault of VMLAUNCH/VMRESUME itself (the outcome rows of
 * the tests).  Never while L2 may run for real: L2 shares the guest
 * runtime, and an armed fix-up would swallow L2's own exceptions.
 */
static int vmx_enter(struct vmx_l1 *v, uint64_t resume, bool armed)
{
	int r;

	fault_arm();
	if (armed)
		nvmx_guest_fixup_rip = (uint64_t)(uintptr_t)nvmx_vmx_enter_failed;
	r = nvmx_vmx_enter(&v->gprs, resume);
	/* After a VM exit: what L2 armed, if it was inside guest_try(). */
	v->l2_fixup_rip = r == 0 ? nvmx_guest_fixup_rip : 0;
	nvmx_guest_fixup_rip = 0;
	if (r == 0)
		return VMX_OK;
	if (r == 3)
		return VMX_FAULT((int)nvmx_guest_fault_vector);
	return vmx_outcome(r == 1, r == 2);
}

int vmx_vmlaunch(struct vmx_l1 *v)
{
	return vmx_enter(v, 0, true);
}

int vmx_vmresume(struct vmx_l1 *v)
{
	return vmx_enter(v, 1, true);
}

int vmx_run_l2(struct vmx_l1 *v)
{
	int r = vmx_enter(v, v->launched, false);

	if (r == VMX_OK)
		v->launched = true;
	return r;
}

uint32_t vmx_exit_reason(void)
{
	return vmreadz(VM_EXIT_REASON) & 0xffff;
}

uint32_t vmx_run_l2_reason(struct vmx_l1 *v)
{
	GUEST_ASSERT_EQ(vmx_run_l2(v), VMX_OK);
	return vmx_exit_reason();
}

void vmx_l2_resume_at_fixup(struct vmx_l1 *v)
{
	GUEST_ASSERT(v->l2_fixup_rip);
	vmwritez(GUEST_RIP, v->l2_fixup_rip);
	v->l2_fixup_rip = 0;
}

void vmx_skip_insn(void)
{
	vmwritez(GUEST_RIP, vmreadz(GUEST_RIP) +
		 vmreadz(VM_EXIT_INSTRUCTION_LEN));
}

/* ---- VMX operation and the VMCS -------------------------------------------- */

int vmx_enable(struct vmx_l1 *v)
{
	uint64_t fc = guest_rdmsr(MSR_IA32_FEATURE_CONTROL);

	/* SDM Vol. 3C 24.7: VMXON #GPs unless locked with VMX outside SMX. */
	if (!(fc & FEAT_CTL_LOCKED))
		guest_wrmsr(MSR_IA32_FEATURE_CONTROL,
			    fc | FEAT_CTL_LOCKED | FEAT_CTL_VMX_OUTSIDE_SMX);
	else if (!(fc & FEAT_CTL_VMX_OUTSIDE_SMX))
		return VMX_FAULT(GP_VECTOR);
	v->basic = guest_rdmsr(MSR_IA32_VMX_BASIC);
	v->misc = guest_rdmsr(MSR_IA32_VMX_MISC);
	v->revision = (uint32_t)v->basic & 0x7fffffff;
	guest_write_cr4(guest_read_cr4() | X86_CR4_VMXE);
	/* SDM Vol. 3C 25.11.5: the VMXON region starts with the revision. */
	*(uint32_t *)v->vmxon = v->revision;
	*(uint32_t *)v->vmcs = v->revision;
	return vmx_vmxon((uint64_t)(uintptr_t)v->vmxon);
}

/* SDM Vol. 3D A.3-A.5: bits 31:0 allowed 0-settings, 63:32 allowed 1. */
uint32_t vmx_adjust_ctls(uint32_t msr, uint32_t true_msr, uint32_t want,
			 uint64_t basic)
{
	uint64_t caps = guest_rdmsr((basic & VMX_BASIC_TRUE_CTLS) && true_msr ?
				    true_msr : msr);

	return (want | (uint32_t)caps) & (uint32_t)(caps >> 32);
}

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define READ_SEG(seg) ({						\
	uint16_t __s;							\
	__asm__ volatile("mov %%" #seg ", %0" : "=r"(__s));		\
	__s;								\
})

/* L1's selectors, in the order of write_guest_segments(): CS SS DS ES FS GS TR. */
enum { SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS, SEG_TR, NR_SEGS };

static void read_selectors(uint16_t sel[NR_SEGS])
{
	sel[SEG_CS] = READ_SEG(cs);
	sel[SEG_SS] = READ_SEG(ss);
	sel[SEG_DS] = READ_SEG(ds);
	sel[SEG_ES] = READ_SEG(es);
	sel[SEG_FS] = READ_SEG(fs);
	sel[SEG_GS] = READ_SEG(gs);
	__asm__ volatile("str %0" : "=r"(sel[SEG_TR]));
}

/* SDM Vol. 3C 25.4.1: access rights = descriptor bits 47:40, 55:52. */
static uint32_t seg_ar(uint16_t sel)
{
	uint64_t ar;

	if (!sel)
		return 1U << 16;	/* unusable */
	__asm__ volatile("lar %1, %0" : "=r"(ar) : "rm"((uint64_t)sel));
	return (ar >> 8) & 0xf0ff;
}

/* The 16-byte TSS descriptor's base (SDM Vol. 3A 8.2.3). */
static uint64_t tss_base(uint64_t gdt, uint16_t sel)
{
	const uint64_t *d = (const uint64_t *)(uintptr_t)(gdt + (sel & ~7));

	return ((d[0] >> 16) & 0xffffff) | (((d[0] >> 56) & 0xff) << 24) |
	       ((d[1] & 0xffffffff) << 32);
}

/* SDM Vol. 3C 27.3.1.2: guest segment registers = L1's (flat 64-bit). */
static void write_guest_segments(uint64_t gdt)
{
	static const uint32_t sel_f[] = {
		GUEST_CS_SELECTOR, GUEST_SS_SELECTOR, GUEST_DS_SELECTOR,
		GUEST_ES_SELECTOR, GUEST_FS_SELECTOR, GUEST_GS_SELECTOR,
		GUEST_TR_SELECTOR,
	};
	static const uint32_t base_f[] = {
		GUEST_CS_BASE, GUEST_SS_BASE, GUEST_DS_BASE, GUEST_ES_BASE,
		GUEST_FS_BASE, GUEST_GS_BASE, GUEST_TR_BASE,
	};
	static const uint32_t limit_f[] = {
		GUEST_CS_LIMIT, GUEST_SS_LIMIT, GUEST_DS_LIMIT, GUEST_ES_LIMIT,
		GUEST_FS_LIMIT, GUEST_GS_LIMIT, GUEST_TR_LIMIT,
	};
	static const uint32_t ar_f[] = {
		GUEST_CS_AR_BYTES, GUEST_SS_AR_BYTES, GUEST_DS_AR_BYTES,
		GUEST_ES_AR_BYTES, GUEST_FS_AR_BYTES, GUEST_GS_AR_BYTES,
		GUEST_TR_AR_BYTES,
	};
	uint16_t sels[NR_SEGS];
	int i;

	read_selectors(sels);
	for (i = 0; i < NR_SEGS; i++) {
		uint16_t sel = sels[i];
		uint64_t base = 0;

		if (i == SEG_FS)
			base = guest_rdmsr(MSR_FS_BASE);
		else if (i == SEG_GS)
			base = guest_rdmsr(MSR_GS_BASE);
		else if (i == SEG_TR)
			base = tss_base(gdt, sel);
		vmwritez(sel_f[i], sel);
		vmwritez(base_f[i], base);
		vmwritez(limit_f[i], i == SEG_TR ? 0x67 : 0xffffffff);
		vmwritez(ar_f[i], seg_ar(sel));
	}
	vmwritez(GUEST_LDTR_SELECTOR, 0);
	vmwritez(GUEST_LDTR_BASE, 0);
	vmwritez(GUEST_LDTR_LIMIT, 0);
	vmwritez(GUEST_LDTR_AR_BYTES, 1U << 16);
}

/* SDM Vol. 3C 25.4: L2 starts where L1 is, on its own stack. */
static void write_guest_state(struct vmx_l1 *v, void (*entry)(void))
{
	struct desc_ptr gdt, idt;
	uint64_t *sp;

	__asm__ volatile("sgdt %0" : "=m"(gdt));
	__asm__ volatile("sidt %0" : "=m"(idt));
	vmwritez(GUEST_CR0, guest_read_cr0());
	vmwritez(GUEST_CR3, guest_read_cr3());
	vmwritez(GUEST_CR4, guest_read_cr4());
	vmwritez(CR0_READ_SHADOW, guest_read_cr0());
	vmwritez(CR4_READ_SHADOW, guest_read_cr4());
	write_guest_segments(gdt.base);
	vmwritez(GUEST_GDTR_BASE, gdt.base);
	vmwritez(GUEST_GDTR_LIMIT, gdt.limit);
	vmwritez(GUEST_IDTR_BASE, idt.base);
	vmwritez(GUEST_IDTR_LIMIT, idt.limit);
	vmwritez(GUEST_DR7, 0x400);
	vmwritez(GUEST_IA32_DEBUGCTL, 0);
	vmwritez(GUEST_SYSENTER_CS, 0);
	vmwritez(GUEST_SYSENTER_ESP, 0);
	vmwritez(GUEST_SYSENTER_EIP, 0);
	vmwritez(GUEST_RFLAGS, 0x2);
	vmwritez(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmwritez(GUEST_ACTIVITY_STATE, 0);
	vmwritez(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmwritez(VMCS_LINK_POINTER, ~0ULL);
	/* As if called: RSP + 8 16-byte aligned, the return trap above it. */
	sp = (uint64_t *)(v->l2_stack + VMX_L2_STACK_SIZE - 8);
	*sp = (uint64_t)(uintptr_t)nvmx_vmx_l2_ret_trap;
	vmwritez(GUEST_RSP, (uint64_t)(uintptr_t)sp);
	vmwritez(GUEST_RIP, (uint64_t)(uintptr_t)entry);
}

/* SDM Vol. 3C 25.5: the VM exit returns to L1 as it is now. */
static void write_host_state(struct vmx_l1 *v)
{
	struct desc_ptr gdt, idt;
	uint16_t sel[NR_SEGS];
	uint64_t *top;

	__asm__ volatile("sgdt %0" : "=m"(gdt));
	__asm__ volatile("sidt %0" : "=m"(idt));
	read_selectors(sel);
	vmwritez(HOST_CR0, guest_read_cr0());
	vmwritez(HOST_CR3, guest_read_cr3());
	vmwritez(HOST_CR4, guest_read_cr4());
	vmwritez(HOST_CS_SELECTOR, sel[SEG_CS]);
	vmwritez(HOST_SS_SELECTOR, sel[SEG_SS]);
	vmwritez(HOST_DS_SELECTOR, sel[SEG_DS]);
	vmwritez(HOST_ES_SELECTOR, sel[SEG_ES]);
	vmwritez(HOST_FS_SELECTOR, sel[SEG_FS]);
	vmwritez(HOST_GS_SELECTOR, sel[SEG_GS]);
	vmwritez(HOST_TR_SELECTOR, sel[SEG_TR]);
	vmwritez(HOST_FS_BASE, guest_rdmsr(MSR_FS_BASE));
	vmwritez(HOST_GS_BASE, guest_rdmsr(MSR_GS_BASE));
	vmwritez(HOST_TR_BASE, tss_base(gdt.base, sel[SEG_TR]));
	vmwritez(HOST_GDTR_BASE, gdt.base);
	vmwritez(HOST_IDTR_BASE, idt.base);
	vmwritez(HOST_IA32_SYSENTER_CS, 0);
	vmwritez(HOST_IA32_SYSENTER_ESP, 0);
	vmwritez(HOST_IA32_SYSENTER_EIP, 0);
	/* The exit stub finds &v->gprs on top of the exit stack. */
	top = (uint64_t *)(v->exit_stack + VMX_EXIT_STACK_SIZE - 8);
	*top = (uint64_t)(uintptr_t)&v->gprs;
	vmwritez(HOST_RSP, (uint64_t)(uintptr_t)top);
	vmwritez(HOST_RIP, (uint64_t)(uintptr_t)nvmx_vmx_exit_stub);
}

static void write_controls(struct vmx_l1 *v, uint32_t proc, uint32_t proc2)
{
	uint64_t b = v->basic;

	if (proc2)
		proc |= CPU_SECONDARY_CONTROLS;
	vmwritez(PIN_BASED_VM_EXEC_CONTROL,
		 vmx_adjust_ctls(MSR_IA32_VMX_PINBASED_CTLS,
				 MSR_IA32_VMX_TRUE_PINBASED_CTLS, 0, b));
	vmwritez(CPU_BASED_VM_EXEC_CONTROL,
		 vmx_adjust_ctls(MSR_IA32_VMX_PROCBASED_CTLS,
				 MSR_IA32_VMX_TRUE_PROCBASED_CTLS, proc, b));
	if (proc & CPU_SECONDARY_CONTROLS)
		vmwritez(SECONDARY_VM_EXEC_CONTROL,
			 vmx_adjust_ctls(MSR_IA32_VMX_PROCBASED_CTLS2, 0,
					 proc2, b));
	vmwritez(VM_EXIT_CONTROLS,
		 vmx_adjust_ctls(MSR_IA32_VMX_EXIT_CTLS,
				 MSR_IA32_VMX_TRUE_EXIT_CTLS,
				 EXIT_HOST_ADDR_SPACE_SIZE, b));
	vmwritez(VM_ENTRY_CONTROLS,
		 vmx_adjust_ctls(MSR_IA32_VMX_ENTRY_CTLS,
				 MSR_IA32_VMX_TRUE_ENTRY_CTLS,
				 ENTRY_IA32E_MODE, b));
	vmwritez(EXCEPTION_BITMAP, 0);
	vmwritez(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmwritez(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmwritez(CR3_TARGET_COUNT, 0);
	vmwritez(VM_EXIT_MSR_STORE_COUNT, 0);
	vmwritez(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmwritez(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmwritez(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmwritez(CR0_GUEST_HOST_MASK, 0);
	vmwritez(CR4_GUEST_HOST_MASK, 0);
	vmwritez(IO_BITMAP_A, (uint64_t)(uintptr_t)v->io_bitmap_a);
	vmwritez(IO_BITMAP_B, (uint64_t)(uintptr_t)v->io_bitmap_b);
	vmwritez(MSR_BITMAP, (uint64_t)(uintptr_t)v->msr_bitmap);
}

void vmx_prepare_vmcs(struct vmx_l1 *v, void (*entry)(void), uint32_t proc,
		      uint32_t proc2)
{
	uint64_t pa = (uint64_t)(uintptr_t)v->vmcs;

	*(uint32_t *)v->vmcs = v->revision;
	GUEST_ASSERT_EQ(vmx_vmclear(pa), VMX_OK);
	GUEST_ASSERT_EQ(vmx_vmptrld(pa), VMX_OK);
	v->launched = false;
	write_controls(v, proc, proc2);
	write_host_state(v);
	write_guest_state(v, entry);
}

/* SDM Vol. 3C 29.3.2: 2 MiB leaf entries, memory type WB (6), RWX. */
uint64_t vmx_build_identity_ept(struct vmx_l1 *v)
{
	uint64_t cap = guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	int i, j;

	v->ept_vpid_cap = cap;
	GUEST_ASSERT(cap & EPT_CAP_WALK_4);
	GUEST_ASSERT(cap & EPT_CAP_WB);
	GUEST_ASSERT(cap & EPT_CAP_2MB_PAGE);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 512; j++)
			v->ept_pd[i][j] = ((uint64_t)i << 30) |
					  ((uint64_t)j << 21) |
					  (1ULL << 7) | (6ULL << 3) | 7;
		v->ept_pdpt[i] = (uint64_t)(uintptr_t)v->ept_pd[i] | 7;
	}
	v->ept_pml4[0] = (uint64_t)(uintptr_t)v->ept_pdpt | 7;
	/* SDM Vol. 3C 25.6.11: WB (6), walk length 4 - 1 in bits 5:3. */
	return (uint64_t)(uintptr_t)v->ept_pml4 | (3 << 3) | 6;
}

/* ---- host side ------------------------------------------------------------ */

bool test_vm_enable_vmx(struct test_vm *vm)
{
	struct kvm_cpuid2 *c = test_get_supported_cpuid(vm);
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 1 && e->index == 0 && (e->ecx & (1U << 5))) {
			free(vm->cpuid);
			vm->cpuid = c;
			return true;
		}
	}
	free(c);
	return false;
}
