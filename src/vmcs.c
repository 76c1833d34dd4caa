// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS setup and diagnostics.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/vmx.h>

#include "vcpu.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/*
 * SDM Vol. 3C 25.11.2: bit 0 access type (0 = full), bits 9:1 index,
 * 11:10 type, 12 reserved (0), 14:13 width, 31:15 reserved (0).
 */
#define NVMX_VMCS_FIELD_RESERVED	(BIT(0) | BIT(12) | GENMASK(31, 15))

/* Build-time assertion on every encoding of the table. */
#define NVMX_VMCS_FIELD(enc, shadow)					\
	BUILD_BUG_ON_ZERO((enc) & NVMX_VMCS_FIELD_RESERVED),
static const int nvmx_vmcs_field_checks[] __maybe_unused = {
#include "vmcs_fields.h"
};

#undef NVMX_VMCS_FIELD

/* In table order, which is enum nvmx_vmcs_field_idx order. */
#define NVMX_VMCS_FIELD(enc, shadow)	{ enc, shadow, #enc },
const struct nvmx_vmcs_field nvmx_vmcs_fields[NVMX_NR_VMCS_FIELDS] = {
#include "vmcs_fields.h"
};

#undef NVMX_VMCS_FIELD

/**
 * nvmx_vmcs_field_index() - the table row of a field encoding
 * @enc: a VMCS field encoding (SDM Vol. 3C 25.11.2)
 *
 * Only "full" encodings are rows; the "high" half of a 64-bit field
 * (bit 0 set) is not, its caller maps it.
 *
 * Return: the enum nvmx_vmcs_field_idx of @enc, or -1 if nvmx has no
 * such field.
 */
int nvmx_vmcs_field_index(u32 enc)
{
	int i;

	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		if (nvmx_vmcs_fields[i].enc == enc)
			return i;
	return -1;
}

/**
 * nvmx_vmx_insn_failed() - report a VMfail of a VMX instruction
 * @insn: the instruction's mnemonic
 * @op1: first operand (field, physical address or type)
 * @op2: second operand (value), or 0
 *
 * SDM Vol. 3C 31.4: after VMfailValid the VM-instruction error field of
 * the current VMCS says why; after VMfailInvalid (no current VMCS) that
 * field cannot be read and is shown as -1.
 */
void nvmx_vmx_insn_failed(const char *insn, u64 op1, u64 op2)
{
	unsigned long err;
	bool unreadable;

	/* VMREAD of the error itself; CF or ZF set means it failed too. */
	asm volatile("vmread %[field], %[err]"
		     : [err] "=r" (err), "=@ccbe" (unreadable)
		     : [field] "r" ((unsigned long)VM_INSTRUCTION_ERROR)
		     : "cc");
	pr_err_ratelimited("%s(0x%llx, 0x%llx) failed: VM-instruction error %ld\n",
			   insn, op1, op2, unreadable ? -1L : (long)err);
}

/**
 * nvmx_vmx_insn_faulted() - report a fault (#UD/#GP) of a VMX instruction
 * @insn: the instruction's mnemonic
 * @op1: first operand
 * @op2: second operand, or 0
 *
 * A fault means the CPU is not in VMX operation or the operand is bad:
 * a bug of nvmx, hence the one-time warning with a backtrace.
 */
void nvmx_vmx_insn_faulted(const char *insn, u64 op1, u64 op2)
{
	WARN_ONCE(1, "nvmx: %s(0x%llx, 0x%llx) faulted\n", insn, op1, op2);
}

/**
 * nvmx_vmcs_dump() - print every field of the current VMCS to the log
 *
 * Used after a VM-entry failure.  The current VMCS must be loaded.
 */
void nvmx_vmcs_dump(void)
{
	const struct nvmx_vmcs_field *f;
	size_t i;

	pr_err("VMCS dump:\n");
	for (i = 0; i < ARRAY_SIZE(nvmx_vmcs_fields); i++) {
		f = &nvmx_vmcs_fields[i];
		pr_err("  %-32s (0x%04x) = 0x%lx\n", f->name, f->enc,
		       __nvmx_vmread(f->enc));
	}
}

/**
 * struct nvmx_vmcs_config - the control values every VMCS uses
 * @pin: pin-based VM-execution controls
 * @proc: primary processor-based VM-execution controls
 * @proc2: secondary processor-based VM-execution controls
 * @exit: VM-exit controls
 * @entry: VM-entry controls (without "IA-32e mode guest")
 * @cr0_mask: CR0 bits owned by nvmx (guest/host mask, SDM Vol. 3C 25.6.6)
 * @cr4_mask: CR4 bits owned by nvmx
 */
