// SPDX-License-Identifier: GPL-2.0
/*
 * lm_route.c - neighbour sensing, loop-free distance vector and Trickle
 *
 * Pure code like lm_ctrl.c: no allocation, no clock, no global state;
 * every table is the caller's (struct lm_rt_storage).
 */

#include "lm_route.h"

/* a is at or after b on the wrapping millisecond clock */
static bool lm_after_eq(u32 a, u32 b)
{
	return a - b < 0x80000000u;
}

static u32 lm_min_time(u32 a, u32 b)
{
	return lm_after_eq(a, b) ? b : a;
}

/**
 * lm_trickle_init() - set up a Trickle timer and start its first interval
 * @tr: the timer
 * @imin: Imin, ms (at least 2)
 * @imax: Imax, ms (at least @imin)
 * @k: redundancy constant, 0 for infinity
 * @now: the time
 * @rnd: a random number
 */
void lm_trickle_init(struct lm_trickle *tr, u32 imin, u32 imax, u8 k,
		     u32 now, u32 rnd)
{
	tr->imin = imin < 2 ? 2 : imin;
	tr->imax = imax < tr->imin ? tr->imin : imax;
	tr->k = k;
	lm_trickle_reset(tr, now, rnd);
}

static void lm_trickle_start(struct lm_trickle *tr, u32 start, u32 rnd)
{
	tr->start = start;
	tr->t = start + tr->i / 2 + rnd % (tr->i - tr->i / 2);
	tr->c = 0;
	tr->done = false;
}

/**
 * lm_trickle_reset() - back to Imin (RFC 6206 section 4.2, rule 6)
 * @tr: the timer
 * @now: the time
 * @rnd: a random number
 */
void lm_trickle_reset(struct lm_trickle *tr, u32 now, u32 rnd)
{
	tr->i = tr->imin;
	lm_trickle_start(tr, now, rnd);
}

/**
 * lm_trickle_consistent() - a consistent transmission was heard (rule 3)
 * @tr: the timer
 */
void lm_trickle_consistent(struct lm_trickle *tr)
{
	if (tr->c < 255)
		tr->c++;
}

/**
 * lm_trickle_inconsistent() - an inconsistency was seen (rule 6): reset
 * unless the interval is already Imin
 * @tr: the timer
 * @now: the time
 * @rnd: a random number
 */
void lm_trickle_inconsistent(struct lm_trickle *tr, u32 now, u32 rnd)
{
	if (tr->i != tr->imin)
		lm_trickle_reset(tr, now, rnd);
}

/**
 * lm_trickle_poll() - advance the timer to @now
 * @tr: the timer
 * @now: the time
 * @rnd: a random number (for the next interval)
 *
 * At t, transmit unless k consistent transmissions were heard (rule 4);
 * at the end of the interval, double it up to Imax (rule 5). An interval
 * that ended long ago restarts at @now.
 *
 * Return: true when the caller is to transmit now.
 */
bool lm_trickle_poll(struct lm_trickle *tr, u32 now, u32 rnd)
{
	bool fire = false;

	if (!tr->done && lm_after_eq(now, tr->t)) {
		tr->done = true;
		fire = !tr->k || tr->c < tr->k;
	}
	if (lm_after_eq(now, tr->start + tr->i)) {
		u32 end = tr->start + tr->i;

		tr->i = tr->i > tr->imax / 2 ? tr->imax : tr->i * 2;
		lm_trickle_start(tr, lm_after_eq(now, end + tr->i) ? now : end,
				 rnd);
	}
	return fire;
}

/**
 * lm_trickle_next() - when lm_trickle_poll() has something to do next
 * @tr: the timer
 *
 * Return: the time of t, or of the interval's end once t has passed.
 */
u32 lm_trickle_next(const struct lm_trickle *tr)
{
	return tr->done ? tr->start + tr->i : tr->t;
}

/**
 * lm_rt_seq_newer() - sequence number @a is newer than @b (16-bit
 * modular comparison, RFC 8966 section 3.2.1)
 * @a: one seqno
 * @b: the other
 *
 * Return: true when 0 < a - b < 32768 (mod 65536).
 */
bool lm_rt_seq_newer(u16 a, u16 b)
{
	u16 d = a - b;

	return d && d < 0x8000;
}

/**
 * lm_rt_params_default() - defaults for a 250 kbit/s channel
 * @p: filled in
 */
void lm_rt_params_default(struct lm_rt_params *p)
{
	p->hello_ms = 1000;
	p->hello_miss = 3;
	p->hello_list_every = 4;
	p->trickle_imin_ms = 1000;
	p->trickle_imax_ms = 32000;
	p->trickle_k = 0;	/* every vector is news: no suppression */
	p->cost_hyst_pct = 25;
	p->sel_hyst = LM_RT_UNIT / 2;
	p->lqi_weight = LM_RT_UNIT;
	p->req_hops = 16;
	p->req_retry_ms = 2000;
	p->dir_every = 8;
}

