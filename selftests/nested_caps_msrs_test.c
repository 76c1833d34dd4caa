// SPDX-License-Identifier: GPL-2.0
/*
 * VMX for L1 (nvmx's nested/caps.c and the basics of nested/insn.c):
 * NVMX_CAP_NESTED and CPUID.1:ECX.VMX in KVM_GET_SUPPORTED_CPUID; the
 * IA32_VMX_* capability MSRs (SDM Vol. 3D appendix A) readable by the
 * guest only with CPUID VMX, read-only for it, KVM_GET_MSRS always,
 * KVM_SET_MSRS of the offered value only; IA32_FEATURE_CONTROL (SDM Vol.
 * 3C 24.7); CR4.VMXE only with CPUID VMX and not clearable in VMX
 * operation (24.8); VMXON/VMPTRLD/VMPTRST/VMCLEAR/VMXOFF and a shadowed
 * VMREAD/VMWRITE round trip through an evicted vmcs12 (31.3); the nested
 * counters.  nvmx only (revision identifier and counters are nvmx's).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define MSR_IA32_FEAT_CTL		0x3a
#define FEAT_CTL_LOCKED			(1ull << 0)
#define FEAT_CTL_VMX_OUTSIDE_SMX	(1ull << 2)
#define MSR_IA32_VMX_BASIC		0x480
#define MSR_IA32_VMX_PROCBASED_CTLS2	0x48b
#define MSR_IA32_VMX_VMFUNC		0x491
#define X86_CR4_VMXE			(1ull << 13)
#define CPUID_1_ECX_VMX			(1u << 5)
#define NVMX_REVISION			0x4e560001u
#define RFLAGS_CF			(1ull << 0)
#define RFLAGS_ZF			(1ull << 6)
#define GUEST_RIP_FIELD			0x681e
#define VM_INSTRUCTION_ERROR_FIELD	0x4400
#define EXIT_VMXON			27
#define EXIT_VMPTRLD			21

#define SKIP_UNLESS_NESTED() do {					\
	if (!nvmx_dev_is_nvmx() ||					\
	    nvmx_dev_check_extension(NVMX_CAP_NESTED) != 1)		\
		SKIP(return, "no nested VMX on this device");		\
} while (0)

static uint8_t vmxon_page[4096] __attribute__((aligned(4096)));
static uint8_t vmcs_a[4096] __attribute__((aligned(4096)));
static uint8_t vmcs_b[4096] __attribute__((aligned(4096)));

/* Faults: count, remember the vector, skip @skip_len bytes. */
static volatile uint64_t faults, last_vector, skip_len;

static void skip_handler(struct nvmx_ex_regs *regs)
{
	faults++;
	last_vector = regs->vector;
	regs->rip += skip_len;
}

static uint64_t guest_rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	skip_len = 2;
	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void guest_wrmsr(uint32_t msr, uint64_t v)
{
	skip_len = 2;
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)) : "memory");
}

static uint64_t guest_get_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* mov %rax, %cr4: 3 bytes. */
static void guest_set_cr4(uint64_t v)
{
	skip_len = 3;
	__asm__ volatile("mov %0, %%cr4" : : "a"(v) : "memory");
}

/* VMXON/VMPTRLD/VMCLEAR/VMPTRST (%rax); returns RFLAGS.CF|ZF. */
#define VMX_M64(insn, len, ptr) ({					\
	uint64_t __f;							\
	skip_len = (len);						\
	__asm__ volatile(insn " (%%rax)\n\tpushfq; pop %0"		\
			 : "=r"(__f) : "a"(ptr) : "cc", "memory");	\
	__f & (RFLAGS_CF | RFLAGS_ZF);					\
})

static uint64_t vmxon(uint64_t *pa)	{ return VMX_M64("vmxon", 4, pa); }
static uint64_t vmptrld(uint64_t *pa)	{ return VMX_M64("vmptrld", 3, pa); }
static uint64_t vmclear(uint64_t *pa)	{ return VMX_M64("vmclear", 4, pa); }
static uint64_t vmptrst(uint64_t *pa)	{ return VMX_M64("vmptrst", 3, pa); }

