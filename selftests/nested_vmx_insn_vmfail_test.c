// SPDX-License-Identifier: GPL-2.0
/*
 * Every VMfail and fault case of the VMX instructions that L1 can reach
 * at CPL 0 gives the SDM's outcome (SDM Vol. 3C 31.3, the instruction
 * pages; 31.4, VM-instruction error numbers).
 *
 * One L1 runs the table: for each row it first brings VMX to the row's
 * starting state (CR4.VMXE clear; VMXE set outside VMX operation; VMX
 * root operation without a current VMCS; with a current, clear VMCS;
 * with a current, launched VMCS), runs the row's instruction, and records
 * the outcome (nvmx_vmx.h: VMX_OK, VMFAIL_INVALID, VMFAIL_VALID(n),
 * VMX_FAULT(vector)).  The host then checks every row against its
 * expectation, by name.  "VMfail(n)" is VMfailValid(n) when there is a
 * current VMCS and VMfailInvalid when there is none (SDM Vol. 3C 31.2),
 * so the rows that check an error number start with a current VMCS.
 *
 * Left out: the #GP of every VMX instruction at CPL > 0 (the guest
 * runtime has no ring-3 code yet) and the SMM-only errors.  Rows whose
 * outcome depends on what the CPU offers L1 (VMWRITE to a read-only
 * field with IA32_VMX_MISC[29], INVEPT/INVVPID support, shadow VMCS
 * indicator) compute their expectation from the capability MSRs.
 */
#include <asm/vmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

/* A row whose check passed the outcome but not the value it returned. */
#define VALUE_MISMATCH	0x8000
/* A row that cannot apply to this CPU (reported, not judged). */
#define NOT_APPLICABLE	0x9000

enum vmx_state {
	S_OFF,		/* CR4.VMXE = 0, outside VMX operation */
	S_VMXE,		/* CR4.VMXE = 1, outside VMX operation */
	S_ON,		/* VMX root operation, no current VMCS */
	S_CUR,		/* current VMCS l1.vmcs, clear */
	S_LAUNCHED,	/* current VMCS l1.vmcs, launched (L2 ran, exited) */
};

struct row {
	const char *name;
	enum vmx_state state;
	int (*run)(void);
	int expect;			/* unless expect_fn */
	int (*expect_fn)(void);
};

static struct vmx_l1 l1;
static uint8_t other_vmcs[4096] __attribute__((aligned(4096)));
static uint64_t maxphyaddr_pa;	/* 1 << MAXPHYADDR: just beyond it */
static int feature_control_outcome;

#define NR_ROWS_MAX	64
static int results[NR_ROWS_MAX];
static int expected[NR_ROWS_MAX];

#define PA(p)	((uint64_t)(uintptr_t)(p))

static void l2_guest(void)
{
	for (;;)
		l2_vmcall(0);
}

/* Whatever the state, go to @s (SDM Vol. 3C 24.7, 24.11.3). */
static void goto_state(enum vmx_state s)
{
	(void)vmx_vmxoff();	/* #UD outside VMX operation: ignored */
	guest_write_cr4(guest_read_cr4() & ~X86_CR4_VMXE);
	if (s == S_OFF)
		return;
	guest_write_cr4(guest_read_cr4() | X86_CR4_VMXE);
	if (s == S_VMXE)
		return;
	*(uint32_t *)l1.vmxon = l1.revision;
	GUEST_ASSERT_EQ(vmx_vmxon(PA(l1.vmxon)), VMX_OK);
	if (s == S_ON)
		return;
	vmx_prepare_vmcs(&l1, l2_guest, 0, 0);
	if (s == S_CUR)
		return;
	GUEST_ASSERT_EQ(vmx_run_l2(&l1), VMX_OK);
	GUEST_ASSERT_EQ(vmx_exit_reason(), EXIT_REASON_VMCALL);
}

/* ---- rows ------------------------------------------------------------------ */

static int vmxon_ok(void) { return vmx_vmxon(PA(l1.vmxon)); }
static int vmxoff(void) { return vmx_vmxoff(); }
static int vmclear_vmcs(void) { return vmx_vmclear(PA(l1.vmcs)); }
static int vmptrld_vmcs(void) { return vmx_vmptrld(PA(l1.vmcs)); }
static int vmlaunch(void) { return vmx_vmlaunch(&l1); }
static int vmresume(void) { return vmx_vmresume(&l1); }
static int invept_all(void) { return vmx_invept(INVEPT_ALL_CONTEXT, 0); }
static int invvpid_all(void) { return vmx_invvpid(INVVPID_ALL_CONTEXT, 0, 0); }

