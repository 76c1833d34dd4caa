// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/nvmx: the system fd, with KVM's system ioctls.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>

#include "cpuid.h"
#include "dev.h"
#include "extensions.h"
#include "msr.h"
#include "vm.h"

/* Argument checks mirror kvm_dev_ioctl() of Linux 6.1. */
static long nvmx_dev_ioctl(struct file *filp, unsigned int ioctl,
			   unsigned long arg)
{
	switch (ioctl) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CHECK_EXTENSION:
		return nvmx_check_extension(arg);
	case KVM_CREATE_VM:
		return nvmx_vm_create(arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		/* One page: struct kvm_run, then the port I/O data. */
		return arg ? -EINVAL : PAGE_SIZE;
	case KVM_GET_SUPPORTED_CPUID:
		return nvmx_dev_get_supported_cpuid((void __user *)arg);
	case KVM_GET_MSR_INDEX_LIST:
		return nvmx_dev_get_msr_index_list((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

/* .owner pins the module while /dev/nvmx is open. */
static const struct file_operations nvmx_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = nvmx_dev_ioctl,
	.compat_ioctl = nvmx_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice nvmx_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "nvmx",
	.fops = &nvmx_dev_fops,
	.mode = 0666,
};

/**
 * nvmx_dev_register() - create /dev/nvmx
 *
 * Return: 0 on success, else the misc_register() error.
 */
int nvmx_dev_register(void)
{
	return misc_register(&nvmx_misc);
}

/**
 * nvmx_dev_unregister() - remove /dev/nvmx
 */
void nvmx_dev_unregister(void)
{
	misc_deregister(&nvmx_misc);
}
