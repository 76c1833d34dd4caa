// SPDX-License-Identifier: GPL-2.0
/*
 * An EPT violation of L2 is reflected to L1, with the right exit
 * qualification and guest-physical address, when L1's EPT denies the
 * access, and handled by L0 without L1 seeing it when only L0's tables
 * (the shadow EPT, not yet filled) lack the page.
 *
 * L1 builds the library's identity EPT (2 MiB pages), then splits the
 * 2 MiB page that holds the test page into 4 KiB entries (identity, RWX,
 * WB) and changes the test page's entry.  Exit qualification (SDM Vol. 3C
 * 28.2.1, Table 28-7): bits 2:0 the access (read, write, fetch), bits 5:3
 * the AND of the R/W/X bits of L1's entries on the walk, bits 8:7 = 11b
 * (a data access through L2's paging: GUEST_LINEAR_ADDRESS is valid, and
 * equal to the GPA here, L2 sharing L1's identity page tables).
 */
#include <asm/vmx.h>
#include <linux/nvmx.h>

#include "nvmx_test.h"
#include "nvmx_vm.h"
#include "nvmx_vmx.h"

#define PAGE_SZ		4096ULL
#define OFF		0x238ULL	/* 8-byte aligned offset into the page */
#define VALUE		0x4e564d5845505431ULL
#define EPT_4K(pa, rwx)	((pa) | (6ULL << 3) | (rwx))
#define EPT_R		1ULL
#define EPT_W		2ULL
#define EPT_X		4ULL
#define QUAL_READ	(1ULL << 0)
#define QUAL_WRITE	(1ULL << 1)
/* Bits 8:7: the linear address is valid, the access was to its translation. */
#define QUAL_GLA	3ULL

static struct vmx_l1 l1;
static uint64_t ept_pt[512] __attribute__((aligned(4096)));
static uint8_t pages[2][4096] __attribute__((aligned(4096)));
static uint64_t eptp;

/* What L1 saw at L2's last exit, for the host to check. */
static uint64_t seen_reason, seen_qual, seen_gpa, seen_gla, l2_read;

static uint64_t page_gpa(int i)
{
	return (uint64_t)(uintptr_t)pages[i];
}

/*
 * L1: enable VMX, a VMCS for @l2 with EPT, the identity EPT with the 2 MiB
 * page of pages[] split, and pages[@i]'s entry set to @rwx.
 */
static uint64_t *l1_setup(void (*l2)(void), int i, uint64_t rwx)
{
	uint64_t gpa = page_gpa(i), base = gpa & ~((2ULL << 20) - 1);
	uint64_t *pde;
	int j;

	GUEST_ASSERT_EQ(vmx_enable(&l1), VMX_OK);
	vmx_prepare_vmcs(&l1, l2, 0, CPU2_ENABLE_EPT);
	eptp = vmx_build_identity_ept(&l1);
	GUEST_ASSERT(gpa < (4ULL << 30));
	pde = &l1.ept_pd[gpa >> 30][(gpa >> 21) & 511];
	for (j = 0; j < 512; j++)
		ept_pt[j] = EPT_4K(base + j * PAGE_SZ, EPT_R | EPT_W | EPT_X);
	*pde = (uint64_t)(uintptr_t)ept_pt | EPT_R | EPT_W | EPT_X;
	ept_pt[(gpa >> 12) & 511] = EPT_4K(gpa, rwx);
	vmwritez(EPT_POINTER, eptp);
	return &ept_pt[(gpa >> 12) & 511];
}

/* L1: run L2 until its next exit; keep what L1 sees of it. */
static void l1_run(void)
{
	seen_reason = vmx_run_l2_reason(&l1);
	seen_qual = vmreadz(EXIT_QUALIFICATION);
	seen_gpa = vmreadz(GUEST_PHYSICAL_ADDRESS);
	seen_gla = vmreadz(GUEST_LINEAR_ADDRESS);
}

