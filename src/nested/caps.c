// SPDX-License-Identifier: GPL-2.0
/*
 * VMX for L1: the capability MSRs it reads, IA32_FEATURE_CONTROL,
 * CPUID.1:ECX.VMX, the CR0/CR4 rules of VMX operation, per-vCPU nested
 * state and its counters.
 *
 * What L1 is offered (nvmx_nested_caps, computed once at module load as
 * the hardware's capabilities intersected with what nvmx runs for L1;
 * Documentation/nested.md has the table):
 *
 *  - pin-based: external-interrupt exiting, NMI exiting, virtual NMIs,
 *    VMX-preemption timer.  No posted interrupts (no APIC virtualization
 *    in nvmx).
 *  - primary: interrupt-window, TSC offsetting, HLT, INVLPG, MWAIT,
 *    RDPMC, RDTSC, CR3-load/store, CR8-load/store, NMI-window, MOV-DR,
 *    unconditional I/O, I/O bitmaps, MSR bitmaps, MONITOR, PAUSE exiting,
 *    activate secondary controls.  Not offered: TPR shadow (no APIC
 *    virtualization) and monitor trap flag (nvmx does not single-step L2).
 *  - secondary: EPT, VPID, unrestricted guest, RDTSCP, WBINVD exiting,
 *    descriptor-table exiting.  Not offered: VMCS shadowing (nvmx does
 *    not nest shadow VMCSs, so L1's VMCS link pointer must be all ones),
 *    APIC virtualization, PML, VM functions, EPT-violation #VE.
 *  - VM-exit: save debug controls, host address-space size, acknowledge
 *    interrupt on exit, save/load IA32_PAT, save/load IA32_EFER, save
 *    VMX-preemption timer value.
 *  - VM-entry: load debug controls, IA-32e mode guest, load IA32_PAT,
 *    load IA32_EFER.  No entry to SMM / dual-monitor treatment.
 *
 * Each offered control is offered only if the hardware allows it
 * (vmcs02 runs on the hardware with L1's controls), and every control the
 * hardware requires to be 1 is required of L1 too.  IA32_VMX_BASIC gives
 * nvmx's own revision identifier (L1's VMCS regions hold nvmx's image
 * layout, never a hardware VMCS), size 4096, write-back, the TRUE control
 * MSRs, and INS/OUTS information as the hardware.  IA32_VMX_MISC: the
 * timer rate and "save EFER.LMA" as the hardware, activity state HLT, 4
 * CR3-target values, 512 MSR-list entries, VMWRITE to read-only fields
 * (bit 29) as the hardware.  CR0/CR4 fixed bits as the hardware (SDM
 * Vol. 3D A.7: CR0.PE/PG may be 0 in L2 when L1 uses unrestricted
 * guest).  IA32_VMX_VMCS_ENUM from nvmx's field table.
 * IA32_VMX_EPT_VPID_CAP: 4-level walks, WB, 2 MiB and 1 GiB pages and
 * execute-only as the hardware, INVEPT single-context and all-context,
 * INVVPID of the four types, all of it only where the hardware has it;
 * no accessed/dirty flags.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/msr-index.h>
#include <asm/mtrr.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "../cpuid.h"
#include "../params.h"
#include "../vcpu.h"
#include "../vmcs.h"
#include "../vmx_caps.h"
#include "nested.h"

struct nvmx_nested_caps nvmx_nested_caps __ro_after_init;
static bool nvmx_nested_ok __ro_after_init;

/* SDM Vol. 3D A.1: IA32_VMX_BASIC fields nvmx sets for L1. */
#define NVMX_BASIC_SIZE_SHIFT		32
#define NVMX_BASIC_MEMTYPE_SHIFT	50
/* SDM Vol. 3D A.6: IA32_VMX_MISC bits 24:16, CR3-target values. */
#define NVMX_MISC_CR3_TARGETS_SHIFT	16
#define NVMX_MISC_CR3_TARGETS_MASK	GENMASK_ULL(24, 16)
#define NVMX_MISC_TIMER_RATE_MASK	GENMASK_ULL(4, 0)
/* SDM Vol. 3D A.6 bit 29: VMWRITE may write read-only (exit) fields. */
#define NVMX_MISC_VMWRITE_RO		BIT_ULL(29)
#define NVMX_NESTED_CR3_TARGETS		4ull

