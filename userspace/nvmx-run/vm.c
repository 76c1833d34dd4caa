// SPDX-License-Identifier: GPL-2.0
/*
 * The VM: device, memory slot, vCPUs (one thread each) and the run loop,
 * which is ONE switch over kvm_run->exit_reason.
 *
 * Only the BSP (vCPU 0) runs guest code.  With -smp N the APs are created
 * (CPUID APIC IDs 1..N-1) and their threads stay parked until the VM
 * stops: Multiboot has no AP start-up protocol and nvmx-run emulates no
 * local APIC, so nothing could deliver the INIT/SIPI that would start them.
 *
 * The VM stops at the first of: an isa-debug-exit write (its status), HLT
 * (status 0: with no interrupt controller nothing can wake the vCPU, so a
 * halt is final whatever IF says), or a failure (one line on stderr and
 * an even status, see nvmx-run.h).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm.h"

#define SLOT_RAM	0
#define TSS_ADDR	0xfffbd000UL	/* where QEMU and kvmtool put it */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	int status;
} vm_state = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static volatile sig_atomic_t got_signal;
/* The BSP's kvm_run: the signal handler (run on the BSP) sets immediate_exit. */
static struct kvm_run *volatile bsp_run;

void vm_request_stop(int status)
{
	pthread_mutex_lock(&vm_state.lock);
	if (!vm_state.stop) {
		vm_state.stop = true;
		vm_state.status = status;
	}
	pthread_cond_broadcast(&vm_state.cond);
	pthread_mutex_unlock(&vm_state.lock);
}

bool vm_stop_requested(void)
{
	bool stop;

	pthread_mutex_lock(&vm_state.lock);
	stop = vm_state.stop;
	pthread_mutex_unlock(&vm_state.lock);
	return stop;
}

/*
 * KVM_RUN returns -EINTR when the signal lands while the guest runs; if it
 * lands just before the ioctl, immediate_exit makes that KVM_RUN return
 * -EINTR at once (KVM API, "immediate_exit"), so no guest spins on.
 */
static void on_signal(int sig)
{
	got_signal = sig;
	if (bsp_run)
		bsp_run->immediate_exit = 1;
}

