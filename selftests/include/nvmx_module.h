/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: fixture for the tests that unload and reload nvmx.
 *
 * Setup loads nvmx if it is not loaded (from $NVMX_KO, default
 * /lib/modules/$(uname -r)/extra/nvmx.ko), teardown loads it again if
 * the test left it unloaded: every test leaves the module loaded.
 * Include after nvmx_test.h.
 */
#ifndef SELFTEST_NVMX_MODULE_H
#define SELFTEST_NVMX_MODULE_H

#include <limits.h>

#include "nvmx_test.h"

FIXTURE(nvmx_module) {
	char ko[PATH_MAX];
	int setup_err;
};

FIXTURE_SETUP(nvmx_module)
{
	/* No ASSERT: teardown must always run. */
	nvmx_ko_path(self->ko, sizeof(self->ko));
	self->setup_err = nvmx_module_ensure_loaded();
}

FIXTURE_TEARDOWN(nvmx_module)
{
	int r;

	if (self->setup_err)
		return;		/* already failed: it could not be loaded */
	r = nvmx_module_ensure_loaded();
	TEARDOWN_CHECK(r == 0, "nvmx left unloaded, loading %s: %s",
		       self->ko, strerror(-r));
}

/* Start of every nvmx_module test: nvmx is loaded and we can reload it. */
#define NVMX_MODULE_PROLOGUE() do {					\
	ASSERT_EQ(0, self->setup_err)					\
		TH_LOG("nvmx not loaded and loading %s failed: %s",	\
		       self->ko, strerror(-self->setup_err));		\
	ASSERT_EQ(1, nvmx_module_loaded(NVMX_MODULE_NAME));		\
	ASSERT_EQ(0, access(self->ko, R_OK))				\
		TH_LOG("cannot reload nvmx without %s (set %s)",	\
		       self->ko, NVMX_ENV_KO);				\
} while (0)

/* delete_module("nvmx", O_NONBLOCK) fails with EWOULDBLOCK; still loaded. */
static inline void __nvmx_assert_unload_refused(struct __test_metadata *_metadata)
{
	int r = nvmx_module_unload(NVMX_MODULE_NAME);

	ASSERT_EQ(-EWOULDBLOCK, r) TH_LOG("delete_module(nvmx): %s",
					  r ? strerror(-r) : "succeeded");
	ASSERT_EQ(1, nvmx_module_loaded(NVMX_MODULE_NAME));
}
#define ASSERT_UNLOAD_REFUSED()	__nvmx_assert_unload_refused(_metadata)

/* Unload nvmx, check it and its device and debugfs files are gone. */
static inline void __nvmx_assert_unload(struct __test_metadata *_metadata)
{
	int r = nvmx_module_unload(NVMX_MODULE_NAME);

	ASSERT_EQ(0, r) TH_LOG("delete_module(nvmx): %s", strerror(-r));
	ASSERT_EQ(0, nvmx_module_loaded(NVMX_MODULE_NAME));
	ASSERT_EQ(-1, access("/sys/class/misc/nvmx", F_OK))
		TH_LOG("misc device still registered after unload");
	ASSERT_EQ(-1, access(NVMX_VMX_STATE_PATH, F_OK))
		TH_LOG("%s still there after unload", NVMX_VMX_STATE_PATH);
}
#define ASSERT_UNLOAD()	__nvmx_assert_unload(_metadata)

/* Load nvmx (no parameters), check it is live and answers API 12. */
static inline void __nvmx_assert_load(struct __test_metadata *_metadata,
				      const char *ko)
{
	char state[32];
	int r = nvmx_module_load(ko);
	int fd, err;

	ASSERT_EQ(0, r) TH_LOG("finit_module(%s): %s", ko, strerror(-r));
	r = nvmx_read_file("/sys/module/" NVMX_MODULE_NAME "/initstate",
			   state, sizeof(state));
	ASSERT_LT(0, r) TH_LOG("initstate: %s", strerror(-r));
	ASSERT_STREQ("live\n", state);
	fd = nvmx_open_dev();
	err = errno;
	ASSERT_LE(0, fd) TH_LOG("open(%s) after load: %s", NVMX_DEV_PATH,
				strerror(err));
	ASSERT_EQ(12, ioctl(fd, KVM_GET_API_VERSION, 0));
	ASSERT_CLOSE(fd);
}
#define ASSERT_LOAD(ko)	__nvmx_assert_load(_metadata, ko)

#endif /* SELFTEST_NVMX_MODULE_H */
