// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot (v1) loader, per the Multiboot Specification 0.6.96.
 *
 * Header (3.1): magic 0x1BADB002 in the first 8192 bytes, 32-bit aligned,
 * magic + flags + checksum == 0 (mod 2^32).  Flags bits 0-15 are
 * requirements: bit 0 (modules page-aligned) and bit 1 (memory info) are
 * honoured (always done); bit 2 (video mode) and the undefined bits 3-15
 * make the load fail with a clear message.  Bit 16 selects the a.out kludge
 * (3.1.3: the address fields win over the executable format); otherwise the
 * image must be ELF32 (i386), loaded by its PT_LOAD program headers at
 * their physical addresses with .bss (p_memsz > p_filesz) zeroed.
 *
 * Machine state (3.2): 32-bit protected mode, flat 4 GiB CS/DS/ES/FS/GS/SS,
 * paging off, IF clear, EAX = 0x2BADB002, EBX = physical address of the
 * multiboot information (3.3), which carries: mem_lower/mem_upper (bit 0),
 * cmdline (bit 2: "IMAGE -append-text", the kernel's path first as QEMU
 * and GRUB pass it), mods (bit 3, -initrd file[ args],...
 * page-aligned after the kernel; each string is the whole -initrd element),
 * mmap (bit 6, the e820-like map below) and boot_loader_name (bit 9,
 * "nvmx-run").  All of it lives in [BOOT_INFO, BOOT_INFO_END).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "../nvmx-run.h"

#define MB_MAGIC		0x1BADB002U
#define MB_BOOT_MAGIC		0x2BADB002U
#define MB_SEARCH		8192
#define MB_F_PAGE_ALIGN		(1U << 0)
#define MB_F_MEMINFO		(1U << 1)
#define MB_F_VIDEO		(1U << 2)
#define MB_F_AOUT_KLUDGE	(1U << 16)
#define MB_F_SUPPORTED_REQ	(MB_F_PAGE_ALIGN | MB_F_MEMINFO)

#define MBI_MEM			(1U << 0)
#define MBI_CMDLINE		(1U << 2)
#define MBI_MODS		(1U << 3)
#define MBI_MMAP		(1U << 6)
#define MBI_LOADER_NAME		(1U << 9)

#define PAGE_SIZE		4096ULL

struct mb_header {
	uint32_t magic, flags, checksum;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
};

/* Multiboot information (3.3), up to the VBE fields; the rest stays 0. */
struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4];
	uint32_t mmap_length, mmap_addr, drives_length, drives_addr;
	uint32_t config_table, boot_loader_name, apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off;
	uint16_t vbe_interface_len;
	uint8_t framebuffer[28];
} __attribute__((packed));

struct mb_module {
	uint32_t mod_start, mod_end, string, reserved;
};

struct mb_mmap_entry {
	uint32_t size;	/* of the rest of the entry: 20 */
	uint64_t base_addr, length;
	uint32_t type;
} __attribute__((packed));

_Static_assert(sizeof(struct mb_info) == 116, "multiboot info layout");
_Static_assert(sizeof(struct mb_mmap_entry) == 24, "mmap entry layout");

/* Bump allocator over the info area. */
struct info_area {
	const struct guest *g;
	uint64_t next;
};

static uint64_t info_alloc(struct info_area *a, uint64_t len, void **p)
{
	uint64_t at = (a->next + 7) & ~7ULL;

	if (len > BOOT_INFO_END - at)
		return 0;
	a->next = at + len;
	*p = gpa_ptr(a->g, at, len);
	memset(*p, 0, len);
	return at;
}

static uint64_t info_string(struct info_area *a, const char *s, size_t n)
{
	void *p;
	uint64_t at = info_alloc(a, n + 1, &p);

	if (at)
		memcpy(p, s, n);
	return at;
}

/* "IMAGE" or "IMAGE APPEND": the kernel's path first, as QEMU and GRUB do. */
static uint64_t info_cmdline(struct info_area *a, const struct options *o)
{
	size_t ilen = strlen(o->image), alen = o->append ? strlen(o->append) : 0;
	uint64_t at;
	char *p;

	at = info_alloc(a, ilen + (o->append ? 1 + alen : 0) + 1, (void **)&p);
	if (!at)
		return 0;
	memcpy(p, o->image, ilen);
	if (o->append) {
		p[ilen] = ' ';
		memcpy(p + ilen + 1, o->append, alen);
	}
	return at;
}

bool multiboot_find_header(const uint8_t *img, size_t len, size_t *off)
{
	size_t i, end = len < MB_SEARCH ? len : MB_SEARCH;
	uint32_t magic;

	for (i = 0; i + 12 <= end; i += 4) {
		memcpy(&magic, img + i, 4);
		if (magic == MB_MAGIC) {
			*off = i;
			return true;
		}
	}
	return false;
}

