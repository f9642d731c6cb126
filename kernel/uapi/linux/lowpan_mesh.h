/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lowpan_mesh.h - generic netlink API of the lowpan_mesh module
 *
 * One copy of this file serves the kernel module and iotctl. Enumerations
 * only ever grow at the end, so old binaries keep working.
 */
#ifndef _UAPI_LINUX_LOWPAN_MESH_H
#define _UAPI_LINUX_LOWPAN_MESH_H

#define LOWPAN_MESH_GENL_NAME		"lowpan_mesh"
#define LOWPAN_MESH_GENL_VERSION	1
#define LOWPAN_MESH_MCGRP_EVENTS	"events"

/**
 * enum lowpan_mesh_cmd - generic netlink commands
 * @LOWPAN_MESH_CMD_UNSPEC: unused
 * @LOWPAN_MESH_CMD_DEV_ADD: create a mesh interface on a wpan device.
 *	Needs %LOWPAN_MESH_A_WPAN_IFINDEX; %LOWPAN_MESH_A_IFNAME is optional
 *	(default "mesh%d"). Replies with the new device (DEV_GET format) and
 *	notifies the events group. Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_DEV_DEL: delete the mesh interface given by
 *	%LOWPAN_MESH_A_IFINDEX or %LOWPAN_MESH_A_IFNAME. Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_DEV_GET: one mesh interface (by index or name) or, as a
 *	dump, all of them in the caller's network namespace.
 * @LOWPAN_MESH_CMD_STATS_GET: the counters of one mesh interface or, as a
 *	dump, of all of them, in %LOWPAN_MESH_A_STATS.
 * @LOWPAN_MESH_CMD_DEV_SET: change settings of a mesh interface (by index or
 *	name): %LOWPAN_MESH_A_HOPS_LEFT, %LOWPAN_MESH_A_FLOOD,
 *	%LOWPAN_MESH_A_ROUTING, %LOWPAN_MESH_A_HELLO_MS,
 *	%LOWPAN_MESH_A_HELLO_MISS, %LOWPAN_MESH_A_ADV_IMIN_MS,
 *	%LOWPAN_MESH_A_ADV_IMAX_MS. Needs
 *	CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_ROUTE_ADD: add or replace a route on a mesh interface:
 *	destination (%LOWPAN_MESH_A_DST_SHORT or %LOWPAN_MESH_A_DST_EXT), next
 *	hop (%LOWPAN_MESH_A_NEXTHOP_SHORT or %LOWPAN_MESH_A_NEXTHOP_EXT),
 *	optional %LOWPAN_MESH_A_METRIC. An existing route to the destination
 *	is replaced, unless the flag %LOWPAN_MESH_A_ROUTE_EXCL is given: then
 *	it is an error (-EEXIST) and the route stays as it was. (NLM_F_EXCL
 *	cannot serve: generic netlink refuses request flags on this command.)
 *	-ENODEV when the interface is being deleted. Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_ROUTE_DEL: delete the route to a destination. Needs
 *	CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_ROUTE_GET: dump the routes of one or every mesh
 *	interface, one message per route: the static routes, then the routes
 *	the mesh routing learned (origin %LOWPAN_MESH_ROUTE_MESH) to
 *	destinations without a static route.
 * @LOWPAN_MESH_CMD_NEIGH_GET: dump the neighbour table (nodes heard
 *	directly): addresses, %LOWPAN_MESH_A_LQI, %LOWPAN_MESH_A_LAST_SEEN_MS
 *	and the per-neighbour header statistics; while routing is on also
 *	%LOWPAN_MESH_A_NEIGH_STATE, and for neighbours whose hellos are heard
 *	%LOWPAN_MESH_A_LINK_COST, %LOWPAN_MESH_A_LINK_COST_IN,
 *	%LOWPAN_MESH_A_LINK_COST_OUT and %LOWPAN_MESH_A_HELLO_LOSS.
 * @LOWPAN_MESH_CMD_CTX_ADD: add or replace an IPHC context:
 *	%LOWPAN_MESH_A_CTX_ID, %LOWPAN_MESH_A_CTX_PREFIX,
 *	%LOWPAN_MESH_A_CTX_PREFIX_LEN, optional %LOWPAN_MESH_A_CTX_COMPRESS
 *	and %LOWPAN_MESH_A_CTX_LIFETIME. Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_CTX_DEL: delete the context %LOWPAN_MESH_A_CTX_ID.
 *	Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_CTX_GET: dump the context table, one message per
 *	context, with the table's %LOWPAN_MESH_A_CTX_VERSION and the
 *	context's %LOWPAN_MESH_A_CTX_PHASE.
 * @LOWPAN_MESH_CMD_CTX_AUTHORITY: set %LOWPAN_MESH_A_CTX_AUTHORITY of an
 *	interface. Needs CAP_NET_ADMIN.
 * @LOWPAN_MESH_CMD_EVENT: unsolicited, on the events group: something in
 *	the tables of %LOWPAN_MESH_A_IFINDEX changed; %LOWPAN_MESH_A_EVENT
 *	says what.
 * @__LOWPAN_MESH_CMD_MAX: internal
 */
