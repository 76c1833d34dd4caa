// SPDX-License-Identifier: GPL-2.0
/*
 * L2 cannot reach host memory outside L1's memory slots.  The host backs
 * slot 1 (2 MiB at GPA 1 GiB) with the middle of a mapping whose first
 * and last pages are canaries, filled with a pattern.  L1 gives L2 an EPT
 * (identity over 4 GiB) with three 2 MiB pages changed:
 *	L2 GPA 3 GiB          -> L1 GPA 1 GiB + 2 MiB, just past slot 1
 *	L2 GPA 3 GiB + 2 MiB  -> the top 2 MiB below MAXPHYADDR
 *	L2 GPA 3 GiB + 4 MiB  -> L1 GPA 1 GiB, slot 1 itself
 * L2 writes the last quadword of slot 1 (through the third page), then
 * reads and writes just past the slot, then reads near MAXPHYADDR.  The
 * in-slot write must land in slot 1's memory; every other access must be
 * an MMIO exit to userspace at the L1 GPA (no memory slot there: the
 * host completes the read with its own value), never a host page.  The
 * canaries stay untouched.
 */
#include <sys/mman.h>

#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define SLOT1		1
#define SLOT1_GPA	(1ULL << 30)
#define SLOT1_SIZE	(2ULL << 20)
#define PAST_GPA	(SLOT1_GPA + SLOT1_SIZE)
#define L2_PAST		(3ULL << 30)
#define L2_TOP		(L2_PAST + (2ULL << 20))
#define L2_SLOT		(L2_PAST + (4ULL << 20))
#define CANARY		0xa5
#define IN_SLOT_VALUE	0x1111222233334444ULL
#define PAST_WRITE	0x5555666677778888ULL
#define MMIO_VALUE1	0x0123456789abcdefULL
#define MMIO_VALUE2	0x0fedcba987654321ULL
#define PAGE		4096UL

static struct vmx_l1 l1;
static uint64_t top_gpa;		/* set by the host */
static uint64_t l2_read_past, l2_read_top;

#define EPT_2M(pa)	((pa) | (1ULL << 7) | (6ULL << 3) | 7)

static void l2_guest(void)
{
	*(volatile uint64_t *)(L2_SLOT + SLOT1_SIZE - 8) = IN_SLOT_VALUE;
	l2_read_past = *(volatile uint64_t *)L2_PAST;
	*(volatile uint64_t *)L2_PAST = PAST_WRITE;
	l2_read_top = *(volatile uint64_t *)L2_TOP;
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint64_t eptp;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, CPU2_ENABLE_EPT);
	eptp = vmx_build_identity_ept(&l1);
	l1.ept_pd[3][0] = EPT_2M(PAST_GPA);
	l1.ept_pd[3][1] = EPT_2M(top_gpa);
	l1.ept_pd[3][2] = EPT_2M(SLOT1_GPA);
	vmwritez(EPT_POINTER, eptp);
	GUEST_ASSERT_EQ(vmx_run_l2_reason(&l1), EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static unsigned int maxphyaddr(struct test_vm *vm)
{
	uint32_t i;

	for (i = 0; i < vm->cpuid->nent; i++)
		if (vm->cpuid->entries[i].function == 0x80000008)
			return vm->cpuid->entries[i].eax & 0xff;
	return 36;	/* SDM Vol. 3A 4.1.4: without the leaf */
}

static bool all_canary(const uint8_t *p)
{
	unsigned long i;

	for (i = 0; i < PAGE; i++)
		if (p[i] != CANARY)
			return false;
	return true;
}

/* Run until L2's MMIO read of @gpa, and answer it with @value. */
static void mmio_read(struct test_vcpu *vcpu, uint64_t gpa, uint64_t value)
{
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, gpa, 8, false);
	memcpy(vcpu->nv.run->mmio.data, &value, 8);
}

TEST(l2_cannot_reach_past_l1_slots)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint8_t *map, *slot;
	uint64_t v;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	map = mmap(NULL, SLOT1_SIZE + 2 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	memset(map, CANARY, SLOT1_SIZE + 2 * PAGE);
	slot = map + PAGE;
	memset(slot, 0, SLOT1_SIZE);
	ASSERT_EQ(0, __test_vm_set_region(vm, SLOT1, 0, SLOT1_GPA, SLOT1_SIZE,
					  slot));
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	top_gpa = (1ULL << maxphyaddr(vm)) - (2ULL << 20);
	test_sync_global_to_guest(vm, top_gpa);

	mmio_read(vcpu, PAST_GPA, MMIO_VALUE1);
	test_vcpu_run(vcpu);
	test_vcpu_assert_mmio(vcpu, PAST_GPA, 8, true);
	memcpy(&v, vcpu->nv.run->mmio.data, 8);
	EXPECT_EQ(PAST_WRITE, v);
	mmio_read(vcpu, top_gpa, MMIO_VALUE2);
	test_vcpu_run_done(vcpu);

	EXPECT_EQ(MMIO_VALUE1, test_guest_global(vm, l2_read_past));
	EXPECT_EQ(MMIO_VALUE2, test_guest_global(vm, l2_read_top));
	memcpy(&v, slot + SLOT1_SIZE - 8, 8);
	EXPECT_EQ(IN_SLOT_VALUE, v);
	EXPECT_TRUE(all_canary(map));
	EXPECT_TRUE(all_canary(slot + SLOT1_SIZE));
	test_vm_free(vm);
	munmap(map, SLOT1_SIZE + 2 * PAGE);
}

TEST_HARNESS_MAIN
