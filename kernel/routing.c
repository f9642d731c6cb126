// SPDX-License-Identifier: GPL-2.0
/*
 * routing.c - dynamic mesh-under routing of a mesh interface
 *
 * The protocol itself is pure code (proto/lm_route.c: neighbour sensing,
 * loop-free distance vector, Trickle); this file gives it what a kernel
 * has: a clock, random numbers, a timer, frames on air and off air, and it
 * reports what changed (counters, netlink events). Its frames are mesh
 * control frames of proto/lm_ctrl.c, sent one hop to the MAC broadcast
 * address without mesh or BC0 header, and received through rx.c's control
 * frame dispatch.
 *
 *   timer / frame heard -> lm_rt_rx() -> lm_rt_tick() -> lm_rt_tx() ... -> air
 *                                                    -> events -> netlink
 *
 * Learned routes are used only when no static route to the destination
 * exists (route.c asks here last).
 */
#include <linux/ieee802154.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/cfg802154.h>
#include <net/mac802154.h>

#include "lowpan_mesh.h"
#include "routing.h"

static void lm_routing_timer(struct timer_list *t);

static bool lm_routing_default;
module_param_named(routing, lm_routing_default, bool, 0644);
MODULE_PARM_DESC(routing,
		 "dynamic mesh routing on new mesh interfaces (default off)");

static u32 lm_now_ms(void)
{
	return (u32)ktime_to_ms(ktime_get());
}

static void lm_rt_addr_from(struct lm_rt_addr *r, const struct lm_addr *a)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->len = a->len;
	for (i = 0; i < a->len && i < sizeof(r->a); i++)
		r->a[i] = (u8)(a->v >> (8 * (a->len - 1 - i)));
}

static void lm_addr_from_rt(struct lm_addr *a, const struct lm_rt_addr *r)
{
	unsigned int i;

	a->len = r->len;
	a->v = 0;
	for (i = 0; i < r->len && i < sizeof(r->a); i++)
		a->v = a->v << 8 | r->a[i];
}

static bool lm_rt_addr_same(const struct lm_rt_addr *a,
			    const struct lm_rt_addr *b)
{
	return a->len == b->len && !memcmp(a->a, b->a, a->len);
}

/**
 * lm_routing_init() - the routing state of a new interface
 * @lm: the mesh interface
 *
 * Return: 0 or -ENOMEM.
 */
int lm_routing_init(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;

	spin_lock_init(&r->lock);
	timer_setup(&r->timer, lm_routing_timer, 0);
	lm_rt_params_default(&r->p);
	r->st.max_dst = LM_ROUTING_MAX_DST;
	r->st.max_nb = LM_ROUTING_MAX_NB;
	r->st.dst = kvcalloc(LM_ROUTING_MAX_DST, sizeof(*r->st.dst),
			     GFP_KERNEL);
	r->st.order = kvcalloc(LM_ROUTING_MAX_DST, sizeof(*r->st.order),
			       GFP_KERNEL);
	r->st.nb = kvcalloc(LM_ROUTING_MAX_NB, sizeof(*r->st.nb), GFP_KERNEL);
	r->st.map = kvcalloc(LM_ROUTING_MAX_NB * LM_ROUTING_MAX_DST,
			     sizeof(*r->st.map), GFP_KERNEL);
	if (!r->st.dst || !r->st.order || !r->st.nb || !r->st.map) {
		lm_routing_free(lm);
		return -ENOMEM;
	}
	r->enabled = READ_ONCE(lm_routing_default);
	return 0;
}

/**
 * lm_routing_free() - free the tables (the timer is stopped)
 * @lm: the mesh interface
 */
void lm_routing_free(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;

	kvfree(r->st.dst);
	kvfree(r->st.order);
	kvfree(r->st.nb);
	kvfree(r->st.map);
	r->st.dst = NULL;
	r->st.order = NULL;
	r->st.nb = NULL;
	r->st.map = NULL;
}

/* The table generation changes: netlink dumps in progress see it. */
static void lm_routing_bump_gen(struct lm_dev *lm)
{
	spin_lock(&lm->tables.lock);
	WRITE_ONCE(lm->tables.gen, lm->tables.gen + 1);
	spin_unlock(&lm->tables.lock);
}

