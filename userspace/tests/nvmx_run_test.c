// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of nvmx-run and its images: each TEST boots one image
 * (or makes one mistake) and checks stdout, stderr and the exit status
 * exactly.  The VMM device is $NVMX_DEV (default /dev/kvm, which speaks
 * the same ABI as /dev/nvmx); tests that boot a guest SKIP when it is
 * absent or cannot create a VM.  Paths: $NVMX_RUN and $NVMX_IMAGES,
 * defaulting to ../nvmx-run and ../images beside this binary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libnvmx.h"

/* Per launch, and per guest-booting test: generous for an emulated VT-x. */
#define TIMEOUT_S 100
#define BOOT_TEST_TIMEOUT_S 300
#define MAX_OUT 65536

struct result {
	int status;		/* exit status, or -1: killed/timed out */
	char out[MAX_OUT];
	char err[MAX_OUT];
};

static const char *device(void)
{
	const char *d = getenv("NVMX_DEV");

	return d ? d : "/dev/kvm";
}

static const char *path_beside(const char *env, const char *rel, char *buf)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (getenv(env))
		return getenv(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return rel;
	exe[n] = '\0';
	snprintf(buf, PATH_MAX, "%s/../%s", dirname(exe), rel);
	return buf;
}

static const char *launcher(void)
{
	static char buf[PATH_MAX];

	return path_beside("NVMX_RUN", "nvmx-run", buf);
}

static const char *image(const char *name)
{
	static char dir[PATH_MAX], buf[4][PATH_MAX];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s",
		 path_beside("NVMX_IMAGES", "images", dir), name);
	return p;
}

/* Can the device run a VM at all?  Otherwise guest-booting tests skip. */
static bool device_usable(void)
{
	struct nvmx_sys sys;
	struct nvmx_vm vm;
	bool ok;

	if (nvmx_sys_open(&sys, device()))
		return false;
	ok = !nvmx_vm_create(&sys, &vm);
	if (ok)
		nvmx_vm_close(&vm);
	nvmx_sys_close(&sys);
	return ok;
}

/*
 * Tests that boot a guest start with REQUIRE_DEVICE(): they skip when the
 * device cannot run one.  (In the body: the 6.1 harness runs the body even
 * after a SKIP in FIXTURE_SETUP.)  The fixture only gives them a timeout.
 */
#define REQUIRE_DEVICE() do {						\
	if (!device_usable())						\
		SKIP(return, "%s absent or cannot create a VM", device()); \
} while (0)

FIXTURE(boot) {
	int unused;
};

FIXTURE_SETUP(boot)
{
}

FIXTURE_TEARDOWN(boot)
{
}

static void drain(int *fd, char *buf, size_t *len)
{
	ssize_t n = read(*fd, buf + *len, MAX_OUT - 1 - *len);

	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	*len += n;
	buf[*len] = '\0';
}

/*
 * Run nvmx-run --device=DEV ARGS... with INPUT (or /dev/null) on stdin;
 * send SIGTERM once stdout contains KILL_WHEN (if not NULL).
 */
static void run_io(struct result *r, const char *input, const char *kill_when,
		   const char *const *args)
{
	int in[2] = { -1, -1 };
	bool killed = false;
	char devopt[PATH_MAX + 16];
	const char *argv[32];
	int out[2], err[2], wst, i, n = 0;
	size_t olen = 0, elen = 0;
	time_t deadline;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	snprintf(devopt, sizeof(devopt), "--device=%s", device());
	argv[n++] = launcher();
	argv[n++] = devopt;
	for (i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(out) || pipe(err) || (input && pipe(in))) {
		r->status = -1;
		return;
	}
	if (input) {
		/* Small enough for the pipe buffer: no writer process needed. */
		if (write(in[1], input, strlen(input)) != (ssize_t)strlen(input))
			r->status = -1;
		close(in[1]);
	}
	pid = fork();
	if (pid == 0) {
		int null = input ? in[0] : open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	if (input)
		close(in[0]);
	deadline = time(NULL) + TIMEOUT_S;
	while (out[0] >= 0 || err[0] >= 0) {
		struct pollfd p[2] = {
			{ .fd = out[0], .events = POLLIN },
			{ .fd = err[0], .events = POLLIN },
		};

		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, 1000) <= 0)
			continue;
		if (p[0].revents)
			drain(&out[0], r->out, &olen);
		if (p[1].revents)
			drain(&err[0], r->err, &elen);
		if (kill_when && !killed && strstr(r->out, kill_when)) {
			kill(pid, SIGTERM);
			killed = true;
		}
	}
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	waitpid(pid, &wst, 0);
	r->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
}

