/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested VMX: types and cross-file interfaces of src/nested/.
 *
 * Vocabulary (Documentation/nested.md): L0 is nvmx, L1 the hypervisor in
 * an nvmx VM, L2 its guest.  vmcs01 runs L1; vmcs12 is L1's VMCS as L1
 * sees it; vmcs02 is the hardware VMCS that runs L2.  Under the shared
 * strategy (shared.c) vmcs12 and vmcs02 are one hardware page, a
 * struct nvmx_vmcs12_page, in one of two roles at a time.
 *
 * Files, one concern each:
 *   caps.c     VMX capability MSRs offered to L1, FEATURE_CONTROL, CR0/CR4
 *              rules in VMX operation, CPUID.1:ECX.VMX
 *   insn.c     the VMX-instruction exits of L1
 *   vmcs12.c   the bounded cache of hardware vmcs12 pages, their save
 *              layout in L1 memory, the VMREAD/VMWRITE bitmaps
 *   shared.c   the shared strategy (struct nvmx_nested_strategy)
 *   checks.c   checks before every L2 entry (rules in entry_checks.h)
 *   route.c    which L2 exits L1 wants (rules in route_rules.h)
 *   exit.c     reflecting an L2 exit into L1 (SDM Vol. 3C 28.5)
 *   ept.c      nested EPT and VPID02 (walker in ept_walk.h)
 */
#ifndef NVMX_NESTED_H
#define NVMX_NESTED_H

#include <linux/types.h>
#include <linux/nvmx.h>

#include "../vcpu.h"
#include "vmcs12.h"

struct nvmx_vm;

/* L1's current-VMCS pointer when it has none (SDM Vol. 3C 25.11.1, 31.3 VMPTRST). */
#define NVMX_NO_VMCS12		(~0ull)

/* Hardware vmcs12 pages one vCPU keeps at most (the rest are evicted). */
#define NVMX_NESTED_VMCS_CACHE	4

/**
 * struct nvmx_nested_caps - the VMX capability MSRs L1 reads
 *
 * Computed once at module load (caps.c) from what the CPU and nvmx both
 * support; SDM Vol. 3D appendix A gives each MSR's layout.  The
 * documentation of caps.c says what is offered and why.
 */
struct nvmx_nested_caps {
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 exit;
	u64 entry;
	u64 true_pinbased;
	u64 true_procbased;
	u64 true_exit;
	u64 true_entry;
	u64 misc;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
	u64 vmcs_enum;
	u64 procbased2;
	u64 ept_vpid_cap;
};

extern struct nvmx_nested_caps nvmx_nested_caps;

/**
 * struct nvmx_vmcs12_image - nvmx's layout of an evicted vmcs12 in L1's
 *                            VMCS region
 * @revision: the revision identifier L1 wrote (SDM Vol. 3C 25.2), kept
 * @abort: the VMX-abort indicator (SDM Vol. 3C 25.2), kept
 * @magic: NVMX_VMCS12_MAGIC when the rest is an nvmx image
 * @launched: launch state of the vmcs12 (SDM Vol. 3C 25.11.3)
 * @f: the fields, by table row
 *
 * Whatever L1 writes over it only becomes field values, which are
 * checked before any entry like values L1 VMWRITEs.
 */
struct nvmx_vmcs12_image {
	u32 revision;
	u32 abort;
	u32 magic;
	u32 launched;
	u64 f[NVMX_NR_VMCS_FIELDS];
};

#define NVMX_VMCS12_MAGIC	0x4e56310cu	/* "NV1", vmcs12 */

/**
 * struct nvmx_vmcs12_page - a hardware page that holds one vmcs12
 * @gpa: L1's VMCS pointer it stands for, NVMX_NO_VMCS12 if the slot is free
 * @lv: the hardware VMCS: shadow indicator 1 while it is vmcs12 linked
 *      from vmcs01, 0 while it is vmcs02 running L2
 * @launched: the vmcs12's launch state as L1 sees it (SDM Vol. 3C
 *            25.11.3), separate from @lv's hardware launch state
 * @last_use: for eviction (least recently used goes first)
 */
