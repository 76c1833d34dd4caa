// SPDX-License-Identifier: GPL-2.0
/*
 * L1 writes random and boundary values into the fields of a valid vmcs12,
 * then VMLAUNCH: the outcome is the one SDM Vol. 3C 27.2-27.4 prescribe.
 *
 * Per case, L1 (the guest) resets its VMCS to a valid 64-bit L2 (the
 * "base", built once with the nvmx_vmx.h library and read back), VMWRITEs
 * the case's mutations, and VMREADs every field L1 may write (the rows of
 * src/vmcs_fields.h whose class is RW or trapped, through the model
 * library's table).  The HOST side of the test then evaluates L0's pure
 * model of the entry checks (src/nested/entry_checks.h, built for the
 * host by lib/nvmx_entry_model.c) over exactly those values, with the
 * capability MSRs and CPUID values L1 read.  The host, not the guest,
 * evaluates it: it has the memory map (the "inside L1's memory" rules),
 * libc for the report, and the expectation is computed in another
 * context than the one that produces the outcome.  L1 then VMLAUNCHes
 * and the host compares:
 *   model VMfail n        => VMfailValid, error n
 *   model exit 33/34, q   => VM-entry failure exit 33/34 | bit 31, qual q
 *   model enters          => a VM exit from L2 (bit 31 clear; exit 18 at
 *                            L2's VMCALL when L2 runs its code), or an
 *                            exit 33 that the hardware made for a guest-
 *                            state check the model leaves to it (SDM Vol.
 *                            3C 27.3.1.2-27.3.1.4); those are counted per
 *                            mutated guest-state field in the TAP
 *                            diagnostics, and any other hardware failure
 *                            is a mismatch.
 * The VM-entry MSR-load list (27.4) is the caller's part of the model:
 * the count limit of IA32_VMX_MISC, then entry by entry
 * nvmx_entry_msr_ok() and WRMSR's rule for the one MSR the test's list
 * area holds (IA32_KERNEL_GS_BASE: any canonical value, SDM Vol. 4 2.1).
 *
 * L2 is sandboxed so that whatever a valid entry does next ends in a VM
 * exit to L1 and touches nothing of L1: L1's EPT for L2 maps only L2's
 * code page (VMCALL, then int3s), its stack page, and read-only L1's GDT,
 * IDT, TSS and page tables; the VMX-preemption timer bounds a HLT
 * activity state.  After each exit L1 restores the host state a mutation
 * may have changed (CR0, CR4, EFER, PAT, selectors, GDTR, IDTR, TR, FS/GS
 * bases, SYSENTER MSRs).  What L1 cannot survive, or what the model does
 * not decide, is not launched ("vetoed", counted in the diagnostics):
 * a valid HOST_RIP, HOST_RSP or HOST_CR3 other than L1's own (L1 would
 * run elsewhere after the exit); VM-exit MSR lists outside the test's
 * MSR area; entry-list MSRs other than IA32_KERNEL_GS_BASE; a changed
 * guest state or injected event when a mutation turned L1's EPT off; an
 * EPTP to another page of L1's memory; HLT without the timer.
 *
 * Seeds: a fixed list of xorshift64* seeds, each CASES launches of 1 to
 * MAX_MUT random mutations with random value classes, and one boundary
 * test per field class (controls, guest state, host state) that mutates
 * each writable field of the class alone with each boundary value: 0,
 * all ones, the base value with one bit flipped, and the class's edges
 * (MAXPHYADDR and alignment for addresses, the canonical edges for
 * linear addresses, allowed-0/allowed-1 settings of the controls from
 * the IA32_VMX_* MSRs L1 reads, the IA32_VMX_MISC limits for counts).
 */
#include <asm/vmx.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"
#include "nvmx_entry_model.h"
#include "nvmx_vmcs_enc.h"

#define FIELDS_MAX	192
#define MAX_MUT		3
#define CASES		40

/* The MSR lists' area: its own slot, nothing of L1 around it. */
#define MSR_AREA_SLOT	1
#define MSR_AREA_GPA	0x81000000ULL
#define MSR_AREA_SIZE	0x10000ULL
#define MSR_KERNEL_GS_BASE	0xc0000102U

#define L2_MARK		0x46555a5aULL	/* L2's RAX at its VMCALL */
#define TIMER_BASE	0x10000ULL
#define FAILED_ENTRY	(1U << 31)	/* SDM Vol. 3C 28.2.1 */

#define MSR_IA32_CR_PAT		0x00000277
#define MSR_EFER		0xc0000080
#define MSR_IA32_DEBUGCTL	0x000001d9
#define MSR_SYSENTER_CS		0x00000174
#define MSR_SYSENTER_ESP	0x00000175
#define MSR_SYSENTER_EIP	0x00000176

#define PIN_TIMER	(1U << 6)
#define CPU2_EPT	(1U << 1)
#define CPU2_VPID	(1U << 5)
#define ACTIVITY_HLT	1

enum { SYNC_BASE = 1, SYNC_CASE, SYNC_SNAPSHOT, SYNC_RESULT };
enum { CMD_RUN = 1, CMD_SKIP, CMD_STOP };

struct fuzz_mut {
	uint32_t row;
	uint64_t val;
};

