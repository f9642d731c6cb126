# SPDX-License-Identifier: GPL-2.0
# Shared by the shell tests of tests/dnp3: background processes that are
# stopped on exit, and waiting for a file or a log line.

bg_pids=()
bg_dirs=()
bg_hooks=()

# Run at exit: stop every background process, run hooks, remove dirs.
bg_cleanup() {
	local p h
	for p in "${bg_pids[@]}"; do
		[ -n "$p" ] || continue
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for h in "${bg_hooks[@]}"; do
		$h
	done
	rm -rf "${bg_dirs[@]}"
}
trap bg_cleanup EXIT

# bg_tmpdir NAME: a temporary directory removed at exit, in $tmpdir
bg_tmpdir() {
	tmpdir=$(mktemp -d "/tmp/dnp3-$1.XXXXXX")
	bg_dirs+=("$tmpdir")
}

# bg_track PID: stop this process at exit
bg_track() {
	bg_pids+=("$1")
}

# bg_forget PID: the caller has stopped it already
bg_forget() {
	bg_pids=("${bg_pids[@]/$1}")
}

# wait_file PATH [TENTHS]: until PATH exists (default 5 s)
wait_file() {
	local i
	for i in $(seq "${2:-50}"); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_log FILE PATTERN [TENTHS]: until grep finds PATTERN in FILE
wait_log() {
	local i
	for i in $(seq "${3:-50}"); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
