/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libnvmx: the one place with the ioctl plumbing of /dev/nvmx (and
 * /dev/kvm, which speaks the same ABI).  Used by nvmx-run, the tools and
 * the selftests.
 *
 * Conventions: every function that can fail returns 0 (or a non-negative
 * value where stated) on success and -errno on failure; errno itself is
 * left as the failing call set it.  Nothing here prints.
 */
#ifndef LIBNVMX_H
#define LIBNVMX_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <linux/nvmx.h>

/* KVM_GET_API_VERSION answer this library speaks (KVM's stable API). */
#define NVMX_API_VERSION 12

/* Guest RAM alignment: 2 MiB so that THP (and 2 MiB EPT pages) can back it. */
#define NVMX_RAM_ALIGN (2UL << 20)

/* The system fd (/dev/nvmx or /dev/kvm). */
struct nvmx_sys {
	int fd;
	int run_size;		/* KVM_GET_VCPU_MMAP_SIZE */
};

struct nvmx_vm {
	int fd;
	const struct nvmx_sys *sys;
};

struct nvmx_vcpu {
	int fd;
	unsigned int id;
	struct kvm_run *run;	/* mmap'd at offset 0 of the vCPU fd */
	size_t run_size;
};

/* System fd. */
int nvmx_sys_open(struct nvmx_sys *sys, const char *path);
void nvmx_sys_close(struct nvmx_sys *sys);
int nvmx_check_extension(int fd, long cap);
int nvmx_get_supported_cpuid(const struct nvmx_sys *sys,
			     struct kvm_cpuid2 **cpuid);

/* VM fd. */
int nvmx_vm_create(const struct nvmx_sys *sys, struct nvmx_vm *vm);
void nvmx_vm_close(struct nvmx_vm *vm);
int nvmx_set_user_memory_region(const struct nvmx_vm *vm, uint32_t slot,
				uint32_t flags, uint64_t gpa, uint64_t size,
				void *hva);
int nvmx_set_tss_addr(const struct nvmx_vm *vm, unsigned long addr);

/* Guest RAM: anonymous, NVMX_RAM_ALIGN-aligned, THP advised. */
int nvmx_ram_alloc(size_t size, void **hva);
void nvmx_ram_free(void *hva, size_t size);
int nvmx_vm_add_ram(const struct nvmx_vm *vm, uint32_t slot, uint64_t gpa,
		    size_t size, void **hva);

/* vCPU fd. */
int nvmx_vcpu_create(const struct nvmx_vm *vm, unsigned int id,
		     struct nvmx_vcpu *vcpu);
void nvmx_vcpu_close(struct nvmx_vcpu *vcpu);
int nvmx_vcpu_run(const struct nvmx_vcpu *vcpu);
int nvmx_get_regs(const struct nvmx_vcpu *vcpu, struct kvm_regs *regs);
int nvmx_set_regs(const struct nvmx_vcpu *vcpu, const struct kvm_regs *regs);
int nvmx_get_sregs(const struct nvmx_vcpu *vcpu, struct kvm_sregs *sregs);
int nvmx_set_sregs(const struct nvmx_vcpu *vcpu,
		   const struct kvm_sregs *sregs);
int nvmx_set_cpuid(const struct nvmx_vcpu *vcpu,
		   const struct kvm_cpuid2 *cpuid);
int nvmx_get_msr(const struct nvmx_vcpu *vcpu, uint32_t index,
		 uint64_t *value);
int nvmx_set_msr(const struct nvmx_vcpu *vcpu, uint32_t index,
		 uint64_t value);
int nvmx_interrupt(const struct nvmx_vcpu *vcpu, uint32_t irq);
int nvmx_get_cpuid(const struct nvmx_vcpu *vcpu, struct kvm_cpuid2 *cpuid);
int nvmx_get_fpu(const struct nvmx_vcpu *vcpu, struct kvm_fpu *fpu);
int nvmx_set_fpu(const struct nvmx_vcpu *vcpu, const struct kvm_fpu *fpu);
int nvmx_get_xsave(const struct nvmx_vcpu *vcpu, struct kvm_xsave *xsave);
int nvmx_set_xsave(const struct nvmx_vcpu *vcpu,
		   const struct kvm_xsave *xsave);
int nvmx_get_xcrs(const struct nvmx_vcpu *vcpu, struct kvm_xcrs *xcrs);
int nvmx_set_xcrs(const struct nvmx_vcpu *vcpu, const struct kvm_xcrs *xcrs);
/* KVM_GET_MSR_INDEX_LIST on the system fd; *list is malloc'd. */
int nvmx_get_msr_index_list(const struct nvmx_sys *sys,
			    struct kvm_msr_list **list);
int nvmx_set_identity_map_addr(const struct nvmx_vm *vm, uint64_t addr);

/* nvmx-only (uapi/linux/nvmx.h); on /dev/kvm they fail with -ENOTTY. */
int nvmx_is_nvmx(const struct nvmx_sys *sys);
int nvmx_get_exit_counts(const struct nvmx_vcpu *vcpu,
			 struct nvmx_exit_counts *counts);
int nvmx_reset_exit_counts(const struct nvmx_vcpu *vcpu);
int nvmx_get_nested_counts(const struct nvmx_vcpu *vcpu,
			   struct nvmx_nested_counts *counts);

/* Data of a KVM_EXIT_IO exit: count * size bytes inside the run page. */
static inline uint8_t *nvmx_io_data(const struct nvmx_vcpu *vcpu)
{
	return (uint8_t *)vcpu->run + vcpu->run->io.data_offset;
}

#endif /* LIBNVMX_H */
