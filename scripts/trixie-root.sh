#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# trixie-root.sh - the Debian 13 (kernel 6.12) tree, made once and cached
#
#   scripts/trixie-root.sh          prints the tree's path
#
# A debootstrap tree of Debian 13 "trixie" (amd64) in
# ${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}/trixie, outside the
# repository, with gcc-14 and the 6.12 kernel headers (Debian 13's headers
# need gcc-14: `make modules-6.12` builds inside it with chroot), and the
# 6.12 kernel image and modules plus the tools the selftests run, so that
# `scripts/vm-run --root TREE --kernel 6.12...` can boot 6.12 with this tree
# as the guest's root file system. The first run takes a few minutes and
# about 1.2 GB; later runs return at once.
set -eu
CACHE=${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}
DIR=$CACHE/trixie
"$(dirname "$0")"/debian-root.sh trixie "$DIR" \
	gcc-14 make libc6-dev linux-headers-amd64 linux-image-amd64 kmod \
	wpan-tools iproute2 iputils-ping tshark netcat-openbsd jq \
	libnl-3-200 libnl-genl-3-200 busybox-static procps util-linux \
	bash coreutils findutils perl dkms gcc-aarch64-linux-gnu socat \
	libcoap3-bin mosquitto mosquitto-clients openssl
echo "$DIR"