struct nvmx_vmcs_config {
	u32 pin;
	u32 proc;
	u32 proc2;
	u32 exit;
	u32 entry;
	unsigned long cr0_mask;
	unsigned long cr4_mask;
};

static struct nvmx_vmcs_config nvmx_vmcs_config;
/* One MSR bitmap for all vCPUs: every MSR exits but FS/GS base. */
static unsigned long *nvmx_msr_bitmap;

/* SDM Vol. 3D A.3-A.5: the TRUE MSRs when they exist (A.2). */
static u64 nvmx_ctl_msr(u64 normal, u64 true_ctl)
{
	return nvmx_cpu_has_true_ctls() ? true_ctl : normal;
}

static int nvmx_adjust(const char *what, u64 msr, u32 req, u32 opt, u32 *out)
{
	u32 missing = nvmx_ctl_adjust(msr, req, opt, out);

	if (missing)
		pr_err("%s controls 0x%x not supported\n", what, missing);
	return missing ? -EIO : 0;
}

/*
 * Pin-based (SDM Vol. 3C 25.6.1): external interrupts and NMIs always
 * exit, so the host keeps its interrupts (SDM Vol. 3C 26.2).  Virtual
 * NMIs only when available: nvmx injects no NMI, but with them NMI
 * blocking is tracked per the guest (SDM Vol. 3C 25.3 "Virtual NMIs").
 */
static int nvmx_config_pin(struct nvmx_vmcs_config *c)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;

	return nvmx_adjust("pin-based",
			   nvmx_ctl_msr(caps->pinbased, caps->true_pinbased),
			   PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
			   PIN_BASED_VIRTUAL_NMIS, &c->pin);
}

/*
 * Primary processor-based (SDM Vol. 3C 25.6.2): HLT, all I/O (no I/O
 * bitmaps), MSR bitmaps, MWAIT/MONITOR/RDPMC and CR8 accesses (no APIC)
 * exit; the guest TSC is offset (state's TSC_OFFSET, SDM Vol. 3C 26.3).
 * CR3-load/store exiting, required to be settable to 0 through the
 * TRUE MSR, stays off: with EPT the guest owns CR3 (SDM Vol. 3C 29.3).
 * Interrupt-window exiting is switched on per entry when needed.
 */
static int nvmx_config_proc(struct nvmx_vmcs_config *c)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;
	u32 req = CPU_BASED_HLT_EXITING | CPU_BASED_UNCOND_IO_EXITING |
		  CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_MWAIT_EXITING |
		  CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING |
		  CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING |
		  CPU_BASED_USE_TSC_OFFSETTING |
		  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;

	return nvmx_adjust("primary processor-based",
			   nvmx_ctl_msr(caps->procbased, caps->true_procbased),
			   req, 0, &c->proc);
}

/*
 * Secondary (SDM Vol. 3C 25.6.2 Table 25-7): EPT and unrestricted guest
 * are required (real mode and paging-off guests run natively, 27.3.1.1);
 * VPID, RDTSCP and INVPCID where the CPU has them.  "Enable XSAVES/XRSTORS"
 * stays 0 (XSAVES is #UD in the guest): IA32_XSS is not switched.
 */
static int nvmx_config_proc2(struct nvmx_vmcs_config *c)
{
	u32 req = SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST;
	u32 opt = SECONDARY_EXEC_ENABLE_VPID | SECONDARY_EXEC_ENABLE_RDTSCP |
		  SECONDARY_EXEC_ENABLE_INVPCID;

	return nvmx_adjust("secondary processor-based",
			   nvmx_vmx_caps.procbased2, req, opt, &c->proc2);
}

/*
 * VM-exit (SDM Vol. 3C 25.7.1): 64-bit host, EFER and PAT saved and
 * loaded.  "Acknowledge interrupt on exit" stays 0: the interrupt that
 * caused an exit stays pending in the local APIC (SDM Vol. 3C 25.7.1
 * Table 25-13, bit 15; 28.2.2) and is delivered through the host IDT as
 * soon as nvmx enables interrupts after the exit, so nvmx needs no IDT
 * dispatch code of its own (KVM acks on exit for posted interrupts, which
 * nvmx does not have).
 */
static int nvmx_config_exit_entry(struct nvmx_vmcs_config *c)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;
	int ret;

	ret = nvmx_adjust("VM-exit", nvmx_ctl_msr(caps->exit, caps->true_exit),
			  VM_EXIT_HOST_ADDR_SPACE_SIZE |
			  VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
			  VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER,
			  0, &c->exit);
	if (ret)
		return ret;
	/* SDM Vol. 3C 25.8.1: guest EFER and PAT come from the VMCS. */
	return nvmx_adjust("VM-entry",
			   nvmx_ctl_msr(caps->entry, caps->true_entry),
			   VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER,
			   0, &c->entry);
}

