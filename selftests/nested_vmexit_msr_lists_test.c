// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX MSR lists of L1's VMCS, emulated by L0:
 * - the VM-entry MSR-load list loads L2's MSRs (SDM Vol. 3C 27.4), the
 *   VM-exit MSR-store list stores them at the exit (28.4) and the VM-exit
 *   MSR-load list gives L1 its own back (28.6);
 * - an entry that fails its checks (IA32_FS_BASE, bits 63:32 set) is a
 *   VM-entry failure: L1 gets exit reason 34 with bit 31, the entry's
 *   number as qualification, its host state, L2 never runs, the guest
 *   state of vmcs12 is unchanged, the entries before it stay loaded
 *   (27.4, 27.8); on nvmx it counts as an entry failure, not as an entry
 *   or an L2 exit.
 * IA32_KERNEL_GS_BASE is the MSR that moves: any value goes, and neither
 * L1 nor L2 uses it.  Proven on kvm_intel nested=1 (NVMX_DEV=/dev/kvm)
 * and on nvmx.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

/* SDM Vol. 3D appendix B: 64-bit control fields of the MSR areas. */
#define F_VM_EXIT_MSR_STORE_ADDR	0x00002006
#define F_VM_EXIT_MSR_LOAD_ADDR		0x00002008
#define F_VM_ENTRY_MSR_LOAD_ADDR	0x0000200a

#define MSR_KERNEL_GS_BASE	0xc0000102

/* SDM Vol. 3C 25.7.2, 25.8.2: one 16-byte entry of an MSR area. */
struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
} __attribute__((aligned(16)));

#define L1_GS	0x1111000ULL
#define L2_GS	0x2222000ULL
#define BACK_GS	0x3333000ULL

static struct vmx_l1 l1;
static struct msr_entry entry_load[2], exit_store[1], exit_load[1];
static volatile int l2_ran;

static void l2_guest(void)
{
	l2_ran = 1;
	l2_vmcall(0);
}

static void set_list(uint64_t addr_field, uint64_t count_field,
		     struct msr_entry *e, uint64_t count)
{
	vmwritez(addr_field, (uint64_t)(uintptr_t)e);
	vmwritez(count_field, count);
}

static void l1_store_and_load(void)
{
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	guest_wrmsr(MSR_KERNEL_GS_BASE, L1_GS);
	entry_load[0] = (struct msr_entry){ MSR_KERNEL_GS_BASE, 0, L2_GS };
	exit_store[0] = (struct msr_entry){ MSR_KERNEL_GS_BASE, 0, 0 };
	exit_load[0] = (struct msr_entry){ MSR_KERNEL_GS_BASE, 0, BACK_GS };
	set_list(F_VM_ENTRY_MSR_LOAD_ADDR, VM_ENTRY_MSR_LOAD_COUNT, entry_load, 1);
	set_list(F_VM_EXIT_MSR_STORE_ADDR, VM_EXIT_MSR_STORE_COUNT, exit_store, 1);
	set_list(F_VM_EXIT_MSR_LOAD_ADDR, VM_EXIT_MSR_LOAD_COUNT, exit_load, 1);

	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_VMCALL);
	GUEST_ASSERT_EQ(l2_ran, 1);
	GUEST_ASSERT_EQ(exit_store[0].value, L2_GS);
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_KERNEL_GS_BASE), BACK_GS);
	GUEST_DONE();
}

/*
 * L1 for the failure tests: entry 2 of the VM-entry list is bad.  With
 * @earlier, L1 checks that entry 1 stayed loaded (the list is processed
 * in order, 27.4, and 27.8 undoes nothing); otherwise all the rest.
 */
static void l1_entry_fails(struct msr_entry bad, bool earlier)
{
	uint64_t rip;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	guest_wrmsr(MSR_KERNEL_GS_BASE, L1_GS);
	entry_load[0] = (struct msr_entry){ MSR_KERNEL_GS_BASE, 0, L2_GS };
	entry_load[1] = bad;
	set_list(F_VM_ENTRY_MSR_LOAD_ADDR, VM_ENTRY_MSR_LOAD_COUNT, entry_load, 2);
	rip = vmreadz(GUEST_RIP);

	GUEST_SYNC(1);
	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	GUEST_SYNC(2);
	GUEST_ASSERT_EQ(vmreadz(VM_EXIT_REASON),
			VMX_EXIT_REASONS_FAILED_VMENTRY |
			EXIT_REASON_MSR_LOAD_FAIL);
	GUEST_ASSERT_EQ(vmreadz(EXIT_QUALIFICATION), 2);
	if (earlier) {
		GUEST_ASSERT_EQ(guest_rdmsr(MSR_KERNEL_GS_BASE), L2_GS);
	} else {
		GUEST_ASSERT_EQ(l2_ran, 0);
		/* 27.8: "The guest-state area is not modified." */
		GUEST_ASSERT_EQ(vmreadz(GUEST_RIP), rip);
	}
	GUEST_DONE();
}

static void l1_fs_base_fails(void)
{
	l1_entry_fails((struct msr_entry){ MSR_FS_BASE, 0, 0 }, false);
}

static void l1_reserved_bits_fail(void)
{
	l1_entry_fails((struct msr_entry){ MSR_KERNEL_GS_BASE, 1, 0 }, false);
}

static void l1_earlier_entries_stay(void)
{
	l1_entry_fails((struct msr_entry){ MSR_FS_BASE, 0, 0 }, true);
}

TEST(exit_msr_store_and_load_lists)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_store_and_load);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static void run_entry_failure(struct __test_metadata *_metadata,
			      void (*guest)(void))
{
	struct nvmx_nested_counts n0, n1;
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t l2_l1 = 0;
	int i;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, guest);
	test_vcpu_run_sync(vcpu, 1);
	if (vm->is_nvmx)
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, &n0));
	test_vcpu_run_sync(vcpu, 2);
	if (vm->is_nvmx)
		ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, &n1));
	test_vcpu_run_done(vcpu);
	if (vm->is_nvmx) {
		for (i = 0; i < NVMX_EXIT_REASONS; i++)
			l2_l1 += n1.l2_l1[i] - n0.l2_l1[i];
		EXPECT_EQ(1ULL, n1.entry_failures - n0.entry_failures);
		EXPECT_EQ(0ULL, n1.entries - n0.entries);
		EXPECT_EQ(0ULL, l2_l1);
	}
	test_vm_free(vm);
}

TEST(entry_msr_load_of_fs_base_fails_with_34)
{
	run_entry_failure(_metadata, l1_fs_base_fails);
}

TEST(entry_msr_load_reserved_bits_fail_with_34)
{
	run_entry_failure(_metadata, l1_reserved_bits_fail);
}

TEST(entry_msr_load_failure_keeps_earlier_entries)
{
	run_entry_failure(_metadata, l1_earlier_entries_stay);
}

TEST_HARNESS_MAIN
