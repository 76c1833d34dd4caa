// SPDX-License-Identifier: GPL-2.0
/*
 * l1hv: a small L1 hypervisor for nvmx-run.  nvmx-run enters this x86-64
 * ELF in long mode on an identity map; l1hv then
 *   - loads its own GDT with a TSS (VM exits need a host TR, SDM Vol. 3C
 *     27.2.3) and checks CPUID.1:ECX.VMX (clear: exits L1HV_NO_VMX);
 *   - enables VMX: IA32_FEATURE_CONTROL, CR0/CR4 fixed bits, VMXON;
 *   - builds a VMCS for a 64-bit L2 (l2.c) with an identity EPT over the
 *     first GiB, HLT exiting and unconditional I/O exiting, and its own
 *     stack, page tables and IDT;
 *   - runs L2 until L2 says it is done, handling CPUID (made-up answer),
 *     port I/O and HLT (skipped), and VMCALL (inject an external
 *     interrupt into L2, done, or fail), counting L2's exits by reason;
 *   - prints the counts over COM1 and checks them and what L2 saw against
 *     the workloads, then exits through isa-debug-exit: L1HV_PASS, or
 *     L1HV_FAIL after saying why.
 */
#include "l1hv.h"

/* Basic exit reasons (SDM Vol. 3D appendix C). */
#define EXIT_EXCEPTION_NMI	0
#define EXIT_CPUID		10
#define EXIT_HLT		12
#define EXIT_VMCALL		18
#define EXIT_IO			30
#define EXIT_EPT_VIOLATION	48
#define NR_REASONS		64

/* VMCS field encodings (SDM Vol. 3D appendix B). */
enum {
	F_GUEST_ES_SEL = 0x800, F_GUEST_CS_SEL = 0x802, F_GUEST_SS_SEL = 0x804,
	F_GUEST_DS_SEL = 0x806, F_GUEST_FS_SEL = 0x808, F_GUEST_GS_SEL = 0x80a,
	F_GUEST_LDTR_SEL = 0x80c, F_GUEST_TR_SEL = 0x80e,
	F_HOST_ES_SEL = 0xc00, F_HOST_CS_SEL = 0xc02, F_HOST_SS_SEL = 0xc04,
	F_HOST_DS_SEL = 0xc06, F_HOST_FS_SEL = 0xc08, F_HOST_GS_SEL = 0xc0a,
	F_HOST_TR_SEL = 0xc0c,
	F_EPT_POINTER = 0x201a, F_VMCS_LINK = 0x2800, F_GUEST_DEBUGCTL = 0x2802,
	F_PIN_CTLS = 0x4000, F_PROC_CTLS = 0x4002, F_EXC_BITMAP = 0x4004,
	F_EXIT_CTLS = 0x400c, F_ENTRY_CTLS = 0x4012, F_ENTRY_INTR_INFO = 0x4016,
	F_PROC_CTLS2 = 0x401e, F_INSN_ERROR = 0x4400, F_EXIT_REASON = 0x4402,
	F_EXIT_INSN_LEN = 0x440c,
	F_GUEST_ES_LIMIT = 0x4800, F_GUEST_ES_AR = 0x4814,
	F_GUEST_LDTR_LIMIT = 0x480c, F_GUEST_LDTR_AR = 0x4820,
	F_GUEST_GDTR_LIMIT = 0x4810, F_GUEST_IDTR_LIMIT = 0x4812,
	F_GUEST_INTR_STATE = 0x4824, F_GUEST_ACTIVITY = 0x4826,
	F_EXIT_QUAL = 0x6400,
	F_CR0_READ_SHADOW = 0x6004, F_CR4_READ_SHADOW = 0x6006,
	F_GUEST_CR0 = 0x6800, F_GUEST_CR3 = 0x6802, F_GUEST_CR4 = 0x6804,
	F_GUEST_ES_BASE = 0x6806, F_GUEST_LDTR_BASE = 0x6812,
	F_GUEST_GDTR_BASE = 0x6816, F_GUEST_IDTR_BASE = 0x6818,
	F_GUEST_DR7 = 0x681a, F_GUEST_RSP = 0x681c, F_GUEST_RIP = 0x681e,
	F_GUEST_RFLAGS = 0x6820,
	F_HOST_CR0 = 0x6c00, F_HOST_CR3 = 0x6c02, F_HOST_CR4 = 0x6c04,
	F_HOST_FS_BASE = 0x6c06, F_HOST_GS_BASE = 0x6c08,
	F_HOST_TR_BASE = 0x6c0a, F_HOST_GDTR_BASE = 0x6c0c,
	F_HOST_IDTR_BASE = 0x6c0e, F_HOST_RSP = 0x6c14, F_HOST_RIP = 0x6c16,
};

