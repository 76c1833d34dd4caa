// SPDX-License-Identifier: GPL-2.0
/*
 * Guest register state: KVM_GET/SET_REGS, KVM_GET/SET_SREGS, CR0, CR4
 * and EFER, and the vCPU state ioctl dispatcher.
 *
 * CR0 and CR4 (SDM Vol. 3C 25.6.6 "Guest/Host Masks and Read Shadows"):
 * the guest sees its own value through the read shadow, while the VMCS
 * guest CR0/CR4 carry what VMX operation requires (SDM Vol. 3C 24.8 and
 * App. A.7/A.8: the IA32_VMX_CR0/CR4_FIXED0/1 MSRs; with "unrestricted
 * guest" CR0.PE and CR0.PG may be 0, 27.3.1.1).  The guest/host masks
 * are core's (vmcs.c, set once per VMCS); a MOV to CR0/CR4 that changes
 * an owned bit exits and core calls nvmx_set_cr0()/nvmx_set_cr4(), which
 * apply the architectural checks (1 = #GP) before loading the value.
 * Guest-owned bits the guest changed live in the VMCS CR0/CR4, which is
 * why nvmx_read_cr0/cr4() combine both.  With unrestricted guest, a
 * guest-owned CR0.PG change under EFER.LME switches IA-32e mode in
 * hardware and VM exit stores EFER.LMA into the "IA-32e mode guest"
 * control (SDM Vol. 3C 28.2); nvmx_load_cr0() does the same for the
 * changes it makes.
 */
#include <linux/bitops.h>
#include <linux/kvm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/vmx.h>

#include "cpuid.h"
#include "fpu.h"
#include "mmu.h"
#include "msr.h"
#include "nested/nested.h"
#include "regs.h"
#include "state_rules.h"
#include "vcpu.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/* CR4 bits every guest may set (SDM Vol. 3A 2.5). */
#define NVMX_CR4_BASE	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | \
			 X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE | \
			 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | \
			 X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

/* CR0 bits VMX forces to 1 (FIXED0) or 0 (not in FIXED1). */
static unsigned long nvmx_cr0_forced1(void)
{
	unsigned long f = nvmx_vmx_caps.cr0_fixed0;

	if (nvmx_cpu_has_unrestricted_guest())
		f &= ~(unsigned long)(X86_CR0_PE | X86_CR0_PG);
	return f;
}

/**
 * nvmx_read_cr0() - the guest's view of CR0
 * @vcpu: the vCPU, VMCS current
 *
 * Return: read-shadow bits for nvmx-owned bits, VMCS bits for the rest.
 */
unsigned long nvmx_read_cr0(struct nvmx_vcpu *vcpu)
{
	unsigned long mask = vmcs_readl(CR0_GUEST_HOST_MASK);

	return (vmcs_readl(CR0_READ_SHADOW) & mask) |
	       (vmcs_readl(GUEST_CR0) & ~mask);
}

/**
 * nvmx_read_cr4() - the guest's view of CR4
 * @vcpu: the vCPU, VMCS current
 *
 * Return: read-shadow bits for nvmx-owned bits, VMCS bits for the rest.
 */
unsigned long nvmx_read_cr4(struct nvmx_vcpu *vcpu)
{
	unsigned long mask = vmcs_readl(CR4_GUEST_HOST_MASK);

	return (vmcs_readl(CR4_READ_SHADOW) & mask) |
	       (vmcs_readl(GUEST_CR4) & ~mask);
}

/**
 * nvmx_get_efer() - the guest's EFER
 * @vcpu: the vCPU, VMCS current
 *
 * Return: the VMCS guest IA32_EFER field ("load IA32_EFER" entry and
 * "save IA32_EFER" exit controls, SDM Vol. 3C 25.8.1, 25.7.1).
 */
u64 nvmx_get_efer(struct nvmx_vcpu *vcpu)
{
	return vmcs_read64(GUEST_IA32_EFER);
}

