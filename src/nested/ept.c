// SPDX-License-Identifier: GPL-2.0
/*
 * Nested EPT and VPID for L2: shadow EPTs (L2 GPA -> host), EPT violations
 * of L2, L1's INVEPT and INVVPID, and the TLB flushes that L2 entries and
 * exits owe (SDM Vol. 3C 29.1 "Virtual Processor Identifiers", 29.3 "The
 * Extended Page Table Mechanism", 29.4 "Caching Translation Information",
 * 31.3 "INVEPT", "INVVPID").
 *
 * Shadow EPTs.  L2's guest-physical addresses go through L1's EPT (L2 GPA
 * -> L1 GPA) and then through L0's memory slots (L1 GPA -> host page);
 * the CPU walks one EPT only, so vmcs02's EPTP is the root of a shadow
 * EPT that L0 builds from both: 4-level tables owned by L0 (the helpers
 * of src/ept.c), filled on the EPT violations of L2, one 4 KiB leaf per
 * L2 page whatever page size L1 used, rights = L1's AND L0's, memory type
 * and "ignore PAT" L0's (nvmx_nept_shadow_leaf()).  A leaf only ever holds
 * a page pinned in one of L0's slots, looked up under the mmu lock
 * (nvmx_memslot_pin(), which keeps it pinned until the slot goes); an L1
 * GPA in no slot gets no leaf (NVMX_NEPT_MMIO).  So L2 reaches no host page
 * outside L1's memory, whatever L1's tables say.
 *
 * Where they live.  Each vCPU (struct nvmx_nested_ept) caches up to
 * NVMX_NEPT_ROOTS shadow EPTs, one per eptp12, the least recently entered
 * replaced.  Per vCPU, not per VM: cached translations belong to a logical
 * processor, INVEPT invalidates on the logical processor that executes it
 * (SDM Vol. 3C 31.3 "INVEPT"), and an L1 that changes an EPT used by
 * several vCPUs must have each of them execute INVEPT (SDM Vol. 3C
 * 29.4.3.4 "Guidelines for Use of the INVEPT Instruction").  Two vCPUs of
 * one VM with the same eptp12 thus have separate shadows, each of which
 * is only as stale as that vCPU's own TLB may be.  (KVM shares nested
 * roots per VM and drops them for every vCPU on any INVEPT: more than the
 * SDM asks.)  The root table of a cache slot stays allocated until the
 * vCPU is freed, so the EPTP in vmcs02 never points to a freed page.
 *
 * Invalidation.
 * - L1 writing its EPT tables needs no write protection: after changing
 *   an entry L1 must invalidate with INVEPT (SDM Vol. 3C 29.4.3.4), and
 *   until it does, the stale shadow entries are what the TLB of a real
 *   processor may keep.  Entries that L1 makes present or more permissive
 *   need no INVEPT (SDM Vol. 3C 29.4.3.2): the access takes an EPT
 *   violation, which walks L1's tables again.
 * - An EPT violation invalidates the mappings used for its GPA (SDM Vol.
 *   3C 29.4.3.1): each one walks L1's tables at that moment and rewrites
 *   the shadow leaf, or removes it when L1 now denies the access or maps
 *   no RAM there (the CPU has just invalidated that GPA on this CPU).
 * - L1's INVEPT: single-context drops this vCPU's shadows of that EP4TA
 *   (bits 51:12 of the EPTP, SDM Vol. 3C 29.4.1), all-context all of its
 *   shadows.  Dropping = unlink every table, hardware INVEPT of the shadow's
 *   EPTP on every CPU (L2 may have run on any), free the tables.
 * - A slot deleted or moved, the VM destroyed: nvmx_nested_ept_zap_vm()
 *   drops every shadow of every vCPU the same way, before the pages are
 *   unpinned (called by memslot.c with the mmu lock held).
 * - A vCPU entering L2 on another CPU than last time first invalidates
 *   its shadow EPTPs and its L2 VPID there: that CPU may hold translations
 *   from an earlier stay (nvmx_nested_tlb_before_entry()).
 *
 * VPID.  L2's translations carry vpid02, one L0 VPID per vCPU from the
 * pool of vCPU VPIDs, whatever vpid12 L1 uses (as KVM): a different vpid12
 * than at the last entry, or vmcs12 without "enable VPID" (then every
 * entry and exit flushes VPID 0000H in L1's view, SDM Vol. 3C 29.4.3.1),
 * flushes vpid02 before the entry; such an exit flushes L1's own VPID.
 * Every INVVPID type becomes a flush of vpid02 (or of its one address)
 * before the next L2 entry: only L2 can use those translations, and only
 * after that entry.  Without a vpid02 (L0 without VPIDs, or none left) L2
 * runs with "enable VPID" 0 and the CPU flushes at each entry and exit.
 *
 * Locking and lifetime.  vm->mmu.lock (a mutex, src/mmu.h) protects the
 * shadow tables, the contents of the cache slots and the VM's list of
 * struct nvmx_nested_ept, as it protects L0's EPT; walks of L1's tables
 * and pins run under it and may sleep.  The fields that say which tables
 * a slot has (@table, @eptp02) change only on the vCPU's thread with the
 * lock held, so nvmx_nested_tlb_before_entry() reads them there with IRQs
 * off and no lock.  The IPIs that INVEPT read the list while the caller
 * holds the lock and waits for them.
 */
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/vmx.h>