/* Guest segment fields step by 2 from ES: ES CS SS DS FS GS LDTR TR. */
#define SEG_ES 0
#define SEG_CS 1
#define SEG_TR 7

__asm__(".section .text.entry, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	lea l1_stack_top(%rip), %rsp\n"
	"	call l1hv_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n"
	".previous\n");

static u8 l1_stack[16384] __attribute__((aligned(16), used));
__asm__(".set l1_stack_top, l1_stack + 16384");

/* ---- UART, exit ----------------------------------------------------------- */

static void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void putu(u64 v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	puts(buf + i);
}

static void putx(u64 v)
{
	int i;

	puts("0x");
	for (i = 60; i > 0 && !(v >> i); i -= 4)
		;
	for (; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 15]);
}

static void __attribute__((noreturn)) quit(u8 value)
{
	for (;;)
		outb(DEBUG_EXIT, value);
}

static void __attribute__((noreturn)) fail(const char *what, u64 v)
{
	puts("l1hv: FAIL: ");
	puts(what);
	puts(" ");
	putx(v);
	puts("\n");
	quit(L1HV_FAIL);
}

/* ---- CPU state ------------------------------------------------------------- */

static u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | ((u64)hi << 32);
}

static void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

#define READ_CR(n) ({ u64 __v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(__v)); __v; })
#define WRITE_CR(n, v) __asm__ volatile("mov %0, %%cr" #n : : "r"((u64)(v)) : "memory")

/* GDT: null, 64-bit code, data, 16-byte TSS (SDM Vol. 3A 8.2.3). */
static u64 gdt[5] __attribute__((aligned(16)));
static u32 tss[26] __attribute__((aligned(16)));

struct __attribute__((packed)) dtr {
	u16 limit;
	u64 base;
};

static void load_gdt(void)
{
	struct dtr d = { sizeof(gdt) - 1, (u64)gdt };
	u64 t = (u64)tss;

	gdt[1] = 0x00af9b000000ffffUL;
	gdt[2] = 0x00cf93000000ffffUL;
	gdt[3] = (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89UL << 40) |
		 ((t >> 24 & 0xff) << 56);
	gdt[4] = t >> 32;
	__asm__ volatile("lgdt %0\n\t"
			 "movw %w1, %%ds\n\tmovw %w1, %%es\n\tmovw %w1, %%ss\n\t"
			 "movw %w1, %%fs\n\tmovw %w1, %%gs\n\t"
			 "pushq %2\n\tleaq 1f(%%rip), %%rax\n\tpushq %%rax\n\t"
			 "lretq\n1:\n\t"
			 "ltr %w3"
			 : : "m"(d), "r"(SEL_DATA), "i"(SEL_CODE), "r"(SEL_TSS)
			 : "rax", "memory");
}

/* ---- VMX ----------------------------------------------------------------- */

