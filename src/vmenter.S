/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM entry and VM exit: nvmx's only assembly.
 *
 * int nvmx_vmenter(unsigned long *regs, bool launched)
 *
 *   @regs:     the guest GPRs, x86 encoding order (enum nvmx_reg, 16 slots,
 *              the RSP slot unused: RSP lives in the VMCS guest area)
 *   @launched: VMRESUME if true, else VMLAUNCH (SDM Vol. 3C 25.11.3)
 *
 *   Returns 0 after a VM exit (guest GPRs stored back into @regs; the VM
 *   exit may be a failed VM entry, bit 31 of the exit reason), 1 after
 *   VMfail (the VMCS's VM-instruction error field says why, SDM Vol. 3C
 *   31.4) or if VMLAUNCH/VMRESUME faulted.
 *
 *   Called with IRQs off and the vCPU's VMCS current.  Host callee-saved
 *   registers survive; everything else is clobbered.  HOST_RIP must point
 *   to nvmx_vmexit; HOST_RSP is written here, through nvmx_set_host_rsp()
 *   (vmcs.c), which keeps the VMCS encodings out of assembly.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#define WORD 8
/* Offsets into @regs, enum nvmx_reg (src/vcpu.h). */
#define R_AX	(0 * WORD)
#define R_CX	(1 * WORD)
#define R_DX	(2 * WORD)
#define R_BX	(3 * WORD)
#define R_BP	(5 * WORD)
#define R_SI	(6 * WORD)
#define R_DI	(7 * WORD)
#define R_8	(8 * WORD)
#define R_9	(9 * WORD)
#define R_10	(10 * WORD)
#define R_11	(11 * WORD)
#define R_12	(12 * WORD)
#define R_13	(13 * WORD)
#define R_14	(14 * WORD)
#define R_15	(15 * WORD)

.text

SYM_FUNC_START(nvmx_vmenter)
	/* Frame pointer, then the callee-saved registers the guest will clobber. */
	push %rbp
	mov %rsp, %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx

	/* @regs, found at 0(%rsp) again after the VM exit. */
	push %rdi

	/* @launched survives the call below in callee-saved RBX. */
	mov %esi, %ebx

	/*
	 * HOST_RSP = this stack pointer (16-byte aligned: 7 pushes after the
	 * return address): a VM exit loads RSP from it (SDM Vol. 3C 28.5.3),
	 * leaving @regs on top.  The call returns with RSP unchanged.
	 */
	mov %rsp, %rdi
	call nvmx_set_host_rsp

	/* ZF=0 for VMRESUME; the MOVs below leave RFLAGS alone. */
	test %bl, %bl

	/* Guest GPRs; RAX (the base pointer) last.  RSP comes from the VMCS. */
	mov (%rsp), %rax
	mov R_CX(%rax), %rcx
	mov R_DX(%rax), %rdx
	mov R_BX(%rax), %rbx
	mov R_BP(%rax), %rbp
	mov R_SI(%rax), %rsi
	mov R_DI(%rax), %rdi
	mov R_8(%rax), %r8
	mov R_9(%rax), %r9
	mov R_10(%rax), %r10
	mov R_11(%rax), %r11
	mov R_12(%rax), %r12
	mov R_13(%rax), %r13
	mov R_14(%rax), %r14
	mov R_15(%rax), %r15
	mov R_AX(%rax), %rax

	/* ZF still from the TEST above: not launched yet -> VMLAUNCH. */
	jz .Lvmlaunch

	/*
	 * A successful VMRESUME/VMLAUNCH continues at nvmx_vmexit (HOST_RIP)
	 * after the VM exit, with the stack as it is here: tell objtool to
	 * carry this unwind state over to that label.
	 */
	UNWIND_HINT_SAVE
.Lvmresume:
	vmresume
	/* Falls through only on VMfail (SDM Vol. 3C 31.3 "VMRESUME"). */
	jmp .Lvmfail

.Lvmlaunch:
	vmlaunch
	jmp .Lvmfail

	/* #UD/#GP (e.g. VMX already off during reboot): report as VMfail. */
	_ASM_EXTABLE(.Lvmresume, .Lvmfail)
	_ASM_EXTABLE(.Lvmlaunch, .Lvmfail)

SYM_INNER_LABEL(nvmx_vmexit, SYM_L_GLOBAL)
	/* Entered by the VM exit, not by a branch: restore the unwind state. */
	UNWIND_HINT_RESTORE
	ENDBR

	/* Guest RAX aside, @regs from the top of the stack (HOST_RSP). */
	push %rax
	mov WORD(%rsp), %rax

	mov %rcx, R_CX(%rax)
	mov %rdx, R_DX(%rax)
	mov %rbx, R_BX(%rax)
	mov %rbp, R_BP(%rax)
	mov %rsi, R_SI(%rax)
	mov %rdi, R_DI(%rax)
	mov %r8, R_8(%rax)
	mov %r9, R_9(%rax)
	mov %r10, R_10(%rax)
	mov %r11, R_11(%rax)
	mov %r12, R_12(%rax)
	mov %r13, R_13(%rax)
	mov %r14, R_14(%rax)
	mov %r15, R_15(%rax)
	pop R_AX(%rax)

	/* Return value 0: a VM exit. */
	xor %ebx, %ebx

.Lclear_regs:
	/*
	 * Leave no guest value in a register the host does not reload, so it
	 * cannot feed speculation later (RBX holds the return value; the
	 * callee-saved ones are popped below).
	 */
	xor %eax, %eax
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d

	/*
	 * The guest may have filled the return stack buffer with its own
	 * targets; overwrite it before the first unbalanced RET, as the
	 * kernel's X86_FEATURE_RSB_VMEXIT(_LITE) policy asks of every
	 * hypervisor (Documentation/admin-guide/hw-vuln/spectre.rst).
	 * IA32_SPEC_CTRL needs no restore: every MSR access of the guest
	 * exits (MSR bitmap), so the guest runs with the host's value.
	 */
	FILL_RETURN_BUFFER %rcx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, \
			   X86_FEATURE_RSB_VMEXIT_LITE

	/* Drop @regs, restore the callee-saved registers, return RBX. */
	pop %rax
	mov %rbx, %rax
	pop %rbx
	pop %r12
	pop %r13
	pop %r14
	pop %r15
	pop %rbp
	RET

.Lvmfail:
	/* VMfail (or fault): guest registers are loaded, wipe them too. */
	mov $1, %ebx
	xor %ebp, %ebp
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d
	jmp .Lclear_regs
SYM_FUNC_END(nvmx_vmenter)