#include "../cpuid.h"
#include "../ept_entry.h"
#include "../mmu.h"
#include "../vcpu.h"
#include "../vm.h"
#include "../vmx_caps.h"
#include "../vmx_ops.h"
#include "ept_walk.h"
#include "nested.h"

/* Shadow EPTs one vCPU keeps, one per eptp12 (least recently used goes). */
#define NVMX_NEPT_ROOTS		4
#define NVMX_NEPT_ALL_ROOTS	GENMASK(NVMX_NEPT_ROOTS - 1, 0)
/* Frames a 4-level EPT translates: 48 bits (SDM Vol. 3C 29.3.2). */
#define NVMX_NEPT_FRAMES	(1ull << (48 - PAGE_SHIFT))

/**
 * struct nvmx_nept_root - one cached shadow EPT
 * @eptp12: the L1 EPTP it shadows
 * @table: its PML4 table, NULL while the cache slot was never used
 * @eptp02: the EPTP of @table for vmcs02 (WB, 4 levels, no A/D)
 * @last_use: value of nvmx_nested_ept.clock when last entered
 */
struct nvmx_nept_root {
	u64 eptp12;
	u64 *table;
	u64 eptp02;
	u64 last_use;
};

/* What of vpid02 to flush before the next L2 entry. */
enum nvmx_vpid_flush {
	NVMX_VPID_FLUSH_NONE,
	NVMX_VPID_FLUSH_ADDR,
	NVMX_VPID_FLUSH_ALL,
};

/**
 * struct nvmx_nested_ept - nested EPT and VPID state of one vCPU
 * @link: entry of vm->mmu.nested_epts (mmu lock)
 * @roots: the cached shadow EPTs (see the locking rule at the top)
 * @cur: the shadow of the last nvmx_nested_ept_enter(), NULL before
 * @clock: counter behind nvmx_nept_root.last_use
 * @vpid02: L0's VPID for L2, 0 until allocated
 * @vpid12: vmcs12's VPID at the last nvmx_nested_vpid02(), 0 if L1 had
 *          "enable VPID" 0
 * @flush: enum nvmx_vpid_flush, done by nvmx_nested_tlb_before_entry()
 * @flush_gla: the linear address of NVMX_VPID_FLUSH_ADDR
 * @l2_cpu: CPU of the last L2 entry, -1 if none
 *
 * All but @link and the shadow tables are used by the vCPU's thread only.
 */
struct nvmx_nested_ept {
	struct list_head link;
	struct nvmx_nept_root roots[NVMX_NEPT_ROOTS];
	struct nvmx_nept_root *cur;
	u64 clock;
	u16 vpid02;
	u16 vpid12;
	enum nvmx_vpid_flush flush;
	u64 flush_gla;
	int l2_cpu;
};

/* INVVPID types of IA32_VMX_EPT_VPID_CAP bits 63:32 (SDM Vol. 3D A.10). */
static bool nvmx_nept_has_vpid_type(u64 bit)
{
	return (nvmx_vmx_caps.ept_vpid_cap >> NVMX_VPID_CAP_SHIFT) & bit;
}

/* Can L0 flush one VPID (INVVPID single-context or all-context)? */
static bool nvmx_nept_has_invvpid(void)
{
	return nvmx_nept_has_vpid_type(VMX_VPID_INVVPID_BIT) &&
	       nvmx_nept_has_vpid_type(VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT |
				       VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT);
}

/**
 * nvmx_nested_ept_vpid_cap() - IA32_VMX_EPT_VPID_CAP for L1
 *
 * What this file implements for L1 (nvmx_nept_offered_cap()); caps.c
 * offers exactly this, so that L1's view and the walk agree.
 *
 * Return: the capability MSR value (SDM Vol. 3D A.10).
 */
u64 nvmx_nested_ept_vpid_cap(void)
{
	return nvmx_nept_offered_cap(nvmx_vmx_caps.ept_vpid_cap,
				     nvmx_cpu_has_vpid() &&
				     nvmx_nept_has_invvpid());
}

/* Flush every translation tagged with @vpid on this CPU (SDM Vol. 3C 31.3 "INVVPID"). */
static void nvmx_nept_invvpid_all(u16 vpid)
{
	if (nvmx_nept_has_vpid_type(VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT))
		nvmx_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, vpid, 0);
	else
		nvmx_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT, 0, 0);
}