static u8 vmxon_region[4096] __attribute__((aligned(4096)));
static u8 vmcs[4096] __attribute__((aligned(4096)));
static u64 ept_pml4[512] __attribute__((aligned(4096)));
static u64 ept_pdpt[512] __attribute__((aligned(4096)));
static u64 ept_pd[512] __attribute__((aligned(4096)));

static u64 vmread(u64 f)
{
	u64 v;
	u8 bad;

	__asm__ volatile("vmread %2, %0\n\tsetbe %1"
			 : "=r"(v), "=qm"(bad) : "r"(f) : "cc");
	if (bad)
		fail("VMREAD of field", f);
	return v;
}

static void vmwrite(u64 f, u64 v)
{
	u8 bad;

	__asm__ volatile("vmwrite %2, %1\n\tsetbe %0"
			 : "=qm"(bad) : "r"(f), "rm"(v) : "cc");
	if (bad)
		fail("VMWRITE of field", f);
}

/* One instruction with a memory operand: 0 on VMsucceed. */
#define VMX_M64(insn, pa) ({						\
	u8 __bad;							\
	__asm__ volatile(insn " %1\n\tsetbe %0"				\
			 : "=qm"(__bad) : "m"(pa) : "cc", "memory");	\
	__bad;								\
})

/* L2's registers but RSP/RIP; the exit stub fills them, entry loads them. */
struct gprs {
	u64 rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 l1_rsp;
} l2_regs;

/*
 * int vmx_enter(struct gprs *g, u64 resume): VMLAUNCH/VMRESUME with
 * L2's registers.  0 after a VM exit (through vmx_exit_stub, HOST_RIP,
 * with HOST_RSP = exit_stack_top holding &l2_regs); 1 on VMfail.
 */
int vmx_enter(struct gprs *g, u64 resume);
extern const char vmx_exit_stub[], exit_stack_top[];
static u64 exit_stack[32] __attribute__((aligned(16), used));

__asm__(".text\n"
	".globl vmx_enter\n"
	"vmx_enter:\n"
	"	pushq %rbp; pushq %rbx; pushq %r12; pushq %r13; pushq %r14; pushq %r15\n"
	"	pushq %rdi\n"
	"	movq %rsp, 128(%rdi)\n"
	"	testq %rsi, %rsi\n"
	"	movq 0(%rdi), %rax; movq 8(%rdi), %rcx; movq 16(%rdi), %rdx\n"
	"	movq 24(%rdi), %rbx; movq 40(%rdi), %rbp; movq 48(%rdi), %rsi\n"
	"	movq 64(%rdi), %r8; movq 72(%rdi), %r9; movq 80(%rdi), %r10\n"
	"	movq 88(%rdi), %r11; movq 96(%rdi), %r12; movq 104(%rdi), %r13\n"
	"	movq 112(%rdi), %r14; movq 120(%rdi), %r15; movq 56(%rdi), %rdi\n"
	"	jnz 1f\n"
	"	vmlaunch\n"
	"	jmp 2f\n"
	"1:	vmresume\n"
	"2:	movl $1, %eax\n"		/* VMfail */
	"3:	popq %rdi\n"
	"	popq %r15; popq %r14; popq %r13; popq %r12; popq %rbx; popq %rbp\n"
	"	ret\n"
	".globl vmx_exit_stub\n"
	"vmx_exit_stub:\n"
	"	pushq %rdi\n"
	"	movq 8(%rsp), %rdi\n"
	"	movq %rax, 0(%rdi); movq %rcx, 8(%rdi); movq %rdx, 16(%rdi)\n"
	"	movq %rbx, 24(%rdi); movq %rbp, 40(%rdi); movq %rsi, 48(%rdi)\n"
	"	movq %r8, 64(%rdi); movq %r9, 72(%rdi); movq %r10, 80(%rdi)\n"
	"	movq %r11, 88(%rdi); movq %r12, 96(%rdi); movq %r13, 104(%rdi)\n"
	"	movq %r14, 112(%rdi); movq %r15, 120(%rdi); popq 56(%rdi)\n"
	"	movq 128(%rdi), %rsp\n"
	"	xorl %eax, %eax\n"
	"	jmp 3b\n"
	".set exit_stack_top, exit_stack + 31 * 8\n");

