// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MSRs: the set nvmx defines, RDMSR/WRMSR exits, KVM_GET/SET_MSRS
 * and KVM_GET_MSR_INDEX_LIST.
 *
 * MSR                      where            rules (SDM, KVM-like)
 * ------------------------ ---------------- -------------------------------
 * IA32_EFER       C000_0080 VMCS guest EFER  reserved bits, LME/NXE need
 *                                            CPUID, LME fixed while paging,
 *                                            LMA read-only (Vol. 4 2.2.1)
 * IA32_STAR       C000_0081 msrs (swapped)   any value
 * IA32_LSTAR      C000_0082 msrs (swapped)   canonical (Vol. 3A 5.8.8)
 * IA32_CSTAR      C000_0083 msrs (swapped)   canonical
 * IA32_FMASK      C000_0084 msrs (swapped)   any value
 * IA32_FS_BASE    C000_0100 VMCS guest FS    canonical
 * IA32_GS_BASE    C000_0101 VMCS guest GS    canonical
 * IA32_KERNEL_GS_BASE ..102 msrs (swapped)   canonical
 * IA32_TSC_AUX    C000_0103 msrs (swapped)   guest needs RDTSCP/RDPID in
 *                                            CPUID; bits 63:32 reserved
 * IA32_TSC        0000_0010 VMCS TSC offset  read = host TSC + offset
 * IA32_APIC_BASE  0000_001B msrs             value only, reserved bits,
 *                                            mode rules (Vol. 3A 12.4.4)
 * IA32_FEATURE_CONTROL 03A msrs              lock bit, VMX-outside-SMX
 *                                            with CPUID VMX; read-only once
 *                                            locked (nested/caps.c)
 * IA32_MTRRCAP    0000_00FE constant         VCNT 8, FIX, WC; read-only
 * IA32_SYSENTER_CS/ESP/EIP  VMCS guest area  ESP/EIP made canonical
 *                 174-176
 * IA32_MCG_CAP    0000_0179 constant 0       no banks; host may write 0
 * IA32_MCG_STATUS 0000_017A msrs             any value
 * IA32_MCG_CTL    0000_017B msrs             #GP (no MCG_CTL_P); host 0
 * IA32_MISC_ENABLE 000_01A0 msrs             BTS/PEBS-unavailable are
 *                                            read-only for the guest, EMON
 *                                            ignored
 * IA32_DEBUGCTL   0000_01D9 VMCS guest area  BTF/LBR dropped, rest #GP
 * MTRR PHYSBASE/MASK 0-7    msrs             types, reserved bits above
 *                 200-20F                    MAXPHYADDR (Vol. 3A 13.11)
 * IA32_VMX_* 0000_0480-490 nested/caps.c     read-only, with CPUID VMX
 * MTRR fixed (11) 250-26F   msrs             types
 * IA32_PAT        0000_0277 VMCS guest PAT   types (Vol. 3A 13.12.2)
 * IA32_MTRR_DEF_TYPE 02FF   msrs             type, E, FE
 *
 * Anything else: 1 (#GP for the guest, end of a KVM_GET/SET_MSRS run).
 * VMCS-resident MSRs and the TSC offset need the vCPU's VMCS current:
 * in exit handlers it is (core's preempt notifiers keep it with the
 * thread) and the ioctls take nvmx_vcpu_load() around the whole batch,
 * so nothing here may sleep.
 */
#include <linux/kvm.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/apicdef.h>
#include <asm/cpufeature.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/mtrr.h>
#include <asm/page.h>
#include <asm/vmx.h>

#include "cpuid.h"
#include "msr.h"
#include "nested/nested.h"
#include "regs.h"
#include "state_rules.h"
#include "vcpu.h"
#include "vmx_ops.h"

/* KVM's limit on one KVM_GET/SET_MSRS call (MAX_IO_MSRS, x86.c). */
#define NVMX_MAX_IO_MSRS	256

/* IA32_MTRRCAP: VCNT in 7:0, FIX bit 8, WC bit 10 (SDM Vol. 3A 13.11.1). */
#define NVMX_MTRRCAP		(NVMX_NR_VAR_MTRR | BIT(8) | BIT(10))

/* IA32_PAT power-up value, SDM Vol. 3A 13.12.4. */
#define NVMX_PAT_RESET		0x0007040600070406ULL

/* IA32_MISC_ENABLE bits the guest cannot change (SDM Vol. 4 2.22). */
#define NVMX_MISC_ENABLE_RO	(MSR_IA32_MISC_ENABLE_BTS_UNAVAIL | \
				 MSR_IA32_MISC_ENABLE_PEBS_UNAVAIL)