#define RUN(r, ...) \
	run_io(r, NULL, NULL, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_IO(r, input, kill_when, ...) \
	run_io(r, input, kill_when, (const char *const[]){ __VA_ARGS__, NULL })

/*
 * What mbtest prints for a given RAM size and -append text (NULL: none);
 * its command line is the image path, then the -append text.
 */
static void mbtest_expect(char *buf, size_t len, const char *flags,
			  const char *img, const char *append,
			  unsigned int ram_mb, const char *mods, const char *tail)
{
	char cmdline[PATH_MAX + 256];

	snprintf(cmdline, sizeof(cmdline), "%s%s%s", img, append ? " " : "",
		 append ? append : "");
	snprintf(buf, len,
		 "nvmx mbtest: hello from a multiboot kernel\n"
		 "magic: 0x2badb002 ok\n"
		 "flags: %s\n"
		 "cmdline: '%s'\n"
		 "boot_loader_name: nvmx-run\n"
		 "mem_lower: 639 KiB, mem_upper: %u KiB\n"
		 "mmap: 0x000000000 len 0x00009fc00 type 1\n"
		 "mmap: 0x00009fc00 len 0x000000400 type 2\n"
		 "mmap: 0x0000f0000 len 0x000010000 type 2\n"
		 "mmap: 0x000100000 len 0x%09x type 1\n"
		 "%s"
		 "bss: zero\n"
		 "%s",
		 flags, cmdline, (ram_mb - 1) * 1024, (ram_mb - 1) << 20,
		 mods, tail);
}

#define NO_MODS "mods: none\n"

TEST_F_TIMEOUT(boot, multiboot_elf_prints_info_and_exits_with_status, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN(&r, "-m", "32", image("mbtest.elf"), "-append", "exit=3");
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest.elf"),
		      "exit=3", 32,
		      NO_MODS, "exit: 3\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(7, r.status);
}

TEST_F_TIMEOUT(boot, multiboot_aout_kludge_boots_the_same, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN(&r, "-m", "32", "-kernel", image("mbtest-aout.bin"),
	    "-append", "exit=3");
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest-aout.bin"),
		      "exit=3", 32,
		      NO_MODS, "exit: 3\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(7, r.status);
}

TEST_F_TIMEOUT(boot, multiboot_modules_with_strings_page_aligned, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	char dir[] = "/tmp/nvmx-run-test.XXXXXX", m1[64], m2[64];
	char initrd[256], mods[1024];
	static char want[16384];
	static const char data1[] = "module one\n";
	FILE *f;

	REQUIRE_DEVICE();
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(m1, sizeof(m1), "%s/one.txt", dir);
	snprintf(m2, sizeof(m2), "%s/two.bin", dir);
	f = fopen(m1, "w");
	ASSERT_NE(NULL, f);
	fputs(data1, f);
	fclose(f);
	f = fopen(m2, "w");
	ASSERT_NE(NULL, f);
	for (int i = 0; i < 5000; i++)
		fputc(i & 0xff, f);
	fclose(f);
	snprintf(initrd, sizeof(initrd), "%s arg=1 x,%s", m1, m2);
	RUN(&r, "-m", "64", image("mbtest.elf"), "-append", "exit=5 quiet",
	    "-initrd", initrd);
	unlink(m1);
	unlink(m2);
	rmdir(dir);
	snprintf(mods, sizeof(mods),
		 "mods: 2\n"
		 "mod 0: '%s arg=1 x' 11 bytes, page-aligned: "
		 "6d 6f 64 75 6c 65 20 6f 6e 65 0a\n"
		 "mod 1: '%s' 5000 bytes, page-aligned\n", m1, m2);
	mbtest_expect(want, sizeof(want), "0x0000024d", image("mbtest.elf"),
		      "exit=5 quiet", 64,
		      mods, "exit: 5\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(11, r.status);
}

TEST_F_TIMEOUT(boot, debug_exit_status_is_value_shifted_or_one, BOOT_TEST_TIMEOUT_S)
{
	static const struct { const char *arg; int status; } cases[] = {
		{ "exit=0", 1 }, { "exit=1", 3 }, { "exit=127", 255 },
		{ "exit=128", 1 }, { "exit=200", 145 },
	};
	static struct result r;
	size_t i;

	REQUIRE_DEVICE();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, image("mbtest.elf"), "-append", cases[i].arg);
		EXPECT_EQ(cases[i].status, r.status) {
			TH_LOG("-append %s", cases[i].arg);
		}
		EXPECT_STREQ("", r.err);
	}
}

