#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64-kernel.sh - Debian's arm64 kernel and headers, unpacked, never installed
#
#   scripts/arm64-kernel.sh         prints the directory (X below)
#
# Downloads (apt-get download, with the host's apt sources and the arm64
# foreign architecture) the newest Debian arm64 kernel image and its
# headers and unpacks them with dpkg-deb -x into
# ${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}/arm64-kernel/VERSION:
#   X/boot/vmlinuz-VERSION, X/lib/modules/VERSION     the kernel for QEMU
#   X/usr/src/linux-headers-VERSION                   KDIR for cross builds
# Nothing is installed on the host: installing linux-headers-*-arm64:arm64
# on an amd64 host pulls gcc-12:arm64 and binutils:arm64, which replace
# the host's own compiler. The headers' scripts link to the host's (amd64)
# linux-kbuild, so kbuild's helper programs run natively.
set -eu
CACHE=${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}
BASE=$CACHE/arm64-kernel
die() { echo "arm64-kernel: $*" >&2; exit 1; }

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	[ "$(id -u)" = 0 ] || die "needs root once: dpkg --add-architecture arm64"
	dpkg --add-architecture arm64
	apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
# linux-headers-arm64:arm64 depends on linux-headers-<abi>-arm64 (= version)
abi=$(apt-cache show linux-headers-arm64:arm64 2>/dev/null |
	sed -n 's/^Depends: .*linux-headers-\([0-9.]*-[0-9]*\)-arm64.*/\1/p' | sort -V | tail -n1)
[ -n "$abi" ] || {
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	abi=$(apt-cache show linux-headers-arm64:arm64 |
		sed -n 's/^Depends: .*linux-headers-\([0-9.]*-[0-9]*\)-arm64.*/\1/p' | sort -V | tail -n1)
}
[ -n "$abi" ] || die "no linux-headers-arm64:arm64 in the apt sources"
KVER=$abi-arm64
X=$BASE/$KVER
if [ -f "$X/.done" ]; then echo "$X"; exit 0; fi

mkdir -p "$BASE"
exec 9>"$BASE/.lock"
flock 9
[ -f "$X/.done" ] && { echo "$X"; exit 0; }
rm -rf "$X" "$X.debs"
mkdir -p "$X.debs"
kb=$(apt-cache show "linux-headers-$KVER:arm64" | sed -n 's/^Depends: .*\(linux-kbuild-[0-9.]*\).*/\1/p' | head -n1)
(cd "$X.debs" && apt-get download -q \
	"linux-image-$KVER-unsigned:arm64" "linux-headers-$KVER:arm64" \
	"linux-headers-$abi-common" >/dev/null) || die "apt-get download failed"
for d in "$X.debs"/*.deb; do dpkg-deb -x "$d" "$X"; done
rm -rf "$X.debs"
# The headers' scripts/ and tools/ point at ../../lib/linux-kbuild-*:
# use the host's, whose programs are amd64 (same kbuild version needed).
[ -n "$kb" ] && [ -d "/usr/lib/$kb" ] || {
	[ "$(id -u)" = 0 ] && [ -n "$kb" ] && apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$kb:amd64" >/dev/null
	[ -n "$kb" ] && [ -d "/usr/lib/$kb" ] || die "host package ${kb:-linux-kbuild} missing"
}
mkdir -p "$X/usr/lib"
ln -sfn "/usr/lib/$kb" "$X/usr/lib/$kb"
ln -sfn ../../usr/src/linux-headers-$KVER "$X/lib/modules/$KVER/build"
# Its Makefile includes the common part by absolute path: ours, unpacked.
sed -i "s|^include /usr/src/|include $X/usr/src/|" "$X/usr/src/linux-headers-$KVER/Makefile"
depmod -b "$X" "$KVER"
[ -f "$X/boot/vmlinuz-$KVER" ] || die "no kernel image in the package"
: >"$X/.done"
echo "$X"
