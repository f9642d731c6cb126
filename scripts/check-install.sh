#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-install.sh - `make install DESTDIR=...` installs what it should
#
#   scripts/check-install.sh [PREFIX]       default /usr/local
#
# Runs the top-level `make install` into a temporary DESTDIR and asserts
# the file list: the module under lib/modules/KVER/extra with the host
# kernel's vermagic; for every userspace/* program whose Makefile has an
# install target, its binary in PREFIX/sbin (runnable), its man pages
# (*.5, *.8) and its systemd unit, whose ExecStart points at the installed
# binary; every overlay (dts-overlays/*-overlay.dts) as a .dtbo in the
# boot partition's overlays folder; nothing outside the expected places.
# Prints TAP and "install: N passed, N failed".
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
PREFIX=${1:-/usr/local}
D=$(mktemp -d /tmp/check-install.XXXXXX)
trap 'rm -rf "$D"' EXIT
pass=0 fail=0
ok() { echo "ok $((pass + fail + 1)) - $*"; pass=$((pass + 1)); }
nok() { echo "not ok $((pass + fail + 1)) - $1"; [ $# -gt 1 ] && echo "#   $2"; fail=$((fail + 1)); }
has() {	# description, path (glob allowed) under DESTDIR
	local f
	for f in $D$2; do
		[ -e "$f" ] && { ok "$1"; return 0; }
	done
	nok "$1" "missing: $2"
	return 1
}

if make -s -C "$REPO" install DESTDIR="$D" PREFIX="$PREFIX" >"$D.log" 2>&1; then
	ok "make install DESTDIR PREFIX=$PREFIX"
else
	nok "make install DESTDIR PREFIX=$PREFIX" "$(tail -n 5 "$D.log" | tr '\n' ' ')"
fi
rm -f "$D.log"

# The module, for the kernel the Makefile builds against.
kver=$(make -s -C "$REPO" --no-print-directory -f Makefile -f - print-kver <<'MK' 2>/dev/null
print-kver: ; @echo $(KVER)
MK
)
if has "module in lib/modules/$kver/extra" "/lib/modules/$kver/extra/lowpan_mesh.ko"; then
	vm=$(modinfo -F vermagic "$D/lib/modules/$kver/extra/lowpan_mesh.ko" | cut -d' ' -f1)
	[ "$vm" = "$kver" ] && ok "module vermagic $vm" || nok "module vermagic" "got '$vm', want '$kver'"
fi

# Programs: every userspace dir whose Makefile installs something.
for mk in "$REPO"/userspace/*/Makefile; do
	dir=$(dirname "$mk")
	prog=$(basename "$dir")
	grep -q '^install:' "$mk" || continue
	[ "$prog" = lib ] && continue
	if has "$prog in $PREFIX/sbin" "$PREFIX/sbin/$prog"; then
		if "$D$PREFIX/sbin/$prog" --help >/dev/null 2>&1 ||
			"$D$PREFIX/sbin/$prog" -h >/dev/null 2>&1; then
			ok "$prog --help runs"
		else
			nok "$prog --help runs"
		fi
	else
		grep -q "userspace/$prog" "$REPO/Makefile" ||
			echo "#   userspace/$prog is not in the top-level Makefile's TOOLS"
	fi
	for man in "$dir"/*.[1-8]; do
		[ -e "$man" ] || continue
		s=${man##*.}
		has "man page $(basename "$man")" "$PREFIX/share/man/man$s/$(basename "$man")"
	done
	for unit in "$dir"/*.service; do
		[ -e "$unit" ] || continue
		u=$(basename "$unit")
		found=
		for f in "$D$PREFIX/lib/systemd/system/$u" "$D/lib/systemd/system/$u" \
			"$D/usr/lib/systemd/system/$u" "$D/etc/systemd/system/$u"; do
			[ -f "$f" ] && { found=$f; break; }
		done
		if [ -z "$found" ]; then
			nok "unit $u" "not installed"
			continue
		fi
		ok "unit $u (${found#"$D"})"
		exe=$(sed -n 's/^ExecStart=[-+@!]*\([^ ]*\).*/\1/p' "$found" | head -n1)
		if [ -x "$D$exe" ]; then
			ok "unit $u: ExecStart $exe installed"
		else
			nok "unit $u: ExecStart" "'$exe' is not an installed program"
		fi
	done
done

# Overlays: one .dtbo per overlay source.
n=0
for src in "$REPO"/dts-overlays/*-overlay.dts "$REPO"/dts-overlays/*.dtso; do
	[ -e "$src" ] || continue
	n=$((n + 1))
	name=$(basename "$src"); name=${name%-overlay.dts}; name=${name%.dtso}
	has "overlay $name" "/boot/firmware/overlays/*$name*.dtbo"
done
[ "$n" -gt 0 ] || nok "overlay sources found"

# Nothing elsewhere.
stray=$(cd "$D" && find . -type f | sed 's|^\.||' |
	grep -v -e "^$PREFIX/" -e '^/lib/modules/' -e '^/boot/firmware/overlays/' \
		-e '^/etc/' -e '^/lib/systemd/system/' -e '^/usr/lib/systemd/system/')
[ -z "$stray" ] && ok "no files outside the expected places" ||
	nok "no files outside the expected places" "$(echo "$stray" | tr '\n' ' ')"

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
