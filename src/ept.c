// SPDX-License-Identifier: GPL-2.0
/*
 * The VM's EPT (SDM Vol. 3C 29.3): 4-level tables owned by the host,
 * filled on EPT violations, zapped and invalidated (INVEPT on every CPU)
 * when a slot is deleted or moved.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/smp.h>
#include <asm/vmx.h>

#include "ept_entry.h"
#include "mmu.h"
#include "vm.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/* Frames per 2 MiB EPT page. */
#define NVMX_HUGE_PAGES 512

/**
 * nvmx_ept_init() - allocate the EPT root and compute the EPTP
 * @mmu: the VM's mmu
 *
 * nvmx needs (SDM Vol. 3D A.10, IA32_VMX_EPT_VPID_CAP): a page-walk length
 * of 4 (bit 6), WB paging structures (bit 14), and INVEPT (bit 20) with
 * the single-context (bit 25) or all-context (bit 26) type.  EPT A/D flags
 * stay off: nothing consumes them (no dirty logging), and with them on,
 * guest paging-structure reads count as writes (SDM Vol. 3C 29.3.5).
 *
 * Return: 0, -ENOMEM, or -EOPNOTSUPP if the CPU lacks any of the above.
 */
int nvmx_ept_init(struct nvmx_mmu *mmu)
{
	u64 cap = nvmx_vmx_caps.ept_vpid_cap;

	if (!nvmx_cpu_has_ept() || !(cap & VMX_EPT_PAGE_WALK_4_BIT) ||
	    !(cap & VMX_EPTP_WB_BIT) || !(cap & VMX_EPT_INVEPT_BIT) ||
	    !(cap & (VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT)))
		return -EOPNOTSUPP;
	mmu->root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!mmu->root)
		return -ENOMEM;
	mmu->eptp = nvmx_eptp_make(__pa(mmu->root), false);
	return 0;
}

static u64 *nvmx_ept_child(u64 e)
{
	return __va(e & NVMX_EPT_ADDR_MASK);
}

static void nvmx_ept_free_table(u64 *table, unsigned int level)
{
	unsigned int i;

	for (i = 0; level > 1 && i < NVMX_EPT_ENTRIES; i++) {
		u64 e = table[i];

		if (nvmx_ept_present(e) && !nvmx_ept_is_leaf(e, level))
			nvmx_ept_free_table(nvmx_ept_child(e), level - 1);
	}
	free_page((unsigned long)table);
}

/**
 * nvmx_ept_free() - free every EPT table
 * @mmu: the VM's mmu, lock held, already invalidated on every CPU
 */
void nvmx_ept_free(struct nvmx_mmu *mmu)
{
	if (!mmu->root)
		return;
	nvmx_ept_free_table(mmu->root, NVMX_EPT_LEVELS);
	mmu->root = NULL;
}

/**
 * nvmx_mmu_eptp() - the EPT pointer for the VMCS (EPT_POINTER field)
 * @vm: the VM
 *
 * Return: PML4 address | WB | page-walk length 4, A/D flags disabled.
 */
u64 nvmx_mmu_eptp(struct nvmx_vm *vm)
{
	return vm->mmu.eptp;
}

/**
 * nvmx_ept_entry_at() - the entry for a guest-physical address in an EPT
 * @root: the PML4 table of an EPT built by L0 (the VM's, or a shadow EPT
 *        of src/nested/ept.c), under the mmu lock
 * @gpa: the guest-physical address
 * @level: 1 for the PTE, 2 for the PDE
 *
 * Allocates the missing tables above @level (GFP_KERNEL_ACCOUNT); a table
 * already linked stays linked if a later allocation fails.
 *
 * Return: the entry; ERR_PTR(-EEXIST) when a larger page already maps
 * @gpa; ERR_PTR(-ENOMEM).
 */
u64 *nvmx_ept_entry_at(u64 *root, u64 gpa, unsigned int level)
{
	u64 *table = root;
	unsigned int l;

	for (l = NVMX_EPT_LEVELS; l > level; l--) {
		u64 *e = &table[nvmx_ept_index(gpa, l)];
		u64 *next;

		if (nvmx_ept_present(*e)) {
			if (nvmx_ept_is_leaf(*e, l))
				return ERR_PTR(-EEXIST);
			table = nvmx_ept_child(*e);
			continue;
		}
		next = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!next)
			return ERR_PTR(-ENOMEM);
		/* The zeroed table is visible before the link (x86 TSO). */
		WRITE_ONCE(*e, nvmx_ept_table_entry(__pa(next)));
		table = next;
	}
	return &table[nvmx_ept_index(gpa, level)];
}

static u64 *nvmx_ept_entry(struct nvmx_mmu *mmu, u64 gpa, unsigned int level)
{
	return nvmx_ept_entry_at(mmu->root, gpa, level);
}