static bool lm_addr_eq(const struct lm_rt_addr *a, const struct lm_rt_addr *b)
{
	return a->len == b->len && !memcmp(a->a, b->a, a->len);
}

/* Order of the address index: short before extended, then bytes. */
static int lm_addr_cmp(const struct lm_rt_addr *a, const struct lm_rt_addr *b)
{
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->a, b->a, a->len);
}

static struct lm_rt_map *lm_map(struct lm_rt *rt, unsigned int nb)
{
	return rt->s.map + nb * rt->s.max_dst;
}

/* Position of @a in the sorted index, or where it would go (~pos). */
static int lm_order_search(const struct lm_rt *rt, const struct lm_rt_addr *a)
{
	int lo = 0, hi = rt->n_dst - 1, mid, c;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		c = lm_addr_cmp(&rt->s.dst[rt->s.order[mid]].addr, a);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return ~lo;
}

/**
 * lm_rt_find() - the slot of a destination
 * @rt: the routing state
 * @a: its address
 *
 * Return: the slot (0 is the node itself), or -ENOENT.
 */
int lm_rt_find(const struct lm_rt *rt, const struct lm_rt_addr *a)
{
	int pos = lm_order_search(rt, a);

	return pos < 0 ? -ENOENT : rt->s.order[pos];
}

static void lm_dst_clear(struct lm_rt_dst *d, const struct lm_rt_addr *a)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->addr = *a;
	d->sel = LM_RT_NONE;
	d->metric = LM_RT_INF;
	for (i = 0; i < LM_RT_CANDS; i++)
		d->c[i].nb = LM_RT_NONE;
}

/* The slot of @a, added when new; -ENOSPC when the table is full. */
static int lm_dst_get(struct lm_rt *rt, const struct lm_rt_addr *a)
{
	int pos = lm_order_search(rt, a);
	unsigned int slot;

	if (pos >= 0)
		return rt->s.order[pos];
	if (rt->n_dst == rt->s.max_dst) {
		rt->stats.full++;
		return -ENOSPC;
	}
	pos = ~pos;
	slot = rt->n_dst++;
	memmove(rt->s.order + pos + 1, rt->s.order + pos,
		(slot - pos) * sizeof(*rt->s.order));
	rt->s.order[pos] = slot;
	lm_dst_clear(&rt->s.dst[slot], a);
	return slot;
}

/**
 * lm_rt_init() - start a node's routing state
 * @rt: the state
 * @p: parameters (lm_rt_params_default() for defaults), copied
 * @s: the tables, which lm_rt_init() fills; kept for the node's life
 * @self: the node's address
 * @now: the time
 * @rnd: a random number (the first seqno and the timers' phases)
 *
 * Return: 0, or -EINVAL for an invalid size, address or parameter.
 */
int lm_rt_init(struct lm_rt *rt, const struct lm_rt_params *p,
	       const struct lm_rt_storage *s, const struct lm_rt_addr *self,
	       u32 now, u32 rnd)
{
	unsigned int i;

	if (!s->max_dst || s->max_dst == 0xffff || !s->max_nb ||
	    s->max_nb > LM_RT_MAX_NB || (self->len != 2 && self->len != 8) ||
	    !p->hello_ms || !p->hello_miss || !p->hello_list_every ||
	    !p->dir_every || p->trickle_imin_ms < 2 ||
	    p->trickle_imax_ms < p->trickle_imin_ms)
		return -EINVAL;
	memset(rt, 0, sizeof(*rt));
	rt->p = *p;
	rt->s = *s;
	memset(s->nb, 0, s->max_nb * sizeof(*s->nb));
	for (i = 0; i < (unsigned int)s->max_nb * s->max_dst; i++)
		s->map[i].slot = LM_RT_SLOT_NONE;
	lm_dst_get(rt, self);
	rt->s.dst[0].flags |= LM_RT_D_SELF;
	rt->s.dst[0].dir_left = LM_RT_DIR_REPEAT;
	rt->s.dst[0].metric = 0;
	rt->s.dst[0].seqno = rnd >> 16;
	lm_trickle_init(&rt->tr, p->trickle_imin_ms, p->trickle_imax_ms,
			p->trickle_k, now, rnd);
	rt->hello_next = now + rnd % p->hello_ms;
	rt->list_changed = true;
	return 0;
}

