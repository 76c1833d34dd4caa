// SPDX-License-Identifier: GPL-2.0
/*
 * MSRs: WRMSR/RDMSR of a defined MSR (IA32_SYSENTER_CS, SDM Vol. 4
 * Table 2-2) round-trips in the guest and is the value KVM_GET_MSRS
 * sees; KVM_SET_MSRS is what the guest reads.  RDMSR and WRMSR of an
 * MSR that does not exist raise #GP(0) in the guest (KVM's default).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_BOGUS		0x4e564d58	/* "NVMX": no such MSR */

static volatile uint64_t gp_count, gp_error_code;

static void gp_handler(struct nvmx_ex_regs *regs)
{
	gp_count++;
	gp_error_code = regs->error_code;
	regs->rip += 2;		/* skip the 2-byte RDMSR/WRMSR */
}

static uint64_t guest_rdmsr(uint32_t msr)
{
	uint32_t lo = 0x5555, hi = 0x6666;

	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void guest_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)) : "memory");
}

static void guest_sysenter_cs(void)
{
	guest_wrmsr(MSR_IA32_SYSENTER_CS, 0x1234);
	GUEST_SYNC(guest_rdmsr(MSR_IA32_SYSENTER_CS));
	/* The host sets it now. */
	GUEST_SYNC(0);
	GUEST_SYNC(guest_rdmsr(MSR_IA32_SYSENTER_CS));
	GUEST_DONE();
}

static void guest_bogus_rdmsr(void)
{
	uint64_t v = guest_rdmsr(MSR_BOGUS);

	/* The faulting RDMSR wrote nothing: EDX:EAX as they were. */
	GUEST_ASSERT_EQ(v, 0x0000666600005555ULL);
	GUEST_SYNC(gp_count);
	GUEST_SYNC(gp_error_code);
	GUEST_DONE();
}

static void guest_bogus_wrmsr(void)
{
	guest_wrmsr(MSR_BOGUS, 0x42);
	GUEST_SYNC(gp_count);
	GUEST_SYNC(gp_error_code);
	GUEST_DONE();
}

TEST(sysenter_cs_round_trips_in_guest)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_sysenter_cs);

	test_vcpu_run_sync(vcpu, 0x1234);
	test_vm_free(vm);
}

TEST(guest_write_is_seen_by_get_msrs)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_sysenter_cs);

	test_vcpu_run_sync(vcpu, 0x1234);
	ASSERT_EQ(0x1234ULL, test_vcpu_get_msr(vcpu, MSR_IA32_SYSENTER_CS));
	test_vm_free(vm);
}

TEST(set_msrs_is_seen_by_guest)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_sysenter_cs);

	test_vcpu_run_sync(vcpu, 0x1234);
	test_vcpu_run_sync(vcpu, 0);
	test_vcpu_set_msr(vcpu, MSR_IA32_SYSENTER_CS, 0xabcd);
	test_vcpu_run_sync(vcpu, 0xabcd);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(rdmsr_of_unknown_msr_raises_gp)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_bogus_rdmsr);

	test_vm_install_exception_handler(vm, 13, gp_handler);
	test_vcpu_run_sync(vcpu, 1);	/* one #GP */
	test_vcpu_run_sync(vcpu, 0);	/* error code 0 */
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

TEST(wrmsr_of_unknown_msr_raises_gp)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_bogus_wrmsr);

	test_vm_install_exception_handler(vm, 13, gp_handler);
	test_vcpu_run_sync(vcpu, 1);
	test_vcpu_run_sync(vcpu, 0);
	test_vcpu_run_done(vcpu);
	test_vm_free(vm);
}

/* KVM_GET_MSRS stops at an MSR it does not know: it returns 0 read. */
TEST(get_msrs_of_unknown_msr_reads_none)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_bogus_wrmsr);
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[2];
	} m = { .hdr.nmsrs = 2, .e = { { .index = MSR_IA32_SYSENTER_CS },
				       { .index = MSR_BOGUS } } };

	ASSERT_EQ(1, ioctl(vcpu->nv.fd, KVM_GET_MSRS, &m));
	m.e[0].index = MSR_BOGUS;
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, KVM_GET_MSRS, &m));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
