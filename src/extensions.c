// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of KVM_CHECK_EXTENSION answers.
 */
#include <linux/kernel.h>
#include <linux/nvmx.h>

#include "extensions.h"

/**
 * struct nvmx_extension - one KVM_CHECK_EXTENSION answer
 * @cap: KVM_CAP_* or NVMX_CAP_* number
 * @value: the answer; capabilities not listed answer 0
 */
struct nvmx_extension {
	unsigned long cap;
	long value;
};

static const struct nvmx_extension nvmx_extensions[] = {
	{ NVMX_CAP_NVMX, 1 },
};

/**
 * nvmx_check_extension() - answer KVM_CHECK_EXTENSION
 * @cap: the ioctl argument, a KVM_CAP_* or NVMX_CAP_* number
 *
 * Used unchanged by the system fd and by VM fds, as KVM does for the
 * capabilities it does not make VM-specific.
 *
 * Return: the table's value for @cap, 0 if @cap is not in the table.
 */
long nvmx_check_extension(unsigned long cap)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nvmx_extensions); i++)
		if (nvmx_extensions[i].cap == cap)
			return nvmx_extensions[i].value;
	return 0;
}