enum lowpan_mesh_cmd {
	LOWPAN_MESH_CMD_UNSPEC,
	LOWPAN_MESH_CMD_DEV_ADD,
	LOWPAN_MESH_CMD_DEV_DEL,
	LOWPAN_MESH_CMD_DEV_GET,
	LOWPAN_MESH_CMD_STATS_GET,
	LOWPAN_MESH_CMD_DEV_SET,
	LOWPAN_MESH_CMD_ROUTE_ADD,
	LOWPAN_MESH_CMD_ROUTE_DEL,
	LOWPAN_MESH_CMD_ROUTE_GET,
	LOWPAN_MESH_CMD_NEIGH_GET,
	LOWPAN_MESH_CMD_CTX_ADD,
	LOWPAN_MESH_CMD_CTX_DEL,
	LOWPAN_MESH_CMD_CTX_GET,
	LOWPAN_MESH_CMD_CTX_AUTHORITY,
	LOWPAN_MESH_CMD_EVENT,

	/* add new commands above here */
	__LOWPAN_MESH_CMD_MAX,
};

#define LOWPAN_MESH_CMD_MAX (__LOWPAN_MESH_CMD_MAX - 1)

/**
 * enum lowpan_mesh_attr - generic netlink attributes
 * @LOWPAN_MESH_A_UNSPEC: unused
 * @LOWPAN_MESH_A_IFINDEX: u32, interface index of a mesh interface
 * @LOWPAN_MESH_A_IFNAME: string, name of a mesh interface
 * @LOWPAN_MESH_A_WPAN_IFINDEX: u32, interface index of the 802.15.4 (wpan)
 *	device under a mesh interface
 * @LOWPAN_MESH_A_WPAN_IFNAME: string, name of that wpan device (replies only)
 * @LOWPAN_MESH_A_EXT_ADDR: u64, the node's extended (EUI-64) address, in
 *	host order with the most significant byte the first one printed
 * @LOWPAN_MESH_A_SHORT_ADDR: u16, the node's short address (0xfffe or
 *	0xffff when it has none)
 * @LOWPAN_MESH_A_PAN_ID: u16, the PAN identifier of the wpan device
 * @LOWPAN_MESH_A_STATS: nested, one %LOWPAN_MESH_A_STAT per counter
 * @LOWPAN_MESH_A_STAT: nested &enum lowpan_mesh_stat_attr: one counter
 * @LOWPAN_MESH_A_PAD: padding for 64-bit attributes
 * @LOWPAN_MESH_A_MTU: u32, the IPv6 MTU of the mesh interface (replies)
 * @LOWPAN_MESH_A_OPER_UP: u8, 1 when the mesh interface is up (replies)
 * @LOWPAN_MESH_A_HOPS_LEFT: u8, hops left put in the mesh headers this node
 *	originates, 1..255 (default 14; above 14 the RFC 8025 deep form costs
 *	one more byte per frame)
 * @LOWPAN_MESH_A_DST_SHORT: u16, a route's destination as a short address
 * @LOWPAN_MESH_A_DST_EXT: u64, a route's destination as an extended address
 * @LOWPAN_MESH_A_NEXTHOP_SHORT: u16, a route's next hop, short address
 * @LOWPAN_MESH_A_NEXTHOP_EXT: u64, a route's next hop, extended address
 * @LOWPAN_MESH_A_METRIC: u32, a route's metric (lower is better; default 1)
 * @LOWPAN_MESH_A_ROUTE_ORIGIN: u8, &enum lowpan_mesh_route_origin
 * @LOWPAN_MESH_A_NEIGH_SHORT: u16, a neighbour's short address, if known
 * @LOWPAN_MESH_A_NEIGH_EXT: u64, a neighbour's extended address, if known
 * @LOWPAN_MESH_A_LQI: u8, link quality of the last frame from a neighbour
 * @LOWPAN_MESH_A_LAST_SEEN_MS: u32, milliseconds since the last frame
 * @LOWPAN_MESH_A_NEIGH_RX_FRAMES: u64, frames received from a neighbour
 * @LOWPAN_MESH_A_NEIGH_TX_PACKETS: u64, IPv6 packets this node originated
 *	with this neighbour as the first hop
 * @LOWPAN_MESH_A_NEIGH_TX_HDR_IN: u64, bytes of IPv6 and UDP headers of
 *	those packets before compression
 * @LOWPAN_MESH_A_NEIGH_TX_HDR_OUT: u64, bytes of 6LoWPAN headers (mesh,
 *	BC0, fragment, IPHC, NHC) they took on air
 * @LOWPAN_MESH_A_CTX_ID: u8, IPHC context identifier, 0..15
 * @LOWPAN_MESH_A_CTX_PREFIX: binary, 16 bytes, the context's IPv6 prefix
 * @LOWPAN_MESH_A_CTX_PREFIX_LEN: u8, prefix length in bits, 1..128
 * @LOWPAN_MESH_A_CTX_COMPRESS: u8, 1 when the context may be used to
 *	compress (it is always used to decompress while valid)
 * @LOWPAN_MESH_A_CTX_LIFETIME: u32, valid lifetime in seconds from now,
 *	0 for no expiry; in replies the seconds left
 * @LOWPAN_MESH_A_CTX_VERSION: u32, version of the interface's context table
 * @LOWPAN_MESH_A_CTX_AUTHORITY: u8, &enum lowpan_mesh_ctx_authority
 * @LOWPAN_MESH_A_CTX_ORIGIN: u8, &enum lowpan_mesh_ctx_origin
 * @LOWPAN_MESH_A_EVENT: u8, &enum lowpan_mesh_event
 * @LOWPAN_MESH_A_FLOOD: u8, 1 (default): multicast this node originates is
 *	flooded through the mesh with a mesh and a BC0 header; 0: it is sent
 *	as a plain one-hop frame, which mainline 6LoWPAN neighbours understand
 * @LOWPAN_MESH_A_CTX_PHASE: u8, &enum lowpan_mesh_ctx_phase: where a
 *	context is in its life cycle when the table is dumped (replies only;
 *	absent from older modules)
 * @LOWPAN_MESH_A_ROUTE_EXCL: flag, %LOWPAN_MESH_CMD_ROUTE_ADD only: add the
 *	route only if there is none to its destination, else fail with
 *	-EEXIST (a module older than this attribute refuses it: -EINVAL)
 * @LOWPAN_MESH_A_ROUTING: u8, 1: dynamic mesh routing runs on the interface
 *	(hellos, route advertisements, learned routes); 0: only static routes.
 *	Default: the module parameter routing. %LOWPAN_MESH_CMD_DEV_SET and
 *	replies.
 * @LOWPAN_MESH_A_HELLO_MS: u32, hello interval in ms, 100..65535 (default
 *	1000). %LOWPAN_MESH_CMD_DEV_SET and replies.
 * @LOWPAN_MESH_A_HELLO_MISS: u8, a neighbour is gone after this many hello
 *	intervals unheard (more on a lossy link), 2..20 (default 3)
 * @LOWPAN_MESH_A_ADV_IMIN_MS: u32, Trickle Imin of the route advertisements
 *	in ms, 100..60000 (default 1000)
 * @LOWPAN_MESH_A_ADV_IMAX_MS: u32, Trickle Imax in ms, at least the Imin,
 *	at most 600000 (default 32000)
 * @LOWPAN_MESH_A_NEIGH_STATE: u8, &enum lowpan_mesh_neigh_state of a
 *	neighbour (neighbour dumps and %LOWPAN_MESH_EVENT_NEIGH events, only
 *	while routing is on)
 * @LOWPAN_MESH_A_LINK_COST: u32, the cost of the link to a neighbour that
 *	routes use (8 for a perfect two-way link, 255 unusable)
 * @LOWPAN_MESH_A_LINK_COST_IN: u32, the cost of the direction from the
 *	neighbour to this node: 8 * 255 / (hello reception ratio 0..255),
 *	255 when nothing is heard
 * @LOWPAN_MESH_A_LINK_COST_OUT: u32, the same for the direction from this
 *	node to the neighbour, as the neighbour reports it in its hellos
 * @LOWPAN_MESH_A_HELLO_LOSS: u8, percent of the neighbour's hellos lost in
 *	the last 16 intervals
 * @LOWPAN_MESH_A_SECURITY: u8, replies only: 1 when link-layer security
 *	is on for the wpan device (mac802154 llsec, switched by iotctl dev
 *	set ... security on): the mesh interface then refuses every frame
 *	without a MIC (rx_drop_unsecured). Read from mac802154 once a second
 *	and on every %LOWPAN_MESH_CMD_DEV_GET of the interface
 * @__LOWPAN_MESH_A_MAX: internal
 */
