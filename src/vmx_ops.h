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

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>

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
		 _ASM_EXTABLE(1b, %l[fault])
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
		 _ASM_EXTABLE(1b, %l[fault])
		 : : : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

#endif /* NVMX_VMX_OPS_H */
