// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU and VM ioctl errnos, as KVM gives them: a guest access to a slot
 * whose host memory was unmapped makes KVM_RUN fail with EFAULT (KVM's
 * kvm_handle_bad_page(), arch/x86/kvm/mmu/mmu.c); a NULL
 * argument pointer is EFAULT; a vCPU or VM ioctl from another process
 * (a forked child) is EIO; KVM_SET_CPUID2 with more than 256 entries,
 * KVM_GET_SUPPORTED_CPUID and KVM_GET_MSR_INDEX_LIST with too small a
 * buffer are E2BIG; SREGS with CR0.PG but not CR0.PE are EINVAL;
 * KVM_INTERRUPT of vector 256 is EINVAL; an unknown vCPU ioctl is
 * EINVAL; a second KVM_RUN on a vCPU waits for the first.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#define GPA	0x1000000ULL
#define SIZE	0x200000ULL

NVMX_ASM_GUEST(rd_gpa, ".code32",
	"mov 0x1000000, %eax\n"
	"hlt\n");

TEST(run_touching_unmapped_host_memory_is_efault)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_PROTECTED);
	struct test_vcpu *vcpu;
	void *mem = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, __test_vm_set_region(vm, 1, 0, GPA, SIZE, mem));
	test_vm_load_asm(vm, NVMX_CODE_GPA, rd_gpa);
	vcpu = test_vcpu_add(vm, 0, NVMX_CODE_GPA);
	/* Unmapped after the vCPU's kvm_run mmap, so nothing reuses it. */
	ASSERT_EQ(0, munmap(mem, SIZE));
	ASSERT_EQ(-EFAULT, __test_vcpu_run(vcpu))
		TH_LOG("exit %s", nvmx_exit_reason_str(vcpu->nv.run->exit_reason));
	test_vm_free(vm);
}

struct null_ioctl {
	unsigned long req;
	const char *name;
	bool vm;
};

TEST(null_argument_is_efault)
{
	static const struct null_ioctl calls[] = {
		{ KVM_GET_REGS, "KVM_GET_REGS", false },
		{ KVM_SET_REGS, "KVM_SET_REGS", false },
		{ KVM_GET_SREGS, "KVM_GET_SREGS", false },
		{ KVM_SET_SREGS, "KVM_SET_SREGS", false },
		{ KVM_GET_FPU, "KVM_GET_FPU", false },
		{ KVM_SET_FPU, "KVM_SET_FPU", false },
		{ KVM_GET_MSRS, "KVM_GET_MSRS", false },
		{ KVM_SET_MSRS, "KVM_SET_MSRS", false },
		{ KVM_SET_CPUID2, "KVM_SET_CPUID2", false },
		{ KVM_GET_CPUID2, "KVM_GET_CPUID2", false },
		{ KVM_INTERRUPT, "KVM_INTERRUPT", false },
		{ KVM_SET_USER_MEMORY_REGION, "KVM_SET_USER_MEMORY_REGION", true },
	};
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);
	unsigned int i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		int fd = calls[i].vm ? vm->nv.fd : vcpu->nv.fd;
		int r = ioctl(fd, calls[i].req, NULL);
		int err = errno;

		EXPECT_EQ(-1, r) TH_LOG("%s(NULL) returned %d", calls[i].name, r);
		EXPECT_EQ(EFAULT, err) TH_LOG("%s(NULL): %s", calls[i].name,
					      strerror(err));
	}
	test_vm_free(vm);
}

/* Run fn in a forked child; returns the child's exit status. */
static int in_child(struct __test_metadata *_metadata,
		    int (*fn)(struct test_vm *, struct test_vcpu *),
		    struct test_vm *vm, struct test_vcpu *vcpu)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(fn(vm, vcpu));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Exit status: the errno of the ioctl, 0 if it did not fail. */
static int child_get_regs(struct test_vm *vm, struct test_vcpu *vcpu)
{
	struct kvm_regs regs;

	(void)vm;
	return ioctl(vcpu->nv.fd, KVM_GET_REGS, &regs) ? errno : 0;
}

static int child_run(struct test_vm *vm, struct test_vcpu *vcpu)
{
	(void)vm;
	return ioctl(vcpu->nv.fd, KVM_RUN, 0) ? errno : 0;
}

static int child_create_vcpu(struct test_vm *vm, struct test_vcpu *vcpu)
{
	int fd = ioctl(vm->nv.fd, KVM_CREATE_VCPU, 5UL);

	(void)vcpu;
	return fd < 0 ? errno : 0;
}

static int child_set_region(struct test_vm *vm, struct test_vcpu *vcpu)
{
	static char mem[0x2000] __attribute__((aligned(0x1000)));

	(void)vcpu;
	return -__test_vm_set_region(vm, 7, 0, 0x7000000, 0x1000, mem);
}

TEST(vcpu_ioctl_from_other_process_is_eio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0x1000);

	ASSERT_EQ(EIO, in_child(_metadata, child_get_regs, vm, vcpu));
	test_vm_free(vm);
}

TEST(kvm_run_from_other_process_is_eio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0x1000);

	ASSERT_EQ(EIO, in_child(_metadata, child_run, vm, vcpu));
	test_vm_free(vm);
}

TEST(vm_ioctl_from_other_process_is_eio)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0x1000);

	ASSERT_EQ(EIO, in_child(_metadata, child_create_vcpu, vm, vcpu));
	ASSERT_EQ(EIO, in_child(_metadata, child_set_region, vm, vcpu));
	test_vm_free(vm);
}

