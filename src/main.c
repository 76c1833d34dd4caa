// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx: a minimal in-kernel VMM for Intel VT-x with the KVM ioctl ABI.
 *
 * Module load and unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <asm/cpufeatures.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

#include "nested/nested.h"
#include "dev.h"
#include "params.h"
#include "run.h"
#include "vcpu.h"
#include "vmx_caps.h"
#include "vmx_cpu.h"
#include "vmcs.h"

/* CPUID.1:ECX.VMX[bit 5], SDM Vol. 3C 24.6 "Discovering Support for VMX" */
#define NVMX_CPUID1_ECX_VMX BIT(X86_FEATURE_VMX & 31)

/* SDM Vol. 3C 24.7: VMXON outside SMX needs a locked, enabling MSR. */
#define NVMX_FEAT_CTL_NEEDED (FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)

static struct dentry *nvmx_debugfs_dir;

/*
 * Raw CPUID rather than boot_cpu_has(X86_FEATURE_VMX): the kernel clears
 * that flag when firmware disables VMX, which must be told apart.
 */
static int nvmx_check_vtx(void)
{
	u64 feat_ctl;

	if (!(cpuid_ecx(1) & NVMX_CPUID1_ECX_VMX)) {
		pr_err("no VT-x: CPUID.1:ECX.VMX[bit 5] is clear\n");
		return -ENODEV;
	}
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &feat_ctl)) {
		pr_err("VT-x disabled by firmware: IA32_FEATURE_CONTROL unreadable\n");
		return -ENODEV;
	}
	if ((feat_ctl & NVMX_FEAT_CTL_NEEDED) != NVMX_FEAT_CTL_NEEDED) {
		pr_err("VT-x disabled by firmware: IA32_FEATURE_CONTROL 0x%llx (needs lock and VMX outside SMX)\n",
		       feat_ctl);
		return -ENODEV;
	}
	return 0;
}

static void nvmx_debugfs_init(void)
{
	nvmx_debugfs_dir = debugfs_create_dir("nvmx", NULL);
	nvmx_caps_debugfs_init(nvmx_debugfs_dir);
	nvmx_vmx_debugfs_init(nvmx_debugfs_dir);
}

static void nvmx_print_summary(void)
{
	pr_info("loaded: revision_id=0x%x ept=%d vpid=%d unrestricted_guest=%d shadow_vmcs=%d nested=%d nested_strategy=%s\n",
		nvmx_basic_revision_id(nvmx_vmx_caps.basic),
		nvmx_cpu_has_ept(), nvmx_cpu_has_vpid(),
		nvmx_cpu_has_unrestricted_guest(), nvmx_cpu_has_shadow_vmcs(),
		nvmx_nested, nvmx_nested_strategy_name());
}

static int __init nvmx_init(void)
{
	int ret;

	ret = nvmx_check_vtx();
	if (ret)
		return ret;
	ret = nvmx_caps_init();
	if (ret)
		return ret;
	ret = nvmx_nested_caps_init();
	if (ret)
		return ret;
	ret = nvmx_vmcs_setup_init();
	if (ret)
		return ret;
	nvmx_vcpu_module_init();
	nvmx_run_module_init();
	ret = nvmx_vmx_cpu_init();
	if (ret)
		goto exit_run;
	ret = nvmx_dev_register();
	if (ret)
		goto exit_vmx_cpu;
	nvmx_debugfs_init();
	nvmx_print_summary();
	return 0;

exit_vmx_cpu:
	nvmx_vmx_cpu_exit();
exit_run:
	nvmx_run_module_exit();
	nvmx_vmcs_setup_exit();
	return ret;
}

static void __exit nvmx_exit(void)
{
	debugfs_remove_recursive(nvmx_debugfs_dir);
	nvmx_dev_unregister();
	nvmx_vmx_cpu_exit();
	nvmx_run_module_exit();
	nvmx_vmcs_setup_exit();
}

module_init(nvmx_init);
module_exit(nvmx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nvmx: minimal Intel VT-x VMM with the KVM ioctl ABI");