/* Flush the translations of @gla tagged with @vpid on this CPU. */
static void nvmx_nept_invvpid_addr(u16 vpid, u64 gla)
{
	if (nvmx_nept_has_vpid_type(VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT))
		nvmx_invvpid(VMX_VPID_EXTENT_INDIVIDUAL_ADDR, vpid, gla);
	else
		nvmx_nept_invvpid_all(vpid);
}

static struct nvmx_nested_ept *nvmx_nept(struct nvmx_vcpu *vcpu)
{
	return vcpu->nested ? vcpu->nested->ept : NULL;
}

/* The vCPU's state, allocated and put on the VM's list at first use. */
static struct nvmx_nested_ept *nvmx_nept_get(struct nvmx_vcpu *vcpu)
{
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	struct nvmx_nested_ept *ne = vcpu->nested->ept;

	if (ne)
		return ne;
	ne = kzalloc(sizeof(*ne), GFP_KERNEL_ACCOUNT);
	if (!ne)
		return NULL;
	ne->l2_cpu = -1;
	mutex_lock(&mmu->lock);
	list_add(&ne->link, &mmu->nested_epts);
	mutex_unlock(&mmu->lock);
	vcpu->nested->ept = ne;
	return ne;
}

/* INVEPT the shadows @roots of @ne on this CPU. */
static void nvmx_nept_invept_roots(const struct nvmx_nested_ept *ne,
				   unsigned long roots)
{
	unsigned int i;

	for_each_set_bit(i, &roots, NVMX_NEPT_ROOTS)
		if (ne->roots[i].table)
			nvmx_invept(nvmx_invept_type(), ne->roots[i].eptp02);
}

/**
 * struct nvmx_nept_flush - what nvmx_nept_flush_cpu() invalidates
 * @ne: one vCPU's state, or NULL for every one on @mmu's list
 * @mmu: the VM's mmu, lock held by the caller (NULL if @ne is set)
 * @roots: which shadows of each vCPU
 * @vpid: a VPID to flush as well, 0 if none
 */
struct nvmx_nept_flush {
	const struct nvmx_nested_ept *ne;
	const struct nvmx_mmu *mmu;
	unsigned long roots;
	u16 vpid;
};

/* On every CPU, while the caller holds the mmu lock and waits for it. */
static void nvmx_nept_flush_cpu(void *data)
{
	const struct nvmx_nept_flush *f = data;
	const struct nvmx_nested_ept *ne;

	if (f->ne)
		nvmx_nept_invept_roots(f->ne, f->roots);
	else
		list_for_each_entry(ne, &f->mmu->nested_epts, link)
			nvmx_nept_invept_roots(ne, f->roots);
	if (f->vpid)
		nvmx_nept_invvpid_all(f->vpid);
}

/*
 * Empty the shadows @roots of @ne and invalidate them (and @vpid) on every
 * CPU before their tables are freed; their root tables stay.
 */
static void nvmx_nept_drop(struct nvmx_mmu *mmu, struct nvmx_nested_ept *ne,
			   unsigned long roots, u16 vpid)
{
	struct nvmx_nept_flush f = { .ne = ne, .vpid = vpid };
	LIST_HEAD(zapped);
	unsigned int i;

	lockdep_assert_held(&mmu->lock);
	for_each_set_bit(i, &roots, NVMX_NEPT_ROOTS) {
		if (!ne->roots[i].table)
			continue;
		nvmx_ept_zap_table(ne->roots[i].table, 0, NVMX_NEPT_FRAMES,
				   &zapped);
		f.roots |= BIT(i);
	}
	if (!f.roots && !f.vpid)
		return;
	on_each_cpu(nvmx_nept_flush_cpu, &f, 1);
	nvmx_ept_free_zapped(&zapped);
}

/**
 * nvmx_nested_ept_zap_vm() - drop every shadow EPT of every vCPU of a VM
 * @vm: the VM, mmu lock held
 *
 * For L0's changes to guest memory (slot deleted or moved, VM destroyed):
 * the tables are unlinked, every shadow EPTP is invalidated on every CPU
 * (INVEPT through an IPI, waited for), then the tables are freed; the
 * caller unpins the pages after this.  The root tables stay, empty, and
 * fill again on L2's next EPT violations.
 */
void nvmx_nested_ept_zap_vm(struct nvmx_vm *vm)
{
	struct nvmx_mmu *mmu = &vm->mmu;
	struct nvmx_nept_flush f = { .mmu = mmu, .roots = NVMX_NEPT_ALL_ROOTS };
	struct nvmx_nested_ept *ne;
	LIST_HEAD(zapped);
	unsigned int i;

	bool any = false;

	lockdep_assert_held(&mmu->lock);
	list_for_each_entry(ne, &mmu->nested_epts, link) {
		for (i = 0; i < NVMX_NEPT_ROOTS; i++) {
			if (!ne->roots[i].table)
				continue;
			nvmx_ept_zap_table(ne->roots[i].table, 0,
					   NVMX_NEPT_FRAMES, &zapped);
			any = true;
		}
	}
	if (!any)
		return;
	on_each_cpu(nvmx_nept_flush_cpu, &f, 1);
	nvmx_ept_free_zapped(&zapped);
}

