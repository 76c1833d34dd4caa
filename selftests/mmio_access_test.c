// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO: a guest access to a GPA no memory slot holds exits with
 * KVM_EXIT_MMIO, exact phys_addr, len, is_write and (for a write) data;
 * the value userspace puts in data for a read lands in the destination
 * register with the MOV form's semantics (SDM Vol. 1 3.4.1.1: 8/16-bit
 * destinations keep the rest of the register, 32-bit ones zero-extend;
 * MOVZX/MOVSX extend).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define MMIO_GPA	0xc0001000ULL	/* in the identity map, no slot */
#define REG0		0x1122334455667788ULL

enum mmio_op {
	W8, W16, W32, W64, W32_IMM, R8, R16, R32, R64, RZX8, RSX16,
};

static void guest_mmio(uint64_t op, uint64_t addr)
{
	volatile uint8_t *p = (volatile uint8_t *)addr;
	uint64_t r = REG0;

	switch (op) {
	case W8:
		__asm__ volatile("movb %b1, (%0)" : : "r"(p), "q"(0xa1) : "memory");
		break;
	case W16:
		__asm__ volatile("movw %w1, (%0)" : : "r"(p), "r"(0xb2c3) : "memory");
		break;
	case W32:
		__asm__ volatile("movl %k1, (%0)" : : "r"(p), "r"(0xd4e5f607) : "memory");
		break;
	case W64:
		__asm__ volatile("movq %1, (%0)" : : "r"(p),
				 "r"(0x0123456789abcdefULL) : "memory");
		break;
	case W32_IMM:
		__asm__ volatile("movl $0x5a5aa5a5, (%0)" : : "r"(p) : "memory");
		break;
	case R8:
		__asm__ volatile("movb (%1), %b0" : "+q"(r) : "r"(p) : "memory");
		break;
	case R16:
		__asm__ volatile("movw (%1), %w0" : "+r"(r) : "r"(p) : "memory");
		break;
	case R32:
		__asm__ volatile("movl (%1), %k0" : "+r"(r) : "r"(p) : "memory");
		break;
	case R64:
		__asm__ volatile("movq (%1), %0" : "+r"(r) : "r"(p) : "memory");
		break;
	case RZX8:
		__asm__ volatile("movzbq (%1), %0" : "+r"(r) : "r"(p) : "memory");
		break;
	case RSX16:
		__asm__ volatile("movswq (%1), %0" : "+r"(r) : "r"(p) : "memory");
		break;
	}
	GUEST_SYNC(r);
	GUEST_DONE();
}

static void run_write(struct __test_metadata *_metadata, enum mmio_op op,
		      unsigned int len, uint64_t expect)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_mmio);
	uint64_t data = 0;

	test_vcpu_args_set(vcpu, 2, (uint64_t)op, MMIO_GPA);
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, MMIO_GPA, len, true);
	memcpy(&data, vcpu->nv.run->mmio.data, len);
	ASSERT_EQ(expect, data);
	test_vcpu_run_sync(vcpu, REG0);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static void run_read(struct __test_metadata *_metadata, enum mmio_op op,
		     unsigned int len, uint64_t value, uint64_t expect_reg)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_mmio);

	test_vcpu_args_set(vcpu, 2, (uint64_t)op, MMIO_GPA);
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, MMIO_GPA, len, false);
	memcpy(vcpu->nv.run->mmio.data, &value, len);
	test_vcpu_run_sync(vcpu, expect_reg);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(write8_exits_with_byte)
{
	run_write(_metadata, W8, 1, 0xa1);
}

TEST(write16_exits_with_word)
{
	run_write(_metadata, W16, 2, 0xb2c3);
}

TEST(write32_exits_with_dword)
{
	run_write(_metadata, W32, 4, 0xd4e5f607);
}

TEST(write64_exits_with_qword)
{
	run_write(_metadata, W64, 8, 0x0123456789abcdefULL);
}

TEST(write32_immediate_exits_with_dword)
{
	run_write(_metadata, W32_IMM, 4, 0x5a5aa5a5);
}

TEST(read8_keeps_rest_of_register)
{
	run_read(_metadata, R8, 1, 0x9c, 0x112233445566779cULL);
}

TEST(read16_keeps_rest_of_register)
{
	run_read(_metadata, R16, 2, 0x9c8d, 0x1122334455669c8dULL);
}

TEST(read32_zero_extends)
{
	run_read(_metadata, R32, 4, 0x9c8d7e6f, 0x9c8d7e6fULL);
}

TEST(read64_sets_register)
{
	run_read(_metadata, R64, 8, 0xfedcba9876543210ULL,
		 0xfedcba9876543210ULL);
}

TEST(movzx_byte_zero_extends)
{
	run_read(_metadata, RZX8, 1, 0xf0, 0xf0ULL);
}

TEST(movsx_word_sign_extends)
{
	run_read(_metadata, RSX16, 2, 0x8001, 0xffffffffffff8001ULL);
}

/* The exit comes after the slot's end too: one byte past it is MMIO. */
TEST(access_just_past_a_slot_is_mmio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_mmio);

	test_vcpu_args_set(vcpu, 2, (uint64_t)R8, NVMX_MEM_SLOT0_SIZE);
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, NVMX_MEM_SLOT0_SIZE, 1, false);
	vcpu->nv.run->mmio.data[0] = 0x42;
	test_vcpu_run_sync(vcpu, 0x1122334455667742ULL);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