#define NVMX_OFFER_PIN	(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING | \
			 PIN_BASED_VIRTUAL_NMIS | \
			 PIN_BASED_VMX_PREEMPTION_TIMER)

#define NVMX_OFFER_PROC	(CPU_BASED_INTR_WINDOW_EXITING | \
			 CPU_BASED_USE_TSC_OFFSETTING | \
			 CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING | \
			 CPU_BASED_MWAIT_EXITING | CPU_BASED_RDPMC_EXITING | \
			 CPU_BASED_RDTSC_EXITING | \
			 CPU_BASED_CR3_LOAD_EXITING | \
			 CPU_BASED_CR3_STORE_EXITING | \
			 CPU_BASED_CR8_LOAD_EXITING | \
			 CPU_BASED_CR8_STORE_EXITING | \
			 CPU_BASED_NMI_WINDOW_EXITING | \
			 CPU_BASED_MOV_DR_EXITING | \
			 CPU_BASED_UNCOND_IO_EXITING | \
			 CPU_BASED_USE_IO_BITMAPS | \
			 CPU_BASED_USE_MSR_BITMAPS | \
			 CPU_BASED_MONITOR_EXITING | \
			 CPU_BASED_PAUSE_EXITING | \
			 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)

#define NVMX_OFFER_PROC2 (SECONDARY_EXEC_ENABLE_EPT | \
			  SECONDARY_EXEC_ENABLE_VPID | \
			  SECONDARY_EXEC_UNRESTRICTED_GUEST | \
			  SECONDARY_EXEC_ENABLE_RDTSCP | \
			  SECONDARY_EXEC_WBINVD_EXITING | \
			  SECONDARY_EXEC_DESC)

#define NVMX_OFFER_EXIT	(VM_EXIT_SAVE_DEBUG_CONTROLS | \
			 VM_EXIT_HOST_ADDR_SPACE_SIZE | \
			 VM_EXIT_ACK_INTR_ON_EXIT | \
			 VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT | \
			 VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER | \
			 VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)

#define NVMX_OFFER_ENTRY (VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_IA32E_MODE | \
			  VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER)

#define NVMX_OFFER_EPT	(VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_PAGE_WALK_4_BIT | \
			 VMX_EPTP_WB_BIT | VMX_EPT_2MB_PAGE_BIT | \
			 VMX_EPT_1GB_PAGE_BIT | VMX_EPT_INVEPT_BIT | \
			 VMX_EPT_EXTENT_CONTEXT_BIT | \
			 VMX_EPT_EXTENT_GLOBAL_BIT)

/* The INVVPID bits of the kernel's header count from bit 32. */
#define NVMX_OFFER_VPID	((VMX_VPID_INVVPID_BIT | \
			  VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT | \
			  VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT | \
			  VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT | \
			  VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT) << 32)

/*
 * SDM Vol. 3D A.3.1: allowed-0 settings (bits 31:0, 1 = must be 1) as
 * the hardware's; allowed-1 settings (bits 63:32) are the offered controls
 * the hardware allows, plus those it requires.
 */
static u64 nvmx_nested_ctl(u64 hw, u32 offer)
{
	u32 must1 = nvmx_ctl_allowed0(hw);
	u32 may1 = (nvmx_ctl_allowed1(hw) & offer) | must1;

	return (u64)may1 << 32 | must1;
}

/* SDM Vol. 3D A.9: bits 9:1, the highest index of any field L1 has. */
static u64 nvmx_nested_vmcs_enum(void)
{
	u32 max = 0;
	int i;

	for (i = 0; i < NVMX_NR_VMCS_FIELDS; i++)
		max = max_t(u32, max, (nvmx_vmcs_fields[i].enc >> 1) & 0x1ff);
	return (u64)max << 1;
}