static void l2_write_page0(void)
{
	*(volatile uint64_t *)(page_gpa(0) + OFF) = VALUE;
	l2_vmcall(0);
}

static void l2_read_page0(void)
{
	l2_read = *(volatile uint64_t *)(page_gpa(0) + OFF);
	l2_vmcall(0);
}

static void l1_write_read_only(void)
{
	l1_setup(l2_write_page0, 0, EPT_R | EPT_X);
	l1_run();
	GUEST_DONE();
}

static void l1_read_not_present(void)
{
	l1_setup(l2_read_page0, 0, 0);
	l1_run();
	GUEST_DONE();
}

static void run_l1(struct __test_metadata *_metadata, void (*l1_fn)(void),
		   struct test_vm **vmp)
{
	struct test_vcpu *vcpu;
	struct test_vm *vm;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_fn);
	test_vcpu_run_done(vcpu);
	*vmp = vm;
}

#define CHECK_VIOLATION(vm, want_qual53, want_qual20, page) do {	\
	uint64_t q = test_guest_global(vm, seen_qual);			\
									\
	TH_LOG("reason %llu qual %#llx gpa %#llx",			\
	       (unsigned long long)test_guest_global(vm, seen_reason),	\
	       (unsigned long long)q,					\
	       (unsigned long long)test_guest_global(vm, seen_gpa));	\
	EXPECT_EQ((uint64_t)EXIT_REASON_EPT_VIOLATION,				\
		  test_guest_global(vm, seen_reason));			\
	EXPECT_EQ((uint64_t)(uintptr_t)(page) + OFF,			\
		  test_guest_global(vm, seen_gpa));			\
	EXPECT_EQ((uint64_t)(uintptr_t)(page) + OFF,			\
		  test_guest_global(vm, seen_gla));			\
	EXPECT_EQ(want_qual20, q & 7);					\
	EXPECT_EQ(want_qual53, (q >> 3) & 7);				\
	EXPECT_EQ(QUAL_GLA, (q >> 7) & 3);				\
} while (0)

/* a. L1's entry R-X; L2 writes: write access, L1's rights R and X. */
TEST(write_to_l1_read_only_page_reflected)
{
	struct test_vm *vm = NULL;

	run_l1(_metadata, l1_write_read_only, &vm);
	if (!vm)
		return;
	CHECK_VIOLATION(vm, EPT_R | EPT_X, QUAL_WRITE, pages[0]);
	test_vm_free(vm);
}

/* b. L1's entry not present; L2 reads: read access, no rights. */
TEST(read_of_l1_not_present_page_reflected)
{
	struct test_vm *vm = NULL;

	run_l1(_metadata, l1_read_not_present, &vm);
	if (!vm)
		return;
	CHECK_VIOLATION(vm, 0ULL, QUAL_READ, pages[0]);
	test_vm_free(vm);
}

/*
 * c. pages[1] is RW in L1's EPT and L2 never touched it.  L2 runs the same
 * code on pages[0] first (SYNC 1..2), so that its code, stack and ucall
 * pages are in the shadow EPT, then on pages[1] (SYNC 3..4): in that
 * window the only shadow fill is the write to pages[1].
 */
static void l2_touch(int i)
{
	GUEST_SYNC(2 * i + 1);
	*(volatile uint64_t *)(page_gpa(i) + OFF) = VALUE + i;
	l2_read = *(volatile uint64_t *)(page_gpa(i) + OFF);
	GUEST_SYNC(2 * i + 2);
	GUEST_ASSERT_EQ(l2_read, VALUE + i);
}

static void l2_touch_both(void)
{
	l2_touch(0);
	l2_touch(1);
	l2_vmcall(0);
}

