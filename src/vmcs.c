// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS setup and diagnostics.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <asm/vmx.h>

#include "vcpu.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx_ops.h"

/*
 * SDM Vol. 3C 25.11.2: bit 0 access type (0 = full), bits 9:1 index,
 * 11:10 type, 12 reserved (0), 14:13 width, 31:15 reserved (0).
 */
#define NVMX_VMCS_FIELD_RESERVED	(BIT(0) | BIT(12) | GENMASK(31, 15))

/**
 * struct nvmx_vmcs_field - one row of the VMCS field table
 * @enc: the field encoding
 * @shadow: enum nvmx_vmcs_shadow
 * @name: the asm/vmx.h name
 */
struct nvmx_vmcs_field {
	u32 enc;
	u8 shadow;
	const char *name;
};

/* Build-time assertion on every encoding of the table. */
#define NVMX_VMCS_FIELD(enc, shadow)					\
	BUILD_BUG_ON_ZERO((enc) & NVMX_VMCS_FIELD_RESERVED),
static const int nvmx_vmcs_field_checks[] __maybe_unused = {
#include "vmcs_fields.h"
};

#undef NVMX_VMCS_FIELD

#define NVMX_VMCS_FIELD(enc, shadow)	{ enc, shadow, #enc },
static const struct nvmx_vmcs_field nvmx_vmcs_fields[] = {
#include "vmcs_fields.h"
};

#undef NVMX_VMCS_FIELD

/**
 * nvmx_vmx_insn_failed() - report a VMfail of a VMX instruction
 * @insn: the instruction's mnemonic
 * @op1: first operand (field, physical address or type)
 * @op2: second operand (value), or 0
 *
 * SDM Vol. 3C 31.4: after VMfailValid the VM-instruction error field of
 * the current VMCS says why; after VMfailInvalid (no current VMCS) that
 * field cannot be read and is shown as -1.
 */
void nvmx_vmx_insn_failed(const char *insn, u64 op1, u64 op2)
{
	unsigned long err;
	bool unreadable;

	/* VMREAD of the error itself; CF or ZF set means it failed too. */
	asm volatile("vmread %[field], %[err]"
		     : [err] "=r" (err), "=@ccbe" (unreadable)
		     : [field] "r" ((unsigned long)VM_INSTRUCTION_ERROR)
		     : "cc");
	pr_err_ratelimited("%s(0x%llx, 0x%llx) failed: VM-instruction error %ld\n",
			   insn, op1, op2, unreadable ? -1L : (long)err);
}

/**
 * nvmx_vmx_insn_faulted() - report a fault (#UD/#GP) of a VMX instruction
 * @insn: the instruction's mnemonic
 * @op1: first operand
 * @op2: second operand, or 0
 *
 * A fault means the CPU is not in VMX operation or the operand is bad:
 * a bug of nvmx, hence the one-time warning with a backtrace.
 */
void nvmx_vmx_insn_faulted(const char *insn, u64 op1, u64 op2)
{
	WARN_ONCE(1, "nvmx: %s(0x%llx, 0x%llx) faulted\n", insn, op1, op2);
}

/**
 * nvmx_vmcs_dump() - print every field of the current VMCS to the log
 *
 * Used after a VM-entry failure.  The current VMCS must be loaded.
 */
void nvmx_vmcs_dump(void)
{
	const struct nvmx_vmcs_field *f;
	size_t i;

	pr_err("VMCS dump:\n");
	for (i = 0; i < ARRAY_SIZE(nvmx_vmcs_fields); i++) {
		f = &nvmx_vmcs_fields[i];
		pr_err("  %-32s (0x%04x) = 0x%lx\n", f->name, f->enc,
		       __nvmx_vmread(f->enc));
	}
}