static unsigned int lm_popcount16(u16 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Reception ratio of @nb's hellos with @missed more slots lost. */
static u8 lm_nb_rxq(const struct lm_rt_nb *nb, unsigned int missed)
{
	unsigned int slots = nb->nslots + missed, got;

	if (missed >= LM_RT_WINDOW)
		return 0;
	if (slots > LM_RT_WINDOW)
		slots = LM_RT_WINDOW;
	got = lm_popcount16((u16)(nb->rxbits << missed) &
			    (u16)((1u << slots) - 1));
	return got * 255 / slots;
}

/* Link cost from both ratios and the LQI, before hysteresis. */
static u8 lm_nb_raw_cost(const struct lm_rt *rt, const struct lm_rt_nb *nb)
{
	u32 cost;

	if (!nb->rxq || !nb->txq)
		return LM_RT_INF;
	cost = (u32)LM_RT_UNIT * 65536 / ((nb->rxq + 1) * (nb->txq + 1));
	cost += (255 - nb->lqi) * rt->p.lqi_weight / 255;
	return cost > LM_RT_COST_MAX ? LM_RT_INF : cost;
}

static u8 lm_cand_metric(const struct lm_rt *rt, const struct lm_rt_cand *c)
{
	u32 m;

	/* a stored route never has @adv INF: retractions drop it */
	if (c->nb == LM_RT_NONE)
		return LM_RT_INF;
	m = c->adv + rt->s.nb[c->nb].cost;
	return m >= LM_RT_INF ? LM_RT_INF : m;
}

/* An update (seqno, the neighbour's own metric) is feasible for @d. */
static bool lm_feasible(const struct lm_rt_dst *d, u16 seqno, u8 adv)
{
	return !(d->flags & LM_RT_D_FD) || lm_rt_seq_newer(seqno, d->fd_seqno) ||
	       (seqno == d->fd_seqno && adv < d->fd_metric);
}

/* Queue a request entry, merging one for the same address and kind. */
static void lm_req_queue(struct lm_rt *rt, const struct lm_rt_addr *a,
			 bool dir, u16 seqno, u8 hops)
{
	struct lm_ctrl_rt_entry *e;
	unsigned int i;

	for (i = 0; i < rt->n_req; i++) {
		e = &rt->req[i];
		if (e->dir == dir && lm_addr_eq(&e->addr, a)) {
			if (lm_rt_seq_newer(seqno, e->seqno))
				e->seqno = seqno;
			if (hops > e->q)
				e->q = hops;
			return;
		}
	}
	if (rt->n_req == LM_RT_REQ_QUEUE) {
		rt->stats.req_dropped++;
		return;
	}
	e = &rt->req[rt->n_req++];
	memset(e, 0, sizeof(*e));
	e->addr = *a;
	e->dir = dir;
	e->seqno = seqno;
	e->q = hops;
}

/*
 * A change neighbours must hear: Trickle's reset (rule 6), and also when
 * this Imin interval has already transmitted, so that a change never
 * waits for a whole doubled interval (a triggered update).
 */
static void lm_changed(struct lm_rt *rt, u32 now, u32 rnd)
{
	rt->events |= LM_RT_EV_ROUTE;
	lm_trickle_inconsistent(&rt->tr, now, rnd);
	if (!rt->urgent) {
		rt->urgent = true;
		rt->urgent_ms = now + LM_RT_URGENT_MS / 4 +
				rnd % (LM_RT_URGENT_MS / 2);
	}
}

/*
 * Select the route to @slot: the cheapest feasible one (RFC 8966 3.5.1:
 * the neighbour's own metric below our feasibility distance, or a newer
 * seqno), the current one kept unless another is cheaper by sel_hyst.
 * None feasible: retract, and request a newer seqno when a route is in
 * sight or was just lost (the destination is starving). Return: something
 * changed that neighbours must hear soon.
 */
static bool lm_select(struct lm_rt *rt, unsigned int slot, u32 now, u32 rnd)
{
	struct lm_rt_dst *d = &rt->s.dst[slot];
	int best = -1, cur = d->sel == LM_RT_NONE ? -1 : d->sel;
	u8 bm = LM_RT_INF, cm = LM_RT_INF, m, old_metric = d->metric;
	u16 old_seqno = d->seqno;
	bool any = false, urgent;
	unsigned int i;

	for (i = 0; i < LM_RT_CANDS; i++) {
		m = lm_cand_metric(rt, &d->c[i]);
		if (m == LM_RT_INF)
			continue;
		any = true;
		if (!lm_feasible(d, d->c[i].seqno, d->c[i].adv))
			continue;
		if ((int)i == cur)
			cm = m;
		if (m < bm) {
			bm = m;
			best = i;
		}
	}
	/* hysteresis: the current route stays unless clearly beaten */
	if (cm != LM_RT_INF && bm + rt->p.sel_hyst > cm)
		best = cur;

	if (best < 0) {
		d->sel = LM_RT_NONE;
		d->metric = LM_RT_INF;
		if (cur >= 0 || (any && !(d->flags & LM_RT_D_STARVING))) {
			d->flags |= LM_RT_D_STARVING;
			d->req_tries = 0;
		} else if (!any) {
			d->flags &= ~LM_RT_D_STARVING;
		}
		if ((d->flags & LM_RT_D_STARVING) &&
		    (!d->req_tries || lm_after_eq(now, d->req_ms))) {
			/* LM_RT_REQ_TRIES quick tries, then slow ones */
			d->req_tries += d->req_tries < LM_RT_REQ_TRIES;
			d->req_seqno = d->fd_seqno + 1;
			d->req_ms = now + rt->p.req_retry_ms *
				    (d->req_tries < LM_RT_REQ_TRIES ? 1 : 8);
			lm_req_queue(rt, &d->addr, false, d->req_seqno,
				     rt->p.req_hops);
		}
	} else {
		/*
		 * Advertised metric: increases at once, decreases only by
		 * sel_hyst or more, so the feasibility distance does not
		 * follow every dip of a lossy link (advertising more than
		 * the route costs is always safe).
		 */
		bm = lm_cand_metric(rt, &d->c[best]);
		if (cur < 0 || d->seqno != d->c[best].seqno ||
		    bm > d->metric || bm + rt->p.sel_hyst <= d->metric)
			d->metric = bm;
		d->sel = best;
		d->seqno = d->c[best].seqno;
		d->flags &= ~LM_RT_D_STARVING;
		if (!(d->flags & LM_RT_D_FD) ||
		    lm_rt_seq_newer(d->seqno, d->fd_seqno) ||
		    d->metric < d->fd_metric) {
			d->flags |= LM_RT_D_FD;
			d->fd_seqno = d->seqno;
			d->fd_metric = d->metric;
		}
	}
	if (d->seqno != old_seqno)
		d->dir_left = LM_RT_DIR_REPEAT;
	if (d->metric != old_metric || d->seqno != old_seqno)
		d->flags |= LM_RT_D_ADV;
	urgent = d->seqno != old_seqno ||
		 (old_metric == LM_RT_INF) != (d->metric == LM_RT_INF) ||
		 d->metric >= old_metric + rt->p.sel_hyst ||
		 d->metric + rt->p.sel_hyst <= old_metric;
	if (d->sel != cur || urgent)
		rt->events |= LM_RT_EV_ROUTE;
	if (urgent)
		lm_changed(rt, now, rnd);
	return urgent;
}

static void lm_select_all(struct lm_rt *rt, u32 now, u32 rnd)
{
	unsigned int slot;

	for (slot = 1; slot < rt->n_dst; slot++)
		lm_select(rt, slot, now, rnd);
}

/* How bad a route is: unfeasible ones rank after all feasible ones. */
static unsigned int lm_cand_rank(const struct lm_rt *rt,
				 const struct lm_rt_dst *d,
				 const struct lm_rt_cand *c)
{
	return lm_cand_metric(rt, c) +
	       (lm_feasible(d, c->seqno, c->adv) ? 0 : 256);
}

/* Record what neighbour @nb advertises for @slot; retractions drop it. */
static bool lm_cand_update(struct lm_rt *rt, unsigned int slot, u8 nb,
			   u16 seqno, u8 adv, u32 now, u32 rnd)
{
	struct lm_rt_dst *d = &rt->s.dst[slot];
	struct lm_rt_cand *c = NULL, n = { nb, adv, seqno };
	unsigned int i, worst = 0, rank;

	for (i = 0; i < LM_RT_CANDS; i++)
		if (d->c[i].nb == nb)
			c = &d->c[i];
	if (!c && adv == LM_RT_INF)
		return false;
	if (!c) {
		/*
		 * A free slot, or the worst route not selected: unfeasible
		 * before feasible, then dearest (a rank of 256 + metric for
		 * a feasible route).
		 */
		for (i = 0; i < LM_RT_CANDS && (!c || c->nb != LM_RT_NONE);
		     i++) {
			rank = lm_cand_rank(rt, d, &d->c[i]);
			if (i != d->sel && (d->c[i].nb == LM_RT_NONE ||
					    rank >= worst)) {
				worst = rank;
				c = &d->c[i];
			}
		}
		/* (some slot other than the selected one always exists) */
		if (c->nb != LM_RT_NONE && lm_cand_rank(rt, d, &n) >= worst)
			return false;
	}
	if (c->nb == nb && c->adv == adv && c->seqno == seqno)
		return false;
	c->nb = adv == LM_RT_INF ? LM_RT_NONE : nb;
	c->adv = adv;
	c->seqno = seqno;
	return lm_select(rt, slot, now, rnd);
}

static void lm_nb_gone(struct lm_rt *rt, unsigned int nb, u32 now, u32 rnd)
{
	struct lm_rt_map *map = lm_map(rt, nb);
	struct lm_rt_dst *d;
	unsigned int slot, i;

	memset(&rt->s.nb[nb], 0, sizeof(rt->s.nb[nb]));
	for (i = 0; i < rt->s.max_dst; i++)
		map[i].slot = LM_RT_SLOT_NONE;
	for (slot = 1; slot < rt->n_dst; slot++) {
		d = &rt->s.dst[slot];
		for (i = 0; i < LM_RT_CANDS; i++) {
			if (d->c[i].nb != nb)
				continue;
			d->c[i].nb = LM_RT_NONE;
			lm_select(rt, slot, now, rnd);
		}
	}
	rt->events |= LM_RT_EV_NB_GONE;
	rt->list_changed = true;
}

/* Recompute a neighbour's ratios and cost; reselect when the cost moved. */
static void lm_nb_update(struct lm_rt *rt, unsigned int i, u32 now, u32 rnd)
{
	struct lm_rt_nb *nb = &rt->s.nb[i];
	/* its report of us: several lists may be lost in a row */
	u32 txq_life = (u32)nb->interval * rt->p.hello_list_every *
		       rt->p.hello_miss * 3;
	u16 slot = nb->last_seq + nb->misses;
	u8 raw, side, old = nb->cost, old_state = nb->state;
	unsigned int diff;

	nb->rxq = lm_nb_rxq(nb, nb->misses);
	if (nb->txq && lm_after_eq(now, nb->txq_ms + txq_life))
		nb->txq = 0;
	raw = lm_nb_raw_cost(rt, nb);
	diff = raw > old ? raw - old : old - raw;
	/*
	 * Hysteresis against flapping: a big change lands at once, a small
	 * one only once the computed cost has stayed on the same side of
	 * the cost in use for a whole window of hello slots, %LM_RT_WINDOW
	 * in a row counting the first (a slow drift would otherwise never
	 * land). A sample on the other side or equal starts anew.
	 */
	side = raw > old ? LM_RT_DRIFT_UP : LM_RT_DRIFT_DOWN;
	if (raw == old) {
		nb->drift = 0;
	} else if (nb->drift != side) {
		nb->drift = side;
		nb->drift_slot = slot;
	}
	if (raw == LM_RT_INF || old == LM_RT_INF ||
	    diff * 100 >= (unsigned int)old * rt->p.cost_hyst_pct ||
	    (nb->drift &&
	     (u16)(slot - nb->drift_slot) >= LM_RT_WINDOW - 1)) {
		nb->cost = raw;
		nb->drift = 0;
	}
	nb->state = nb->cost == LM_RT_INF ? LM_RT_NB_HEARD : LM_RT_NB_UP;
	if (nb->state == LM_RT_NB_UP && old_state != LM_RT_NB_UP) {
		/* a new two-way neighbour: it needs our whole list */
		rt->events |= LM_RT_EV_NB_UP;
		rt->dir_full = true;
		rt->list_changed = true;
		lm_trickle_reset(&rt->tr, now, rnd);
	}
	if (nb->cost != old)
		lm_select_all(rt, now, rnd);
}

static int lm_nb_find(const struct lm_rt *rt, const struct lm_rt_addr *a)
{
	unsigned int i;

	for (i = 0; i < rt->s.max_nb; i++)
		if (rt->s.nb[i].state != LM_RT_NB_FREE &&
		    lm_addr_eq(&rt->s.nb[i].addr, a))
			return i;
	return -ENOENT;
}

static void lm_rx_hello(struct lm_rt *rt, const struct lm_ctrl_rt_msg *m,
			const struct lm_rt_addr *from, u8 lqi, u32 now,
			u32 rnd)
{
	int i = lm_nb_find(rt, from);
	struct lm_rt_nb *nb;
	unsigned int j;
	u16 gap;

	if (i < 0) {
		for (j = 0; j < rt->s.max_nb && i < 0; j++)
			if (rt->s.nb[j].state == LM_RT_NB_FREE)
				i = j;
		if (i < 0) {
			rt->stats.full++;
			return;
		}
		nb = &rt->s.nb[i];
		nb->addr = *from;
		nb->state = LM_RT_NB_HEARD;
		nb->cost = LM_RT_INF;
		nb->lqi = lqi;
		nb->last_seq = m->seq - 1;
		nb->dir_req_ms = now;
		rt->list_changed = true;
		/* tell it soon that we hear it: two-way in one exchange */
		if (!lm_after_eq(now + rt->p.hello_ms / 4, rt->hello_next))
			rt->hello_next = now + rnd % (rt->p.hello_ms / 4 + 1);
	}
	nb = &rt->s.nb[i];
	gap = m->seq - nb->last_seq;
	if (!gap || gap >= 0x8000)
		return;	/* a repeated or old hello */
	nb->rxbits = gap >= LM_RT_WINDOW ? 1 : (u16)(nb->rxbits << gap) | 1;
	nb->nslots = nb->nslots + gap > LM_RT_WINDOW ? LM_RT_WINDOW :
		     nb->nslots + gap;
	nb->last_seq = m->seq;
	nb->interval = m->arg;
	nb->last_ms = now;
	nb->misses = 0;
	nb->lqi = (3 * nb->lqi + lqi + 3) / 4;
	for (j = 0; j < m->n; j++) {
		if (lm_addr_eq(&m->e[j].addr, &rt->s.dst[0].addr)) {
			nb->txq = m->e[j].q;
			nb->txq_ms = now;
		}
	}
	lm_nb_update(rt, i, now, rnd);
}

static void lm_rx_dir(struct lm_rt *rt, const struct lm_ctrl_rt_msg *m,
		      unsigned int nb)
{
	struct lm_rt_map *map = lm_map(rt, nb);
	const struct lm_ctrl_rt_entry *e;
	unsigned int j;
	int slot;

	for (j = 0; j < m->n; j++) {
		e = &m->e[j];
		if (e->idx >= rt->s.max_dst)
			continue;
		slot = lm_dst_get(rt, &e->addr);
		if (slot < 0)
			continue;
		/*
		 * Only the map: the route through @nb keeps the (seqno,
		 * metric) pair it was advertised with until the vector
		 * entry sent after this list entry pairs the new seqno with
		 * its metric. A new seqno with an old metric was never
		 * advertised and could be better than the truth.
		 */
		map[e->idx].slot = slot;
		map[e->idx].seqno = e->seqno;
	}
}

static void lm_rx_adv(struct lm_rt *rt, const struct lm_ctrl_rt_msg *m,
		      unsigned int nb, u32 now, u32 rnd)
{
	struct lm_rt_map *map = lm_map(rt, nb);
	const struct lm_ctrl_rt_entry *e;
	bool unknown = false, changed = false;
	unsigned int j;

	for (j = 0; j < m->n; j++) {
		e = &m->e[j];
		if (e->idx >= rt->s.max_dst ||
		    map[e->idx].slot == LM_RT_SLOT_NONE) {
			rt->stats.rx_no_dir++;
			unknown = true;
			continue;
		}
		if (!map[e->idx].slot)
			continue;	/* our own address */
		changed |= lm_cand_update(rt, map[e->idx].slot, nb,
					  map[e->idx].seqno, e->q, now, rnd);
	}
	if (!changed)
		lm_trickle_consistent(&rt->tr);
	if (unknown && lm_after_eq(now, rt->s.nb[nb].dir_req_ms)) {
		rt->s.nb[nb].dir_req_ms = now + rt->p.req_retry_ms;
		lm_req_queue(rt, &rt->s.nb[nb].addr, true, 0, 0);
	}
}

static void lm_rx_req(struct lm_rt *rt, const struct lm_ctrl_rt_msg *m,
		      u32 now, u32 rnd)
{
	struct lm_rt_dst *self = &rt->s.dst[0], *d;
	const struct lm_ctrl_rt_entry *e;
	unsigned int j;
	int slot;

	for (j = 0; j < m->n; j++) {
		e = &m->e[j];
		if (e->dir) {
			if (lm_addr_eq(&e->addr, &self->addr)) {
				rt->dir_full = true;
				lm_trickle_reset(&rt->tr, now, rnd);
			}
			continue;
		}
		slot = lm_rt_find(rt, &e->addr);
		if (slot < 0)
			continue;
		d = &rt->s.dst[slot];
		if (!slot) {
			/* RFC 8966 3.8.1.2: the source increases its seqno */
			if (lm_rt_seq_newer(e->seqno, self->seqno))
				self->seqno = e->seqno;
			self->dir_left = LM_RT_DIR_REPEAT;
			lm_trickle_reset(&rt->tr, now, rnd);
		} else if (d->metric != LM_RT_INF &&
			   !lm_rt_seq_newer(e->seqno, d->seqno)) {
			/* our route is new enough: advertise it soon */
			d->dir_left = LM_RT_DIR_REPEAT;
			lm_trickle_reset(&rt->tr, now, rnd);
		} else if (e->q > 1 && d->sel != LM_RT_NONE &&
			   (d->req_seqno != e->seqno ||
			    lm_after_eq(now, d->req_ms))) {
			/* forwarded by those with a route, as Babel does */
			d->req_seqno = e->seqno;
			d->req_ms = now + rt->p.req_retry_ms;
			lm_req_queue(rt, &e->addr, false, e->seqno, e->q - 1);
		}
	}
}

/**
 * lm_rt_rx() - take in a control frame heard from a neighbour
 * @rt: the routing state
 * @now: the time
 * @rnd: a random number
 * @from: the sender's link-layer address
 * @lqi: the frame's link quality indicator, 0..255
 * @buf: the frame from its dispatch byte on
 * @len: its length
 *
 * Hellos come from anyone; the other frames only count from a neighbour
 * heard before (an address list or vector from anyone else is dropped
 * and counted in @rt->stats.rx_stranger).
 *
 * Return: 0, -EINVAL for a frame that is no routing control frame,
 * -ENOENT for one from no known neighbour.
 */
int lm_rt_rx(struct lm_rt *rt, u32 now, u32 rnd,
	     const struct lm_rt_addr *from, u8 lqi, const u8 *buf,
	     size_t len)
{
	struct lm_ctrl_rt_msg m;
	int nb;

	if (lm_ctrl_rt_parse(buf, len, &m) ||
	    (from->len != 2 && from->len != 8) ||
	    lm_addr_eq(from, &rt->s.dst[0].addr)) {
		rt->stats.rx_bad++;
		return -EINVAL;
	}
	if (m.type == LM_CTRL_HELLO) {
		rt->stats.rx[m.type]++;
		lm_rx_hello(rt, &m, from, lqi, now, rnd);
		return 0;
	}
	nb = lm_nb_find(rt, from);
	if (nb < 0 || rt->s.nb[nb].state != LM_RT_NB_UP) {
		rt->stats.rx_stranger++;
		return -ENOENT;
	}
	rt->stats.rx[m.type]++;
	if (m.type == LM_CTRL_RT_DIR)
		lm_rx_dir(rt, &m, nb);
	else if (m.type == LM_CTRL_RT_ADV)
		lm_rx_adv(rt, &m, nb, now, rnd);
	else
		lm_rx_req(rt, &m, now, rnd);
	return 0;
}

/*
 * Start an advertisement: the address list entries that changed (or all
 * of them), then the vector: whole, or (@delta, a triggered update) only
 * the entries whose metric or seqno changed since they were last sent.
 */
static void lm_burst(struct lm_rt *rt, bool delta)
{
	rt->phase = 1;
	rt->cursor = 0;
	rt->dir_all = false;
	rt->adv_delta = delta;
	rt->urgent = false;
}

/**
 * lm_rt_tick() - run the timers
 * @rt: the routing state
 * @now: the time
 * @rnd: a random number
 *
 * Neighbours unheard for @hello_miss of their intervals are gone (their
 * routes withdrawn at once), the others' reception ratios count the
 * hellos missed so far; hellos and Trickle advertisements fall due;
 * starving destinations are requested again.
 *
 * Return: when to call lm_rt_tick() again at the latest.
 */
u32 lm_rt_tick(struct lm_rt *rt, u32 now, u32 rnd)
{
	u32 next, dead, span;
	struct lm_rt_nb *nb;
	struct lm_rt_dst *d;
	unsigned int i, missed;

	if (lm_after_eq(now, rt->hello_next)) {
		rt->hello_due = true;
		rt->hello_next = now + rt->p.hello_ms - rt->p.hello_ms / 8 +
				 rnd % (rt->p.hello_ms / 4 + 1);
	}
	next = rt->hello_next;
	for (i = 0; i < rt->s.max_nb; i++) {
		nb = &rt->s.nb[i];
		if (nb->state == LM_RT_NB_FREE)
			continue;
		/*
		 * Gone after hello_miss intervals unheard on a clean link,
		 * more on a lossy one (where a run of losses is likely):
		 * one more per quarter of hellos lost, at most 5 times
		 * hello_miss in all.
		 */
		span = (u32)nb->interval * (rt->p.hello_miss +
			(255 - lm_nb_rxq(nb, 0)) * rt->p.hello_miss / 64);
		dead = nb->last_ms + span + nb->interval / 2;
		if (lm_after_eq(now, dead)) {
			lm_nb_gone(rt, i, now, rnd);
			continue;
		}
		/* hellos are jittered by 1/8: a quarter interval of grace */
		missed = now - nb->last_ms < nb->interval / 4u ? 0 :
			 (now - nb->last_ms - nb->interval / 4u) / nb->interval;
		if (missed != nb->misses) {
			nb->misses = missed;
			lm_nb_update(rt, i, now, rnd);
		}
		next = lm_min_time(next, lm_min_time(dead, nb->last_ms +
					 nb->interval / 4 +
					 (missed + 1) * nb->interval));
	}
	for (i = 1; i < rt->n_dst; i++) {
		d = &rt->s.dst[i];
		if (!(d->flags & LM_RT_D_STARVING))
			continue;
		if (lm_after_eq(now, d->req_ms))
			lm_select(rt, i, now, rnd);
		next = lm_min_time(next, d->req_ms);
	}
	if (lm_trickle_poll(&rt->tr, now, rnd) && !rt->phase) {
		lm_burst(rt, false);
		rt->dir_all = rt->dir_full || !(++rt->adv_n % rt->p.dir_every);
		rt->dir_full = false;
	}
	if (rt->urgent && !rt->phase && lm_after_eq(now, rt->urgent_ms))
		lm_burst(rt, true);
	next = lm_min_time(next, lm_trickle_next(&rt->tr));
	return rt->urgent ? lm_min_time(next, rt->urgent_ms) : next;
}

static int lm_tx_hello(struct lm_rt *rt, u8 *buf, size_t len)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_HELLO };
	unsigned int used = LM_CTRL_HDR_LEN, i, j;
	struct lm_rt_nb *nb;
	int el;

	m.seq = ++rt->hello_seq;
	m.arg = rt->p.hello_ms;
	if (rt->list_changed || !(rt->hello_n % rt->p.hello_list_every)) {
		for (j = 0; j < rt->s.max_nb; j++) {
			i = (rt->hello_rot + j) % rt->s.max_nb;
			nb = &rt->s.nb[i];
			if (nb->state == LM_RT_NB_FREE || !nb->rxq)
				continue;
			m.e[m.n].addr = nb->addr;
			m.e[m.n].q = nb->rxq;
			el = lm_ctrl_rt_entry_len(LM_CTRL_HELLO, &m.e[m.n]);
			if (used + el > LM_CTRL_RT_BUDGET) {
				rt->hello_rot = i;	/* the rest next time */
				break;
			}
			used += el;
			m.n++;
		}
		rt->list_changed = j < rt->s.max_nb;
	}
	rt->hello_n++;
	rt->hello_due = false;
	return lm_ctrl_rt_build(buf, len, &m);
}

