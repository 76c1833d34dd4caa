// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and field operands of L1's VMX instructions as L0 decodes them
 * (SDM Vol. 3C 28.2.5: instruction information and displacement; 31.3
 * each instruction's exceptions): base + index * scale + displacement,
 * #GP(0) for a non-canonical address, #SS(0) when the segment is SS, #PF
 * with CR2 and the error code of the access when the linear address does
 * not translate; a VMWRITE from memory; the "high" encoding of a 64-bit
 * field (25.11.2); a field operand with bits 63:32 set is VMfail(12).
 * nvmx only: it needs VMWRITE to read-only fields (IA32_VMX_MISC bit 29)
 * to reach L0's VMWRITE path.
 */
#include <stdlib.h>

#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define MSR_IA32_FEAT_CTL		0x3a
#define FEAT_CTL_LOCKED_VMX		0x5ull
#define X86_CR4_VMXE			(1ull << 13)
#define CPUID_1_ECX_VMX			(1u << 5)
#define NVMX_REVISION			0x4e560001u
#define RFLAGS_CF			(1ull << 0)
#define RFLAGS_ZF			(1ull << 6)
#define GUEST_PHYSICAL_ADDRESS		0x2400ull
#define GUEST_PHYSICAL_ADDRESS_HIGH	0x2401ull
#define VM_EXIT_REASON			0x4402ull
#define VM_INSTRUCTION_ERROR		0x4400ull
#define NONCANONICAL			0x8000000000000000ull
/* Canonical, beyond the 4 GiB identity map: no translation. */
#define UNMAPPED			0x100000000000ull
#define PF_WRITE			0x2ull

#define SKIP_UNLESS_NESTED() do {					\
	if (!nvmx_dev_is_nvmx() ||					\
	    nvmx_dev_check_extension(NVMX_CAP_NESTED) != 1)		\
		SKIP(return, "no nested VMX on this device");		\
} while (0)

static uint8_t vmxon_page[4096] __attribute__((aligned(4096)));
static uint8_t vmcs_page[4096] __attribute__((aligned(4096)));

static volatile uint64_t faults, last_vector, last_error, last_cr2, skip_len;

static void fault_handler(struct nvmx_ex_regs *regs)
{
	uint64_t cr2;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	faults++;
	last_vector = regs->vector;
	last_error = regs->error_code;
	last_cr2 = cr2;
	regs->rip += skip_len;
}

#define FLAGS(f)	((f) & (RFLAGS_CF | RFLAGS_ZF))

