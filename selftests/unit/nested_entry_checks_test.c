// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/nested/entry_checks.h (no VM, no kernel).
 *
 * One valid 64-bit L1/L2 vmcs12 (the fixture) and the capability MSRs of
 * a Skylake-like CPU; each variant changes a few fields (and maybe a
 * capability or the context) and names the check that must fail, or
 * NVMX_NCHK_OK when the entry must pass; boundaries are tested on both
 * sides.  The 27.4 rules (the caller's, entry by entry) have their own
 * tables at the end.  L1 memory is [0, 1 MiB) and [2 MiB, 4 MiB), the
 * last MiB read-only; MAXPHYADDR is 36.
 * Every expectation was worked out by hand from SDM Vol. 3C 27.2-27.4.
 */
#include <errno.h>
#include <string.h>

#include "nested_shim.h"
#include "entry_checks.h"
#include "kselftest_harness.h"

#define REV		0x12U
#define BASIC		((1ULL << 55) | (6ULL << 50) | (4096ULL << 32) | REV)
#define MISC		(5ULL | (1ULL << 5) | (1ULL << 6) | (4ULL << 16))
#define EPTCAP		(VMX_EPT_PAGE_WALK_4_BIT | VMX_EPTP_UC_BIT | \
			 VMX_EPTP_WB_BIT | VMX_EPT_AD_BIT)

#define PIN0		(0x16U | PIN_BASED_EXT_INTR_MASK | \
			 PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS)
#define PROC0		(0x04006172U | CPU_BASED_HLT_EXITING | \
			 CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS | \
			 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define PROC2_0		(SECONDARY_EXEC_ENABLE_EPT | \
			 SECONDARY_EXEC_ENABLE_VPID | \
			 SECONDARY_EXEC_UNRESTRICTED_GUEST)
#define EXIT0		(0x36dfbU | VM_EXIT_HOST_ADDR_SPACE_SIZE | \
			 VM_EXIT_ACK_INTR_ON_EXIT | VM_EXIT_LOAD_IA32_PAT | \
			 VM_EXIT_LOAD_IA32_EFER)
#define ENTRY0		(0x11fbU | VM_ENTRY_IA32E_MODE | \
			 VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER)
/* A 32-bit L1 entering a 32-bit L2. */
#define EXIT32		(EXIT0 & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | \
				   VM_EXIT_LOAD_IA32_EFER))
#define ENTRY32		(ENTRY0 & ~(VM_ENTRY_IA32E_MODE | \
				    VM_ENTRY_LOAD_IA32_EFER))
#define EFER64		(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)
#define PAT_OK		0x0007040600070406ULL
#define CR0_OK		0x80000031ULL	/* PG NE ET PE */
#define CR4_OK		0x2020ULL	/* VMXE PAE */
#define RFLAGS_IF	0x202ULL
#define VALID		INTR_INFO_VALID_MASK
#define HW_EXC		(VALID | INTR_TYPE_HARD_EXCEPTION)
#define ERRC		INTR_INFO_DELIVER_CODE_MASK
#define NONCANON	0x0000800000000000ULL
#define PA_LIMIT	(1ULL << 36)

/* L1 memory: [0, 1M) and [2M, 4M), of which [3M, 4M) is read-only. */
#define LOW_END		0x100000ULL
#define RO_START	0x300000ULL
#define HIGH_START	0x200000ULL
#define HIGH_END	0x400000ULL
#define POISON		0x9000ULL	/* in memory, but reads fail */
#define VMCS12_PTR	0x5000ULL
#define MSR_AREA	0x20000ULL

static unsigned char ram[HIGH_END];

static bool test_in_mem(void *opaque, u64 gpa, u64 len, bool write)
{
	(void)opaque;
	if (!len || gpa + len < gpa)
		return false;
	if (write && gpa + len > RO_START)
		return false;
	return gpa + len <= LOW_END ||
	       (gpa >= HIGH_START && gpa + len <= HIGH_END);
}

static int test_read(void *opaque, u64 gpa, void *buf, unsigned int len)
{
	if (gpa >= POISON && gpa < POISON + 0x1000)
		return -EIO;
	if (!test_in_mem(opaque, gpa, len, false))
		return -EFAULT;
	memcpy(buf, ram + gpa, len);
	return 0;
}

static void put32(u64 gpa, u32 x)
{
	memcpy(ram + gpa, &x, sizeof(x));
}

static const struct nvmx_nested_caps caps0 = {
	.basic = BASIC,
	.pinbased = 0x0000007f00000016ULL,
	.true_pinbased = 0x0000007f00000016ULL,
	.procbased = 0xfff9fffe0401e172ULL,
	.true_procbased = 0xfff9fffe04006172ULL,
	.exit = 0x00ffefff00036dffULL,
	.true_exit = 0x00ffefff00036dfbULL,
	.entry = 0x0000ffff000011ffULL,
	.true_entry = 0x0000ffff000011fbULL,
	.misc = MISC,
	.cr0_fixed0 = 0x80000021ULL,
	.cr0_fixed1 = 0xffffffffULL,
	.cr4_fixed0 = 0x2000ULL,
	.cr4_fixed1 = 0x3727ffULL,
	.procbased2 = 0x000118ee00000000ULL,
	.ept_vpid_cap = EPTCAP,
};

static const struct nvmx_entry_ctx ctx0 = {
	.maxphyaddr = 36,
	.va_bits = 48,
	.l1_lma = true,
	.efer_ok = EFER64,
	.debugctl_ok = 3,		/* LBR, BTF */
	.rtm = false,
	.vmcs12_ptr = VMCS12_PTR,
	.in_mem = test_in_mem,
	.read = test_read,
};

