// SPDX-License-Identifier: GPL-2.0
/*
 * Guest mode: L2 runs on vmcs02.  Every L2 exit comes to L0 first
 * (nvmx_handle_exit() in exits.c calls nvmx_nested_handle_exit()), which
 * either handles it alone and resumes L2, or reflects it into L1
 * (exit.c).  Also the events and the VMX-preemption timer of guest mode.
 *
 * Who gets an L2 exit, in order:
 *   1. a failed entry of vmcs02 (VMfail, exit reason bit 31): a check L0
 *      missed; L1 gets the architectural VMfail or VM-entry failure
 *   2. the host's events: external interrupts (L0 does not acknowledge
 *      them on exit, so they are the host's, vmcs.c), NMIs, L0's IF=0
 *      backstop of the preemption timer: L0, L2 resumes
 *   3. EPT violations: nested EPT (ept.c) when L1 has EPT, else L0's
 *      own handler (L2 GPAs are L1 GPAs)
 *   4. what L1's controls ask for (route.c): L1
 *   5. the rest: L0's exit handlers, acting on L1's devices and MSRs as
 *      L0 emulates them for L1
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/minmax.h>
#include <linux/printk.h>
#include <asm/processor.h>
#include <asm/vmx.h>
#include <uapi/asm/vmx.h>

#include "../events.h"
#include "../exits.h"
#include "../gva_walk.h"
#include "../mmu.h"
#include "../vcpu.h"
#include "../vmcs.h"
#include "../vmx_ops.h"
#include "nested.h"

#define V12(n, name)		nvmx_vmcs12_get(&(n)->v12, name)

static bool nvmx_nested_l1_has_ept(const struct nvmx_nested *n)
{
	return (V12(n, CPU_BASED_VM_EXEC_CONTROL) &
		CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	       (V12(n, SECONDARY_VM_EXEC_CONTROL) & SECONDARY_EXEC_ENABLE_EPT);
}

/* One more exit in a by-reason counter of struct nvmx_nested_counts. */
static void nvmx_nested_count(__u64 *counts, u32 reason)
{
	if ((u16)reason < NVMX_EXIT_REASONS)
		counts[(u16)reason]++;
}

/* L0 handles the exit alone; L2 resumes unless it needs userspace. */
static int nvmx_nested_l0(struct nvmx_vcpu *vcpu, u32 reason)
{
	nvmx_nested_count(vcpu->nested->counts.l2_l0, reason);
	return nvmx_handle_l0_exit(vcpu, reason);
}

/*
 * L1 gets the exit (exit.c counts it in l2_l1).  Its IDT-vectoring
 * information is L1's to handle (SDM Vol. 3C 28.2.4, 27.6): L0
 * re-injects nothing into L2.
 */
static int nvmx_nested_reflect(struct nvmx_vcpu *vcpu,
			       const struct nvmx_exit_info *ei)
{
	vcpu->inject_info = 0;
	return nvmx_nested_vmexit(vcpu, ei);
}

/* Step 2 above. */
static bool nvmx_nested_host_owned(struct nvmx_vcpu *vcpu,
				   const struct nvmx_exit_info *ei)
{
	switch ((u16)ei->reason) {
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return true;
	case EXIT_REASON_EXCEPTION_NMI:
		return (ei->intr_info & INTR_INFO_INTR_TYPE_MASK) ==
		       INTR_TYPE_NMI_INTR;
	case EXIT_REASON_PREEMPTION_TIMER:
		return !vcpu->nested->l2.armed_l1;
	default:
		return false;
	}
}

/* Reads of L2's paging structures: L2 GPAs through L1's EPT (ept.c). */
static int nvmx_nested_walk_read(void *opaque, u64 l2_gpa, void *buf,
				 unsigned int len)
{
	struct nvmx_vcpu *vcpu = opaque;
	u64 l1_gpa;

	if (nvmx_nested_l2_gpa_to_l1(vcpu, l2_gpa, EPT_VIOLATION_ACC_READ,
				     &l1_gpa))
		return -EFAULT;
	return nvmx_read_guest(vcpu->vm, l1_gpa, buf, len);
}

