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

/* The VM-exit information fields (SDM Vol. 3C 25.9.1-25.9.4), exit.c. */
#define NVMX_EXIT_INFO_FIELDS	10

/**
 * struct nvmx_exit_soft - exit-information fields L0 could not VMWRITE
 * @valid: bit i set: @val[i] is what L1 must read for exit-information
 *         field i (exit.c's order) instead of the hardware vmcs12's value
 * @val: the values
 *
 * Without IA32_VMX_MISC bit 29 on the real CPU, VMWRITE cannot write the
 * read-only exit-information fields (SDM Vol. 3C 31.3 VMWRITE, Vol. 3D
 * A.6), so a synthesized exit's values live here and L1's VMREADs of
 * those fields must trap (nvmx_nested_exit_field_soft()).
 */
struct nvmx_exit_soft {
	u16 valid;
	u64 val[NVMX_EXIT_INFO_FIELDS];
};

/**
 * struct nvmx_nested_l2 - what L0 tracks while L2 runs (guest_mode.c,
 *                         shared.c)
 * @ran: L2 executed since L1's last VMLAUNCH/VMRESUME: vmcs02's guest
 *       state is L2's live state (an exit was not a failed entry)
 * @l1_timer: L1 activated the VMX-preemption timer for L2
 * @l1_left: timer ticks L1's timer has left (SDM Vol. 3C 26.5.1)
 * @armed: value the timer of vmcs02 was last armed with
 * @armed_l1: that value was L1's timer (not L0's IF=0 backstop)
 * @launch: L2 was entered by VMLAUNCH (the vmcs12's launch state was
 *          clear before)
 */
struct nvmx_nested_l2 {
	bool ran;
	bool launch;
	bool l1_timer;
	u32 l1_left;
	u32 armed;
	bool armed_l1;
};

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
 * @ept: nested EPT and VPID state (ept.c), NULL until L2 first runs with
 *       EPT or a VPID
 * @counts: the NVMX_GET_NESTED_COUNTS counters
 * @exit_soft: exit-information fields held in software (exit.c)
 * @l2: L0's bookkeeping while L2 runs
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
	struct nvmx_exit_soft exit_soft;
	struct nvmx_nested_l2 l2;
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

/**
 * struct nvmx_exit_info - the exit-information fields of one L2 exit
 *                         (SDM Vol. 3C 25.9), as read from vmcs02 or as
 *                         synthesized by L0 for L1
 * @reason: exit reason (basic reason in bits 15:0, SDM Vol. 3C 25.9.1)
 * @qual: exit qualification
 * @intr_info: VM-exit interruption information
 * @intr_err: VM-exit interruption error code
 * @idt_info: IDT-vectoring information
 * @idt_err: IDT-vectoring error code
 * @insn_len: VM-exit instruction length
 * @insn_info: VM-exit instruction information
 * @gpa: guest-physical address (EPT violations and misconfigurations)
 * @gla: guest-linear address
 */
struct nvmx_exit_info {
	u32 reason;
	u64 qual;
	u32 intr_info;
	u32 intr_err;
	u32 idt_info;
	u32 idt_err;
	u32 insn_len;
	u32 insn_info;
	u64 gpa;
	u64 gla;
};

/**
 * enum nvmx_check_kind - how a failed nested entry check reaches L1
 * @NVMX_CHECK_VMFAIL: VMfailValid with @error as VM-instruction error
 *                     (7: invalid control field, 8: invalid host state;
 *                     SDM Vol. 3C 31.4)
 * @NVMX_CHECK_EXIT: VM-entry failure: VM exit to L1 with exit reason
 *                   @error (33 invalid guest state, 34 MSR loading) and
 *                   bit 31 set, qualification @qual (SDM Vol. 3C 27.8)
 */
enum nvmx_check_kind {
	NVMX_CHECK_VMFAIL,
	NVMX_CHECK_EXIT,
};

/**
 * struct nvmx_check_failure - the first nested entry check that failed
 * @kind: enum nvmx_check_kind
 * @error: VM-instruction error or basic exit reason
 * @qual: exit qualification for NVMX_CHECK_EXIT
 * @check: which check (enum nvmx_nested_check, uapi/linux/nvmx.h)
 */
struct nvmx_check_failure {
	enum nvmx_check_kind kind;
	u32 error;
	u64 qual;
	u32 check;
};

/* ---- caps.c, insn.c, vmcs12.c [insn] ------------------------------- */

