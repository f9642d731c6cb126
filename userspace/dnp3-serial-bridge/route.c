// SPDX-License-Identifier: GPL-2.0
/*
 * Learned routes for serial -> IP: the DNP3 source address of every frame
 * that arrives from IP names the TCP session or UDP peer that owns it. The
 * newest sighting wins (a master that reconnects takes its address along);
 * when the table is full the least recently used entry goes.
 */
#include <string.h>

#include "bridge.h"

static struct route *route_slot(struct bridge *b, uint16_t addr)
{
	struct route *r, *oldest = NULL;
	unsigned int i;

	for (i = 0; i < b->n_routes; i++) {
		r = &b->routes[i];
		if (r->addr == addr)
			return r;
		if (!oldest || r->used < oldest->used)
			oldest = r;
	}
	if (b->n_routes < ROUTE_MAX)
		return &b->routes[b->n_routes++];
	return oldest;
}

void route_learn(struct bridge *b, uint16_t addr, struct session *s, int ep,
		 const struct sockaddr *sa, socklen_t salen)
{
	struct route *r = route_slot(b, addr);

	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->s = s;
	r->ep = ep;
	if (sa && salen <= sizeof(r->sa)) {
		memcpy(&r->sa, sa, salen);
		r->salen = salen;
	}
	r->used = now_ms();
}

const struct route *route_find(struct bridge *b, uint16_t addr)
{
	unsigned int i;

	for (i = 0; i < b->n_routes; i++)
		if (b->routes[i].addr == addr)
			return &b->routes[i];
	return NULL;
}

void route_forget_session(struct bridge *b, const struct session *s)
{
	unsigned int i = 0;

	while (i < b->n_routes) {
		if (b->routes[i].s == s)
			b->routes[i] = b->routes[--b->n_routes];
		else
			i++;
	}
}