static int lm_tx_dir(struct lm_rt *rt, u8 *buf, size_t len)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_DIR };
	unsigned int used = LM_CTRL_HDR_LEN;
	struct lm_ctrl_rt_entry *e;
	struct lm_rt_dst *d;
	int el;

	m.arg = rt->n_dst;
	for (; rt->cursor < rt->n_dst; rt->cursor++) {
		d = &rt->s.dst[rt->cursor];
		if (!rt->dir_all && !d->dir_left)
			continue;
		e = &m.e[m.n];
		memset(e, 0, sizeof(*e));
		e->idx = rt->cursor;
		e->addr = d->addr;
		e->seqno = d->seqno;
		el = lm_ctrl_rt_entry_len(LM_CTRL_RT_DIR, e);
		if (used + el > LM_CTRL_RT_BUDGET)
			break;
		used += el;
		m.n++;
		d->dir_left -= !!d->dir_left;
	}
	if (rt->cursor == rt->n_dst) {
		rt->phase = 2;
		rt->cursor = 0;
	}
	return m.n ? lm_ctrl_rt_build(buf, len, &m) : 0;
}

static int lm_tx_adv(struct lm_rt *rt, u8 *buf, size_t len)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_ADV };
	unsigned int max = (LM_CTRL_RT_BUDGET - LM_CTRL_HDR_LEN) / 2;

	struct lm_rt_dst *d;

	m.seq = rt->cursor;
	m.arg = rt->n_dst;
	for (; rt->cursor < rt->n_dst && m.n < max &&
	       rt->cursor - m.seq <= 255; rt->cursor++) {
		d = &rt->s.dst[rt->cursor];
		if (rt->adv_delta && !(d->flags & LM_RT_D_ADV))
			continue;
		d->flags &= ~LM_RT_D_ADV;
		m.e[m.n].idx = rt->cursor;
		m.e[m.n].q = d->metric;
		m.n++;
	}
	if (rt->cursor == rt->n_dst)
		rt->phase = 0;
	return m.n ? lm_ctrl_rt_build(buf, len, &m) : 0;
}