/*
 * CR0/CR4 bits nvmx owns (SDM Vol. 3C 25.6.6): those fixed by VMX
 * operation (SDM Vol. 3D A.7, A.8), except CR0.PE and CR0.PG which an
 * unrestricted guest may clear (SDM Vol. 3C 27.3.1.1).  The guest reads
 * its own value from the read shadow; a write that changes an owned bit
 * exits (SDM Vol. 3C 26.1.3).
 */
static void nvmx_config_cr_masks(struct nvmx_vmcs_config *c)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;
	unsigned long cr0_free = X86_CR0_PE | X86_CR0_PG;

	c->cr0_mask = (caps->cr0_fixed0 | ~caps->cr0_fixed1) & ~cr0_free;
	c->cr4_mask = caps->cr4_fixed0 | ~caps->cr4_fixed1;
}

/**
 * nvmx_vmcs_cr0_mask() - CR0 bits that nvmx owns
 *
 * Return: the CR0 guest/host mask every VMCS uses.
 */
unsigned long nvmx_vmcs_cr0_mask(void)
{
	return nvmx_vmcs_config.cr0_mask;
}

/**
 * nvmx_vmcs_cr4_mask() - CR4 bits that nvmx owns
 *
 * Return: the CR4 guest/host mask every VMCS uses.
 */
unsigned long nvmx_vmcs_cr4_mask(void)
{
	return nvmx_vmcs_config.cr4_mask;
}

/**
 * nvmx_vmcs_real_cr0() - the CR0 value the CPU uses for a guest CR0
 * @cr0: the guest's CR0 (its read shadow)
 *
 * Return: @cr0 with the VMX fixed bits applied (CR0.PE/PG left alone).
 */
unsigned long nvmx_vmcs_real_cr0(unsigned long cr0)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;
	unsigned long mask = nvmx_vmcs_config.cr0_mask;

	return (cr0 & ~mask) |
	       (nvmx_cr_fixed_apply(cr0, caps->cr0_fixed0, caps->cr0_fixed1) &
		mask);
}

/**
 * nvmx_vmcs_real_cr4() - the CR4 value the CPU uses for a guest CR4
 * @cr4: the guest's CR4 (its read shadow)
 *
 * Return: @cr4 with the VMX fixed bits (CR4.VMXE) applied.
 */
unsigned long nvmx_vmcs_real_cr4(unsigned long cr4)
{
	const struct nvmx_vmx_caps *caps = &nvmx_vmx_caps;

	return nvmx_cr_fixed_apply(cr4, caps->cr4_fixed0, caps->cr4_fixed1);
}

/* SDM Vol. 3C 25.6.9: clear the read and write bits of one MSR. */
static void nvmx_msr_bitmap_pass(u32 msr)
{
	/* Read bitmap low/high at 0/1024, write bitmap low/high at 2048/3072. */
	unsigned int base = msr >= 0xc0000000 ? 1024 * 8 : 0;
	unsigned int bit = msr & 0x1fff;

	__clear_bit(base + bit, nvmx_msr_bitmap);
	__clear_bit(2048 * 8 + base + bit, nvmx_msr_bitmap);
}

/**
 * nvmx_vmcs_setup_init() - compute the VMCS controls once at module load
 *
 * Return: 0, -EIO if the CPU lacks a required control, -ENOMEM.
 */
int nvmx_vmcs_setup_init(void)
{
	struct nvmx_vmcs_config *c = &nvmx_vmcs_config;
	int ret;

	ret = nvmx_config_pin(c);
	if (!ret)
		ret = nvmx_config_proc(c);
	if (!ret)
		ret = nvmx_config_proc2(c);
	if (!ret)
		ret = nvmx_config_exit_entry(c);
	if (ret)
		return ret;
	nvmx_config_cr_masks(c);
	nvmx_msr_bitmap = (unsigned long *)__get_free_page(GFP_KERNEL);
	if (!nvmx_msr_bitmap)
		return -ENOMEM;
	memset(nvmx_msr_bitmap, 0xff, PAGE_SIZE);
	/* FS/GS base live in the VMCS guest area (SDM Vol. 3C 25.4.1). */
	nvmx_msr_bitmap_pass(MSR_FS_BASE);
	nvmx_msr_bitmap_pass(MSR_GS_BASE);
	return 0;
}

/**
 * nvmx_vmcs_setup_exit() - free what nvmx_vmcs_setup_init() allocated
 */