/* SDM Vol. 3D A.3-A.5: allowed 0-settings low, allowed 1-settings high. */
static u32 adjust(u32 msr, u32 want)
{
	u64 caps = rdmsr(msr);

	return (want | (u32)caps) & (u32)(caps >> 32);
}

static void vmx_on(void)
{
	u64 fc = rdmsr(0x3a), vmxon_pa = (u64)vmxon_region;
	u64 cr0 = READ_CR(0), cr4 = READ_CR(4);
	u32 rev = (u32)rdmsr(0x480) & 0x7fffffff;

	/* SDM Vol. 3C 24.7, 24.8: feature control, fixed CR0/CR4 bits. */
	if (!(fc & 1))
		wrmsr(0x3a, fc | 1 | 4);
	else if (!(fc & 4))
		fail("IA32_FEATURE_CONTROL locked without VMX", fc);
	WRITE_CR(0, (cr0 | rdmsr(0x486)) & rdmsr(0x487));
	WRITE_CR(4, (cr4 | rdmsr(0x488) | (1UL << 13)) & rdmsr(0x489));
	*(u32 *)vmxon_region = rev;
	*(u32 *)vmcs = rev;
	if (VMX_M64("vmxon", vmxon_pa))
		fail("VMXON", vmxon_pa);
}

/* SDM Vol. 3C 29.3.2: identity, 1 GiB of 2 MiB RWX write-back pages. */
static u64 build_ept(void)
{
	int i;

	if ((rdmsr(0x48c) & 0x14040) != 0x14040)
		fail("EPT: no 4-level walk, WB or 2 MiB pages", rdmsr(0x48c));
	for (i = 0; i < 512; i++)
		ept_pd[i] = ((u64)i << 21) | (1UL << 7) | (6UL << 3) | 7;
	ept_pdpt[0] = (u64)ept_pd | 7;
	ept_pml4[0] = (u64)ept_pdpt | 7;
	return (u64)ept_pml4 | (3 << 3) | 6;
}

static void write_segments(void)
{
	int i;

	for (i = 0; i < 8; i++) {
		u16 sel = i == SEG_CS ? SEL_CODE : i == SEG_TR ? SEL_TSS :
			  i == 6 ? 0 : SEL_DATA;
		u32 ar = i == SEG_CS ? 0xa09b : i == SEG_TR ? 0x8b :
			 i == 6 ? 0x10000 : 0xc093;

		vmwrite(F_GUEST_ES_SEL + 2 * i, sel);
		vmwrite(F_GUEST_ES_LIMIT + 2 * i,
			i == SEG_TR ? sizeof(tss) - 1 : 0xffffffff);
		vmwrite(F_GUEST_ES_AR + 2 * i, ar);
		vmwrite(F_GUEST_ES_BASE + 2 * i, i == SEG_TR ? (u64)tss : 0);
	}
	for (i = 0; i < 6; i++)
		vmwrite(F_HOST_ES_SEL + 2 * i, i == SEG_CS ? SEL_CODE : SEL_DATA);
	vmwrite(F_HOST_TR_SEL, SEL_TSS);
}