/**
 * nvmx_set_efer() - load EFER without checks
 * @vcpu: the vCPU, VMCS current
 * @efer: the value
 *
 * The "IA-32e mode guest" entry control follows EFER.LMA, as VM entry
 * requires (SDM Vol. 3C 27.3.1.1).
 */
void nvmx_set_efer(struct nvmx_vcpu *vcpu, u64 efer)
{
	u32 entry = vmcs_read32(VM_ENTRY_CONTROLS);

	if (efer & EFER_LMA)
		entry |= VM_ENTRY_IA32E_MODE;
	else
		entry &= ~VM_ENTRY_IA32E_MODE;
	vmcs_write32(VM_ENTRY_CONTROLS, entry);
	vmcs_write64(GUEST_IA32_EFER, efer);
}

/* Read shadow and VMCS CR0 with the VMX-forced bits. */
static void nvmx_write_cr0_fields(unsigned long cr0)
{
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(GUEST_CR0, (cr0 | nvmx_cr0_forced1()) &
		    nvmx_vmx_caps.cr0_fixed1);
}

/**
 * nvmx_load_cr0() - load CR0 without checks (reset, CR-access exits)
 * @vcpu: the vCPU, VMCS current
 * @cr0: the guest's value
 *
 * Writes the read shadow and the VMCS CR0 with the VMX-forced bits.
 * With EFER.LME set, turning paging on enters IA-32e
 * mode (EFER.LMA = 1) and turning it off leaves it (SDM Vol. 3A 10.8.5).
 */
void nvmx_load_cr0(struct nvmx_vcpu *vcpu, unsigned long cr0)
{
	unsigned long old = vmcs_readl(CR0_READ_SHADOW);
	u64 efer = nvmx_get_efer(vcpu);

	if (efer & EFER_LME) {
		if (!(old & X86_CR0_PG) && (cr0 & X86_CR0_PG))
			nvmx_set_efer(vcpu, efer | EFER_LMA);
		else if ((old & X86_CR0_PG) && !(cr0 & X86_CR0_PG))
			nvmx_set_efer(vcpu, efer & ~(u64)EFER_LMA);
	}
	nvmx_write_cr0_fields(cr0);
}

/**
 * nvmx_load_cr4() - load CR4 without checks (reset, KVM_SET_SREGS)
 * @vcpu: the vCPU, VMCS current
 * @cr4: the guest's value
 *
 * CR4.VMXE is forced in the VMCS (FIXED0) and hidden by the shadow; the
 * CPUID OSXSAVE bit follows CR4.OSXSAVE.
 */
void nvmx_load_cr4(struct nvmx_vcpu *vcpu, unsigned long cr4)
{
	vmcs_writel(CR4_READ_SHADOW, cr4);
	vmcs_writel(GUEST_CR4, (cr4 | nvmx_vmx_caps.cr4_fixed0) &
		    nvmx_vmx_caps.cr4_fixed1);
	nvmx_cpuid_update_osxsave(vcpu, cr4);
}

/*
 * PAE paging with EPT: VM entry loads the PDPTEs from the VMCS (SDM
 * Vol. 3C 27.3.2.4), so a CR0/CR3/CR4 change made by nvmx must load them
 * from guest memory, as MOV to CR3 does in hardware (Vol. 3A 4.4.1:
 * bits 2:1, 8:5 and those at and above MAXPHYADDR of a present PDPTE are
 * reserved).  Reading guest memory may sleep: not under nvmx_vcpu_load().
 * Return: 0, or 1 if unreadable or a reserved bit is set.
 */
