/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed wrappers for VMX instructions.
 *
 * VMX instructions report failure through RFLAGS (SDM Vol. 3C 31.2
 * "Conventions"): VMfailInvalid sets CF, VMfailValid sets ZF, so "jna"
 * (CF=1 or ZF=1) catches both.  A #UD or #GP (e.g. VMXON with
 * CR4.VMXE clear, SDM Vol. 3C 31.3 "VMXON") is caught through the
 * exception table.
 */
#ifndef NVMX_VMX_OPS_H
#define NVMX_VMX_OPS_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>
#include <asm/vmx.h>

/*
 * Exception-table entry from the VMX instruction at local label 1 to the
 * asm-goto label "fault".  The line splice keeps checkpatch from reading
 * the template's "%l" as a C modulo operator.
 */
#define NVMX_EXTABLE_FAULT	_ASM_EXTABLE(1b, %\
l[fault])

/**
 * nvmx_vmxon() - enter VMX root operation on this CPU
 * @vmxon_pa: physical address of this CPU's 4 KiB aligned VMXON region,
 *            which must already hold the VMCS revision identifier
 *
 * SDM Vol. 3C 24.7 and 31.3 "VMXON".  CR4.VMXE must be set.
 *
 * Return: 0 on success, -EIO on VMfailInvalid/VMfailValid, -EFAULT if
 * VMXON faulted (#UD or #GP).
 */
