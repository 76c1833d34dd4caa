/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure CPUID table logic: lookup by function/index, the out-of-range
 * ("max basic leaf") rule of CPUID emulation, XSAVE area sizes.
 *
 * No kernel dependency beyond u32, u64, bool and the uapi struct
 * kvm_cpuid_entry2, so selftests/unit/cpuid_rules_test.c compiles this
 * header in userspace with <linux/kvm.h> and a u32/u64 shim.
 */
#ifndef NVMX_CPUID_RULES_H
#define NVMX_CPUID_RULES_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif
#include <linux/kvm.h>

/*
 * nvmx_cpuid_find() index value that matches any entry of the function:
 * outside the u32 range, so a guest's ECX can never produce it.
 */
#define NVMX_CPUID_ANY_INDEX	(~0ULL)

/**
 * nvmx_cpuid_find() - find the entry CPUID(@function, @index) uses
 * @e: the table (as set by KVM_SET_CPUID2)
 * @nent: number of entries in @e
 * @function: EAX input
 * @index: ECX input, or NVMX_CPUID_ANY_INDEX for the first entry of
 *         @function whatever its index
 *
 * An entry without KVM_CPUID_FLAG_SIGNIFCANT_INDEX matches every index
 * of its function; the first match wins (userspace must not supply
 * duplicates), as in KVM.
 *
 * Return: the entry, or NULL.
 */