enum lowpan_mesh_attr {
	LOWPAN_MESH_A_UNSPEC,
	LOWPAN_MESH_A_IFINDEX,
	LOWPAN_MESH_A_IFNAME,
	LOWPAN_MESH_A_WPAN_IFINDEX,
	LOWPAN_MESH_A_WPAN_IFNAME,
	LOWPAN_MESH_A_EXT_ADDR,
	LOWPAN_MESH_A_SHORT_ADDR,
	LOWPAN_MESH_A_PAN_ID,
	LOWPAN_MESH_A_STATS,
	LOWPAN_MESH_A_STAT,
	LOWPAN_MESH_A_PAD,
	LOWPAN_MESH_A_MTU,
	LOWPAN_MESH_A_OPER_UP,
	LOWPAN_MESH_A_HOPS_LEFT,
	LOWPAN_MESH_A_DST_SHORT,
	LOWPAN_MESH_A_DST_EXT,
	LOWPAN_MESH_A_NEXTHOP_SHORT,
	LOWPAN_MESH_A_NEXTHOP_EXT,
	LOWPAN_MESH_A_METRIC,
	LOWPAN_MESH_A_ROUTE_ORIGIN,
	LOWPAN_MESH_A_NEIGH_SHORT,
	LOWPAN_MESH_A_NEIGH_EXT,
	LOWPAN_MESH_A_LQI,
	LOWPAN_MESH_A_LAST_SEEN_MS,
	LOWPAN_MESH_A_NEIGH_RX_FRAMES,
	LOWPAN_MESH_A_NEIGH_TX_PACKETS,
	LOWPAN_MESH_A_NEIGH_TX_HDR_IN,
	LOWPAN_MESH_A_NEIGH_TX_HDR_OUT,
	LOWPAN_MESH_A_CTX_ID,
	LOWPAN_MESH_A_CTX_PREFIX,
	LOWPAN_MESH_A_CTX_PREFIX_LEN,
	LOWPAN_MESH_A_CTX_COMPRESS,
	LOWPAN_MESH_A_CTX_LIFETIME,
	LOWPAN_MESH_A_CTX_VERSION,
	LOWPAN_MESH_A_CTX_AUTHORITY,
	LOWPAN_MESH_A_CTX_ORIGIN,
	LOWPAN_MESH_A_EVENT,
	LOWPAN_MESH_A_FLOOD,
	LOWPAN_MESH_A_CTX_PHASE,
	LOWPAN_MESH_A_ROUTE_EXCL,
	LOWPAN_MESH_A_ROUTING,
	LOWPAN_MESH_A_HELLO_MS,
	LOWPAN_MESH_A_HELLO_MISS,
	LOWPAN_MESH_A_ADV_IMIN_MS,
	LOWPAN_MESH_A_ADV_IMAX_MS,
	LOWPAN_MESH_A_NEIGH_STATE,
	LOWPAN_MESH_A_LINK_COST,
	LOWPAN_MESH_A_LINK_COST_IN,
	LOWPAN_MESH_A_LINK_COST_OUT,
	LOWPAN_MESH_A_HELLO_LOSS,
	LOWPAN_MESH_A_SECURITY,

