// SPDX-License-Identifier: GPL-2.0
/*
 * Signals and KVM_RUN: a signal to a thread in KVM_RUN with a spinning
 * guest makes KVM_RUN fail with EINTR and exit_reason KVM_EXIT_INTR;
 * the next KVM_RUN resumes the guest where it was.  With
 * kvm_run->immediate_exit set, KVM_RUN fails with EINTR without entering
 * the guest, after completing a pending I/O exit; as in KVM, it leaves
 * exit_reason as it was (KVM_EXIT_INTR is for signals).
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define SHARED_GPA	0x40000ULL	/* [0] guest counter, [1] stop flag */
#define PORT		0x80

/* Count in shared[0] until shared[1] is set, then sync the count. */
static void guest_spin(uint64_t gpa)
{
	volatile uint64_t *shared = (volatile uint64_t *)gpa;

	while (!shared[1])
		shared[0]++;
	GUEST_SYNC(0x5709);
	GUEST_DONE();
}

static void on_sigusr1(int sig)
{
	(void)sig;
}

struct runner {
	struct test_vcpu *vcpu;
	atomic_int returned;
	int r;
	uint32_t exit_reason;
};

static void *run_once_thread(void *arg)
{
	struct runner *rn = arg;

	rn->r = __test_vcpu_run(rn->vcpu);
	rn->exit_reason = rn->vcpu->nv.run->exit_reason;
	atomic_store(&rn->returned, 1);
	return NULL;
}

/* Start a thread in KVM_RUN; return once the guest is seen spinning. */
static void start_spinning(struct __test_metadata *_metadata,
			   struct test_vm *vm, struct runner *rn, pthread_t *t)
{
	volatile uint64_t *shared = test_gpa2hva(vm, SHARED_GPA);
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	int i;

	/* No SA_RESTART: KVM_RUN is never restarted anyway. */
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	rn->vcpu = test_vcpu_add_guest(vm, 0, guest_spin);
	test_vcpu_args_set(rn->vcpu, 1, SHARED_GPA);
	ASSERT_EQ(0, pthread_create(t, NULL, run_once_thread, rn));
	for (i = 0; i < 10000 && !shared[0]; i++)
		nvmx_msleep(1);
	ASSERT_NE(0ULL, shared[0]) TH_LOG("the guest never started spinning");
}

/* Signal the thread until its KVM_RUN returns (bounded). */
static void interrupt(struct __test_metadata *_metadata, struct runner *rn,
		      pthread_t t)
{
	int i;

	for (i = 0; i < 1000 && !atomic_load(&rn->returned); i++) {
		ASSERT_EQ(0, pthread_kill(t, SIGUSR1));
		nvmx_msleep(10);
	}
	ASSERT_EQ(0, pthread_join(t, NULL));
}

TEST(signal_makes_run_return_eintr)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct runner rn = { 0 };
	pthread_t t;

	start_spinning(_metadata, vm, &rn, &t);
	interrupt(_metadata, &rn, t);
	ASSERT_EQ(-EINTR, rn.r);
	ASSERT_EQ((uint32_t)KVM_EXIT_INTR, rn.exit_reason)
		TH_LOG("exit_reason %s", nvmx_exit_reason_str(rn.exit_reason));
	test_vm_free(vm);
}

TEST(run_after_eintr_resumes_guest)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	volatile uint64_t *shared = test_gpa2hva(vm, SHARED_GPA);
	struct runner rn = { 0 };
	uint64_t count;
	pthread_t t;

	start_spinning(_metadata, vm, &rn, &t);
	interrupt(_metadata, &rn, t);
	ASSERT_EQ(-EINTR, rn.r);
	count = shared[0];
	shared[1] = 1;
	test_vcpu_run_sync(rn.vcpu, 0x5709);
	test_vcpu_run_done(rn.vcpu);
	ASSERT_LE(count, shared[0]);
	test_vm_free(vm);
}

NVMX_ASM_GUEST(out_once, ".code64",
	"mov $0x11, %al\n"
	"out %al, $0x80\n"
	"hlt\n");

NVMX_ASM_GUEST(in_once, ".code64",
	"mov $0x1234, %eax\n"
	"in $0x80, %al\n"
	"hlt\n");

/* What a KVM client checks before it uses immediate_exit. */
TEST(immediate_exit_capability_is_reported)
{
	ASSERT_EQ(1, nvmx_dev_check_extension(KVM_CAP_IMMEDIATE_EXIT));
}

TEST(immediate_exit_returns_eintr_without_running)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t code = (uint64_t)(uintptr_t)out_once_start;
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, code);
	struct kvm_regs regs;

	vcpu->nv.run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu->nv.run->immediate_exit = 1;
	ASSERT_EQ(-EINTR, __test_vcpu_run(vcpu));
	ASSERT_EQ((uint32_t)KVM_EXIT_UNKNOWN, vcpu->nv.run->exit_reason);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(code, regs.rip);
	/* Cleared, the guest runs. */
	vcpu->nv.run->immediate_exit = 0;
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
	test_vm_free(vm);
}

/* The pending IN completes into AL first; the guest does not go on. */
TEST(immediate_exit_completes_pending_in)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t code = (uint64_t)(uintptr_t)in_once_start;
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, code);
	uint64_t after_in = code + 5 + 2;	/* mov imm32; in imm8 */
	struct kvm_regs regs;

	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_IN, PORT, 1, 1);
	*(uint8_t *)test_io_data(vcpu) = 0x77;
	vcpu->nv.run->immediate_exit = 1;
	ASSERT_EQ(-EINTR, __test_vcpu_run(vcpu));
	ASSERT_EQ((uint32_t)KVM_EXIT_IO, vcpu->nv.run->exit_reason);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0x1277ULL, regs.rax);
	ASSERT_EQ(after_in, regs.rip);
	vcpu->nv.run->immediate_exit = 0;
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(after_in + 1, regs.rip);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