/* (Re)start the protocol with the node's current address. Lock held. */
static void __lm_routing_restart(struct lm_dev *lm, u32 now)
{
	struct lm_routing *r = &lm->routing;
	struct lm_rt_addr self;

	lm_addr_self(lm, &r->self);
	lm_rt_addr_from(&self, &r->self);
	memset(r->prev, 0, sizeof(r->prev));
	memset(&r->last, 0, sizeof(r->last));
	r->running = !lm_rt_init(&r->rt, &r->p, &r->st, &self, now,
				 get_random_u32());
}

/* Stop the protocol: its routes are gone. Lock held. */
static void __lm_routing_halt(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;

	if (!r->running)
		return;
	r->running = false;
	lm_routing_bump_gen(lm);
	lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_ROUTE);
}

/* One routing control frame, ready for the wpan device, or NULL. */
static struct sk_buff *lm_routing_frame(struct lm_dev *lm, const u8 *buf,
					int len)
{
	struct net_device *wdev = lm->wdev;
	__le16 pan = wdev->ieee802154_ptr->pan_id;
	struct lm_addr_info info = {};
	struct sk_buff *skb;

	skb = alloc_skb(LL_RESERVED_SPACE(wdev) + len + wdev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(wdev));
	skb_put_data(skb, buf, len);
	skb_reset_network_header(skb);
	lm_addr_to_ieee(&info.saddr, &lm->routing.self, pan);
	info.daddr.mode = IEEE802154_ADDR_SHORT;
	info.daddr.pan_id = pan;
	info.daddr.short_addr = cpu_to_le16(IEEE802154_ADDR_BROADCAST);
	if (lm_tx_mac_header(lm, skb, &info) < 0) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* Everything lm_rt_tx() has to send, onto @q. Lock held. */
static void lm_routing_collect(struct lm_dev *lm, struct sk_buff_head *q)
{
	struct lm_routing *r = &lm->routing;
	bool up = netif_running(lm->ldev) && netif_running(lm->wdev);
	u8 buf[LM_CTRL_RT_MAX_LEN];
	struct sk_buff *skb;
	int len;

	while ((len = lm_rt_tx(&r->rt, buf, sizeof(buf))) > 0) {
		if (!up)
			continue;	/* drained: nothing goes out while down */
		skb = lm_routing_frame(lm, buf, len);
		if (!skb)
			continue;
		lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_TX_HELLO +
				(buf[1] - LM_CTRL_HELLO));
		__skb_queue_tail(q, skb);
	}
}

static void lm_routing_xmit(struct lm_dev *lm, struct sk_buff_head *q)
{
	struct sk_buff *skb;
	int rc;

	while ((skb = __skb_dequeue(q))) {
		/* net_xmit_eval() evaluates its argument twice */
		rc = dev_queue_xmit(skb);
		if (!net_xmit_eval(rc))
			lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_TX);
	}
}

static u8 lm_routing_uapi_state(u8 state)
{
	switch (state) {
	case LM_RT_NB_HEARD:
		return LOWPAN_MESH_NEIGH_HEARD;
	case LM_RT_NB_UP:
		return LOWPAN_MESH_NEIGH_UP;
	default:
		return LOWPAN_MESH_NEIGH_NONE;
	}
}

/* What changed since the last run: counters and events. Lock held. */
static void lm_routing_events(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;
	struct lm_rt *rt = &r->rt;
	const struct lm_rt_nb *nb;
	struct lm_addr a;
	bool same, prev_up;
	unsigned int i;
	u32 ev;

	ev = lm_rt_events(rt);
	for (i = 0; i < LM_ROUTING_MAX_NB; i++) {
		nb = &rt->s.nb[i];
		same = nb->state != LM_RT_NB_FREE &&
		       lm_rt_addr_same(&nb->addr, &r->prev[i].addr);
		prev_up = r->prev[i].state == LM_RT_NB_UP;
		if (r->prev[i].state != LM_RT_NB_FREE && !same) {
			/* the slot's neighbour went silent: gone */
			lm_stat_inc(lm, LOWPAN_MESH_STAT_RT_NEIGH_GONE);
			if (prev_up) {
				lm_addr_from_rt(&a, &r->prev[i].addr);
				lm_netlink_notify_neigh(lm, &a,
							LOWPAN_MESH_NEIGH_NONE);
			}
			prev_up = false;
		}
		if ((nb->state == LM_RT_NB_UP) != prev_up &&
		    nb->state != LM_RT_NB_FREE) {
			lm_addr_from_rt(&a, &nb->addr);
			lm_netlink_notify_neigh(lm, &a,
						lm_routing_uapi_state(nb->state));
		}
		r->prev[i].addr = nb->addr;
		r->prev[i].state = nb->state;
	}
	if (rt->stats.rx_no_dir != r->last.no_dir) {
		lm_stat_add(lm, LOWPAN_MESH_STAT_RT_NO_DIR,
			    rt->stats.rx_no_dir - r->last.no_dir);
		r->last.no_dir = rt->stats.rx_no_dir;
	}
	if (rt->stats.full != r->last.full) {
		lm_stat_add(lm, LOWPAN_MESH_STAT_RT_FULL,
			    rt->stats.full - r->last.full);
		r->last.full = rt->stats.full;
	}
	if (ev & LM_RT_EV_ROUTE) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_RT_ROUTE_CHANGES);
		lm_routing_bump_gen(lm);
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_ROUTE);
	}
}