/* The mailbox: L1 fills the first part, the host the case, L1 the rest. */
struct fuzz_box {
	struct nvmx_model_caps caps;
	uint32_t maxphyaddr, va_bits, rtm;
	uint64_t efer_ok, debugctl_ok, vmcs_pa;
	uint64_t base[FIELDS_MAX];
	uint32_t n_mut, cmd;
	struct fuzz_mut mut[MAX_MUT];
	int wr[MAX_MUT];
	uint64_t rb[FIELDS_MAX];
	int launch;
	uint64_t reason, qual, l2_rax;
};

static struct vmx_l1 l1;
static struct fuzz_box box;

/* ---- L1 (guest code: no libc) ----------------------------------------- */

/* L2's whole executable world: VMCALL, and int3 everywhere else. */
__asm__(".pushsection .text\n"
	".balign 4096\n"
	".globl fuzz_l2_page\n"
	"fuzz_l2_page:\n"
	"	vmcall\n"
	"	jmp fuzz_l2_page\n"
	"	.fill 4091, 1, 0xcc\n"
	".popsection\n");
extern const char fuzz_l2_page[];

static uint8_t l2_stack[4096] __attribute__((aligned(4096)));
static uint64_t sb_pml4[512] __attribute__((aligned(4096)));
static uint64_t sb_pdpt[512] __attribute__((aligned(4096)));
static uint64_t sb_pd[512] __attribute__((aligned(4096)));
static uint64_t sb_pt[4][512] __attribute__((aligned(4096)));
static unsigned int sb_npt;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* L1's state as it was before any launch, restored after each exit. */
static struct {
	uint64_t cr0, cr4, efer, pat, fs_base, gs_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	struct desc_ptr gdt, idt;
	uint16_t cs, ss, ds, es, fs, gs, tr;
} saved;

#define PA(p)	((uint64_t)(uintptr_t)(p))

/* SDM Vol. 3C 29.3.2: a 4-KByte EPT leaf, memory type WB. */
static void sb_map(uint64_t pa, uint64_t perm)
{
	unsigned int pdi = (pa >> 21) & 511;
	uint64_t *pt;

	GUEST_ASSERT(pa < (1ULL << 30));
	if (!sb_pd[pdi]) {
		GUEST_ASSERT(sb_npt < 4);
		sb_pd[pdi] = PA(sb_pt[sb_npt++]) | 7;
	}
	pt = (uint64_t *)(uintptr_t)(sb_pd[pdi] & ~0xfffULL);
	pt[(pa >> 12) & 511] = (pa & ~0xfffULL) | perm | (6ULL << 3);
}

static uint64_t build_sandbox_ept(void)
{
	uint64_t pa;

	sb_pml4[0] = PA(sb_pdpt) | 7;
	sb_pdpt[0] = PA(sb_pd) | 7;
	sb_map(PA(fuzz_l2_page), 1 | 4);	/* R, X */
	sb_map(PA(l2_stack), 1 | 2);		/* R, W */
	for (pa = NVMX_GDT_GPA; pa < NVMX_PML4_GPA + 6 * NVMX_PAGE_SIZE;
	     pa += NVMX_PAGE_SIZE)
		sb_map(pa, 1);			/* GDT, IDT, TSS, tables */
	/* SDM Vol. 3C 25.6.11: WB, 4-level walk. */
	return PA(sb_pml4) | (3 << 3) | 6;
}

static void read_caps(void)
{
	struct nvmx_model_caps *c = &box.caps;
	uint32_t a, b, cx, d;

	c->basic = guest_rdmsr(MSR_IA32_VMX_BASIC);
	c->pinbased = guest_rdmsr(MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased = guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = guest_rdmsr(MSR_IA32_VMX_EXIT_CTLS);
	c->entry = guest_rdmsr(MSR_IA32_VMX_ENTRY_CTLS);
	c->misc = guest_rdmsr(MSR_IA32_VMX_MISC);
	c->cr0_fixed0 = guest_rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = guest_rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = guest_rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = guest_rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	c->vmcs_enum = guest_rdmsr(MSR_IA32_VMX_VMCS_ENUM);
	/* SDM Vol. 3D A.3.3, A.10: only when the controls exist. */
	if (c->procbased >> 63)
		c->procbased2 = guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
	if ((c->procbased2 >> 32) & (CPU2_EPT | CPU2_VPID))
		c->ept_vpid_cap = guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	if (c->basic & VMX_BASIC_TRUE_CTLS) {
		c->true_pinbased = guest_rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS);
		c->true_procbased = guest_rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
		c->true_exit = guest_rdmsr(MSR_IA32_VMX_TRUE_EXIT_CTLS);
		c->true_entry = guest_rdmsr(MSR_IA32_VMX_TRUE_ENTRY_CTLS);
	}
	guest_cpuid(0x80000008, 0, &a, &b, &cx, &d);
	box.maxphyaddr = a & 0xff;
	guest_cpuid(7, 0, &a, &b, &cx, &d);
	box.va_bits = (cx & (1U << 16)) ? 57 : 48;	/* LA57 */
	box.rtm = !!(b & (1U << 11));
	guest_cpuid(0x80000001, 0, &a, &b, &cx, &d);
	/* SDM Vol. 4 2.2.1: SCE, LME/LMA with LM, NXE with NX. */
	box.efer_ok = 1 | ((d & (1U << 29)) ? (1ULL << 8) | (1ULL << 10) : 0) |
		      ((d & (1U << 20)) ? 1ULL << 11 : 0);
}