static u64 nvmx_nested_misc(u64 hw)
{
	u64 misc = hw & (NVMX_MISC_TIMER_RATE_MASK | VMX_MISC_SAVE_EFER_LMA |
			 VMX_MISC_ACTIVITY_HLT | NVMX_MISC_VMWRITE_RO);
	u64 cr3 = (hw & NVMX_MISC_CR3_TARGETS_MASK) >>
		  NVMX_MISC_CR3_TARGETS_SHIFT;

	/* Bits 27:25 = 0: 512 MSR-list entries (VMX_MISC_MSR_LIST_MULTIPLIER). */
	return misc | min(cr3, NVMX_NESTED_CR3_TARGETS) <<
		      NVMX_MISC_CR3_TARGETS_SHIFT;
}

/* What ept.c implements (nvmx_nested_ept_vpid_cap()), for the controls offered. */
static u64 nvmx_nested_caps_ept_vpid(u32 proc2)
{
	u64 offer = 0;

	if (proc2 & SECONDARY_EXEC_ENABLE_EPT)
		offer |= NVMX_OFFER_EPT;
	if (proc2 & SECONDARY_EXEC_ENABLE_VPID)
		offer |= NVMX_OFFER_VPID;
	return nvmx_nested_ept_vpid_cap() & offer;
}

static u64 nvmx_true_or(u64 true_ctl, u64 ctl)
{
	return nvmx_cpu_has_true_ctls() ? true_ctl : ctl;
}

static void nvmx_nested_caps_compute(struct nvmx_nested_caps *c)
{
	const struct nvmx_vmx_caps *hw = &nvmx_vmx_caps;

	c->basic = NVMX_VMCS12_REVISION |
		   (u64)PAGE_SIZE << NVMX_BASIC_SIZE_SHIFT |
		   (u64)MTRR_TYPE_WRBACK << NVMX_BASIC_MEMTYPE_SHIFT |
		   VMX_BASIC_TRUE_CTLS | (hw->basic & VMX_BASIC_INOUT);
	c->pinbased = nvmx_nested_ctl(hw->pinbased, NVMX_OFFER_PIN);
	c->procbased = nvmx_nested_ctl(hw->procbased, NVMX_OFFER_PROC);
	c->exit = nvmx_nested_ctl(hw->exit, NVMX_OFFER_EXIT);
	c->entry = nvmx_nested_ctl(hw->entry, NVMX_OFFER_ENTRY);
	c->true_pinbased = nvmx_nested_ctl(nvmx_true_or(hw->true_pinbased,
							hw->pinbased),
					   NVMX_OFFER_PIN);
	c->true_procbased = nvmx_nested_ctl(nvmx_true_or(hw->true_procbased,
							 hw->procbased),
					    NVMX_OFFER_PROC);
	c->true_exit = nvmx_nested_ctl(nvmx_true_or(hw->true_exit, hw->exit),
				       NVMX_OFFER_EXIT);
	c->true_entry = nvmx_nested_ctl(nvmx_true_or(hw->true_entry,
						     hw->entry),
					NVMX_OFFER_ENTRY);
	c->procbased2 = nvmx_nested_ctl(hw->procbased2, NVMX_OFFER_PROC2);
	c->misc = nvmx_nested_misc(hw->misc);
	c->cr0_fixed0 = hw->cr0_fixed0;
	c->cr0_fixed1 = hw->cr0_fixed1;
	c->cr4_fixed0 = hw->cr4_fixed0;
	c->cr4_fixed1 = hw->cr4_fixed1;
	c->vmcs_enum = nvmx_nested_vmcs_enum();
	c->ept_vpid_cap =
		nvmx_nested_caps_ept_vpid(nvmx_ctl_allowed1(c->procbased2));
}

/**
 * nvmx_nested_caps_init() - decide whether L1 gets VMX, compute its caps
 *
 * The shared strategy needs VMCS shadowing with VMREAD/VMWRITE bitmaps
 * (SDM Vol. 3C 25.10, 26.1.3), EPT and unrestricted guest (vmcs01 and
 * vmcs02 both use them), and VMWRITE to read-only fields (IA32_VMX_MISC
 * bit 29, SDM Vol. 3D A.6): L0 writes the exit-information fields and the
 * VM-instruction error into the hardware vmcs12 page, whose VMREADs by
 * L1 the CPU serves without an exit.  Without any of them, with module
 * parameter nested=0, or with a nested_strategy other than "shared" (the
 * only strategy implemented so far), no vCPU gets VMX.
 *
 * Return: 0.
 */