static int vmread_rip(void)
{
	uint64_t v;

	return vmx_vmread(GUEST_RIP, &v);
}

static int vmwrite_rip(void)
{
	return vmx_vmwrite(GUEST_RIP, 0);
}

static int vmptrst_is(uint64_t want)
{
	uint64_t v = 0;
	int r = vmx_vmptrst(&v);

	if (r == VMX_OK && v != want)
		return VALUE_MISMATCH;
	return r;
}

static int vmptrst_none(void) { return vmptrst_is(~0ULL); }
static int vmptrst_current(void) { return vmptrst_is(PA(l1.vmcs)); }

/* VMCLEAR of the current VMCS makes the current-VMCS pointer invalid. */
static int vmclear_current_then_vmptrst(void)
{
	int r = vmx_vmclear(PA(l1.vmcs));

	return r == VMX_OK ? vmptrst_none() : r;
}

/* SDM Vol. 3C 24.7: VMXON #GPs unless CR0 meets the fixed bits. */
static int vmxon_cr0_ne_clear(void)
{
	uint64_t cr0 = guest_read_cr0();
	int r;

	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 & ~(1ULL << 5)));
	r = vmx_vmxon(PA(l1.vmxon));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	return r;
}

static int vmxon_misaligned(void) { return vmx_vmxon(PA(l1.vmxon) + 0x800); }
static int vmxon_beyond_maxphyaddr(void) { return vmx_vmxon(maxphyaddr_pa); }

static int vmxon_bad_revision(void)
{
	int r;

	*(uint32_t *)l1.vmxon = l1.revision ^ 1;
	r = vmx_vmxon(PA(l1.vmxon));
	*(uint32_t *)l1.vmxon = l1.revision;
	return r;
}

static int vmclear_misaligned(void) { return vmx_vmclear(PA(other_vmcs) + 8); }
static int vmclear_beyond(void) { return vmx_vmclear(maxphyaddr_pa); }
static int vmclear_vmxon_ptr(void) { return vmx_vmclear(PA(l1.vmxon)); }
static int vmptrld_misaligned(void) { return vmx_vmptrld(PA(other_vmcs) + 8); }
static int vmptrld_beyond(void) { return vmx_vmptrld(maxphyaddr_pa); }
static int vmptrld_vmxon_ptr(void) { return vmx_vmptrld(PA(l1.vmxon)); }

static int vmptrld_revision(uint32_t rev)
{
	*(uint32_t *)other_vmcs = rev;
	return vmx_vmptrld(PA(other_vmcs));
}

static int vmptrld_bad_revision(void)
{
	return vmptrld_revision(l1.revision ^ 1);
}

static int vmptrld_shadow_indicator(void)
{
	return vmptrld_revision(l1.revision | (1U << 31));
}

/* Bits 15 and 12 are reserved in every VMCS field encoding. */
#define BAD_FIELD	0xffffULL

static int vmread_bad_field(void)
{
	uint64_t v;

	return vmx_vmread(BAD_FIELD, &v);
}

static int vmwrite_bad_field(void) { return vmx_vmwrite(BAD_FIELD, 0); }
static int vmwrite_read_only(void) { return vmx_vmwrite(VM_EXIT_REASON, 0); }

/* SDM Vol. 3C 27.2.1.1: pin-based "default1" bits 1, 2, 4 cleared. */
static int vmlaunch_bad_control(void)
{
	GUEST_ASSERT_EQ(vmx_vmwrite(PIN_BASED_VM_EXEC_CONTROL, 0), VMX_OK);
	return vmx_vmlaunch(&l1);
}

/* SDM Vol. 3C 27.2.2: host CR4 must have VMXE (IA32_VMX_CR4_FIXED0). */
static int vmlaunch_bad_host_cr4(void)
{
	GUEST_ASSERT_EQ(vmx_vmwrite(HOST_CR4, guest_read_cr4() & ~X86_CR4_VMXE),
			VMX_OK);
	return vmx_vmlaunch(&l1);
}

