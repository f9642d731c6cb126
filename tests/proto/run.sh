#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run test programs and relay their "ok - name" / "not ok - name" lines,
# numbered, through tests/lib/tap.sh; "# ..." lines pass through; the end is
# "N passed, N failed[, N skipped]". A program that exits non-zero without
# reporting a failure (a sanitizer abort, a crash) counts as one failed test.
#
# usage: run.sh BUILDDIR "COMMAND" ...
set -u

. "$(dirname "$0")/../lib/tap.sh"
shift	# BUILDDIR: kept for the callers' sake

for cmd in "$@"; do
	# shellcheck disable=SC2086 # a command line, split on purpose
	tap_prog "" $cmd
done

tap_done