/* The cached shadow of @eptp12, or NULL. */
static struct nvmx_nept_root *nvmx_nept_find(struct nvmx_nested_ept *ne,
					     u64 eptp12)
{
	unsigned int i;

	for (i = 0; i < NVMX_NEPT_ROOTS; i++)
		if (ne->roots[i].table && ne->roots[i].eptp12 == eptp12)
			return &ne->roots[i];
	return NULL;
}

/* An unused cache slot, else the least recently entered shadow. */
static struct nvmx_nept_root *nvmx_nept_victim(struct nvmx_nested_ept *ne)
{
	struct nvmx_nept_root *victim = &ne->roots[0];
	unsigned int i;

	for (i = 0; i < NVMX_NEPT_ROOTS; i++) {
		if (!ne->roots[i].table)
			return &ne->roots[i];
		if (ne->roots[i].last_use < victim->last_use)
			victim = &ne->roots[i];
	}
	return victim;
}

/* Make cache slot @r an empty shadow of @eptp12. */
static int nvmx_nept_reuse(struct nvmx_mmu *mmu, struct nvmx_nested_ept *ne,
			   struct nvmx_nept_root *r, u64 eptp12)
{
	if (r->table) {
		nvmx_nept_drop(mmu, ne, BIT(r - ne->roots), 0);
	} else {
		r->table = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!r->table)
			return -ENOMEM;
		r->eptp02 = nvmx_eptp_make(__pa(r->table), false);
	}
	r->eptp12 = eptp12;
	return 0;
}

/**
 * nvmx_nested_ept_enter() - the EPTP of vmcs02 for an L2 entry with EPT
 * @vcpu: the vCPU, on its thread (may sleep)
 * @eptp12: vmcs12's EPT pointer, checked by the entry checks against
 *          what nvmx_nested_ept_vpid_cap() offers (WB, 4-level, no A/D
 *          flags; SDM Vol. 3C 27.2.1.1)
 * @eptp02: out, the EPTP of the shadow EPT of @eptp12 for vmcs02
 *
 * Finds the vCPU's shadow of @eptp12 or starts an empty one, replacing the
 * least recently entered when all NVMX_NEPT_ROOTS are used (that one is
 * invalidated on every CPU first).  It becomes the shadow that
 * nvmx_nested_ept_violation() fills.  Call it at each L1 VMLAUNCH/VMRESUME
 * that enters L2 with "enable EPT" in vmcs12, with preemption enabled;
 * @eptp02 stays valid (its root table is never freed before the vCPU)
 * across the exits L0 handles, and across zaps and INVEPTs.
 *
 * Return: 0; -ENOMEM with nothing changed; -EINVAL if @eptp12 asks for
 * what L1 was not offered (the entry checks must have refused it).
 */
int nvmx_nested_ept_enter(struct nvmx_vcpu *vcpu, u64 eptp12, u64 *eptp02)
{
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	struct nvmx_nested_ept *ne;
	struct nvmx_nept_root *r;
	int ret = 0;

	if ((eptp12 & VMX_EPTP_PWL_MASK) != VMX_EPTP_PWL_4 ||
	    (eptp12 & VMX_EPTP_AD_ENABLE_BIT))
		return -EINVAL;
	ne = nvmx_nept_get(vcpu);
	if (!ne)
		return -ENOMEM;
	mutex_lock(&mmu->lock);
	r = nvmx_nept_find(ne, eptp12);
	if (!r) {
		r = nvmx_nept_victim(ne);
		ret = nvmx_nept_reuse(mmu, ne, r, eptp12);
	}
	if (!ret) {
		r->last_use = ++ne->clock;
		ne->cur = r;
		*eptp02 = r->eptp02;
	}
	mutex_unlock(&mmu->lock);
	return ret;
}

/* nvmx_nept_env.read: an entry of L1's EPT, mmu lock held. */
static int nvmx_nept_read(void *opaque, u64 pa, u64 *entry)
{
	struct nvmx_vm *vm = opaque;
	struct nvmx_memslot *slot;
	struct page *page;
	bool writable;
	u64 *va;
	int ret;

	slot = nvmx_memslot_find(&vm->mmu, pa >> PAGE_SHIFT);
	if (!slot) {
		/*
		 * An EPT table outside L1's RAM reads as a not-present entry:
		 * L1 gets an EPT violation, as under KVM.
		 */
		*entry = 0;
		return 0;
	}
	ret = nvmx_memslot_pin(vm, slot, (pa >> PAGE_SHIFT) -
			       slot->desc.base_gfn, false, &page, &writable);
	if (ret)
		return ret;
	va = kmap_local_page(page);
	*entry = READ_ONCE(va[offset_in_page(pa) / sizeof(u64)]);
	kunmap_local(va);
	return 0;
}

