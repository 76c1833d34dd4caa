// SPDX-License-Identifier: GPL-2.0
/*
 * L1's VMX instructions: the VM exits of VMXON, VMXOFF, VMCLEAR, VMPTRLD,
 * VMPTRST, VMREAD, VMWRITE, VMLAUNCH, VMRESUME, INVEPT and INVVPID (SDM
 * Vol. 3C 31.3, each instruction's "Operation"), with the conventions of
 * SDM Vol. 3C 31.2 (VMsucceed, VMfailInvalid, VMfailValid) and the error
 * numbers of 31.4.
 *
 * Who checks what.  L1 runs in VMX non-root operation of the CPU, so the
 * CPU itself raises, before any exit, the #UD of a register operand where
 * memory is required, CR0.PE = 0, RFLAGS.VM = 1 and compatibility mode,
 * and for VMXON also CR4.VMXE = 0 of the real CR4, which L0 always sets
 * (SDM Vol. 3C 26.1.1: such exceptions have priority over the exit).
 * Everything after "ELSIF in VMX non-root operation THEN VM exit" is
 * L0's: #UD when L1 is not in VMX operation (VMXON: when L1's own
 * CR4.VMXE, its read shadow, is 0), #GP(0) at CPL > 0, the memory operand
 * (segment and canonical checks as #GP(0)/#SS(0), #PF when its linear
 * address does not translate), and every VMfail.  A shadowed VMREAD or
 * VMWRITE never gets here: the CPU completes it, #GP at CPL > 0 and
 * VMfailInvalid without a current VMCS included (SDM Vol. 3C 31.3).
 *
 * Every handler follows exits.c's contract (> 0 resume L1, < 0 errno).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/mtrr.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/traps.h>
#include <asm/vmx.h>

#include "../events.h"
#include "../exits.h"
#include "../insn_decode.h"
#include "../mmu.h"
#include "../regs.h"
#include "../vcpu.h"
#include "../vm.h"
#include "../vmcs.h"
#include "../vmx_caps.h"
#include "../vmx_ops.h"
#include "nested.h"

/* SDM Vol. 3C 28.2.5 Tables 28-11 to 28-13: VM-exit instruction information. */
#define NVMX_II_SCALE(i)	((i) & 3)
#define NVMX_II_REG1(i)		(((i) >> 3) & 15)
#define NVMX_II_ADDR_SIZE(i)	(((i) >> 7) & 7)
#define NVMX_II_IS_REG		BIT(10)
#define NVMX_II_SEG(i)		(((i) >> 15) & 7)
#define NVMX_II_INDEX(i)	(((i) >> 18) & 15)
#define NVMX_II_NO_INDEX	BIT(22)
#define NVMX_II_BASE(i)		(((i) >> 23) & 15)
#define NVMX_II_NO_BASE		BIT(27)
#define NVMX_II_REG2(i)		(((i) >> 28) & 15)

/*
 * The segment field of the instruction information (SDM Vol. 3C 28.2.5)
 * uses the sreg encoding of enum nvmx_seg (insn_decode.h).
 */
#define NVMX_NR_SEGS	(NVMX_SEG_GS + 1)

static const u32 nvmx_seg_base[NVMX_NR_SEGS] = {
	GUEST_ES_BASE, GUEST_CS_BASE, GUEST_SS_BASE, GUEST_DS_BASE,
	GUEST_FS_BASE, GUEST_GS_BASE,
};

static const u32 nvmx_seg_limit[NVMX_NR_SEGS] = {
	GUEST_ES_LIMIT, GUEST_CS_LIMIT, GUEST_SS_LIMIT, GUEST_DS_LIMIT,
	GUEST_FS_LIMIT, GUEST_GS_LIMIT,
};

static const u32 nvmx_seg_ar[NVMX_NR_SEGS] = {
	GUEST_ES_AR_BYTES, GUEST_CS_AR_BYTES, GUEST_SS_AR_BYTES,
	GUEST_DS_AR_BYTES, GUEST_FS_AR_BYTES, GUEST_GS_AR_BYTES,
};

/* SDM Vol. 3C 31.2: the arithmetic flags VMX instructions report in. */
#define NVMX_RFLAGS_VMX	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

/* SDM Vol. 3C 27.2.1.1: EPTP bits 11:7 are reserved. */
#define NVMX_EPTP_RSVD_LOW	GENMASK_ULL(11, 7)

