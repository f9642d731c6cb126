/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routing.h - dynamic mesh-under routing of one mesh interface: the kernel
 * side of proto/lm_route.c (timers, frames on air, events, lookups)
 */
#ifndef _LM_ROUTING_H
#define _LM_ROUTING_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>

#include "proto/lm_route.h"
#include "route.h"

#define LM_ROUTING_MAX_DST	129	/* destinations, this node included */
#define LM_ROUTING_MAX_NB	32	/* routing neighbours */

/**
 * struct lm_routing - the routing state of one interface
 * @lock: protects everything here
 * @timer: runs lm_rt_tick() when it falls due
 * @enabled: routing is on: hellos and advertisements go out, routes are
 *	learned
 * @running: @rt is started (routing on, the address known)
 * @dead: the interface goes away: the timer is not armed again
 * @p: the parameters (kept while routing is off)
 * @rt: the state of proto/lm_route.c
 * @self: the address @rt was started with (restarted when it changes)
 * @st: the tables of @rt
 * @prev: the neighbours' states after the last run (to name the neighbour
 *	of an event)
 * @last: lm_rt counters already added to the interface's counters
 */
struct lm_routing {
	spinlock_t lock;
	struct timer_list timer;
	bool enabled;
	bool running;
	bool dead;
	struct lm_rt_params p;
	struct lm_rt rt;
	struct lm_addr self;
	struct lm_rt_storage st;
	struct {
		struct lm_rt_addr addr;
		u8 state;
	} prev[LM_ROUTING_MAX_NB];
	struct {
		u32 no_dir;
		u32 full;
	} last;
};

struct lm_dev;
struct lm_lowpan_hdrs;

/**
 * struct lm_routing_settings - what iotctl dev set changes
 * @enabled: routing on
 * @hello_ms: hello interval
 * @hello_miss: intervals unheard before a neighbour is gone
 * @imin_ms: Trickle Imin of advertisements
 * @imax_ms: Trickle Imax
 */
struct lm_routing_settings {
	bool enabled;
	u32 hello_ms;
	u8 hello_miss;
	u32 imin_ms;
	u32 imax_ms;
};

int lm_routing_init(struct lm_dev *lm);
void lm_routing_start(struct lm_dev *lm);
void lm_routing_stop(struct lm_dev *lm);
void lm_routing_free(struct lm_dev *lm);
void lm_routing_get(struct lm_dev *lm, struct lm_routing_settings *s);
int lm_routing_set(struct lm_dev *lm, const struct lm_routing_settings *s);
bool lm_routing_is_rt_frame(const struct sk_buff *skb,
			    const struct lm_lowpan_hdrs *h);
int lm_routing_rcv(struct lm_dev *lm, struct sk_buff *skb,
		   const struct lm_lowpan_hdrs *h);
bool lm_routing_lookup(struct lm_dev *lm, const struct lm_addr *dst,
		       struct lm_addr *nexthop);
unsigned int lm_routing_routes(struct lm_dev *lm, struct lm_route_info *out,
			       unsigned int have, unsigned int max);
void lm_routing_neigh_info(struct lm_dev *lm, struct lm_neigh_info *n,
			   unsigned int count);

#endif /* _LM_ROUTING_H */
