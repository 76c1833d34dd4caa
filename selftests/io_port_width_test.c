// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O of each width from a long-mode guest: OUT gives KVM_EXIT_IO
 * with the port, size, count 1 and the value; IN gives KVM_EXIT_IO and
 * the value userspace put in the data area lands in AL/AX/EAX with the
 * architectural merge (SDM Vol. 3A 4.2.1 / Vol. 1 3.4.1.1: 8/16-bit
 * writes keep the rest of RAX, 32-bit writes zero-extend).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define PORT	0x3f0
#define RAX0	0x1122334455667788ULL

static void guest_out(uint64_t size)
{
	if (size == 1)
		guest_outb(PORT, 0xa5);
	else if (size == 2)
		guest_outw(PORT, 0xbeef);
	else
		guest_outl(PORT, 0xdeadbeef);
	GUEST_DONE();
}

static void guest_in(uint64_t size)
{
	uint64_t rax = RAX0;

	if (size == 1)
		__asm__ volatile("inb %w1, %%al" : "+a"(rax) : "d"(PORT));
	else if (size == 2)
		__asm__ volatile("inw %w1, %%ax" : "+a"(rax) : "d"(PORT));
	else
		__asm__ volatile("inl %w1, %%eax" : "+a"(rax) : "d"(PORT));
	GUEST_SYNC(rax);
	GUEST_DONE();
}

static void run_out(struct __test_metadata *_metadata, unsigned int size,
		    uint32_t expect)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_out);
	uint32_t got = 0;

	test_vcpu_args_set(vcpu, 1, (uint64_t)size);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, size, 1);
	memcpy(&got, test_io_data(vcpu), size);
	ASSERT_EQ(expect, got);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static void run_in(struct __test_metadata *_metadata, unsigned int size,
		   uint32_t value, uint64_t expect_rax)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_in);

	test_vcpu_args_set(vcpu, 1, (uint64_t)size);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_IN, PORT, size, 1);
	memcpy(test_io_data(vcpu), &value, size);
	test_vcpu_run_sync(vcpu, expect_rax);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(outb_exits_with_byte)
{
	run_out(_metadata, 1, 0xa5);
}

TEST(outw_exits_with_word)
{
	run_out(_metadata, 2, 0xbeef);
}

TEST(outl_exits_with_dword)
{
	run_out(_metadata, 4, 0xdeadbeef);
}

TEST(inb_sets_al_keeps_rest_of_rax)
{
	run_in(_metadata, 1, 0x5a, 0x112233445566775aULL);
}

TEST(inw_sets_ax_keeps_rest_of_rax)
{
	run_in(_metadata, 2, 0xc0de, 0x112233445566c0deULL);
}

TEST(inl_sets_eax_zero_extends)
{
	run_in(_metadata, 4, 0xfeedface, 0xfeedfaceULL);
}

TEST_HARNESS_MAIN
