// SPDX-License-Identifier: GPL-2.0
/*
 * Guest CPUID: what nvmx supports (KVM_GET_SUPPORTED_CPUID), the vCPU's
 * table (KVM_SET_CPUID2/KVM_GET_CPUID2) and the CPUID exit.
 *
 * Supported CPUID = the host's CPUID (executed on one CPU) masked to
 * what nvmx virtualizes, leaf by leaf (SDM Vol. 2A CPUID):
 *  - 0: max basic leaf min(host, 0xD); vendor as the host.
 *  - 1: EAX/EBX[15:0] as the host (EBX APIC ID and logical count 0);
 *    ECX/EDX: the instruction-set features a guest uses without exits
 *    (below); HYPERVISOR set; VMX when nested VMX is available
 *    (nvmx_nested_available(), as kvm_intel nested=1), no x2APIC,
 *    TSC-deadline or APIC (no in-kernel local APIC), no MONITOR, DS, TM,
 *    PDCM, PCID only with the host's; OSXSAVE follows the guest's CR4.
 *  - 2, 4 (every sub-leaf): the host's cache descriptors.
 *  - 7.0: EAX = 0 (no sub-leaf 1), EBX/ECX/EDX whitelisted; no RTM/HLE,
 *    INVPCID, PKU, UMIP, LA57, RDPID (need VMX controls or emulation nvmx
 *    does not set up), no speculation-control MSRs.
 *  - 0xD: XCR0 features of nvmx_fpu_supported_xcr0(); sub-leaf 1 keeps
 *    XSAVEOPT, XSAVEC, XGETBV1, never XSAVES (no IA32_XSS); sizes
 *    recomputed for the exposed features; sub-leaves 2.. per feature.
 *  - 0x80000000: max min(host, 0x80000008); 0x80000001: LAHF, LZCNT,
 *    PREFETCHW, SYSCALL, NX, 1 GiB pages, LM (no RDTSCP); 0x80000002-4
 *    brand string and 0x80000006 cache as the host; 0x80000008: address
 *    sizes only.
 *  - 3, 5, 6, 8-0xC, 0x80000005, 0x80000007: absent (zeros); no
 *    hypervisor leaves (0x40000000): nvmx offers no paravirtual
 *    interface, and claiming KVM's signature would promise one.
 */
#include <linux/kvm.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/fpu/xstate.h>
#include <asm/processor.h>
#include <asm/vmx.h>

#include "cpuid.h"
#include "cpuid_rules.h"
#include "fpu.h"
#include "nested/nested.h"
#include "regs.h"
#include "state_rules.h"
#include "vcpu.h"

#define F(name)	BIT(X86_FEATURE_##name & 31)

static const u32 nvmx_cpuid_1_ecx =
	F(XMM3) | F(PCLMULQDQ) | F(SSSE3) | F(FMA) | F(CX16) | F(XMM4_1) |
	F(XMM4_2) | F(MOVBE) | F(POPCNT) | F(AES) | F(XSAVE) | F(AVX) |
	F(F16C) | F(RDRAND) | F(PCID);

static const u32 nvmx_cpuid_1_edx =
	F(FPU) | F(VME) | F(DE) | F(PSE) | F(TSC) | F(MSR) | F(PAE) | F(MCE) |
	F(CX8) | F(SEP) | F(MTRR) | F(PGE) | F(MCA) | F(CMOV) | F(PAT) |
	F(PSE36) | F(CLFLUSH) | F(MMX) | F(FXSR) | F(XMM) | F(XMM2) |
	F(SELFSNOOP);

static const u32 nvmx_cpuid_7_ebx =
	F(FSGSBASE) | F(BMI1) | F(AVX2) | F(SMEP) | F(BMI2) | F(ERMS) |
	F(RDSEED) | F(ADX) | F(SMAP) | F(CLFLUSHOPT) | F(CLWB) | F(SHA_NI) |
	F(AVX512F) | F(AVX512DQ) | F(AVX512IFMA) | F(AVX512CD) |
	F(AVX512BW) | F(AVX512VL);