/*
 * Run the protocol's timers, send what falls due, report what changed and
 * arm the timer for the next deadline. Lock held.
 */
static void __lm_routing_run(struct lm_dev *lm, struct sk_buff_head *q)
{
	struct lm_routing *r = &lm->routing;
	u32 now = lm_now_ms(), next;
	struct lm_addr self;
	s32 wait;

	lm_addr_self(lm, &self);
	if (r->running && !lm_addr_eq(&self, &r->self)) {
		/* the node got another address: it starts over */
		__lm_routing_halt(lm);
	}
	if (!r->running) {
		__lm_routing_restart(lm, now);
		if (!r->running)
			return;
	}
	next = lm_rt_tick(&r->rt, now, get_random_u32());
	lm_routing_collect(lm, q);
	lm_routing_events(lm);
	wait = (s32)(next - now);
	wait = clamp_t(s32, wait, 1, 60000);
	if (!r->dead)
		mod_timer(&r->timer, jiffies + msecs_to_jiffies(wait));
}

static void lm_routing_timer(struct timer_list *t)
{
	struct lm_routing *r = from_timer(r, t, timer);
	struct lm_dev *lm = container_of(r, struct lm_dev, routing);
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	spin_lock_bh(&r->lock);
	if (r->enabled && !r->dead)
		__lm_routing_run(lm, &q);
	spin_unlock_bh(&r->lock);
	lm_routing_xmit(lm, &q);
}

/**
 * lm_routing_start() - start routing on a registered interface (if on)
 * @lm: the mesh interface
 */
void lm_routing_start(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;

	if (READ_ONCE(r->enabled))
		mod_timer(&r->timer, jiffies + 1);
}

/**
 * lm_routing_stop() - stop it for good: the interface goes
 * @lm: the mesh interface
 */
void lm_routing_stop(struct lm_dev *lm)
{
	struct lm_routing *r = &lm->routing;

	spin_lock_bh(&r->lock);
	r->dead = true;
	r->running = false;
	spin_unlock_bh(&r->lock);
	del_timer_sync(&r->timer);
}

/**
 * lm_routing_get() - the settings
 * @lm: the mesh interface
 * @s: filled in
 */
void lm_routing_get(struct lm_dev *lm, struct lm_routing_settings *s)
{
	struct lm_routing *r = &lm->routing;

	spin_lock_bh(&r->lock);
	s->enabled = r->enabled;
	s->hello_ms = r->p.hello_ms;
	s->hello_miss = r->p.hello_miss;
	s->imin_ms = r->p.trickle_imin_ms;
	s->imax_ms = r->p.trickle_imax_ms;
	spin_unlock_bh(&r->lock);
}

/**
 * lm_routing_set() - change the settings
 * @lm: the mesh interface
 * @s: the new settings (checked by the caller)
 *
 * New timers apply at once to the running protocol: the next hello goes
 * out now, the advertisements start a new Trickle interval at Imin.
 * Routing off forgets what was learned.
 *
 * Return: 0, or -EINVAL when Imax is below Imin.
 */
