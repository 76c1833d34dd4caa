// SPDX-License-Identifier: GPL-2.0
/*
 * nvmx selftests: host-side VM builder (see include/nvmx_vm.h).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <linux/kvm.h>
#include <linux/nvmx.h>

#include "nvmx_vm.h"

/* Architectural bits (SDM Vol. 3A 2.5, 4.1.1; AMD APM Vol. 2 3.1). */
#define X86_CR0_PE	(1UL << 0)
#define X86_CR0_MP	(1UL << 1)
#define X86_CR0_ET	(1UL << 4)
#define X86_CR0_NE	(1UL << 5)
#define X86_CR0_WP	(1UL << 16)
#define X86_CR0_PG	(1UL << 31)
#define X86_CR4_PAE	(1UL << 5)
#define X86_CR4_OSFXSR	(1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define EFER_LME	(1UL << 8)
#define EFER_LMA	(1UL << 10)
#define PTE_P		(1UL << 0)
#define PTE_RW		(1UL << 1)
#define PTE_PS		(1UL << 7)

extern const uint64_t nvmx_guest_idt_stubs[NVMX_NR_VECTORS];
extern const char nvmx_guest_ret_trap[];

/* ---- failures ------------------------------------------------------- */

void __nvmx_die(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "nvmx_vm: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

static const char *const exit_names[] = {
#define N(x) [x] = #x
	N(KVM_EXIT_UNKNOWN), N(KVM_EXIT_EXCEPTION), N(KVM_EXIT_IO),
	N(KVM_EXIT_HYPERCALL), N(KVM_EXIT_DEBUG), N(KVM_EXIT_HLT),
	N(KVM_EXIT_MMIO), N(KVM_EXIT_IRQ_WINDOW_OPEN), N(KVM_EXIT_SHUTDOWN),
	N(KVM_EXIT_FAIL_ENTRY), N(KVM_EXIT_INTR), N(KVM_EXIT_SET_TPR),
	N(KVM_EXIT_TPR_ACCESS), N(KVM_EXIT_S390_SIEIC), N(KVM_EXIT_S390_RESET),
	N(KVM_EXIT_DCR), N(KVM_EXIT_NMI), N(KVM_EXIT_INTERNAL_ERROR),
	N(KVM_EXIT_OSI), N(KVM_EXIT_PAPR_HCALL), N(KVM_EXIT_S390_UCONTROL),
	N(KVM_EXIT_WATCHDOG), N(KVM_EXIT_S390_TSCH), N(KVM_EXIT_EPR),
	N(KVM_EXIT_SYSTEM_EVENT), N(KVM_EXIT_S390_STSI), N(KVM_EXIT_IOAPIC_EOI),
	N(KVM_EXIT_HYPERV), N(KVM_EXIT_ARM_NISV), N(KVM_EXIT_X86_RDMSR),
	N(KVM_EXIT_X86_WRMSR), N(KVM_EXIT_DIRTY_RING_FULL),
	N(KVM_EXIT_AP_RESET_HOLD), N(KVM_EXIT_X86_BUS_LOCK),
#undef N
};

const char *nvmx_exit_reason_str(uint32_t reason)
{
	static __thread char buf[40];

	if (reason < sizeof(exit_names) / sizeof(exit_names[0]) &&
	    exit_names[reason])
		return exit_names[reason];
	snprintf(buf, sizeof(buf), "exit reason %u (unknown)", reason);
	return buf;
}

/* ---- device and VM -------------------------------------------------- */

const char *nvmx_dev_path(void)
{
	const char *p = getenv(NVMX_ENV_DEV);

	return p && *p ? p : "/dev/nvmx";
}

int nvmx_dev_open(void)
{
	return open(nvmx_dev_path(), O_RDWR | O_CLOEXEC);
}

bool nvmx_fd_is_nvmx(int fd)
{
	return nvmx_check_extension(fd, NVMX_CAP_NVMX) == 1;
}

bool nvmx_dev_is_nvmx(void)
{
	int fd = nvmx_dev_open();
	bool r;

	if (fd < 0)
		NVMX_DIE("open(%s): %s", nvmx_dev_path(), strerror(errno));
	r = nvmx_fd_is_nvmx(fd);
	close(fd);
	return r;
}

int nvmx_dev_check_extension(int cap)
{
	int fd = nvmx_dev_open();
	int r;

	if (fd < 0)
		NVMX_DIE("open(%s): %s", nvmx_dev_path(), strerror(errno));
	r = nvmx_check_extension(fd, cap);
	if (r < 0)
		NVMX_DIE("KVM_CHECK_EXTENSION(%d): %s", cap, strerror(-r));
	close(fd);
	return r;
}

static void write_gdt(struct test_vm *vm)
{
	uint64_t *gdt = test_gpa2hva(vm, NVMX_GDT_GPA);
	uint64_t tss = NVMX_TSS_GPA;

	/* SDM Vol. 3A 3.4.5: flat, present, DPL 0, G=1, limit 0xfffff. */
	gdt[NVMX_SEL_CODE64 / 8] = 0x00af9b000000ffffULL;	/* L=1 code */
	gdt[NVMX_SEL_DATA / 8] = 0x00cf93000000ffffULL;		/* data, D/B */
	gdt[NVMX_SEL_CODE32 / 8] = 0x00cf9b000000ffffULL;	/* D=1 code */
	/* SDM Vol. 3A 8.2.3: busy TSS (type 11), limit 0x67, 16 bytes. */
	gdt[NVMX_SEL_TSS / 8] = 0x67 | ((tss & 0xffffff) << 16) |
				(0x8bULL << 40) | ((tss >> 24 & 0xff) << 56);
	gdt[NVMX_SEL_TSS / 8 + 1] = tss >> 32;
}

static void write_page_tables(struct test_vm *vm)
{
	uint64_t *pml4 = test_gpa2hva(vm, NVMX_PML4_GPA);
	uint64_t *pdpt = test_gpa2hva(vm, NVMX_PML4_GPA + NVMX_PAGE_SIZE);
	uint64_t pd_gpa = NVMX_PML4_GPA + 2 * NVMX_PAGE_SIZE;
	uint64_t addr = 0;
	unsigned int i, j;

	/* SDM Vol. 3A 4.5: 4-level paging, 2 MiB pages (PS in the PDE). */
	pml4[0] = (NVMX_PML4_GPA + NVMX_PAGE_SIZE) | PTE_P | PTE_RW;
	for (i = 0; i < NVMX_IDENTITY_MAP_SIZE >> 30; i++) {
		uint64_t *pd = test_gpa2hva(vm, pd_gpa + i * NVMX_PAGE_SIZE);

		pdpt[i] = (pd_gpa + i * NVMX_PAGE_SIZE) | PTE_P | PTE_RW;
		for (j = 0; j < 512; j++, addr += 2UL << 20)
			pd[j] = addr | PTE_P | PTE_RW | PTE_PS;
	}
}

static void write_idt(struct test_vm *vm)
{
	uint64_t *idt = test_gpa2hva(vm, NVMX_IDT_GPA);
	unsigned int v;

	/* SDM Vol. 3A 6.14.1: 64-bit interrupt gate, type 14, present. */
	for (v = 0; v < NVMX_NR_VECTORS; v++) {
		uint64_t off = nvmx_guest_idt_stubs[v];

		idt[2 * v] = (off & 0xffff) | ((uint64_t)NVMX_SEL_CODE64 << 16) |
			     (0x8eULL << 40) | ((off >> 16 & 0xffff) << 48);
		idt[2 * v + 1] = off >> 32;
	}
}

/* Load the static test binary's PT_LOAD segments at GPA == their VA. */
static void load_self(struct test_vm *vm)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned int i;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		NVMX_DIE("open(/proc/self/exe): %s", strerror(errno));
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_type != ET_EXEC)
		NVMX_DIE("/proc/self/exe: not a static non-PIE ELF64 executable");
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t end;
		char *dst;

		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * eh.e_phentsize) !=
		    sizeof(ph))
			NVMX_DIE("/proc/self/exe: short program header read");
		if (ph.p_type != PT_LOAD)
			continue;
		end = ph.p_vaddr + ph.p_memsz;
		if (ph.p_vaddr < NVMX_STACK_GPA + NVMX_VM_MAX_VCPUS * NVMX_STACK_SIZE ||
		    end > NVMX_MEM_SLOT0_SIZE)
			NVMX_DIE("segment %#llx-%#llx outside guest RAM",
				 (unsigned long long)ph.p_vaddr,
				 (unsigned long long)end);
		dst = test_gpa2hva(vm, ph.p_vaddr);
		if (pread(fd, dst, ph.p_filesz, ph.p_offset) != (ssize_t)ph.p_filesz)
			NVMX_DIE("/proc/self/exe: short segment read");
		memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	close(fd);
}

