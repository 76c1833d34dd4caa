// SPDX-License-Identifier: GPL-2.0
/*
 * libnvmx on the host: the error contract (-errno, nothing printed) and the
 * guest-RAM alignment without a device; the VM/vCPU calls on $NVMX_DEV
 * (default /dev/kvm), skipped when it cannot create a VM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libnvmx.h"

static const char *device(void)
{
	const char *d = getenv("NVMX_DEV");

	return d ? d : "/dev/kvm";
}

FIXTURE(vm) {
	struct nvmx_sys sys;
	struct nvmx_vm vm;
};

/* The 6.1 harness runs the body even after a SKIP here: see REQUIRE_VM. */
FIXTURE_SETUP(vm)
{
	self->vm.fd = -1;
	if (nvmx_sys_open(&self->sys, device()))
		return;
	if (nvmx_vm_create(&self->sys, &self->vm))
		nvmx_sys_close(&self->sys);
}

FIXTURE_TEARDOWN(vm)
{
	nvmx_vm_close(&self->vm);
	nvmx_sys_close(&self->sys);
}

#define REQUIRE_VM() do {						\
	if (self->vm.fd < 0)						\
		SKIP(return, "%s absent or cannot create a VM", device()); \
} while (0)

TEST(sys_open_missing_path_is_enoent)
{
	struct nvmx_sys sys;

	EXPECT_EQ(-ENOENT, nvmx_sys_open(&sys, "/nonexistent/nvmx"));
	EXPECT_EQ(-1, sys.fd);
}

TEST(sys_open_non_kvm_device_is_enotty)
{
	struct nvmx_sys sys;

	EXPECT_EQ(-ENOTTY, nvmx_sys_open(&sys, "/dev/null"));
}

TEST(ram_is_2mib_aligned_and_zeroed)
{
	size_t size = 6UL << 20;
	unsigned char *p;
	size_t i;

	ASSERT_EQ(0, nvmx_ram_alloc(size, (void **)&p));
	EXPECT_EQ(0, (uintptr_t)p & (NVMX_RAM_ALIGN - 1));
	for (i = 0; i < size; i += 4096)
		ASSERT_EQ(0, p[i]);
	p[size - 1] = 1;
	nvmx_ram_free(p, size);
}

TEST(ram_of_size_zero_is_einval)
{
	void *p;

	EXPECT_EQ(-EINVAL, nvmx_ram_alloc(0, &p));
}

TEST_F(vm, supported_cpuid_has_leaf_0)
{
	struct kvm_cpuid2 *c = NULL;
	bool leaf0 = false;
	uint32_t i;

	REQUIRE_VM();
	ASSERT_EQ(0, nvmx_get_supported_cpuid(&self->sys, &c));
	for (i = 0; i < c->nent; i++)
		leaf0 |= c->entries[i].function == 0;
	EXPECT_TRUE(leaf0);
	free(c);
}

TEST_F(vm, overlapping_slot_is_eexist)
{
	void *hva;

	REQUIRE_VM();
	ASSERT_EQ(0, nvmx_vm_add_ram(&self->vm, 0, 0, 2UL << 20, &hva));
	EXPECT_EQ(-EEXIST, nvmx_set_user_memory_region(&self->vm, 1, 0,
							1UL << 20, 2UL << 20,
							hva));
	nvmx_ram_free(hva, 2UL << 20);
}

TEST_F(vm, vcpu_regs_round_trip_and_run_page)
{
	struct kvm_regs regs, back;
	struct nvmx_vcpu v;

	REQUIRE_VM();
	ASSERT_EQ(0, nvmx_vcpu_create(&self->vm, 0, &v));
	EXPECT_NE(NULL, v.run);
	EXPECT_EQ(0, nvmx_get_regs(&v, &regs));
	regs.rbx = 0x1234;
	regs.rip = 0xfff0;
	EXPECT_EQ(0, nvmx_set_regs(&v, &regs));
	EXPECT_EQ(0, nvmx_get_regs(&v, &back));
	EXPECT_EQ(0x1234, back.rbx);
	EXPECT_EQ(0xfff0, back.rip);
	nvmx_vcpu_close(&v);
	EXPECT_EQ(-1, v.fd);
}

TEST_F(vm, duplicate_vcpu_id_is_eexist)
{
	struct nvmx_vcpu a, b;

	REQUIRE_VM();
	ASSERT_EQ(0, nvmx_vcpu_create(&self->vm, 0, &a));
	EXPECT_EQ(-EEXIST, nvmx_vcpu_create(&self->vm, 0, &b));
	EXPECT_EQ(-1, b.fd);
	nvmx_vcpu_close(&a);
}

TEST_HARNESS_MAIN