static const u32 nvmx_cpuid_7_ecx =
	F(AVX512VBMI) | F(AVX512_VBMI2) | F(GFNI) | F(VAES) |
	F(VPCLMULQDQ) | F(AVX512_VNNI) | F(AVX512_BITALG) |
	F(AVX512_VPOPCNTDQ) | F(MOVDIRI) | F(MOVDIR64B);

static const u32 nvmx_cpuid_7_edx = F(FSRM) | F(SERIALIZE);

/* Features that need YMM or AVX-512 state in XCR0 (SDM Vol. 1 14.3). */
static const u32 nvmx_avx_1_ecx = F(FMA) | F(AVX) | F(F16C);
static const u32 nvmx_avx_7_ebx = F(AVX2);
static const u32 nvmx_avx_7_ecx = F(VAES) | F(VPCLMULQDQ);
static const u32 nvmx_avx512_7_ebx =
	F(AVX512F) | F(AVX512DQ) | F(AVX512IFMA) | F(AVX512CD) |
	F(AVX512BW) | F(AVX512VL);
static const u32 nvmx_avx512_7_ecx =
	F(AVX512VBMI) | F(AVX512_VBMI2) | F(AVX512_VNNI) |
	F(AVX512_BITALG) | F(AVX512_VPOPCNTDQ);

static const u32 nvmx_cpuid_8000_0001_ecx =
	F(LAHF_LM) | F(ABM) | F(3DNOWPREFETCH);
static const u32 nvmx_cpuid_8000_0001_edx =
	F(SYSCALL) | F(NX) | F(GBPAGES) | F(LM);

#define NVMX_XFEATURE_AVX512	(XFEATURE_MASK_OPMASK | \
				 XFEATURE_MASK_ZMM_Hi256 | \
				 XFEATURE_MASK_Hi16_ZMM)

/**
 * struct nvmx_cpuid_array - KVM_GET_SUPPORTED_CPUID being built
 * @e: the entries
 * @n: entries used
 * @max: entries available (the caller's nent, at most 256)
 */
struct nvmx_cpuid_array {
	struct kvm_cpuid_entry2 *e;
	u32 n;
	u32 max;
};

/* Next entry, from the host's CPUID(@fn, @idx); NULL when full. */
static struct kvm_cpuid_entry2 *nvmx_host_entry(struct nvmx_cpuid_array *a,
						u32 fn, u32 idx, bool indexed)
{
	struct kvm_cpuid_entry2 *e;

	if (a->n >= a->max)
		return NULL;
	e = &a->e[a->n++];
	e->function = fn;
	e->index = idx;
	e->flags = indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
	cpuid_count(fn, idx, &e->eax, &e->ebx, &e->ecx, &e->edx);
	return e;
}

static void nvmx_xstate_layout(struct nvmx_xstate_layout *l)
{
	u32 eax, ebx, ecx, edx;
	unsigned int i;

	memset(l, 0, sizeof(*l));
	for (i = 2; i < 64; i++) {
		cpuid_count(0xd, i, &eax, &ebx, &ecx, &edx);
		l->size[i] = eax;
		l->offset[i] = ebx;
		l->align64[i] = ecx & BIT(1);
	}
}

static int nvmx_leaf_1(struct nvmx_cpuid_array *a, u64 xcr0)
{
	struct kvm_cpuid_entry2 *e = nvmx_host_entry(a, 1, 0, false);
	u32 ecx = nvmx_cpuid_1_ecx;

	if (!e)
		return -E2BIG;
	if (!xcr0)
		ecx &= ~F(XSAVE);
	if (!(xcr0 & XFEATURE_MASK_YMM))
		ecx &= ~nvmx_avx_1_ecx;
	e->ebx &= 0xffff;
	e->ecx = (e->ecx & ecx) | F(HYPERVISOR);
	if (nvmx_nested_available())
		e->ecx |= F(VMX);
	e->edx &= nvmx_cpuid_1_edx;
	return 0;
}

static int nvmx_leaf_4(struct nvmx_cpuid_array *a)
{
	struct kvm_cpuid_entry2 *e;
	u32 i = 0;

	/* Until the cache type field (EAX[4:0]) says "no more caches". */
	do {
		e = nvmx_host_entry(a, 4, i++, true);
		if (!e)
			return -E2BIG;
	} while (e->eax & 0x1f);
	return 0;
}

