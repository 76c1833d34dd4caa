/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM_CHECK_EXTENSION answers, shared by /dev/nvmx and VM fds.
 */
#ifndef NVMX_EXTENSIONS_H
#define NVMX_EXTENSIONS_H

long nvmx_check_extension(unsigned long cap);

#endif /* NVMX_EXTENSIONS_H */
