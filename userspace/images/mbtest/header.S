/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Multiboot header (Multiboot 0.6.96 section 3.1.1), built four ways
 * from MB_FLAGS (and MB_CHECKSUM_BIAS for a deliberately bad checksum).
 * With flag 16 it carries the a.out-kludge address fields (3.1.3).
 */
#include "multiboot.h"

#ifndef MB_CHECKSUM_BIAS
#define MB_CHECKSUM_BIAS 0
#endif

	.section .multiboot, "a"
	.balign 4
mb_header:
	.long MB_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MB_HEADER_MAGIC + MB_FLAGS) + MB_CHECKSUM_BIAS
#if MB_FLAGS & MB_F_AOUT_KLUDGE
	.long mb_header		/* header_addr */
	.long _load_start	/* load_addr */
	.long _edata		/* load_end_addr */
	.long _end		/* bss_end_addr */
	.long _start		/* entry_addr */
#endif
