// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, RDTSC: an L2 RDTSC exits to L1 exactly when L1 sets
 * "RDTSC exiting" (SDM Vol. 3C 26.1.3); L1 then supplies EDX:EAX.
 * Otherwise L2 reads the TSC (with L1's TSC offset of 0: a value that
 * only grows) and L1 sees only the VMCALL that follows.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define FAKE_TSC	0x0123456789abcdefULL

static struct vmx_l1 l1;
static bool rdtsc_exiting;
static uint64_t l1_rdtsc_exits, l2_tsc[2];

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | ((uint64_t)hi << 32);
}

static void l2_guest(void)
{
	l2_tsc[0] = rdtsc();
	l2_tsc[1] = rdtsc();
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, rdtsc_exiting ? CPU_RDTSC_EXITING : 0, 0);
	vmwritez(TSC_OFFSET, 0);
	while ((reason = vmx_run_l2_reason(&l1)) == EXIT_REASON_RDTSC) {
		l1_rdtsc_exits++;
		l1.gprs.rax = (uint32_t)(FAKE_TSC + l1_rdtsc_exits);
		l1.gprs.rdx = (FAKE_TSC + l1_rdtsc_exits) >> 32;
		vmx_skip_insn();
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool exiting)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t t0, t1;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	rdtsc_exiting = exiting;
	test_sync_global_to_guest(vm, rdtsc_exiting);
	test_vcpu_run_done(vcpu);
	t0 = test_guest_global(vm, l2_tsc)[0];
	t1 = test_guest_global(vm, l2_tsc)[1];
	if (exiting) {
		EXPECT_EQ(2ULL, test_guest_global(vm, l1_rdtsc_exits));
		EXPECT_EQ(FAKE_TSC + 1, t0);
		EXPECT_EQ(FAKE_TSC + 2, t1);
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_rdtsc_exits));
		EXPECT_LT(t0, t1);
		EXPECT_NE(FAKE_TSC + 1, t0);
	}
	test_vm_free(vm);
}

TEST(rdtsc_exiting_set_exits_to_l1)
{
	run(_metadata, true);
}

TEST(rdtsc_exiting_clear_reads_the_tsc)
{
	run(_metadata, false);
}

TEST_HARNESS_MAIN
