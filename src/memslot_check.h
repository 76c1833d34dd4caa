/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure validation of a KVM_SET_USER_MEMORY_REGION request against the
 * current slots: KVM's rules and errnos (the order of the checks follows
 * KVM's so that a request breaking two rules gets the same errno).
 *
 * No kernel dependency beyond u32, u64, bool, the errno values and the
 * uapi struct kvm_userspace_memory_region, so selftests/unit/ compiles it
 * in userspace (with <linux/kvm.h>, <errno.h> and <stdbool.h>).
 */
#ifndef NVMX_MEMSLOT_CHECK_H
#define NVMX_MEMSLOT_CHECK_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kvm.h>
#include <linux/types.h>
#endif

/* KVM_CAP_NR_MEMSLOTS: slot ids 0..NVMX_MEMSLOTS-1 in address space 0. */
#define NVMX_MEMSLOTS 32
/* Only address space 0 exists (no SMM): bits 31:16 of the slot must be 0. */
#define NVMX_ADDRESS_SPACES 1
/* At most 2^31 - 1 pages per slot, as KVM_MEM_MAX_NR_PAGES. */
#define NVMX_MEM_MAX_NR_PAGES ((1ull << 31) - 1)
/* The guest page size, a 4 KiB EPT page. */
#define NVMX_GPAGE_SHIFT 12
#define NVMX_GPAGE_SIZE BIT_ULL(NVMX_GPAGE_SHIFT)

/**
 * struct nvmx_slot_desc - where a memory slot lies
 * @base_gfn: first guest frame number
 * @npages: number of pages; 0 never describes a live slot
 * @userspace_addr: host virtual address of the first page
 * @flags: KVM_MEM_* flags
 */
struct nvmx_slot_desc {
	u64 base_gfn;
	u64 npages;
	u64 userspace_addr;
	u32 flags;
};

/**
 * enum nvmx_mr_change - what a valid request does
 * @NVMX_MR_NONE: nothing (same slot again)
 * @NVMX_MR_CREATE: a new slot
 * @NVMX_MR_DELETE: memory_size 0 on a live slot
 * @NVMX_MR_MOVE: a live slot at another guest_phys_addr
 * @NVMX_MR_FLAGS_ONLY: other flags, nothing else (cannot happen while
 *	KVM_MEM_READONLY is the only flag, which may not change)
 */
enum nvmx_mr_change {
	NVMX_MR_NONE,
	NVMX_MR_CREATE,
	NVMX_MR_DELETE,
	NVMX_MR_MOVE,
	NVMX_MR_FLAGS_ONLY,
};

/**
 * nvmx_memslot_overlaps() - does [gfn, gfn + npages) meet another slot?
 * @slots: NVMX_MEMSLOTS entries, NULL where unused
 * @id: the slot being set, which is not compared with itself
 * @gfn: first frame
 * @npages: number of frames
 *
 * Return: true if any other live slot shares a frame with the range.
 */
static inline bool
nvmx_memslot_overlaps(const struct nvmx_slot_desc *const *slots,
		      unsigned int id, u64 gfn, u64 npages)
{
	unsigned int i;

	for (i = 0; i < NVMX_MEMSLOTS; i++) {
		const struct nvmx_slot_desc *s = slots[i];

		if (i == id || !s)
			continue;
		if (gfn < s->base_gfn + s->npages && s->base_gfn < gfn + npages)
			return true;
	}
	return false;
}

/**
 * nvmx_memslot_check() - validate a KVM_SET_USER_MEMORY_REGION request
 * @mem: the request
 * @slots: NVMX_MEMSLOTS entries, NULL where unused
 * @uaddr_ok: the caller's verdict on userspace_addr (untagged, and the
 *	whole range passes access_ok()); alignment is checked here
 * @max_gfn: the highest guest frame the EPT can map
 * @change: out, what the request does when it is valid
 *
 * Return: 0 if valid; -EINVAL for unknown flags (KVM_MEM_LOG_DIRTY_PAGES
 * included: nvmx has no dirty logging), a slot id or address space out of
 * range, unaligned or wrapping sizes and addresses, a bad userspace range,
 * deleting a slot that does not exist, changing the size, userspace_addr
 * or KVM_MEM_READONLY of a live slot, or frames above @max_gfn; -EEXIST if
 * a new or moved slot overlaps another slot.
 */
static inline int nvmx_memslot_check(const struct kvm_userspace_memory_region *mem,
				     const struct nvmx_slot_desc *const *slots,
				     bool uaddr_ok, u64 max_gfn,
				     enum nvmx_mr_change *change)
{
	const u64 page_mask = NVMX_GPAGE_SIZE - 1;
	const struct nvmx_slot_desc *old;
	unsigned int as_id = mem->slot >> 16, id = mem->slot & 0xffff;
	u64 gfn = mem->guest_phys_addr >> NVMX_GPAGE_SHIFT;
	u64 npages = mem->memory_size >> NVMX_GPAGE_SHIFT;

	if (id >= NVMX_MEMSLOTS || (mem->flags & ~(u32)KVM_MEM_READONLY))
		return -EINVAL;
	if ((mem->memory_size & page_mask) ||
	    (mem->guest_phys_addr & page_mask) ||
	    (mem->userspace_addr & page_mask) || !uaddr_ok)
		return -EINVAL;
	if (as_id >= NVMX_ADDRESS_SPACES ||
	    mem->guest_phys_addr + mem->memory_size < mem->guest_phys_addr ||
	    npages > NVMX_MEM_MAX_NR_PAGES)
		return -EINVAL;

	old = slots[id];
	if (!mem->memory_size) {
		if (!old)
			return -EINVAL;
		*change = NVMX_MR_DELETE;
		return 0;
	}
	if (!old) {
		*change = NVMX_MR_CREATE;
	} else {
		if (mem->userspace_addr != old->userspace_addr ||
		    npages != old->npages ||
		    ((mem->flags ^ old->flags) & KVM_MEM_READONLY))
			return -EINVAL;
		if (gfn != old->base_gfn)
			*change = NVMX_MR_MOVE;
		else if (mem->flags != old->flags)
			*change = NVMX_MR_FLAGS_ONLY;
		else
			*change = NVMX_MR_NONE;
	}
	if (*change == NVMX_MR_NONE || *change == NVMX_MR_FLAGS_ONLY)
		return 0;
	if (nvmx_memslot_overlaps(slots, id, gfn, npages))
		return -EEXIST;
	/* KVM checks the top frame after the overlap (arch prepare). */
	if (gfn + npages - 1 > max_gfn)
		return -EINVAL;
	return 0;
}

#endif /* NVMX_MEMSLOT_CHECK_H */
