// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_CREATE_VM and the VM fd.
 */
#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "extensions.h"
#include "vm.h"
#include "vmx_cpu.h"

static void nvmx_vm_free(struct nvmx_vm *vm)
{
	mutex_destroy(&vm->lock);
	kfree(vm);
}

static int nvmx_vm_release(struct inode *inode, struct file *filp)
{
	nvmx_vm_free(filp->private_data);
	nvmx_vmx_put();
	return 0;
}

static long nvmx_vm_ioctl(struct file *filp, unsigned int ioctl,
			  unsigned long arg)
{
	switch (ioctl) {
	case KVM_CHECK_EXTENSION:
		return nvmx_check_extension(arg);
	default:
		return -ENOTTY;
	}
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
 * first VM) that the VM fd's release drops.
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
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	mutex_init(&vm->lock);
	ret = nvmx_vmx_get();
	if (ret)
		goto free_vm;
	ret = anon_inode_getfd("nvmx-vm", &nvmx_vm_fops, vm,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		goto put_vmx;
	return ret;

put_vmx:
	nvmx_vmx_put();
free_vm:
	nvmx_vm_free(vm);
	return ret;
}
