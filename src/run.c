// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_RUN: the loop that enters the guest and handles its exits.
 *
 * While KVM_RUN runs, a preempt notifier follows the vCPU thread: when it
 * is scheduled in on a CPU, the VMCS is made current there (VMCLEAR on the
 * old CPU first, vcpu.c) and this CPU's host state written into it; when
 * it is scheduled out, the host's syscall MSRs and segment registers come
 * back.  So the VMCS may be read and written anywhere in the loop, with
 * preemption enabled, as in KVM.
 *
 * Host state that a VM exit does not restore (SDM Vol. 3C 28.5: LDTR null,
 * TR limit 0x67, GDTR/IDTR limit 0xffff, DS/ES/FS/GS selectors from the
 * VMCS, and the MSRs outside the VMCS) is saved before the first entry and
 * restored before returning to userspace or being scheduled out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kvm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/fpu/xcr.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/tsc.h>
#include <asm/vmx.h>
/* load_gs_index(): asm/special_insns.h until 6.1, asm/gsseg.h since. */
#include <asm/mmu_context.h>

#include "events.h"
#include "exits.h"
#include "run.h"
#include "stats.h"
#include "vcpu.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/*
 * kvm_run->immediate_exit, which <linux/kvm.h> renames for kernel code
 * through HINT_UNSAFE_IN_KVM() since Linux 6.10 (same byte) so that it is
 * read only once per KVM_RUN, as nvmx does.
 */
#ifdef HINT_UNSAFE_IN_KVM
#define nvmx_run_immediate_exit(run)	\
	READ_ONCE((run)->HINT_UNSAFE_IN_KVM(immediate_exit))
#else
#define nvmx_run_immediate_exit(run)	READ_ONCE((run)->immediate_exit)
#endif

static u64 nvmx_host_xcr0;
static bool nvmx_has_tsc_aux;
/* VMX-preemption timer start value of the IF=0 backstop, 0 if none. */
static u32 nvmx_backstop_ticks;

/* The backstop's period: 4 ms, one tick at HZ=250. */
#define NVMX_BACKSTOP_MS	4

static struct nvmx_vcpu *nvmx_pn_vcpu(struct preempt_notifier *pn)
{
	return container_of(pn, struct nvmx_vcpu, preempt_notifier);
}

/* Save what VM exits do not restore; load the guest's syscall MSRs. */
static void nvmx_switch_to_guest(struct nvmx_vcpu *vcpu)
{
	struct nvmx_host_segs *h = &vcpu->host_segs;
	struct nvmx_guest_msrs *hm = &vcpu->host_msrs;
	struct nvmx_guest_msrs *gm = &vcpu->msrs;

	if (!vcpu->host_saved) {
		savesegment(ds, h->ds);
		savesegment(es, h->es);
		savesegment(fs, h->fs);
		savesegment(gs, h->gs);
		store_ldt(h->ldt);
		rdmsrl(MSR_FS_BASE, h->fs_base);
		/* SDM Vol. 3C 27.2.3: host selectors need RPL and TI clear. */
		vmcs_write16(HOST_FS_SELECTOR, (h->fs & 7) ? 0 : h->fs);
		vmcs_write16(HOST_GS_SELECTOR, (h->gs & 7) ? 0 : h->gs);
		vmcs_writel(HOST_FS_BASE, h->fs_base);
		rdmsrl(MSR_STAR, hm->star);
		rdmsrl(MSR_LSTAR, hm->lstar);
		rdmsrl(MSR_CSTAR, hm->cstar);
		rdmsrl(MSR_SYSCALL_MASK, hm->sfmask);
		rdmsrl(MSR_KERNEL_GS_BASE, hm->kernel_gs_base);
		if (nvmx_has_tsc_aux)
			rdmsrl(MSR_TSC_AUX, hm->tsc_aux);
		vcpu->host_saved = true;
	}
	if (!vcpu->guest_msrs_loaded) {
		wrmsrl(MSR_STAR, gm->star);
		wrmsrl(MSR_LSTAR, gm->lstar);
		wrmsrl(MSR_CSTAR, gm->cstar);
		wrmsrl(MSR_SYSCALL_MASK, gm->sfmask);
		wrmsrl(MSR_KERNEL_GS_BASE, gm->kernel_gs_base);
		if (nvmx_has_tsc_aux)
			wrmsrl(MSR_TSC_AUX, gm->tsc_aux);
		vcpu->guest_msrs_loaded = true;
	}
}

