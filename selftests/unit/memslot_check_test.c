// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of src/memslot_check.h: KVM_SET_USER_MEMORY_REGION
 * validation with KVM's errnos (virt/kvm/kvm_main.c
 * __kvm_set_memory_region() and check_memory_region_flags()).
 */
#include "mmu_shim.h"
#include "memslot_check.h"
#include "kselftest_harness.h"

#define MAX_GFN ((1ULL << 36) - 1)	/* 48-bit guest-physical space */
#define UADDR 0x7f0000000000ULL

static struct nvmx_slot_desc slot0 = {
	.base_gfn = 0x100, .npages = 0x100, .userspace_addr = UADDR,
};
static struct nvmx_slot_desc slot1 = {
	.base_gfn = 0x1000, .npages = 0x10,
	.userspace_addr = UADDR + 0x1000000, .flags = KVM_MEM_READONLY,
};

/* Two live slots: id 0 at 1 MiB (1 MiB long) and id 5 read-only at 16 MiB */
static const struct nvmx_slot_desc *const slots[NVMX_MEMSLOTS] = {
	[0] = &slot0, [5] = &slot1,
};

static int check(u32 slot, u32 flags, u64 gpa, u64 size, u64 uaddr,
		 enum nvmx_mr_change *change)
{
	struct kvm_userspace_memory_region mem = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = uaddr,
	};

	return nvmx_memslot_check(&mem, slots, true, MAX_GFN, change);
}

TEST(create_free_slot)
{
	enum nvmx_mr_change c = NVMX_MR_NONE;

	ASSERT_EQ(0, check(1, 0, 0x400000, 0x2000, UADDR + 0x400000, &c));
	ASSERT_EQ(NVMX_MR_CREATE, c);
}

TEST(create_readonly_slot)
{
	enum nvmx_mr_change c = NVMX_MR_NONE;

	ASSERT_EQ(0, check(31, KVM_MEM_READONLY, 0x400000, 0x1000,
			   UADDR, &c));
	ASSERT_EQ(NVMX_MR_CREATE, c);
}

TEST(slot_id_at_limit_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(NVMX_MEMSLOTS, 0, 0x400000, 0x1000, UADDR,
				 &c));
}

TEST(address_space_1_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1 << 16 | 1, 0, 0x400000, 0x1000, UADDR, &c));
}

TEST(dirty_logging_flag_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, KVM_MEM_LOG_DIRTY_PAGES, 0x400000, 0x1000,
				 UADDR, &c));
}

TEST(unknown_flag_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 1U << 2, 0x400000, 0x1000, UADDR, &c));
}

TEST(unaligned_size_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 0x400000, 0x1800, UADDR, &c));
}

TEST(unaligned_gpa_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 0x400800, 0x1000, UADDR, &c));
}

TEST(unaligned_uaddr_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 0x400000, 0x1000, UADDR + 8, &c));
}

TEST(bad_uaddr_einval)
{
	struct kvm_userspace_memory_region mem = {
		.slot = 1, .guest_phys_addr = 0x400000, .memory_size = 0x1000,
		.userspace_addr = UADDR,
	};
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, nvmx_memslot_check(&mem, slots, false, MAX_GFN,
					      &c));
}

TEST(gpa_wrap_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 0xfffffffffffff000ULL, 0x2000, UADDR,
				 &c));
}

TEST(too_many_pages_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 0, 1ULL << 43, UADDR, &c));
}

TEST(max_pages_accepted)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(0, check(1, 0, 1ULL << 44, ((1ULL << 31) - 1) << 12, UADDR,
			   &c));
	ASSERT_EQ(NVMX_MR_CREATE, c);
}

TEST(above_max_gfn_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(1, 0, 1ULL << 48, 0x1000, UADDR, &c));
	ASSERT_EQ(-EINVAL, check(1, 0, (1ULL << 48) - 0x1000, 0x2000, UADDR,
				 &c));
}

