// SPDX-License-Identifier: GPL-2.0
/*
 * Another hypervisor (KVM) holds VMX: KVM_CREATE_VM on /dev/nvmx fails
 * with EBUSY, logs "nvmx: cpu<N>: VMX in use by another hypervisor",
 * leaves KVM's VMX alone, and works again once KVM lets go.
 *
 * Each test's setup loads kvm_intel and creates a KVM VM (6.12 enables
 * VMX when kvm_intel loads, 6.1 only when a VM exists: this holds it on
 * both); teardown closes the KVM VM and unloads kvm_intel and kvm, so
 * later tests can use VMX.  Without KVM the tests SKIP, or FAIL when
 * NVMX_REQUIRE_KVM=1.
 */
#include <fcntl.h>
#include <time.h>

#include "nvmx_test.h"

/* How long KVM's module references may take to go after its VM is closed. */
#define KVM_UNLOAD_WAIT_MS	30000
/* How long to wait for nvmx's kernel log line to show up in /dev/kmsg. */
#define KMSG_WAIT_MS		3000

FIXTURE(kvm_busy) {
	int kvm_fd;
	int kvm_vm_fd;
	bool loaded;		/* modprobe kvm_intel succeeded */
	bool held;		/* a KVM VM exists: KVM holds VMX */
	bool released;		/* kvm_release() already ran */
	char why[256];		/* why KVM could not be had */
};

static void kvm_hold(FIXTURE_DATA(kvm_busy) *self)
{
	static const char *const modprobe[] = { "modprobe", "kvm_intel", NULL };
	int r;

	r = nvmx_run(modprobe);
	if (r) {
		if (r < 0)
			snprintf(self->why, sizeof(self->why),
				 "modprobe kvm_intel: %s", strerror(-r));
		else
			snprintf(self->why, sizeof(self->why),
				 "modprobe kvm_intel exited %d", r);
		return;
	}
	self->loaded = true;
	self->kvm_fd = open(KVM_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (self->kvm_fd < 0) {
		snprintf(self->why, sizeof(self->why), "open(%s): %s",
			 KVM_DEV_PATH, strerror(errno));
		return;
	}
	self->kvm_vm_fd = ioctl(self->kvm_fd, KVM_CREATE_VM, 0);
	if (self->kvm_vm_fd < 0) {
		snprintf(self->why, sizeof(self->why),
			 "KVM_CREATE_VM on %s: %s", KVM_DEV_PATH,
			 strerror(errno));
		return;
	}
	self->held = true;
}

/*
 * Close the KVM VM and /dev/kvm, then, if modprobe loaded it, unload
 * kvm_intel and kvm (what "modprobe -r kvm_intel kvm" does): 0 or -errno.
 */
static int kvm_release(FIXTURE_DATA(kvm_busy) *self)
{
	int r;

	self->released = true;
	self->held = false;
	if (self->kvm_vm_fd >= 0)
		close(self->kvm_vm_fd);
	self->kvm_vm_fd = -1;
	if (self->kvm_fd >= 0)
		close(self->kvm_fd);
	self->kvm_fd = -1;
	if (!self->loaded)
		return 0;
	self->loaded = false;
	r = nvmx_module_unload_wait("kvm_intel", KVM_UNLOAD_WAIT_MS);
	if (r) {
		snprintf(self->why, sizeof(self->why),
			 "unloading kvm_intel: %s", strerror(-r));
		return r;
	}
	r = nvmx_module_unload_wait("kvm", KVM_UNLOAD_WAIT_MS);
	if (r)
		snprintf(self->why, sizeof(self->why), "unloading kvm: %s",
			 strerror(-r));
	return r;
}

FIXTURE_SETUP(kvm_busy)
{
	/* No ASSERT: teardown must run to unload whatever got loaded. */
	self->kvm_fd = -1;
	self->kvm_vm_fd = -1;
	self->loaded = false;
	self->held = false;
	self->released = false;
	self->why[0] = '\0';
	kvm_hold(self);
}

FIXTURE_TEARDOWN(kvm_busy)
{
	int r;

	if (self->released)
		return;
	r = kvm_release(self);
	TEARDOWN_CHECK(r == 0, "%s", self->why);
}

/*
 * Every body starts with this: SKIP (FAIL with NVMX_REQUIRE_KVM=1) without
 * KVM, else check what KVM holding VMX looks like to nvmx: no nvmx VM,
 * every online CPU has CR4.VMXE set (by KVM) and nvmx's own flag clear.
 */
#define KVM_BUSY_PROLOGUE() do {					\
	if (!self->held) {						\
		if (nvmx_env_is_1(NVMX_ENV_REQUIRE_KVM)) {		\
			ASSERT_TRUE(self->held)				\
				TH_LOG("%s=1 but %s",			\
				       NVMX_ENV_REQUIRE_KVM, self->why);\
		}							\
		SKIP(return, "KVM cannot hold VMX here: %s", self->why);\
	}								\
	ASSERT_VMX_STATE(0, 1, 0);					\
} while (0)

