// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU thread moved between host CPUs 1,000 times with
 * sched_setaffinity() keeps running correctly: the guest's register
 * state (a 64-bit LCG kept in registers and on the stack) continues
 * exactly across every move.  Moves between KVM_RUNs (the vCPU thread
 * moves itself) and moves while the guest runs (another thread moves
 * it).  Skipped with fewer than two usable CPUs.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

/* 1,000 exits to userspace and back take a while in the emulator. */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT	300

#define MOVES		1000
#define LCG_MUL		6364136223846793005ULL
#define LCG_ADD		1442695040888963407ULL

static uint64_t lcg(uint64_t x)
{
	return x * LCG_MUL + LCG_ADD;
}

/* Sync the LCG sequence forever (the host stops running it). */
static void guest_lcg(uint64_t seed)
{
	uint64_t x = seed;

	for (;;) {
		x = x * LCG_MUL + LCG_ADD;
		GUEST_SYNC(x);
	}
}

static int usable_cpus(int *cpus, int max)
{
	cpu_set_t set;
	int i, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++) {
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	}
	return n;
}

static int pin(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(tid, sizeof(set), &set) ? -errno : 0;
}

TEST(moved_between_runs_1000_times)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	int cpus[64], n = usable_cpus(cpus, 64), i, seen_other = 0;
	uint64_t x = 42;

	if (n < 2)
		SKIP(return, "needs two CPUs, have %d", n);
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = test_vcpu_add_guest(vm, 0, guest_lcg);
	test_vcpu_args_set(vcpu, 1, x);
	for (i = 0; i < MOVES; i++) {
		int cpu = cpus[i % n];

		ASSERT_EQ(0, pin(0, cpu));
		x = lcg(x);
		test_vcpu_run_sync(vcpu, x);
		if (sched_getcpu() != cpus[0])
			seen_other = 1;
	}
	ASSERT_EQ(1, seen_other);
	test_vm_free(vm);
}

struct mover {
	pid_t tid;
	int *cpus, n;
	atomic_int ready, done;
	int err;
};

static void *mover_thread(void *arg)
{
	struct mover *m = arg;
	int i;

	while (!atomic_load(&m->ready))
		sched_yield();
	for (i = 0; i < MOVES && !m->err; i++) {
		m->err = pin(m->tid, m->cpus[i % m->n]);
		if (i % 16 == 0)
			nvmx_msleep(1);
	}
	atomic_store(&m->done, 1);
	return NULL;
}

TEST(moved_while_running_1000_times)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	int cpus[64], n = usable_cpus(cpus, 64);
	struct mover m = { .n = n, .cpus = cpus };
	uint64_t x = 7, runs = 0;
	pthread_t t;

	if (n < 2)
		SKIP(return, "needs two CPUs, have %d", n);
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = test_vcpu_add_guest(vm, 0, guest_lcg);
	test_vcpu_args_set(vcpu, 1, x);
	m.tid = gettid();
	ASSERT_EQ(0, pthread_create(&t, NULL, mover_thread, &m));
	atomic_store(&m.ready, 1);
	while (!atomic_load(&m.done)) {
		x = lcg(x);
		test_vcpu_run_sync(vcpu, x);
		runs++;
	}
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, m.err) TH_LOG("sched_setaffinity: %s", strerror(-m.err));
	/* And it still runs correctly after the last move. */
	x = lcg(x);
	test_vcpu_run_sync(vcpu, x);
	TH_LOG("%llu guest exits during %d moves", (unsigned long long)runs,
	       MOVES);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
