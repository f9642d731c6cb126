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
 * @__LOWPAN_MESH_CMD_MAX: internal
 */
enum lowpan_mesh_cmd {
	LOWPAN_MESH_CMD_UNSPEC,
	LOWPAN_MESH_CMD_DEV_ADD,
	LOWPAN_MESH_CMD_DEV_DEL,
	LOWPAN_MESH_CMD_DEV_GET,
	LOWPAN_MESH_CMD_STATS_GET,

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

	/* add new attributes above here */
	__LOWPAN_MESH_A_MAX,
};

#define LOWPAN_MESH_A_MAX (__LOWPAN_MESH_A_MAX - 1)

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

	/* add new counters above here */
	__LOWPAN_MESH_STAT_MAX,
};

#endif /* _UAPI_LINUX_LOWPAN_MESH_H */