static const u32 nvmx_fixed_mtrrs[NVMX_NR_FIXED_MTRR] = {
	MSR_MTRRfix64K_00000, MSR_MTRRfix16K_80000, MSR_MTRRfix16K_A0000,
	MSR_MTRRfix4K_C0000, MSR_MTRRfix4K_C8000, MSR_MTRRfix4K_D0000,
	MSR_MTRRfix4K_D8000, MSR_MTRRfix4K_E0000, MSR_MTRRfix4K_E8000,
	MSR_MTRRfix4K_F0000, MSR_MTRRfix4K_F8000,
};

/* KVM_GET_MSR_INDEX_LIST, in this order; TSC_AUX only if the host has it. */
static const u32 nvmx_msr_list[] = {
	MSR_EFER, MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_IA32_TSC,
	MSR_IA32_APICBASE, MSR_IA32_FEAT_CTL, MSR_MTRRcap,
	MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
	MSR_IA32_MCG_CAP, MSR_IA32_MCG_STATUS, MSR_IA32_MCG_CTL,
	MSR_IA32_MISC_ENABLE, MSR_IA32_DEBUGCTLMSR,
	MTRRphysBase_MSR(0), MTRRphysMask_MSR(0),
	MTRRphysBase_MSR(1), MTRRphysMask_MSR(1),
	MTRRphysBase_MSR(2), MTRRphysMask_MSR(2),
	MTRRphysBase_MSR(3), MTRRphysMask_MSR(3),
	MTRRphysBase_MSR(4), MTRRphysMask_MSR(4),
	MTRRphysBase_MSR(5), MTRRphysMask_MSR(5),
	MTRRphysBase_MSR(6), MTRRphysMask_MSR(6),
	MTRRphysBase_MSR(7), MTRRphysMask_MSR(7),
	MSR_MTRRfix64K_00000, MSR_MTRRfix16K_80000, MSR_MTRRfix16K_A0000,
	MSR_MTRRfix4K_C0000, MSR_MTRRfix4K_C8000, MSR_MTRRfix4K_D0000,
	MSR_MTRRfix4K_D8000, MSR_MTRRfix4K_E0000, MSR_MTRRfix4K_E8000,
	MSR_MTRRfix4K_F0000, MSR_MTRRfix4K_F8000,
	MSR_IA32_CR_PAT, MSR_MTRRdefType,
	MSR_TSC_AUX,
};

static bool nvmx_host_has_tsc_aux(void)
{
	return boot_cpu_has(X86_FEATURE_RDTSCP) ||
	       boot_cpu_has(X86_FEATURE_RDPID);
}

/**
 * nvmx_msr_reset() - architectural reset values of the MSRs nvmx keeps
 * @vcpu: the vCPU, its VMCS current (nvmx_vcpu_load())
 *
 * SDM Vol. 3A 10.1.1 Table 10-1: PAT 0x0007040600070406, APIC base
 * 0xFEE00000 enabled (BSP flag on vCPU 0), MTRRs disabled, TSC 0 (the
 * TSC offset makes the guest TSC start at 0 now, as KVM's vCPU
 * creation does), MISC_ENABLE with BTS/PEBS unavailable as KVM's.
 * IA32_FEATURE_CONTROL as nvmx_nested_feature_control_reset() says:
 * locked with no enable bits unless the vCPU has VMX (then unlocked, so
 * that L1 enables VMX itself); KVM_SET_CPUID2 applies it again.  EFER is
 * the caller's (regs.c).
 */
void nvmx_msr_reset(struct nvmx_vcpu *vcpu)
{
	struct nvmx_guest_msrs *m = &vcpu->msrs;

	memset(m, 0, sizeof(*m));
	m->misc_enable = NVMX_MISC_ENABLE_RO;
	m->apic_base = APIC_DEFAULT_PHYS_BASE | MSR_IA32_APICBASE_ENABLE;
	if (vcpu->id == 0)
		m->apic_base |= MSR_IA32_APICBASE_BSP;
	m->feature_control = nvmx_nested_feature_control_reset(vcpu);
	m->tsc_offset = -rdtsc();
	vmcs_write64(TSC_OFFSET, m->tsc_offset);
	vmcs_write64(GUEST_IA32_PAT, NVMX_PAT_RESET);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
}

