#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install, idempotently, every Debian package that the build, the
# tests and the demo need: those listed in scripts/deps.d/*.list (one per
# line, '#' comments). Installs only what is missing; does nothing, quickly,
# when all is there.
set -eu
cd "$(dirname "$0")/deps.d"

want=$(cat ./*.list | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
missing=
for p in $want; do
	# One line per architecture when foreign ones are enabled: any
	# installed one will do (native packages are what we list).
	dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
		grep -qx installed || missing="$missing $p"
done
# npm: a NodeSource nodejs bundles it (and conflicts with Debian's npm
# package); Debian's own nodejs comes without it. Ask for Debian's npm only
# where there is none.
command -v npm >/dev/null || missing="$missing npm"
if [ -z "$missing" ]; then
	echo "deps: all $(echo "$want" | wc -l) packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing \
	>/tmp/lowpan-mesh-deps.log 2>&1 || {
	tail -30 /tmp/lowpan-mesh-deps.log >&2
	echo "deps: apt-get install failed (log in /tmp/lowpan-mesh-deps.log)" >&2
	exit 1
}
# The mosquitto package starts a system broker; the tests run their own.
if command -v systemctl >/dev/null && systemctl is-active -q mosquitto 2>/dev/null; then
	systemctl stop mosquitto || true
fi
echo "deps: done"
