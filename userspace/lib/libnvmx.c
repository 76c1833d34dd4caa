// SPDX-License-Identifier: GPL-2.0
/*
 * libnvmx: ioctl plumbing over /dev/nvmx (or /dev/kvm).  See libnvmx.h
 * for the conventions: -errno on failure, no output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libnvmx.h"

/* ioctl() returning >= 0 as is, -errno on failure. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	return ret < 0 ? -errno : ret;
}

static int xioctl_val(int fd, unsigned long req, unsigned long arg)
{
	int ret = ioctl(fd, req, arg);

	return ret < 0 ? -errno : ret;
}

int nvmx_sys_open(struct nvmx_sys *sys, const char *path)
{
	int fd, ret;

	sys->fd = -1;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = xioctl_val(fd, KVM_GET_API_VERSION, 0);
	if (ret >= 0 && ret != NVMX_API_VERSION)
		ret = -EPROTO;
	if (ret < 0)
		goto err;
	ret = xioctl_val(fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ret >= 0 && (size_t)ret < sizeof(struct kvm_run))
		ret = -EPROTO;
	if (ret < 0)
		goto err;
	sys->fd = fd;
	sys->run_size = ret;
	return 0;
err:
	close(fd);
	return ret;
}

void nvmx_sys_close(struct nvmx_sys *sys)
{
	if (sys->fd >= 0)
		close(sys->fd);
	sys->fd = -1;
}

int nvmx_check_extension(int fd, long cap)
{
	return xioctl_val(fd, KVM_CHECK_EXTENSION, cap);
}

int nvmx_get_supported_cpuid(const struct nvmx_sys *sys,
			     struct kvm_cpuid2 **cpuid)
{
	struct kvm_cpuid2 *c;
	unsigned int nent;
	int ret;

	/* Grow the buffer until KVM stops answering E2BIG. */
	for (nent = 64; nent <= 4096; nent *= 2) {
		c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
		if (!c)
			return -ENOMEM;
		c->nent = nent;
		ret = xioctl(sys->fd, KVM_GET_SUPPORTED_CPUID, c);
		if (ret >= 0) {
			*cpuid = c;
			return 0;
		}
		free(c);
		if (ret != -E2BIG)
			return ret;
	}
	return -E2BIG;
}

int nvmx_vm_create(const struct nvmx_sys *sys, struct nvmx_vm *vm)
{
	int fd = xioctl_val(sys->fd, KVM_CREATE_VM, 0);

	vm->fd = -1;
	vm->sys = sys;
	if (fd < 0)
		return fd;
	vm->fd = fd;
	return 0;
}

void nvmx_vm_close(struct nvmx_vm *vm)
{
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
}

int nvmx_set_user_memory_region(const struct nvmx_vm *vm, uint32_t slot,
				uint32_t flags, uint64_t gpa, uint64_t size,
				void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return xioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r);
}

int nvmx_set_tss_addr(const struct nvmx_vm *vm, unsigned long addr)
{
	return xioctl_val(vm->fd, KVM_SET_TSS_ADDR, addr);
}

int nvmx_ram_alloc(size_t size, void **hva)
{
	size_t len = size + NVMX_RAM_ALIGN;
	uintptr_t base, start;
	void *p;

	if (!size || size > SIZE_MAX - NVMX_RAM_ALIGN)
		return -EINVAL;
	/* Over-allocate, then trim to a 2 MiB-aligned window. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	base = (uintptr_t)p;
	start = (base + NVMX_RAM_ALIGN - 1) & ~(NVMX_RAM_ALIGN - 1);
	if (start > base)
		munmap(p, start - base);
	if (base + len > start + size)
		munmap((void *)(start + size), base + len - (start + size));
	/* Only advice: a kernel without THP still gives 4 KiB pages. */
	madvise((void *)start, size, MADV_HUGEPAGE);
	*hva = (void *)start;
	return 0;
}

void nvmx_ram_free(void *hva, size_t size)
{
	if (hva)
		munmap(hva, size);
}

int nvmx_vm_add_ram(const struct nvmx_vm *vm, uint32_t slot, uint64_t gpa,
		    size_t size, void **hva)
{
	void *p;
	int ret;

	ret = nvmx_ram_alloc(size, &p);
	if (ret)
		return ret;
	ret = nvmx_set_user_memory_region(vm, slot, 0, gpa, size, p);
	if (ret) {
		nvmx_ram_free(p, size);
		return ret;
	}
	*hva = p;
	return 0;
}

int nvmx_vcpu_create(const struct nvmx_vm *vm, unsigned int id,
		     struct nvmx_vcpu *vcpu)
{
	void *run;
	int fd;

	vcpu->fd = -1;
	vcpu->run = NULL;
	fd = xioctl_val(vm->fd, KVM_CREATE_VCPU, id);
	if (fd < 0)
		return fd;
	run = mmap(NULL, vm->sys->run_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, fd, 0);
	if (run == MAP_FAILED) {
		int err = -errno;

		close(fd);
		return err;
	}
	vcpu->fd = fd;
	vcpu->id = id;
	vcpu->run = run;
	vcpu->run_size = vm->sys->run_size;
	return 0;
}

void nvmx_vcpu_close(struct nvmx_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
}

int nvmx_vcpu_run(const struct nvmx_vcpu *vcpu)
{
	return xioctl_val(vcpu->fd, KVM_RUN, 0);
}

int nvmx_get_regs(const struct nvmx_vcpu *vcpu, struct kvm_regs *regs)
{
	return xioctl(vcpu->fd, KVM_GET_REGS, regs);
}

