/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual CPUs: the fd that KVM_CREATE_VCPU returns.
 */
#ifndef NVMX_VCPU_H
#define NVMX_VCPU_H

#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/types.h>
#include <linux/nvmx.h>

#include "cpuid.h"
#include "fpu.h"
#include "insn_decode.h"
#include "msr.h"

struct nvmx_vm;
struct nvmx_nested;

/* GPR indices of nvmx_vcpu.regs, x86 encoding order (KVM's VCPU_REGS_*) */
enum nvmx_reg {
	NVMX_REG_RAX,
	NVMX_REG_RCX,
	NVMX_REG_RDX,
	NVMX_REG_RBX,
	NVMX_REG_RSP,
	NVMX_REG_RBP,
	NVMX_REG_RSI,
	NVMX_REG_RDI,
	NVMX_REG_R8,
	NVMX_REG_R9,
	NVMX_REG_R10,
	NVMX_REG_R11,
	NVMX_REG_R12,
	NVMX_REG_R13,
	NVMX_REG_R14,
	NVMX_REG_R15,
	NVMX_NR_REGS,
};

/**
 * enum nvmx_pending_io - what the next KVM_RUN must finish first
 * @NVMX_IO_NONE: nothing
 * @NVMX_IO_PIO_IN: an IN/INS whose data userspace has put in kvm_run
 * @NVMX_IO_PIO_OUT: an OUT/OUTS userspace has consumed
 * @NVMX_IO_MMIO_READ: an MMIO load whose data is in kvm_run->mmio
 * @NVMX_IO_MMIO_WRITE: an MMIO store userspace has consumed
 */
enum nvmx_pending_io {
	NVMX_IO_NONE,
	NVMX_IO_PIO_IN,
	NVMX_IO_PIO_OUT,
	NVMX_IO_MMIO_READ,
	NVMX_IO_MMIO_WRITE,
};

/**
 * struct nvmx_pio - a port I/O exit being completed by userspace
 * @string: INS/OUTS
 * @rep: REP prefix
 * @size: access width in bytes (1, 2, 4)
 * @count: iterations handed to userspace in kvm_run (1 unless string)
 * @addr_size: address size in bytes of a string instruction (2, 4, 8)
 * @gva: linear address of the first element of a string instruction
 * @df: RFLAGS.DF of a string instruction
 * @insn_len: instruction length, to skip on completion
 * @rip: RIP of the instruction; completion skips it only if RIP is unchanged
 */
struct nvmx_pio {
	bool string;
	bool rep;
	u8 size;
	u32 count;
	u8 addr_size;
	u64 gva;
	bool df;
	u8 insn_len;
	unsigned long rip;
};

/**
 * struct nvmx_host_segs - host selectors and bases reloaded after guest use
 * @ds: DS selector
 * @es: ES selector
 * @fs: FS selector
 * @gs: GS selector
 * @ldt: LDTR selector
 * @fs_base: IA32_FS_BASE of the thread
 */
struct nvmx_host_segs {
	u16 ds;
	u16 es;
	u16 fs;
	u16 gs;
	u16 ldt;
	unsigned long fs_base;
};

/**
 * struct nvmx_loaded_vmcs - a hardware VMCS and where it is active
 * @vmcs: the VMCS region (one page)
 * @pa: physical address of @vmcs
 * @launched: its launch state is "launched" (SDM Vol. 3C 25.11.3):
 *            VMRESUME, not VMLAUNCH
 * @cpu: CPU on which it is active (VMPTRLD'd, or linked as a shadow
 *       VMCS, since its last VMCLEAR), -1 if none
 * @link: entry of that CPU's list of active VMCSs
 * @host_state_cpu: CPU whose per-CPU host state it holds, -1 if none
 * @host_cr3: HOST_CR3 last written to it
 * @host_cr4: HOST_CR4 last written to it
 *
 * vmcs01 is one; under nested VMX the hardware vmcs12/vmcs02 pages are
 * others (src/nested/).  All fields but @vmcs and @pa change only with
 * preemption disabled on the vCPU's thread or in the IPI that VMCLEARs.
 */
struct nvmx_loaded_vmcs {
	void *vmcs;
	u64 pa;
	bool launched;
	int cpu;
	struct list_head link;
	int host_state_cpu;
	unsigned long host_cr3;
	unsigned long host_cr4;
};

