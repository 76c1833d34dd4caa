// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx unloads and loads again cleanly, again and again.  The module is
 * left loaded.
 */
#include "nvmx_test.h"
#include "nvmx_module.h"

#define RELOAD_CYCLES		20
#define VM_RELOAD_CYCLES	3

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

/* Using VMX before an unload does not break it after the next load. */
TEST_F_TIMEOUT(nvmx_module, vm_works_across_reloads, 300)
{
	int i, sys_fd, vm_fd;

	NVMX_MODULE_PROLOGUE();
	for (i = 0; i < VM_RELOAD_CYCLES; i++) {
		sys_fd = nvmx_test_open_dev();
		vm_fd = nvmx_test_create_vm(sys_fd);
		ASSERT_VMX_STATE(1, 1, 1);
		ASSERT_CLOSE(vm_fd);
		ASSERT_CLOSE(sys_fd);
		ASSERT_VMX_IDLE();
		ASSERT_UNLOAD();
		ASSERT_LOAD(self->ko);
	}
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

TEST_HARNESS_MAIN
