// SPDX-License-Identifier: GPL-2.0
/*
 * Copies to and from guest-physical memory, through the same pinned pages
 * the EPT maps, so the kernel sees exactly what the guest sees.
 */
#include <linux/errno.h>
#include <linux/highmem.h>
#include <linux/kvm.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "mmu.h"
#include "vm.h"

/* Copy within one guest page: @to_guest says which way. */
static int nvmx_guest_page_copy(struct nvmx_vm *vm, u64 gpa, void *buf,
				unsigned int len, bool to_guest)
{
	struct nvmx_mmu *mmu = &vm->mmu;
	struct nvmx_memslot *slot;
	struct page *page;
	bool writable;
	void *va;
	int ret = -EFAULT;

	mutex_lock(&mmu->lock);
	slot = nvmx_memslot_find(mmu, gpa >> PAGE_SHIFT);
	if (!slot || (to_guest && (slot->desc.flags & KVM_MEM_READONLY)))
		goto out;
	if (nvmx_memslot_pin(vm, slot, (gpa >> PAGE_SHIFT) -
			     slot->desc.base_gfn, to_guest, &page, &writable))
		goto out;
	va = kmap_local_page(page) + offset_in_page(gpa);
	if (to_guest)
		memcpy(va, buf, len);
	else
		memcpy(buf, va, len);
	kunmap_local(va);
	ret = 0;
out:
	mutex_unlock(&mmu->lock);
	return ret;
}

static int nvmx_guest_copy(struct nvmx_vm *vm, u64 gpa, void *buf,
			   unsigned long len, bool to_guest)
{
	while (len) {
		unsigned int n = min_t(unsigned long, len,
				       PAGE_SIZE - offset_in_page(gpa));
		int ret = nvmx_guest_page_copy(vm, gpa, buf, n, to_guest);

		if (ret)
			return ret;
		gpa += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/**
 * nvmx_read_guest() - copy from guest-physical memory
 * @vm: the VM; called in its process (vCPU thread or VM ioctl), may sleep
 * @gpa: first guest-physical address
 * @buf: destination
 * @len: bytes, may cross pages and slots
 *
 * Return: 0, or -EFAULT if any byte is not guest RAM or its page cannot be
 * pinned (bytes before it may have been copied).
 */
int nvmx_read_guest(struct nvmx_vm *vm, u64 gpa, void *buf, unsigned long len)
{
	return nvmx_guest_copy(vm, gpa, buf, len, false);
}

/**
 * nvmx_write_guest() - copy to guest-physical memory
 * @vm: the VM; called in its process (vCPU thread or VM ioctl), may sleep
 * @gpa: first guest-physical address
 * @buf: source
 * @len: bytes, may cross pages and slots
 *
 * Return: 0, or -EFAULT if any byte is not guest RAM, lies in a
 * KVM_MEM_READONLY slot, or its page cannot be pinned (as KVM's
 * kvm_write_guest()).
 */
int nvmx_write_guest(struct nvmx_vm *vm, u64 gpa, const void *buf,
		     unsigned long len)
{
	return nvmx_guest_copy(vm, gpa, (void *)buf, len, true);
}
