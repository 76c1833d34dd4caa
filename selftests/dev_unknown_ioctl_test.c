// SPDX-License-Identifier: GPL-2.0
/*
 * Ioctls nvmx does not know fail with ENOTTY, on the system fd and on a
 * VM fd (fixture variants), and change nothing.
 */
#include <linux/nvmx.h>

#include "nvmx_test.h"

struct unknown_ioctl {
	unsigned long nr;
	const char *name;
};

#define IOC(nr)	{ (nr), #nr }

static const struct unknown_ioctl unknown_ioctls[] = {
	IOC(_IO(KVMIO, 0xff)),
	IOC(_IOW(KVMIO, 0xfe, int)),
	IOC(_IOR(KVMIO, 0xfd, int)),
	IOC(_IO('x', 1)),
	IOC(_IOWR('x', 2, int)),
	IOC(_IO(NVMXIO, 0xff)),
};

FIXTURE(unknown_ioctl) {
	int sys_fd;
	int vm_fd;
	int fd;
};

FIXTURE_VARIANT(unknown_ioctl) {
	bool on_vm;
};

FIXTURE_VARIANT_ADD(unknown_ioctl, system_fd) {
	.on_vm = false,
};

FIXTURE_VARIANT_ADD(unknown_ioctl, vm_fd) {
	.on_vm = true,
};

FIXTURE_SETUP(unknown_ioctl)
{
	self->vm_fd = -1;
	self->sys_fd = nvmx_test_open_dev();
	if (variant->on_vm)
		self->vm_fd = nvmx_test_create_vm(self->sys_fd);
	self->fd = variant->on_vm ? self->vm_fd : self->sys_fd;
}

FIXTURE_TEARDOWN(unknown_ioctl)
{
	if (self->vm_fd >= 0)
		close(self->vm_fd);
	close(self->sys_fd);
}

TEST_F(unknown_ioctl, fails_enotty)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unknown_ioctls); i++) {
		/* A valid buffer, for the numbers that claim to pass one. */
		int arg = 0x5a5a5a5a;
		int r, err;

		errno = 0;
		r = ioctl(self->fd, unknown_ioctls[i].nr, &arg);
		err = errno;
		EXPECT_EQ(-1, r) TH_LOG("%s (%#lx) returned %d",
					unknown_ioctls[i].name,
					unknown_ioctls[i].nr, r);
		EXPECT_EQ(ENOTTY, err) TH_LOG("%s (%#lx): %s",
					      unknown_ioctls[i].name,
					      unknown_ioctls[i].nr,
					      strerror(err));
		EXPECT_EQ(0x5a5a5a5a, arg) TH_LOG("%s wrote to its argument",
						  unknown_ioctls[i].name);
	}
}

/* The fd is still fully usable after the rejected ioctls. */
TEST_F(unknown_ioctl, fd_still_works_after)
{
	size_t i;
	int arg = 0;

	for (i = 0; i < ARRAY_SIZE(unknown_ioctls); i++)
		ASSERT_EQ(-1, ioctl(self->fd, unknown_ioctls[i].nr, &arg));
	ASSERT_EQ(1, ioctl(self->fd, KVM_CHECK_EXTENSION,
			       (unsigned long)NVMX_CAP_NVMX));
	if (!variant->on_vm)
		ASSERT_EQ(KVM_API_VERSION,
			  ioctl(self->fd, KVM_GET_API_VERSION, 0));
}

/*
 * System ioctls are not VM ioctls: on a VM fd they are unknown (as in
 * KVM, whose VM fd answers ENOTTY to them), and create nothing.
 */
TEST(system_ioctls_on_vm_fd_fail_enotty)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);
	int before = nvmx_lowest_free_fd();
	int r, err;

	errno = 0;
	r = ioctl(vm_fd, KVM_GET_API_VERSION, 0);
	err = errno;
	ASSERT_EQ(-1, r);
	ASSERT_EQ(ENOTTY, err) TH_LOG("KVM_GET_API_VERSION: %s", strerror(err));

	errno = 0;
	r = ioctl(vm_fd, KVM_CREATE_VM, 0);
	err = errno;
	if (r >= 0)
		close(r);
	ASSERT_EQ(-1, r);
	ASSERT_EQ(ENOTTY, err) TH_LOG("KVM_CREATE_VM: %s", strerror(err));
	ASSERT_EQ(before, nvmx_lowest_free_fd());
	ASSERT_CLOSE(vm_fd);
	ASSERT_CLOSE(sys_fd);
}

TEST_HARNESS_MAIN
