/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU VMX operation (VMXON/VMXOFF), reference-counted by live VMs.
 */
#ifndef NVMX_VMX_CPU_H
#define NVMX_VMX_CPU_H

struct dentry;

int nvmx_vmx_cpu_init(void);
void nvmx_vmx_cpu_exit(void);
int nvmx_vmx_get(void);
void nvmx_vmx_put(void);
void nvmx_vmx_debugfs_init(struct dentry *dir);

#endif /* NVMX_VMX_CPU_H */