TEST_F_TIMEOUT(boot, memory_size_with_g_suffix, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN(&r, "-m", "1G", image("mbtest.elf"), "-append", "exit=2");
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest.elf"),
		      "exit=2", 1024,
		      NO_MODS, "exit: 2\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_EQ(5, r.status);
}

TEST_F_TIMEOUT(boot, hlt_exits_zero, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN(&r, "-m", "16", image("mbtest.elf"));
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest.elf"),
		      NULL, 16, NO_MODS,
		      "halt\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(0, r.status);
}

TEST_F_TIMEOUT(boot, triple_fault_is_guest_shutdown, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	const char *line = "nvmx-run: guest shut down (triple fault) on vcpu 0 at rip 0x";

	REQUIRE_DEVICE();
	RUN(&r, image("mbtest.elf"), "-append", "triple");
	EXPECT_EQ(8, r.status);
	EXPECT_EQ(0, strncmp(r.err, line, strlen(line))) {
		TH_LOG("stderr: %s", r.err);
	}
	/* One line. */
	EXPECT_EQ(r.err + strlen(r.err) - 1, strchr(r.err, '\n'));
	EXPECT_NE(NULL, strstr(r.out, "triple fault\n"));
}

TEST_F_TIMEOUT(boot, smp_4_boots_on_the_bsp, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN(&r, "-smp", "4", "-m", "32", image("mbtest.elf"),
	    "-append", "exit=9");
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest.elf"),
		      "exit=9", 32,
		      NO_MODS, "exit: 9\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(19, r.status);
}

