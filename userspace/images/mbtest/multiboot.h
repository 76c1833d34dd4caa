/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest side of Multiboot 0.6.96 (sections 3.1 and 3.3), for the test
 * kernel.  Also included by header.S, hence the __ASSEMBLER__ guard.
 */
#ifndef MBTEST_MULTIBOOT_H
#define MBTEST_MULTIBOOT_H

#define MB_HEADER_MAGIC		0x1BADB002
#define MB_BOOTLOADER_MAGIC	0x2BADB002
#define MB_F_AOUT_KLUDGE	0x00010000

#define MBI_MEM			(1u << 0)
#define MBI_CMDLINE		(1u << 2)
#define MBI_MODS		(1u << 3)
#define MBI_MMAP		(1u << 6)
#define MBI_LOADER_NAME		(1u << 9)

#ifndef __ASSEMBLER__
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

struct mb_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline;
	u32 mods_count, mods_addr, syms[4];
	u32 mmap_length, mmap_addr, drives_length, drives_addr;
	u32 config_table, boot_loader_name;
} __attribute__((packed));

struct mb_module {
	u32 mod_start, mod_end, string, reserved;
};

struct mb_mmap {
	u32 size;
	u64 base_addr, length;
	u32 type;
} __attribute__((packed));
#endif

#endif
