// SPDX-License-Identifier: GPL-2.0
/*
 * The hardware vmcs12 pages of a vCPU and the VMREAD/VMWRITE bitmaps.
 *
 * Every vmcs12 L1 has made current lives in a hardware VMCS page of L0
 * (struct nvmx_vmcs12_page, shadow indicator 1), never in L1's VMCS
 * region, which L1 could write behind L0's back.  A vCPU keeps at most
 * NVMX_NESTED_VMCS_CACHE of them; when VMPTRLD needs another, the least
 * recently used one is evicted: VMCLEARed and its fields written into
 * L1's VMCS region as a struct nvmx_vmcs12_image (L1's revision and
 * VMX-abort words kept).  VMPTRLD of a region holding such an image (the
 * magic word) reloads the fields and launch state; any other region gives
 * a vmcs12 with every field 0 and launch state clear.  Whatever L1 wrote
 * into an image only ever becomes field values, which the entry checks
 * see like any VMWRITE.
 *
 * A page's fields are read and written with VMREAD/VMWRITE while it is
 * the current VMCS (VMPTRLD of a shadow VMCS is allowed, SDM Vol. 3C
 * 25.10), preemption off, after which the vCPU's own VMCS is made current
 * again (nvmx_vcpu_activate()).
 */
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <asm/vmx.h>

#include "../mmu.h"
#include "../vcpu.h"
#include "../vm.h"
#include "../vmcs.h"
#include "../vmx_caps.h"
#include "../vmx_ops.h"
#include "nested.h"

static_assert(sizeof(struct nvmx_vmcs12_image) <= PAGE_SIZE);

/* SDM Vol. 3C 25.6.15: bit x of a bitmap is field encoding bits 14:0 = x. */
#define NVMX_BITMAP_BIT(enc)	((enc) & 0x7fff)

/* Both halves of a 64-bit field (SDM Vol. 3C 25.11.2: bit 0 "high"). */
static void nvmx_bitmap_pass(unsigned long *map, u32 enc)
{
	__clear_bit(NVMX_BITMAP_BIT(enc), map);
	if (NVMX_VMCS_WIDTH(enc) == NVMX_VMCS_WIDTH_64)
		__clear_bit(NVMX_BITMAP_BIT(enc | 1), map);
}

/**
 * nvmx_vmcs12_bitmaps_alloc() - the VMREAD and VMWRITE bitmaps of vmcs01
 * @n: the vCPU's nested state
 *
 * SDM Vol. 3C 25.6.15 and 26.1.3: a VMREAD/VMWRITE of L1 exits when its
 * field's bit is 1.  From the table's shadow classes: RW fields exit for
 * neither, RO fields exit for VMWRITE only, NONE and HIDDEN fields and
 * every encoding not in the table exit for both.  On a CPU without
 * VMWRITE to read-only fields (IA32_VMX_MISC bit 29, SDM Vol. 3D A.6) L0
 * cannot put a synthesized exit's information into the page, so VMREADs
 * of RO fields exit too and are served from exit.c's software copy
 * (nvmx_nested_exit_field_soft()).
 *
 * Return: 0 or -ENOMEM.
 */
int nvmx_vmcs12_bitmaps_alloc(struct nvmx_nested *n)
{
	bool ro_read = nvmx_vmx_caps.misc & BIT_ULL(29);
	int i;

	n->vmread_bitmap = (unsigned long *)__get_free_page(GFP_KERNEL_ACCOUNT);
	n->vmwrite_bitmap = (unsigned long *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!n->vmread_bitmap || !n->vmwrite_bitmap)
		return -ENOMEM;
	memset(n->vmread_bitmap, 0xff, PAGE_SIZE);
	memset(n->vmwrite_bitmap, 0xff, PAGE_SIZE);
	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++) {
		const struct nvmx_vmcs_field *f = &nvmx_vmcs_fields[i];

		if (f->shadow == NVMX_SHADOW_RW ||
		    (f->shadow == NVMX_SHADOW_RO && ro_read))
			nvmx_bitmap_pass(n->vmread_bitmap, f->enc);
		if (f->shadow == NVMX_SHADOW_RW)
			nvmx_bitmap_pass(n->vmwrite_bitmap, f->enc);
	}
	return 0;
}