TEST_F_TIMEOUT(boot, serial_input_reaches_the_guest, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	static char want[16384];

	REQUIRE_DEVICE();
	RUN_IO(&r, "typed on stdin\nmore\n", NULL, "-m", "8",
	       image("mbtest.elf"), "-append", "echo exit=4");
	mbtest_expect(want, sizeof(want), "0x00000245", image("mbtest.elf"),
		      "echo exit=4", 8,
		      NO_MODS, "input: 'typed on stdin'\nexit: 4\n");
	EXPECT_STREQ(want, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(9, r.status);
}

TEST_F_TIMEOUT(boot, sigterm_stops_a_spinning_guest, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;

	REQUIRE_DEVICE();
	RUN_IO(&r, NULL, "spinning\n", image("mbtest.elf"), "-append", "spin");
	EXPECT_STREQ("nvmx-run: stopped by signal 15 (Terminated)\n", r.err);
	EXPECT_EQ(14, r.status);
}

TEST_F_TIMEOUT(boot, elf64_runs_in_long_mode, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;

	REQUIRE_DEVICE();
	RUN(&r, image("elf64test.elf"));
	EXPECT_STREQ("nvmx elf64: hello from long mode\n"
		     "cr0.pg=1 cr4.pae=1 efer.lma=1 cs=0x18\n"
		     "identity map: ok\n", r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(67, r.status);
}

/*
 * The L1 hypervisor image (images/l1hv): L2 under L1 under the device.
 * Without VMX for the guest (CPUID.1:ECX.VMX clear: no nested VMX) the
 * image says so and exits 127: the test skips.
 */
TEST_F_TIMEOUT(boot, l1hv_runs_l2_workloads_under_l1, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;

	REQUIRE_DEVICE();
	RUN(&r, image("l1hv.elf"));
	EXPECT_STREQ("", r.err);
	if (r.status == 127) {
		EXPECT_STREQ("nvmx l1hv: an L1 hypervisor\n"
			     "l1hv: no VMX (CPUID.1:ECX.VMX clear)\n", r.out);
		SKIP(return, "%s gives the guest no VMX", device());
	}
	EXPECT_STREQ("nvmx l1hv: an L1 hypervisor\n"
		     "l1hv: VMX on; L2 runs cpuid x200, out x100, hlt x10, inject x10, page faults x64\n"
		     "l1hv: L2 exits seen by L1:\n"
		     "l1hv:   CPUID 200\n"
		     "l1hv:   HLT 10\n"
		     "l1hv:   VMCALL 11\n"
		     "l1hv:   IO_INSTRUCTION 100\n"
		     "l1hv: L2 saw 10 injected interrupts and handled 64 page faults itself\n"
		     "l1hv: pass\n", r.out);
	EXPECT_EQ(67, r.status);
}

TEST_F_TIMEOUT(boot, flat_binary_string_io_and_unassigned_port, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;

	REQUIRE_DEVICE();
	RUN(&r, "--flat", "0x300000", image("flattest.bin"));
	EXPECT_STREQ("nvmx flat: hello from a flat binary (rep outsb)\n"
		     "unassigned port 0x99 reads all ones: checked\n", r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_EQ(85, r.status);
}

TEST_F_TIMEOUT(boot, counts_reports_exits_on_nvmx_only, BOOT_TEST_TIMEOUT_S)
{
	static struct result r;
	unsigned long long total, n, sum = 0;
	struct nvmx_sys sys;
	const char *p;
	int is_nvmx;

	REQUIRE_DEVICE();
	ASSERT_EQ(0, nvmx_sys_open(&sys, device()));
	is_nvmx = nvmx_is_nvmx(&sys);
	nvmx_sys_close(&sys);
	RUN(&r, "--counts", "--flat", "0x300000", image("flattest.bin"));
	EXPECT_EQ(85, r.status);
	if (!is_nvmx) {
		char want[PATH_MAX + 128];

		snprintf(want, sizeof(want),
			 "nvmx-run: --counts: %s has no exit counts (NVMX_CAP_EXIT_COUNTS is nvmx-only)\n",
			 device());
		EXPECT_STREQ(want, r.err);
		return;
	}
	/* nvmx: the total is the sum of the per-reason lines; I/O is there. */
	ASSERT_EQ(1, sscanf(r.err, "vcpu 0 exits: %llu\n", &total));
	for (p = strchr(r.err, '\n'); p && sscanf(p, "\n %*u %*s %llu", &n) == 1;
	     p = strchr(p + 1, '\n'))
		sum += n;
	EXPECT_EQ(total, sum);
	EXPECT_NE(NULL, strstr(r.err, " IO_INSTRUCTION "));
}

/* Image and usage errors are found before the device is opened. */
TEST(bad_multiboot_checksum_is_refused)
{
	static struct result r;
	char want[PATH_MAX + 128];

	RUN(&r, image("mbtest-badsum.elf"));
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: multiboot: header checksum %#x wrong (magic + flags + checksum must be 0)\n",
		 image("mbtest-badsum.elf"),
		 /* the Makefile's MB_FLAGS=3, MB_CHECKSUM_BIAS=1 */
		 -(0x1BADB002U + 3) + 1);
	EXPECT_STREQ(want, r.err);
	EXPECT_STREQ("", r.out);
	EXPECT_EQ(6, r.status);
}

TEST(required_video_mode_is_refused)
{
	static struct result r;
	char want[PATH_MAX + 128];

	RUN(&r, image("mbtest-video.elf"));
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: multiboot: header requires a video mode (flag 2), not supported\n",
		 image("mbtest-video.elf"));
	EXPECT_STREQ(want, r.err);
	EXPECT_EQ(6, r.status);
}

TEST(missing_image)
{
	static struct result r;

	RUN(&r, "/nonexistent/kernel.elf");
	EXPECT_STREQ("nvmx-run: /nonexistent/kernel.elf: No such file or directory\n",
		     r.err);
	EXPECT_EQ(6, r.status);
}

TEST(missing_module)
{
	static struct result r;
	char want[PATH_MAX + 128];

	RUN(&r, image("mbtest.elf"), "-initrd", "/nonexistent/mod arg");
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: /nonexistent/mod: No such file or directory\n",
		 image("mbtest.elf"));
	EXPECT_STREQ(want, r.err);
	EXPECT_EQ(6, r.status);
}

