/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure decoders for the VMX capability MSRs.
 *
 * No kernel dependency beyond u32, u64 and bool, so the host-side unit
 * tests (selftests/unit/) compile this very header in userspace with a
 * three-line shim:
 *
 *	#include <stdbool.h>
 *	typedef uint32_t u32;
 *	typedef uint64_t u64;
 *
 * Section numbers are those of the Intel SDM editions in which Vol. 3C
 * chapter 24 is "Introduction to Virtual Machine Extensions".
 */
#ifndef NVMX_VMX_CAPS_DECODE_H
#define NVMX_VMX_CAPS_DECODE_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif

/* IA32_VMX_BASIC, SDM Vol. 3D A.1 "Basic VMX Information" */

/**
 * nvmx_basic_revision_id() - VMCS revision identifier of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bits 30:0.
 *
 * Return: the revision identifier to write into VMXON and VMCS regions.
 */
static inline u32 nvmx_basic_revision_id(u64 basic)
{
	return basic & 0x7fffffffu;
}

/**
 * nvmx_basic_vmcs_size() - VMXON/VMCS region size of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bits 44:32, in bytes, never above 4096.
 *
 * Return: the number of bytes the CPU uses in a VMXON or VMCS region.
 */
static inline u32 nvmx_basic_vmcs_size(u64 basic)
{
	return (basic >> 32) & 0x1fffu;
}

/**
 * nvmx_basic_addr32() - physical-address width limit of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bit 48; always 0 on processors supporting Intel 64.
 *
 * Return: true if VMXON, VMCS and other VMX structures must lie below 4 GiB.
 */
static inline bool nvmx_basic_addr32(u64 basic)
{
	return (basic >> 48) & 1;
}

/**
 * nvmx_basic_mem_type() - VMCS memory type of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bits 53:50; 0 is uncacheable, 6 is write-back.
 *
 * Return: the memory type the CPU uses to access the VMCS.
 */
static inline u32 nvmx_basic_mem_type(u64 basic)
{
	return (basic >> 50) & 0xfu;
}

/**
 * nvmx_basic_ins_outs() - INS/OUTS exit-information bit of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bit 54.
 *
 * Return: true if VM exits on INS/OUTS report the instruction information.
 */
static inline bool nvmx_basic_ins_outs(u64 basic)
{
	return (basic >> 54) & 1;
}

/**
 * nvmx_basic_true_ctls() - TRUE control MSRs bit of IA32_VMX_BASIC
 * @basic: IA32_VMX_BASIC
 *
 * SDM Vol. 3D A.1: bit 55; IA32_VMX_TRUE_{PINBASED,PROCBASED,EXIT,ENTRY}_CTLS
 * exist only when it is set (SDM Vol. 3D A.2).
 *
 * Return: true if the TRUE control MSRs exist.
 */
static inline bool nvmx_basic_true_ctls(u64 basic)
{
	return (basic >> 55) & 1;
}

/* VMX control MSRs, SDM Vol. 3D A.3 (and A.4, A.5 which follow A.3) */

/**
 * nvmx_ctl_allowed0() - allowed 0-settings of a VMX control MSR
 * @msr: a VMX control capability MSR (e.g. IA32_VMX_PINBASED_CTLS)
 *
 * SDM Vol. 3D A.3.1: bits 31:0; a bit set here means the control must be 1.
 *
 * Return: the controls that must be 1.
 */
static inline u32 nvmx_ctl_allowed0(u64 msr)
{
	return (u32)msr;
}

/**
 * nvmx_ctl_allowed1() - allowed 1-settings of a VMX control MSR
 * @msr: a VMX control capability MSR (e.g. IA32_VMX_PINBASED_CTLS)
 *
 * SDM Vol. 3D A.3.1: bits 63:32; a bit clear here means the control must
 * be 0.
 *
 * Return: the controls that may be 1.
 */
static inline u32 nvmx_ctl_allowed1(u64 msr)
{
	return (u32)(msr >> 32);
}

/**
 * nvmx_ctl_valid() - check a control value against a VMX control MSR
 * @msr: a VMX control capability MSR
 * @val: a 32-bit VM-execution, VM-exit or VM-entry control value
 *
 * SDM Vol. 3D A.3.1: every allowed-0 bit must be set in @val and no bit
 * outside allowed-1 may be set.
 *
 * Return: true if @val is a valid setting on this CPU.
 */
static inline bool nvmx_ctl_valid(u64 msr, u32 val)
{
	return (val & nvmx_ctl_allowed0(msr)) == nvmx_ctl_allowed0(msr) &&
	       !(val & ~nvmx_ctl_allowed1(msr));
}

/**
 * nvmx_ctl_adjust() - fit wanted controls to a VMX control MSR
 * @msr: a VMX control capability MSR
 * @required: controls that must be 1
 * @optional: controls wanted if the CPU allows them
 * @out: the adjusted control value; written only on success
 *
 * SDM Vol. 3D A.3.1: drops the optional bits outside allowed-1, then sets
 * every allowed-0 bit.
 *
 * Return: 0 on success, else the required bits the CPU cannot set.
 */
static inline u32 nvmx_ctl_adjust(u64 msr, u32 required, u32 optional,
				  u32 *out)
{
	u32 missing = required & ~nvmx_ctl_allowed1(msr);

	if (missing)
		return missing;
	*out = ((required | optional) & nvmx_ctl_allowed1(msr)) |
	       nvmx_ctl_allowed0(msr);
	return 0;
}

/* CR0 and CR4 in VMX operation, SDM Vol. 3D A.7 (CR0) and A.8 (CR4) */

/**
 * nvmx_cr_fixed_valid() - check CR0 or CR4 against its VMX fixed bits
 * @val: the CR0 or CR4 value
 * @fixed0: IA32_VMX_CR0_FIXED0 or IA32_VMX_CR4_FIXED0
 * @fixed1: IA32_VMX_CR0_FIXED1 or IA32_VMX_CR4_FIXED1
 *
 * SDM Vol. 3D A.7/A.8: a bit set in FIXED0 must be 1, a bit clear in
 * FIXED1 must be 0.  The unrestricted-guest exception for CR0.PE/PG
 * (SDM Vol. 3C 27.3.1.1) is the caller's business.
 *
 * Return: true if @val may be used in VMX operation.
 */
static inline bool nvmx_cr_fixed_valid(u64 val, u64 fixed0, u64 fixed1)
{
	return (val & fixed0) == fixed0 && !(val & ~fixed1);
}

/**
 * nvmx_cr_fixed_apply() - force CR0 or CR4 to its VMX fixed bits
 * @val: the CR0 or CR4 value
 * @fixed0: IA32_VMX_CR0_FIXED0 or IA32_VMX_CR4_FIXED0
 * @fixed1: IA32_VMX_CR0_FIXED1 or IA32_VMX_CR4_FIXED1
 *
 * SDM Vol. 3D A.7/A.8: sets the FIXED0 bits and clears the bits clear in
 * FIXED1.
 *
 * Return: @val adjusted so that nvmx_cr_fixed_valid() holds.
 */
static inline u64 nvmx_cr_fixed_apply(u64 val, u64 fixed0, u64 fixed1)
{
	return (val | fixed0) & fixed1;
}

#endif /* NVMX_VMX_CAPS_DECODE_H */
