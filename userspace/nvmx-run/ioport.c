// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O bus: the device table and the PC rule for everything else
 * (writes to a port with no device are ignored, reads give all ones).
 */
#include <string.h>

#include "nvmx-run.h"

static const struct ioport_dev *const devices[] = {
	&serial_dev,
	&debug_exit_dev,
};

static const struct ioport_dev *find_dev(uint16_t port)
{
	size_t i;

	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		const struct ioport_dev *d = devices[i];

		if (port >= d->base && port - d->base < d->len)
			return d;
	}
	return NULL;
}

/* One access of 1, 2 or 4 bytes; data is little-endian as in kvm_run. */
void ioport_access(uint16_t port, int size, bool write, uint8_t *data)
{
	const struct ioport_dev *d = find_dev(port);
	uint32_t val = 0;

	if (write) {
		memcpy(&val, data, size);
		if (d)
			d->out(port - d->base, size, val);
		return;
	}
	val = d ? d->in(port - d->base, size) : 0xffffffffU;
	memcpy(data, &val, size);
}
