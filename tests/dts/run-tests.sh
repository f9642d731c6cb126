#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Proof that the lowpan-mesh device-tree overlays do what they claim, on real
# Raspberry Pi base trees:
#   - the mainline Pi 2 B / 3 B / 3 B+ / 4 B / Zero W trees from Debian's
#     linux-source-6.1
#     (and any other linux-source-*.tar.xz found, e.g. 6.12), built here with
#     dtc -@ (Debian's packaged DTBs have no __symbols__);
#   - tests/dts/rpi-firmware-style-base.dts, a small hand-written tree with
#     the Raspberry Pi firmware's labels and layout (the firmware's own trees
#     are not packaged in Debian).
# Each overlay is applied with fdtoverlay and the merged tree is read back
# with fdtget and dtc. The Raspberry Pi firmware's overlay parameters
# (__overrides__) are not understood by fdtoverlay, so apply_param below
# does what the firmware does for the forms the overlays use
# ("prop:N" 32-bit cell, "prop.N" byte, "prop?" boolean) with fdtget/fdtput
# on a copy of the overlay, and the result is applied and checked the same way.
#
# Usage (as "make -C dts-overlays test" does, from dts-overlays/):
#   bash ../tests/dts/run-tests.sh at86rf233.dtbo cc2520.dtbo
# (the overlay sources are looked for next to the .dtbo files)
# Environment:
#   LINUX_SOURCE_TARBALLS kernel source tarballs to take base trees from;
#                         default: every /usr/src/linux-source-*.tar.xz and
#                         $CACHE/linux-source-tarballs/*.tar.xz (put there by
#                         fetch-linux-source.sh, e.g. Debian 13's 6.12)
#   LOWPAN_MESH_CACHE     where the needed part of it is extracted; default
#                         /var/cache/lowpan-mesh if writable, else
#                         ${XDG_CACHE_HOME:-$HOME/.cache}/lowpan-mesh
#   DTC                   dtc binary (default dtc)
#   VERBOSE=1             print the merged SPI0 node of every combination
# Output: one "ok N - ..." / "not ok N - ..." line per check, then a plan
# and the last line "N passed, N failed". Exit 0 when nothing failed, 1 on
# a failure, 4 (kselftest skip) when no linux-source tarball is installed.

set -u
export LC_ALL=C

KSFT_SKIP=4
HERE=$(cd "$(dirname "$0")" && pwd)
DTC=${DTC:-dtc}
VERBOSE=${VERBOSE:-0}

# --- results ----------------------------------------------------------------
. "$HERE/../lib/tap.sh"
# nok NAME [LINE...]: a failure and what it shows, one line each
nok() { local name=$1; shift; tap_not_ok "$name" "$(printf '%s\n' "$@")"; }
# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then tap_ok "$1"
	else nok "$1" "expected: '$2'" "got:      '$3'"; fi
}
finish() {
	tap_done
	exit $?
}

# --- prerequisites ----------------------------------------------------------
if [ -n "${LOWPAN_MESH_CACHE:-}" ]; then
	CACHE=$LOWPAN_MESH_CACHE
elif mkdir -p /var/cache/lowpan-mesh 2>/dev/null && [ -w /var/cache/lowpan-mesh ]; then
	CACHE=/var/cache/lowpan-mesh
else
	CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/lowpan-mesh
fi
mkdir -p "$CACHE" || exit 1

# Debian's kernel source tarballs to take base trees from: linux-source-6.1
# (bookworm) is the one required; any other /usr/src/linux-source-*.tar.xz
# and those fetch-linux-source.sh put in $CACHE/linux-source-tarballs (e.g.
# trixie's 6.12, the series Raspberry Pi OS runs) are used as well.
if [ -n "${LINUX_SOURCE_TARBALLS:-}" ]; then
	TARBALLS=$LINUX_SOURCE_TARBALLS
else
	TARBALLS=$(ls /usr/src/linux-source-*.tar.xz \
		"$CACHE"/linux-source-tarballs/linux-source-*.tar.xz 2>/dev/null)