/**
 * nvmx_vmcs12_bitmaps_free() - free what nvmx_vmcs12_bitmaps_alloc() got
 * @n: the vCPU's nested state
 */
void nvmx_vmcs12_bitmaps_free(struct nvmx_nested *n)
{
	free_page((unsigned long)n->vmread_bitmap);
	free_page((unsigned long)n->vmwrite_bitmap);
	n->vmread_bitmap = NULL;
	n->vmwrite_bitmap = NULL;
}

/**
 * nvmx_vmcs12_pages_alloc() - the hardware vmcs12 pages of a vCPU
 * @n: the vCPU's nested state
 *
 * Return: 0 or -ENOMEM (nvmx_vmcs12_pages_free() frees what was got).
 */
int nvmx_vmcs12_pages_alloc(struct nvmx_nested *n)
{
	int i, ret;

	for (i = 0; i < NVMX_NESTED_VMCS_CACHE; i++) {
		n->pages[i].gpa = NVMX_NO_VMCS12;
		ret = nvmx_loaded_vmcs_alloc(&n->pages[i].lv, true);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * nvmx_vmcs12_pages_free() - VMCLEAR and free every vmcs12 page
 * @vcpu: the vCPU, being destroyed
 */
void nvmx_vmcs12_pages_free(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	int i;

	for (i = 0; i < NVMX_NESTED_VMCS_CACHE; i++)
		nvmx_loaded_vmcs_free(&n->pages[i].lv);
	n->cur_page = NULL;
}

/* Make @p the current VMCS of this CPU; preemption stays off. */
static void nvmx_vmcs12_load(struct nvmx_vmcs12_page *p)
{
	preempt_disable();
	nvmx_loaded_vmcs_load(&p->lv);
}

/* Make the vCPU's own VMCS current again; preemption back on. */
static void nvmx_vmcs12_put(struct nvmx_vcpu *vcpu)
{
	nvmx_vcpu_activate(vcpu);
	preempt_enable();
}

/**
 * nvmx_vmcs12_read() - VMREAD a field of a vmcs12 page
 * @vcpu: the vCPU (in an exit handler or ioctl, preemptible)
 * @p: the page
 * @idx: the field's table row
 *
 * Return: the field's value.
 */
u64 nvmx_vmcs12_read(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p,
		     int idx)
{
	u64 val;

	nvmx_vmcs12_load(p);
	val = __nvmx_vmread(nvmx_vmcs_fields[idx].enc);
	nvmx_vmcs12_put(vcpu);
	return val;
}

/**
 * nvmx_vmcs12_write() - VMWRITE a field of a vmcs12 page
 * @vcpu: the vCPU (preemptible)
 * @p: the page
 * @idx: the field's table row
 * @val: the value (read-only fields too: IA32_VMX_MISC bit 29, which
 *       nested VMX requires of the hardware)
 */
void nvmx_vmcs12_write(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p,
		       int idx, u64 val)
{
	nvmx_vmcs12_load(p);
	__nvmx_vmwrite(nvmx_vmcs_fields[idx].enc, val);
	nvmx_vmcs12_put(vcpu);
}

/**
 * nvmx_vmcs12_unlink() - vmcs01 links no shadow VMCS any more
 * @vcpu: the vCPU, vmcs01 current
 *
 * SDM Vol. 3C 25.4.2: a link pointer of all ones; L1's shadowed VMREAD
 * and VMWRITE then get VMfailInvalid from the CPU (SDM Vol. 3C 31.3).
 */
void nvmx_vmcs12_unlink(struct nvmx_vcpu *vcpu)
{
	if (!vcpu->linked)
		return;
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);
	vcpu->linked = NULL;
}

/**
 * nvmx_vmcs12_link() - link a vmcs12 page from vmcs01 as its shadow VMCS
 * @vcpu: the vCPU, vmcs01 current
 * @p: the page (shadow indicator 1)
 *
 * SDM Vol. 3C 25.10: with "VMCS shadowing" on, L1's VMREAD/VMWRITE whose
 * bitmap bit is 0 access the VMCS the link pointer references.  The page
 * stays active on the vCPU's CPU (vcpu.c moves it with the vCPU).
 */
void nvmx_vmcs12_link(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p)
{
	preempt_disable();
	nvmx_loaded_vmcs_track(&p->lv);
	vcpu->linked = &p->lv;
	preempt_enable();
	vmcs_write64(VMCS_LINK_POINTER, p->lv.pa);
}

/* VMREAD every field of @p into @img (nvmx's image layout). */
static void nvmx_vmcs12_save(struct nvmx_vcpu *vcpu,
			     struct nvmx_vmcs12_page *p,
			     struct nvmx_vmcs12_image *img)
{
	int i;

	nvmx_vmcs12_load(p);
	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		img->f[i] = __nvmx_vmread(nvmx_vmcs_fields[i].enc);
	nvmx_vmcs12_put(vcpu);
	img->magic = NVMX_VMCS12_MAGIC;
	img->launched = p->launched;
}

/*
 * Write @p back into L1's VMCS region and free its slot.  The words L1
 * owns (revision, VMX-abort indicator) are not written.  A region that is
 * not RAM loses the data, as it would on a processor.
 */
static int nvmx_vmcs12_evict(struct nvmx_vcpu *vcpu,
			     struct nvmx_vmcs12_page *p)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_image *img;
	size_t off = offsetof(struct nvmx_vmcs12_image, magic);

	img = kmalloc(sizeof(*img), GFP_KERNEL_ACCOUNT);
	if (!img)
		return -ENOMEM;
	nvmx_vmcs12_save(vcpu, p, img);
	if (vcpu->linked == &p->lv)
		nvmx_vmcs12_unlink(vcpu);
	if (n->cur_page == p) {
		n->cur_page = NULL;
		n->current_ptr = NVMX_NO_VMCS12;
	}
	nvmx_loaded_vmcs_clear(&p->lv);
	nvmx_write_guest(vcpu->vm, p->gpa + off, (u8 *)img + off,
			 sizeof(*img) - off);
	p->gpa = NVMX_NO_VMCS12;
	p->launched = false;
	kfree(img);
	return 0;
}