struct test_vm *test_vm_create(enum nvmx_guest_mode mode)
{
	struct test_vm *vm = calloc(1, sizeof(*vm));
	int r;

	NVMX_CHECK(vm, "out of memory");
	vm->mode = mode;
	/* open, KVM_GET_API_VERSION, KVM_GET_VCPU_MMAP_SIZE */
	r = nvmx_sys_open(&vm->sys, nvmx_dev_path());
	if (r)
		NVMX_DIE("open(%s): %s%s", nvmx_dev_path(), strerror(-r),
			 r == -ENOENT ? " (is nvmx loaded? set NVMX_DEV=/dev/kvm to use KVM)" : "");
	vm->is_nvmx = nvmx_fd_is_nvmx(vm->sys.fd);
	r = nvmx_vm_create(&vm->sys, &vm->nv);
	if (r)
		NVMX_DIE("KVM_CREATE_VM: %s", strerror(-r));
	(void)fcntl(vm->nv.fd, F_SETFD, FD_CLOEXEC);
	if (mode == NVMX_MODE_NONE)
		return vm;
	test_vm_add_slot(vm, 0, 0, NVMX_MEM_SLOT0_SIZE, 0);
	write_gdt(vm);
	if (mode == NVMX_MODE_LONG) {
		write_page_tables(vm);
		load_self(vm);
		write_idt(vm);
	}
	return vm;
}

