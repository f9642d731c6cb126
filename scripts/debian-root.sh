#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-root.sh - make (idempotently) a cached Debian debootstrap tree
#
#   scripts/debian-root.sh [--arch ARCH] SUITE DIR PACKAGE...
#
# Creates DIR with `debootstrap --variant=minbase --include=PACKAGE,...`
# the first time; later calls install only packages that are missing and
# return at once when nothing changed (a stamp file holds the list). The
# tree serves two purposes: a chroot to build the module against another
# kernel's headers, and the read-only root file system of a test guest
# (scripts/vm-run --root DIR). Foreign architectures (--arch arm64 on an
# amd64 host) run the second stage through qemu-user-static and binfmt_misc.
# Used by scripts/trixie-root.sh and scripts/arm64-root.sh; never by deps.sh
# (a tree is about 1 GB and a few minutes).
set -eu

ARCH=$(dpkg --print-architecture)
if [ "${1:-}" = --arch ]; then ARCH=${2:?--arch needs an architecture}; shift 2; fi
[ $# -ge 2 ] || { sed -n '4,5s/^# \{0,1\}//p' "$0" >&2; exit 2; }
SUITE=$1 DIR=$2
shift 2
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PKGS=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
STAMP=$DIR/.lowpan-mesh-root

log() { echo "debian-root: $*" >&2; }
die() { log "$*"; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"

mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9

want="$SUITE $ARCH $PKGS"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
	exit 0
fi

need() { command -v "$1" >/dev/null || apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${2:-$1}" >/dev/null; }
need debootstrap

foreign=0
if [ "$ARCH" != "$(dpkg --print-architecture)" ]; then
	foreign=1
	need qemu-aarch64-static qemu-user-static
	need update-binfmts binfmt-support
	# Containers often have binfmt_misc available but not mounted.
	[ -e /proc/sys/fs/binfmt_misc/register ] ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
		die "cannot mount binfmt_misc"
	q=qemu-$(case "$ARCH" in arm64) echo aarch64 ;; armhf) echo arm ;; *) echo "$ARCH" ;; esac)
	[ -e "/proc/sys/fs/binfmt_misc/$q" ] || update-binfmts --enable "$q" ||
		die "cannot register $q with binfmt_misc"
fi

mounted=
cleanup() {
	local m
	for m in $mounted; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
if [ ! -x "$DIR/usr/bin/apt-get" ] || [ ! -f "$DIR/.lowpan-mesh-bootstrapped" ]; then
	rm -rf "$DIR"
	log "debootstrap $SUITE/$ARCH into $DIR (a few minutes)"
	start=$(date +%s)
	debootstrap --variant=minbase --arch="$ARCH" \
		--include="$(echo "$PKGS" | tr ' ' ',' | sed 's/,$//')" \
		"$SUITE" "$DIR" "$MIRROR" >"$DIR.log" 2>&1 || {
		tail -n 30 "$DIR.log" >&2
		die "debootstrap failed (log: $DIR.log)"
	}
	: >"$DIR/.lowpan-mesh-bootstrapped"
	log "debootstrap done in $(( $(date +%s) - start ))s"
else
	log "adding packages to $DIR"
	mount -t proc proc "$DIR/proc" && mounted="$DIR/proc"
	# shellcheck disable=SC2086
	chroot "$DIR" apt-get -o DPkg::Lock::Timeout=600 update -qq &&
	chroot "$DIR" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends $PKGS >"$DIR.log" 2>&1 || {
		tail -n 30 "$DIR.log" >&2
		die "apt-get install in $DIR failed"
	}
fi
# Tidy: the package cache is not needed in a test root.
rm -f "$DIR"/var/cache/apt/archives/*.deb
[ "$foreign" = 1 ] || true
echo "$want" >"$STAMP"
