# netns.sh - network namespaces for tests, without a single mount.
#
# `ip netns add` bind-mounts /run/netns and `ip netns exec` / `ip -n` make
# / a slave mount in a new mount namespace: in a chroot whose / is not a
# mount point that fails ("mount --make-rslave /" failed: Invalid
# argument). Here a namespace is held by a process (unshare -n sleep) and
# named by its pid: `ip link set DEV netns PID` moves a link into it and
# ns_run PID CMD... runs a command in it (nsenter -n: network only, no
# mount namespace, nothing to leak to the host). The namespace goes when
# its holder is killed (ns_del).
#
#   ns_probe            true if this machine can make a network namespace
#   ns_new VAR          starts a holder, VAR = its pid; false if none came
#   ns_run PID CMD...   CMD in the namespace held by PID
#   ns_del PID...       kills the holders (their namespaces and links go)

ns_probe() {
	command -v unshare >/dev/null && command -v nsenter >/dev/null &&
		unshare -n true 2>/dev/null
}

ns_new() {
	local pid i me
	me=$(readlink /proc/self/ns/net)
	unshare -n sleep infinity </dev/null >/dev/null 2>&1 &
	pid=$!
	# until the holder has left our namespace (unshare done, sleep running)
	for ((i = 0; i < 100; i++)); do
		local n
		n=$(readlink "/proc/$pid/ns/net" 2>/dev/null) || break
		if [ -n "$n" ] && [ "$n" != "$me" ]; then
			printf -v "$1" %s "$pid"
			return 0
		fi
		sleep 0.05
	done
	kill "$pid" 2>/dev/null
	return 1
}

ns_run() {
	local pid=$1
	shift
	nsenter -t "$pid" -n -- "$@"
}

ns_del() {
	local pid
	for pid; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	return 0
}