/* The valid baseline: a 64-bit L1 entering a 64-bit L2. */
static void vmcs12_init(struct nvmx_vmcs12 *v)
{
	memset(v, 0, sizeof(*v));
	nvmx_vmcs12_set(v, PIN_BASED_VM_EXEC_CONTROL, PIN0);
	nvmx_vmcs12_set(v, CPU_BASED_VM_EXEC_CONTROL, PROC0);
	nvmx_vmcs12_set(v, SECONDARY_VM_EXEC_CONTROL, PROC2_0);
	nvmx_vmcs12_set(v, VM_EXIT_CONTROLS, EXIT0);
	nvmx_vmcs12_set(v, VM_ENTRY_CONTROLS, ENTRY0);
	nvmx_vmcs12_set(v, VIRTUAL_PROCESSOR_ID, 1);
	nvmx_vmcs12_set(v, EPT_POINTER, 0x3000 | VMX_EPTP_PWL_4 | VMX_EPTP_MT_WB);
	nvmx_vmcs12_set(v, IO_BITMAP_A, 0x10000);
	nvmx_vmcs12_set(v, IO_BITMAP_B, 0x11000);
	nvmx_vmcs12_set(v, MSR_BITMAP, 0x12000);
	nvmx_vmcs12_set(v, VM_EXIT_MSR_STORE_ADDR, MSR_AREA);
	nvmx_vmcs12_set(v, VM_EXIT_MSR_LOAD_ADDR, MSR_AREA);
	nvmx_vmcs12_set(v, VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA);
	nvmx_vmcs12_set(v, HOST_CR0, CR0_OK);
	nvmx_vmcs12_set(v, HOST_CR3, 0x1000);
	nvmx_vmcs12_set(v, HOST_CR4, CR4_OK);
	nvmx_vmcs12_set(v, HOST_CS_SELECTOR, 0x08);
	nvmx_vmcs12_set(v, HOST_SS_SELECTOR, 0x10);
	nvmx_vmcs12_set(v, HOST_TR_SELECTOR, 0x18);
	nvmx_vmcs12_set(v, HOST_IA32_PAT, PAT_OK);
	nvmx_vmcs12_set(v, HOST_IA32_EFER, EFER64);
	nvmx_vmcs12_set(v, HOST_RIP, 0xffffffff81000000ULL);
	nvmx_vmcs12_set(v, HOST_RSP, 0xffffc90000000000ULL);
	nvmx_vmcs12_set(v, GUEST_CR0, CR0_OK);
	nvmx_vmcs12_set(v, GUEST_CR3, 0x2000);
	nvmx_vmcs12_set(v, GUEST_CR4, CR4_OK);
	nvmx_vmcs12_set(v, GUEST_IA32_EFER, EFER_LME | EFER_LMA);
	nvmx_vmcs12_set(v, GUEST_IA32_PAT, PAT_OK);
	nvmx_vmcs12_set(v, GUEST_DR7, 0x400);
	nvmx_vmcs12_set(v, GUEST_RFLAGS, RFLAGS_IF);
	nvmx_vmcs12_set(v, VMCS_LINK_POINTER, ~0ULL);
}

static void ram_init(void)
{
	memset(ram, 0, sizeof(ram));
	put32(VMCS12_PTR, REV);
	put32(0x6000, REV);
	put32(0x7000, REV | 1U << 31);
	put32(POISON, REV);
}

/* One field write: the row of the field plus one (0 ends the list). */
struct fset {
	int f;
	u64 v;
};

#define S(name, x)	{ NVMX_F_##name + 1, (x) }

typedef void (*tweak_fn)(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x);

FIXTURE(entry) {
	struct nvmx_vmcs12 v;
	struct nvmx_nested_caps caps;
	struct nvmx_entry_ctx ctx;
};

FIXTURE_VARIANT(entry) {
	int want;		/* NVMX_NCHK_<id>, NVMX_NCHK_OK: must pass */
	u64 qual;		/* exit qualification of a failure */
	tweak_fn tweak;		/* changes to caps0 / ctx0, if any */
	struct fset set[8];
};

FIXTURE_SETUP(entry)
{
	const struct fset *s;

	ram_init();
	vmcs12_init(&self->v);
	self->caps = caps0;
	self->ctx = ctx0;
	if (variant->tweak)
		variant->tweak(&self->caps, &self->ctx);
	for (s = variant->set; s->f; s++)
		self->v.f[s->f - 1] = s->v;
}

FIXTURE_TEARDOWN(entry)
{
}

#define ROW(name, want_, ...)						\
	FIXTURE_VARIANT_ADD(entry, name) {				\
		.want = NVMX_NCHK_##want_, .set = { __VA_ARGS__ } }
#define ROWT(name, want_, tweak_, ...)					\
	FIXTURE_VARIANT_ADD(entry, name) {				\
		.want = NVMX_NCHK_##want_, .tweak = tweak_,		\
		.set = { __VA_ARGS__ } }
#define ROWQ(name, want_, qual_, ...)					\
	FIXTURE_VARIANT_ADD(entry, name) {				\
		.want = NVMX_NCHK_##want_, .qual = qual_,		\
		.set = { __VA_ARGS__ } }

static void no_true_ctls(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->basic &= ~(1ULL << 55);
}

static void no_ept_uc(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->ept_vpid_cap &= ~VMX_EPTP_UC_BIT;
}

static void ept_walk5(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->ept_vpid_cap |= VMX_EPT_PAGE_WALK_5_BIT;
}

static void no_ept_ad(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->ept_vpid_cap &= ~VMX_EPT_AD_BIT;
}

static void no_mtf(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->true_procbased &= ~((u64)CPU_BASED_MONITOR_TRAP_FLAG << 32);
}

static void basic56(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->basic |= 1ULL << 56;
}

static void zero_len(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->misc |= VMX_MISC_ZERO_LEN_INS;
}

static void la57(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)c;
	x->va_bits = 57;
}

static void l1_32bit(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)c;
	x->l1_lma = false;
}

static void shutdown_ok(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->misc |= 1ULL << 7;
}

static void sipi_ok(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->misc |= 1ULL << 8;
}

/* MISC bit 9 is reserved; state 4 is invalid whatever it says. */
static void misc_bits_7_to_9(struct nvmx_nested_caps *c,
			     struct nvmx_entry_ctx *x)
{
	(void)x;
	c->misc |= 7ULL << 7;
}

/* A CPU on which CR0.CD must be 0 in VMX operation. */
static void no_cd(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->cr0_fixed1 &= ~(u64)X86_CR0_CD;
}

static void no_ept_wb(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->ept_vpid_cap &= ~VMX_EPTP_WB_BIT;
}

/* A CPU on which CR0.CD must be 1 in VMX operation. */
static void cd_fixed1(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->cr0_fixed0 |= X86_CR0_CD;
}

/* VMCS shadowing offered (nvmx does not; the rule is the SDM's). */
static void shadowing(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)x;
	c->procbased2 |= (u64)SECONDARY_EXEC_SHADOW_VMCS << 32;
}

static void rtm(struct nvmx_nested_caps *c, struct nvmx_entry_ctx *x)
{
	(void)c;
	x->rtm = true;
}

ROW(baseline_passes, OK);

/* 27.2.1.1 VM-execution controls */
ROW(pin_allowed0_clear, PIN_CTLS, S(PIN_BASED_VM_EXEC_CONTROL, PIN0 & ~2U));
ROW(pin_allowed1_exceeded, PIN_CTLS,
    S(PIN_BASED_VM_EXEC_CONTROL, PIN0 | 1U << 7));