static int nvmx_read_pdptes(struct nvmx_vcpu *vcpu, unsigned long cr3,
			    u64 pdpte[4])
{
	unsigned int maxpa = nvmx_guest_maxphyaddr(vcpu);
	u64 rsvd = GENMASK_ULL(63, maxpa) | GENMASK_ULL(8, 5) |
		   GENMASK_ULL(2, 1);
	int i;

	if (nvmx_read_guest(vcpu->vm, cr3 & GENMASK_ULL(maxpa - 1, 5),
			    pdpte, 4 * sizeof(u64)))
		return 1;
	for (i = 0; i < 4; i++)
		if ((pdpte[i] & 1) && (pdpte[i] & rsvd))
			return 1;
	return 0;
}

static void nvmx_write_pdptes(const u64 pdpte[4])
{
	vmcs_write64(GUEST_PDPTR0, pdpte[0]);
	vmcs_write64(GUEST_PDPTR1, pdpte[1]);
	vmcs_write64(GUEST_PDPTR2, pdpte[2]);
	vmcs_write64(GUEST_PDPTR3, pdpte[3]);
}

/**
 * nvmx_load_pdptrs() - load the PDPTEs of PAE paging from guest memory
 * @vcpu: the vCPU, VMCS current; exit-handler path (preemptible, the
 *        VMCS following the thread; may sleep)
 * @cr3: the CR3 whose page-directory-pointer table is loaded
 *
 * Writes the four GUEST_PDPTRn fields (SDM Vol. 3A 4.4.1).
 *
 * Return: 0, or 1 if the table is unreadable or a present PDPTE has a
 * reserved bit set.
 */
int nvmx_load_pdptrs(struct nvmx_vcpu *vcpu, unsigned long cr3)
{
	u64 pdpte[4];

	if (nvmx_read_pdptes(vcpu, cr3, pdpte))
		return 1;
	nvmx_write_pdptes(pdpte);
	return 0;
}

static bool nvmx_is_pae_paging(unsigned long cr0, unsigned long cr4,
			       u64 efer)
{
	return (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) &&
	       !(efer & EFER_LMA);
}

/**
 * nvmx_set_cr0() - emulate the guest's MOV to CR0 / CLTS / LMSW result
 * @vcpu: the vCPU, VMCS current; from an exit handler (may sleep)
 * @cr0: the value written
 *
 * The checks of nvmx_cr0_check() (SDM Vol. 2B MOV) and, while L1 is in
 * VMX operation, its fixed bits (nvmx_nested_cr0_valid()); for PAE paging
 * the PDPTEs are loaded when PG, CD or NW change (Vol. 3A 4.4.1).
 *
 * Return: 0 on success, 1 to inject #GP(0).
 */
int nvmx_set_cr0(struct nvmx_vcpu *vcpu, unsigned long cr0)
{
	unsigned long old = nvmx_read_cr0(vcpu);
	unsigned long cr4 = nvmx_read_cr4(vcpu);
	u64 efer = nvmx_get_efer(vcpu);
	u64 v = cr0;
	bool cs_l = vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L_MASK;

	if (nvmx_cr0_check(&v, old, cr4, efer, cs_l) ||
	    !nvmx_nested_cr0_valid(vcpu, v))
		return 1;
	if (!(efer & EFER_LME) && nvmx_is_pae_paging(v, cr4, 0) &&
	    ((v ^ old) & (X86_CR0_PG | X86_CR0_CD | X86_CR0_NW)) &&
	    nvmx_load_pdptrs(vcpu, vmcs_readl(GUEST_CR3)))
		return 1;
	nvmx_load_cr0(vcpu, v);
	return 0;
}

