/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure rules: the checks L0 makes before every L2 entry for L1.
 *
 * Under the shared strategy L0 writes its own host state over L1's, ORs
 * its must-have controls into L1's, substitutes the EPTP, VPID, bitmap
 * addresses, MSR-list counts and VMCS link pointer, and forces "load
 * IA32_EFER" and "load IA32_PAT" on entry.  The hardware then checks L0's
 * values, not L1's, so every check whose outcome those substitutions
 * could change is made here, over the vmcs12 snapshot, against the
 * capability MSRs L1 was given (struct nvmx_nested_caps), in the SDM's
 * order: SDM Vol. 3C 27.2 controls and host state, then 27.3 guest state.
 * 27.4 (MSR loading) happens after the guest state is loaded, entry by
 * entry: its rule, nvmx_entry_msr_ok(), is for the caller's load.  Each
 * check has an id (enum nvmx_nested_check, <linux/nvmx_nested_checks.h>);
 * the id decides how the failure reaches L1: VMfailValid 7 or 8, or a
 * VM-entry-failure exit with reason 33 or 34 (nvmx_entry_fail()).
 *
 * nvmx's own rules, stricter than the SDM where the SDM leaves the
 * outcome to the implementation, are marked "nvmx:" below: every address
 * L0 follows on L1's behalf must lie in L1's memory slots (the hardware
 * would read whatever host page L0's EPT maps there, or fault), writable
 * ones for the MSR list VM exits store into, and the MSR lists may not
 * exceed the recommended maximum of IA32_VMX_MISC (SDM Vol. 3D A.6:
 * "undefined processor behavior" beyond it), because L0 walks them in
 * software.
 *
 * No kernel dependency beyond u32, u64, s64, bool, BIT(), BIT_ULL(),
 * ARRAY_SIZE(), the VMX encodings of asm/vmx.h, asm/msr-index.h and
 * asm/processor-flags.h, and the types of nested.h (struct
 * nvmx_nested_caps, struct nvmx_check_failure), which selftests/unit/
 * supplies (selftests/unit/nested_shim.h) to test this very header in
 * userspace.
 */
#ifndef NVMX_NESTED_ENTRY_CHECKS_H
#define NVMX_NESTED_ENTRY_CHECKS_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "nested.h"
#endif
#include <linux/nvmx.h>

#include "../state_rules.h"
#include "../vmx_caps_decode.h"
#include "vmcs12.h"

/**
 * struct nvmx_entry_ctx - what the checks need beyond vmcs12 and the caps
 * @maxphyaddr: L1's physical-address width (CPUID.80000008H:EAX[7:0])
 * @va_bits: L1's linear-address width for canonical checks (48, or 57
 *           with LA57)
 * @l1_lma: L1's IA32_EFER.LMA when it executed VMLAUNCH/VMRESUME
 * @efer_ok: IA32_EFER bits L1 may set (per its CPUID); the rest reserved
 * @debugctl_ok: IA32_DEBUGCTL bits L1 may set; the rest reserved
 * @rtm: L1's CPUID has RTM (pending-debug bit 16, SDM Vol. 3C 27.3.1.5)
 * @vmcs12_ptr: L1's current-VMCS pointer (the vmcs12 being entered)
 * @in_mem: is [@gpa, @gpa + @len) inside L1's memory slots (writable ones
 *          if @write)?
 * @read: copy @len bytes of L1 memory at @gpa; 0 or -errno
 * @opaque: first argument of @in_mem and @read
 */
struct nvmx_entry_ctx {
	unsigned int maxphyaddr;
	unsigned int va_bits;
	bool l1_lma;
	u64 efer_ok;
	u64 debugctl_ok;
	bool rtm;
	u64 vmcs12_ptr;
	bool (*in_mem)(void *opaque, u64 gpa, u64 len, bool write);
	int (*read)(void *opaque, u64 gpa, void *buf, unsigned int len);
	void *opaque;
};

/**
 * struct nvmx_entry_in - one entry attempt: snapshot, caps and context
 * @v: L1's vmcs12
 * @caps: the VMX capability MSRs L1 was given
 * @ctx: the rest
 */
struct nvmx_entry_in {
	const struct nvmx_vmcs12 *v;
	const struct nvmx_nested_caps *caps;
	const struct nvmx_entry_ctx *ctx;
};

/* A group of checks found nothing wrong (ids are below, -errno above). */
#define NVMX_NCHK_OK	NVMX_NR_NESTED_CHECKS

#define NVMX_EV(e, name)	nvmx_vmcs12_get((e)->v, name)

/* SDM Vol. 3D A.1: IA32_VMX_BASIC[56], no error-code consistency rule. */
#define NVMX_BASIC_NO_ERRCODE_RULE	BIT_ULL(56)
/* SDM Vol. 3A 6.15 Table 6-1: exceptions with an error code (KVM's set). */
#define NVMX_EXC_ERRCODE_VECTORS \
	(BIT(8) | BIT(10) | BIT(11) | BIT(12) | BIT(13) | BIT(14) | BIT(17) | \
	 BIT(21))

static inline bool nvmx_nchk_canonical(u64 addr, unsigned int bits)
{
	unsigned int sh = 64 - bits;

	return (u64)((s64)(addr << sh) >> sh) == addr;
}

/* Bits at or above MAXPHYADDR set (SDM Vol. 3C 27.2.1.1 "beyond ..."). */
static inline bool nvmx_nchk_beyond(const struct nvmx_entry_in *e, u64 pa)
{
	return pa >> e->ctx->maxphyaddr;
}

static inline u32 nvmx_ec_pin(const struct nvmx_entry_in *e)
{
	return NVMX_EV(e, PIN_BASED_VM_EXEC_CONTROL);
}

static inline u32 nvmx_ec_proc(const struct nvmx_entry_in *e)
{
	return NVMX_EV(e, CPU_BASED_VM_EXEC_CONTROL);
}

/* SDM Vol. 3C 25.6.2: secondary controls count as 0 unless activated. */
static inline u32 nvmx_ec_proc2(const struct nvmx_entry_in *e)
{
	if (!(nvmx_ec_proc(e) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		return 0;
	return NVMX_EV(e, SECONDARY_VM_EXEC_CONTROL);
}

static inline u32 nvmx_ec_exit(const struct nvmx_entry_in *e)
{
	return NVMX_EV(e, VM_EXIT_CONTROLS);
}

static inline u32 nvmx_ec_entry(const struct nvmx_entry_in *e)
{
	return NVMX_EV(e, VM_ENTRY_CONTROLS);
}

/**
 * nvmx_entry_msr_list_max() - recommended maximum length of an MSR list
 * @caps: the capability MSRs given to L1
 *
 * SDM Vol. 3D A.6: IA32_VMX_MISC[27:25] = N gives 512 * (N + 1) entries.
 * nvmx refuses longer lists: NVMX_NCHK_EXIT_MSR_COUNT at entry for the
 * exit lists, NVMX_NCHK_ENTRY_MSR_COUNT at the first entry beyond it for
 * the entry list (as KVM).
 *
 * Return: the number of entries.
 */
static inline u64 nvmx_entry_msr_list_max(const struct nvmx_nested_caps *caps)
{
	return 512 * (((caps->misc >> 25) & 7) + 1);
}

/*
 * A 4-KByte structure L0 reads for L1 (I/O bitmap, MSR bitmap):
 * SDM Vol. 3C 27.2.1.1 bits 11:0 zero and no bit beyond MAXPHYADDR;
 * nvmx: the page inside L1's memory.
 */
static inline int nvmx_ec_page(const struct nvmx_entry_in *e, u64 pa,
			       int addr_id, int mem_id)
{
	if ((pa & 0xfff) || nvmx_nchk_beyond(e, pa))
		return addr_id;
	if (!e->ctx->in_mem(e->ctx->opaque, pa, 4096, false))
		return mem_id;
	return NVMX_NCHK_OK;
}

/*
 * An MSR list of @count 16-byte entries at @pa: SDM Vol. 3C 27.2.1.2 and
 * 27.2.1.3, bits 3:0 zero and the last byte within MAXPHYADDR; nvmx: the
 * list inside L1's memory, writable memory for the list VM exits store
 * into (@write), since L0 writes it on L1's behalf.
 */
static inline int nvmx_ec_msr_list(const struct nvmx_entry_in *e, u64 pa,
				   u64 count, bool write, int addr_id,
				   int mem_id)
{
	if (!count)
		return NVMX_NCHK_OK;
	if ((pa & 0xf) || nvmx_nchk_beyond(e, pa) ||
	    nvmx_nchk_beyond(e, pa + count * 16 - 1))
		return addr_id;
	if (!e->ctx->in_mem(e->ctx->opaque, pa, count * 16, write))
		return mem_id;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.1, EPTP per 25.6.11 and IA32_VMX_EPT_VPID_CAP (A.10). */
static inline int nvmx_ec_eptp(const struct nvmx_entry_in *e)
{
	u64 eptp = NVMX_EV(e, EPT_POINTER);
	u64 cap = e->caps->ept_vpid_cap;
	u64 mt = eptp & VMX_EPTP_MT_MASK;
	u64 pwl = eptp & VMX_EPTP_PWL_MASK;

	if (!(mt == VMX_EPTP_MT_UC && (cap & VMX_EPTP_UC_BIT)) &&
	    !(mt == VMX_EPTP_MT_WB && (cap & VMX_EPTP_WB_BIT)))
		return NVMX_NCHK_EPTP_MEMTYPE;
	if (pwl != VMX_EPTP_PWL_4 &&
	    !(pwl == VMX_EPTP_PWL_5 && (cap & VMX_EPT_PAGE_WALK_5_BIT)))
		return NVMX_NCHK_EPTP_WALK;
	if ((eptp & VMX_EPTP_AD_ENABLE_BIT) && !(cap & VMX_EPT_AD_BIT))
		return NVMX_NCHK_EPTP_AD;
	/* Bits 11:7 reserved (no supervisor shadow-stack control offered). */
	if (((eptp >> 7) & 0x1f) || nvmx_nchk_beyond(e, eptp))
		return NVMX_NCHK_EPTP_RSVD;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.1: the three sets of VM-execution controls. */
static inline int nvmx_ec_exec_ctls(const struct nvmx_entry_in *e)
{
	const struct nvmx_nested_caps *c = e->caps;
	bool tru = nvmx_basic_true_ctls(c->basic);
	u32 proc = nvmx_ec_proc(e);

	if (!nvmx_ctl_valid(tru ? c->true_pinbased : c->pinbased,
			    nvmx_ec_pin(e)))
		return NVMX_NCHK_PIN_CTLS;
	if (!nvmx_ctl_valid(tru ? c->true_procbased : c->procbased, proc))
		return NVMX_NCHK_PROC_CTLS;
	if ((proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	    !nvmx_ctl_valid(c->procbased2, NVMX_EV(e, SECONDARY_VM_EXEC_CONTROL)))
		return NVMX_NCHK_PROC2_CTLS;
	/* IA32_VMX_MISC[24:16], SDM Vol. 3D A.6. */
	if (NVMX_EV(e, CR3_TARGET_COUNT) > ((c->misc >> 16) & 0x1ff))
		return NVMX_NCHK_CR3_TARGET_COUNT;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.1: the bitmap addresses. */
static inline int nvmx_ec_bitmaps(const struct nvmx_entry_in *e)
{
	u32 proc = nvmx_ec_proc(e);
	int id;

	if (proc & CPU_BASED_USE_IO_BITMAPS) {
		id = nvmx_ec_page(e, NVMX_EV(e, IO_BITMAP_A),
				  NVMX_NCHK_IO_BITMAP_ADDR,
				  NVMX_NCHK_IO_BITMAP_MEM);
		if (id != NVMX_NCHK_OK)
			return id;
		id = nvmx_ec_page(e, NVMX_EV(e, IO_BITMAP_B),
				  NVMX_NCHK_IO_BITMAP_ADDR,
				  NVMX_NCHK_IO_BITMAP_MEM);
		if (id != NVMX_NCHK_OK)
			return id;
	}
	if (proc & CPU_BASED_USE_MSR_BITMAPS)
		return nvmx_ec_page(e, NVMX_EV(e, MSR_BITMAP),
				    NVMX_NCHK_MSR_BITMAP_ADDR,
				    NVMX_NCHK_MSR_BITMAP_MEM);
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.1: NMI controls, VPID, EPT, unrestricted guest. */
static inline int nvmx_ec_exec_rules(const struct nvmx_entry_in *e)
{
	u32 pin = nvmx_ec_pin(e), proc2 = nvmx_ec_proc2(e);

	if (!(pin & PIN_BASED_NMI_EXITING) && (pin & PIN_BASED_VIRTUAL_NMIS))
		return NVMX_NCHK_VIRTUAL_NMIS;
	if (!(pin & PIN_BASED_VIRTUAL_NMIS) &&
	    (nvmx_ec_proc(e) & CPU_BASED_NMI_WINDOW_EXITING))
		return NVMX_NCHK_NMI_WINDOW;
	if ((proc2 & SECONDARY_EXEC_ENABLE_VPID) &&
	    !NVMX_EV(e, VIRTUAL_PROCESSOR_ID))
		return NVMX_NCHK_VPID_ZERO;
	if (proc2 & SECONDARY_EXEC_ENABLE_EPT) {
		int id = nvmx_ec_eptp(e);

		if (id != NVMX_NCHK_OK)
			return id;
	}
	if ((proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST) &&
	    !(proc2 & SECONDARY_EXEC_ENABLE_EPT))
		return NVMX_NCHK_UG_NEEDS_EPT;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.2: VM-exit controls and the exit MSR lists. */
static inline int nvmx_ec_exit_ctls(const struct nvmx_entry_in *e)
{
	const struct nvmx_nested_caps *c = e->caps;
	u64 max = nvmx_entry_msr_list_max(c);
	u32 exit = nvmx_ec_exit(e);
	int id;

	if (!nvmx_ctl_valid(nvmx_basic_true_ctls(c->basic) ? c->true_exit :
			    c->exit, exit))
		return NVMX_NCHK_EXIT_CTLS;
	if ((exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER) &&
	    !(nvmx_ec_pin(e) & PIN_BASED_VMX_PREEMPTION_TIMER))
		return NVMX_NCHK_PREEMPT_SAVE;
	id = nvmx_ec_msr_list(e, NVMX_EV(e, VM_EXIT_MSR_STORE_ADDR),
			      NVMX_EV(e, VM_EXIT_MSR_STORE_COUNT), true,
			      NVMX_NCHK_EXIT_MSR_STORE_ADDR,
			      NVMX_NCHK_EXIT_MSR_MEM);
	if (id != NVMX_NCHK_OK)
		return id;
	id = nvmx_ec_msr_list(e, NVMX_EV(e, VM_EXIT_MSR_LOAD_ADDR),
			      NVMX_EV(e, VM_EXIT_MSR_LOAD_COUNT), false,
			      NVMX_NCHK_EXIT_MSR_LOAD_ADDR,
			      NVMX_NCHK_EXIT_MSR_MEM);
	if (id != NVMX_NCHK_OK)
		return id;
	/* nvmx: SDM Vol. 3D A.6 leaves longer lists undefined. */
	if (NVMX_EV(e, VM_EXIT_MSR_STORE_COUNT) > max ||
	    NVMX_EV(e, VM_EXIT_MSR_LOAD_COUNT) > max)
		return NVMX_NCHK_EXIT_MSR_COUNT;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.3: interruption type and vector of an injected event. */
static inline int nvmx_ec_event_type(const struct nvmx_entry_in *e, u32 info)
{
	u32 type = info & INTR_INFO_INTR_TYPE_MASK;
	u32 vector = info & INTR_INFO_VECTOR_MASK;
	const struct nvmx_nested_caps *c = e->caps;
	u64 proc_cap = nvmx_basic_true_ctls(c->basic) ? c->true_procbased :
							c->procbased;

	if (type == INTR_TYPE_RESERVED)
		return NVMX_NCHK_EVENT_TYPE;
	/* Other event (pending MTF) needs "monitor trap flag" support. */
	if (type == INTR_TYPE_OTHER_EVENT &&
	    !(nvmx_ctl_allowed1(proc_cap) & CPU_BASED_MONITOR_TRAP_FLAG))
		return NVMX_NCHK_EVENT_TYPE;
	if ((type == INTR_TYPE_NMI_INTR && vector != 2) ||
	    (type == INTR_TYPE_HARD_EXCEPTION && vector > 31) ||
	    (type == INTR_TYPE_OTHER_EVENT && vector))
		return NVMX_NCHK_EVENT_VECTOR;
	return NVMX_NCHK_OK;
}

/*
 * SDM Vol. 3C 27.2.1.3: deliver-error-code is 1 exactly for a hardware
 * exception that pushes one, delivered in protected mode (CR0.PE, which
 * is 1 unless "unrestricted guest"); with IA32_VMX_BASIC[56] only the
 * "0 unless hardware exception in protected mode" half remains.
 */
static inline int nvmx_ec_event_errcode(const struct nvmx_entry_in *e,
					u32 info)
{
	bool hw = (info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_HARD_EXCEPTION;
	bool has = info & INTR_INFO_DELIVER_CODE_MASK;
	bool pm = !(nvmx_ec_proc2(e) & SECONDARY_EXEC_UNRESTRICTED_GUEST) ||
		  (NVMX_EV(e, GUEST_CR0) & X86_CR0_PE);
	u32 vec = info & INTR_INFO_VECTOR_MASK;
	bool should = hw && pm && vec < 32 &&
		      ((NVMX_EXC_ERRCODE_VECTORS >> vec) & 1);

	if (e->caps->basic & NVMX_BASIC_NO_ERRCODE_RULE)
		return has && !(hw && pm) ? NVMX_NCHK_EVENT_ERRCODE :
					    NVMX_NCHK_OK;
	return has != should ? NVMX_NCHK_EVENT_ERRCODE : NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.3: the VM-entry interruption-information field. */
static inline int nvmx_ec_event(const struct nvmx_entry_in *e)
{
	u32 info = NVMX_EV(e, VM_ENTRY_INTR_INFO_FIELD);
	u32 type = info & INTR_INFO_INTR_TYPE_MASK;
	u64 len = NVMX_EV(e, VM_ENTRY_INSTRUCTION_LEN);
	int id;

	if (!(info & INTR_INFO_VALID_MASK))
		return NVMX_NCHK_OK;
	id = nvmx_ec_event_type(e, info);
	if (id == NVMX_NCHK_OK)
		id = nvmx_ec_event_errcode(e, info);
	if (id != NVMX_NCHK_OK)
		return id;
	if ((info & INTR_INFO_RESVD_BITS_MASK) ||
	    ((info & INTR_INFO_DELIVER_CODE_MASK) &&
	     (NVMX_EV(e, VM_ENTRY_EXCEPTION_ERROR_CODE) & 0xffff0000u)))
		return NVMX_NCHK_EVENT_RSVD;
	/* Software interrupt, privileged or plain software exception. */
	if ((type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	     type == INTR_TYPE_PRIV_SW_EXCEPTION) &&
	    (len > 15 || (!len && !(e->caps->misc & VMX_MISC_ZERO_LEN_INS))))
		return NVMX_NCHK_EVENT_INSN_LEN;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.1.3: VM-entry controls, event, entry MSR-load list. */
static inline int nvmx_ec_entry_ctls(const struct nvmx_entry_in *e)
{
	const struct nvmx_nested_caps *c = e->caps;
	u32 entry = nvmx_ec_entry(e);
	int id;

	if (!nvmx_ctl_valid(nvmx_basic_true_ctls(c->basic) ? c->true_entry :
			    c->entry, entry))
		return NVMX_NCHK_ENTRY_CTLS;
	/* L1 is never in SMM: both must be 0 outside SMM. */
	if (entry & (VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR))
		return NVMX_NCHK_ENTRY_SMM;
	id = nvmx_ec_event(e);
	if (id != NVMX_NCHK_OK)
		return id;
	return nvmx_ec_msr_list(e, NVMX_EV(e, VM_ENTRY_MSR_LOAD_ADDR),
				NVMX_EV(e, VM_ENTRY_MSR_LOAD_COUNT), false,
				NVMX_NCHK_ENTRY_MSR_LOAD_ADDR,
				NVMX_NCHK_ENTRY_MSR_MEM);
}

/* SDM Vol. 3C 27.2.2: host control registers and MSRs. */
static inline int nvmx_ec_host_regs(const struct nvmx_entry_in *e)
{
	const struct nvmx_nested_caps *c = e->caps;
	bool as64 = nvmx_ec_exit(e) & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	unsigned int vab = e->ctx->va_bits;
	u64 efer = NVMX_EV(e, HOST_IA32_EFER);

	if (!nvmx_cr_fixed_valid(NVMX_EV(e, HOST_CR0), c->cr0_fixed0,
				 c->cr0_fixed1))
		return NVMX_NCHK_HOST_CR0;
	if (!nvmx_cr_fixed_valid(NVMX_EV(e, HOST_CR4), c->cr4_fixed0,
				 c->cr4_fixed1))
		return NVMX_NCHK_HOST_CR4;
	if (nvmx_nchk_beyond(e, NVMX_EV(e, HOST_CR3)))
		return NVMX_NCHK_HOST_CR3;
	if (!nvmx_nchk_canonical(NVMX_EV(e, HOST_IA32_SYSENTER_ESP), vab) ||
	    !nvmx_nchk_canonical(NVMX_EV(e, HOST_IA32_SYSENTER_EIP), vab))
		return NVMX_NCHK_HOST_SYSENTER;
	if ((nvmx_ec_exit(e) & VM_EXIT_LOAD_IA32_PAT) &&
	    !nvmx_pat_valid(NVMX_EV(e, HOST_IA32_PAT)))
		return NVMX_NCHK_HOST_PAT;
	if ((nvmx_ec_exit(e) & VM_EXIT_LOAD_IA32_EFER) &&
	    ((efer & ~e->ctx->efer_ok) || !(efer & EFER_LMA) != !as64 ||
	     !(efer & EFER_LME) != !as64))
		return NVMX_NCHK_HOST_EFER;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.3: host segment and descriptor-table registers. */
static inline int nvmx_ec_host_segs(const struct nvmx_entry_in *e)
{
	u64 sel = NVMX_EV(e, HOST_ES_SELECTOR) | NVMX_EV(e, HOST_CS_SELECTOR) |
		  NVMX_EV(e, HOST_SS_SELECTOR) | NVMX_EV(e, HOST_DS_SELECTOR) |
		  NVMX_EV(e, HOST_FS_SELECTOR) | NVMX_EV(e, HOST_GS_SELECTOR) |
		  NVMX_EV(e, HOST_TR_SELECTOR);
	unsigned int vab = e->ctx->va_bits;

	if (sel & 7)	/* RPL (bits 1:0) and TI (bit 2) */
		return NVMX_NCHK_HOST_SEL;
	if (!NVMX_EV(e, HOST_CS_SELECTOR) || !NVMX_EV(e, HOST_TR_SELECTOR))
		return NVMX_NCHK_HOST_CS_TR;
	if (!NVMX_EV(e, HOST_SS_SELECTOR) &&
	    !(nvmx_ec_exit(e) & VM_EXIT_HOST_ADDR_SPACE_SIZE))
		return NVMX_NCHK_HOST_SS;
	if (!nvmx_nchk_canonical(NVMX_EV(e, HOST_FS_BASE), vab) ||
	    !nvmx_nchk_canonical(NVMX_EV(e, HOST_GS_BASE), vab) ||
	    !nvmx_nchk_canonical(NVMX_EV(e, HOST_GDTR_BASE), vab) ||
	    !nvmx_nchk_canonical(NVMX_EV(e, HOST_IDTR_BASE), vab) ||
	    !nvmx_nchk_canonical(NVMX_EV(e, HOST_TR_BASE), vab))
		return NVMX_NCHK_HOST_BASES;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.2.4: checks related to address-space size. */
static inline int nvmx_ec_host_as(const struct nvmx_entry_in *e)
{
	bool as64 = nvmx_ec_exit(e) & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	bool ia32e = nvmx_ec_entry(e) & VM_ENTRY_IA32E_MODE;
	u64 cr4 = NVMX_EV(e, HOST_CR4), rip = NVMX_EV(e, HOST_RIP);

	/* Outside IA-32e mode the IA-32e-mode-guest rule is HOST_AS32's. */
	if (e->ctx->l1_lma != as64)
		return NVMX_NCHK_HOST_ADDR_SIZE;
	if (!as64 && (ia32e || (cr4 & X86_CR4_PCIDE) || (rip >> 32)))
		return NVMX_NCHK_HOST_AS32;
	if (as64 && (!(cr4 & X86_CR4_PAE) ||
		     !nvmx_nchk_canonical(rip, e->ctx->va_bits)))
		return NVMX_NCHK_HOST_AS64;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.3.1.1: CR0, CR3, CR4 and IA-32e mode. */
static inline int nvmx_ec_guest_crs(const struct nvmx_entry_in *e)
{
	const struct nvmx_nested_caps *c = e->caps;
	u64 cr0 = NVMX_EV(e, GUEST_CR0), cr4 = NVMX_EV(e, GUEST_CR4);
	bool ia32e = nvmx_ec_entry(e) & VM_ENTRY_IA32E_MODE;
	u64 fixed0 = c->cr0_fixed0;

	/*
	 * Unrestricted guest lifts the PE and PG fixed-1 rules; CD and NW
	 * are never checked (VM entry does not change them, 27.3.2.1).
	 */
	if (nvmx_ec_proc2(e) & SECONDARY_EXEC_UNRESTRICTED_GUEST)
		fixed0 &= ~(u64)(X86_CR0_PE | X86_CR0_PG);
	fixed0 &= ~(u64)(X86_CR0_CD | X86_CR0_NW);
	if (!nvmx_cr_fixed_valid(cr0 & ~(u64)(X86_CR0_CD | X86_CR0_NW), fixed0,
				 c->cr0_fixed1) ||
	    ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE)))
		return NVMX_NCHK_GUEST_CR0;
	if (!nvmx_cr_fixed_valid(cr4, c->cr4_fixed0, c->cr4_fixed1))
		return NVMX_NCHK_GUEST_CR4;
	if (nvmx_nchk_beyond(e, NVMX_EV(e, GUEST_CR3)))
		return NVMX_NCHK_GUEST_CR3;
	if (ia32e ? !(cr0 & X86_CR0_PG) || !(cr4 & X86_CR4_PAE) :
		    !!(cr4 & X86_CR4_PCIDE))
		return NVMX_NCHK_GUEST_IA32E;
	return NVMX_NCHK_OK;
}

/* SDM Vol. 3C 27.3.1.1: DEBUGCTL, DR7, PAT and EFER when loaded. */
static inline int nvmx_ec_guest_msrs(const struct nvmx_entry_in *e)
{
	u32 entry = nvmx_ec_entry(e);
	bool ia32e = entry & VM_ENTRY_IA32E_MODE;
	u64 efer = NVMX_EV(e, GUEST_IA32_EFER);

	if (entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) {
		if (NVMX_EV(e, GUEST_IA32_DEBUGCTL) & ~e->ctx->debugctl_ok)
			return NVMX_NCHK_GUEST_DEBUGCTL;
		if (NVMX_EV(e, GUEST_DR7) >> 32)
			return NVMX_NCHK_GUEST_DR7;
	}
	if ((entry & VM_ENTRY_LOAD_IA32_PAT) &&
	    !nvmx_pat_valid(NVMX_EV(e, GUEST_IA32_PAT)))
		return NVMX_NCHK_GUEST_PAT;
	if ((entry & VM_ENTRY_LOAD_IA32_EFER) &&
	    ((efer & ~e->ctx->efer_ok) || !(efer & EFER_LMA) != !ia32e ||
	     ((NVMX_EV(e, GUEST_CR0) & X86_CR0_PG) &&
	      !(efer & EFER_LME) != !ia32e)))
		return NVMX_NCHK_GUEST_EFER;
	return NVMX_NCHK_OK;
}

/*
 * SDM Vol. 3C 27.3.1.5: in HLT only external interrupts, NMIs, #DB, #MC
 * and pending MTF may be injected; in shutdown only NMIs and #MC; in
 * wait-for-SIPI nothing.
 */
static inline bool nvmx_ec_event_ok_in(u64 act, u32 info)
{
	u32 type = info & INTR_INFO_INTR_TYPE_MASK;
	u32 vector = info & INTR_INFO_VECTOR_MASK;
	bool db_mc = type == INTR_TYPE_HARD_EXCEPTION &&
		     (vector == 1 || vector == 18);

	if (!(info & INTR_INFO_VALID_MASK) || act == GUEST_ACTIVITY_ACTIVE)
		return true;
	if (act == GUEST_ACTIVITY_HLT)
		return type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI_INTR ||
		       type == INTR_TYPE_OTHER_EVENT || db_mc;
	if (act == GUEST_ACTIVITY_SHUTDOWN)
		return type == INTR_TYPE_NMI_INTR ||
		       (db_mc && vector == 18);
	return false;
}

/* SDM Vol. 3C 27.3.1.5: activity state (supported ones: Vol. 3D A.6). */
static inline int nvmx_ec_activity(const struct nvmx_entry_in *e)
{
	u64 act = NVMX_EV(e, GUEST_ACTIVITY_STATE);
	u64 intr = NVMX_EV(e, GUEST_INTERRUPTIBILITY_INFO);

	/* IA32_VMX_MISC bits 6, 7, 8: HLT, shutdown, wait-for-SIPI. */
	if (act > GUEST_ACTIVITY_WAIT_SIPI ||
	    (act && !((e->caps->misc >> (5 + act)) & 1)))
		return NVMX_NCHK_ACTIVITY;
	if (act == GUEST_ACTIVITY_HLT &&
	    VMX_AR_DPL(NVMX_EV(e, GUEST_SS_AR_BYTES)))
		return NVMX_NCHK_ACTIVITY_HLT_DPL;
	if (act != GUEST_ACTIVITY_ACTIVE &&
	    (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)))
		return NVMX_NCHK_ACTIVITY_BLOCKING;
	if (!nvmx_ec_event_ok_in(act, NVMX_EV(e, VM_ENTRY_INTR_INFO_FIELD)))
		return NVMX_NCHK_ACTIVITY_EVENT;
	return NVMX_NCHK_OK;
}

/*
 * SDM Vol. 3C 27.3.1.5: interruptibility state.  Blocking by SMI must be
 * 0 outside SMM (L1 never is in SMM); enclave interruption needs SGX,
 * which L1 is not offered: both count as reserved.
 */
static inline int nvmx_ec_interruptibility(const struct nvmx_entry_in *e)
{
	u64 intr = NVMX_EV(e, GUEST_INTERRUPTIBILITY_INFO);
	u32 info = NVMX_EV(e, VM_ENTRY_INTR_INFO_FIELD);
	u32 type = info & INTR_INFO_INTR_TYPE_MASK;
	bool valid = info & INTR_INFO_VALID_MASK;
	u64 stimss = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS;

	if (intr & ~(u64)(stimss | GUEST_INTR_STATE_NMI))
		return NVMX_NCHK_INTR_RSVD;
	if ((intr & stimss) == stimss)
		return NVMX_NCHK_INTR_STI_MOVSS;
	if ((intr & GUEST_INTR_STATE_STI) &&
	    !(NVMX_EV(e, GUEST_RFLAGS) & X86_EFLAGS_IF))
		return NVMX_NCHK_INTR_STI_IF;
	if (valid && ((type == INTR_TYPE_EXT_INTR && (intr & stimss)) ||
		      (type == INTR_TYPE_NMI_INTR &&
		       (intr & GUEST_INTR_STATE_MOV_SS))))
		return NVMX_NCHK_INTR_EVENT;
	if (valid && type == INTR_TYPE_NMI_INTR &&
	    (nvmx_ec_pin(e) & PIN_BASED_VIRTUAL_NMIS) &&
	    (intr & GUEST_INTR_STATE_NMI))
		return NVMX_NCHK_INTR_VNMI;
	return NVMX_NCHK_OK;
}

/* Pending debug exceptions: B3-B0, enabled breakpoint, BS, RTM. */
#define NVMX_PDBG_BS	BIT_ULL(14)
#define NVMX_PDBG_EBP	BIT_ULL(12)
#define NVMX_PDBG_RTM	BIT_ULL(16)

/* SDM Vol. 3C 27.3.1.5: pending debug exceptions. */
static inline int nvmx_ec_pending_dbg(const struct nvmx_entry_in *e)
{
	u64 pd = NVMX_EV(e, GUEST_PENDING_DBG_EXCEPTIONS);
	u64 intr = NVMX_EV(e, GUEST_INTERRUPTIBILITY_INFO);
	bool tf = NVMX_EV(e, GUEST_RFLAGS) & X86_EFLAGS_TF;
	bool btf = NVMX_EV(e, GUEST_IA32_DEBUGCTL) & 2;	/* DEBUGCTL.BTF */
	u64 ok = 0xf | NVMX_PDBG_EBP | NVMX_PDBG_BS;

	if (e->ctx->rtm)
		ok |= NVMX_PDBG_RTM;
	if (pd & ~ok)
		return NVMX_NCHK_PDBG_RSVD;
	/* RTM: bits 11:0 and 14 zero, bit 12 set, no MOV-SS blocking. */
	if ((pd & NVMX_PDBG_RTM) &&
	    ((pd & (0xfff | NVMX_PDBG_EBP | NVMX_PDBG_BS)) != NVMX_PDBG_EBP ||
	     (intr & GUEST_INTR_STATE_MOV_SS)))
		return NVMX_NCHK_PDBG_RSVD;
	if (((intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)) ||
	     NVMX_EV(e, GUEST_ACTIVITY_STATE) == GUEST_ACTIVITY_HLT) &&
	    !(pd & NVMX_PDBG_BS) != !(tf && !btf))
		return NVMX_NCHK_PDBG_BS;
	return NVMX_NCHK_OK;
}

/*
 * SDM Vol. 3C 27.3.1.5: the VMCS link pointer.  All ones, or a 4-KByte
 * aligned address within MAXPHYADDR, not the current VMCS, whose region
 * starts with the VMCS revision identifier and a shadow-VMCS indicator
 * equal to "VMCS shadowing".  nvmx: the region must be in L1's memory.
 * Return: the check id, NVMX_NCHK_OK, or -errno from ctx->read.
 */
static inline int nvmx_ec_link_ptr(const struct nvmx_entry_in *e)
{
	u64 lp = NVMX_EV(e, VMCS_LINK_POINTER);
	const struct nvmx_entry_ctx *ctx = e->ctx;
	u32 rev, want;
	int ret;

	if (lp == ~0ULL)
		return NVMX_NCHK_OK;
	if ((lp & 0xfff) || nvmx_nchk_beyond(e, lp) ||
	    lp == ctx->vmcs12_ptr || !ctx->in_mem(ctx->opaque, lp, 4, false))
		return NVMX_NCHK_LINK_PTR;
	ret = ctx->read(ctx->opaque, lp, &rev, sizeof(rev));
	if (ret)
		return ret;
	want = nvmx_basic_revision_id(e->caps->basic);
	if (nvmx_ec_proc2(e) & SECONDARY_EXEC_SHADOW_VMCS)
		want |= BIT(31);
	return rev == want ? NVMX_NCHK_OK : NVMX_NCHK_LINK_PTR;
}

/**
 * nvmx_entry_msr_ok() - may a VM-entry MSR-load entry be loaded at all?
 * @index: bits 31:0 of the entry
 * @rsvd: bits 63:32 of the entry
 *
 * SDM Vol. 3C 27.4: bits 63:32 reserved; IA32_FS_BASE and IA32_GS_BASE,
 * the x2APIC MSRs (index 31:8 = 8), SMM-only IA32_SMM_MONITOR_CTL and
 * model-specific refusals (IA32_SMBASE; microcode update and signature,
 * as KVM) fail.  The caller loads the list in order: an entry that fails
 * here or whose WRMSR would #GP ends the load with exit reason 34 and the
 * entry's number (NVMX_NCHK_ENTRY_MSR_ENTRY), the entries before it
 * staying loaded.
 *
 * Return: true if the entry passes.
 */
static inline bool nvmx_entry_msr_ok(u32 index, u32 rsvd)
{
	return !rsvd && index != MSR_FS_BASE && index != MSR_GS_BASE &&
	       (index >> 8) != 0x8 && index != MSR_IA32_SMM_MONITOR_CTL &&
	       index != MSR_IA32_SMBASE && index != MSR_IA32_UCODE_WRITE &&
	       index != MSR_IA32_UCODE_REV;
}

/**
 * nvmx_entry_fail() - fill a failure for check @id
 * @f: the failure
 * @id: enum nvmx_nested_check
 * @qual: exit qualification for the 27.4 checks
 *
 * The id's section decides the outcome: 27.2.1 VMfailValid 7, 27.2.2-4
 * VMfailValid 8 (SDM Vol. 3C 31.4), 27.3 exit reason 33 with
 * qualification 0, or 4 for the VMCS link pointer, 27.4 exit reason 34
 * with @qual (SDM Vol. 3C 27.8).
 */
static inline void nvmx_entry_fail(struct nvmx_check_failure *f, int id,
				   u64 qual)
{
	f->check = id;
	f->qual = 0;
	f->kind = NVMX_CHECK_VMFAIL;
	if (id <= NVMX_NCHK_ENTRY_MSR_MEM) {
		f->error = VMXERR_ENTRY_INVALID_CONTROL_FIELD;
	} else if (id <= NVMX_NCHK_HOST_AS64) {
		f->error = VMXERR_ENTRY_INVALID_HOST_STATE_FIELD;
	} else if (id <= NVMX_NCHK_LINK_PTR) {
		f->kind = NVMX_CHECK_EXIT;
		f->error = EXIT_REASON_INVALID_STATE;
		if (id == NVMX_NCHK_LINK_PTR)
			f->qual = ENTRY_FAIL_VMCS_LINK_PTR;
	} else {
		f->kind = NVMX_CHECK_EXIT;
		f->error = EXIT_REASON_MSR_LOAD_FAIL;
		f->qual = qual;
	}
}

/**
 * nvmx_entry_check() - every check L0 makes for L1 before an L2 entry
 * @v: L1's vmcs12
 * @caps: the VMX capability MSRs L1 was given
 * @ctx: L1's state and memory
 * @fail: filled with the first failing check
 *
 * In SDM order: VM-execution, VM-exit, VM-entry controls (27.2.1), host
 * state (27.2.2-27.2.4), guest state (27.3).  The VM-entry MSR-load list
 * (27.4) comes after the guest state is loaded and is the caller's
 * (nvmx_entry_msr_ok(), nvmx_entry_msr_list_max()).
 *
 * Return: 0 if all pass, 1 if one failed (@fail filled), or -errno when
 * @ctx->read failed.
 */
static inline int nvmx_entry_check(const struct nvmx_vmcs12 *v,
				   const struct nvmx_nested_caps *caps,
				   const struct nvmx_entry_ctx *ctx,
				   struct nvmx_check_failure *fail)
{
	static int (*const groups[])(const struct nvmx_entry_in *e) = {
		nvmx_ec_exec_ctls, nvmx_ec_bitmaps, nvmx_ec_exec_rules,
		nvmx_ec_exit_ctls, nvmx_ec_entry_ctls,
		nvmx_ec_host_regs, nvmx_ec_host_segs, nvmx_ec_host_as,
		nvmx_ec_guest_crs, nvmx_ec_guest_msrs, nvmx_ec_activity,
		nvmx_ec_interruptibility, nvmx_ec_pending_dbg,
		nvmx_ec_link_ptr,
	};
	struct nvmx_entry_in e = { .v = v, .caps = caps, .ctx = ctx };
	unsigned int i;
	int id;

	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		id = groups[i](&e);
		if (id < 0)
			return id;
		if (id != NVMX_NCHK_OK) {
			nvmx_entry_fail(fail, id, 0);
			return 1;
		}
	}
	return 0;
}

#undef NVMX_EV

#endif /* NVMX_NESTED_ENTRY_CHECKS_H */