/* Linear-address width: 57 with CR4.LA57, else 48 (SDM Vol. 3A 4.1.1). */
static u8 nvmx_vaddr_bits(struct nvmx_vcpu *vcpu)
{
	return nvmx_read_cr4(vcpu) & X86_CR4_LA57 ? 57 : 48;
}

/* The MSRs core loads into the hardware while the guest runs. */
static u64 *nvmx_swapped_msr(struct nvmx_guest_msrs *m, u32 index)
{
	switch (index) {
	case MSR_STAR:
		return &m->star;
	case MSR_LSTAR:
		return &m->lstar;
	case MSR_CSTAR:
		return &m->cstar;
	case MSR_SYSCALL_MASK:
		return &m->sfmask;
	case MSR_KERNEL_GS_BASE:
		return &m->kernel_gs_base;
	case MSR_TSC_AUX:
		return &m->tsc_aux;
	default:
		return NULL;
	}
}

/*
 * While core has the guest's values in the hardware (inside KVM_RUN,
 * between its swaps), the hardware is authoritative: SWAPGS changes
 * KERNEL_GS_BASE without an exit.  Exit handlers run preemptible, and
 * being scheduled out restores the host's values, so the check and the
 * MSR access happen with preemption disabled.
 */
static u64 nvmx_swapped_read(struct nvmx_vcpu *vcpu, u32 index, u64 *slot)
{
	preempt_disable();
	if (vcpu->guest_msrs_loaded)
		rdmsrl(index, *slot);
	preempt_enable();
	return *slot;
}

static void nvmx_swapped_write(struct nvmx_vcpu *vcpu, u32 index, u64 *slot,
			       u64 data)
{
	preempt_disable();
	*slot = data;
	if (vcpu->guest_msrs_loaded)
		wrmsrl(index, data);
	preempt_enable();
}

static int nvmx_mtrr_slot(struct nvmx_vcpu *vcpu, u32 index, u64 **slot)
{
	unsigned int i;

	if (index == MSR_MTRRdefType) {
		*slot = &vcpu->msrs.mtrr_deftype;
		return 0;
	}
	if (index >= MTRRphysBase_MSR(0) &&
	    index <= MTRRphysMask_MSR(NVMX_NR_VAR_MTRR - 1)) {
		*slot = &vcpu->msrs.mtrr_var[index - MTRRphysBase_MSR(0)];
		return 0;
	}
	for (i = 0; i < NVMX_NR_FIXED_MTRR; i++) {
		if (nvmx_fixed_mtrrs[i] == index) {
			*slot = &vcpu->msrs.mtrr_fixed[i];
			return 0;
		}
	}
	return 1;
}

static bool nvmx_mtrr_valid(struct nvmx_vcpu *vcpu, u32 index, u64 data)
{
	if (index == MSR_MTRRdefType)
		return nvmx_mtrr_deftype_valid(data);
	if (index >= MTRRphysBase_MSR(0) &&
	    index <= MTRRphysMask_MSR(NVMX_NR_VAR_MTRR - 1))
		return nvmx_mtrr_var_valid(data, index & 1,
					   nvmx_guest_maxphyaddr(vcpu));
	return nvmx_mtrr_fixed_valid(data);
}

static bool nvmx_guest_has_tsc_aux(struct nvmx_vcpu *vcpu)
{
	return nvmx_guest_cpuid_has(vcpu, 0x80000001, 0, NVMX_EDX,
				    BIT(X86_FEATURE_RDTSCP & 31)) ||
	       nvmx_guest_cpuid_has(vcpu, 7, 0, NVMX_ECX,
				    BIT(X86_FEATURE_RDPID & 31));
}

static int nvmx_msr_get_vmcs(u32 index, u64 *data)
{
	switch (index) {
	case MSR_FS_BASE:
		*data = vmcs_readl(GUEST_FS_BASE);
		return 0;
	case MSR_GS_BASE:
		*data = vmcs_readl(GUEST_GS_BASE);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*data = vmcs_read32(GUEST_SYSENTER_CS);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*data = vmcs_readl(GUEST_SYSENTER_ESP);
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*data = vmcs_readl(GUEST_SYSENTER_EIP);
		return 0;
	case MSR_IA32_CR_PAT:
		*data = vmcs_read64(GUEST_IA32_PAT);
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		*data = vmcs_read64(GUEST_IA32_DEBUGCTL);
		return 0;
	default:
		return -ENOENT;
	}
}