static void assert_create_ebusy(struct __test_metadata *_metadata, int sys_fd)
{
	int before = nvmx_lowest_free_fd();
	int fd, err;

	ASSERT_LE(0, before);
	errno = 0;
	fd = nvmx_create_vm(sys_fd, 0);
	err = errno;
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(-1, fd) TH_LOG("KVM_CREATE_VM succeeded while KVM holds VMX");
	ASSERT_EQ(EBUSY, err) TH_LOG("KVM_CREATE_VM: %s", strerror(err));
	ASSERT_EQ(before, nvmx_lowest_free_fd());
}

TEST_F(kvm_busy, create_vm_fails_ebusy)
{
	int sys_fd;

	KVM_BUSY_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	assert_create_ebusy(_metadata, sys_fd);
	/* Nothing got stuck: the answer is the same the second time. */
	assert_create_ebusy(_metadata, sys_fd);
}

TEST_F(kvm_busy, ebusy_logged_with_cpu)
{
	static unsigned int online[NVMX_MAX_CPUS];
	static char seen[8192];
	unsigned int n, cpu, i, found = 0, waited = 0;
	char msg[1024];
	int kfd, sys_fd, r;
	bool is_online;

	KVM_BUSY_PROLOGUE();
	n = nvmx_test_online_cpus(online);
	sys_fd = nvmx_test_open_dev();
	kfd = nvmx_kmsg_open_end();
	ASSERT_LE(0, kfd) TH_LOG("%s: %s", NVMX_KMSG_PATH, strerror(-kfd));

	assert_create_ebusy(_metadata, sys_fd);

	for (;;) {
		r = nvmx_kmsg_next(kfd, msg, sizeof(msg));
		ASSERT_LE(0, r) TH_LOG("reading %s: %s", NVMX_KMSG_PATH,
				       strerror(-r));
		if (r == 0) {
			if (found || waited >= KMSG_WAIT_MS)
				break;
			nvmx_msleep(100);
			waited += 100;
			continue;
		}
		if (strstr(msg, "nvmx") &&
		    strlen(seen) + strlen(msg) + 2 < sizeof(seen)) {
			strcat(seen, msg);
			strcat(seen, "\n");
		}
		if (!nvmx_msg_is_vmx_busy(msg, &cpu))
			continue;
		found++;
		is_online = false;
		for (i = 0; i < n; i++)
			is_online |= online[i] == cpu;
		ASSERT_TRUE(is_online) TH_LOG("\"%s\": cpu%u is not online",
					      msg, cpu);
	}
	ASSERT_LT(0U, found)
		TH_LOG("no \"nvmx: cpu<N>: VMX in use by another hypervisor\" in %s; nvmx lines seen:\n%s",
		       NVMX_KMSG_PATH, seen);
	close(kfd);
}

/* The failed create neither took VMX nor cleared KVM's CR4.VMXE. */
TEST_F(kvm_busy, failed_create_leaves_kvm_vmx_alone)
{
	int sys_fd;

	KVM_BUSY_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	assert_create_ebusy(_metadata, sys_fd);
	ASSERT_VMX_STATE(0, 1, 0);
}

/* Once KVM let go of VMX, nvmx can have it: nothing was lost. */
TEST_F(kvm_busy, create_vm_works_after_kvm_released)
{
	int sys_fd, vm_fd, r;

	KVM_BUSY_PROLOGUE();
	sys_fd = nvmx_test_open_dev();
	assert_create_ebusy(_metadata, sys_fd);

	r = kvm_release(self);
	ASSERT_EQ(0, r) TH_LOG("%s", self->why);
	ASSERT_VMX_IDLE();

	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

TEST_HARNESS_MAIN
