// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CREATE_VCPU errnos, as KVM gives them: a duplicate id is EEXIST,
 * an id at or above KVM_CAP_MAX_VCPU_ID is EINVAL, a vCPU beyond
 * KVM_CAP_MAX_VCPUS is EINVAL (tested where that is at most 64, as on
 * nvmx); a failed create leaks no fd.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

/* Documentation/virt/kvm/api.rst, KVM_CREATE_VCPU: limits and fallbacks. */
static int max_vcpus(struct test_vm *vm)
{
	int r = ioctl(vm->nv.fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);

	if (r <= 0)
		r = ioctl(vm->nv.fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
	return r <= 0 ? 4 : r;
}

static int max_vcpu_id(struct test_vm *vm)
{
	int r = ioctl(vm->nv.fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPU_ID);

	return r <= 0 ? max_vcpus(vm) : r;
}

static int create_vcpu(struct test_vm *vm, unsigned long id, int *err)
{
	int fd = ioctl(vm->nv.fd, KVM_CREATE_VCPU, id);

	*err = fd < 0 ? errno : 0;
	return fd;
}

TEST(duplicate_id_is_eexist)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	int fd, err, before;

	test_vcpu_add(vm, 3, 0);
	before = nvmx_lowest_free_fd();
	fd = create_vcpu(vm, 3, &err);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EEXIST, err) TH_LOG("%s", strerror(err));
	ASSERT_EQ(before, nvmx_lowest_free_fd());
	test_vm_free(vm);
}

TEST(id_at_max_vcpu_id_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	int max_id = max_vcpu_id(vm);
	int fd, err;

	ASSERT_LT(0, max_id);
	fd = create_vcpu(vm, (unsigned long)max_id, &err);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EINVAL, err) TH_LOG("%s", strerror(err));
	fd = create_vcpu(vm, 1UL << 32, &err);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EINVAL, err) TH_LOG("id 1 << 32: %s", strerror(err));
	test_vm_free(vm);
}

TEST(id_below_max_vcpu_id_works)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	int max_id = max_vcpu_id(vm);
	int fd, err;

	ASSERT_LT(0, max_id);
	fd = create_vcpu(vm, (unsigned long)max_id - 1, &err);
	ASSERT_LE(0, fd) TH_LOG("id %d: %s", max_id - 1, strerror(err));
	ASSERT_CLOSE(fd);
	test_vm_free(vm);
}

/* Only where the limit is small enough to reach (nvmx: 16). */
TEST(vcpu_beyond_max_vcpus_is_einval)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_NONE);
	int max = max_vcpus(vm);
	int fds[64], i, fd, err;

	if (max > 64) {
		test_vm_free(vm);
		SKIP(return, "KVM_CAP_MAX_VCPUS %d: too many to create here",
		     max);
	}
	for (i = 0; i < max; i++) {
		fds[i] = create_vcpu(vm, i, &err);
		ASSERT_LE(0, fds[i]) TH_LOG("vCPU %d: %s", i, strerror(err));
	}
	fd = create_vcpu(vm, max, &err);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EINVAL, err) TH_LOG("%s", strerror(err));
	for (i = 0; i < max; i++)
		ASSERT_CLOSE(fds[i]);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