static const struct nvmx_nested_strategy *nvmx_ops(struct nvmx_vcpu *vcpu)
{
	return &nvmx_nested_shared;
}

/* 64-bit mode: IA32_EFER.LMA and CS.L (SDM Vol. 3A 2.2.1). */
static bool nvmx_insn_mode64(void)
{
	return (vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) &&
	       (vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L_MASK);
}

/* CPL is SS.DPL (SDM Vol. 3C 25.4.1). */
static unsigned int nvmx_insn_cpl(void)
{
	return VMX_AR_DPL(vmcs_read32(GUEST_SS_AR_BYTES));
}

static int nvmx_insn_fault(struct nvmx_vcpu *vcpu, u8 vector)
{
	nvmx_inject_exception(vcpu, vector, vector != X86_TRAP_UD, 0);
	return 1;
}

/* A register operand: 64 bits in 64-bit mode, else 32 (SDM Vol. 3C 31.3). */
static u64 nvmx_insn_reg(struct nvmx_vcpu *vcpu, unsigned int reg)
{
	u64 v = vcpu->regs[reg];

	return nvmx_insn_mode64() ? v : (u32)v;
}

/* The operand size of VMREAD/VMWRITE memory operands, in bytes. */
static unsigned int nvmx_insn_opsize(void)
{
	return nvmx_insn_mode64() ? 8 : 4;
}

/*
 * SDM Vol. 3C 31.3 (every instruction but VMXON): #UD if L1 is not in
 * VMX operation, #GP(0) at CPL > 0.  Return: true to go on.
 */
static bool nvmx_insn_allowed(struct nvmx_vcpu *vcpu)
{
	if (!vcpu->nested || !vcpu->nested->vmxon) {
		nvmx_insn_fault(vcpu, X86_TRAP_UD);
		return false;
	}
	if (nvmx_insn_cpl() > 0) {
		nvmx_insn_fault(vcpu, X86_TRAP_GP);
		return false;
	}
	return true;
}

/* SDM Vol. 3C 31.2: the flags, then the instruction completes. */
static void nvmx_insn_result(struct nvmx_vcpu *vcpu, unsigned long flags)
{
	vcpu->rflags = (vcpu->rflags & ~NVMX_RFLAGS_VMX) | flags;
	nvmx_skip_exit_insn(vcpu);
}

/**
 * nvmx_nested_vmsucceed() - VMsucceed (SDM Vol. 3C 31.2)
 * @vcpu: the vCPU, vmcs01 current with the exit of the VMX instruction
 *
 * CF, PF, AF, ZF, SF and OF cleared; the instruction is skipped.
 */
void nvmx_nested_vmsucceed(struct nvmx_vcpu *vcpu)
{
	nvmx_insn_result(vcpu, 0);
}

static void nvmx_vmfail_invalid(struct nvmx_vcpu *vcpu)
{
	nvmx_insn_result(vcpu, X86_EFLAGS_CF);
}

/**
 * nvmx_nested_vmfail() - VMfail(@err) (SDM Vol. 3C 31.2)
 * @vcpu: the vCPU, vmcs01 current with the exit of the VMX instruction
 * @err: the VM-instruction error number (SDM Vol. 3C 31.4)
 *
 * With a current vmcs12, VMfailValid: ZF set, the other flags cleared,
 * @err in its VM-instruction error field.  Without one, VMfailInvalid:
 * CF set.  The instruction is skipped.
 */
void nvmx_nested_vmfail(struct nvmx_vcpu *vcpu, u32 err)
{
	struct nvmx_nested *n = vcpu->nested;

	if (!n->cur_page) {
		nvmx_vmfail_invalid(vcpu);
		return;
	}
	nvmx_vmcs12_write(vcpu, n->cur_page, NVMX_F_VM_INSTRUCTION_ERROR, err);
	nvmx_insn_result(vcpu, X86_EFLAGS_ZF);
}

/*
 * Protected-mode checks of a data access (SDM Vol. 3C 31.3 "Protected
 * Mode Exceptions" of each instruction, Vol. 3A 5.3 and 5.4): a write to
 * a code or read-only data segment or a read of an execute-only code
 * segment (#GP), an unusable segment, an offset outside the limit
 * (expand-down: above the limit up to 0xffff or 0xffffffff by D/B).
 * Return: 0, or the vector to raise.
 */
