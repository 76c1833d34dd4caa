/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/nvmx, the system fd.
 */
#ifndef NVMX_DEV_H
#define NVMX_DEV_H

int nvmx_dev_register(void);
void nvmx_dev_unregister(void);

#endif /* NVMX_DEV_H */