	/* add new attributes above here */
	__LOWPAN_MESH_A_MAX,
};

#define LOWPAN_MESH_A_MAX (__LOWPAN_MESH_A_MAX - 1)

/**
 * enum lowpan_mesh_route_origin - where a route came from
 * @LOWPAN_MESH_ROUTE_STATIC: configured (iotctl route add)
 * @LOWPAN_MESH_ROUTE_LEARNED: learned by a routing protocol
 * @LOWPAN_MESH_ROUTE_MESH: learned by the module's own mesh routing
 *	(%LOWPAN_MESH_A_ROUTING); used only when no static route to the
 *	destination exists
 */
enum lowpan_mesh_route_origin {
	LOWPAN_MESH_ROUTE_STATIC,
	LOWPAN_MESH_ROUTE_LEARNED,
	LOWPAN_MESH_ROUTE_MESH,
};

/**
 * enum lowpan_mesh_neigh_state - a neighbour as the mesh routing sees it
 * @LOWPAN_MESH_NEIGH_NONE: no hello heard from it lately: it was never a
 *	routing neighbour, or it went silent (gone: routes through it were
 *	withdrawn)
 * @LOWPAN_MESH_NEIGH_HEARD: its hellos reach us, but the link is not
 *	known to work both ways (or costs too much): not used for routes
 * @LOWPAN_MESH_NEIGH_UP: two-way link, used for routes
 */
enum lowpan_mesh_neigh_state {
	LOWPAN_MESH_NEIGH_NONE,
	LOWPAN_MESH_NEIGH_HEARD,
	LOWPAN_MESH_NEIGH_UP,
};