/*
 * The VMCS revision identifier nvmx gives L1 (IA32_VMX_BASIC[30:0], SDM
 * Vol. 3D A.1): L1's VMCS regions hold nvmx's image layout, never a
 * hardware VMCS, so the identifier is nvmx's own ("NV" 01, bit 31 clear).
 */
#define NVMX_VMCS12_REVISION	0x4e560001u

/* caps.c */
int nvmx_nested_caps_init(void);
bool nvmx_nested_available(void);
int nvmx_nested_vcpu_init(struct nvmx_vcpu *vcpu);
void nvmx_nested_vcpu_free(struct nvmx_vcpu *vcpu);
bool nvmx_nested_enabled(const struct nvmx_vcpu *vcpu);
int nvmx_nested_msr_get(struct nvmx_vcpu *vcpu, u32 index, u64 *data,
			bool host);
int nvmx_nested_msr_set(struct nvmx_vcpu *vcpu, u32 index, u64 data,
			bool host);
u64 nvmx_nested_feature_control_reset(const struct nvmx_vcpu *vcpu);
u64 nvmx_nested_feature_control_bits(const struct nvmx_vcpu *vcpu);
unsigned long nvmx_nested_cr4_allowed(const struct nvmx_vcpu *vcpu);
bool nvmx_nested_cr0_valid(const struct nvmx_vcpu *vcpu, unsigned long cr0);
bool nvmx_nested_cr4_valid(const struct nvmx_vcpu *vcpu, unsigned long cr4);
long nvmx_nested_counts_get(struct nvmx_vcpu *vcpu, void __user *argp);
void nvmx_nested_counts_reset(struct nvmx_vcpu *vcpu);

