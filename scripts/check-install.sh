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
# boot partition's overlays folder; the nftables file in /etc/lowpan-mesh
# (loads with nft -c; drops a daemon's port from outside the mesh prefix
# only, in a private network namespace); the boot-time configuration (the
# template unit lowpan-mesh@.service, verified with systemd-analyze when
# present, and /etc/lowpan-mesh/mesh0.conf.example, which iotctl config
# check accepts); nothing outside the expected places.
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

# The nftables file (docs/firewall.md): installed, loads (nft -c), and in
# a private network namespace drops a daemon's port from outside the mesh
# prefix and from link-local sources on interfaces other than mesh0 only. Without nft (Debian package nftables) the last two skip.
# The namespaces are held by processes and entered with nsenter
# (tests/lib/netns.sh): ip netns mounts, and fails in a chroot whose / is
# not a mount point. Where no network namespace can be made the test skips.
. "$REPO/tests/lib/netns.sh"
nft_drops() {	# netns (holder pid): packets the mesh_only chain dropped
	ns_run "$1" nft list chain inet lowpan_mesh mesh_only |
		sed -n 's/.*counter packets \([0-9]*\).*drop.*/\1/p'
}
nft_send() {	# netns, source address, udp|tcp, destination address, port
	if [ "$3" = udp ]; then
		echo x | ns_run "$1" socat -u - "UDP6-SENDTO:[$4]:$5,bind=[$2]" 2>/dev/null
	else
		ns_run "$1" socat -u /dev/null \
			"TCP6:[$4]:$5,bind=[$2],connect-timeout=0.5" 2>/dev/null
	fi
	sleep 0.2
}
nftf=/etc/lowpan-mesh/lowpan-mesh.nft
if has "nftables file $nftf" "$nftf"; then
	if ! command -v nft >/dev/null; then
		ok "nft -c -f $nftf # SKIP nft not installed (package nftables)"
		ok "$nftf in a network namespace # SKIP nft not installed"
	elif err=$(unshare -n nft -c -f "$D$nftf" 2>&1); then
		ok "nft -c -f $nftf"
		nsg= nsp=
		if ! command -v ip >/dev/null || ! ns_probe; then
			ok "$nftf in a network namespace # SKIP needs ip, unshare and nsenter, and a network namespace (unshare -n)"
		elif ns_new nsg && ns_new nsp &&
			ip link add mesh0 netns "$nsg" type veth peer name p0 netns "$nsp" &&
			ns_run "$nsg" ip addr add 2001:db8::1/64 dev mesh0 nodad &&
			ns_run "$nsg" ip addr add 2001:db8:ffff::1/64 dev mesh0 nodad &&
			ns_run "$nsp" ip addr add 2001:db8::2/64 dev p0 nodad &&
			ns_run "$nsp" ip addr add 2001:db8:ffff::2/64 dev p0 nodad &&
			ns_run "$nsg" ip addr add fe80::1/64 dev mesh0 nodad &&
			ns_run "$nsp" ip addr add fe80::2/64 dev p0 nodad &&
			ip link add lan0 netns "$nsg" type veth peer name p1 netns "$nsp" &&
			ns_run "$nsg" ip addr add fe80::1/64 dev lan0 nodad &&
			ns_run "$nsp" ip addr add fe80::3/64 dev p1 nodad &&
			ns_run "$nsg" ip link set mesh0 up && ns_run "$nsp" ip link set p0 up &&
			ns_run "$nsg" ip link set lan0 up && ns_run "$nsp" ip link set p1 up &&
			ns_run "$nsg" nft -f "$D$nftf"; then
			got=
			nft_send "$nsp" 2001:db8::2 udp 2001:db8::1 5683
			got="$got mesh:5683/udp=$(nft_drops "$nsg")"
			nft_send "$nsp" 2001:db8:ffff::2 udp 2001:db8::1 5000
			got="$got outside:5000/udp=$(nft_drops "$nsg")"
			nft_send "$nsp" 2001:db8:ffff::2 udp 2001:db8::1 5683
			got="$got outside:5683/udp=$(nft_drops "$nsg")"
			nft_send "$nsp" 2001:db8:ffff::2 tcp 2001:db8::1 20000
			got="$got outside:20000/tcp=$(nft_drops "$nsg")"
			nft_send "$nsp" 2001:db8::2 tcp 2001:db8::1 20000
			got="$got mesh:20000/tcp=$(nft_drops "$nsg")"
			nft_send "$nsp" fe80::2%p0 udp fe80::1%p0 5683
			got="$got mesh0-link-local:5683/udp=$(nft_drops "$nsg")"
			nft_send "$nsp" fe80::3%p1 udp fe80::1%p1 5683
			got="$got lan0-link-local:5683/udp=$(nft_drops "$nsg")"
			want=" mesh:5683/udp=0 outside:5000/udp=0 outside:5683/udp=1 outside:20000/tcp=2 mesh:20000/tcp=2 mesh0-link-local:5683/udp=2 lan0-link-local:5683/udp=3"
			[ "$got" = "$want" ] && ok "$nftf drops the daemons' ports from outside the mesh only" ||
				nok "$nftf drops the daemons' ports from outside the mesh only" \
					"drops after each packet:$got; want$want"
		else
			nok "$nftf in a network namespace" "could not set up two namespaces and load it"
		fi
		ns_del $nsg $nsp
	else
		nok "nft -c -f $nftf" "$(echo "$err" | head -n 3 | tr '\n' ' ')"
	fi
