// SPDX-License-Identifier: GPL-2.0
/*
 * Learned routes for serial -> IP: the DNP3 source address of every frame
 * that arrives from IP names the TCP session or UDP peer that owns it.
 *
 * A route is pinned. The first frame from an address pins it to the
 * endpoint (configuration section) it came in on, to the peer's IP address
 * and to its TLS identity (the subject of its verified certificate). A
 * later frame from that address moves the route (a master that reconnects
 * takes its address along) only when it comes from the same endpoint, the
 * same TLS identity and, with 'route-move same-peer' (the default), the
 * same IP address; anything else is refused, so a datagram or a session
 * of somebody else cannot steal an outstation's responses. An address in
 * the remote-addresses of some endpoints may only come from those
 * endpoints (and may move between them); an endpoint's static peer-address
 * is the only peer for its remote-addresses. 'route-move any' turns all of
 * this off. The pin outlives the session; when the table is full the least
 * recently used entry goes.
 */
#include <netinet/in.h>
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

static int same_ip(const struct sockaddr *a, socklen_t alen,
		   const struct sockaddr *b, socklen_t blen)
{
	if (!alen || !blen || a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			       &((const struct sockaddr_in6 *)b)->sin6_addr,
			       sizeof(struct in6_addr));
	return 0;
}

/* 1: ep lists addr in remote-addresses; -1: only others do; 0: nobody. */
static int configured_for(struct bridge *b, uint16_t addr, int ep)
{
	unsigned int i;
	int others = 0;

	for (i = 0; i < b->cfg->n_eps; i++) {
		if (!cfg_addr_in(&b->cfg->eps[i].remote, addr))
			continue;
		if ((int)i == ep)
			return 1;
		others = 1;
	}
	return others ? -1 : 0;
}

/* NULL when a frame from addr may (re)pin the route here, else why not. */
const char *route_refusal(struct bridge *b, uint16_t addr,
			  const struct session *s, int ep,
			  const struct sockaddr *sa, socklen_t salen)
{
	const struct endpoint_rt *e = &b->eps[ep];
	const char *id = s ? s->tls_id : "";
	const struct route *r;
	int conf;

	if (b->cfg->route_move == CFG_ROUTE_ANY)
		return NULL;
	if (s) {
		sa = (const struct sockaddr *)&s->peer_sa;
		salen = s->peer_salen;
	}
	conf = configured_for(b, addr, ep);
	if (conf < 0)
		return "in the remote-addresses of another endpoint";
	if (conf > 0 && e->peer_len &&
	    !same_ip(sa, salen, (const struct sockaddr *)&e->peer, e->peer_len))
		return "not from the endpoint's peer-address";
	r = route_find(b, addr);
	if (!r)
		return NULL;
	if (r->ep != ep)
		return conf > 0 ? NULL : "learned on another endpoint";
	if (strcmp(r->tls_id, id))
		return "learned from another TLS identity";
	if (b->cfg->route_move == CFG_ROUTE_SAME_PEER &&
	    !same_ip(sa, salen, (const struct sockaddr *)&r->sa, r->salen))
		return "learned from another peer address";
	return NULL;
}

/* Callers check route_refusal() first. */
void route_learn(struct bridge *b, uint16_t addr, struct session *s, int ep,
		 const struct sockaddr *sa, socklen_t salen)
{
	struct route *r = route_slot(b, addr);

	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->s = s;
	r->ep = ep;
	if (s) {
		sa = (const struct sockaddr *)&s->peer_sa;
		salen = s->peer_salen;
		memcpy(r->tls_id, s->tls_id, sizeof(r->tls_id));
	}
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

/* The session is gone; its routes stay pinned for its next session. */
void route_forget_session(struct bridge *b, const struct session *s)
{
	unsigned int i;

	for (i = 0; i < b->n_routes; i++)
		if (b->routes[i].s == s)
			b->routes[i].s = NULL;
}