void test_vm_free(struct test_vm *vm)
{
	unsigned int i;

	if (!vm)
		return;
	for (i = 0; i < NVMX_VM_MAX_VCPUS; i++) {
		struct test_vcpu *v = vm->vcpus[i];

		if (!v)
			continue;
		nvmx_vcpu_close(&v->nv);
		free(v);
	}
	nvmx_vm_close(&vm->nv);
	nvmx_sys_close(&vm->sys);
	for (i = 0; i < NVMX_VM_MAX_SLOTS; i++) {
		if (vm->slots[i].hva)
			munmap(vm->slots[i].hva, vm->slots[i].size);
	}
	free(vm->cpuid);
	free(vm);
}

/* ---- memory slots ---------------------------------------------------- */

int __test_vm_set_region(struct test_vm *vm, uint32_t slot, uint32_t flags,
			 uint64_t gpa, uint64_t size, void *hva)
{
	int r = nvmx_set_user_memory_region(&vm->nv, slot, flags, gpa, size,
					    hva);

	return r < 0 ? r : 0;
}

static struct test_slot *find_slot(struct test_vm *vm, uint32_t slot)
{
	unsigned int i;

	for (i = 0; i < NVMX_VM_MAX_SLOTS; i++) {
		if (vm->slots[i].used && vm->slots[i].id == slot)
			return &vm->slots[i];
	}
	NVMX_DIE("slot %u was not added", slot);
}

void *test_vm_add_slot(struct test_vm *vm, uint32_t slot, uint64_t gpa,
		       uint64_t size, uint32_t flags)
{
	struct test_slot *s = NULL;
	unsigned int i;
	void *hva;
	int r;

	for (i = 0; i < NVMX_VM_MAX_SLOTS && !s; i++) {
		if (!vm->slots[i].hva)
			s = &vm->slots[i];
	}
	NVMX_CHECK(s, "more than %d slots", NVMX_VM_MAX_SLOTS);
	hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (hva == MAP_FAILED)
		NVMX_DIE("mmap(%#llx bytes): %s", (unsigned long long)size,
			 strerror(errno));
	r = __test_vm_set_region(vm, slot, flags, gpa, size, hva);
	if (r)
		NVMX_DIE("KVM_SET_USER_MEMORY_REGION(slot %u, gpa %#llx, size %#llx, flags %#x): %s",
			 slot, (unsigned long long)gpa, (unsigned long long)size,
			 flags, strerror(-r));
	*s = (struct test_slot){ .used = true, .id = slot, .flags = flags,
				 .gpa = gpa, .size = size, .hva = hva };
	return hva;
}

