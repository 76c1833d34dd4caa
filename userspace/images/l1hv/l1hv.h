/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l1hv: a small L1 hypervisor image for nvmx-run (see l1hv.c).  Shared
 * between L1 (l1hv.c) and its L2 (l2.c): both run in this one image, L2
 * through an identity EPT, so L2 and L1 share every address.
 */
#ifndef L1HV_H
#define L1HV_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;

#define COM1		0x3f8
#define DEBUG_EXIT	0xf4

/* isa-debug-exit values (nvmx-run status = value << 1 | 1). */
#define L1HV_PASS	0x21	/* status 67: every workload as expected */
#define L1HV_NO_VMX	0x3f	/* status 127: CPUID.1:ECX.VMX clear */
#define L1HV_FAIL	0x30	/* status 97: something else; the UART says what */

/* Selectors of L1's GDT (l1hv.c), used by L2 too. */
#define SEL_CODE	0x08
#define SEL_DATA	0x10
#define SEL_TSS		0x18

/* The L2 workloads, in the order L2 runs them. */
#define N_CPUID		200
#define N_OUT		100
#define N_HLT		10
#define N_INJECT	10
#define N_PF		64
#define INJECT_VECTOR	0x30

/* L2 -> L1 requests: VMCALL with RAX = one of these. */
enum l2_call {
	L2_CALL_INJECT = 1,	/* inject INJECT_VECTOR as an external interrupt */
	L2_CALL_DONE,		/* every workload ran: L1 checks and reports */
	L2_CALL_FAIL,		/* RBX = line of l2.c, RCX = value */
};

/* What L2 saw, read by L1 at the end. */
struct l2_report {
	u64 injected;		/* INJECT_VECTOR deliveries through L2's IDT */
	u64 page_faults;	/* #PF handled by L2's own handler */
};

extern struct l2_report l2_report;
extern u8 l2_stack_top[];

void l2_main(void);
/* Build L2's IDT and page tables; returns L2's CR3. */
u64 l2_setup(u64 *idt_base, u16 *idt_limit);

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

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(0));
}

static inline void vmcall(u64 nr, u64 b, u64 c)
{
	__asm__ volatile("vmcall" : "+a"(nr), "+b"(b), "+c"(c) : : "memory");
}

#endif /* L1HV_H */
