// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CHECK_EXTENSION on the system fd (/dev/nvmx) and on a VM fd.
 *
 * Every test runs twice (fixture variants): on the system fd and on a
 * VM fd.  The expectations are the table below: when an issue makes
 * nvmx implement a capability, update (or add) its row.  Any KVM
 * capability number without a row must answer 0.
 */
#include <limits.h>

#include <linux/nvmx.h>

#include "nvmx_test.h"

struct cap_row {
	unsigned long cap;
	const char *name;
	int sys;	/* answer on the system fd */
	int vm;		/* answer on a VM fd */
};

#define CAP(c, s, v)	{ (c), #c, (s), (v) }

static const struct cap_row cap_table[] = {
	/* nvmx's own. */
	CAP(NVMX_CAP_NVMX,			1, 1),
	CAP(NVMX_CAP_EXIT_COUNTS,		1, 1),
	/* Module parameter nested=1 (default) on a CPU with shadow VMCS. */
	CAP(NVMX_CAP_NESTED,			1, 1),

	/* KVM capabilities of issue 3 (16 vCPUs, 32 memory slots). */
	CAP(KVM_CAP_HLT,			1, 1),
	CAP(KVM_CAP_USER_MEMORY,		1, 1),
	CAP(KVM_CAP_SET_TSS_ADDR,		1, 1),
	CAP(KVM_CAP_EXT_CPUID,			1, 1),
	CAP(KVM_CAP_NR_VCPUS,			16, 16),
	CAP(KVM_CAP_MAX_VCPUS,			16, 16),
	CAP(KVM_CAP_MAX_VCPU_ID,		16, 16),
	CAP(KVM_CAP_NR_MEMSLOTS,		32, 32),
	CAP(KVM_CAP_SET_IDENTITY_MAP_ADDR,	1, 1),
	CAP(KVM_CAP_XSAVE,			1, 1),
	CAP(KVM_CAP_XCRS,			1, 1),
	CAP(KVM_CAP_READONLY_MEM,		1, 1),
	CAP(KVM_CAP_IMMEDIATE_EXIT,		1, 1),

	/* KVM capabilities nvmx does not have. */
	CAP(KVM_CAP_IRQCHIP,			0, 0),
	CAP(KVM_CAP_MP_STATE,			0, 0),
	CAP(KVM_CAP_SYNC_MMU,			0, 0),
	CAP(KVM_CAP_IOEVENTFD,			0, 0),
	CAP(KVM_CAP_TSC_CONTROL,		0, 0),
	CAP(KVM_CAP_GET_TSC_KHZ,		0, 0),
	CAP(KVM_CAP_SIGNAL_MSI,			0, 0),
	CAP(KVM_CAP_CHECK_EXTENSION_VM,		0, 0),
	CAP(KVM_CAP_GET_MSR_FEATURES,		0, 0),
	CAP(KVM_CAP_X86_DISABLE_EXITS,		0, 0),
	CAP(KVM_CAP_NESTED_STATE,		0, 0),
	CAP(KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,	0, 0),
	CAP(KVM_CAP_SYNC_REGS,			0, 0),
	CAP(KVM_CAP_VCPU_EVENTS,		0, 0),
	CAP(KVM_CAP_BINARY_STATS_FD,		0, 0),
};

/* Numbers nobody defines: always 0. */
static const unsigned long unknown_caps[] = {
	NVMX_CAP_BASE + 3,
	NVMX_CAP_BASE + 0xffff,
	NVMX_CAP_BASE - 1,
	0x7fffffffUL,
	0xffffffffUL,
	ULONG_MAX,		/* -1 */
};

/*
 * KVM's KVM_CAP_* numbers are below this (the highest in 6.12 is ~240):
 * every one without a table row must answer 0.
 */
#define KVM_CAP_SWEEP_END	1024UL

FIXTURE(check_ext) {
	int sys_fd;
	int vm_fd;
	int fd;		/* the one the variant asks */
};

FIXTURE_VARIANT(check_ext) {
	bool on_vm;
};

FIXTURE_VARIANT_ADD(check_ext, system_fd) {
	.on_vm = false,
};

FIXTURE_VARIANT_ADD(check_ext, vm_fd) {
	.on_vm = true,
};

FIXTURE_SETUP(check_ext)
{
	self->vm_fd = -1;
	self->sys_fd = nvmx_test_open_dev();
	if (variant->on_vm)
		self->vm_fd = nvmx_test_create_vm(self->sys_fd);
	self->fd = variant->on_vm ? self->vm_fd : self->sys_fd;
}

FIXTURE_TEARDOWN(check_ext)
{
	if (self->vm_fd >= 0)
		close(self->vm_fd);
	close(self->sys_fd);
}

static int check_ext(int fd, unsigned long cap, int *err)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	*err = r < 0 ? errno : 0;
	return r;
}

TEST_F(check_ext, nvmx_cap_is_1)
{
	int err, r = check_ext(self->fd, NVMX_CAP_NVMX, &err);

	ASSERT_EQ(1, r) TH_LOG("KVM_CHECK_EXTENSION(NVMX_CAP_NVMX = %#x): %s",
			       NVMX_CAP_NVMX, r < 0 ? strerror(err) : "");
}

TEST_F(check_ext, table_rows)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cap_table); i++) {
		const struct cap_row *row = &cap_table[i];
		int want = variant->on_vm ? row->vm : row->sys;
		int err, r = check_ext(self->fd, row->cap, &err);

		EXPECT_EQ(want, r) TH_LOG("%s (%lu): got %d%s%s", row->name,
					  row->cap, r, r < 0 ? " " : "",
					  r < 0 ? strerror(err) : "");
	}
}

TEST_F(check_ext, kvm_caps_without_row_are_0)
{
	unsigned long cap;
	size_t i;

	for (cap = 0; cap < KVM_CAP_SWEEP_END; cap++) {
		bool has_row = false;
		int err, r;

		for (i = 0; i < ARRAY_SIZE(cap_table); i++)
			has_row |= cap_table[i].cap == cap;
		if (has_row)
			continue;
		r = check_ext(self->fd, cap, &err);
		EXPECT_EQ(0, r) TH_LOG("capability %lu: got %d%s%s", cap, r,
				       r < 0 ? " " : "",
				       r < 0 ? strerror(err) : "");
	}
}

TEST_F(check_ext, unknown_numbers_are_0)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unknown_caps); i++) {
		int err, r = check_ext(self->fd, unknown_caps[i], &err);

		EXPECT_EQ(0, r) TH_LOG("capability %#lx: got %d%s%s",
				       unknown_caps[i], r, r < 0 ? " " : "",
				       r < 0 ? strerror(err) : "");
	}
}

TEST_HARNESS_MAIN