void test_vm_move_slot(struct test_vm *vm, uint32_t slot, uint64_t new_gpa)
{
	struct test_slot *s = find_slot(vm, slot);
	int r = __test_vm_set_region(vm, slot, s->flags, new_gpa, s->size,
				     s->hva);

	if (r)
		NVMX_DIE("moving slot %u to %#llx: %s", slot,
			 (unsigned long long)new_gpa, strerror(-r));
	s->gpa = new_gpa;
}

void test_vm_delete_slot(struct test_vm *vm, uint32_t slot)
{
	struct test_slot *s = find_slot(vm, slot);
	int r = __test_vm_set_region(vm, slot, s->flags, s->gpa, 0, s->hva);

	if (r)
		NVMX_DIE("deleting slot %u: %s", slot, strerror(-r));
	s->used = false;	/* hva stays mapped until test_vm_free() */
}

void *test_gpa2hva(struct test_vm *vm, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < NVMX_VM_MAX_SLOTS; i++) {
		struct test_slot *s = &vm->slots[i];

		if (s->used && gpa >= s->gpa && gpa - s->gpa < s->size)
			return (char *)s->hva + (gpa - s->gpa);
	}
	NVMX_DIE("no memory slot holds GPA %#llx", (unsigned long long)gpa);
}

void test_vm_write(struct test_vm *vm, uint64_t gpa, const void *src,
		   size_t len)
{
	char *dst = test_gpa2hva(vm, gpa);

	if (len)
		(void)test_gpa2hva(vm, gpa + len - 1);
	memcpy(dst, src, len);
}

void test_vm_install_exception_handler(struct test_vm *vm, unsigned int vector,
				       nvmx_guest_handler_t handler)
{
	NVMX_CHECK(vm->mode == NVMX_MODE_LONG && vector < NVMX_NR_VECTORS,
		   "mode %d vector %u", vm->mode, vector);
	test_guest_global(vm, nvmx_guest_handlers[vector]) = handler;
}

/* ---- vCPUs ------------------------------------------------------------ */

static void set_seg(struct kvm_segment *s, uint16_t sel, uint8_t type,
		    uint8_t db, uint8_t l, uint8_t g, uint32_t limit)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = limit, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = db, .s = 1, .l = l, .g = g,
	};
}

static void setup_sregs(struct test_vcpu *vcpu, enum nvmx_guest_mode mode)
{
	struct kvm_sregs sr;

	test_vcpu_get_sregs(vcpu, &sr);
	if (mode == NVMX_MODE_REAL) {
		/* Reset-state segments (SDM Vol. 3A 10.1.1), but CS base 0. */
		set_seg(&sr.cs, 0, 11, 0, 0, 0, 0xffff);
		set_seg(&sr.ds, 0, 3, 0, 0, 0, 0xffff);
	} else {
		sr.gdt.base = NVMX_GDT_GPA;
		sr.gdt.limit = NVMX_SEL_TSS + 15;
		sr.tr = (struct kvm_segment){
			.base = NVMX_TSS_GPA, .limit = 0x67,
			.selector = NVMX_SEL_TSS, .type = 11, .present = 1,
		};
		sr.ldt = (struct kvm_segment){ .type = 2, .present = 1,
					       .limit = 0xffff, .unusable = 1 };
		set_seg(&sr.ds, NVMX_SEL_DATA, 3, 1, 0, 1, 0xffffffff);
		sr.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
		if (mode == NVMX_MODE_PROTECTED) {
			set_seg(&sr.cs, NVMX_SEL_CODE32, 11, 1, 0, 1, 0xffffffff);
		} else {
			set_seg(&sr.cs, NVMX_SEL_CODE64, 11, 0, 1, 1, 0xffffffff);
			sr.cr0 |= X86_CR0_MP | X86_CR0_WP | X86_CR0_PG;
			sr.cr3 = NVMX_PML4_GPA;
			sr.cr4 = X86_CR4_PAE | X86_CR4_OSFXSR |
				 X86_CR4_OSXMMEXCPT;
			sr.efer = EFER_LME | EFER_LMA;
			sr.idt.base = NVMX_IDT_GPA;
			sr.idt.limit = NVMX_NR_VECTORS * 16 - 1;
		}
	}
	sr.es = sr.ds;
	sr.fs = sr.ds;
	sr.gs = sr.ds;
	sr.ss = sr.ds;
	test_vcpu_set_sregs(vcpu, &sr);
}

