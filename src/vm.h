/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual machines: the fd that KVM_CREATE_VM returns.
 */
#ifndef NVMX_VM_H
#define NVMX_VM_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "mmu.h"

struct mm_struct;
struct nvmx_vcpu;

/* vCPUs per VM: KVM_CAP_NR_VCPUS and KVM_CAP_MAX_VCPUS. */
#define NVMX_MAX_VCPUS 16

/**
 * struct nvmx_vm - one virtual machine
 * @lock: serializes VM-wide ioctls (vCPU creation, TSS/identity map)
 * @mm: the creating process's mm (referenced with mmgrab()); ioctls from
 *      another mm fail with -EIO, as KVM's do
 * @mmu: guest memory (slots, EPT)
 * @vcpus: the vCPUs, indexed by creation order, under @lock
 * @nr_vcpus: number of entries of @vcpus in use
 * @tss_addr: KVM_SET_TSS_ADDR value (stored; unused with unrestricted guest)
 * @identity_map_addr: KVM_SET_IDENTITY_MAP_ADDR value (stored, likewise)
 * @identity_map_set: KVM_SET_IDENTITY_MAP_ADDR was called
 * @refs: the VM fd and every vCPU fd hold one reference
 */
struct nvmx_vm {
	struct mutex lock; /* serializes VM ioctls */
	struct mm_struct *mm;
	struct nvmx_mmu mmu;
	struct nvmx_vcpu *vcpus[NVMX_MAX_VCPUS];
	unsigned int nr_vcpus;
	u64 tss_addr;
	u64 identity_map_addr;
	bool identity_map_set;
	struct kref refs;
};

int nvmx_vm_create(unsigned long type);
void nvmx_vm_get(struct nvmx_vm *vm);
void nvmx_vm_put(struct nvmx_vm *vm);

#endif /* NVMX_VM_H */
