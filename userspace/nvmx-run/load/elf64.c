// SPDX-License-Identifier: GPL-2.0
/*
 * Plain x86-64 ELF executables: PT_LOAD segments at their physical
 * addresses (p_paddr), the rest of p_memsz zeroed, entered in 64-bit mode
 * at e_entry on the launcher's identity map of the first 4 GiB (boot.c).
 * A virtual entry point inside a segment whose p_vaddr differs from its
 * p_paddr is translated to its physical address; the guest sets up its own
 * higher-half mappings if it wants them.
 */
#include <elf.h>
#include <string.h>

#include "../nvmx-run.h"

bool elf64_is_x86_64(const uint8_t *img, size_t len)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

	return len >= sizeof(*eh) && !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       eh->e_machine == EM_X86_64;
}

static int load_segment(const struct guest *g, const uint8_t *img,
			size_t len, const Elf64_Phdr *ph, unsigned int i,
			struct err *e)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_offset > len ||
	    ph->p_filesz > len - ph->p_offset) {
		err_set(e, "ELF64 segment %u outside the file", i);
		return -1;
	}
	if (ph->p_paddr < HIGH_RAM_START || ph->p_paddr > g->ram_size ||
	    ph->p_memsz > g->ram_size - ph->p_paddr) {
		err_set(e, "ELF64 segment %u [%#llx, %#llx) not in RAM above 1 MiB (%llu MiB)",
			i, (unsigned long long)ph->p_paddr,
			(unsigned long long)(ph->p_paddr + ph->p_memsz),
			(unsigned long long)(g->ram_size >> 20));
		return -1;
	}
	return guest_copy(g, ph->p_paddr, img + ph->p_offset, ph->p_filesz,
			  ph->p_memsz, e);
}

int load_elf64(const struct guest *g, const uint8_t *img, size_t len,
	       struct boot *b, struct err *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	unsigned int i, loaded = 0;
	bool entry_mapped = false;

	if (eh->e_type != ET_EXEC) {
		err_set(e, "ELF64 image is not an executable (ET_EXEC)");
		return -1;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > len ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff) {
		err_set(e, "bad ELF64 program header table");
		return -1;
	}
	b->entry = eh->e_entry;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (load_segment(g, img, len, &ph, i, e))
			return -1;
		if (!entry_mapped && eh->e_entry >= ph.p_vaddr &&
		    eh->e_entry - ph.p_vaddr < ph.p_memsz) {
			b->entry = eh->e_entry - ph.p_vaddr + ph.p_paddr;
			entry_mapped = true;
		}
		loaded++;
	}
	if (!loaded) {
		err_set(e, "ELF64 image has no PT_LOAD segment");
		return -1;
	}
	if (b->entry >= 4ULL << 30) {
		err_set(e, "ELF64 entry point %#llx outside the 4 GiB identity map",
			(unsigned long long)b->entry);
		return -1;
	}
	b->mode = BOOT_LONG64;
	b->kind = "ELF64";
	return 0;
}