static __always_inline int nvmx_vmxon(u64 vmxon_pa)
{
	asm goto("1: vmxon %[pa]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [pa] "m" (vmxon_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

/**
 * nvmx_vmxoff() - leave VMX operation on this CPU
 *
 * SDM Vol. 3C 31.3 "VMXOFF".  CR4.VMXE may be cleared afterwards.
 *
 * Return: 0 on success, -EIO on VMfail (e.g. dual-monitor treatment of
 * SMIs active), -EFAULT if VMXOFF faulted (#UD outside VMX operation).
 */
static __always_inline int nvmx_vmxoff(void)
{
	asm goto("1: vmxoff\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

void nvmx_vmx_insn_failed(const char *insn, u64 op1, u64 op2);
void nvmx_vmx_insn_faulted(const char *insn, u64 op1, u64 op2);

/**
 * nvmx_vmclear() - VMCLEAR a VMCS region
 * @vmcs_pa: physical address of the VMCS region
 *
 * SDM Vol. 3C 31.3 "VMCLEAR": flushes the VMCS data to memory, makes the
 * VMCS clear (launch state) and, if it was current, invalidates the
 * current-VMCS pointer.  A failure is reported to the kernel log with the
 * VM-instruction error (SDM Vol. 3C 31.4).
 *
 * Return: 0 on success, -EIO on VMfail, -EFAULT on a fault.
 */
static __always_inline int nvmx_vmclear(u64 vmcs_pa)
{
	asm goto("1: vmclear %[pa]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [pa] "m" (vmcs_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	nvmx_vmx_insn_failed("vmclear", vmcs_pa, 0);
	return -EIO;
fault:
	nvmx_vmx_insn_faulted("vmclear", vmcs_pa, 0);
	return -EFAULT;
}

/**
 * nvmx_vmptrld() - make a VMCS current and active on this CPU
 * @vmcs_pa: physical address of the VMCS region
 *
 * SDM Vol. 3C 31.3 "VMPTRLD".  A failure is reported to the kernel log.
 *
 * Return: 0 on success, -EIO on VMfail, -EFAULT on a fault.
 */
static __always_inline int nvmx_vmptrld(u64 vmcs_pa)
{
	asm goto("1: vmptrld %[pa]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [pa] "m" (vmcs_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	nvmx_vmx_insn_failed("vmptrld", vmcs_pa, 0);
	return -EIO;
fault:
	nvmx_vmx_insn_faulted("vmptrld", vmcs_pa, 0);
	return -EFAULT;
}

/*
 * VMCS field encodings, SDM Vol. 3D B (and 3C 25.11.2): bit 0 is the
 * access type (1 = high half of a 64-bit field, a 32-bit access), bits
 * 14:13 the width (0 16-bit, 1 64-bit, 2 32-bit, 3 natural width).
 */
#define NVMX_VMCS_FIELD_WIDTH(f)	(((f) >> 13) & 3)
#define NVMX_VMCS_WIDTH_16		0
#define NVMX_VMCS_WIDTH_64		1
#define NVMX_VMCS_WIDTH_32		2
#define NVMX_VMCS_WIDTH_NATURAL		3
#define NVMX_VMCS_FIELD_HIGH(f)		((f) & 1)

/**
 * nvmx_vmcs_access_bits() - width of a VMREAD/VMWRITE access to a field
 * @field: the field encoding
 *
 * Return: 16, 32, 64, or 0 for natural width; 32 for the high half of a
 * 64-bit field.
 */
static __always_inline int nvmx_vmcs_access_bits(unsigned long field)
{
	switch (NVMX_VMCS_FIELD_WIDTH(field)) {
	case NVMX_VMCS_WIDTH_16:
		return 16;
	case NVMX_VMCS_WIDTH_64:
		return NVMX_VMCS_FIELD_HIGH(field) ? 32 : 64;
	case NVMX_VMCS_WIDTH_32:
		return 32;
	default:
		return 0;
	}
}

/* Fails the build when a constant @field is not @bits wide. */
#define nvmx_vmcs_check(field, bits)					\
	BUILD_BUG_ON_MSG(__builtin_constant_p(field) &&			\
			 nvmx_vmcs_access_bits(field) != (bits),	\
			 "VMCS field of the wrong width")

/**
 * __nvmx_vmread() - VMREAD a field of the current VMCS
 * @field: the field encoding
 *
 * SDM Vol. 3C 31.3 "VMREAD".  A failure is reported to the kernel log.
 *
 * Return: the field's value, 0 on failure.
 */
static __always_inline unsigned long __nvmx_vmread(unsigned long field)
{
	unsigned long value;

	asm goto("1: vmread %[field], %[value]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : [value] "=rm" (value) : [field] "r" (field)
		 : "cc" : vmfail, fault);
	return value;
vmfail:
	nvmx_vmx_insn_failed("vmread", field, 0);
	return 0;
fault:
	nvmx_vmx_insn_faulted("vmread", field, 0);
	return 0;
}

/**
 * __nvmx_vmwrite() - VMWRITE a field of the current VMCS
 * @field: the field encoding
 * @value: the value
 *
 * SDM Vol. 3C 31.3 "VMWRITE".  A failure is reported to the kernel log.
 */
static __always_inline void __nvmx_vmwrite(unsigned long field,
					   unsigned long value)
{
	asm goto("1: vmwrite %[value], %[field]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [field] "r" (field), [value] "rm" (value)
		 : "cc" : vmfail, fault);
	return;
vmfail:
	nvmx_vmx_insn_failed("vmwrite", field, value);
	return;
fault:
	nvmx_vmx_insn_faulted("vmwrite", field, value);
}

static __always_inline u16 vmcs_read16(unsigned long field)
{
	nvmx_vmcs_check(field, 16);
	return __nvmx_vmread(field);
}

static __always_inline u32 vmcs_read32(unsigned long field)
{
	nvmx_vmcs_check(field, 32);
	return __nvmx_vmread(field);
}

static __always_inline u64 vmcs_read64(unsigned long field)
{
	nvmx_vmcs_check(field, 64);
	return __nvmx_vmread(field);
}

static __always_inline unsigned long vmcs_readl(unsigned long field)
{
	nvmx_vmcs_check(field, 0);
	return __nvmx_vmread(field);
}

static __always_inline void vmcs_write16(unsigned long field, u16 value)
{
	nvmx_vmcs_check(field, 16);
	__nvmx_vmwrite(field, value);
}

static __always_inline void vmcs_write32(unsigned long field, u32 value)
{
	nvmx_vmcs_check(field, 32);
	__nvmx_vmwrite(field, value);
}

static __always_inline void vmcs_write64(unsigned long field, u64 value)
{
	nvmx_vmcs_check(field, 64);
	__nvmx_vmwrite(field, value);
}

static __always_inline void vmcs_writel(unsigned long field,
					unsigned long value)
{
	nvmx_vmcs_check(field, 0);
	__nvmx_vmwrite(field, value);
}

/* INVEPT/INVVPID descriptors, SDM Vol. 3C 31.3 "INVEPT", "INVVPID" */
struct nvmx_invept_desc {
	u64 eptp;
	u64 reserved;
};

struct nvmx_invvpid_desc {
	u64 vpid;
	u64 gla;
};

/**
 * nvmx_invept() - invalidate EPT-derived translations
 * @type: VMX_EPT_EXTENT_CONTEXT or VMX_EPT_EXTENT_GLOBAL
 * @eptp: the EPTP for a single-context invalidation
 *
 * SDM Vol. 3C 31.3 "INVEPT".  A failure is reported to the kernel log.
 */
static __always_inline void nvmx_invept(unsigned long type, u64 eptp)
{
	struct nvmx_invept_desc desc = { .eptp = eptp };

	asm goto("1: invept %[desc], %[type]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [desc] "m" (desc), [type] "r" (type)
		 : "cc", "memory" : vmfail, fault);
	return;
vmfail:
	nvmx_vmx_insn_failed("invept", type, eptp);
	return;
fault:
	nvmx_vmx_insn_faulted("invept", type, eptp);
}

/**
 * nvmx_invvpid() - invalidate VPID-tagged linear translations
 * @type: VMX_VPID_EXTENT_* (individual address, single context, all
 *        contexts, single context retaining globals)
 * @vpid: the VPID (ignored for all-contexts)
 * @gla: the linear address for an individual-address invalidation
 *
 * SDM Vol. 3C 31.3 "INVVPID".  A failure is reported to the kernel log.
 */
static __always_inline void nvmx_invvpid(unsigned long type, u16 vpid,
					 u64 gla)
{
	struct nvmx_invvpid_desc desc = { .vpid = vpid, .gla = gla };

	asm goto("1: invvpid %[desc], %[type]\n\t"
		 "jna %l[vmfail]\n\t"
		 NVMX_EXTABLE_FAULT
		 : : [desc] "m" (desc), [type] "r" (type)
		 : "cc", "memory" : vmfail, fault);
	return;
vmfail:
	nvmx_vmx_insn_failed("invvpid", type, vpid);
	return;
fault:
	nvmx_vmx_insn_faulted("invvpid", type, vpid);
}

#endif /* NVMX_VMX_OPS_H */
