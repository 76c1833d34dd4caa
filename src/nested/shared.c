// SPDX-License-Identifier: GPL-2.0
/*
 * The shared strategy: one hardware VMCS page is vmcs12 (L1's shadow
 * VMCS, linked from vmcs01) while L1 runs and vmcs02 while L2 runs
 * (Documentation/nested.md).
 *
 * While L1 runs, vmcs01 has "VMCS shadowing" on from L1's VMXON to its
 * VMXOFF (insn.c), with the VMREAD/VMWRITE bitmaps of vmcs12.c, and its
 * VMCS link pointer is the physical address of L1's current vmcs12 page,
 * or all ones when L1 has no current VMCS: the CPU then answers L1's
 * shadowed VMREAD/VMWRITE with VMfailInvalid itself (SDM Vol. 3C 31.3).
 *
 * Sections: VMPTRLD, VMCLEAR, VMREAD, VMWRITE [insn]; entering and
 * leaving L2 [entry].
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/preempt.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>
#include <uapi/asm/vmx.h>

#include "../mmu.h"
#include "../run.h"
#include "../vcpu.h"
#include "../vm.h"
#include "../vmcs.h"
#include "../vmx_caps.h"
#include "../vmx_ops.h"
#include "nested.h"

/* ---- vmcs12 role: VMPTRLD, VMCLEAR, trapped VMREAD/VMWRITE [insn] ---- */

/* VMPTRLD passed its checks: the page of @gpa becomes vmcs01's shadow. */
static int nvmx_shared_vmptrld(struct nvmx_vcpu *vcpu, u64 gpa)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *p;

	if (n->current_ptr == gpa && n->cur_page)
		return 0;
	p = nvmx_vmcs12_page_get(vcpu, gpa);
	if (IS_ERR(p))
		return PTR_ERR(p);
	nvmx_vmcs12_unlink(vcpu);
	nvmx_vmcs12_link(vcpu, p);
	n->cur_page = p;
	n->current_ptr = gpa;
	/* exit.c's software exit information was the previous vmcs12's. */
	n->exit_soft.valid = 0;
	return 0;
}

/* VMCLEAR passed its checks: write back, launch state clear, not current. */
static int nvmx_shared_vmclear(struct nvmx_vcpu *vcpu, u64 gpa)
{
	return nvmx_vmcs12_page_clear(vcpu, gpa);
}

/*
 * A VMREAD that the bitmap sent to L0 (NONE class, or RO without VMWRITE
 * to read-only fields): exit.c's software copy, else the page.
 */
static int nvmx_shared_vmread(struct nvmx_vcpu *vcpu, int idx, u64 *val)
{
	if (nvmx_nested_exit_field_soft(vcpu, idx, val))
		return 0;
	*val = nvmx_vmcs12_read(vcpu, vcpu->nested->cur_page, idx);
	return 0;
}

/* A VMWRITE that the bitmap sent to L0 (NONE or RO class): into the page. */
static int nvmx_shared_vmwrite(struct nvmx_vcpu *vcpu, int idx, u64 val)
{
	nvmx_vmcs12_write(vcpu, vcpu->nested->cur_page, idx, val);
	return 0;
}

/* ---- vmcs02 role: entering and leaving L2 [entry] -------------------- */

