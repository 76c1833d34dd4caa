// SPDX-License-Identifier: GPL-2.0
/*
 * Long mode guests: the guest runs the test binary's own C code on
 * identity-mapped 4-level page tables and reports through ucalls.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

static void guest_sync_args(uint64_t a, uint64_t b)
{
	GUEST_SYNC(a);
	GUEST_SYNC(b);
	GUEST_SYNC(a + b);
	GUEST_DONE();
}

TEST(c_guest_gets_args_and_syncs)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_sync_args);

	test_vcpu_args_set(vcpu, 2, 0x1111222233334444ULL, 0x5ULL);
	test_vcpu_run_sync(vcpu, 0x1111222233334444ULL);
	test_vcpu_run_sync(vcpu, 5);
	test_vcpu_run_sync(vcpu, 0x1111222233334449ULL);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static void guest_read_cr(void)
{
	uint64_t cr0, cr3, cr4;

	__asm__ volatile("mov %%cr0, %0\n mov %%cr3, %1\n mov %%cr4, %2"
			 : "=r"(cr0), "=r"(cr3), "=r"(cr4));
	GUEST_SYNC(cr0);
	GUEST_SYNC(cr3);
	GUEST_SYNC(cr4);
	GUEST_DONE();
}

/* The guest sees the paging mode the builder set (SDM Vol. 3A 4.1). */
TEST(paging_registers_as_set)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_read_cr);
	struct kvm_sregs sr;

	test_vcpu_get_sregs(vcpu, &sr);
	ASSERT_EQ(0x500ULL, sr.efer & 0x500);	/* LME | LMA */
	ASSERT_EQ(1, sr.cs.l);
	test_vcpu_run_sync(vcpu, sr.cr0);
	test_vcpu_run_sync(vcpu, NVMX_PML4_GPA);
	test_vcpu_run_sync(vcpu, sr.cr4);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static volatile uint64_t ud_seen;

static void ud_handler(struct nvmx_ex_regs *regs)
{
	ud_seen = regs->vector;
	regs->rip += 2;			/* skip the ud2 */
}

static void guest_ud2(void)
{
	__asm__ volatile("ud2" : : : "memory");
	GUEST_ASSERT_EQ(ud_seen, 6);
	GUEST_DONE();
}

/* #UD goes through the guest IDT to the handler, IRETQ resumes after it. */
TEST(exception_reaches_guest_handler)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_ud2);

	test_vm_install_exception_handler(vm, 6, ud_handler);
	test_vcpu_run_done(vcpu);
	ASSERT_EQ(6ULL, test_guest_global(vm, ud_seen));
	test_vm_free(vm);
}

static void guest_write_mem(uint64_t *p, uint64_t v)
{
	p[0] = v;
	p[1] = ~v;
	GUEST_DONE();
}

/* Guest stores through the identity map land in the slot's memory. */
TEST(guest_stores_reach_host_memory)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_write_mem);
	uint64_t *p = test_gpa2hva(vm, 0xc00000);

	test_vcpu_args_set(vcpu, 2, 0xc00000ULL, 0x0123456789abcdefULL);
	test_vcpu_run_done(vcpu);
	ASSERT_EQ(0x0123456789abcdefULL, p[0]);
	ASSERT_EQ(~0x0123456789abcdefULL, p[1]);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