static void l1_absorbed(void)
{
	l1_setup(l2_touch_both, 1, EPT_R | EPT_W | EPT_X);
	l1_run();
	GUEST_ASSERT_EQ(seen_reason, EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void get_counts(struct __test_metadata *_metadata,
		       struct test_vcpu *vcpu, struct nvmx_nested_counts *n)
{
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, NVMX_GET_NESTED_COUNTS, n))
		TH_LOG("NVMX_GET_NESTED_COUNTS: %s", strerror(errno));
}

TEST(l0_only_violation_absorbed)
{
	struct nvmx_nested_counts n0, n1;
	struct test_vcpu *vcpu;
	struct test_vm *vm;
	uint64_t s = 0;
	int i;

	vm = test_vm_create(NVMX_MODE_LONG);
	TEST_REQUIRE_NESTED_VMX(vm);
	vcpu = test_vcpu_add_guest(vm, 0, l1_absorbed);
	test_vcpu_run_sync(vcpu, 1);
	test_vcpu_run_sync(vcpu, 2);
	test_vcpu_run_sync(vcpu, 3);
	if (vm->is_nvmx)
		get_counts(_metadata, vcpu, &n0);
	test_vcpu_run_sync(vcpu, 4);
	if (vm->is_nvmx)
		get_counts(_metadata, vcpu, &n1);
	test_vcpu_run_done(vcpu);
	EXPECT_EQ(VALUE + 1, *(uint64_t *)test_gpa2hva(vm, page_gpa(1) + OFF));

	if (vm->is_nvmx) {
		for (i = 0; i < NVMX_EXIT_REASONS; i++)
			s += n1.l2_l1[i] - n0.l2_l1[i];
		TH_LOG("l2_l0[EPT_VIOLATION] +%llu, l2_l1 +%llu",
		       (unsigned long long)(n1.l2_l0[EXIT_REASON_EPT_VIOLATION] -
					    n0.l2_l0[EXIT_REASON_EPT_VIOLATION]),
		       (unsigned long long)s);
		EXPECT_EQ(1ULL, n1.l2_l0[EXIT_REASON_EPT_VIOLATION] -
			  n0.l2_l0[EXIT_REASON_EPT_VIOLATION]);
		EXPECT_EQ(0ULL, s);
		EXPECT_EQ(0ULL, n1.entries - n0.entries);
	}
	test_vm_free(vm);
}

/*
 * d. L2 writes pages[0] (RW: absorbed) and VMCALLs; L1 makes the entry
 * R-X and executes INVEPT single-context on its EPTP; L2's next write
 * must be reflected.
 */
static void l2_write_twice(void)
{
	*(volatile uint64_t *)(page_gpa(0) + OFF) = VALUE;
	l2_vmcall(0);
	*(volatile uint64_t *)(page_gpa(0) + OFF) = VALUE + 1;
	l2_vmcall(0);
}

static void l1_invept(void)
{
	uint64_t *pte = l1_setup(l2_write_twice, 0, EPT_R | EPT_W | EPT_X);

	GUEST_ASSERT(l1.ept_vpid_cap & EPT_CAP_INVEPT);
	GUEST_ASSERT(l1.ept_vpid_cap & EPT_CAP_INVEPT_SINGLE);
	l1_run();
	GUEST_ASSERT_EQ(seen_reason, EXIT_REASON_VMCALL);
	*pte = EPT_4K(page_gpa(0), EPT_R | EPT_X);
	GUEST_ASSERT_EQ(vmx_invept(INVEPT_SINGLE_CONTEXT, eptp), VMX_OK);
	vmx_skip_insn();
	l1_run();
	GUEST_DONE();
}

TEST(write_after_invept_reflected)
{
	struct test_vm *vm = NULL;

	run_l1(_metadata, l1_invept, &vm);
	if (!vm)
		return;
	CHECK_VIOLATION(vm, EPT_R | EPT_X, QUAL_WRITE, pages[0]);
	EXPECT_EQ(VALUE, *(uint64_t *)test_gpa2hva(vm, page_gpa(0) + OFF));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
