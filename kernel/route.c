// SPDX-License-Identifier: GPL-2.0
/*
 * route.c - neighbour table, route table and BC0 duplicate cache
 *
 * Small per-interface tables under one spinlock: they are consulted once
 * per frame and hold tens of entries on a real mesh. The route table's
 * entries carry an origin so that a routing protocol can own its routes
 * next to the static ones later.
 *
 * Next to them, the short addresses that neighbour discovery announced for
 * extended addresses (lm_nd_short_learn()).
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "lowpan_mesh.h"

/**
 * struct lm_neigh - a node heard directly
 * @list: in &struct lm_tables.neighs
 * @info: what netlink reports
 */
struct lm_neigh {
	struct list_head list;
	struct lm_neigh_info info;
};

/**
 * struct lm_route - a route to a final destination
 * @list: in &struct lm_tables.routes
 * @info: destination, next hop, metric, origin
 */
struct lm_route {
	struct list_head list;
	struct lm_route_info info;
};

/**
 * lm_addr_from_ieee() - the mesh form of an 802.15.4 address
 * @a: result (len 0 when @ia has no address)
 * @ia: a MAC-layer address
 */
void lm_addr_from_ieee(struct lm_addr *a, const struct ieee802154_addr *ia)
{
	switch (ia->mode) {
	case IEEE802154_ADDR_SHORT:
		a->len = 2;
		a->v = le16_to_cpu(ia->short_addr);
		break;
	case IEEE802154_ADDR_LONG:
		a->len = 8;
		a->v = le64_to_cpu(ia->extended_addr);
		break;
	default:
		a->len = 0;
		a->v = 0;
	}
}

/**
 * lm_addr_to_ieee() - the MAC-layer form of a mesh address
 * @ia: result
 * @a: a mesh address (len 2 or 8)
 * @pan_id: PAN of the result
 */
void lm_addr_to_ieee(struct ieee802154_addr *ia, const struct lm_addr *a,
		     __le16 pan_id)
{
	memset(ia, 0, sizeof(*ia));
	ia->pan_id = pan_id;
	if (a->len == 2) {
		ia->mode = IEEE802154_ADDR_SHORT;
		ia->short_addr = cpu_to_le16((u16)a->v);
	} else {
		ia->mode = IEEE802154_ADDR_LONG;
		ia->extended_addr = cpu_to_le64(a->v);
	}
}

/**
 * lm_addr_is_self() - is this one of this node's addresses
 * @lm: the mesh interface
 * @a: an address
 *
 * Return: true for the node's extended address or its short address.
 */
bool lm_addr_is_self(struct lm_dev *lm, const struct lm_addr *a)
{
	struct wpan_dev *w = lm->wdev->ieee802154_ptr;

	if (a->len == 8)
		return a->v == le64_to_cpu(w->extended_addr);
	if (a->len == 2)
		return lowpan_802154_is_valid_src_short_addr(w->short_addr) &&
		       a->v == le16_to_cpu(w->short_addr);
	return false;
}

/**
 * lm_addr_self() - the address this node originates mesh frames from
 * @lm: the mesh interface
 * @a: result: the short address when the node has one, else the extended
 */
void lm_addr_self(struct lm_dev *lm, struct lm_addr *a)
{
	struct wpan_dev *w = lm->wdev->ieee802154_ptr;

	if (lowpan_802154_is_valid_src_short_addr(w->short_addr)) {
		a->len = 2;
		a->v = le16_to_cpu(w->short_addr);
	} else {
		a->len = 8;
		a->v = le64_to_cpu(w->extended_addr);
	}
}

/**
 * lm_tables_init() - empty tables with the default settings
 * @lm: the mesh interface
 */
void lm_tables_init(struct lm_dev *lm)
{
	struct lm_tables *t = &lm->tables;

	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->neighs);
	INIT_LIST_HEAD(&t->routes);
	t->hops_left = 14;
	t->flood = true;
	spin_lock_init(&lm->nd.lock);
}

/**
 * lm_tables_flush() - free every entry, for good: the interface goes
 * @lm: the mesh interface
 *
 * A route added after this (a netlink request that took its reference to
 * the interface before) is refused: lm_route_add() checks under the same
 * lock.
 */