/* CR4 bits this guest may not set: by its CPUID, by nvmx, by VMX. */
static unsigned long nvmx_cr4_reserved(struct nvmx_vcpu *vcpu)
{
	unsigned long ok = NVMX_CR4_BASE;

	if (nvmx_guest_cpuid_has(vcpu, 1, 0, NVMX_ECX,
				 BIT(X86_FEATURE_XSAVE & 31)))
		ok |= X86_CR4_OSXSAVE;
	if (nvmx_guest_cpuid_has(vcpu, 1, 0, NVMX_ECX,
				 BIT(X86_FEATURE_PCID & 31)))
		ok |= X86_CR4_PCIDE;
	if (nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_EBX,
				 BIT(X86_FEATURE_FSGSBASE & 31)))
		ok |= X86_CR4_FSGSBASE;
	if (nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_EBX,
				 BIT(X86_FEATURE_SMEP & 31)))
		ok |= X86_CR4_SMEP;
	if (nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_EBX,
				 BIT(X86_FEATURE_SMAP & 31)))
		ok |= X86_CR4_SMAP;
	/* SDM Vol. 3C 24.7: VMXE with CPUID.1:ECX.VMX (nested/caps.c). */
	ok |= nvmx_nested_cr4_allowed(vcpu);
	return ~(ok & (unsigned long)nvmx_vmx_caps.cr4_fixed1);
}

/**
 * nvmx_set_cr4() - emulate the guest's MOV to CR4
 * @vcpu: the vCPU, VMCS current; from an exit handler (may sleep)
 * @cr4: the value written
 *
 * The checks of nvmx_cr4_check() with the reserved bits this guest's
 * CPUID implies and, in VMX operation, nvmx_nested_cr4_valid(); PDPTEs
 * are reloaded for PAE paging when PAE, PSE, PGE, SMEP, SMAP or PCIDE
 * change (the bits KVM reloads for).
 *
 * Return: 0 on success, 1 to inject #GP(0).
 */
int nvmx_set_cr4(struct nvmx_vcpu *vcpu, unsigned long cr4)
{
	unsigned long old = nvmx_read_cr4(vcpu);
	unsigned long cr0 = nvmx_read_cr0(vcpu);
	unsigned long cr3 = vmcs_readl(GUEST_CR3);
	u64 efer = nvmx_get_efer(vcpu);
	unsigned long pdptr_bits = X86_CR4_PGE | X86_CR4_PSE | X86_CR4_PAE |
				   X86_CR4_SMEP | X86_CR4_SMAP |
				   X86_CR4_PCIDE;

	if (nvmx_cr4_check(cr4, old, nvmx_cr4_reserved(vcpu), efer, cr3) ||
	    !nvmx_nested_cr4_valid(vcpu, cr4))
		return 1;
	if (nvmx_is_pae_paging(cr0, cr4, efer) &&
	    ((cr4 ^ old) & pdptr_bits) && nvmx_load_pdptrs(vcpu, cr3))
		return 1;
	nvmx_load_cr4(vcpu, cr4);
	return 0;
}

static long nvmx_get_regs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_regs r = {
		.rax = vcpu->regs[NVMX_REG_RAX],
		.rbx = vcpu->regs[NVMX_REG_RBX],
		.rcx = vcpu->regs[NVMX_REG_RCX],
		.rdx = vcpu->regs[NVMX_REG_RDX],
		.rsi = vcpu->regs[NVMX_REG_RSI],
		.rdi = vcpu->regs[NVMX_REG_RDI],
		.rsp = vcpu->regs[NVMX_REG_RSP],
		.rbp = vcpu->regs[NVMX_REG_RBP],
		.r8 = vcpu->regs[NVMX_REG_R8],
		.r9 = vcpu->regs[NVMX_REG_R9],
		.r10 = vcpu->regs[NVMX_REG_R10],
		.r11 = vcpu->regs[NVMX_REG_R11],
		.r12 = vcpu->regs[NVMX_REG_R12],
		.r13 = vcpu->regs[NVMX_REG_R13],
		.r14 = vcpu->regs[NVMX_REG_R14],
		.r15 = vcpu->regs[NVMX_REG_R15],
		.rip = vcpu->rip,
		.rflags = vcpu->rflags,
	};

	return copy_to_user(argp, &r, sizeof(r)) ? -EFAULT : 0;
}

