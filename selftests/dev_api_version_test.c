// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_GET_API_VERSION on /dev/nvmx answers KVM's API version, 12.
 */
#include "nvmx_test.h"

TEST(api_version_is_12)
{
	int fd = nvmx_test_open_dev();
	int r = ioctl(fd, KVM_GET_API_VERSION, 0);
	int err = errno;

	ASSERT_EQ(12, r) TH_LOG("KVM_GET_API_VERSION: %d (%s)", r,
				r < 0 ? strerror(err) : "no error");
	ASSERT_CLOSE(fd);
}

/* The answer does not depend on the fd or on how often one asks. */
TEST(api_version_stable_across_fds_and_calls)
{
	int a = nvmx_test_open_dev();
	int b = nvmx_test_open_dev();
	int i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(12, ioctl(a, KVM_GET_API_VERSION, 0));
		ASSERT_EQ(12, ioctl(b, KVM_GET_API_VERSION, 0));
	}
	ASSERT_CLOSE(a);
	ASSERT_EQ(12, ioctl(b, KVM_GET_API_VERSION, 0));
	ASSERT_CLOSE(b);
}

/* As in KVM (kvm_dev_ioctl()): the ioctl takes no argument. */
TEST(api_version_nonzero_arg_fails_einval)
{
	int fd = nvmx_test_open_dev();
	int r, err;

	errno = 0;
	r = ioctl(fd, KVM_GET_API_VERSION, 1UL);
	err = errno;
	ASSERT_EQ(-1, r);
	ASSERT_EQ(EINVAL, err) TH_LOG("KVM_GET_API_VERSION(1): %s",
				      strerror(err));
	/* And the fd still answers. */
	ASSERT_EQ(12, ioctl(fd, KVM_GET_API_VERSION, 0));
	ASSERT_CLOSE(fd);
}

TEST_HARNESS_MAIN