/* vmread %rdx, %rcx (3 bytes); returns flags, value in *val. */
static uint64_t vmread(uint64_t field, uint64_t *val)
{
	uint64_t f, v = 0xdead;

	skip_len = 3;
	__asm__ volatile("vmread %%rdx, %%rcx\n\t"
			 "pushfq; pop %0"
			 : "=r"(f), "+c"(v) : "d"(field) : "cc", "memory");
	*val = v;
	return f & (RFLAGS_CF | RFLAGS_ZF);
}

/* vmwrite %rcx, %rdx (3 bytes). */
static uint64_t vmwrite(uint64_t field, uint64_t val)
{
	uint64_t f;

	skip_len = 3;
	__asm__ volatile("vmwrite %%rcx, %%rdx\n\t"
			 "pushfq; pop %0"
			 : "=r"(f) : "d"(field), "c"(val) : "cc", "memory");
	return f & (RFLAGS_CF | RFLAGS_ZF);
}

static uint64_t vmxoff(void)
{
	uint64_t f;

	skip_len = 3;
	__asm__ volatile("vmxoff; pushfq; pop %0" : "=r"(f) : : "cc", "memory");
	return f & (RFLAGS_CF | RFLAGS_ZF);
}

static uint64_t vm_insn_error(void)
{
	uint64_t v;

	GUEST_ASSERT_EQ(vmread(VM_INSTRUCTION_ERROR_FIELD, &v), 0);
	return v;
}

/* The table of KVM_GET_SUPPORTED_CPUID, CPUID.1:ECX.VMX as @vmx. */
static void set_cpuid_vmx(struct test_vm *vm, struct test_vcpu *vcpu, bool vmx)
{
	struct kvm_cpuid2 *c = test_get_supported_cpuid(vm);
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		if (c->entries[i].function != 1)
			continue;
		if (vmx)
			c->entries[i].ecx |= CPUID_1_ECX_VMX;
		else
			c->entries[i].ecx &= ~CPUID_1_ECX_VMX;
	}
	test_vcpu_set_cpuid(vcpu, c);
	free(c);
}

static struct test_vcpu *setup(struct test_vm *vm, void (*guest)(void),
			       bool vmx)
{
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest);

	set_cpuid_vmx(vm, vcpu, vmx);
	test_vm_install_exception_handler(vm, 6, skip_handler);
	test_vm_install_exception_handler(vm, 13, skip_handler);
	return vcpu;
}

TEST(cap_nested_and_cpuid_vmx)
{
	struct test_vm *vm;
	struct kvm_cpuid2 *c;
	uint32_t i, found = 0;

	SKIP_UNLESS_NESTED();
	vm = test_vm_create(NVMX_MODE_LONG);
	c = test_get_supported_cpuid(vm);
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == 1)
			found = c->entries[i].ecx & CPUID_1_ECX_VMX;
	EXPECT_EQ(CPUID_1_ECX_VMX, found);
	free(c);
	test_vm_free(vm);
}

static void guest_no_vmx(void)
{
	faults = 0;
	guest_rdmsr(MSR_IA32_VMX_BASIC);
	GUEST_ASSERT_EQ(faults, 1);
	GUEST_ASSERT_EQ(last_vector, 13);
	/* Locked, no enable bit: firmware that does not offer VMX. */
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_FEAT_CTL), FEAT_CTL_LOCKED);
	guest_set_cr4(guest_get_cr4() | X86_CR4_VMXE);
	GUEST_ASSERT_EQ(faults, 2);
	GUEST_ASSERT_EQ(guest_get_cr4() & X86_CR4_VMXE, 0);
	GUEST_DONE();
}

