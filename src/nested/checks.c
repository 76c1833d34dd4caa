// SPDX-License-Identifier: GPL-2.0
/*
 * Checks before every L2 entry: the kernel side of entry_checks.h.
 *
 * entry_checks.h holds the rules (SDM Vol. 3C 27.2-27.4 over the vmcs12
 * snapshot and the capability MSRs given to L1); this file fills their
 * context from the vCPU (L1's MAXPHYADDR, linear-address width, EFER and
 * CPUID; L1's memory slots), counts each failed check in
 * NVMX_GET_NESTED_COUNTS and names it in a ratelimited debug message.
 */
#include <linux/build_bug.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <asm/cpufeatures.h>
#include <asm/msr-index.h>

#include "../cpuid.h"
#include "../mmu.h"
#include "../regs.h"
#include "../vm.h"
#include "nested.h"
#include "entry_checks.h"

static_assert(NVMX_NR_NESTED_CHECKS <= NVMX_NESTED_CHECKS);

/* Printable check names, by id: the one list of checks, in its order. */
static const struct {
	const char *name;
} nvmx_nested_checks[NVMX_NR_NESTED_CHECKS] = {
#define NVMX_NESTED_CHECK(name)	{ #name },
#include <linux/nvmx_nested_checks.h>
#undef NVMX_NESTED_CHECK
};

/*
 * Is [@gpa, @gpa + @len) inside L1's memory slots, none KVM_MEM_READONLY
 * if @write?  Adjacent slots count as one range: the walk goes from slot
 * to slot.
 */
static bool nvmx_check_in_mem(void *opaque, u64 gpa, u64 len, bool write)
{
	struct nvmx_mmu *mmu = &((struct nvmx_vm *)opaque)->mmu;
	u64 gfn = gpa >> PAGE_SHIFT, last;
	bool in = true;

	if (!len || gpa + len - 1 < gpa)
		return false;
	last = (gpa + len - 1) >> PAGE_SHIFT;
	mutex_lock(&mmu->lock);
	while (gfn <= last) {
		struct nvmx_memslot *s = nvmx_memslot_find(mmu, gfn);

		if (!s || (write && (s->desc.flags & KVM_MEM_READONLY))) {
			in = false;
			break;
		}
		gfn = s->desc.base_gfn + s->desc.npages;
	}
	mutex_unlock(&mmu->lock);
	return in;
}

static int nvmx_check_read(void *opaque, u64 gpa, void *buf,
			   unsigned int len)
{
	return nvmx_read_guest(opaque, gpa, buf, len);
}

/*
 * The parts of L1's state the rules depend on.  L1's IA32_EFER is vmcs01's
 * guest field, which the caller keeps current (see below).
 */
static void nvmx_check_ctx_init(struct nvmx_vcpu *vcpu,
				struct nvmx_entry_ctx *ctx)
{
	bool lm = nvmx_guest_cpuid_has(vcpu, 0x80000001, 0, NVMX_EDX,
				       BIT(X86_FEATURE_LM & 31));
	bool nx = nvmx_guest_cpuid_has(vcpu, 0x80000001, 0, NVMX_EDX,
				       BIT(X86_FEATURE_NX & 31));
	bool la57 = nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_ECX,
					 BIT(X86_FEATURE_LA57 & 31));

	*ctx = (struct nvmx_entry_ctx) {
		.maxphyaddr = nvmx_guest_maxphyaddr(vcpu),
		.va_bits = la57 ? 57 : 48,
		.l1_lma = nvmx_get_efer(vcpu) & EFER_LMA,
		/* SDM Vol. 4 2.2.1; the bits nvmx_efer_check() allows. */
		.efer_ok = EFER_SCE | (lm ? EFER_LME | EFER_LMA : 0) |
			   (nx ? EFER_NX : 0),
		/* msr.c: L1's WRMSR of IA32_DEBUGCTL takes LBR and BTF only. */
		.debugctl_ok = DEBUGCTLMSR_LBR | DEBUGCTLMSR_BTF,
		.rtm = nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_EBX,
					    BIT(X86_FEATURE_RTM & 31)),
		.vmcs12_ptr = vcpu->nested->current_ptr,
		.in_mem = nvmx_check_in_mem,
		.read = nvmx_check_read,
		.opaque = vcpu->vm,
	};
}

/**
 * nvmx_nested_check_failed() - count and name a failed nested entry check
 * @vcpu: the vCPU
 * @fail: the failure (nvmx_entry_fail() fills one from a check id)
 *
 * Bumps vcpu->nested->counts.check_failures[] for @fail->check and names
 * the check in a ratelimited debug message.  nvmx_nested_check_entry()
 * calls it; so does the load of the VM-entry MSR-load list for its
 * NVMX_NCHK_ENTRY_MSR_COUNT and NVMX_NCHK_ENTRY_MSR_ENTRY failures
 * (SDM Vol. 3C 27.4).
 */
void nvmx_nested_check_failed(struct nvmx_vcpu *vcpu,
			      const struct nvmx_check_failure *fail)
{
	if (WARN_ON_ONCE(fail->check >= NVMX_NR_NESTED_CHECKS))
		return;
	vcpu->nested->counts.check_failures[fail->check]++;
	pr_debug_ratelimited("vcpu %d: nested entry check %s failed: %s %u qual 0x%llx\n",
			     vcpu->id, nvmx_nested_checks[fail->check].name,
			     fail->kind == NVMX_CHECK_VMFAIL ? "VMfail" :
							       "exit reason",
			     fail->error, fail->qual);
}

/**
 * nvmx_nested_check_entry() - check L1's vmcs12 before entering L2
 * @vcpu: the vCPU; vmcs01 is its current VMCS (the VMLAUNCH/VMRESUME
 *        exit of L1 is being handled on it): L1's IA32_EFER is read there
 * @v12: the snapshot of L1's vmcs12 read for this entry
 * @fail: filled with the first failing check
 *
 * Makes every check of entry_checks.h, in SDM Vol. 3C 27.2-27.3 order,
 * against nvmx_nested_caps, and counts a failure
 * (nvmx_nested_check_failed()); the caller gives L1 the VMfailValid or
 * VM-entry-failure exit that @fail describes and counts the failed entry.
 * The VM-entry MSR-load list is the caller's, after L2's guest state is
 * loaded: entry by entry, nvmx_entry_msr_ok() and then WRMSR's rules
 * (SDM Vol. 3C 27.4).  May sleep (memory slot lock, guest memory reads).
 *
 * Return: 0 if every check passes, 1 if one failed (@fail filled), or
 * -errno if L1's memory could not be read.
 */
int nvmx_nested_check_entry(struct nvmx_vcpu *vcpu,
			    const struct nvmx_vmcs12 *v12,
			    struct nvmx_check_failure *fail)
{
	struct nvmx_entry_ctx ctx;
	int ret;

	if (WARN_ON_ONCE(vcpu->cur != &vcpu->vmcs01))
		return -EIO;
	nvmx_check_ctx_init(vcpu, &ctx);
	ret = nvmx_entry_check(v12, &nvmx_nested_caps, &ctx, fail);
	if (ret == 1)
		nvmx_nested_check_failed(vcpu, fail);
	return ret;
}
