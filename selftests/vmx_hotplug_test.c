// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug: a CPU that comes online while a VM lives enters VMX
 * operation, one that goes offline leaves it, and one that comes online
 * with no VM stays out.  Uses cpu1; SKIPs when there is no cpu1 or it
 * has no "online" file.  Leaves cpu1 online.
 */
#include "nvmx_test.h"

#ifndef HP_CPU
#define HP_CPU	1U
#endif

FIXTURE(hotplug) {
	bool skipped;
	int setup_err;
};

FIXTURE_SETUP(hotplug)
{
	self->skipped = false;
	self->setup_err = 0;
	if (!nvmx_cpu_hotpluggable(HP_CPU)) {
		self->skipped = true;
		SKIP(return, "no %s/cpu%u/online (one CPU?)", NVMX_CPU_SYSFS,
		     HP_CPU);
	}
	/* Start from cpu1 online; no ASSERT here so teardown always runs. */
	self->setup_err = nvmx_cpu_set_online(HP_CPU, true);
}

FIXTURE_TEARDOWN(hotplug)
{
	int r;

	if (self->skipped)
		return;
	r = nvmx_cpu_set_online(HP_CPU, true);
	TEARDOWN_CHECK(r == 0, "could not put cpu%u back online: %s", HP_CPU,
		       strerror(-r));
}

/*
 * The 6.1 harness runs the TEST_F body even when FIXTURE_SETUP SKIP()ed;
 * every body starts with this.
 */
#define HOTPLUG_PROLOGUE() do {						\
	if (self->skipped)						\
		return;							\
	ASSERT_EQ(0, self->setup_err)					\
		TH_LOG("onlining cpu%u: %s", HP_CPU,			\
		       strerror(-self->setup_err));			\
	ASSERT_EQ(1, nvmx_cpu_is_online(HP_CPU));			\
} while (0)

static void set_online(struct __test_metadata *_metadata, bool online)
{
	int r = nvmx_cpu_set_online(HP_CPU, online);

	ASSERT_EQ(0, r) TH_LOG("writing %d to cpu%u/online: %s", online,
			       HP_CPU, strerror(-r));
	ASSERT_EQ(online ? 1 : 0, nvmx_cpu_is_online(HP_CPU));
}

/* ASSERT_VMX_STATE() lists exactly the online CPUs: check cpu1's line. */
static void assert_cpu_listed(struct __test_metadata *_metadata, bool listed)
{
	static struct nvmx_vmx_state st;
	static char raw[65536];

	nvmx_test_get_vmx_state(&st, raw, sizeof(raw));
	if (listed) {
		ASSERT_NE(NULL, nvmx_vmx_state_cpu(&st, HP_CPU))
			TH_LOG("online cpu%u missing:\n%s", HP_CPU, raw);
	} else {
		ASSERT_NULL(nvmx_vmx_state_cpu(&st, HP_CPU))
			TH_LOG("offline cpu%u listed:\n%s", HP_CPU, raw);
	}
}

/* VM lives across cpu1 going offline and online: cpu1 is back in VMX. */
TEST_F(hotplug, offline_online_with_vm_restores_vmx)
{
	int sys_fd, vm_fd;

	HOTPLUG_PROLOGUE();
	ASSERT_VMX_IDLE();
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);

	set_online(_metadata, false);
	assert_cpu_listed(_metadata, false);
	ASSERT_VMX_STATE(1, 1, 1);

	set_online(_metadata, true);
	assert_cpu_listed(_metadata, true);
	ASSERT_VMX_STATE(1, 1, 1);	/* cpu1 vmxe=1 vmxon=1 again */

	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

/* No VM: cpu1 comes back online out of VMX operation. */
TEST_F(hotplug, offline_online_without_vm_stays_off)
{
	HOTPLUG_PROLOGUE();
	ASSERT_VMX_IDLE();
	set_online(_metadata, false);
	ASSERT_VMX_IDLE();
	set_online(_metadata, true);
	assert_cpu_listed(_metadata, true);
	ASSERT_VMX_IDLE();
}

/* VM created while cpu1 is offline: cpu1 enters VMX when it comes up. */
TEST_F(hotplug, vm_created_while_offline_covers_cpu_onlined_later)
{
	int sys_fd, vm_fd;

	HOTPLUG_PROLOGUE();
	ASSERT_VMX_IDLE();
	set_online(_metadata, false);
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);

	set_online(_metadata, true);
	assert_cpu_listed(_metadata, true);
	ASSERT_VMX_STATE(1, 1, 1);

	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

/* Last VM closed while cpu1 is offline: cpu1 comes back out of VMX. */
TEST_F(hotplug, last_vm_closed_while_offline_cpu_comes_back_off)
{
	int sys_fd, vm_fd;

	HOTPLUG_PROLOGUE();
	ASSERT_VMX_IDLE();
	sys_fd = nvmx_test_open_dev();
	vm_fd = nvmx_test_create_vm(sys_fd);
	set_online(_metadata, false);
	ASSERT_VMX_STATE(1, 1, 1);

	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();

	set_online(_metadata, true);
	assert_cpu_listed(_metadata, true);
	ASSERT_VMX_IDLE();

	/* And VMX still works on both CPUs afterwards. */
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

TEST_HARNESS_MAIN
