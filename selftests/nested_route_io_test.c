// SPDX-License-Identifier: GPL-2.0
/*
 * Exit routing, port I/O: an L2 OUT exits to L1 exactly when L1 asks for
 * it (SDM Vol. 3C 26.1.3): with "use I/O bitmaps" set, iff the port's bit
 * is set (unconditional I/O exiting is then ignored); with it clear, iff
 * "unconditional I/O exiting" is set.  Otherwise L0 handles the OUT: it
 * reaches userspace as KVM_EXIT_IO from L2, and L1 sees only the VMCALL
 * that follows.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define PORT	0x80
#define VALUE	0x5a

struct cfg {
	uint32_t proc;
	bool port_bit;
};

static struct vmx_l1 l1;
static struct cfg cfg;
static uint64_t l1_io_exits, l1_io_qual, l1_io_rax;

static void l2_guest(void)
{
	guest_outb(PORT, VALUE);
	l2_vmcall(0);
}

static void l1_guest(void)
{
	uint32_t reason;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	if (cfg.port_bit)
		l1.io_bitmap_a[PORT / 8] |= 1U << (PORT % 8);
	vmx_prepare_vmcs(&l1, l2_guest, cfg.proc, 0);
	reason = vmx_run_l2_reason(&l1);
	if (reason == EXIT_REASON_IO_INSTRUCTION) {
		l1_io_exits++;
		l1_io_qual = vmreadz(EXIT_QUALIFICATION);
		l1_io_rax = l1.gprs.rax & 0xff;
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
	bool exits;
};

FIXTURE_VARIANT_ADD(route, unconditional_exits) {
	.cfg = { .proc = CPU_UNCOND_IO_EXITING },
	.exits = true,
};

FIXTURE_VARIANT_ADD(route, bitmap_bit_set_exits) {
	.cfg = { .proc = CPU_USE_IO_BITMAPS, .port_bit = true },
	.exits = true,
};

FIXTURE_VARIANT_ADD(route, bitmap_bit_clear_is_l0s) {
	.cfg = { .proc = CPU_USE_IO_BITMAPS },
	.exits = false,
};

FIXTURE_VARIANT_ADD(route, bitmap_overrides_unconditional) {
	.cfg = { .proc = CPU_USE_IO_BITMAPS | CPU_UNCOND_IO_EXITING },
	.exits = false,
};

FIXTURE_VARIANT_ADD(route, neither_is_l0s) {
	.cfg = { .proc = 0 },
	.exits = false,
};

TEST_F(route, out)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	if (!variant->exits) {
		test_vcpu_run(vcpu);
		test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
		EXPECT_EQ(VALUE, *(uint8_t *)test_io_data(vcpu));
	}
	test_vcpu_run_done(vcpu);
	if (variant->exits) {
		EXPECT_EQ(1ULL, test_guest_global(vm, l1_io_exits));
		/*
		 * SDM Vol. 3C 28.2.1 table 28-5: size 1 (0), OUT (bit 3
		 * clear), not string, no REP, immediate operand (bit 6),
		 * port in bits 31:16.
		 */
		EXPECT_EQ(((uint64_t)PORT << 16) | (1ULL << 6),
			  test_guest_global(vm, l1_io_qual));
		EXPECT_EQ((uint64_t)VALUE, test_guest_global(vm, l1_io_rax));
	} else {
		EXPECT_EQ(0ULL, test_guest_global(vm, l1_io_exits));
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