ROW(proc_allowed0_clear, PROC_CTLS, S(CPU_BASED_VM_EXEC_CONTROL, PROC0 & ~2U));
ROW(proc_allowed1_exceeded, PROC_CTLS,
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 | 1U << 17));
/*
 * Without IA32_VMX_BASIC[55] the default1 controls are fixed: CR3-load
 * and CR3-store exiting, save and load debug controls.
 */
ROWT(proc_checked_against_non_true_msr, PROC_CTLS, no_true_ctls);
ROWT(non_true_default1_set_passes, OK, no_true_ctls,
     S(CPU_BASED_VM_EXEC_CONTROL, PROC0 | CPU_BASED_CR3_LOAD_EXITING |
       CPU_BASED_CR3_STORE_EXITING),
     S(VM_EXIT_CONTROLS, EXIT0 | VM_EXIT_SAVE_DEBUG_CONTROLS),
     S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_LOAD_DEBUG_CONTROLS));
ROWT(exit_checked_against_non_true_msr, EXIT_CTLS, no_true_ctls,
     S(CPU_BASED_VM_EXEC_CONTROL, PROC0 | CPU_BASED_CR3_LOAD_EXITING |
       CPU_BASED_CR3_STORE_EXITING));
ROW(proc2_allowed1_exceeded, PROC2_CTLS,
    S(SECONDARY_VM_EXEC_CONTROL, PROC2_0 | SECONDARY_EXEC_SHADOW_VMCS));
ROW(proc2_ignored_unless_activated, OK,
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 & ~CPU_BASED_ACTIVATE_SECONDARY_CONTROLS),
    S(SECONDARY_VM_EXEC_CONTROL, ~0U), S(VIRTUAL_PROCESSOR_ID, 0));
ROW(cr3_target_count_4_passes, OK, S(CR3_TARGET_COUNT, 4));
ROW(cr3_target_count_5_fails, CR3_TARGET_COUNT, S(CR3_TARGET_COUNT, 5));
ROW(io_bitmap_a_unaligned, IO_BITMAP_ADDR, S(IO_BITMAP_A, 0x10800));
ROW(io_bitmap_b_beyond_maxphyaddr, IO_BITMAP_ADDR, S(IO_BITMAP_B, PA_LIMIT));
ROW(io_bitmap_b_last_page_below_maxphyaddr_not_l1_memory, IO_BITMAP_MEM,
    S(IO_BITMAP_B, PA_LIMIT - 0x1000));
ROW(io_bitmap_a_last_low_page_passes, OK, S(IO_BITMAP_A, LOW_END - 0x1000));
ROW(io_bitmap_a_in_hole, IO_BITMAP_MEM, S(IO_BITMAP_A, LOW_END));
ROW(io_bitmaps_unused_unchecked, OK,
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 & ~CPU_BASED_USE_IO_BITMAPS),
    S(IO_BITMAP_A, 0x123), S(IO_BITMAP_B, PA_LIMIT));
ROW(msr_bitmap_unaligned, MSR_BITMAP_ADDR, S(MSR_BITMAP, 0x12004));
ROW(msr_bitmap_beyond_maxphyaddr, MSR_BITMAP_ADDR, S(MSR_BITMAP, PA_LIMIT));
ROW(msr_bitmap_in_hole, MSR_BITMAP_MEM, S(MSR_BITMAP, HIGH_START - 0x1000));
ROW(msr_bitmap_last_high_page_passes, OK, S(MSR_BITMAP, HIGH_END - 0x1000));
ROW(msr_bitmap_unused_unchecked, OK,
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 & ~CPU_BASED_USE_MSR_BITMAPS),
    S(MSR_BITMAP, 0x1));
ROW(virtual_nmis_need_nmi_exiting, VIRTUAL_NMIS,
    S(PIN_BASED_VM_EXEC_CONTROL, PIN0 & ~PIN_BASED_NMI_EXITING));
ROW(nmi_window_needs_virtual_nmis, NMI_WINDOW,
    S(PIN_BASED_VM_EXEC_CONTROL, PIN0 & ~PIN_BASED_VIRTUAL_NMIS),
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 | CPU_BASED_NMI_WINDOW_EXITING));
ROW(nmi_window_with_virtual_nmis_passes, OK,
    S(CPU_BASED_VM_EXEC_CONTROL, PROC0 | CPU_BASED_NMI_WINDOW_EXITING));
ROW(vpid_zero_fails, VPID_ZERO, S(VIRTUAL_PROCESSOR_ID, 0));
ROW(vpid_zero_without_enable_vpid_passes, OK, S(VIRTUAL_PROCESSOR_ID, 0),
    S(SECONDARY_VM_EXEC_CONTROL, PROC2_0 & ~SECONDARY_EXEC_ENABLE_VPID));
ROW(vpid_ffff_passes, OK, S(VIRTUAL_PROCESSOR_ID, 0xffff));
ROW(eptp_uc_passes, OK, S(EPT_POINTER, 0x3000 | VMX_EPTP_PWL_4));
ROWT(eptp_uc_not_offered, EPTP_MEMTYPE, no_ept_uc,
     S(EPT_POINTER, 0x3000 | VMX_EPTP_PWL_4));
ROWT(eptp_wb_not_offered, EPTP_MEMTYPE, no_ept_wb);
ROW(eptp_memtype_wt_fails, EPTP_MEMTYPE,
    S(EPT_POINTER, 0x3000 | VMX_EPTP_PWL_4 | 4));
ROW(eptp_walk_3_fails, EPTP_WALK, S(EPT_POINTER, 0x3000 | 0x10 | 6));
ROW(eptp_walk_5_not_offered, EPTP_WALK,
    S(EPT_POINTER, 0x3000 | VMX_EPTP_PWL_5 | 6));
ROWT(eptp_walk_5_offered_passes, OK, ept_walk5,
     S(EPT_POINTER, 0x3000 | VMX_EPTP_PWL_5 | 6));
ROW(eptp_ad_offered_passes, OK,
    S(EPT_POINTER, 0x3000 | VMX_EPTP_AD_ENABLE_BIT | VMX_EPTP_PWL_4 | 6));
ROWT(eptp_ad_not_offered, EPTP_AD, no_ept_ad,
     S(EPT_POINTER, 0x3000 | VMX_EPTP_AD_ENABLE_BIT | VMX_EPTP_PWL_4 | 6));
ROW(eptp_bit7_reserved, EPTP_RSVD,
    S(EPT_POINTER, 0x3000 | 1U << 7 | VMX_EPTP_PWL_4 | 6));
ROW(eptp_bit11_reserved, EPTP_RSVD,
    S(EPT_POINTER, 0x3000 | 1U << 11 | VMX_EPTP_PWL_4 | 6));