/* The IA32_DEBUGCTL bits L1's own WRMSR accepts (the rest are reserved). */
static void probe_debugctl(void)
{
	unsigned int bit;

	box.debugctl_ok = 0;
	for (bit = 0; bit < 16; bit++)
		if (guest_try("wrmsr", "c"(MSR_IA32_DEBUGCTL),
			      "a"(1U << bit), "d"(0)) == NVMX_NO_FAULT)
			box.debugctl_ok |= 1ULL << bit;
	guest_wrmsr(MSR_IA32_DEBUGCTL, 0);
}

static void save_l1(void)
{
	saved.cr0 = guest_read_cr0();
	saved.cr4 = guest_read_cr4();
	saved.efer = guest_rdmsr(MSR_EFER);
	saved.pat = guest_rdmsr(MSR_IA32_CR_PAT);
	saved.fs_base = guest_rdmsr(MSR_FS_BASE);
	saved.gs_base = guest_rdmsr(MSR_GS_BASE);
	saved.sysenter_cs = guest_rdmsr(MSR_SYSENTER_CS);
	saved.sysenter_esp = guest_rdmsr(MSR_SYSENTER_ESP);
	saved.sysenter_eip = guest_rdmsr(MSR_SYSENTER_EIP);
	__asm__ volatile("sgdt %0" : "=m"(saved.gdt));
	__asm__ volatile("sidt %0" : "=m"(saved.idt));
	__asm__ volatile("mov %%cs, %0" : "=r"(saved.cs));
	__asm__ volatile("mov %%ss, %0" : "=r"(saved.ss));
	__asm__ volatile("mov %%ds, %0" : "=r"(saved.ds));
	__asm__ volatile("mov %%es, %0" : "=r"(saved.es));
	__asm__ volatile("mov %%fs, %0" : "=r"(saved.fs));
	__asm__ volatile("mov %%gs, %0" : "=r"(saved.gs));
	__asm__ volatile("str %0" : "=r"(saved.tr));
}

/*
 * SDM Vol. 3C 28.5: a VM exit loaded L1's state from the host-state
 * fields, which a mutation may have set to other valid values: put L1's
 * own back (TR: its descriptor is busy since L1 loaded it, so clear that
 * first, SDM Vol. 3A 8.2.2).
 */
static void restore_l1(void)
{
	uint64_t *tss = (uint64_t *)(uintptr_t)(saved.gdt.base +
						 (saved.tr & ~7));

	__asm__ volatile("mov %0, %%cr0" : : "r"(saved.cr0) : "memory");
	__asm__ volatile("mov %0, %%cr4" : : "r"(saved.cr4) : "memory");
	guest_wrmsr(MSR_EFER, saved.efer);
	guest_wrmsr(MSR_IA32_CR_PAT, saved.pat);
	guest_wrmsr(MSR_SYSENTER_CS, saved.sysenter_cs);
	guest_wrmsr(MSR_SYSENTER_ESP, saved.sysenter_esp);
	guest_wrmsr(MSR_SYSENTER_EIP, saved.sysenter_eip);
	__asm__ volatile("lgdt %0" : : "m"(saved.gdt) : "memory");
	__asm__ volatile("lidt %0" : : "m"(saved.idt) : "memory");
	__asm__ volatile("mov %0, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "mov %3, %%fs\n\t"
			 "mov %4, %%gs"
			 : : "r"(saved.ds), "r"(saved.es), "r"(saved.ss),
			     "r"(saved.fs), "r"(saved.gs) : "memory");
	__asm__ volatile("pushq %q0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n\t"
			 "1:"
			 : : "r"((uint64_t)saved.cs) : "rax", "memory");
	tss[0] &= ~(1ULL << 41);
	__asm__ volatile("ltr %0" : : "r"(saved.tr) : "memory");
	guest_wrmsr(MSR_FS_BASE, saved.fs_base);
	guest_wrmsr(MSR_GS_BASE, saved.gs_base);
}

static void readback(uint64_t *vals)
{
	unsigned int i;

	for (i = 0; i < nvmx_model_nr_fields; i++)
		vals[i] = nvmx_model_l1_writable(i) ?
			  vmreadz(nvmx_model_fields[i].enc) : 0;
}

static void load_vmcs(void)
{
	*(uint32_t *)l1.vmcs = l1.revision;
	GUEST_ASSERT_EQ(vmx_vmclear(PA(l1.vmcs)), VMX_OK);
	GUEST_ASSERT_EQ(vmx_vmptrld(PA(l1.vmcs)), VMX_OK);
}

/* Every writable field to @vals (0: nothing of an earlier use remains). */
static void write_all(const uint64_t *vals)
{
	unsigned int i;

	for (i = 0; i < nvmx_model_nr_fields; i++)
		if (nvmx_model_l1_writable(i))
			vmwritez(nvmx_model_fields[i].enc, vals ? vals[i] : 0);
}

