// SPDX-License-Identifier: GPL-2.0
/*
 * 200 cycles of create VM, add memory, create a vCPU, run a guest to
 * HLT, close everything leave nothing behind: no fd, MemAvailable within
 * 16 MiB of where it was (one leaked 2 MiB slot or 16 KiB per cycle
 * would show), and on nvmx the module refcount and vmx_state back to
 * idle.
 */
#include <stdio.h>
#include <stdlib.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT	540

#define CYCLES		200
#define MEM_SLACK_KB	(16 * 1024)

NVMX_ASM_GUEST(rm_out_hlt, ".code16",
	"mov $0x42, %al\n"
	"out %al, $0x80\n"
	"hlt\n");

static void cycle(void)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_REAL);
	struct test_vcpu *vcpu;

	/* A second slot, touched by nobody, and a second vCPU, never run. */
	test_vm_add_slot(vm, 1, 0x1000000, 0x200000, 0);
	test_vm_load_asm(vm, 0x1000, rm_out_hlt);
	vcpu = test_vcpu_add(vm, 0, 0x1000);
	test_vcpu_add(vm, 1, 0x1000);
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, 0x80, 1, 1);
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_HLT);
	test_vm_free(vm);
}

static long mem_available_kb(void)
{
	char buf[8192], *p;
	int r = nvmx_read_file("/proc/meminfo", buf, sizeof(buf));

	if (r < 0)
		return -1;
	p = strstr(buf, "MemAvailable:");
	return p ? strtol(p + strlen("MemAvailable:"), NULL, 10) : -1;
}

static int refcnt(void)
{
	char buf[32];
	int r = nvmx_read_file("/sys/module/" NVMX_MODULE_NAME "/refcnt",
			       buf, sizeof(buf));

	return r < 0 ? r : atoi(buf);
}

TEST(create_run_destroy_200_cycles_leaves_nothing)
{
	bool is_nvmx = nvmx_dev_is_nvmx();
	long before_kb, after_kb;
	int fd_before, ref_before = 0, i;

	cycle();	/* warm up: lazily allocated host structures */
	fd_before = nvmx_lowest_free_fd();
	before_kb = mem_available_kb();
	ASSERT_LT(0, before_kb);
	if (is_nvmx) {
		ref_before = refcnt();
		ASSERT_LE(0, ref_before);
	}
	for (i = 0; i < CYCLES; i++)
		cycle();
	ASSERT_EQ(fd_before, nvmx_lowest_free_fd());
	after_kb = mem_available_kb();
	ASSERT_LT(0, after_kb);
	TH_LOG("MemAvailable %ld kB before, %ld kB after %d cycles",
	       before_kb, after_kb, CYCLES);
	ASSERT_GT(MEM_SLACK_KB, before_kb - after_kb);
	if (is_nvmx) {
		ASSERT_EQ(ref_before, refcnt());
		ASSERT_VMX_IDLE();
	}
}

TEST_HARNESS_MAIN