/**
 * enum lowpan_mesh_ctx_authority - context authority role of a node
 * @LOWPAN_MESH_CTX_AUTHORITY_OFF: adopt contexts from the mesh's authority
 * @LOWPAN_MESH_CTX_AUTHORITY_ON: flood this node's context table
 * @LOWPAN_MESH_CTX_AUTHORITY_AUTO: as ON, and assign contexts to the global
 *	prefixes configured on the mesh interface
 */
enum lowpan_mesh_ctx_authority {
	LOWPAN_MESH_CTX_AUTHORITY_OFF,
	LOWPAN_MESH_CTX_AUTHORITY_ON,
	LOWPAN_MESH_CTX_AUTHORITY_AUTO,
};

/**
 * enum lowpan_mesh_ctx_origin - where a context came from
 * @LOWPAN_MESH_CTX_CONFIGURED: iotctl ctx add
 * @LOWPAN_MESH_CTX_MESH: adopted from the mesh's context authority
 * @LOWPAN_MESH_CTX_6CO: a 6LoWPAN Context Option in a router advertisement
 * @LOWPAN_MESH_CTX_AUTO: assigned by this node as authority (auto)
 */
enum lowpan_mesh_ctx_origin {
	LOWPAN_MESH_CTX_CONFIGURED,
	LOWPAN_MESH_CTX_MESH,
	LOWPAN_MESH_CTX_6CO,
	LOWPAN_MESH_CTX_AUTO,
};

/**
 * enum lowpan_mesh_ctx_phase - where a context is in its life cycle
 * @LOWPAN_MESH_CTX_PHASE_HOLD: valid (it decompresses) but not used to
 *	compress yet: it was set less than ctx_hold_ms ago and other nodes
 *	may not have it yet (a context configured on a node that is not the
 *	context authority skips this phase: it is that node's alone)
 * @LOWPAN_MESH_CTX_PHASE_COMPRESS: valid, and used to compress when its
 *	%LOWPAN_MESH_A_CTX_COMPRESS flag is on
 * @LOWPAN_MESH_CTX_PHASE_DRAIN: valid, but no longer used to compress: it
 *	expires within ctx_hold_ms, so the others still decompress what is
 *	in flight when it goes
 * @LOWPAN_MESH_CTX_PHASE_EXPIRED: its lifetime is over; it neither
 *	compresses nor decompresses and leaves the table within a second
 *
 * The phase follows from the context's timing alone, whatever its
 * %LOWPAN_MESH_A_CTX_COMPRESS flag: a context is used to compress exactly
 * when its flag is on and its phase is %LOWPAN_MESH_CTX_PHASE_COMPRESS. A
 * context with compression off is thus shown in the phase it would have
 * with compression on.
 */
enum lowpan_mesh_ctx_phase {
	LOWPAN_MESH_CTX_PHASE_HOLD,
	LOWPAN_MESH_CTX_PHASE_COMPRESS,
	LOWPAN_MESH_CTX_PHASE_DRAIN,
	LOWPAN_MESH_CTX_PHASE_EXPIRED,
};

/**
 * enum lowpan_mesh_event - what a %LOWPAN_MESH_CMD_EVENT reports
 * @LOWPAN_MESH_EVENT_ROUTE: the route table changed
 * @LOWPAN_MESH_EVENT_NEIGH: a neighbour appeared or went away. From the
 *	mesh routing, the event names the neighbour (%LOWPAN_MESH_A_NEIGH_SHORT
 *	or %LOWPAN_MESH_A_NEIGH_EXT) and its new %LOWPAN_MESH_A_NEIGH_STATE:
 *	%LOWPAN_MESH_NEIGH_UP when the link became two-way,
 *	%LOWPAN_MESH_NEIGH_NONE when it went silent (neighbour gone)
 * @LOWPAN_MESH_EVENT_CTX: the context table changed
 */
enum lowpan_mesh_event {
	LOWPAN_MESH_EVENT_ROUTE,
	LOWPAN_MESH_EVENT_NEIGH,
	LOWPAN_MESH_EVENT_CTX,
};

/**
 * enum lowpan_mesh_stat_attr - attributes of one counter
 * @LOWPAN_MESH_STAT_A_UNSPEC: unused
 * @LOWPAN_MESH_STAT_A_ID: u32, &enum lowpan_mesh_stat
 * @LOWPAN_MESH_STAT_A_NAME: string, stable name of the counter
 * @LOWPAN_MESH_STAT_A_VALUE: u64, the counter's value
 * @LOWPAN_MESH_STAT_A_PAD: padding for 64-bit attributes
 * @__LOWPAN_MESH_STAT_A_MAX: internal
 *
 * The kernel sends the name with every counter, so a tool prints counters
 * it was not built with.
 */
