/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: kselftest_harness.h glue.  Include this (once, from
 * the test's .c file) instead of kselftest_harness.h.
 *
 * The helpers below take the harness's _metadata, so their ASSERT_*s
 * fail the calling test (the harness longjmp()s out of any depth).
 */
#ifndef SELFTEST_NVMX_TEST_H
#define SELFTEST_NVMX_TEST_H

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#include <linux/kvm.h>

/*
 * The 6.1 harness is not -Wextra clean: its TEST() wrappers and timeout
 * handler have unused parameters, expanded into every test file.  Keep
 * the rest of -Wall -Wextra -Werror.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include "kselftest_harness.h"
#include "nvmx_util.h"

/*
 * The harness kills a test after TEST_TIMEOUT_DEFAULT (30 s in 6.1)
 * seconds.  The tests run in an emulated (Bochs) machine that is 50-100x
 * slower than hardware, so give every TEST()/TEST_F() more; TEST() and
 * TEST_F() expand the macro where they are used, after this.
 */
#ifdef TEST_TIMEOUT_DEFAULT
#undef TEST_TIMEOUT_DEFAULT
#endif
#define TEST_TIMEOUT_DEFAULT	120

/*
 * The harness runs each test in a forked child in its own process group.
 * If the test binary is killed (run_tests' "timeout -s KILL"), that child
 * would live on, holding VM fds and the runner's output pipe.  Have every
 * child the binary forks die with its parent.
 */
static pid_t __nvmx_forking_pid;

static void __nvmx_atfork_prepare(void)
{
	__nvmx_forking_pid = getpid();
}

static void __nvmx_atfork_child(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != __nvmx_forking_pid)
		_exit(1);	/* the parent died before prctl() */
}

/*
 * The harness exits 0 when every test SKIPped; exit KSFT_SKIP (4) then,
 * so that run_tests reports the binary as "# SKIP" rather than "ok".
 * Runs in the harness's parent only (test children leave by _exit()).
 * exit() is already under way, so leave by _exit() after flushing.
 */
static void __nvmx_exit_skip_if_all_skipped(void)
{
	if (ksft_cnt.ksft_xskip && !ksft_cnt.ksft_pass &&
	    !ksft_cnt.ksft_fail && !ksft_cnt.ksft_xfail &&
	    !ksft_cnt.ksft_xpass && !ksft_cnt.ksft_error) {
		fflush(stdout);
		fflush(stderr);
		_exit(KSFT_SKIP);
	}
}