/**
 * nvmx_sync_guest_kernel_gs_base() - read back the guest's KERNEL_GS_BASE
 * @vcpu: the vCPU
 *
 * SWAPGS in the guest changes IA32_KERNEL_GS_BASE without a VM exit, so
 * while the guest's value is loaded the MSR itself is the truth.
 * Preemption must be disabled.
 */
void nvmx_sync_guest_kernel_gs_base(struct nvmx_vcpu *vcpu)
{
	if (vcpu->guest_msrs_loaded)
		rdmsrl(MSR_KERNEL_GS_BASE, vcpu->msrs.kernel_gs_base);
}

/* Restore what nvmx_switch_to_guest() saved (as KVM's vmx_prepare_switch_to_host()). */
static void nvmx_switch_to_host(struct nvmx_vcpu *vcpu)
{
	struct nvmx_host_segs *h = &vcpu->host_segs;
	struct nvmx_guest_msrs *hm = &vcpu->host_msrs;

	if (!vcpu->host_saved)
		return;
	nvmx_sync_guest_kernel_gs_base(vcpu);
	/* SDM Vol. 3C 28.5.2: the VM exit left LDTR null. */
	if (h->ldt || (h->gs & 7)) {
		asm volatile("lldt %0" : : "rm" (h->ldt));
		load_gs_index(h->gs);
	}
	if (h->fs & 7)
		loadsegment(fs, h->fs);
	if (h->ds | h->es) {
		loadsegment(ds, h->ds);
		loadsegment(es, h->es);
	}
	/* SDM Vol. 3C 28.5.2: TR limit is 0x67; the I/O bitmap needs more. */
	invalidate_tss_limit();
	wrmsrl(MSR_STAR, hm->star);
	wrmsrl(MSR_LSTAR, hm->lstar);
	wrmsrl(MSR_CSTAR, hm->cstar);
	wrmsrl(MSR_SYSCALL_MASK, hm->sfmask);
	wrmsrl(MSR_KERNEL_GS_BASE, hm->kernel_gs_base);
	if (nvmx_has_tsc_aux)
		wrmsrl(MSR_TSC_AUX, hm->tsc_aux);
	/* SDM Vol. 3C 28.5.2: GDTR limit is 0xffff after a VM exit. */
	load_fixmap_gdt(raw_smp_processor_id());
	vcpu->host_saved = false;
	vcpu->guest_msrs_loaded = false;
}

static void nvmx_sched_in(struct preempt_notifier *pn, int cpu)
{
	nvmx_vcpu_activate(nvmx_pn_vcpu(pn));
}

static void nvmx_sched_out(struct preempt_notifier *pn,
			   struct task_struct *next)
{
	nvmx_switch_to_host(nvmx_pn_vcpu(pn));
}

static struct preempt_ops nvmx_preempt_ops = {
	.sched_in = nvmx_sched_in,
	.sched_out = nvmx_sched_out,
};

/**
 * nvmx_run_init() - prepare a new vCPU for KVM_RUN
 * @vcpu: the vCPU
 */
void nvmx_run_init(struct nvmx_vcpu *vcpu)
{
	preempt_notifier_init(&vcpu->preempt_notifier, &nvmx_preempt_ops);
}

/* Refresh host state that may change between entries (preemption off). */
static void nvmx_refresh_host_state(struct nvmx_vcpu *vcpu)
{
	unsigned long cr3 = __read_cr3();
	unsigned long cr4 = cr4_read_shadow();

	/* The mm's CR3 (PCID, PTI) and CR4 may change while the vCPU runs. */
	if (cr3 != vcpu->cur->host_cr3) {
		vmcs_writel(HOST_CR3, cr3);
		vcpu->cur->host_cr3 = cr3;
	}
	if (cr4 != vcpu->cur->host_cr4) {
		vmcs_writel(HOST_CR4, cr4);
		vcpu->cur->host_cr4 = cr4;
	}
}

/*
 * With "external-interrupt exiting" an interrupt exits the guest whatever
 * its RFLAGS.IF (SDM Vol. 3C 26.2 "Other Causes of VM Exits"), but some emulated VT-x CPUs
 * (Bochs 2.7) only recognise it in VMX non-root operation when the guest
 * has IF set.  So while the guest runs with IF clear the VMX-preemption
 * timer (SDM Vol. 3C 26.5.1) bounds each stay in the guest to
 * NVMX_BACKSTOP_MS: a spinning guest never keeps the host from its
 * interrupts, signals and scheduler.  Guests with IF set never see it.
 */