/**
 * nvmx_nested_gva_to_gpa() - translate an L2 linear address to an L1 GPA
 * @vcpu: the vCPU in guest mode, on its thread (may sleep)
 * @ctx: L2's CR0, CR3, CR4 and EFER
 * @gva: L2's linear address
 * @access: X86_PF_WRITE | X86_PF_USER | X86_PF_INSTR as the access is
 * @l1_gpa: out, the L1 guest-physical address
 *
 * For L0's emulation of L2 (MMIO instruction fetch, string I/O): L2's
 * paging (SDM Vol. 3A 4) with every paging structure and the final
 * address taken through L1's EPT when L1 has it (SDM Vol. 3C 29.3.2),
 * as L1 GPAs otherwise.
 *
 * Return: 0, or -EFAULT when L2's paging or L1's EPT has no translation.
 */
int nvmx_nested_gva_to_gpa(struct nvmx_vcpu *vcpu,
			   const struct nvmx_paging_ctx *ctx, u64 gva,
			   u32 access, u64 *l1_gpa)
{
	const struct nvmx_walk_env env = {
		.read = nvmx_nested_walk_read,
		.opaque = vcpu,
		.maxphyaddr = boot_cpu_data.x86_phys_bits,
	};
	u32 pf_error, ept_access = EPT_VIOLATION_ACC_READ;
	u64 l2_gpa;
	int ret;

	ret = nvmx_walk(&env, ctx, gva, access, &l2_gpa, &pf_error);
	if (ret)
		return ret > 0 ? -EFAULT : ret;
	if (access & X86_PF_INSTR)
		ept_access = EPT_VIOLATION_ACC_INSTR;
	else if (access & X86_PF_WRITE)
		ept_access = EPT_VIOLATION_ACC_WRITE;
	ret = nvmx_nested_l2_gpa_to_l1(vcpu, l2_gpa, ept_access, l1_gpa);
	return ret > 0 ? -EFAULT : ret;
}

/* Step 3 above. */
static int nvmx_nested_ept_exit(struct nvmx_vcpu *vcpu,
				struct nvmx_exit_info *ei)
{
	u64 l1_gpa = 0;
	int ret;

	if (!nvmx_nested_l1_has_ept(vcpu->nested))
		return nvmx_nested_l0(vcpu, ei->reason);
	ret = nvmx_nested_ept_violation(vcpu, ei->gpa, ei->qual, ei, &l1_gpa);
	switch (ret) {
	case NVMX_NEPT_FIXED:
		nvmx_nested_count(vcpu->nested->counts.l2_l0, ei->reason);
		nvmx_events_after_exit(vcpu);
		return 1;
	case NVMX_NEPT_REFLECT:
		return nvmx_nested_reflect(vcpu, ei);
	case NVMX_NEPT_MMIO:
		/* L2 reaches L1's device: L0's MMIO exit at the L1 GPA. */
		nvmx_nested_count(vcpu->nested->counts.l2_l0, ei->reason);
		nvmx_events_after_exit(vcpu);
		return nvmx_handle_mmio(vcpu, l1_gpa);
	default:
		return ret < 0 ? ret : -EIO;
	}
}

/*
 * A hardware entry of vmcs02 failed: counted; if L2 never ran, L1's
 * VMLAUNCH/VMRESUME did not enter L2 and a VMLAUNCHed vmcs12 stays clear
 * (SDM Vol. 3C 25.11.3).
 */
static void nvmx_nested_entry_failed(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;

	n->counts.entry_failures++;
	if (!n->l2.ran) {
		n->counts.entries--;
		if (n->l2.launch)
			n->cur_page->launched = false;
	}
	vcpu->inject_info = 0;
}

/*
 * Step 1 above, exit reason bit 31 (SDM Vol. 3C 27.8): the hardware
 * refused what L0's checks let through.  L1 gets the same VM-entry
 * failure exit, never the host.
 */
static int nvmx_nested_hw_entry_failed(struct nvmx_vcpu *vcpu,
				       const struct nvmx_exit_info *ei)
{
	pr_warn_ratelimited("vcpu %d: vmcs02 entry failed: exit reason 0x%x, qualification 0x%llx (check missing in L0)\n",
			    vcpu->id, ei->reason, ei->qual);
	nvmx_nested_entry_failed(vcpu);
	return nvmx_nested_vmexit(vcpu, ei);
}