static inline const struct kvm_cpuid_entry2 *
nvmx_cpuid_find(const struct kvm_cpuid_entry2 *e, u32 nent, u32 function,
		u64 index)
{
	u32 i;

	for (i = 0; i < nent; i++) {
		if (e[i].function != function)
			continue;
		if (!(e[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
		    index == NVMX_CPUID_ANY_INDEX || e[i].index == index)
			return &e[i];
	}
	return NULL;
}

/* CPUID.0 vendor "AuthenticAMD" / "HygonGenuine" in EBX, EDX, ECX order. */
static inline bool nvmx_cpuid_vendor_zeroes_undefined(u32 ebx, u32 ecx,
						      u32 edx)
{
	/* "Auth" "enti" "cAMD" */
	if (ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163)
		return true;
	/* "Hygo" "nGen" "uine" */
	return ebx == 0x6f677948 && edx == 0x6e65476e && ecx == 0x656e6975;
}

/**
 * nvmx_cpuid_out_of_range() - the entry an undefined leaf falls back to
 * @e: the table
 * @nent: number of entries in @e
 * @function: in: the requested leaf; out: the leaf actually used
 * @index: ECX input (kept for the fallback leaf)
 *
 * SDM Vol. 2A CPUID: "If a value entered for CPUID.EAX is higher than
 * the maximum input value for basic or extended function for that
 * processor then the data for the highest basic information leaf is
 * returned."  The classes are basic (0x0-0x3fffffff and above), the
 * 0x100-wide hypervisor sub-classes (0x40000000-0x4fffffff), extended
 * (0x80000000-0xbfffffff) and Centaur (0xc0000000-); a class exists if
 * its base leaf is in the table, and its base leaf's EAX is its maximum.
 * An AMD or Hygon vendor string gives zeros instead (AMD APM Vol. 3
 * CPUID), as KVM does.
 *
 * Return: the max-basic-leaf entry to use, or NULL (all zeros).
 */
static inline const struct kvm_cpuid_entry2 *
nvmx_cpuid_out_of_range(const struct kvm_cpuid_entry2 *e, u32 nent,
			u32 *function, u32 index)
{
	const struct kvm_cpuid_entry2 *basic, *class;
	u32 fn = *function;

	basic = nvmx_cpuid_find(e, nent, 0, NVMX_CPUID_ANY_INDEX);
	if (!basic)
		return NULL;
	if (nvmx_cpuid_vendor_zeroes_undefined(basic->ebx, basic->ecx,
					       basic->edx))
		return NULL;
	if (fn >= 0x40000000 && fn <= 0x4fffffff)
		class = nvmx_cpuid_find(e, nent, fn & 0xffffff00,
					NVMX_CPUID_ANY_INDEX);
	else if (fn >= 0xc0000000)
		class = nvmx_cpuid_find(e, nent, 0xc0000000,
					NVMX_CPUID_ANY_INDEX);
	else
		class = nvmx_cpuid_find(e, nent, fn & 0x80000000,
					NVMX_CPUID_ANY_INDEX);
	if (class && fn <= class->eax)
		return NULL;
	*function = basic->eax;
	return nvmx_cpuid_find(e, nent, basic->eax, index);
}

/**
 * nvmx_cpuid_lookup() - emulate CPUID from a table
 * @e: the table
 * @nent: number of entries in @e
 * @function: EAX input
 * @index: ECX input
 * @out: EAX, EBX, ECX, EDX output
 *
 * Exact entry, else the out-of-range rule, else zeros.  For leaves 0xB
 * and 0x1F (SDM Vol. 2A CPUID, extended topology) an undefined sub-leaf
 * still returns ECX[7:0] = the sub-leaf and EDX = the x2APIC ID, taken
 * from sub-leaf 1, if the leaf exists.
 *
 * Return: true if an exact entry was found.
 */
static inline bool nvmx_cpuid_lookup(const struct kvm_cpuid_entry2 *e,
				     u32 nent, u32 function, u32 index,
				     u32 out[4])
{
	const struct kvm_cpuid_entry2 *ent;
	bool exact;

	ent = nvmx_cpuid_find(e, nent, function, index);
	exact = ent;
	if (!ent)
		ent = nvmx_cpuid_out_of_range(e, nent, &function, index);
	if (ent) {
		out[0] = ent->eax;
		out[1] = ent->ebx;
		out[2] = ent->ecx;
		out[3] = ent->edx;
		return exact;
	}
	out[0] = 0;
	out[1] = 0;
	out[2] = 0;
	out[3] = 0;
	if (function == 0xb || function == 0x1f) {
		ent = nvmx_cpuid_find(e, nent, function, 1);
		if (ent) {
			out[2] = index & 0xff;
			out[3] = ent->edx;
		}
	}
	return false;
}

/* Legacy FXSAVE region + XSAVE header: SDM Vol. 1 13.4. */
#define NVMX_XSAVE_LEGACY_HDR_SIZE	576u

/**
 * struct nvmx_xstate_layout - CPUID.(EAX=0DH,ECX=i) for i = 2..63
 * @size: EAX, bytes of state component i (0: not supported)
 * @offset: EBX, offset in the standard (non-compacted) format
 * @align64: ECX bit 1, the component is 64-byte aligned when compacted
 */
struct nvmx_xstate_layout {
	u32 size[64];
	u32 offset[64];
	bool align64[64];
};

/**
 * nvmx_xsave_size() - XSAVE area size for a set of state components
 * @l: the processor's layout
 * @xfeatures: requested-feature bitmap (XCR0 | IA32_XSS)
 * @compacted: size for the compacted format (XSAVEC/XSAVES)
 *
 * SDM Vol. 1 13.4.3: in the standard format component i is at its
 * CPUID offset; in the compacted format components follow each other in
 * index order from byte 576, each 64-byte aligned if CPUID.(0DH,i).ECX[1].
 *
 * Return: the size in bytes, at least 576.
 */
static inline u32 nvmx_xsave_size(const struct nvmx_xstate_layout *l,
				  u64 xfeatures, bool compacted)
{
	u32 size = NVMX_XSAVE_LEGACY_HDR_SIZE;
	unsigned int i;

	for (i = 2; i < 64; i++) {
		if (!(xfeatures & (1ULL << i)) || !l->size[i])
			continue;
		if (!compacted) {
			if (l->offset[i] + l->size[i] > size)
				size = l->offset[i] + l->size[i];
			continue;
		}
		if (l->align64[i])
			size = (size + 63) & ~63u;
		size += l->size[i];
	}
	return size;
}

#endif /* NVMX_CPUID_RULES_H */