void lm_tables_flush(struct lm_dev *lm)
{
	struct lm_tables *t = &lm->tables;
	struct lm_neigh *n, *nt;
	struct lm_route *r, *rt;
	LIST_HEAD(neighs);
	LIST_HEAD(routes);

	spin_lock_bh(&t->lock);
	t->dead = true;
	WRITE_ONCE(t->gen, t->gen + 1);
	list_splice_init(&t->neighs, &neighs);
	list_splice_init(&t->routes, &routes);
	t->n_neighs = 0;
	t->n_routes = 0;
	spin_unlock_bh(&t->lock);

	spin_lock_bh(&lm->nd.lock);
	memset(lm->nd.e, 0, sizeof(lm->nd.e));
	spin_unlock_bh(&lm->nd.lock);

	list_for_each_entry_safe(n, nt, &neighs, list)
		kfree(n);
	list_for_each_entry_safe(r, rt, &routes, list)
		kfree(r);
}

/* Called with the lock held. */
static struct lm_neigh *lm_neigh_find(struct lm_tables *t,
				      const struct lm_addr *a)
{
	struct lm_neigh *n;

	list_for_each_entry(n, &t->neighs, list)
		if (lm_addr_eq(&n->info.addr, a))
			return n;
	return NULL;
}

/*
 * The entry for @a, created if need be (the least recently heard one is
 * reused when the table is full). Called with the lock held; NULL only
 * when memory is short. *@created tells whether it is new.
 *
 * Entries keep their place (newest first): a frame heard does not move its
 * neighbour, so the rows of a dump that takes several messages stay where
 * they were, and only an entry that comes or goes changes @gen.
 */
static struct lm_neigh *lm_neigh_get(struct lm_tables *t,
				     const struct lm_addr *a, bool *created)
{
	struct lm_neigh *n = lm_neigh_find(t, a);

	*created = false;
	if (n)
		return n;
	if (t->n_neighs >= LM_MAX_NEIGHS) {
		struct lm_neigh *o;

		n = list_first_entry(&t->neighs, struct lm_neigh, list);
		list_for_each_entry(o, &t->neighs, list)
			if (time_before(o->info.last_seen, n->info.last_seen))
				n = o;
		list_del(&n->list);
		memset(&n->info, 0, sizeof(n->info));
	} else {
		n = kzalloc(sizeof(*n), GFP_ATOMIC);
		if (!n)
			return NULL;
		t->n_neighs++;
	}
	n->info.addr = *a;
	list_add(&n->list, &t->neighs);
	WRITE_ONCE(t->gen, t->gen + 1);
	*created = true;
	return n;
}

/**
 * lm_neigh_heard() - note a frame heard directly from a node
 * @lm: the mesh interface
 * @a: the frame's MAC source
 * @lqi: its link quality
 */
void lm_neigh_heard(struct lm_dev *lm, const struct lm_addr *a, u8 lqi)
{
	struct lm_tables *t = &lm->tables;
	struct lm_neigh *n;
	bool created;

	if (!a->len || lm_addr_is_group(a))
		return;
	spin_lock_bh(&t->lock);
	n = lm_neigh_get(t, a, &created);
	if (n) {
		n->info.lqi = lqi;
		n->info.last_seen = jiffies;
		n->info.rx_frames++;
	}
	spin_unlock_bh(&t->lock);
	if (n && created)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_NEIGH);
}

/**
 * lm_neigh_known() - has this node been heard directly
 * @lm: the mesh interface
 * @a: an address
 *
 * Return: true when @a is in the neighbour table.
 */
bool lm_neigh_known(struct lm_dev *lm, const struct lm_addr *a)
{
	struct lm_tables *t = &lm->tables;
	bool known;

	spin_lock_bh(&t->lock);
	known = lm_neigh_find(t, a);
	spin_unlock_bh(&t->lock);
	return known;
}

/**
 * lm_neigh_tx_account() - count a packet this node sent through a neighbour
 * @lm: the mesh interface
 * @a: the first hop
 * @hdr_in: IPv6 and UDP header bytes before compression
 * @hdr_out: 6LoWPAN header bytes on air
 */
void lm_neigh_tx_account(struct lm_dev *lm, const struct lm_addr *a,
			 unsigned int hdr_in, unsigned int hdr_out)
{
	struct lm_tables *t = &lm->tables;
	struct lm_neigh *n;
	bool created;

	if (!a->len)
		return;
	spin_lock_bh(&t->lock);
	n = lm_neigh_get(t, a, &created);
	if (n) {
		n->info.tx_packets++;
		n->info.hdr_in += hdr_in;
		n->info.hdr_out += hdr_out;
	}
	spin_unlock_bh(&t->lock);
}

/**
 * lm_neigh_snapshot() - copy the neighbour table
 * @lm: the mesh interface
 * @out: room for @max entries
 * @max: size of @out
 *
 * Return: the number of entries copied.
 */