fi
found='' seen=''
for tb in $TARBALLS; do	# first of each version wins
	[ -f "$tb" ] || continue
	case " $seen " in *" $(basename "$tb") "*) continue ;; esac
	seen="$seen $(basename "$tb")" found="$found $tb"
done
TARBALLS=${found# }
if [ -z "$TARBALLS" ]; then
	echo "# SKIP: no /usr/src/linux-source-*.tar.xz: linux-source-6.1 is not"
	echo "#       installed (apt-get install linux-source-6.1); the overlays need"
	echo "#       the kernel's Raspberry Pi DTS files to be tested against."
	exit $KSFT_SKIP
fi
missing=
for t in "$DTC" fdtoverlay fdtget fdtput cpp tar xz flock; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "# missing tools:$missing (see scripts/deps.d/dts.list)" >&2
	exit 1
fi
if [ $# -eq 0 ]; then
	echo "usage: $0 OVERLAY.dtbo..." >&2
	exit 1
fi
OVERLAYS=("$@")


T=$(mktemp -d "${TMPDIR:-/tmp}/lowpan-dts-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# --- extract the part of a kernel source tarball that is needed, once -------
# extract TARBALL DIR: re-extracted only when the tarball changes; serialised
# with a lock so that two runs on one machine do not trip over each other.
# "*bcm2*" matches both arch/arm/boot/dts/bcm2* (6.1) and
# arch/arm/boot/dts/broadcom/bcm2* (6.5 and later).
extract() {
	local tb=$1 dir=$2 stamp
	stamp="dts-extract-v2 $(stat -c '%n %s %Y' "$tb")"
	(
		flock 9
		[ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ] && exit 0
		echo "# extracting Raspberry Pi DTS files from $tb into $dir"
		tmp=$(mktemp -d "$CACHE/.extract.XXXXXX") || exit 1
		top=$(basename "$tb" .tar.xz)	# Debian: linux-source-X.Y/...
		if ! tar -xJf "$tb" -C "$tmp" --strip-components=1 --wildcards \
			"$top/arch/arm/boot/dts/*bcm2*" \
			"$top/arch/arm64/boot/dts/broadcom/bcm2*" \
			"$top/include/dt-bindings/*" \
			"$top/scripts/dtc/include-prefixes/*" \
			"$top/Documentation/devicetree/bindings/net/ieee802154/*"
		then
			rm -rf "$tmp"; exit 1
		fi
		echo "$stamp" > "$tmp/.stamp"
		rm -rf "$dir" && mv "$tmp" "$dir"
	) 9>"$CACHE/.dts-extract.lock"
}

# --- build the base trees ---------------------------------------------------
# The kernel's default DTC_FLAGS (6.1 scripts/Makefile.lib, W=0), used for the
# base trees and to compare warnings before and after an overlay; plus the
# check that no two *enabled* nodes share a unit address (two devices on CE0).
KDTCFLAGS="-Wno-interrupt_provider -Wno-unit_address_vs_reg
 -Wno-avoid_unnecessary_addr_size -Wno-alias_paths -Wno-graph_child_address
 -Wno-simple_bus_reg -Wno-unique_unit_address -Wunique_unit_address_if_enabled"

# build_base NAME SOURCE.dts SRCDIR: as the kernel's cmd_dtc, cpp with the
# include-prefixes then dtc -@; SRCDIR empty for a tree without includes.
built_bases=
build_base() {
	local name=$1 src=$2 srcdir=$3 inc='' shown=''
	[ -n "$srcdir" ] && inc=$srcdir/scripts/dtc/include-prefixes
	if [ -n "$srcdir" ]; then shown=${src#$srcdir/}; else shown=$(basename "$src"); fi
	if cpp -nostdinc ${inc:+-I "$inc"} -undef -D__DTS__ \
		-x assembler-with-cpp -o "$T/$name.pp.dts" "$src" \
		2>"$T/$name.cpp.log" &&
	   $DTC -@ -I dts -O dtb $KDTCFLAGS -i "$(dirname "$src")" \
		${inc:+-i "$inc"} -o "$T/$name.dtb" "$T/$name.pp.dts" \
		2>"$T/$name.dtc.log" &&
	   [ -n "$(fdtget -p "$T/$name.dtb" /__symbols__ 2>/dev/null)" ]; then
		if [ -s "$T/$name.dtc.log" ]; then
			tap_ok "base $name: $shown builds with dtc -@ (__symbols__; $(wc -l <"$T/$name.dtc.log") warnings of its own)"
		else
			tap_ok "base $name: $shown builds with dtc -@ (__symbols__, no warnings)"
		fi
		built_bases="$built_bases $name"
	else
		nok "base $name: $(basename "$src") builds with dtc -@" \
			"$(cat "$T/$name.cpp.log" "$T/$name.dtc.log" 2>/dev/null | head -5)"
	fi
}

# Mainline Raspberry Pi 3 B, 3 B+ and 4 B through the arm64 wrappers (which
# include the arm/ sources, so the include-prefixes are exercised too), and
# the 32-bit Pi 2 B and Zero W trees (arm/, or arm/broadcom/ from 6.5 on).
BOARDS="rpi3b:arm64/boot/dts/broadcom/bcm2837-rpi-3-b.dts
rpi3bplus:arm64/boot/dts/broadcom/bcm2837-rpi-3-b-plus.dts
rpi4b:arm64/boot/dts/broadcom/bcm2711-rpi-4-b.dts
rpi2b:arm/boot/dts/bcm2836-rpi-2-b.dts|arm/boot/dts/broadcom/bcm2836-rpi-2-b.dts
rpizerow:arm/boot/dts/bcm2835-rpi-zero-w.dts|arm/boot/dts/broadcom/bcm2835-rpi-zero-w.dts"
SRCDIRS=
for tb in $TARBALLS; do
	ver=$(basename "$tb" .tar.xz); ver=${ver#linux-source-}
	dir=$CACHE/dts-linux-source-$ver
	if ! extract "$tb" "$dir"; then
		nok "extract the Raspberry Pi DTS files of $tb"; continue
	fi
	SRCDIRS="$SRCDIRS $dir"
	for bd in $BOARDS; do
		f=
		IFS='|' read -ra cands <<<"${bd#*:}"
		for c in "${cands[@]}"; do
			[ -f "$dir/arch/$c" ] && { f=$dir/arch/$c; break; }
		done
		build_base "${bd%%:*}-$ver" "${f:-$dir/arch/${cands[0]}}" "$dir"
	done
done
# The hand-written tree with the Raspberry Pi firmware's labels.
build_base fwstyle "$HERE/rpi-firmware-style-base.dts" ""

# The label situation the overlays have to cope with, as found in the trees.
sym() { fdtget "$1" /__symbols__ "$2" 2>/dev/null; }
for b in $built_bases; do
	d=$T/$b.dtb
	spi=$(sym "$d" spi) spi0=$(sym "$d" spi0) sd0=$(sym "$d" spidev0)
	echo "# $b labels: spi=${spi:--} spi0=${spi0:--} spidev0=${sd0:--} gpio=$(sym "$d" gpio)"
done

SPI=/soc/spi@7e204000
GPIO=/soc/gpio@7e200000

# --- generic helpers on a DTB -----------------------------------------------
get()  { fdtget "$@" 2>/dev/null; }
# the path of the node whose phandle is $2 (decimal), from a map built once
# per DTB by decompiling it (one dtc run instead of an fdtget per node)
phandle_map() {
	local dtb=$1
	[ -f "$dtb.phandles" ] && return 0
	$DTC -q -I dtb -O dts "$dtb" | awk '
		function hex(x,  i, v) { v = 0; x = tolower(x); sub(/^0x/, "", x)
			for (i = 1; i <= length(x); i++)
				v = v * 16 + index("0123456789abcdef", substr(x, i, 1)) - 1
			return v }
		/^[ \t]*[^ \t]+ \{$/ {
			d++; path[d] = (d == 1) ? "" : path[d - 1] "/" $1; next }
		/^[ \t]*\};$/ { d--; next }
		/^[ \t]*phandle = </ { v = $3; gsub(/[<>;]/, "", v)
			printf "%d %s\n", hex(v), (path[d] == "" ? "/" : path[d]) }
	' > "$dtb.phandles"
}
pin_node_by_phandle() {
	local dtb=$1 ph=$2
	phandle_map "$dtb"
	awk -v ph="$ph" '$1 == ph { print $2; found = 1; exit } END { exit !found }' \
		"$dtb.phandles"
}
# "pins=..;function=..;pull=.." of each node a pinctrl-0 list points at
pinctrl_desc() {
	local dtb=$1 node=$2 ph p out=
	for ph in $(get "$dtb" "$node" pinctrl-0); do
		p=$(pin_node_by_phandle "$dtb" "$ph") || { echo "dangling:$ph"; return; }
		case $p in $GPIO/*) ;; *) echo "not-under-gpio:$p"; return ;; esac
		out="${out}[pins=$(get "$dtb" "$p" brcm,pins);function=$(get "$dtb" "$p" brcm,function)"
		out="$out;pull=$(get "$dtb" "$p" brcm,pull)]"
	done
	echo "$out"
}
# children of $SPI with reg 0 that are not disabled
ce0_claimants() {
	local dtb=$1 c st out=
	for c in $(get -l "$dtb" $SPI); do
		[ "$(get "$dtb" "$SPI/$c" reg)" = "0" ] || continue
		st=$(get "$dtb" "$SPI/$c" status)
		case $st in disabled|fail*) continue ;; esac
		out="$out $c"
	done
	echo "${out# }"
}
dtc_warnings() {	# normalised warning lines of a DTB, kernel flags; cached
	[ -f "$1.warnings" ] ||
		$DTC -I dtb -O dts $KDTCFLAGS -o /dev/null "$1" 2>&1 |
		sed 's/^[^:]*: Warning/Warning/' | sort -u > "$1.warnings"
	cat "$1.warnings"
}

# --- the Raspberry Pi firmware's overlay parameters, for fdtoverlay ---------
# apply_param DTBO NAME VALUE: patch the copy DTBO as the firmware would for
# "dtoverlay=...,NAME=VALUE". Handles the forms used here: "prop:N" (32-bit
# cell at byte offset N), "prop.N" (byte), "prop?" (boolean), "prop" (string).
apply_param() {
	local dtbo=$1 name=$2 value=$3 hex b i=0 ph str path spec prop off cells
	read -ra hex <<<"$(fdtget -t bx "$dtbo" /__overrides__ "$name" 2>/dev/null)"
	[ ${#hex[@]} -gt 0 ] || { echo "no parameter $name" >&2; return 1; }
	while [ $i -lt ${#hex[@]} ]; do
		ph=$(( (0x${hex[i]} << 24) | (0x${hex[i+1]} << 16) |
		       (0x${hex[i+2]} << 8) | 0x${hex[i+3]} ))
		i=$((i + 4)) str=
		while [ $i -lt ${#hex[@]} ] && [ "${hex[i]}" != 0 ]; do
			str="$str$(printf "\\x${hex[i]}")"; i=$((i + 1))
		done
		i=$((i + 1))
		path=
		for s in $(fdtget -p "$dtbo" /__symbols__); do
			b=$(fdtget "$dtbo" /__symbols__ "$s")
			if [ "$(get "$dtbo" "$b" phandle)" = "$ph" ]; then path=$b; break; fi
		done
		[ -n "$path" ] || { echo "$name: phandle $ph is no labelled node" >&2; return 1; }
		case $str in
		*\?)	prop=${str%\?}
			case $value in
			y|yes|on|true|1|"") fdtput "$dtbo" "$path" "$prop" ;;
			*) fdtput -d "$dtbo" "$path" "$prop" 2>/dev/null; true ;;
			esac || return 1 ;;
		*:*)	prop=${str%%:*} off=${str#*:}
			[ $((off % 4)) -eq 0 ] || return 1
			read -ra cells <<<"$(fdtget -t u "$dtbo" "$path" "$prop")"
			[ $((off / 4)) -lt ${#cells[@]} ] || return 1
			cells[off / 4]=$((value))
			fdtput -t u "$dtbo" "$path" "$prop" "${cells[@]}" || return 1 ;;
		*.*)	prop=${str%%.*} off=${str#*.}
			read -ra cells <<<"$(fdtget -t bu "$dtbo" "$path" "$prop")"
			[ "$off" -lt ${#cells[@]} ] || return 1
			cells[off]=$((value))
			fdtput -t bu "$dtbo" "$path" "$prop" "${cells[@]}" || return 1 ;;
		*)	fdtput -t s "$dtbo" "$path" "$str" "$value" || return 1 ;;
		esac
	done
}
# the override targets of parameter NAME, as "path:spec" words
param_targets() {
	local dtbo=$1 name=$2 hex i=0 ph str s b out=
	read -ra hex <<<"$(fdtget -t bx "$dtbo" /__overrides__ "$name" 2>/dev/null)"
	while [ $i -lt ${#hex[@]} ]; do
		ph=$(( (0x${hex[i]} << 24) | (0x${hex[i+1]} << 16) |
		       (0x${hex[i+2]} << 8) | 0x${hex[i+3]} ))
		i=$((i + 4)) str=
		while [ $i -lt ${#hex[@]} ] && [ "${hex[i]}" != 0 ]; do
			str="$str$(printf "\\x${hex[i]}")"; i=$((i + 1))
		done
		i=$((i + 1)) b="?phandle$ph"
		for s in $(fdtget -p "$dtbo" /__symbols__); do
			if [ "$(get "$dtbo" "$(fdtget "$dtbo" /__symbols__ "$s")" phandle)" = "$ph" ]; then
				b=$s; break
			fi
		done
		out="$out $b:$str"
	done
	echo "${out# }"
}

# --- per-overlay expectations -----------------------------------------------
# Sets: RADIO (node name), COMPAT, SPEED, PINS (radio pin group), PARAMS,
# and the functions radio_checks DTB G and param_case NAME (value + checks).
setup_at86rf233() {
	RADIO=at86rf233@0 COMPAT=atmel,at86rf233 SPEED=7500000
	PINS="23 24 25"
	PARAMS="interrupt reset sleep speed trim"
}
radio_checks_at86rf233() {	# DTB GPIO-PHANDLE LABEL
	local d=$1 g=$2 l=$3 r=$SPI/$RADIO
	check "$l: interrupt-parent is the gpio controller" "$g" "$(get "$d" $r interrupt-parent)"
	check "$l: interrupts = <23 IRQ_TYPE_LEVEL_HIGH>" "23 4" "$(get "$d" $r interrupts)"
	check "$l: reset-gpio = <&gpio 24 GPIO_ACTIVE_LOW>" "$g 24 1" "$(get "$d" $r reset-gpio)"
	check "$l: sleep-gpio = <&gpio 25 GPIO_ACTIVE_HIGH>" "$g 25 0" "$(get "$d" $r sleep-gpio)"
	check "$l: xtal-trim is one byte, 0" "0" "$(get -t bu "$d" $r xtal-trim)"
}
# param_case NAME -> "VALUE|node-rel-path prop expected|..." ("PINS" = radio pin group)
param_case_at86rf233() {
	case $1 in
	interrupt) echo "17|RADIO interrupts 17 4|PINS brcm,pins 17 24 25" ;;
	reset)     echo "5|RADIO reset-gpio G 5 1|PINS brcm,pins 23 5 25" ;;
	sleep)     echo "6|RADIO sleep-gpio G 6 0|PINS brcm,pins 23 24 6" ;;
	speed)     echo "1000000|RADIO spi-max-frequency 1000000" ;;
	trim)      echo "15|RADIO xtal-trim#bu 15" ;;
	esac
}

setup_cc2520() {
	RADIO=cc2520@0 COMPAT=ti,cc2520 SPEED=4000000
	PINS="25 24 23 22 27 17"
	PARAMS="fifo fifop sfd cca vreg reset speed amplified"
}
radio_checks_cc2520() {
	local d=$1 g=$2 l=$3 r=$SPI/$RADIO got=
	for p in fifo:25 fifop:24 sfd:23 cca:22 vreg:27 reset:17; do
		got="$got ${p%%:*}=$(get "$d" $r ${p%%:*}-gpio)"
	done
	check "$l: fifo/fifop/sfd/cca/vreg/reset-gpio point at the gpio controller, default pins" \
		" fifo=$g 25 0 fifop=$g 24 0 sfd=$g 23 0 cca=$g 22 0 vreg=$g 27 0 reset=$g 17 0" "$got"
	check "$l: not amplified by default" "absent" \
		"$(get "$d" $r amplified >/dev/null && echo present || echo absent)"
	check "$l: no interrupts property (driver uses FIFOP/SFD GPIO irqs)" "absent" \
		"$(get "$d" $r interrupts >/dev/null && echo present || echo absent)"
}
param_case_cc2520() {
	case $1 in
	fifo)  echo "5|RADIO fifo-gpio G 5 0|PINS brcm,pins 5 24 23 22 27 17" ;;
	fifop) echo "6|RADIO fifop-gpio G 6 0|PINS brcm,pins 25 6 23 22 27 17" ;;
	sfd)   echo "12|RADIO sfd-gpio G 12 0|PINS brcm,pins 25 24 12 22 27 17" ;;
	cca)   echo "13|RADIO cca-gpio G 13 0|PINS brcm,pins 25 24 23 13 27 17" ;;
	vreg)  echo "16|RADIO vreg-gpio G 16 0|PINS brcm,pins 25 24 23 22 16 17" ;;
	reset) echo "26|RADIO reset-gpio G 26 0|PINS brcm,pins 25 24 23 22 27 26" ;;
	speed) echo "2000000|RADIO spi-max-frequency 2000000" ;;
	amplified) echo "on|RADIO amplified#present yes" ;;
	esac
}

# --- checks on the overlay blobs themselves ---------------------------------
for dtbo in "${OVERLAYS[@]}"; do
	o=$(basename "$dtbo" .dtbo)
	srcf=$(dirname "$dtbo")/$o-overlay.dts	# NAME.dtbo <- NAME-overlay.dts
	if [ -f "$srcf" ]; then
		w=$($DTC -@ -I dts -O dtb -o "$T/$o.rebuild.dtbo" "$srcf" 2>&1)
		check "$o: $o-overlay.dts compiles with dtc -@ and no warnings" "" "$w"
	fi
	check "$o: the only base-tree label it references is 'gpio' (__fixups__)" "gpio" \
		"$(get -p "$dtbo" /__fixups__ | tr '\n' ' ' | sed 's/ $//')"
	tp=$(for f in $(get -l "$dtbo" /); do
		case $f in fragment@*) get "$dtbo" "/$f" target-path ;; esac; done | sort -u)
	check "$o: SPI0 fragments use target-path $SPI" "$SPI" "$tp"
done

# The reason for target-path: a fragment whose target label is missing makes
# fdtoverlay (libfdt) reject the whole overlay.
cat > "$T/label-probe.dts" <<'EOF'
/dts-v1/;
/plugin/;
/ { fragment@0 { target = <&spidev0>; __overlay__ { status = "disabled"; }; }; };
EOF
if $DTC -@ -I dts -O dtb -o "$T/label-probe.dtbo" "$T/label-probe.dts" 2>/dev/null; then
	for b in $built_bases; do
		if [ -n "$(sym "$T/$b.dtb" spidev0)" ]; then want=applies; else want=fails; fi
		if fdtoverlay -i "$T/$b.dtb" -o "$T/probe-$b.dtb" "$T/label-probe.dtbo" 2>/dev/null
		then got=applies; else got=fails; fi
		if [ $want = applies ]; then why="label present"; else why="label missing"; fi
		check "fdtoverlay: a fragment 'target = <&spidev0>' $want on $b ($why)" \
			"$want" "$got"
	done
fi

# --- apply every overlay to every base tree ---------------------------------
for dtbo in "${OVERLAYS[@]}"; do
	o=$(basename "$dtbo" .dtbo)
	"setup_$o"
	for b in $built_bases; do
		base=$T/$b.dtb m=$T/$b+$o.dtb l="$o on $b"
		if ! fdtoverlay -i "$base" -o "$m" "$dtbo" 2>"$T/fdtoverlay.log"; then
			nok "$l: fdtoverlay applies" "$(cat "$T/fdtoverlay.log")"
			continue
		fi
		tap_ok "$l: fdtoverlay applies"
		[ "$VERBOSE" = 1 ] && $DTC -q -I dtb -O dts "$m" |
			sed -n '/spi@7e204000 {/,/^\t\t};/p' | sed 's/^/#   /'

		new=$(comm -13 <(dtc_warnings "$base") <(dtc_warnings "$m"))
		check "$l: merged tree has no dtc warnings the base lacks (kernel flags + unique_unit_address_if_enabled)" "" "$new"

		g=$(get "$m" $GPIO phandle)
		check "$l: radio node $SPI/$RADIO, compatible $COMPAT" "$COMPAT" \
			"$(get "$m" $SPI/$RADIO compatible)"
		check "$l: reg = <0> (CE0)" "0" "$(get "$m" $SPI/$RADIO reg)"
		check "$l: spi-max-frequency = $SPEED" "$SPEED" \
			"$(get "$m" $SPI/$RADIO spi-max-frequency)"
		"radio_checks_$o" "$m" "$g" "$l"
		fn=$(printf '0 %.0s' $PINS | sed 's/ $//')
		check "$l: radio pinctrl-0 is a pin group under the gpio node" \
			"[pins=$PINS;function=$(case $o in at86rf233) echo "0 1 1";;
				cc2520) echo "0 0 0 0 1 1";; esac);pull=$(case $o in
				at86rf233) echo "1 0 0";; cc2520) echo "$fn";; esac)]" \
			"$(pinctrl_desc "$m" $SPI/$RADIO)"
		check "$l: SPI0 controller status okay" "okay" "$(get "$m" $SPI status)"
		check "$l: SPI0 pins: MISO/MOSI/SCLK alt0, CE0/CE1 outputs" \
			"[pins=9 10 11;function=4;pull=][pins=8 7;function=1;pull=]" \
			"$(pinctrl_desc "$m" $SPI)"
		check "$l: SPI0 cs-gpios = GPIO8, GPIO7 active low" "$g 8 1 $g 7 1" \
			"$(get "$m" $SPI cs-gpios)"
		check "$l: nothing but the radio claims CE0" "$RADIO" "$(ce0_claimants "$m")"
		if get "$base" $SPI/spidev@0 compatible >/dev/null; then
			check "$l: the base tree's spidev@0 is disabled" "disabled" \
				"$(get "$m" $SPI/spidev@0 status)"
		fi
		if get "$base" $SPI/spidev@1 compatible >/dev/null; then
			check "$l: spidev@1 (CE1) left as it was" \
				"$(get "$base" $SPI/spidev@1 status)|$(get "$base" $SPI/spidev@1 reg)" \
				"$(get "$m" $SPI/spidev@1 status)|$(get "$m" $SPI/spidev@1 reg)"
		fi

		# overlay parameters, one at a time; they do not depend on the
		# board, so only on the Pi 4 tree of each kernel and the
		# firmware-style tree (keeps the run short)
		case $b in rpi4b-*|fwstyle) ;; *) continue ;; esac
		for p in $PARAMS; do
			spec=$("param_case_$o" "$p")
			val=${spec%%|*}
			cp "$dtbo" "$T/param.dtbo"
			if ! apply_param "$T/param.dtbo" "$p" "$val" 2>"$T/param.log"; then
				nok "$l: parameter $p=$val" "$(cat "$T/param.log")"; continue
			fi
			rm -f "$T/param.dtb.phandles"
			if ! fdtoverlay -i "$base" -o "$T/param.dtb" "$T/param.dtbo" 2>"$T/param.log"; then
				nok "$l: parameter $p=$val applies" "$(cat "$T/param.log")"; continue
			fi
			rp=$(pin_node_by_phandle "$T/param.dtb" "$(get "$T/param.dtb" $SPI/$RADIO pinctrl-0)")
			want='' got=''
			IFS='|' read -ra asserts <<<"${spec#*|}"
			for a in "${asserts[@]}"; do
				read -r node prop e <<<"$a"
				case $node in RADIO) node=$SPI/$RADIO ;; PINS) node=$rp ;; esac
				e=${e//G/$(get "$T/param.dtb" $GPIO phandle)}
				case $prop in
				*#bu)      v=$(get -t bu "$T/param.dtb" "$node" "${prop%#bu}") ;;
				*#present) v=$(get "$T/param.dtb" "$node" "${prop%#present}" >/dev/null && echo yes || echo no) ;;
				*)         v=$(get "$T/param.dtb" "$node" "$prop") ;;
				esac
				want="$want ${prop%#*}=[$e]" got="$got ${prop%#*}=[$v]"
			done
			check "$l: parameter $p=$val moves$want" "$want" "$got"
		done
	done
done

# amplified is a boolean: "off" must leave it out
if printf '%s\n' "${OVERLAYS[@]}" | grep -q 'cc2520\.dtbo$'; then
	for dtbo in "${OVERLAYS[@]}"; do case $dtbo in *cc2520.dtbo) break ;; esac; done
	cp "$dtbo" "$T/param.dtbo"
	b=${built_bases##* }
	rm -f "$T/param.dtb.phandles"
	if apply_param "$T/param.dtbo" amplified off &&
	   fdtoverlay -i "$T/$b.dtb" -o "$T/param.dtb" "$T/param.dtbo"; then
		check "cc2520 on $b: parameter amplified=off leaves the property out" "no" \
			"$(get "$T/param.dtb" $SPI/cc2520@0 amplified >/dev/null && echo yes || echo no)"
	else
		nok "cc2520 on $b: parameter amplified=off"
	fi
fi

# every documented parameter exists and points into the overlay
for dtbo in "${OVERLAYS[@]}"; do
	o=$(basename "$dtbo" .dtbo)
	"setup_$o"
	check "$o: __overrides__ holds exactly: $PARAMS" \
		"$(echo $PARAMS | tr ' ' '\n' | sort | tr '\n' ' ')" \
		"$(get -p "$dtbo" /__overrides__ | sort | tr '\n' ' ')"
	bad=
	for p in $PARAMS; do
		for tgt in $(param_targets "$dtbo" "$p"); do
			case $tgt in \?phandle*) bad="$bad $p->$tgt" ;; esac
		done
	done
	check "$o: every __overrides__ target is a labelled node of the overlay" "" "$bad"
done

# --- dt-schema ----------------------------------------------------------------
yaml=
for dir in $SRCDIRS; do
	ls "$dir"/Documentation/devicetree/bindings/net/ieee802154/*.yaml >/dev/null 2>&1 &&
		yaml="$yaml $dir"
done
if [ -z "$yaml" ]; then
	tap_skip "dt-schema validation of the radio nodes" \
		"the kernels' at86rf230 and cc2520 bindings are .txt prose, no YAML schema to validate against"
elif ! command -v dt-validate >/dev/null 2>&1; then
	tap_skip "dt-schema validation of the radio nodes" "dt-validate not installed"
else
	tap_skip "dt-schema validation of the radio nodes" "YAML bindings found but validation not wired up yet"
fi

finish
