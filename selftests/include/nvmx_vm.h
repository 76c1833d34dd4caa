/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: host-side VM builder and guest runtime, in the shape
 * of the KVM selftests' kvm_util.
 *
 * Host side (lib/nvmx_vm.c): open the device ($NVMX_DEV, default
 * /dev/nvmx, so the same tests can be pointed at /dev/kvm), create a
 * VM, add memory slots, create vCPUs with their mmap'd struct kvm_run,
 * put them in real, 32-bit protected or long mode, run them, decode
 * the exits.  Errors in the builder are not test results: the helpers
 * print one readable line (the ioctl, its errno, the exit reason by
 * name) and abort(), which the kselftest harness reports as a failed
 * test.  Helpers whose name starts with "__" return -errno instead, for
 * the tests that check errnos.
 *
 * Guest side (lib/nvmx_guest.c): in long mode the guest runs the test
 * binary's own code.  test_vm_create(NVMX_MODE_LONG) loads the static
 * binary's PT_LOAD segments from /proc/self/exe into guest memory at
 * guest physical == guest virtual == host virtual addresses, builds
 * identity-mapped page tables (4 GiB, 2 MiB pages), a GDT, a TSS and an
 * IDT whose handlers report through a ucall.  A guest function given to
 * test_vcpu_add() starts on its own stack; it reports with GUEST_SYNC(),
 * GUEST_ASSERT*() and GUEST_DONE(), all port I/O on NVMX_UCALL_PORT.
 * Pointers in the guest (the assert's file name and expression) point
 * into the binary's .rodata, which has the same address in the host.
 *
 * Guest code must not call libc: the guest copy of .data is the file's,
 * so ifunc-resolved calls (memcpy, memset, ...) would jump nowhere.
 */
#ifndef SELFTEST_NVMX_VM_H
#define SELFTEST_NVMX_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "libnvmx.h"

#define NVMX_ENV_DEV		"NVMX_DEV"	/* device to test, default /dev/nvmx */

/* ---- guest physical memory layout (slot 0, RAM from GPA 0) -------- */

#define NVMX_PAGE_SIZE		0x1000UL
#define NVMX_MEM_SLOT0_SIZE	(16UL << 20)	/* slot 0: GPA 0 .. 16 MiB */
#define NVMX_GDT_GPA		0x1000UL
#define NVMX_IDT_GPA		0x2000UL
#define NVMX_TSS_GPA		0x3000UL
#define NVMX_PML4_GPA		0x4000UL	/* then PDPT, 4 PDs: 0x5000-0x9fff */
#define NVMX_CODE_GPA		0x10000UL	/* real/protected mode code */
#define NVMX_DATA_GPA		0x20000UL	/* scratch page for asm guests */
#define NVMX_STACK_GPA		0x100000UL	/* per-vCPU stacks, 64 KiB each */
#define NVMX_STACK_SIZE		0x10000UL
#define NVMX_IDENTITY_MAP_SIZE	(4UL << 30)	/* 0 .. 4 GiB, 2 MiB pages */

/* GDT selectors (the same GDT in every mode). */
#define NVMX_SEL_CODE64		0x08
#define NVMX_SEL_DATA		0x10
#define NVMX_SEL_CODE32		0x18
#define NVMX_SEL_TSS		0x20	/* 16 bytes in long mode */

/* The port of the guest->host "ucall". */
#define NVMX_UCALL_PORT		0x4e56

#define NVMX_VM_MAX_VCPUS	16
#define NVMX_VM_MAX_SLOTS	32

enum nvmx_guest_mode {
	NVMX_MODE_NONE,		/* no memory, no vCPU setup (errno tests) */
	NVMX_MODE_REAL,		/* slot 0, vCPUs in real mode at CS:IP 0:entry */
	NVMX_MODE_PROTECTED,	/* slot 0, flat 32-bit protected mode, no paging */
	NVMX_MODE_LONG,		/* slot 0, test binary loaded, 64-bit paging */
};

struct test_slot {
	bool used;
	uint32_t id;
	uint32_t flags;
	uint64_t gpa;
	uint64_t size;
	void *hva;		/* mmap'd by the builder */
};

struct test_vm;

/*
 * The builder's objects are layers over libnvmx's (userspace/lib): the
 * ioctl plumbing is libnvmx's, the builder adds the memory map, the
 * mode setup and the die-on-error checks.
 */
struct test_vcpu {
	struct nvmx_vcpu nv;	/* libnvmx: fd, id, mmap'd run, run_size */
	struct test_vm *vm;
};

struct test_vm {
	struct nvmx_sys sys;	/* libnvmx: the device fd, vCPU mmap size */
	struct nvmx_vm nv;	/* libnvmx: the VM fd */
	bool is_nvmx;		/* KVM_CHECK_EXTENSION(NVMX_CAP_NVMX) == 1 */
	enum nvmx_guest_mode mode;
	struct test_slot slots[NVMX_VM_MAX_SLOTS];
	struct test_vcpu *vcpus[NVMX_VM_MAX_VCPUS];
	/*
	 * NULL, or a malloc'd CPUID table that test_vcpu_add() gives every
	 * new vCPU (KVM_SET_CPUID2) before its registers (test_vm_free()
	 * frees it); e.g. test_vm_enable_vmx() of nvmx_vmx.h.
	 */
	struct kvm_cpuid2 *cpuid;
};

/* ---- failures ------------------------------------------------------- */

/* Print "nvmx_vm: <file>:<line>: <message>" to stderr and abort(). */
void __nvmx_die(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
#define NVMX_DIE(fmt, ...)	__nvmx_die(__FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define NVMX_CHECK(cond, fmt, ...) do {					\
	if (!(cond))							\
		__nvmx_die(__FILE__, __LINE__, "%s: " fmt, #cond,	\
			   ##__VA_ARGS__);				\
} while (0)

/* "KVM_EXIT_IO" for KVM_EXIT_IO, "exit reason 99 (unknown)" otherwise. */
const char *nvmx_exit_reason_str(uint32_t reason);

/* ---- device and VM -------------------------------------------------- */

/* $NVMX_DEV if set and non-empty, else "/dev/nvmx". */
const char *nvmx_dev_path(void);

/* open(nvmx_dev_path(), O_RDWR | O_CLOEXEC): fd, or -1 with errno. */
int nvmx_dev_open(void);

/* KVM_CHECK_EXTENSION(NVMX_CAP_NVMX) on fd == 1: the fd is nvmx's. */
bool nvmx_fd_is_nvmx(int fd);

/* The device under test is nvmx (it answers NVMX_CAP_NVMX); dies if no device. */
bool nvmx_dev_is_nvmx(void);

/* KVM_CHECK_EXTENSION(cap) on the device: its answer (dies on error). */
int nvmx_dev_check_extension(int cap);

/*
 * New VM on a new device fd, set up for @mode (see enum nvmx_guest_mode).
 * Dies with the reason when anything fails.
 */
struct test_vm *test_vm_create(enum nvmx_guest_mode mode);

/* Close every vCPU (munmap kvm_run), the VM, the device; free the slots. */
void test_vm_free(struct test_vm *vm);

/* ---- memory slots ---------------------------------------------------- */

/* KVM_SET_USER_MEMORY_REGION as given: 0 or -errno. */
int __test_vm_set_region(struct test_vm *vm, uint32_t slot, uint32_t flags,
			 uint64_t gpa, uint64_t size, void *hva);

/* Add slot @slot of @size bytes at @gpa backed by fresh anonymous memory. */
void *test_vm_add_slot(struct test_vm *vm, uint32_t slot, uint64_t gpa,
		       uint64_t size, uint32_t flags);

/* Move an added slot to @new_gpa (same size, flags, memory). */
void test_vm_move_slot(struct test_vm *vm, uint32_t slot, uint64_t new_gpa);

/* Delete an added slot (memory_size 0); its memory stays mapped. */
void test_vm_delete_slot(struct test_vm *vm, uint32_t slot);

/* Host address of guest physical @gpa (dies if no slot holds it). */
void *test_gpa2hva(struct test_vm *vm, uint64_t gpa);

/*
 * Guest code for real or protected mode, as assembler in the test file:
 *	NVMX_ASM_GUEST(rm_hello, ".code16", "out %al, $0x10\n hlt");
 * defines rm_hello_start[] and rm_hello_end[] (in .rodata) around the
 * bytes; test_vm_load_asm(vm, gpa, rm_hello) copies them to @gpa.  The
 * code must be position independent or use absolute GPAs only.
 */
#define NVMX_ASM_GUEST(name, mode, body)				\
	extern const char name##_start[], name##_end[];			\
	__asm__(".pushsection .rodata\n" mode "\n"			\
		".globl " #name "_start\n" #name "_start:\n"		\
		body "\n"						\
		".globl " #name "_end\n" #name "_end:\n"		\
		".code64\n.popsection\n")
#define test_vm_load_asm(vm, gpa, name)					\
	test_vm_write(vm, gpa, name##_start, name##_end - name##_start)

/* Copy host memory into guest memory at @gpa. */
void test_vm_write(struct test_vm *vm, uint64_t gpa, const void *src,
		   size_t len);

/*
 * Long mode: the guest copy of a global of the test binary (same
 * address in host and guest).  Sync a host value of it to the guest.
 */
#define test_sync_global_to_guest(vm, g)				\
	test_vm_write(vm, (uint64_t)(uintptr_t)&(g), &(g), sizeof(g))
#define test_guest_global(vm, g)					\
	(*(__typeof__(&(g)))test_gpa2hva(vm, (uint64_t)(uintptr_t)&(g)))

/* ---- vCPUs ------------------------------------------------------------ */

/*
 * KVM_CREATE_VCPU(@id) and mmap its kvm_run; set up for the VM's mode:
 * long mode: RIP = @entry (a guest function), own stack, 64-bit segments;
 * protected mode: RIP = @entry (a GPA), flat 32-bit segments;
 * real mode: CS = 0, IP = @entry (a GPA below 64 KiB);
 * NVMX_MODE_NONE: left in the reset state (@entry ignored).
 */
struct test_vcpu *test_vcpu_add(struct test_vm *vm, uint32_t id,
				uint64_t entry);
#define test_vcpu_add_guest(vm, id, fn) \
	test_vcpu_add(vm, id, (uint64_t)(uintptr_t)(fn))

/* Long mode: set the guest function's first arguments (RDI, RSI, RDX, RCX). */
void test_vcpu_args_set(struct test_vcpu *vcpu, unsigned int n, ...);

/* Register access (die on error). */
void test_vcpu_get_regs(struct test_vcpu *vcpu, struct kvm_regs *regs);
void test_vcpu_set_regs(struct test_vcpu *vcpu, const struct kvm_regs *regs);
void test_vcpu_get_sregs(struct test_vcpu *vcpu, struct kvm_sregs *sregs);
void test_vcpu_set_sregs(struct test_vcpu *vcpu, const struct kvm_sregs *sregs);
uint64_t test_vcpu_get_msr(struct test_vcpu *vcpu, uint32_t index);
void test_vcpu_set_msr(struct test_vcpu *vcpu, uint32_t index, uint64_t val);

/* KVM_GET_SUPPORTED_CPUID of the device (malloc'd, free() it). */
struct kvm_cpuid2 *test_get_supported_cpuid(struct test_vm *vm);
/* KVM_SET_CPUID2 (dies on error). */
void test_vcpu_set_cpuid(struct test_vcpu *vcpu, const struct kvm_cpuid2 *cpuid);

/* KVM_RUN: 0 or -errno; never dies. */
int __test_vcpu_run(struct test_vcpu *vcpu);
/* KVM_RUN, dying if it fails. */
void test_vcpu_run(struct test_vcpu *vcpu);

/* One line describing the vCPU's last exit (reason name and details). */
const char *test_vcpu_exit_str(struct test_vcpu *vcpu, char *buf, size_t len);

/* Die unless the last exit is @reason (message names both and the RIP). */
void __test_vcpu_assert_exit(const char *file, int line,
			     struct test_vcpu *vcpu, uint32_t reason);
#define test_vcpu_assert_exit(vcpu, reason) \
	__test_vcpu_assert_exit(__FILE__, __LINE__, vcpu, reason)

/* Die unless the last exit is KVM_EXIT_IO with exactly these fields. */
void __test_vcpu_assert_io(const char *file, int line, struct test_vcpu *vcpu,
			   uint8_t direction, uint16_t port, uint8_t size,
			   uint32_t count);
#define test_vcpu_assert_io(vcpu, dir, port, size, count) \
	__test_vcpu_assert_io(__FILE__, __LINE__, vcpu, dir, port, size, count)

/* Die unless the last exit is KVM_EXIT_MMIO with exactly these fields. */
void __test_vcpu_assert_mmio(const char *file, int line,
			     struct test_vcpu *vcpu, uint64_t gpa,
			     uint32_t len, bool is_write);
#define test_vcpu_assert_mmio(vcpu, gpa, len, is_write) \
	__test_vcpu_assert_mmio(__FILE__, __LINE__, vcpu, gpa, len, is_write)

/* Pointer to the data of the last KVM_EXIT_IO. */
static inline void *test_io_data(struct test_vcpu *vcpu)
{
	return nvmx_io_data(&vcpu->nv);
}

/* ---- ucall ---------------------------------------------------------- */

enum {
	UCALL_NONE,
	UCALL_SYNC,		/* GUEST_SYNC(arg): args[0] = arg */
	UCALL_DONE,		/* GUEST_DONE() */
	UCALL_ABORT,		/* GUEST_ASSERT*(): args[0..1] the values */
	UCALL_UNHANDLED,	/* exception: args[0] vector, [1] error code, [2] RIP */
};

#define NVMX_UCALL_ARGS	4

struct nvmx_ucall {
	uint64_t cmd;
	uint64_t args[NVMX_UCALL_ARGS];
	const char *file;	/* UCALL_ABORT: where, and what */
	const char *expr;
	uint64_t line;
};

/*
 * If the last exit is the ucall port (long mode: RDI points to a struct
 * nvmx_ucall on the guest stack), copy it to @uc and return its cmd;
 * else UCALL_NONE.
 */
uint64_t test_get_ucall(struct test_vcpu *vcpu, struct nvmx_ucall *uc);

/*
 * KVM_RUN once; die unless it exits on a ucall; die with the guest's
 * message on UCALL_ABORT / UCALL_UNHANDLED.  Returns the cmd.
 */
uint64_t __test_vcpu_run_ucall(const char *file, int line,
			       struct test_vcpu *vcpu, struct nvmx_ucall *uc);
#define test_vcpu_run_ucall(vcpu, uc) \
	__test_vcpu_run_ucall(__FILE__, __LINE__, vcpu, uc)

/* Run once; die unless the guest did GUEST_SYNC(@arg). */
#define test_vcpu_run_sync(vcpu, arg) do {				\
	struct nvmx_ucall __uc;						\
	uint64_t __cmd = test_vcpu_run_ucall(vcpu, &__uc);		\
	if (__cmd != UCALL_SYNC || __uc.args[0] != (uint64_t)(arg))	\
		NVMX_DIE("expected GUEST_SYNC(%#llx), got ucall %llu "	\
			 "arg %#llx", (unsigned long long)(arg),	\
			 (unsigned long long)__cmd,			\
			 (unsigned long long)__uc.args[0]);		\
} while (0)

/* Run once; die unless the guest did GUEST_DONE(). */
#define test_vcpu_run_done(vcpu) do {					\
	struct nvmx_ucall __uc;						\
	uint64_t __cmd = test_vcpu_run_ucall(vcpu, &__uc);		\
	if (__cmd != UCALL_DONE)					\
		NVMX_DIE("expected GUEST_DONE, got ucall %llu arg %#llx", \
			 (unsigned long long)__cmd,			\
			 (unsigned long long)__uc.args[0]);		\
} while (0)

/* ---- guest side (long mode) ---------------------------------------- */

/* Saved by the exception stubs; a handler may change any field. */
struct nvmx_ex_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip;
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};