struct test_vcpu *test_vcpu_add(struct test_vm *vm, uint32_t id,
				uint64_t entry)
{
	struct test_vcpu *vcpu;
	struct kvm_regs regs;
	uint64_t stack_top;
	int r;

	NVMX_CHECK(id < NVMX_VM_MAX_VCPUS && !vm->vcpus[id], "vCPU id %u", id);
	vcpu = calloc(1, sizeof(*vcpu));
	NVMX_CHECK(vcpu, "out of memory");
	/* KVM_CREATE_VCPU, then mmap of its kvm_run */
	r = nvmx_vcpu_create(&vm->nv, id, &vcpu->nv);
	if (r)
		NVMX_DIE("KVM_CREATE_VCPU(%u) or mmap of its kvm_run: %s", id,
			 strerror(-r));
	(void)fcntl(vcpu->nv.fd, F_SETFD, FD_CLOEXEC);
	vcpu->vm = vm;
	vm->vcpus[id] = vcpu;
	if (vm->mode == NVMX_MODE_NONE)
		return vcpu;

	/* KVM checks CR4 and EFER against the CPUID table: table first. */
	if (vm->cpuid)
		test_vcpu_set_cpuid(vcpu, vm->cpuid);
	setup_sregs(vcpu, vm->mode);
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;
	regs.rip = entry;
	stack_top = NVMX_STACK_GPA + (id + 1) * NVMX_STACK_SIZE;
	if (vm->mode == NVMX_MODE_LONG) {
		/* As if called: RSP + 8 16-byte aligned, a trap to return to. */
		regs.rsp = stack_top - 8;
		*(uint64_t *)test_gpa2hva(vm, regs.rsp) =
			(uint64_t)(uintptr_t)nvmx_guest_ret_trap;
	} else if (vm->mode == NVMX_MODE_PROTECTED) {
		regs.rsp = stack_top;
	} else {
		regs.rsp = 0xfff0;	/* SS base 0: below the code */
	}
	test_vcpu_set_regs(vcpu, &regs);
	return vcpu;
}

void test_vcpu_args_set(struct test_vcpu *vcpu, unsigned int n, ...)
{
	struct kvm_regs regs;
	va_list ap;

	NVMX_CHECK(n <= 4, "%u arguments", n);
	test_vcpu_get_regs(vcpu, &regs);
	va_start(ap, n);
	if (n > 0)
		regs.rdi = va_arg(ap, uint64_t);
	if (n > 1)
		regs.rsi = va_arg(ap, uint64_t);
	if (n > 2)
		regs.rdx = va_arg(ap, uint64_t);
	if (n > 3)
		regs.rcx = va_arg(ap, uint64_t);
	va_end(ap);
	test_vcpu_set_regs(vcpu, &regs);
}

/* Die with the ioctl's name and errno if a libnvmx call (-errno) failed. */
#define VCPU_CHECK(vcpu, call, name) do {				\
	int __r = (call);						\
	if (__r < 0)							\
		NVMX_DIE("%s on vCPU %u: %s", name, (vcpu)->nv.id,	\
			 strerror(-__r));				\
} while (0)

void test_vcpu_get_regs(struct test_vcpu *vcpu, struct kvm_regs *regs)
{
	VCPU_CHECK(vcpu, nvmx_get_regs(&vcpu->nv, regs), "KVM_GET_REGS");
}

void test_vcpu_set_regs(struct test_vcpu *vcpu, const struct kvm_regs *regs)
{
	VCPU_CHECK(vcpu, nvmx_set_regs(&vcpu->nv, regs), "KVM_SET_REGS");
}

void test_vcpu_get_sregs(struct test_vcpu *vcpu, struct kvm_sregs *sregs)
{
	VCPU_CHECK(vcpu, nvmx_get_sregs(&vcpu->nv, sregs), "KVM_GET_SREGS");
}