int lm_routing_set(struct lm_dev *lm, const struct lm_routing_settings *s)
{
	struct lm_routing *r = &lm->routing;
	u32 now = lm_now_ms();
	bool kick = false;

	if (s->imax_ms < s->imin_ms)
		return -EINVAL;
	spin_lock_bh(&r->lock);
	if (s->hello_ms != r->p.hello_ms || s->hello_miss != r->p.hello_miss ||
	    s->imin_ms != r->p.trickle_imin_ms ||
	    s->imax_ms != r->p.trickle_imax_ms) {
		r->p.hello_ms = s->hello_ms;
		r->p.hello_miss = s->hello_miss;
		r->p.trickle_imin_ms = s->imin_ms;
		r->p.trickle_imax_ms = s->imax_ms;
		if (r->running) {
			r->rt.p = r->p;
			lm_trickle_init(&r->rt.tr, r->p.trickle_imin_ms,
					r->p.trickle_imax_ms, r->p.trickle_k,
					now, get_random_u32());
			r->rt.hello_next = now;
			kick = true;
		}
	}
	if (s->enabled != r->enabled) {
		r->enabled = s->enabled;
		if (!r->enabled)
			__lm_routing_halt(lm);
		kick = r->enabled;
	}
	kick = kick && r->enabled && !r->dead;
	spin_unlock_bh(&r->lock);
	if (kick)
		mod_timer(&r->timer, jiffies + 1);
	return 0;
}

/**
 * lm_routing_is_rt_frame() - is a control frame one of the routing's
 * @skb: the frame, data at its 6LoWPAN headers
 * @h: its parsed header stack (payload: NALP)
 *
 * Return: true for HELLO, RT_DIR, RT_ADV and RT_REQ.
 */
bool lm_routing_is_rt_frame(const struct sk_buff *skb,
			    const struct lm_lowpan_hdrs *h)
{
	int type = lm_ctrl_type(skb->data + h->payload_off,
				skb->len - h->payload_off);

	return type >= LM_CTRL_HELLO && type <= LM_CTRL_RT_REQ;
}

/**
 * lm_routing_rcv() - a routing control frame heard
 * @lm: the mesh interface
 * @skb: the frame; data at its 6LoWPAN headers; consumed
 * @h: its parsed header stack (lm_routing_is_rt_frame() said yes)
 *
 * Every frame ends in ctrl_rx or ctrl_drop, with a ctrl_rx_TYPE or a
 * ctrl_drop_REASON counter next to it.
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_routing_rcv(struct lm_dev *lm, struct sk_buff *skb,
		   const struct lm_lowpan_hdrs *h)
{
	struct lm_routing *r = &lm->routing;
	const u8 *data = skb->data + h->payload_off;
	unsigned int len = skb->len - h->payload_off;
	enum lowpan_mesh_stat why = 0;
	struct ieee802154_hdr mhdr;
	struct lm_rt_addr rfrom;
	struct sk_buff_head q;
	struct lm_addr from;
	u8 type = data[1];
	int err;

	__skb_queue_head_init(&q);
	if (h->has_mesh || h->has_bc0)
		why = LOWPAN_MESH_STAT_CTRL_DROP_FLOODED;
	else if (ieee802154_hdr_peek_addrs(skb, &mhdr) < 0)
		why = LOWPAN_MESH_STAT_CTRL_DROP_BAD;
	if (!why) {
		lm_addr_from_ieee(&from, &mhdr.source);
		lm_rt_addr_from(&rfrom, &from);
		spin_lock_bh(&r->lock);
		if (!r->enabled || !r->running || r->dead) {
			why = LOWPAN_MESH_STAT_CTRL_DROP_OFF;
		} else {
			err = lm_rt_rx(&r->rt, lm_now_ms(), get_random_u32(),
				       &rfrom, mac_cb(skb)->lqi, data, len);
			if (err == -ENOENT)
				why = LOWPAN_MESH_STAT_CTRL_DROP_STRANGER;
			else if (err)
				why = LOWPAN_MESH_STAT_CTRL_DROP_BAD;
			else
				__lm_routing_run(lm, &q);
		}
		spin_unlock_bh(&r->lock);
	}
	if (why) {
		lm_stat_inc(lm, why);
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_CTRL_DROP);
	}
	consume_skb(skb);
	lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_RX);
	lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_RX_HELLO + (type - LM_CTRL_HELLO));
	lm_routing_xmit(lm, &q);
	return NET_RX_SUCCESS;
}

/**
 * lm_routing_lookup() - the learned next hop towards a destination
 * @lm: the mesh interface
 * @dst: the final destination
 * @nexthop: result
 *
 * Return: true when routing is on and has a route.
 */
