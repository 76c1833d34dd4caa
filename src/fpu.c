// SPDX-License-Identifier: GPL-2.0
/*
 * Guest FPU/XSAVE state and XCR0.
 *
 * The state lives in a guest fpstate of the kernel's FPU core
 * (fpu_alloc_guest_fpstate(), exported to modules, GPL, in both the 6.1
 * and the 6.12 lines), which fpu_swap_kvm_fpstate() swaps with the
 * task's around the run loop; the kernel then saves/restores it on
 * context switches like any task state.  The uabi copy helpers convert
 * it to and from the KVM_GET/SET_XSAVE layout (the non-compacted XSAVE
 * format, SDM Vol. 1 13.4.1).
 *
 * XCR0 is not part of the XSAVE state: core's run loop loads the guest
 * value (vcpu->fpu.xcr0) with XSETBV just before VM entry and the host
 * value right after VM exit, with interrupts disabled, because the host
 * kernel's own XSAVES/XRSTORS depend on XCR0.
 */
#include <linux/kvm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>

#include "cpuid.h"
#include "fpu.h"
#include "state_rules.h"
#include "vcpu.h"

/*
 * State components nvmx lets a guest enable (SDM Vol. 1 13.1): x87, SSE,
 * AVX and AVX-512.  Not MPX (deprecated, needs BNDCFGS in the VMCS), not
 * PKRU (would need PKRU switching and CR4.PKE), not AMX (dynamic, needs
 * XFD), not supervisor states (no IA32_XSS, no XSAVES).
 */
#define NVMX_XCR0_MASK	(XFEATURE_MASK_FP | XFEATURE_MASK_SSE | \
			 XFEATURE_MASK_YMM | XFEATURE_MASK_OPMASK | \
			 XFEATURE_MASK_ZMM_Hi256 | XFEATURE_MASK_Hi16_ZMM)

/**
 * nvmx_fpu_supported_xcr0() - XCR0 bits a guest of this process may use
 *
 * The host's XCR0 (what the kernel enabled) masked with NVMX_XCR0_MASK
 * and with the calling process's guest permissions
 * (xstate_get_guest_group_perm()), as KVM's supported XCR0.
 *
 * Return: the mask; 0 if the host has no XSAVE.
 */
u64 nvmx_fpu_supported_xcr0(void)
{
	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		return 0;
	return xgetbv(XCR_XFEATURE_ENABLED_MASK) & NVMX_XCR0_MASK &
	       xstate_get_guest_group_perm();
}

/**
 * nvmx_fpu_init() - allocate the vCPU's guest FPU state
 * @vcpu: the vCPU
 *
 * The fpstate starts in the initial configuration (FCW 0x37F, MXCSR
 * 0x1F80: SDM Vol. 3A Table 10-1) and XCR0 at 1.
 *
 * Return: 0 or -ENOMEM.
 */
int nvmx_fpu_init(struct nvmx_vcpu *vcpu)
{
	if (!fpu_alloc_guest_fpstate(&vcpu->fpu.guest_fpu))
		return -ENOMEM;
	vcpu->fpu.xcr0 = XFEATURE_MASK_FP;
	vcpu->fpu.pkru = 0;
	return 0;
}

/**
 * nvmx_fpu_destroy() - free the vCPU's guest FPU state
 * @vcpu: the vCPU (nvmx_fpu_init() succeeded)
 */
void nvmx_fpu_destroy(struct nvmx_vcpu *vcpu)
{
	fpu_free_guest_fpstate(&vcpu->fpu.guest_fpu);
}

/**
 * nvmx_fpu_load_guest() - switch the task to the guest FPU state
 * @vcpu: the vCPU
 *
 * Called by KVM_RUN before its loop, preemptible, in the vCPU's task.
 * The host task's state is saved; on return to userspace the kernel
 * restores it (TIF_NEED_FPU_LOAD).
 */
void nvmx_fpu_load_guest(struct nvmx_vcpu *vcpu)
{
	WARN_ON_ONCE(fpu_swap_kvm_fpstate(&vcpu->fpu.guest_fpu, true));
}

/**
 * nvmx_fpu_put_guest() - switch the task back to its own FPU state
 * @vcpu: the vCPU
 *
 * Called by KVM_RUN after its loop, preemptible.
 */
void nvmx_fpu_put_guest(struct nvmx_vcpu *vcpu)
{
	WARN_ON_ONCE(fpu_swap_kvm_fpstate(&vcpu->fpu.guest_fpu, false));
}

