/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: helpers shared by every test (no test harness in here,
 * lib/nvmx_util.c is a plain library; see nvmx_test.h for the harness
 * glue).
 *
 * Conventions: functions returning int return >= 0 on success and
 * -errno on failure, unless documented otherwise.  Every fd they open
 * is close-on-exec, so helper processes (modprobe) never inherit a
 * /dev/nvmx, VM or /dev/kvm reference.
 */
#ifndef SELFTEST_NVMX_UTIL_H
#define SELFTEST_NVMX_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define NVMX_DEV_PATH		"/dev/nvmx"
#define NVMX_MODULE_NAME	"nvmx"
/* The root paths can be overridden (-D) to point the helpers at a fake tree. */
#ifndef NVMX_DEBUGFS_MNT
#define NVMX_DEBUGFS_MNT	"/sys/kernel/debug"
#endif
#define NVMX_VMX_STATE_PATH	NVMX_DEBUGFS_MNT "/nvmx/vmx_state"
#define NVMX_PARAM_DIR		"/sys/module/" NVMX_MODULE_NAME "/parameters"
#ifndef NVMX_CPU_SYSFS
#define NVMX_CPU_SYSFS		"/sys/devices/system/cpu"
#endif
#define NVMX_KMSG_PATH		"/dev/kmsg"
#define KVM_DEV_PATH		"/dev/kvm"

/* Largest CPU count the vmx_state parser and CPU-list helpers handle. */
#define NVMX_MAX_CPUS		512

/* Environment variables honoured by the tests. */
#define NVMX_ENV_KO		"NVMX_KO"		/* path of nvmx.ko */
#define NVMX_ENV_REQUIRE_KVM	"NVMX_REQUIRE_KVM"	/* "1": no /dev/kvm is a FAIL */

/* ---- /dev/nvmx and VM fds ---------------------------------------- */

/* open(NVMX_DEV_PATH, O_RDWR | O_CLOEXEC): fd, or -1 with errno set. */
int nvmx_open_dev(void);

/*
 * KVM_CREATE_VM(type) on sys_fd (type 0 through libnvmx): the new VM fd
 * (made close-on-exec), or -1 with errno set exactly as the ioctl left it.
 */
int nvmx_create_vm(int sys_fd, unsigned long type);

/* Lowest fd number not in use (to prove a failed call leaked no fd). */
int nvmx_lowest_free_fd(void);

/* ---- debugfs vmx_state ------------------------------------------- */

struct nvmx_cpu_state {
	unsigned int cpu;
	unsigned int vmxe;
	unsigned int vmxon;
};

struct nvmx_vmx_state {
	unsigned int vms;
	unsigned int nr_cpus;		/* number of cpu lines */
	struct nvmx_cpu_state cpus[NVMX_MAX_CPUS];
};

/*
 * Strict parser of the vmx_state format:
 *	"vms %u\n"
 *	"cpu%u vmxe=%u vmxon=%u\n"	(one per online CPU, ascending)
 * Numbers are plain decimal digits (no sign, no blanks, no leading
 * zeros beyond "0"); nothing else may appear, the text must end with
 * '\n'.  Returns 0, or -EBADMSG (with a description in err) on any
 * deviation, -E2BIG if there are more than NVMX_MAX_CPUS cpu lines.
 */
int nvmx_parse_vmx_state(const char *text, struct nvmx_vmx_state *st,
			 char *err, size_t errlen);

/*
 * Read and parse NVMX_VMX_STATE_PATH (mounting debugfs first if it is
 * not mounted).  raw (may be NULL) receives the file's text.  Returns
 * 0, -errno of the read, or the parser's error (description in err).
 */
int nvmx_read_vmx_state(struct nvmx_vmx_state *st, char *raw, size_t rawlen,
			char *err, size_t errlen);

/* The line for @cpu in @st, or NULL when there is none. */
const struct nvmx_cpu_state *nvmx_vmx_state_cpu(const struct nvmx_vmx_state *st,
						unsigned int cpu);

/* ---- CPUs ------------------------------------------------------- */

/*
 * Parse a kernel CPU list ("0", "0-1", "0,2-3\n") into ascending cpu
 * numbers.  Returns the count, -EINVAL on bad syntax, -E2BIG if more
 * than max.
 */
int nvmx_parse_cpu_list(const char *s, unsigned int *cpus, unsigned int max);

/* Online CPUs from NVMX_CPU_SYSFS/online: count or -errno. */
int nvmx_online_cpus(unsigned int *cpus, unsigned int max);

/* 1 if @cpu has a writable NVMX_CPU_SYSFS/cpuN/online file, else 0. */
int nvmx_cpu_hotpluggable(unsigned int cpu);

/* 1 online, 0 offline, -errno (no such file: -ENOENT). */
int nvmx_cpu_is_online(unsigned int cpu);

/* Write "1"/"0" to NVMX_CPU_SYSFS/cpuN/online: 0 or -errno. */
int nvmx_cpu_set_online(unsigned int cpu, bool online);

/* ---- /dev/kmsg ---------------------------------------------------- */

/* Open /dev/kmsg non-blocking, positioned after the newest record. */
int nvmx_kmsg_open_end(void);

/*
 * Next record's message text (the part after "prio,seq,ts,flags;" up
 * to the end of its first line) into msg.  Returns 1 with a record,
 * 0 when no new record is there (EAGAIN), -errno otherwise.  Records
 * overwritten before they were read (EPIPE) are skipped.
 */
int nvmx_kmsg_next(int fd, char *msg, size_t len);

/*
 * If msg contains "nvmx: cpu<N>: VMX in use by another hypervisor",
 * store N in *cpu and return true.
 */
bool nvmx_msg_is_vmx_busy(const char *msg, unsigned int *cpu);

/* ---- modules ------------------------------------------------------ */

/* $NVMX_KO, or /lib/modules/$(uname -r)/extra/nvmx.ko, into buf. */
const char *nvmx_ko_path(char *buf, size_t len);

/* 1 if /sys/module/<name>/initstate exists, 0 if not, -errno. */
int nvmx_module_loaded(const char *name);

/* finit_module(open(ko), "", 0): 0 or -errno. */
int nvmx_module_load(const char *ko);

/* delete_module(name, O_NONBLOCK): 0 or -errno. */
int nvmx_module_unload(const char *name);

/*
 * delete_module(name, O_NONBLOCK), retrying EAGAIN for up to
 * timeout_ms (for modules whose last reference goes away
 * asynchronously, like kvm); -ENOENT (not loaded) counts as success.
 */
int nvmx_module_unload_wait(const char *name, int timeout_ms);

/* Load nvmx from nvmx_ko_path() unless it is loaded: 0 or -errno. */
int nvmx_module_ensure_loaded(void);

/* ---- misc ------------------------------------------------------- */

/*
 * Read a whole (small) file into buf, NUL-terminated: the length, or
 * -errno (-EFBIG if it does not fit).
 */
int nvmx_read_file(const char *path, char *buf, size_t len);

/* Write a string to a file (sysfs): 0 or -errno. */
int nvmx_write_file(const char *path, const char *s);

/*
 * fork+exec argv (argv[0] looked up in $PATH, then /sbin, /usr/sbin,
 * /bin, /usr/bin), wait: its exit status (0..255), 128+signal if it
 * was killed, or -errno if it could not be started.
 */
int nvmx_run(const char *const argv[]);

/* True if environment variable name is set to "1". */
bool nvmx_env_is_1(const char *name);

/* Sleep for ms milliseconds. */
void nvmx_msleep(unsigned int ms);

#endif /* SELFTEST_NVMX_UTIL_H */