void test_vcpu_set_sregs(struct test_vcpu *vcpu, const struct kvm_sregs *sregs)
{
	VCPU_CHECK(vcpu, nvmx_set_sregs(&vcpu->nv, sregs), "KVM_SET_SREGS");
}

/* libnvmx answers -EINVAL when KVM_GET/SET_MSRS did not do the one MSR. */
uint64_t test_vcpu_get_msr(struct test_vcpu *vcpu, uint32_t index)
{
	uint64_t val;
	int r = nvmx_get_msr(&vcpu->nv, index, &val);

	if (r)
		NVMX_DIE("KVM_GET_MSRS(%#x) on vCPU %u: %s", index,
			 vcpu->nv.id, r == -EINVAL ? "not read" : strerror(-r));
	return val;
}

void test_vcpu_set_msr(struct test_vcpu *vcpu, uint32_t index, uint64_t val)
{
	int r = nvmx_set_msr(&vcpu->nv, index, val);

	if (r)
		NVMX_DIE("KVM_SET_MSRS(%#x = %#llx) on vCPU %u: %s",
			 index, (unsigned long long)val, vcpu->nv.id,
			 r == -EINVAL ? "not written" : strerror(-r));
}

struct kvm_cpuid2 *test_get_supported_cpuid(struct test_vm *vm)
{
	struct kvm_cpuid2 *c;
	int r = nvmx_get_supported_cpuid(&vm->sys, &c);

	if (r)
		NVMX_DIE("KVM_GET_SUPPORTED_CPUID: %s", strerror(-r));
	return c;
}

void test_vcpu_set_cpuid(struct test_vcpu *vcpu, const struct kvm_cpuid2 *cpuid)
{
	VCPU_CHECK(vcpu, nvmx_set_cpuid(&vcpu->nv, cpuid), "KVM_SET_CPUID2");
}

int __test_vcpu_run(struct test_vcpu *vcpu)
{
	int r = nvmx_vcpu_run(&vcpu->nv);

	return r < 0 ? r : 0;
}

void test_vcpu_run(struct test_vcpu *vcpu)
{
	int r = __test_vcpu_run(vcpu);

	if (r)
		NVMX_DIE("KVM_RUN on vCPU %u: %s (exit_reason %s)", vcpu->nv.id,
			 strerror(-r),
			 nvmx_exit_reason_str(vcpu->nv.run->exit_reason));
}