/* insn.c: exit handlers of L1's VMX instructions (exits.c contract) */
void nvmx_nested_vmsucceed(struct nvmx_vcpu *vcpu);
void nvmx_nested_vmfail(struct nvmx_vcpu *vcpu, u32 err);
int nvmx_nested_handle_vmxon(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmxoff(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmclear(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmptrld(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmptrst(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmread(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmwrite(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmlaunch(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_vmresume(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_invept(struct nvmx_vcpu *vcpu);
int nvmx_nested_handle_invvpid(struct nvmx_vcpu *vcpu);

/* vmcs12.c: the page cache and the VMREAD/VMWRITE bitmaps */
int nvmx_vmcs12_bitmaps_alloc(struct nvmx_nested *n);
void nvmx_vmcs12_bitmaps_free(struct nvmx_nested *n);
int nvmx_vmcs12_pages_alloc(struct nvmx_nested *n);
void nvmx_vmcs12_pages_free(struct nvmx_vcpu *vcpu);
struct nvmx_vmcs12_page *nvmx_vmcs12_page_get(struct nvmx_vcpu *vcpu,
					      u64 gpa);
int nvmx_vmcs12_page_clear(struct nvmx_vcpu *vcpu, u64 gpa);
int nvmx_vmcs12_release_all(struct nvmx_vcpu *vcpu);
void nvmx_vmcs12_unlink(struct nvmx_vcpu *vcpu);
void nvmx_vmcs12_link(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p);
u64 nvmx_vmcs12_read(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p,
		     int idx);
void nvmx_vmcs12_write(struct nvmx_vcpu *vcpu, struct nvmx_vmcs12_page *p,
		       int idx, u64 val);

/* ---- checks.c, route.c [rules] --------------------------------------- */

int nvmx_nested_check_entry(struct nvmx_vcpu *vcpu,
			    const struct nvmx_vmcs12 *v12,
			    struct nvmx_check_failure *fail);
void nvmx_nested_check_failed(struct nvmx_vcpu *vcpu,
			      const struct nvmx_check_failure *fail);
bool nvmx_nested_l1_wants_exit(struct nvmx_vcpu *vcpu,
			       const struct nvmx_vmcs12 *v12,
			       const struct nvmx_exit_info *ei);
bool nvmx_nested_l1_wants_event(struct nvmx_vcpu *vcpu,
				const struct nvmx_vmcs12 *v12,
				const struct nvmx_exit_info *ei);

/* ---- exit.c, run/exits integration [entry] --------------------------- */

int nvmx_nested_handle_exit(struct nvmx_vcpu *vcpu, u32 reason);
int nvmx_nested_vmexit(struct nvmx_vcpu *vcpu, const struct nvmx_exit_info *ei);
int nvmx_nested_entry_vmfail(struct nvmx_vcpu *vcpu, u32 err);
int nvmx_nested_pending_events(struct nvmx_vcpu *vcpu);
void nvmx_nested_arm_timer(struct nvmx_vcpu *vcpu, u32 backstop,
			   bool has_timer);
bool nvmx_nested_exit_on_intr(const struct nvmx_vcpu *vcpu);
bool nvmx_nested_event_pending(const struct nvmx_vcpu *vcpu);
u32 nvmx_nested_l1_proc(const struct nvmx_vcpu *vcpu);
struct nvmx_paging_ctx;
int nvmx_nested_gva_to_gpa(struct nvmx_vcpu *vcpu,
			   const struct nvmx_paging_ctx *ctx, u64 gva,
			   u32 access, u64 *l1_gpa);

/**
 * nvmx_nested_guest_mode() - does L2 run on this vCPU?
 * @vcpu: the vCPU
 *
 * Return: true while the vCPU's current VMCS is a vmcs02.
 */
static inline bool nvmx_nested_guest_mode(const struct nvmx_vcpu *vcpu)
{
	return vcpu->nested && vcpu->nested->guest_mode;
}

/* ---- exit.c [vmexit] --------------------------------------------------- */

void nvmx_nested_read_exit_info(struct nvmx_exit_info *ei);
int nvmx_nested_load_entry_msrs(struct nvmx_vcpu *vcpu,
				const struct nvmx_vmcs12 *v12,
				u32 *failed_index);
bool nvmx_nested_exit_field_soft(struct nvmx_vcpu *vcpu, int idx, u64 *val);

/* ---- ept.c [nept] ------------------------------------------------------ */

/* Results of nvmx_nested_ept_violation(). */
#define NVMX_NEPT_FIXED		1	/* L0 mapped it: resume L2 */
#define NVMX_NEPT_REFLECT	2	/* L1's EPT denies it: reflect @ei */
#define NVMX_NEPT_MMIO		3	/* L1 maps it to non-RAM L1 GPA *@l1_gpa */

/*
 * When to call what (kernel-doc in ept.c):
 * - caps.c: IA32_VMX_EPT_VPID_CAP for L1 = nvmx_nested_ept_vpid_cap().
 * - each L1 VMLAUNCH/VMRESUME entering L2, preemptible:
 *   nvmx_nested_vpid02() (vmcs02's VPID, 0 = "enable VPID" off in vmcs02)
 *   and, if vmcs12 has "enable EPT", nvmx_nested_ept_enter() (vmcs02's
 *   EPTP; it stays valid across exits that L0 handles);
 * - right before every VM entry to L2 (after L0-handled exits too), with
 *   preemption off, before run.c handles tlb_flush_pending:
 *   nvmx_nested_tlb_before_entry();
 * - EPT violation of L2 with vmcs12 "enable EPT": nvmx_nested_ept_violation();
 *   without it, L2 GPAs are L1 GPAs (nvmx_mmu_ept_violation());
 * - every exit to L1 from L2: nvmx_nested_vpid_leave();
 * - insn.c after its checks: nvmx_nested_invept(), nvmx_nested_invvpid();
 * - nvmx_nested_vcpu_free(): nvmx_nested_ept_vcpu_free().
 */
u64 nvmx_nested_ept_vpid_cap(void);
int nvmx_nested_ept_enter(struct nvmx_vcpu *vcpu, u64 eptp12, u64 *eptp02);
int nvmx_nested_ept_violation(struct nvmx_vcpu *vcpu, u64 l2_gpa, u64 qual,
			      struct nvmx_exit_info *ei, u64 *l1_gpa);
int nvmx_nested_l2_gpa_to_l1(struct nvmx_vcpu *vcpu, u64 l2_gpa, u32 access,
			     u64 *l1_gpa);
void nvmx_nested_invept(struct nvmx_vcpu *vcpu, u32 type, u64 eptp12);
u16 nvmx_nested_vpid02(struct nvmx_vcpu *vcpu, u16 vpid12);
void nvmx_nested_vpid_leave(struct nvmx_vcpu *vcpu, u16 vpid12);
void nvmx_nested_invvpid(struct nvmx_vcpu *vcpu, u32 type, u16 vpid12,
			 u64 gla);
void nvmx_nested_tlb_before_entry(struct nvmx_vcpu *vcpu);
void nvmx_nested_ept_vcpu_free(struct nvmx_vcpu *vcpu);
void nvmx_nested_ept_zap_vm(struct nvmx_vm *vm);

#endif /* NVMX_NESTED_H */
