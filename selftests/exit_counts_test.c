// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx's per-vCPU exit counters (NVMX_GET_EXIT_COUNTS, uapi/linux/nvmx.h)
 * match what the guest did, exactly: N OUTs and one HLT are N
 * EXIT_REASON_IO_INSTRUCTION and one EXIT_REASON_HLT; CPUIDs handled in
 * the kernel are counted too; total is the sum of the counters;
 * NVMX_RESET_EXIT_COUNTS zeroes them (and wants 0 as argument).  Exits
 * the host may add (EPT violations on first touch, external interrupts)
 * are not asserted.  nvmx only: skipped on another device.
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define N_OUTS		5
#define N_CPUIDS	3

/* Real mode: N_OUTS outs to port 0x80 (LOOP on CX), then HLT. */
NVMX_ASM_GUEST(rm_outs, ".code16",
	"mov $5, %cx\n"
	"1: out %al, $0x80\n"
	"loop 1b\n"
	"hlt\n");

/* Real mode: three CPUIDs (handled in the kernel), then HLT. */
NVMX_ASM_GUEST(rm_cpuids, ".code16",
	"xor %eax, %eax\n"
	"cpuid\n"
	"xor %eax, %eax\n"
	"cpuid\n"
	"mov $1, %eax\n"
	"cpuid\n"
	"hlt\n");

#define SKIP_UNLESS_NVMX() do {						\
	if (!nvmx_dev_is_nvmx())					\
		SKIP(return, "%s is not nvmx", nvmx_dev_path());	\
} while (0)

static void get_counts(struct __test_metadata *_metadata,
		       struct test_vcpu *vcpu, struct nvmx_exit_counts *c)
{
	uint64_t sum = 0;
	unsigned int i;

	memset(c, 0xff, sizeof(*c));
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_EXIT_COUNTS, c))
		TH_LOG("NVMX_GET_EXIT_COUNTS: %s", strerror(errno));
	ASSERT_EQ(0U, c->flags);
	for (i = 0; i < NVMX_EXIT_REASONS; i++)
		sum += c->counts[i];
	ASSERT_EQ(sum, c->total);
}

static struct test_vcpu *rm_vcpu(struct test_vm *vm, const char *start,
				 const char *end)
{
	test_vm_write(vm, 0x1000, start, end - start);
	return test_vcpu_add(vm, 0, 0x1000);
}

static void run_outs(struct test_vcpu *vcpu)
{
	int i;

	for (i = 0; i < N_OUTS; i++) {
		test_vcpu_run(vcpu);
		test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, 0x80, 1, 1);
	}
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
}

TEST(capability_is_reported)
{
	SKIP_UNLESS_NVMX();
	ASSERT_EQ(1, nvmx_dev_check_extension(NVMX_CAP_EXIT_COUNTS));
}

TEST(new_vcpu_has_no_exits)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct nvmx_exit_counts c;

	SKIP_UNLESS_NVMX();
	vm = test_vm_create(NVMX_MODE_REAL);
	vcpu = rm_vcpu(vm, rm_outs_start, rm_outs_end);
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ(0ULL, c.total);
	test_vm_free(vm);
}

TEST(outs_and_hlt_counted_exactly)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct nvmx_exit_counts c;

	SKIP_UNLESS_NVMX();
	vm = test_vm_create(NVMX_MODE_REAL);
	vcpu = rm_vcpu(vm, rm_outs_start, rm_outs_end);
	run_outs(vcpu);
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ((uint64_t)N_OUTS, c.counts[EXIT_REASON_IO_INSTRUCTION]);
	ASSERT_EQ(1ULL, c.counts[EXIT_REASON_HLT]);
	ASSERT_EQ(0ULL, c.counts[EXIT_REASON_CPUID]);
	test_vm_free(vm);
}

TEST(kernel_handled_cpuids_counted_exactly)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct nvmx_exit_counts c;

	SKIP_UNLESS_NVMX();
	vm = test_vm_create(NVMX_MODE_REAL);
	vcpu = rm_vcpu(vm, rm_cpuids_start, rm_cpuids_end);
	/* The CPUIDs never reach userspace: the first exit is the HLT. */
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ((uint64_t)N_CPUIDS, c.counts[EXIT_REASON_CPUID]);
	ASSERT_EQ(1ULL, c.counts[EXIT_REASON_HLT]);
	ASSERT_EQ(0ULL, c.counts[EXIT_REASON_IO_INSTRUCTION]);
	test_vm_free(vm);
}

TEST(reset_zeroes_then_counts_again)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct nvmx_exit_counts c;
	struct kvm_regs regs;

	SKIP_UNLESS_NVMX();
	vm = test_vm_create(NVMX_MODE_REAL);
	vcpu = rm_vcpu(vm, rm_outs_start, rm_outs_end);
	run_outs(vcpu);
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_RESET_EXIT_COUNTS, 0));
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ(0ULL, c.total);
	/* Again from the start: the same exits once more. */
	test_vcpu_get_regs(vcpu, &regs);
	regs.rip = 0x1000;
	test_vcpu_set_regs(vcpu, &regs);
	run_outs(vcpu);
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ((uint64_t)N_OUTS, c.counts[EXIT_REASON_IO_INSTRUCTION]);
	ASSERT_EQ(1ULL, c.counts[EXIT_REASON_HLT]);
	test_vm_free(vm);
}

TEST(reset_with_nonzero_arg_is_einval)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu;
	struct nvmx_exit_counts c;

	SKIP_UNLESS_NVMX();
	vm = test_vm_create(NVMX_MODE_REAL);
	vcpu = rm_vcpu(vm, rm_outs_start, rm_outs_end);
	run_outs(vcpu);
	ASSERT_EQ(-1, ioctl(vcpu->nv.fd, NVMX_RESET_EXIT_COUNTS, 1));
	ASSERT_EQ(EINVAL, errno);
	get_counts(_metadata, vcpu, &c);
	ASSERT_EQ((uint64_t)N_OUTS, c.counts[EXIT_REASON_IO_INSTRUCTION]);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
