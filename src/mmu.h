/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory: memory slots, the EPT that maps them, guest memory access
 * and the guest page walk.  Documentation/memory.md has the design.
 *
 * Locking: struct nvmx_mmu.lock (a mutex) protects the slot array, every
 * slot's pin table and the EPT paging structures, the shadow EPTs of
 * nested EPT included.  It may be taken with
 * the VM's lock held (VM lock -> mmu lock), never the other way round, and
 * it is held across pin_user_pages_fast(), which takes the mm's mmap_lock
 * (mmu lock -> mmap_lock).  Everything here may sleep.
 */
#ifndef NVMX_MMU_H
#define NVMX_MMU_H

#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "gva_walk.h"
#include "memslot_check.h"

struct nvmx_vm;

/**
 * struct nvmx_memslot - one KVM_SET_USER_MEMORY_REGION slot
 * @desc: where it lies (guest frames, host address, KVM_MEM_* flags)
 * @pins: page index within the slot -> the pinned struct page, tagged 1
 *        if pinned read-only in a writable slot; each entry holds exactly
 *        one FOLL_PIN reference
 */
struct nvmx_memslot {
	struct nvmx_slot_desc desc;
	struct xarray pins;
};

/**
 * struct nvmx_mmu - guest-physical memory of one VM
 * @lock: protects everything below (see the locking rule at the top)
 * @slots: memory slots by slot id, NULL where unused
 * @root: the EPT PML4 table (kernel virtual address)
 * @eptp: the EPT pointer value for the VMCS
 * @nested_epts: the nested EPT state of each vCPU that has one
 *               (struct nvmx_nested_ept, src/nested/ept.c): its shadow
 *               EPTs map pages of the slots, so every zap of the EPT above
 *               zaps them too (nvmx_nested_ept_zap_vm())
 */
struct nvmx_mmu {
	struct mutex lock; /* slots, pins, EPT tables, nested_epts */
	struct nvmx_memslot *slots[NVMX_MEMSLOTS];
	u64 *root;
	u64 eptp;
	struct list_head nested_epts;
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
int nvmx_gva_walk(struct nvmx_vm *vm, const struct nvmx_paging_ctx *ctx,
		  u64 gva, u32 access, u64 *gpa, u32 *pf_error);
int nvmx_gva_to_gpa(struct nvmx_vm *vm, const struct nvmx_paging_ctx *ctx,
		    u64 gva, u32 access, u64 *gpa);

/* Internal to the mmu files (memslot.c, ept.c, guest_mem.c). */
struct nvmx_memslot *nvmx_memslot_find(struct nvmx_mmu *mmu, u64 gfn);
int nvmx_memslot_pin(struct nvmx_vm *vm, struct nvmx_memslot *slot,
		     u64 idx, bool write, struct page **page, bool *writable);
int nvmx_memslot_pin_huge(struct nvmx_vm *vm, struct nvmx_memslot *slot,
			  u64 idx, u64 *pfn);
void nvmx_memslot_unpin_all(struct nvmx_memslot *slot);
int nvmx_ept_init(struct nvmx_mmu *mmu);
void nvmx_ept_free(struct nvmx_mmu *mmu);
void nvmx_ept_zap_range(struct nvmx_mmu *mmu, u64 gfn, u64 npages,
			struct list_head *zapped);
void nvmx_ept_free_zapped(struct list_head *zapped);
void nvmx_ept_flush(struct nvmx_mmu *mmu);
void nvmx_ept_flush_local(struct nvmx_mmu *mmu);
int nvmx_ept_map(struct nvmx_vm *vm, struct nvmx_memslot *slot, u64 gfn,
		 bool write);
/* Also used by the shadow EPTs of nested EPT (src/nested/ept.c). */
u64 *nvmx_ept_entry_at(u64 *root, u64 gpa, unsigned int level);
void nvmx_ept_zap_table(u64 *root, u64 gfn, u64 npages,
			struct list_head *zapped);
unsigned long nvmx_invept_type(void);

#endif /* NVMX_MMU_H */
