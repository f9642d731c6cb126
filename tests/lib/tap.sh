# SPDX-License-Identifier: GPL-2.0
#
# tap.sh - the TAP helper of every shell test runner under tests/ (source
# it; bash). One line per test, "ok N - name" / "not ok N - name" (a
# skipped one "ok N - name # SKIP why"), "# ..." diagnostics, and at the
# end (tap_done) the plan "1..N" and "N passed, N failed[, N skipped]",
# the line scripts/run-tests adds up.
#
#   tap_ok NAME                   a passed test
#   tap_not_ok NAME [TEXT]        a failed one; the last 12 lines of TEXT
#                                 follow as "#   ..." lines
#   tap_result STATUS NAME [LOG]  ok when STATUS is 0; on failure the last
#                                 25 lines of the file LOG follow
#   tap_skip NAME WHY             a skipped test
#   tap_diag TEXT...              a "# ..." line
#   tap_t NAME CMD...             ok when CMD succeeds; its output shown
#                                 when it fails
#   tap_prog PREFIX CMD...        run a TAP program (tests/lib/tap.h, or any
#                                 "ok [N] - name" printer) and relay its
#                                 results numbered here, names prefixed by
#                                 PREFIX; a nonzero exit without a failed
#                                 result is a failure of its own (named
#                                 after CMD's last word)
#   tap_done                      plan and totals; status 1 if any failed
#   tap_bail NAME [TEXT]          tap_not_ok, tap_done, exit 1
#
# TAP_N, TAP_PASSED, TAP_FAILED, TAP_SKIPPED hold the counts so far.

TAP_N=0 TAP_PASSED=0 TAP_FAILED=0 TAP_SKIPPED=0

tap_ok() {
	TAP_N=$((TAP_N + 1)) TAP_PASSED=$((TAP_PASSED + 1))
	echo "ok $TAP_N - $1"
}

tap_not_ok() {
	TAP_N=$((TAP_N + 1)) TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n 12 | sed 's/^/#   /'
	return 0
}

tap_result() {
	if [ "$1" = 0 ]; then
		tap_ok "$2"
	else
		tap_not_ok "$2"
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 25 "$3" | sed 's/^/# /'
	fi
	return 0
}

tap_skip() {
	TAP_N=$((TAP_N + 1)) TAP_SKIPPED=$((TAP_SKIPPED + 1))
	echo "ok $TAP_N - $1 # SKIP ${2:-}"
}

tap_diag() {
	echo "# $*"
}

tap_t() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then tap_ok "$name"; else tap_not_ok "$name" "$out"; fi
}

tap_prog() {
	local prefix=$1 out err rc bad=0 line name why
	shift
	out=$(mktemp) err=$(mktemp)
	"$@" >"$out" 2>"$err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*|"not ok "*)
			name=${line#not }
			name=${name#ok }
			name=${name#"${name%%[!0-9]*}"}	# the number, if any
			name=${name# }
			name=${name#- }
			case $line in
			"not ok "*) tap_not_ok "$prefix$name"; bad=1 ;;
			*" # SKIP"*)
				why=${name#* # SKIP}
				tap_skip "$prefix${name%% # SKIP*}" "${why# }"
				;;
			*) tap_ok "$prefix$name" ;;
			esac
			;;
		"#"*) echo "$line" ;;
		esac
	done <"$out"
	if [ "$rc" != 0 ]; then
		tail -n 30 "$err" | sed 's/^/# /'
		[ "$bad" = 0 ] &&
			tap_not_ok "$prefix$(basename "${!#}") exited with status $rc"
	fi
	rm -f "$out" "$err"
	return 0
}

tap_done() {
	echo "1..$TAP_N"
	if [ "$TAP_SKIPPED" != 0 ]; then
		echo "$TAP_PASSED passed, $TAP_FAILED failed, $TAP_SKIPPED skipped"
	else
		echo "$TAP_PASSED passed, $TAP_FAILED failed"
	fi
	[ "$TAP_FAILED" = 0 ]
}

tap_bail() {
	tap_not_ok "$@"
	tap_done
	exit 1
}