static struct nvmx_vmcs12_page *nvmx_vmcs12_find(struct nvmx_nested *n,
						 u64 gpa)
{
	int i;

	for (i = 0; i < NVMX_NESTED_VMCS_CACHE; i++)
		if (n->pages[i].gpa == gpa)
			return &n->pages[i];
	return NULL;
}

/* A free slot, else the least recently used one, evicted. */
static struct nvmx_vmcs12_page *nvmx_vmcs12_slot(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *p, *lru = NULL;
	int i, ret;

	p = nvmx_vmcs12_find(n, NVMX_NO_VMCS12);
	if (p)
		return p;
	for (i = 0; i < NVMX_NESTED_VMCS_CACHE; i++)
		if (!lru || n->pages[i].last_use < lru->last_use)
			lru = &n->pages[i];
	ret = nvmx_vmcs12_evict(vcpu, lru);
	return ret ? ERR_PTR(ret) : lru;
}

/*
 * A fresh hardware VMCS in @p with the fields of @img: the region is
 * zeroed with the revision and shadow indicator, VMCLEARed (launch state
 * clear, SDM Vol. 3C 25.11.3), then every table field is written.
 */
static void nvmx_vmcs12_fill(struct nvmx_vcpu *vcpu,
			     struct nvmx_vmcs12_page *p,
			     const struct nvmx_vmcs12_image *img)
{
	u32 rev = nvmx_basic_revision_id(nvmx_vmx_caps.basic);
	int i;

	nvmx_loaded_vmcs_clear(&p->lv);
	memset(p->lv.vmcs, 0, PAGE_SIZE);
	*(u32 *)p->lv.vmcs = rev | NVMX_VMCS_SHADOW_INDICATOR;
	preempt_disable();
	nvmx_vmclear(p->lv.pa);
	nvmx_loaded_vmcs_load(&p->lv);
	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		__nvmx_vmwrite(nvmx_vmcs_fields[i].enc, img->f[i]);
	nvmx_vmcs12_put(vcpu);
}

