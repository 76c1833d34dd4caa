// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated VM exits from L2 to L1 (SDM Vol. 3C chapter 28), VM-entry
 * failures that reach L1 as exits (27.8), and the VMX MSR lists (27.4,
 * 28.4, 28.6).  The rules themselves are pure, in exit_rules.h.
 *
 * nvmx_nested_vmexit() follows the SDM's order:
 *   28.2  record the exit-information fields in vmcs12 (the hardware
 *         already did for an exit it produced; L0 writes a synthesized
 *         exit's values, or keeps them in software, struct
 *         nvmx_exit_soft, when the CPU cannot VMWRITE read-only fields);
 *   28.4  store L2's MSRs in L1's VM-exit MSR-store area (before 28.3
 *         here: L2's VMCS-resident MSRs are read from vmcs02's guest
 *         fields, which 28.3 may give back L1's values);
 *   28.3  save L2's guest state into vmcs12;
 *         then the strategy's leave(): vmcs12 is L1's again, vmcs01 runs;
 *   28.5  load L1's host state from vmcs12 into vmcs01's guest state;
 *   28.6  load L1's VM-exit MSR-load area;
 *   28.7  any failure on the way is a VMX abort: the vCPU shuts down.
 * Under the shared strategy vmcs12 and vmcs02 are one hardware page, so
 * 28.2-28.4 run while it is still current as vmcs02 (the MSR-store list
 * reads L2's VMCS-resident MSRs from it).  Every field written there is
 * written into nested->v12 too, so whichever fields leave() puts back
 * from v12 (those L0 overrode) hold their post-exit values.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/kvm.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <asm/msr-index.h>
#include <asm/vmx.h>

#include "../cpuid.h"
#include "../mmu.h"
#include "../msr.h"
#include "../regs.h"
#include "../vcpu.h"
#include "../vmcs.h"
#include "../vmx_caps.h"
#include "../vmx_ops.h"
#include "exit_rules.h"
#include "nested.h"

/*
 * IA32_VMX_MISC bit 29, VMWRITE to read-only fields (SDM Vol. 3D A.6):
 * asm/vmx.h names it since Linux 6.9, asm/msr-index.h before.
 */
#ifndef VMX_MISC_VMWRITE_SHADOW_RO_FIELDS
#define VMX_MISC_VMWRITE_SHADOW_RO_FIELDS \
	MSR_IA32_VMX_MISC_VMWRITE_SHADOW_RO_FIELDS
#endif

/*
 * The exit-information fields (SDM Vol. 3C 25.9), in the order of
 * struct nvmx_exit_soft; the first two are all a VM-entry failure
 * writes (27.8).
 */
static const u16 nvmx_exit_info_idx[NVMX_EXIT_INFO_FIELDS] = {
	NVMX_F_VM_EXIT_REASON,
	NVMX_F_EXIT_QUALIFICATION,
	NVMX_F_VM_EXIT_INTR_INFO,
	NVMX_F_VM_EXIT_INTR_ERROR_CODE,
	NVMX_F_IDT_VECTORING_INFO_FIELD,
	NVMX_F_IDT_VECTORING_ERROR_CODE,
	NVMX_F_VM_EXIT_INSTRUCTION_LEN,
	NVMX_F_VMX_INSTRUCTION_INFO,
	NVMX_F_GUEST_PHYSICAL_ADDRESS,
	NVMX_F_GUEST_LINEAR_ADDRESS,
};

#define NVMX_EXIT_FAIL_INFO_FIELDS	2

/* The vmcs01 guest-state fields of each segment a VM exit loads. */
struct nvmx_exit_seg_fields {
	u32 selector, base, limit, ar;
};

#define NVMX_EXIT_SEG(s) { GUEST_##s##_SELECTOR, GUEST_##s##_BASE, \
			   GUEST_##s##_LIMIT, GUEST_##s##_AR_BYTES }

static const struct nvmx_exit_seg_fields nvmx_exit_segs[NVMX_EXIT_NR_SEGS] = {
	[NVMX_EXIT_ES] = NVMX_EXIT_SEG(ES), [NVMX_EXIT_CS] = NVMX_EXIT_SEG(CS),
	[NVMX_EXIT_SS] = NVMX_EXIT_SEG(SS), [NVMX_EXIT_DS] = NVMX_EXIT_SEG(DS),
	[NVMX_EXIT_FS] = NVMX_EXIT_SEG(FS), [NVMX_EXIT_GS] = NVMX_EXIT_SEG(GS),
	[NVMX_EXIT_TR] = NVMX_EXIT_SEG(TR),
	[NVMX_EXIT_LDTR] = NVMX_EXIT_SEG(LDTR),
};

/**
 * nvmx_nested_read_exit_info() - read the exit information of the
 *                                current VMCS
 * @ei: filled with every field of struct nvmx_exit_info
 *
 * For the caller of nvmx_nested_vmexit() reflecting an exit that the
 * hardware produced: vmcs02 current, right after the exit.
 */
void nvmx_nested_read_exit_info(struct nvmx_exit_info *ei)
{
	ei->reason = vmcs_read32(VM_EXIT_REASON);
	ei->qual = vmcs_readl(EXIT_QUALIFICATION);
	ei->intr_info = vmcs_read32(VM_EXIT_INTR_INFO);
	ei->intr_err = vmcs_read32(VM_EXIT_INTR_ERROR_CODE);
	ei->idt_info = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	ei->idt_err = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	ei->insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	ei->insn_info = vmcs_read32(VMX_INSTRUCTION_INFO);
	ei->gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	ei->gla = vmcs_readl(GUEST_LINEAR_ADDRESS);
}

/**
 * nvmx_nested_exit_field_soft() - an exit-information field held in
 *                                 software
 * @vcpu: the vCPU
 * @idx: the field's row (enum nvmx_vmcs_field_idx)
 * @val: its value for L1, if held in software
 *
 * For L1's VMREAD of a read-only field that trapped: without IA32_VMX_MISC
 * bit 29 (SDM Vol. 3D A.6) a synthesized exit's information cannot be
 * VMWRITten into the hardware vmcs12 and is kept in nested->exit_soft.
 *
 * Return: true if @val was set from the software copy, false if the
 * hardware vmcs12 holds the field's value.
 */
bool nvmx_nested_exit_field_soft(struct nvmx_vcpu *vcpu, int idx, u64 *val)
{
	const struct nvmx_exit_soft *soft = &vcpu->nested->exit_soft;
	unsigned int i;

	for (i = 0; i < NVMX_EXIT_INFO_FIELDS; i++) {
		if (nvmx_exit_info_idx[i] != idx)
			continue;
		if (!(soft->valid & BIT(i)))
			return false;
		*val = soft->val[i];
		return true;
	}
	return false;
}

/* SDM Vol. 3C 31.3 VMWRITE: read-only fields need IA32_VMX_MISC bit 29. */
static bool nvmx_exit_can_write_ro(void)
{
	return nvmx_vmx_caps.misc & VMX_MISC_VMWRITE_SHADOW_RO_FIELDS;
}

/*
 * Exit-information field @i of the current VMCS (the vmcs12 page) is to
 * read @val for L1: VMWRITE it when it differs and the CPU allows, else
 * keep it in software.
 */
static void nvmx_exit_put_info(struct nvmx_vcpu *vcpu, unsigned int i,
			       u64 val)
{
	struct nvmx_nested *n = vcpu->nested;
	int idx = nvmx_exit_info_idx[i];
	u32 enc = nvmx_vmcs_fields[idx].enc;

	n->v12.f[idx] = val;
	n->exit_soft.valid &= ~BIT(i);
	if (__nvmx_vmread(enc) == val)
		return;
	if (nvmx_exit_can_write_ro()) {
		__nvmx_vmwrite(enc, val);
		return;
	}
	n->exit_soft.val[i] = val;
	n->exit_soft.valid |= BIT(i);
}

/*
 * SDM Vol. 3C 28.2 (27.8 for a VM-entry failure: exit reason and
 * qualification only).  The vmcs12 page is current.
 */
static void nvmx_exit_record(struct nvmx_vcpu *vcpu,
			     const struct nvmx_exit_info *ei)
{
	u32 exit_ctls = nvmx_vmcs12_get(&vcpu->nested->v12, VM_EXIT_CONTROLS);
	u64 val[NVMX_EXIT_INFO_FIELDS] = {
		ei->reason, ei->qual,
		nvmx_exit_intr_info(ei->reason, ei->intr_info, exit_ctls),
		ei->intr_err, ei->idt_info, ei->idt_err, ei->insn_len,
		ei->insn_info, ei->gpa, ei->gla,
	};
	unsigned int i, n = NVMX_EXIT_INFO_FIELDS;

	if (ei->reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		n = NVMX_EXIT_FAIL_INFO_FIELDS;
	for (i = 0; i < n; i++)
		nvmx_exit_put_info(vcpu, i, val[i]);
}

/*
 * A VM-entry failure found before the switch to vmcs02 (27.8): the
 * vmcs12 page is linked from vmcs01 as a shadow VMCS.  VMPTRLD it (a
 * CPU with VMCS shadowing accepts a shadow VMCS there, SDM Vol. 3C 31.3
 * VMPTRLD), write the two fields, VMCLEAR it so that the shadow reads
 * see them from memory, keep it tracked on this CPU and make vmcs01
 * current again, as KVM's copy_vmcs12_to_shadow() does.
 */
static void nvmx_exit_record_unlinked(struct nvmx_vcpu *vcpu,
				      const struct nvmx_exit_info *ei)
{
	struct nvmx_loaded_vmcs *page = &vcpu->nested->cur_page->lv;

	preempt_disable();
	nvmx_loaded_vmcs_load(page);
	nvmx_exit_record(vcpu, ei);
	nvmx_loaded_vmcs_clear(page);
	nvmx_loaded_vmcs_track(page);
	nvmx_loaded_vmcs_load(vcpu->cur);
	preempt_enable();
}

/* Make field @idx of the current vmcs12 page and of v12 hold @val. */
static void nvmx_exit_put_field(struct nvmx_vmcs12 *v12, int idx, u64 val)
{
	u32 enc = nvmx_vmcs_fields[idx].enc;

	if (__nvmx_vmread(enc) != val)
		__nvmx_vmwrite(enc, val);
	v12->f[idx] = val;
}

/* An L1 secondary control in effect (SDM Vol. 3C 25.6.2). */
static bool nvmx_exit_l1_proc2(const struct nvmx_vmcs12 *v12, u32 ctl)
{
	return (nvmx_vmcs12_get(v12, CPU_BASED_VM_EXEC_CONTROL) &
		CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	       (nvmx_vmcs12_get(v12, SECONDARY_VM_EXEC_CONTROL) & ctl);
}

static u64 nvmx_exit_vcpu_value(struct nvmx_vcpu *vcpu, int idx)
{
	switch (idx) {
	case NVMX_F_GUEST_RIP:
		return vcpu->rip;
	case NVMX_F_GUEST_RSP:
		return vcpu->regs[NVMX_REG_RSP];
	default:
		return vcpu->rflags;
	}
}

/*
 * SDM Vol. 3C 28.3.4: the VMX-preemption timer value saved for L1: what
 * is left of L1's timer, which guest_mode.c counts down across L0's own
 * exits (vmcs02's timer may have run for L0's IF=0 backstop); a timer L1
 * did not activate did not count.
 */
static u64 nvmx_exit_timer_left(struct nvmx_vcpu *vcpu)
{
	const struct nvmx_nested *n = vcpu->nested;

	if (n->l2.l1_timer)
		return n->l2.l1_left;
	return nvmx_vmcs12_get(&n->v12, VMX_PREEMPTION_TIMER_VALUE);
}

/*
 * SDM Vol. 3C 28.2: the VM-entry control fields an exit updates: the
 * valid bit of the VM-entry interruption information is cleared and,
 * with IA32_VMX_MISC bit 5, "IA-32e mode guest" takes EFER.LMA.
 */
static void nvmx_exit_update_entry_ctls(struct nvmx_vcpu *vcpu, bool lma)
{
	struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	u32 ctls = nvmx_vmcs12_get(v12, VM_ENTRY_CONTROLS);
	u32 intr = nvmx_vmcs12_get(v12, VM_ENTRY_INTR_INFO_FIELD);

	nvmx_exit_put_field(v12, NVMX_F_VM_ENTRY_CONTROLS,
			    nvmx_exit_entry_ctls(ctls, lma,
						 nvmx_nested_caps.misc));
	nvmx_exit_put_field(v12, NVMX_F_VM_ENTRY_INTR_INFO_FIELD,
			    intr & ~INTR_INFO_VALID_MASK);
}

/*
 * SDM Vol. 3C 28.3: L2's state into vmcs12, field by field as
 * nvmx_exit_save_rule() says.  The vmcs02 role of the page is current:
 * the hardware saved L2's state there under L0's exit controls, which
 * save at least what L1's ask (EFER and PAT always).
 */
static void nvmx_exit_save_guest(struct nvmx_vcpu *vcpu)
{
	struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	u32 exit_ctls = nvmx_vmcs12_get(v12, VM_EXIT_CONTROLS);
	bool ept = nvmx_exit_l1_proc2(v12, SECONDARY_EXEC_ENABLE_EPT);
	bool lma = vmcs_read64(GUEST_IA32_EFER) & EFER_LMA;
	int i;

	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++) {
		u32 enc = nvmx_vmcs_fields[i].enc;

		switch (nvmx_exit_save_rule(i, enc, exit_ctls, ept)) {
		case NVMX_SAVE_SKIP:
			break;
		case NVMX_SAVE_KEEP:
			nvmx_exit_put_field(v12, i, v12->f[i]);
			break;
		case NVMX_SAVE_HW:
			if (i == NVMX_F_VMX_PREEMPTION_TIMER_VALUE)
				nvmx_exit_put_field(v12, i,
						    nvmx_exit_timer_left(vcpu));
			else
				v12->f[i] = __nvmx_vmread(enc);
			break;
		case NVMX_SAVE_VCPU:
			nvmx_exit_put_field(v12, i,
					    nvmx_exit_vcpu_value(vcpu, i));
			break;
		}
	}
	nvmx_exit_update_entry_ctls(vcpu, lma);
}

/*
 * SDM Vol. 3C 27.8: after a VM-entry failure "the guest-state area is
 * not modified": undo what the VM-entry MSR-load list wrote into the
 * page's guest-state fields (IA32_PAT, SYSENTER, ...).
 */
static void nvmx_exit_restore_guest(struct nvmx_vcpu *vcpu)
{
	struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	int i;

	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		if (NVMX_EXIT_ENC_TYPE(nvmx_vmcs_fields[i].enc) ==
		    NVMX_EXIT_ENC_GUEST_STATE)
			nvmx_exit_put_field(v12, i, v12->f[i]);
}

/* One entry of an MSR list in L1 memory (SDM Vol. 3C 25.7.2, 25.8.2). */
static int nvmx_msr_entry_read(struct nvmx_vcpu *vcpu, u64 gpa, u32 i,
			       struct vmx_msr_entry *e)
{
	BUILD_BUG_ON(sizeof(*e) != NVMX_MSR_ENTRY_SIZE);
	return nvmx_read_guest(vcpu->vm, gpa + (u64)i * NVMX_MSR_ENTRY_SIZE,
			       e, sizeof(*e));
}

/*
 * SDM Vol. 3C 28.4: each entry of the VM-exit MSR-store area gets the
 * value of its MSR, read as RDMSR at CPL 0 would (nvmx_msr_get(), host =
 * false: a #GP fails the entry): the VMCS-resident MSRs from vmcs02's
 * guest fields, which is why this runs while vmcs02 is current.  The
 * TSC is the processor's, without L1's TSC offset, which applies to
 * RDMSR in VMX non-root operation only (26.3; KVM stores L1's TSC too).
 * An entry that fails its checks (or lies outside L1's memory) is a VMX
 * abort (28.7).
 * Return: 0 or VMX_ABORT_SAVE_GUEST_MSR_FAIL.
 */
static u32 nvmx_exit_store_msrs(struct nvmx_vcpu *vcpu)
{
	const struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	u32 count = nvmx_vmcs12_get(v12, VM_EXIT_MSR_STORE_COUNT);
	u64 gpa = nvmx_vmcs12_get(v12, VM_EXIT_MSR_STORE_ADDR);
	u32 max = nvmx_msr_list_max(nvmx_nested_caps.misc);
	struct vmx_msr_entry e;
	u64 at;
	u32 i;

	for (i = 0; i < count; i++) {
		at = gpa + (u64)i * NVMX_MSR_ENTRY_SIZE +
		     offsetof(struct vmx_msr_entry, value);
		if (i >= max || nvmx_msr_entry_read(vcpu, gpa, i, &e) ||
		    !nvmx_msr_entry_ok(NVMX_MSR_EXIT_STORE, e.index,
				       e.reserved) ||
		    nvmx_msr_get(vcpu, e.index, &e.value, false) ||
		    nvmx_write_guest(vcpu->vm, at, &e.value, sizeof(e.value)))
			return VMX_ABORT_SAVE_GUEST_MSR_FAIL;
	}
	return 0;
}

/*
 * SDM Vol. 3C 27.4, 28.6: load the MSRs of a list in order, each through
 * the path of L1's (or L2's) own WRMSR, so every check of msr.c applies.
 * Return: 0, or the 1-based number of the first entry that failed.
 */
static u32 nvmx_msr_list_load(struct nvmx_vcpu *vcpu, enum nvmx_msr_area area,
			      u64 gpa, u32 count)
{
	u32 max = nvmx_msr_list_max(nvmx_nested_caps.misc);
	struct vmx_msr_entry e;
	u32 i;

	for (i = 0; i < count; i++) {
		if (i >= max || nvmx_msr_entry_read(vcpu, gpa, i, &e) ||
		    !nvmx_msr_entry_ok(area, e.index, e.reserved) ||
		    nvmx_msr_set(vcpu, e.index, e.value, false))
			return i + 1;
	}
	return 0;
}

/**
 * nvmx_nested_load_entry_msrs() - process L1's VM-entry MSR-load area
 * @vcpu: the vCPU, its vmcs02 current (after the switch to L2's state)
 * @v12: L1's vmcs12 (VM_ENTRY_MSR_LOAD_ADDR / _COUNT)
 * @failed_index: set to the 1-based number of the entry that failed,
 *                the exit qualification of exit reason 34
 *
 * SDM Vol. 3C 27.4: the entries are loaded in order, each checked by
 * nvmx_msr_entry_ok() and then written as L2's WRMSR at CPL 0 would
 * (nvmx_msr_set(), host = false; a #GP there fails the entry).  Entries
 * before the failing one stay loaded.  An entry outside L1's memory, or
 * beyond the maximum list length of IA32_VMX_MISC (SDM Vol. 3D A.6)
 * fails too.  On failure the caller gives L1 a VM-entry failure exit,
 * reason EXIT_REASON_MSR_LOAD_FAIL | VMX_EXIT_REASONS_FAILED_VMENTRY with
 * qualification *@failed_index, through nvmx_nested_vmexit() (27.8).
 *
 * Return: 0 when every entry was loaded, 1 when one failed.
 */
int nvmx_nested_load_entry_msrs(struct nvmx_vcpu *vcpu,
				const struct nvmx_vmcs12 *v12,
				u32 *failed_index)
{
	u32 bad = nvmx_msr_list_load(vcpu, NVMX_MSR_ENTRY_LOAD,
				     nvmx_vmcs12_get(v12, VM_ENTRY_MSR_LOAD_ADDR),
				     nvmx_vmcs12_get(v12, VM_ENTRY_MSR_LOAD_COUNT));

	if (!bad)
		return 0;
	*failed_index = bad;
	return 1;
}

/* SDM Vol. 3C 28.5.1: CR0, CR4, IA32_EFER and CR3 of L1. */
static void nvmx_exit_load_host_crs(struct nvmx_vcpu *vcpu,
				    const struct nvmx_vmcs12 *v12)
{
	const struct nvmx_nested_caps *c = &nvmx_nested_caps;
	u32 exit_ctls = nvmx_vmcs12_get(v12, VM_EXIT_CONTROLS);
	bool host64 = exit_ctls & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	u64 efer, cr0, cr4;

	efer = nvmx_exit_host_efer(nvmx_get_efer(vcpu),
				   nvmx_vmcs12_get(v12, HOST_IA32_EFER),
				   exit_ctls);
	cr0 = nvmx_exit_host_cr0(nvmx_read_cr0(vcpu),
				 nvmx_vmcs12_get(v12, HOST_CR0),
				 c->cr0_fixed0, c->cr0_fixed1);
	cr4 = nvmx_exit_host_cr4(nvmx_read_cr4(vcpu),
				 nvmx_vmcs12_get(v12, HOST_CR4),
				 c->cr4_fixed0, c->cr4_fixed1, host64);
	/* As regs.c keeps L1's view: read shadows and real values. */
	nvmx_load_cr0(vcpu, cr0);
	nvmx_load_cr4(vcpu, cr4);
	/* Last: EFER.LMA is the exit's, whatever nvmx_load_cr0() did. */
	nvmx_set_efer(vcpu, efer);
	vmcs_writel(GUEST_CR3,
		    nvmx_exit_host_cr3(nvmx_vmcs12_get(v12, HOST_CR3),
				       nvmx_guest_maxphyaddr(vcpu)));
}

/*
 * SDM Vol. 3C 28.5.1: DR7 0x400, IA32_DEBUGCTL 0, the SYSENTER MSRs,
 * IA32_PAT with "load IA32_PAT".  "Load IA32_PERF_GLOBAL_CTRL" and the
 * other MSR-loading exit controls are not offered to L1.
 */
static void nvmx_exit_load_host_msrs(const struct nvmx_vmcs12 *v12)
{
	vmcs_writel(GUEST_DR7, NVMX_EXIT_DR7);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS,
		     nvmx_vmcs12_get(v12, HOST_IA32_SYSENTER_CS));
	vmcs_writel(GUEST_SYSENTER_ESP,
		    nvmx_vmcs12_get(v12, HOST_IA32_SYSENTER_ESP));
	vmcs_writel(GUEST_SYSENTER_EIP,
		    nvmx_vmcs12_get(v12, HOST_IA32_SYSENTER_EIP));
	if (nvmx_vmcs12_get(v12, VM_EXIT_CONTROLS) & VM_EXIT_LOAD_IA32_PAT)
		vmcs_write64(GUEST_IA32_PAT,
			     nvmx_vmcs12_get(v12, HOST_IA32_PAT));
}

/* SDM Vol. 3C 28.5.2: segment and descriptor-table registers of L1. */
static void nvmx_exit_load_host_segs(const struct nvmx_vmcs12 *v12)
{
	const struct nvmx_exit_seg_fields *f;
	struct nvmx_exit_seg_state s;
	int seg;

	for (seg = 0; seg < NVMX_EXIT_NR_SEGS; seg++) {
		f = &nvmx_exit_segs[seg];
		nvmx_exit_host_seg(v12, seg, &s);
		__nvmx_vmwrite(f->selector, s.selector);
		__nvmx_vmwrite(f->base, s.base);
		__nvmx_vmwrite(f->limit, s.limit);
		__nvmx_vmwrite(f->ar, s.ar);
	}
	vmcs_writel(GUEST_GDTR_BASE, nvmx_vmcs12_get(v12, HOST_GDTR_BASE));
	vmcs_write32(GUEST_GDTR_LIMIT, NVMX_EXIT_DT_LIMIT);
	vmcs_writel(GUEST_IDTR_BASE, nvmx_vmcs12_get(v12, HOST_IDTR_BASE));
	vmcs_write32(GUEST_IDTR_LIMIT, NVMX_EXIT_DT_LIMIT);
}

/*
 * SDM Vol. 3C 28.5.3: RIP and RSP from the host-state area, RFLAGS 2;
 * 28.5.5: active, no STI/MOV-SS blocking, NMI blocking per
 * nvmx_exit_interruptibility(), no pending debug exceptions.
 */
static void nvmx_exit_load_host_regs(struct nvmx_vcpu *vcpu,
				     const struct nvmx_vmcs12 *v12,
				     bool nmi_exit)
{
	u32 intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	vcpu->rip = nvmx_vmcs12_get(v12, HOST_RIP);
	vcpu->regs[NVMX_REG_RSP] = nvmx_vmcs12_get(v12, HOST_RSP);
	vcpu->rflags = NVMX_EXIT_RFLAGS;
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
		     nvmx_exit_interruptibility(intr, nmi_exit));
	vmcs_write32(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

/*
 * SDM Vol. 3C 28.5: L1's host state from vmcs12 into vmcs01's guest
 * state (vmcs01 current).  28.5.4: a host in PAE paging (no "host
 * address-space size", CR0.PG, CR4.PAE) loads its PDPTEs from CR3; a
 * bad one is a VMX abort.
 * Return: 0 or VMX_ABORT_LOAD_HOST_PDPTE_FAIL.
 */
static u32 nvmx_exit_load_host(struct nvmx_vcpu *vcpu, bool nmi_exit)
{
	const struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	u32 exit_ctls = nvmx_vmcs12_get(v12, VM_EXIT_CONTROLS);

	nvmx_exit_load_host_crs(vcpu, v12);
	nvmx_exit_load_host_msrs(v12);
	nvmx_exit_load_host_segs(v12);
	nvmx_exit_load_host_regs(vcpu, v12, nmi_exit);
	if (!(exit_ctls & VM_EXIT_HOST_ADDR_SPACE_SIZE) &&
	    (nvmx_read_cr0(vcpu) & X86_CR0_PG) &&
	    (nvmx_read_cr4(vcpu) & X86_CR4_PAE) &&
	    nvmx_load_pdptrs(vcpu, vmcs_readl(GUEST_CR3)))
		return VMX_ABORT_LOAD_HOST_PDPTE_FAIL;
	return 0;
}

/*
 * SDM Vol. 3C 28.7: a VMX abort.  The indicator goes to byte offset 4 of
 * L1's VMCS region (struct nvmx_vmcs12_image.abort) and the logical
 * processor shuts down: KVM_EXIT_SHUTDOWN, as KVM's nested_vmx_abort().
 */
static int nvmx_exit_vmx_abort(struct nvmx_vcpu *vcpu, u32 indicator)
{
	u64 at = vcpu->nested->current_ptr +
		 offsetof(struct nvmx_vmcs12_image, abort);

	BUILD_BUG_ON(offsetof(struct nvmx_vmcs12_image, abort) != 4);
	pr_warn_ratelimited("vcpu %d: VMX abort, indicator %u\n", vcpu->id,
			    indicator);
	if (nvmx_write_guest(vcpu->vm, at, &indicator, sizeof(indicator)))
		pr_warn_ratelimited("vcpu %d: VMCS region 0x%llx unwritable\n",
				    vcpu->id, vcpu->nested->current_ptr);
	vcpu->run->exit_reason = KVM_EXIT_SHUTDOWN;
	return 0;
}

/*
 * SDM Vol. 3C 28.2.2: with "acknowledge interrupt on exit" the exit
 * acknowledges the interrupt it reports: L0's queued KVM_INTERRUPT
 * vector is taken.
 */
static void nvmx_exit_ack_interrupt(struct nvmx_vcpu *vcpu,
				    const struct nvmx_exit_info *ei)
{
	u32 exit_ctls = nvmx_vmcs12_get(&vcpu->nested->v12, VM_EXIT_CONTROLS);
	u32 info = nvmx_exit_intr_info(ei->reason, ei->intr_info, exit_ctls);

	if ((u16)ei->reason == EXIT_REASON_EXTERNAL_INTERRUPT &&
	    (info & INTR_INFO_VALID_MASK) && vcpu->irq_pending &&
	    vcpu->irq_vector == (info & INTR_INFO_VECTOR_MASK))
		vcpu->irq_pending = false;
}

/*
 * What L0 had for L2 is void: the event it would have re-injected is in
 * L1's IDT-vectoring information (SDM Vol. 3C 28.2.4) for L1 to handle.
 * SDM Vol. 3C 28.5.5: without VPID in L1's controls the exit invalidates
 * L1's linear and combined mappings (VPID 0000H for L1): the next entry
 * flushes them (nvmx_ept_flush_local() covers every VPID of the VM).
 */
static void nvmx_exit_after(struct nvmx_vcpu *vcpu)
{
	vcpu->inject_info = 0;
	vcpu->inject_err = 0;
	vcpu->inject_len = 0;
	if (!nvmx_exit_l1_proc2(&vcpu->nested->v12, SECONDARY_EXEC_ENABLE_VPID))
		vcpu->tlb_flush_pending = true;
}

/* SDM Vol. 3C 28.2-28.4 with vmcs02 current, then back to vmcs01. */
static u32 nvmx_exit_from_l2(struct nvmx_vcpu *vcpu,
			     const struct nvmx_exit_info *ei)
{
	u32 abort = 0;

	nvmx_exit_record(vcpu, ei);
	if (ei->reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		nvmx_exit_restore_guest(vcpu);
	} else {
		/*
		 * 28.4 reads L2's MSRs, which for the VMCS-resident ones are
		 * the page's guest fields: before 28.3 puts L1's values back
		 * into those L1 did not ask to save.
		 */
		abort = nvmx_exit_store_msrs(vcpu);
		nvmx_exit_save_guest(vcpu);
	}
	nvmx_nested_shared.leave(vcpu);
	WARN_ON_ONCE(vcpu->cur != &vcpu->vmcs01);
	return abort;
}

/**
 * nvmx_nested_vmexit() - emulate a VM exit from L2 to L1
 * @vcpu: the vCPU, in guest mode (vmcs02 current, vcpu->rip, RSP and
 *        RFLAGS L2's) for an L2 exit; for a VM-entry failure either so
 *        (after the switch to vmcs02, e.g. a VM-entry MSR-load failure)
 *        or still with vmcs01 current and L1 at its VMLAUNCH/VMRESUME
 *        (nested->guest_mode false: L2's state was never loaded)
 * @ei: the exit: as the hardware produced it (nvmx_nested_read_exit_info())
 *      or as L0 synthesizes it; for a VM-entry failure (SDM Vol. 3C 27.8)
 *      reason 33 or 34 with VMX_EXIT_REASONS_FAILED_VMENTRY and the
 *      qualification, the rest unused
 *
 * SDM Vol. 3C 28.2-28.6 in order (see the top of this file), or for a
 * VM-entry failure 27.8: only the exit reason and qualification of
 * vmcs12 change, no guest state or MSR is saved, the VM-entry
 * interruption information keeps its valid bit, L1's host state and its
 * VM-exit MSR-load area are loaded, NMI blocking is what it was.  For
 * an external interrupt exit with L1's "acknowledge interrupt on exit",
 * @ei->intr_info bits 7:0 carry the vector.  L2's pending L0-level
 * injection is dropped; vcpu->rip, RSP and RFLAGS become L1's.  An L2
 * exit (not a VM-entry failure) counts in l2_l1[basic reason].
 *
 * Return: 1 to resume L1, 0 after a VMX abort (SDM Vol. 3C 28.7) with
 * kvm_run->exit_reason KVM_EXIT_SHUTDOWN, -EINVAL (and a warning) for an
 * exit that is not a VM-entry failure outside guest mode.
 */
int nvmx_nested_vmexit(struct nvmx_vcpu *vcpu, const struct nvmx_exit_info *ei)
{
	struct nvmx_nested *n = vcpu->nested;
	bool failed = ei->reason & VMX_EXIT_REASONS_FAILED_VMENTRY;
	u16 basic = ei->reason;
	u32 abort = 0;

	if (WARN_ON_ONCE(!n->guest_mode && !failed))
		return -EINVAL;
	if (n->guest_mode)
		abort = nvmx_exit_from_l2(vcpu, ei);
	else
		nvmx_exit_record_unlinked(vcpu, ei);
	if (!failed)
		nvmx_exit_ack_interrupt(vcpu, ei);
	nvmx_exit_after(vcpu);
	if (!abort)
		abort = nvmx_exit_load_host(vcpu, !failed &&
					    nvmx_exit_is_nmi(ei->reason,
							     ei->intr_info));
	if (!abort &&
	    nvmx_msr_list_load(vcpu, NVMX_MSR_EXIT_LOAD,
			       nvmx_vmcs12_get(&n->v12, VM_EXIT_MSR_LOAD_ADDR),
			       nvmx_vmcs12_get(&n->v12, VM_EXIT_MSR_LOAD_COUNT)))
		abort = VMX_ABORT_LOAD_HOST_MSR_FAIL;
	if (!failed && basic < NVMX_EXIT_REASONS)
		n->counts.l2_l1[basic]++;
	if (abort)
		return nvmx_exit_vmx_abort(vcpu, abort);
	return 1;
}