unsigned int lm_neigh_snapshot(struct lm_dev *lm, struct lm_neigh_info *out,
			       unsigned int max)
{
	struct lm_tables *t = &lm->tables;
	struct lm_neigh *n;
	unsigned int i = 0;

	spin_lock_bh(&t->lock);
	list_for_each_entry(n, &t->neighs, list) {
		if (i == max)
			break;
		out[i++] = n->info;
	}
	spin_unlock_bh(&t->lock);
	return i;
}

/* Called with the lock held. */
static struct lm_route *lm_route_find(struct lm_tables *t,
				      const struct lm_addr *dst)
{
	struct lm_route *r;

	list_for_each_entry(r, &t->routes, list)
		if (lm_addr_eq(&r->info.dst, dst))
			return r;
	return NULL;
}

/**
 * lm_route_add() - add or replace the route to a destination
 * @lm: the mesh interface
 * @ri: the route
 * @excl: fail with -EEXIST when a route to the destination exists
 *
 * Return: 0, -EEXIST, -ENOSPC (table full), -ENODEV (the interface is
 * going away) or -ENOMEM.
 */
int lm_route_add(struct lm_dev *lm, const struct lm_route_info *ri, bool excl)
{
	struct lm_tables *t = &lm->tables;
	struct lm_route *r, *nr;
	int err = 0;

	nr = kzalloc(sizeof(*nr), GFP_KERNEL);
	if (!nr)
		return -ENOMEM;
	nr->info = *ri;

	spin_lock_bh(&t->lock);
	r = lm_route_find(t, &ri->dst);
	if (t->dead) {
		err = -ENODEV;
	} else if (r && excl) {
		err = -EEXIST;
	} else if (r) {
		r->info = *ri;
		WRITE_ONCE(t->gen, t->gen + 1);
	} else if (t->n_routes >= LM_MAX_ROUTES) {
		err = -ENOSPC;
	} else {
		list_add_tail(&nr->list, &t->routes);
		t->n_routes++;
		WRITE_ONCE(t->gen, t->gen + 1);
		nr = NULL;
	}
	spin_unlock_bh(&t->lock);
	kfree(nr);
	if (!err)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_ROUTE);
	return err;
}

/**
 * lm_route_del() - delete the route to a destination
 * @lm: the mesh interface
 * @dst: the destination
 *
 * Return: 0 or -ENOENT.
 */
int lm_route_del(struct lm_dev *lm, const struct lm_addr *dst)
{
	struct lm_tables *t = &lm->tables;
	struct lm_route *r;

	spin_lock_bh(&t->lock);
	r = lm_route_find(t, dst);
	if (r) {
		list_del(&r->list);
		t->n_routes--;
		WRITE_ONCE(t->gen, t->gen + 1);
	}
	spin_unlock_bh(&t->lock);
	if (!r)
		return -ENOENT;
	kfree(r);
	lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_ROUTE);
	return 0;
}

/**
 * lm_route_lookup() - the next hop towards a destination
 * @lm: the mesh interface
 * @dst: the final destination
 * @nexthop: result
 *
 * A static route wins; without one, the route the mesh routing learned
 * (routing.c), if any.
 *
 * Return: true when a route exists.
 */
bool lm_route_lookup(struct lm_dev *lm, const struct lm_addr *dst,
		     struct lm_addr *nexthop)
{
	struct lm_tables *t = &lm->tables;
	struct lm_route *r;

	spin_lock_bh(&t->lock);
	r = lm_route_find(t, dst);
	if (r)
		*nexthop = r->info.nexthop;
	spin_unlock_bh(&t->lock);
	return r || lm_routing_lookup(lm, dst, nexthop);
}

/**
 * lm_tables_gen() - the generation of the neighbour and route tables
 * @lm: the mesh interface
 *
 * It changes whenever a route or a neighbour entry comes, goes or (a
 * route) is replaced: a dump that reads a different one between its
 * messages is flagged NLM_F_DUMP_INTR.
 *
 * Return: the generation.
 */
u32 lm_tables_gen(struct lm_dev *lm)
{
	return READ_ONCE(lm->tables.gen);
}

/**
 * lm_route_snapshot() - copy the route table
 * @lm: the mesh interface
 * @out: room for @max entries
 * @max: size of @out
 *
 * Return: the number of entries copied.
 */
unsigned int lm_route_snapshot(struct lm_dev *lm, struct lm_route_info *out,
			       unsigned int max)
{
	struct lm_tables *t = &lm->tables;
	struct lm_route *r;
	unsigned int i = 0;

	spin_lock_bh(&t->lock);
	list_for_each_entry(r, &t->routes, list) {
		if (i == max)
			break;
		out[i++] = r->info;
	}
	spin_unlock_bh(&t->lock);
	return i;
}

