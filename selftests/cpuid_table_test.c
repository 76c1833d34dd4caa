// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID in the guest answers from the table set by KVM_SET_CPUID2:
 * exact EAX/EBX/ECX/EDX of the entry for the leaf, and for an entry
 * with KVM_CPUID_FLAG_SIGNIFCANT_INDEX the one for the subleaf in ECX.
 * KVM_GET_CPUID2 gives the set table back.
 */
#include <stdlib.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define LEAF_SIG	0x40000000U
#define LEAF_IDX	0x40000001U

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static void guest_cpuid(uint64_t leaf, uint64_t subleaf)
{
	uint32_t a = leaf, b, c = subleaf, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	GUEST_SYNC(a);
	GUEST_SYNC(b);
	GUEST_SYNC(c);
	GUEST_SYNC(d);
	GUEST_DONE();
}

/* Supported table plus three entries of our own at 0x40000000. */
static struct kvm_cpuid2 *test_table(struct test_vm *vm)
{
	struct kvm_cpuid2 *sup = test_get_supported_cpuid(vm);
	struct kvm_cpuid2 *c;
	unsigned int i, n = 0;

	c = calloc(1, sizeof(*c) + (sup->nent + 3) * sizeof(c->entries[0]));
	NVMX_CHECK(c, "out of memory");
	for (i = 0; i < sup->nent; i++) {
		/* Drop the device's own hypervisor leaves. */
		if ((sup->entries[i].function & 0xffff0000) == LEAF_SIG)
			continue;
		c->entries[n++] = sup->entries[i];
	}
	c->entries[n++] = (struct kvm_cpuid_entry2){
		.function = LEAF_SIG, .eax = LEAF_IDX,
		.ebx = 0x786d766e, .ecx = 0x74736574, .edx = 0x21676973,
	};
	c->entries[n++] = (struct kvm_cpuid_entry2){
		.function = LEAF_IDX, .index = 0,
		.flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
		.eax = 0x11111111, .ebx = 0x22222222,
		.ecx = 0x33333333, .edx = 0x44444444,
	};
	c->entries[n++] = (struct kvm_cpuid_entry2){
		.function = LEAF_IDX, .index = 1,
		.flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
		.eax = 0xaaaaaaaa, .ebx = 0xbbbbbbbb,
		.ecx = 0xcccccccc, .edx = 0xdddddddd,
	};
	c->nent = n;
	free(sup);
	return c;
}

static void run_leaf(uint32_t leaf, uint32_t subleaf,
		     const struct cpuid_regs *expect)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_cpuid);
	struct kvm_cpuid2 *c = test_table(vm);

	test_vcpu_set_cpuid(vcpu, c);
	test_vcpu_args_set(vcpu, 2, (uint64_t)leaf, (uint64_t)subleaf);
	test_vcpu_run_sync(vcpu, expect->eax);
	test_vcpu_run_sync(vcpu, expect->ebx);
	test_vcpu_run_sync(vcpu, expect->ecx);
	test_vcpu_run_sync(vcpu, expect->edx);
	test_vcpu_run_done(vcpu);
	free(c);
	test_vm_free(vm);
}

TEST(leaf_returns_set_entry)
{
	static const struct cpuid_regs e = {
		LEAF_IDX, 0x786d766e, 0x74736574, 0x21676973,
	};

	run_leaf(LEAF_SIG, 0, &e);
}

TEST(indexed_leaf_subleaf_0_returns_its_entry)
{
	static const struct cpuid_regs e = {
		0x11111111, 0x22222222, 0x33333333, 0x44444444,
	};

	run_leaf(LEAF_IDX, 0, &e);
}

TEST(indexed_leaf_subleaf_1_returns_its_entry)
{
	static const struct cpuid_regs e = {
		0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc, 0xdddddddd,
	};

	run_leaf(LEAF_IDX, 1, &e);
}

/* Leaf 0 of the set table: max basic leaf and vendor, as set. */
TEST(leaf_0_returns_set_vendor)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct kvm_cpuid2 *c = test_table(vm);
	struct cpuid_regs e = { 0 };
	unsigned int i;
	bool found = false;

	for (i = 0; i < c->nent; i++) {
		if (c->entries[i].function == 0) {
			e = (struct cpuid_regs){ c->entries[i].eax,
				c->entries[i].ebx, c->entries[i].ecx,
				c->entries[i].edx };
			found = true;
		}
	}
	ASSERT_TRUE(found);
	free(c);
	test_vm_free(vm);
	run_leaf(0, 0, &e);
}

TEST(get_cpuid2_returns_set_table)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_cpuid);
	struct kvm_cpuid2 *c = test_table(vm), *g;
	unsigned int i, j, matched = 0;

	test_vcpu_set_cpuid(vcpu, c);
	g = calloc(1, sizeof(*g) + 256 * sizeof(g->entries[0]));
	ASSERT_NE(NULL, g);
	g->nent = 256;
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, KVM_GET_CPUID2, g));
	ASSERT_EQ(c->nent, g->nent);
	for (i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *want = &c->entries[i];

		if ((want->function & 0xffff0000) != LEAF_SIG)
			continue;
		for (j = 0; j < g->nent; j++) {
			const struct kvm_cpuid_entry2 *e = &g->entries[j];

			if (e->function == want->function &&
			    e->index == want->index &&
			    e->eax == want->eax && e->ebx == want->ebx &&
			    e->ecx == want->ecx && e->edx == want->edx)
				matched++;
		}
	}
	ASSERT_EQ(3U, matched);
	free(g);
	free(c);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
