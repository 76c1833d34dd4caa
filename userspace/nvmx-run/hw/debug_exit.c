// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's isa-debug-exit at port 0xf4: a write of VALUE stops the VM and
 * nvmx-run exits with status (VALUE << 1) | 1, as QEMU does.  Reads give
 * all ones (QEMU's device has no read side either).
 */
#include "../nvmx-run.h"

static uint32_t debug_exit_in(uint16_t offset, int size)
{
	(void)offset;
	(void)size;
	return 0xffffffffU;
}

static void debug_exit_out(uint16_t offset, int size, uint32_t val)
{
	(void)offset;
	if (size < 4)
		val &= (1U << (size * 8)) - 1;
	vm_request_stop((int)((val << 1) | 1));
}

const struct ioport_dev debug_exit_dev = {
	.name = "isa-debug-exit",
	.base = 0xf4,
	.len = 1,
	.in = debug_exit_in,
	.out = debug_exit_out,
};