/**
 * nvmx_msr_get() - read a guest MSR (RDMSR exit or KVM_GET_MSRS)
 * @vcpu: the vCPU, its VMCS current
 * @index: ECX / the entry's index
 * @data: the value read
 * @host: from KVM_GET_MSRS rather than the guest
 *
 * Return: 0, or 1 if the MSR is not in nvmx's set or the guest may not
 * read it (inject #GP; KVM_GET_MSRS stops there).
 */
int nvmx_msr_get(struct nvmx_vcpu *vcpu, u32 index, u64 *data, bool host)
{
	struct nvmx_guest_msrs *m = &vcpu->msrs;
	u64 *slot;

	if (!nvmx_msr_get_vmcs(index, data))
		return 0;
	slot = nvmx_swapped_msr(m, index);
	if (slot) {
		if (index == MSR_TSC_AUX &&
		    (!nvmx_host_has_tsc_aux() ||
		     (!host && !nvmx_guest_has_tsc_aux(vcpu))))
			return 1;
		*data = nvmx_swapped_read(vcpu, index, slot);
		return 0;
	}
	if (!nvmx_mtrr_slot(vcpu, index, &slot)) {
		*data = *slot;
		return 0;
	}
	switch (index) {
	case MSR_EFER:
		*data = nvmx_get_efer(vcpu);
		return 0;
	case MSR_IA32_TSC:
		*data = rdtsc() + m->tsc_offset;
		return 0;
	case MSR_IA32_APICBASE:
		*data = m->apic_base;
		return 0;
	case MSR_IA32_FEAT_CTL:
		*data = m->feature_control;
		return 0;
	case MSR_MTRRcap:
		*data = NVMX_MTRRCAP;
		return 0;
	case MSR_IA32_MCG_CAP:
		*data = 0;
		return 0;
	case MSR_IA32_MCG_STATUS:
		*data = m->mcg_status;
		return 0;
	case MSR_IA32_MCG_CTL:
		if (!host)
			return 1;
		*data = m->mcg_ctl;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*data = m->misc_enable;
		return 0;
	default:
		return nvmx_nested_msr_get(vcpu, index, data, host);
	}
}

static int nvmx_set_canonical(struct nvmx_vcpu *vcpu, u32 index, u64 data)
{
	if (!__is_canonical_address(data, nvmx_vaddr_bits(vcpu)))
		return 1;
	switch (index) {
	case MSR_FS_BASE:
		vmcs_writel(GUEST_FS_BASE, data);
		return 0;
	case MSR_GS_BASE:
		vmcs_writel(GUEST_GS_BASE, data);
		return 0;
	default:
		nvmx_swapped_write(vcpu, index,
				   nvmx_swapped_msr(&vcpu->msrs, index), data);
		return 0;
	}
}

static int nvmx_set_tsc_aux(struct nvmx_vcpu *vcpu, u64 data, bool host)
{
	if (!nvmx_host_has_tsc_aux())
		return 1;
	if (!host && !nvmx_guest_has_tsc_aux(vcpu))
		return 1;
	/* SDM Vol. 4 2.1: bits 63:32 are reserved. */
	if (data >> 32)
		return 1;
	nvmx_swapped_write(vcpu, MSR_TSC_AUX, &vcpu->msrs.tsc_aux, data);
	return 0;
}

static int nvmx_set_misc_enable(struct nvmx_vcpu *vcpu, u64 data, bool host)
{
	u64 old = vcpu->msrs.misc_enable;

	if (!host) {
		if ((old ^ data) & NVMX_MISC_ENABLE_RO)
			return 1;
		data = (data & ~MSR_IA32_MISC_ENABLE_EMON) |
		       (old & MSR_IA32_MISC_ENABLE_EMON);
	}
	vcpu->msrs.misc_enable = data;
	return 0;
}

static int nvmx_set_apic_base(struct nvmx_vcpu *vcpu, u64 data, bool host)
{
	bool x2apic = nvmx_guest_cpuid_has(vcpu, 1, 0, NVMX_ECX,
					   BIT(X86_FEATURE_X2APIC & 31));

	if (nvmx_apic_base_check(vcpu->msrs.apic_base, data, host,
				 nvmx_guest_maxphyaddr(vcpu), x2apic))
		return 1;
	vcpu->msrs.apic_base = data;
	return 0;
}