static void vmx_on(void)
{
	uint64_t cr4, on = (uint64_t)vmxon_page, f;

	__asm__ volatile("wrmsr" : : "c"(MSR_IA32_FEAT_CTL),
			 "a"((uint32_t)FEAT_CTL_LOCKED_VMX), "d"(0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= X86_CR4_VMXE;
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	*(uint32_t *)vmxon_page = NVMX_REVISION;
	*(uint32_t *)vmcs_page = NVMX_REVISION;
	__asm__ volatile("vmxon (%1); pushfq; pop %0"
			 : "=r"(f) : "r"(&on) : "cc", "memory");
	GUEST_ASSERT_EQ(FLAGS(f), 0);
}

/* vmread %rdx, %rcx */
static uint64_t vmread(uint64_t field, uint64_t *val)
{
	uint64_t f, v = 0;

	__asm__ volatile("vmread %%rdx, %%rcx; pushfq; pop %0"
			 : "=r"(f), "+c"(v) : "d"(field) : "cc", "memory");
	*val = v;
	return FLAGS(f);
}

/* vmwrite (%rax), %rdx: 0f 79 10, 3 bytes */
static uint64_t vmwrite_mem(uint64_t field, const uint64_t *src)
{
	uint64_t f;

	skip_len = 3;
	__asm__ volatile("vmwrite (%%rax), %%rdx; pushfq; pop %0"
			 : "=r"(f) : "a"(src), "d"(field) : "cc", "memory");
	return FLAGS(f);
}

/* vmwrite %rcx, %rdx */
static uint64_t vmwrite(uint64_t field, uint64_t val)
{
	uint64_t f;

	__asm__ volatile("vmwrite %%rcx, %%rdx; pushfq; pop %0"
			 : "=r"(f) : "d"(field), "c"(val) : "cc", "memory");
	return FLAGS(f);
}

static void guest_addressing(void)
{
	uint64_t vmcs = (uint64_t)vmcs_page, ptr, f;

	vmx_on();
	/* vmptrld 8(%rax): 0f c7 70 08, base + displacement. */
	__asm__ volatile("vmptrld 8(%%rax); pushfq; pop %0"
			 : "=r"(f) : "a"((uint64_t)&vmcs - 8) : "cc", "memory");
	GUEST_ASSERT_EQ(FLAGS(f), 0);
	/* vmptrst (%rax,%rcx,8): base + index * scale. */
	ptr = 0;
	__asm__ volatile("vmptrst (%%rax,%%rcx,8); pushfq; pop %0"
			 : "=r"(f) : "a"((uint64_t)&ptr - 24), "c"(3ull)
			 : "cc", "memory");
	GUEST_ASSERT_EQ(FLAGS(f), 0);
	GUEST_ASSERT_EQ(ptr, vmcs);
	faults = 0;
	/* vmptrld (%rax): 0f c7 30, non-canonical: #GP(0). */
	skip_len = 3;
	__asm__ volatile("vmptrld (%%rax)" : : "a"(NONCANONICAL) : "cc", "memory");
	GUEST_ASSERT_EQ(faults, 1);
	GUEST_ASSERT_EQ(last_vector, 13);
	GUEST_ASSERT_EQ(last_error, 0);
	/* vmptrld (%rsp,%rax,1): 0f c7 34 04, SS-based: #SS(0). */
	skip_len = 4;
	__asm__ volatile("vmptrld (%%rsp,%%rax,1)"
			 : : "a"(NONCANONICAL) : "cc", "memory");
	GUEST_ASSERT_EQ(faults, 2);
	GUEST_ASSERT_EQ(last_vector, 12);
	GUEST_ASSERT_EQ(last_error, 0);
	/* vmptrst (%rax): 0f c7 38, no translation: #PF, write, CR2. */
	skip_len = 3;
	__asm__ volatile("vmptrst (%%rax)" : : "a"(UNMAPPED) : "cc", "memory");
	GUEST_ASSERT_EQ(faults, 3);
	GUEST_ASSERT_EQ(last_vector, 14);
	GUEST_ASSERT_EQ(last_error, PF_WRITE);
	GUEST_ASSERT_EQ(last_cr2, UNMAPPED);
	/* A read: #PF without the write bit. */
	vmwrite_mem(VM_EXIT_REASON, (uint64_t *)UNMAPPED);
	GUEST_ASSERT_EQ(faults, 4);
	GUEST_ASSERT_EQ(last_vector, 14);
	GUEST_ASSERT_EQ(last_error, 0);
	GUEST_ASSERT_EQ(last_cr2, UNMAPPED);
	/* The faulting instructions changed nothing. */
	ptr = 0;
	__asm__ volatile("vmptrst (%%rax)" : : "a"(&ptr) : "cc", "memory");
	GUEST_ASSERT_EQ(ptr, vmcs);
	GUEST_DONE();
}

static void guest_fields(void)
{
	uint64_t vmcs = (uint64_t)vmcs_page, val = 0x1234, f, v;

	vmx_on();
	__asm__ volatile("vmptrld (%1); pushfq; pop %0"
			 : "=r"(f) : "r"(&vmcs) : "cc", "memory");
	GUEST_ASSERT_EQ(FLAGS(f), 0);
	/* VMWRITE of a read-only field exits; its source is in memory. */
	GUEST_ASSERT_EQ(vmwrite_mem(VM_EXIT_REASON, &val), 0);
	GUEST_ASSERT_EQ(vmread(VM_EXIT_REASON, &v), 0);
	GUEST_ASSERT_EQ(v, 0x1234);
	/* The high half of a 64-bit field keeps the low half. */
	GUEST_ASSERT_EQ(vmwrite(GUEST_PHYSICAL_ADDRESS, 0x11112222), 0);
	GUEST_ASSERT_EQ(vmwrite(GUEST_PHYSICAL_ADDRESS_HIGH, 0xabcd), 0);
	GUEST_ASSERT_EQ(vmread(GUEST_PHYSICAL_ADDRESS, &v), 0);
	GUEST_ASSERT_EQ(v, 0x0000abcd11112222ull);
	GUEST_ASSERT_EQ(vmread(GUEST_PHYSICAL_ADDRESS_HIGH, &v), 0);
	GUEST_ASSERT_EQ(v, 0xabcd);
	/* No high half of a 32-bit field; no field with bits 63:32 set. */
	GUEST_ASSERT_EQ(vmwrite(VM_EXIT_REASON | 1, 0), RFLAGS_ZF);
	GUEST_ASSERT_EQ(vmread(VM_INSTRUCTION_ERROR, &v), 0);
	GUEST_ASSERT_EQ(v, 12);
	GUEST_ASSERT_EQ(vmread(VM_EXIT_REASON | (1ull << 32), &v), RFLAGS_ZF);
	GUEST_ASSERT_EQ(vmread(VM_INSTRUCTION_ERROR, &v), 0);
	GUEST_ASSERT_EQ(v, 12);
	GUEST_ASSERT_EQ(vmwrite(VM_EXIT_REASON | (1ull << 32), 0), RFLAGS_ZF);
	GUEST_DONE();
}

static struct test_vm *setup(void (*guest)(void), struct test_vcpu **vcpu)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct kvm_cpuid2 *c = test_get_supported_cpuid(vm);
	uint32_t i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == 1)
			c->entries[i].ecx |= CPUID_1_ECX_VMX;
	*vcpu = test_vcpu_add_guest(vm, 0, guest);
	test_vcpu_set_cpuid(*vcpu, c);
	free(c);
	test_vm_install_exception_handler(vm, 12, fault_handler);
	test_vm_install_exception_handler(vm, 13, fault_handler);
	test_vm_install_exception_handler(vm, 14, fault_handler);
	return vm;
}

TEST(memory_operand_addressing_and_faults)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	SKIP_UNLESS_NESTED();
	vm = setup(guest_addressing, &vcpu);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(field_operands_high_halves_and_bad_encodings)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	SKIP_UNLESS_NESTED();
	vm = setup(guest_fields, &vcpu);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
