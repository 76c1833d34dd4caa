// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny x86-64 ELF for nvmx-run: checks that it was entered in long mode
 * on an identity map (CR0.PG, CR4.PAE, EFER.LMA, CS.L via its selector, a
 * store near the top of 64 MiB through the map), prints through COM1 and
 * exits through isa-debug-exit with value 0x21 (status 67).
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;

#define COM1		0x3f8
#define DEBUG_EXIT	0xf4

__asm__(".section .text.entry, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	lea stack_top(%rip), %rsp\n"
	"	call elf64_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n"
	".previous\n");

static u8 stack[8192] __attribute__((aligned(16), used));
__asm__(".set stack_top, stack + 8192");

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void puts(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, *s);
	}
}

static void putbit(const char *name, int set)
{
	puts(name);
	puts(set ? "=1" : "=0");
}

void elf64_main(void);

void elf64_main(void)
{
	volatile u64 *far = (volatile u64 *)(64UL << 20) - 1;
	u64 cr0, cr4, cs;
	u32 lo, hi;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
	puts("nvmx elf64: hello from long mode\n");
	putbit("cr0.pg", cr0 >> 31 & 1);
	putbit(" cr4.pae", cr4 >> 5 & 1);
	putbit(" efer.lma", lo >> 10 & 1);
	puts(cs == 0x18 ? " cs=0x18\n" : " cs=?\n");
	*far = 0x0123456789abcdefUL;
	puts(*far == 0x0123456789abcdefUL ? "identity map: ok\n" :
	     "identity map: BAD\n");
	(void)hi;
	outb(DEBUG_EXIT, 0x21);
}
