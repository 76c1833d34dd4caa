// SPDX-License-Identifier: GPL-2.0
/*
 * kill -9 of a process whose vCPUs are running a guest leaves the host
 * healthy: the process dies, every VM is gone (vmx_state idle) and
 * nvmx unloads at once.  nvmx only (skipped when NVMX_DEV names another
 * device); the module is left loaded.
 */
#include <poll.h>
#include <pthread.h>
#include <sys/wait.h>

#include "nvmx_test.h"
#include "nvmx_module.h"
#include "nvmx_vm.h"

/* Sync once, then spin forever. */
static void guest_sync_spin(void)
{
	GUEST_SYNC(1);
	for (;;)
		__asm__ volatile("pause");
}

static void *spin_thread(void *arg)
{
	struct test_vcpu *vcpu = arg;

	test_vcpu_run(vcpu);
	NVMX_DIE("vCPU %u left KVM_RUN", vcpu->nv.id);
}

/*
 * Child: a VM with @nr vCPUs, each synced once then spinning in KVM_RUN
 * in its own thread; one byte on @wfd once all are started.
 */
static void child(int wfd, unsigned int nr)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	pthread_t t;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct test_vcpu *vcpu = test_vcpu_add_guest(vm, i,
							     guest_sync_spin);

		test_vcpu_run_sync(vcpu, 1);
		if (pthread_create(&t, NULL, spin_thread, vcpu))
			NVMX_DIE("pthread_create");
	}
	nvmx_msleep(100);	/* let them enter KVM_RUN */
	if (write(wfd, "r", 1) != 1)
		NVMX_DIE("write: %s", strerror(errno));
	for (;;)
		pause();
}

static void kill_running_vm(struct __test_metadata *_metadata,
			    const char *ko, unsigned int nr)
{
	struct pollfd pfd;
	int p[2], status;
	char c;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(p[0]);
		child(p[1], nr);
	}
	close(p[1]);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, 90000)) TH_LOG("child never started");
	ASSERT_EQ(1, read(p[0], &c, 1)) TH_LOG("child died before running");
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGKILL, WTERMSIG(status));
	close(p[0]);
	ASSERT_VMX_IDLE();
	ASSERT_UNLOAD();
	ASSERT_LOAD(ko);
	ASSERT_VMX_IDLE();
}

#define SKIP_UNLESS_DEV_NVMX() do {					\
	if (strcmp(nvmx_dev_path(), NVMX_DEV_PATH))			\
		SKIP(return, "NVMX_DEV=%s: nvmx module test",		\
		     nvmx_dev_path());					\
} while (0)

TEST_F(nvmx_module, kill_9_running_vcpu_then_unload)
{
	SKIP_UNLESS_DEV_NVMX();
	NVMX_MODULE_PROLOGUE();
	kill_running_vm(_metadata, self->ko, 1);
}

TEST_F(nvmx_module, kill_9_two_running_vcpus_then_unload)
{
	SKIP_UNLESS_DEV_NVMX();
	NVMX_MODULE_PROLOGUE();
	kill_running_vm(_metadata, self->ko, 2);
}

TEST_HARNESS_MAIN
