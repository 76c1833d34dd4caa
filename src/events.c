// SPDX-License-Identifier: GPL-2.0
/*
 * Event injection through the VM-entry interruption-information field
 * (SDM Vol. 3C 25.8.3, 27.6 "Event Injection").
 *
 * At most one event is injected per VM entry.  An event whose delivery
 * a VM exit interrupted (IDT-vectoring information, SDM Vol. 3C 28.2.4)
 * is re-injected first, as KVM's vmx_complete_interrupts() does; then an
 * exception raised by an exit handler; then the KVM_INTERRUPT vector if
 * the guest accepts interrupts, else interrupt-window exiting is armed
 * (SDM Vol. 3C 26.7.5).
 */
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "events.h"
#include "nested/nested.h"
#include "vcpu.h"
#include "vmcs.h"
#include "vmx_ops.h"

/* SDM Vol. 3C 25.8.3: vector, type, deliver-error-code and valid bits. */
#define NVMX_EVENT_INFO_BITS	(INTR_INFO_VECTOR_MASK | INTR_INFO_INTR_TYPE_MASK | \
				 INTR_INFO_DELIVER_CODE_MASK | INTR_INFO_VALID_MASK)

/**
 * nvmx_interrupt_allowed() - may an external interrupt be injected now?
 * @vcpu: the vCPU, its VMCS current
 *
 * SDM Vol. 3C 27.6.1 and 25.4.2: RFLAGS.IF set and no blocking by STI or
 * MOV SS (Table 25-3), as KVM's vmx_interrupt_blocked().
 *
 * Return: true if the guest would take an interrupt at the next entry.
 */
bool nvmx_interrupt_allowed(struct nvmx_vcpu *vcpu)
{
	u32 intr;

	/* SDM Vol. 3C 26.2: L2's IF does not hold back an exit to L1. */
	if (nvmx_nested_exit_on_intr(vcpu))
		return true;
	intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	return (vcpu->rflags & X86_EFLAGS_IF) &&
	       !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

/**
 * nvmx_ready_for_interrupt() - kvm_run's ready_for_interrupt_injection
 * @vcpu: the vCPU, its VMCS current
 *
 * As KVM's kvm_vcpu_ready_for_interrupt_injection() without an in-kernel
 * irqchip: interrupts allowed and no KVM_INTERRUPT vector still queued.
 *
 * Return: true if userspace may issue KVM_INTERRUPT now.
 */
bool nvmx_ready_for_interrupt(struct nvmx_vcpu *vcpu)
{
	return nvmx_interrupt_allowed(vcpu) && !vcpu->irq_pending &&
	       !vcpu->inject_info;
}

/**
 * nvmx_inject_exception() - queue a hardware exception for the next entry
 * @vcpu: the vCPU, its VMCS current
 * @vector: the exception vector
 * @has_err: the exception has an error code
 * @err: the error code
 *
 * SDM Vol. 3C 27.2.1.3: no error code is delivered in real mode (an
 * unrestricted guest with CR0.PE clear).
 */
void nvmx_inject_exception(struct nvmx_vcpu *vcpu, u8 vector, bool has_err,
			   u32 err)
{
	u32 info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;

	if (has_err && (vmcs_readl(GUEST_CR0) & X86_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		vcpu->inject_err = err;
	}
	vcpu->inject_info = info;
	vcpu->inject_len = 0;
}

/**
 * nvmx_events_after_exit() - pick up an event whose delivery was cut short
 * @vcpu: the vCPU, its VMCS current, right after a VM exit
 *
 * SDM Vol. 3C 28.2.4: the IDT-vectoring information describes it; it is
 * injected again at the next entry (the VM exit already cleared the valid
 * bit of the VM-entry interruption information, SDM Vol. 3C 28.2).
 */
void nvmx_events_after_exit(struct nvmx_vcpu *vcpu)
{
	u32 idt = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	u32 type = idt & INTR_INFO_INTR_TYPE_MASK;

	vcpu->inject_info = 0;
	if (!(idt & VECTORING_INFO_VALID_MASK))
		return;
	vcpu->inject_info = idt & NVMX_EVENT_INFO_BITS;
	if (idt & VECTORING_INFO_DELIVER_CODE_MASK)
		vcpu->inject_err = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	/* SDM Vol. 3C 27.6.1.3: software events need the instruction length. */
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vcpu->inject_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	else
		vcpu->inject_len = 0;
}

/**
 * nvmx_events_before_entry() - program the event and interrupt window
 * @vcpu: the vCPU, its VMCS current, IRQs off just before VM entry
 */
void nvmx_events_before_entry(struct nvmx_vcpu *vcpu)
{
	u32 proc = vmcs_read32(CPU_BASED_VM_EXEC_CONTROL);
	bool to_l1 = nvmx_nested_exit_on_intr(vcpu);
	bool window;

	/*
	 * While L2 runs: a vector for L1 is an exit to L1 (nested/
	 * guest_mode.c), not an injection; L1's own injection in vmcs02
	 * (SDM Vol. 3C 27.6) goes first.
	 */
	if (!to_l1 && !vcpu->inject_info && !nvmx_nested_event_pending(vcpu) &&
	    vcpu->irq_pending && nvmx_interrupt_allowed(vcpu)) {
		vcpu->inject_info = vcpu->irq_vector | INTR_TYPE_EXT_INTR |
				    INTR_INFO_VALID_MASK;
		vcpu->inject_len = 0;
		vcpu->irq_pending = false;
	}
	if (vcpu->inject_info) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, vcpu->inject_info);
		if (vcpu->inject_info & INTR_INFO_DELIVER_CODE_MASK)
			vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE,
				     vcpu->inject_err);
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN, vcpu->inject_len);
		/* Now in the VMCS; an interrupted delivery comes back above. */
		vcpu->inject_info = 0;
	}
	/*
	 * KVM's enable_irq_window(): a queued vector or a userspace request;
	 * while L2 runs, also L1's own interrupt-window exiting.
	 */
	window = (vcpu->irq_pending && !to_l1) ||
		 vcpu->run->request_interrupt_window ||
		 (nvmx_nested_l1_proc(vcpu) & CPU_BASED_INTR_WINDOW_EXITING);
	if (window != !!(proc & CPU_BASED_INTR_WINDOW_EXITING))
		vmcs_write32(CPU_BASED_VM_EXEC_CONTROL,
			     proc ^ CPU_BASED_INTR_WINDOW_EXITING);
}