/* Load the vmcs12 at @gpa into @p (an image, or all fields 0). */
static int nvmx_vmcs12_reload(struct nvmx_vcpu *vcpu,
			      struct nvmx_vmcs12_page *p, u64 gpa)
{
	struct nvmx_vmcs12_image *img;
	bool ours;

	img = kzalloc(sizeof(*img), GFP_KERNEL_ACCOUNT);
	if (!img)
		return -ENOMEM;
	ours = !nvmx_read_guest(vcpu->vm, gpa, img, sizeof(*img)) &&
	       img->magic == NVMX_VMCS12_MAGIC;
	if (!ours)
		memset(img->f, 0, sizeof(img->f));
	nvmx_vmcs12_fill(vcpu, p, img);
	p->gpa = gpa;
	p->launched = ours && img->launched;
	kfree(img);
	return 0;
}

/**
 * nvmx_vmcs12_page_get() - the hardware page of the vmcs12 at @gpa
 * @vcpu: the vCPU (exit handler, vmcs01 current)
 * @gpa: L1's VMCS pointer, already checked by VMPTRLD
 *
 * From the cache, else loaded into a free or evicted slot.
 *
 * Return: the page, or an ERR_PTR (-ENOMEM).
 */
struct nvmx_vmcs12_page *nvmx_vmcs12_page_get(struct nvmx_vcpu *vcpu,
					      u64 gpa)
{
	struct nvmx_nested *n = vcpu->nested;
	struct nvmx_vmcs12_page *p = nvmx_vmcs12_find(n, gpa);
	int ret;

	if (!p) {
		p = nvmx_vmcs12_slot(vcpu);
		if (IS_ERR(p))
			return p;
		ret = nvmx_vmcs12_reload(vcpu, p, gpa);
		if (ret)
			return ERR_PTR(ret);
	}
	p->last_use = ++n->use_clock;
	return p;
}

/**
 * nvmx_vmcs12_page_clear() - L1's VMCLEAR of @gpa (checks passed)
 * @vcpu: the vCPU (exit handler, vmcs01 current)
 * @gpa: the VMCS pointer operand
 *
 * SDM Vol. 3C 31.3 "VMCLEAR": the VMCS data reach L1's region, launch
 * state becomes clear, and if it was current there is no current VMCS
 * any more.  A vmcs12 not in the cache is already in its region: only
 * its launch state is cleared there (if the region holds an image).
 *
 * Return: 0 or -ENOMEM.
 */
int nvmx_vmcs12_page_clear(struct nvmx_vcpu *vcpu, u64 gpa)
{
	struct nvmx_vmcs12_page *p = nvmx_vmcs12_find(vcpu->nested, gpa);
	size_t off = offsetof(struct nvmx_vmcs12_image, magic);
	u32 words[2];

	if (p) {
		p->launched = false;
		return nvmx_vmcs12_evict(vcpu, p);
	}
	if (nvmx_read_guest(vcpu->vm, gpa + off, words, sizeof(words)) ||
	    words[0] != NVMX_VMCS12_MAGIC || !words[1])
		return 0;
	words[1] = 0;
	nvmx_write_guest(vcpu->vm, gpa + off, words, sizeof(words));
	return 0;
}

/**
 * nvmx_vmcs12_release_all() - write back and drop every cached vmcs12
 * @vcpu: the vCPU (VMXOFF exit, vmcs01 current)
 *
 * Return: 0 or -ENOMEM.
 */
int nvmx_vmcs12_release_all(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	int i, ret;

	for (i = 0; i < NVMX_NESTED_VMCS_CACHE; i++) {
		if (n->pages[i].gpa == NVMX_NO_VMCS12)
			continue;
		ret = nvmx_vmcs12_evict(vcpu, &n->pages[i]);
		if (ret)
			return ret;
	}
	return 0;
}
