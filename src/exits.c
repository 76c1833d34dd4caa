// SPDX-License-Identifier: GPL-2.0
/*
 * VM-exit handlers (SDM Vol. 3D appendix C, basic exit reasons) and the
 * completion, on the next KVM_RUN, of exits that userspace served.
 *
 * Every handler follows one contract:
 *   > 0: resume the guest;
 *   0:   return to userspace with kvm_run filled;
 *   < 0: errno for KVM_RUN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kvm.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/traps.h>
#include <asm/vmx.h>
#include <uapi/asm/vmx.h>

#include "events.h"
#include "insn_decode.h"
#include "exits.h"
#include "nested/nested.h"
#include "regs.h"
#include "stats.h"
#include "vcpu.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/* Port I/O data lies in the kvm_run page, after struct kvm_run. */
#define NVMX_PIO_DATA_OFFSET	ALIGN(sizeof(struct kvm_run), 64)

/* SDM Vol. 3C 28.2.1 Table 28-5: exit qualification of I/O instructions. */
#define NVMX_IO_SIZE(q)		(((q) & 7) + 1)
#define NVMX_IO_IN		BIT(3)
#define NVMX_IO_STRING		BIT(4)
#define NVMX_IO_REP		BIT(5)
#define NVMX_IO_PORT(q)		(((q) >> 16) & 0xffff)

/* SDM Vol. 3C 28.2.1 Table 28-3: control-register accesses. */
#define NVMX_CR_NUM(q)		((q) & 15)
#define NVMX_CR_TYPE(q)		(((q) >> 4) & 3)
#define NVMX_CR_GPR(q)		(((q) >> 8) & 15)
#define NVMX_CR_LMSW_DATA(q)	(((q) >> 16) & 0xffff)
#define NVMX_CR_MOV_TO		0
#define NVMX_CR_MOV_FROM	1
#define NVMX_CR_CLTS		2
#define NVMX_CR_LMSW		3

/* SDM Vol. 3C 25.4.1 Table 25-2: the L bit of the CS access rights. */
#define NVMX_AR_L		BIT(13)
#define NVMX_AR_DB		BIT(14)
#define NVMX_AR_DPL(ar)		(((ar) >> 5) & 3)

/* Guest code size: 64 (IA-32e mode, CS.L), 32 (CS.D) or 16. */
static unsigned int nvmx_guest_mode(void)
{
	u32 cs_ar = vmcs_read32(GUEST_CS_AR_BYTES);

	if ((vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) && (cs_ar & NVMX_AR_L))
		return 64;
	return (cs_ar & NVMX_AR_DB) ? 32 : 16;
}

/* Advance RIP past the exiting instruction, as KVM's skip_emulated_instruction(). */
static void nvmx_skip_insn(struct nvmx_vcpu *vcpu, unsigned int len)
{
	u32 intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	vcpu->rip += len;
	if (nvmx_guest_mode() != 64)
		vcpu->rip = (u32)vcpu->rip;
	/* SDM Vol. 3C 25.4.2: the instruction ends STI/MOV SS blocking. */
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     intr & ~(GUEST_INTR_STATE_STI |
				      GUEST_INTR_STATE_MOV_SS));
}

/**
 * nvmx_skip_exit_insn() - skip the instruction that caused the exit
 * @vcpu: the vCPU, the exiting VMCS current
 *
 * VM_EXIT_INSTRUCTION_LEN bytes (SDM Vol. 3C 28.2.5), ending STI and
 * MOV-SS blocking.
 */
