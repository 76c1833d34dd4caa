/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmx selftests: the host-side build of L0's pure model of the checks
 * before an L2 entry (src/nested/entry_checks.h), for tests that judge
 * what L1 gets from VMLAUNCH.
 *
 * lib/nvmx_entry_model.c compiles entry_checks.h the way the host unit
 * test does (selftests/unit/nested_shim.h), so that a test can evaluate
 * the very rules L0 uses over the values L1 actually holds in its VMCS.
 * Its field table derives from the X-macro table src/vmcs_fields.h, with
 * the encodings of the kernel's asm/vmx.h (a table generated at build
 * time, see the Makefile): row i of nvmx_model_fields[] is the field
 * NVMX_F_<name> of the model's snapshot.  Host code only (libc); the
 * field table itself is plain data that guest code may read.
 */
#ifndef SELFTEST_NVMX_ENTRY_MODEL_H
#define SELFTEST_NVMX_ENTRY_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* What L1 may do with a field (src/nested/vmcs12.h enum nvmx_vmcs_shadow). */
enum nvmx_model_access {
	NVMX_MODEL_HIDDEN,	/* L0's own: VMfail 12 */
	NVMX_MODEL_TRAPPED,	/* L1 reads and writes it, through L0 exits */
	NVMX_MODEL_RO,		/* L1 reads it; VMWRITE fails (13) */
	NVMX_MODEL_RW,		/* L1 reads and writes it in the shadow VMCS */
};

struct nvmx_model_field {
	uint32_t enc;		/* asm/vmx.h enum vmcs_field value */
	uint8_t access;		/* enum nvmx_model_access */
	const char *name;	/* asm/vmx.h name */
};

/* Every row of src/vmcs_fields.h, in table order. */
extern const struct nvmx_model_field nvmx_model_fields[];
extern const unsigned int nvmx_model_nr_fields;

/* L1 may VMWRITE the field (RW or trapped). */
static inline bool nvmx_model_l1_writable(unsigned int row)
{
	uint8_t a = nvmx_model_fields[row].access;

	return a == NVMX_MODEL_RW || a == NVMX_MODEL_TRAPPED;
}

/* The row of encoding @enc, or -1. */
int nvmx_model_row(uint32_t enc);

/* SDM Vol. 3C 25.11.2: bits 14:13 width (16, 64, 32, natural = 64 here). */
static inline unsigned int nvmx_model_width(uint32_t enc)
{
	static const unsigned int w[] = { 16, 64, 32, 64 };

	return w[(enc >> 13) & 3];
}

/* SDM Vol. 3C 25.11.2: bits 11:10 type. */
enum nvmx_model_type {
	NVMX_MODEL_CONTROL,
	NVMX_MODEL_EXIT_INFO,
	NVMX_MODEL_GUEST,
	NVMX_MODEL_HOST,
};

static inline enum nvmx_model_type nvmx_model_type(uint32_t enc)
{
	return (enum nvmx_model_type)((enc >> 10) & 3);
}

/* The VMX capability MSRs as L1 reads them (SDM Vol. 3D appendix A). */
struct nvmx_model_caps {
	uint64_t basic, pinbased, procbased, exit, entry;
	uint64_t true_pinbased, true_procbased, true_exit, true_entry;
	uint64_t misc, cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t vmcs_enum, procbased2, ept_vpid_cap;
};

/* The rest of what the checks depend on (struct nvmx_entry_ctx). */
struct nvmx_model_ctx {
	unsigned int maxphyaddr;
	unsigned int va_bits;
	bool l1_lma;
	uint64_t efer_ok;
	uint64_t debugctl_ok;
	bool rtm;
	uint64_t vmcs12_ptr;
	bool (*in_mem)(void *opaque, uint64_t gpa, uint64_t len, bool write);
	int (*read)(void *opaque, uint64_t gpa, void *buf, unsigned int len);
	void *opaque;
};

enum nvmx_model_outcome {
	NVMX_MODEL_ENTERS,	/* every modelled check passes */
	NVMX_MODEL_VMFAIL,	/* VMfailValid(error) */
	NVMX_MODEL_EXIT,	/* VM-entry failure exit: reason error | bit 31 */
};

struct nvmx_model_result {
	enum nvmx_model_outcome outcome;
	uint32_t error;		/* VM-instruction error or basic exit reason */
	uint64_t qual;		/* exit qualification */
	int check;		/* enum nvmx_nested_check, -1 when it enters */
};

/*
 * nvmx_entry_check() over @vals (one value per table row): SDM Vol. 3C
 * 27.2 and 27.3 as L0 makes them.  Returns 0 (@res filled) or -errno
 * from ctx->read.
 */
int nvmx_model_entry(const uint64_t *vals, const struct nvmx_model_caps *caps,
		     const struct nvmx_model_ctx *ctx,
		     struct nvmx_model_result *res);

/* SDM Vol. 3C 27.4 / Vol. 3D A.6, as L0 applies them to the entry list. */
uint64_t nvmx_model_msr_list_max(const struct nvmx_model_caps *caps);
bool nvmx_model_msr_entry_ok(uint32_t index, uint32_t rsvd);

/* The name of check @id (<linux/nvmx_nested_checks.h>), or "?". */
const char *nvmx_model_check_name(int id);

#endif /* SELFTEST_NVMX_ENTRY_MODEL_H */