static u8 nvmx_seg_fault(unsigned int seg, u64 off, unsigned int len,
			 bool write)
{
	u32 ar = __nvmx_vmread(nvmx_seg_ar[seg]);
	u64 limit = (u32)__nvmx_vmread(nvmx_seg_limit[seg]);
	u8 vec = seg == NVMX_SEG_SS ? X86_TRAP_SS : X86_TRAP_GP;
	u64 last = off + len - 1, max;
	u32 type = ar & VMX_AR_TYPE_MASK;

	/* Type bit 3: code; bit 1: writable (data) / readable (code). */
	if (write && ((type & 8) || !(type & 2)))
		return X86_TRAP_GP;
	if (!write && (type & 0xa) == 8)
		return X86_TRAP_GP;
	if (ar & VMX_AR_UNUSABLE_MASK)
		return vec;
	if ((type & 0xc) == 4) {
		max = (ar & VMX_AR_DB_MASK) ? 0xffffffffull : 0xffffull;
		return off <= limit || last > max ? vec : 0;
	}
	return last > limit ? vec : 0;
}

/*
 * The linear address of the memory operand (SDM Vol. 3C 28.2.5: base,
 * index, scale from the instruction information, the displacement in the
 * exit qualification), after the segment checks, or in 64-bit mode the
 * canonical check (#GP(0), #SS(0) for SS, SDM Vol. 3A 3.3.7.1).
 * Return: 0, or 1 when a fault was injected.
 */
static int nvmx_insn_linear(struct nvmx_vcpu *vcpu, u32 info,
			    unsigned int len, bool write, u64 *la)
{
	unsigned int seg = NVMX_II_SEG(info);
	unsigned int asz = NVMX_II_ADDR_SIZE(info);
	u64 off = vmcs_readl(EXIT_QUALIFICATION);
	u8 bits, vec;

	if (seg >= NVMX_NR_SEGS)
		return nvmx_insn_fault(vcpu, X86_TRAP_UD);
	if (!(info & NVMX_II_NO_BASE))
		off += vcpu->regs[NVMX_II_BASE(info)];
	if (!(info & NVMX_II_NO_INDEX))
		off += vcpu->regs[NVMX_II_INDEX(info)] << NVMX_II_SCALE(info);
	if (asz == 0)
		off &= 0xffff;
	else if (asz == 1)
		off &= 0xffffffff;
	if (nvmx_insn_mode64()) {
		/* SDM Vol. 3A 3.4.4: only FS and GS have a base. */
		if (seg == NVMX_SEG_FS || seg == NVMX_SEG_GS)
			off += __nvmx_vmread(nvmx_seg_base[seg]);
		bits = nvmx_read_cr4(vcpu) & X86_CR4_LA57 ? 57 : 48;
		vec = seg == NVMX_SEG_SS ? X86_TRAP_SS : X86_TRAP_GP;
		if (!__is_canonical_address(off, bits))
			return nvmx_insn_fault(vcpu, vec);
		*la = off;
		return 0;
	}
	vec = nvmx_seg_fault(seg, off, len, write);
	if (vec)
		return nvmx_insn_fault(vcpu, vec);
	*la = (u32)(__nvmx_vmread(nvmx_seg_base[seg]) + off);
	return 0;
}

/*
 * Copy between L1's linear memory and @buf.  A linear address without a
 * translation is a #PF with CR2 = that address (SDM Vol. 3A 4.7).
 * Return: 0, 1 when #PF was injected, -EFAULT when the operand is not
 * L1 RAM.
 */
