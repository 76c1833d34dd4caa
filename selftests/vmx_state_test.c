// SPDX-License-Identifier: GPL-2.0
/*
 * VMX operation follows the VMs' lifetime, as seen through debugfs
 * nvmx/vmx_state ("vms %u" then "cpu%u vmxe=%u vmxon=%u" per online
 * CPU): on every online CPU while at least one VM lives, off on every
 * CPU once the last one is gone, and untouched by failed creates.
 */
#include <sys/wait.h>

#include "nvmx_test.h"

/* Strict format; the cpu lines are exactly the online CPUs, in order. */
TEST(format_lists_online_cpus)
{
	static unsigned int online[NVMX_MAX_CPUS];
	static struct nvmx_vmx_state st;
	static char raw[65536];
	unsigned int n, i;

	n = nvmx_test_online_cpus(online);
	nvmx_test_get_vmx_state(&st, raw, sizeof(raw));
	ASSERT_EQ(n, st.nr_cpus) TH_LOG("vmx_state:\n%s", raw);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(online[i], st.cpus[i].cpu) TH_LOG("vmx_state:\n%s", raw);
		ASSERT_GE(1U, st.cpus[i].vmxe) TH_LOG("vmx_state:\n%s", raw);
		ASSERT_GE(1U, st.cpus[i].vmxon) TH_LOG("vmx_state:\n%s", raw);
	}
}

TEST(off_everywhere_without_vm)
{
	ASSERT_VMX_IDLE();
}

TEST(on_everywhere_while_vm_lives)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd;

	ASSERT_VMX_IDLE();
	vm_fd = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
}

TEST(off_everywhere_after_last_vm_closed)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);

	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
	/* Closing /dev/nvmx itself changes nothing more. */
	ASSERT_CLOSE(sys_fd);
	ASSERT_VMX_IDLE();
}

TEST(two_vms_off_only_after_both_closed)
{
	int sys_fd = nvmx_test_open_dev();
	int a, b;

	a = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	b = nvmx_test_create_vm(sys_fd);
	ASSERT_VMX_STATE(2, 1, 1);
	ASSERT_CLOSE(a);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(b);
	ASSERT_VMX_IDLE();
}

/* Same, closing in creation order reversed. */
TEST(two_vms_closed_newest_first)
{
	int sys_fd = nvmx_test_open_dev();
	int a = nvmx_test_create_vm(sys_fd);
	int b = nvmx_test_create_vm(sys_fd);

	ASSERT_VMX_STATE(2, 1, 1);
	ASSERT_CLOSE(b);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(a);
	ASSERT_VMX_IDLE();
}

TEST(off_after_failed_create)
{
	int sys_fd = nvmx_test_open_dev();

	ASSERT_VMX_IDLE();
	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 1));
	ASSERT_VMX_IDLE();
	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 0xffffffffUL));
	ASSERT_VMX_IDLE();
}

TEST(failed_create_keeps_live_vm_on)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);

	ASSERT_EQ(-1, nvmx_create_vm(sys_fd, 1));
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

TEST(vm_outlives_system_fd)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);

	ASSERT_CLOSE(sys_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_IDLE();
}

/* A VM lives until its last file reference is gone, not its first close. */
TEST(dup_vm_fd_keeps_vm_until_last_close)
{
	int sys_fd = nvmx_test_open_dev();
	int vm_fd = nvmx_test_create_vm(sys_fd);
	int dup_fd = dup(vm_fd);

	ASSERT_LE(0, dup_fd);
	ASSERT_CLOSE(vm_fd);
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_CLOSE(dup_fd);
	ASSERT_VMX_IDLE();
}

/* A process that exits without closing its VM fd releases the VM. */
TEST(vm_of_exited_process_released)
{
	int to_child[2], to_parent[2], status;
	char c = 0;
	pid_t pid;

	ASSERT_VMX_IDLE();
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int sys_fd, vm_fd;

		close(to_child[1]);
		close(to_parent[0]);
		sys_fd = nvmx_open_dev();
		vm_fd = sys_fd < 0 ? -1 : nvmx_create_vm(sys_fd, 0);
		c = vm_fd >= 0 ? 'y' : 'n';
		if (write(to_parent[1], &c, 1) != 1)
			_exit(2);
		/* Wait for the parent, then exit with both fds open. */
		if (read(to_child[0], &c, 1) < 0)
			_exit(3);
		_exit(vm_fd >= 0 ? 0 : 1);
	}
	close(to_child[0]);
	close(to_parent[1]);
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	ASSERT_EQ('y', c) TH_LOG("child could not create a VM");
	ASSERT_VMX_STATE(1, 1, 1);
	ASSERT_EQ(1, write(to_child[1], &c, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_VMX_IDLE();
}

TEST_HARNESS_MAIN