/* SDM Vol. 3C 24.8: CR4.VMXE cannot be cleared in VMX operation. */
static int clear_cr4_vmxe(void)
{
	uint64_t cr4 = guest_read_cr4() & ~X86_CR4_VMXE;
	uint8_t cf, zf;

	nvmx_guest_fault_vector = NVMX_NO_FAULT;
	__asm__ volatile(GUEST_FIXUP_ARM "mov %[v], %%cr4\n\t"
			 GUEST_FIXUP_LABEL "setc %[cf]\n\tsetz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : [v] "r"(cr4) : "r11", "cc", "memory");
	nvmx_guest_fixup_rip = 0;
	if (nvmx_guest_fault_vector != NVMX_NO_FAULT)
		return VMX_FAULT((int)nvmx_guest_fault_vector);
	return VMX_OK;
}

static int invept_type(uint64_t t) { return vmx_invept(t, 0); }
static int invept_type0(void) { return invept_type(0); }
static int invept_type3(void) { return invept_type(3); }

static int invvpid_type4(void) { return vmx_invvpid(4, 1, 0); }
static int invvpid_single_vpid0(void)
{
	return vmx_invvpid(INVVPID_SINGLE_CONTEXT, 0, 0);
}

static int invvpid_desc_reserved(void)
{
	return vmx_invvpid(INVVPID_ALL_CONTEXT, 1ULL << 16, 0);
}

static int invvpid_addr_noncanonical(void)
{
	return vmx_invvpid(INVVPID_ADDR, 1, 0x0000800000000000ULL);
}

static int feature_control_row(void) { return feature_control_outcome; }

/* ---- expectations that depend on the CPU offered to L1 ------------------- */

static bool ctl2_allowed(uint32_t bit)
{
	return (guest_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) >> 32) & bit;
}

static int expect_vmwrite_read_only(void)
{
	return (l1.misc & VMX_MISC_VMWRITE_ANY_FIELD) ? VMX_OK :
	       VMFAIL_VALID(VMXERR_VMWRITE_READ_ONLY);
}

/* SDM Vol. 3C 31.3 VMPTRLD: indicator set without VMCS shadowing: 11. */
static int expect_shadow_indicator(void)
{
	return ctl2_allowed(1U << 14) ? VMX_OK :
	       VMFAIL_VALID(VMXERR_VMPTRLD_BAD_REVISION);
}

/* INVEPT exists when "enable EPT" may be 1 and the EPT cap says so. */
static int expect_invept_bad(void)
{
	if (!ctl2_allowed(CPU2_ENABLE_EPT) ||
	    !(guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) & EPT_CAP_INVEPT))
		return VMX_FAULT(UD_VECTOR);
	return VMFAIL_VALID(VMXERR_INVALID_OPERAND_INVEPT);
}

static int expect_invvpid_bad(void)
{
	if (!ctl2_allowed(CPU2_ENABLE_VPID) ||
	    !(guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) & VPID_CAP_INVVPID))
		return VMX_FAULT(UD_VECTOR);
	return VMFAIL_VALID(VMXERR_INVALID_OPERAND_INVEPT);
}

/* Only the supported types are valid: the ones in IA32_VMX_EPT_VPID_CAP. */
static int expect_invept_all(void)
{
	int bad = expect_invept_bad();

	if (bad == VMX_FAULT(UD_VECTOR))
		return bad;
	return (guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) & EPT_CAP_INVEPT_ALL) ?
	       VMX_OK : bad;
}

static int expect_invvpid_all(void)
{
	int bad = expect_invvpid_bad();

	if (bad == VMX_FAULT(UD_VECTOR))
		return bad;
	return (guest_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) & VPID_CAP_INVVPID_ALL) ?
	       VMX_OK : bad;
}

static int expect_invvpid_addr(void)
{
	int bad = expect_invvpid_bad();

	if (bad == VMX_FAULT(UD_VECTOR))
		return bad;
	/* An unsupported type fails with the same error as the address. */
	return bad;
}

static int expect_feature_control(void)
{
	return feature_control_outcome == NOT_APPLICABLE ? NOT_APPLICABLE :
	       VMX_FAULT(GP_VECTOR);
}

#define UD	VMX_FAULT(UD_VECTOR)
#define GP	VMX_FAULT(GP_VECTOR)
#define FAIL(n)	VMFAIL_VALID(n)