/*
 * SDM Vol. 3C 24.7: the lock bit, and VMX-outside-SMX for a vCPU with
 * VMX; a locked MSR is read-only for the guest.
 */
static int nvmx_set_feature_control(struct nvmx_vcpu *vcpu, u64 data,
				    bool host)
{
	if (data & ~nvmx_nested_feature_control_bits(vcpu))
		return 1;
	if (!host && (vcpu->msrs.feature_control & FEAT_CTL_LOCKED))
		return 1;
	vcpu->msrs.feature_control = data;
	return 0;
}

/* SDM Vol. 3B 18.4.1: BTF and LBR are dropped as KVM does, rest #GP. */
static int nvmx_set_debugctl(u64 data)
{
	data &= ~(u64)(DEBUGCTLMSR_BTF | DEBUGCTLMSR_LBR);
	if (data)
		return 1;
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	return 0;
}

static int nvmx_set_efer_msr(struct nvmx_vcpu *vcpu, u64 data, bool host)
{
	u64 old = nvmx_get_efer(vcpu);
	bool lm = nvmx_guest_cpuid_has(vcpu, 0x80000001, 0, NVMX_EDX,
				       BIT(X86_FEATURE_LM & 31));
	bool nx = nvmx_guest_cpuid_has(vcpu, 0x80000001, 0, NVMX_EDX,
				       BIT(X86_FEATURE_NX & 31));

	if (nvmx_efer_check(old, data, host,
			    nvmx_read_cr0(vcpu) & X86_CR0_PG, lm, nx))
		return 1;
	/* LMA is read-only: the processor sets it (Vol. 3A 10.8.5). */
	data = (data & ~(u64)EFER_LMA) | (old & EFER_LMA);
	nvmx_set_efer(vcpu, data);
	return 0;
}

static int nvmx_msr_set_other(struct nvmx_vcpu *vcpu, u32 index, u64 data,
			      bool host)
{
	struct nvmx_guest_msrs *m = &vcpu->msrs;

	switch (index) {
	case MSR_IA32_TSC:
		m->tsc_offset = data - rdtsc();
		vmcs_write64(TSC_OFFSET, m->tsc_offset);
		return 0;
	case MSR_IA32_MCG_CAP:
		return host && !data ? 0 : 1;
	case MSR_IA32_MCG_STATUS:
		m->mcg_status = data;
		return 0;
	case MSR_IA32_MCG_CTL:
		/* MCG_CAP.MCG_CTL_P = 0: SDM Vol. 3B 17.3.1.3. */
		return host && !data ? 0 : 1;
	case MSR_IA32_MISC_ENABLE:
		return nvmx_set_misc_enable(vcpu, data, host);
	case MSR_IA32_APICBASE:
		return nvmx_set_apic_base(vcpu, data, host);
	case MSR_IA32_FEAT_CTL:
		return nvmx_set_feature_control(vcpu, data, host);
	case MSR_IA32_DEBUGCTLMSR:
		return nvmx_set_debugctl(data);
	default:
		return nvmx_nested_msr_set(vcpu, index, data, host);
	}
}

/**
 * nvmx_msr_set() - write a guest MSR (WRMSR exit or KVM_SET_MSRS)
 * @vcpu: the vCPU, its VMCS current
 * @index: ECX / the entry's index
 * @data: the value
 * @host: from KVM_SET_MSRS rather than the guest
 *
 * Return: 0, or 1 if the MSR is not in nvmx's set or the value is
 * refused (inject #GP; KVM_SET_MSRS stops there).
 */
