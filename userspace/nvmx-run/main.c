// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx-run: boot an image on /dev/nvmx (or /dev/kvm, same ABI) the way
 * `qemu-system-x86_64 -kernel` does.  Options live in ONE table below;
 * every option may be spelt -name or --name, with its value as the next
 * argument or after '='.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "nvmx-run.h"
#include "vm.h"

#define DEFAULT_RAM_MB	128

struct option_def {
	const char *name;
	bool qemu;		/* QEMU's option: shown as -name, else --name */
	const char *arg;	/* metavariable, NULL: a flag */
	const char *help;
	int (*set)(struct options *o, const char *val, struct err *e);
};

void err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

static int set_image(struct options *o, const char *val, struct err *e)
{
	if (o->image && strcmp(o->image, val)) {
		err_set(e, "two images given: %s and %s", o->image, val);
		return -1;
	}
	o->image = val;
	return 0;
}

static int set_append(struct options *o, const char *val, struct err *e)
{
	(void)e;
	o->append = val;
	return 0;
}

static int set_initrd(struct options *o, const char *val, struct err *e)
{
	(void)e;
	o->initrd = val;
	return 0;
}

static int set_mem(struct options *o, const char *val, struct err *e)
{
	char *end;
	uint64_t mb;

	errno = 0;
	mb = strtoull(val, &end, 10);
	if (end != val && (*end == 'G' || *end == 'g') && !end[1] &&
	    mb <= MAX_RAM_MB / 1024)
		mb *= 1024;
	else if (end == val || errno || (*end && ((*end != 'M' && *end != 'm')
						  || end[1])))
		mb = 0;
	if (mb < MIN_RAM_MB || mb > MAX_RAM_MB) {
		err_set(e, "-m %s: want %d..%d MiB (suffix M or G)", val,
			MIN_RAM_MB, MAX_RAM_MB);
		return -1;
	}
	o->ram_size = mb << 20;
	return 0;
}

static int set_smp(struct options *o, const char *val, struct err *e)
{
	uint64_t n;

	if (parse_u64(val, &n) || n < 1 || n > MAX_VCPUS) {
		err_set(e, "-smp %s: want 1..%d vCPUs", val, MAX_VCPUS);
		return -1;
	}
	o->smp = n;
	return 0;
}

static int set_serial(struct options *o, const char *val, struct err *e)
{
	if (strcmp(val, "stdio")) {
		err_set(e, "-serial %s: only 'stdio' is supported", val);
		return -1;
	}
	o->serial = val;
	return 0;
}

static int set_device(struct options *o, const char *val, struct err *e)
{
	(void)e;
	o->device = val;
	return 0;
}

static int set_flat(struct options *o, const char *val, struct err *e)
{
	if (parse_u64(val, &o->flat_addr)) {
		err_set(e, "--flat %s: want an address (e.g. 0x100000)", val);
		return -1;
	}
	o->flat = true;
	return 0;
}

static int set_counts(struct options *o, const char *val, struct err *e)
{
	(void)val;
	(void)e;
	o->counts = true;
	return 0;
}

static int show_help(struct options *o, const char *val, struct err *e);

static const struct option_def option_table[] = {
	{ "kernel", true, "IMAGE", "the image to boot (same as the IMAGE argument)",
	  set_image },
	{ "append", true, "CMDLINE", "Multiboot command line (after the image path)",
	  set_append },
	{ "initrd", true, "FILE[ ARGS][,...]", "Multiboot modules, each with its string",
	  set_initrd },
	{ "m", true, "SIZE", "guest RAM in MiB, suffix M or G (default 128M, max 3G)",
	  set_mem },
	{ "smp", true, "N", "vCPUs, one thread each (default 1; APs stay parked)",
	  set_smp },
	{ "serial", true, "stdio", "COM1 16550 UART on stdin/stdout (default)",
	  set_serial },
	{ "device", false, "PATH", "VMM device (default $NVMX_DEV, else /dev/nvmx)",
	  set_device },
	{ "flat", false, "ADDR", "IMAGE is a flat binary: load and enter (32-bit) at ADDR",
	  set_flat },
	{ "counts", false, NULL, "print the per-vCPU exit counts at the end (nvmx)",
	  set_counts },
	{ "help", false, NULL, "this text", show_help },
};

#define N_OPTIONS (sizeof(option_table) / sizeof(option_table[0]))

static int show_help(struct options *o, const char *val, struct err *e)
{
	size_t i;

	(void)o;
	(void)val;
	(void)e;
	printf("usage: nvmx-run [options] IMAGE\n"
	       "IMAGE: Multiboot v1 kernel (ELF32 or a.out kludge), x86-64 ELF,\n"
	       "       or a flat binary with --flat ADDR\n"
	       "Options may be spelt -name or --name, values as the next\n"
	       "argument or after '='.\n");
	for (i = 0; i < N_OPTIONS; i++) {
		char lhs[64];

		snprintf(lhs, sizeof(lhs), "%s%s%s%s",
			 option_table[i].qemu ? "-" : "--", option_table[i].name,
			 option_table[i].arg ? " " : "",
			 option_table[i].arg ? option_table[i].arg : "");
		printf("  %-26s %s\n", lhs, option_table[i].help);
	}
	printf("exit status: the guest's isa-debug-exit status ((v << 1) | 1),\n"
	       "  0 guest halted, 2 usage, 4 device/VM, 6 image, 8 guest shutdown,\n"
	       "  10 VM-entry failure, 12 internal error, 14 signal\n");
	exit(0);
}

