// SPDX-License-Identifier: GPL-2.0
/*
 * Guest linear -> guest-physical translation for the kernel's emulation
 * (MMIO instruction fetch, string I/O), on the walker of gva_walk.h.
 */
#include <linux/errno.h>
#include <asm/processor.h>

#include "mmu.h"
#include "vm.h"

static int nvmx_gva_read(void *opaque, u64 gpa, void *buf, unsigned int len)
{
	return nvmx_read_guest(opaque, gpa, buf, len);
}

/**
 * nvmx_gva_walk() - translate a guest linear address, with #PF details
 * @vm: the VM; called from the vCPU thread, may sleep
 * @ctx: the vCPU's CR0, CR3, CR4 and EFER
 * @gva: linear address
 * @access: X86_PF_WRITE | X86_PF_USER | X86_PF_INSTR as the access is
 * @gpa: out, the guest-physical address when the result is 0
 * @pf_error: out, the #PF error code (SDM Vol. 3A 4.7) when the result is 1
 *
 * The guest's MAXPHYADDR is taken as the host's (KVM's default CPUID).
 *
 * Return: 0 translated; 1 the guest takes a #PF (inject it with
 * @pf_error and CR2 = @gva); -EFAULT a paging structure is not guest RAM.
 */
int nvmx_gva_walk(struct nvmx_vm *vm, const struct nvmx_paging_ctx *ctx,
		  u64 gva, u32 access, u64 *gpa, u32 *pf_error)
{
	const struct nvmx_walk_env env = {
		.read = nvmx_gva_read,
		.opaque = vm,
		.maxphyaddr = boot_cpu_data.x86_phys_bits,
	};

	return nvmx_walk(&env, ctx, gva, access, gpa, pf_error);
}

/**
 * nvmx_gva_to_gpa() - translate a guest linear address
 * @vm: the VM; called from the vCPU thread, may sleep
 * @ctx: the vCPU's CR0, CR3, CR4 and EFER
 * @gva: linear address
 * @access: X86_PF_WRITE | X86_PF_USER | X86_PF_INSTR as the access is
 * @gpa: out
 *
 * Use nvmx_gva_walk() to get the #PF error code of a failed translation.
 *
 * Return: 0, or -EFAULT if there is no translation for @access.
 */
int nvmx_gva_to_gpa(struct nvmx_vm *vm, const struct nvmx_paging_ctx *ctx,
		    u64 gva, u32 access, u64 *gpa)
{
	u32 pf_error;
	int ret = nvmx_gva_walk(vm, ctx, gva, access, gpa, &pf_error);

	return ret > 0 ? -EFAULT : ret;
}