static const struct row rows[] = {
	/* SDM Vol. 3C 24.7: IA32_FEATURE_CONTROL unlocked at the first VMXON. */
	{ "vmxon_feature_control_unlocked_gp", S_VMXE, feature_control_row,
	  0, expect_feature_control },
	/* Outside VMX operation every VMX instruction but VMXON is #UD. */
	{ "vmxon_cr4_vmxe_clear_ud", S_OFF, vmxon_ok, UD, 0 },
	{ "vmxoff_outside_ud", S_VMXE, vmxoff, UD, 0 },
	{ "vmclear_outside_ud", S_VMXE, vmclear_vmcs, UD, 0 },
	{ "vmptrld_outside_ud", S_VMXE, vmptrld_vmcs, UD, 0 },
	{ "vmptrst_outside_ud", S_VMXE, vmptrst_none, UD, 0 },
	{ "vmread_outside_ud", S_VMXE, vmread_rip, UD, 0 },
	{ "vmwrite_outside_ud", S_VMXE, vmwrite_rip, UD, 0 },
	{ "vmlaunch_outside_ud", S_VMXE, vmlaunch, UD, 0 },
	{ "vmresume_outside_ud", S_VMXE, vmresume, UD, 0 },
	{ "invept_outside_ud", S_VMXE, invept_all, UD, 0 },
	{ "invvpid_outside_ud", S_VMXE, invvpid_all, UD, 0 },
	/* VMXON */
	{ "vmxon_cr0_ne_clear_gp", S_VMXE, vmxon_cr0_ne_clear, GP, 0 },
	{ "vmxon_misaligned_failinvalid", S_VMXE, vmxon_misaligned,
	  VMFAIL_INVALID, 0 },
	{ "vmxon_beyond_maxphyaddr_failinvalid", S_VMXE,
	  vmxon_beyond_maxphyaddr, VMFAIL_INVALID, 0 },
	{ "vmxon_bad_revision_failinvalid", S_VMXE, vmxon_bad_revision,
	  VMFAIL_INVALID, 0 },
	{ "vmxon_ok", S_VMXE, vmxon_ok, VMX_OK, 0 },
	{ "vmxon_in_root_no_vmcs_failinvalid", S_ON, vmxon_ok,
	  VMFAIL_INVALID, 0 },
	{ "vmxon_in_root_fail15", S_CUR, vmxon_ok,
	  FAIL(VMXERR_VMXON_IN_VMX_ROOT), 0 },
	{ "clear_cr4_vmxe_in_vmx_operation_gp", S_ON, clear_cr4_vmxe, GP, 0 },
	/* VMCLEAR */
	{ "vmclear_misaligned_fail2", S_CUR, vmclear_misaligned,
	  FAIL(VMXERR_VMCLEAR_INVALID_ADDR), 0 },
	{ "vmclear_beyond_maxphyaddr_fail2", S_CUR, vmclear_beyond,
	  FAIL(VMXERR_VMCLEAR_INVALID_ADDR), 0 },
	{ "vmclear_vmxon_pointer_fail3", S_CUR, vmclear_vmxon_ptr,
	  FAIL(VMXERR_VMCLEAR_VMXON_PTR), 0 },
	{ "vmclear_misaligned_no_vmcs_failinvalid", S_ON, vmclear_misaligned,
	  VMFAIL_INVALID, 0 },
	{ "vmclear_current_then_vmptrst_all_ones", S_CUR,
	  vmclear_current_then_vmptrst, VMX_OK, 0 },
	/* VMPTRLD */
	{ "vmptrld_misaligned_fail9", S_CUR, vmptrld_misaligned,
	  FAIL(VMXERR_VMPTRLD_INVALID_ADDR), 0 },
	{ "vmptrld_beyond_maxphyaddr_fail9", S_CUR, vmptrld_beyond,
	  FAIL(VMXERR_VMPTRLD_INVALID_ADDR), 0 },
	{ "vmptrld_vmxon_pointer_fail10", S_CUR, vmptrld_vmxon_ptr,
	  FAIL(VMXERR_VMPTRLD_VMXON_PTR), 0 },
	{ "vmptrld_bad_revision_fail11", S_CUR, vmptrld_bad_revision,
	  FAIL(VMXERR_VMPTRLD_BAD_REVISION), 0 },
	{ "vmptrld_bad_revision_no_vmcs_failinvalid", S_ON,
	  vmptrld_bad_revision, VMFAIL_INVALID, 0 },
	{ "vmptrld_shadow_indicator", S_CUR, vmptrld_shadow_indicator, 0,
	  expect_shadow_indicator },
	{ "vmptrld_ok", S_ON, vmptrld_vmcs, VMX_OK, 0 },
	/* VMPTRST */
	{ "vmptrst_no_vmcs_all_ones", S_ON, vmptrst_none, VMX_OK, 0 },
	{ "vmptrst_current", S_CUR, vmptrst_current, VMX_OK, 0 },
	/* VMREAD / VMWRITE */
	{ "vmread_no_vmcs_failinvalid", S_ON, vmread_rip, VMFAIL_INVALID, 0 },
	{ "vmwrite_no_vmcs_failinvalid", S_ON, vmwrite_rip, VMFAIL_INVALID, 0 },
	{ "vmread_unsupported_field_fail12", S_CUR, vmread_bad_field,
	  FAIL(VMXERR_UNSUPPORTED_FIELD), 0 },
	{ "vmwrite_unsupported_field_fail12", S_CUR, vmwrite_bad_field,
	  FAIL(VMXERR_UNSUPPORTED_FIELD), 0 },
	{ "vmwrite_read_only_field", S_CUR, vmwrite_read_only, 0,
	  expect_vmwrite_read_only },
	{ "vmread_ok", S_CUR, vmread_rip, VMX_OK, 0 },
	{ "vmwrite_ok", S_CUR, vmwrite_rip, VMX_OK, 0 },
	/* VMLAUNCH / VMRESUME */
	{ "vmlaunch_no_vmcs_failinvalid", S_ON, vmlaunch, VMFAIL_INVALID, 0 },
	{ "vmresume_no_vmcs_failinvalid", S_ON, vmresume, VMFAIL_INVALID, 0 },
	{ "vmlaunch_launched_fail4", S_LAUNCHED, vmlaunch,
	  FAIL(VMXERR_VMLAUNCH_NOT_CLEAR), 0 },
	{ "vmresume_clear_fail5", S_CUR, vmresume,
	  FAIL(VMXERR_VMRESUME_NOT_LAUNCHED), 0 },
	{ "vmlaunch_bad_control_fail7", S_CUR, vmlaunch_bad_control,
	  FAIL(VMXERR_ENTRY_INVALID_CONTROL), 0 },
	{ "vmlaunch_bad_host_cr4_fail8", S_CUR, vmlaunch_bad_host_cr4,
	  FAIL(VMXERR_ENTRY_INVALID_HOST), 0 },
	/* INVEPT / INVVPID */
	{ "invept_type0_fail28", S_CUR, invept_type0, 0, expect_invept_bad },
	{ "invept_type3_fail28", S_CUR, invept_type3, 0, expect_invept_bad },
	{ "invept_all_context", S_CUR, invept_all, 0, expect_invept_all },
	{ "invvpid_type4_fail28", S_CUR, invvpid_type4, 0, expect_invvpid_bad },
	{ "invvpid_single_vpid0_fail28", S_CUR, invvpid_single_vpid0, 0,
	  expect_invvpid_bad },
	{ "invvpid_descriptor_reserved_fail28", S_CUR, invvpid_desc_reserved,
	  0, expect_invvpid_bad },
	{ "invvpid_addr_noncanonical_fail28", S_CUR,
	  invvpid_addr_noncanonical, 0, expect_invvpid_addr },
	{ "invvpid_all_context", S_CUR, invvpid_all, 0, expect_invvpid_all },
	/* VMXOFF */
	{ "vmxoff_ok", S_CUR, vmxoff, VMX_OK, 0 },
};