static int check_range(const struct guest *g, uint64_t addr, uint64_t len,
		       const char *what, struct err *e)
{
	if (addr < HIGH_RAM_START) {
		err_set(e, "%s at %#llx is below 1 MiB (reserved by nvmx-run)",
			what, (unsigned long long)addr);
		return -1;
	}
	if (addr > g->ram_size || len > g->ram_size - addr) {
		err_set(e, "%s [%#llx, %#llx) does not fit in %llu MiB of RAM",
			what, (unsigned long long)addr,
			(unsigned long long)(addr + len),
			(unsigned long long)(g->ram_size >> 20));
		return -1;
	}
	return 0;
}

static int load_aout_kludge(const struct guest *g, const uint8_t *img,
			    size_t len, size_t hoff, const struct mb_header *h,
			    struct boot *b, uint64_t *end, struct err *e)
{
	uint64_t off, load_size, bss_end;

	/* 3.1.1: the whole header lies in the first 8192 bytes. */
	if (hoff + sizeof(*h) > len || hoff + sizeof(*h) > MB_SEARCH) {
		err_set(e, "multiboot: a.out kludge header not within the first 8 KiB of the file");
		return -1;
	}
	if (h->load_addr > h->header_addr ||
	    h->header_addr - h->load_addr > hoff) {
		err_set(e, "multiboot: load_addr %#x inconsistent with header_addr %#x at file offset %#zx",
			h->load_addr, h->header_addr, hoff);
		return -1;
	}
	off = hoff - (h->header_addr - h->load_addr);
	if (h->load_end_addr == 0) {
		load_size = len - off;
	} else {
		if (h->load_end_addr < h->load_addr ||
		    h->load_end_addr - h->load_addr > len - off) {
			err_set(e, "multiboot: load_end_addr %#x beyond the file",
				h->load_end_addr);
			return -1;
		}
		load_size = h->load_end_addr - h->load_addr;
	}
	bss_end = h->load_addr + load_size;
	if (h->bss_end_addr) {
		if (h->bss_end_addr < bss_end) {
			err_set(e, "multiboot: bss_end_addr %#x below load end %#llx",
				h->bss_end_addr, (unsigned long long)bss_end);
			return -1;
		}
		bss_end = h->bss_end_addr;
	}
	if (check_range(g, h->load_addr, bss_end - h->load_addr,
			"multiboot: kernel", e))
		return -1;
	if (guest_copy(g, h->load_addr, img + off, load_size,
		       bss_end - h->load_addr, e))
		return -1;
	b->entry = h->entry_addr;
	b->kind = "multiboot a.out kludge";
	*end = bss_end;
	return 0;
}

static int load_elf32(const struct guest *g, const uint8_t *img, size_t len,
		      struct boot *b, uint64_t *end, struct err *e)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	bool entry_mapped = false;
	unsigned int i, loaded = 0;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32) {
		err_set(e, "multiboot: not ELF32 and header flag 16 (a.out kludge) not set");
		return -1;
	}
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_386 ||
	    eh->e_type != ET_EXEC) {
		err_set(e, "multiboot: not an i386 ELF executable");
		return -1;
	}
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phoff > len ||
	    (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > len - eh->e_phoff) {
		err_set(e, "multiboot: bad ELF program header table");
		return -1;
	}
	*end = 0;
	b->entry = eh->e_entry;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr ph;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > len ||
		    ph.p_filesz > len - ph.p_offset) {
			err_set(e, "multiboot: ELF segment %u outside the file", i);
			return -1;
		}
		if (check_range(g, ph.p_paddr, ph.p_memsz,
				"multiboot: ELF segment", e))
			return -1;
		if (guest_copy(g, ph.p_paddr, img + ph.p_offset, ph.p_filesz,
			       ph.p_memsz, e))
			return -1;
		/* A virtual entry point is translated to its physical one. */
		if (!entry_mapped && eh->e_entry >= ph.p_vaddr &&
		    eh->e_entry - ph.p_vaddr < ph.p_memsz) {
			b->entry = eh->e_entry - ph.p_vaddr + ph.p_paddr;
			entry_mapped = true;
		}
		if ((uint64_t)ph.p_paddr + ph.p_memsz > *end)
			*end = (uint64_t)ph.p_paddr + ph.p_memsz;
		loaded++;
	}
	if (!loaded) {
		err_set(e, "multiboot: ELF image has no PT_LOAD segment");
		return -1;
	}
	b->kind = "multiboot ELF32";
	return 0;
}

/* Modules from -initrd "file[ args],file[ args]"; strings as given. */
static int load_modules(const struct guest *g, const char *initrd,
			uint64_t end, struct info_area *a,
			struct mb_info *mbi, struct err *e)
{
	struct mb_module *mods;
	char *list, *item, *save = NULL;
	uint64_t at = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	unsigned int n = 1, i = 0;
	const char *c;
	int ret = -1;

