#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install and cache everything nvmx's build and proving ground need.
#
# Usage: scripts/deps.sh [--quiet]
#
# 1. apt-get installs the Debian packages (bochs, busybox, isolinux, sparse,
#    libnl, the kernel sources for the kselftest harness and checkpatch, and
#    the headers of both Debian 12 kernel lines).
# 2. Resolves each kernel line to the ABI version its metapackage depends on
#    today (linux-image-amd64 for 6.1, linux-image-6.12-amd64 for 6.12), so
#    nothing breaks when Debian bumps the ABI number, and records it in
#    $NVMX_CACHE/kver-<line>.
# 3. Downloads and extracts that kernel image package (vmlinuz + modules) into
#    $NVMX_CACHE/kernel/<kver>/ and the few files nvmx takes from Debian's
#    linux-source-6.1 (kselftest harness, checkpatch) into $NVMX_CACHE/src-6.1/.
#
# Everything is cached: a second run does no network or extraction work
# unless the metapackages moved (apt lists are refreshed at most every 6 h;
# NVMX_APT_REFRESH=1 forces it).
set -euo pipefail

CACHE=${NVMX_CACHE:-$HOME/.cache/nvmx}
LINES=(6.1 6.12)
SRC_LINE=6.1
quiet=${1:-}

log() { [ "$quiet" = --quiet ] || echo "deps: $*"; }

# The metapackage that names the current ABI version of a kernel line.
meta_of() {
	case $1 in
	6.1) echo "$2-amd64" ;;
	6.12) echo "$2-6.12-amd64" ;;
	*) echo "deps: unknown kernel line '$1' (want 6.1 or 6.12)" >&2; return 1 ;;
	esac
}

kver_of() {
	local meta
	meta=$(meta_of "$1" linux-image) || return 1
	apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1
}

apt_refresh() {
	local stamp=$CACHE/apt-updated
	if [ "${NVMX_APT_REFRESH:-0}" = 1 ] || [ ! -e "$stamp" ] ||
	   [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
		log "apt-get update"
		apt-get update -qq
		touch "$stamp"
	fi
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

install_pkgs() {
	local miss
	miss=$(missing_pkgs "$@")
	[ -z "$miss" ] && return 0
	log "apt-get install" $miss
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $miss >/dev/null
}

extract_kernel() {
	local kver=$1 dir=$CACHE/kernel/$1 deb
	[ -e "$dir/.done" ] && return 0
	log "fetching linux-image-$kver"
	mkdir -p "$CACHE/debs" && rm -rf "$dir"
	(cd "$CACHE/debs" &&
	 apt-get download -qq -o APT::Sandbox::User=root "linux-image-$kver")
	deb=$(ls -t "$CACHE"/debs/linux-image-"$kver"_*.deb | head -n 1)
	mkdir -p "$dir" && dpkg-deb -x "$deb" "$dir"
	touch "$dir/.done"
}

extract_src() {
	local dir=$CACHE/src-$SRC_LINE tarball=/usr/src/linux-source-$SRC_LINE.tar.xz
	[ -e "$dir/.done" ] && return 0
	log "extracting the kselftest harness and checkpatch from $tarball"
	rm -rf "$dir" && mkdir -p "$dir"
	tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
		"linux-source-$SRC_LINE/tools/testing/selftests/kselftest*.h" \
		"linux-source-$SRC_LINE/scripts/checkpatch.pl" \
		"linux-source-$SRC_LINE/scripts/spelling.txt" \
		"linux-source-$SRC_LINE/scripts/const_structs.checkpatch"
	touch "$dir/.done"
}

main() {
	local line kver pkgs
	mkdir -p "$CACHE"
	apt_refresh
	pkgs=(bochs bochsbios vgabios busybox-static isolinux syslinux-common
	      xorriso cpio gzip xz-utils zstd kmod sparse gcc make libc6-dev
	      libnl-3-dev libnl-genl-3-dev pkg-config bc flex bison libelf-dev
	      "linux-source-$SRC_LINE")
	for line in "${LINES[@]}"; do
		kver=$(kver_of "$line")
		[ -n "$kver" ] || { echo "deps: cannot resolve kernel line $line" >&2; exit 1; }
		echo "$kver" >"$CACHE/kver-$line.tmp"
		mv "$CACHE/kver-$line.tmp" "$CACHE/kver-$line"
		pkgs+=("linux-headers-$kver")
	done
	install_pkgs "${pkgs[@]}"
	for line in "${LINES[@]}"; do
		extract_kernel "$(cat "$CACHE/kver-$line")"
	done
	extract_src
	log "ready: 6.1=$(cat "$CACHE/kver-6.1") 6.12=$(cat "$CACHE/kver-6.12") cache=$CACHE"
}

main