/*
 * While L2 runs, nested->v12 holds L1's value of every field; vmcs02 has
 * L0's value where L0 overrides L1's (written by nvmx_shared_write_l0(),
 * put back by nvmx_shared_restore()).  What L0 overrides, and why:
 *
 *   host state            L0's: an L2 exit comes back to L0 (SDM Vol. 3C
 *                         28.5); L1's host state is loaded in software
 *                         by exit.c when L1 gets the exit
 *   pin-based             L1's | external-interrupt and NMI exiting (the
 *                         host keeps its interrupts); posted interrupts
 *                         never; the preemption timer per entry
 *   primary               L1's | L0's (vmcs.c) | unconditional I/O
 *                         exiting; no I/O or MSR bitmaps: every I/O and
 *                         RDMSR/WRMSR exits and route.c applies L1's
 *                         bitmaps; no TPR shadow (its page is not mapped)
 *   secondary             L1's safe bits | EPT | VPID; no VMCS shadowing
 *   exit controls         L0's; L1's save-on-exit wishes are emulated by
 *                         nvmx_shared_restore(), its load-on-exit ones
 *                         by exit.c
 *   entry controls        L0's | L1's IA-32e mode guest and load debug
 *                         controls; EFER and PAT always loaded, with the
 *                         values L2 must get (SDM Vol. 3C 27.3.2.1)
 *   EPT pointer, VPID     L0's EPTP (L1 without EPT: L2 GPAs are L1
 *                         GPAs) or the nested EPT root (ept.c); VPID02
 *   MSR-load/store counts 0: L1's lists are emulated in software
 *   VMCS link pointer     all ones (SDM Vol. 3C 27.3.1.5)
 *   CR0/CR4 masks         L1's | L0's; read shadows give L2 L1's shadow
 *                         for L1-owned bits and L2's own value for bits
 *                         only L0 owns (SDM Vol. 3C 25.6.6)
 *   TSC offset            L0's + L1's when L1 offsets (SDM Vol. 3C 26.3)
 *   preemption timer      min(L1's, L0's IF=0 backstop) (guest_mode.c)
 *
 * The exception bitmap, PF error-code mask/match and CR3-target list are
 * L1's as they are: L0 intercepts no exception (vmcs.c writes 0).
 */

/* Pin-based controls of L1 kept in vmcs02 (SDM Vol. 3C 25.6.1). */
#define NVMX_SHARED_PIN12	(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING | \
				 PIN_BASED_VIRTUAL_NMIS)
/* Primary controls of L1 dropped: they need pages L0 would have to map. */
#define NVMX_SHARED_PROC_DROP	(CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS | \
				 CPU_BASED_TPR_SHADOW)
/* Secondary controls of L1 kept: none of them names memory. */
#define NVMX_SHARED_PROC2_12	(SECONDARY_EXEC_UNRESTRICTED_GUEST | \
				 SECONDARY_EXEC_ENABLE_RDTSCP |	\
				 SECONDARY_EXEC_ENABLE_INVPCID | SECONDARY_EXEC_DESC | \
				 SECONDARY_EXEC_WBINVD_EXITING | \
				 SECONDARY_EXEC_RDRAND_EXITING | \
				 SECONDARY_EXEC_RDSEED_EXITING)
/* Entry controls of L1 kept (EFER and PAT are loaded whatever L1 says). */
#define NVMX_SHARED_ENTRY12	(VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_DEBUG_CONTROLS)

#define V12(n, name)		nvmx_vmcs12_get(&(n)->v12, name)

/* Fields L0 overrides whose L1 value comes back verbatim on leave. */
static const u16 nvmx_shared_overridden[] = {
	NVMX_F_PIN_BASED_VM_EXEC_CONTROL,
	NVMX_F_CPU_BASED_VM_EXEC_CONTROL,
	NVMX_F_SECONDARY_VM_EXEC_CONTROL,
	NVMX_F_VM_EXIT_CONTROLS,
	NVMX_F_VM_EXIT_MSR_STORE_COUNT,
	NVMX_F_VM_EXIT_MSR_LOAD_COUNT,
	NVMX_F_VM_ENTRY_MSR_LOAD_COUNT,
	NVMX_F_EPT_POINTER,
	NVMX_F_VIRTUAL_PROCESSOR_ID,
	NVMX_F_VMCS_LINK_POINTER,
	NVMX_F_TSC_OFFSET,
	NVMX_F_CR0_GUEST_HOST_MASK,
	NVMX_F_CR4_GUEST_HOST_MASK,
	NVMX_F_CR0_READ_SHADOW,
	NVMX_F_CR4_READ_SHADOW,
	NVMX_F_VM_ENTRY_EXCEPTION_ERROR_CODE,
	NVMX_F_VM_ENTRY_INSTRUCTION_LEN,
};

