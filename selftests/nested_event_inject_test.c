// SPDX-License-Identifier: GPL-2.0
/*
 * Event injection from L1 into L2 (SDM Vol. 3C 27.6): an event L1 puts in
 * the VM-entry interruption-information field is delivered through L2's
 * IDT at the entry, with its error code when "deliver error code" is set;
 * a software interrupt pushes GUEST_RIP + the VM-entry instruction
 * length as its return address.  L2 VMCALLs (with IF = 1, after STI and
 * NOP so no STI blocking is left), L1 injects the event and resumes L2;
 * L2's handler records what it got.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define EXT_VECTOR	0x30
#define SOFT_VECTOR	0x31
#define GP_CODE		0x1230

struct cfg {
	uint32_t info;		/* VM-entry interruption information */
	uint32_t error_code;
	bool soft;		/* type 4: RIP stays at the VMCALL, len 3 */
};

static struct vmx_l1 l1;
static struct cfg cfg;
static uint64_t l2_events, l2_vector, l2_error_code, l2_after_rip;
extern const char l2_after_vmcall[];

static void l2_handler(struct nvmx_ex_regs *regs)
{
	l2_events++;
	l2_vector = regs->vector;
	l2_error_code = regs->error_code;
	l2_after_rip = regs->rip;
}

static void l2_guest(void)
{
	__asm__ volatile("sti\n\tnop\n\t"
			 "vmcall\n"
			 ".globl l2_after_vmcall\n"
			 "l2_after_vmcall:\n\t"
			 "cli"
			 : : "a"(0) : "rbx", "rcx", "rdx", "memory");
	l2_vmcall(1);
}

static void l1_guest(void)
{
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	GUEST_ASSERT_EQ(vmx_run_l2_reason(&l1), EXIT_REASON_VMCALL);
	GUEST_ASSERT_EQ(l1.gprs.rax, 0);
	GUEST_ASSERT(vmreadz(GUEST_RFLAGS) & (1U << 9));	/* IF */
	if (cfg.soft)
		vmwritez(VM_ENTRY_INSTRUCTION_LEN, 3);
	else
		vmx_skip_insn();
	vmwritez(VM_ENTRY_EXCEPTION_ERROR_CODE, cfg.error_code);
	vmwritez(VM_ENTRY_INTR_INFO_FIELD, cfg.info);
	GUEST_ASSERT_EQ(vmx_run_l2_reason(&l1), EXIT_REASON_VMCALL);
	GUEST_ASSERT_EQ(l1.gprs.rax, 1);
	/* SDM Vol. 3C 28.2: the valid bit is cleared on every VM exit. */
	GUEST_ASSERT_EQ(vmreadz(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID, 0);
	GUEST_DONE();
}

FIXTURE(inject) {
	int unused;
};

FIXTURE_SETUP(inject)
{
}

FIXTURE_TEARDOWN(inject)
{
}

FIXTURE_VARIANT(inject) {
	struct cfg cfg;
	uint64_t vector, error_code;
};

FIXTURE_VARIANT_ADD(inject, external_interrupt) {
	.cfg = { .info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | EXT_VECTOR },
	.vector = EXT_VECTOR,
};

FIXTURE_VARIANT_ADD(inject, gp_with_error_code) {
	.cfg = { .info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
			 INTR_INFO_DELIVER_CODE | GP_VECTOR,
		 .error_code = GP_CODE },
	.vector = GP_VECTOR, .error_code = GP_CODE,
};

FIXTURE_VARIANT_ADD(inject, software_interrupt) {
	.cfg = { .info = INTR_INFO_VALID | INTR_TYPE_SOFT_INTR | SOFT_VECTOR,
		 .soft = true },
	.vector = SOFT_VECTOR,
};

TEST_F(inject, delivered_through_l2_idt)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	test_vm_install_exception_handler(vm, variant->vector, l2_handler);
	cfg = variant->cfg;
	test_sync_global_to_guest(vm, cfg);
	test_vcpu_run_done(vcpu);
	EXPECT_EQ(1ULL, test_guest_global(vm, l2_events));
	EXPECT_EQ(variant->vector, test_guest_global(vm, l2_vector));
	EXPECT_EQ(variant->error_code, test_guest_global(vm, l2_error_code));
	/* Every case returns to the instruction after the VMCALL. */
	EXPECT_EQ((uint64_t)(uintptr_t)l2_after_vmcall,
		  test_guest_global(vm, l2_after_rip));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
