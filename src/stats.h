/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-vCPU VM-exit counters (NVMX_GET_EXIT_COUNTS, NVMX_RESET_EXIT_COUNTS).
 */
#ifndef NVMX_STATS_H
#define NVMX_STATS_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct nvmx_vcpu;

void nvmx_stats_count(struct nvmx_vcpu *vcpu, u32 basic_reason);
long nvmx_stats_get(struct nvmx_vcpu *vcpu, void __user *argp);
long nvmx_stats_reset(struct nvmx_vcpu *vcpu, unsigned long arg);

#endif /* NVMX_STATS_H */