/* The valid 64-bit L2 every case starts from. */
static void build_base(void)
{
	uint32_t allowed2 = box.caps.procbased2 >> 32;
	uint32_t proc2 = allowed2 & (CPU2_EPT | CPU2_VPID);
	uint64_t eptp = build_sandbox_ept();

	GUEST_ASSERT(proc2 & CPU2_EPT);
	GUEST_ASSERT(box.caps.ept_vpid_cap & EPT_CAP_WB);
	load_vmcs();
	write_all(NULL);
	vmx_prepare_vmcs(&l1, (void (*)(void))(uintptr_t)fuzz_l2_page,
			 CPU_USE_IO_BITMAPS | CPU_USE_MSR_BITMAPS, proc2);
	vmwritez(EPT_POINTER, eptp);
	if (proc2 & CPU2_VPID)
		vmwritez(VIRTUAL_PROCESSOR_ID, 1);
	if ((box.caps.pinbased >> 32) & PIN_TIMER) {
		vmwritez(PIN_BASED_VM_EXEC_CONTROL,
			 vmreadz(PIN_BASED_VM_EXEC_CONTROL) | PIN_TIMER);
		vmwritez(VMX_PREEMPTION_TIMER_VALUE, TIMER_BASE);
	}
	vmwritez(NVMX_ENC_VM_EXIT_MSR_STORE_ADDR, MSR_AREA_GPA);
	vmwritez(NVMX_ENC_VM_EXIT_MSR_LOAD_ADDR, MSR_AREA_GPA);
	vmwritez(NVMX_ENC_VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA_GPA);
	vmwritez(NVMX_ENC_GUEST_IA32_PAT, saved.pat);
	vmwritez(NVMX_ENC_GUEST_IA32_EFER, saved.efer);
	vmwritez(NVMX_ENC_HOST_IA32_PAT, saved.pat);
	vmwritez(NVMX_ENC_HOST_IA32_EFER, saved.efer);
	vmwritez(GUEST_RSP, PA(l2_stack) + sizeof(l2_stack) - 16);
	box.vmcs_pa = PA(l1.vmcs);
}

static void launch(void)
{
	int r;

	l1.launched = false;
	l1.gprs.rax = L2_MARK;
	box.reason = 0;
	box.qual = 0;
	box.l2_rax = 0;
	r = vmx_run_l2(&l1);
	box.launch = r;
	if (r != VMX_OK)
		return;
	restore_l1();
	box.reason = vmreadz(VM_EXIT_REASON);
	box.qual = vmreadz(EXIT_QUALIFICATION);
	box.l2_rax = l1.gprs.rax;
}

static void l1_guest(void)
{
	unsigned int i;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	read_caps();
	probe_debugctl();
	save_l1();
	build_base();
	readback(box.base);
	GUEST_SYNC(SYNC_BASE);
	for (;;) {
		GUEST_SYNC(SYNC_CASE);
		if (box.cmd == CMD_STOP)
			break;
		load_vmcs();
		write_all(box.base);
		for (i = 0; i < box.n_mut && i < MAX_MUT; i++)
			box.wr[i] = vmx_vmwrite(nvmx_model_fields[box.mut[i].row].enc,
						box.mut[i].val);
		readback(box.rb);
		GUEST_SYNC(SYNC_SNAPSHOT);
		if (box.cmd == CMD_RUN)
			launch();
		GUEST_SYNC(SYNC_RESULT);
	}
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------- */

enum vclass { V_ZERO, V_ONES, V_FLIP, V_EDGE, V_RANDOM, NR_VCLASS };

struct fuzz {
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct fuzz_box *box;
	struct nvmx_model_ctx ctx;
	uint64_t rng;
	unsigned int writable[FIELDS_MAX], nr_writable;
	/* tallies */
	unsigned int cases, vetoed, vmfail, entry_fail, entered, hw_only;
	unsigned int mismatches;
	unsigned int hw_only_field[FIELDS_MAX];
	unsigned int reasons[80];
	const char *veto_why[8];
	unsigned int veto_count[8];
};

/* xorshift64* (Vigna): deterministic, no libc state. */
static uint64_t rnd(struct fuzz *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dULL;
}

static bool slot_of(struct test_vm *vm, uint64_t gpa, const struct test_slot **s)
{
	unsigned int i;

	for (i = 0; i < NVMX_VM_MAX_SLOTS; i++) {
		const struct test_slot *t = &vm->slots[i];

		if (t->used && gpa >= t->gpa && gpa - t->gpa < t->size) {
			*s = t;
			return true;
		}
	}
	return false;
}

/* As L0's nvmx_check_in_mem(): adjacent slots count as one range. */
static bool host_in_mem(void *opaque, uint64_t gpa, uint64_t len, bool write)
{
	struct test_vm *vm = opaque;
	const struct test_slot *s;
	uint64_t end = gpa + len - 1;

	if (!len || end < gpa)
		return false;
	while (slot_of(vm, gpa, &s)) {
		if (write && (s->flags & KVM_MEM_READONLY))
			return false;
		if (end - s->gpa < s->size)
			return true;
		gpa = s->gpa + s->size;
	}
	return false;
}

static int host_read(void *opaque, uint64_t gpa, void *buf, unsigned int len)
{
	if (!host_in_mem(opaque, gpa, len, false))
		return -EFAULT;
	memcpy(buf, test_gpa2hva(opaque, gpa), len);
	return 0;
}

static uint64_t width_mask(unsigned int row)
{
	unsigned int w = nvmx_model_width(nvmx_model_fields[row].enc);

	return w == 64 ? ~0ULL : (1ULL << w) - 1;
}

static bool name_is(unsigned int row, const char *n)
{
	return !strcmp(nvmx_model_fields[row].name, n);
}

static bool name_has(unsigned int row, const char *n)
{
	return strstr(nvmx_model_fields[row].name, n);
}

static const char *const addr_fields[] = {
	"IO_BITMAP_A", "IO_BITMAP_B", "MSR_BITMAP", "VM_EXIT_MSR_STORE_ADDR",
	"VM_EXIT_MSR_LOAD_ADDR", "VM_ENTRY_MSR_LOAD_ADDR", "EPT_POINTER",
	"VMCS_LINK_POINTER", "GUEST_CR3", "HOST_CR3",
};

static bool is_addr(unsigned int row)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(addr_fields); i++)
		if (name_is(row, addr_fields[i]))
			return true;
	return false;
}