static void __attribute__((constructor)) __nvmx_test_init(void)
{
	/* Keep stdout (TAP) and stderr (TH_LOG) in order through a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_atfork(__nvmx_atfork_prepare, NULL, __nvmx_atfork_child);
	atexit(__nvmx_exit_skip_if_all_skipped);
}

/*
 * Open /dev/nvmx or fail the test with the reason (ENOENT when the
 * module is not loaded: the expected failure on a machine without it).
 */
static inline int __nvmx_open_dev(struct __test_metadata *_metadata)
{
	int fd = nvmx_open_dev();
	int err = errno;

	ASSERT_LE(0, fd) TH_LOG("open(%s): %s%s", NVMX_DEV_PATH,
				strerror(err),
				err == ENOENT ? " (is nvmx loaded?)" : "");
	return fd;
}
#define nvmx_test_open_dev()	__nvmx_open_dev(_metadata)

/* KVM_CREATE_VM type 0 on sys_fd or fail the test. */
static inline int __nvmx_create_vm(struct __test_metadata *_metadata,
				   int sys_fd)
{
	int fd = nvmx_create_vm(sys_fd, 0);
	int err = errno;

	ASSERT_LE(0, fd) TH_LOG("KVM_CREATE_VM(0): %s", strerror(err));
	return fd;
}
#define nvmx_test_create_vm(sys_fd)	__nvmx_create_vm(_metadata, sys_fd)

/* Read and strictly parse vmx_state or fail the test. */
static inline void __nvmx_get_vmx_state(struct __test_metadata *_metadata,
					struct nvmx_vmx_state *st,
					char *raw, size_t rawlen)
{
	char err[256] = "";
	int r = nvmx_read_vmx_state(st, raw, rawlen, err, sizeof(err));

	ASSERT_EQ(0, r) TH_LOG("vmx_state: %s%s%s", err,
			       raw && raw[0] ? ":\n" : "", raw ? raw : "");
}
#define nvmx_test_get_vmx_state(st, raw, rawlen) \
	__nvmx_get_vmx_state(_metadata, st, raw, rawlen)

/* Online CPUs or fail the test; returns the count. */
static inline unsigned int __nvmx_online_cpus(struct __test_metadata *_metadata,
					      unsigned int *cpus)
{
	int n = nvmx_online_cpus(cpus, NVMX_MAX_CPUS);

	ASSERT_LT(0, n) TH_LOG("%s/online: %s", NVMX_CPU_SYSFS,
			       strerror(-n));
	return (unsigned int)n;
}
#define nvmx_test_online_cpus(cpus)	__nvmx_online_cpus(_metadata, cpus)

/*
 * Assert vmx_state is exactly:
 *	vms <vms>
 *	cpu<N> vmxe=<vmxe> vmxon=<vmxon>	for every online CPU N
 * i.e. the cpu lines are the online CPUs (from sysfs), in order, and
 * every one has the given vmxe/vmxon.
 */
static inline void __nvmx_assert_vmx_state(struct __test_metadata *_metadata,
					   unsigned int vms, unsigned int vmxe,
					   unsigned int vmxon)
{
	static unsigned int online[NVMX_MAX_CPUS];
	static struct nvmx_vmx_state st;
	static char raw[65536];
	unsigned int n, i;

	n = nvmx_test_online_cpus(online);
	nvmx_test_get_vmx_state(&st, raw, sizeof(raw));
	ASSERT_EQ(vms, st.vms) TH_LOG("vmx_state:\n%s", raw);
	ASSERT_EQ(n, st.nr_cpus)
		TH_LOG("one line per online CPU expected; vmx_state:\n%s", raw);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(online[i], st.cpus[i].cpu)
			TH_LOG("line %u should be online cpu%u; vmx_state:\n%s",
			       i + 2, online[i], raw);
		ASSERT_EQ(vmxe, st.cpus[i].vmxe)
			TH_LOG("cpu%u vmxe; vmx_state:\n%s", online[i], raw);
		ASSERT_EQ(vmxon, st.cpus[i].vmxon)
			TH_LOG("cpu%u vmxon; vmx_state:\n%s", online[i], raw);
	}
}
#define ASSERT_VMX_STATE(vms, vmxe, vmxon) \
	__nvmx_assert_vmx_state(_metadata, vms, vmxe, vmxon)

/* No VM and no VMX anywhere: the state every test starts and ends in. */
#define ASSERT_VMX_IDLE()	ASSERT_VMX_STATE(0, 0, 0)

/*
 * For FIXTURE_TEARDOWN(): fail the test (without the longjmp of ASSERT,
 * and without EXPECT's handler, which the 6.1 harness leaves armed after
 * a failed ASSERT) when cond is false.
 */
#define TEARDOWN_CHECK(cond, fmt, ...) do {				\
	if (!(cond)) {							\
		__TH_LOG("teardown: " fmt, ##__VA_ARGS__);		\
		_metadata->passed = 0;					\
	}								\
} while (0)

/* close() or fail the test. */
#define ASSERT_CLOSE(fd) do {						\
	int __fd = (fd);						\
	int __r = close(__fd);						\
	int __e = errno;						\
	ASSERT_EQ(0, __r) TH_LOG("close(%d): %s", __fd, strerror(__e)); \
} while (0)

#endif /* SELFTEST_NVMX_TEST_H */
