// SPDX-License-Identifier: GPL-2.0
/*
 * Which L2 exits L1 wants: the kernel side of route_rules.h.
 *
 * route_rules.h holds the rules (SDM Vol. 3C 26.1, 26.2 over the vmcs12
 * snapshot); this file gives them what they read outside vmcs12: L2's
 * registers named by the exit, and single bits of L1's I/O and MSR
 * bitmaps, which live in L1's memory.
 */
#include <linux/types.h>

#include "../mmu.h"
#include "../vm.h"
#include "nested.h"
#include "route_rules.h"

/*
 * One bit of a bitmap in L1's memory.  The entry checks put every bitmap
 * L1 names inside its memory slots (NVMX_NCHK_IO_BITMAP_MEM,
 * NVMX_NCHK_MSR_BITMAP_MEM), so a read fails only when userspace removed
 * the slot while L2 ran.  The processor reads the bitmaps from physical
 * memory at each access (SDM Vol. 3C 25.6.4, 25.6.9), and on the PC
 * platform a read of physical memory nothing backs returns all ones: the
 * bit reads 1 and the exit goes to L1, which also keeps L0 from ever
 * absorbing an exit L1 may have asked for.
 */
static bool nvmx_route_bit(void *opaque, u64 gpa, u32 bit)
{
	u8 byte;

	if (nvmx_read_guest(opaque, gpa + bit / 8, &byte, 1))
		return true;
	return (byte >> (bit % 8)) & 1;
}

static bool nvmx_route_ask(struct nvmx_vcpu *vcpu,
			   const struct nvmx_vmcs12 *v12,
			   const struct nvmx_exit_info *ei, bool event_for_l1)
{
	struct nvmx_route_ctx ctx = {
		.event_for_l1 = event_for_l1,
		/* nvmx_nested_ept_violation() decides EPT exits. */
		.ept_for_l1 = false,
		/* MOV to CR: exit qualification bits 11:8 (SDM Vol. 3C 28.2.1). */
		.gpr = vcpu->regs[(ei->qual >> 8) & 0xf],
		.msr = vcpu->regs[NVMX_REG_RCX],
		.bit = nvmx_route_bit,
		.opaque = vcpu->vm,
	};

	return nvmx_route_l1_wants(v12, ei, &ctx);
}

/**
 * nvmx_nested_l1_wants_exit() - does L1 want this hardware exit of L2?
 * @vcpu: the vCPU, L2 just exited; its GPRs hold L2's values
 * @v12: L1's vmcs12 snapshot of this entry
 * @ei: the exit as read from vmcs02
 *
 * External interrupts and NMIs that exit from vmcs02 are the host's:
 * vmcs02 runs with L0's external-interrupt and NMI exiting and without
 * "acknowledge interrupt on exit" (SDM Vol. 3C 26.2), so they are never
 * L1's here; L0's pending events for L1 go through
 * nvmx_nested_l1_wants_event().  EPT violations and misconfigurations
 * are answered false: whether L1's EPT tables caused one is
 * nvmx_nested_ept_violation()'s to say (NVMX_NEPT_REFLECT).
 *
 * Return: true if the exit goes to L1, false if L0 handles it and
 * resumes L2.
 */
bool nvmx_nested_l1_wants_exit(struct nvmx_vcpu *vcpu,
			       const struct nvmx_vmcs12 *v12,
			       const struct nvmx_exit_info *ei)
{
	return nvmx_route_ask(vcpu, v12, ei, false);
}

/**
 * nvmx_nested_l1_wants_event() - does L1 want an event of its own as an
 *                                exit while L2 runs?
 * @vcpu: the vCPU, L2 running
 * @v12: L1's vmcs12 snapshot of this entry
 * @ei: the exit L0 would synthesize: reason EXIT_REASON_EXTERNAL_INTERRUPT,
 *      or EXIT_REASON_EXCEPTION_NMI with an NMI in @ei->intr_info
 *
 * For an interrupt or NMI L0 holds for L1 (KVM_INTERRUPT, KVM_NMI) while
 * L2 runs: with "external-interrupt exiting" or "NMI exiting" L1 gets it
 * as a VM exit (SDM Vol. 3C 26.2); otherwise it is L2's to take.
 *
 * Return: true if L1 gets the exit, false if the event goes to L2.
 */
bool nvmx_nested_l1_wants_event(struct nvmx_vcpu *vcpu,
				const struct nvmx_vmcs12 *v12,
				const struct nvmx_exit_info *ei)
{
	return nvmx_route_ask(vcpu, v12, ei, true);
}