static void setup_vmcs(void)
{
	u64 vmcs_pa = (u64)vmcs, l2_idt;
	u16 l2_idt_limit;
	u64 l2_cr3 = l2_setup(&l2_idt, &l2_idt_limit);

	if (VMX_M64("vmclear", vmcs_pa) || VMX_M64("vmptrld", vmcs_pa))
		fail("VMCLEAR/VMPTRLD", vmcs_pa);
	/* Controls: true MSRs (IA32_VMX_BASIC[55] checked in main). */
	vmwrite(F_PIN_CTLS, adjust(0x48d, 0));
	vmwrite(F_PROC_CTLS, adjust(0x48e, (1U << 7) | (1U << 24) | (1U << 31)));
	vmwrite(F_PROC_CTLS2, adjust(0x48b, 1U << 1));		/* EPT */
	vmwrite(F_EXIT_CTLS, adjust(0x48f, 1U << 9));		/* 64-bit host */
	vmwrite(F_ENTRY_CTLS, adjust(0x490, 1U << 9));		/* IA-32e guest */
	vmwrite(F_EXC_BITMAP, 0);
	vmwrite(F_EPT_POINTER, build_ept());
	vmwrite(F_VMCS_LINK, ~0UL);
	/* Host: L1 as it is now, back at vmx_exit_stub. */
	vmwrite(F_HOST_CR0, READ_CR(0));
	vmwrite(F_HOST_CR3, READ_CR(3));
	vmwrite(F_HOST_CR4, READ_CR(4));
	vmwrite(F_HOST_FS_BASE, 0);
	vmwrite(F_HOST_GS_BASE, 0);
	vmwrite(F_HOST_TR_BASE, (u64)tss);
	vmwrite(F_HOST_GDTR_BASE, (u64)gdt);
	vmwrite(F_HOST_IDTR_BASE, l2_idt);
	*(u64 *)exit_stack_top = (u64)&l2_regs;
	vmwrite(F_HOST_RSP, (u64)exit_stack_top);
	vmwrite(F_HOST_RIP, (u64)vmx_exit_stub);
	/* Guest: L2 on its own stack, page tables and IDT. */
	write_segments();
	vmwrite(F_GUEST_CR0, READ_CR(0));
	vmwrite(F_CR0_READ_SHADOW, READ_CR(0));
	vmwrite(F_GUEST_CR3, l2_cr3);
	vmwrite(F_GUEST_CR4, READ_CR(4));
	vmwrite(F_CR4_READ_SHADOW, READ_CR(4));
	vmwrite(F_GUEST_GDTR_BASE, (u64)gdt);
	vmwrite(F_GUEST_GDTR_LIMIT, sizeof(gdt) - 1);
	vmwrite(F_GUEST_IDTR_BASE, l2_idt);
	vmwrite(F_GUEST_IDTR_LIMIT, l2_idt_limit);
	vmwrite(F_GUEST_DR7, 0x400);
	vmwrite(F_GUEST_DEBUGCTL, 0);
	vmwrite(F_GUEST_RFLAGS, 2);
	vmwrite(F_GUEST_INTR_STATE, 0);
	vmwrite(F_GUEST_ACTIVITY, 0);
	vmwrite(F_GUEST_RSP, (u64)l2_stack_top - 8);
	vmwrite(F_GUEST_RIP, (u64)l2_main);
}

/* ---- the run loop -------------------------------------------------------- */

static u64 counts[NR_REASONS];
static const char *const reason_names[NR_REASONS] = {
	[EXIT_EXCEPTION_NMI] = "EXCEPTION_NMI", [EXIT_CPUID] = "CPUID",
	[EXIT_HLT] = "HLT", [EXIT_VMCALL] = "VMCALL",
	[EXIT_IO] = "IO_INSTRUCTION", [EXIT_EPT_VIOLATION] = "EPT_VIOLATION",
};

static void skip_insn(void)
{
	vmwrite(F_GUEST_RIP, vmread(F_GUEST_RIP) + vmread(F_EXIT_INSN_LEN));
	/* The instruction retired: no more STI / MOV SS blocking. */
	vmwrite(F_GUEST_INTR_STATE, vmread(F_GUEST_INTR_STATE) & ~3UL);
}

