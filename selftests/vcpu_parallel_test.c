// SPDX-License-Identifier: GPL-2.0
/*
 * Two vCPUs of one VM run at the same time, each in its own thread:
 * each guest raises its flag in shared guest memory and waits for the
 * other's, so both can only finish if both are in KVM_RUN together
 * (a spinning guest is preempted by the host, so this holds on one
 * host CPU too).
 */
#include <pthread.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define FLAGS_GPA	0x40000ULL

static void guest_handshake(uint64_t id, uint64_t flags_gpa)
{
	volatile uint64_t *flags = (volatile uint64_t *)flags_gpa;

	flags[id] = 0xf1a90000 + id;
	while (flags[!id] != 0xf1a90000 + !id)
		__asm__ volatile("pause");
	GUEST_SYNC(id);
	GUEST_DONE();
}

static void *vcpu_thread(void *arg)
{
	struct test_vcpu *vcpu = arg;

	test_vcpu_run_sync(vcpu, vcpu->nv.id);
	test_vcpu_run_done(vcpu);
	return NULL;
}

TEST(two_vcpus_run_concurrently)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	volatile uint64_t *flags = test_gpa2hva(vm, FLAGS_GPA);
	pthread_t t[2];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct test_vcpu *vcpu = test_vcpu_add_guest(vm, i,
							     guest_handshake);

		test_vcpu_args_set(vcpu, 2, (uint64_t)i, FLAGS_GPA);
	}
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, vcpu_thread,
					    vm->vcpus[i]));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	ASSERT_EQ(0xf1a90000ULL, flags[0]);
	ASSERT_EQ(0xf1a90001ULL, flags[1]);
	test_vm_free(vm);
}

/* Each vCPU keeps its own registers: interleaved ucalls do not mix. */
static void guest_count(uint64_t id)
{
	uint64_t i;

	for (i = 0; i < 50; i++)
		GUEST_SYNC((id << 32) | i);
	GUEST_DONE();
}

static void *count_thread(void *arg)
{
	struct test_vcpu *vcpu = arg;
	uint64_t i;

	for (i = 0; i < 50; i++)
		test_vcpu_run_sync(vcpu, ((uint64_t)vcpu->nv.id << 32) | i);
	test_vcpu_run_done(vcpu);
	return NULL;
}

TEST(two_vcpus_keep_their_own_state)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	pthread_t t[2];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct test_vcpu *vcpu = test_vcpu_add_guest(vm, i, guest_count);

		test_vcpu_args_set(vcpu, 1, (uint64_t)i);
	}
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, count_thread,
					    vm->vcpus[i]));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
