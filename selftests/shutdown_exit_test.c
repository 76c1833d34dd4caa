// SPDX-License-Identifier: GPL-2.0
/*
 * A triple fault exits to userspace with KVM_EXIT_SHUTDOWN: with an IDT
 * limit of 0, UD2 raises #UD, whose delivery raises #GP, whose delivery
 * raises #DF, whose delivery fails: shutdown (SDM Vol. 3A 7.15, "Double
 * Fault Exception"; Vol. 3C 28.2 triple fault VM exit).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

NVMX_ASM_GUEST(pm_ud2, ".code32",
	"ud2\n");

static void empty_idt(struct test_vcpu *vcpu)
{
	struct kvm_sregs sr;

	test_vcpu_get_sregs(vcpu, &sr);
	sr.idt.base = 0;
	sr.idt.limit = 0;
	test_vcpu_set_sregs(vcpu, &sr);
}

TEST(triple_fault_in_protected_mode_is_shutdown)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;

	test_vm_load_asm(vm, NVMX_CODE_GPA, pm_ud2);
	vcpu = test_vcpu_add(vm, 0, NVMX_CODE_GPA);
	empty_idt(vcpu);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_SHUTDOWN);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
