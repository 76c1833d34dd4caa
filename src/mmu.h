/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory: memory slots, EPT and guest-physical accessors.
 *
 * Owned by the "mem" work; this is the interface of the shared contract
 * only, until that implementation replaces the file.
 */
#ifndef NVMX_MMU_H
#define NVMX_MMU_H

#include <linux/bits.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct nvmx_vm;
struct kvm_userspace_memory_region;

/* Access bits for nvmx_gva_to_gpa(), as in a #PF error code (SDM Vol. 3A 4.7). */
#define NVMX_ACCESS_WRITE	BIT(1)
#define NVMX_ACCESS_USER	BIT(2)
#define NVMX_ACCESS_FETCH	BIT(4)

/**
 * struct nvmx_paging_ctx - the guest paging mode for a page walk
 * @cr0: guest CR0
 * @cr3: guest CR3
 * @cr4: guest CR4
 * @efer: guest IA32_EFER
 */
struct nvmx_paging_ctx {
	u64 cr0;
	u64 cr3;
	u64 cr4;
	u64 efer;
};

/**
 * struct nvmx_mmu - guest memory of one VM
 * @lock: serializes slot changes and EPT updates
 */
struct nvmx_mmu {
	struct mutex lock; /* slots and EPT */
};

int nvmx_mmu_init(struct nvmx_vm *vm);
void nvmx_mmu_destroy(struct nvmx_vm *vm);
int nvmx_vm_set_memory_region(struct nvmx_vm *vm,
			      const struct kvm_userspace_memory_region *mem);
u64 nvmx_mmu_eptp(struct nvmx_vm *vm);
int nvmx_mmu_ept_violation(struct nvmx_vm *vm, u64 gpa, u64 exit_qual);
int nvmx_read_guest(struct nvmx_vm *vm, u64 gpa, void *buf,
		    unsigned long len);
int nvmx_write_guest(struct nvmx_vm *vm, u64 gpa, const void *buf,
		     unsigned long len);
int nvmx_gva_to_gpa(struct nvmx_vm *vm, const struct nvmx_paging_ctx *ctx,
		    u64 gva, u32 access, u64 *gpa);

#endif /* NVMX_MMU_H */