int nvmx_nested_caps_init(void)
{
	nvmx_nested_caps_compute(&nvmx_nested_caps);
	nvmx_nested_ok = nvmx_nested &&
			 nvmx_nested_strategy == NVMX_NESTED_SHARED &&
			 nvmx_cpu_has_shadow_vmcs() &&
			 nvmx_cpu_has_ept() &&
			 nvmx_cpu_has_unrestricted_guest() &&
			 (nvmx_vmx_caps.misc & NVMX_MISC_VMWRITE_RO);
	pr_info("nested VMX for L1: %s (strategy %s; IA32_VMX_MISC 0x%llx: VMWRITE to read-only fields %d)\n",
		nvmx_nested_ok ? "available" : "not available",
		nvmx_nested_strategy_name(),
		nvmx_vmx_caps.misc,
		!!(nvmx_vmx_caps.misc & NVMX_MISC_VMWRITE_RO));
	return 0;
}

/**
 * nvmx_nested_available() - may vCPUs get VMX at all?
 *
 * Return: true when nested=1 and the hardware has what the shared
 * strategy needs (nvmx_nested_caps_init()).
 */
bool nvmx_nested_available(void)
{
	return nvmx_nested_ok;
}

/**
 * nvmx_nested_enabled() - does this vCPU see VMX?
 * @vcpu: the vCPU
 *
 * Return: true when nested VMX is available and the vCPU's CPUID table
 * has CPUID.1:ECX.VMX (SDM Vol. 3C 24.6 "Discovering Support for VMX").
 */
bool nvmx_nested_enabled(const struct nvmx_vcpu *vcpu)
{
	return vcpu->nested &&
	       nvmx_guest_cpuid_has(vcpu, 1, 0, NVMX_ECX,
				    BIT(X86_FEATURE_VMX & 31));
}

/* The offered value of a VMX capability MSR, or false if it does not exist. */
static bool nvmx_nested_cap_msr(u32 index, u64 *data)
{
	const struct nvmx_nested_caps *c = &nvmx_nested_caps;

	switch (index) {
	case MSR_IA32_VMX_BASIC:
		*data = c->basic;
		return true;
	case MSR_IA32_VMX_PINBASED_CTLS:
		*data = c->pinbased;
		return true;
	case MSR_IA32_VMX_PROCBASED_CTLS:
		*data = c->procbased;
		return true;
	case MSR_IA32_VMX_EXIT_CTLS:
		*data = c->exit;
		return true;
	case MSR_IA32_VMX_ENTRY_CTLS:
		*data = c->entry;
		return true;
	case MSR_IA32_VMX_MISC:
		*data = c->misc;
		return true;
	case MSR_IA32_VMX_CR0_FIXED0:
		*data = c->cr0_fixed0;
		return true;
	case MSR_IA32_VMX_CR0_FIXED1:
		*data = c->cr0_fixed1;
		return true;
	case MSR_IA32_VMX_CR4_FIXED0:
		*data = c->cr4_fixed0;
		return true;
	case MSR_IA32_VMX_CR4_FIXED1:
		*data = c->cr4_fixed1;
		return true;
	case MSR_IA32_VMX_VMCS_ENUM:
		*data = c->vmcs_enum;
		return true;
	case MSR_IA32_VMX_PROCBASED_CTLS2:
		*data = c->procbased2;
		return true;
	case MSR_IA32_VMX_EPT_VPID_CAP:
		*data = c->ept_vpid_cap;
		return true;
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS:
		*data = c->true_pinbased;
		return true;
	case MSR_IA32_VMX_TRUE_PROCBASED_CTLS:
		*data = c->true_procbased;
		return true;
	case MSR_IA32_VMX_TRUE_EXIT_CTLS:
		*data = c->true_exit;
		return true;
	case MSR_IA32_VMX_TRUE_ENTRY_CTLS:
		*data = c->true_entry;
		return true;
	default:
		/* IA32_VMX_VMFUNC: VM functions are not offered (A.11). */
		return false;
	}
}

