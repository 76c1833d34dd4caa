// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters: nested and nested_strategy (read-only after load).
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <asm/page.h>

#include "params.h"

bool nvmx_nested = true;
module_param_named(nested, nvmx_nested, bool, 0444);
MODULE_PARM_DESC(nested, "Expose VMX to guests (nested VMX)");

static const char * const nvmx_nested_strategy_names[] = {
	[NVMX_NESTED_SHARED] = "shared",
	[NVMX_NESTED_COPY] = "copy",
	[NVMX_NESTED_TRAP] = "trap",
};

int nvmx_nested_strategy = NVMX_NESTED_SHARED;

/* Accepts exactly one of the names above (a trailing newline is fine). */
static int nvmx_nested_strategy_set(const char *val,
				    const struct kernel_param *kp)
{
	int i = sysfs_match_string(nvmx_nested_strategy_names, val);

	if (i < 0)
		return -EINVAL;
	*(int *)kp->arg = i;
	return 0;
}

static int nvmx_nested_strategy_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 nvmx_nested_strategy_names[*(int *)kp->arg]);
}

static const struct kernel_param_ops nvmx_nested_strategy_ops = {
	.set = nvmx_nested_strategy_set,
	.get = nvmx_nested_strategy_get,
};

module_param_cb(nested_strategy, &nvmx_nested_strategy_ops,
		&nvmx_nested_strategy, 0444);
MODULE_PARM_DESC(nested_strategy,
		 "Nested VMCS strategy: shared (default), copy or trap");

/**
 * nvmx_nested_strategy_name() - name of the nested_strategy parameter
 *
 * Return: "shared", "copy" or "trap".
 */
const char *nvmx_nested_strategy_name(void)
{
	return nvmx_nested_strategy_names[nvmx_nested_strategy];
}
