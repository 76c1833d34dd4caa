// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/nvmx: the misc character device can be found and opened.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "nvmx_test.h"

#define MISC_MAJOR	10U

/* /dev/nvmx is a character device of the misc major ... */
TEST(dev_node_is_misc_char_device)
{
	struct stat st;
	int r = stat(NVMX_DEV_PATH, &st);
	int err = errno;

	ASSERT_EQ(0, r) TH_LOG("stat(%s): %s%s", NVMX_DEV_PATH, strerror(err),
			       err == ENOENT ? " (is nvmx loaded?)" : "");
	ASSERT_TRUE(S_ISCHR(st.st_mode))
		TH_LOG("%s mode is 0%o", NVMX_DEV_PATH, st.st_mode);
	ASSERT_EQ(MISC_MAJOR, major(st.st_rdev));
}

/* ... whose number is the one the misc class registered for "nvmx". */
TEST(dev_node_matches_misc_class)
{
	char sysdev[32], want[32];
	struct stat st;
	int r, err;

	r = stat(NVMX_DEV_PATH, &st);
	err = errno;
	ASSERT_EQ(0, r) TH_LOG("stat(%s): %s", NVMX_DEV_PATH, strerror(err));
	r = nvmx_read_file("/sys/class/misc/nvmx/dev", sysdev, sizeof(sysdev));
	ASSERT_LT(0, r) TH_LOG("/sys/class/misc/nvmx/dev: %s", strerror(-r));
	snprintf(want, sizeof(want), "%u:%u\n",
		 major(st.st_rdev), minor(st.st_rdev));
	ASSERT_STREQ(want, sysdev);
}

TEST(open_rdwr_succeeds)
{
	int fd = nvmx_open_dev();
	int err = errno;

	ASSERT_LE(0, fd) TH_LOG("open(%s, O_RDWR): %s", NVMX_DEV_PATH,
				strerror(err));
	ASSERT_CLOSE(fd);
}

/* Like /dev/kvm, the device is not exclusive: several opens coexist. */
TEST(open_twice_gives_two_fds)
{
	int a = nvmx_test_open_dev();
	int b = nvmx_test_open_dev();

	ASSERT_NE(a, b);
	ASSERT_EQ(KVM_API_VERSION, ioctl(a, KVM_GET_API_VERSION, 0));
	ASSERT_EQ(KVM_API_VERSION, ioctl(b, KVM_GET_API_VERSION, 0));
	ASSERT_CLOSE(a);
	ASSERT_CLOSE(b);
}

TEST_HARNESS_MAIN
