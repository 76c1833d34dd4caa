// SPDX-License-Identifier: GPL-2.0
/*
 * String port I/O from a long-mode guest: OUTS/INS with and without REP,
 * each width, both directions of EFLAGS.DF.  Userspace sees KVM_EXIT_IO
 * exits on the port with the element size; however the device batches
 * the elements over exits, their data in order is exactly the guest's
 * elements in execution order (SDM Vol. 2B OUTS/INS, REP), and afterwards
 * RCX is 0 and RSI/RDI moved by count * size in DF's direction.
 */
#include "nvmx_test.h"
#include "nvmx_vm.h"

#define PORT	0x2e8
#define BUF_GPA	0x30000ULL	/* guest scratch buffer (in slot 0) */

/* Final RCX, RSI or RDI reported by the guest. */
struct str_result {
	uint64_t rcx, rsi, rdi;
};

enum str_op { OUTSB, OUTSW, OUTSL, INSB, INSW, INSL };

/*
 * Run the string instruction @op with REP (rep != 0) or without, DF
 * set when down != 0; RSI/RDI = @ptr, RCX = @count.
 */
static void guest_string(uint64_t op, uint64_t ptr, uint64_t count,
			 uint64_t flags)
{
	uint64_t rcx = count, rsi = ptr, rdi = ptr;
	int rep = flags & 1, down = flags & 2;

	if (down)
		__asm__ volatile("std" : : : "memory");
#define STR(insn) do {							\
	if (rep)							\
		__asm__ volatile("rep " insn				\
				 : "+c"(rcx), "+S"(rsi), "+D"(rdi)	\
				 : "d"(PORT) : "memory");		\
	else								\
		__asm__ volatile(insn					\
				 : "+c"(rcx), "+S"(rsi), "+D"(rdi)	\
				 : "d"(PORT) : "memory");		\
} while (0)
	switch (op) {
	case OUTSB: STR("outsb"); break;
	case OUTSW: STR("outsw"); break;
	case OUTSL: STR("outsl"); break;
	case INSB: STR("insb"); break;
	case INSW: STR("insw"); break;
	default: STR("insl"); break;
	}
#undef STR
	__asm__ volatile("cld" : : : "memory");
	GUEST_SYNC(rcx);
	GUEST_SYNC(rsi);
	GUEST_SYNC(rdi);
	GUEST_DONE();
}

static struct test_vcpu *start(struct test_vm **vmp, enum str_op op,
			       uint64_t ptr, uint64_t count, int rep, int down)
{
	struct test_vm *vm = test_vm_create(NVMX_MODE_LONG);
	struct test_vcpu *vcpu = test_vcpu_add_guest(vm, 0, guest_string);

	test_vcpu_args_set(vcpu, 4, (uint64_t)op, ptr, count,
			   (uint64_t)(rep | (down ? 2 : 0)));
	*vmp = vm;
	return vcpu;
}

/* Collect @n elements of @size OUT'd to PORT, then expect the ucalls. */
static void collect_out(struct test_vcpu *vcpu, unsigned int size,
			unsigned int n, uint8_t *out)
{
	unsigned int got = 0, exits = 0;

	while (got < n) {
		struct kvm_run *run = vcpu->nv.run;

		test_vcpu_run(vcpu);
		test_vcpu_assert_exit(vcpu, KVM_EXIT_IO);
		NVMX_CHECK(run->io.direction == KVM_EXIT_IO_OUT &&
			   run->io.port == PORT && run->io.size == size &&
			   run->io.count >= 1 && got + run->io.count <= n,
			   "exit %u: dir %u port %#x size %u count %u after %u of %u",
			   exits, run->io.direction, run->io.port,
			   run->io.size, run->io.count, got, n);
		memcpy(out + got * size, test_io_data(vcpu),
		       run->io.count * size);
		got += run->io.count;
		exits++;
	}
}

/* Feed @n elements of @size from @in to the guest's INS on PORT. */
static void feed_in(struct test_vcpu *vcpu, unsigned int size,
		    unsigned int n, const uint8_t *in)
{
	unsigned int got = 0, exits = 0;

	while (got < n) {
		struct kvm_run *run = vcpu->nv.run;

		test_vcpu_run(vcpu);
		test_vcpu_assert_exit(vcpu, KVM_EXIT_IO);
		NVMX_CHECK(run->io.direction == KVM_EXIT_IO_IN &&
			   run->io.port == PORT && run->io.size == size &&
			   run->io.count >= 1 && got + run->io.count <= n,
			   "exit %u: dir %u port %#x size %u count %u after %u of %u",
			   exits, run->io.direction, run->io.port,
			   run->io.size, run->io.count, got, n);
		memcpy(test_io_data(vcpu), in + got * size,
		       run->io.count * size);
		got += run->io.count;
		exits++;
	}
}

static void expect_final(struct test_vcpu *vcpu, uint64_t rcx, uint64_t rsi,
			 uint64_t rdi)
{
	test_vcpu_run_sync(vcpu, rcx);
	test_vcpu_run_sync(vcpu, rsi);
	test_vcpu_run_sync(vcpu, rdi);
	test_vcpu_run_done(vcpu);
}

static const uint8_t pattern[16] = {
	0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
	0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f,
};

TEST(outsb_without_rep_sends_one_byte)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSB, BUF_GPA, 7, 0, 0);
	uint8_t out[1];

	test_vm_write(vm, BUF_GPA, pattern, sizeof(pattern));
	test_vcpu_run(vcpu);
	test_vcpu_assert_io(vcpu, KVM_EXIT_IO_OUT, PORT, 1, 1);
	memcpy(out, test_io_data(vcpu), 1);
	ASSERT_EQ(pattern[0], out[0]);
	expect_final(vcpu, 7, BUF_GPA + 1, BUF_GPA);	/* RCX untouched */
	test_vm_free(vm);
}