/* XCR0 bits the guest may enable: its CPUID.(0DH,0) and nvmx's. */
static u64 nvmx_guest_xcr0_allowed(struct nvmx_vcpu *vcpu)
{
	return vcpu->cpuid.guest_xcr0 & nvmx_fpu_supported_xcr0();
}

static int nvmx_set_xcr0(struct nvmx_vcpu *vcpu, u32 index, u64 xcr0)
{
	u64 old = vcpu->fpu.xcr0;

	if (index != XCR_XFEATURE_ENABLED_MASK)
		return 1;
	if (nvmx_xcr0_check(xcr0, nvmx_guest_xcr0_allowed(vcpu)))
		return 1;
	vcpu->fpu.xcr0 = xcr0;
	if (old != xcr0)
		nvmx_cpuid_update_runtime(vcpu);
	return 0;
}

/**
 * nvmx_xsetbv() - emulate the guest's XSETBV (exit reason 55)
 * @vcpu: the vCPU
 * @index: ECX, the XCR number; only 0 (XCR0) exists
 * @value: EDX:EAX
 *
 * SDM Vol. 2C XSETBV: #GP for an unknown XCR or an invalid XCR0 (see
 * nvmx_xcr0_check()).  The CPL > 0 and CR4.OSXSAVE = 0 faults are taken
 * by the processor before the exit (SDM Vol. 3C 26.1.1).  The caller
 * skips the instruction on success.
 *
 * Return: 0 on success, 1 to inject #GP(0).
 */
int nvmx_xsetbv(struct nvmx_vcpu *vcpu, u32 index, u64 value)
{
	return nvmx_set_xcr0(vcpu, index, value);
}

/*
 * KVM_GET_FPU: the legacy region of the guest XSAVE area (SDM Vol. 1
 * 10.5.1).  As in KVM, MXCSR is not part of it (reads as 0, writes are
 * ignored): KVM_GET/SET_XSAVE carry it.
 */
static long nvmx_get_fpu(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct fxregs_state *fx = &vcpu->fpu.guest_fpu.fpstate->regs.fxsave;
	struct kvm_fpu *fpu;
	long r = 0;

	fpu = kzalloc(sizeof(*fpu), GFP_KERNEL_ACCOUNT);
	if (!fpu)
		return -ENOMEM;
	memcpy(fpu->fpr, fx->st_space, sizeof(fpu->fpr));
	fpu->fcw = fx->cwd;
	fpu->fsw = fx->swd;
	fpu->ftwx = fx->twd;
	fpu->last_opcode = fx->fop;
	fpu->last_ip = fx->rip;
	fpu->last_dp = fx->rdp;
	memcpy(fpu->xmm, fx->xmm_space, sizeof(fpu->xmm));
	if (copy_to_user(argp, fpu, sizeof(*fpu)))
		r = -EFAULT;
	kfree(fpu);
	return r;
}

/*
 * KVM_SET_FPU: as KVM, x87 and XMM registers are overwritten without
 * checks.  Unlike KVM 6.1, the XSAVE header then marks x87 and SSE as
 * present, so that XRSTOR loads them rather than their initial
 * configuration even before the guest has run (SDM Vol. 1 13.8.1).
 */
static long nvmx_set_fpu(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct fpstate *fps = vcpu->fpu.guest_fpu.fpstate;
	struct fxregs_state *fx = &fps->regs.fxsave;
	struct kvm_fpu *fpu;

	fpu = memdup_user(argp, sizeof(*fpu));
	if (IS_ERR(fpu))
		return PTR_ERR(fpu);
	memcpy(fx->st_space, fpu->fpr, sizeof(fpu->fpr));
	fx->cwd = fpu->fcw;
	fx->swd = fpu->fsw;
	fx->twd = fpu->ftwx;
	fx->fop = fpu->last_opcode;
	fx->rip = fpu->last_ip;
	fx->rdp = fpu->last_dp;
	memcpy(fx->xmm_space, fpu->xmm, sizeof(fpu->xmm));
	if (boot_cpu_has(X86_FEATURE_XSAVE))
		fps->regs.xsave.header.xfeatures |= XFEATURE_MASK_FPSSE;
	kfree(fpu);
	return 0;
}

