#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild-check.sh - build nvmx.ko against each given Debian kernel version
# with W=1 and sparse (C=2) and fail on any warning.
#
# Usage: scripts/kbuild-check.sh KVER...
#
# kbuild builds an external module in the directory it lives in, so each
# kernel gets its own copy of the sources in build/kmod/KVER/ (kept between
# runs, so rebuilds are incremental); the module that the emulated machine
# boots is the one built here. The full build log is build/kmod/KVER.log.
#
# Lines that a kernel header itself prints (not nvmx's code) may be listed,
# exactly, in scripts/kbuild-known-warnings; none are today.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
known=$TOP/scripts/kbuild-known-warnings
[ $# -gt 0 ] || { echo "usage: $0 KVER..." >&2; exit 2; }

for kver in "$@"; do
	kdir=/usr/src/linux-headers-$kver
	out=$TOP/build/kmod/$kver
	[ -f "$kdir/Makefile" ] || { echo "kbuild-check: no headers in $kdir: run make deps" >&2; exit 1; }
	mkdir -p "$out"
	cp -a "$TOP/Kbuild" "$out/"
	rm -rf "$out/src.new" "$out/uapi.new"
	cp -a "$TOP/src" "$out/src.new" && cp -a "$TOP/uapi" "$out/uapi.new"
	# Keep the objects of unchanged sources: sync file by file.
	(cd "$out/src.new" && find . -type f) | while read -r f; do
		mkdir -p "$out/src/$(dirname "$f")"
		cmp -s "$out/src.new/$f" "$out/src/$f" || cp -a "$out/src.new/$f" "$out/src/$f"
	done
	rm -rf "$out/uapi" && mv "$out/uapi.new" "$out/uapi" && rm -rf "$out/src.new"
	log=$out.log
	if ! make -C "$kdir" M="$out" W=1 C=2 modules >"$log" 2>&1; then
		echo "kbuild-check: $kver: build FAILED:"; grep -E 'error|warning' "$log" | head -n 40
		exit 1
	fi
	warns=$(grep -E '(warning|error):' "$log" | { [ -f "$known" ] && grep -vxFf "$known" || cat; } || true)
	if [ -n "$warns" ]; then
		echo "kbuild-check: $kver: W=1 C=2 warnings:"; echo "$warns"
		exit 1
	fi
	echo "kbuild-check: $kver: nvmx.ko built with W=1 C=2, no warnings"
done
