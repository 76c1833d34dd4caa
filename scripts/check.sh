#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - `make check`: everything, ending in the emulated VT-x machine.
#
#   1. deps          Debian packages, both kernel lines cached
#   2. unit          host-side unit tests (pure logic, no VM)
#   3. kbuild-check  nvmx.ko for 6.1 and 6.12 with W=1 C=2, no warnings
#   4. checkpatch    --strict over the kernel sources
#   5. selftests     built static for the machine's initramfs, with the
#                    userspace tools (nvmx-run, the test images)
#   6. host tests    nvmx-run boots its images on the host's /dev/kvm when
#                    there is one (the same code drives nvmx in the machine)
#   7. the machine   Bochs (corei7_skylake_x) boots each LINE:CPUS pair of
#                    NVMX_CHECK_VMS (default "6.1:2 6.12:1": both kernel
#                    lines, both CPU counts), loads nvmx and runs every
#                    selftest inside; the machines run at once
#
# Any failure, hang (bound: NVMX_VM_TIMEOUT, default 1800 s per machine) or
# kernel oops makes it exit non-zero; the machine's serial log tail is shown.
# The last line totals the test cases: "check: P passed, F failed, S skipped".
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
CACHE=${NVMX_CACHE:-$HOME/.cache/nvmx}
TIMEOUT=${NVMX_VM_TIMEOUT:-1800}
VMS=${NVMX_CHECK_VMS:-6.1:2 6.12:1}
results=$TOP/build/results
pass=0 fail=0 skip=0

step() { echo; echo "== check: $*"; }
die() {
	echo "check: FAILED at: $*"
	echo "check: $pass passed, $((fail > 0 ? fail : 1)) failed, $skip skipped"
	exit 1
}
# Adds the "P passed, F failed, S skipped" counts found in a file.
add_counts() {
	local p f s
	read -r p f s < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p' "$1" | tail -n 1)
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
}

# Sums the kselftest harness's "# Totals:" lines of $results/NAME.log into
# $results/NAME.counts, as "NAME: P passed, F failed, S skipped".
harness_totals() {
	awk -v name="$1" '/^# Totals:/ { for (i = 3; i <= NF; i++) { split($i, kv, ":"); t[kv[1]] += kv[2] } }
	     END { printf "%s: %d passed, %d failed, %d skipped\n", name, t["pass"], t["fail"] + t["error"], t["skip"] }' \
		"$results/$1.log" | tee "$results/$1.counts"
}

rm -rf "$results" && mkdir -p "$results"

step "deps"
scripts/deps.sh || die deps

step "unit tests (host)"
make -s unit 2>&1 | tee "$results/unit.log"
unit_rc=${PIPESTATUS[0]}
harness_totals unit
add_counts "$results/unit.counts"
[ "$unit_rc" = 0 ] || die "unit tests"

step "kbuild-check (W=1 C=2, both kernel lines)"
make -s kbuild-check || die kbuild-check

step "checkpatch --strict"
make -s checkpatch || die checkpatch

step "selftests and userspace build"
make -s selftests userspace || die "selftests/userspace build"

step "nvmx-run host tests (on /dev/kvm where the host has it; they skip otherwise)"
make -s userspace-check 2>&1 | tee "$results/userspace.log"
us_rc=${PIPESTATUS[0]}
harness_totals userspace
add_counts "$results/userspace.counts"
[ "$us_rc" = 0 ] || die "nvmx-run host tests"

step "the emulated VT-x machine: $VMS (kernel line:CPUs)"
pids=()
for vm in $VMS; do
	selftests/vm/run-vm.sh -k "${vm%:*}" -c "${vm#*:}" -m test -t "$TIMEOUT" \
		-K "$results/vm-$vm" >"$results/vm-$vm.log" 2>&1 &
	pids+=($!)
done
vm_failed=
i=0
for vm in $VMS; do
	wait "${pids[$i]}" || vm_failed+=" $vm"
	i=$((i + 1))
	echo "---- kernel line ${vm%:*}, ${vm#*:} CPU(s) ----"
	cat "$results/vm-$vm.log"
	add_counts "$results/vm-$vm.log"
done
[ -z "$vm_failed" ] || die "the emulated machine ($vm_failed)"

echo
echo "check: all green; logs in $results"
echo "check: $pass passed, $fail failed, $skip skipped"
