#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh - boot the emulated VT-x machine (Bochs, cpu model
# corei7_skylake_x) with nvmx loaded, and judge what happened inside.
#
# Usage: run-vm.sh [options]
#   -k, --kernel LINE     Debian kernel line: 6.1 (default) or 6.12
#   -c, --cpus N          1 (default) or 2 emulated CPUs
#   -m, --mode MODE       test (run the selftests), demo (show the module's
#                         kernel messages and /dev/nvmx), shell (interactive
#                         console; needs a terminal)       [default: test]
#   -a, --append ARGS     extra kernel command line; nvmxvm.dev=kvm runs the
#                         tests on kvm_intel nested=1 (NVMX_DEV=/dev/kvm)
#                         instead of nvmx (see selftests/vm/init)
#   -r, --run-args ARGS   extra run_tests arguments (space separated)
#   -T, --tests "A B"     run only these selftests (names in BUILD/selftests),
#                         in this order
#   -t, --timeout SECS    bound on the whole boot + run       [default: 1500]
#   -K, --keep DIR        keep the machine's files (serial log, TAP log,
#                         bochs log, ISO) in DIR
#   -b, --build DIR       where make put its outputs          [default: build]
#   -q, --quiet           on success print only the summary
#
# Inputs (built by `make vm-inputs KLINE=LINE`): BUILD/kmod/KVER/nvmx.ko,
# BUILD/selftests/ and BUILD/bin/.
#
# Exit status: 0 when the guest finished and, in test mode, every TAP result
# is "ok" with a complete plan at both levels and the kernel log shows no
# BUG:, Oops, WARNING:, general protection fault, Call Trace or panic.
# Otherwise 1, after printing why and the tail of the serial log.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
CACHE=${NVMX_CACHE:-$HOME/.cache/nvmx}
line=6.1 cpus=1 mode=test append= runargs= timeout=1500 keep= quiet=0 tests=
build=$TOP/build

usage() { sed -n '/^# Usage/,/^# Inputs/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	-k|--kernel) line=$2; shift ;;
	-c|--cpus) cpus=$2; shift ;;
	-m|--mode) mode=$2; shift ;;
	-a|--append) append=$2; shift ;;
	-r|--run-args) runargs=$2; shift ;;
	-T|--tests) tests=$2; shift ;;
	-t|--timeout) timeout=$2; shift ;;
	-K|--keep) keep=$2; shift ;;
	-b|--build) build=$(cd "$2" && pwd); shift ;;
	-q|--quiet) quiet=1 ;;
	-h|--help) usage ;;
	*) echo "run-vm: unknown option '$1'" >&2; usage ;;
	esac
	shift
done

case $cpus in 1|2) ;; *) echo "run-vm: --cpus must be 1 or 2" >&2; exit 2 ;; esac
case $mode in test|demo|shell) ;; *) echo "run-vm: bad --mode '$mode'" >&2; exit 2 ;; esac
[ -f "$CACHE/kver-$line" ] || { echo "run-vm: kernel line '$line' unknown: run scripts/deps.sh" >&2; exit 2; }
kver=$(cat "$CACHE/kver-$line")
name="vm-$line-${cpus}cpu"

