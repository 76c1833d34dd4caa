// SPDX-License-Identifier: GPL-2.0
/*
 * The multiboot test kernel: initialises COM1 the usual way (divisor
 * latch, LCR, FCR, MCR, a loopback check) and prints through it by polling
 * LSR.THRE, shows the multiboot information it was given, then acts on its
 * command line:
 *   exit=N   write N to the isa-debug-exit port 0xf4 (status (N << 1) | 1)
 *   halt     cli; hlt (nvmx-run exits 0)
 *   triple   load an empty IDT and execute UD2: a triple fault
 *   spin     spin forever (for the launcher's signal handling)
 *   echo     first read one line from the UART (LSR.DR, RBR), print it
 * Nothing of those: it halts.
 */
#include "multiboot.h"

#define COM1		0x3f8
#define DEBUG_EXIT	0xf4

extern char stack_bottom[];
static u32 bss_canary[64];

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

static int uart_init(void)
{
	outb(COM1 + 1, 0x00);	/* IER: no interrupts */
	outb(COM1 + 3, 0x80);	/* LCR: DLAB */
	outb(COM1 + 0, 0x01);	/* DLL: 115200 baud */
	outb(COM1 + 1, 0x00);	/* DLM */
	if (inb(COM1 + 0) != 0x01 || inb(COM1 + 1) != 0x00)
		return -1;
	outb(COM1 + 3, 0x03);	/* LCR: 8n1, DLAB off */
	outb(COM1 + 2, 0xc7);	/* FCR: FIFOs on, cleared, 14-byte level */
	outb(COM1 + 4, 0x1e);	/* MCR: loopback, RTS, OUT1, OUT2 */
	outb(COM1 + 0, 0xae);
	if (inb(COM1 + 0) != 0xae)
		return -1;
	outb(COM1 + 4, 0x0f);	/* MCR: normal, DTR, RTS, OUT1, OUT2 */
	return 0;
}

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

static void putu(u64 v, unsigned int base, int width)
{
	char buf[24];
	int n = 0;

	/* No 64-bit division in a freestanding 32-bit kernel: decimal
	 * numbers are 32-bit, hexadecimal ones are shifted out.
	 */
	do {
		if (base == 16) {
			buf[n++] = "0123456789abcdef"[v & 15];
			v >>= 4;
		} else {
			buf[n++] = '0' + (u32)v % 10;
			v = (u32)v / 10;
		}
	} while (v);
	while (n < width)
		buf[n++] = '0';
	while (n)
		putc(buf[--n]);
}

static void putx(u64 v, int width)
{
	puts("0x");
	putu(v, 16, width);
}

/* Length of the word-start match of key at s[i], or 0. */
static int match_at(const char *s, int i, const char *key)
{
	int n;

	if (i && s[i - 1] != ' ')
		return 0;
	for (n = 0; key[n]; n++)
		if (s[i + n] != key[n])
			return 0;
	return n;
}