static const struct option_def *find_option(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < N_OPTIONS; i++)
		if (strlen(option_table[i].name) == len &&
		    !strncmp(option_table[i].name, name, len))
			return &option_table[i];
	return NULL;
}

static int parse_args(int argc, char **argv, struct options *o,
		      struct err *e)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *val = NULL, *eq;
		const struct option_def *d;

		if (a[0] != '-' || !a[1]) {
			if (set_image(o, a, e))
				return -1;
			continue;
		}
		name = a + (a[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		d = find_option(name, eq ? (size_t)(eq - name) : strlen(name));
		if (!d) {
			err_set(e, "unknown option %s (try --help)", a);
			return -1;
		}
		if (d->arg) {
			val = eq ? eq + 1 : argv[++i];
			if (!val) {
				err_set(e, "option %s needs %s", a, d->arg);
				return -1;
			}
		} else if (eq) {
			err_set(e, "option -%s takes no value", d->name);
			return -1;
		}
		if (d->set(o, val, e))
			return -1;
	}
	if (!o->image) {
		err_set(e, "no image given (try --help)");
		return -1;
	}
	return 0;
}

void *gpa_ptr(const struct guest *g, uint64_t gpa, uint64_t len)
{
	if (gpa > g->ram_size || len > g->ram_size - gpa)
		return NULL;
	return g->ram + gpa;
}

int guest_copy(const struct guest *g, uint64_t gpa, const void *src,
	       uint64_t len, uint64_t memsz, struct err *e)
{
	uint8_t *p = gpa_ptr(g, gpa, memsz);

	if (!p || len > memsz) {
		err_set(e, "[%#llx, %#llx) is not guest RAM",
			(unsigned long long)gpa,
			(unsigned long long)(gpa + memsz));
		return -1;
	}
	memcpy(p, src, len);
	memset(p + len, 0, memsz - len);
	return 0;
}

int read_file(const char *path, uint8_t **data, size_t *len, struct err *e)
{
	struct stat st;
	size_t done = 0;
	uint8_t *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		err_set(e, "%s: %s", path, fd < 0 || errno ? strerror(errno) :
			"not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	while (buf && done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n <= 0)
			break;
		done += n;
	}
	close(fd);
	if (!buf || done != (size_t)st.st_size) {
		err_set(e, "%s: cannot read", path);
		free(buf);
		return -1;
	}
	*data = buf;
	*len = done;
	return 0;
}

static int load_image(const struct guest *g, const struct options *o,
		      struct boot *b, struct err *e)
{
	uint8_t *img;
	size_t len, off;
	int ret;

	if (read_file(o->image, &img, &len, e))
		return -1;
	if (!o->flat && multiboot_find_header(img, len, &off)) {
		ret = load_multiboot(g, o, img, len, b, e);
	} else if (o->initrd || o->append) {
		err_set(e, "-append and -initrd need a Multiboot kernel");
		ret = -1;
	} else if (o->flat) {
		ret = load_flat(g, o->flat_addr, img, len, b, e);
	} else if (elf64_is_x86_64(img, len)) {
		ret = load_elf64(g, img, len, b, e);
	} else {
		err_set(e, "not loadable: no Multiboot header in the first 8 KiB and not an x86-64 ELF (use --flat ADDR for a flat binary)");
		ret = -1;
	}
	if (ret) {
		char msg[sizeof(e->msg)];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		err_set(e, "%s: %s", o->image, msg);
	}
	free(img);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = {
		.device = getenv("NVMX_DEV") ? getenv("NVMX_DEV") : "/dev/nvmx",
		.serial = "stdio",
		.ram_size = (uint64_t)DEFAULT_RAM_MB << 20,
		.smp = 1,
	};
	struct guest g = { 0 };
	struct boot b = { 0 };
	struct err e = { "" };
	int ret, status;

	if (parse_args(argc, argv, &o, &e)) {
		fprintf(stderr, "nvmx-run: %s\n", e.msg);
		return EXIT_USAGE;
	}
	g.ram_size = o.ram_size;
	ret = nvmx_ram_alloc(g.ram_size, (void **)&g.ram);
	if (ret) {
		fprintf(stderr, "nvmx-run: cannot allocate %llu MiB of guest RAM: %s\n",
			(unsigned long long)(g.ram_size >> 20), strerror(-ret));
		return EXIT_INTERNAL;
	}
	if (load_image(&g, &o, &b, &e)) {
		fprintf(stderr, "nvmx-run: %s\n", e.msg);
		return EXIT_IMAGE;
	}
	boot_write_tables(&g, b.mode);
	status = vm_run(&o, &g, &b);
	serial_flush();
	nvmx_ram_free(g.ram, g.ram_size);
	return status;
}
