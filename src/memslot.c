// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slots (KVM_SET_USER_MEMORY_REGION) and the pinning of the pages
 * behind them.  Documentation/memory.md explains why pages are pinned.
 */
#include <linux/errno.h>
#include <linux/kvm.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <asm/processor.h>

#include "mmu.h"
#include "nested/nested.h"
#include "vm.h"

/* 4-level EPT translates 48 guest-physical bits (SDM Vol. 3C 29.3.2). */
#define NVMX_EPT_GPA_BITS 48
/* Frames per 2 MiB EPT page (a PDE mapping a page, SDM Vol. 3C 29.3.2). */
#define NVMX_HUGE_PAGES 512

/**
 * nvmx_memslot_find() - the slot holding a guest frame
 * @mmu: the VM's mmu, lock held
 * @gfn: guest frame number
 *
 * Return: the slot, or NULL if @gfn is not guest RAM.
 */
struct nvmx_memslot *nvmx_memslot_find(struct nvmx_mmu *mmu, u64 gfn)
{
	unsigned int i;

	lockdep_assert_held(&mmu->lock);
	for (i = 0; i < NVMX_MEMSLOTS; i++) {
		struct nvmx_memslot *s = mmu->slots[i];

		if (s && gfn >= s->desc.base_gfn &&
		    gfn - s->desc.base_gfn < s->desc.npages)
			return s;
	}
	return NULL;
}

static unsigned int nvmx_pin_flags(const struct nvmx_memslot *slot)
{
	if (slot->desc.flags & KVM_MEM_READONLY)
		return FOLL_LONGTERM;
	return FOLL_LONGTERM | FOLL_WRITE;
}

static unsigned long nvmx_slot_hva(const struct nvmx_memslot *slot, u64 idx)
{
	return slot->desc.userspace_addr + (idx << PAGE_SHIFT);
}

/* pin_user_pages_fast() result for @want pages -> errno; KVM: -EFAULT. */
static int nvmx_pin_errno(int got)
{
	if (got == -ENOMEM || got == -EINTR)
		return got;
	return -EFAULT;
}

/*
 * xarray pointer tag of a pin taken without FOLL_WRITE in a writable slot
 * (the mapping is read-only): mapped read-only, and a write is -EFAULT.
 */
#define NVMX_PIN_RO 1

/* Pin one page: for write if the slot is writable, else (or on failure,
 * for a read) read-only.  1 with *ro set as the pin's mode, or errno.
 */
static int nvmx_pin_one(struct nvmx_memslot *slot, u64 idx, bool write,
			struct page **page, bool *ro)
{
	unsigned long hva = nvmx_slot_hva(slot, idx);
	int ret = -EFAULT;

	*ro = slot->desc.flags & KVM_MEM_READONLY;
	if (!*ro)
		ret = pin_user_pages_fast(hva, 1, FOLL_LONGTERM | FOLL_WRITE,
					  page);
	if (ret == 1 || write || (ret != -EFAULT && ret != 0))
		return ret;
	*ro = true;
	return pin_user_pages_fast(hva, 1, FOLL_LONGTERM, page);
}

/**
 * nvmx_memslot_pin() - the pinned page behind one page of a slot
 * @vm: the VM; the caller runs in its process (current->mm == vm->mm)
 * @slot: the slot, mmu lock held
 * @idx: page index within @slot
 * @write: the caller will write the page
 * @page: out
 * @writable: out, whether the page may be written (and mapped writable)
 *
 * The first use pins the page with FOLL_LONGTERM, and FOLL_WRITE unless
 * the slot is read-only (which breaks copy-on-write now, so the guest and
 * the process keep sharing one page).  As KVM, a read in a writable slot
 * over a read-only mapping gets a read-only pin; writing such a page is
 * -EFAULT.  The pin lasts until the slot is deleted or moved or the VM is
 * destroyed.
 *
 * Return: 0; -EFAULT if the address is not mapped as the access needs (or
 * the caller is not in the VM's process), -ENOMEM, -EINTR.
 */
int nvmx_memslot_pin(struct nvmx_vm *vm, struct nvmx_memslot *slot, u64 idx,
		     bool write, struct page **page, bool *writable)
{
	bool ro_slot = slot->desc.flags & KVM_MEM_READONLY, ro;
	void *entry;
	struct page *p;
	int ret;

	lockdep_assert_held(&vm->mmu.lock);
	entry = xa_load(&slot->pins, idx);
	if (entry) {
		*writable = !ro_slot && !xa_pointer_tag(entry);
		if (write && !*writable)
			return -EFAULT;
		*page = xa_untag_pointer(entry);
		return 0;
	}
	if (current->mm != vm->mm || (write && ro_slot))
		return -EFAULT;
	ret = nvmx_pin_one(slot, idx, write, &p, &ro);
	if (ret != 1)
		return nvmx_pin_errno(ret);
	entry = ro && !ro_slot ? xa_tag_pointer(p, NVMX_PIN_RO) : p;
	ret = xa_err(xa_store(&slot->pins, idx, entry, GFP_KERNEL_ACCOUNT));
	if (ret) {
		unpin_user_page(p);
		return ret;
	}
	*page = p;
	*writable = !ro;
	return 0;
}