static bool is_linear(unsigned int row)
{
	return name_has(row, "_BASE") || name_has(row, "_RIP") ||
	       name_has(row, "SYSENTER_E");
}

/* A control field's capability MSR (SDM Vol. 3D A.3-A.5), or 0. */
static uint64_t ctl_cap(struct fuzz *f, unsigned int row)
{
	const struct nvmx_model_caps *c = &f->box->caps;
	bool tru = c->basic & VMX_BASIC_TRUE_CTLS;

	if (name_is(row, "PIN_BASED_VM_EXEC_CONTROL"))
		return tru ? c->true_pinbased : c->pinbased;
	if (name_is(row, "CPU_BASED_VM_EXEC_CONTROL"))
		return tru ? c->true_procbased : c->procbased;
	if (name_is(row, "SECONDARY_VM_EXEC_CONTROL"))
		return c->procbased2;
	if (name_is(row, "VM_EXIT_CONTROLS"))
		return tru ? c->true_exit : c->exit;
	if (name_is(row, "VM_ENTRY_CONTROLS"))
		return tru ? c->true_entry : c->entry;
	return 0;
}

/* A random set bit of @m, or 0. */
static uint64_t pick_bit(struct fuzz *f, uint64_t m)
{
	unsigned int n = __builtin_popcountll(m), k;

	if (!n)
		return 0;
	for (k = rnd(f) % n; k; k--)
		m &= m - 1;
	return m & -m;
}

/* The field class's edges: the values on both sides of its rules. */
static uint64_t edge_value(struct fuzz *f, unsigned int row, uint64_t base)
{
	const struct nvmx_model_caps *c = &f->box->caps;
	uint64_t top = 1ULL << f->box->maxphyaddr, cap = ctl_cap(f, row);
	uint64_t half = 1ULL << (f->box->va_bits - 1), v[6];
	uint64_t max;
	unsigned int n = 0;

	if (is_addr(row)) {
		v[n++] = top;			/* just beyond MAXPHYADDR */
		v[n++] = top - 0x1000;		/* last page below it */
		v[n++] = top - 0x10;
		v[n++] = base + 1;		/* misaligned */
		v[n++] = base + 0x10;
		v[n++] = base + 0x1000;
	} else if (is_linear(row)) {
		v[n++] = half - 1;		/* canonical edges */
		v[n++] = half;
		v[n++] = -half;
		v[n++] = -half - 1;
	} else if (cap) {
		v[n++] = (uint32_t)cap;		/* allowed-0 settings */
		v[n++] = cap >> 32;		/* allowed-1 settings */
		v[n++] = base | pick_bit(f, ~(cap >> 32) & 0xffffffffULL);
		v[n++] = base & ~pick_bit(f, (uint32_t)cap);
	} else if (name_is(row, "CR3_TARGET_COUNT")) {
		max = (c->misc >> 16) & 0x1ff;	/* SDM Vol. 3D A.6 */
		v[n++] = max;
		v[n++] = max + 1;
	} else if (name_has(row, "MSR_") && name_has(row, "_COUNT")) {
		max = nvmx_model_msr_list_max(c);
		v[n++] = 1;
		v[n++] = max;
		v[n++] = max + 1;
	} else {
		v[n++] = 1;
		v[n++] = width_mask(row) >> 1;	/* sign edges */
		v[n++] = (width_mask(row) >> 1) + 1;
	}
	return v[rnd(f) % n];
}

static uint64_t gen_value(struct fuzz *f, unsigned int row, enum vclass vc)
{
	uint64_t base = f->box->base[row], m = width_mask(row);
	unsigned int w = nvmx_model_width(nvmx_model_fields[row].enc);

	switch (vc) {
	case V_ZERO:
		return 0;
	case V_ONES:
		return m;
	case V_FLIP:
		return base ^ (1ULL << (rnd(f) % w));
	case V_EDGE:
		return edge_value(f, row, base) & m;
	default:
		return rnd(f) & m;
	}
}

static unsigned int row_of(const char *name)
{
	unsigned int i;

	for (i = 0; i < nvmx_model_nr_fields; i++)
		if (!strcmp(nvmx_model_fields[i].name, name))
			return i;
	NVMX_DIE("no VMCS field %s in the table", name);
}

#define RB(f, name)	((f)->box->rb[row_of(#name)])
#define BASE(f, name)	((f)->box->base[row_of(#name)])

static bool differs(struct fuzz *f, const char *name)
{
	unsigned int r = row_of(name);

	return f->box->rb[r] != f->box->base[r];
}

