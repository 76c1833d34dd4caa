// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt injection without an in-kernel APIC (KVM's userspace
 * irqchip model): with kvm_run->request_interrupt_window set, KVM_RUN
 * exits with KVM_EXIT_IRQ_WINDOW_OPEN once the guest can take an
 * interrupt (RFLAGS.IF = 1, no STI/MOV SS shadow), reporting
 * ready_for_interrupt_injection and if_flag; KVM_INTERRUPT then delivers
 * the vector through the guest IDT.  KVM_INTERRUPT of a vector >= 256
 * is EINVAL (vcpu_ioctl_errno_test).
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define VECTOR		0x30
#define SPINS		1000000

static volatile uint64_t irq_vector;

static void irq_handler(struct nvmx_ex_regs *regs)
{
	irq_vector = regs->vector;
}

/* Starts with IF = 0; syncs, enables interrupts and waits for one. */
static void guest_wait_irq(void)
{
	uint64_t i;

	GUEST_SYNC(1);
	__asm__ volatile("sti" : : : "memory");
	for (i = 0; i < SPINS && !irq_vector; i++)
		__asm__ volatile("pause" : : : "memory");
	__asm__ volatile("cli" : : : "memory");
	GUEST_ASSERT_EQ(irq_vector, VECTOR);
	GUEST_DONE();
}

static struct test_vcpu *setup(struct test_vm *vm)
{
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_wait_irq);

	test_vm_install_exception_handler(vm, VECTOR, irq_handler);
	test_vcpu_run_sync(vcpu, 1);
	return vcpu;
}

TEST(window_exit_once_guest_enables_interrupts)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = setup(vm);
	struct kvm_regs regs;

	vcpu->nv.run->request_interrupt_window = 1;
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_IRQ_WINDOW_OPEN);
	ASSERT_EQ(1, vcpu->nv.run->ready_for_interrupt_injection);
	ASSERT_EQ(1, vcpu->nv.run->if_flag);
	test_vcpu_get_regs(vcpu, &regs);
	ASSERT_EQ(0x200ULL, regs.rflags & 0x200);	/* IF */
	test_vm_free(vm);
}

TEST(injected_interrupt_reaches_guest_handler)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = setup(vm);
	struct kvm_interrupt irq = { .irq = VECTOR };

	vcpu->nv.run->request_interrupt_window = 1;
	test_vcpu_run(vcpu);
	test_vcpu_assert_exit(vcpu, KVM_EXIT_IRQ_WINDOW_OPEN);
	vcpu->nv.run->request_interrupt_window = 0;
	ASSERT_EQ(0, ioctl(vcpu->nv.fd, KVM_INTERRUPT, &irq))
		TH_LOG("KVM_INTERRUPT: %s", strerror(errno));
	test_vcpu_run_done(vcpu);
	ASSERT_EQ((uint64_t)VECTOR, test_guest_global(vm, irq_vector));
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