TEST(no_vmx_without_cpuid_bit)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;

	SKIP_UNLESS_NESTED();
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = setup(vm, guest_no_vmx, false);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(host_reads_and_restores_vmx_msrs)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	uint64_t basic;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1, .e = { { .index = MSR_IA32_VMX_BASIC } } };

	SKIP_UNLESS_NESTED();
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = setup(vm, guest_no_vmx, false);
	basic = test_vcpu_get_msr(vcpu, MSR_IA32_VMX_BASIC);
	/* SDM Vol. 3D A.1: revision, 4096 bytes, WB, TRUE controls. */
	EXPECT_EQ(NVMX_REVISION, (uint32_t)basic);
	EXPECT_EQ(4096ull, (basic >> 32) & 0x1fff);
	EXPECT_EQ(6ull, (basic >> 50) & 0xf);
	EXPECT_EQ(1ull, (basic >> 55) & 1);
	/* Read-only: the same value is accepted, another one is not. */
	m.e[0].data = basic;
	EXPECT_EQ(1, ioctl(vcpu->nv.fd, KVM_SET_MSRS, &m));
	m.e[0].data = basic ^ 1;
	EXPECT_EQ(0, ioctl(vcpu->nv.fd, KVM_SET_MSRS, &m));
	/* Not offered: VM functions (SDM Vol. 3D A.11). */
	m.e[0].index = MSR_IA32_VMX_VMFUNC;
	EXPECT_EQ(0, ioctl(vcpu->nv.fd, KVM_GET_MSRS, &m));
	test_vm_free(vm);
}

static void guest_vmx_msrs(void)
{
	uint64_t fc;

	faults = 0;
	GUEST_SYNC(guest_rdmsr(MSR_IA32_VMX_BASIC));
	GUEST_SYNC(guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2));
	GUEST_ASSERT_EQ(faults, 0);
	guest_wrmsr(MSR_IA32_VMX_BASIC, 0);
	GUEST_ASSERT_EQ(faults, 1);
	/* Unlocked at reset; lock it with VMX outside SMX, then it is read-only. */
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_FEAT_CTL), 0);
	fc = FEAT_CTL_LOCKED | FEAT_CTL_VMX_OUTSIDE_SMX;
	guest_wrmsr(MSR_IA32_FEAT_CTL, fc);
	GUEST_ASSERT_EQ(faults, 1);
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_FEAT_CTL), fc);
	guest_wrmsr(MSR_IA32_FEAT_CTL, FEAT_CTL_LOCKED);
	GUEST_ASSERT_EQ(faults, 2);
	GUEST_ASSERT_EQ(guest_rdmsr(MSR_IA32_FEAT_CTL), fc);
	guest_set_cr4(guest_get_cr4() | X86_CR4_VMXE);
	GUEST_ASSERT_EQ(faults, 2);
	GUEST_ASSERT_EQ(guest_get_cr4() & X86_CR4_VMXE, X86_CR4_VMXE);
	GUEST_DONE();
}

TEST(guest_reads_vmx_msrs_with_cpuid_bit)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;

	SKIP_UNLESS_NESTED();
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = setup(vm, guest_vmx_msrs, true);
	test_vcpu_run_sync(vcpu, test_vcpu_get_msr(vcpu, MSR_IA32_VMX_BASIC));
	test_vcpu_run_sync(vcpu,
			   test_vcpu_get_msr(vcpu, MSR_IA32_VMX_PROCBASED_CTLS2));
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

