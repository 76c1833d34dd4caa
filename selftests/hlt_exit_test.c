// SPDX-License-Identifier: GPL-2.0
/*
 * HLT with no in-kernel APIC exits to userspace with KVM_EXIT_HLT, RIP
 * after the HLT; the next KVM_RUN resumes there.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

NVMX_ASM_GUEST(hlt_twice, ".code64",
	"hlt\n"
	"hlt\n"
	"mov $0x99, %al\n"
	"out %al, $0x80\n");

static void guest_hlt_then_done(void)
{
	guest_hlt();
	GUEST_SYNC(1);
	GUEST_DONE();
}

TEST(hlt_exits_with_kvm_exit_hlt)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_hlt_then_done);

	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vm_free(vm);
}

TEST(run_after_hlt_resumes_after_it)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu;
	uint64_t code = (uint64_t)(uintptr_t)hlt_twice_start;
	struct kvm_regs regs;

	vcpu = test_vcpu_add(vm, 0, code);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(code + 1, regs.rip);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(code + 2, regs.rip);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, 0x80, 1, 1);
	ASSERT_EQ(0x99, *(uint8_t *)test_io_data(vcpu));
	test_vm_free(vm);
}

TEST(c_guest_continues_after_hlt)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_hlt_then_done);

	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_run_sync(vcpu, 1);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