static void nvmx_arm_backstop(struct nvmx_vcpu *vcpu)
{
	u32 pin = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL);
	bool arm = nvmx_backstop_ticks && !(vcpu->rflags & X86_EFLAGS_IF);

	if (arm != !!(pin & PIN_BASED_VMX_PREEMPTION_TIMER))
		vmcs_write32(PIN_BASED_VM_EXEC_CONTROL,
			     pin ^ PIN_BASED_VMX_PREEMPTION_TIMER);
	if (arm)
		vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, nvmx_backstop_ticks);
}

/* XCR0 of the guest around the entry, as KVM's kvm_load_guest_xsave_state(). */
static void nvmx_load_guest_xcr0(struct nvmx_vcpu *vcpu)
{
	if ((vmcs_readl(GUEST_CR4) & X86_CR4_OSXSAVE) && vcpu->fpu.xcr0 &&
	    vcpu->fpu.xcr0 != nvmx_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, vcpu->fpu.xcr0);
}

static void nvmx_load_host_xcr0(struct nvmx_vcpu *vcpu)
{
	if ((vmcs_readl(GUEST_CR4) & X86_CR4_OSXSAVE) && vcpu->fpu.xcr0 &&
	    vcpu->fpu.xcr0 != nvmx_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, nvmx_host_xcr0);
}

/*
 * An NMI that arrived in the guest caused the exit (pin-based "NMI
 * exiting", SDM Vol. 3C 26.2) and was not delivered to the host.  INT 2
 * runs the host's NMI handler at once through its IDT gate (as KVM did
 * before vmx_do_nmi_irqoff()), and the handler's IRET ends any NMI
 * blocking (SDM Vol. 3A 6.7.1).
 */
static void nvmx_host_nmi(void)
{
	asm volatile("int $2" : : : "memory");
}