/* SDM Vol. 3C 25.11.2: bits 11:10 of a host-state field's encoding are 3. */
#define NVMX_VMCS_TYPE_HOST	3

/**
 * struct nvmx_shared_l1 - L1's own state (vmcs01) that L2 inherits when
 *                         vmcs12 does not load it
 * @efer: L1's IA32_EFER
 * @pat: L1's IA32_PAT
 * @debugctl: L1's IA32_DEBUGCTL
 * @dr7: L1's DR7
 */
struct nvmx_shared_l1 {
	u64 efer;
	u64 pat;
	u64 debugctl;
	unsigned long dr7;
};

/**
 * struct nvmx_shared_l0 - L0's values for vmcs02 computed before the switch
 * @eptp: EPT pointer of vmcs02
 * @vpid: VPID of vmcs02, 0 for none
 */
struct nvmx_shared_l0 {
	u64 eptp;
	u16 vpid;
};

/* L1's secondary controls, 0 when it does not activate them (SDM Vol. 3C 25.6.2). */
static u32 nvmx_shared_proc2_12(const struct nvmx_nested *n)
{
	if (!(V12(n, CPU_BASED_VM_EXEC_CONTROL) &
	      CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		return 0;
	return V12(n, SECONDARY_VM_EXEC_CONTROL);
}

/*
 * (a) Every field L1 has, from the vmcs12 page: a shadow VMCS, which
 * VMREAD in VMX root operation reads once it is current (SDM Vol. 3C
 * 25.10, 31.3 "VMREAD").  vmcs01 is current again afterwards.
 */
static void nvmx_shared_read_vmcs12(struct nvmx_vcpu *vcpu,
				    struct nvmx_vmcs12_page *page)
{
	struct nvmx_vmcs12 *v = &vcpu->nested->v12;
	const struct nvmx_vmcs_field *f;
	int i;

	preempt_disable();
	nvmx_vcpu_activate(vcpu);
	nvmx_loaded_vmcs_load(&page->lv);
	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++) {
		f = &nvmx_vmcs_fields[i];
		v->f[i] = f->shadow == NVMX_SHADOW_HIDDEN ? 0 :
			  __nvmx_vmread(f->enc);
	}
	nvmx_vcpu_activate(vcpu);
	preempt_enable();
}

/* (b) A check failed: VMfailValid or a VM-entry failure exit to L1. */
static int nvmx_shared_check_failed(struct nvmx_vcpu *vcpu,
				    const struct nvmx_check_failure *fail)
{
	struct nvmx_exit_info ei = {};
	int ret;

	vcpu->nested->counts.entry_failures++;
	if (fail->kind == NVMX_CHECK_VMFAIL) {
		/* SDM Vol. 3C 31.4: error 7 (controls) or 8 (host state). */
		nvmx_nested_vmfail(vcpu, fail->error);
		return 0;
	}
	/* SDM Vol. 3C 27.8: basic reason 33 or 34 with bit 31 set. */
	ei.reason = fail->error | VMX_EXIT_REASONS_FAILED_VMENTRY;
	ei.qual = fail->qual;
	ret = nvmx_nested_vmexit(vcpu, &ei);
	return ret < 0 ? ret : 0;
}

/*
 * SDM Vol. 3C 27.8: an MSR-load entry failed: VM-entry failure exit to
 * L1, reason 34 with bit 31, qualification the entry's number.
 */
static int nvmx_shared_msr_load_failed(struct nvmx_vcpu *vcpu, u32 entry)
{
	struct nvmx_exit_info ei = {};
	int ret;

	vcpu->nested->counts.entry_failures++;
	ei.reason = EXIT_REASON_MSR_LOAD_FAIL | VMX_EXIT_REASONS_FAILED_VMENTRY;
	ei.qual = entry;
	ret = nvmx_nested_vmexit(vcpu, &ei);
	return ret < 0 ? ret : 0;
}

/* L0's EPT pointer and VPID for vmcs02 (may sleep: before the switch). */
static int nvmx_shared_prepare(struct nvmx_vcpu *vcpu,
			       struct nvmx_shared_l0 *l0)
{
	struct nvmx_nested *n = vcpu->nested;
	u32 proc2 = nvmx_shared_proc2_12(n);
	u16 vpid12 = 0;
	int ret;

	l0->eptp = nvmx_mmu_eptp(vcpu->vm);
	if (proc2 & SECONDARY_EXEC_ENABLE_EPT) {
		ret = nvmx_nested_ept_enter(vcpu, V12(n, EPT_POINTER),
					    &l0->eptp);
		if (ret)
			return ret;
	}
	if (proc2 & SECONDARY_EXEC_ENABLE_VPID)
		vpid12 = V12(n, VIRTUAL_PROCESSOR_ID);
	l0->vpid = nvmx_nested_vpid02(vcpu, vpid12);
	return 0;
}

static void nvmx_shared_read_l1(struct nvmx_shared_l1 *l1)
{
	l1->efer = vmcs_read64(GUEST_IA32_EFER);
	l1->pat = vmcs_read64(GUEST_IA32_PAT);
	l1->debugctl = vmcs_read64(GUEST_IA32_DEBUGCTL);
	l1->dr7 = vmcs_readl(GUEST_DR7);
}

static void nvmx_shared_write_exec(struct nvmx_vcpu *vcpu,
				   const struct nvmx_shared_l0 *l0)
{
	const struct nvmx_vmcs_config *c = nvmx_vmcs_l0_config();
	struct nvmx_nested *n = vcpu->nested;
	u32 proc2_12 = nvmx_shared_proc2_12(n);
	u32 pin, proc, proc2;
	u64 tsc;

	pin = (V12(n, PIN_BASED_VM_EXEC_CONTROL) & NVMX_SHARED_PIN12) |
	      (c->pin & ~PIN_BASED_VIRTUAL_NMIS);
	proc = ((V12(n, CPU_BASED_VM_EXEC_CONTROL) | c->proc) &
		~NVMX_SHARED_PROC_DROP) |
	       CPU_BASED_UNCOND_IO_EXITING |
	       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	proc2 = (proc2_12 & NVMX_SHARED_PROC2_12) | SECONDARY_EXEC_ENABLE_EPT;
	/* SDM Vol. 3C 27.2.1.1: unrestricted guest needs L1's own EPT. */
	if (!(proc2_12 & SECONDARY_EXEC_ENABLE_EPT))
		proc2 &= ~SECONDARY_EXEC_UNRESTRICTED_GUEST;
	if (l0->vpid)
		proc2 |= SECONDARY_EXEC_ENABLE_VPID;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, proc);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_write64(EPT_POINTER, l0->eptp);
	if (l0->vpid)
		vmcs_write16(VIRTUAL_PROCESSOR_ID, l0->vpid);
	/* SDM Vol. 3C 26.3: the offsets of the two levels add up. */
	tsc = vcpu->msrs.tsc_offset;
	if (V12(n, CPU_BASED_VM_EXEC_CONTROL) & CPU_BASED_USE_TSC_OFFSETTING)
		tsc += V12(n, TSC_OFFSET);
	vmcs_write64(TSC_OFFSET, tsc);
	/* SDM Vol. 3C 27.3.1.5: no shadow VMCS for L2. */
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);
}