TEST(rep_outsb_sends_count_bytes_in_order)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSB, BUF_GPA, 5, 1, 0);
	uint8_t out[5];

	test_vm_write(vm, BUF_GPA, pattern, sizeof(pattern));
	collect_out(vcpu, 1, 5, out);
	ASSERT_EQ(0, memcmp(out, pattern, 5));
	expect_final(vcpu, 0, BUF_GPA + 5, BUF_GPA);
	test_vm_free(vm);
}

TEST(rep_outsw_sends_count_words)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSW, BUF_GPA, 3, 1, 0);
	uint8_t out[6];

	test_vm_write(vm, BUF_GPA, pattern, sizeof(pattern));
	collect_out(vcpu, 2, 3, out);
	ASSERT_EQ(0, memcmp(out, pattern, 6));
	expect_final(vcpu, 0, BUF_GPA + 6, BUF_GPA);
	test_vm_free(vm);
}

TEST(rep_outsl_sends_count_dwords)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSL, BUF_GPA, 3, 1, 0);
	uint8_t out[12];

	test_vm_write(vm, BUF_GPA, pattern, sizeof(pattern));
	collect_out(vcpu, 4, 3, out);
	ASSERT_EQ(0, memcmp(out, pattern, 12));
	expect_final(vcpu, 0, BUF_GPA + 12, BUF_GPA);
	test_vm_free(vm);
}

/* DF=1: elements go from RSI downwards. */
TEST(rep_outsb_with_df_sends_descending)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSB, BUF_GPA + 9, 4, 1, 1);
	uint8_t out[4];

	test_vm_write(vm, BUF_GPA, pattern, sizeof(pattern));
	collect_out(vcpu, 1, 4, out);
	ASSERT_EQ(pattern[9], out[0]);
	ASSERT_EQ(pattern[8], out[1]);
	ASSERT_EQ(pattern[7], out[2]);
	ASSERT_EQ(pattern[6], out[3]);
	expect_final(vcpu, 0, BUF_GPA + 5, BUF_GPA + 9);
	test_vm_free(vm);
}

TEST(insb_without_rep_reads_one_byte)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, INSB, BUF_GPA, 3, 0, 0);
	uint8_t *buf = test_gpa2hva(vm, BUF_GPA);

	memset(buf, 0xcc, 4);
	feed_in(vcpu, 1, 1, pattern);
	expect_final(vcpu, 3, BUF_GPA, BUF_GPA + 1);
	ASSERT_EQ(pattern[0], buf[0]);
	ASSERT_EQ(0xcc, buf[1]);
	test_vm_free(vm);
}

TEST(rep_insb_stores_count_bytes_in_order)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, INSB, BUF_GPA, 6, 1, 0);
	uint8_t *buf = test_gpa2hva(vm, BUF_GPA);

	memset(buf, 0xcc, 8);
	feed_in(vcpu, 1, 6, pattern);
	expect_final(vcpu, 0, BUF_GPA, BUF_GPA + 6);
	ASSERT_EQ(0, memcmp(buf, pattern, 6));
	ASSERT_EQ(0xcc, buf[6]);
	test_vm_free(vm);
}

TEST(rep_insw_stores_count_words)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, INSW, BUF_GPA, 4, 1, 0);
	uint8_t *buf = test_gpa2hva(vm, BUF_GPA);

	memset(buf, 0xcc, 10);
	feed_in(vcpu, 2, 4, pattern);
	expect_final(vcpu, 0, BUF_GPA, BUF_GPA + 8);
	ASSERT_EQ(0, memcmp(buf, pattern, 8));
	ASSERT_EQ(0xcc, buf[8]);
	test_vm_free(vm);
}

TEST(rep_insl_stores_count_dwords)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, INSL, BUF_GPA, 3, 1, 0);
	uint8_t *buf = test_gpa2hva(vm, BUF_GPA);

	memset(buf, 0xcc, 16);
	feed_in(vcpu, 4, 3, pattern);
	expect_final(vcpu, 0, BUF_GPA, BUF_GPA + 12);
	ASSERT_EQ(0, memcmp(buf, pattern, 12));
	ASSERT_EQ(0xcc, buf[12]);
	test_vm_free(vm);
}

/* DF=1: the first element read lands at RDI, the next below it. */
TEST(rep_insb_with_df_stores_descending)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, INSB, BUF_GPA + 8, 4, 1, 1);
	uint8_t *buf = test_gpa2hva(vm, BUF_GPA);

	memset(buf, 0xcc, 12);
	feed_in(vcpu, 1, 4, pattern);
	expect_final(vcpu, 0, BUF_GPA + 8, BUF_GPA + 4);
	ASSERT_EQ(pattern[0], buf[8]);
	ASSERT_EQ(pattern[1], buf[7]);
	ASSERT_EQ(pattern[2], buf[6]);
	ASSERT_EQ(pattern[3], buf[5]);
	ASSERT_EQ(0xcc, buf[4]);
	ASSERT_EQ(0xcc, buf[9]);
	test_vm_free(vm);
}

/* REP with RCX = 0 does nothing: no I/O exit at all. */
TEST(rep_outsb_with_zero_count_does_no_io)
{
	struct test_vm *vm;
	struct test_vcpu *vcpu = start(&vm, OUTSB, BUF_GPA, 0, 1, 0);

	expect_final(vcpu, 0, BUF_GPA, BUF_GPA);
	test_vm_free(vm);
}

TEST_HARNESS_MAIN
