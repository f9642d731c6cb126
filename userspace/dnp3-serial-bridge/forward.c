// SPDX-License-Identifier: GPL-2.0
/*
 * Routing of whole link frames by DNP3 address.
 *
 * IP -> serial: the port whose 'addresses' hold the destination; broadcast
 * destinations (0xFFFD..0xFFFF) go to every DNP3 port. The source address is
 * checked against allow-masters and learned as owned by the sender.
 *
 * serial -> IP: the session or UDP peer that last sent from the destination
 * address, else one whose 'remote-addresses' hold it; broadcast goes to
 * every session and static UDP peer.
 */
#include <stdio.h>

#include "bridge.h"
#include "lmesh/log.h"

static struct port_rt *port_for(struct bridge *b, uint16_t addr)
{
	unsigned int i;

	for (i = 0; i < b->cfg->n_ports; i++)
		if (b->ports[i].cfg->mode == CFG_MODE_DNP3 &&
		    cfg_addr_in(&b->ports[i].cfg->addrs, addr))
			return &b->ports[i];
	return NULL;
}

static int session_usable(const struct session *s)
{
	return s && s->state == SESS_UP && !s->dead && s->raw_port < 0;
}

static struct session *session_of_endpoint(struct bridge *b, int ep)
{
	unsigned int i;

	for (i = 0; i < b->max_sess; i++)
		if (session_usable(b->sess[i]) && b->sess[i]->ep == ep)
			return b->sess[i];
	return NULL;
}

/* An endpoint whose remote-addresses hold addr: send there. */
static int send_static(struct bridge *b, uint16_t addr, const uint8_t *f,
		       size_t len)
{
	struct endpoint_rt *e;
	struct session *s;
	unsigned int i;

	for (i = 0; i < b->cfg->n_eps; i++) {
		e = &b->eps[i];
		if (!cfg_addr_in(&e->cfg->remote, addr))
			continue;
		if (e->cfg->kind == CFG_EP_UDP && e->peer_len) {
			udp_queue(b, e, &e->peer, e->peer_len, f, len);
			return 1;
		}
		s = session_of_endpoint(b, (int)i);
		if (s) {
			session_send(s, f, len);
			return 1;
		}
	}
	return 0;
}

static int send_broadcast_ip(struct bridge *b, const uint8_t *f, size_t len)
{
	unsigned int i;
	int sent = 0;

	for (i = 0; i < b->max_sess; i++) {
		if (session_usable(b->sess[i])) {
			session_send(b->sess[i], f, len);
			sent = 1;
		}
	}
	for (i = 0; i < b->cfg->n_eps; i++) {
		if (b->cfg->eps[i].kind == CFG_EP_UDP && b->eps[i].peer_len) {
			udp_queue(b, &b->eps[i], &b->eps[i].peer,
				  b->eps[i].peer_len, f, len);
			sent = 1;
		}
	}
	return sent;
}

/* 0 when the route's TCP session is gone (the pin stays for the next one). */
static int send_route(struct bridge *b, const struct route *r,
		      const uint8_t *f, size_t len)
{
	if (b->eps[r->ep].cfg->kind == CFG_EP_UDP) {
		udp_queue(b, &b->eps[r->ep], &r->sa, r->salen, f, len);
		return 1;
	}
	if (!r->s)
		return 0;
	session_send(r->s, f, len);
	return 1;
}

void forward_from_serial(struct port_rt *p, const uint8_t *f, size_t len)
{
	struct bridge *b = p->b;
	uint16_t dst = dnp3_frame_dest(f);
	const struct route *r;
	int sent = 1;

	p->st.frames_in++;
	r = dnp3_addr_is_broadcast(dst) ? NULL : route_find(b, dst);
	if (dnp3_addr_is_broadcast(dst))
		sent = send_broadcast_ip(b, f, len);
	else if (!r || !send_route(b, r, f, len))
		sent = send_static(b, dst, f, len);
	if (sent) {
		b->st.frames_serial_to_ip++;
		return;
	}
	b->st.no_route++;
	lm_dbg("[serial %s] no session or peer for DNP3 address %u",
	       p->cfg->name, dst);
}

static void send_broadcast_serial(struct bridge *b, const uint8_t *f,
				  size_t len)
{
	unsigned int i;

	for (i = 0; i < b->cfg->n_ports; i++)
		if (b->ports[i].cfg->mode == CFG_MODE_DNP3)
			port_send(&b->ports[i], f, len);
}

/* Our own keep-alive answered: consume the LINK_STATUS. */
static int keepalive_answer(struct bridge *b, struct session *s,
			    const uint8_t *f)
{
	uint8_t ctrl = dnp3_frame_ctrl(f);

	if (!s || !s->ka_pending || (ctrl & DNP3_CTRL_PRM) ||
	    (ctrl & DNP3_CTRL_FUNC) != DNP3_FUNC_LINK_STATUS)
		return 0;
	s->ka_pending = 0;
	b->st.keepalive_answered++;
	lm_dbg("keep-alive answered by %s", s->peer);
	return 1;
}

static void note_peer(struct session *s, const uint8_t *f)
{
	uint16_t dst = dnp3_frame_dest(f);

	s->remote_known = 1;
	s->remote_addr = dnp3_frame_src(f);
	s->peer_dir = !!(dnp3_frame_ctrl(f) & DNP3_CTRL_DIR);
	if (!dnp3_addr_is_broadcast(dst)) {
		s->local_known = 1;
		s->local_addr = dst;
	}
}

/* Returns -1 when the sender must be refused (allow-list). */
int forward_from_ip(struct bridge *b, struct session *s, int ep,
		    const struct sockaddr *from, socklen_t fromlen,
		    const uint8_t *f, size_t len)
{
	uint16_t src = dnp3_frame_src(f), dst = dnp3_frame_dest(f);
	const struct cfg_addr_list *allow = &b->cfg->allow;
	const struct cfg_endpoint *e = b->eps[ep].cfg;
	char name[SOCK_NAME_LEN];
	struct port_rt *p;
	const char *why;

	if (s)
		snprintf(name, sizeof(name), "%s", s->peer);
	else
		sock_name(from, name, sizeof(name));
	if (allow->n && !cfg_addr_in(allow, src)) {
		b->st.refused_masters++;
		bridge_log(b, LOG_REFUSED_MASTER, LM_LOG_WARN,
			   "refused frame from DNP3 address %u (peer %s): not in allow-masters",
			   src, name);
		return -1;
	}
	why = route_refusal(b, src, s, ep, from, fromlen);
	if (why) {
		b->st.route_refused++;
		bridge_log(b, LOG_ROUTE_REFUSED, LM_LOG_WARN,
			   "refused frame from DNP3 address %u (peer %s on [%s %s]): %s",
			   src, name, endpoint_kind_name(e->kind), e->name, why);
		return 0;
	}
	if (s)
		note_peer(s, f);
	if (keepalive_answer(b, s, f))
		return 0;
	route_learn(b, src, s, ep, from, fromlen);
	if (dnp3_addr_is_broadcast(dst)) {
		send_broadcast_serial(b, f, len);
		b->st.frames_ip_to_serial++;
		return 0;
	}
	p = port_for(b, dst);
	if (!p) {
		b->st.no_route++;
		lm_dbg("no serial port owns DNP3 address %u", dst);
		return 0;
	}
	port_send(p, f, len);
	b->st.frames_ip_to_serial++;
	return 0;
}
