// SPDX-License-Identifier: GPL-2.0
/*
 * --counts: the vCPU's exit counts from nvmx (NVMX_GET_EXIT_COUNTS),
 * printed on stderr after the guest stopped, one reason per line, with the
 * names of <asm/vmx.h>.  vm.c checks NVMX_CAP_EXIT_COUNTS first: KVM has
 * no such ioctl, and then one line says so (the guest's status stays).
 * When the vCPU ran an L1 hypervisor (NVMX_GET_NESTED_COUNTS, nested VMX)
 * the same exits follow split by who ran and who handled them: exits of
 * L1, exits of L2 that L0 absorbed, exits of L2 reflected to L1.
 */
#include <stdio.h>
#include <string.h>
#include <asm/vmx.h>

#include "vm.h"

struct reason_name {
	unsigned int reason;
	const char *name;
};

static const struct reason_name reason_names[] = { VMX_EXIT_REASONS };

const char *vmx_exit_reason_name(unsigned int reason)
{
	size_t i;

	for (i = 0; i < sizeof(reason_names) / sizeof(reason_names[0]); i++)
		if (reason_names[i].reason == reason)
			return reason_names[i].name;
	return "?";
}

static void counts_print_reasons(const char *title, const __u64 *counts)
{
	unsigned long long total = 0;
	unsigned int i;

	for (i = 0; i < NVMX_EXIT_REASONS; i++)
		total += counts[i];
	fprintf(stderr, "  %s: %llu\n", title, total);
	for (i = 0; i < NVMX_EXIT_REASONS; i++)
		if (counts[i])
			fprintf(stderr, "    %3u %-22s %llu\n", i,
				vmx_exit_reason_name(i),
				(unsigned long long)counts[i]);
}

/* Nothing when the vCPU never used VMX (or the device has no nested VMX). */
static void counts_print_nested(const struct nvmx_vcpu *v)
{
	struct nvmx_nested_counts n;

	if (nvmx_get_nested_counts(v, &n) || !(n.entries || n.entry_failures))
		return;
	fprintf(stderr, "vcpu %u nested: %llu L2 entries, %llu failed\n", v->id,
		(unsigned long long)n.entries,
		(unsigned long long)n.entry_failures);
	counts_print_reasons("exits of L1", n.l1);
	counts_print_reasons("exits of L2 handled by L0", n.l2_l0);
	counts_print_reasons("exits of L2 reflected to L1", n.l2_l1);
}

void counts_print(const struct nvmx_vcpu *v)
{
	struct nvmx_exit_counts c;
	unsigned int i;
	int ret;

	ret = nvmx_get_exit_counts(v, &c);
	if (ret) {
		fprintf(stderr, "nvmx-run: --counts: vcpu %u: NVMX_GET_EXIT_COUNTS: %s\n",
			v->id, strerror(-ret));
		return;
	}
	fprintf(stderr, "vcpu %u exits: %llu\n", v->id,
		(unsigned long long)c.total);
	for (i = 0; i < sizeof(c.counts) / sizeof(c.counts[0]); i++)
		if (c.counts[i])
			fprintf(stderr, "  %3u %-24s %llu\n", i, vmx_exit_reason_name(i),
				(unsigned long long)c.counts[i]);
	counts_print_nested(v);
}