ROW(eptp_beyond_maxphyaddr, EPTP_RSVD,
    S(EPT_POINTER, PA_LIMIT | VMX_EPTP_PWL_4 | 6));
ROW(eptp_last_page_below_maxphyaddr_passes, OK,
    S(EPT_POINTER, (PA_LIMIT - 0x1000) | VMX_EPTP_PWL_4 | 6));
ROW(eptp_unchecked_without_ept, OK, S(EPT_POINTER, 0xfff),
    S(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VPID));
ROW(unrestricted_guest_needs_ept, UG_NEEDS_EPT,
    S(SECONDARY_VM_EXEC_CONTROL, PROC2_0 & ~SECONDARY_EXEC_ENABLE_EPT));

/* 27.2.1.2 VM-exit controls */
ROW(exit_allowed0_clear, EXIT_CTLS, S(VM_EXIT_CONTROLS, EXIT0 & ~1U));
ROW(exit_allowed1_exceeded, EXIT_CTLS, S(VM_EXIT_CONTROLS, EXIT0 | 1U << 12));
ROW(save_timer_needs_timer, PREEMPT_SAVE,
    S(VM_EXIT_CONTROLS, EXIT0 | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER));
ROW(save_timer_with_timer_passes, OK,
    S(VM_EXIT_CONTROLS, EXIT0 | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER),
    S(PIN_BASED_VM_EXEC_CONTROL, PIN0 | PIN_BASED_VMX_PREEMPTION_TIMER));
ROW(exit_msr_store_unaligned, EXIT_MSR_STORE_ADDR,
    S(VM_EXIT_MSR_STORE_ADDR, MSR_AREA + 8), S(VM_EXIT_MSR_STORE_COUNT, 1));
ROW(exit_msr_store_16_aligned_passes, OK,
    S(VM_EXIT_MSR_STORE_ADDR, MSR_AREA + 16), S(VM_EXIT_MSR_STORE_COUNT, 1));
ROW(exit_msr_store_count0_unchecked, OK,
    S(VM_EXIT_MSR_STORE_ADDR, MSR_AREA + 8));
ROW(exit_msr_store_last_byte_beyond, EXIT_MSR_STORE_ADDR,
    S(VM_EXIT_MSR_STORE_ADDR, PA_LIMIT - 16), S(VM_EXIT_MSR_STORE_COUNT, 2));
ROW(exit_msr_store_last_byte_within_not_l1_memory, EXIT_MSR_MEM,
    S(VM_EXIT_MSR_STORE_ADDR, PA_LIMIT - 16), S(VM_EXIT_MSR_STORE_COUNT, 1));
ROW(exit_msr_store_in_read_only_memory, EXIT_MSR_MEM,
    S(VM_EXIT_MSR_STORE_ADDR, HIGH_END - 16), S(VM_EXIT_MSR_STORE_COUNT, 1));
ROW(exit_msr_store_ends_below_read_only_passes, OK,
    S(VM_EXIT_MSR_STORE_ADDR, RO_START - 16), S(VM_EXIT_MSR_STORE_COUNT, 1));
ROW(exit_msr_load_from_read_only_memory_passes, OK,
    S(VM_EXIT_MSR_LOAD_ADDR, HIGH_END - 16), S(VM_EXIT_MSR_LOAD_COUNT, 1));
ROW(exit_msr_load_unaligned, EXIT_MSR_LOAD_ADDR,
    S(VM_EXIT_MSR_LOAD_ADDR, MSR_AREA + 4), S(VM_EXIT_MSR_LOAD_COUNT, 1));
ROW(exit_msr_load_last_entry_fits_passes, OK,
    S(VM_EXIT_MSR_LOAD_ADDR, LOW_END - 16), S(VM_EXIT_MSR_LOAD_COUNT, 1));
ROW(exit_msr_load_runs_into_hole, EXIT_MSR_MEM,
    S(VM_EXIT_MSR_LOAD_ADDR, LOW_END - 16), S(VM_EXIT_MSR_LOAD_COUNT, 2));
ROW(exit_msr_count_512_passes, OK,
    S(VM_EXIT_MSR_STORE_ADDR, HIGH_START), S(VM_EXIT_MSR_STORE_COUNT, 512));
ROW(exit_msr_count_513_fails, EXIT_MSR_COUNT,
    S(VM_EXIT_MSR_LOAD_ADDR, HIGH_START), S(VM_EXIT_MSR_LOAD_COUNT, 513));

/* 27.2.1.3 VM-entry controls */
ROW(entry_allowed0_clear, ENTRY_CTLS, S(VM_ENTRY_CONTROLS, ENTRY0 & ~1U));
ROW(entry_allowed1_exceeded, ENTRY_CTLS,
    S(VM_ENTRY_CONTROLS, ENTRY0 | 1U << 16));
ROW(entry_to_smm_fails, ENTRY_SMM, S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_SMM));
ROW(deactivate_dual_monitor_fails, ENTRY_SMM,
    S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_DEACT_DUAL_MONITOR));
ROW(event_not_valid_unchecked, OK, S(VM_ENTRY_INTR_INFO_FIELD, 0x7fffffff));
ROW(event_type_reserved, EVENT_TYPE,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_RESERVED | 32));
ROW(event_other_mtf_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_OTHER_EVENT));
ROWT(event_other_needs_mtf_offered, EVENT_TYPE, no_mtf,
     S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_OTHER_EVENT));
ROW(event_other_vector_1_fails, EVENT_VECTOR,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_OTHER_EVENT | 1));
ROW(event_nmi_vector_2_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(event_nmi_vector_3_fails, EVENT_VECTOR,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 3));
ROW(event_exception_vector_31_passes, OK, S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 31));
ROW(event_exception_vector_32_fails, EVENT_VECTOR,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 32));
ROW(event_ext_intr_vector_255_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | 255));
ROW(event_gp_with_error_code_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 13));
ROW(event_gp_without_error_code_fails, EVENT_ERRCODE,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 13));
ROW(event_cp_with_error_code_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 21));
ROW(event_ud_with_error_code_fails, EVENT_ERRCODE,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 6));
ROW(event_ext_intr_with_error_code_fails, EVENT_ERRCODE,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | ERRC | 13));
/* Unrestricted guest with CR0.PE = 0: real mode pushes no error code. */
ROW(event_gp_real_mode_with_error_code_fails, EVENT_ERRCODE,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 13),
    S(GUEST_CR0, 0x20), S(VM_ENTRY_CONTROLS, ENTRY32));
ROW(event_gp_real_mode_without_error_code_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 13),
    S(GUEST_CR0, 0x20), S(VM_ENTRY_CONTROLS, ENTRY32));