/* A failure: its one line, then stop with status. */
static __attribute__((format(printf, 2, 3)))
void vm_fail(int status, const char *fmt, ...)
{
	va_list ap;

	serial_flush();
	fputs("nvmx-run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	vm_request_stop(status);
}

static void dump_seg(const char *name, const struct kvm_segment *s)
{
	fprintf(stderr, "  %-4s sel=%04x base=%016llx limit=%08x type=%x p=%u dpl=%u db=%u s=%u l=%u g=%u unusable=%u\n",
		name, s->selector, (unsigned long long)s->base, s->limit,
		s->type, s->present, s->dpl, s->db, s->s, s->l, s->g,
		s->unusable);
}

/* The register dump that follows a VM-entry failure or internal error. */
static void dump_vcpu(const struct nvmx_vcpu *v)
{
	struct kvm_sregs s;
	struct kvm_regs r;

	if (nvmx_get_regs(v, &r) || nvmx_get_sregs(v, &s)) {
		fprintf(stderr, "  (vcpu %u registers unavailable)\n", v->id);
		return;
	}
	fprintf(stderr, "  rip=%016llx rsp=%016llx rflags=%016llx\n"
		"  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n"
		"  rsi=%016llx rdi=%016llx rbp=%016llx\n"
		"  r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n"
		"  r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n"
		"  cr0=%016llx cr2=%016llx cr3=%016llx cr4=%016llx\n"
		"  efer=%016llx apic_base=%016llx\n",
		r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx,
		r.rsi, r.rdi, r.rbp, r.r8, r.r9, r.r10, r.r11,
		r.r12, r.r13, r.r14, r.r15,
		s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.apic_base);
	dump_seg("cs", &s.cs);
	dump_seg("ss", &s.ss);
	dump_seg("ds", &s.ds);
	dump_seg("es", &s.es);
	dump_seg("fs", &s.fs);
	dump_seg("gs", &s.gs);
	dump_seg("tr", &s.tr);
	dump_seg("ldtr", &s.ldt);
	fprintf(stderr, "  gdt base=%016llx limit=%04x idt base=%016llx limit=%04x\n",
		(unsigned long long)s.gdt.base, s.gdt.limit,
		(unsigned long long)s.idt.base, s.idt.limit);
}

static uint64_t vcpu_rip(const struct nvmx_vcpu *v)
{
	struct kvm_regs r;

	return nvmx_get_regs(v, &r) ? ~0ULL : r.rip;
}

static void handle_io(const struct nvmx_vcpu *v)
{
	const struct kvm_run *run = v->run;
	uint8_t *data = nvmx_io_data(v);
	uint32_t i;

	for (i = 0; i < run->io.count; i++)
		ioport_access(run->io.port, run->io.size,
			      run->io.direction == KVM_EXIT_IO_OUT,
			      data + i * run->io.size);
}

/* No MMIO devices: reads give all ones, writes are dropped (as ports). */
static void handle_mmio(const struct nvmx_vcpu *v)
{
	if (!v->run->mmio.is_write)
		memset(v->run->mmio.data, 0xff, sizeof(v->run->mmio.data));
}

static void internal_error(const struct nvmx_vcpu *v)
{
	const struct kvm_run *run = v->run;
	char data[256] = "";
	uint32_t i, n = run->internal.ndata;
	size_t len = 0;

	if (n > sizeof(run->internal.data) / sizeof(run->internal.data[0]))
		n = sizeof(run->internal.data) / sizeof(run->internal.data[0]);
	for (i = 0; i < n && len < sizeof(data) - 20; i++)
		len += snprintf(data + len, sizeof(data) - len, " %#llx",
				(unsigned long long)run->internal.data[i]);
	vm_fail(EXIT_INTERNAL, "internal error on vcpu %u: suberror %u, data:%s",
		v->id, run->internal.suberror, n ? data : " none");
	dump_vcpu(v);
}

/*
 * On VT-x the hardware reason is the exit reason with bit 31 set (SDM Vol.
 * 3C 27.8 "VM-Entry Failures During or After Loading Guest State"): its
 * basic reason is named; other values (e.g. an SVM exit code) are shown raw.
 */
static void fail_entry(const struct nvmx_vcpu *v)
{
	uint64_t hw = v->run->fail_entry.hardware_entry_failure_reason;
	const char *name = "";

	if (hw >> 31 == 1)
		name = vmx_exit_reason_name(hw & 0xffff);
	vm_fail(EXIT_FAIL_ENTRY, "VM-entry failed on vcpu %u: hardware entry failure reason %#llx%s%s%s (cpu %u)",
		v->id, (unsigned long long)hw, *name ? " (" : "", name,
		*name ? ")" : "", v->run->fail_entry.cpu);
}

/* The BSP's run loop: returns when the VM stops. */
static void run_loop(const struct nvmx_vcpu *v)
{
	struct kvm_run *run = v->run;
	int ret;

	while (!vm_stop_requested()) {
		ret = nvmx_vcpu_run(v);
		if (got_signal) {
			vm_fail(EXIT_SIGNAL, "stopped by signal %d (%s)",
				(int)got_signal, strsignal(got_signal));
			return;
		}
		if (ret == -EINTR || ret == -EAGAIN)
			continue;
		if (ret < 0) {
			vm_fail(EXIT_INTERNAL, "KVM_RUN on vcpu %u failed: %s",
				v->id, strerror(-ret));
			return;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			handle_io(v);
			break;
		case KVM_EXIT_MMIO:
			handle_mmio(v);
			break;
		case KVM_EXIT_HLT:
			vm_request_stop(EXIT_HALTED);
			break;
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_SHUTDOWN:
			vm_fail(EXIT_SHUTDOWN, "guest shut down (triple fault) on vcpu %u at rip %#llx",
				v->id, (unsigned long long)vcpu_rip(v));
			break;
		case KVM_EXIT_FAIL_ENTRY:
			fail_entry(v);
			dump_vcpu(v);
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			internal_error(v);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			vm_fail(EXIT_SHUTDOWN, "guest system event %u on vcpu %u",
				run->system_event.type, v->id);
			break;
		default:
			vm_fail(EXIT_INTERNAL, "unexpected exit reason %u on vcpu %u",
				run->exit_reason, v->id);
			dump_vcpu(v);
			break;
		}
	}
}

struct vcpu_thread {
	pthread_t thread;
	struct nvmx_vcpu vcpu;
	const struct boot *boot;
};

static void *vcpu_main(void *arg)
{
	struct vcpu_thread *t = arg;
	sigset_t set;

	if (t->vcpu.id != 0) {
		/* AP: parked until the VM stops (see the top of this file). */
		pthread_mutex_lock(&vm_state.lock);
		while (!vm_state.stop)
			pthread_cond_wait(&vm_state.cond, &vm_state.lock);
		pthread_mutex_unlock(&vm_state.lock);
		return NULL;
	}
	/* Only the BSP takes SIGINT/SIGTERM, so they interrupt its KVM_RUN. */
	bsp_run = t->vcpu.run;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	run_loop(&t->vcpu);
	return NULL;
}

/* Supported CPUID with this vCPU's APIC ID (leaves 1, 0xb, 0x1f). */
static int vcpu_set_cpuid(const struct nvmx_vcpu *v,
			  const struct kvm_cpuid2 *sup, struct kvm_cpuid2 *c)
{
	uint32_t i;

	memcpy(c, sup, sizeof(*sup) + sup->nent * sizeof(sup->entries[0]));
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *ent = &c->entries[i];

		if (ent->function == 1)
			ent->ebx = (ent->ebx & 0x00ffffff) | (v->id << 24);
		else if (ent->function == 0xb || ent->function == 0x1f)
			ent->edx = v->id;
	}
	return nvmx_set_cpuid(v, c);
}