bool lm_routing_lookup(struct lm_dev *lm, const struct lm_addr *dst,
		       struct lm_addr *nexthop)
{
	struct lm_routing *r = &lm->routing;
	struct lm_rt_addr a;
	bool found = false;
	int slot, nb;

	if (!READ_ONCE(r->running) || (dst->len != 2 && dst->len != 8))
		return false;
	lm_rt_addr_from(&a, dst);
	spin_lock_bh(&r->lock);
	if (r->running) {
		slot = lm_rt_find(&r->rt, &a);
		nb = slot > 0 ? lm_rt_nexthop(&r->rt, slot, NULL) : -ENOENT;
		if (nb >= 0) {
			lm_addr_from_rt(nexthop, &r->rt.s.nb[nb].addr);
			found = true;
		}
	}
	spin_unlock_bh(&r->lock);
	return found;
}

/**
 * lm_routing_routes() - append the learned routes to a route snapshot
 * @lm: the mesh interface
 * @out: the static routes (@have of them), room for @max in all
 * @have: entries already in @out
 * @max: size of @out
 *
 * A destination with a static route is skipped: the static one is used.
 *
 * Return: the number of entries in @out now.
 */
unsigned int lm_routing_routes(struct lm_dev *lm, struct lm_route_info *out,
			       unsigned int have, unsigned int max)
{
	struct lm_routing *r = &lm->routing;
	unsigned int n = have, slot, i;
	struct lm_route_info *ri;
	u8 metric;
	int nb;

	spin_lock_bh(&r->lock);
	for (slot = 1; r->running && slot < r->rt.n_dst && n < max; slot++) {
		nb = lm_rt_nexthop(&r->rt, slot, &metric);
		if (nb < 0)
			continue;
		ri = &out[n];
		memset(ri, 0, sizeof(*ri));
		lm_addr_from_rt(&ri->dst, &r->rt.s.dst[slot].addr);
		for (i = 0; i < have; i++)
			if (lm_addr_eq(&out[i].dst, &ri->dst))
				break;
		if (i < have)
			continue;
		lm_addr_from_rt(&ri->nexthop, &r->rt.s.nb[nb].addr);
		ri->metric = metric;
		ri->origin = LOWPAN_MESH_ROUTE_MESH;
		n++;
	}
	spin_unlock_bh(&r->lock);
	return n;
}

/* Link cost of one direction from a reception ratio 0..255. */
static u32 lm_routing_dir_cost(u8 q)
{
	if (!q)
		return LM_RT_INF;
	return min_t(u32, LM_RT_UNIT * 255 / q, LM_RT_INF);
}

/**
 * lm_routing_neigh_info() - add the routing's view to neighbour rows
 * @lm: the mesh interface
 * @n: rows from lm_neigh_snapshot()
 * @count: how many
 */
void lm_routing_neigh_info(struct lm_dev *lm, struct lm_neigh_info *n,
			   unsigned int count)
{
	struct lm_routing *r = &lm->routing;
	const struct lm_rt_nb *nb;
	struct lm_rt_addr a;
	unsigned int i, j;

	spin_lock_bh(&r->lock);
	for (i = 0; i < count; i++) {
		n[i].rt_valid = r->running;
		n[i].rt_heard = false;
		n[i].rt_state = LOWPAN_MESH_NEIGH_NONE;
		if (!r->running)
			continue;
		lm_rt_addr_from(&a, &n[i].addr);
		for (j = 0; j < LM_ROUTING_MAX_NB; j++) {
			nb = &r->rt.s.nb[j];
			if (nb->state == LM_RT_NB_FREE ||
			    !lm_rt_addr_same(&nb->addr, &a))
				continue;
			n[i].rt_heard = true;
			n[i].rt_state = lm_routing_uapi_state(nb->state);
			n[i].cost = nb->cost;
			n[i].cost_in = lm_routing_dir_cost(nb->rxq);
			n[i].cost_out = lm_routing_dir_cost(nb->txq);
			n[i].hello_loss = 100 - nb->rxq * 100 / 255;
			break;
		}
	}
	spin_unlock_bh(&r->lock);
}