work=${keep:-$(mktemp -d /tmp/nvmx-vm.XXXXXX)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
serial=$work/serial.log tap=$work/tap.log
rm -f "$serial" "$tap" "$work/bochs.log"

# Guest time advances with emulated instructions (clock: sync=none), so
# time-outs inside the guest are path lengths, not wall time.
cmdline="console=ttyS0,115200 nvmxvm.mode=$mode"
[ -z "$runargs" ] || cmdline+=" nvmxvm.args=${runargs// /,}"
[ -z "$append" ] || cmdline+=" $append"

# -T: a selftests directory with only the named tests in TESTS.
seldir=$build/selftests
if [ -n "$tests" ]; then
	seldir=$work/selftests
	rm -rf "$seldir" && mkdir -p "$seldir"
	cp "$build/selftests/run_tests" "$seldir/"
	for t in $tests; do
		cp "$build/selftests/$t" "$seldir/"
		echo "$t" >>"$seldir/TESTS"
	done
fi

"$HERE/mkimage.sh" "$kver" "$build/kmod/$kver/nvmx.ko" "$seldir" \
	"$build/bin" "$work" "$cmdline"

if [ "$mode" = shell ]; then com1="mode=term, dev=$(tty)"; else com1="mode=file, dev=$serial"; fi
cat >"$work/bochsrc" <<EOF
megs: 512
cpu: model=corei7_skylake_x, count=$cpus, ips=200000000, quantum=16, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-qemu-latest
vgaromimage: file=/usr/share/vgabios/vgabios-stdvga.bin
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path=$work/nvmx.iso, status=inserted
boot: cdrom
com1: enabled=1, $com1
com2: enabled=1, mode=file, dev=$tap
display_library: rfb, options="timeout=0"
clock: sync=none, time0=local
log: $work/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
speaker: enabled=0
sound: driver=dummy
EOF
echo c >"$work/bochs.rc"

# The guest prints this when it is about to power off, on the console and
# on the TAP port; the console may have kernel messages printed into the
# middle of it, the TAP port carries nothing but init's own lines.
done_re='nvmx-vm: done rc=[0-9]+'
guest_done() { grep -qE "$done_re" "$serial" "$tap" 2>/dev/null; }
bad_re='BUG:|Oops|WARNING:|general protection|Call Trace|Kernel panic'

[ "$quiet" = 1 ] || echo "run-vm: $name: booting $kver (bound ${timeout}s)"
start=$(date +%s)
if [ "$mode" = shell ]; then
	bochs -q -f "$work/bochsrc" -rc "$work/bochs.rc" || true
	exit 0
fi
(cd "$work" && exec bochs -q -f "$work/bochsrc" -rc "$work/bochs.rc" \
	</dev/null >"$work/bochs.out" 2>&1) &
bochs_pid=$!

verdict=
while kill -0 "$bochs_pid" 2>/dev/null; do
	if guest_done; then
		verdict=done
		# Give the guest a moment to power off by itself.
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$bochs_pid" 2>/dev/null || break
			sleep 1
		done
		break
	fi
	if grep -q 'Kernel panic - not syncing' "$serial" 2>/dev/null; then
		sleep 2; verdict=panic; break
	fi
	if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
		verdict=timeout; break
	fi
	sleep 1
done
kill "$bochs_pid" 2>/dev/null || true
wait "$bochs_pid" 2>/dev/null || true
[ -n "$verdict" ] || { guest_done && verdict=done || verdict=died; }
elapsed=$(($(date +%s) - start))

fail() {
	echo "run-vm: $name: FAILED: $*"
	echo "run-vm: $name: last 60 lines of the serial log ($serial):"
	tail -n 60 "$serial" 2>/dev/null | tr -d '\r' | sed 's/^/  | /'
	if [ "$verdict" = died ]; then
		echo "run-vm: $name: bochs output:"
		tail -n 20 "$work/bochs.out" | sed 's/^/  | /'
	fi
	exit 1
}

case $verdict in
timeout) fail "no 'nvmx-vm: done' after ${timeout}s (time-out)" ;;
panic) fail "kernel panic" ;;
died) fail "bochs exited before the guest finished" ;;
esac

# Judge the kernel log from the moment /init starts: what the guest kernel
# says about the emulated CPU while it boots (Bochs' XSAVE sizes make
# 6.1 warn in fpu__init_system_xstate) happens before nvmx exists; it is
# counted, not judged.
boot_warns=$(tr -d '\r' <"$serial" | sed '/^nvmx-vm: kernel/q' | grep -cE "$bad_re" || true)
oops=$(tr -d '\r' <"$serial" | sed -n '/^nvmx-vm: kernel/,$p' | grep -E "$bad_re" || true)
[ -z "$oops" ] || fail "kernel log shows: $(echo "$oops" | head -n 1)"
[ "$quiet" = 1 ] || [ "$boot_warns" = 0 ] ||
	echo "run-vm: $name: note: $boot_warns warning line(s) while the guest kernel booted, before /init (not nvmx's)"

guest_rc=$(cat "$tap" "$serial" 2>/dev/null | tr -d '\r' | grep -oE "$done_re" | tail -n 1 | sed 's/.*rc=//')

if [ "$mode" = demo ]; then
	# What /init printed; the console's own printk lines are left out.
	tr -d '\r' <"$serial" | sed -n '/^nvmx-vm: kernel/,$p' |
		grep -vE '^\[ *[0-9]+\.[0-9]+\] ' || true
	[ "$guest_rc" = 0 ] || fail "guest reported rc=$guest_rc"
	echo "run-vm: $name: demo done in ${elapsed}s"
	exit 0
fi

[ "$quiet" = 1 ] || { tr -d '\r' <"$serial" | grep -m 2 -E '^nvmx-vm: kernel|^vmx flags' || true; }
[ "$quiet" = 1 ] || tr -d '\r' <"$tap"

# Judge the TAP: top-level plan and results, each binary's own plan and
# results, and the harness totals.
summary=$(tr -d '\r' <"$tap" | awk -v name="$name" -f "$HERE/tap-check.awk") ||
	{ echo "$summary"; fail "TAP check"; }
echo "$summary"
[ "$guest_rc" = 0 ] || fail "guest reported rc=$guest_rc"
echo "run-vm: $name: finished in ${elapsed}s"