/**
 * nvmx_nested_entry_vmfail() - VMLAUNCH/VMRESUME of vmcs02 failed
 * @vcpu: the vCPU in guest mode, right after the failed entry
 * @err: the VM-instruction error of vmcs02 (SDM Vol. 3C 31.4)
 *
 * Step 1 above: a check L0 missed.  L2 never ran; L1 is put back at its
 * VMLAUNCH/VMRESUME (vmcs01 still holds L1's RIP, RSP and RFLAGS of that
 * exit) and gets VMfailValid with the hardware's error number.
 *
 * Return: 1 (L1 resumes).
 */
int nvmx_nested_entry_vmfail(struct nvmx_vcpu *vcpu, u32 err)
{
	pr_warn_ratelimited("vcpu %d: vmcs02 entry failed: VM-instruction error %u (check missing in L0)\n",
			    vcpu->id, err);
	nvmx_nested_entry_failed(vcpu);
	nvmx_nested_shared.leave(vcpu);
	vcpu->rip = vmcs_readl(GUEST_RIP);
	vcpu->regs[NVMX_REG_RSP] = vmcs_readl(GUEST_RSP);
	vcpu->rflags = vmcs_readl(GUEST_RFLAGS);
	nvmx_nested_vmfail(vcpu, err);
	return 1;
}

/*
 * What is left of L1's preemption timer after an exit (SDM Vol. 3C
 * 26.5.1): vmcs02 saves the timer's value when L1 armed it (shared.c);
 * L1's timer counts down whoever's value was armed.
 */
static void nvmx_nested_timer_after_exit(struct nvmx_vcpu *vcpu, u16 basic)
{
	struct nvmx_nested_l2 *l2 = &vcpu->nested->l2;
	u32 left, spent;

	if (!l2->l1_timer)
		return;
	if (basic == EXIT_REASON_PREEMPTION_TIMER)
		left = 0;
	else if (vmcs_read32(VM_EXIT_CONTROLS) &
		 VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)
		left = vmcs_read32(VMX_PREEMPTION_TIMER_VALUE);
	else
		return;
	spent = l2->armed - min(left, l2->armed);
	l2->l1_left -= min(spent, l2->l1_left);
}

/**
 * nvmx_nested_handle_exit() - dispatch an exit of L2
 * @vcpu: the vCPU in guest mode, vmcs02 current
 * @reason: the exit reason (SDM Vol. 3C 25.9.1)
 *
 * In the order given at the top of this file.  Counts the exit in
 * l2_l0 or l2_l1 of the nested counts.
 *
 * Return: the exit-handler contract of exits.c (> 0 resume, 0 to
 * userspace, < 0 errno).
 */
int nvmx_nested_handle_exit(struct nvmx_vcpu *vcpu, u32 reason)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_exit_info ei;

	nvmx_nested_read_exit_info(&ei);
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return nvmx_nested_hw_entry_failed(vcpu, &ei);
	n->l2.ran = true;
	nvmx_nested_timer_after_exit(vcpu, reason);
	if (nvmx_nested_host_owned(vcpu, &ei))
		return nvmx_nested_l0(vcpu, reason);
	if ((u16)reason == EXIT_REASON_EPT_VIOLATION)
		return nvmx_nested_ept_exit(vcpu, &ei);
	if (nvmx_nested_l1_wants_exit(vcpu, &n->v12, &ei))
		return nvmx_nested_reflect(vcpu, &ei);
	return nvmx_nested_l0(vcpu, reason);
}

/**
 * nvmx_nested_event_pending() - does vmcs02 still carry L1's injection?
 * @vcpu: the vCPU
 *
 * L1's VM-entry interruption information (SDM Vol. 3C 27.6) is injected
 * by the first entry of vmcs02; until then L0 injects nothing of its own.
 *
 * Return: true while L1's event waits for the first entry of L2.
 */