TEST(last_frame_accepted)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(0, check(1, 0, (1ULL << 48) - 0x1000, 0x1000, UADDR, &c));
}

TEST(overlap_eexist)
{
	enum nvmx_mr_change c;

	/* slot 0 is frames 0x100..0x1ff */
	ASSERT_EQ(-EEXIST, check(1, 0, 0x1ff000, 0x1000, UADDR, &c));
	ASSERT_EQ(-EEXIST, check(1, 0, 0xff000, 0x2000, UADDR, &c));
	ASSERT_EQ(-EEXIST, check(1, 0, 0, 0x1000000, UADDR, &c));
}

TEST(adjacent_accepted)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(0, check(1, 0, 0xff000, 0x1000, UADDR, &c));
	ASSERT_EQ(0, check(1, 0, 0x200000, 0x1000, UADDR, &c));
}

TEST(overlap_before_max_gfn)
{
	struct kvm_userspace_memory_region mem = {
		.slot = 1, .guest_phys_addr = 0x1ff000, .memory_size = 0x2000,
		.userspace_addr = UADDR,
	};
	enum nvmx_mr_change c;

	/* KVM checks overlaps first: -EEXIST, not -EINVAL */
	ASSERT_EQ(-EEXIST, nvmx_memslot_check(&mem, slots, true, 0x1ff, &c));
	mem.guest_phys_addr = 0x200000;
	ASSERT_EQ(-EINVAL, nvmx_memslot_check(&mem, slots, true, 0x1ff, &c));
}

TEST(delete_live_slot)
{
	enum nvmx_mr_change c = NVMX_MR_NONE;

	ASSERT_EQ(0, check(5, 0, 0, 0, 0, &c));
	ASSERT_EQ(NVMX_MR_DELETE, c);
}

TEST(delete_free_slot_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(2, 0, 0, 0, 0, &c));
}

TEST(delete_still_checks_alignment)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(0, 0, 0x10, 0, 0, &c));
	ASSERT_EQ(-EINVAL, check(0, 0, 0, 0, 0x10, &c));
}

TEST(same_again_is_no_change)
{
	enum nvmx_mr_change c = NVMX_MR_DELETE;

	ASSERT_EQ(0, check(0, 0, 0x100000, 0x100000, UADDR, &c));
	ASSERT_EQ(NVMX_MR_NONE, c);
}

TEST(move)
{
	enum nvmx_mr_change c = NVMX_MR_NONE;

	ASSERT_EQ(0, check(0, 0, 0x40000000, 0x100000, UADDR, &c));
	ASSERT_EQ(NVMX_MR_MOVE, c);
}

TEST(move_onto_own_range)
{
	enum nvmx_mr_change c = NVMX_MR_NONE;

	ASSERT_EQ(0, check(0, 0, 0x180000, 0x100000, UADDR, &c));
	ASSERT_EQ(NVMX_MR_MOVE, c);
}

TEST(move_onto_other_slot_eexist)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EEXIST, check(0, 0, 0xf80000, 0x100000, UADDR, &c));
}

TEST(resize_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(0, 0, 0x100000, 0x200000, UADDR, &c));
}

TEST(new_uaddr_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(0, 0, 0x100000, 0x100000, UADDR + 0x1000,
				 &c));
}

TEST(toggle_readonly_einval)
{
	enum nvmx_mr_change c;

	ASSERT_EQ(-EINVAL, check(0, KVM_MEM_READONLY, 0x100000, 0x100000,
				 UADDR, &c));
	ASSERT_EQ(-EINVAL, check(5, 0, 0x1000000, 0x10000,
				 UADDR + 0x1000000, &c));
}

TEST(resize_into_overlap_is_einval_first)
{
	enum nvmx_mr_change c;

	/* the modify checks come before the overlap check */
	ASSERT_EQ(-EINVAL, check(0, 0, 0xf80000, 0x200000, UADDR, &c));
}

TEST_HARNESS_MAIN
