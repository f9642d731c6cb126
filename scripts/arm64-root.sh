#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64-root.sh - the arm64 guest root for `scripts/vm-run --arch arm64`
#
#   scripts/arm64-root.sh           prints the tree's path
#
# A Debian 12 "bookworm" arm64 debootstrap tree in
# ${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}/bookworm-arm64 (outside the
# repository) with the tools the selftests run, made through
# qemu-user-static and binfmt_misc (scripts/debian-root.sh), plus Debian's
# arm64 kernel from scripts/arm64-kernel.sh (hard links of
# /boot/vmlinuz-VERSION and /lib/modules/VERSION), the same kernel whose
# headers `make arm64` builds the module against. The first run takes
# roughly ten minutes (every maintainer script runs emulated); later runs
# return at once.
set -eu
CACHE=${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}
DIR=$CACHE/bookworm-arm64
HERE=$(dirname "$0")
"$HERE"/debian-root.sh --arch arm64 bookworm "$DIR" \
	kmod wpan-tools iproute2 iputils-ping tshark netcat-openbsd jq \
	libnl-3-200 libnl-genl-3-200 busybox-static procps util-linux \
	bash coreutils findutils socat
X=$("$HERE"/arm64-kernel.sh)
KVER=$(basename "$X")
if [ ! -e "$DIR/boot/vmlinuz-$KVER" ] || [ ! -d "$DIR/lib/modules/$KVER" ]; then
	mkdir -p "$DIR/boot" "$DIR/lib/modules"
	cp -al "$X/boot/." "$DIR/boot/"
	rm -rf "$DIR/lib/modules/$KVER"
	cp -al "$X/lib/modules/$KVER" "$DIR/lib/modules/$KVER"
	rm -f "$DIR/lib/modules/$KVER/build"
fi
echo "$DIR"