TEST(set_cpuid2_with_257_entries_is_e2big)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 257 * sizeof(c->entries[0]));

	ASSERT_NE(NULL, c);
	c->nent = 257;
	ASSERT_EQ(-1, ioctl(vcpu->nv.fd, KVM_SET_CPUID2, c));
	ASSERT_EQ(E2BIG, errno);
	free(c);
	test_vm_free(vm);
}

TEST(get_supported_cpuid_too_small_is_e2big)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + sizeof(c->entries[0]));

	ASSERT_NE(NULL, c);
	c->nent = 1;
	ASSERT_EQ(-1, ioctl(vm->sys.fd, KVM_GET_SUPPORTED_CPUID, c));
	ASSERT_EQ(E2BIG, errno);
	free(c);
	test_vm_free(vm);
}

TEST(get_msr_index_list_too_small_is_e2big_with_count)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct kvm_msr_list *l = calloc(1, sizeof(*l) + 4096 * sizeof(__u32));
	__u32 n;

	ASSERT_NE(NULL, l);
	l->nmsrs = 4096;
	ASSERT_EQ(0, ioctl(vm->sys.fd, KVM_GET_MSR_INDEX_LIST, l));
	n = l->nmsrs;
	ASSERT_LT(1U, n);
	l->nmsrs = 1;
	ASSERT_EQ(-1, ioctl(vm->sys.fd, KVM_GET_MSR_INDEX_LIST, l));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_EQ(n, l->nmsrs);
	free(l);
	test_vm_free(vm);
}

TEST(sregs_with_paging_without_pe_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);
	struct kvm_sregs sr;

	test_vcpu_get_sregs(vcpu, &sr);
	sr.cr0 = (1UL << 31) | 0x10;	/* PG, ET; no PE */
	ASSERT_EQ(-1, ioctl(vcpu->nv.fd, KVM_SET_SREGS, &sr));
	ASSERT_EQ(EINVAL, errno);
	test_vm_free(vm);
}

TEST(interrupt_vector_256_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);
	struct kvm_interrupt irq = { .irq = 256 };

	ASSERT_EQ(-1, ioctl(vcpu->nv.fd, KVM_INTERRUPT, &irq));
	ASSERT_EQ(EINVAL, errno);
	test_vm_free(vm);
}

TEST(unknown_vcpu_ioctl_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	struct test_vcpu *vcpu = test_vcpu_add(vm, 0, 0);

	/* _IO(KVMIO, 0xff): no such ioctl. */
	ASSERT_EQ(-1, ioctl(vcpu->nv.fd, _IO(KVMIO, 0xff), 0));
	ASSERT_EQ(EINVAL, errno);
	test_vm_free(vm);
}

/* ---- a second KVM_RUN on the same vCPU waits ---------------------- */

#define SHARED_GPA	0x40000ULL

static void guest_wait_flag(uint64_t gpa)
{
	volatile uint64_t *shared = (volatile uint64_t *)gpa;

	shared[0] = 1;
	while (!shared[1])
		__asm__ volatile("pause");
	shared[2] = 1;
	GUEST_SYNC(1);
	shared[2] = 2;
	GUEST_DONE();
}

struct run_thread {
	struct test_vcpu *vcpu;
	atomic_int returned;
	int r;
	uint64_t cmd;
};

static void *run_thread(void *arg)
{
	struct run_thread *rt = arg;
	struct nvmx_ucall uc;

	rt->r = __test_vcpu_run(rt->vcpu);
	atomic_store(&rt->returned, 1);
	/*
	 * Decoding the ucall needs the vCPU, which the other thread's KVM_RUN
	 * may hold by then: what is decoded is whatever that run left.
	 */
	rt->cmd = rt->r ? UCALL_NONE : test_get_ucall(rt->vcpu, &uc);
	return NULL;
}

TEST(second_run_waits_for_first)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	volatile uint64_t *shared = test_gpa2hva(vm, SHARED_GPA);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_wait_flag);
	struct run_thread a = { .vcpu = vcpu }, b = { .vcpu = vcpu };
	pthread_t ta, tb;
	int i;

	test_vcpu_args_set(vcpu, 1, SHARED_GPA);
	ASSERT_EQ(0, pthread_create(&ta, NULL, run_thread, &a));
	for (i = 0; i < 10000 && !shared[0]; i++)
		nvmx_msleep(1);
	ASSERT_EQ(1ULL, shared[0]);
	ASSERT_EQ(0, pthread_create(&tb, NULL, run_thread, &b));
	nvmx_msleep(300);
	ASSERT_EQ(0, atomic_load(&a.returned));
	ASSERT_EQ(0, atomic_load(&b.returned))
		TH_LOG("second KVM_RUN returned %d while the first runs", b.r);
	shared[1] = 1;
	ASSERT_EQ(0, pthread_join(ta, NULL));
	ASSERT_EQ(0, pthread_join(tb, NULL));
	ASSERT_EQ(0, a.r);
	ASSERT_EQ(0, b.r);
	/*
	 * The first run returned at GUEST_SYNC and the second, which had
	 * waited, ran on to GUEST_DONE: the guest's own marker says it got
	 * there, and the last state of the vCPU is that GUEST_DONE.
	 */
	ASSERT_EQ(2ULL, shared[2]);
	ASSERT_TRUE(a.cmd == UCALL_DONE || b.cmd == UCALL_DONE);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
