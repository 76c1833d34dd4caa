/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM-exit handlers and the completion of exits handed to userspace.
 */
#ifndef NVMX_EXITS_H
#define NVMX_EXITS_H

#include <linux/types.h>

struct nvmx_vcpu;

int nvmx_handle_exit(struct nvmx_vcpu *vcpu, int vmfail, u32 reason);
int nvmx_handle_l0_exit(struct nvmx_vcpu *vcpu, u32 reason);
int nvmx_handle_mmio(struct nvmx_vcpu *vcpu, u64 gpa);
int nvmx_complete_userspace_io(struct nvmx_vcpu *vcpu);
void nvmx_skip_exit_insn(struct nvmx_vcpu *vcpu);
void nvmx_sync_guest_kernel_gs_base(struct nvmx_vcpu *vcpu);

#endif /* NVMX_EXITS_H */
