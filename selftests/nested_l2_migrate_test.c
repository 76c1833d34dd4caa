// SPDX-License-Identifier: GPL-2.0
/*
 * L2 keeps running correctly while the vCPU thread moves between CPUs:
 * vmcs02 (the vmcs12 page in its vmcs02 role, current while L2 runs),
 * vmcs01 behind it and, while L1 runs, the page linked as vmcs01's
 * shadow VMCS all follow the thread (VMCLEAR on the old CPU, VMPTRLD or
 * relink on the new one).
 *
 * L2 runs an LCG: it reports each value with GUEST_SYNC (port I/O that
 * L1 does not intercept, so L0 handles it with L2 current), then asks L1
 * for the one's complement of the value with CPUID (reflected to L1,
 * which answers from L2's registers and VMRESUMEs).  The host pins the
 * thread to another CPU before every run, or a second thread moves it
 * while it runs.  Any state lost in a move breaks the sequence.  On nvmx,
 * the nested counters then show one L2 entry per L1 VMLAUNCH/VMRESUME
 * and one reflected CPUID per answered step.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT	300

#define MOVES		200
#define LEAF		0x4e56U
#define SEED		0x1234
#define LCG_MUL		6364136223846793005ULL
#define LCG_ADD		1442695040888963407ULL

static struct vmx_l1 l1;

static uint64_t lcg(uint64_t x)
{
	return x * LCG_MUL + LCG_ADD;
}

static void l2_guest(void)
{
	uint32_t a, b, c, d;
	uint64_t x = SEED;

	for (;;) {
		x = lcg(x);
		GUEST_SYNC(x);
		guest_cpuid(LEAF, (uint32_t)x, &a, &b, &c, &d);
		GUEST_ASSERT_EQ(a, ~(uint32_t)x);
		GUEST_ASSERT_EQ(b, LEAF);
	}
}

/* L1 answers each CPUID from L2's ECX and resumes L2 after it. */
static void l1_guest(void)
{
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	for (;;) {
		GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_CPUID);
		GUEST_ASSERT_EQ(l1.gprs.rax, LEAF);
		l1.gprs.rax = ~(uint32_t)l1.gprs.rcx;
		l1.gprs.rbx = LEAF;
		l1.gprs.rcx = 0;
		l1.gprs.rdx = 0;
		vmx_skip_insn();
		GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	}
}

static int usable_cpus(int *cpus, int max)
{
	cpu_set_t set;
	int i, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	return n;
}

static int pin(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(tid, sizeof(set), &set) ? -errno : 0;
}

/* @steps syncs seen: L1 entered L2 @steps times, answered @steps - 1. */
static void check_counts(struct __test_metadata *_metadata,
			 struct test_vm *vm, struct test_vcpu *vcpu,
			 uint64_t steps)
{
	struct nvmx_nested_counts n;

	if (!vm->is_nvmx)
		return;
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, &n))
		TH_LOG("NVMX_GET_NESTED_COUNTS: %s", strerror(errno));
	EXPECT_EQ(steps, n.entries);
	EXPECT_EQ(0ULL, n.entry_failures);
	EXPECT_EQ(steps - 1, n.l2_l1[EXIT_REASON_CPUID]);
	EXPECT_EQ(steps, n.l2_l0[EXIT_REASON_IO_INSTRUCTION]);
}

TEST(l2_moved_between_runs)
{
	int cpus[64], n = usable_cpus(cpus, 64), i;
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t x = SEED;

	if (n < 2)
		SKIP(return, "needs two CPUs, have %d", n);
	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	for (i = 0; i < MOVES; i++) {
		ASSERT_EQ(0, pin(0, cpus[i % n]));
		x = lcg(x);
		test_vcpu_run_sync(vcpu, x);
	}
	check_counts(_metadata, vm, vcpu, MOVES);
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
		if (i % 8 == 0)
			nvmx_msleep(1);
	}
	atomic_store(&m->done, 1);
	return NULL;
}

TEST(l2_moved_while_running)
{
	int cpus[64], n = usable_cpus(cpus, 64);
	struct mover m = { .n = n, .cpus = cpus };
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t x = SEED, steps = 0;
	pthread_t t;

	if (n < 2)
		SKIP(return, "needs two CPUs, have %d", n);
	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	m.tid = gettid();
	ASSERT_EQ(0, pthread_create(&t, NULL, mover_thread, &m));
	atomic_store(&m.ready, 1);
	while (!atomic_load(&m.done)) {
		x = lcg(x);
		test_vcpu_run_sync(vcpu, x);
		steps++;
	}
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, m.err) TH_LOG("sched_setaffinity: %s", strerror(-m.err));
	x = lcg(x);
	test_vcpu_run_sync(vcpu, x);
	check_counts(_metadata, vm, vcpu, steps + 1);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
