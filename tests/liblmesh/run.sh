#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh BUILD_DIR - liblmesh's unit tests (ASan/UBSan) and bounded
# libFuzzer runs; TAP (tests/lib/tap.sh), then "N passed, N failed".
# FUZZ_SECONDS (default 15) bounds each fuzzer.
set -u
B=$(cd "${1:-build}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
T=$(mktemp -d /tmp/liblmesh-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
. "$HERE/../lib/tap.sh"

fuzz() {	# fuzz NAME: a bounded run from the stored corpus
	local corpus=$T/corpus-$1
	mkdir -p "$corpus"
	[ -d "$HERE/corpus/$1" ] && cp "$HERE/corpus/$1"/* "$corpus"/ 2>/dev/null
	"$B/fuzz_$1" -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$T/crash-$1-" "$corpus" >"$T/fuzz-$1.log" 2>&1
	echo $? >"$T/fuzz-$1.rc"
}

# the fuzzers two at a time (the machines have two cores) while the unit
# tests run
fuzz config &
f1=$!
fuzz rules &
f2=$!

for u in config topic rules diskq json cli signal; do
	tap_prog "$u: " "$B/test_$u"
done

wait $f1 $f2
fuzz json
for f in config rules json; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz-$f.log")
	tap_result "$(cat "$T/fuzz-$f.rc")" \
		"fuzz: $f, ${FUZZ_SECONDS}s, ${runs:-?} inputs, no crash" "$T/fuzz-$f.log"
done

tap_done
