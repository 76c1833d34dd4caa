/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx-run: shared declarations of the launcher.
 */
#ifndef NVMX_RUN_H
#define NVMX_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libnvmx.h"

/*
 * Exit statuses of nvmx-run.  Launcher outcomes are all even, so they never
 * collide with a guest's isa-debug-exit status ((value << 1) | 1, odd).
 */
enum {
	EXIT_HALTED = 0,	/* the guest executed HLT */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NODEV = 4,		/* device missing, no VT-x, VM not creatable */
	EXIT_IMAGE = 6,		/* image or module not found / not loadable */
	EXIT_SHUTDOWN = 8,	/* guest shut down (triple fault) */
	EXIT_FAIL_ENTRY = 10,	/* VM-entry failure */
	EXIT_INTERNAL = 12,	/* internal error, unexpected exit, ioctl failure */
	EXIT_SIGNAL = 14,	/* stopped by SIGINT/SIGTERM */
};

/*
 * Guest-physical layout.  The first MiB belongs to the launcher (boot
 * structures and the legacy PC hole); images and modules load above it.
 */
#define LOW_RAM_END	0x9fc00ULL	/* end of conventional memory */
#define BIOS_ROM_START	0xf0000ULL
#define HIGH_RAM_START	0x100000ULL	/* 1 MiB */
#define BOOT_GDT	0x500ULL	/* GDT of the entry state */
#define BOOT_PML4	0x1000ULL	/* long-mode page tables ... */
#define BOOT_PDPT	0x2000ULL
#define BOOT_PD		0x3000ULL	/* ... 4 page directories: 4 GiB */
#define BOOT_INFO	0x10000ULL	/* multiboot info area ... */
#define BOOT_INFO_END	0x80000ULL	/* ... up to here */
#define BOOT_STACK_TOP	0x9f000ULL	/* ESP/RSP at entry */

/* GDT selectors of the entry state (x86/boot.c). */
#define SEL_CODE32	0x08
#define SEL_DATA	0x10
#define SEL_CODE64	0x18

#define MIN_RAM_MB	2
#define MAX_RAM_MB	3072	/* one slot below the 32-bit PCI hole */
#define MAX_VCPUS	16

struct options {
	const char *image;
	const char *append;
	const char *initrd;
	const char *device;
	const char *serial;
	uint64_t ram_size;
	unsigned int smp;
	bool flat;
	uint64_t flat_addr;
	bool counts;
};

struct guest {
	uint8_t *ram;
	uint64_t ram_size;
};

enum boot_mode { BOOT_PROT32, BOOT_LONG64 };

/* How the BSP enters the guest, filled by a loader. */
struct boot {
	enum boot_mode mode;
	uint64_t entry;
	uint64_t eax, ebx;
	const char *kind;	/* "multiboot ELF32", ... for messages */
};

/* An error message a loader hands back to main, printed as one line. */
struct err {
	char msg[512];
};

void err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Guest memory (main.c). */
void *gpa_ptr(const struct guest *g, uint64_t gpa, uint64_t len);
int guest_copy(const struct guest *g, uint64_t gpa, const void *src,
	       uint64_t len, uint64_t memsz, struct err *e);

/* Files (main.c). */
int read_file(const char *path, uint8_t **data, size_t *len, struct err *e);

/* Loaders (load/...).  0 or -1 with *e set. */
int load_multiboot(const struct guest *g, const struct options *o,
		   const uint8_t *img, size_t len, struct boot *b,
		   struct err *e);
bool multiboot_find_header(const uint8_t *img, size_t len, size_t *off);
int load_elf64(const struct guest *g, const uint8_t *img, size_t len,
	       struct boot *b, struct err *e);
bool elf64_is_x86_64(const uint8_t *img, size_t len);
int load_flat(const struct guest *g, uint64_t addr, const uint8_t *img,
	      size_t len, struct boot *b, struct err *e);

/* Entry state (x86/boot.c). */
void boot_write_tables(const struct guest *g, enum boot_mode mode);
int boot_setup_bsp(const struct nvmx_vcpu *vcpu, const struct boot *b);

/* Port I/O bus (ioport.c): the devices. */
struct ioport_dev {
	const char *name;
	uint16_t base, len;
	/* size 1, 2 or 4; offset from base */
	uint32_t (*in)(uint16_t offset, int size);
	void (*out)(uint16_t offset, int size, uint32_t val);
};

void ioport_access(uint16_t port, int size, bool write, uint8_t *data);
extern const struct ioport_dev serial_dev;	/* hw/serial.c */
extern const struct ioport_dev debug_exit_dev;	/* hw/debug_exit.c */
void serial_flush(void);

/* VM stop requests (vm.c): the first one wins. */
void vm_request_stop(int status);
bool vm_stop_requested(void);

#endif /* NVMX_RUN_H */