ROWT(event_basic56_ud_with_error_code_passes, OK, basic56,
     S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 6));
ROWT(event_basic56_ext_intr_with_error_code_fails, EVENT_ERRCODE, basic56,
     S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | ERRC | 32));
ROW(event_info_bit12_reserved, EVENT_RSVD,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | 1U << 12 | 32));
ROW(event_info_bit30_reserved, EVENT_RSVD,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | 1U << 30 | 32));
ROW(event_error_code_ffff_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 13),
    S(VM_ENTRY_EXCEPTION_ERROR_CODE, 0xffff));
ROW(event_error_code_bit16_reserved, EVENT_RSVD,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 13),
    S(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x10000));
ROW(event_soft_intr_len_0_fails, EVENT_INSN_LEN,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_SOFT_INTR | 0x80));
ROWT(event_soft_intr_len_0_allowed_by_misc, OK, zero_len,
     S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_SOFT_INTR | 0x80));
ROW(event_soft_intr_len_15_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_SOFT_INTR | 0x80),
    S(VM_ENTRY_INSTRUCTION_LEN, 15));
ROW(event_soft_exception_len_16_fails, EVENT_INSN_LEN,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_SOFT_EXCEPTION | 3),
    S(VM_ENTRY_INSTRUCTION_LEN, 16));
ROW(event_priv_sw_exception_len_1_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_PRIV_SW_EXCEPTION | 1),
    S(VM_ENTRY_INSTRUCTION_LEN, 1));
ROW(event_priv_sw_exception_len_0_fails, EVENT_INSN_LEN,
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_PRIV_SW_EXCEPTION | 1));
ROW(event_hw_exception_len_0_passes, OK,
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 6));
ROW(entry_msr_load_unaligned, ENTRY_MSR_LOAD_ADDR,
    S(VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA + 8), S(VM_ENTRY_MSR_LOAD_COUNT, 1));
ROW(entry_msr_load_beyond_maxphyaddr, ENTRY_MSR_LOAD_ADDR,
    S(VM_ENTRY_MSR_LOAD_ADDR, PA_LIMIT), S(VM_ENTRY_MSR_LOAD_COUNT, 1));
/* The list's length and entries are checked while it loads (27.4). */
ROW(entry_msr_load_count_513_left_to_the_load, OK,
    S(VM_ENTRY_MSR_LOAD_ADDR, HIGH_START), S(VM_ENTRY_MSR_LOAD_COUNT, 513));
ROW(entry_msr_load_in_hole, ENTRY_MSR_MEM,
    S(VM_ENTRY_MSR_LOAD_ADDR, LOW_END), S(VM_ENTRY_MSR_LOAD_COUNT, 1));

/* 27.2.2 host control registers and MSRs */
ROW(host_cr0_pe_clear, HOST_CR0, S(HOST_CR0, CR0_OK & ~1ULL));
ROW(host_cr0_bit32, HOST_CR0, S(HOST_CR0, CR0_OK | 1ULL << 32));
ROW(host_cr4_vmxe_clear, HOST_CR4, S(HOST_CR4, 0x20));
ROW(host_cr4_la57_not_allowed, HOST_CR4, S(HOST_CR4, CR4_OK | X86_CR4_LA57));
ROW(host_cr3_below_maxphyaddr_passes, OK, S(HOST_CR3, PA_LIMIT - 0x1000));
ROW(host_cr3_beyond_maxphyaddr, HOST_CR3, S(HOST_CR3, PA_LIMIT));
ROW(host_sysenter_esp_noncanonical, HOST_SYSENTER,
    S(HOST_IA32_SYSENTER_ESP, NONCANON));
ROW(host_sysenter_eip_noncanonical, HOST_SYSENTER,
    S(HOST_IA32_SYSENTER_EIP, 0xffff7fffffffffffULL));
ROW(host_sysenter_highest_canonical_passes, OK,
    S(HOST_IA32_SYSENTER_ESP, NONCANON - 1),
    S(HOST_IA32_SYSENTER_EIP, 0xffff800000000000ULL));
ROWT(host_sysenter_la57_canonical_passes, OK, la57,
     S(HOST_IA32_SYSENTER_ESP, NONCANON));
ROW(host_pat_reserved_type, HOST_PAT, S(HOST_IA32_PAT, PAT_OK | 2ULL << 56));
ROW(host_pat_unchecked_without_load, OK, S(HOST_IA32_PAT, 0x0202020202020202ULL),
    S(VM_EXIT_CONTROLS, EXIT0 & ~VM_EXIT_LOAD_IA32_PAT));
ROW(host_efer_reserved_bit, HOST_EFER, S(HOST_IA32_EFER, EFER64 | 1ULL << 1));
ROW(host_efer_lma_clear, HOST_EFER, S(HOST_IA32_EFER, EFER64 & ~EFER_LMA));
ROW(host_efer_lme_clear, HOST_EFER, S(HOST_IA32_EFER, EFER64 & ~EFER_LME));
ROW(host_efer_unchecked_without_load, OK, S(HOST_IA32_EFER, 1ULL << 1),
    S(VM_EXIT_CONTROLS, EXIT0 & ~VM_EXIT_LOAD_IA32_EFER));

/* 27.2.3 host segment and descriptor-table registers */
ROW(host_ds_rpl_nonzero, HOST_SEL, S(HOST_DS_SELECTOR, 0x13));
ROW(host_es_ti_set, HOST_SEL, S(HOST_ES_SELECTOR, 0x14));
ROW(host_tr_rpl_nonzero, HOST_SEL, S(HOST_TR_SELECTOR, 0x19));
ROW(host_cs_null, HOST_CS_TR, S(HOST_CS_SELECTOR, 0));
ROW(host_tr_null, HOST_CS_TR, S(HOST_TR_SELECTOR, 0));
ROW(host_ss_null_64bit_passes, OK, S(HOST_SS_SELECTOR, 0));
ROWT(host_ss_null_32bit_fails, HOST_SS, l1_32bit, S(HOST_SS_SELECTOR, 0),
     S(VM_EXIT_CONTROLS, EXIT32), S(VM_ENTRY_CONTROLS, ENTRY32),
     S(HOST_RIP, 0x100000));
ROW(host_fs_base_noncanonical, HOST_BASES, S(HOST_FS_BASE, NONCANON));
ROW(host_gs_base_noncanonical, HOST_BASES, S(HOST_GS_BASE, NONCANON));
ROW(host_gdtr_base_noncanonical, HOST_BASES, S(HOST_GDTR_BASE, NONCANON));
ROW(host_idtr_base_noncanonical, HOST_BASES, S(HOST_IDTR_BASE, NONCANON));
ROW(host_tr_base_noncanonical, HOST_BASES, S(HOST_TR_BASE, NONCANON));

