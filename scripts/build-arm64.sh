#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-arm64.sh - cross-build the module and the userspace for arm64
#
#   scripts/build-arm64.sh          (make arm64)
#
# The module: kernel/ copied to build/arm64/kernel and built against
# Debian's arm64 kernel headers (scripts/arm64-kernel.sh, unpacked in the
# cache, not installed) with gcc-aarch64-linux-gnu. The userspace (iotctl,
# the daemons and their library): copied to build/arm64/src and built with
# CC=aarch64-linux-gnu-gcc against the arm64 libraries of the host's
# multiarch (libnl-genl-3-dev:arm64, libssl-dev:arm64, libmosquitto-dev:arm64).
# The selftests' helpers (selftests/tools) too, for make test-arm64.
# Then checks what it built: the module's vermagic names aarch64 and the
# kernel version of the headers, every program is an aarch64 ELF. Prints
# "arm64-build: N passed, N failed" like the other suites.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
B=$REPO/build/arm64
CROSS=aarch64-linux-gnu-
die() { echo "build-arm64: $*" >&2; exit 1; }
command -v ${CROSS}gcc >/dev/null || die "${CROSS}gcc missing (scripts/deps.sh: gcc-aarch64-linux-gnu)"
X=$("$REPO"/scripts/arm64-kernel.sh) || die "no arm64 kernel headers"
KVER=$(basename "$X")
KDIR=$X/usr/src/linux-headers-$KVER

products() {	# strip build products from a copied tree
	find "$1" \( -name '*.o' -o -name '*.ko' -o -name '*.a' -o -name '.*.cmd' \
		-o -name '*.mod' -o -name '*.mod.c' -o -name Module.symvers \
		-o -name modules.order -o -name '.obj*' \) -prune -exec rm -rf {} +
}

rm -rf "$B"
mkdir -p "$B/src/kernel"
cp -a "$REPO/kernel" "$B/kernel"
products "$B/kernel"
make -C "$KDIR" M="$B/kernel" ARCH=arm64 CROSS_COMPILE=$CROSS W=1 modules ||
	die "module build failed"

# Userspace: the Makefiles reach ../../kernel/uapi and ../lib.
cp -a "$REPO/kernel/uapi" "$B/src/kernel/uapi"
cp -a "$REPO/userspace" "$B/src/userspace"
products "$B/src/userspace"
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
# The arm64 libraries (multiarch, Multi-Arch: same) on demand. Never let
# apt remove anything for them: an :arm64 package that is not co-installable
# replaces the host's own (gcc-12:arm64 replaces gcc-12).
if ! pkg-config --exists libnl-genl-3.0 libssl libmosquitto; then
	pkgs="libnl-3-dev:arm64 libnl-genl-3-dev:arm64 libssl-dev:arm64 libmosquitto-dev:arm64"
	# shellcheck disable=SC2086
	if apt-get -s install --no-install-recommends $pkgs 2>&1 | grep -q '^Remv'; then
		die "installing $pkgs would remove host packages: not done"
	fi
	# shellcheck disable=SC2086
	apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $pkgs >/dev/null ||
		die "cannot install $pkgs"
fi
PROGS=
for d in iotctl dnp3-serial-bridge mqttsn-gateway; do
	[ -f "$B/src/userspace/$d/Makefile" ] || continue
	make -C "$B/src/userspace/$d" clean >/dev/null 2>&1
	make -C "$B/src/userspace/$d" CC=${CROSS}gcc AR=${CROSS}ar all || die "$d failed"
	PROGS="$PROGS $B/src/userspace/$d/$d"
done
# The selftests' own helpers (make test-arm64 points LM_TOOLS here).
rm -rf "$B/src/selftests/tools"
mkdir -p "$B/src/selftests"
cp -a "$REPO/selftests/tools" "$B/src/selftests/tools"
make -C "$B/src/selftests/tools" clean >/dev/null 2>&1
make -C "$B/src/selftests/tools" CC=${CROSS}gcc all || die "selftests/tools failed"
for p in lm-inject lm-udp6 lm-ra6co; do
	PROGS="$PROGS $B/src/selftests/tools/$p"
done

pass=0 fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
nok() { echo "not ok - $*"; fail=$((fail + 1)); }
KO=$B/kernel/lowpan_mesh.ko
vm=$(modinfo -F vermagic "$KO" 2>/dev/null)
case "$vm" in
"$KVER "*aarch64*) ok "module vermagic: $vm" ;;
*) nok "module vermagic: '$vm' (want $KVER ... aarch64)" ;;
esac
file -b "$KO" | grep -q 'ARM aarch64' && ok "module is an aarch64 ELF" || nok "module: $(file -b "$KO")"
for p in $PROGS; do
	if file -b "$p" | grep -q 'ARM aarch64'; then ok "$(basename "$p") is an aarch64 ELF"
	else nok "$(basename "$p"): $(file -b "$p" 2>&1)"; fi
done
echo "arm64-build: $pass passed, $fail failed"
[ "$fail" = 0 ]
