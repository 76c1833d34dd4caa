// SPDX-License-Identifier: GPL-2.0
/*
 * --counts: the vCPU's exit counts from nvmx (NVMX_GET_EXIT_COUNTS),
 * printed on stderr after the guest stopped, one reason per line, with the
 * names of <asm/vmx.h>.  vm.c checks NVMX_CAP_EXIT_COUNTS first: KVM has
 * no such ioctl, and then one line says so (the guest's status stays).
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
}
