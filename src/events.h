/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event injection: KVM_INTERRUPT vectors, exceptions, re-injection of
 * events whose delivery a VM exit interrupted, interrupt windows.
 */
#ifndef NVMX_EVENTS_H
#define NVMX_EVENTS_H

#include <linux/types.h>

struct nvmx_vcpu;

bool nvmx_interrupt_allowed(struct nvmx_vcpu *vcpu);
bool nvmx_ready_for_interrupt(struct nvmx_vcpu *vcpu);
void nvmx_inject_exception(struct nvmx_vcpu *vcpu, u8 vector, bool has_err,
			   u32 err);
void nvmx_events_after_exit(struct nvmx_vcpu *vcpu);
void nvmx_events_before_entry(struct nvmx_vcpu *vcpu);

#endif /* NVMX_EVENTS_H */
