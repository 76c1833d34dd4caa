// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of KVM_CHECK_EXTENSION answers.
 */
#include <linux/kernel.h>
#include <linux/kvm.h>
#include <linux/nvmx.h>

#include "extensions.h"
#include "memslot_check.h"
#include "nested/nested.h"
#include "vm.h"

/**
 * struct nvmx_extension - one KVM_CHECK_EXTENSION answer
 * @cap: KVM_CAP_* or NVMX_CAP_* number
 * @value: the answer; capabilities not listed answer 0
 */
struct nvmx_extension {
	unsigned long cap;
	long value;
};

/*
 * KVM_CAP_NR_VCPUS is KVM's "recommended" vCPU count; nvmx recommends its
 * hard limit (KVM_CAP_MAX_VCPUS), and vCPU ids run below it too
 * (KVM_CAP_MAX_VCPU_ID).  KVM_CAP_SET_TSS_ADDR and _IDENTITY_MAP_ADDR are
 * accepted and stored as KVM does with unrestricted guest.
 */
static const struct nvmx_extension nvmx_extensions[] = {
	{ NVMX_CAP_NESTED, 1 },	/* 0 unless nvmx_nested_available() */
	{ NVMX_CAP_NVMX, 1 },
	{ NVMX_CAP_EXIT_COUNTS, 1 },
	{ KVM_CAP_HLT, 1 },
	{ KVM_CAP_USER_MEMORY, 1 },
	{ KVM_CAP_SET_TSS_ADDR, 1 },
	{ KVM_CAP_EXT_CPUID, 1 },
	{ KVM_CAP_NR_VCPUS, NVMX_MAX_VCPUS },
	{ KVM_CAP_MAX_VCPUS, NVMX_MAX_VCPUS },
	{ KVM_CAP_MAX_VCPU_ID, NVMX_MAX_VCPUS },
	{ KVM_CAP_NR_MEMSLOTS, NVMX_MEMSLOTS },
	{ KVM_CAP_SET_IDENTITY_MAP_ADDR, 1 },
	{ KVM_CAP_XSAVE, 1 },
	{ KVM_CAP_XCRS, 1 },
	{ KVM_CAP_READONLY_MEM, 1 },
	{ KVM_CAP_IMMEDIATE_EXIT, 1 },
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

	if (cap == NVMX_CAP_NESTED && !nvmx_nested_available())
		return 0;
	for (i = 0; i < ARRAY_SIZE(nvmx_extensions); i++)
		if (nvmx_extensions[i].cap == cap)
			return nvmx_extensions[i].value;
	return 0;
}
