// SPDX-License-Identifier: GPL-2.0
/*
 * The BSP's entry state.
 *
 * Every mode gets flat segments from a GDT at BOOT_GDT (so a guest that
 * reloads a selector keeps working): 0x08 32-bit code, 0x10 data,
 * 0x18 64-bit code; base 0, limit 4 GiB.  No IDT (limit 0), IF clear,
 * ESP/RSP = BOOT_STACK_TOP.
 *
 *  BOOT_PROT32: CR0 = PE|ET|NE, paging off (Multiboot 0.6.96 section 3.2
 *               "Machine state"; flat binaries too).
 *  BOOT_LONG64: CR0 = PE|MP|ET|NE|WP|PG, CR4 = PAE|OSFXSR|OSXMMEXCPT,
 *               EFER = LME|LMA, CR3 = identity map of the first 4 GiB with
 *               2 MiB pages (PML4 at BOOT_PML4, PDPT, 4 PDs).
 */
#include <string.h>

#include "nvmx-run.h"

#define CR0_PE		(1ULL << 0)
#define CR0_MP		(1ULL << 1)
#define CR0_ET		(1ULL << 4)
#define CR0_NE		(1ULL << 5)
#define CR0_WP		(1ULL << 16)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_OSFXSR	(1ULL << 9)
#define CR4_OSXMMEXCPT	(1ULL << 10)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)
#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PS		(1ULL << 7)
#define RFLAGS_FIXED	(1ULL << 1)

/* Descriptor: base 0, limit 0xfffff pages, P=1, DPL 0, S=1. */
#define DESC(type, l, db) (0xffffULL | (0xfULL << 48) | (1ULL << 55) |    \
			   (1ULL << 47) | (1ULL << 44) |                     \
			   ((uint64_t)(type) << 40) | ((uint64_t)(l) << 53) | \
			   ((uint64_t)(db) << 54))

static const uint64_t gdt[] = {
	0,
	DESC(0xb, 0, 1),	/* SEL_CODE32: execute/read, accessed */
	DESC(0x3, 0, 1),	/* SEL_DATA: read/write, accessed */
	DESC(0xb, 1, 0),	/* SEL_CODE64 */
};

void boot_write_tables(const struct guest *g, enum boot_mode mode)
{
	uint64_t *pml4, *pdpt, *pd;
	int i;

	memcpy(gpa_ptr(g, BOOT_GDT, sizeof(gdt)), gdt, sizeof(gdt));
	if (mode != BOOT_LONG64)
		return;
	pml4 = gpa_ptr(g, BOOT_PML4, 4096);
	pdpt = gpa_ptr(g, BOOT_PDPT, 4096);
	pd = gpa_ptr(g, BOOT_PD, 4 * 4096);
	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = BOOT_PDPT | PTE_P | PTE_RW;
	for (i = 0; i < 4; i++)
		pdpt[i] = (BOOT_PD + i * 4096ULL) | PTE_P | PTE_RW;
	for (i = 0; i < 4 * 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;
}

static struct kvm_segment flat_seg(uint16_t sel)
{
	uint64_t d = gdt[sel >> 3];
	struct kvm_segment s = {
		.base = 0,
		.limit = 0xffffffff,
		.selector = sel,
		.type = (d >> 40) & 0xf,
		.present = 1,
		.dpl = 0,
		.db = (d >> 54) & 1,
		.s = 1,
		.l = (d >> 53) & 1,
		.g = 1,
	};

	return s;
}

int boot_setup_bsp(const struct nvmx_vcpu *vcpu, const struct boot *b)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_segment data = flat_seg(SEL_DATA);
	int ret;

	/* Start from the reset state: TR and LDTR stay as the VMM set them. */
	ret = nvmx_get_sregs(vcpu, &sregs);
	if (ret)
		return ret;
	sregs.ds = data;
	sregs.es = data;
	sregs.fs = data;
	sregs.gs = data;
	sregs.ss = data;
	sregs.gdt.base = BOOT_GDT;
	sregs.gdt.limit = sizeof(gdt) - 1;
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	if (b->mode == BOOT_LONG64) {
		sregs.cs = flat_seg(SEL_CODE64);
		sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
		sregs.cr3 = BOOT_PML4;
		sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
		sregs.efer = EFER_LME | EFER_LMA;
	} else {
		sregs.cs = flat_seg(SEL_CODE32);
		sregs.cr0 = CR0_PE | CR0_ET | CR0_NE;
		sregs.cr3 = 0;
		sregs.cr4 = 0;
		sregs.efer = 0;
	}
	ret = nvmx_set_sregs(vcpu, &sregs);
	if (ret)
		return ret;
	memset(&regs, 0, sizeof(regs));
	regs.rip = b->entry;
	regs.rax = b->eax;
	regs.rbx = b->ebx;
	regs.rsp = BOOT_STACK_TOP;
	regs.rflags = RFLAGS_FIXED;
	return nvmx_set_regs(vcpu, &regs);
}
