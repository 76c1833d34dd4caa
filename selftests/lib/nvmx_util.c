// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx selftests: shared helpers (see include/nvmx_util.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <linux/kvm.h>

#include "libnvmx.h"
#include "nvmx_util.h"

#ifndef DEBUGFS_MAGIC
#define DEBUGFS_MAGIC 0x64626720
#endif

/* ---- misc ------------------------------------------------------- */

int nvmx_read_file(const char *path, char *buf, size_t len)
{
	size_t off = 0;
	int fd, err;

	if (len == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (off == len - 1) {
			char c;

			/* Full: only fine if this was the end. */
			n = read(fd, &c, 1);
			if (n == 0)
				break;
			err = n < 0 ? -errno : -EFBIG;
			close(fd);
			return err;
		}
		n = read(fd, buf + off, len - 1 - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		if (n == 0)
			break;
		off += n;
	}
	close(fd);
	buf[off] = '\0';
	return (int)off;
}

int nvmx_write_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

bool nvmx_env_is_1(const char *name)
{
	const char *v = getenv(name);

	return v && strcmp(v, "1") == 0;
}

void nvmx_msleep(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void exec_cmd(const char *const argv[])
{
	static const char *const dirs[] = {
		"/sbin", "/usr/sbin", "/bin", "/usr/bin",
	};
	char path[PATH_MAX];
	size_t i;

	execvp(argv[0], (char *const *)argv);
	if (strchr(argv[0], '/'))
		return;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[0]);
		execv(path, (char *const *)argv);
	}
}

int nvmx_run(const char *const argv[])
{
	int status, pipefd[2], err = 0;
	pid_t pid;
	ssize_t n;

	/* The child reports an exec failure's errno through the pipe. */
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		close(pipefd[0]);
		exec_cmd(argv);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pipefd[1]);
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (n == (ssize_t)sizeof(err))
		return -err;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -ECHILD;
}

/* ---- /dev/nvmx and VM fds ---------------------------------------- */

int nvmx_open_dev(void)
{
	return open(NVMX_DEV_PATH, O_RDWR | O_CLOEXEC);
}

int nvmx_create_vm(int sys_fd, unsigned long type)
{
	int fd;

	if (type == 0) {
		/* The ordinary VM: libnvmx's plumbing. */
		const struct nvmx_sys sys = { .fd = sys_fd };
		struct nvmx_vm vm;

		fd = nvmx_vm_create(&sys, &vm) ? -1 : vm.fd;
	} else {
		/*
		 * A machine type libnvmx does not create: only the errno
		 * tests ask for one (vm_create_test's bad types).
		 */
		fd = ioctl(sys_fd, KVM_CREATE_VM, type);
	}
	if (fd >= 0) {
		int saved = errno;

		/* KVM gives O_CLOEXEC VM fds; do not depend on nvmx doing so. */
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		errno = saved;
	}
	return fd;
}

int nvmx_lowest_free_fd(void)
{
	int fd = fcntl(0, F_DUPFD_CLOEXEC, 0);
	int err;

	if (fd < 0) {
		/* fd 0 itself may be closed: then 0 is the lowest free. */
		if (errno == EBADF)
			return 0;
		return -errno;
	}
	if (close(fd)) {
		err = -errno;
		return err;
	}
	return fd;
}

/* ---- debugfs vmx_state ------------------------------------------- */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Strict decimal: digits only, no leading zero unless "0", fits u32. */
static const char *parse_u32(const char *p, unsigned int *val)
{
	unsigned long long v = 0;
	const char *start = p;

	if (!isdigit((unsigned char)*p))
		return NULL;
	if (*p == '0' && isdigit((unsigned char)p[1]))
		return NULL;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (unsigned int)(*p - '0');
		if (v > UINT_MAX)
			return NULL;
		p++;
	}
	if (p == start)
		return NULL;
	*val = (unsigned int)v;
	return p;
}

static const char *expect_lit(const char *p, const char *lit)
{
	size_t n = strlen(lit);

	return strncmp(p, lit, n) == 0 ? p + n : NULL;
}

