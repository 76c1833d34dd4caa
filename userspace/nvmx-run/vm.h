/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NVMX_RUN_VM_H
#define NVMX_RUN_VM_H

#include "nvmx-run.h"

/* Create the VM on o->device, run it, return nvmx-run's exit status. */
int vm_run(const struct options *o, const struct guest *g,
	   const struct boot *b);

/* --counts (counts.c): print one vCPU's exit counts on stderr. */
void counts_print(const struct nvmx_vcpu *v);

/* Name of a basic VMX exit reason from <asm/vmx.h>, "?" if unknown. */
const char *vmx_exit_reason_name(unsigned int reason);

#endif
