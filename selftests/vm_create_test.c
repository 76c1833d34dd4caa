// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CREATE_VM on /dev/nvmx: machine type 0 gives a new VM fd, any
 * other type fails with EINVAL and gives nothing.
 */
#include <fcntl.h>

#include <linux/nvmx.h>

#include "nvmx_test.h"

/* The fd is an nvmx VM fd: it answers KVM_CHECK_EXTENSION(NVMX_CAP_NVMX). */
static int is_nvmx_fd(int fd)
{
	return ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)NVMX_CAP_NVMX);
}

static void assert_create_einval(struct __test_metadata *_metadata,
				 int sys_fd, unsigned long type)
{
	int fd, err;

	errno = 0;
	fd = nvmx_create_vm(sys_fd, type);
	err = errno;
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(-1, fd) TH_LOG("KVM_CREATE_VM(%#lx) gave fd %d", type, fd);
	ASSERT_EQ(EINVAL, err) TH_LOG("KVM_CREATE_VM(%#lx): %s", type,
				      strerror(err));
}

TEST(type_0_returns_new_fd)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);

	ASSERT_NE(sys_fd, vm_fd);
	ASSERT_LE(0, fcntl(vm_fd, F_GETFD));
	ASSERT_EQ(1, is_nvmx_fd(vm_fd));
	ASSERT_CLOSE(vm_fd);
	ASSERT_CLOSE(sys_fd);
}

TEST(type_1_fails_einval)
{
	int sys_fd = nvmx_test_open_dev();

	assert_create_einval(_metadata, sys_fd, 1);
}

TEST(type_0xffffffff_fails_einval)
{
	int sys_fd = nvmx_test_open_dev();

	assert_create_einval(_metadata, sys_fd, 0xffffffffUL);
}

/* The type is an unsigned long, as in KVM: no truncation to 32 bits. */
TEST(type_1_shl_32_fails_einval)
{
	int sys_fd = nvmx_test_open_dev();

	assert_create_einval(_metadata, sys_fd, 1UL << 32);
}

TEST(failed_create_leaks_no_fd)
{
	int sys_fd = nvmx_test_open_dev();
	int before = nvmx_lowest_free_fd();

	ASSERT_LE(0, before);
	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 1));
	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 0xffffffffUL));
	ASSERT_EQ(before, nvmx_lowest_free_fd());
}

TEST(create_works_after_failed_create)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd;

	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 1));
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_EQ(1, is_nvmx_fd(vm_fd));
	ASSERT_CLOSE(vm_fd);
}

TEST(two_vms_get_distinct_fds)
{
	int sys_fd = nvmx_test_open_dev();
	int a = nvmx_test_create_vm(sys_fd);
	int b = nvmx_test_create_vm(sys_fd);

	ASSERT_NE(a, b);
	ASSERT_NE(sys_fd, b);
	ASSERT_EQ(1, is_nvmx_fd(a));
	ASSERT_EQ(1, is_nvmx_fd(b));
	ASSERT_CLOSE(a);
	ASSERT_EQ(1, is_nvmx_fd(b));
	ASSERT_CLOSE(b);
}

/* Each open of /dev/nvmx can create VMs. */
TEST(vms_from_two_system_fds)
{
	int s1 = nvmx_test_open_dev();
	int s2 = nvmx_test_open_dev();
	int a = nvmx_test_create_vm(s1);
	int b = nvmx_test_create_vm(s2);

	ASSERT_EQ(1, is_nvmx_fd(a));
	ASSERT_EQ(1, is_nvmx_fd(b));
	ASSERT_CLOSE(a);
	ASSERT_CLOSE(b);
}

/* A VM fd does not depend on the /dev/nvmx fd it came from. */
TEST(vm_fd_outlives_system_fd)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);

	ASSERT_CLOSE(sys_fd);
	ASSERT_EQ(1, is_nvmx_fd(vm_fd));
	ASSERT_CLOSE(vm_fd);
}

TEST_HARNESS_MAIN
