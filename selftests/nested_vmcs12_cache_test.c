// SPDX-License-Identifier: GPL-2.0
/*
 * More vmcs12s than L0 keeps in hardware pages (NVMX_NESTED_VMCS_CACHE,
 * src/nested/nested.h): every VMPTRLD of a vmcs12 not cached evicts the
 * least recently used one into L1's VMCS region (nvmx's image) and the
 * next VMPTRLD of that region loads it back, so every vmcs12 keeps its
 * fields (SDM Vol. 3C 25.11.1: the data of a VMCS that is not current
 * live in its region) and L1's revision word is never overwritten.
 * nvmx only (the image layout is nvmx's).
 */
#include <stdlib.h>

#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define MSR_IA32_FEAT_CTL	0x3a
#define X86_CR4_VMXE		(1ull << 13)
#define CPUID_1_ECX_VMX		(1u << 5)
#define NVMX_REVISION		0x4e560001u
#define NVMX_IMAGE_MAGIC	0x4e56310cu
#define GUEST_RIP		0x681eull
#define GUEST_RSP		0x681cull
#define NR_VMCS			9	/* more than twice the cache */

static uint8_t vmxon_page[4096] __attribute__((aligned(4096)));
static uint8_t vmcs[NR_VMCS][4096] __attribute__((aligned(4096)));

static uint64_t vmx_flags(uint64_t f)
{
	return f & 0x41;	/* CF, ZF */
}

static uint64_t vmptrld(uint64_t pa)
{
	uint64_t f;

	__asm__ volatile("vmptrld (%1); pushfq; pop %0"
			 : "=r"(f) : "r"(&pa) : "cc", "memory");
	return vmx_flags(f);
}

static uint64_t vmwrite(uint64_t field, uint64_t val)
{
	uint64_t f;

	__asm__ volatile("vmwrite %2, %1; pushfq; pop %0"
			 : "=r"(f) : "r"(field), "r"(val) : "cc", "memory");
	return vmx_flags(f);
}

static uint64_t vmread(uint64_t field)
{
	uint64_t f, v = ~0ull;

	__asm__ volatile("vmread %2, %1; pushfq; pop %0"
			 : "=r"(f), "=r"(v) : "r"(field) : "cc", "memory");
	GUEST_ASSERT_EQ(vmx_flags(f), 0);
	return v;
}

static void guest_many_vmcs(void)
{
	uint64_t cr4, on = (uint64_t)vmxon_page, f;
	int i, round;

	__asm__ volatile("wrmsr" : : "c"(MSR_IA32_FEAT_CTL), "a"(5), "d"(0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | X86_CR4_VMXE));
	*(uint32_t *)vmxon_page = NVMX_REVISION;
	__asm__ volatile("vmxon (%1); pushfq; pop %0"
			 : "=r"(f) : "r"(&on) : "cc", "memory");
	GUEST_ASSERT_EQ(vmx_flags(f), 0);
	for (i = 0; i < NR_VMCS; i++) {
		*(uint32_t *)vmcs[i] = NVMX_REVISION;
		GUEST_ASSERT_EQ(vmptrld((uint64_t)vmcs[i]), 0);
		GUEST_ASSERT_EQ(vmwrite(GUEST_RIP, 0x1000 + i), 0);
		GUEST_ASSERT_EQ(vmwrite(GUEST_RSP, 0x2000 + i), 0);
	}
	/* Twice round, each time every vmcs12 comes back from its region. */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < NR_VMCS; i++) {
			GUEST_ASSERT_EQ(vmptrld((uint64_t)vmcs[i]), 0);
			GUEST_ASSERT_EQ(vmread(GUEST_RIP), 0x1000 + i + round);
			GUEST_ASSERT_EQ(vmread(GUEST_RSP), 0x2000 + i);
			GUEST_ASSERT_EQ(vmwrite(GUEST_RIP, 0x1001 + i + round), 0);
		}
	}
	/* Evicted regions hold nvmx's image behind L1's revision word. */
	GUEST_ASSERT_EQ(*(uint32_t *)vmcs[0], NVMX_REVISION);
	GUEST_ASSERT_EQ(*(uint32_t *)(vmcs[0] + 8), NVMX_IMAGE_MAGIC);
	__asm__ volatile("vmxoff" : : : "cc", "memory");
	GUEST_DONE();
}

TEST(vmcs12s_survive_eviction_and_reload)
{
	struct test_vcpu *vcpu;
	struct kvm_cpuid2 *c;
	struct test_vm *vm;
	uint32_t i;

	if (!nvmx_dev_is_nvmx() ||
	    nvmx_dev_check_extension(NVMX_CAP_NESTED) != 1)
		SKIP(return, "no nested VMX on this device");
	vm = test_vm_create(NVMX_MODE_LONG);
	c = test_get_supported_cpuid(vm);
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == 1)
			c->entries[i].ecx |= CPUID_1_ECX_VMX;
	vcpu = test_vcpu_add_guest(vm, 0, guest_many_vmcs);
	test_vcpu_set_cpuid(vcpu, c);
	free(c);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