TEST(flat_binary_without_flat_is_not_loadable)
{
	static struct result r;
	char want[PATH_MAX + 256];

	RUN(&r, image("flattest.bin"));
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: not loadable: no Multiboot header in the first 8 KiB and not an x86-64 ELF (use --flat ADDR for a flat binary)\n",
		 image("flattest.bin"));
	EXPECT_STREQ(want, r.err);
	EXPECT_EQ(6, r.status);
}

TEST(flat_binary_below_1mib_is_refused)
{
	static struct result r;
	char want[PATH_MAX + 128];

	struct stat st;

	ASSERT_EQ(0, stat(image("flattest.bin"), &st));
	RUN(&r, "--flat=0x7c00", "-m", "8", image("flattest.bin"));
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: flat image [0x7c00, %#llx) not in RAM above 1 MiB (8 MiB)\n",
		 image("flattest.bin"), 0x7c00ULL + st.st_size);
	EXPECT_STREQ(want, r.err);
	EXPECT_EQ(6, r.status);
}

TEST(append_needs_a_multiboot_kernel)
{
	static struct result r;
	char want[PATH_MAX + 128];

	RUN(&r, image("elf64test.elf"), "-append", "exit=1");
	snprintf(want, sizeof(want),
		 "nvmx-run: %s: -append and -initrd need a Multiboot kernel\n",
		 image("elf64test.elf"));
	EXPECT_STREQ(want, r.err);
	EXPECT_EQ(6, r.status);
}

TEST(missing_device)
{
	static struct result r;

	/* run() adds --device=$NVMX_DEV first; the later option wins. */
	RUN(&r, "--device=/nonexistent/nvmx", image("mbtest.elf"));
	EXPECT_STREQ("nvmx-run: /nonexistent/nvmx: No such file or directory (nvmx.ko not loaded, or no VT-x; --device=/dev/kvm uses KVM)\n",
		     r.err);
	EXPECT_EQ(4, r.status);
}

TEST(unknown_option_is_a_usage_error)
{
	static struct result r;

	RUN(&r, "-bogus", image("mbtest.elf"));
	EXPECT_STREQ("nvmx-run: unknown option -bogus (try --help)\n", r.err);
	EXPECT_EQ(2, r.status);
}

TEST(memory_size_out_of_range_is_a_usage_error)
{
	static struct result r;

	RUN(&r, "-m", "4G", image("mbtest.elf"));
	EXPECT_STREQ("nvmx-run: -m 4G: want 2..3072 MiB (suffix M or G)\n",
		     r.err);
	EXPECT_EQ(2, r.status);
}

TEST_HARNESS_MAIN