/**
 * nvmx_nested_msr_get() - RDMSR / KVM_GET_MSRS of a VMX capability MSR
 * @vcpu: the vCPU
 * @index: the MSR
 * @data: its value
 * @host: KVM_GET_MSRS rather than the guest
 *
 * SDM Vol. 3D appendix A: the MSRs exist when CPUID.1:ECX.VMX is 1; a
 * guest RDMSR without it is a #GP.  KVM_GET_MSRS reads them whenever the
 * vCPU has nested state, whatever its CPUID, so that userspace can learn
 * them before setting the table.
 *
 * Return: 0, or 1 (#GP; not an MSR nvmx has).
 */
int nvmx_nested_msr_get(struct nvmx_vcpu *vcpu, u32 index, u64 *data,
			bool host)
{
	if (!vcpu->nested || (!host && !nvmx_nested_enabled(vcpu)))
		return 1;
	return nvmx_nested_cap_msr(index, data) ? 0 : 1;
}

/**
 * nvmx_nested_msr_set() - WRMSR / KVM_SET_MSRS of a VMX capability MSR
 * @vcpu: the vCPU
 * @index: the MSR
 * @data: the value
 * @host: KVM_SET_MSRS rather than the guest
 *
 * The capability MSRs are read-only (SDM Vol. 3D appendix A): WRMSR is a
 * #GP.  KVM_SET_MSRS accepts only the value nvmx offers (a no-op, so
 * that a VMM can restore what it saved) and stops at any other value,
 * returning the number of MSRs set before it; KVM's "restrict the
 * offered features" is not implemented.
 *
 * Return: 0, or 1 (refused).
 */
int nvmx_nested_msr_set(struct nvmx_vcpu *vcpu, u32 index, u64 data,
			bool host)
{
	u64 val;

	if (!host || !vcpu->nested || !nvmx_nested_cap_msr(index, &val))
		return 1;
	return val == data ? 0 : 1;
}

/**
 * nvmx_nested_feature_control_reset() - IA32_FEATURE_CONTROL after reset
 * @vcpu: the vCPU (its CPUID table decides)
 *
 * A vCPU with VMX gets it unlocked (0), as KVM's, so that L1 (standing in
 * for the firmware) may set VMX-outside-SMX and lock it (SDM Vol. 3C
 * 24.7); a vCPU without VMX gets it locked with no enable bit, as
 * firmware that does not offer VMX would leave it.
 *
 * Return: the reset value.
 */
u64 nvmx_nested_feature_control_reset(const struct nvmx_vcpu *vcpu)
{
	return nvmx_nested_enabled(vcpu) ? 0 : FEAT_CTL_LOCKED;
}

/**
 * nvmx_nested_feature_control_bits() - IA32_FEATURE_CONTROL bits a vCPU
 *                                      may set
 * @vcpu: the vCPU
 *
 * SDM Vol. 4 Table 2-2: the lock bit, and VMX-outside-SMX when the vCPU
 * has VMX (no SMX, so never VMX-inside-SMX).
 *
 * Return: the writable bits.
 */
u64 nvmx_nested_feature_control_bits(const struct nvmx_vcpu *vcpu)
{
	u64 bits = FEAT_CTL_LOCKED;

	if (nvmx_nested_enabled(vcpu))
		bits |= FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
	return bits;
}

/**
 * nvmx_nested_cr4_allowed() - CR4 bits nested VMX lets the guest set
 * @vcpu: the vCPU
 *
 * SDM Vol. 3C 24.7: CR4.VMXE exists when CPUID.1:ECX.VMX is 1.
 *
 * Return: X86_CR4_VMXE or 0.
 */
unsigned long nvmx_nested_cr4_allowed(const struct nvmx_vcpu *vcpu)
{
	return nvmx_nested_enabled(vcpu) ? X86_CR4_VMXE : 0;
}

static bool nvmx_nested_in_vmx(const struct nvmx_vcpu *vcpu)
{
	return vcpu->nested && vcpu->nested->vmxon;
}

