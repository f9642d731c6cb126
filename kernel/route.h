/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route.h - link-layer addresses, the neighbour table, the route table and
 * the BC0 duplicate cache of a mesh interface
 */
#ifndef _LM_ROUTE_H
#define _LM_ROUTE_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/ieee802154_netdev.h>

#include "uapi/linux/lowpan_mesh.h"

struct lm_dev;

/**
 * struct lm_addr - an 802.15.4 address as the mesh header carries it
 * @len: 2 (short) or 8 (extended); 0 for no address
 * @v: the address as a host integer, most significant byte printed first
 */
struct lm_addr {
	u8 len;
	u64 v;
};

#define LM_SHORT_BCAST		0xffff
#define LM_SHORT_MCAST_MASK	0xe000	/* RFC 4944 section 9: 100xxxxx */
#define LM_SHORT_MCAST		0x8000

static inline bool lm_addr_eq(const struct lm_addr *a, const struct lm_addr *b)
{
	return a->len == b->len && a->v == b->v;
}

/* Broadcast, or an RFC 4944 multicast short address. */
static inline bool lm_addr_is_group(const struct lm_addr *a)
{
	return a->len == 2 && (a->v == LM_SHORT_BCAST ||
			       (a->v & LM_SHORT_MCAST_MASK) == LM_SHORT_MCAST);
}

void lm_addr_from_ieee(struct lm_addr *a, const struct ieee802154_addr *ia);
void lm_addr_to_ieee(struct ieee802154_addr *ia, const struct lm_addr *a,
		     __le16 pan_id);
bool lm_addr_is_self(struct lm_dev *lm, const struct lm_addr *a);
void lm_addr_self(struct lm_dev *lm, struct lm_addr *a);

/**
 * struct lm_tables - per-interface neighbour, route and duplicate state
 * @lock: protects everything here
 * @neighs: &struct lm_neigh, most recently added first
 * @n_neighs: entries in @neighs
 * @routes: &struct lm_route
 * @n_routes: entries in @routes
 * @dup: recently seen (originator, BC0 sequence) pairs, a ring
 * @dup_next: next slot of @dup to overwrite
 * @hops_left: hops left of the mesh headers this node originates
 * @flood: flood originated multicast with mesh + BC0 headers
 * @bc0_seq: next BC0 sequence number
 * @gen: generation, changed by every entry added, replaced or removed
 *	(see lm_tables_gen())
 * @dead: the interface is going away: the tables were flushed for good and
 *	take no new route
 */
struct lm_tables {
	spinlock_t lock;
	struct list_head neighs;
	unsigned int n_neighs;
	struct list_head routes;
	unsigned int n_routes;
	struct {
		struct lm_addr orig;
		u8 seq;
		unsigned long when;
	} dup[64];
	unsigned int dup_next;
	u8 hops_left;
	bool flood;
	u8 bc0_seq;
	u32 gen;
	bool dead;
};

void lm_tables_init(struct lm_dev *lm);
void lm_tables_flush(struct lm_dev *lm);
u32 lm_tables_gen(struct lm_dev *lm);

void lm_neigh_heard(struct lm_dev *lm, const struct lm_addr *a, u8 lqi);
bool lm_neigh_known(struct lm_dev *lm, const struct lm_addr *a);
void lm_neigh_tx_account(struct lm_dev *lm, const struct lm_addr *a,
			 unsigned int hdr_in, unsigned int hdr_out);

bool lm_route_lookup(struct lm_dev *lm, const struct lm_addr *dst,
		     struct lm_addr *nexthop);
bool lm_bc0_seen(struct lm_dev *lm, const struct lm_addr *orig, u8 seq);

#define LM_MAX_ROUTES	128	/* routes per interface */
#define LM_MAX_NEIGHS	64	/* neighbours per interface, LRU beyond */
#define LM_DUP_WINDOW	(10 * HZ)	/* a BC0 (orig, seq) counts as seen */

/**
 * struct lm_route_info - one route, as netlink sees it
 * @dst: final destination
 * @nexthop: neighbour to send to
 * @metric: lower is better
 * @origin: &enum lowpan_mesh_route_origin
 */
struct lm_route_info {
	struct lm_addr dst;
	struct lm_addr nexthop;
	u32 metric;
	u8 origin;
};

/**
 * struct lm_neigh_info - one neighbour, as netlink sees it
 * @addr: its address (as heard in MAC source fields)
 * @lqi: link quality of the last frame
 * @last_seen: jiffies of the last frame
 * @rx_frames: frames heard from it
 * @tx_packets: packets originated here with it as first hop
 * @hdr_in: IPv6/UDP header bytes of those before compression
 * @hdr_out: 6LoWPAN header bytes of those on air
 * @rt_valid: mesh routing runs: @rt_state is meaningful
 * @rt_heard: the routing hears its hellos: the link figures are set
 * @rt_state: &enum lowpan_mesh_neigh_state
 * @cost: link cost routes use
 * @cost_in: cost of the direction from it to us
 * @cost_out: cost of the direction from us to it
 * @hello_loss: percent of its hellos lost
 */
struct lm_neigh_info {
	struct lm_addr addr;
	u8 lqi;
	unsigned long last_seen;
	u64 rx_frames;
	u64 tx_packets;
	u64 hdr_in;
	u64 hdr_out;
	bool rt_valid;
	bool rt_heard;
	u8 rt_state;
	u8 cost;
	u32 cost_in;
	u32 cost_out;
	u8 hello_loss;
};

int lm_route_add(struct lm_dev *lm, const struct lm_route_info *r,
		 bool excl);
int lm_route_del(struct lm_dev *lm, const struct lm_addr *dst);
unsigned int lm_route_snapshot(struct lm_dev *lm, struct lm_route_info *out,
			       unsigned int max);
unsigned int lm_neigh_snapshot(struct lm_dev *lm, struct lm_neigh_info *out,
			       unsigned int max);

#endif /* _LM_ROUTE_H */