#define NR_ROWS	(sizeof(rows) / sizeof(rows[0]))
_Static_assert(NR_ROWS <= NR_ROWS_MAX, "results[] too small");

static void l1_guest(void)
{
	uint32_t a, b, c, d;
	unsigned int i;
	uint64_t fc = guest_rdmsr(MSR_IA32_FEATURE_CONTROL);

	guest_cpuid(0x80000008, 0, &a, &b, &c, &d);
	maxphyaddr_pa = 1ULL << (a & 0xff);
	/* The first VMXON, before anything locks IA32_FEATURE_CONTROL. */
	feature_control_outcome = NOT_APPLICABLE;
	if (!(fc & FEAT_CTL_LOCKED)) {
		guest_write_cr4(guest_read_cr4() | X86_CR4_VMXE);
		*(uint32_t *)l1.vmxon =
			(uint32_t)guest_rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
		feature_control_outcome = vmx_vmxon(PA(l1.vmxon));
	}
	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	for (i = 0; i < NR_ROWS; i++) {
		if (rows[i].expect_fn)
			expected[i] = rows[i].expect_fn();
		else
			expected[i] = rows[i].expect;
		goto_state(rows[i].state);
		results[i] = rows[i].run();
	}
	goto_state(S_OFF);
	GUEST_DONE();
}

TEST(vmx_instruction_outcomes)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	unsigned int i;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_guest);
	test_vcpu_run_done(vcpu);
	for (i = 0; i < NR_ROWS; i++) {
		int want = test_guest_global(vm, expected)[i];
		int got = test_guest_global(vm, results)[i];

		if (want == NOT_APPLICABLE) {
			TH_LOG("%s: not applicable here", rows[i].name);
			continue;
		}
		EXPECT_EQ(want, got)
			TH_LOG("%s: expected %#x, got %#x", rows[i].name,
			       want, got);
	}
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
