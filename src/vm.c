// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CREATE_VM and the VM fd.
 *
 * A VM lives while its fd or any of its vCPU fds is open (struct
 * nvmx_vm.refs), as KVM's users_count: closing the fds in any order frees
 * it with the last one.
 */
#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "extensions.h"
#include "vcpu.h"
#include "vm.h"
#include "vmx_cpu.h"

static void nvmx_vm_free(struct kref *kref)
{
	struct nvmx_vm *vm = container_of(kref, struct nvmx_vm, refs);

	nvmx_vcpu_destroy_all(vm);
	nvmx_mmu_destroy(vm);
	mmdrop(vm->mm);
	mutex_destroy(&vm->lock);
	kfree(vm);
	nvmx_vmx_put();
}

/**
 * nvmx_vm_get() - take a reference on a VM
 * @vm: the VM
 */
void nvmx_vm_get(struct nvmx_vm *vm)
{
	kref_get(&vm->refs);
}

/**
 * nvmx_vm_put() - drop a reference; the last one frees the VM
 * @vm: the VM
 */
void nvmx_vm_put(struct nvmx_vm *vm)
{
	kref_put(&vm->refs, nvmx_vm_free);
}

static int nvmx_vm_release(struct inode *inode, struct file *filp)
{
	nvmx_vm_put(filp->private_data);
	return 0;
}

static long nvmx_vm_set_user_memory_region(struct nvmx_vm *vm,
					   void __user *argp)
{
	struct kvm_userspace_memory_region mem;

	if (copy_from_user(&mem, argp, sizeof(mem)))
		return -EFAULT;
	return nvmx_vm_set_memory_region(vm, &mem);
}

/* KVM's vmx_set_identity_map_addr() takes any address, once per VM. */
static long nvmx_vm_set_identity_map_addr(struct nvmx_vm *vm,
					  void __user *argp)
{
	u64 addr;

	/* kvm_arch_vm_ioctl(): -EINVAL once a vCPU exists, checked first. */
	if (vm->nr_vcpus)
		return -EINVAL;
	if (copy_from_user(&addr, argp, sizeof(addr)))
		return -EFAULT;
	vm->identity_map_addr = addr;
	vm->identity_map_set = true;
	return 0;
}

/*
 * KVM's vmx_set_tss_addr(): the three pages must lie below 4 GiB
 * (addr + 3 pages must not wrap past 32 bits); -EINVAL otherwise.
 * Unrestricted guest needs no real-mode TSS, so nvmx only records it.
 */
static long nvmx_vm_set_tss_addr(struct nvmx_vm *vm, unsigned long addr)
{
	if (addr > (unsigned int)(-3 * PAGE_SIZE))
		return -EINVAL;
	vm->tss_addr = addr;
	return 0;
}

static long nvmx_vm_ioctl_locked(struct nvmx_vm *vm, unsigned int ioctl,
				 unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (ioctl) {
	case KVM_CREATE_VCPU:
		return nvmx_vcpu_create(vm, arg);
	case KVM_SET_USER_MEMORY_REGION:
		return nvmx_vm_set_user_memory_region(vm, argp);
	case KVM_SET_TSS_ADDR:
		return nvmx_vm_set_tss_addr(vm, arg);
	case KVM_SET_IDENTITY_MAP_ADDR:
		return nvmx_vm_set_identity_map_addr(vm, argp);
	default:
		return -ENOTTY;
	}
}

static long nvmx_vm_ioctl(struct file *filp, unsigned int ioctl,
			  unsigned long arg)
{
	struct nvmx_vm *vm = filp->private_data;
	long r;

	/* kvm_vm_ioctl(): only the creator process may use the VM. */
	if (vm->mm != current->mm)
		return -EIO;
	if (ioctl == KVM_CHECK_EXTENSION)
		return nvmx_check_extension(arg);
	mutex_lock(&vm->lock);
	r = nvmx_vm_ioctl_locked(vm, ioctl, arg);
	mutex_unlock(&vm->lock);
	return r;
}

static const struct file_operations nvmx_vm_fops = {
	.owner = THIS_MODULE,
	.release = nvmx_vm_release,
	.unlocked_ioctl = nvmx_vm_ioctl,
	.compat_ioctl = nvmx_vm_ioctl,
	.llseek = noop_llseek,
};

/**
 * nvmx_vm_create() - KVM_CREATE_VM
 * @type: the ioctl argument; only 0 (KVM_X86_DEFAULT_VM) is supported
 *
 * Takes a VMX reference (every online CPU enters VMX operation with the
 * first VM) that the VM's last reference drops.
 *
 * Return: the new VM fd, -EINVAL for another @type, -ENOMEM, -EBUSY if
 * VMX cannot be entered, or the anon_inode_getfd() error.
 */
int nvmx_vm_create(unsigned long type)
{
	struct nvmx_vm *vm;
	int ret;

	if (type)
		return -EINVAL;
	ret = nvmx_vmx_get();
	if (ret)
		return ret;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm) {
		ret = -ENOMEM;
		goto put_vmx;
	}
	mutex_init(&vm->lock);
	kref_init(&vm->refs);
	mmgrab(current->mm);
	vm->mm = current->mm;
	ret = nvmx_mmu_init(vm);
	if (ret)
		goto free_vm;
	ret = anon_inode_getfd("kvm-vm", &nvmx_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (ret < 0)
		goto destroy_mmu;
	return ret;

destroy_mmu:
	nvmx_mmu_destroy(vm);
free_vm:
	mmdrop(vm->mm);
	mutex_destroy(&vm->lock);
	kfree(vm);
put_vmx:
	nvmx_vmx_put();
	return ret;
}