static bool nvmx_exit_is_nmi(u32 reason)
{
	u32 info;

	if ((u16)reason != EXIT_REASON_EXCEPTION_NMI)
		return false;
	info = vmcs_read32(VM_EXIT_INTR_INFO);
	return (info & INTR_INFO_VALID_MASK) &&
	       (info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR;
}

/*
 * One VM entry and exit.  Return: > 0 to enter again, 0 to return to
 * userspace (kvm_run filled), < 0 an errno for KVM_RUN.
 */
static int nvmx_enter_guest(struct nvmx_vcpu *vcpu)
{
	u32 reason = 0;
	int fail;

	preempt_disable();
	nvmx_switch_to_guest(vcpu);
	local_irq_disable();
	/* As KVM's kvm_vcpu_exit_request(): let the loop handle these first. */
	if (signal_pending(current) || need_resched()) {
		local_irq_enable();
		preempt_enable();
		return 1;
	}
	nvmx_refresh_host_state(vcpu);
	if (vcpu->tlb_flush_pending) {
		nvmx_ept_flush_local(&vcpu->vm->mmu);
		vcpu->tlb_flush_pending = false;
	}
	nvmx_events_before_entry(vcpu);
	nvmx_arm_backstop(vcpu);
	vmcs_writel(GUEST_RIP, vcpu->rip);
	vmcs_writel(GUEST_RSP, vcpu->regs[NVMX_REG_RSP]);
	vmcs_writel(GUEST_RFLAGS, vcpu->rflags);
	nvmx_load_guest_xcr0(vcpu);
	/* VMX does not switch CR2 (SDM Vol. 3C 28.5): the guest's goes in. */
	if (read_cr2() != vcpu->msrs.cr2)
		write_cr2(vcpu->msrs.cr2);

	fail = nvmx_vmenter(vcpu->regs, vcpu->cur->launched);

	vcpu->msrs.cr2 = read_cr2();
	nvmx_load_host_xcr0(vcpu);
	if (!fail) {
		reason = vmcs_read32(VM_EXIT_REASON);
		/* Launched once an entry completed (KVM: not on entry failure). */
		if (!(reason & VMX_EXIT_REASONS_FAILED_VMENTRY))
			vcpu->cur->launched = true;
		vcpu->rip = vmcs_readl(GUEST_RIP);
		vcpu->regs[NVMX_REG_RSP] = vmcs_readl(GUEST_RSP);
		vcpu->rflags = vmcs_readl(GUEST_RFLAGS);
		if (nvmx_exit_is_nmi(reason))
			nvmx_host_nmi();
	}
	/* The external interrupt that caused an exit is taken here. */
	local_irq_enable();
	preempt_enable();
	return nvmx_handle_exit(vcpu, fail, reason);
}

static int nvmx_run_loop(struct nvmx_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int r;

	for (;;) {
		r = nvmx_enter_guest(vcpu);
		if (r <= 0)
			return r;
		/* KVM's vcpu_run(): dm_request_for_irq_injection() && ready. */
		if (run->request_interrupt_window &&
		    nvmx_ready_for_interrupt(vcpu)) {
			run->exit_reason = KVM_EXIT_IRQ_WINDOW_OPEN;
			return 0;
		}
		if (signal_pending(current)) {
			run->exit_reason = KVM_EXIT_INTR;
			return -EINTR;
		}
		/* A spinning guest never keeps the scheduler out. */
		cond_resched();
	}
}

/* KVM's post_kvm_run_save() without an in-kernel irqchip. */
static void nvmx_post_run_save(struct nvmx_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	run->if_flag = !!(vcpu->rflags & X86_EFLAGS_IF);
	run->cr8 = vcpu->msrs.cr8;
	run->apic_base = vcpu->msrs.apic_base;
	run->ready_for_interrupt_injection = nvmx_ready_for_interrupt(vcpu);
	run->flags = 0;
}

/**
 * nvmx_vcpu_run() - KVM_RUN
 * @vcpu: the vCPU, its mutex held
 *
 * As KVM's kvm_arch_vcpu_ioctl_run(): finishes the I/O or MMIO that the
 * previous exit handed to userspace, then returns -EINTR at once if
 * kvm_run->immediate_exit is set, else runs the guest until an exit that
 * userspace must see, a pending signal (-EINTR, KVM_EXIT_INTR) or an
 * error.
 *
 * Return: 0 with kvm_run->exit_reason set, or a negative errno.
 */
int nvmx_vcpu_run(struct nvmx_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int r;

	/* No KVM_CAP_SYNC_REGS: any sync-regs request is invalid. */
	if (run->kvm_valid_regs || run->kvm_dirty_regs)
		return -EINVAL;
	/* kvm_set_cr8(): CR8 bits 63:4 are reserved. */
	if (run->cr8 & ~0xfull)
		return -EINVAL;
	vcpu->msrs.cr8 = run->cr8;
	run->flags = 0;

	nvmx_fpu_load_guest(vcpu);
	preempt_disable();
	preempt_notifier_register(&vcpu->preempt_notifier);
	nvmx_vcpu_activate(vcpu);
	preempt_enable();

	r = nvmx_complete_userspace_io(vcpu);
	if (r > 0) {
		if (nvmx_run_immediate_exit(run))
			r = -EINTR;
		else
			r = nvmx_run_loop(vcpu);
	}

	nvmx_post_run_save(vcpu);
	preempt_disable();
	nvmx_switch_to_host(vcpu);
	preempt_notifier_unregister(&vcpu->preempt_notifier);
	preempt_enable();
	nvmx_fpu_put_guest(vcpu);
	return r;
}

/**
 * nvmx_run_module_init() - module-wide KVM_RUN setup
 *
 * Enables preempt notifiers (as KVM's kvm_init()) and records the host's
 * XCR0 and whether IA32_TSC_AUX exists.
 */
void nvmx_run_module_init(void)
{
	preempt_notifier_inc();
	if (boot_cpu_has(X86_FEATURE_OSXSAVE))
		nvmx_host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	nvmx_has_tsc_aux = boot_cpu_has(X86_FEATURE_RDTSCP) ||
			   boot_cpu_has(X86_FEATURE_RDPID);
	/* SDM Vol. 3D A.6: the timer counts TSC >> IA32_VMX_MISC[4:0]. */
	if (nvmx_ctl_allowed1(nvmx_cpu_has_true_ctls() ?
			      nvmx_vmx_caps.true_pinbased :
			      nvmx_vmx_caps.pinbased) &
	    PIN_BASED_VMX_PREEMPTION_TIMER)
		nvmx_backstop_ticks =
			max_t(u64, 1, ((u64)tsc_khz * NVMX_BACKSTOP_MS) >>
			      vmx_misc_preemption_timer_rate(nvmx_vmx_caps.misc));
}

/**
 * nvmx_run_module_exit() - undo nvmx_run_module_init()
 */
void nvmx_run_module_exit(void)
{
	preempt_notifier_dec();
}