/**
 * lm_bc0_seen() - check and remember a flooded frame
 * @lm: the mesh interface
 * @orig: the frame's mesh originator
 * @seq: its BC0 sequence number
 *
 * Return: true when (@orig, @seq) was seen within %LM_DUP_WINDOW: a
 * duplicate. Otherwise it is remembered and false is returned.
 */
bool lm_bc0_seen(struct lm_dev *lm, const struct lm_addr *orig, u8 seq)
{
	struct lm_tables *t = &lm->tables;
	unsigned long now = jiffies;
	bool seen = false;
	unsigned int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->dup); i++) {
		if (t->dup[i].seq == seq && t->dup[i].orig.len &&
		    lm_addr_eq(&t->dup[i].orig, orig) &&
		    time_before(now, t->dup[i].when + LM_DUP_WINDOW)) {
			seen = true;
			break;
		}
	}
	if (!seen) {
		i = t->dup_next;
		t->dup[i].orig = *orig;
		t->dup[i].seq = seq;
		t->dup[i].when = now;
		t->dup_next = (i + 1) % ARRAY_SIZE(t->dup);
	}
	spin_unlock_bh(&t->lock);
	return seen;
}

/*
 * Short addresses from neighbour discovery
 *
 * ndisc_update() sends the packets queued on a neighbour entry
 * (neigh_update()) before the 6LoWPAN ND code stores the neighbour's short
 * address in it, so the first packet to a node would leave for its extended
 * address, which the mesh routes do not know. The receive path therefore
 * notes the extended and short addresses of every ND message it hands up,
 * before the IPv6 stack sees the message, and the transmit path asks here
 * when the neighbour entry has no short address (yet).
 *
 * What a message announces is parsed by lm_nd_lladdr_parse()
 * (proto/lm_nd.c, pure and tested on the host).
 */

/**
 * lm_nd_short_learn() - note what an ND message announced
 * @lm: the mesh interface
 * @ll: the addresses, from lm_nd_lladdr_parse()
 *
 * A valid unicast short address replaces what was known for the extended
 * address, and for the short address (a PAN uses a short address once).
 * No short address, or one that is not a valid source, forgets the
 * extended address's entry: the node has none any more. The table is
 * bounded; a free slot or else the oldest entry is taken.
 */
void lm_nd_short_learn(struct lm_dev *lm, const struct lm_nd_lladdr *ll)
{
	bool valid = ll->has_short &&
		     lowpan_802154_is_valid_src_short_addr(cpu_to_le16(ll->short_addr));
	struct lm_nd_table *nd = &lm->nd;
	struct lm_nd_short *e, *slot = NULL;
	unsigned long now = jiffies;
	unsigned int i;

	spin_lock_bh(&nd->lock);
	for (i = 0; i < ARRAY_SIZE(nd->e); i++) {
		e = &nd->e[i];
		if (e->used && (e->ext == ll->ext ||
				(valid && e->short_addr == ll->short_addr)))
			e->used = false;
		if (!e->used) {
			if (!slot || slot->used)
				slot = e;
		} else if (!slot || (slot->used && time_before(e->when, slot->when))) {
			slot = e;
		}
	}
	if (valid && slot) {
		slot->ext = ll->ext;
		slot->short_addr = ll->short_addr;
		slot->when = now;
		slot->used = true;
	}
	spin_unlock_bh(&nd->lock);
}

/**
 * lm_nd_short_lookup() - the short address ND announced for a node
 * @lm: the mesh interface
 * @ext: the node's extended address (as &struct lm_addr.v)
 * @short_addr: set to the short address when one is known
 *
 * Return: true when an entry younger than %LM_ND_SHORT_AGE is known.
 */
bool lm_nd_short_lookup(struct lm_dev *lm, u64 ext, __le16 *short_addr)
{
	struct lm_nd_table *nd = &lm->nd;
	bool found = false;
	unsigned int i;

	spin_lock_bh(&nd->lock);
	for (i = 0; i < ARRAY_SIZE(nd->e); i++) {
		if (nd->e[i].used && nd->e[i].ext == ext &&
		    time_before(jiffies, nd->e[i].when + LM_ND_SHORT_AGE)) {
			*short_addr = cpu_to_le16(nd->e[i].short_addr);
			found = true;
			break;
		}
	}
	spin_unlock_bh(&nd->lock);
	return found;
}
