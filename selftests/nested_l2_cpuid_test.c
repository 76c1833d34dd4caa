// SPDX-License-Identifier: GPL-2.0
/*
 * An L2 CPUID that L1 handles with 10 VMREADs, 3 VMWRITEs and a VMRESUME.
 *
 * L1 launches L2 in its own address space (no EPT).  L2 reports to the
 * host directly (its ucalls are port I/O that L1 does not intercept, so
 * L0 handles them), executes one CPUID, and checks the values L1 made up
 * for it.  Everywhere: the values round-trip and L1 sees exactly one
 * EXIT_REASON_CPUID.  On nvmx (the shared-VMCS strategy), between the two
 * ucalls around the CPUID, the vCPU's exit counters must grow by exactly:
 * one CPUID (L2's, reflected to L1), one VMRESUME (L1's) and one I/O
 * instruction (the closing ucall, L2's, handled by L0): L1's VMREADs and
 * VMWRITEs of shadowed fields cost no L0 exit.  Asynchronous exits that
 * belong to the host (EXTERNAL_INTERRUPT, and PREEMPTION_TIMER: the IF=0
 * backstop of src/run.c) can fall in the window whatever the guest does;
 * they are left out of the exact total.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define FAKE_EAX	0x4e564d58U	/* "NVMX" */
#define LEAF		0x4e56U
#define SUBLEAF		7U

static struct vmx_l1 l1;

static void l2_guest(void)
{
	uint32_t a, b, c, d;

	GUEST_SYNC(1);
	guest_cpuid(LEAF, SUBLEAF, &a, &b, &c, &d);
	GUEST_SYNC(2);
	GUEST_ASSERT_EQ(a, FAKE_EAX);
	GUEST_ASSERT_EQ(b, LEAF);
	GUEST_ASSERT_EQ(c, SUBLEAF);
	GUEST_ASSERT_EQ(d, ~LEAF);
	l2_vmcall(0);
}

static uint64_t rd(uint64_t field)
{
	uint64_t v;

	GUEST_ASSERT_EQ(vmx_vmread(field, &v), VMX_OK);
	return v;
}

static void wr(uint64_t field, uint64_t v)
{
	GUEST_ASSERT_EQ(vmx_vmwrite(field, v), VMX_OK);
}

/* What a hypervisor reads and writes for a CPUID exit: 10 + 3. */
static void l1_handle_cpuid(void)
{
	uint64_t reason = rd(VM_EXIT_REASON);
	uint64_t qual = rd(EXIT_QUALIFICATION);
	uint64_t intr = rd(VM_EXIT_INTR_INFO);
	uint64_t idt = rd(IDT_VECTORING_INFO_FIELD);
	uint64_t len = rd(VM_EXIT_INSTRUCTION_LEN);
	uint64_t info = rd(VMX_INSTRUCTION_INFO);
	uint64_t rip = rd(GUEST_RIP);
	uint64_t rsp = rd(GUEST_RSP);
	uint64_t rflags = rd(GUEST_RFLAGS);
	uint64_t intr_state = rd(GUEST_INTERRUPTIBILITY_INFO);

	GUEST_ASSERT_EQ(reason, EXIT_REASON_CPUID);
	GUEST_ASSERT_EQ(qual, 0);
	GUEST_ASSERT_EQ(intr & INTR_INFO_VALID, 0);
	GUEST_ASSERT_EQ(idt & INTR_INFO_VALID, 0);
	GUEST_ASSERT_EQ(len, 2);	/* 0f a2 */
	(void)info;			/* undefined for CPUID exits */
	GUEST_ASSERT(rsp > (uint64_t)(uintptr_t)l1.l2_stack &&
		     rsp <= (uint64_t)(uintptr_t)l1.l2_stack + VMX_L2_STACK_SIZE);
	GUEST_ASSERT_EQ(l1.gprs.rax, LEAF);
	GUEST_ASSERT_EQ(l1.gprs.rcx, SUBLEAF);
	l1.gprs.rax = FAKE_EAX;
	l1.gprs.rbx = LEAF;
	l1.gprs.rcx = SUBLEAF;
	l1.gprs.rdx = (uint32_t)~LEAF;
	wr(GUEST_RIP, rip + len);
	wr(GUEST_RFLAGS, rflags);
	wr(GUEST_INTERRUPTIBILITY_INFO, intr_state & ~3ULL);
}

static void l1_guest(void)
{
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);	/* VMLAUNCH */
	l1_handle_cpuid();
	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);	/* VMRESUME */
	GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void get_counts(struct __test_metadata *_metadata,
		       struct test_vcpu *vcpu, struct nvmx_exit_counts *c,
		       struct nvmx_nested_counts *n)
{
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_EXIT_COUNTS, c))
		TH_LOG("NVMX_GET_EXIT_COUNTS: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, n))
		TH_LOG("NVMX_GET_NESTED_COUNTS: %s", strerror(errno));
}

static uint64_t sum(const __u64 *a, const __u64 *b)
{
	uint64_t s = 0;
	int i;

	for (i = 0; i < NVMX_EXIT_REASONS; i++)
		s += b[i] - a[i];
	return s;
}

TEST(l2_cpuid_handled_by_l1)
{
	struct nvmx_exit_counts c0, c1;
	struct nvmx_nested_counts n0, n1;
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t async;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);

	test_vcpu_run_sync(vcpu, 1);
	if (vm->is_nvmx)
		get_counts(_metadata, vcpu, &c0, &n0);
	test_vcpu_run_sync(vcpu, 2);
	if (vm->is_nvmx)
		get_counts(_metadata, vcpu, &c1, &n1);
	test_vcpu_run_done(vcpu);

	if (vm->is_nvmx) {
#define D(s, f) ((s##1).f - (s##0).f)
		async = D(c, counts[EXIT_REASON_EXTERNAL_INTERRUPT]) +
			D(c, counts[EXIT_REASON_PREEMPTION_TIMER]);
		EXPECT_EQ(3ULL, D(c, total) - async);
		EXPECT_EQ(1ULL, D(c, counts[EXIT_REASON_CPUID]));
		EXPECT_EQ(1ULL, D(c, counts[EXIT_REASON_VMRESUME]));
		EXPECT_EQ(1ULL, D(c, counts[EXIT_REASON_IO_INSTRUCTION]));
		EXPECT_EQ(0ULL, D(c, counts[EXIT_REASON_VMREAD]));
		EXPECT_EQ(0ULL, D(c, counts[EXIT_REASON_VMWRITE]));
		/* The same three, by who ran and who handled. */
		EXPECT_EQ(1ULL, D(n, l1[EXIT_REASON_VMRESUME]));
		EXPECT_EQ(1ULL, sum(n0.l1, n1.l1) -
			  D(n, l1[EXIT_REASON_EXTERNAL_INTERRUPT]) -
			  D(n, l1[EXIT_REASON_PREEMPTION_TIMER]));
		EXPECT_EQ(1ULL, D(n, l2_l1[EXIT_REASON_CPUID]));
		EXPECT_EQ(1ULL, sum(n0.l2_l1, n1.l2_l1));
		EXPECT_EQ(1ULL, D(n, l2_l0[EXIT_REASON_IO_INSTRUCTION]));
		EXPECT_EQ(1ULL, sum(n0.l2_l0, n1.l2_l0) -
			  D(n, l2_l0[EXIT_REASON_EXTERNAL_INTERRUPT]) -
			  D(n, l2_l0[EXIT_REASON_PREEMPTION_TIMER]));
		EXPECT_EQ(1ULL, D(n, entries));
		EXPECT_EQ(0ULL, D(n, entry_failures));
#undef D
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
