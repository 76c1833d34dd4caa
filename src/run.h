/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM_RUN.
 */
#ifndef NVMX_RUN_H
#define NVMX_RUN_H

struct nvmx_vcpu;

void nvmx_run_init(struct nvmx_vcpu *vcpu);
void nvmx_run_write_host_segs(struct nvmx_vcpu *vcpu);
int nvmx_vcpu_run(struct nvmx_vcpu *vcpu);
void nvmx_run_module_init(void);
void nvmx_run_module_exit(void);

/* vmenter.S: 0 after a VM exit, 1 after VMfail. */
int nvmx_vmenter(unsigned long *regs, bool launched);

#endif /* NVMX_RUN_H */
