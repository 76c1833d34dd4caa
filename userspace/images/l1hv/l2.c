// SPDX-License-Identifier: GPL-2.0
/*
 * l1hv's L2: the workloads, its IDT and its page tables.  L2 runs in
 * 64-bit mode on its own page tables (identity, 1 GiB of 2 MiB pages,
 * but the 2 MiB at PF_BASE on a 4 KiB table that starts empty) and its own
 * IDT (#PF and INJECT_VECTOR; anything else is reported to L1 as a
 * failure).  It cannot print: every port access of L2 exits to L1.
 */
#include "l1hv.h"

#define PF_BASE		(64UL << 20)	/* inside nvmx-run's default 128 MiB */
#define PTE_P		1UL
#define PTE_W		2UL
#define PTE_PS		0x80UL

struct l2_report l2_report;

static u8 l2_stack[16384] __attribute__((aligned(16), used));
__asm__(".globl l2_stack_top\n.set l2_stack_top, l2_stack + 16384");

static u64 pml4[512] __attribute__((aligned(4096)));
static u64 pdpt[512] __attribute__((aligned(4096)));
static u64 pd[512] __attribute__((aligned(4096)));
static u64 pf_pt[512] __attribute__((aligned(4096)));
static u64 idt[256 * 2] __attribute__((aligned(16)));

#define L2_CHECK(c, v) do {						\
	if (!(c))							\
		vmcall(L2_CALL_FAIL, __LINE__, (u64)(v));		\
} while (0)

/* Called from the stubs in l2_stubs below. */
void l2_page_fault(u64 cr2);
void l2_interrupt(void);
void l2_unexpected(u64 vector);

void l2_page_fault(u64 cr2)
{
	u64 i = (cr2 - PF_BASE) >> 12;

	L2_CHECK(cr2 >= PF_BASE && i < 512 && !(pf_pt[i] & PTE_P), cr2);
	pf_pt[i] = (cr2 & ~0xfffUL) | PTE_P | PTE_W;
	l2_report.page_faults++;
}

void l2_interrupt(void)
{
	l2_report.injected++;
}

void l2_unexpected(u64 vector)
{
	for (;;)
		vmcall(L2_CALL_FAIL, __LINE__, vector);
}

/* Interrupt stubs: save the caller-saved registers, call C, IRET. */
__asm__(".text\n"
	".macro L2_SAVE\n"
	"	pushq %rax; pushq %rcx; pushq %rdx; pushq %rsi; pushq %rdi\n"
	"	pushq %r8; pushq %r9; pushq %r10; pushq %r11\n"
	".endm\n"
	".macro L2_RESTORE\n"
	"	popq %r11; popq %r10; popq %r9; popq %r8\n"
	"	popq %rdi; popq %rsi; popq %rdx; popq %rcx; popq %rax\n"
	".endm\n"
	"l2_pf_stub:\n"			/* error code on the stack */
	"	L2_SAVE\n"
	"	movq %cr2, %rdi\n"
	"	call l2_page_fault\n"
	"	L2_RESTORE\n"
	"	addq $8, %rsp\n"
	"	iretq\n"
	"l2_irq_stub:\n"
	"	L2_SAVE\n"
	"	call l2_interrupt\n"
	"	L2_RESTORE\n"
	"	iretq\n"
	"l2_bad_stub:\n"
	"	movq $0xff, %rdi\n"
	"	andq $-16, %rsp\n"
	"	call l2_unexpected\n");

extern const char l2_pf_stub[], l2_irq_stub[], l2_bad_stub[];

static void set_gate(int vec, const void *fn)
{
	u64 off = (u64)fn;

	idt[2 * vec] = (off & 0xffff) | ((u64)SEL_CODE << 16) |
		       (0x8eUL << 40) | ((off >> 16 & 0xffff) << 48);
	idt[2 * vec + 1] = off >> 32;
}

u64 l2_setup(u64 *idt_base, u16 *idt_limit)
{
	int i;

	for (i = 0; i < 256; i++)
		set_gate(i, l2_bad_stub);
	set_gate(14, l2_pf_stub);
	set_gate(INJECT_VECTOR, l2_irq_stub);
	*idt_base = (u64)idt;
	*idt_limit = sizeof(idt) - 1;

	for (i = 0; i < 512; i++)
		pd[i] = ((u64)i << 21) | PTE_P | PTE_W | PTE_PS;
	pd[PF_BASE >> 21] = (u64)pf_pt | PTE_P | PTE_W;
	pdpt[0] = (u64)pd | PTE_P | PTE_W;
	pml4[0] = (u64)pdpt | PTE_P | PTE_W;
	return (u64)pml4;
}

void l2_main(void)
{
	volatile u64 *p;
	u32 a, b, c, d;
	int i;

	for (i = 0; i < N_CPUID; i++) {		/* L1 answers */
		cpuid(0, &a, &b, &c, &d);
		L2_CHECK(a == 0x4c31 && b == 0x6876, a);	/* "1L", "vh" */
	}
	for (i = 0; i < N_OUT; i++)		/* unconditional I/O exiting */
		outb(0x80, (u8)i);
	for (i = 0; i < N_HLT; i++)		/* HLT exiting */
		__asm__ volatile("hlt");
	for (i = 0; i < N_INJECT; i++) {	/* L1 injects INJECT_VECTOR */
		__asm__ volatile("sti; nop");
		vmcall(L2_CALL_INJECT, 0, 0);
		__asm__ volatile("cli");
		L2_CHECK(l2_report.injected == (u64)i + 1, l2_report.injected);
	}
	for (i = 0; i < N_PF; i++) {		/* L2's own #PF handler */
		p = (volatile u64 *)(PF_BASE + (u64)i * 4096);
		*p = i;
		L2_CHECK(*p == (u64)i, *p);
	}
	L2_CHECK(l2_report.page_faults == N_PF, l2_report.page_faults);
	for (;;)
		vmcall(L2_CALL_DONE, 0, 0);
}
