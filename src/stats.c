// SPDX-License-Identifier: GPL-2.0
/*
 * Per-vCPU VM-exit counters.  Only the vCPU's own ioctls (under its
 * mutex) touch them, so they need no further locking.
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/nvmx.h>

#include "nested/nested.h"
#include "stats.h"
#include "vcpu.h"

/**
 * nvmx_stats_count() - count one VM exit
 * @vcpu: the vCPU
 * @basic_reason: bits 15:0 of the exit reason (SDM Vol. 3C 25.9.1)
 */
void nvmx_stats_count(struct nvmx_vcpu *vcpu, u32 basic_reason)
{
	vcpu->exit_total++;
	if (basic_reason >= NVMX_EXIT_REASONS)
		return;
	vcpu->exit_counts[basic_reason]++;
	/* An exit of L1 (vmcs01), each VMX instruction by its own reason. */
	if (vcpu->nested && !vcpu->nested->guest_mode)
		vcpu->nested->counts.l1[basic_reason]++;
}

/**
 * nvmx_stats_get() - NVMX_GET_EXIT_COUNTS
 * @vcpu: the vCPU
 * @argp: user pointer to a struct nvmx_exit_counts
 *
 * Return: 0, or -EFAULT.
 */
long nvmx_stats_get(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct nvmx_exit_counts *c;
	long ret = 0;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->total = vcpu->exit_total;
	memcpy(c->counts, vcpu->exit_counts, sizeof(c->counts));
	if (copy_to_user(argp, c, sizeof(*c)))
		ret = -EFAULT;
	kfree(c);
	return ret;
}

/**
 * nvmx_stats_reset() - NVMX_RESET_EXIT_COUNTS
 * @vcpu: the vCPU
 * @arg: the ioctl argument, which must be 0
 *
 * The nested counters (NVMX_GET_NESTED_COUNTS) are zeroed too.
 *
 * Return: 0, or -EINVAL for a nonzero @arg.
 */
long nvmx_stats_reset(struct nvmx_vcpu *vcpu, unsigned long arg)
{
	if (arg)
		return -EINVAL;
	vcpu->exit_total = 0;
	memset(vcpu->exit_counts, 0, sizeof(vcpu->exit_counts));
	nvmx_nested_counts_reset(vcpu);
	return 0;
}