int nvmx_parse_vmx_state(const char *text, struct nvmx_vmx_state *st,
			 char *err, size_t errlen)
{
	const char *p = text, *q;
	unsigned int line = 1;

	memset(st, 0, sizeof(*st));
	q = expect_lit(p, "vms ");
	if (q)
		q = parse_u32(q, &st->vms);
	if (q)
		q = expect_lit(q, "\n");
	if (!q) {
		seterr(err, errlen, "line 1: expected \"vms %%u\\n\"");
		return -EBADMSG;
	}
	p = q;
	while (*p) {
		struct nvmx_cpu_state c;

		line++;
		q = expect_lit(p, "cpu");
		if (q)
			q = parse_u32(q, &c.cpu);
		if (q)
			q = expect_lit(q, " vmxe=");
		if (q)
			q = parse_u32(q, &c.vmxe);
		if (q)
			q = expect_lit(q, " vmxon=");
		if (q)
			q = parse_u32(q, &c.vmxon);
		if (q)
			q = expect_lit(q, "\n");
		if (!q) {
			seterr(err, errlen,
			       "line %u: expected \"cpu%%u vmxe=%%u vmxon=%%u\\n\"",
			       line);
			return -EBADMSG;
		}
		if (st->nr_cpus &&
		    c.cpu <= st->cpus[st->nr_cpus - 1].cpu) {
			seterr(err, errlen,
			       "line %u: cpu%u not in ascending order after cpu%u",
			       line, c.cpu, st->cpus[st->nr_cpus - 1].cpu);
			return -EBADMSG;
		}
		if (st->nr_cpus == NVMX_MAX_CPUS) {
			seterr(err, errlen, "more than %d cpu lines",
			       NVMX_MAX_CPUS);
			return -E2BIG;
		}
		st->cpus[st->nr_cpus++] = c;
		p = q;
	}
	return 0;
}

static int ensure_debugfs(void)
{
	struct statfs sfs;

	if (statfs(NVMX_DEBUGFS_MNT, &sfs))
		return -errno;
	if ((unsigned long)sfs.f_type == DEBUGFS_MAGIC)
		return 0;
	if (mount("debugfs", NVMX_DEBUGFS_MNT, "debugfs", 0, NULL))
		return -errno;
	return 0;
}

int nvmx_read_vmx_state(struct nvmx_vmx_state *st, char *raw, size_t rawlen,
			char *err, size_t errlen)
{
	char buf[65536];
	int r;

	if (raw && rawlen)
		raw[0] = '\0';
	r = nvmx_read_file(NVMX_VMX_STATE_PATH, buf, sizeof(buf));
	if (r == -ENOENT && ensure_debugfs() == 0)
		r = nvmx_read_file(NVMX_VMX_STATE_PATH, buf, sizeof(buf));
	if (r < 0) {
		seterr(err, errlen, "read %s: %s", NVMX_VMX_STATE_PATH,
		       strerror(-r));
		return r;
	}
	if (raw && rawlen)
		snprintf(raw, rawlen, "%s", buf);
	return nvmx_parse_vmx_state(buf, st, err, errlen);
}

const struct nvmx_cpu_state *nvmx_vmx_state_cpu(const struct nvmx_vmx_state *st,
						unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < st->nr_cpus; i++) {
		if (st->cpus[i].cpu == cpu)
			return &st->cpus[i];
	}
	return NULL;
}

/* ---- CPUs ------------------------------------------------------- */

int nvmx_parse_cpu_list(const char *s, unsigned int *cpus, unsigned int max)
{
	unsigned int n = 0;
	const char *p = s;

	for (;;) {
		unsigned int lo, hi, c;
		const char *q = parse_u32(p, &lo);

		if (!q)
			return -EINVAL;
		hi = lo;
		if (*q == '-') {
			q = parse_u32(q + 1, &hi);
			if (!q || hi < lo)
				return -EINVAL;
		}
		for (c = lo; ; c++) {
			if (n && cpus[n - 1] >= c)
				return -EINVAL;
			if (n == max)
				return -E2BIG;
			cpus[n++] = c;
			if (c == hi)
				break;
		}
		p = q;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n')
			p++;
		return *p ? -EINVAL : (int)n;
	}
}

int nvmx_online_cpus(unsigned int *cpus, unsigned int max)
{
	char buf[4096];
	int r;

	r = nvmx_read_file(NVMX_CPU_SYSFS "/online", buf, sizeof(buf));
	if (r < 0)
		return r;
	return nvmx_parse_cpu_list(buf, cpus, max);
}