fi

# Boot-time configuration (lowpan-mesh.conf(5)): the example file, which
# the installed iotctl accepts, and the template unit, which
# systemd-analyze verifies (its programs taken from DESTDIR).
ex=/etc/lowpan-mesh/mesh0.conf.example
if has "example $ex" "$ex"; then
	if err=$("$D$PREFIX/sbin/iotctl" config check "$D$ex" 2>&1); then
		ok "iotctl config check $ex"
	else
		nok "iotctl config check $ex" "$(echo "$err" | head -n 2 | tr '\n' ' ')"
	fi
fi
has "man page lowpan-mesh.conf.5" "$PREFIX/share/man/man5/lowpan-mesh.conf.5"
unit=$D$PREFIX/lib/systemd/system/lowpan-mesh@.service
if has "unit lowpan-mesh@.service" "$PREFIX/lib/systemd/system/lowpan-mesh@.service"; then
	grep -q '^ExecStartPre=.*modprobe .*lowpan_mesh' "$unit" &&
		grep -q "^ExecStart=$PREFIX/sbin/iotctl config apply /etc/lowpan-mesh/%i.conf" "$unit" &&
		ok "lowpan-mesh@.service loads the module and applies /etc/lowpan-mesh/%i.conf" ||
		nok "lowpan-mesh@.service loads the module and applies /etc/lowpan-mesh/%i.conf"
	if ! command -v systemd-analyze >/dev/null; then
		ok "systemd-analyze verify lowpan-mesh@mesh0.service # SKIP no systemd-analyze"
	else
		vd=$(mktemp -d /tmp/check-install-unit.XXXXXX)
		sed "s|$PREFIX/sbin/|$D$PREFIX/sbin/|g" "$unit" >"$vd/lowpan-mesh@.service"
		if err=$(cd "$vd" && systemd-analyze verify --man=no ./lowpan-mesh@mesh0.service 2>&1) &&
			[ -z "$err" ]; then
			ok "systemd-analyze verify lowpan-mesh@mesh0.service"
		else
			nok "systemd-analyze verify lowpan-mesh@mesh0.service" "$(echo "$err" | head -n 3 | tr '\n' ' ')"
		fi
		rm -rf "$vd"
	fi
fi

# Nothing elsewhere.
stray=$(cd "$D" && find . -type f | sed 's|^\.||' |
	grep -v -e "^$PREFIX/" -e '^/lib/modules/' -e '^/boot/firmware/overlays/' \
		-e '^/etc/' -e '^/lib/systemd/system/' -e '^/usr/lib/systemd/system/')
[ -z "$stray" ] && ok "no files outside the expected places" ||
	nok "no files outside the expected places" "$(echo "$stray" | tr '\n' ' ')"

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