int nvmx_msr_set(struct nvmx_vcpu *vcpu, u32 index, u64 data, bool host)
{
	u64 *slot;

	switch (index) {
	case MSR_EFER:
		return nvmx_set_efer_msr(vcpu, data, host);
	case MSR_STAR:
		nvmx_swapped_write(vcpu, index, &vcpu->msrs.star, data);
		return 0;
	case MSR_SYSCALL_MASK:
		nvmx_swapped_write(vcpu, index, &vcpu->msrs.sfmask, data);
		return 0;
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_KERNEL_GS_BASE:
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		return nvmx_set_canonical(vcpu, index, data);
	case MSR_TSC_AUX:
		return nvmx_set_tsc_aux(vcpu, data, host);
	case MSR_IA32_SYSENTER_CS:
		vmcs_write32(GUEST_SYSENTER_CS, data);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		vmcs_writel(GUEST_SYSENTER_ESP,
			    __canonical_address(data, nvmx_vaddr_bits(vcpu)));
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		vmcs_writel(GUEST_SYSENTER_EIP,
			    __canonical_address(data, nvmx_vaddr_bits(vcpu)));
		return 0;
	case MSR_IA32_CR_PAT:
		if (!nvmx_pat_valid(data))
			return 1;
		vmcs_write64(GUEST_IA32_PAT, data);
		return 0;
	case MSR_MTRRcap:
		return 1;
	}
	if (!nvmx_mtrr_slot(vcpu, index, &slot)) {
		if (!nvmx_mtrr_valid(vcpu, index, data))
			return 1;
		*slot = data;
		return 0;
	}
	return nvmx_msr_set_other(vcpu, index, data, host);
}

/*
 * KVM_GET_MSRS / KVM_SET_MSRS: -E2BIG for nmsrs >= 256, then each entry
 * in order until the first one that fails; the result is the number
 * processed.  GET writes the entries back even after a failure.
 */
static long nvmx_msrs_io(struct nvmx_vcpu *vcpu, void __user *argp, bool set)
{
	struct kvm_msrs __user *user = argp;
	struct kvm_msr_entry *e;
	struct kvm_msrs hdr;
	u32 i, size;
	long r;

	if (copy_from_user(&hdr, user, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nmsrs >= NVMX_MAX_IO_MSRS)
		return -E2BIG;
	size = sizeof(*e) * hdr.nmsrs;
	e = memdup_user(user->entries, size);
	if (IS_ERR(e))
		return PTR_ERR(e);
	nvmx_vcpu_load(vcpu);
	for (i = 0; i < hdr.nmsrs; i++) {
		if (set ? nvmx_msr_set(vcpu, e[i].index, e[i].data, true) :
			  nvmx_msr_get(vcpu, e[i].index, &e[i].data, true))
			break;
	}
	nvmx_vcpu_put(vcpu);
	r = i;
	if (!set && copy_to_user(user->entries, e, size))
		r = -EFAULT;
	kfree(e);
	return r;
}

/**
 * nvmx_vcpu_msrs_ioctl() - KVM_GET_MSRS and KVM_SET_MSRS
 * @vcpu: the vCPU (its ioctl lock held, not running)
 * @ioctl: the ioctl number
 * @argp: user pointer to struct kvm_msrs
 *
 * Return: the number of MSRs processed, a negative errno, or
 * -ENOIOCTLCMD for other ioctls.
 */
long nvmx_vcpu_msrs_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
			  void __user *argp)
{
	switch (ioctl) {
	case KVM_GET_MSRS:
		return nvmx_msrs_io(vcpu, argp, false);
	case KVM_SET_MSRS:
		return nvmx_msrs_io(vcpu, argp, true);
	default:
		return -ENOIOCTLCMD;
	}
}

/**
 * nvmx_dev_get_msr_index_list() - KVM_GET_MSR_INDEX_LIST on /dev/nvmx
 * @argp: user pointer to struct kvm_msr_list
 *
 * As KVM: nmsrs is always written back with the list's length; -E2BIG
 * if the caller's nmsrs was smaller, else the indices follow.
 *
 * Return: 0, -EFAULT or -E2BIG.
 */
long nvmx_dev_get_msr_index_list(void __user *argp)
{
	struct kvm_msr_list __user *user = argp;
	struct kvm_msr_list hdr;
	u32 n = ARRAY_SIZE(nvmx_msr_list);
	u32 room;

	if (!nvmx_host_has_tsc_aux())
		n--;	/* MSR_TSC_AUX is last */
	if (copy_from_user(&hdr, user, sizeof(hdr)))
		return -EFAULT;
	room = hdr.nmsrs;
	hdr.nmsrs = n;
	if (copy_to_user(user, &hdr, sizeof(hdr)))
		return -EFAULT;
	if (room < n)
		return -E2BIG;
	if (copy_to_user(user->indices, nvmx_msr_list, n * sizeof(u32)))
		return -EFAULT;
	return 0;
}