enum lowpan_mesh_stat_attr {
	LOWPAN_MESH_STAT_A_UNSPEC,
	LOWPAN_MESH_STAT_A_ID,
	LOWPAN_MESH_STAT_A_NAME,
	LOWPAN_MESH_STAT_A_VALUE,
	LOWPAN_MESH_STAT_A_PAD,

	/* add new attributes above here */
	__LOWPAN_MESH_STAT_A_MAX,
};

#define LOWPAN_MESH_STAT_A_MAX (__LOWPAN_MESH_STAT_A_MAX - 1)

/**
 * enum lowpan_mesh_stat - per-interface counters
 * @LOWPAN_MESH_STAT_RX_FRAMES: 802.15.4 frames received on the wpan device
 * @LOWPAN_MESH_STAT_RX_PACKETS: IPv6 packets handed to the IPv6 stack
 * @LOWPAN_MESH_STAT_RX_BYTES: bytes of those IPv6 packets
 * @LOWPAN_MESH_STAT_RX_DROP_DOWN: dropped, the mesh interface was down
 * @LOWPAN_MESH_STAT_RX_DROP_NOT_DATA: dropped, not an 802.15.4 data frame or
 *	not intra-PAN
 * @LOWPAN_MESH_STAT_RX_DROP_OTHERHOST: dropped, addressed to another node
 * @LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN: dropped, NALP or reserved dispatch
 * @LOWPAN_MESH_STAT_RX_DROP_MALFORMED: dropped, malformed 6LoWPAN headers
 * @LOWPAN_MESH_STAT_RX_DROP_UNSUPPORTED: dropped, a header this build does
 *	not handle (for example a mesh header when forwarding is not there)
 * @LOWPAN_MESH_STAT_RX_DROP_DECOMPRESS: dropped, IPHC decompression failed
 * @LOWPAN_MESH_STAT_RX_DROP_NOMEM: dropped, out of memory
 * @LOWPAN_MESH_STAT_FRAG_RX: fragments received for this node
 * @LOWPAN_MESH_STAT_REASM_OK: datagrams reassembled and delivered
 * @LOWPAN_MESH_STAT_REASM_DROP_TIMEOUT: partial datagrams expired
 * @LOWPAN_MESH_STAT_REASM_DROP_OVERLAP: fragments that overlap differently or
 *	disagree on the datagram size
 * @LOWPAN_MESH_STAT_REASM_DROP_LIMIT: fragments dropped because the
 *	reassembly memory or entry limit was reached
 * @LOWPAN_MESH_STAT_REASM_DROP_BAD: fragments that are malformed: past the
 *	datagram's end, empty, or a first fragment that does not decompress
 * @LOWPAN_MESH_STAT_TX_PACKETS: IPv6 packets sent
 * @LOWPAN_MESH_STAT_TX_BYTES: bytes of those IPv6 packets
 * @LOWPAN_MESH_STAT_TX_FRAMES: 802.15.4 frames sent (fragments included)
 * @LOWPAN_MESH_STAT_TX_FRAGMENTED: IPv6 packets that needed fragmentation
 * @LOWPAN_MESH_STAT_TX_DROP_COMPRESS: dropped, IPHC compression failed
 * @LOWPAN_MESH_STAT_TX_DROP_TOO_BIG: dropped, larger than a 6LoWPAN datagram
 * @LOWPAN_MESH_STAT_TX_DROP_NOMEM: dropped, out of memory
 * @LOWPAN_MESH_STAT_TX_DROP_HEADER: dropped, the 802.15.4 header could not be
 *	built (no address, wpan device gone)
 * @LOWPAN_MESH_STAT_TX_DROP_XMIT: dropped by the wpan device's queue
 * @LOWPAN_MESH_STAT_TX_MESH: frames this node originated with a mesh header
 * @LOWPAN_MESH_STAT_TX_BC0: frames this node originated with a BC0 header
 * @LOWPAN_MESH_STAT_FWD_FRAMES: mesh frames forwarded to a next hop
 * @LOWPAN_MESH_STAT_FWD_DROP_HOPS: mesh frames dropped, hops left exhausted
 * @LOWPAN_MESH_STAT_FWD_DROP_NO_ROUTE: mesh frames dropped, no next hop for
 *	their final destination
 * @LOWPAN_MESH_STAT_FWD_DROP_XMIT: forwarded frames the wpan device refused
 * @LOWPAN_MESH_STAT_MESH_DELIVERED: mesh frames whose final destination is
 *	this node, passed up (to reassembly or decompression)
 * @LOWPAN_MESH_STAT_BC0_DELIVERED: flooded frames delivered here (once each)
 * @LOWPAN_MESH_STAT_BC0_FLOODED: flooded frames sent on again (once each)
 * @LOWPAN_MESH_STAT_BC0_DUPLICATE: flooded frames seen before: dropped
 * @LOWPAN_MESH_STAT_RX_DROP_OWN: frames this node originated, heard back
 *	through the flood or a loop
 * @LOWPAN_MESH_STAT_RX_DROP_CTX: dropped, an unknown or expired IPHC
 *	context identifier
 * @LOWPAN_MESH_STAT_CTRL_RX: mesh control frames received
 * @LOWPAN_MESH_STAT_CTRL_TX: mesh control frames sent
 * @LOWPAN_MESH_STAT_CTRL_DROP: mesh control frames dropped as malformed
 * @LOWPAN_MESH_STAT_RX_6CO_IGNORED: 6LoWPAN Context Options of received router
 *	advertisements ignored: malformed (RFC 6775 section 4.2; a context
 *	length of 0 too, as it could restore no prefix bit), or more in one
 *	RA than the context table holds
 * @LOWPAN_MESH_STAT_TX_HDR_IN: bytes of IPv6 and UDP headers of the IPv6
 *	packets sent (tx_packets), before compression
 * @LOWPAN_MESH_STAT_TX_HDR_OUT: bytes of 6LoWPAN headers (mesh, BC0,
 *	fragment, IPHC, NHC) those packets took on air; tx_hdr_in minus
 *	tx_hdr_out is what header compression saved, over all neighbours and
 *	the multicast no neighbour is counted for
 * @LOWPAN_MESH_STAT_FWD_DROP_BCAST: mesh frames for another node that
 *	came to a MAC broadcast or group address, not to this node: not
 *	relayed (every node that hears them would)
 * @LOWPAN_MESH_STAT_CTRL_TX_HELLO: mesh routing hellos sent (one hop)
 * @LOWPAN_MESH_STAT_CTRL_TX_DIR: routing address lists (RT_DIR) sent
 * @LOWPAN_MESH_STAT_CTRL_TX_ADV: routing distance vectors (RT_ADV) sent
 * @LOWPAN_MESH_STAT_CTRL_TX_REQ: routing requests (RT_REQ) sent
 * @LOWPAN_MESH_STAT_CTRL_RX_HELLO: hellos received and taken (also in
 *	ctrl_rx)
 * @LOWPAN_MESH_STAT_CTRL_RX_DIR: address lists received and taken
 * @LOWPAN_MESH_STAT_CTRL_RX_ADV: distance vectors received and taken
 * @LOWPAN_MESH_STAT_CTRL_RX_REQ: requests received and taken
 * @LOWPAN_MESH_STAT_CTRL_DROP_BAD: routing control frames dropped as
 *	malformed, or sent from this node's own address (also in ctrl_drop)
 * @LOWPAN_MESH_STAT_CTRL_DROP_STRANGER: routing frames other than hellos
 *	from a node that is no two-way neighbour (also in ctrl_drop)
 * @LOWPAN_MESH_STAT_CTRL_DROP_OFF: routing control frames received while
 *	routing is off (also in ctrl_drop)
 * @LOWPAN_MESH_STAT_CTRL_DROP_FLOODED: routing control frames that came
 *	under a mesh or BC0 header: they are one-hop only (also in ctrl_drop)
 * @LOWPAN_MESH_STAT_RT_NO_DIR: advertised route entries ignored: their
 *	index is not in the sender's address list as known here (the list is
 *	asked for)
 * @LOWPAN_MESH_STAT_RT_FULL: neighbours or destinations not stored: the
 *	routing tables are full
 * @LOWPAN_MESH_STAT_RT_NEIGH_GONE: neighbours declared gone (hellos missed)
 * @LOWPAN_MESH_STAT_RT_ROUTE_CHANGES: times the selected routes changed
 * @LOWPAN_MESH_STAT_FWD_SPLIT: relayed fragments that this node's longer MAC
 *	header left no room for, sent on cut in two or more (also in
 *	fwd_frames, once per received frame)
 * @LOWPAN_MESH_STAT_RX_DROP_UNSECURED: dropped, link-layer security is on
 *	(%LOWPAN_MESH_A_SECURITY) and the frame came without it, or with a
 *	security level that has no MIC (0 or 4: anyone can make those).
 *	Frames with an unknown key, a bad MIC or a frame counter seen before
 *	never get here: mac802154 drops them, and counts nothing
 * @__LOWPAN_MESH_STAT_MAX: internal
 */