static int open_vm(const struct options *o, struct nvmx_sys *sys,
		   struct nvmx_vm *vm)
{
	int ret = nvmx_sys_open(sys, o->device);

	if (ret) {
		fprintf(stderr, "nvmx-run: %s: %s%s\n", o->device, strerror(-ret),
			ret == -ENOENT ? " (nvmx.ko not loaded, or no VT-x; --device=/dev/kvm uses KVM)" : "");
		return -1;
	}
	ret = nvmx_vm_create(sys, vm);
	if (ret) {
		fprintf(stderr, "nvmx-run: %s: cannot create a VM: %s%s\n",
			o->device, strerror(-ret), ret == -EBUSY ?
			" (VMX in use by another hypervisor)" : "");
		nvmx_sys_close(sys);
		return -1;
	}
	return 0;
}

static int create_vcpus(const struct options *o, const struct nvmx_vm *vm,
			struct vcpu_thread *t, const struct boot *b)
{
	struct kvm_cpuid2 *sup = NULL, *c = NULL;
	unsigned int i;
	int ret;

	ret = nvmx_get_supported_cpuid(vm->sys, &sup);
	if (ret) {
		fprintf(stderr, "nvmx-run: KVM_GET_SUPPORTED_CPUID: %s\n",
			strerror(-ret));
		return -1;
	}
	c = malloc(sizeof(*sup) + sup->nent * sizeof(sup->entries[0]));
	for (i = 0; c && i < o->smp; i++) {
		t[i].boot = b;
		ret = nvmx_vcpu_create(vm, i, &t[i].vcpu);
		if (ret) {
			fprintf(stderr, "nvmx-run: cannot create vcpu %u: %s\n",
				i, strerror(-ret));
			break;
		}
		ret = vcpu_set_cpuid(&t[i].vcpu, sup, c);
		if (ret) {
			fprintf(stderr, "nvmx-run: KVM_SET_CPUID2 on vcpu %u: %s\n",
				i, strerror(-ret));
			i++;
			break;
		}
	}
	free(sup);
	free(c);
	if (!c)
		fprintf(stderr, "nvmx-run: out of memory\n");
	if (!c || ret) {
		while (i--)
			nvmx_vcpu_close(&t[i].vcpu);
		return -1;
	}
	ret = boot_setup_bsp(&t[0].vcpu, b);
	if (ret) {
		fprintf(stderr, "nvmx-run: cannot set the %s entry state of vcpu 0: %s\n",
			b->kind, strerror(-ret));
		for (i = 0; i < o->smp; i++)
			nvmx_vcpu_close(&t[i].vcpu);
		return -1;
	}
	return 0;
}

/*
 * APs first, BSP last: if a thread cannot be created, the guest has not
 * started yet and the parked threads are released by the stop request.
 */
static void run_threads(const struct options *o, struct vcpu_thread *t)
{
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int i, started = 0;
	sigset_t set, old;
	int ret;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (i = o->smp; i-- > 0; started++) {
		ret = pthread_create(&t[i].thread, NULL, vcpu_main, &t[i]);
		if (ret) {
			vm_fail(EXIT_INTERNAL, "cannot start vcpu %u thread: %s",
				i, strerror(ret));
			break;
		}
	}
	for (i = o->smp; started--; )
		pthread_join(t[--i].thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int vm_run(const struct options *o, const struct guest *g,
	   const struct boot *b)
{
	struct vcpu_thread t[MAX_VCPUS];
	struct nvmx_sys sys;
	struct nvmx_vm vm;
	unsigned int i;
	int ret;

	if (open_vm(o, &sys, &vm))
		return EXIT_NODEV;
	ret = nvmx_set_user_memory_region(&vm, SLOT_RAM, 0, 0, g->ram_size,
					  g->ram);
	if (!ret && nvmx_check_extension(vm.fd, KVM_CAP_SET_TSS_ADDR) > 0)
		ret = nvmx_set_tss_addr(&vm, TSS_ADDR);
	if (ret) {
		fprintf(stderr, "nvmx-run: cannot set up guest memory: %s\n",
			strerror(-ret));
		ret = EXIT_INTERNAL;
		goto out_vm;
	}
	if (create_vcpus(o, &vm, t, b)) {
		ret = EXIT_INTERNAL;
		goto out_vm;
	}
	run_threads(o, t);
	serial_flush();
	if (o->counts && nvmx_check_extension(vm.fd, NVMX_CAP_EXIT_COUNTS) <= 0)
		fprintf(stderr, "nvmx-run: --counts: %s has no exit counts (NVMX_CAP_EXIT_COUNTS is nvmx-only)\n",
			o->device);
	else if (o->counts)
		for (i = 0; i < o->smp; i++)
			counts_print(&t[i].vcpu);
	ret = vm_state.status;
	for (i = 0; i < o->smp; i++)
		nvmx_vcpu_close(&t[i].vcpu);
out_vm:
	nvmx_vm_close(&vm);
	nvmx_sys_close(&sys);
	return ret;
}