/* 27.2.4 address-space size */
ROWT(host_32bit_l1_passes, OK, l1_32bit, S(VM_EXIT_CONTROLS, EXIT32),
     S(VM_ENTRY_CONTROLS, ENTRY32), S(HOST_RIP, 0xffffffff));
ROWT(host_as_size_set_outside_ia32e, HOST_ADDR_SIZE, l1_32bit);
ROW(host_as_size_clear_in_ia32e, HOST_ADDR_SIZE,
    S(VM_EXIT_CONTROLS, EXIT32), S(VM_ENTRY_CONTROLS, ENTRY32),
    S(HOST_RIP, 0x100000));
ROWT(host_32bit_ia32e_guest_fails, HOST_AS32, l1_32bit,
     S(VM_EXIT_CONTROLS, EXIT32), S(HOST_RIP, 0x100000),
     S(VM_ENTRY_CONTROLS, ENTRY0 & ~VM_ENTRY_LOAD_IA32_EFER));
ROWT(host_32bit_pcide_fails, HOST_AS32, l1_32bit,
     S(VM_EXIT_CONTROLS, EXIT32), S(VM_ENTRY_CONTROLS, ENTRY32),
     S(HOST_RIP, 0x100000), S(HOST_CR4, CR4_OK | X86_CR4_PCIDE));
ROWT(host_32bit_rip_bit32_fails, HOST_AS32, l1_32bit,
     S(VM_EXIT_CONTROLS, EXIT32), S(VM_ENTRY_CONTROLS, ENTRY32),
     S(HOST_RIP, 0x100000000ULL));
ROW(host_64bit_pae_clear_fails, HOST_AS64, S(HOST_CR4, 0x2000));
ROW(host_64bit_rip_noncanonical_fails, HOST_AS64, S(HOST_RIP, NONCANON));

/* 27.3.1.1 guest control registers and MSRs */
ROW(guest_cr0_pe_pg_clear_unrestricted_passes, OK, S(GUEST_CR0, 0x20),
    S(VM_ENTRY_CONTROLS, ENTRY32));
ROW(guest_cr0_pe_clear_restricted_fails, GUEST_CR0, S(GUEST_CR0, 0x20),
    S(VM_ENTRY_CONTROLS, ENTRY32),
    S(SECONDARY_VM_EXEC_CONTROL, PROC2_0 & ~SECONDARY_EXEC_UNRESTRICTED_GUEST));
ROW(guest_cr0_pg_without_pe_fails, GUEST_CR0, S(GUEST_CR0, 0x80000020));
ROW(guest_cr0_ne_clear_fails, GUEST_CR0, S(GUEST_CR0, 0x80000011));
ROW(guest_cr0_bit32_fails, GUEST_CR0, S(GUEST_CR0, CR0_OK | 1ULL << 32));
ROWT(guest_cr0_cd_never_checked, OK, no_cd,
     S(GUEST_CR0, CR0_OK | X86_CR0_CD | X86_CR0_NW));
ROWT(guest_cr0_cd_fixed1_unchecked, OK, cd_fixed1,
     S(HOST_CR0, CR0_OK | X86_CR0_CD));
ROWT(host_cr0_cd_checked, HOST_CR0, no_cd, S(HOST_CR0, CR0_OK | X86_CR0_CD));
ROW(guest_cr4_vmxe_clear_fails, GUEST_CR4, S(GUEST_CR4, 0x20));
ROW(guest_cr3_below_maxphyaddr_passes, OK, S(GUEST_CR3, PA_LIMIT - 0x1000));
ROW(guest_cr3_beyond_maxphyaddr_fails, GUEST_CR3, S(GUEST_CR3, PA_LIMIT));
ROW(guest_ia32e_without_pae_fails, GUEST_IA32E, S(GUEST_CR4, 0x2000));
ROW(guest_ia32e_without_pg_fails, GUEST_IA32E, S(GUEST_CR0, 0x31),
    S(GUEST_IA32_EFER, EFER_LMA));
ROW(guest_pcide_outside_ia32e_fails, GUEST_IA32E,
    S(VM_ENTRY_CONTROLS, ENTRY32), S(GUEST_CR4, CR4_OK | X86_CR4_PCIDE));
ROW(guest_debugctl_lbr_btf_passes, OK, S(GUEST_IA32_DEBUGCTL, 3),
    S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_LOAD_DEBUG_CONTROLS));
ROW(guest_debugctl_reserved_fails, GUEST_DEBUGCTL, S(GUEST_IA32_DEBUGCTL, 4),
    S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_LOAD_DEBUG_CONTROLS));
ROW(guest_debugctl_unchecked_without_load, OK, S(GUEST_IA32_DEBUGCTL, 4));
ROW(guest_dr7_bit31_passes, OK, S(GUEST_DR7, 0xffffffff),
    S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_LOAD_DEBUG_CONTROLS));
ROW(guest_dr7_bit32_fails, GUEST_DR7, S(GUEST_DR7, 1ULL << 32),
    S(VM_ENTRY_CONTROLS, ENTRY0 | VM_ENTRY_LOAD_DEBUG_CONTROLS));
ROW(guest_pat_uc_minus_passes, OK, S(GUEST_IA32_PAT, 0x0707070707070707ULL));
ROW(guest_pat_reserved_fails, GUEST_PAT, S(GUEST_IA32_PAT, PAT_OK | 8));
ROW(guest_efer_reserved_fails, GUEST_EFER,
    S(GUEST_IA32_EFER, EFER_LME | EFER_LMA | 1ULL << 12));
ROW(guest_efer_lma_without_ia32e_fails, GUEST_EFER,
    S(VM_ENTRY_CONTROLS, ENTRY0 & ~VM_ENTRY_IA32E_MODE));
ROW(guest_efer_lme_clear_with_pg_fails, GUEST_EFER,
    S(GUEST_IA32_EFER, EFER_LMA));
ROW(guest_efer_lme_ignored_without_pg, OK, S(GUEST_CR0, 0x20),
    S(GUEST_IA32_EFER, EFER_LME),
    S(VM_ENTRY_CONTROLS, ENTRY0 & ~VM_ENTRY_IA32E_MODE));
ROW(guest_efer_unchecked_without_load, OK, S(GUEST_IA32_EFER, ~0ULL),
    S(VM_ENTRY_CONTROLS, ENTRY0 & ~VM_ENTRY_LOAD_IA32_EFER));

