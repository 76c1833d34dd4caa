// SPDX-License-Identifier: GPL-2.0
/*
 * Real-mode guests: a new vCPU is in the architectural reset state and
 * runs from the reset vector; 16-bit code does port I/O of each width,
 * real-mode segmentation (linear = selector * 16 + offset) and HLT.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define PORT	0x10

/* 0xfffffff0: out 0x5a, hlt (SDM Vol. 3A 10.1.4: first instruction). */
NVMX_ASM_GUEST(rm_reset, ".code16",
	"mov $0x5a, %al\n"
	"out %al, $0x10\n"
	"hlt\n");

NVMX_ASM_GUEST(rm_io, ".code16",
	"mov $0x12, %al\n"
	"out %al, $0x10\n"
	"mov $0x3456, %ax\n"
	"out %ax, $0x10\n"
	"mov $0x789abcde, %eax\n"
	"out %eax, $0x10\n"
	"hlt\n");

/* DS = 0x2000: [0x10] is linear 0x20010; read it back into BX. */
NVMX_ASM_GUEST(rm_seg, ".code16",
	"mov $0x2000, %ax\n"
	"mov %ax, %ds\n"
	"movw $0xbeef, (0x10)\n"
	"mov (0x10), %bx\n"
	"hlt\n");

TEST(new_vcpu_is_in_reset_state)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);
	struct kvm_sregs sr;
	struct kvm_regs regs;

	/* SDM Vol. 3A 10.1.1, Table 10-1. */
	test_vcpu_get_regs(vcpu, &regs);
	test_vcpu_get_sregs(vcpu, &sr);
	ASSERT_EQ(0xfff0ULL, regs.rip);
	ASSERT_EQ(0x2ULL, regs.rflags);
	ASSERT_EQ(0xf000ULL, sr.cs.selector);
	ASSERT_EQ(0xffff0000ULL, sr.cs.base);
	ASSERT_EQ(0xffffULL, sr.cs.limit);
	ASSERT_EQ(0ULL, sr.ds.selector);
	ASSERT_EQ(0ULL, sr.ds.base);
	ASSERT_EQ(0xffffULL, sr.ds.limit);
	ASSERT_EQ(0x60000010ULL, sr.cr0);
	ASSERT_EQ(0ULL, sr.cr3);
	ASSERT_EQ(0ULL, sr.cr4);
	ASSERT_EQ(0ULL, sr.efer);
	ASSERT_EQ(0xffffULL, sr.gdt.limit);
	ASSERT_EQ(0xffffULL, sr.idt.limit);
	test_vm_free(vm);
}

TEST(runs_from_reset_vector)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu;
	struct kvm_regs regs;

	/* 64 KiB below 4 GiB: CS base 0xffff0000 + IP 0xfff0. */
	test_vm_add_slot(vm, 0, 0xffff0000, 0x10000, 0);
	test_vm_load_asm(vm, 0xfffffff0, rm_reset);
	vcpu = test_vcpu_add(vm, 0, 0);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
	ASSERT_EQ(0x5a, *(uint8_t *)test_io_data(vcpu));
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0xfff0 + (uint64_t)(rm_reset_end - rm_reset_start), regs.rip);
	test_vm_free(vm);
}

TEST(out_of_each_width)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu;

	test_vm_load_asm(vm, NVMX_CODE_GPA & 0xffff, rm_io);
	vcpu = test_vcpu_add(vm, 0, NVMX_CODE_GPA & 0xffff);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
	ASSERT_EQ(0x12, *(uint8_t *)test_io_data(vcpu));
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 2, 1);
	ASSERT_EQ(0x3456, *(uint16_t *)test_io_data(vcpu));
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 4, 1);
	ASSERT_EQ(0x789abcdeU, *(uint32_t *)test_io_data(vcpu));
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vm_free(vm);
}

TEST(segment_base_is_selector_times_16)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu;
	struct kvm_sregs sr;
	struct kvm_regs regs;

	test_vm_load_asm(vm, 0x1000, rm_seg);
	vcpu = test_vcpu_add(vm, 0, 0x1000);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	ASSERT_EQ(0xbeef, *(uint16_t *)test_gpa2hva(vm, 0x20010));
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0xbeefULL, regs.rbx & 0xffff);
	test_vcpu_get_sregs(vcpu, &sr);
	ASSERT_EQ(0x2000ULL, sr.ds.selector);
	ASSERT_EQ(0x20000ULL, sr.ds.base);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