static int nvmx_insn_access(struct nvmx_vcpu *vcpu, u64 la, void *buf,
			    unsigned int len, bool write)
{
	struct nvmx_paging_ctx ctx = {
		.cr0 = vmcs_readl(GUEST_CR0),
		.cr3 = vmcs_readl(GUEST_CR3),
		.cr4 = vmcs_readl(GUEST_CR4),
		.efer = vmcs_read64(GUEST_IA32_EFER),
	};
	bool mode64 = nvmx_insn_mode64();
	u32 access = write ? X86_PF_WRITE : 0, pfec;
	unsigned int chunk;
	u64 gpa;
	int ret;

	while (len) {
		chunk = min_t(u64, len, PAGE_SIZE - offset_in_page(la));
		ret = nvmx_gva_walk(vcpu->vm, &ctx, la, access, &gpa, &pfec);
		if (ret > 0) {
			vcpu->msrs.cr2 = la;
			nvmx_inject_exception(vcpu, X86_TRAP_PF, true, pfec);
			return 1;
		}
		if (ret < 0)
			return ret;
		ret = write ? nvmx_write_guest(vcpu->vm, gpa, buf, chunk) :
			      nvmx_read_guest(vcpu->vm, gpa, buf, chunk);
		if (ret)
			return -EFAULT;
		la = mode64 ? la + chunk : (u32)(la + chunk);
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/* Read (or write) the instruction's memory operand; 0, 1 faulted, <0. */
static int nvmx_insn_mem(struct nvmx_vcpu *vcpu, u32 info, void *buf,
			 unsigned int len, bool write)
{
	u64 la;
	int ret = nvmx_insn_linear(vcpu, info, len, write, &la);

	if (ret)
		return ret;
	return nvmx_insn_access(vcpu, la, buf, len, write);
}

/* The 64-bit VMCS pointer operand of VMXON, VMCLEAR, VMPTRLD. */
static int nvmx_insn_ptr(struct nvmx_vcpu *vcpu, u64 *ptr)
{
	return nvmx_insn_mem(vcpu, vmcs_read32(VMX_INSTRUCTION_INFO), ptr,
			     sizeof(*ptr), false);
}

/* SDM Vol. 3C 31.3: 4-KByte aligned and within L1's MAXPHYADDR. */
static bool nvmx_insn_bad_pa(struct nvmx_vcpu *vcpu, u64 pa)
{
	return (pa & (PAGE_SIZE - 1)) || (pa >> nvmx_guest_maxphyaddr(vcpu));
}

/* The revision word of a VMXON or VMCS region; ~0 if not L1 RAM. */
static u32 nvmx_insn_revision(struct nvmx_vcpu *vcpu, u64 pa)
{
	u32 rev;

	if (nvmx_read_guest(vcpu->vm, pa, &rev, sizeof(rev)))
		return ~0u;
	return rev;
}

/*
 * Enter (@on) or leave VMX operation for L1 in vmcs01: VMCS shadowing
 * with the bitmaps and no linked VMCS (SDM Vol. 3C 25.6.2, 25.10), and
 * CR0.PE/PG added to the CR0 guest/host mask so that L1 cannot clear them
 * without an exit while they are fixed (SDM Vol. 3C 24.8); the read shadow
 * takes L1's current CR0 first.
 */
static void nvmx_insn_vmx_operation(struct nvmx_vcpu *vcpu, bool on)
{
	struct nvmx_nested *n = vcpu->nested;
	unsigned long cr0 = nvmx_read_cr0(vcpu);
	unsigned long mask = nvmx_vmcs_cr0_mask();
	u32 proc2 = vmcs_read32(SECONDARY_VM_EXEC_CONTROL);

	if (on) {
		vmcs_write64(VMREAD_BITMAP, __pa(n->vmread_bitmap));
		vmcs_write64(VMWRITE_BITMAP, __pa(n->vmwrite_bitmap));
		vmcs_write64(VMCS_LINK_POINTER, ~0ull);
		proc2 |= SECONDARY_EXEC_SHADOW_VMCS;
		mask |= X86_CR0_PE | X86_CR0_PG;
	} else {
		proc2 &= ~SECONDARY_EXEC_SHADOW_VMCS;
	}
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(CR0_GUEST_HOST_MASK, mask);
	n->vmxon = on;
}

/*
 * SDM Vol. 3C 31.3 "VMXON", outside VMX operation: #GP(0) unless CR0 and
 * CR4 have the values VMX operation requires (24.8) and
 * IA32_FEATURE_CONTROL is locked with VMX outside SMX enabled (24.7).
 */
static bool nvmx_vmxon_state_ok(struct nvmx_vcpu *vcpu)
{
	const struct nvmx_nested_caps *c = &nvmx_nested_caps;
	u64 need = FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;

	return nvmx_cr_fixed_valid(nvmx_read_cr0(vcpu), c->cr0_fixed0,
				   c->cr0_fixed1) &&
	       nvmx_cr_fixed_valid(nvmx_read_cr4(vcpu), c->cr4_fixed0,
				   c->cr4_fixed1) &&
	       (vcpu->msrs.feature_control & need) == need;
}

/**
 * nvmx_nested_handle_vmxon() - VMXON of L1 (exit reason 27)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMXON": #UD with L1's CR4.VMXE clear; in VMX
 * operation #GP(0) at CPL > 0, else VMfail(15); outside it #GP(0) at
 * CPL > 0 or with CR0/CR4/IA32_FEATURE_CONTROL not allowing VMX, then
 * VMfailInvalid for a pointer not 4-KByte aligned, beyond MAXPHYADDR or
 * to a region without nvmx's revision identifier (bit 31 clear).
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmxon(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	u64 ptr;
	int ret;

	if (!n || !(nvmx_read_cr4(vcpu) & X86_CR4_VMXE))
		return nvmx_insn_fault(vcpu, X86_TRAP_UD);
	if (nvmx_insn_cpl() > 0)
		return nvmx_insn_fault(vcpu, X86_TRAP_GP);
	if (n->vmxon) {
		nvmx_nested_vmfail(vcpu, VMXERR_VMXON_IN_VMX_ROOT_OPERATION);
		return 1;
	}
	if (!nvmx_vmxon_state_ok(vcpu))
		return nvmx_insn_fault(vcpu, X86_TRAP_GP);
	ret = nvmx_insn_ptr(vcpu, &ptr);
	if (ret)
		return ret;
	if (nvmx_insn_bad_pa(vcpu, ptr) ||
	    nvmx_insn_revision(vcpu, ptr) != NVMX_VMCS12_REVISION) {
		nvmx_vmfail_invalid(vcpu);
		return 1;
	}
	n->vmxon_ptr = ptr;
	n->current_ptr = NVMX_NO_VMCS12;
	n->cur_page = NULL;
	nvmx_insn_vmx_operation(vcpu, true);
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/**
 * nvmx_nested_handle_vmxoff() - VMXOFF of L1 (exit reason 26)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMXOFF": every cached vmcs12 is written back to L1's
 * region and its page freed, there is no current VMCS, L1 leaves VMX
 * operation (no dual-monitor treatment, so never VMfail(23)); VMsucceed.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmxoff(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	int ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	ret = nvmx_vmcs12_release_all(vcpu);
	if (ret)
		return ret;
	nvmx_vmcs12_unlink(vcpu);
	n->cur_page = NULL;
	n->current_ptr = NVMX_NO_VMCS12;
	n->vmxon_ptr = NVMX_NO_VMCS12;
	nvmx_insn_vmx_operation(vcpu, false);
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/*
 * End a VMX instruction by its outcome @ret: 0 VMsucceed, > 0 VMfail with
 * that VM-instruction error (SDM Vol. 3C 31.2), < 0 an errno for KVM_RUN.
 */
static int nvmx_insn_complete(struct nvmx_vcpu *vcpu, int ret)
{
	if (ret < 0)
		return ret;
	if (ret)
		nvmx_nested_vmfail(vcpu, ret);
	else
		nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/**
 * nvmx_nested_handle_vmclear() - VMCLEAR of L1 (exit reason 19)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMCLEAR": VMfail(2) for a pointer not 4-KByte
 * aligned or beyond MAXPHYADDR, VMfail(3) for the VMXON pointer, else
 * the strategy writes the vmcs12 back and clears its launch state.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmclear(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	u64 ptr;
	int ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	ret = nvmx_insn_ptr(vcpu, &ptr);
	if (ret)
		return ret;
	if (nvmx_insn_bad_pa(vcpu, ptr))
		ret = VMXERR_VMCLEAR_INVALID_ADDRESS;
	else if (ptr == n->vmxon_ptr)
		ret = VMXERR_VMCLEAR_VMXON_POINTER;
	else
		ret = nvmx_ops(vcpu)->vmclear(vcpu, ptr);
	return nvmx_insn_complete(vcpu, ret);
}

/**
 * nvmx_nested_handle_vmptrld() - VMPTRLD of L1 (exit reason 21)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMPTRLD": VMfail(9) for a bad address, VMfail(10)
 * for the VMXON pointer, VMfail(11) unless the region starts with nvmx's
 * revision identifier (bit 31, the shadow-VMCS indicator, set is a
 * mismatch too: VMCS shadowing is not offered); then the strategy makes
 * it current.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmptrld(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;
	u64 ptr;
	int ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	ret = nvmx_insn_ptr(vcpu, &ptr);
	if (ret)
		return ret;
	if (nvmx_insn_bad_pa(vcpu, ptr))
		ret = VMXERR_VMPTRLD_INVALID_ADDRESS;
	else if (ptr == n->vmxon_ptr)
		ret = VMXERR_VMPTRLD_VMXON_POINTER;
	else if (nvmx_insn_revision(vcpu, ptr) != NVMX_VMCS12_REVISION)
		ret = VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID;
	else
		ret = nvmx_ops(vcpu)->vmptrld(vcpu, ptr);
	return nvmx_insn_complete(vcpu, ret);
}

/**
 * nvmx_nested_handle_vmptrst() - VMPTRST of L1 (exit reason 22)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMPTRST": the current-VMCS pointer, all ones if
 * none, to the 64-bit memory operand; VMsucceed.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmptrst(struct nvmx_vcpu *vcpu)
{
	u64 ptr;
	int ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	ptr = vcpu->nested->current_ptr;
	ret = nvmx_insn_mem(vcpu, vmcs_read32(VMX_INSTRUCTION_INFO), &ptr,
			    sizeof(ptr), true);
	if (ret)
		return ret;
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/*
 * The table row of a field operand and whether it names the high half of
 * a 64-bit field (SDM Vol. 3C 25.11.2).  Return: the row, or -1 when L1
 * has no such field (VMfail(12), SDM Vol. 3C 31.4).
 */
static int nvmx_insn_field(u64 field, bool *high)
{
	int idx;

	if (field >> 32)
		return -1;
	*high = field & 1;
	idx = nvmx_vmcs_field_index(field & ~1ull);
	if (idx < 0 || nvmx_vmcs_fields[idx].shadow == NVMX_SHADOW_HIDDEN)
		return -1;
	if (*high && NVMX_VMCS_WIDTH(field) != NVMX_VMCS_WIDTH_64)
		return -1;
	return idx;
}

/**
 * nvmx_nested_handle_vmread() - a VMREAD of L1 that exited (reason 23)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMREAD": VMfailInvalid without a current VMCS,
 * VMfail(12) for a field L1 does not have, else the field (its bits 63:32
 * for a "high" encoding) goes to the register or memory operand, 64 bits
 * in 64-bit mode, else 32; VMsucceed.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmread(struct nvmx_vcpu *vcpu)
{
	u32 info = vmcs_read32(VMX_INSTRUCTION_INFO);
	bool high;
	u64 val;
	int idx, ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	if (!vcpu->nested->cur_page) {
		nvmx_vmfail_invalid(vcpu);
		return 1;
	}
	idx = nvmx_insn_field(nvmx_insn_reg(vcpu, NVMX_II_REG2(info)), &high);
	if (idx < 0) {
		nvmx_nested_vmfail(vcpu, VMXERR_UNSUPPORTED_VMCS_COMPONENT);
		return 1;
	}
	ret = nvmx_ops(vcpu)->vmread(vcpu, idx, &val);
	if (ret < 0)
		return ret;
	if (high)
		val >>= 32;
	if (!nvmx_insn_mode64())
		val = (u32)val;
	if (info & NVMX_II_IS_REG) {
		vcpu->regs[NVMX_II_REG1(info)] = val;
	} else {
		ret = nvmx_insn_mem(vcpu, info, &val, nvmx_insn_opsize(), true);
		if (ret)
			return ret;
	}
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/* The VMWRITE source operand (register or memory); 0, 1 faulted, <0. */
static int nvmx_vmwrite_value(struct nvmx_vcpu *vcpu, u32 info, u64 *val)
{
	*val = 0;
	if (info & NVMX_II_IS_REG) {
		*val = nvmx_insn_reg(vcpu, NVMX_II_REG1(info));
		return 0;
	}
	return nvmx_insn_mem(vcpu, info, val, nvmx_insn_opsize(), false);
}

/**
 * nvmx_nested_handle_vmwrite() - a VMWRITE of L1 that exited (reason 25)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "VMWRITE": VMfailInvalid without a current VMCS, the
 * source operand (64 bits in 64-bit mode, else 32, zero-extended into a
 * wider field), VMfail(12) for a field L1 does not have, VMfail(13) for a
 * read-only field unless IA32_VMX_MISC bit 29 is offered; a "high"
 * encoding writes bits 63:32 and keeps 31:0.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmwrite(struct nvmx_vcpu *vcpu)
{
	u32 info = vmcs_read32(VMX_INSTRUCTION_INFO);
	const struct nvmx_nested_strategy *ops = nvmx_ops(vcpu);
	u64 field, val, old;
	bool high;
	int idx, ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	if (!vcpu->nested->cur_page) {
		nvmx_vmfail_invalid(vcpu);
		return 1;
	}
	ret = nvmx_vmwrite_value(vcpu, info, &val);
	if (ret)
		return ret;
	field = nvmx_insn_reg(vcpu, NVMX_II_REG2(info));
	idx = nvmx_insn_field(field, &high);
	if (idx < 0) {
		nvmx_nested_vmfail(vcpu, VMXERR_UNSUPPORTED_VMCS_COMPONENT);
		return 1;
	}
	if (NVMX_VMCS_TYPE(field) == NVMX_VMCS_TYPE_RO &&
	    !(nvmx_nested_caps.misc & BIT_ULL(29))) {
		nvmx_nested_vmfail(vcpu, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT);
		return 1;
	}
	if (high) {
		ret = ops->vmread(vcpu, idx, &old);
		if (ret < 0)
			return ret;
		val = (u32)old | val << 32;
	}
	ret = ops->vmwrite(vcpu, idx, val);
	if (ret < 0)
		return ret;
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/*
 * SDM Vol. 3C 31.3 "VMLAUNCH/VMRESUME": VMfailInvalid without a current
 * VMCS, VMfail(26) under MOV-SS blocking, VMfail(4)/(5) for the wrong
 * launch state; then the strategy checks and enters (1: L2 runs, the RIP
 * stays; 0: L1 got its VMfail or VM-entry-failure exit).
 */
static int nvmx_insn_launch(struct nvmx_vcpu *vcpu, bool launch)
{
	struct nvmx_vmcs12_page *p;
	int ret;

	if (!nvmx_insn_allowed(vcpu))
		return 1;
	p = vcpu->nested->cur_page;
	if (!p) {
		nvmx_vmfail_invalid(vcpu);
		return 1;
	}
	if (vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) &
	    GUEST_INTR_STATE_MOV_SS)
		ret = VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS;
	else if (launch && p->launched)
		ret = VMXERR_VMLAUNCH_NONCLEAR_VMCS;
	else if (!launch && !p->launched)
		ret = VMXERR_VMRESUME_NONLAUNCHED_VMCS;
	else
		ret = 0;
	if (ret) {
		nvmx_nested_vmfail(vcpu, ret);
		return 1;
	}
	ret = nvmx_ops(vcpu)->enter(vcpu, launch);
	return ret < 0 ? ret : 1;
}

/**
 * nvmx_nested_handle_vmlaunch() - VMLAUNCH of L1 (exit reason 20)
 * @vcpu: the vCPU
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmlaunch(struct nvmx_vcpu *vcpu)
{
	return nvmx_insn_launch(vcpu, true);
}

/**
 * nvmx_nested_handle_vmresume() - VMRESUME of L1 (exit reason 24)
 * @vcpu: the vCPU
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_vmresume(struct nvmx_vcpu *vcpu)
{
	return nvmx_insn_launch(vcpu, false);
}

/*
 * The INVEPT/INVVPID type (register operand) and descriptor (128-bit
 * memory operand).  Return: 0, 1 faulted, < 0 errno.
 */
static int nvmx_inv_desc(struct nvmx_vcpu *vcpu, u64 desc[2])
{
	return nvmx_insn_mem(vcpu, vmcs_read32(VMX_INSTRUCTION_INFO), desc,
			     2 * sizeof(u64), false);
}

static u64 nvmx_inv_type(struct nvmx_vcpu *vcpu)
{
	return nvmx_insn_reg(vcpu,
			     NVMX_II_REG2(vmcs_read32(VMX_INSTRUCTION_INFO)));
}

/*
 * An EPTP VM entry would accept (SDM Vol. 3C 27.2.1.1) with the
 * capabilities offered: memory type UC or WB as IA32_VMX_EPT_VPID_CAP
 * bits 8/14, a 4-level walk, accessed/dirty flags only if offered, bits
 * 11:7 and those at and above MAXPHYADDR clear.
 */
static bool nvmx_eptp_valid(struct nvmx_vcpu *vcpu, u64 eptp)
{
	u64 cap = nvmx_nested_caps.ept_vpid_cap;
	u64 mt = eptp & VMX_EPTP_MT_MASK;

	if (!((mt == MTRR_TYPE_UNCACHABLE && (cap & VMX_EPTP_UC_BIT)) ||
	      (mt == MTRR_TYPE_WRBACK && (cap & VMX_EPTP_WB_BIT))))
		return false;
	if ((eptp & VMX_EPTP_PWL_MASK) != VMX_EPTP_PWL_4)
		return false;
	if ((eptp & VMX_EPTP_AD_ENABLE_BIT) && !(cap & VMX_EPT_AD_BIT))
		return false;
	return !(eptp & NVMX_EPTP_RSVD_LOW) &&
	       !(eptp >> nvmx_guest_maxphyaddr(vcpu));
}

/**
 * nvmx_nested_handle_invept() - INVEPT of L1 (exit reason 50)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "INVEPT": #UD if INVEPT is not offered; VMfail(28) for
 * a type IA32_VMX_EPT_VPID_CAP does not offer (bits 25/26) or a
 * single-context EPTP VM entry would refuse; then nept invalidates.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_invept(struct nvmx_vcpu *vcpu)
{
	u64 cap = nvmx_nested_caps.ept_vpid_cap;
	u64 type, desc[2];
	int ret;

	if (!(cap & VMX_EPT_INVEPT_BIT))
		return nvmx_insn_fault(vcpu, X86_TRAP_UD);
	if (!nvmx_insn_allowed(vcpu))
		return 1;
	type = nvmx_inv_type(vcpu);
	if (type > VMX_EPT_EXTENT_GLOBAL ||
	    !(cap & BIT_ULL(VMX_EPT_EXTENT_SHIFT + type))) {
		nvmx_nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
		return 1;
	}
	ret = nvmx_inv_desc(vcpu, desc);
	if (ret)
		return ret;
	if (type == VMX_EPT_EXTENT_CONTEXT && !nvmx_eptp_valid(vcpu, desc[0])) {
		nvmx_nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
		return 1;
	}
	nvmx_nested_invept(vcpu, type, desc[0]);
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}

/* SDM Vol. 3C 31.3 "INVVPID": the descriptor checks of each type. */
static bool nvmx_invvpid_desc_ok(struct nvmx_vcpu *vcpu, u64 type,
				 const u64 desc[2])
{
	u8 bits = nvmx_read_cr4(vcpu) & X86_CR4_LA57 ? 57 : 48;

	if (desc[0] >> 16)
		return false;
	if (type == VMX_VPID_EXTENT_ALL_CONTEXT)
		return true;
	if (!desc[0])
		return false;
	return type != VMX_VPID_EXTENT_INDIVIDUAL_ADDR ||
	       __is_canonical_address(desc[1], bits);
}

/**
 * nvmx_nested_handle_invvpid() - INVVPID of L1 (exit reason 53)
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 31.3 "INVVPID": #UD if INVVPID is not offered; VMfail(28)
 * for a type not offered (IA32_VMX_EPT_VPID_CAP bits 43:40), descriptor
 * bits 63:16 set, VPID 0 (but for all-context) or a non-canonical address
 * (individual-address); then nept invalidates.
 *
 * Return: 1, or a negative errno.
 */
int nvmx_nested_handle_invvpid(struct nvmx_vcpu *vcpu)
{
	u64 cap = nvmx_nested_caps.ept_vpid_cap >> 32;
	u64 type, desc[2];
	int ret;

	if (!(cap & VMX_VPID_INVVPID_BIT))
		return nvmx_insn_fault(vcpu, X86_TRAP_UD);
	if (!nvmx_insn_allowed(vcpu))
		return 1;
	type = nvmx_inv_type(vcpu);
	if (type > VMX_VPID_EXTENT_SINGLE_NON_GLOBAL ||
	    !(cap & (VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT << type))) {
		nvmx_nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
		return 1;
	}
	ret = nvmx_inv_desc(vcpu, desc);
	if (ret)
		return ret;
	if (!nvmx_invvpid_desc_ok(vcpu, type, desc)) {
		nvmx_nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
		return 1;
	}
	nvmx_nested_invvpid(vcpu, type, desc[0], desc[1]);
	nvmx_nested_vmsucceed(vcpu);
	return 1;
}
