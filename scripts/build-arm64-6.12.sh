#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-arm64-6.12.sh - the module for arm64 on 6.12 (Raspberry Pi OS's series)
#
#   scripts/build-arm64-6.12.sh     (make arm64-6.12)
#
# In the trixie tree (scripts/trixie-root.sh, which carries Debian 13's
# gcc-aarch64-linux-gnu): unpacks Debian 13's linux-headers-VERSION-arm64
# (apt-get download inside the tree, dpkg-deb -x; its common part and
# kbuild are the amd64 tree's own, same version), cross-builds kernel/ into
# build/arm64-6.12/kernel and checks the vermagic names the arm64 6.12
# kernel and aarch64. Prints "arm64-6.12: N passed, N failed".
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
die() { echo "build-arm64-6.12: $*" >&2; exit 1; }
T=$("$REPO"/scripts/trixie-root.sh)
V=$(ls -1 "$T/usr/src" | sed -n 's/^linux-headers-\(.*\)-amd64$/\1/p' | sort -V | tail -n1)
[ -n "$V" ] || die "no 6.12 headers in $T"
K=$V-arm64
if [ ! -f "$T/usr/src/linux-headers-$K/.config" ]; then
	exec 9>"$T/var/tmp/arm64-headers.lock"
	flock 9
	chroot "$T" dpkg --print-foreign-architectures | grep -qx arm64 ||
		chroot "$T" dpkg --add-architecture arm64
	chroot "$T" apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update in $T"
	rm -rf "$T/var/tmp/arm64-headers"
	mkdir -p "$T/var/tmp/arm64-headers"
	chroot "$T" sh -c "cd /var/tmp/arm64-headers && apt-get download -q linux-headers-$K:arm64" \
		>/dev/null 2>&1 || die "cannot download linux-headers-$K:arm64"
	dpkg-deb -x "$T"/var/tmp/arm64-headers/linux-headers-"$K"_*.deb "$T"
	rm -rf "$T/var/tmp/arm64-headers"
fi
"$REPO"/scripts/build-in-root.sh "$T" "$REPO/build/arm64-6.12" "$K"
KO=$REPO/build/arm64-6.12/kernel/lowpan_mesh.ko
vm=$(modinfo -F vermagic "$KO")
pass=0 fail=0
case "$vm" in
"$K "*aarch64*) echo "ok - module vermagic: $vm"; pass=$((pass + 1)) ;;
*) echo "not ok - module vermagic: '$vm' (want $K ... aarch64)"; fail=$((fail + 1)) ;;
esac
if file -b "$KO" | grep -q 'ARM aarch64'; then echo "ok - module is an aarch64 ELF"; pass=$((pass + 1))
else echo "not ok - module: $(file -b "$KO")"; fail=$((fail + 1)); fi
echo "arm64-6.12: $pass passed, $fail failed"
[ "$fail" = 0 ]