/* Are pages[0..511] one naturally aligned 2 MiB physical range? */
static bool nvmx_pages_contiguous(struct page **pages)
{
	unsigned long pfn = page_to_pfn(pages[0]);
	unsigned int i;

	if (pfn % NVMX_HUGE_PAGES)
		return false;
	for (i = 1; i < NVMX_HUGE_PAGES; i++)
		if (page_to_pfn(pages[i]) != pfn + i)
			return false;
	return true;
}

/* Keep the new pins of @pages in the slot from @first on; drop doubles. */
static int nvmx_pins_adopt(struct nvmx_memslot *slot, u64 first,
			   struct page **pages)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < NVMX_HUGE_PAGES; i++) {
		void *old = xa_load(&slot->pins, first + i);

		if (!ret && !old)
			ret = xa_err(xa_store(&slot->pins, first + i, pages[i],
					      GFP_KERNEL_ACCOUNT));
		if (ret || old)
			unpin_user_page(pages[i]);
		/* a read-only pin (tagged) differs from pages[i] too */
		if (!ret && old && old != pages[i])
			ret = -EBUSY;
	}
	return ret;
}

/**
 * nvmx_memslot_pin_huge() - pin a whole 2 MiB frame of a slot, if it is one
 * @vm: the VM; the caller runs in its process
 * @slot: the slot, mmu lock held
 * @idx: page index within @slot of the faulting page
 * @pfn: out, first host frame of the 2 MiB page
 *
 * Only called where the slot covers the 2 MiB guest frame of @idx and its
 * guest and host addresses are congruent modulo 2 MiB.  The page at @idx
 * must already be pinned; if it belongs to a folio of order >= 9 (THP or
 * hugetlbfs), the other 511 pages are pinned too and must be physically
 * contiguous and 2 MiB aligned.
 *
 * Return: 0 with all 512 pages pinned in the slot, or a negative errno:
 * the caller then maps 4 KiB.
 */