/* KVM_GET_XSAVE: x87, SSE and the features the guest may enable. */
static long nvmx_get_xsave(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_xsave *xs;
	long r = 0;

	if (vcpu->fpu.guest_fpu.uabi_size > sizeof(*xs))
		return -EINVAL;
	xs = kzalloc(sizeof(*xs), GFP_KERNEL_ACCOUNT);
	if (!xs)
		return -ENOMEM;
	fpu_copy_guest_fpstate_to_uabi(&vcpu->fpu.guest_fpu, xs->region,
				       sizeof(xs->region),
				       nvmx_guest_xcr0_allowed(vcpu) |
				       XFEATURE_MASK_FPSSE, vcpu->fpu.pkru);
	if (copy_to_user(argp, xs, sizeof(*xs)))
		r = -EFAULT;
	kfree(xs);
	return r;
}

/*
 * KVM_SET_XSAVE: the kernel's helper validates the header and MXCSR
 * (-EINVAL) and takes only components in nvmx's supported XCR0.
 */
static long nvmx_set_xsave(struct nvmx_vcpu *vcpu, void __user *argp)
{
	void *buf;
	long r;

	buf = memdup_user(argp, vcpu->fpu.guest_fpu.uabi_size);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	r = fpu_copy_uabi_to_guest_fpstate(&vcpu->fpu.guest_fpu, buf,
					   nvmx_fpu_supported_xcr0(),
					   &vcpu->fpu.pkru);
	kfree(buf);
	return r;
}

static long nvmx_get_xcrs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_xcrs *xcrs;
	long r = 0;

	xcrs = kzalloc(sizeof(*xcrs), GFP_KERNEL_ACCOUNT);
	if (!xcrs)
		return -ENOMEM;
	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		xcrs->nr_xcrs = 1;
		xcrs->xcrs[0].xcr = XCR_XFEATURE_ENABLED_MASK;
		xcrs->xcrs[0].value = vcpu->fpu.xcr0;
	}
	if (copy_to_user(argp, xcrs, sizeof(*xcrs)))
		r = -EFAULT;
	kfree(xcrs);
	return r;
}

/*
 * KVM_SET_XCRS: -EINVAL without XSAVE, for nr_xcrs > KVM_MAX_XCRS, for
 * flags, and for an XCR0 the guest could not set with XSETBV.  The
 * first XCR0 entry is used; other XCR numbers are ignored, as in KVM.
 */
static long nvmx_set_xcrs(struct nvmx_vcpu *vcpu, void __user *argp)
{
	struct kvm_xcrs *xcrs;
	long r = 0;
	u32 i;

	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		return -EINVAL;
	xcrs = memdup_user(argp, sizeof(*xcrs));
	if (IS_ERR(xcrs))
		return PTR_ERR(xcrs);
	if (xcrs->nr_xcrs > KVM_MAX_XCRS || xcrs->flags) {
		r = -EINVAL;
		goto out;
	}
	for (i = 0; i < xcrs->nr_xcrs; i++) {
		if (xcrs->xcrs[i].xcr != XCR_XFEATURE_ENABLED_MASK)
			continue;
		if (nvmx_set_xcr0(vcpu, XCR_XFEATURE_ENABLED_MASK,
				  xcrs->xcrs[i].value))
			r = -EINVAL;
		break;
	}
out:
	kfree(xcrs);
	return r;
}

/**
 * nvmx_fpu_ioctl() - KVM_GET/SET_FPU, KVM_GET/SET_XSAVE, KVM_GET/SET_XCRS
 * @vcpu: the vCPU (its ioctl lock held, not running)
 * @ioctl: the ioctl number
 * @argp: user pointer to the ioctl's struct
 *
 * Return: 0, a negative errno as KVM's, or -ENOIOCTLCMD for other ioctls.
 */
long nvmx_fpu_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
		    void __user *argp)
{
	switch (ioctl) {
	case KVM_GET_FPU:
		return nvmx_get_fpu(vcpu, argp);
	case KVM_SET_FPU:
		return nvmx_set_fpu(vcpu, argp);
	case KVM_GET_XSAVE:
		return nvmx_get_xsave(vcpu, argp);
	case KVM_SET_XSAVE:
		return nvmx_set_xsave(vcpu, argp);
	case KVM_GET_XCRS:
		return nvmx_get_xcrs(vcpu, argp);
	case KVM_SET_XCRS:
		return nvmx_set_xcrs(vcpu, argp);
	default:
		return -ENOIOCTLCMD;
	}
}
