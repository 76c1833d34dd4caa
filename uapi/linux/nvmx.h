/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nvmx userspace ABI: nvmx-only additions to the KVM ABI.
 *
 * /dev/nvmx speaks the KVM ioctl ABI of <linux/kvm.h> (type byte KVMIO,
 * 0xAE).  This header only holds what KVM does not define: the type byte
 * of future nvmx-only ioctls and nvmx-only KVM_CHECK_EXTENSION numbers.
 */
#ifndef _LINUX_NVMX_H
#define _LINUX_NVMX_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * DOC: nvmx ioctl type byte
 *
 * NVMXIO (0xA9) is the type byte of nvmx-only ioctls.  0xA9 is unused in
 * Documentation/userspace-api/ioctl/ioctl-number.rst of both Linux 6.1
 * and 6.12, and it is not KVMIO (0xAE), so an nvmx-only ioctl can never
 * be mistaken for a KVM ioctl of the same number.
 */
#define NVMXIO 0xA9

/**
 * DOC: nvmx capabilities
 *
 * KVM_CHECK_EXTENSION numbers private to nvmx start at NVMX_CAP_BASE
 * (0x4e560000, "NV" in the upper half), far above KVM's own KVM_CAP_*
 * numbers, so both can be answered by the same ioctl without clashing.
 *
 * NVMX_CAP_NVMX: KVM_CHECK_EXTENSION answers 1 on an nvmx device (the
 * system fd and every VM fd); a real KVM answers 0.
 */
#define NVMX_CAP_BASE 0x4e560000
#define NVMX_CAP_NVMX (NVMX_CAP_BASE + 0)

/*
 * NVMX_CAP_EXIT_COUNTS: KVM_CHECK_EXTENSION answers 1 when the vCPU fd
 * has NVMX_GET_EXIT_COUNTS and NVMX_RESET_EXIT_COUNTS.
 */
#define NVMX_CAP_EXIT_COUNTS (NVMX_CAP_BASE + 1)

/* Slots of struct nvmx_exit_counts.counts: basic exit reasons 0..127. */
#define NVMX_EXIT_REASONS 128

/**
 * struct nvmx_exit_counts - VM exits of one vCPU
 * @flags: 0 (reserved for future use)
 * @pad: 0
 * @total: every VM exit since vCPU creation or the last reset
 * @counts: VM exits by basic exit reason (SDM Vol. 3D appendix C); the
 *          counters include exits handled inside the kernel
 */
struct nvmx_exit_counts {
	__u32 flags;
	__u32 pad;
	__u64 total;
	__u64 counts[NVMX_EXIT_REASONS];
};

/*
 * vCPU fd ioctls.  NVMX_GET_EXIT_COUNTS fills a struct nvmx_exit_counts;
 * NVMX_RESET_EXIT_COUNTS zeroes every counter and takes 0 as argument
 * (anything else is EINVAL).
 */
#define NVMX_GET_EXIT_COUNTS _IOR(NVMXIO, 0x00, struct nvmx_exit_counts)
#define NVMX_RESET_EXIT_COUNTS _IO(NVMXIO, 0x01)

/*
 * NVMX_CAP_NESTED: KVM_CHECK_EXTENSION answers 1 when nested VMX is
 * available (module parameter nested=1): KVM_GET_SUPPORTED_CPUID then
 * reports CPUID.1:ECX.VMX, and a vCPU whose CPUID table has that bit sees
 * VMX (IA32_FEATURE_CONTROL, the IA32_VMX_* MSRs, CR4.VMXE, the VMX
 * instructions), and its vCPU fd has NVMX_GET_NESTED_COUNTS.
 */
#define NVMX_CAP_NESTED (NVMX_CAP_BASE + 2)

/* Slots of struct nvmx_nested_counts.check_failures (enum nvmx_nested_check). */
#define NVMX_NESTED_CHECKS 128

/**
 * struct nvmx_nested_counts - nested VMX events of one vCPU
 * @flags: 0 (reserved for future use)
 * @pad: 0
 * @entries: VMLAUNCH/VMRESUME of L1 that entered L2
 * @entry_failures: VMLAUNCH/VMRESUME of L1 that ended in VMfail or in a
 *                  VM-entry-failure exit to L1 (SDM Vol. 3C 27.8)
 * @l1: exits from L1 by basic exit reason (each VMX instruction has its
 *      own reason, SDM Vol. 3D appendix C)
 * @l2_l0: L2 exits that L0 handled without L1 seeing them, by reason
 * @l2_l1: L2 exits reflected to L1, by the reason L1 saw
 * @check_failures: nested VM entries refused by each check L0 makes for
 *                  L1 (enum nvmx_nested_check)
 *
 * NVMX_RESET_EXIT_COUNTS zeroes these with the exit counts.
 */
struct nvmx_nested_counts {
	__u32 flags;
	__u32 pad;
	__u64 entries;
	__u64 entry_failures;
	__u64 l1[NVMX_EXIT_REASONS];
	__u64 l2_l0[NVMX_EXIT_REASONS];
	__u64 l2_l1[NVMX_EXIT_REASONS];
	__u64 check_failures[NVMX_NESTED_CHECKS];
};

/* vCPU fd ioctl: fills a struct nvmx_nested_counts (ENOTTY without nested VMX). */
#define NVMX_GET_NESTED_COUNTS _IOR(NVMXIO, 0x02, struct nvmx_nested_counts)

#endif /* _LINUX_NVMX_H */