struct nvmx_vmcs12_page {
	u64 gpa;
	struct nvmx_loaded_vmcs lv;
	bool launched;
	u64 last_use;
};

struct nvmx_nested_ept;

/**
 * struct nvmx_nested - per-vCPU nested VMX state
 * @vmxon: L1 is in VMX operation (SDM Vol. 3C 24.7)
 * @vmxon_ptr: L1's VMXON pointer
 * @current_ptr: L1's current-VMCS pointer, NVMX_NO_VMCS12 if none
 * @cur_page: the cached page of @current_ptr, NULL if none
 * @pages: the cache of hardware vmcs12 pages
 * @use_clock: counter behind nvmx_vmcs12_page.last_use
 * @guest_mode: L2 runs (vcpu->cur is @cur_page in its vmcs02 role)
 * @v12: L1's vmcs12, read at its last VMLAUNCH/VMRESUME; while L2 runs it
 *       holds L1's values of the fields L0 overrides in vmcs02
 * @vmread_bitmap: VMREAD bitmap of vmcs01 (SDM Vol. 3C 25.6.15)
 * @vmwrite_bitmap: VMWRITE bitmap of vmcs01
 * @ept: nested EPT state (ept.c), NULL until L2 first runs with EPT
 * @counts: the NVMX_GET_NESTED_COUNTS counters
 */
struct nvmx_nested {
	bool vmxon;
	u64 vmxon_ptr;
	u64 current_ptr;
	struct nvmx_vmcs12_page *cur_page;
	struct nvmx_vmcs12_page pages[NVMX_NESTED_VMCS_CACHE];
	u64 use_clock;
	bool guest_mode;
	struct nvmx_vmcs12 v12;
	unsigned long *vmread_bitmap;
	unsigned long *vmwrite_bitmap;
	struct nvmx_nested_ept *ept;
	struct nvmx_nested_counts counts;
};

/**
 * struct nvmx_nested_strategy - how vmcs12 and vmcs02 are kept
 * @name: "shared" (shared.c); "copy" and "trap" are to come beside it
 * @vmptrld: make the vmcs12 at @gpa current (L1's VMPTRLD passed its
 *           checks); 0, a VM-instruction error (> 0) or -errno
 * @vmclear: L1's VMCLEAR of @gpa passed its checks: the vmcs12 leaves
 *           the processor (its data reaches L1's region) and its launch
 *           state becomes clear; 0 or -errno
 * @vmread: an L1 VMREAD that exited, field row @idx of the current
 *          vmcs12; 0, a VM-instruction error or -errno
 * @vmwrite: an L1 VMWRITE that exited; likewise
 * @enter: VMLAUNCH (@launch) or VMRESUME passed the VMfail checks of
 *         insn.c: read vmcs12, check it (checks.c), switch the vCPU to
 *         vmcs02; 1 to enter L2, 0 when the entry failed architecturally
 *         (L1 was given its VMfail or VM-entry-failure exit), -errno
 * @leave: an L2 exit goes to L1: give L1 its vmcs12 back and make vmcs01
 *         current (exit.c then loads L1's host state)
 */
struct nvmx_nested_strategy {
	const char *name;
	int (*vmptrld)(struct nvmx_vcpu *vcpu, u64 gpa);
	int (*vmclear)(struct nvmx_vcpu *vcpu, u64 gpa);
	int (*vmread)(struct nvmx_vcpu *vcpu, int idx, u64 *val);
	int (*vmwrite)(struct nvmx_vcpu *vcpu, int idx, u64 val);
	int (*enter)(struct nvmx_vcpu *vcpu, bool launch);
	void (*leave)(struct nvmx_vcpu *vcpu);
};

extern const struct nvmx_nested_strategy nvmx_nested_shared;

/* ---- caps.c [insn] ---------------------------------------------------- */

/* ---- insn.c, vmcs12.c [insn] ------------------------------------------ */

/* ---- shared.c [insn: vmptrld/vmclear/vmread/vmwrite; entry: enter/leave] */

/* ---- checks.c, route.c [rules] ---------------------------------------- */

/* ---- exit.c, run/exits integration [entry] ---------------------------- */

/* ---- ept.c [nept] ------------------------------------------------------- */

#endif /* NVMX_NESTED_H */