/* RFLAGS bit 1 is reserved and always 1 (SDM Vol. 1 3.4.3), as KVM. */
static long nvmx_set_regs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_regs r;

	if (copy_from_user(&r, argp, sizeof(r)))
		return -EFAULT;
	vcpu->regs[NVMX_REG_RAX] = r.rax;
	vcpu->regs[NVMX_REG_RBX] = r.rbx;
	vcpu->regs[NVMX_REG_RCX] = r.rcx;
	vcpu->regs[NVMX_REG_RDX] = r.rdx;
	vcpu->regs[NVMX_REG_RSI] = r.rsi;
	vcpu->regs[NVMX_REG_RDI] = r.rdi;
	vcpu->regs[NVMX_REG_RSP] = r.rsp;
	vcpu->regs[NVMX_REG_RBP] = r.rbp;
	vcpu->regs[NVMX_REG_R8] = r.r8;
	vcpu->regs[NVMX_REG_R9] = r.r9;
	vcpu->regs[NVMX_REG_R10] = r.r10;
	vcpu->regs[NVMX_REG_R11] = r.r11;
	vcpu->regs[NVMX_REG_R12] = r.r12;
	vcpu->regs[NVMX_REG_R13] = r.r13;
	vcpu->regs[NVMX_REG_R14] = r.r14;
	vcpu->regs[NVMX_REG_R15] = r.r15;
	vcpu->rip = r.rip;
	vcpu->rflags = r.rflags | X86_EFLAGS_FIXED;
	return 0;
}

/* VMCS guest-state fields of one segment register (SDM Vol. 3C 25.4.1). */
struct nvmx_seg_fields {
	u32 selector, base, limit, ar;
};

#define NVMX_SEG(s) { GUEST_##s##_SELECTOR, GUEST_##s##_BASE, \
		      GUEST_##s##_LIMIT, GUEST_##s##_AR_BYTES }

enum nvmx_vmcs_seg {
	NVMX_CS, NVMX_DS, NVMX_ES, NVMX_FS, NVMX_GS, NVMX_SS, NVMX_TR,
	NVMX_LDTR, NVMX_NR_SEGS
};

static const struct nvmx_seg_fields nvmx_segs[NVMX_NR_SEGS] = {
	[NVMX_CS] = NVMX_SEG(CS), [NVMX_DS] = NVMX_SEG(DS),
	[NVMX_ES] = NVMX_SEG(ES), [NVMX_FS] = NVMX_SEG(FS),
	[NVMX_GS] = NVMX_SEG(GS), [NVMX_SS] = NVMX_SEG(SS),
	[NVMX_TR] = NVMX_SEG(TR), [NVMX_LDTR] = NVMX_SEG(LDTR),
};

static void nvmx_get_seg(int seg, struct kvm_segment *s)
{
	const struct nvmx_seg_fields *f = &nvmx_segs[seg];

	s->selector = vmcs_read16(f->selector);
	s->base = vmcs_readl(f->base);
	s->limit = vmcs_read32(f->limit);
	nvmx_seg_from_ar(vmcs_read32(f->ar), s);
}

/*
 * With unrestricted guest the accessed bit of every segment but LDTR is
 * set, as KVM does for clients that reset it to 0 although the
 * architectural reset value has it (SDM Vol. 3A 10.1.1).
 */
static void nvmx_set_seg(int seg, const struct kvm_segment *s)
{
	const struct nvmx_seg_fields *f = &nvmx_segs[seg];
	struct kvm_segment v = *s;

	if (nvmx_cpu_has_unrestricted_guest() && seg != NVMX_LDTR)
		v.type |= 1;
	vmcs_write16(f->selector, v.selector);
	vmcs_writel(f->base, v.base);
	vmcs_write32(f->limit, v.limit);
	vmcs_write32(f->ar, nvmx_seg_to_ar(&v));
}