/* 27.3.1.5 guest non-register state */
ROW(activity_hlt_passes, OK, S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT));
ROW(activity_shutdown_not_offered, ACTIVITY,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_SHUTDOWN));
ROWT(activity_shutdown_offered_passes, OK, shutdown_ok,
     S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_SHUTDOWN));
ROW(activity_wait_sipi_not_offered, ACTIVITY,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI));
ROWT(activity_wait_sipi_offered_passes, OK, sipi_ok,
     S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI));
ROWT(activity_4_fails, ACTIVITY, misc_bits_7_to_9, S(GUEST_ACTIVITY_STATE, 4));
ROW(activity_hlt_ss_dpl3_fails, ACTIVITY_HLT_DPL,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT), S(GUEST_SS_AR_BYTES, 0x60));
ROW(activity_hlt_sti_blocking_fails, ACTIVITY_BLOCKING,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT),
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI));
ROW(activity_hlt_gp_fails, ACTIVITY_EVENT,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT),
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | ERRC | 13));
ROW(activity_hlt_db_passes, OK, S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT),
    S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 1));
ROW(activity_hlt_ext_intr_passes, OK,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | 0x30));
ROWT(activity_shutdown_ext_intr_fails, ACTIVITY_EVENT, shutdown_ok,
     S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_SHUTDOWN),
     S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | 0x30));
ROWT(activity_shutdown_mc_passes, OK, shutdown_ok,
     S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_SHUTDOWN),
     S(VM_ENTRY_INTR_INFO_FIELD, HW_EXC | 18));
ROWT(activity_wait_sipi_nmi_fails, ACTIVITY_EVENT, sipi_ok,
     S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI),
     S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(intr_enclave_bit_reserved, INTR_RSVD, S(GUEST_INTERRUPTIBILITY_INFO, 0x10));
ROW(intr_smi_blocking_outside_smm, INTR_RSVD,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_SMI));
ROW(intr_nmi_blocking_passes, OK,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI));
ROW(intr_sti_and_mov_ss_fails, INTR_STI_MOVSS,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI |
      GUEST_INTR_STATE_MOV_SS));
ROW(intr_sti_with_if_passes, OK,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI));
ROW(intr_sti_without_if_fails, INTR_STI_IF,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI), S(GUEST_RFLAGS, 2));
ROW(intr_ext_intr_under_sti_fails, INTR_EVENT,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_EXT_INTR | 0x30));
ROW(intr_nmi_under_mov_ss_fails, INTR_EVENT,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_MOV_SS),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(intr_nmi_under_sti_passes, OK,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(intr_virtual_nmi_blocked_fails, INTR_VNMI,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(intr_nmi_blocked_without_vnmi_passes, OK,
    S(PIN_BASED_VM_EXEC_CONTROL, PIN0 & ~PIN_BASED_VIRTUAL_NMIS),
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI),
    S(VM_ENTRY_INTR_INFO_FIELD, VALID | INTR_TYPE_NMI_INTR | 2));
ROW(pending_dbg_b0_b3_ebp_passes, OK,
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x100f));
ROW(pending_dbg_bit4_reserved, PDBG_RSVD,
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x10));
ROW(pending_dbg_rtm_not_offered, PDBG_RSVD,
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x11000));
ROWT(pending_dbg_rtm_with_ebp_passes, OK, rtm,
     S(GUEST_PENDING_DBG_EXCEPTIONS, 0x11000));
ROWT(pending_dbg_rtm_with_b0_fails, PDBG_RSVD, rtm,
     S(GUEST_PENDING_DBG_EXCEPTIONS, 0x11001));
ROW(pending_dbg_bs_missing_under_tf_fails, PDBG_BS,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI),
    S(GUEST_RFLAGS, RFLAGS_IF | X86_EFLAGS_TF));
ROW(pending_dbg_bs_under_tf_passes, OK,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI),
    S(GUEST_RFLAGS, RFLAGS_IF | X86_EFLAGS_TF),
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x4000));
ROW(pending_dbg_bs_without_tf_fails, PDBG_BS,
    S(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT),
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x4000));
ROW(pending_dbg_bs_with_btf_fails, PDBG_BS,
    S(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_MOV_SS),
    S(GUEST_RFLAGS, RFLAGS_IF | X86_EFLAGS_TF), S(GUEST_IA32_DEBUGCTL, 2),
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x4000));
ROW(pending_dbg_bs_unchecked_when_not_blocked, OK,
    S(GUEST_PENDING_DBG_EXCEPTIONS, 0x4000));
ROW(link_ptr_to_vmcs_region_passes, OK, S(VMCS_LINK_POINTER, 0x6000));
ROWQ(link_ptr_unaligned, LINK_PTR, 4, S(VMCS_LINK_POINTER, 0x6008));
ROWQ(link_ptr_beyond_maxphyaddr, LINK_PTR, 4, S(VMCS_LINK_POINTER, PA_LIMIT));
ROWQ(link_ptr_not_l1_memory, LINK_PTR, 4, S(VMCS_LINK_POINTER, LOW_END));
ROWQ(link_ptr_is_current_vmcs, LINK_PTR, 4, S(VMCS_LINK_POINTER, VMCS12_PTR));
ROWQ(link_ptr_wrong_revision, LINK_PTR, 4, S(VMCS_LINK_POINTER, 0x8000));
ROWQ(link_ptr_shadow_indicator_without_shadowing, LINK_PTR, 4,
     S(VMCS_LINK_POINTER, 0x7000));
FIXTURE_VARIANT_ADD(entry, link_ptr_shadow_vmcs_with_shadowing_passes) {
	.want = NVMX_NCHK_OK, .tweak = shadowing,
	.set = { S(VMCS_LINK_POINTER, 0x7000),
		 S(SECONDARY_VM_EXEC_CONTROL,
		   PROC2_0 | SECONDARY_EXEC_SHADOW_VMCS) },
};
FIXTURE_VARIANT_ADD(entry, link_ptr_ordinary_vmcs_with_shadowing) {
	.want = NVMX_NCHK_LINK_PTR, .qual = 4, .tweak = shadowing,
	.set = { S(VMCS_LINK_POINTER, 0x6000),
		 S(SECONDARY_VM_EXEC_CONTROL,
		   PROC2_0 | SECONDARY_EXEC_SHADOW_VMCS) },
};

TEST_F(entry, check)
{
	struct nvmx_check_failure fail = { .check = 0xdead, .qual = 0xdead };
	int ret = nvmx_entry_check(&self->v, &self->caps, &self->ctx, &fail);

	if (variant->want == NVMX_NCHK_OK) {
		ASSERT_EQ(0, ret);
		ASSERT_EQ(0xdead, fail.check);
		return;
	}
	ASSERT_EQ(1, ret);
	ASSERT_EQ(variant->want, (int)fail.check);
	ASSERT_EQ(variant->qual, fail.qual);
}

