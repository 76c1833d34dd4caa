// SPDX-License-Identifier: GPL-2.0
/*
 * VMX keeps working across module reloads: a module that used VMX
 * unloads cleanly and the next load can use it again.  The module is
 * left loaded.  (Its own binary: module_reload_test's 20 cycles may use
 * most of run_tests' time limit in the emulator.)
 */
#include "nvmx_test.h"
#include "nvmx_module.h"

#define VM_RELOAD_CYCLES	3

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