static int lm_tx_req(struct lm_rt *rt, u8 *buf, size_t len)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_REQ };
	unsigned int used = LM_CTRL_HDR_LEN, i;
	int el;

	for (i = 0; i < rt->n_req; i++) {
		el = lm_ctrl_rt_entry_len(LM_CTRL_RT_REQ, &rt->req[i]);
		if (used + el > LM_CTRL_RT_BUDGET)
			break;
		used += el;
		m.e[m.n++] = rt->req[i];
	}
	rt->n_req -= i;
	memmove(rt->req, rt->req + i, rt->n_req * sizeof(rt->req[0]));
	return lm_ctrl_rt_build(buf, len, &m);
}

/**
 * lm_rt_tx() - the next control frame to broadcast
 * @rt: the routing state
 * @buf: where to write it
 * @len: room in @buf (%LM_CTRL_RT_MAX_LEN is always enough)
 *
 * Requests first, then a due hello, then the parts of an advertisement:
 * the address list entries that changed (or the whole list), then the
 * whole vector. Each frame is at most %LM_CTRL_RT_BUDGET bytes.
 *
 * Return: the frame's length, 0 when there is nothing to send, -ENOSPC
 * when @len is too small (the frame is lost).
 */
int lm_rt_tx(struct lm_rt *rt, u8 *buf, size_t len)
{
	int r = 0;

	if (rt->n_req)
		r = lm_tx_req(rt, buf, len);
	else if (rt->hello_due)
		r = lm_tx_hello(rt, buf, len);
	while (!r && rt->phase == 1)
		r = lm_tx_dir(rt, buf, len);
	while (!r && rt->phase == 2)
		r = lm_tx_adv(rt, buf, len);
	if (r > 0)
		rt->stats.tx[buf[1]]++;
	return r;
}

/**
 * lm_rt_nexthop() - where traffic to a destination goes
 * @rt: the routing state
 * @slot: the destination (lm_rt_find())
 * @metric: if not NULL, set to the route's metric
 *
 * Return: the neighbour's index in @rt->s.nb, or -ENOENT without a route
 * (also for the node itself).
 */
int lm_rt_nexthop(const struct lm_rt *rt, int slot, u8 *metric)
{
	const struct lm_rt_dst *d;

	if (slot <= 0 || slot >= rt->n_dst)
		return -ENOENT;
	d = &rt->s.dst[slot];
	if (d->sel == LM_RT_NONE)
		return -ENOENT;
	if (metric)
		*metric = d->metric;
	return d->c[d->sel].nb;
}

/**
 * lm_rt_events() - what changed since the last call (LM_RT_EV_* bits)
 * @rt: the routing state
 *
 * Return: the bits; they are cleared.
 */
u32 lm_rt_events(struct lm_rt *rt)
{
	u32 ev = rt->events;

	rt->events = 0;
	return ev;
}