static void cpu_online_path(char *buf, size_t len, unsigned int cpu)
{
	snprintf(buf, len, NVMX_CPU_SYSFS "/cpu%u/online", cpu);
}

int nvmx_cpu_hotpluggable(unsigned int cpu)
{
	char path[128];

	cpu_online_path(path, sizeof(path), cpu);
	return access(path, W_OK) == 0;
}

int nvmx_cpu_is_online(unsigned int cpu)
{
	char path[128], buf[16];
	int r;

	cpu_online_path(path, sizeof(path), cpu);
	r = nvmx_read_file(path, buf, sizeof(buf));
	if (r < 0)
		return r;
	if (strcmp(buf, "1\n") == 0)
		return 1;
	if (strcmp(buf, "0\n") == 0)
		return 0;
	return -EBADMSG;
}

int nvmx_cpu_set_online(unsigned int cpu, bool online)
{
	char path[128];

	cpu_online_path(path, sizeof(path), cpu);
	return nvmx_write_file(path, online ? "1" : "0");
}

/* ---- /dev/kmsg ---------------------------------------------------- */

int nvmx_kmsg_open_end(void)
{
	int fd, err;

	fd = open(NVMX_KMSG_PATH, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int nvmx_kmsg_next(int fd, char *msg, size_t len)
{
	/* A record is at most ~8 KiB (CONSOLE_EXT_LOG_MAX). */
	char rec[8192 + 1];
	const char *text, *end;
	size_t n;
	ssize_t r;

	for (;;) {
		r = read(fd, rec, sizeof(rec) - 1);
		if (r > 0)
			break;
		if (r == 0 || errno == EAGAIN)
			return 0;
		if (errno == EINTR || errno == EPIPE)
			continue;
		return -errno;
	}
	rec[r] = '\0';
	text = strchr(rec, ';');
	text = text ? text + 1 : rec;
	end = strchr(text, '\n');
	n = end ? (size_t)(end - text) : strlen(text);
	if (len) {
		if (n > len - 1)
			n = len - 1;
		memcpy(msg, text, n);
		msg[n] = '\0';
	}
	return 1;
}

bool nvmx_msg_is_vmx_busy(const char *msg, unsigned int *cpu)
{
	static const char prefix[] = "nvmx: cpu";
	static const char suffix[] = ": VMX in use by another hypervisor";
	const char *p = msg;

	while ((p = strstr(p, prefix))) {
		const char *q = p + strlen(prefix);
		unsigned int c;

		q = parse_u32(q, &c);
		if (q && strncmp(q, suffix, strlen(suffix)) == 0) {
			*cpu = c;
			return true;
		}
		p++;
	}
	return false;
}

/* ---- modules ------------------------------------------------------ */

const char *nvmx_ko_path(char *buf, size_t len)
{
	const char *env = getenv(NVMX_ENV_KO);
	struct utsname u;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (uname(&u))
		snprintf(buf, len, "/lib/modules/unknown/extra/nvmx.ko");
	else
		snprintf(buf, len, "/lib/modules/%s/extra/nvmx.ko", u.release);
	return buf;
}

int nvmx_module_loaded(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	if (access(path, F_OK) == 0)
		return 1;
	return errno == ENOENT ? 0 : -errno;
}

int nvmx_module_load(const char *ko)
{
	int fd, r, err = 0;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = syscall(SYS_finit_module, fd, "", 0);
	if (r)
		err = -errno;
	close(fd);
	return err;
}

int nvmx_module_unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK))
		return -errno;
	return 0;
}

int nvmx_module_unload_wait(const char *name, int timeout_ms)
{
	int r, waited = 0;

	for (;;) {
		r = nvmx_module_unload(name);
		if (r == -ENOENT)
			return 0;
		if (r != -EAGAIN || waited >= timeout_ms)
			return r;
		nvmx_msleep(100);
		waited += 100;
	}
}

int nvmx_module_ensure_loaded(void)
{
	char ko[PATH_MAX];
	int r;

	r = nvmx_module_loaded(NVMX_MODULE_NAME);
	if (r)
		return r < 0 ? r : 0;
	r = nvmx_module_load(nvmx_ko_path(ko, sizeof(ko)));
	return r == -EEXIST ? 0 : r;
}