static void nvmx_read_sregs(struct nvmx_vcpu *vcpu, struct kvm_sregs *s)
{
	nvmx_get_seg(NVMX_CS, &s->cs);
	nvmx_get_seg(NVMX_DS, &s->ds);
	nvmx_get_seg(NVMX_ES, &s->es);
	nvmx_get_seg(NVMX_FS, &s->fs);
	nvmx_get_seg(NVMX_GS, &s->gs);
	nvmx_get_seg(NVMX_SS, &s->ss);
	nvmx_get_seg(NVMX_TR, &s->tr);
	nvmx_get_seg(NVMX_LDTR, &s->ldt);
	s->gdt.base = vmcs_readl(GUEST_GDTR_BASE);
	s->gdt.limit = vmcs_read32(GUEST_GDTR_LIMIT);
	s->idt.base = vmcs_readl(GUEST_IDTR_BASE);
	s->idt.limit = vmcs_read32(GUEST_IDTR_LIMIT);
	s->cr0 = nvmx_read_cr0(vcpu);
	s->cr2 = vcpu->msrs.cr2;
	s->cr3 = vmcs_readl(GUEST_CR3);
	s->cr4 = nvmx_read_cr4(vcpu);
	s->cr8 = vcpu->msrs.cr8;
	s->efer = nvmx_get_efer(vcpu);
	s->apic_base = vcpu->msrs.apic_base;
}

/*
 * KVM_GET_SREGS: interrupt_bitmap shows the KVM_INTERRUPT vector queued
 * and not yet injected, as KVM reports its queued interrupt.
 */
static long nvmx_get_sregs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_sregs *s;
	long r = 0;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	nvmx_vcpu_load(vcpu);
	nvmx_read_sregs(vcpu, s);
	nvmx_vcpu_put(vcpu);
	if (vcpu->irq_pending)
		__set_bit(vcpu->irq_vector,
			  (unsigned long *)s->interrupt_bitmap);
	if (copy_to_user(argp, s, sizeof(*s)))
		r = -EFAULT;
	kfree(s);
	return r;
}

/*
 * KVM's kvm_is_valid_sregs(): long-mode paging needs PAE, LMA and a CR3
 * below MAXPHYADDR; otherwise LMA and CS.L must be clear; CR4 has no
 * reserved bit and CR0 passes nvmx_cr0_valid().
 */
static bool nvmx_sregs_valid(struct nvmx_vcpu *vcpu,
			     const struct kvm_sregs *s)
{
	if ((s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG)) {
		if (!(s->cr4 & X86_CR4_PAE) || !(s->efer & EFER_LMA))
			return false;
		if (s->cr3 & GENMASK_ULL(63, nvmx_guest_maxphyaddr(vcpu)))
			return false;
	} else if ((s->efer & EFER_LMA) || s->cs.l) {
		return false;
	}
	return !(s->cr4 & nvmx_cr4_reserved(vcpu)) && nvmx_cr0_valid(s->cr0) &&
	       nvmx_nested_cr0_valid(vcpu, s->cr0) &&
	       nvmx_nested_cr4_valid(vcpu, s->cr4);
}

static void nvmx_write_sregs(struct nvmx_vcpu *vcpu,
			     const struct kvm_sregs *s, const u64 *pdpte)
{
	vmcs_writel(GUEST_IDTR_BASE, s->idt.base);
	vmcs_write32(GUEST_IDTR_LIMIT, s->idt.limit);
	vmcs_writel(GUEST_GDTR_BASE, s->gdt.base);
	vmcs_write32(GUEST_GDTR_LIMIT, s->gdt.limit);
	vcpu->msrs.cr2 = s->cr2;
	vmcs_writel(GUEST_CR3, s->cr3);
	vcpu->msrs.cr8 = s->cr8;
	/* EFER.LMA comes from userspace here, not from a CR0.PG change. */
	nvmx_set_efer(vcpu, s->efer);
	nvmx_write_cr0_fields(s->cr0);
	nvmx_load_cr4(vcpu, s->cr4);
	if (pdpte)
		nvmx_write_pdptes(pdpte);
	nvmx_set_seg(NVMX_CS, &s->cs);
	nvmx_set_seg(NVMX_DS, &s->ds);
	nvmx_set_seg(NVMX_ES, &s->es);
	nvmx_set_seg(NVMX_FS, &s->fs);
	nvmx_set_seg(NVMX_GS, &s->gs);
	nvmx_set_seg(NVMX_SS, &s->ss);
	nvmx_set_seg(NVMX_TR, &s->tr);
	nvmx_set_seg(NVMX_LDTR, &s->ldt);
}

