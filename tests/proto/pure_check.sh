#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lm_proto.c must stay pure: it builds warning-free with the extra warnings
# of a kernel W=1 build, and the object references no outside symbol (no
# libc, no allocator) and holds no data (no globals, no tables in .data or
# .bss). Checked at -O2, as the kernel builds it, and at -O0.
#
# usage: pure_check.sh CC SHIM_DIR LM_PROTO_C BUILDDIR
set -u

cc=$1
shim=$2
src=$3
dir=$4
obj=$dir/lm_proto_pure.o

for opt in -O2 -O0; do
	name="lm_proto.c is pure and W=1 clean at $opt"
	if ! "$cc" $opt -std=gnu11 -Wall -Wextra -Wshadow -Wmissing-prototypes \
		-Wmissing-declarations -Wstrict-prototypes -Wcast-qual \
		-Wpointer-arith -Wvla -Werror -I"$shim" -c "$src" -o "$obj" \
		2>"$dir/pure.err"; then
		sed 's/^/# /' "$dir/pure.err"
		echo "not ok - $name"
		continue
	fi
	# allowed: local and global text symbols only
	bad=$(nm "$obj" | awk '$NF != "" && !($(NF-1) ~ /^[tT]$/)')
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/# unexpected symbol: /'
		echo "not ok - $name"
	else
		echo "ok - $name"
	fi
done
