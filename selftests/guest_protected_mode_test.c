// SPDX-License-Identifier: GPL-2.0
/*
 * 32-bit protected-mode guests (flat segments from the builder's GDT,
 * set through KVM_SET_SREGS; no paging): 32-bit code runs, stores to
 * absolute addresses, reloads a data segment from the GDT, does port
 * I/O of each width.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define PORT	0x10

NVMX_ASM_GUEST(pm_io, ".code32",
	"mov $0x12, %al\n"
	"out %al, $0x10\n"
	"mov $0x3456, %ax\n"
	"out %ax, $0x10\n"
	"mov $0x789abcde, %eax\n"
	"out %eax, $0x10\n"
	"hlt\n");

/* Stores at 0x20000 (NVMX_DATA_GPA) and 0x800000 (8 MiB: no 64 KiB limit). */
NVMX_ASM_GUEST(pm_store, ".code32",
	"movl $0xcafef00d, 0x20000\n"
	"movl $0x600dd00d, 0x800000\n"
	"mov 0x20000, %ebx\n"
	"hlt\n");

/* Reload DS and SS from the GDT (selector 0x10), then use both. */
NVMX_ASM_GUEST(pm_reload, ".code32",
	"mov $0x10, %ax\n"
	"mov %ax, %ds\n"
	"mov %ax, %ss\n"
	"mov $0x30000, %esp\n"
	"push $0x13572468\n"
	"pop %ecx\n"
	"mov %ecx, 0x20004\n"
	"hlt\n");

static struct test_vcpu *pm_vcpu(struct test_vm *vm)
{
	return test_vcpu_add(vm, 0, NVMX_CODE_GPA);
}

TEST(runs_with_flat_32bit_segments)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;
	struct kvm_sregs sr;

	test_vm_load_asm(vm, NVMX_CODE_GPA, pm_io);
	vcpu = pm_vcpu(vm);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
	test_vcpu_get_sregs(vcpu, &sr);
	ASSERT_EQ(1ULL, sr.cr0 & 1);		/* PE */
	ASSERT_EQ(0ULL, sr.cr0 >> 31);		/* no paging */
	ASSERT_EQ(1, sr.cs.db);
	ASSERT_EQ(NVMX_SEL_CODE32, sr.cs.selector);
	test_vm_free(vm);
}

TEST(out_of_each_width)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;

	test_vm_load_asm(vm, NVMX_CODE_GPA, pm_io);
	vcpu = pm_vcpu(vm);
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

TEST(stores_to_absolute_addresses)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;
	struct kvm_regs regs;

	test_vm_load_asm(vm, NVMX_CODE_GPA, pm_store);
	vcpu = pm_vcpu(vm);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	ASSERT_EQ(0xcafef00dU, *(uint32_t *)test_gpa2hva(vm, 0x20000));
	ASSERT_EQ(0x600dd00dU, *(uint32_t *)test_gpa2hva(vm, 0x800000));
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0xcafef00dULL, regs.rbx);
	ASSERT_EQ(NVMX_CODE_GPA + (uint64_t)(pm_store_end - pm_store_start),
		  regs.rip);
	test_vm_free(vm);
}

TEST(segment_reload_from_gdt)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;
	struct kvm_sregs sr;
	struct kvm_regs regs;

	test_vm_load_asm(vm, NVMX_CODE_GPA, pm_reload);
	vcpu = pm_vcpu(vm);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	ASSERT_EQ(0x13572468U, *(uint32_t *)test_gpa2hva(vm, 0x20004));
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0x30000ULL, regs.rsp);
	test_vcpu_get_sregs(vcpu, &sr);
	ASSERT_EQ(NVMX_SEL_DATA, sr.ss.selector);
	ASSERT_EQ(0ULL, sr.ss.base);
	ASSERT_EQ(0xffffffffU, sr.ss.limit);
	ASSERT_EQ(1, sr.ss.db);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
