// SPDX-License-Identifier: GPL-2.0
/*
 * L1's VMWRITE and VMREAD of a shadowed guest-state field (GUEST_RIP)
 * round-trip, and on nvmx cost no L0 exit (SDM Vol. 3C 25.10: with VMCS
 * shadowing, VMREAD/VMWRITE of a field clear in the VMREAD/VMWRITE
 * bitmaps access the shadow VMCS linked from the VMCS link pointer).
 *
 * Between two ucalls L1 does one VMWRITE and one VMREAD: on nvmx the
 * exit counters grow by exactly the closing ucall's I/O exit.  Host-owned
 * asynchronous exits (EXTERNAL_INTERRUPT, PREEMPTION_TIMER: the IF=0
 * backstop of src/run.c) are left out of the exact total.  Once with a
 * VMCS that L1 only loaded (VMPTRLD), once after that VMCS ran L2 and L2
 * exited back to L1 (the shared strategy relinks it on the way back).
 * On KVM only the round trip is checked.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define MAGIC_RIP	0xffffffff8badf00dULL

static struct vmx_l1 l1;
static bool after_l2;	/* set by the host before the run */

static void l2_guest(void)
{
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint64_t v = 0;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	if (after_l2) {
		GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
		GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_VMCALL);
	}
	GUEST_SYNC(1);
	GUEST_ASSERT_EQ(vmx_vmwrite(GUEST_RIP, MAGIC_RIP), VMX_OK);
	GUEST_ASSERT_EQ(vmx_vmread(GUEST_RIP, &v), VMX_OK);
	GUEST_SYNC(2);
	GUEST_ASSERT_EQ(v, MAGIC_RIP);
	GUEST_DONE();
}

static void run(struct __test_metadata *_metadata, bool l2_first)
{
	struct nvmx_nested_counts n0, n1;
	struct nvmx_exit_counts c0, c1;
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t async;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	after_l2 = l2_first;
	test_sync_global_to_guest(vm, after_l2);

	test_vcpu_run_sync(vcpu, 1);
	if (vm->is_nvmx) {
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_EXIT_COUNTS, &c0));
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, &n0));
	}
	test_vcpu_run_sync(vcpu, 2);
	if (vm->is_nvmx) {
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_EXIT_COUNTS, &c1));
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, &n1));
	}
	test_vcpu_run_done(vcpu);

	if (vm->is_nvmx) {
		async = c1.counts[EXIT_REASON_EXTERNAL_INTERRUPT] -
			c0.counts[EXIT_REASON_EXTERNAL_INTERRUPT] +
			c1.counts[EXIT_REASON_PREEMPTION_TIMER] -
			c0.counts[EXIT_REASON_PREEMPTION_TIMER];
		EXPECT_EQ(1ULL, c1.total - c0.total - async);
		EXPECT_EQ(1ULL, c1.counts[EXIT_REASON_IO_INSTRUCTION] -
			  c0.counts[EXIT_REASON_IO_INSTRUCTION]);
		EXPECT_EQ(0ULL, c1.counts[EXIT_REASON_VMREAD] -
			  c0.counts[EXIT_REASON_VMREAD]);
		EXPECT_EQ(0ULL, c1.counts[EXIT_REASON_VMWRITE] -
			  c0.counts[EXIT_REASON_VMWRITE]);
		/* The same from the nested counters: L1 trapped on neither. */
		EXPECT_EQ(0ULL, n1.l1[EXIT_REASON_VMREAD] -
			  n0.l1[EXIT_REASON_VMREAD]);
		EXPECT_EQ(0ULL, n1.l1[EXIT_REASON_VMWRITE] -
			  n0.l1[EXIT_REASON_VMWRITE]);
		EXPECT_EQ(1ULL, n1.l1[EXIT_REASON_IO_INSTRUCTION] -
			  n0.l1[EXIT_REASON_IO_INSTRUCTION]);
	}
	test_vm_free(vm);
}

TEST(guest_rip_after_vmptrld)
{
	run(_metadata, false);
}

TEST(guest_rip_after_l2_exit)
{
	run(_metadata, true);
}

TEST_HARNESS_MAIN