/* A VM-exit MSR list L0 would load or store outside the test's area. */
static bool exit_list_outside(uint64_t addr, uint64_t count)
{
	return count && (addr < MSR_AREA_GPA ||
			 addr + count * 16 > MSR_AREA_GPA + MSR_AREA_SIZE ||
			 addr + count * 16 < addr);
}

/*
 * SDM Vol. 3C 27.4 as L0 applies it to the VM-entry MSR-load list, after
 * 27.2 and 27.3 passed: the IA32_VMX_MISC limit, then per entry the
 * refusals of nvmx_entry_msr_ok() and WRMSR's rule.  Returns false when
 * the outcome depends on an MSR the model has no WRMSR rule for.
 */
static bool model_entry_msrs(struct fuzz *f, struct nvmx_model_result *res)
{
	uint64_t addr = RB(f, VM_ENTRY_MSR_LOAD_ADDR);
	uint64_t count = RB(f, VM_ENTRY_MSR_LOAD_COUNT);
	uint64_t max = nvmx_model_msr_list_max(&f->box->caps), i;
	uint32_t e[4];

	for (i = 0; i < count; i++) {
		if (i >= max)
			goto fail;
		if (host_read(f->vm, addr + i * 16, e, sizeof(e)))
			return false;
		if (!nvmx_model_msr_entry_ok(e[0], e[1]))
			goto fail;
		/* SDM Vol. 4 2.1: IA32_KERNEL_GS_BASE takes a canonical value. */
		if (e[0] != MSR_KERNEL_GS_BASE ||
		    (uint64_t)((int64_t)(((uint64_t)e[3] << 32 | e[2]) << 16) >> 16) !=
		    ((uint64_t)e[3] << 32 | e[2]))
			return false;
	}
	return true;
fail:
	res->outcome = NVMX_MODEL_EXIT;
	res->error = EXIT_REASON_MSR_LOAD_FAIL;
	res->qual = i + 1;
	res->check = -1;
	return true;
}

/*
 * Cases the test does not launch (see the top comment): what L1 could
 * not survive after the exit, or what would run L2 outside the sandbox.
 */
static const char *veto(struct fuzz *f, const struct nvmx_model_result *res)
{
	uint32_t proc = RB(f, CPU_BASED_VM_EXEC_CONTROL);
	uint32_t proc2 = RB(f, SECONDARY_VM_EXEC_CONTROL);
	bool ept = (proc & CPU_SECONDARY_CONTROLS) && (proc2 & CPU2_EPT);
	uint64_t eptp = RB(f, EPT_POINTER);
	unsigned int i;

	if (res->outcome == NVMX_MODEL_VMFAIL)
		return NULL;
	if (differs(f, "HOST_RIP") || differs(f, "HOST_RSP") ||
	    differs(f, "HOST_CR3"))
		return "L1's own RIP/RSP/CR3";
	if (exit_list_outside(RB(f, VM_EXIT_MSR_STORE_ADDR),
			      RB(f, VM_EXIT_MSR_STORE_COUNT)) ||
	    exit_list_outside(RB(f, VM_EXIT_MSR_LOAD_ADDR),
			      RB(f, VM_EXIT_MSR_LOAD_COUNT)))
		return "VM-exit MSR list outside the area";
	if (res->outcome != NVMX_MODEL_ENTERS)
		return NULL;
	if (!ept) {
		for (i = 0; i < nvmx_model_nr_fields; i++)
			if (nvmx_model_type(nvmx_model_fields[i].enc) ==
			    NVMX_MODEL_GUEST &&
			    f->box->rb[i] != f->box->base[i])
				return "guest state without the EPT sandbox";
		if (differs(f, "VM_ENTRY_INTR_INFO_FIELD"))
			return "event without the EPT sandbox";
	} else if ((eptp >> 12) != (BASE(f, EPT_POINTER) >> 12) &&
		   host_in_mem(f->vm, eptp & ~0xfffULL, 4096, false)) {
		return "EPTP to another page of L1";
	}
	if (RB(f, GUEST_ACTIVITY_STATE) == ACTIVITY_HLT &&
	    (!(RB(f, PIN_BASED_VM_EXEC_CONTROL) & PIN_TIMER) ||
	     RB(f, VMX_PREEMPTION_TIMER_VALUE) > TIMER_BASE))
		return "HLT without the timer";
	return NULL;
}

static void log_case(struct fuzz *f, const char *what, uint64_t seed,
		     unsigned int n)
{
	unsigned int i;

	ksft_print_msg("%s: seed %#llx case %u:\n", what,
		       (unsigned long long)seed, n);
	for (i = 0; i < f->box->n_mut; i++)
		ksft_print_msg("    %s = %#llx (read back %#llx)\n",
			       nvmx_model_fields[f->box->mut[i].row].name,
			       (unsigned long long)f->box->mut[i].val,
			       (unsigned long long)f->box->rb[f->box->mut[i].row]);
}

static bool guest_field_mutated(struct fuzz *f)
{
	unsigned int i;

	for (i = 0; i < f->box->n_mut; i++)
		if (nvmx_model_type(nvmx_model_fields[f->box->mut[i].row].enc) ==
		    NVMX_MODEL_GUEST)
			return true;
	return false;
}

