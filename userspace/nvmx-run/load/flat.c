// SPDX-License-Identifier: GPL-2.0
/*
 * Flat binaries (--flat ADDR): the file is copied to guest-physical ADDR
 * (at or above 1 MiB) and entered there in 32-bit protected mode with flat
 * segments and paging off, the same machine state as a Multiboot kernel
 * but with EAX = EBX = 0.  (Not real mode: the first MiB holds the
 * launcher's structures, and a flat 32-bit entry is what small test
 * payloads want.)
 */
#include "../nvmx-run.h"

int load_flat(const struct guest *g, uint64_t addr, const uint8_t *img,
	      size_t len, struct boot *b, struct err *e)
{
	if (addr < HIGH_RAM_START || addr > g->ram_size ||
	    len > g->ram_size - addr) {
		err_set(e, "flat image [%#llx, %#llx) not in RAM above 1 MiB (%llu MiB)",
			(unsigned long long)addr,
			(unsigned long long)(addr + len),
			(unsigned long long)(g->ram_size >> 20));
		return -1;
	}
	if (addr + len > 1ULL << 32) {
		err_set(e, "flat image must lie below 4 GiB");
		return -1;
	}
	if (guest_copy(g, addr, img, len, len, e))
		return -1;
	b->mode = BOOT_PROT32;
	b->entry = addr;
	b->eax = 0;
	b->ebx = 0;
	b->kind = "flat";
	return 0;
}