/**
 * nvmx_nested_cr0_valid() - may L1 load this CR0 in its VMX operation?
 * @vcpu: the vCPU
 * @cr0: the new CR0
 *
 * SDM Vol. 3C 24.8 "Restrictions on VMX Operation": in VMX operation the
 * bits fixed by IA32_VMX_CR0_FIXED0/1 (PE, NE, PG) cannot change; MOV to
 * CR0 that tries is a #GP.  Outside VMX operation anything goes.
 *
 * Return: true if allowed.
 */
bool nvmx_nested_cr0_valid(const struct nvmx_vcpu *vcpu, unsigned long cr0)
{
	if (!nvmx_nested_in_vmx(vcpu))
		return true;
	return nvmx_cr_fixed_valid(cr0, nvmx_nested_caps.cr0_fixed0,
				   nvmx_nested_caps.cr0_fixed1);
}

/**
 * nvmx_nested_cr4_valid() - may L1 load this CR4 in its VMX operation?
 * @vcpu: the vCPU
 * @cr4: the new CR4
 *
 * SDM Vol. 3C 24.8: in VMX operation CR4.VMXE (and the other fixed bits)
 * cannot be cleared; the MOV is a #GP.
 *
 * Return: true if allowed.
 */
bool nvmx_nested_cr4_valid(const struct nvmx_vcpu *vcpu, unsigned long cr4)
{
	if (!nvmx_nested_in_vmx(vcpu))
		return true;
	return nvmx_cr_fixed_valid(cr4, nvmx_nested_caps.cr4_fixed0,
				   nvmx_nested_caps.cr4_fixed1);
}

/**
 * nvmx_nested_vcpu_init() - give a new vCPU its nested state
 * @vcpu: the vCPU
 *
 * Nothing when nested VMX is not available (vcpu->nested stays NULL).
 * Otherwise the state of a processor outside VMX operation, the cache of
 * hardware vmcs12 pages and the VMREAD/VMWRITE bitmaps.
 *
 * Return: 0 or -ENOMEM (nvmx_nested_vcpu_free() undoes a partial init).
 */
int nvmx_nested_vcpu_init(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n;
	int ret;

	if (!nvmx_nested_available())
		return 0;
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	vcpu->nested = n;
	n->vmxon_ptr = NVMX_NO_VMCS12;
	n->current_ptr = NVMX_NO_VMCS12;
	ret = nvmx_vmcs12_bitmaps_alloc(n);
	if (!ret)
		ret = nvmx_vmcs12_pages_alloc(n);
	return ret;
}

/**
 * nvmx_nested_vcpu_free() - free a vCPU's nested state
 * @vcpu: the vCPU, being destroyed (no VMCS of it current anywhere)
 *
 * The hardware vmcs12 pages are VMCLEARed and freed without a write-back:
 * nothing runs on the vCPU again (VMXOFF is where L1's regions get
 * nvmx's image).
 */
void nvmx_nested_vcpu_free(struct nvmx_vcpu *vcpu)
{
	struct nvmx_nested *n = vcpu->nested;

	if (!n)
		return;
	vcpu->linked = NULL;
	if (n->ept)
		nvmx_nested_ept_vcpu_free(vcpu);
	nvmx_vmcs12_pages_free(vcpu);
	nvmx_vmcs12_bitmaps_free(n);
	kfree(n);
	vcpu->nested = NULL;
}

/**
 * nvmx_nested_counts_get() - NVMX_GET_NESTED_COUNTS
 * @vcpu: the vCPU (its mutex held)
 * @argp: user pointer to a struct nvmx_nested_counts
 *
 * Return: 0, -ENOTTY when the vCPU has no nested state, -EFAULT.
 */
long nvmx_nested_counts_get(struct nvmx_vcpu *vcpu, void __user *argp)
{
	if (!vcpu->nested)
		return -ENOTTY;
	if (copy_to_user(argp, &vcpu->nested->counts,
			 sizeof(vcpu->nested->counts)))
		return -EFAULT;
	return 0;
}

/**
 * nvmx_nested_counts_reset() - zero the nested counters (if any)
 * @vcpu: the vCPU (its mutex held)
 */
void nvmx_nested_counts_reset(struct nvmx_vcpu *vcpu)
{
	if (vcpu->nested)
		memset(&vcpu->nested->counts, 0, sizeof(vcpu->nested->counts));
}