/* Compare L1's outcome with the model's; log and count a mismatch. */
static void judge(struct fuzz *f, const struct nvmx_model_result *res,
		  uint64_t seed, unsigned int n)
{
	const struct fuzz_box *b = f->box;
	uint32_t reason = b->reason;
	unsigned int i;
	char want[96];

	switch (res->outcome) {
	case NVMX_MODEL_VMFAIL:
		snprintf(want, sizeof(want), "VMfailValid(%u) [%s]",
			 res->error, nvmx_model_check_name(res->check));
		if (b->launch == VMFAIL_VALID((int)res->error)) {
			f->vmfail++;
			return;
		}
		break;
	case NVMX_MODEL_EXIT:
		snprintf(want, sizeof(want), "exit %#x qual %#llx [%s]",
			 res->error | FAILED_ENTRY,
			 (unsigned long long)res->qual,
			 nvmx_model_check_name(res->check));
		if (b->launch == VMX_OK &&
		    reason == (res->error | FAILED_ENTRY) &&
		    b->qual == res->qual) {
			f->entry_fail++;
			return;
		}
		break;
	default:
		snprintf(want, sizeof(want), "an exit from L2");
		if (b->launch != VMX_OK)
			break;
		if (!(reason & FAILED_ENTRY)) {
			if (reason == EXIT_REASON_VMCALL &&
			    b->l2_rax != L2_MARK)
				break;
			f->entered++;
			f->reasons[reason < 80 ? reason : 79]++;
			return;
		}
		/* A guest-state check of SDM 27.3 the model leaves to hardware. */
		if (reason == (EXIT_REASON_INVALID_STATE | FAILED_ENTRY) &&
		    !b->qual && guest_field_mutated(f)) {
			f->hw_only++;
			for (i = 0; i < b->n_mut; i++)
				if (nvmx_model_type(nvmx_model_fields[b->mut[i].row].enc) ==
				    NVMX_MODEL_GUEST)
					f->hw_only_field[b->mut[i].row]++;
			log_case(f, "hardware-only exit 33", seed, n);
			return;
		}
		break;
	}
	f->mismatches++;
	log_case(f, "MISMATCH", seed, n);
	ksft_print_msg("    expected %s, got launch %#x exit reason %#x qual %#llx L2 RAX %#llx\n",
		       want, b->launch, reason, (unsigned long long)b->qual,
		       (unsigned long long)b->l2_rax);
}

static void fill_msr_area(struct fuzz *f)
{
	uint32_t *a = test_gpa2hva(f->vm, MSR_AREA_GPA);
	uint64_t i;

	for (i = 0; i < MSR_AREA_SIZE / 16; i++) {
		a[4 * i] = MSR_KERNEL_GS_BASE;
		a[4 * i + 1] = 0;
		a[4 * i + 2] = 0;
		a[4 * i + 3] = 0;
	}
}

static void fuzz_start(struct __test_metadata *_metadata, struct fuzz *f)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	ASSERT_LE(nvmx_model_nr_fields, (unsigned int)FIELDS_MAX);
	f->vm = test_vm_create(NVMX_MODE_LONG);
	if (!test_vm_enable_vmx(f->vm)) {
		test_vm_free(f->vm);
		f->vm = NULL;
		return;
	}
	test_vm_add_slot(f->vm, MSR_AREA_SLOT, MSR_AREA_GPA, MSR_AREA_SIZE, 0);
	f->vcpu = test_vcpu_add_guest(f->vm, 0, l1_guest);
	f->box = &test_guest_global(f->vm, box);
	test_vcpu_run_sync(f->vcpu, SYNC_BASE);
	f->ctx = (struct nvmx_model_ctx) {
		.maxphyaddr = f->box->maxphyaddr,
		.va_bits = f->box->va_bits,
		.l1_lma = true,
		.efer_ok = f->box->efer_ok,
		.debugctl_ok = f->box->debugctl_ok,
		.rtm = f->box->rtm,
		.vmcs12_ptr = f->box->vmcs_pa,
		.in_mem = host_in_mem,
		.read = host_read,
		.opaque = f->vm,
	};
	for (i = 0; i < nvmx_model_nr_fields; i++)
		if (nvmx_model_l1_writable(i))
			f->writable[f->nr_writable++] = i;
}

/* One launch of the mutations in f->box (or a veto, counted). */
static void fuzz_case(struct __test_metadata *_metadata, struct fuzz *f,
		      uint64_t seed, unsigned int n)
{
	struct nvmx_model_result res;
	const char *why;
	unsigned int i;

	fill_msr_area(f);
	f->box->cmd = CMD_RUN;
	test_vcpu_run_sync(f->vcpu, SYNC_SNAPSHOT);
	for (i = 0; i < f->box->n_mut; i++) {
		const struct fuzz_mut *m = &f->box->mut[i];

		/* SDM Vol. 3C 31.3 VMWRITE: an L1-writable field takes any value. */
		EXPECT_EQ(VMX_OK, f->box->wr[i])
			TH_LOG("VMWRITE %s", nvmx_model_fields[m->row].name);
	}
	ASSERT_EQ(0, nvmx_model_entry(f->box->rb, &f->box->caps, &f->ctx, &res));
	why = res.outcome == NVMX_MODEL_ENTERS && !model_entry_msrs(f, &res) ?
	      "entry MSR without a WRMSR rule" : veto(f, &res);
	f->cases++;
	if (why) {
		for (i = 0; i < ARRAY_SIZE(f->veto_why); i++) {
			if (!f->veto_why[i] || f->veto_why[i] == why) {
				f->veto_why[i] = why;
				f->veto_count[i]++;
				break;
			}
		}
		f->vetoed++;
		f->box->cmd = CMD_SKIP;
		test_vcpu_run_sync(f->vcpu, SYNC_RESULT);
		test_vcpu_run_sync(f->vcpu, SYNC_CASE);
		return;
	}
	test_vcpu_run_sync(f->vcpu, SYNC_RESULT);
	judge(f, &res, seed, n);
	test_vcpu_run_sync(f->vcpu, SYNC_CASE);
}

