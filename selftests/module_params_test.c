// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx's module parameters are visible in /sys/module/nvmx/parameters
 * with their defaults (the module is expected to be loaded without
 * parameters, as run_tests' machine and module_reload_test load it).
 */
#include "nvmx_test.h"

static void assert_param(struct __test_metadata *_metadata,
			 const char *name, const char *want)
{
	char path[256], val[256];
	int r;

	snprintf(path, sizeof(path), NVMX_PARAM_DIR "/%s", name);
	r = nvmx_read_file(path, val, sizeof(val));
	ASSERT_LE(0, r) TH_LOG("%s: %s", path, strerror(-r));
	ASSERT_STREQ(want, val);
}

TEST(nested_defaults_to_Y)
{
	assert_param(_metadata, "nested", "Y\n");
}

TEST(nested_strategy_defaults_to_shared)
{
	assert_param(_metadata, "nested_strategy", "shared\n");
}

TEST_HARNESS_MAIN