typedef void (*nvmx_guest_handler_t)(struct nvmx_ex_regs *regs);

/* IDT entries: exceptions 0-31 and interrupt vectors 32-63. */
#define NVMX_NR_VECTORS	64

/* Guest: handler per vector (NULL: UCALL_UNHANDLED); set from the host. */
extern nvmx_guest_handler_t nvmx_guest_handlers[NVMX_NR_VECTORS];

/* Host: make @handler the guest's handler for @vector (< NVMX_NR_VECTORS). */
void test_vm_install_exception_handler(struct test_vm *vm, unsigned int vector,
				       nvmx_guest_handler_t handler);

/* Guest: report to the host (port I/O on NVMX_UCALL_PORT). */
void nvmx_ucall(uint64_t cmd, uint64_t a0, uint64_t a1,
		const char *file, uint64_t line, const char *expr);

#define GUEST_SYNC(arg)	nvmx_ucall(UCALL_SYNC, (uint64_t)(arg), 0, 0, 0, 0)
#define GUEST_DONE()	nvmx_ucall(UCALL_DONE, 0, 0, 0, 0, 0)

#define GUEST_ASSERT(cond) do {						\
	if (!(cond))							\
		nvmx_ucall(UCALL_ABORT, 0, 0, __FILE__, __LINE__, #cond); \
} while (0)

#define GUEST_ASSERT_EQ(a, b) do {					\
	uint64_t __a = (uint64_t)(a), __b = (uint64_t)(b);		\
	if (__a != __b)							\
		nvmx_ucall(UCALL_ABORT, __a, __b, __FILE__, __LINE__,	\
			   #a " == " #b);				\
} while (0)

/* Guest port I/O. */
static inline void guest_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void guest_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void guest_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t guest_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t guest_inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t guest_inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void guest_hlt(void)
{
	__asm__ volatile("hlt" : : : "memory");
}

#endif /* SELFTEST_NVMX_VM_H */
