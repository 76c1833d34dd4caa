/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual machines: the fd that KVM_CREATE_VM returns.
 */
#ifndef NVMX_VM_H
#define NVMX_VM_H

#include <linux/mutex.h>

/**
 * struct nvmx_vm - one virtual machine
 * @lock: serializes VM-wide ioctls
 *
 * vCPUs and guest memory will hang off this structure, under @lock.
 */
struct nvmx_vm {
	struct mutex lock; /* serializes VM ioctls */
};

int nvmx_vm_create(unsigned long type);

#endif /* NVMX_VM_H */