	for (c = initrd; *c; c++)
		n += *c == ',';
	mbi->mods_addr = info_alloc(a, n * sizeof(*mods), (void **)&mods);
	list = strdup(initrd);
	if (!mbi->mods_addr || !list) {
		err_set(e, "multiboot: no room for %u modules", n);
		goto out;
	}
	for (item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save), i++) {
		size_t flen, plen = strcspn(item, " ");
		char path[4096];
		uint8_t *data;

		if (plen >= sizeof(path)) {
			err_set(e, "module path too long");
			goto out;
		}
		memcpy(path, item, plen);
		path[plen] = '\0';
		if (read_file(path, &data, &flen, e))
			goto out;
		if (check_range(g, at, flen, "multiboot: module", e) ||
		    guest_copy(g, at, data, flen, flen, e)) {
			free(data);
			goto out;
		}
		free(data);
		mods[i].mod_start = at;
		mods[i].mod_end = at + flen;
		mods[i].string = info_string(a, item, strlen(item));
		if (!mods[i].string) {
			err_set(e, "multiboot: no room for module strings");
			goto out;
		}
		at = (at + flen + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	}
	mbi->mods_count = i;
	mbi->flags |= MBI_MODS;
	ret = 0;
out:
	free(list);
	return ret;
}

static int write_mmap(const struct guest *g, struct info_area *a,
		      struct mb_info *mbi, struct err *e)
{
	const struct { uint64_t base, end; uint32_t type; } map[] = {
		{ 0, LOW_RAM_END, 1 },
		{ LOW_RAM_END, 0xa0000, 2 },	/* EBDA */
		{ BIOS_ROM_START, HIGH_RAM_START, 2 },
		{ HIGH_RAM_START, g->ram_size, 1 },
	};
	struct mb_mmap_entry *m;
	unsigned int i, n = sizeof(map) / sizeof(map[0]);

	mbi->mmap_addr = info_alloc(a, n * sizeof(*m), (void **)&m);
	if (!mbi->mmap_addr) {
		err_set(e, "multiboot: no room for the memory map");
		return -1;
	}
	for (i = 0; i < n; i++) {
		m[i].size = sizeof(m[i]) - sizeof(m[i].size);
		m[i].base_addr = map[i].base;
		m[i].length = map[i].end - map[i].base;
		m[i].type = map[i].type;
	}
	mbi->mmap_length = n * sizeof(*m);
	mbi->mem_lower = LOW_RAM_END / 1024;
	mbi->mem_upper = (g->ram_size - HIGH_RAM_START) / 1024;
	mbi->flags |= MBI_MEM | MBI_MMAP;
	return 0;
}

int load_multiboot(const struct guest *g, const struct options *o,
		   const uint8_t *img, size_t len, struct boot *b,
		   struct err *e)
{
	struct info_area a = { .g = g, .next = BOOT_INFO };
	static const char name[] = "nvmx-run";
	struct mb_header h = { 0 };
	struct mb_info *mbi;
	uint64_t end;
	size_t hoff;
	uint32_t req;

	if (!multiboot_find_header(img, len, &hoff)) {
		err_set(e, "no Multiboot header in the first 8 KiB");
		return -1;
	}
	memcpy(&h, img + hoff, len - hoff < sizeof(h) ? len - hoff : sizeof(h));
	if (h.magic + h.flags + h.checksum != 0) {
		err_set(e, "multiboot: header checksum %#x wrong (magic + flags + checksum must be 0)",
			h.checksum);
		return -1;
	}
	req = h.flags & 0xffff;
	if (req & MB_F_VIDEO) {
		err_set(e, "multiboot: header requires a video mode (flag 2), not supported");
		return -1;
	}
	if (req & ~MB_F_SUPPORTED_REQ) {
		err_set(e, "multiboot: header requires unsupported features (flags %#x)",
			req & ~MB_F_SUPPORTED_REQ);
		return -1;
	}
	if ((h.flags & MB_F_AOUT_KLUDGE ?
	     load_aout_kludge(g, img, len, hoff, &h, b, &end, e) :
	     load_elf32(g, img, len, b, &end, e)))
		return -1;

	b->mode = BOOT_PROT32;
	b->eax = MB_BOOT_MAGIC;
	b->ebx = info_alloc(&a, sizeof(*mbi), (void **)&mbi);
	mbi->cmdline = info_cmdline(&a, o);
	mbi->boot_loader_name = info_string(&a, name, strlen(name));
	if (!mbi->cmdline || !mbi->boot_loader_name) {
		err_set(e, "multiboot: command line too long");
		return -1;
	}
	mbi->flags |= MBI_CMDLINE | MBI_LOADER_NAME;
	if (write_mmap(g, &a, mbi, e))
		return -1;
	if (o->initrd && load_modules(g, o->initrd, end, &a, mbi, e))
		return -1;
	return 0;
}
