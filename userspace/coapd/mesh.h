/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mesh.h - the lowpan_mesh module's tables as coapd sees them
 *
 * mesh_nl.c fills these records from generic netlink (libnl-genl-3);
 * mesh_json.c turns them into JSON (pure, unit-tested); mesh_res.c serves
 * them as CoAP resources.
 */
#ifndef COAPD_MESH_H
#define COAPD_MESH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lmesh/json.h>

#define MESH_IFNAMSIZ	16
#define MESH_STATNAMSIZ	48

/* which optional fields a record carries (one bit per attribute) */
enum {
	MH_WPAN_IFINDEX = 1 << 0,
	MH_WPAN_IFNAME = 1 << 1,
	MH_EXT = 1 << 2,
	MH_SHORT = 1 << 3,
	MH_PAN = 1 << 4,
	MH_MTU = 1 << 5,
	MH_OPER = 1 << 6,
	MH_HOPS = 1 << 7,
	MH_DST_SHORT = 1 << 8,
	MH_DST_EXT = 1 << 9,
	MH_NH_SHORT = 1 << 10,
	MH_NH_EXT = 1 << 11,
	MH_METRIC = 1 << 12,
	MH_ORIGIN = 1 << 13,
	MH_LQI = 1 << 14,
	MH_LAST_SEEN = 1 << 15,
	MH_RX_FRAMES = 1 << 16,
	MH_TX_PACKETS = 1 << 17,
	MH_TX_HDR_IN = 1 << 18,
	MH_TX_HDR_OUT = 1 << 19,
	MH_PREFIX = 1 << 20,
	MH_PLEN = 1 << 21,
	MH_COMPRESS = 1 << 22,
	MH_LIFETIME = 1 << 23,
	MH_VERSION = 1 << 24,
	MH_CTX_ID = 1 << 25,
	MH_FLOOD = 1 << 26,
	MH_AUTHORITY = 1 << 27,
	MH_PHASE = 1 << 28,
};

struct mesh_counter {
	char name[MESH_STATNAMSIZ];
	uint64_t value;
};

/* one record of any table; which fields mean something says ->has */
struct mesh_rec {
	uint32_t has;
	uint32_t ifindex;
	char ifname[MESH_IFNAMSIZ];
	/* dev */
	uint32_t wpan_ifindex, mtu;
	char wpan_ifname[MESH_IFNAMSIZ];
	uint64_t ext_addr;
	uint16_t short_addr, pan_id;
	uint8_t oper_up, hops_left, flood, authority;
	/* stats */
	size_t n_counters, cap_counters;
	struct mesh_counter *counters;
	/* route */
	uint16_t dst_short, nh_short;
	uint64_t dst_ext, nh_ext;
	uint32_t metric;
	uint8_t origin;		/* route or context origin */
	uint8_t phase;		/* context: enum lowpan_mesh_ctx_phase */
	/* neighbour */
	uint8_t lqi;
	uint32_t last_seen_ms;
	uint64_t rx_frames, tx_packets, tx_hdr_in, tx_hdr_out;
	/* context */
	uint8_t ctx_id, prefix[16], prefix_len, compress;
	uint32_t lifetime, version;
};

enum mesh_table {
	MESH_DEV,
	MESH_STATS,
	MESH_ROUTES,
	MESH_NEIGH,
	MESH_CTX,
	MESH_NTABLES,
};

struct mesh_list {
	struct mesh_rec *r;
	size_t n, cap;
};

/* A new zeroed record at the end of @l, or NULL (out of memory). */
struct mesh_rec *mesh_list_add(struct mesh_list *l);
/* Add a counter to @r; -1 when out of memory. */
int mesh_rec_add_counter(struct mesh_rec *r, const char *name, uint64_t value);
void mesh_list_free(struct mesh_list *l);

/* "dev", "stats", "routes", "neigh", "ctx" */
const char *mesh_table_name(enum mesh_table t);
/* JSON array of @l for table @t, the same keys iotctl -j prints */
void mesh_json(enum mesh_table t, const struct mesh_list *l, struct jbuf *jb);

/* "00:11:22:33:44:55:66:77" (24 bytes with the NUL) */
void mesh_fmt_ext(uint64_t ext, char *buf, size_t size);
/* "0x00ab" */
void mesh_fmt_short(uint16_t s, char *buf, size_t size);

/* --- mesh_nl.c: generic netlink ------------------------------------------ */

struct mesh_nl;

typedef void (*mesh_event_fn)(void *ctx, int cmd, int event, uint32_t ifindex);

struct mesh_nl *mesh_nl_new(void);
void mesh_nl_free(struct mesh_nl *m);
/*
 * Dump table @t into @l. 0, or a negative errno: -ENOENT when the
 * lowpan_mesh family is not registered (module not loaded), -EOPNOTSUPP
 * when the module does not implement the command yet. @why gets a message.
 */
int mesh_nl_dump(struct mesh_nl *m, enum mesh_table t, struct mesh_list *l,
		 char *why, size_t whylen);
/*
 * Join the "events" multicast group (again, e.g. after the module was
 * loaded). Returns the socket to poll, or -1.
 */
int mesh_nl_events_open(struct mesh_nl *m);
int mesh_nl_events_fd(const struct mesh_nl *m);
/* Read what is pending; @fn for each event. -1 when the socket died. */
int mesh_nl_events_read(struct mesh_nl *m, mesh_event_fn fn, void *ctx);

#endif /* COAPD_MESH_H */
