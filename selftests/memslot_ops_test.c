// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slots seen from the guest: an added slot's memory is the
 * guest's RAM at its GPA (both ways); a moved slot is at the new GPA and
 * the old one is MMIO; a deleted slot's GPA is MMIO; a KVM_MEM_READONLY
 * slot reads as its memory and a write to it exits with KVM_EXIT_MMIO
 * (the memory stays unchanged).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define SLOT		1
#define SLOT_GPA	0x1000000ULL	/* 16 MiB, right after slot 0 */
#define SLOT_NEW_GPA	0x2000000ULL
#define SLOT_SIZE	0x200000ULL
#define OFF		0x1238ULL

enum { OP_READ, OP_WRITE };

/* Read (sync the value) or write @val at @addr, then sync 0x600d. */
static void guest_access(uint64_t op, uint64_t addr, uint64_t val)
{
	uint64_t r = 0;

	if (op == OP_READ) {
		__asm__ volatile("movq (%1), %0" : "=r"(r) : "r"(addr) : "memory");
		GUEST_SYNC(r);
	} else {
		__asm__ volatile("movq %1, (%0)" : : "r"(addr), "r"(val) : "memory");
	}
	GUEST_SYNC(0x600d);
	GUEST_DONE();
}

static struct test_vcpu *access_vcpu(struct test_vm *vm, uint32_t id,
				     uint64_t op, uint64_t addr, uint64_t val)
{
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, id, guest_access);

	test_vcpu_args_set(vcpu, 3, op, addr, val);
	return vcpu;
}

/* A read of @gpa exits as MMIO; feed it @val and check it arrives. */
static void expect_mmio_read(struct test_vcpu *vcpu, uint64_t gpa)
{
	uint64_t v = 0x0ddba11cafe0ULL;

	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, gpa, 8, false);
	memcpy(vcpu->nv.run->mmio.data, &v, 8);
	test_vcpu_run_sync(vcpu, v);
	test_vcpu_run_sync(vcpu, 0x600d);
}

TEST(added_slot_reads_its_memory)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	struct test_vcpu *vcpu;

	mem[OFF / 8] = 0x1122aabbccddeeffULL;
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x1122aabbccddeeffULL);
	test_vcpu_run_sync(vcpu, 0x600d);
	test_vm_free(vm);
}

TEST(added_slot_takes_guest_writes)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	struct test_vcpu *vcpu;

	vcpu = access_vcpu(vm, 0, OP_WRITE, SLOT_GPA + OFF, 0x5566778899ULL);
	test_vcpu_run_sync(vcpu, 0x600d);
	ASSERT_EQ(0x5566778899ULL, mem[OFF / 8]);
	test_vm_free(vm);
}

TEST(moved_slot_is_at_new_gpa)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	struct test_vcpu *vcpu;

	mem[OFF / 8] = 0x7777;
	/* Map it first through a guest access, then move it. */
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x7777);
	test_vm_move_slot(vm, SLOT, SLOT_NEW_GPA);
	mem[OFF / 8] = 0x8888;
	vcpu = access_vcpu(vm, 1, OP_READ, SLOT_NEW_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x8888);
	test_vcpu_run_sync(vcpu, 0x600d);
	test_vm_free(vm);
}

TEST(moved_slot_old_gpa_is_mmio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	struct test_vcpu *vcpu;

	mem[OFF / 8] = 0x7777;
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x7777);
	test_vm_move_slot(vm, SLOT, SLOT_NEW_GPA);
	vcpu = access_vcpu(vm, 1, OP_READ, SLOT_GPA + OFF, 0);
	expect_mmio_read(vcpu, SLOT_GPA + OFF);
	test_vm_free(vm);
}

TEST(deleted_slot_gpa_is_mmio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	struct test_vcpu *vcpu;

	mem[OFF / 8] = 0x7777;
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x7777);
	test_vm_delete_slot(vm, SLOT);
	vcpu = access_vcpu(vm, 1, OP_READ, SLOT_GPA + OFF, 0);
	expect_mmio_read(vcpu, SLOT_GPA + OFF);
	test_vm_free(vm);
}

/* A slot id can be reused at another GPA once deleted. */
TEST(deleted_slot_id_can_be_added_again)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem;
	struct test_vcpu *vcpu;

	test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE, 0);
	test_vm_delete_slot(vm, SLOT);
	mem = test_vm_add_slot(vm, SLOT, SLOT_NEW_GPA, SLOT_SIZE, 0);
	mem[OFF / 8] = 0x9999;
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_NEW_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0x9999);
	test_vm_free(vm);
}

/* What a KVM client checks before it uses read-only slots. */
TEST(readonly_mem_capability_is_reported)
{
	ASSERT_EQ(1, nvmx_dev_check_extension(KVM_CAP_READONLY_MEM));
}

TEST(readonly_slot_reads_its_memory)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE,
					 KVM_MEM_READONLY);
	struct test_vcpu *vcpu;

	mem[OFF / 8] = 0xabcdef;
	vcpu = access_vcpu(vm, 0, OP_READ, SLOT_GPA + OFF, 0);
	test_vcpu_run_sync(vcpu, 0xabcdef);
	test_vcpu_run_sync(vcpu, 0x600d);
	test_vm_free(vm);
}

TEST(readonly_slot_write_exits_mmio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	uint64_t *mem = test_vm_add_slot(vm, SLOT, SLOT_GPA, SLOT_SIZE,
					 KVM_MEM_READONLY);
	struct test_vcpu *vcpu;
	uint64_t data;

	mem[OFF / 8] = 0xabcdef;
	vcpu = access_vcpu(vm, 0, OP_WRITE, SLOT_GPA + OFF, 0x3141592653ULL);
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, SLOT_GPA + OFF, 8, true);
	memcpy(&data, vcpu->nv.run->mmio.data, 8);
	ASSERT_EQ(0x3141592653ULL, data);
	test_vcpu_run_sync(vcpu, 0x600d);
	ASSERT_EQ(0xabcdefULL, mem[OFF / 8]);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