/*
 * KVM_SET_SREGS: -EINVAL for invalid control registers or APIC base;
 * the lowest vector set in interrupt_bitmap is queued for injection, as
 * KVM_INTERRUPT would.
 */
static long nvmx_set_sregs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	u64 pdpte[4], *pae = NULL;
	struct kvm_sregs *s;
	unsigned long vec;
	long r = 0;

	s = memdup_user(argp, sizeof(*s));
	if (IS_ERR(s))
		return PTR_ERR(s);
	/* KVM ignores a failed PDPTE load here; VM entry reports it. */
	if (nvmx_is_pae_paging(s->cr0, s->cr4, s->efer) &&
	    !nvmx_read_pdptes(vcpu, s->cr3, pdpte))
		pae = pdpte;
	nvmx_vcpu_load(vcpu);
	if (!nvmx_sregs_valid(vcpu, s) ||
	    nvmx_msr_set(vcpu, MSR_IA32_APICBASE, s->apic_base, true)) {
		r = -EINVAL;
		goto out;
	}
	nvmx_write_sregs(vcpu, s, pae);
	/* The guest did not write CR3 itself: nothing flushed its TLB. */
	vcpu->tlb_flush_pending = true;
	vec = find_first_bit((unsigned long *)s->interrupt_bitmap,
			     KVM_NR_INTERRUPTS);
	if (vec < KVM_NR_INTERRUPTS) {
		vcpu->irq_pending = true;
		vcpu->irq_vector = vec;
	}
out:
	nvmx_vcpu_put(vcpu);
	kfree(s);
	return r;
}

/**
 * nvmx_vcpu_state_ioctl() - the vCPU ioctls of guest state
 * @vcpu: the vCPU (its mutex held, not running)
 * @ioctl: the ioctl number
 * @argp: user pointer argument
 *
 * KVM_GET/SET_REGS, KVM_GET/SET_SREGS, KVM_GET/SET_FPU,
 * KVM_GET/SET_XSAVE, KVM_GET/SET_XCRS, KVM_GET/SET_MSRS,
 * KVM_SET_CPUID2 and KVM_GET_CPUID2, with KVM's results and errnos.
 *
 * Return: the ioctl's result, or -ENOIOCTLCMD for another ioctl.
 */
long nvmx_vcpu_state_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
			   void __user *argp)
{
	long r;

	switch (ioctl) {
	case KVM_GET_REGS:
		return nvmx_get_regs(vcpu, argp);
	case KVM_SET_REGS:
		return nvmx_set_regs(vcpu, argp);
	case KVM_GET_SREGS:
		return nvmx_get_sregs(vcpu, argp);
	case KVM_SET_SREGS:
		return nvmx_set_sregs(vcpu, argp);
	case KVM_SET_CPUID2:
		return nvmx_vcpu_set_cpuid2(vcpu, argp);
	case KVM_GET_CPUID2:
		return nvmx_vcpu_get_cpuid2(vcpu, argp);
	}
	r = nvmx_fpu_ioctl(vcpu, ioctl, argp);
	if (r != -ENOIOCTLCMD)
		return r;
	return nvmx_vcpu_msrs_ioctl(vcpu, ioctl, argp);
}