/* Value of "key=N" in the command line, or -1. */
static int cmdline_int(const char *s, const char *key)
{
	int i, n, v;

	for (i = 0; s[i]; i++) {
		n = match_at(s, i, key);
		if (!n || s[i + n] < '0' || s[i + n] > '9')
			continue;
		for (v = 0, i += n; s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (s[i] - '0');
		return v;
	}
	return -1;
}

static int cmdline_has(const char *s, const char *word)
{
	int i, n;

	for (i = 0; s[i]; i++) {
		n = match_at(s, i, word);
		if (n && (s[i + n] == ' ' || !s[i + n]))
			return 1;
	}
	return 0;
}

static void show_mmap(const struct mb_info *mbi)
{
	u32 off = 0;

	while (off < mbi->mmap_length) {
		const struct mb_mmap *m = (const void *)(mbi->mmap_addr + off);

		puts("mmap: ");
		putx(m->base_addr, 9);
		puts(" len ");
		putx(m->length, 9);
		puts(" type ");
		putu(m->type, 10, 1);
		putc('\n');
		off += m->size + 4;
	}
}

static void show_mods(const struct mb_info *mbi)
{
	const struct mb_module *mod = (const void *)mbi->mods_addr;
	u32 i, n;

	puts("mods: ");
	putu(mbi->mods_count, 10, 1);
	putc('\n');
	for (i = 0; i < mbi->mods_count; i++) {
		const u8 *b = (const u8 *)mod[i].mod_start;

		puts("mod ");
		putu(i, 10, 1);
		puts(": '");
		puts((const char *)mod[i].string);
		puts("' ");
		putu(mod[i].mod_end - mod[i].mod_start, 10, 1);
		puts(" bytes");
		puts(mod[i].mod_start & 0xfff ? ", unaligned" : ", page-aligned");
		if (i)
			goto next;
		puts(":");
		for (n = 0; n < 16 && b + n < (const u8 *)mod[i].mod_end; n++) {
			putc(' ');
			putu(b[n], 16, 2);
		}
next:
		putc('\n');
	}
}

/* Read one line of input; the launcher polls stdin on each LSR read. */
static void echo_line(void)
{
	char line[80];
	unsigned int n = 0, polls;
	u8 c;

	for (polls = 0; n < sizeof(line) - 1 && polls < 1000000; polls++) {
		if (!(inb(COM1 + 5) & 0x01))
			continue;
		c = inb(COM1);
		if (c == '\n')
			break;
		line[n++] = c;
		polls = 0;
	}
	line[n] = '\0';
	puts("input: '");
	puts(line);
	puts("'\n");
}

static void triple_fault(void)
{
	static const struct { u16 limit; u32 base; } __attribute__((packed))
		null_idt = { 0, 0 };

	__asm__ volatile("lidt %0; ud2" : : "m"(null_idt));
}

static int bss_clean(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(bss_canary) / sizeof(bss_canary[0]); i++)
		if (bss_canary[i])
			return 0;
	return 1;
}

void mbtest_main(u32 magic, const struct mb_info *mbi);

void mbtest_main(u32 magic, const struct mb_info *mbi)
{
	const char *cmdline = "";
	int code;

	if (uart_init()) {
		outb(DEBUG_EXIT, 0x7e);	/* no UART: nothing else to say */
		return;
	}
	puts("nvmx mbtest: hello from a multiboot kernel\n");
	puts("magic: ");
	putx(magic, 8);
	puts(magic == MB_BOOTLOADER_MAGIC ? " ok\n" : " WRONG\n");
	puts("flags: ");
	putx(mbi->flags, 8);
	putc('\n');
	if (mbi->flags & MBI_CMDLINE)
		cmdline = (const char *)mbi->cmdline;
	puts("cmdline: '");
	puts(cmdline);
	puts("'\n");
	if (mbi->flags & MBI_LOADER_NAME) {
		puts("boot_loader_name: ");
		puts((const char *)mbi->boot_loader_name);
		putc('\n');
	}
	if (mbi->flags & MBI_MEM) {
		puts("mem_lower: ");
		putu(mbi->mem_lower, 10, 1);
		puts(" KiB, mem_upper: ");
		putu(mbi->mem_upper, 10, 1);
		puts(" KiB\n");
	}
	if (mbi->flags & MBI_MMAP)
		show_mmap(mbi);
	if (mbi->flags & MBI_MODS)
		show_mods(mbi);
	else
		puts("mods: none\n");
	puts(bss_clean() ? "bss: zero\n" : "bss: DIRTY\n");

	if (cmdline_has(cmdline, "echo"))
		echo_line();
	code = cmdline_int(cmdline, "exit=");
	if (code >= 0) {
		puts("exit: ");
		putu(code, 10, 1);
		putc('\n');
		outb(DEBUG_EXIT, code);
	} else if (cmdline_has(cmdline, "triple")) {
		puts("triple fault\n");
		triple_fault();
	} else if (cmdline_has(cmdline, "spin")) {
		puts("spinning\n");
		for (;;)
			__asm__ volatile("pause");
	} else {
		puts("halt\n");
	}
	(void)stack_bottom;
}