/* Handle one VMCALL; returns 1 when L2 is done. */
static int handle_vmcall(void)
{
	switch (l2_regs.rax) {
	case L2_CALL_INJECT:
		/* SDM Vol. 3C 25.8.3: valid, external interrupt (type 0). */
		vmwrite(F_ENTRY_INTR_INFO, (1U << 31) | INJECT_VECTOR);
		return 0;
	case L2_CALL_DONE:
		return 1;
	case L2_CALL_FAIL:
		puts("l1hv: L2 check failed at l2.c line ");
		putu(l2_regs.rbx);
		fail("value", l2_regs.rcx);
	default:
		fail("unknown VMCALL from L2", l2_regs.rax);
	}
}

static void run_l2(void)
{
	u64 launched = 0;
	u32 reason;

	for (;;) {
		if (vmx_enter(&l2_regs, launched))
			fail(launched ? "VMRESUME, VM-instruction error" :
			     "VMLAUNCH, VM-instruction error",
			     vmread(F_INSN_ERROR));
		launched = 1;
		reason = vmread(F_EXIT_REASON);
		if (reason & (1U << 31))
			fail("VM-entry failure, exit reason", reason);
		if (reason >= NR_REASONS || !reason_names[reason])
			fail("unexpected L2 exit, reason", reason);
		counts[reason]++;
		switch (reason) {
		case EXIT_CPUID:
			l2_regs.rax = 0x4c31;
			l2_regs.rbx = 0x6876;
			l2_regs.rcx = 0;
			l2_regs.rdx = 0;
			break;
		case EXIT_IO:
			if (vmread(F_EXIT_QUAL) & 8)	/* IN: all ones */
				l2_regs.rax |= 0xff;
			break;
		case EXIT_HLT:
			break;
		case EXIT_VMCALL:
			if (handle_vmcall())
				return;
			break;
		default:
			fail("unexpected L2 exit, reason", reason);
		}
		skip_insn();
	}
}

static void expect(const char *what, u64 got, u64 want)
{
	if (got != want) {
		puts("l1hv: ");
		puts(what);
		puts(": got ");
		putu(got);
		puts(", want ");
		putu(want);
		puts("\n");
		quit(L1HV_FAIL);
	}
}

void l1hv_main(void);

void l1hv_main(void)
{
	u32 a, b, c, d;
	int i;

	load_gdt();
	puts("nvmx l1hv: an L1 hypervisor\n");
	cpuid(1, &a, &b, &c, &d);
	if (!(c & (1U << 5))) {
		puts("l1hv: no VMX (CPUID.1:ECX.VMX clear)\n");
		quit(L1HV_NO_VMX);
	}
	if (!(rdmsr(0x480) & (1UL << 55)))
		fail("IA32_VMX_BASIC without true controls", rdmsr(0x480));
	vmx_on();
	setup_vmcs();
	puts("l1hv: VMX on; L2 runs cpuid x200, out x100, hlt x10, "
	     "inject x10, page faults x64\n");
	run_l2();
	puts("l1hv: L2 exits seen by L1:\n");
	for (i = 0; i < NR_REASONS; i++) {
		if (!counts[i])
			continue;
		puts("l1hv:   ");
		puts(reason_names[i]);
		puts(" ");
		putu(counts[i]);
		puts("\n");
	}
	puts("l1hv: L2 saw ");
	putu(l2_report.injected);
	puts(" injected interrupts and handled ");
	putu(l2_report.page_faults);
	puts(" page faults itself\n");
	expect("CPUID exits", counts[EXIT_CPUID], N_CPUID);
	expect("I/O exits", counts[EXIT_IO], N_OUT);
	expect("HLT exits", counts[EXIT_HLT], N_HLT);
	expect("VMCALL exits", counts[EXIT_VMCALL], N_INJECT + 1);
	expect("exception exits", counts[EXIT_EXCEPTION_NMI], 0);
	expect("injected", l2_report.injected, N_INJECT);
	expect("page faults", l2_report.page_faults, N_PF);
	puts("l1hv: pass\n");
	quit(L1HV_PASS);
}