int nvmx_set_regs(const struct nvmx_vcpu *vcpu, const struct kvm_regs *regs)
{
	return xioctl(vcpu->fd, KVM_SET_REGS, (void *)regs);
}

int nvmx_get_sregs(const struct nvmx_vcpu *vcpu, struct kvm_sregs *sregs)
{
	return xioctl(vcpu->fd, KVM_GET_SREGS, sregs);
}

int nvmx_set_sregs(const struct nvmx_vcpu *vcpu,
		   const struct kvm_sregs *sregs)
{
	return xioctl(vcpu->fd, KVM_SET_SREGS, (void *)sregs);
}

int nvmx_set_cpuid(const struct nvmx_vcpu *vcpu,
		   const struct kvm_cpuid2 *cpuid)
{
	return xioctl(vcpu->fd, KVM_SET_CPUID2, (void *)cpuid);
}

/* struct kvm_msrs with room for one entry. */
struct one_msr {
	struct kvm_msrs hdr;
	struct kvm_msr_entry entry;
};

int nvmx_get_msr(const struct nvmx_vcpu *vcpu, uint32_t index,
		 uint64_t *value)
{
	struct one_msr m = { .hdr.nmsrs = 1, .entry.index = index };
	int ret = xioctl(vcpu->fd, KVM_GET_MSRS, &m);

	/* KVM_GET_MSRS answers the number of MSRs it read. */
	if (ret == 0)
		return -EINVAL;
	if (ret < 0)
		return ret;
	*value = m.entry.data;
	return 0;
}

int nvmx_set_msr(const struct nvmx_vcpu *vcpu, uint32_t index,
		 uint64_t value)
{
	struct one_msr m = {
		.hdr.nmsrs = 1,
		.entry.index = index,
		.entry.data = value,
	};
	int ret = xioctl(vcpu->fd, KVM_SET_MSRS, &m);

	if (ret == 0)
		return -EINVAL;
	return ret < 0 ? ret : 0;
}

int nvmx_interrupt(const struct nvmx_vcpu *vcpu, uint32_t irq)
{
	struct kvm_interrupt intr = { .irq = irq };

	return xioctl(vcpu->fd, KVM_INTERRUPT, &intr);
}

int nvmx_is_nvmx(const struct nvmx_sys *sys)
{
	int ret = nvmx_check_extension(sys->fd, NVMX_CAP_NVMX);

	return ret < 0 ? ret : ret > 0;
}

int nvmx_get_exit_counts(const struct nvmx_vcpu *vcpu,
			 struct nvmx_exit_counts *counts)
{
	return xioctl(vcpu->fd, NVMX_GET_EXIT_COUNTS, counts);
}

int nvmx_get_nested_counts(const struct nvmx_vcpu *vcpu,
			   struct nvmx_nested_counts *counts)
{
	return xioctl(vcpu->fd, NVMX_GET_NESTED_COUNTS, counts);
}

int nvmx_reset_exit_counts(const struct nvmx_vcpu *vcpu)
{
	return xioctl_val(vcpu->fd, NVMX_RESET_EXIT_COUNTS, 0);
}

int nvmx_get_cpuid(const struct nvmx_vcpu *vcpu, struct kvm_cpuid2 *cpuid)
{
	return xioctl(vcpu->fd, KVM_GET_CPUID2, cpuid);
}

int nvmx_get_fpu(const struct nvmx_vcpu *vcpu, struct kvm_fpu *fpu)
{
	return xioctl(vcpu->fd, KVM_GET_FPU, fpu);
}

int nvmx_set_fpu(const struct nvmx_vcpu *vcpu, const struct kvm_fpu *fpu)
{
	return xioctl(vcpu->fd, KVM_SET_FPU, (void *)fpu);
}

int nvmx_get_xsave(const struct nvmx_vcpu *vcpu, struct kvm_xsave *xsave)
{
	return xioctl(vcpu->fd, KVM_GET_XSAVE, xsave);
}

int nvmx_set_xsave(const struct nvmx_vcpu *vcpu,
		   const struct kvm_xsave *xsave)
{
	return xioctl(vcpu->fd, KVM_SET_XSAVE, (void *)xsave);
}

int nvmx_get_xcrs(const struct nvmx_vcpu *vcpu, struct kvm_xcrs *xcrs)
{
	return xioctl(vcpu->fd, KVM_GET_XCRS, xcrs);
}

int nvmx_set_xcrs(const struct nvmx_vcpu *vcpu, const struct kvm_xcrs *xcrs)
{
	return xioctl(vcpu->fd, KVM_SET_XCRS, (void *)xcrs);
}

int nvmx_get_msr_index_list(const struct nvmx_sys *sys,
			    struct kvm_msr_list **list)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *l;
	int ret;

	/* The first call fails with E2BIG and says how many there are. */
	ret = xioctl(sys->fd, KVM_GET_MSR_INDEX_LIST, &probe);
	if (ret && ret != -E2BIG)
		return ret;
	l = calloc(1, sizeof(*l) + probe.nmsrs * sizeof(l->indices[0]));
	if (!l)
		return -ENOMEM;
	l->nmsrs = probe.nmsrs;
	ret = xioctl(sys->fd, KVM_GET_MSR_INDEX_LIST, l);
	if (ret) {
		free(l);
		return ret;
	}
	*list = l;
	return 0;
}

int nvmx_set_identity_map_addr(const struct nvmx_vm *vm, uint64_t addr)
{
	return xioctl(vm->fd, KVM_SET_IDENTITY_MAP_ADDR, &addr);
}