static void nvmx_nept_env_init(struct nvmx_vcpu *vcpu,
			       struct nvmx_nept_env *env)
{
	/* SDM Vol. 3A 4.1.4: MAXPHYADDR is at most 52 (36 if not enumerated). */
	env->read = nvmx_nept_read;
	env->opaque = vcpu->vm;
	env->maxphyaddr = clamp(nvmx_guest_maxphyaddr(vcpu), 36U, 52U);
	env->cap = nvmx_nested_ept_vpid_cap();
}

/*
 * Map the 4 KiB page of @l2_gpa in shadow @r to the L1 page the walk @w
 * found.  NVMX_NEPT_FIXED, NVMX_NEPT_MMIO (no RAM, or a write to a
 * read-only slot: emulated as for L1, nvmx_mmu_ept_violation()) or the
 * errno of the pin or of a table allocation.
 */
static int nvmx_nept_map(struct nvmx_vm *vm, struct nvmx_nept_root *r,
			 u64 l2_gpa, const struct nvmx_nept_walk *w, bool write)
{
	u64 gfn = w->l1_gpa >> PAGE_SHIFT;
	struct nvmx_memslot *slot;
	struct page *page;
	bool writable;
	u64 *pte;
	int ret;

	slot = nvmx_memslot_find(&vm->mmu, gfn);
	if (!slot || (write && (slot->desc.flags & KVM_MEM_READONLY)))
		return NVMX_NEPT_MMIO;
	ret = nvmx_memslot_pin(vm, slot, gfn - slot->desc.base_gfn, write,
			       &page, &writable);
	if (ret)
		return ret;
	/* Shadows hold 4 KiB leaves only: -EEXIST cannot come back. */
	pte = nvmx_ept_entry_at(r->table, l2_gpa, 1);
	if (IS_ERR(pte))
		return PTR_ERR(pte);
	/*
	 * No INVEPT: the EPT violation that led here invalidated this CPU's
	 * mappings of @l2_gpa (SDM Vol. 3C 29.4.3.1); another CPU that kept a
	 * less permissive one takes the violation again and lands here.
	 */
	WRITE_ONCE(*pte, nvmx_nept_shadow_leaf(PFN_PHYS(page_to_pfn(page)),
					       w->perm, writable));
	return NVMX_NEPT_FIXED;
}

/*
 * Remove the shadow leaf of @l2_gpa, if any.  No INVEPT: the EPT violation
 * that led here invalidated this CPU's mappings of @l2_gpa (SDM Vol. 3C
 * 29.4.3.1), and L2 runs on another CPU only after
 * nvmx_nested_tlb_before_entry() invalidated the shadows there.
 */
static void nvmx_nept_unmap(struct nvmx_nept_root *r, u64 l2_gpa)
{
	u64 *table = r->table;
	unsigned int level;

	for (level = NVMX_EPT_LEVELS; level > 1; level--) {
		u64 e = table[nvmx_ept_index(l2_gpa, level)];

		if (!nvmx_ept_present(e))
			return;
		table = __va(e & NVMX_EPT_ADDR_MASK);
	}
	WRITE_ONCE(table[nvmx_ept_index(l2_gpa, 1)], 0);
}

/* The exit L1 must see for a walk that ended in @walk (> 0). */
static void nvmx_nept_fill_exit(struct nvmx_exit_info *ei, int walk,
				u64 hw_qual, const struct nvmx_nept_walk *w,
				u64 l2_gpa)
{
	if (walk == NVMX_NEPT_WALK_MISCONFIG) {
		/*
		 * SDM Vol. 3C 28.2.1: the exit qualification of exits it does
		 * not list, EPT misconfigurations among them, is cleared.
		 */
		ei->reason = EXIT_REASON_EPT_MISCONFIG;
		ei->qual = 0;
	} else {
		ei->reason = EXIT_REASON_EPT_VIOLATION;
		ei->qual = nvmx_nept_violation_qual(hw_qual, w->perm);
	}
	/* SDM Vol. 3C 28.2.1: the guest-physical address of the access. */
	ei->gpa = l2_gpa;
}