/* May @gfn of @slot be mapped by a 2 MiB page (guest and host aligned)? */
static bool nvmx_ept_huge_candidate(const struct nvmx_memslot *slot, u64 gfn)
{
	const struct nvmx_slot_desc *d = &slot->desc;
	u64 first = gfn & ~(u64)(NVMX_HUGE_PAGES - 1);

	if (!(nvmx_vmx_caps.ept_vpid_cap & VMX_EPT_2MB_PAGE_BIT))
		return false;
	if ((d->base_gfn ^ (d->userspace_addr >> PAGE_SHIFT)) &
	    (NVMX_HUGE_PAGES - 1))
		return false;
	return first >= d->base_gfn &&
	       first + NVMX_HUGE_PAGES <= d->base_gfn + d->npages;
}

/* Try a 2 MiB leaf; 0 = mapped, < 0 = use 4 KiB (or the errno). */
static int nvmx_ept_map_huge(struct nvmx_vm *vm, struct nvmx_memslot *slot,
			     u64 gfn, bool writable)
{
	u64 gpa = gfn << PAGE_SHIFT, pfn;
	u64 *pde;
	int ret;

	if (!nvmx_ept_huge_candidate(slot, gfn))
		return -EINVAL;
	pde = nvmx_ept_entry(&vm->mmu, gpa, 2);
	if (IS_ERR(pde))
		return PTR_ERR(pde);
	if (nvmx_ept_present(*pde))	/* a PT of 4 KiB pages is there */
		return -EINVAL;
	ret = nvmx_memslot_pin_huge(vm, slot, gfn - slot->desc.base_gfn, &pfn);
	if (ret)
		return ret;
	WRITE_ONCE(*pde, nvmx_ept_leaf(pfn << PAGE_SHIFT, 2, writable));
	return 0;
}

/**
 * nvmx_ept_map() - map one guest frame of a slot
 * @vm: the VM; called in its process (the faulting vCPU's thread)
 * @slot: the slot holding @gfn, mmu lock held
 * @gfn: the guest frame
 * @write: the faulting access is a write
 *
 * Pins the backing page and installs a 4 KiB leaf, or a 2 MiB leaf where
 * nvmx_ept_huge_candidate() and the backing allow.  Read-only slots, and
 * pages of writable slots that only a read-only pin could get, are mapped
 * without write permission.  No INVEPT is needed: the EPT violation that
 * led here invalidated the mappings for this address (SDM Vol. 3C
 * 29.4.3.1), and a not-present entry is never cached.
 *
 * Return: 1 mapped; -EFAULT if the page cannot be had (for a write, if it
 * can only be had read-only); -ENOMEM; -EINTR.
 */
int nvmx_ept_map(struct nvmx_vm *vm, struct nvmx_memslot *slot, u64 gfn,
		 bool write)
{
	u64 idx = gfn - slot->desc.base_gfn;
	struct page *page;
	bool writable;
	u64 *pte;
	int ret;

	lockdep_assert_held(&vm->mmu.lock);
	ret = nvmx_memslot_pin(vm, slot, idx, write, &page, &writable);
	if (ret)
		return ret;
	if (!nvmx_ept_map_huge(vm, slot, gfn, writable))
		return 1;
	pte = nvmx_ept_entry(&vm->mmu, gfn << PAGE_SHIFT, 1);
	if (pte == ERR_PTR(-EEXIST))
		return 1;
	if (IS_ERR(pte))
		return PTR_ERR(pte);
	WRITE_ONCE(*pte,
		   nvmx_ept_leaf(PFN_PHYS(page_to_pfn(page)), 1, writable));
	return 1;
}

/**
 * nvmx_mmu_ept_violation() - handle an EPT violation exit
 * @vm: the VM; called from the vCPU thread (KVM_RUN), may sleep
 * @gpa: the guest-physical address (VMCS field GUEST_PHYSICAL_ADDRESS)
 * @exit_qual: the exit qualification (SDM Vol. 3C 28.2.1 Table 28-7)
 *
 * Return: 1 mapped, resume the guest; 0 no RAM at @gpa or a write to a
 * read-only slot: the caller emulates the access as MMIO; -EFAULT if the
 * backing page cannot be had, or a write hits a writable slot whose
 * mapping is read-only (as KVM's KVM_RUN), -ENOMEM, -EINTR.
 */
int nvmx_mmu_ept_violation(struct nvmx_vm *vm, u64 gpa, u64 exit_qual)
{
	struct nvmx_mmu *mmu = &vm->mmu;
	struct nvmx_memslot *slot;
	bool write = exit_qual & EPT_VIOLATION_ACC_WRITE;
	int ret = 0;

	mutex_lock(&mmu->lock);
	slot = nvmx_memslot_find(mmu, gpa >> PAGE_SHIFT);
	if (slot && write && (slot->desc.flags & KVM_MEM_READONLY))
		slot = NULL;
	if (slot)
		ret = nvmx_ept_map(vm, slot, gpa >> PAGE_SHIFT, write);
	mutex_unlock(&mmu->lock);
	return ret;
}

/* Unlink a table wholly inside the zapped range; freed after INVEPT. */
static void nvmx_ept_unlink(u64 *entry, unsigned int child_level,
			    struct list_head *zapped)
{
	struct page *page = virt_to_page(nvmx_ept_child(*entry));