bool nvmx_nested_event_pending(const struct nvmx_vcpu *vcpu)
{
	const struct nvmx_nested *n = vcpu->nested;

	return nvmx_nested_guest_mode(vcpu) && !vcpu->cur->launched &&
	       (V12(n, VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID_MASK);
}

/**
 * nvmx_nested_exit_on_intr() - do interrupts for L1 end guest mode?
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 26.2: with "external-interrupt exiting" an interrupt that
 * arrives while L2 runs is a VM exit to L1 whatever L2's RFLAGS.IF.
 *
 * Return: true in guest mode when L1 has external-interrupt exiting.
 */
bool nvmx_nested_exit_on_intr(const struct nvmx_vcpu *vcpu)
{
	return nvmx_nested_guest_mode(vcpu) &&
	       (V12(vcpu->nested, PIN_BASED_VM_EXEC_CONTROL) &
		PIN_BASED_EXT_INTR_MASK);
}

/* A queued KVM_INTERRUPT vector is an exit to L1. */
static bool nvmx_nested_irq_to_l1(const struct nvmx_vcpu *vcpu)
{
	return vcpu->irq_pending && nvmx_nested_exit_on_intr(vcpu);
}

/**
 * nvmx_nested_l1_proc() - primary controls L1 asked for in vmcs02
 * @vcpu: the vCPU
 *
 * events.c toggles interrupt-window exiting for L0; while L2 runs it
 * must keep L1's.
 *
 * Return: L1's primary processor-based controls in guest mode, else 0.
 */
u32 nvmx_nested_l1_proc(const struct nvmx_vcpu *vcpu)
{
	if (!nvmx_nested_guest_mode(vcpu))
		return 0;
	return V12(vcpu->nested, CPU_BASED_VM_EXEC_CONTROL);
}

/**
 * nvmx_nested_pending_events() - events that end guest mode before entry
 * @vcpu: the vCPU in guest mode, before its next entry
 *
 * A KVM_INTERRUPT vector for L1 with "external-interrupt exiting" is an
 * external-interrupt exit to L1 (SDM Vol. 3C 26.2); with "acknowledge
 * interrupt on exit" its vector is in the exit's interruption
 * information (SDM Vol. 3C 28.2.2) and it is no longer pending, else it
 * stays pending for L1 (exit.c applies L1's exit controls).  While
 * L1's own injection still waits for vmcs02's first entry, the entry
 * comes first (nvmx_nested_arm_timer() then ends it right after the
 * injection).
 *
 * Return: > 0 to go on entering, 0 / < 0 as an exit handler.
 */
int nvmx_nested_pending_events(struct nvmx_vcpu *vcpu)
{
	struct nvmx_exit_info ei = {};

	if (!nvmx_nested_irq_to_l1(vcpu) || nvmx_nested_event_pending(vcpu) ||
	    vcpu->inject_info)
		return 1;
	/* exit.c drops the vector from intr_info without "acknowledge". */
	ei.reason = EXIT_REASON_EXTERNAL_INTERRUPT;
	ei.intr_info = vcpu->irq_vector | INTR_TYPE_EXT_INTR |
		       INTR_INFO_VALID_MASK;
	return nvmx_nested_reflect(vcpu, &ei);
}

/**
 * nvmx_nested_arm_timer() - the VMX-preemption timer of vmcs02
 * @vcpu: the vCPU in guest mode, vmcs02 current, IRQs off before entry
 * @backstop: L0's IF=0 backstop in timer ticks (run.c), 0 for none
 * @has_timer: the CPU has the VMX-preemption timer
 *
 * The timer runs for L1 (its value, SDM Vol. 3C 26.5.1), for L0 (the
 * backstop, or 0 to exit right after the entry injected L1's event when
 * an interrupt for L1 waits), or both, at the smaller value; the owner is
 * remembered for the exit.
 */
void nvmx_nested_arm_timer(struct nvmx_vcpu *vcpu, u32 backstop,
			   bool has_timer)
{
	struct nvmx_nested_l2 *l2 = &vcpu->nested->l2;
	u32 pin = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL);
	bool now = has_timer && nvmx_nested_irq_to_l1(vcpu);
	bool l0 = backstop || now;
	bool on = l0 || l2->l1_timer;

	if (now)
		backstop = 0;
	l2->armed_l1 = l2->l1_timer && (!l0 || l2->l1_left <= backstop);
	l2->armed = l2->armed_l1 ? l2->l1_left : backstop;
	if (on != !!(pin & PIN_BASED_VMX_PREEMPTION_TIMER))
		vmcs_write32(PIN_BASED_VM_EXEC_CONTROL,
			     pin ^ PIN_BASED_VMX_PREEMPTION_TIMER);
	if (on)
		vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, l2->armed);
}
