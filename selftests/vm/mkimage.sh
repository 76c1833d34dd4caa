#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkimage.sh - build the boot ISO of the emulated VT-x machine.
#
# Usage: mkimage.sh KVER NVMX_KO SELFTESTS_DIR BIN_DIR OUT_DIR CMDLINE
#
#   KVER           Debian kernel ABI version (e.g. 6.1.0-56-amd64), already
#                  extracted by scripts/deps.sh into $NVMX_CACHE/kernel/KVER
#   NVMX_KO        nvmx.ko built against that kernel
#   SELFTESTS_DIR  the built selftests (run_tests, TESTS, *_test); may be empty
#   BIN_DIR        userspace tools to put in /opt/nvmx/bin; may be empty
#   OUT_DIR        receives initrd.img and nvmx.iso
#   CMDLINE        the kernel command line
#
# The initramfs holds busybox, /init, nvmx.ko under /lib/modules/KVER/extra,
# kvm.ko/kvm-intel.ko (for the VMX-busy test), the selftests under
# /opt/nvmx/selftests and the tools under /opt/nvmx/bin. Every program in it
# is static: there is no libc in the image. zstd: the static binaries share
# most of their bytes, and the BIOS reads the image slowly.
set -euo pipefail

CACHE=${NVMX_CACHE:-$HOME/.cache/nvmx}
HERE=$(cd "$(dirname "$0")" && pwd)
KVER=$1 KO=$2 TESTS=$3 BINS=$4 OUT=$5 CMDLINE=$6
KDIR=$CACHE/kernel/$KVER
KMODS=(virt/lib/irqbypass arch/x86/kvm/kvm arch/x86/kvm/kvm-intel)

[ -e "$KDIR/.done" ] || { echo "mkimage: $KDIR missing: run scripts/deps.sh" >&2; exit 1; }
[ -f "$KO" ] || { echo "mkimage: no module at $KO" >&2; exit 1; }

root=$OUT/root
rm -rf "$root" && mkdir -p "$OUT"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,root,etc,opt/nvmx/bin,opt/nvmx/selftests}
cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$HERE/init" "$root/init"

# Modules: nvmx plus the KVM modules, uncompressed (busybox cannot inflate).
mdir=$root/lib/modules/$KVER
mkdir -p "$mdir/extra"
cp "$KO" "$mdir/extra/nvmx.ko"
for m in "${KMODS[@]}"; do
	mkdir -p "$mdir/kernel/$(dirname "$m")"
	if [ -f "$KDIR/lib/modules/$KVER/kernel/$m.ko" ]; then
		cp "$KDIR/lib/modules/$KVER/kernel/$m.ko" "$mdir/kernel/$m.ko"
	else
		xz -dc "$KDIR/lib/modules/$KVER/kernel/$m.ko.xz" >"$mdir/kernel/$m.ko"
	fi
done
cp "$KDIR/lib/modules/$KVER"/modules.{builtin,builtin.modinfo,order} "$mdir/"
depmod -b "$root" "$KVER"

if [ -n "$TESTS" ] && [ -d "$TESTS" ]; then
	cp -r "$TESTS"/. "$root/opt/nvmx/selftests/"
fi
if [ -n "$BINS" ] && [ -d "$BINS" ]; then
	cp -r "$BINS"/. "$root/opt/nvmx/bin/"
fi

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -q -19 -T0) \
	>"$OUT/initrd.img"

# isolinux ISO: no loop mounts, just xorriso over a directory.
iso=$OUT/iso
rm -rf "$iso" && mkdir -p "$iso/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	"$iso/isolinux/"
cp "$KDIR/boot/vmlinuz-$KVER" "$iso/vmlinuz"
cp "$OUT/initrd.img" "$iso/initrd.img"
cat >"$iso/isolinux/isolinux.cfg" <<EOF
DEFAULT nvmx
PROMPT 0
TIMEOUT 0
LABEL nvmx
  KERNEL /vmlinuz
  APPEND initrd=/initrd.img $CMDLINE
EOF
xorriso -as mkisofs -quiet -o "$OUT/nvmx.iso" -b isolinux/isolinux.bin \
	-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	"$iso" 2>/dev/null
rm -rf "$iso" "$root"
