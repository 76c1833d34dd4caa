// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx selftests: the guest runtime (long mode).  Everything here runs
 * inside the guest, from the copy of the test binary that
 * test_vm_create(NVMX_MODE_LONG) loads; nothing here may call libc.
 */
#include <stdint.h>

#include "nvmx_vm.h"
#include "nvmx_vmx.h"

nvmx_guest_handler_t nvmx_guest_handlers[NVMX_NR_VECTORS];

/*
 * Expected exceptions (nvmx_vmx.h, GUEST_FIXUP_ARM): while
 * nvmx_guest_fixup_rip is set, an exception is recorded here and the
 * faulting code resumes at nvmx_guest_fixup_rip (one shot).
 */
volatile uint64_t nvmx_guest_fixup_rip;
volatile uint64_t nvmx_guest_fault_vector;
volatile uint64_t nvmx_guest_fault_error_code;

/*
 * One out to NVMX_UCALL_PORT with RDI = &uc: the host reads the struct
 * from the guest stack through the identity map.
 */
void nvmx_ucall(uint64_t cmd, uint64_t a0, uint64_t a1,
		const char *file, uint64_t line, const char *expr)
{
	struct nvmx_ucall uc;

	uc.cmd = cmd;
	uc.args[0] = a0;
	uc.args[1] = a1;
	uc.args[2] = 0;
	uc.args[3] = 0;
	uc.file = file;
	uc.expr = expr;
	uc.line = line;
	__asm__ volatile("outb %%al, %%dx"
			 : : "a"(0), "d"(NVMX_UCALL_PORT), "D"(&uc)
			 : "memory");
}

void nvmx_guest_exception_dispatch(struct nvmx_ex_regs *regs);

void nvmx_guest_exception_dispatch(struct nvmx_ex_regs *regs)
{
	nvmx_guest_handler_t h = 0;

	if (nvmx_guest_fixup_rip) {
		nvmx_guest_fault_vector = regs->vector;
		nvmx_guest_fault_error_code = regs->error_code;
		regs->rip = nvmx_guest_fixup_rip;
		nvmx_guest_fixup_rip = 0;
		return;
	}
	if (regs->vector < NVMX_NR_VECTORS)
		h = nvmx_guest_handlers[regs->vector];
	if (h) {
		h(regs);
		return;
	}
	/* The host dies on this; never resume the faulting instruction. */
	for (;;) {
		struct nvmx_ucall uc;

		uc.cmd = UCALL_UNHANDLED;
		uc.args[0] = regs->vector;
		uc.args[1] = regs->error_code;
		uc.args[2] = regs->rip;
		uc.args[3] = 0;
		uc.file = 0;
		uc.expr = 0;
		uc.line = 0;
		__asm__ volatile("outb %%al, %%dx"
				 : : "a"(0), "d"(NVMX_UCALL_PORT), "D"(&uc)
				 : "memory");
	}
}

void nvmx_guest_returned(void);

/* A guest function returned: report it as an assertion failure. */
void nvmx_guest_returned(void)
{
	for (;;)
		nvmx_ucall(UCALL_ABORT, 0, 0, __FILE__, __LINE__,
			   "guest code returned");
}

/* 0, 1, ..., NVMX_NR_VECTORS - 1, for the assembler's .irp. */
#define NVMX_VECTOR_LIST						\
	"0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"			\
	"16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,"		\
	"32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,"		\
	"48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63"

/*
 * Exception and interrupt stubs, one per vector 0-63, in a table the host reads
 * (nvmx_guest_idt_stubs).  Vectors without a CPU-pushed error code push
 * 0 so the frame is always struct nvmx_ex_regs.  The CPU aligns RSP to
 * 16 before the 5-word frame; error code, vector and 15 registers make
 * it 16-byte aligned again at the call.
 *
 * nvmx_guest_ret_trap is the return address on a fresh guest stack.
 */
__asm__(
	".pushsection .text\n"
	".macro NVMX_STUB vec\n"
	"nvmx_guest_stub_\\vec:\n"
	"	.if (\\vec == 8) || (\\vec >= 10 && \\vec <= 14) || (\\vec == 17) || (\\vec == 21) || (\\vec == 29) || (\\vec == 30)\n"
	"	.else\n"
	"	pushq $0\n"
	"	.endif\n"
	"	pushq $\\vec\n"
	"	jmp nvmx_guest_stub_common\n"
	".endm\n"
	".irp v," NVMX_VECTOR_LIST "\n"
	"	NVMX_STUB \\v\n"
	".endr\n"
	"nvmx_guest_stub_common:\n"
	"	pushq %rax\n"
	"	pushq %rcx\n"
	"	pushq %rdx\n"
	"	pushq %rbx\n"
	"	pushq %rbp\n"
	"	pushq %rsi\n"
	"	pushq %rdi\n"
	"	pushq %r8\n"
	"	pushq %r9\n"
	"	pushq %r10\n"
	"	pushq %r11\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, %rdi\n"
	"	cld\n"
	"	call nvmx_guest_exception_dispatch\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %r11\n"
	"	popq %r10\n"
	"	popq %r9\n"
	"	popq %r8\n"
	"	popq %rdi\n"
	"	popq %rsi\n"
	"	popq %rbp\n"
	"	popq %rbx\n"
	"	popq %rdx\n"
	"	popq %rcx\n"
	"	popq %rax\n"
	"	addq $16, %rsp\n"
	"	iretq\n"
	".globl nvmx_guest_ret_trap\n"
	"nvmx_guest_ret_trap:\n"
	"	andq $-16, %rsp\n"
	"	call nvmx_guest_returned\n"
	".popsection\n"
	".pushsection .rodata\n"
	".balign 8\n"
	".globl nvmx_guest_idt_stubs\n"
	"nvmx_guest_idt_stubs:\n"
	".irp v," NVMX_VECTOR_LIST "\n"
	"	.quad nvmx_guest_stub_\\v\n"
	".endr\n"
	".popsection\n");