static int nvmx_leaf_7(struct nvmx_cpuid_array *a, u64 xcr0)
{
	struct kvm_cpuid_entry2 *e = nvmx_host_entry(a, 7, 0, true);
	u32 ebx = nvmx_cpuid_7_ebx, ecx = nvmx_cpuid_7_ecx;

	if (!e)
		return -E2BIG;
	if (!(xcr0 & XFEATURE_MASK_YMM)) {
		ebx &= ~nvmx_avx_7_ebx;
		ecx &= ~nvmx_avx_7_ecx;
	}
	if ((xcr0 & NVMX_XFEATURE_AVX512) != NVMX_XFEATURE_AVX512) {
		ebx &= ~nvmx_avx512_7_ebx;
		ecx &= ~nvmx_avx512_7_ecx;
	}
	e->eax = 0;
	e->ebx &= ebx;
	e->ecx &= ecx;
	e->edx &= nvmx_cpuid_7_edx;
	return 0;
}

/* SDM Vol. 1 13.2: sub-leaf 0 sizes, sub-leaf 1, one per component. */
static int nvmx_leaf_d(struct nvmx_cpuid_array *a, u64 xcr0)
{
	struct nvmx_xstate_layout l;
	struct kvm_cpuid_entry2 *e;
	unsigned int i;

	nvmx_xstate_layout(&l);
	e = nvmx_host_entry(a, 0xd, 0, true);
	if (!e)
		return -E2BIG;
	e->eax &= (u32)xcr0;
	e->edx &= xcr0 >> 32;
	e->ebx = nvmx_xsave_size(&l, xcr0, false);
	e->ecx = e->ebx;
	e = nvmx_host_entry(a, 0xd, 1, true);
	if (!e)
		return -E2BIG;
	e->eax &= F(XSAVEOPT) | F(XSAVEC) | F(XGETBV1);
	e->ebx = e->eax & F(XSAVEC) ? nvmx_xsave_size(&l, xcr0, true) : 0;
	e->ecx = 0;
	e->edx = 0;
	for (i = 2; i < 64; i++) {
		if (!(xcr0 & BIT_ULL(i)))
			continue;
		e = nvmx_host_entry(a, 0xd, i, true);
		if (!e)
			return -E2BIG;
		e->ecx &= BIT(1);	/* 64-byte alignment; no XFD */
		e->edx = 0;
	}
	return 0;
}

static int nvmx_basic_leaves(struct nvmx_cpuid_array *a, u64 xcr0)
{
	struct kvm_cpuid_entry2 *e = nvmx_host_entry(a, 0, 0, false);
	u32 max;
	int r;

	if (!e)
		return -E2BIG;
	e->eax = min(e->eax, 0xdU);
	max = e->eax;
	r = nvmx_leaf_1(a, xcr0);
	if (!r && max >= 2 && !nvmx_host_entry(a, 2, 0, false))
		r = -E2BIG;
	if (!r && max >= 4)
		r = nvmx_leaf_4(a);
	if (!r && max >= 7)
		r = nvmx_leaf_7(a, xcr0);
	if (!r && max >= 0xd && xcr0)
		r = nvmx_leaf_d(a, xcr0);
	return r;
}

static int nvmx_extended_leaves(struct nvmx_cpuid_array *a)
{
	struct kvm_cpuid_entry2 *e = nvmx_host_entry(a, 0x80000000, 0, false);
	u32 fn, max;

	if (!e)
		return -E2BIG;
	e->eax = min(e->eax, 0x80000008U);
	max = e->eax;
	for (fn = 0x80000001; fn <= max; fn++) {
		if (fn == 0x80000005 || fn == 0x80000007)
			continue;
		e = nvmx_host_entry(a, fn, 0, false);
		if (!e)
			return -E2BIG;
		if (fn == 0x80000001) {
			e->ebx = 0;
			e->ecx &= nvmx_cpuid_8000_0001_ecx;
			e->edx &= nvmx_cpuid_8000_0001_edx;
		} else if (fn == 0x80000008) {
			e->eax &= 0xffff;	/* physical, linear bits */
			e->ebx = 0;
			e->ecx = 0;
			e->edx = 0;
		}
	}
	return 0;
}

