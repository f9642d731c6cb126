#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every line and every branch of a pure source file is run by its unit
# test: build both with gcov instrumentation (no optimisation, so each
# branch of the source is one in the object), run the test, and require
# 100% of lines executed and of branches taken, as gcov counts them.
#
# usage: cov_check.sh CC SHIM_DIR SOURCE.c TEST.c BUILDDIR [OTHER.c,...]
# (OTHER: sources SOURCE.c needs to link, built but not measured)
set -u

cc=$1
shim=$2
src=$3
test=$4
dir=$5
others=$(echo "${6:-}" | tr ',' ' ')
base=$(basename "$src" .c)
name="$(basename "$test" .c) runs every line and branch of $base.c"

command -v gcov >/dev/null 2>&1 || { echo "ok - $name # SKIP no gcov"; exit 0; }
rm -rf "$dir"
mkdir -p "$dir"
if ! (cd "$dir" && "$cc" -std=gnu11 -O0 --coverage -I"$shim" \
	-I"$(dirname "$src")" -o cov_test "$test" "$src" $others) \
	>"$dir/build.err" 2>&1; then
	sed 's/^/# /' "$dir/build.err"
	echo "not ok - $name"
	exit 0
fi
if ! (cd "$dir" && ./cov_test) >"$dir/test.out" 2>&1; then
	tail -n 20 "$dir/test.out" | sed 's/^/# /'
	echo "not ok - $name (the test failed)"
	exit 0
fi
# gcc names the notes of SOURCE.c after the program: cov_test-SOURCE.gcda
out=$(cd "$dir" && gcov -b -o . "cov_test-$base.gcda" 2>&1 |
	sed -n "/File '.*$base.c'/,/^\$/p")
echo "$out" | sed 's/^/# /'
lines=$(echo "$out" | sed -n 's/^Lines executed:\([0-9.]*\)%.*/\1/p')
taken=$(echo "$out" | sed -n 's/^Taken at least once:\([0-9.]*\)%.*/\1/p')
if [ "$lines" = 100.00 ] && [ "$taken" = 100.00 ]; then
	echo "ok - $name"
else
	echo "not ok - $name (lines ${lines:-?}%, branches taken ${taken:-?}%)"
fi