const char *test_vcpu_exit_str(struct test_vcpu *vcpu, char *buf, size_t len)
{
	struct kvm_run *run = vcpu->nv.run;
	struct kvm_regs regs;
	unsigned int i;
	int n;

	n = snprintf(buf, len, "%s", nvmx_exit_reason_str(run->exit_reason));
	if (n < 0 || (size_t)n >= len)
		return buf;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		n += snprintf(buf + n, len - n,
			      " (%s port %#x size %u count %u)",
			      run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
			      run->io.port, run->io.size, run->io.count);
		break;
	case KVM_EXIT_MMIO:
		n += snprintf(buf + n, len - n,
			      " (%s gpa %#llx len %u)",
			      run->mmio.is_write ? "write" : "read",
			      (unsigned long long)run->mmio.phys_addr,
			      run->mmio.len);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		n += snprintf(buf + n, len - n,
			      " (hardware_entry_failure_reason %#llx)",
			      (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		n += snprintf(buf + n, len - n, " (suberror %u, ndata %u:",
			      run->internal.suberror, run->internal.ndata);
		for (i = 0; i < run->internal.ndata && i < 16 &&
			    n > 0 && (size_t)n < len; i++)
			n += snprintf(buf + n, len - n, " %#llx",
				      (unsigned long long)run->internal.data[i]);
		if (n > 0 && (size_t)n < len)
			n += snprintf(buf + n, len - n, ")");
		break;
	default:
		break;
	}
	if (n < 0 || (size_t)n >= len)
		return buf;
	if (!nvmx_get_regs(&vcpu->nv, &regs))
		snprintf(buf + n, len - n, " at rip %#llx",
			 (unsigned long long)regs.rip);
	return buf;
}

void __test_vcpu_assert_exit(const char *file, int line,
			     struct test_vcpu *vcpu, uint32_t reason)
{
	char buf[256];

	if (vcpu->nv.run->exit_reason == reason)
		return;
	__nvmx_die(file, line, "vCPU %u: expected %s, got %s", vcpu->nv.id,
		   nvmx_exit_reason_str(reason),
		   test_vcpu_exit_str(vcpu, buf, sizeof(buf)));
}

void __test_vcpu_assert_io(const char *file, int line, struct test_vcpu *vcpu,
			   uint8_t direction, uint16_t port, uint8_t size,
			   uint32_t count)
{
	struct kvm_run *run = vcpu->nv.run;
	char buf[256];

	__test_vcpu_assert_exit(file, line, vcpu, KVM_EXIT_IO);
	if (run->io.direction == direction && run->io.port == port &&
	    run->io.size == size && run->io.count == count)
		return;
	__nvmx_die(file, line,
		   "vCPU %u: expected KVM_EXIT_IO (%s port %#x size %u count %u), got %s",
		   vcpu->nv.id, direction == KVM_EXIT_IO_OUT ? "out" : "in",
		   port, size, count,
		   test_vcpu_exit_str(vcpu, buf, sizeof(buf)));
}

void __test_vcpu_assert_mmio(const char *file, int line,
			     struct test_vcpu *vcpu, uint64_t gpa,
			     uint32_t len, bool is_write)
{
	struct kvm_run *run = vcpu->nv.run;
	char buf[256];

	__test_vcpu_assert_exit(file, line, vcpu, KVM_EXIT_MMIO);
	if (run->mmio.phys_addr == gpa && run->mmio.len == len &&
	    !!run->mmio.is_write == is_write)
		return;
	__nvmx_die(file, line,
		   "vCPU %u: expected KVM_EXIT_MMIO (%s gpa %#llx len %u), got %s",
		   vcpu->nv.id, is_write ? "write" : "read",
		   (unsigned long long)gpa, len,
		   test_vcpu_exit_str(vcpu, buf, sizeof(buf)));
}

/* ---- ucall ---------------------------------------------------------- */

uint64_t test_get_ucall(struct test_vcpu *vcpu, struct nvmx_ucall *uc)
{
	struct kvm_run *run = vcpu->nv.run;
	struct kvm_regs regs;

	if (run->exit_reason != KVM_EXIT_IO || run->io.port != NVMX_UCALL_PORT ||
	    run->io.direction != KVM_EXIT_IO_OUT)
		return UCALL_NONE;
	test_vcpu_get_regs(vcpu, &regs);
	/* Identity map: the guest's &uc is its GPA. */
	(void)test_gpa2hva(vcpu->vm, regs.rdi + sizeof(*uc) - 1);
	memcpy(uc, test_gpa2hva(vcpu->vm, regs.rdi), sizeof(*uc));
	return uc->cmd;
}

uint64_t __test_vcpu_run_ucall(const char *file, int line,
			       struct test_vcpu *vcpu, struct nvmx_ucall *uc)
{
	char buf[256];
	uint64_t cmd;

	test_vcpu_run(vcpu);
	cmd = test_get_ucall(vcpu, uc);
	switch (cmd) {
	case UCALL_NONE:
		__nvmx_die(file, line, "vCPU %u: expected a ucall, got %s",
			   vcpu->nv.id, test_vcpu_exit_str(vcpu, buf, sizeof(buf)));
	case UCALL_ABORT:
		__nvmx_die(file, line,
			   "vCPU %u: guest assertion failed at %s:%llu: %s (%#llx vs %#llx)",
			   vcpu->nv.id, uc->file ? uc->file : "?",
			   (unsigned long long)uc->line,
			   uc->expr ? uc->expr : "?",
			   (unsigned long long)uc->args[0],
			   (unsigned long long)uc->args[1]);
	case UCALL_UNHANDLED:
		__nvmx_die(file, line,
			   "vCPU %u: unhandled guest exception %llu, error code %#llx, rip %#llx",
			   vcpu->nv.id, (unsigned long long)uc->args[0],
			   (unsigned long long)uc->args[1],
			   (unsigned long long)uc->args[2]);
	default:
		return cmd;
	}
}
