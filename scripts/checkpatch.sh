#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh - kernel coding style of the module's sources
#
#   scripts/checkpatch.sh [FILE...]     default: kernel/**/*.[ch]
#
# Runs the kernel's own scripts/checkpatch.pl, taken (once, cached in
# ${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}/checkpatch) from Debian's
# linux-source tarball, with --no-tree on every file. Ends with a line
# "checkpatch: N passed, N failed" (a file with an ERROR or a WARNING fails).
# kernel/compat/ may compare LINUX_VERSION_CODE (it exists for that).
set -u
cd "$(dirname "$0")/.."
CACHE=${LOWPAN_MESH_CACHE:-/var/cache/lowpan-mesh}/checkpatch
die() { echo "checkpatch: $*" >&2; exit 1; }

if [ ! -x "$CACHE/scripts/checkpatch.pl" ]; then
	tarball=$(ls -1 /usr/src/linux-source-*.tar.* 2>/dev/null | sort -V | tail -n1)
	[ -n "$tarball" ] || die "no /usr/src/linux-source-*.tar.* (apt-get install linux-source)"
	top=$(basename "$tarball" | sed 's/\.tar\..*$//')
	mkdir -p "$CACHE"
	echo "checkpatch: extracting checkpatch.pl from $tarball (once)"
	tar -C "$CACHE" --strip-components=1 -xf "$tarball" \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" || die "cannot extract from $tarball"
fi

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(find kernel -name '*.[ch]' ! -name '*.mod.c' | sort)
fi
pass=0 fail=0
for f in "${files[@]}"; do
	# kernel/compat/ is where an out-of-tree module tests kernel
	# versions: that is its whole point.
	ign=FILE_PATH_CHANGES
	case $f in
	kernel/compat/*) ign=$ign,LINUX_VERSION_CODE,CONSTANT_COMPARISON ;;
	esac
	out=$("$CACHE/scripts/checkpatch.pl" --no-tree --terse --show-types \
		--ignore "$ign" -f "$f" 2>&1)
	if echo "$out" | grep -qE ': (ERROR|WARNING):'; then
		echo "$out" | grep -E ': (ERROR|WARNING|CHECK):'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "checkpatch: $pass passed, $fail failed"
[ "$fail" = 0 ]
