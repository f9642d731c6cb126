#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-in-root.sh - build kernel/ inside a Debian tree against its headers
#
#   scripts/build-in-root.sh TREE OUTDIR [KVER]
#   scripts/build-in-root.sh TREE OUTDIR KVER-arm64     cross, for arm64
#
# Copies the module sources (kernel/, without build products) into
# TREE/var/tmp/lowpan-mesh-build, runs kbuild there under chroot against
# TREE/usr/src/linux-headers-KVER (default: the newest in TREE) with the
# tree's own compiler, and puts the sources and the products in
# OUTDIR/kernel (OUTDIR/kernel/lowpan_mesh.ko). The in-tree kernel/ and its
# build for the host kernel stay untouched. `make modules-6.12` uses it with
# the tree of scripts/trixie-root.sh (Debian 13's headers need gcc-14).
# A KVER ending in -arm64 cross-builds with the tree's aarch64-linux-gnu-
# compiler (make arm64-6.12 unpacks those headers into the tree first).
set -eu
TREE=${1:?tree} OUT=${2:?output directory} KVER=${3:-}
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
die() { echo "build-in-root: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (chroot)"
if [ -z "$KVER" ]; then
	KVER=$(ls -1 "$TREE/usr/src" | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | sort -V | tail -n1)
fi
[ -n "$KVER" ] && [ -d "$TREE/usr/src/linux-headers-$KVER" ] || die "no kernel headers in $TREE/usr/src"
CROSS=
case "$KVER" in *-arm64) CROSS="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" ;; esac

copy_src() {	# from to
	rm -rf "$2"
	mkdir -p "$2"
	tar -C "$1" --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude=Module.symvers --exclude=modules.order \
		--exclude='.tmp_*' -cf - . | tar -C "$2" -xf -
}
W=/var/tmp/lowpan-mesh-build
exec 9>"$TREE$W.lock"
flock 9
copy_src "$REPO/kernel" "$TREE$W/kernel"
chroot "$TREE" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
	make -C "/usr/src/linux-headers-$KVER" M="$W/kernel" $CROSS W=1 modules ||
	die "build against $KVER failed"
mkdir -p "$OUT"
rm -rf "$OUT/kernel"
cp -a "$TREE$W/kernel" "$OUT/kernel"
echo "build-in-root: $OUT/kernel/lowpan_mesh.ko ($(modinfo -F vermagic "$OUT/kernel/lowpan_mesh.ko"))"
