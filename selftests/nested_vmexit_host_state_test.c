// SPDX-License-Identifier: GPL-2.0
/*
 * A VM exit from L2 loads L1's state from the host-state area of its
 * VMCS (SDM Vol. 3C 28.5): the SYSENTER MSRs come from their host fields
 * and DR7 becomes 0x400 (28.5.1); the GDTR and IDTR limits become 0xffff
 * and LDTR is null (28.5.2).  L1 first gives its own registers other
 * values, so each load is visible.  Proven on kvm_intel nested=1
 * (NVMX_DEV=/dev/kvm) and on nvmx.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define MSR_IA32_SYSENTER_CS	0x00000174
#define MSR_IA32_SYSENTER_ESP	0x00000175
#define MSR_IA32_SYSENTER_EIP	0x00000176

#define HOST_SYSENTER_CS	0x10ULL
#define HOST_SYSENTER_ESP	0xffff800012345000ULL
#define HOST_SYSENTER_EIP	0x00007ffff0001000ULL
/* DR7 with GE and LE (bits 9, 8) set: no breakpoint enabled. */
#define L1_DR7			0x700ULL

struct dt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static struct vmx_l1 l1;

static void l2_guest(void)
{
	l2_vmcall(0);
}

static uint64_t read_dr7(void)
{
	uint64_t v;

	__asm__ volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static void write_dr7(uint64_t v)
{
	__asm__ volatile("mov %0, %%dr7" : : "r"(v));
}

static void l1_guest(void)
{
	struct dt_ptr gdt, idt;
	uint16_t ldt = 0xffff;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	vmwritez(HOST_IA32_SYSENTER_CS, HOST_SYSENTER_CS);
	vmwritez(HOST_IA32_SYSENTER_ESP, HOST_SYSENTER_ESP);
	vmwritez(HOST_IA32_SYSENTER_EIP, HOST_SYSENTER_EIP);
	guest_wrmsr(MSR_IA32_SYSENTER_CS, 0x8);
	guest_wrmsr(MSR_IA32_SYSENTER_ESP, 0x1000);
	guest_wrmsr(MSR_IA32_SYSENTER_EIP, 0x2000);
	write_dr7(L1_DR7);
	GUEST_ASSERT_EQ(read_dr7(), L1_DR7);

	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_VMCALL);

	/* SDM Vol. 3C 28.5.1 */
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_SYSENTER_CS), HOST_SYSENTER_CS);
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_SYSENTER_ESP), HOST_SYSENTER_ESP);
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_SYSENTER_EIP), HOST_SYSENTER_EIP);
	GUEST_ASSERT_EQ(read_dr7(), 0x400ULL);
	/* SDM Vol. 3C 28.5.2 */
	__asm__ volatile("sgdt %0" : "=m"(gdt));
	__asm__ volatile("sidt %0" : "=m"(idt));
	__asm__ volatile("sldt %0" : "=m"(ldt));
	GUEST_ASSERT_EQ(gdt.limit, 0xffff);
	GUEST_ASSERT_EQ(idt.limit, 0xffff);
	GUEST_ASSERT_EQ(ldt, 0);
	GUEST_DONE();
}

TEST(vmexit_loads_l1_host_state)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
