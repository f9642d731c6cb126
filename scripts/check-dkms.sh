#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-dkms.sh - dkms.conf works: DKMS builds the module for 6.1 and 6.12
#
#   scripts/check-dkms.sh
#
# Runs `dkms add` and `dkms build` with a private source and DKMS tree
# (--sourcetree, --dkmstree under a temporary directory; nothing is
# registered or installed on the system) for the host's Debian 6.1 kernel
# and, when the cached trixie tree exists (scripts/trixie-root.sh), for
# its 6.12 kernel inside that tree with chroot. Prints
# "dkms: N passed, N failed, N skipped".
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}
pass=0 fail=0 skip=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
nok() { echo "not ok - $*"; fail=$((fail + 1)); }
skp() { echo "ok - $1 # SKIP $2"; skip=$((skip + 1)); }
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
NAME=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$REPO/dkms.conf")

build() {	# label, chroot-or-empty, kernel version
	local label=$1 root=$2 k=$3 t=/var/tmp/lowpan-mesh-dkms.$$ log
	rm -rf "$root$t"
	DESTDIR=$root$t/src-root "$REPO"/scripts/dkms-install.sh >/dev/null
	mkdir -p "$root$t/tree"
	run() { if [ -n "$root" ]; then chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; else "$@"; fi; }
	if log=$(run dkms add --dkmstree $t/tree --sourcetree $t/src-root/usr/src "$NAME/$VER" 2>&1 &&
		run dkms build --dkmstree $t/tree --sourcetree $t/src-root/usr/src "$NAME/$VER" -k "$k" 2>&1); then
		ko=$(find "$root$t/tree" -name 'lowpan_mesh.ko*' | head -n1)
		if [ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$k" ]; then
			ok "$label: dkms build for $k ($(modinfo -F vermagic "$ko"))"
		else
			nok "$label: dkms built no module for $k"
		fi
	else
		nok "$label: dkms build for $k"
		echo "$log" | tail -n 20 | sed 's/^/#   /'
		find "$root$t/tree" -name make.log -exec tail -n 20 {} \; | sed 's/^/#   /'
	fi
	rm -rf "$root$t"
}

k61=$(ls -1 /lib/modules 2>/dev/null | sort -V | while read -r d; do
	[ -e "/lib/modules/$d/build/Makefile" ] && echo "$d"; done | tail -n1)
if ! command -v dkms >/dev/null; then skp "host dkms" "dkms not installed"
elif [ -z "$k61" ]; then skp "host dkms" "no kernel headers"
else build host "" "$k61"; fi

T=$CACHE/trixie
k612=$(ls -1 "$T/usr/src" 2>/dev/null | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | sort -V | tail -n1)
if [ -z "$k612" ]; then skp "6.12 dkms" "no trixie tree (scripts/trixie-root.sh)"
elif [ ! -x "$T/usr/sbin/dkms" ]; then skp "6.12 dkms" "no dkms in the trixie tree"
else build trixie "$T" "$k612"; fi

echo "dkms: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
