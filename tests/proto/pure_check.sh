#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lm_proto.c (and lm_ctrl.c) must stay pure: it builds warning-free with
# the extra warnings of a kernel W=1 build, and the object references no
# outside symbol (no libc, no allocator; ALLOWED lists the exceptions, such
# as memcpy, which the kernel provides too) and holds no data (no globals,
# no tables in .data or .bss). Checked at -O2, as the kernel builds it, and
# at -O0.
#
# usage: pure_check.sh CC SHIM_DIR SOURCE.c BUILDDIR [ALLOWED,SYMBOLS]
set -u

cc=$1
shim=$2
src=$3
dir=$4
allowed=${5:-}
base=$(basename "$src" .c)
obj=$dir/${base}_pure.o

for opt in -O2 -O0; do
	name="$base.c is pure and W=1 clean at $opt"
	if ! "$cc" $opt -std=gnu11 -Wall -Wextra -Wshadow -Wmissing-prototypes \
		-Wmissing-declarations -Wstrict-prototypes -Wcast-qual \
		-Wpointer-arith -Wvla -Werror -I"$shim" -c "$src" -o "$obj" \
		-I"$(dirname "$src")" 2>"$dir/pure.err"; then
		sed 's/^/# /' "$dir/pure.err"
		echo "not ok - $name"
		continue
	fi
	# allowed: local and global text symbols, and the ALLOWED undefined ones
	bad=$(nm "$obj" | awk -v ok=",$allowed," '$NF != "" &&
		!($(NF-1) ~ /^[tT]$/) &&
		!($(NF-1) == "U" && index(ok, "," $NF ","))')
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/# unexpected symbol: /'
		echo "not ok - $name"
	else
		echo "ok - $name"
	fi
done
