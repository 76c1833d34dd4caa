// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_SET_USER_MEMORY_REGION errnos, as KVM gives them: overlapping
 * slots EEXIST; unaligned GPA, size or host address EINVAL; unknown
 * flags EINVAL; a slot id at or above KVM_CAP_NR_MEMSLOTS EINVAL; a
 * region that wraps EINVAL; a kernel host address EINVAL; changing a
 * slot's size or read-only flag in place EINVAL.  A failed call changes
 * nothing: the slot added before still works.
 */
#include <sys/mman.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define GPA	0x1000000ULL
#define SIZE	0x200000ULL

struct region {
	struct test_vm *vm;
	void *mem;
};

static void *anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	NVMX_CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	return p;
}

static int set(struct test_vm *vm, uint32_t slot, uint32_t flags,
	       uint64_t gpa, uint64_t size, void *hva)
{
	return __test_vm_set_region(vm, slot, flags, gpa, size, hva);
}

TEST(overlapping_slot_is_eexist)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(2 * SIZE);

	ASSERT_EQ(0, set(vm, 1, 0, GPA, SIZE, mem));
	/* Same range, other id; partial overlaps at either end; inside. */
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA, SIZE, mem + SIZE));
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA - 0x1000, 0x2000, mem + SIZE));
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA + SIZE - 0x1000, 0x2000,
			       mem + SIZE));
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA + 0x1000, 0x1000, mem + SIZE));
	/* Adjacent is fine. */
	ASSERT_EQ(0, set(vm, 2, 0, GPA + SIZE, SIZE, mem + SIZE));
	test_vm_free(vm);
}

TEST(moving_onto_another_slot_is_eexist)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(2 * SIZE);

	ASSERT_EQ(0, set(vm, 1, 0, GPA, SIZE, mem));
	ASSERT_EQ(0, set(vm, 2, 0, GPA + SIZE, SIZE, mem + SIZE));
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA + 0x1000, SIZE, mem + SIZE));
	test_vm_free(vm);
}

TEST(unaligned_gpa_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(SIZE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA + 0x800, SIZE, mem));
	test_vm_free(vm);
}

TEST(unaligned_size_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(SIZE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA, SIZE - 0x800, mem));
	test_vm_free(vm);
}

TEST(unaligned_host_address_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(2 * SIZE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA, SIZE, mem + 0x800));
	test_vm_free(vm);
}

TEST(unknown_flag_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(SIZE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 1U << 7, GPA, SIZE, mem));
	ASSERT_EQ(-EINVAL, set(vm, 1, 1U << 31, GPA, SIZE, mem));
	test_vm_free(vm);
}

TEST(slot_id_at_nr_memslots_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	int nr = ioctl(vm->nv.fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_MEMSLOTS);
	char *mem = anon(SIZE);

	/* api.rst, KVM_CAP_NR_MEMSLOTS: a KVM without it has 32 slots. */
	if (nr <= 0)
		nr = 32;
	ASSERT_EQ(-EINVAL, set(vm, (uint32_t)nr, 0, GPA, SIZE, mem));
	ASSERT_EQ(0, set(vm, (uint32_t)nr - 1, 0, GPA, SIZE, mem));
	test_vm_free(vm);
}

TEST(region_that_wraps_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(SIZE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 0, ~0ULL & ~0xfffULL, SIZE, mem));
	test_vm_free(vm);
}

TEST(kernel_host_address_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);

	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA, SIZE,
			       (void *)0xffff888000000000ULL));
	test_vm_free(vm);
}

TEST(resizing_a_slot_in_place_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(2 * SIZE);

	ASSERT_EQ(0, set(vm, 1, 0, GPA, SIZE, mem));
	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA, 2 * SIZE, mem));
	test_vm_free(vm);
}

TEST(toggling_readonly_in_place_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	char *mem = anon(SIZE);

	ASSERT_EQ(0, set(vm, 1, 0, GPA, SIZE, mem));
	ASSERT_EQ(-EINVAL, set(vm, 1, KVM_MEM_READONLY, GPA, SIZE, mem));
	test_vm_free(vm);
}

/* After all those failures the first slot is still the guest's memory. */
NVMX_ASM_GUEST(rd_slot, ".code32",
	"mov 0x1000000, %eax\n"
	"hlt\n");

TEST(failed_calls_leave_slot_working)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	uint32_t *mem = anon(SIZE);
	struct test_vcpu *vcpu;
	struct kvm_regs regs;

	mem[0] = 0x5107f00d;
	ASSERT_EQ(0, set(vm, 1, 0, GPA, SIZE, mem));
	ASSERT_EQ(-EEXIST, set(vm, 2, 0, GPA, SIZE, mem));
	ASSERT_EQ(-EINVAL, set(vm, 1, 0, GPA, 2 * SIZE, mem));
	test_vm_load_asm(vm, NVMX_CODE_GPA, rd_slot);
	vcpu = test_vcpu_add(vm, 0, NVMX_CODE_GPA);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0x5107f00dULL, regs.rax);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