/* SDM Vol. 3C 27.3.2.1: EFER of L2 when vmcs12 does not load it. */
static u64 nvmx_shared_efer02(const struct nvmx_nested *n, u64 l1_efer)
{
	u32 entry = V12(n, VM_ENTRY_CONTROLS);
	bool ia32e = entry & VM_ENTRY_IA32E_MODE;
	u64 efer = l1_efer;

	if (entry & VM_ENTRY_LOAD_IA32_EFER)
		return V12(n, GUEST_IA32_EFER);
	efer = ia32e ? efer | EFER_LMA : efer & ~EFER_LMA;
	if (V12(n, GUEST_CR0) & X86_CR0_PG)
		efer = ia32e ? efer | EFER_LME : efer & ~EFER_LME;
	return efer;
}

static void nvmx_shared_write_exit_entry(struct nvmx_vcpu *vcpu,
					 const struct nvmx_shared_l1 *l1)
{
	const struct nvmx_vmcs_config *c = nvmx_vmcs_l0_config();
	struct nvmx_nested *n = vcpu->nested;
	u32 entry12 = V12(n, VM_ENTRY_CONTROLS);
	u32 exit = c->exit;

	/* The timer's remaining value is kept across L0's own exits. */
	if (n->l2.l1_timer &&
	    (nvmx_ctl_allowed1(nvmx_cpu_has_true_ctls() ?
			       nvmx_vmx_caps.true_exit : nvmx_vmx_caps.exit) &
	     VM_EXIT_SAVE_VMX_PREEMPTION_TIMER))
		exit |= VM_EXIT_SAVE_VMX_PREEMPTION_TIMER;
	vmcs_write32(VM_EXIT_CONTROLS, exit);
	vmcs_write32(VM_ENTRY_CONTROLS, (c->entry & ~VM_ENTRY_IA32E_MODE) |
		     (entry12 & NVMX_SHARED_ENTRY12) |
		     VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write64(GUEST_IA32_EFER, nvmx_shared_efer02(n, l1->efer));
	if (!(entry12 & VM_ENTRY_LOAD_IA32_PAT))
		vmcs_write64(GUEST_IA32_PAT, l1->pat);
	/* SDM Vol. 3C 27.3.2.1: without "load debug controls" L2 keeps L1's. */
	if ((c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) &&
	    !(entry12 & VM_ENTRY_LOAD_DEBUG_CONTROLS)) {
		vmcs_writel(GUEST_DR7, l1->dr7);
		vmcs_write64(GUEST_IA32_DEBUGCTL, l1->debugctl);
	}
}

/*
 * SDM Vol. 3C 25.6.6: a bit set in either mask is host-owned in vmcs02.
 * L2 reads L1's shadow for the bits L1 owns and its own value (vmcs12's
 * guest CR0/CR4) for the bits only L0 owns.
 */
static void nvmx_shared_write_cr(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	unsigned long m0 = V12(n, CR0_GUEST_HOST_MASK);
	unsigned long m4 = V12(n, CR4_GUEST_HOST_MASK);

	vmcs_writel(CR0_GUEST_HOST_MASK, m0 | nvmx_vmcs_cr0_mask());
	vmcs_writel(CR4_GUEST_HOST_MASK, m4 | nvmx_vmcs_cr4_mask());
	vmcs_writel(CR0_READ_SHADOW, (V12(n, CR0_READ_SHADOW) & m0) |
		    (V12(n, GUEST_CR0) & ~m0));
	vmcs_writel(CR4_READ_SHADOW, (V12(n, CR4_READ_SHADOW) & m4) |
		    (V12(n, GUEST_CR4) & ~m4));
}

/*
 * (c) vmcs12 becomes vmcs02: VMCLEAR, shadow-VMCS indicator 0 (SDM Vol.
 * 3C 25.2), VMPTRLD with L0's host state, then L0's values over L1's.
 */
static void nvmx_shared_switch(struct nvmx_vcpu *vcpu,
			       struct nvmx_vmcs12_page *page,
			       const struct nvmx_shared_l0 *l0)
{
	struct nvmx_shared_l1 l1;

	preempt_disable();
	nvmx_vcpu_activate(vcpu);
	nvmx_shared_read_l1(&l1);
	nvmx_loaded_vmcs_clear(&page->lv);
	*(u32 *)page->lv.vmcs &= ~NVMX_VMCS_SHADOW_INDICATOR;
	vcpu->linked = NULL;
	vcpu->cur = &page->lv;
	nvmx_vcpu_activate(vcpu);
	nvmx_run_write_host_segs(vcpu);
	nvmx_shared_write_exec(vcpu, l0);
	nvmx_shared_write_exit_entry(vcpu, &l1);
	nvmx_shared_write_cr(vcpu);
	preempt_enable();
}

static int nvmx_shared_enter(struct nvmx_vcpu *vcpu, bool launch)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *page = n->cur_page;
	struct nvmx_check_failure fail = {};
	struct nvmx_shared_l0 l0;
	u32 bad;
	int ret;

	if (WARN_ON_ONCE(!page || n->guest_mode))
		return -EIO;
	nvmx_shared_read_vmcs12(vcpu, page);
	ret = nvmx_nested_check_entry(vcpu, &n->v12, &fail);
	if (ret < 0)
		return ret;
	if (ret)
		return nvmx_shared_check_failed(vcpu, &fail);
	ret = nvmx_shared_prepare(vcpu, &l0);
	if (ret)
		return ret;
	memset(&n->l2, 0, sizeof(n->l2));
	n->l2.l1_timer = V12(n, PIN_BASED_VM_EXEC_CONTROL) &
			 PIN_BASED_VMX_PREEMPTION_TIMER;
	n->l2.l1_left = V12(n, VMX_PREEMPTION_TIMER_VALUE);
	nvmx_shared_switch(vcpu, page, &l0);
	/* SDM Vol. 3C 27.3.2.3: L2's RIP, RSP and RFLAGS. */
	vcpu->rip = V12(n, GUEST_RIP);
	vcpu->regs[NVMX_REG_RSP] = V12(n, GUEST_RSP);
	vcpu->rflags = V12(n, GUEST_RFLAGS);
	n->guest_mode = true;
	if (nvmx_nested_load_entry_msrs(vcpu, &n->v12, &bad))
		return nvmx_shared_msr_load_failed(vcpu, bad);
	/*
	 * SDM Vol. 3C 25.11.3: VMLAUNCH makes the launch state "launched";
	 * guest_mode.c undoes it if the hardware entry fails after all.
	 */
	n->l2.launch = launch;
	page->launched = true;
	n->counts.entries++;
	return 1;
}

