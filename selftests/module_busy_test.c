// SPDX-License-Identifier: GPL-2.0
/*
 * rmmod nvmx (delete_module("nvmx", O_NONBLOCK)) is refused with
 * EWOULDBLOCK while a /dev/nvmx fd or a VM fd is open, and succeeds once
 * every one is closed.  The module is left loaded.
 */
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_module.h"

TEST_F(nvmx_module, unload_refused_while_dev_fd_open)
{
	int sys_fd;

	NVMX_MODULE_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	ASSERT_UNLOAD_REFUSED();
	/* The fd still works. */
	ASSERT_EQ(12, ioctl(sys_fd, KVM_GET_API_VERSION, 0));
	ASSERT_CLOSE(sys_fd);
}

TEST_F(nvmx_module, unload_refused_while_only_vm_fd_open)
{
	int sys_fd, vm_fd;

	NVMX_MODULE_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_CLOSE(sys_fd);
	ASSERT_UNLOAD_REFUSED();
	/* The VM still lives and works. */
	ASSERT_EQ(1, ioctl(vm_fd, KVM_CHECK_EXTENSION,
			   (unsigned long)NVMX_CAP_NVMX));
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

/* Refused while anything is open, allowed as soon as the last fd goes. */
TEST_F(nvmx_module, unload_succeeds_once_all_closed)
{
	int sys_fd, vm_fd;

	NVMX_MODULE_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_UNLOAD_REFUSED();
	ASSERT_CLOSE(sys_fd);
	ASSERT_UNLOAD_REFUSED();
	ASSERT_CLOSE(vm_fd);
	ASSERT_UNLOAD();
	ASSERT_LOAD(self->ko);
	ASSERT_VMX_IDLE();
}

TEST_HARNESS_MAIN