	WRITE_ONCE(*entry, 0);
	set_page_private(page, child_level);
	list_add(&page->lru, zapped);
}

/* Clear [start, end) under @table, which maps from frame @base. */
static void nvmx_ept_zap(u64 *table, unsigned int level, u64 base, u64 start,
			 u64 end, struct list_head *zapped)
{
	u64 span = 1ull << (9 * (level - 1));
	unsigned int i;

	for (i = 0; i < NVMX_EPT_ENTRIES; i++) {
		u64 lo = base + i * span, e = table[i];

		if (lo + span <= start || lo >= end || !nvmx_ept_present(e))
			continue;
		/* A 2 MiB leaf lies within one slot, so wholly in range. */
		if (nvmx_ept_is_leaf(e, level))
			WRITE_ONCE(table[i], 0);
		else if (lo >= start && lo + span <= end)
			nvmx_ept_unlink(&table[i], level - 1, zapped);
		else
			nvmx_ept_zap(nvmx_ept_child(e), level - 1, lo, start,
				     end, zapped);
	}
}

/**
 * nvmx_ept_zap_range() - unmap guest frames
 * @mmu: the VM's mmu, lock held
 * @gfn: first frame
 * @npages: number of frames
 * @zapped: out, tables unlinked because the range covers them wholly
 *
 * The caller must nvmx_ept_flush(), then nvmx_ept_free_zapped(), before
 * the pages that were mapped are released.
 */
void nvmx_ept_zap_range(struct nvmx_mmu *mmu, u64 gfn, u64 npages,
			struct list_head *zapped)
{
	lockdep_assert_held(&mmu->lock);
	nvmx_ept_zap_table(mmu->root, gfn, npages, zapped);
}

/**
 * nvmx_ept_zap_table() - unmap guest frames from an EPT built by L0
 * @root: its PML4 table, under the mmu lock
 * @gfn: first frame
 * @npages: number of frames
 * @zapped: out, as for nvmx_ept_zap_range(), with the same duty: INVEPT
 *	    on every CPU, then nvmx_ept_free_zapped()
 */
void nvmx_ept_zap_table(u64 *root, u64 gfn, u64 npages,
			struct list_head *zapped)
{
	nvmx_ept_zap(root, NVMX_EPT_LEVELS, 0, gfn, gfn + npages, zapped);
}

/**
 * nvmx_ept_free_zapped() - free the tables nvmx_ept_zap_range() unlinked
 * @zapped: the list, empty afterwards; INVEPT has run on every CPU
 */
void nvmx_ept_free_zapped(struct list_head *zapped)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, zapped, lru) {
		list_del(&page->lru);
		nvmx_ept_free_table(page_address(page), page_private(page));
	}
}

struct nvmx_flush_arg {
	unsigned long type;
	u64 eptp;
};

/**
 * nvmx_invept_type() - the INVEPT type that invalidates one EPTP
 *
 * Single-context if supported, else all-context (SDM Vol. 3C 29.4.3.1,
 * 31.3 "INVEPT"); nvmx_ept_init() made sure one of them is.
 *
 * Return: VMX_EPT_EXTENT_CONTEXT or VMX_EPT_EXTENT_GLOBAL.
 */
unsigned long nvmx_invept_type(void)
{
	return (nvmx_vmx_caps.ept_vpid_cap & VMX_EPT_EXTENT_CONTEXT_BIT) ?
	       VMX_EPT_EXTENT_CONTEXT : VMX_EPT_EXTENT_GLOBAL;
}

/**
 * nvmx_ept_flush_local() - invalidate the VM's translations on this CPU
 * @mmu: the VM's mmu
 *
 * INVEPT drops the guest-physical and the combined mappings of the VM's
 * EP4TA for every VPID and PCID (SDM Vol. 3C 29.4.3.1), i.e. everything a
 * vCPU of this VM may have left in this CPU's TLBs.  Preemption must be
 * disabled.
 */
void nvmx_ept_flush_local(struct nvmx_mmu *mmu)
{
	nvmx_invept(nvmx_invept_type(), mmu->eptp);
}

/* On each CPU; a failure is logged by nvmx_invept(). */
static void nvmx_invept_cpu(void *data)
{
	struct nvmx_flush_arg *arg = data;

	nvmx_invept(arg->type, arg->eptp);
}

/**
 * nvmx_ept_flush() - invalidate the VM's EPT mappings on every CPU
 * @mmu: the VM's mmu
 *
 * INVEPT single-context if supported, else all-context (SDM Vol. 3C
 * 29.4.3.1), run on every online CPU through an IPI and waited for; all
 * CPUs are in VMX operation while a VM exists.  A CPU running a guest
 * takes a VM exit for the IPI first (external-interrupt exiting).
 */
void nvmx_ept_flush(struct nvmx_mmu *mmu)
{
	struct nvmx_flush_arg arg = {
		.type = nvmx_invept_type(),
		.eptp = mmu->eptp,
	};

	on_each_cpu(nvmx_invept_cpu, &arg, 1);
}
