// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx unloads and loads again cleanly, again and again: 20 cycles, each
 * checked through /dev/nvmx, sysfs and debugfs.  The module is left
 * loaded.
 */
#include "nvmx_test.h"
#include "nvmx_module.h"

#define RELOAD_CYCLES		20

/* 20 x (unload, load): each time /dev/nvmx answers KVM_GET_API_VERSION 12. */
TEST_F_TIMEOUT(nvmx_module, unload_load_20_cycles, 540)
{
	int i;

	NVMX_MODULE_PROLOGUE();
	for (i = 0; i < RELOAD_CYCLES; i++) {
		TH_LOG("cycle %d/%d", i + 1, RELOAD_CYCLES);
		ASSERT_UNLOAD();
		ASSERT_LOAD(self->ko);
		/* debugfs is back, with no VM and no VMX. */
		ASSERT_VMX_IDLE();
	}
}

TEST_HARNESS_MAIN