/* A failing read of L1 memory is an errno, not a check failure. */
TEST(link_ptr_read_error_is_errno)
{
	struct nvmx_check_failure fail = { .check = 0xdead };
	struct nvmx_vmcs12 v;

	ram_init();
	vmcs12_init(&v);
	nvmx_vmcs12_set(&v, VMCS_LINK_POINTER, POISON);
	ASSERT_EQ(-EIO, nvmx_entry_check(&v, &caps0, &ctx0, &fail));
	ASSERT_EQ(0xdead, fail.check);
}

/* The first failing check wins: controls (VMfail 7) before host state. */
TEST(controls_checked_before_host_state)
{
	struct nvmx_check_failure fail;
	struct nvmx_vmcs12 v;

	ram_init();
	vmcs12_init(&v);
	nvmx_vmcs12_set(&v, HOST_CS_SELECTOR, 0);
	nvmx_vmcs12_set(&v, CR3_TARGET_COUNT, 5);
	ASSERT_EQ(1, nvmx_entry_check(&v, &caps0, &ctx0, &fail));
	ASSERT_EQ(NVMX_NCHK_CR3_TARGET_COUNT, (int)fail.check);
}

TEST(host_state_checked_before_guest_state)
{
	struct nvmx_check_failure fail;
	struct nvmx_vmcs12 v;

	ram_init();
	vmcs12_init(&v);
	nvmx_vmcs12_set(&v, GUEST_CR4, 0);
	nvmx_vmcs12_set(&v, HOST_CS_SELECTOR, 0);
	ASSERT_EQ(1, nvmx_entry_check(&v, &caps0, &ctx0, &fail));
	ASSERT_EQ(NVMX_NCHK_HOST_CS_TR, (int)fail.check);
}

/* nvmx_entry_fail(): SDM Vol. 3C 31.4 errors and 27.8 exits per section. */
struct fail_row {
	int id;
	enum nvmx_check_kind kind;
	u32 error;
	u64 qual;
};

static const struct fail_row fail_rows[] = {
	{ NVMX_NCHK_PIN_CTLS, NVMX_CHECK_VMFAIL, 7, 0 },
	{ NVMX_NCHK_UG_NEEDS_EPT, NVMX_CHECK_VMFAIL, 7, 0 },
	{ NVMX_NCHK_EXIT_MSR_MEM, NVMX_CHECK_VMFAIL, 7, 0 },
	{ NVMX_NCHK_ENTRY_MSR_MEM, NVMX_CHECK_VMFAIL, 7, 0 },
	{ NVMX_NCHK_HOST_CR0, NVMX_CHECK_VMFAIL, 8, 0 },
	{ NVMX_NCHK_HOST_BASES, NVMX_CHECK_VMFAIL, 8, 0 },
	{ NVMX_NCHK_HOST_AS64, NVMX_CHECK_VMFAIL, 8, 0 },
	{ NVMX_NCHK_GUEST_CR0, NVMX_CHECK_EXIT, 33, 0 },
	{ NVMX_NCHK_PDBG_BS, NVMX_CHECK_EXIT, 33, 0 },
	{ NVMX_NCHK_LINK_PTR, NVMX_CHECK_EXIT, 33, 4 },
	{ NVMX_NCHK_ENTRY_MSR_COUNT, NVMX_CHECK_EXIT, 34, 7 },
	{ NVMX_NCHK_ENTRY_MSR_ENTRY, NVMX_CHECK_EXIT, 34, 7 },
};

TEST(failure_kind_error_and_qualification_per_section)
{
	unsigned int i;

	for (i = 0; i < sizeof(fail_rows) / sizeof(fail_rows[0]); i++) {
		struct nvmx_check_failure f;

		nvmx_entry_fail(&f, fail_rows[i].id, 7);
		EXPECT_EQ(fail_rows[i].id, (int)f.check);
		EXPECT_EQ(fail_rows[i].kind, f.kind);
		EXPECT_EQ(fail_rows[i].error, f.error);
		EXPECT_EQ(fail_rows[i].qual, f.qual);
	}
}

/* 27.4: the static rule for each entry of the VM-entry MSR-load list. */
struct msr_row {
	u32 index;
	u32 rsvd;
	bool ok;
};

static const struct msr_row msr_rows[] = {
	{ 0x10, 0, true },			/* IA32_TIME_STAMP_COUNTER */
	{ 0x10, 1, false },			/* bits 63:32 reserved */
	{ 0x10, 0x80000000, false },
	{ MSR_FS_BASE, 0, false },
	{ MSR_GS_BASE, 0, false },
	{ 0xc0000102, 0, true },		/* IA32_KERNEL_GS_BASE */
	{ 0x7ff, 0, true },
	{ 0x800, 0, false },			/* x2APIC range 800H-8FFH */
	{ 0x8ff, 0, false },
	{ 0x900, 0, true },
	{ MSR_IA32_SMM_MONITOR_CTL, 0, false },
	{ MSR_IA32_SMBASE, 0, false },
	{ MSR_IA32_UCODE_WRITE, 0, false },
	{ MSR_IA32_UCODE_REV, 0, false },
};

TEST(entry_msr_load_entry_rule)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msr_rows); i++) {
		TH_LOG("MSR 0x%x reserved 0x%x", msr_rows[i].index,
		       msr_rows[i].rsvd);
		EXPECT_EQ(msr_rows[i].ok, nvmx_entry_msr_ok(msr_rows[i].index,
							    msr_rows[i].rsvd));
	}
}

/* SDM Vol. 3D A.6: 512 * (IA32_VMX_MISC[27:25] + 1). */
TEST(msr_list_max_from_misc)
{
	struct nvmx_nested_caps c = caps0;

	ASSERT_EQ(512, nvmx_entry_msr_list_max(&c));
	c.misc |= 7ULL << 25;
	ASSERT_EQ(4096, nvmx_entry_msr_list_max(&c));
	c.misc = 1ULL << 25 | 1ULL << 28;	/* bit 28 is not part of it */
	ASSERT_EQ(1024, nvmx_entry_msr_list_max(&c));
}

/* The ids fit the uapi counter array and the last one is 27.4's. */
TEST(ids_fit_counters)
{
	ASSERT_LE(NVMX_NR_NESTED_CHECKS, NVMX_NESTED_CHECKS);
	ASSERT_EQ(NVMX_NR_NESTED_CHECKS - 1, NVMX_NCHK_ENTRY_MSR_ENTRY);
}

TEST_HARNESS_MAIN