void nvmx_vmcs_setup_exit(void)
{
	free_page((unsigned long)nvmx_msr_bitmap);
}

/**
 * nvmx_vmcs_set_host_state() - write this CPU's host state into the VMCS
 * @vcpu: the vCPU whose VMCS is current on this CPU (preemption off)
 *
 * SDM Vol. 3C 25.5 and 28.5: what a VM exit loads.  Per-CPU values (GDT,
 * TSS, IDT, SYSENTER_ESP, GS base, CR4) are rewritten whenever the vCPU
 * moves to another CPU; HOST_FS_BASE, HOST_CR3 and HOST_RSP are refreshed
 * before each entry by the run loop.
 */
void nvmx_vmcs_set_host_state(struct nvmx_vcpu *vcpu)
{
	struct desc_ptr gdt, idt;
	struct ldttss_desc *tss;
	unsigned long tr_base;
	u64 msr;

	vmcs_writel(HOST_CR0, read_cr0());
	vcpu->cur->host_cr4 = cr4_read_shadow();
	vmcs_writel(HOST_CR4, vcpu->cur->host_cr4);
	vcpu->cur->host_cr3 = __read_cr3();
	vmcs_writel(HOST_CR3, vcpu->cur->host_cr3);

	/* SDM Vol. 3C 27.2.3: RPL and TI 0; DS/ES/FS/GS may be null. */
	vmcs_write16(HOST_CS_SELECTOR, __KERNEL_CS);
	vmcs_write16(HOST_SS_SELECTOR, __KERNEL_DS);
	vmcs_write16(HOST_DS_SELECTOR, 0);
	vmcs_write16(HOST_ES_SELECTOR, 0);
	vmcs_write16(HOST_FS_SELECTOR, 0);
	vmcs_write16(HOST_GS_SELECTOR, 0);
	vmcs_write16(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);

	native_store_gdt(&gdt);
	store_idt(&idt);
	vmcs_writel(HOST_GDTR_BASE, gdt.address);
	vmcs_writel(HOST_IDTR_BASE, idt.address);
	/* The TSS base from this CPU's 16-byte TSS descriptor (SDM Vol. 3A 8.2.3). */
	tss = (struct ldttss_desc *)(gdt.address + GDT_ENTRY_TSS * 8);
	tr_base = tss->base0 | ((unsigned long)tss->base1 << 16) |
		  ((unsigned long)tss->base2 << 24) |
		  ((unsigned long)tss->base3 << 32);
	vmcs_writel(HOST_TR_BASE, tr_base);

	rdmsrl(MSR_GS_BASE, msr);
	vmcs_writel(HOST_GS_BASE, msr);
	rdmsrl(MSR_IA32_SYSENTER_CS, msr);
	vmcs_write32(HOST_IA32_SYSENTER_CS, msr);
	rdmsrl(MSR_IA32_SYSENTER_ESP, msr);
	vmcs_writel(HOST_IA32_SYSENTER_ESP, msr);
	rdmsrl(MSR_IA32_SYSENTER_EIP, msr);
	vmcs_writel(HOST_IA32_SYSENTER_EIP, msr);
	rdmsrl(MSR_EFER, msr);
	vmcs_write64(HOST_IA32_EFER, msr);
	rdmsrl(MSR_IA32_CR_PAT, msr);
	vmcs_write64(HOST_IA32_PAT, msr);
	vmcs_writel(HOST_RIP, (unsigned long)nvmx_vmexit);
}

/**
 * nvmx_set_host_rsp() - HOST_RSP for the coming VM entry
 * @rsp: the stack pointer nvmx_vmenter() enters the guest with
 *
 * Called from vmenter.S only, with the VMCS current and IRQs off.
 */
void nvmx_set_host_rsp(unsigned long rsp)
{
	vmcs_writel(HOST_RSP, rsp);
}

/**
 * nvmx_vmcs_init() - write the controls of a new vCPU's VMCS
 * @vcpu: the vCPU, its VMCS current (nvmx_vcpu_load())
 */
void nvmx_vmcs_init(struct nvmx_vcpu *vcpu)
{
	const struct nvmx_vmcs_config *c = &nvmx_vmcs_config;
	u32 proc2 = c->proc2;

	if (!vcpu->vpid)
		proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, c->pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, c->proc);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_write32(VM_EXIT_CONTROLS, c->exit);
	vmcs_write32(VM_ENTRY_CONTROLS, c->entry);
	vmcs_write32(EXCEPTION_BITMAP, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write64(MSR_BITMAP, __pa(nvmx_msr_bitmap));
	vmcs_write64(EPT_POINTER, nvmx_mmu_eptp(vcpu->vm));
	if (vcpu->vpid)
		vmcs_write16(VIRTUAL_PROCESSOR_ID, vcpu->vpid);
	vmcs_writel(CR0_GUEST_HOST_MASK, c->cr0_mask);
	vmcs_writel(CR4_GUEST_HOST_MASK, c->cr4_mask);
	/* SDM Vol. 3C 27.3.1.5: no VMCS shadowing, link pointer all ones. */
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);
}