static void guest_vmx_round_trip(void)
{
	uint64_t on = (uint64_t)vmxon_page, a = (uint64_t)vmcs_a;
	uint64_t b = (uint64_t)vmcs_b, ptr, v;

	faults = 0;
	/* Outside VMX operation VMREAD is #UD (shadowing is off). */
	vmread(GUEST_RIP_FIELD, &v);
	GUEST_ASSERT_EQ(faults, 1);
	GUEST_ASSERT_EQ(last_vector, 6);
	guest_wrmsr(MSR_IA32_FEAT_CTL,
		    FEAT_CTL_LOCKED | FEAT_CTL_VMX_OUTSIDE_SMX);
	guest_set_cr4(guest_get_cr4() | X86_CR4_VMXE);
	*(uint32_t *)vmxon_page = NVMX_REVISION;
	*(uint32_t *)vmcs_a = NVMX_REVISION;
	*(uint32_t *)vmcs_b = NVMX_REVISION | (1u << 31);
	GUEST_ASSERT_EQ(vmxon(&on), 0);
	/* No current VMCS: VMPTRST all ones, VMXON VMfailInvalid. */
	GUEST_ASSERT_EQ(vmptrst(&ptr), 0);
	GUEST_ASSERT_EQ(ptr, ~0ull);
	GUEST_ASSERT_EQ(vmxon(&on), RFLAGS_CF);
	/* A shadowed VMREAD without current VMCS: VMfailInvalid. */
	GUEST_ASSERT_EQ(vmread(GUEST_RIP_FIELD, &v), RFLAGS_CF);
	GUEST_ASSERT_EQ(vmptrld(&a), 0);
	GUEST_ASSERT_EQ(vmptrst(&ptr), 0);
	GUEST_ASSERT_EQ(ptr, a);
	GUEST_ASSERT_EQ(vmwrite(GUEST_RIP_FIELD, 0x1234), 0);
	GUEST_ASSERT_EQ(vmread(GUEST_RIP_FIELD, &v), 0);
	GUEST_ASSERT_EQ(v, 0x1234);
	/* Shadow-VMCS indicator set: VMfailValid(11). */
	GUEST_ASSERT_EQ(vmptrld(&b), RFLAGS_ZF);
	GUEST_ASSERT_EQ(vm_insn_error(), 11);
	/* VMXON in VMX root operation with a current VMCS: VMfailValid(15). */
	GUEST_ASSERT_EQ(vmxon(&on), RFLAGS_ZF);
	GUEST_ASSERT_EQ(vm_insn_error(), 15);
	/* VMCLEAR writes it back; VMPTRLD reloads the field. */
	GUEST_ASSERT_EQ(vmclear(&a), 0);
	GUEST_ASSERT_EQ(vmptrst(&ptr), 0);
	GUEST_ASSERT_EQ(ptr, ~0ull);
	GUEST_ASSERT_EQ(vmptrld(&on), RFLAGS_CF);	/* no current: Invalid */
	GUEST_ASSERT_EQ(vmptrld(&a), 0);
	GUEST_ASSERT_EQ(vmread(GUEST_RIP_FIELD, &v), 0);
	GUEST_ASSERT_EQ(v, 0x1234);
	GUEST_ASSERT_EQ(vmptrld(&on), RFLAGS_ZF);
	GUEST_ASSERT_EQ(vm_insn_error(), 10);
	/* In VMX operation CR4.VMXE cannot be cleared. */
	guest_set_cr4(guest_get_cr4() & ~X86_CR4_VMXE);
	GUEST_ASSERT_EQ(faults, 2);
	GUEST_ASSERT_EQ(last_vector, 13);
	GUEST_ASSERT_EQ(vmxoff(), 0);
	vmread(GUEST_RIP_FIELD, &v);
	GUEST_ASSERT_EQ(faults, 3);
	GUEST_ASSERT_EQ(last_vector, 6);
	/* VMXOFF wrote nvmx's image into L1's region, revision kept. */
	GUEST_ASSERT_EQ(*(uint32_t *)vmcs_a, NVMX_REVISION);
	GUEST_ASSERT_EQ(*(uint32_t *)(vmcs_a + 8), 0x4e56310cu);
	guest_set_cr4(guest_get_cr4() & ~X86_CR4_VMXE);
	GUEST_ASSERT_EQ(faults, 3);
	GUEST_DONE();
}

TEST(vmxon_vmptrld_vmread_vmwrite_vmclear_vmxoff)
{
	struct nvmx_nested_counts *c;
	struct test_vm *vm;
	struct test_vcpu *vcpu;

	SKIP_UNLESS_NESTED();
	vm = test_vm_create(NVMX_MODE_LONG);
	vcpu = setup(vm, guest_vmx_round_trip, true);
	test_vcpu_run_done(vcpu);
	c = calloc(1, sizeof(*c));
	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, c));
	EXPECT_EQ(3ull, c->l1[EXIT_VMXON]);
	EXPECT_EQ(5ull, c->l1[EXIT_VMPTRLD]);
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_RESET_EXIT_COUNTS, 0));
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, c));
	EXPECT_EQ(0ull, c->l1[EXIT_VMXON]);
	free(c);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
