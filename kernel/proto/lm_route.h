/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_route.h - dynamic mesh-under routing as pure code: neighbour sensing
 * from hellos, a loop-free distance vector (per-originator sequence
 * numbers and Babel's feasibility condition, RFC 8966 section 2.4) and
 * Trickle-timed advertisements (RFC 6206).
 *
 * Nothing here allocates, sleeps or reads a clock: the caller passes the
 * time (milliseconds, a wrapping u32), random numbers and the storage of
 * every table (struct lm_rt_storage). The same file builds into the module
 * and into the host unit tests and the simulator of tests/sim/. The wire
 * format is the routing part of the control-frame codec in lm_ctrl.h.
 *
 * How a node uses it:
 *  - lm_rt_rx() for every control frame heard (HELLO, RT_DIR, RT_ADV,
 *    RT_REQ) with the sender's link-layer address and the frame's LQI;
 *  - lm_rt_tick() when the deadline it returned last (or any later time)
 *    comes, and after every lm_rt_rx();
 *  - lm_rt_tx() until it returns 0 after each of those: every frame it
 *    writes is a one-hop broadcast;
 *  - lm_rt_nexthop() to forward, lm_rt_events() for what changed.
 *
 * Metric: a perfect two-way link costs %LM_RT_UNIT; a link costs
 * UNIT * ETX plus an LQI term of up to @lqi_weight, where ETX =
 * 1 / (forward ratio * reverse ratio) from the hello reception ratios
 * measured at both ends. A link dearer than %LM_RT_COST_MAX is not used.
 * Route metrics add up and saturate at %LM_RT_INF (255, unreachable): a
 * route is at most 31 perfect hops long.
 */
#ifndef _LM_PROTO_ROUTE_H
#define _LM_PROTO_ROUTE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <string.h>
#include "lm_shim.h"
#endif
#include "lm_ctrl.h"

#define LM_RT_UNIT		8
#define LM_RT_INF		LM_CTRL_METRIC_INF
#define LM_RT_COST_MAX		(8 * LM_RT_UNIT)
#define LM_RT_CANDS		4	/* routes kept per destination */
#define LM_RT_NONE		0xff	/* no neighbour / no candidate */
#define LM_RT_SLOT_NONE		0xffff
#define LM_RT_WINDOW		16	/* hellos in the reception window */
#define LM_RT_REQ_QUEUE		8
#define LM_RT_REQ_TRIES		3
#define LM_RT_DIR_REPEAT	3	/* advertisements that resend a seqno */
#define LM_RT_URGENT_MS		200	/* triggered updates: within this */
#define LM_RT_MAX_NB		64

/* lm_rt_events() bits */
#define LM_RT_EV_NB_UP		0x1	/* a neighbour became two-way */
#define LM_RT_EV_NB_GONE	0x2	/* a neighbour missed its hellos */
#define LM_RT_EV_ROUTE		0x4	/* a selected route changed */

/* struct lm_rt_nb.state */
#define LM_RT_NB_FREE		0
#define LM_RT_NB_HEARD		1	/* its hellos reach us */
#define LM_RT_NB_UP		2	/* two-way, cost below the maximum */

/* struct lm_rt_nb.drift */
#define LM_RT_DRIFT_UP		1	/* the computed cost is higher */
#define LM_RT_DRIFT_DOWN	2	/* the computed cost is lower */

/**
 * struct lm_rt_params - timers and thresholds (lm_rt_params_default())
 * @hello_ms: hello interval, 1..65535 ms
 * @hello_miss: a neighbour is gone after this many intervals unheard
 * @hello_list_every: every Nth hello lists the neighbours (and any hello
 *	after the neighbour set changed)
 * @trickle_imin_ms: Trickle Imin of the advertisements
 * @trickle_imax_ms: Trickle Imax
 * @trickle_k: Trickle redundancy constant (0: never suppress)
 * @cost_hyst_pct: a link cost changes at once only by this many percent or
 *	more; a smaller change lands once the computed cost has stayed on
 *	the same side of the cost in use for %LM_RT_WINDOW hello slots in
 *	a row
 * @sel_hyst: a route is replaced only by one cheaper by this much
 * @lqi_weight: link cost added at LQI 0 (scaled down to 0 at LQI 255)
 * @req_hops: hop limit of a seqno request
 * @req_retry_ms: a starving destination is requested again after this
 * @dir_every: the whole address list goes out every Nth advertisement
 */
struct lm_rt_params {
	u16 hello_ms;
	u8 hello_miss;
	u8 hello_list_every;
	u32 trickle_imin_ms;
	u32 trickle_imax_ms;
	u8 trickle_k;
	u8 cost_hyst_pct;
	u8 sel_hyst;
	u8 lqi_weight;
	u8 req_hops;
	u16 req_retry_ms;
	u8 dir_every;
};

/**
 * struct lm_trickle - RFC 6206 timer state
 * @imin: smallest interval, ms
 * @imax: largest interval, ms
 * @i: current interval
 * @start: when the current interval began
 * @t: when to transmit in it
 * @k: redundancy constant (0: infinity)
 * @c: consistent transmissions heard in this interval
 * @done: the transmission of this interval is decided
 */
struct lm_trickle {
	u32 imin;
	u32 imax;
	u32 i;
	u32 start;
	u32 t;
	u8 k;
	u8 c;
	bool done;
};

/**
 * struct lm_rt_cand - a route to a destination through one neighbour
 * @nb: the neighbour's index, %LM_RT_NONE for an unused slot
 * @adv: the metric it advertises
 * @seqno: the sequence number of its route
 */
struct lm_rt_cand {
	u8 nb;
	u8 adv;
	u16 seqno;
};

/* struct lm_rt_dst.flags */
#define LM_RT_D_SELF		0x01	/* this node */
#define LM_RT_D_FD		0x02	/* a feasibility distance is set */
#define LM_RT_D_STARVING	0x08	/* no feasible route, requested */
#define LM_RT_D_ADV		0x10	/* vector entry changed, not sent */

/**
 * struct lm_rt_dst - one destination (at most 64 bytes)
 * @addr: its link-layer address
 * @sel: index in @c of the selected route, %LM_RT_NONE for none
 * @flags: LM_RT_D_*
 * @metric: metric advertised (%LM_RT_INF without a route)
 * @seqno: sequence number advertised
 * @fd_metric: feasibility distance: metric ...
 * @fd_seqno: ... and sequence number
 * @req_seqno: last seqno requested or forwarded for it
 * @req_ms: when to request again
 * @req_tries: requests sent while starving (quick ones, at most
 *	%LM_RT_REQ_TRIES, then slow ones)
 * @dir_left: advertisements still to carry its address list entry (a
 *	new seqno goes out %LM_RT_DIR_REPEAT times: a lost one is not
 *	asked for)
 * @c: the routes heard, best few
 */
struct lm_rt_dst {
	struct lm_rt_addr addr;
	u8 sel;
	u8 flags;
	u8 metric;
	u8 fd_metric;
	u16 seqno;
	u16 fd_seqno;
	u16 req_seqno;
	u32 req_ms;
	u8 req_tries;
	u8 dir_left;
	struct lm_rt_cand c[LM_RT_CANDS];
};

/**
 * struct lm_rt_nb - one neighbour
 * @addr: its link-layer address
 * @state: LM_RT_NB_*
 * @rxq: our reception ratio of its hellos, 0..255
 * @txq: its reception ratio of ours, from its hellos, 0..255
 * @lqi: average LQI of its frames
 * @cost: link cost in use (with hysteresis), %LM_RT_INF when unusable
 * @nslots: hello slots seen since first heard, up to %LM_RT_WINDOW
 * @last_seq: its last hello seqno
 * @rxbits: hellos received in the last slots (bit 0: @last_seq)
 * @interval: its hello interval, ms
 * @last_ms: when its last hello came
 * @txq_ms: when it last reported @txq
 * @dir_req_ms: when its address list was last requested
 * @misses: hellos missed, as counted at the last tick
 * @drift: which side of @cost the computed cost has kept (0: neither,
 *	%LM_RT_DRIFT_UP or %LM_RT_DRIFT_DOWN) ...
 * @drift_slot: ... since this hello slot (@last_seq + @misses then)
 */
struct lm_rt_nb {
	struct lm_rt_addr addr;
	u8 state;
	u8 rxq;
	u8 txq;
	u8 lqi;
	u8 cost;
	u8 nslots;
	u16 last_seq;
	u16 rxbits;
	u16 interval;
	u32 last_ms;
	u32 txq_ms;
	u32 dir_req_ms;
	u8 misses;
	u8 drift;
	u16 drift_slot;
};

/**
 * struct lm_rt_map - a neighbour's address list entry, as learnt
 * @slot: our destination slot, %LM_RT_SLOT_NONE when not known
 * @seqno: the sequence number of the neighbour's route to it
 */
struct lm_rt_map {
	u16 slot;
	u16 seqno;
};

/**
 * struct lm_rt_stats - control frames by type (index: frame type)
 * @rx: frames received and accepted
 * @tx: frames written by lm_rt_tx()
 * @rx_bad: frames lm_ctrl_rt_parse() refused
 * @rx_stranger: frames other than hellos from no known neighbour
 * @rx_no_dir: advertised entries with an index not in the address list
 * @full: destinations or neighbours not stored for lack of room
 * @req_dropped: requests not queued for lack of room
 */
struct lm_rt_stats {
	u32 rx[LM_CTRL_RT_REQ + 1];
	u32 tx[LM_CTRL_RT_REQ + 1];
	u32 rx_bad;
	u32 rx_stranger;
	u32 rx_no_dir;
	u32 full;
	u32 req_dropped;
};

/**
 * struct lm_rt_storage - the tables, provided by the caller
 * @dst: @max_dst destinations
 * @order: @max_dst slot numbers (kept sorted by address)
 * @max_dst: 1..65534 (the node itself takes one)
 * @nb: @max_nb neighbours
 * @max_nb: 1..%LM_RT_MAX_NB
 * @map: @max_nb * @max_dst address list entries
 */
struct lm_rt_storage {
	struct lm_rt_dst *dst;
	u16 *order;
	u16 max_dst;
	struct lm_rt_nb *nb;
	u8 max_nb;
	struct lm_rt_map *map;
};

/**
 * struct lm_rt - the routing state of one node
 * @p: parameters
 * @s: tables
 * @n_dst: destinations in use (slot 0 is the node itself)
 * @tr: advertisement Trickle timer
 * @hello_seq: seqno of the last hello sent
 * @hello_next: when the next hello is due
 * @hello_n: hellos sent
 * @hello_due: a hello is to be written
 * @list_changed: the next hello lists the neighbours
 * @hello_rot: first neighbour of the next hello list (rotation)
 * @phase: what lm_rt_tx() writes next: 0 nothing, 1 list, 2 vector
 * @cursor: next slot of @phase
 * @dir_full: the next advertisement carries the whole address list
 * @dir_all: the one being written does
 * @adv_delta: the one being written is a triggered update
 * @urgent: a triggered update is due at @urgent_ms
 * @urgent_ms: when
 * @adv_n: advertisements sent
 * @req: queued requests
 * @n_req: entries in @req
 * @events: LM_RT_EV_* since the last lm_rt_events()
 * @stats: counters
 */
struct lm_rt {
	struct lm_rt_params p;
	struct lm_rt_storage s;
	u16 n_dst;
	struct lm_trickle tr;
	u16 hello_seq;
	u32 hello_next;
	u32 hello_n;
	bool hello_due;
	bool list_changed;
	u8 hello_rot;
	u8 phase;
	u16 cursor;
	bool dir_full;
	bool adv_delta;
	u32 urgent_ms;
	bool urgent;
	u32 adv_n;
	struct lm_ctrl_rt_entry req[LM_RT_REQ_QUEUE];
	u8 n_req;
	bool dir_all;
	u32 events;
	struct lm_rt_stats stats;
};

void lm_trickle_init(struct lm_trickle *tr, u32 imin, u32 imax, u8 k,
		     u32 now, u32 rnd);
void lm_trickle_reset(struct lm_trickle *tr, u32 now, u32 rnd);
void lm_trickle_consistent(struct lm_trickle *tr);
void lm_trickle_inconsistent(struct lm_trickle *tr, u32 now, u32 rnd);
bool lm_trickle_poll(struct lm_trickle *tr, u32 now, u32 rnd);
u32 lm_trickle_next(const struct lm_trickle *tr);

bool lm_rt_seq_newer(u16 a, u16 b);
void lm_rt_params_default(struct lm_rt_params *p);
int lm_rt_init(struct lm_rt *rt, const struct lm_rt_params *p,
	       const struct lm_rt_storage *s, const struct lm_rt_addr *self,
	       u32 now, u32 rnd);
int lm_rt_rx(struct lm_rt *rt, u32 now, u32 rnd,
	     const struct lm_rt_addr *from, u8 lqi, const u8 *buf,
	     size_t len);
u32 lm_rt_tick(struct lm_rt *rt, u32 now, u32 rnd);
int lm_rt_tx(struct lm_rt *rt, u8 *buf, size_t len);
int lm_rt_find(const struct lm_rt *rt, const struct lm_rt_addr *a);
int lm_rt_nexthop(const struct lm_rt *rt, int slot, u8 *metric);
u32 lm_rt_events(struct lm_rt *rt);

#endif /* _LM_PROTO_ROUTE_H */
