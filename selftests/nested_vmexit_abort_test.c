// SPDX-License-Identifier: GPL-2.0
/*
 * A VM exit from L2 whose VM-exit MSR-load list cannot be loaded (an
 * IA32_FS_BASE entry, SDM Vol. 3C 28.6) is a VMX abort: the logical
 * processor shuts down (28.7), which the VMM reports as
 * KVM_EXIT_SHUTDOWN.  On nvmx the VMX-abort indicator 4 ("failure on
 * loading host MSRs") is also in L1's VMCS region at byte offset 4
 * (28.7; kvm_intel does not write it, so only nvmx is held to it).
 * Proven on kvm_intel nested=1 (NVMX_DEV=/dev/kvm) and on nvmx.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

/* SDM Vol. 3D appendix B: the VM-exit MSR-load address field. */
#define F_VM_EXIT_MSR_LOAD_ADDR	0x00002008

/* SDM Vol. 3C 28.7: VMX-abort indicator of a host MSR-load failure. */
#define ABORT_LOAD_HOST_MSR	4U

/* SDM Vol. 3C 25.7.2: one 16-byte entry of an MSR area. */
struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
} __attribute__((aligned(16)));

static struct vmx_l1 l1;
static struct msr_entry exit_load[1];

static void l2_guest(void)
{
	l2_vmcall(0);
}

static void l1_guest(void)
{
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	exit_load[0] = (struct msr_entry){ MSR_FS_BASE, 0, 0 };
	vmwritez(F_VM_EXIT_MSR_LOAD_ADDR, (uint64_t)(uintptr_t)exit_load);
	vmwritez(VM_EXIT_MSR_LOAD_COUNT, 1);
	GUEST_SYNC(1);
	vmx_run_l2(&l1);
	/* Never reached: the exit to L1 aborts. */
	GUEST_ASSERT(0);
}

TEST(vmexit_msr_load_failure_is_a_vmx_abort)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint32_t *indicator;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	test_vcpu_run_sync(vcpu, 1);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_SHUTDOWN);
	if (vm->is_nvmx) {
		indicator = test_gpa2hva(vm, (uint64_t)(uintptr_t)l1.vmcs + 4);
		EXPECT_EQ(ABORT_LOAD_HOST_MSR, *indicator);
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