/**
 * nvmx_dev_get_supported_cpuid() - KVM_GET_SUPPORTED_CPUID
 * @argp: user pointer to struct kvm_cpuid2 followed by its entries
 *
 * As KVM: nent < 1 or too small for the table gives -E2BIG (nent left
 * as it was); nent above 256 is treated as 256; on success nent is the
 * number of entries written.
 *
 * Return: 0, -E2BIG, -EFAULT or -ENOMEM.
 */
long nvmx_dev_get_supported_cpuid(void __user *argp)
{
	struct kvm_cpuid2 __user *user = argp;
	struct nvmx_cpuid_array a = { 0 };
	struct kvm_cpuid2 hdr;
	u64 xcr0 = nvmx_fpu_supported_xcr0();
	int r;

	if (copy_from_user(&hdr, user, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent < 1)
		return -E2BIG;
	a.max = min_t(u32, hdr.nent, NVMX_MAX_CPUID_ENTRIES);
	a.e = kvcalloc(a.max, sizeof(*a.e), GFP_KERNEL_ACCOUNT);
	if (!a.e)
		return -ENOMEM;
	/* All CPUID instructions on one CPU. */
	get_cpu();
	r = nvmx_basic_leaves(&a, xcr0);
	if (!r)
		r = nvmx_extended_leaves(&a);
	put_cpu();
	if (r)
		goto out;
	hdr.nent = a.n;
	if (copy_to_user(user->entries, a.e, a.n * sizeof(*a.e)) ||
	    copy_to_user(user, &hdr, sizeof(hdr)))
		r = -EFAULT;
out:
	kvfree(a.e);
	return r;
}

/**
 * nvmx_guest_cpuid_has() - test bits of the vCPU's CPUID table
 * @vcpu: the vCPU
 * @function: leaf
 * @index: sub-leaf (ignored for entries without a significant index)
 * @reg: enum nvmx_cpuid_reg
 * @mask: the feature bit(s)
 *
 * Return: true if the table has the entry and all of @mask set in @reg.
 */
bool nvmx_guest_cpuid_has(const struct nvmx_vcpu *vcpu, u32 function,
			  u32 index, unsigned int reg, u32 mask)
{
	const struct kvm_cpuid_entry2 *e;
	u32 v;

	e = nvmx_cpuid_find(vcpu->cpuid.entries, vcpu->cpuid.nent, function,
			    index);
	if (!e)
		return false;
	v = reg == NVMX_EAX ? e->eax : reg == NVMX_EBX ? e->ebx :
	    reg == NVMX_ECX ? e->ecx : e->edx;
	return (v & mask) == mask;
}

/**
 * nvmx_guest_maxphyaddr() - the guest's physical-address width
 * @vcpu: the vCPU
 *
 * CPUID.80000008H:EAX[7:0] if the table has that leaf in range, else 36
 * (SDM Vol. 3A 4.1.4; KVM's default).
 *
 * Return: MAXPHYADDR in bits.
 */
unsigned int nvmx_guest_maxphyaddr(const struct nvmx_vcpu *vcpu)
{
	const struct kvm_cpuid_entry2 *e;

	e = nvmx_cpuid_find(vcpu->cpuid.entries, vcpu->cpuid.nent,
			    0x80000000, NVMX_CPUID_ANY_INDEX);
	if (!e || e->eax < 0x80000008)
		return 36;
	e = nvmx_cpuid_find(vcpu->cpuid.entries, vcpu->cpuid.nent,
			    0x80000008, NVMX_CPUID_ANY_INDEX);
	if (!e || !(e->eax & 0xff))
		return 36;
	return e->eax & 0xff;
}

static struct kvm_cpuid_entry2 *nvmx_entry(struct nvmx_vcpu *vcpu, u32 fn,
					   u32 idx)
{
	return (struct kvm_cpuid_entry2 *)
		nvmx_cpuid_find(vcpu->cpuid.entries, vcpu->cpuid.nent, fn, idx);
}

/**
 * nvmx_cpuid_update_osxsave() - CPUID.1:ECX.OSXSAVE = CR4.OSXSAVE
 * @vcpu: the vCPU
 * @cr4: the guest's CR4
 *
 * SDM Vol. 2A CPUID: OSXSAVE reflects CR4.OSXSAVE; kept in the table, as
 * KVM does, so KVM_GET_CPUID2 shows it too.
 */
void nvmx_cpuid_update_osxsave(struct nvmx_vcpu *vcpu, u64 cr4)
{
	struct kvm_cpuid_entry2 *e = nvmx_entry(vcpu, 1, 0);

	if (!e)
		return;
	if (cr4 & X86_CR4_OSXSAVE)
		e->ecx |= F(OSXSAVE);
	else
		e->ecx &= ~F(OSXSAVE);
}

/**
 * nvmx_cpuid_update_runtime() - table bits that follow XCR0
 * @vcpu: the vCPU
 *
 * CPUID.(0DH,0):EBX and, with XSAVEC, CPUID.(0DH,1):EBX are the XSAVE
 * area sizes for the current XCR0 (SDM Vol. 1 13.2), as KVM keeps them.
 * Unlike KVM, CPUID.1:EDX.APIC does not follow IA32_APIC_BASE.EN: nvmx
 * has no local APIC to announce.
 */
void nvmx_cpuid_update_runtime(struct nvmx_vcpu *vcpu)
{
	struct nvmx_xstate_layout l;
	struct kvm_cpuid_entry2 *e;

	if (!nvmx_entry(vcpu, 0xd, 0) && !nvmx_entry(vcpu, 0xd, 1))
		return;
	nvmx_xstate_layout(&l);
	e = nvmx_entry(vcpu, 0xd, 0);
	if (e)
		e->ebx = nvmx_xsave_size(&l, vcpu->fpu.xcr0, false);
	e = nvmx_entry(vcpu, 0xd, 1);
	if (e && (e->eax & (F(XSAVES) | F(XSAVEC))))
		e->ebx = nvmx_xsave_size(&l, vcpu->fpu.xcr0, true);
}

/*
 * KVM's kvm_check_cpuid(): a linear-address width other than 48 or 57
 * (or 0: unset) in CPUID.80000008H:EAX[15:8] is -EINVAL; dynamic XSAVE
 * features (AMX tile data, SDM Vol. 1 13.14) in CPUID.(0DH,0) need the
 * guest FPU state enlarged under the process's permission, which nvmx
 * never grants: -EPERM, as KVM without that permission.
 */
static int nvmx_cpuid_check(const struct kvm_cpuid_entry2 *e, u32 nent)
{
	const struct kvm_cpuid_entry2 *a;
	u32 va;

	a = nvmx_cpuid_find(e, nent, 0x80000008, NVMX_CPUID_ANY_INDEX);
	if (a) {
		va = (a->eax >> 8) & 0xff;
		if (va != 48 && va != 57 && va != 0)
			return -EINVAL;
	}
	a = nvmx_cpuid_find(e, nent, 0xd, 0);
	if (a && ((a->eax | (u64)a->edx << 32) & XFEATURE_MASK_USER_DYNAMIC))
		return -EPERM;
	return 0;
}

/* After KVM_RUN only an identical table is accepted (KVM 6.1). */
static int nvmx_cpuid_check_equal(const struct nvmx_cpuid *c,
				  const struct kvm_cpuid_entry2 *e, u32 nent)
{
	u32 i;

	if (nent != c->nent)
		return -EINVAL;
	for (i = 0; i < nent; i++) {
		const struct kvm_cpuid_entry2 *o = &c->entries[i];

		if (e[i].function != o->function || e[i].index != o->index ||
		    e[i].flags != o->flags || e[i].eax != o->eax ||
		    e[i].ebx != o->ebx || e[i].ecx != o->ecx ||
		    e[i].edx != o->edx)
			return -EINVAL;
	}
	return 0;
}

/**
 * nvmx_vcpu_set_cpuid2() - KVM_SET_CPUID2
 * @vcpu: the vCPU (its mutex held)
 * @argp: user pointer to struct kvm_cpuid2 and its entries
 *
 * -E2BIG for nent > 256, -EFAULT, -EINVAL for a bad linear-address width
 * or, once the vCPU has run, for a table different from the current one,
 * -EPERM for dynamic XSAVE features.
 * The guest's allowed XCR0, the runtime bits and IA32_FEATURE_CONTROL's
 * reset value (it depends on CPUID.1:ECX.VMX) are recomputed.
 *
 * Return: 0 or a negative errno.
 */
long nvmx_vcpu_set_cpuid2(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_cpuid2 __user *user = argp;
	struct kvm_cpuid_entry2 *e = NULL;
	const struct kvm_cpuid_entry2 *d;
	struct kvm_cpuid2 hdr;
	int r;

	if (copy_from_user(&hdr, user, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent > NVMX_MAX_CPUID_ENTRIES)
		return -E2BIG;
	if (hdr.nent) {
		e = vmemdup_user(user->entries,
				 array_size(sizeof(*e), hdr.nent));
		if (IS_ERR(e))
			return PTR_ERR(e);
	}
	if (vcpu->cpuid.frozen) {
		r = nvmx_cpuid_check_equal(&vcpu->cpuid, e, hdr.nent);
		kvfree(e);
		return r;
	}
	r = nvmx_cpuid_check(e, hdr.nent);
	if (r) {
		kvfree(e);
		return r;
	}
	kvfree(vcpu->cpuid.entries);
	vcpu->cpuid.entries = e;
	vcpu->cpuid.nent = hdr.nent;
	d = nvmx_cpuid_find(e, hdr.nent, 0xd, 0);
	vcpu->cpuid.guest_xcr0 = d ? (d->eax | (u64)d->edx << 32) &
				     nvmx_fpu_supported_xcr0() : 0;
	nvmx_vcpu_load(vcpu);
	nvmx_cpuid_update_osxsave(vcpu, nvmx_read_cr4(vcpu));
	nvmx_vcpu_put(vcpu);
	nvmx_cpuid_update_runtime(vcpu);
	/* Not run yet: the reset value follows the new table's VMX bit. */
	vcpu->msrs.feature_control = nvmx_nested_feature_control_reset(vcpu);
	return 0;
}

/**
 * nvmx_vcpu_get_cpuid2() - KVM_GET_CPUID2
 * @vcpu: the vCPU (its mutex held)
 * @argp: user pointer to struct kvm_cpuid2 and room for its entries
 *
 * nent is written back with the table's size; -E2BIG if the caller's
 * nent was smaller (no entries copied), as KVM.
 *
 * Return: 0, -E2BIG or -EFAULT.
 */
long nvmx_vcpu_get_cpuid2(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_cpuid2 __user *user = argp;
	struct kvm_cpuid2 hdr;
	long r = 0;

	if (copy_from_user(&hdr, user, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent < vcpu->cpuid.nent)
		r = -E2BIG;
	else if (copy_to_user(user->entries, vcpu->cpuid.entries,
			      vcpu->cpuid.nent * sizeof(*vcpu->cpuid.entries)))
		r = -EFAULT;
	hdr.nent = vcpu->cpuid.nent;
	if (copy_to_user(user, &hdr, sizeof(hdr)))
		return -EFAULT;
	return r;
}

/**
 * nvmx_cpuid_destroy() - free a vCPU's CPUID table
 * @cpuid: the table
 */
void nvmx_cpuid_destroy(struct nvmx_cpuid *cpuid)
{
	kvfree(cpuid->entries);
	cpuid->entries = NULL;
	cpuid->nent = 0;
}

/**
 * nvmx_cpuid_exit() - emulate CPUID (exit reason 10) from the vCPU's table
 * @vcpu: the vCPU, its VMCS current
 *
 * EAX and ECX in, EAX/EBX/ECX/EDX out (upper halves of RAX..RDX cleared,
 * SDM Vol. 2A CPUID in 64-bit mode), with nvmx_cpuid_lookup()'s rules.
 * Only the registers are written; the caller skips the instruction.
 *
 * Return: 0.
 */
int nvmx_cpuid_exit(struct nvmx_vcpu *vcpu)
{
	u32 out[4];

	nvmx_cpuid_lookup(vcpu->cpuid.entries, vcpu->cpuid.nent,
			  vcpu->regs[NVMX_REG_RAX], vcpu->regs[NVMX_REG_RCX],
			  out);
	vcpu->regs[NVMX_REG_RAX] = out[0];
	vcpu->regs[NVMX_REG_RBX] = out[1];
	vcpu->regs[NVMX_REG_RCX] = out[2];
	vcpu->regs[NVMX_REG_RDX] = out[3];
	return 0;
}
