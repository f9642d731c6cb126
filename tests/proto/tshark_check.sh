#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Cross-check the codecs against an independent decoder: tshark_gen builds
# frames with lm_*_build into a pcap file, tshark decodes them, and every
# field tshark prints must equal what was built, with no malformed packet
# and no expert warning or error. One "ok - ..." line per frame.
#
# usage: tshark_check.sh TSHARK_GEN WORKDIR
set -u

# Wireshark 4.4 would try its RF4CE heuristic on these frames before
# 6LoWPAN's: see scripts/wireshark/heuristic_protos.
WIRESHARK_CONFIG_DIR=$(cd "$(dirname "$0")/../../scripts/wireshark" && pwd)
export WIRESHARK_CONFIG_DIR

gen=$1
dir=$2

if ! command -v tshark >/dev/null 2>&1; then
	echo "ok - tshark cross-check # SKIP tshark not installed"
	exit 0
fi

mkdir -p "$dir" || exit 1
pcap=$dir/frames.pcap
exp=$dir/frames.expected
got=$dir/frames.tshark

if ! "$gen" "$pcap" "$exp"; then
	echo "not ok - tshark cross-check: tshark_gen failed"
	exit 1
fi

fields=$(head -n 1 "$exp")
set --
for f in $fields; do
	set -- "$@" -e "$f"
done

if ! tshark -n -r "$pcap" -T fields -E separator='|' -E occurrence=a \
	"$@" -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message \
	>"$got" 2>"$dir/tshark.stderr"; then
	echo "not ok - tshark cross-check: tshark failed"
	sed 's/^/# /' "$dir/tshark.stderr"
	exit 1
fi

nexp=$(($(wc -l <"$exp") - 1))
ngot=$(wc -l <"$got")
if [ "$nexp" -ne "$ngot" ]; then
	echo "not ok - tshark cross-check: $ngot frames decoded, $nexp built"
	exit 1
fi

nf=$(echo $fields | wc -w)
i=0
tail -n +2 "$exp" | while IFS= read -r line; do
	i=$((i + 1))
	name=${line##*|}
	want=${line%|*}
	row=$(sed -n "${i}p" "$got")
	have=$(echo "$row" | cut -d'|' -f1-"$nf")
	malformed=$(echo "$row" | cut -d'|' -f$((nf + 1)))
	severity=$(echo "$row" | cut -d'|' -f$((nf + 2)))
	message=$(echo "$row" | cut -d'|' -f$((nf + 3)))
	bad=
	if [ "$have" != "$want" ]; then
		echo "# frame $i: tshark decoded: $have"
		echo "# frame $i: built:          $want"
		bad=1
	fi
	if [ -n "$malformed" ]; then
		echo "# frame $i: malformed: $malformed"
		bad=1
	fi
	# expert severities: 0x00600000 warning, 0x00800000 error
	for s in $(echo "$severity" | tr ',' ' '); do
		if [ "$s" -ge 6291456 ]; then
			echo "# frame $i: expert info $s: $message"
			bad=1
		fi
	done
	if [ -n "$bad" ]; then
		echo "not ok - tshark frame $i: $name"
	else
		echo "ok - tshark frame $i: $name"
	fi
done
