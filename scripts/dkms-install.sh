#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-install.sh - register the module with DKMS (make dkms-install)
#
#   scripts/dkms-install.sh [--no-build] [KERNEL-VERSION]
#
# Copies dkms.conf and the module sources (kernel/, without build
# products) to $DESTDIR/usr/src/lowpan-mesh-VERSION. Without DESTDIR it
# then runs `dkms add`, `dkms build` and `dkms install` for KERNEL-VERSION
# (default: the running kernel), after removing an older registration of
# the same version; with --no-build only `dkms add`.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
NOBUILD=0
[ "${1:-}" = --no-build ] && { NOBUILD=1; shift; }
K=${1:-$(uname -r)}
NAME=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$REPO/dkms.conf")
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
SRC=${DESTDIR:-}/usr/src/$NAME-$VER

rm -rf "$SRC"
mkdir -p "$SRC"
cp "$REPO/dkms.conf" "$SRC/"
tar -C "$REPO" --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude=Module.symvers --exclude=modules.order \
	-cf - kernel | tar -C "$SRC" -xf -
echo "dkms-install: sources in $SRC"
[ -z "${DESTDIR:-}" ] || exit 0
command -v dkms >/dev/null || { echo "dkms-install: dkms missing (apt-get install dkms)" >&2; exit 1; }
dkms remove "$NAME/$VER" --all >/dev/null 2>&1 || true
dkms add "$NAME/$VER"
[ "$NOBUILD" = 1 ] && exit 0
dkms build "$NAME/$VER" -k "$K"
dkms install "$NAME/$VER" -k "$K"