int nvmx_memslot_pin_huge(struct nvmx_vm *vm, struct nvmx_memslot *slot,
			  u64 idx, u64 *pfn)
{
	u64 first = idx & ~(u64)(NVMX_HUGE_PAGES - 1);
	struct page **pages;
	struct page *p;
	int ret;

	p = xa_load(&slot->pins, idx);	/* untagged: pinned as the slot is */
	if (!p || xa_pointer_tag(p) ||
	    folio_order(page_folio(p)) < ilog2(NVMX_HUGE_PAGES))
		return -EINVAL;
	pages = kmalloc_array(NVMX_HUGE_PAGES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(nvmx_slot_hva(slot, first), NVMX_HUGE_PAGES,
				  nvmx_pin_flags(slot), pages);
	if (ret != NVMX_HUGE_PAGES) {
		if (ret > 0)
			unpin_user_pages(pages, ret);
		ret = -EFAULT;
		goto out;
	}
	if (!nvmx_pages_contiguous(pages)) {
		unpin_user_pages(pages, NVMX_HUGE_PAGES);
		ret = -EINVAL;
		goto out;
	}
	ret = nvmx_pins_adopt(slot, first, pages);
	if (!ret)
		*pfn = page_to_pfn(pages[0]);
out:
	kfree(pages);
	return ret;
}

/**
 * nvmx_memslot_unpin_all() - drop every pin of a slot
 * @slot: the slot, no longer reachable through the EPT (zapped and
 *	invalidated on every CPU)
 *
 * Pages pinned for write are marked dirty: the guest may have written
 * them through the EPT, which tracks no dirty bits here.
 */
void nvmx_memslot_unpin_all(struct nvmx_memslot *slot)
{
	bool writable = !(slot->desc.flags & KVM_MEM_READONLY);
	unsigned long idx;
	void *entry;

	xa_for_each(&slot->pins, idx, entry) {
		struct page *p = xa_untag_pointer(entry);

		unpin_user_pages_dirty_lock(&p, 1,
					    writable && !xa_pointer_tag(entry));
		cond_resched();
	}
	xa_destroy(&slot->pins);
}

static u64 nvmx_max_gfn(void)
{
	unsigned int bits = min_t(unsigned int, NVMX_EPT_GPA_BITS,
				  boot_cpu_data.x86_phys_bits);

	return (1ull << (bits - PAGE_SHIFT)) - 1;
}

static bool nvmx_uaddr_ok(const struct kvm_userspace_memory_region *mem)
{
	unsigned long addr = mem->userspace_addr;
	unsigned long untagged = untagged_addr(addr);

	/* 64-bit only: u64 and unsigned long are one type. */
	return untagged == mem->userspace_addr &&
	       access_ok((void __user *)addr, mem->memory_size);
}

/* Take the slot off the EPT everywhere, then drop its pins. */
static void nvmx_memslot_unmap(struct nvmx_vm *vm, struct nvmx_memslot *slot)
{
	struct nvmx_mmu *mmu = &vm->mmu;
	LIST_HEAD(zapped);

	nvmx_ept_zap_range(mmu, slot->desc.base_gfn, slot->desc.npages,
			   &zapped);
	nvmx_ept_flush(mmu);
	nvmx_ept_free_zapped(&zapped);
	/* L2's shadow EPTs may map the slot's pages too. */
	nvmx_nested_ept_zap_vm(vm);
	nvmx_memslot_unpin_all(slot);
}

static int nvmx_memslot_create(struct nvmx_mmu *mmu, unsigned int id,
			       const struct kvm_userspace_memory_region *mem)
{
	struct nvmx_memslot *slot;

	slot = kzalloc(sizeof(*slot), GFP_KERNEL_ACCOUNT);
	if (!slot)
		return -ENOMEM;
	slot->desc.base_gfn = mem->guest_phys_addr >> PAGE_SHIFT;
	slot->desc.npages = mem->memory_size >> PAGE_SHIFT;
	slot->desc.userspace_addr = mem->userspace_addr;
	slot->desc.flags = mem->flags;
	xa_init(&slot->pins);
	mmu->slots[id] = slot;
	return 0;
}

/**
 * nvmx_vm_set_memory_region() - KVM_SET_USER_MEMORY_REGION
 * @vm: the VM
 * @mem: the request, copied from userspace
 *
 * Creates, moves (new guest_phys_addr) or deletes (memory_size 0) a slot,
 * with KVM's checks (memslot_check.h).  A move or delete zaps the old
 * range from the EPT and invalidates it on every CPU (INVEPT) before the
 * pages are unpinned and before this returns.  Takes the mmu lock.
 *
 * Return: 0; -EINVAL or -EEXIST as nvmx_memslot_check() says; -ENOMEM.
 */
int nvmx_vm_set_memory_region(struct nvmx_vm *vm,
			      const struct kvm_userspace_memory_region *mem)
{
	const struct nvmx_slot_desc *descs[NVMX_MEMSLOTS];
	struct nvmx_mmu *mmu = &vm->mmu;
	unsigned int id = mem->slot & 0xffff, i;
	struct nvmx_memslot *slot;
	enum nvmx_mr_change change;
	int ret;

	mutex_lock(&mmu->lock);
	for (i = 0; i < NVMX_MEMSLOTS; i++)
		descs[i] = mmu->slots[i] ? &mmu->slots[i]->desc : NULL;
	ret = nvmx_memslot_check(mem, descs, nvmx_uaddr_ok(mem),
				 nvmx_max_gfn(), &change);
	if (ret)
		goto out;
	slot = mmu->slots[id];
	switch (change) {
	case NVMX_MR_CREATE:
		ret = nvmx_memslot_create(mmu, id, mem);
		break;
	case NVMX_MR_DELETE:
		nvmx_memslot_unmap(vm, slot);
		mmu->slots[id] = NULL;
		kfree(slot);
		break;
	case NVMX_MR_MOVE:
		nvmx_memslot_unmap(vm, slot);
		slot->desc.base_gfn = mem->guest_phys_addr >> PAGE_SHIFT;
		break;
	case NVMX_MR_FLAGS_ONLY:
		slot->desc.flags = mem->flags;
		break;
	case NVMX_MR_NONE:
		break;
	}
out:
	mutex_unlock(&mmu->lock);
	return ret;
}

/**
 * nvmx_mmu_init() - set up the guest memory of a new VM
 * @vm: the VM (zeroed)
 *
 * Return: 0, -ENOMEM, or -EOPNOTSUPP if the CPU's EPT lacks what nvmx
 * needs (see nvmx_ept_init()).
 */
int nvmx_mmu_init(struct nvmx_vm *vm)
{
	int ret;

	mutex_init(&vm->mmu.lock);
	INIT_LIST_HEAD(&vm->mmu.nested_epts);
	ret = nvmx_ept_init(&vm->mmu);
	if (ret)
		mutex_destroy(&vm->mmu.lock);
	return ret;
}

/**
 * nvmx_mmu_destroy() - free the guest memory of a dying VM
 * @vm: the VM; no vCPU may run any more, and every CPU must still be in
 *	VMX operation (call before dropping the VM's VMX reference), since
 *	the EPT is invalidated before its pages are freed
 *
 * Unpins every page and frees every slot and EPT table.
 */
void nvmx_mmu_destroy(struct nvmx_vm *vm)
{
	struct nvmx_mmu *mmu = &vm->mmu;
	unsigned int i;

	mutex_lock(&mmu->lock);
	/* Normally empty: each vCPU freed its nested EPT state already. */
	nvmx_nested_ept_zap_vm(vm);
	nvmx_ept_flush(mmu);
	for (i = 0; i < NVMX_MEMSLOTS; i++) {
		if (!mmu->slots[i])
			continue;
		nvmx_memslot_unpin_all(mmu->slots[i]);
		kfree(mmu->slots[i]);
		mmu->slots[i] = NULL;
	}
	nvmx_ept_free(mmu);
	mutex_unlock(&mmu->lock);
	mutex_destroy(&mmu->lock);
}