static void fuzz_finish(struct __test_metadata *_metadata, struct fuzz *f,
			const char *name)
{
	unsigned int i;

	f->box->cmd = CMD_STOP;
	test_vcpu_run_done(f->vcpu);
	ksft_print_msg("%s: %u cases: %u VMfail, %u entry-failure exits, %u entered, %u hardware-only exit 33, %u vetoed, %u mismatches\n",
		       name, f->cases, f->vmfail, f->entry_fail, f->entered,
		       f->hw_only, f->vetoed, f->mismatches);
	for (i = 0; i < 80; i++)
		if (f->reasons[i])
			ksft_print_msg("  entered, first exit reason %u: %u\n",
				       i, f->reasons[i]);
	for (i = 0; i < ARRAY_SIZE(f->veto_why) && f->veto_why[i]; i++)
		ksft_print_msg("  vetoed (%s): %u\n", f->veto_why[i],
			       f->veto_count[i]);
	for (i = 0; i < nvmx_model_nr_fields; i++)
		if (f->hw_only_field[i])
			ksft_print_msg("  hardware-only exit 33 with %s mutated: %u\n",
				       nvmx_model_fields[i].name,
				       f->hw_only_field[i]);
	EXPECT_EQ(0U, f->mismatches);
	EXPECT_LT(f->vetoed, f->cases);
	test_vm_free(f->vm);
}

#define FUZZ_BEGIN(f) do {						\
	fuzz_start(_metadata, f);					\
	if (!(f)->vm)							\
		SKIP(return, "%s reports no CPUID.1:ECX.VMX",		\
		     nvmx_dev_path());					\
	test_vcpu_run_sync((f)->vcpu, SYNC_CASE);			\
} while (0)

/* CASES launches of 1..MAX_MUT random fields with random value classes. */
static void fuzz_seed(struct __test_metadata *_metadata, uint64_t seed)
{
	struct fuzz f;
	unsigned int n, i, j, k;
	char name[32];

	FUZZ_BEGIN(&f);
	f.rng = seed;
	for (n = 0; n < CASES; n++) {
		k = 1 + rnd(&f) % MAX_MUT;
		f.box->n_mut = 0;
		for (i = 0; i < k; i++) {
			unsigned int row = f.writable[rnd(&f) % f.nr_writable];

			for (j = 0; j < f.box->n_mut; j++)
				if (f.box->mut[j].row == row)
					break;
			if (j < f.box->n_mut)
				continue;
			f.box->mut[f.box->n_mut].row = row;
			f.box->mut[f.box->n_mut].val =
				gen_value(&f, row, rnd(&f) % NR_VCLASS);
			f.box->n_mut++;
		}
		fuzz_case(_metadata, &f, seed, n);
	}
	snprintf(name, sizeof(name), "seed %#llx", (unsigned long long)seed);
	fuzz_finish(_metadata, &f, name);
}

/* Every writable field of @type alone, with each boundary value class. */
static void fuzz_boundary(struct __test_metadata *_metadata,
			  enum nvmx_model_type type, const char *name)
{
	struct fuzz f;
	unsigned int i, n = 0;
	enum vclass vc;

	FUZZ_BEGIN(&f);
	f.rng = 0x6e766d78ULL + type;
	for (i = 0; i < f.nr_writable; i++) {
		unsigned int row = f.writable[i];

		if (nvmx_model_type(nvmx_model_fields[row].enc) != type)
			continue;
		for (vc = V_ZERO; vc < V_RANDOM; vc++) {
			f.box->n_mut = 1;
			f.box->mut[0].row = row;
			f.box->mut[0].val = gen_value(&f, row, vc);
			fuzz_case(_metadata, &f, f.rng, n++);
		}
	}
	fuzz_finish(_metadata, &f, name);
}

TEST(boundary_controls)
{
	fuzz_boundary(_metadata, NVMX_MODEL_CONTROL, "boundary controls");
}

TEST(boundary_guest_state)
{
	fuzz_boundary(_metadata, NVMX_MODEL_GUEST, "boundary guest state");
}

TEST(boundary_host_state)
{
	fuzz_boundary(_metadata, NVMX_MODEL_HOST, "boundary host state");
}

TEST(seed_1)
{
	fuzz_seed(_metadata, 0x1ULL);
}

TEST(seed_2)
{
	fuzz_seed(_metadata, 0x9e3779b97f4a7c15ULL);
}

TEST(seed_3)
{
	fuzz_seed(_metadata, 0xdeadbeefcafef00dULL);
}

TEST(seed_4)
{
	fuzz_seed(_metadata, 0x4e564d5846555a5aULL);
}

TEST_HARNESS_MAIN
