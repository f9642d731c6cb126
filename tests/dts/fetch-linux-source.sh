#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch another Debian release's kernel source tarball for the overlay tests,
# without touching the system's apt sources or installing anything:
#   bash tests/dts/fetch-linux-source.sh [SUITE [PACKAGE]]
# default: trixie linux-source-6.12 (the kernel series Raspberry Pi OS runs).
# The package is fetched with "apt-get download" through a private apt
# configuration (lists and cache under the cache directory) and its tarball
# is unpacked to $CACHE/linux-source-tarballs/, where run-tests.sh finds it.
# About 150 MB; nothing is fetched when the tarball is already there.
set -eu
SUITE=${1:-trixie}
PKG=${2:-linux-source-6.12}

if [ -n "${LOWPAN_MESH_CACHE:-}" ]; then
	CACHE=$LOWPAN_MESH_CACHE
elif mkdir -p /var/cache/lowpan-mesh 2>/dev/null && [ -w /var/cache/lowpan-mesh ]; then
	CACHE=/var/cache/lowpan-mesh
else
	CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/lowpan-mesh
fi
OUT=$CACHE/linux-source-tarballs
if [ -f "$OUT/$PKG.tar.xz" ]; then
	echo "$OUT/$PKG.tar.xz is there already"
	exit 0
fi

A=$CACHE/apt-$SUITE
mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/dl" "$OUT"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" \
	> "$A/sources.list"
O=(-o "Dir::Etc::sourcelist=$A/sources.list" -o Dir::Etc::sourceparts=/dev/null
   -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache"
   -o APT::Sandbox::User=root)
apt-get "${O[@]}" update
rm -f "$A/dl/"*.deb
(cd "$A/dl" && apt-get "${O[@]}" download "$PKG")
rm -rf "$A/x"
dpkg-deb -x "$A/dl/"*.deb "$A/x"
mv "$A/x/usr/src/$PKG.tar.xz" "$OUT/$PKG.tar.xz.tmp"
mv "$OUT/$PKG.tar.xz.tmp" "$OUT/$PKG.tar.xz"
rm -rf "$A/x" "$A/dl"
echo "$OUT/$PKG.tar.xz"