/* The value L1 finds in a field vmcs02 may save on exit (SDM Vol. 3C 28.3). */
static u64 nvmx_shared_saved(struct nvmx_nested *n, int idx, u32 save_ctl)
{
	u32 exit12 = V12(n, VM_EXIT_CONTROLS);

	if (n->l2.ran && (exit12 & save_ctl))
		return __nvmx_vmread(nvmx_vmcs_fields[idx].enc);
	return n->v12.f[idx];
}

static void nvmx_shared_restore_saved(struct nvmx_nested *n)
{
	u32 entry = V12(n, VM_ENTRY_CONTROLS);
	u64 timer = V12(n, VMX_PREEMPTION_TIMER_VALUE);
	u32 info = V12(n, VM_ENTRY_INTR_INFO_FIELD);
	u64 efer, pat, dr7, debugctl;

	efer = nvmx_shared_saved(n, NVMX_F_GUEST_IA32_EFER,
				 VM_EXIT_SAVE_IA32_EFER);
	pat = nvmx_shared_saved(n, NVMX_F_GUEST_IA32_PAT,
				VM_EXIT_SAVE_IA32_PAT);
	dr7 = nvmx_shared_saved(n, NVMX_F_GUEST_DR7,
				VM_EXIT_SAVE_DEBUG_CONTROLS);
	debugctl = nvmx_shared_saved(n, NVMX_F_GUEST_IA32_DEBUGCTL,
				     VM_EXIT_SAVE_DEBUG_CONTROLS);
	if (n->l2.ran) {
		/* SDM Vol. 3C 28.2: every VM exit clears the valid bit. */
		info &= ~INTR_INFO_VALID_MASK;
		/* SDM Vol. 3C 28.3: "IA-32e mode guest" takes EFER.LMA. */
		entry = (entry & ~VM_ENTRY_IA32E_MODE) |
			(vmcs_read32(VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE);
		if (n->l2.l1_timer && (V12(n, VM_EXIT_CONTROLS) &
				       VM_EXIT_SAVE_VMX_PREEMPTION_TIMER))
			timer = n->l2.l1_left;
	}
	vmcs_write32(VM_ENTRY_CONTROLS, entry);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, timer);
	vmcs_write64(GUEST_IA32_EFER, efer);
	vmcs_write64(GUEST_IA32_PAT, pat);
	vmcs_writel(GUEST_DR7, dr7);
	vmcs_write64(GUEST_IA32_DEBUGCTL, debugctl);
}