/**
 * struct nvmx_vcpu - one virtual CPU
 * @vm: the VM (a vCPU holds a reference on it)
 * @id: KVM_CREATE_VCPU argument (vcpu_id)
 * @run: the shared struct kvm_run page, mmap offset 0 of the vCPU fd
 * @mutex: held by every vCPU ioctl (as KVM's vcpu->mutex)
 * @regs: guest GPRs, x86 encoding order (enum nvmx_reg); RSP is synced
 *        with the VMCS around each entry
 * @rip: guest RIP (cached, written to the VMCS before entry)
 * @rflags: guest RFLAGS (cached, written to the VMCS before entry)
 * @cpuid: the KVM_SET_CPUID2 table (state)
 * @msrs: guest MSRs outside the VMCS (state)
 * @fpu: guest FPU/XSAVE state (state)
 * @vmcs01: the VMCS that runs L1 (the only one without nested VMX)
 * @cur: the VMCS the next entry uses: @vmcs01, or while L2 runs the
 *       vmcs02 of src/nested/
 * @linked: the shadow VMCS linked from @vmcs01 (SDM Vol. 3C 25.10), kept
 *          active on the vCPU's CPU beside @cur; NULL if none
 * @cpu: CPU on which @cur was last made current, -1 if none
 * @vpid: VPID of this vCPU (0 if VPIDs are not used)
 * @tlb_flush_pending: translations tagged with this vCPU's VPID may be
 *                     stale on the CPU that enters next (the vCPU came
 *                     from another CPU, or userspace rewrote its paging
 *                     state); VM entry does not flush them when VPIDs
 *                     are on (SDM Vol. 3C 29.4.3.1, "Operations that
 *                     Invalidate Cached Mappings"), so the next entry
 *                     flushes them first
 * @preempt_notifier: moves the VMCS and host state with the thread
 * @host_saved: @host_msrs and @host_segs hold the host's values, which
 *              must be restored before returning to userspace or being
 *              scheduled out
 * @guest_msrs_loaded: this CPU runs with the guest's syscall MSRs
 * @host_msrs: the host values of the swapped MSRs while guest ones are in
 * @host_segs: host selectors that VM exits do not restore
 * @inject_info: VM-entry interruption information for the next entry
 *               (0 if none; SDM Vol. 3C 25.8.3)
 * @inject_err: its error code
 * @inject_len: its instruction length (software events)
 * @irq_pending: a KVM_INTERRUPT vector waits for injection
 * @irq_vector: that vector
 * @nmi_pending: an NMI must be re-raised to the host after the exit
 * @pending_io: what the next KVM_RUN completes before entering
 * @pio: the pending port I/O
 * @mmio: the pending MMIO load (decode's description of the instruction)
 * @mmio_rip: RIP of that load
 * @nested: nested VMX state (src/nested/nested.h), NULL when the module
 *          runs with nested=0
 * @exit_total: every VM exit since creation or the last reset
 * @exit_counts: VM exits by basic exit reason
 */
struct nvmx_vcpu {
	struct nvmx_vm *vm;
	int id;
	struct kvm_run *run;
	struct mutex mutex; /* vCPU ioctls */
	unsigned long regs[NVMX_NR_REGS];
	unsigned long rip;
	unsigned long rflags;
	struct nvmx_cpuid cpuid;
	struct nvmx_guest_msrs msrs;
	struct nvmx_vcpu_fpu fpu;
	struct nvmx_loaded_vmcs vmcs01;
	struct nvmx_loaded_vmcs *cur;
	struct nvmx_loaded_vmcs *linked;
	int cpu;
	u16 vpid;
	bool tlb_flush_pending;
	struct preempt_notifier preempt_notifier;
	bool host_saved;
	bool guest_msrs_loaded;
	struct nvmx_guest_msrs host_msrs;
	struct nvmx_host_segs host_segs;
	u32 inject_info;
	u32 inject_err;
	u32 inject_len;
	bool irq_pending;
	u8 irq_vector;
	bool nmi_pending;
	enum nvmx_pending_io pending_io;
	struct nvmx_pio pio;
	struct nvmx_mmio_insn mmio;
	unsigned long mmio_rip;
	struct nvmx_nested *nested;
	u64 exit_total;
	u64 exit_counts[NVMX_EXIT_REASONS];
};

int nvmx_vcpu_create(struct nvmx_vm *vm, unsigned long id);
void nvmx_vcpu_destroy_all(struct nvmx_vm *vm);
void nvmx_vcpu_activate(struct nvmx_vcpu *vcpu);
int nvmx_loaded_vmcs_alloc(struct nvmx_loaded_vmcs *lv, bool shadow);
void nvmx_loaded_vmcs_free(struct nvmx_loaded_vmcs *lv);
void nvmx_loaded_vmcs_clear(struct nvmx_loaded_vmcs *lv);
void nvmx_loaded_vmcs_track(struct nvmx_loaded_vmcs *lv);
void nvmx_loaded_vmcs_load(struct nvmx_loaded_vmcs *lv);
void nvmx_vmcs_clear_cpu(void);
void nvmx_vcpu_module_init(void);
void nvmx_vcpu_load(struct nvmx_vcpu *vcpu);
void nvmx_vcpu_put(struct nvmx_vcpu *vcpu);
void nvmx_vcpu_reset_state(struct nvmx_vcpu *vcpu);
long nvmx_vcpu_state_ioctl(struct nvmx_vcpu *vcpu, unsigned int ioctl,
			   void __user *argp);

#endif /* NVMX_VCPU_H */