void nvmx_skip_exit_insn(struct nvmx_vcpu *vcpu)
{
	nvmx_skip_insn(vcpu, vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
}

/* Write a register of an @bytes wide operation (2, 4, 8), SDM Vol. 1 3.4.1.1. */
static void nvmx_reg_write_sized(struct nvmx_vcpu *vcpu, int reg, u64 val,
				 unsigned int bytes)
{
	if (bytes == 2)
		vcpu->regs[reg] = (vcpu->regs[reg] & ~0xffffull) | (val & 0xffff);
	else if (bytes == 4)
		vcpu->regs[reg] = (u32)val;
	else
		vcpu->regs[reg] = val;
}

static u64 nvmx_size_mask(unsigned int bytes)
{
	return bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
}

static void nvmx_paging_ctx(struct nvmx_paging_ctx *ctx)
{
	ctx->cr0 = vmcs_readl(GUEST_CR0);
	ctx->cr3 = vmcs_readl(GUEST_CR3);
	ctx->cr4 = vmcs_readl(GUEST_CR4);
	ctx->efer = vmcs_read64(GUEST_IA32_EFER);
}

/* Copy to or from guest linear memory, page by page. */
static int nvmx_linear_rw(struct nvmx_vcpu *vcpu, u64 gva, void *buf,
			  unsigned int len, u32 access)
{
	struct nvmx_paging_ctx ctx;
	u64 gpa;
	int ret;

	nvmx_paging_ctx(&ctx);
	if (NVMX_AR_DPL(vmcs_read32(GUEST_SS_AR_BYTES)) == 3)
		access |= X86_PF_USER;
	while (len) {
		unsigned int chunk = min_t(u64, len, PAGE_SIZE - offset_in_page(gva));

		/* L2's addresses go through L1's EPT to L1 GPAs. */
		if (nvmx_nested_guest_mode(vcpu))
			ret = nvmx_nested_gva_to_gpa(vcpu, &ctx, gva, access,
						     &gpa);
		else
			ret = nvmx_gva_to_gpa(vcpu->vm, &ctx, gva, access, &gpa);
		if (ret)
			return ret;
		if (access & X86_PF_WRITE)
			ret = nvmx_write_guest(vcpu->vm, gpa, buf, chunk);
		else
			ret = nvmx_read_guest(vcpu->vm, gpa, buf, chunk);
		if (ret)
			return ret;
		gva += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/* KVM's prepare_emulation_failure_exit(): the instruction bytes, if any. */
static int nvmx_emulation_failure(struct nvmx_vcpu *vcpu, const u8 *bytes,
				  unsigned int len)
{
	struct kvm_run *run = vcpu->run;

	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->emulation_failure.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->emulation_failure.ndata = 1;
	run->emulation_failure.flags = 0;
	if (len) {
		/* flags, insn_size and insn_bytes: three u64 slots. */
		run->emulation_failure.ndata = 3;
		run->emulation_failure.flags =
			KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES;
		run->emulation_failure.insn_size = len;
		memset(run->emulation_failure.insn_bytes, 0x90,
		       sizeof(run->emulation_failure.insn_bytes));
		memcpy(run->emulation_failure.insn_bytes, bytes, len);
	}
	return 0;
}

/* KVM's unexpected-exit report: the exit reason and the CPU. */
static int nvmx_unexpected_exit(struct nvmx_vcpu *vcpu, u32 reason)
{
	struct kvm_run *run = vcpu->run;

	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON;
	run->internal.ndata = 2;
	run->internal.data[0] = reason;
	run->internal.data[1] = vcpu->cpu;
	return 0;
}

static int nvmx_inject_gp(struct nvmx_vcpu *vcpu)
{
	nvmx_inject_exception(vcpu, X86_TRAP_GP, true, 0);
	return 1;
}

static int nvmx_inject_ud(struct nvmx_vcpu *vcpu)
{
	nvmx_inject_exception(vcpu, X86_TRAP_UD, false, 0);
	return 1;
}

/* SDM Vol. 3C 26.2: the external interrupt is taken once IRQs are on. */
static int nvmx_handle_external_interrupt(struct nvmx_vcpu *vcpu)
{
	return 1;
}

/* NMIs went to the host already; other vectors are not intercepted. */
static int nvmx_handle_exception_nmi(struct nvmx_vcpu *vcpu)
{
	u32 info = vmcs_read32(VM_EXIT_INTR_INFO);
	struct kvm_run *run = vcpu->run;

	if ((info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR)
		return 1;
	/* As KVM's handle_exception_nmi() for an exception it does not handle. */
	run->exit_reason = KVM_EXIT_EXCEPTION;
	run->ex.exception = info & INTR_INFO_VECTOR_MASK;
	run->ex.error_code = (info & INTR_INFO_DELIVER_CODE_MASK) ?
			     vmcs_read32(VM_EXIT_INTR_ERROR_CODE) : 0;
	return 0;
}

static int nvmx_handle_triple_fault(struct nvmx_vcpu *vcpu)
{
	vcpu->run->exit_reason = KVM_EXIT_SHUTDOWN;
	return 0;
}

/* The IF=0 backstop of run.c expired: back to the loop's checks. */
static int nvmx_handle_preemption_timer(struct nvmx_vcpu *vcpu)
{
	return 1;
}

/* KVM_INTERRUPT's vector is injected, or userspace's window opened: loop. */
static int nvmx_handle_interrupt_window(struct nvmx_vcpu *vcpu)
{
	return 1;
}

static int nvmx_handle_hlt(struct nvmx_vcpu *vcpu)
{
	/* As KVM without an in-kernel APIC: skip HLT, then KVM_EXIT_HLT. */
	nvmx_skip_exit_insn(vcpu);
	vcpu->run->exit_reason = KVM_EXIT_HLT;
	return 0;
}

static int nvmx_handle_cpuid(struct nvmx_vcpu *vcpu)
{
	int ret = nvmx_cpuid_exit(vcpu);

	if (ret < 0)
		return ret;
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

/* INVD, MWAIT and MONITOR execute as NOPs (KVM's default MWAIT quirk). */
static int nvmx_handle_nop(struct nvmx_vcpu *vcpu)
{
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

/* No vPMU: RDPMC faults as KVM's kvm_emulate_rdpmc() without counters. */
static int nvmx_handle_rdpmc(struct nvmx_vcpu *vcpu)
{
	return nvmx_inject_gp(vcpu);
}

/* No hypercalls: VMCALL (and VMFUNC, not offered to L1) are #UD. */
static int nvmx_handle_ud(struct nvmx_vcpu *vcpu)
{
	return nvmx_inject_ud(vcpu);
}

/* The MSRs run.c swaps while the guest runs. */
static bool nvmx_msr_is_swapped(u32 index)
{
	switch (index) {
	case MSR_STAR:
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_SYSCALL_MASK:
	case MSR_KERNEL_GS_BASE:
	case MSR_TSC_AUX:
		return true;
	default:
		return false;
	}
}

static void nvmx_msr_sync(struct nvmx_vcpu *vcpu, u32 index)
{
	if (index != MSR_KERNEL_GS_BASE)
		return;
	preempt_disable();
	nvmx_sync_guest_kernel_gs_base(vcpu);
	preempt_enable();
}

/* SDM Vol. 2B RDMSR: ECX selects, EDX:EAX receive (upper halves cleared). */
static int nvmx_handle_rdmsr(struct nvmx_vcpu *vcpu)
{
	u32 index = vcpu->regs[NVMX_REG_RCX];
	u64 data;
	int ret;

	nvmx_msr_sync(vcpu, index);
	ret = nvmx_msr_get(vcpu, index, &data, false);
	if (ret < 0)
		return ret;
	if (ret)
		return nvmx_inject_gp(vcpu);
	vcpu->regs[NVMX_REG_RAX] = (u32)data;
	vcpu->regs[NVMX_REG_RDX] = data >> 32;
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

static int nvmx_handle_wrmsr(struct nvmx_vcpu *vcpu)
{
	u32 index = vcpu->regs[NVMX_REG_RCX];
	u64 data = (u32)vcpu->regs[NVMX_REG_RAX] |
		   ((u64)(u32)vcpu->regs[NVMX_REG_RDX] << 32);
	int ret;

	nvmx_msr_sync(vcpu, index);
	ret = nvmx_msr_set(vcpu, index, data, false);
	if (ret < 0)
		return ret;
	if (ret)
		return nvmx_inject_gp(vcpu);
	/* Load the new guest value before the next entry. */
	if (nvmx_msr_is_swapped(index))
		vcpu->guest_msrs_loaded = false;
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

static int nvmx_handle_xsetbv(struct nvmx_vcpu *vcpu)
{
	u64 value = (u32)vcpu->regs[NVMX_REG_RAX] |
		    ((u64)(u32)vcpu->regs[NVMX_REG_RDX] << 32);
	int ret;

	ret = nvmx_xsetbv(vcpu, vcpu->regs[NVMX_REG_RCX], value);
	if (ret < 0)
		return ret;
	if (ret)
		return nvmx_inject_gp(vcpu);
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

/* MOV to CR8 without an in-kernel APIC, as KVM's handle_cr(). */
static int nvmx_set_cr8(struct nvmx_vcpu *vcpu, u64 val)
{
	u64 prev = vcpu->msrs.cr8;

	if (val & ~0xfull)
		return nvmx_inject_gp(vcpu);
	vcpu->msrs.cr8 = val;
	nvmx_skip_exit_insn(vcpu);
	if (prev <= val)
		return 1;
	vcpu->run->exit_reason = KVM_EXIT_SET_TPR;
	return 0;
}

/*
 * MOV to CR0/CR4 (and CLTS, LMSW) that changed a bit nvmx owns: state's
 * nvmx_set_cr0()/nvmx_set_cr4() check and load it (1: #GP, which leaves
 * RIP on the instruction).  CR3 only exits if the CPU forces CR3-load
 * exiting; EPT makes the guest's CR3 its own (SDM Vol. 3C 29.3).
 */
static int nvmx_mov_to_cr(struct nvmx_vcpu *vcpu, unsigned int cr, u64 val)
{
	int ret;

	if (nvmx_guest_mode() != 64)
		val = (u32)val;
	switch (cr) {
	case 0:
		ret = nvmx_set_cr0(vcpu, val);
		break;
	case 3:
		vmcs_writel(GUEST_CR3, val);
		ret = 0;
		break;
	case 4:
		ret = nvmx_set_cr4(vcpu, val);
		break;
	case 8:
		return nvmx_set_cr8(vcpu, val);
	default:
		return nvmx_unexpected_exit(vcpu, EXIT_REASON_CR_ACCESS);
	}
	if (ret)
		return nvmx_inject_gp(vcpu);
	nvmx_skip_exit_insn(vcpu);
	return 1;
}

static int nvmx_handle_cr(struct nvmx_vcpu *vcpu)
{
	unsigned long q = vmcs_readl(EXIT_QUALIFICATION);
	unsigned int cr = NVMX_CR_NUM(q);
	int gpr = NVMX_CR_GPR(q);
	unsigned long cr0;
	u64 val;

	switch (NVMX_CR_TYPE(q)) {
	case NVMX_CR_MOV_TO:
		return nvmx_mov_to_cr(vcpu, cr, vcpu->regs[gpr]);
	case NVMX_CR_MOV_FROM:
		if (cr == 3)
			val = vmcs_readl(GUEST_CR3);
		else if (cr == 8)
			val = vcpu->msrs.cr8;
		else
			return nvmx_unexpected_exit(vcpu, EXIT_REASON_CR_ACCESS);
		vcpu->regs[gpr] = nvmx_guest_mode() == 64 ? val : (u32)val;
		nvmx_skip_exit_insn(vcpu);
		return 1;
	case NVMX_CR_CLTS:
		cr0 = nvmx_read_cr0(vcpu) & ~X86_CR0_TS;
		return nvmx_mov_to_cr(vcpu, 0, cr0);
	default:
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM Vol. 2A LMSW). */
		cr0 = nvmx_read_cr0(vcpu);
		val = (cr0 & ~0xeul) | (NVMX_CR_LMSW_DATA(q) & 0xf);
		return nvmx_mov_to_cr(vcpu, 0, val);
	}
}

/* Where the next string element lies and how RSI/RDI move. */
static u64 nvmx_pio_elem_gva(const struct nvmx_pio *pio, unsigned int i)
{
	u64 step = (u64)i * pio->size;

	return pio->df ? pio->gva - step : pio->gva + step;
}

/* SDM Vol. 3D appendix C / 3C 28.2.5 Table 28-8: INS/OUTS address size. */
static unsigned int nvmx_string_addr_size(void)
{
	unsigned int mode;

	if (nvmx_basic_ins_outs(nvmx_vmx_caps.basic))
		return 2u << ((vmcs_read32(VMX_INSTRUCTION_INFO) >> 7) & 7);
	mode = nvmx_guest_mode();
	return mode / 8;
}

/* KVM's emulator reads ahead at most this much INS data per exit. */
#define NVMX_INS_READ_AHEAD	1024
static_assert(NVMX_PIO_DATA_OFFSET + NVMX_INS_READ_AHEAD <= PAGE_SIZE);

/*
 * INS/OUTS, REP or not, as KVM's emulator: OUTS hands userspace one
 * element per KVM_EXIT_IO (em_out()); INS asks for a batch of
 * min(RCX, bytes left in RDI's page, 1024 / size) elements, at least one
 * (pio_in_emulated()).  RSI/RDI/RCX move on completion; a REP form with
 * RCX still nonzero then runs again (RIP unchanged) and exits again.
 */
static int nvmx_handle_string_io(struct nvmx_vcpu *vcpu, bool in)
{
	struct nvmx_pio *pio = &vcpu->pio;
	u8 *data = (u8 *)vcpu->run + NVMX_PIO_DATA_OFFSET;
	u64 count = 1, in_page, rdi;

	pio->addr_size = nvmx_string_addr_size();
	pio->gva = vmcs_readl(GUEST_LINEAR_ADDRESS);
	pio->df = vcpu->rflags & X86_EFLAGS_DF;
	if (pio->rep) {
		count = vcpu->regs[NVMX_REG_RCX] & nvmx_size_mask(pio->addr_size);
		if (!count) {
			nvmx_skip_insn(vcpu, pio->insn_len);
			return 1;
		}
	}
	if (in) {
		rdi = vcpu->regs[NVMX_REG_RDI];
		in_page = pio->df ? offset_in_page(rdi) :
				    PAGE_SIZE - offset_in_page(rdi);
		count = min3(count, in_page, (u64)NVMX_INS_READ_AHEAD / pio->size);
		pio->count = max_t(u64, count, 1);
		vcpu->run->io.count = pio->count;
		return 0;
	}
	pio->count = 1;
	if (nvmx_linear_rw(vcpu, pio->gva, data, pio->size, 0))
		return nvmx_emulation_failure(vcpu, NULL, 0);
	return 0;
}

/* SDM Vol. 3C 26.1.3 / 28.2.1: IN, OUT, INS, OUTS -> KVM_EXIT_IO. */
static int nvmx_handle_io(struct nvmx_vcpu *vcpu)
{
	unsigned long q = vmcs_readl(EXIT_QUALIFICATION);
	struct nvmx_pio *pio = &vcpu->pio;
	struct kvm_run *run = vcpu->run;
	bool in = q & NVMX_IO_IN;

	memset(pio, 0, sizeof(*pio));
	pio->size = NVMX_IO_SIZE(q);
	pio->string = q & NVMX_IO_STRING;
	pio->rep = q & NVMX_IO_REP;
	pio->insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	pio->rip = vcpu->rip;
	pio->count = 1;

	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = in ? KVM_EXIT_IO_IN : KVM_EXIT_IO_OUT;
	run->io.size = pio->size;
	run->io.port = NVMX_IO_PORT(q);
	run->io.count = 1;
	run->io.data_offset = NVMX_PIO_DATA_OFFSET;
	vcpu->pending_io = in ? NVMX_IO_PIO_IN : NVMX_IO_PIO_OUT;

	if (pio->string)
		return nvmx_handle_string_io(vcpu, in);
	if (!in)
		memcpy((u8 *)run + NVMX_PIO_DATA_OFFSET,
		       &vcpu->regs[NVMX_REG_RAX], pio->size);
	return 0;
}

/* KVM_EXIT_IO done: IN data lands in RAX or memory; RIP moves on. */
static int nvmx_complete_pio(struct nvmx_vcpu *vcpu, bool in)
{
	struct nvmx_pio *pio = &vcpu->pio;
	u8 *data = (u8 *)vcpu->run + NVMX_PIO_DATA_OFFSET;
	unsigned int i;
	u64 val, rcx;
	int reg;

	if (!pio->string) {
		if (in) {
			/* SDM Vol. 2A IN: 8/16-bit keep the rest, 32-bit zero-extends. */
			val = pio->size < 4 ? vcpu->regs[NVMX_REG_RAX] : 0;
			memcpy(&val, data, pio->size);
			vcpu->regs[NVMX_REG_RAX] = val;
		}
		if (vcpu->rip == pio->rip)
			nvmx_skip_insn(vcpu, pio->insn_len);
		return 1;
	}
	if (in)
		for (i = 0; i < pio->count; i++)
			if (nvmx_linear_rw(vcpu, nvmx_pio_elem_gva(pio, i),
					   data + i * pio->size, pio->size,
					   X86_PF_WRITE))
				return nvmx_emulation_failure(vcpu, NULL, 0);
	/* SDM Vol. 2A INS/OUTS: RDI/RSI step by the size, per DF. */
	reg = in ? NVMX_REG_RDI : NVMX_REG_RSI;
	val = (u64)pio->count * pio->size;
	val = pio->df ? vcpu->regs[reg] - val : vcpu->regs[reg] + val;
	nvmx_reg_write_sized(vcpu, reg, val, pio->addr_size);
	rcx = 0;
	if (pio->rep) {
		rcx = (vcpu->regs[NVMX_REG_RCX] - pio->count) &
		      nvmx_size_mask(pio->addr_size);
		nvmx_reg_write_sized(vcpu, NVMX_REG_RCX, rcx, pio->addr_size);
	}
	if (!rcx && vcpu->rip == pio->rip)
		nvmx_skip_insn(vcpu, pio->insn_len);
	return 1;
}

/* Instruction bytes at CS:RIP, as many as readable up to 15. */
static unsigned int nvmx_fetch_insn(struct nvmx_vcpu *vcpu, u8 *bytes)
{
	u64 gva = vcpu->rip;
	unsigned int first;

	if (nvmx_guest_mode() != 64)
		gva = (u32)(gva + vmcs_readl(GUEST_CS_BASE));
	first = min_t(u64, 15, PAGE_SIZE - offset_in_page(gva));
	if (nvmx_linear_rw(vcpu, gva, bytes, first, X86_PF_INSTR))
		return 0;
	if (first < 15 &&
	    !nvmx_linear_rw(vcpu, gva + first, bytes + first, 15 - first,
			    X86_PF_INSTR))
		return 15;
	return first;
}

/**
 * nvmx_handle_mmio() - an access to a GPA without memory
 * @vcpu: the vCPU, right after the exit
 * @gpa: the (L1) guest-physical address
 *
 * Decodes the MOV at the guest's RIP and hands it to userspace as
 * KVM_EXIT_MMIO.  Also for L2's access to an L1 GPA without memory
 * through L1's EPT (src/nested/guest_mode.c).
 *
 * Return: the handler contract at the top of this file.
 */
int nvmx_handle_mmio(struct nvmx_vcpu *vcpu, u64 gpa)
{
	struct nvmx_mmio_insn *insn = &vcpu->mmio;
	struct kvm_run *run = vcpu->run;
	unsigned int len;
	u8 bytes[15];
	u64 val;

	/* KVM: MMIO hit while delivering an event cannot be emulated. */
	if (vcpu->inject_info) {
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
		run->internal.ndata = 2;
		run->internal.data[0] = vcpu->inject_info;
		run->internal.data[1] = gpa;
		return 0;
	}
	len = nvmx_fetch_insn(vcpu, bytes);
	if (!len || nvmx_decode_mmio(bytes, len, nvmx_guest_mode(), insn))
		return nvmx_emulation_failure(vcpu, bytes, len);

	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = gpa;
	run->mmio.len = insn->size;
	run->mmio.is_write = insn->write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (insn->write) {
		nvmx_mmio_write_value(insn, vcpu->regs, &val);
		memcpy(run->mmio.data, &val, insn->size);
		/* KVM's emulator commits a store (RIP) before the exit. */
		nvmx_skip_insn(vcpu, insn->len);
		vcpu->pending_io = NVMX_IO_MMIO_WRITE;
	} else {
		vcpu->mmio_rip = vcpu->rip;
		vcpu->pending_io = NVMX_IO_MMIO_READ;
	}
	return 0;
}

static int nvmx_complete_mmio_read(struct nvmx_vcpu *vcpu)
{
	u64 val = 0;

	memcpy(&val, vcpu->run->mmio.data, vcpu->mmio.size);
	if (vcpu->rip != vcpu->mmio_rip)
		return 1;
	nvmx_mmio_complete_read(&vcpu->mmio, vcpu->regs, val);
	nvmx_skip_insn(vcpu, vcpu->mmio.len);
	return 1;
}

/**
 * nvmx_complete_userspace_io() - finish the exit userspace just served
 * @vcpu: the vCPU, its VMCS reachable (in KVM_RUN)
 *
 * Return: > 0 to go on with KVM_RUN, 0 to return to userspace with
 * kvm_run filled (the completion itself failed), < 0 errno.
 */
int nvmx_complete_userspace_io(struct nvmx_vcpu *vcpu)
{
	enum nvmx_pending_io io = vcpu->pending_io;

	vcpu->pending_io = NVMX_IO_NONE;
	switch (io) {
	case NVMX_IO_PIO_IN:
		return nvmx_complete_pio(vcpu, true);
	case NVMX_IO_PIO_OUT:
		return nvmx_complete_pio(vcpu, false);
	case NVMX_IO_MMIO_READ:
		return nvmx_complete_mmio_read(vcpu);
	default:
		return 1;
	}
}

/* SDM Vol. 3C 29.3.3.2: a GPA without RAM (or read-only) is MMIO. */
static int nvmx_handle_ept_violation(struct nvmx_vcpu *vcpu)
{
	u64 gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	unsigned long q = vmcs_readl(EXIT_QUALIFICATION);
	int ret;

	ret = nvmx_mmu_ept_violation(vcpu->vm, gpa, q);
	if (ret)
		return ret;
	return nvmx_handle_mmio(vcpu, gpa);
}

static int nvmx_handle_ept_misconfig(struct nvmx_vcpu *vcpu)
{
	return nvmx_unexpected_exit(vcpu, EXIT_REASON_EPT_MISCONFIG);
}

typedef int (*nvmx_exit_handler_t)(struct nvmx_vcpu *vcpu);

static const nvmx_exit_handler_t nvmx_exit_handlers[] = {
	[EXIT_REASON_EXCEPTION_NMI] = nvmx_handle_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = nvmx_handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT] = nvmx_handle_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW] = nvmx_handle_interrupt_window,
	[EXIT_REASON_CPUID] = nvmx_handle_cpuid,
	[EXIT_REASON_HLT] = nvmx_handle_hlt,
	[EXIT_REASON_INVD] = nvmx_handle_nop,
	[EXIT_REASON_RDPMC] = nvmx_handle_rdpmc,
	[EXIT_REASON_VMCALL] = nvmx_handle_ud,
	[EXIT_REASON_VMCLEAR] = nvmx_nested_handle_vmclear,
	[EXIT_REASON_VMLAUNCH] = nvmx_nested_handle_vmlaunch,
	[EXIT_REASON_VMPTRLD] = nvmx_nested_handle_vmptrld,
	[EXIT_REASON_VMPTRST] = nvmx_nested_handle_vmptrst,
	[EXIT_REASON_VMREAD] = nvmx_nested_handle_vmread,
	[EXIT_REASON_VMRESUME] = nvmx_nested_handle_vmresume,
	[EXIT_REASON_VMWRITE] = nvmx_nested_handle_vmwrite,
	[EXIT_REASON_VMOFF] = nvmx_nested_handle_vmxoff,
	[EXIT_REASON_VMON] = nvmx_nested_handle_vmxon,
	[EXIT_REASON_CR_ACCESS] = nvmx_handle_cr,
	[EXIT_REASON_IO_INSTRUCTION] = nvmx_handle_io,
	[EXIT_REASON_MSR_READ] = nvmx_handle_rdmsr,
	[EXIT_REASON_MSR_WRITE] = nvmx_handle_wrmsr,
	[EXIT_REASON_MWAIT_INSTRUCTION] = nvmx_handle_nop,
	[EXIT_REASON_MONITOR_INSTRUCTION] = nvmx_handle_nop,
	[EXIT_REASON_EPT_VIOLATION] = nvmx_handle_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = nvmx_handle_ept_misconfig,
	[EXIT_REASON_INVEPT] = nvmx_nested_handle_invept,
	[EXIT_REASON_INVVPID] = nvmx_nested_handle_invvpid,
	[EXIT_REASON_PREEMPTION_TIMER] = nvmx_handle_preemption_timer,
	[EXIT_REASON_XSETBV] = nvmx_handle_xsetbv,
	[EXIT_REASON_VMFUNC] = nvmx_handle_ud,
};

/* KVM_EXIT_FAIL_ENTRY with the hardware reason, and the VMCS in the log. */
static int nvmx_fail_entry(struct nvmx_vcpu *vcpu, u64 hw_reason)
{
	struct kvm_run *run = vcpu->run;

	run->exit_reason = KVM_EXIT_FAIL_ENTRY;
	run->fail_entry.hardware_entry_failure_reason = hw_reason;
	run->fail_entry.cpu = vcpu->cpu;
	pr_err_ratelimited("vcpu %d: VM entry failed, reason 0x%llx\n",
			   vcpu->id, hw_reason);
	preempt_disable();
	nvmx_vcpu_activate(vcpu);
	nvmx_vmcs_dump();
	preempt_enable();
	return 0;
}

/**
 * nvmx_handle_l0_exit() - L0's own handling of a VM exit
 * @vcpu: the vCPU, right after the exit
 * @reason: the exit reason (SDM Vol. 3C 25.9.1)
 *
 * Picks up an event whose delivery the exit interrupted, then runs the
 * handler of the basic reason.  Used for L1's exits and for the L2 exits
 * that L0 handles without L1 (src/nested/guest_mode.c).
 *
 * Return: the handler contract at the top of this file.
 */
int nvmx_handle_l0_exit(struct nvmx_vcpu *vcpu, u32 reason)
{
	u16 basic = reason;

	nvmx_events_after_exit(vcpu);
	if (basic < ARRAY_SIZE(nvmx_exit_handlers) && nvmx_exit_handlers[basic])
		return nvmx_exit_handlers[basic](vcpu);
	return nvmx_unexpected_exit(vcpu, reason);
}

/**
 * nvmx_handle_exit() - dispatch a VM exit
 * @vcpu: the vCPU, right after nvmx_vmenter() returned
 * @vmfail: nvmx_vmenter()'s return value (1: VMLAUNCH/VMRESUME VMfail)
 * @reason: the exit reason (SDM Vol. 3C 25.9.1), if !@vmfail
 *
 * VMfail reports the VM-instruction error (SDM Vol. 3C 31.4) and a failed
 * VM entry (exit reason bit 31, SDM Vol. 3C 27.8) the full exit reason as
 * KVM_EXIT_FAIL_ENTRY's hardware_entry_failure_reason, as KVM does.
 * While L2 runs, every exit and failed entry goes to
 * nvmx_nested_handle_exit() / nvmx_nested_entry_vmfail() instead: L1
 * gets the failures, never the host.
 *
 * Return: the handler contract at the top of this file.
 */
int nvmx_handle_exit(struct nvmx_vcpu *vcpu, int vmfail, u32 reason)
{
	u16 basic = reason;

	if (vmfail && nvmx_nested_guest_mode(vcpu))
		return nvmx_nested_entry_vmfail(vcpu,
						vmcs_read32(VM_INSTRUCTION_ERROR));
	if (vmfail)
		return nvmx_fail_entry(vcpu, vmcs_read32(VM_INSTRUCTION_ERROR));
	nvmx_stats_count(vcpu, basic);
	if (nvmx_nested_guest_mode(vcpu))
		return nvmx_nested_handle_exit(vcpu, reason);
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return nvmx_fail_entry(vcpu, reason);
	return nvmx_handle_l0_exit(vcpu, reason);
}