/* L1's values back into every field L0 overrode (vmcs02 current). */
static void nvmx_shared_restore(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	const struct nvmx_vmcs_field *f;
	size_t i;

	/* L2's registers as L0 last left them (an exit handler may move RIP). */
	vmcs_writel(GUEST_RIP, vcpu->rip);
	vmcs_writel(GUEST_RSP, vcpu->regs[NVMX_REG_RSP]);
	vmcs_writel(GUEST_RFLAGS, vcpu->rflags);
	nvmx_shared_restore_saved(n);
	for (i = 0; i < ARRAY_SIZE(nvmx_shared_overridden); i++) {
		f = &nvmx_vmcs_fields[nvmx_shared_overridden[i]];
		__nvmx_vmwrite(f->enc, n->v12.f[nvmx_shared_overridden[i]]);
	}
	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++) {
		f = &nvmx_vmcs_fields[i];
		if (NVMX_VMCS_TYPE(f->enc) == NVMX_VMCS_TYPE_HOST)
			__nvmx_vmwrite(f->enc, n->v12.f[i]);
	}
}

/*
 * vmcs02 becomes vmcs12 again: L1's values, VMCLEAR, indicator 1, linked
 * from vmcs01, which is current again.  Nothing to do outside guest mode
 * (an entry that failed its checks never switched).
 */