/* Does vmcs12 run L2 with "enable EPT" (SDM Vol. 3C 25.6.2)? */
static bool nvmx_nept_l1_uses_ept(const struct nvmx_vmcs12 *v12)
{
	return (nvmx_vmcs12_get(v12, CPU_BASED_VM_EXEC_CONTROL) &
		CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	       (nvmx_vmcs12_get(v12, SECONDARY_VM_EXEC_CONTROL) &
		SECONDARY_EXEC_ENABLE_EPT);
}

/**
 * nvmx_nested_ept_violation() - an EPT violation while L2 runs with EPT
 * @vcpu: the vCPU, on its thread (may sleep), after nvmx_nested_ept_enter()
 *        for this L2 entry
 * @l2_gpa: vmcs02's guest-physical address field
 * @qual: vmcs02's exit qualification (SDM Vol. 3C 28.2.1 Table 28-7)
 * @ei: the exit for L1, filled in from vmcs02 by the caller; on
 *      NVMX_NEPT_REFLECT its reason, qualification and guest-physical
 *      address are set as L1 must see them (the guest-linear address and
 *      the IDT-vectoring information stay the caller's)
 * @l1_gpa: out, on NVMX_NEPT_FIXED and NVMX_NEPT_MMIO: the L1 GPA
 *
 * Walks L1's EPT for @l2_gpa now (nvmx_nept_walk()).  If L1's tables deny
 * the access (EPT violation, reason 48, qualification bits 5:3 from L1's
 * entries) or are misconfigured (reason 49), L1 gets that exit and the
 * shadow leaf of @l2_gpa is removed.  If they allow it and the L1 GPA is
 * RAM, the shadow leaf is written (L1's AND L0's rights) and L1 sees
 * nothing.  If the L1 GPA is in no slot, or the access writes a read-only
 * slot, no leaf: the caller emulates the access at *@l1_gpa (MMIO) or
 * fails it.
 *
 * Return: NVMX_NEPT_FIXED, NVMX_NEPT_REFLECT or NVMX_NEPT_MMIO; -EFAULT
 * if a page of L1 cannot be pinned (as KVM_RUN for L1), -ENOMEM, -EINTR;
 * -EINVAL if vmcs12 has no "enable EPT" or no shadow EPT was entered.
 */
int nvmx_nested_ept_violation(struct nvmx_vcpu *vcpu, u64 l2_gpa, u64 qual,
			      struct nvmx_exit_info *ei, u64 *l1_gpa)
{
	struct nvmx_nested_ept *ne = nvmx_nept(vcpu);
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	u64 access = qual & (EPT_VIOLATION_ACC_READ | EPT_VIOLATION_ACC_WRITE |
			     EPT_VIOLATION_ACC_INSTR);
	struct nvmx_nept_env env;
	struct nvmx_nept_walk w;
	int ret;

	if (!ne || !ne->cur || !nvmx_nept_l1_uses_ept(&vcpu->nested->v12))
		return -EINVAL;
	nvmx_nept_env_init(vcpu, &env);
	mutex_lock(&mmu->lock);
	ret = nvmx_nept_walk(&env, ne->cur->eptp12, l2_gpa, access, &w);
	if (ret == NVMX_NEPT_WALK_OK) {
		*l1_gpa = w.l1_gpa;
		ret = nvmx_nept_map(vcpu->vm, ne->cur, l2_gpa, &w,
				    access & EPT_VIOLATION_ACC_WRITE);
	} else if (ret > 0) {
		nvmx_nept_fill_exit(ei, ret, qual, &w, l2_gpa);
		ret = NVMX_NEPT_REFLECT;
	}
	if (ret == NVMX_NEPT_REFLECT || ret == NVMX_NEPT_MMIO)
		nvmx_nept_unmap(ne->cur, l2_gpa);
	mutex_unlock(&mmu->lock);
	return ret;
}

/**
 * nvmx_nested_l2_gpa_to_l1() - translate an L2 GPA for emulating L2
 * @vcpu: the vCPU while L2 runs (vcpu->nested->v12 holds L1's vmcs12),
 *        on its thread (may sleep)
 * @l2_gpa: the L2 guest-physical address
 * @access: EPT_VIOLATION_ACC_READ, _WRITE, _INSTR: what the access does
 * @l1_gpa: out, the L1 guest-physical address on 0
 *
 * Without "enable EPT" in vmcs12, L2's GPAs are L1's.  Otherwise walks
 * L1's EPT as nvmx_nested_ept_violation() does; when L1's tables refuse
 * the access, the caller reflects it by passing a qualification with
 * @access to nvmx_nested_ept_violation(), which fills the exit for L1.
 * Whether *@l1_gpa is RAM is for the caller to see.
 *
 * Return: 0 translated; 1 L1's EPT refuses (violation or
 * misconfiguration); -EFAULT, -ENOMEM, -EINTR from pinning L1's tables.
 */
int nvmx_nested_l2_gpa_to_l1(struct nvmx_vcpu *vcpu, u64 l2_gpa, u32 access,
			     u64 *l1_gpa)
{
	const struct nvmx_vmcs12 *v12 = &vcpu->nested->v12;
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	struct nvmx_nept_env env;
	struct nvmx_nept_walk w;
	int ret;

	if (!nvmx_nept_l1_uses_ept(v12)) {
		*l1_gpa = l2_gpa;
		return 0;
	}
	nvmx_nept_env_init(vcpu, &env);
	mutex_lock(&mmu->lock);
	ret = nvmx_nept_walk(&env, nvmx_vmcs12_get(v12, EPT_POINTER), l2_gpa,
			     access, &w);
	mutex_unlock(&mmu->lock);
	if (ret == NVMX_NEPT_WALK_OK)
		*l1_gpa = w.l1_gpa;
	return ret < 0 ? ret : ret != NVMX_NEPT_WALK_OK;
}

/**
 * nvmx_nested_invept() - the effect of L1's INVEPT
 * @vcpu: the vCPU that executed it, on its thread (may sleep)
 * @type: VMX_EPT_EXTENT_CONTEXT or VMX_EPT_EXTENT_GLOBAL, checked by
 *        insn.c against what L1 was offered
 * @eptp12: the descriptor's EPTP (single-context)
 *
 * SDM Vol. 3C 31.3 "INVEPT": single-context invalidates the mappings of
 * the EP4TA of @eptp12 (bits 51:12), all-context those of every EP4TA, on
 * this logical processor.  The vCPU's shadows of that EP4TA (or all of
 * them) are dropped: tables unlinked, their EPTPs invalidated on every
 * CPU, tables freed.  Other vCPUs keep theirs until they execute INVEPT
 * themselves, as their TLBs would (SDM Vol. 3C 29.4.3.4).  Any other
 * @type is taken as all-context (nvmx_nept_invept_hits()).
 */
void nvmx_nested_invept(struct nvmx_vcpu *vcpu, u32 type, u64 eptp12)
{
	struct nvmx_nested_ept *ne = nvmx_nept(vcpu);
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	unsigned long roots = 0;
	unsigned int i;

	if (!ne)
		return;
	mutex_lock(&mmu->lock);
	for (i = 0; i < NVMX_NEPT_ROOTS; i++) {
		const struct nvmx_nept_root *r = &ne->roots[i];

		if (r->table && nvmx_nept_invept_hits(type, r->eptp12, eptp12))
			roots |= BIT(i);
	}
	nvmx_nept_drop(mmu, ne, roots, 0);
	mutex_unlock(&mmu->lock);
}

/**
 * nvmx_nested_vpid02() - the VPID of vmcs02 for an L1 entry to L2
 * @vcpu: the vCPU, on its thread (may sleep)
 * @vpid12: vmcs12's VIRTUAL_PROCESSOR_ID if vmcs12 has "enable VPID",
 *          else 0 (the entry checks refuse VPID 0 with "enable VPID",
 *          SDM Vol. 3C 27.2.1.1)
 *
 * Call it once per VMLAUNCH/VMRESUME of L1 that enters L2.  vmcs02 gets
 * "enable VPID" 1 and the returned VPID if it is not 0, else "enable
 * VPID" 0.  The first use allocates vpid02.  The flushes the entry owes
 * are queued for nvmx_nested_tlb_before_entry(): all of vpid02 when
 * @vpid12 is 0 (a VM entry with "enable VPID" 0 invalidates the
 * mappings of VPID 0000H, SDM Vol. 3C 29.4.3.1) or differs from the last
 * entry's (vpid02 holds that one's translations).
 *
 * Return: vpid02, or 0 when L0 runs without VPIDs, the CPU lacks INVVPID,
 * or no VPID or memory could be had (then L2 runs with "enable VPID" 0,
 * which flushes at every entry and exit: slower, never wrong).
 */
u16 nvmx_nested_vpid02(struct nvmx_vcpu *vcpu, u16 vpid12)
{
	struct nvmx_nested_ept *ne;
	int id;

	if (!vcpu->vpid || !nvmx_nept_has_invvpid())
		return 0;
	ne = nvmx_nept_get(vcpu);
	if (!ne)
		return 0;
	if (!ne->vpid02) {
		id = nvmx_vpid_alloc();
		if (id < 0)
			return 0;
		ne->vpid02 = id;
		ne->flush = NVMX_VPID_FLUSH_ALL;
	}
	if (!vpid12 || vpid12 != ne->vpid12)
		ne->flush = NVMX_VPID_FLUSH_ALL;
	ne->vpid12 = vpid12;
	return ne->vpid02;
}

/**
 * nvmx_nested_vpid_leave() - the flush an L2 exit to L1 owes L1
 * @vcpu: the vCPU, on its thread
 * @vpid12: as for nvmx_nested_vpid02(): 0 if vmcs12 has "enable VPID" 0
 *
 * Call it at every VM exit from L2 that L1 sees (reflected or
 * synthesized).  With "enable VPID" 0 in vmcs12 the VM exit invalidates
 * the mappings of VPID 0000H (SDM Vol. 3C 29.4.3.1), which are L1's own;
 * L0 tags them with vcpu->vpid, so the next entry to L1 flushes them
 * (vcpu->tlb_flush_pending: INVEPT of L1's EPTP, which takes every VPID's
 * combined mappings).  Without L0 VPIDs the CPU flushed already.
 */
void nvmx_nested_vpid_leave(struct nvmx_vcpu *vcpu, u16 vpid12)
{
	if (!vpid12 && vcpu->vpid)
		vcpu->tlb_flush_pending = true;
}

/**
 * nvmx_nested_invvpid() - the effect of L1's INVVPID
 * @vcpu: the vCPU that executed it, on its thread
 * @type: VMX_VPID_EXTENT_INDIVIDUAL_ADDR, _SINGLE_CONTEXT, _ALL_CONTEXT
 *        or _SINGLE_NON_GLOBAL, checked by insn.c (VPID not 0, canonical
 *        address, offered type: SDM Vol. 3C 31.3 "INVVPID")
 * @vpid12: the descriptor's VPID
 * @gla: the descriptor's linear address (individual-address type)
 *
 * Every L2 translation, whatever vpid12 it was made under, carries vpid02,
 * and vpid02 holds those of one vpid12 at a time (nvmx_nested_vpid02()).
 * So an individual-address invalidation becomes INVVPID of @gla in vpid02,
 * every other type INVVPID of all of vpid02 (more than single-context
 * retaining globals asks, which is allowed).  They run before the next L2
 * entry, on its CPU (nvmx_nested_tlb_before_entry()): only L2 can use the
 * translations, and other CPUs are flushed when L2 moves there.  Without
 * vpid02, L2 runs with "enable VPID" 0: nothing to do.
 */
void nvmx_nested_invvpid(struct nvmx_vcpu *vcpu, u32 type, u16 vpid12,
			 u64 gla)
{
	struct nvmx_nested_ept *ne = nvmx_nept(vcpu);

	if (!ne || !ne->vpid02)
		return;
	if (type == VMX_VPID_EXTENT_INDIVIDUAL_ADDR &&
	    (ne->flush == NVMX_VPID_FLUSH_NONE ||
	     (ne->flush == NVMX_VPID_FLUSH_ADDR && ne->flush_gla == gla))) {
		ne->flush = NVMX_VPID_FLUSH_ADDR;
		ne->flush_gla = gla;
	} else {
		ne->flush = NVMX_VPID_FLUSH_ALL;
	}
}

/**
 * nvmx_nested_tlb_before_entry() - flush what an L2 entry owes, on its CPU
 * @vcpu: the vCPU, its vmcs02 current on this CPU, preemption (and
 *        possibly IRQs) disabled
 *
 * Call it right before every VM entry to L2 (the first of an L1
 * VMLAUNCH/VMRESUME and each one after an exit L0 handled), before run.c
 * consumes vcpu->tlb_flush_pending.  On another CPU than the last L2
 * entry (or with tlb_flush_pending) it invalidates every shadow EPTP of
 * the vCPU and all of vpid02 here: this CPU may keep translations from an
 * earlier stay that were invalidated elsewhere since.  Then it runs the
 * vpid02 flush queued by nvmx_nested_vpid02() and nvmx_nested_invvpid().
 */
void nvmx_nested_tlb_before_entry(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested_ept *ne = nvmx_nept(vcpu);
	int cpu = smp_processor_id();

	if (!ne)
		return;
	if (ne->l2_cpu != cpu || vcpu->tlb_flush_pending) {
		nvmx_nept_invept_roots(ne, NVMX_NEPT_ALL_ROOTS);
		ne->flush = NVMX_VPID_FLUSH_ALL;
		ne->l2_cpu = cpu;
	}
	if (ne->vpid02 && ne->flush == NVMX_VPID_FLUSH_ADDR)
		nvmx_nept_invvpid_addr(ne->vpid02, ne->flush_gla);
	else if (ne->vpid02 && ne->flush == NVMX_VPID_FLUSH_ALL)
		nvmx_nept_invvpid_all(ne->vpid02);
	ne->flush = NVMX_VPID_FLUSH_NONE;
}

/**
 * nvmx_nested_ept_vcpu_free() - free the vCPU's nested EPT and VPID state
 * @vcpu: the vCPU, no longer running; every CPU still in VMX operation
 *        (before the VM's mmu is destroyed)
 *
 * Drops every shadow (INVEPT of each on every CPU, with an INVVPID of
 * vpid02, before its tables and its VPID may be reused), then frees the
 * root tables, vpid02 and the state.
 */
void nvmx_nested_ept_vcpu_free(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested_ept *ne = nvmx_nept(vcpu);
	struct nvmx_mmu *mmu = &vcpu->vm->mmu;
	unsigned int i;

	if (!ne)
		return;
	mutex_lock(&mmu->lock);
	list_del(&ne->link);
	nvmx_nept_drop(mmu, ne, NVMX_NEPT_ALL_ROOTS, ne->vpid02);
	mutex_unlock(&mmu->lock);
	for (i = 0; i < NVMX_NEPT_ROOTS; i++)
		free_page((unsigned long)ne->roots[i].table);
	if (ne->vpid02)
		nvmx_vpid_free(ne->vpid02);
	kfree(ne);
	vcpu->nested->ept = NULL;
}
