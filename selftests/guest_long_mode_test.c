// SPDX-License-Identifier: GPL-2.0
/*
 * Long mode guests: the guest runs the test binary's own C code on
 * identity-mapped 4-level page tables and reports through ucalls.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

static void guest_sync_args(uint64_t a, uint64_t b)
{
	GUEST_SYNC(a);
	GUEST_SYNC(b);
	GUEST_SYNC(a + b);
	GUEST_DONE();
}

TEST(c_guest_gets_args_and_syncs)
{
	struct nvmx_vm *vm = nvmx_vm_create(NVMX_MODE_LONG);
	struct nvmx_vcpu *vcpu = nvmx_vcpu_add_guest(vm, 0, guest_sync_args);

	nvmx_vcpu_args_set(vcpu, 2, 0x1111222233334444ULL, 0x5ULL);
	nvmx_vcpu_run_sync(vcpu, 0x1111222233334444ULL);
	nvmx_vcpu_run_sync(vcpu, 5);
	nvmx_vcpu_run_sync(vcpu, 0x1111222233334449ULL);
	nvmx_vcpu_run_done(vcpu);
	nvmx_vm_free(vm);
}

TEST_HARNESS_MAIN