enum lowpan_mesh_stat {
	LOWPAN_MESH_STAT_RX_FRAMES,
	LOWPAN_MESH_STAT_RX_PACKETS,
	LOWPAN_MESH_STAT_RX_BYTES,
	LOWPAN_MESH_STAT_RX_DROP_DOWN,
	LOWPAN_MESH_STAT_RX_DROP_NOT_DATA,
	LOWPAN_MESH_STAT_RX_DROP_OTHERHOST,
	LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN,
	LOWPAN_MESH_STAT_RX_DROP_MALFORMED,
	LOWPAN_MESH_STAT_RX_DROP_UNSUPPORTED,
	LOWPAN_MESH_STAT_RX_DROP_DECOMPRESS,
	LOWPAN_MESH_STAT_RX_DROP_NOMEM,
	LOWPAN_MESH_STAT_FRAG_RX,
	LOWPAN_MESH_STAT_REASM_OK,
	LOWPAN_MESH_STAT_REASM_DROP_TIMEOUT,
	LOWPAN_MESH_STAT_REASM_DROP_OVERLAP,
	LOWPAN_MESH_STAT_REASM_DROP_LIMIT,
	LOWPAN_MESH_STAT_REASM_DROP_BAD,
	LOWPAN_MESH_STAT_TX_PACKETS,
	LOWPAN_MESH_STAT_TX_BYTES,
	LOWPAN_MESH_STAT_TX_FRAMES,
	LOWPAN_MESH_STAT_TX_FRAGMENTED,
	LOWPAN_MESH_STAT_TX_DROP_COMPRESS,
	LOWPAN_MESH_STAT_TX_DROP_TOO_BIG,
	LOWPAN_MESH_STAT_TX_DROP_NOMEM,
	LOWPAN_MESH_STAT_TX_DROP_HEADER,
	LOWPAN_MESH_STAT_TX_DROP_XMIT,
	LOWPAN_MESH_STAT_TX_MESH,
	LOWPAN_MESH_STAT_TX_BC0,
	LOWPAN_MESH_STAT_FWD_FRAMES,
	LOWPAN_MESH_STAT_FWD_DROP_HOPS,
	LOWPAN_MESH_STAT_FWD_DROP_NO_ROUTE,
	LOWPAN_MESH_STAT_FWD_DROP_XMIT,
	LOWPAN_MESH_STAT_MESH_DELIVERED,
	LOWPAN_MESH_STAT_BC0_DELIVERED,
	LOWPAN_MESH_STAT_BC0_FLOODED,
	LOWPAN_MESH_STAT_BC0_DUPLICATE,
	LOWPAN_MESH_STAT_RX_DROP_OWN,
	LOWPAN_MESH_STAT_RX_DROP_CTX,
	LOWPAN_MESH_STAT_CTRL_RX,
	LOWPAN_MESH_STAT_CTRL_TX,
	LOWPAN_MESH_STAT_CTRL_DROP,
	LOWPAN_MESH_STAT_RX_6CO_IGNORED,
	LOWPAN_MESH_STAT_TX_HDR_IN,
	LOWPAN_MESH_STAT_TX_HDR_OUT,
	LOWPAN_MESH_STAT_FWD_DROP_BCAST,
	LOWPAN_MESH_STAT_CTRL_TX_HELLO,
	LOWPAN_MESH_STAT_CTRL_TX_DIR,
	LOWPAN_MESH_STAT_CTRL_TX_ADV,
	LOWPAN_MESH_STAT_CTRL_TX_REQ,
	LOWPAN_MESH_STAT_CTRL_RX_HELLO,
	LOWPAN_MESH_STAT_CTRL_RX_DIR,
	LOWPAN_MESH_STAT_CTRL_RX_ADV,
	LOWPAN_MESH_STAT_CTRL_RX_REQ,
	LOWPAN_MESH_STAT_CTRL_DROP_BAD,
	LOWPAN_MESH_STAT_CTRL_DROP_STRANGER,
	LOWPAN_MESH_STAT_CTRL_DROP_OFF,
	LOWPAN_MESH_STAT_CTRL_DROP_FLOODED,
	LOWPAN_MESH_STAT_RT_NO_DIR,
	LOWPAN_MESH_STAT_RT_FULL,
	LOWPAN_MESH_STAT_RT_NEIGH_GONE,
	LOWPAN_MESH_STAT_RT_ROUTE_CHANGES,
	LOWPAN_MESH_STAT_FWD_SPLIT,
	LOWPAN_MESH_STAT_RX_DROP_UNSECURED,

	/* add new counters above here */
	__LOWPAN_MESH_STAT_MAX,
};

#endif /* _UAPI_LINUX_LOWPAN_MESH_H */
