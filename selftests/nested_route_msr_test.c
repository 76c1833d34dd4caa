// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, MSRs: an L2 RDMSR/WRMSR exits to L1 exactly when L1 asks
 * for it (SDM Vol. 3C 26.1.3, 25.6.9): always without "use MSR bitmaps";
 * with it, iff the MSR's bit is set in the read or write bitmap (high
 * MSRs 0xc0000000-0xc0001fff: read bitmap at byte 1024, write at 3072).
 * Otherwise L0 executes it for L2 (RDMSR of IA32_FS_BASE reads L2's FS
 * base, 0 here) and L1 sees only the VMCALL that follows.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define FAKE		0x00007fff12345678ULL
#define BIT_OFF		(MSR_FS_BASE - 0xc0000000U)

struct cfg {
	bool write;		/* L2 does WRMSR, else RDMSR */
	uint32_t proc;
	bool read_bit, write_bit;
};

static struct vmx_l1 l1;
static struct cfg cfg;
static uint64_t l1_exits, l1_reason, l1_rcx, l2_value;

static void l2_guest(void)
{
	if (cfg.write)
		guest_wrmsr(MSR_FS_BASE, 0);
	else
		l2_value = guest_rdmsr(MSR_FS_BASE);
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	if (cfg.read_bit)
		l1.msr_bitmap[1024 + BIT_OFF / 8] |= 1U << (BIT_OFF % 8);
	if (cfg.write_bit)
		l1.msr_bitmap[3072 + BIT_OFF / 8] |= 1U << (BIT_OFF % 8);
	vmx_prepare_vmcs(&l1, l2_guest, cfg.proc, 0);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_MSR_READ || reason == EXIT_REASON_MSR_WRITE) {
		l1_exits++;
		l1_reason = reason;
		l1_rcx = l1.gprs.rcx;
		l1.gprs.rax = (uint32_t)FAKE;
		l1.gprs.rdx = FAKE >> 32;
		vmx_skip_insn();
		reason = vmx_run_l2_reason(&l1);
	}
	GUEST_ASSERT_EQ(reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

FIXTURE(route) {
	int unused;
};

FIXTURE_SETUP(route)
{
}

FIXTURE_TEARDOWN(route)
{
}

FIXTURE_VARIANT(route) {
	struct cfg cfg;
	uint64_t reason;	/* 0: no exit to L1 */
};

FIXTURE_VARIANT_ADD(route, rdmsr_without_bitmaps_exits) {
	.cfg = { .proc = 0 },
	.reason = EXIT_REASON_MSR_READ,
};

FIXTURE_VARIANT_ADD(route, rdmsr_read_bit_set_exits) {
	.cfg = { .proc = CPU_USE_MSR_BITMAPS, .read_bit = true },
	.reason = EXIT_REASON_MSR_READ,
};

FIXTURE_VARIANT_ADD(route, rdmsr_read_bit_clear_is_l0s) {
	.cfg = { .proc = CPU_USE_MSR_BITMAPS, .write_bit = true },
	.reason = 0,
};

FIXTURE_VARIANT_ADD(route, wrmsr_write_bit_set_exits) {
	.cfg = { .write = true, .proc = CPU_USE_MSR_BITMAPS,
		 .write_bit = true },
	.reason = EXIT_REASON_MSR_WRITE,
};

FIXTURE_VARIANT_ADD(route, wrmsr_write_bit_clear_is_l0s) {
	.cfg = { .write = true, .proc = CPU_USE_MSR_BITMAPS,
		 .read_bit = true },
	.reason = 0,
};

TEST_F(route, msr)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	test_vcpu_run_done(vcpu);
	if (variant->reason) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_exits));
		EXPECT_EQ(variant->reason, test_guest_global(vm, l1_reason));
		EXPECT_EQ((uint64_t)MSR_FS_BASE,
			  test_guest_global(vm, l1_rcx) & 0xffffffff);
		if (!variant->cfg.write)
			EXPECT_EQ(FAKE, test_guest_global(vm, l2_value));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_exits));
		if (!variant->cfg.write)
			EXPECT_EQ(0ULL, test_guest_global(vm, l2_value));
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