static void nvmx_reset_seg(unsigned long sel, unsigned long base,
			   unsigned long limit, unsigned long ar, u16 selector,
			   unsigned long segbase, u32 seglimit, u32 segar)
{
	__nvmx_vmwrite(sel, selector);
	__nvmx_vmwrite(base, segbase);
	__nvmx_vmwrite(limit, seglimit);
	__nvmx_vmwrite(ar, segar);
}

#define NVMX_RESET_SEG(seg, sel, b, l, ar)				\
	nvmx_reset_seg(GUEST_##seg##_SELECTOR, GUEST_##seg##_BASE,	\
		       GUEST_##seg##_LIMIT, GUEST_##seg##_AR_BYTES,	\
		       sel, b, l, ar)

/* Access rights (SDM Vol. 3C 25.4.1 Table 25-2): present, S, type. */
#define NVMX_AR_CODE_RX_ACC	0x9b
#define NVMX_AR_DATA_RW_ACC	0x93
#define NVMX_AR_LDT		0x82
#define NVMX_AR_TSS_BUSY32	0x8b

/**
 * nvmx_vcpu_reset_state() - put the guest in the architectural reset state
 * @vcpu: the vCPU, its VMCS current
 *
 * SDM Vol. 3A 10.1.1 Table 10-1 (as KVM's vmx_vcpu_reset()): real mode,
 * CS 0xf000 with base 0xffff0000 and RIP 0xfff0, so the first fetch is at
 * 0xfffffff0; RFLAGS 2; CR0 0x60000010; EDX the family/model/stepping,
 * 0x600 while no CPUID table is set (as KVM); DR7 0x400; PAT its power-up
 * value (SDM Vol. 3A 13.12.4).  The TR is a busy 32-bit TSS, as VM entry
 * requires (SDM Vol. 3C 27.3.1.2).
 */
void nvmx_vcpu_reset_state(struct nvmx_vcpu *vcpu)
{
	unsigned long cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;

	memset(vcpu->regs, 0, sizeof(vcpu->regs));
	vcpu->regs[NVMX_REG_RDX] = 0x600;
	vcpu->rip = 0xfff0;
	vcpu->rflags = X86_EFLAGS_FIXED;

	NVMX_RESET_SEG(CS, 0xf000, 0xffff0000, 0xffff, NVMX_AR_CODE_RX_ACC);
	NVMX_RESET_SEG(DS, 0, 0, 0xffff, NVMX_AR_DATA_RW_ACC);
	NVMX_RESET_SEG(ES, 0, 0, 0xffff, NVMX_AR_DATA_RW_ACC);
	NVMX_RESET_SEG(FS, 0, 0, 0xffff, NVMX_AR_DATA_RW_ACC);
	NVMX_RESET_SEG(GS, 0, 0, 0xffff, NVMX_AR_DATA_RW_ACC);
	NVMX_RESET_SEG(SS, 0, 0, 0xffff, NVMX_AR_DATA_RW_ACC);
	NVMX_RESET_SEG(LDTR, 0, 0, 0xffff, NVMX_AR_LDT);
	NVMX_RESET_SEG(TR, 0, 0, 0xffff, NVMX_AR_TSS_BUSY32);
	vmcs_writel(GUEST_GDTR_BASE, 0);
	vmcs_write32(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_writel(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0xffff);

	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(GUEST_CR0, nvmx_vmcs_real_cr0(cr0));
	vmcs_writel(CR4_READ_SHADOW, 0);
	vmcs_writel(GUEST_CR4, nvmx_vmcs_real_cr4(0));
	vmcs_writel(GUEST_CR3, 0);
	vmcs_write64(GUEST_IA32_EFER, 0);
	vmcs_write64(GUEST_IA32_PAT, 0x0007040600070406ull);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_writel(GUEST_DR7, 0x400);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
	vmcs_writel(GUEST_RSP, 0);
	vmcs_writel(GUEST_RIP, vcpu->rip);
	vmcs_writel(GUEST_RFLAGS, vcpu->rflags);
	vmcs_write32(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write32(VM_ENTRY_CONTROLS, nvmx_vmcs_config.entry);
}