static void nvmx_shared_leave(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *page = n->cur_page;

	if (!n->guest_mode)
		return;
	preempt_disable();
	nvmx_vcpu_activate(vcpu);
	nvmx_shared_restore(vcpu);
	nvmx_loaded_vmcs_clear(&page->lv);
	*(u32 *)page->lv.vmcs |= NVMX_VMCS_SHADOW_INDICATOR;
	vcpu->cur = &vcpu->vmcs01;
	vcpu->linked = &page->lv;
	nvmx_vcpu_activate(vcpu);
	preempt_enable();
	n->guest_mode = false;
	/* SDM Vol. 3C 29.4.3.1: what the exit to L1 invalidates (ept.c). */
	nvmx_nested_vpid_leave(vcpu, nvmx_shared_proc2_12(n) &
				     SECONDARY_EXEC_ENABLE_VPID ?
				     V12(n, VIRTUAL_PROCESSOR_ID) : 0);
}

const struct nvmx_nested_strategy nvmx_nested_shared = {
	.name = "shared",
	.vmptrld = nvmx_shared_vmptrld,
	.vmclear = nvmx_shared_vmclear,
	.vmread = nvmx_shared_vmread,
	.vmwrite = nvmx_shared_vmwrite,
	.enter = nvmx_shared_enter,
	.leave = nvmx_shared_leave,
};
