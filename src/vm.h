/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual machines: the fd that KVM_CREATE_VM returns.
 */
#ifndef NVMX_VM_H
#define NVMX_VM_H

#include <linux/mutex.h>

#include "mmu.h"

struct mm_struct;

/**
 * struct nvmx_vm - one virtual machine
 * @lock: serializes VM-wide ioctls
 * @mm: the creating process's mm (guest memory lives there)
 * @mmu: guest-physical memory: slots and EPT (src/mmu.h)
 *
 * vCPUs and guest memory will hang off this structure, under @lock.
 */
struct nvmx_vm {
	struct mutex lock; /* serializes VM ioctls */
	struct mm_struct *mm;
	struct nvmx_mmu mmu;
};

int nvmx_vm_create(unsigned long type);

#endif /* NVMX_VM_H */
