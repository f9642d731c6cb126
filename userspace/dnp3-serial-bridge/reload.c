// SPDX-License-Identifier: GPL-2.0
/*
 * SIGHUP: apply a new configuration without reopening the serial ports.
 *
 * Everything is prepared first (new sockets opened, TLS files read); only
 * when all of it worked is the new configuration swapped in, so a bad one
 * leaves the running one untouched. An endpoint with the same kind,
 * address and port keeps its socket and its sessions (unless its tls,
 * raw-serial or peer changed: then its sessions are closed); endpoints that
 * are gone are closed with their sessions. Serial line settings, user and
 * stats-socket need a restart: a configuration that changes them is
 * refused as a whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "tls.h"

/* What a reload cannot change; NULL when nc can be applied to c. */
static const char *needs_restart(const struct cfg *c, const struct cfg *nc,
				 char *buf, size_t size)
{
	const struct cfg_port *a, *b;
	unsigned int i;

	if (strcmp(c->user, nc->user))
		return "user changed";
	if (strcmp(c->stats_socket, nc->stats_socket))
		return "stats-socket changed";
	if (c->n_ports != nc->n_ports)
		return "serial ports added or removed";
	for (i = 0; i < c->n_ports; i++) {
		a = &c->ports[i];
		b = &nc->ports[i];
		if (strcmp(a->name, b->name) || strcmp(a->device, b->device) ||
		    a->baud != b->baud || a->data_bits != b->data_bits ||
		    a->parity != b->parity || a->stop_bits != b->stop_bits ||
		    a->rs485 != b->rs485 ||
		    a->rs485_delay_before_ms != b->rs485_delay_before_ms ||
		    a->rs485_delay_after_ms != b->rs485_delay_after_ms ||
		    a->mode != b->mode) {
			snprintf(buf, size, "[serial %s] changed (only addresses and raw-idle can change)",
				 a->name);
			return buf;
		}
	}
	return NULL;
}

static int same_socket(const struct cfg_endpoint *a,
		       const struct cfg_endpoint *b)
{
	return a->kind == b->kind && a->port == b->port &&
	       !strcmp(a->address, b->address);
}

/* The sessions of a kept endpoint survive only if this is unchanged. */
static int same_sessions(const struct cfg_endpoint *a,
			 const struct cfg_endpoint *b)
{
	return a->tls == b->tls && !strcmp(a->raw_port, b->raw_port) &&
	       !strcmp(a->peer_address, b->peer_address) &&
	       a->peer_port == b->peer_port;
}

static unsigned int connect_endpoints(const struct cfg *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->n_eps; i++)
		n += c->eps[i].kind == CFG_EP_TCP_CONNECT;
	return n;
}

struct plan {
	struct endpoint_rt ne[CFG_MAX_ENDPOINTS];
	int opened[CFG_MAX_ENDPOINTS];	/* ne[j] is a new socket */
	int remap[CFG_MAX_ENDPOINTS];	/* old index -> new, or -1 */
	int drop[CFG_MAX_ENDPOINTS];	/* old index: close its sessions */
};

static void plan_undo(struct plan *pl, unsigned int n)
{
	unsigned int j;

	for (j = 0; j < n; j++) {
		if (pl->opened[j]) {
			endpoint_close(&pl->ne[j]);
		} else {
			SSL_CTX_free(pl->ne[j].tls);
			pl->ne[j].tls = NULL;
		}
	}
}

/* Open what is new, take over what is kept; nothing of b changes. */
static int plan_make(struct bridge *b, const struct cfg *nc, struct plan *pl)
{
	const struct cfg *c = b->cfg;
	struct endpoint_rt *e;
	unsigned int i, j;

	memset(pl, 0, sizeof(*pl));
	for (i = 0; i < CFG_MAX_ENDPOINTS; i++) {
		pl->remap[i] = -1;
		pl->ne[i].fd = -1;
	}
	for (j = 0; j < nc->n_eps; j++) {
		e = &pl->ne[j];
		for (i = 0; i < c->n_eps; i++)
			if (pl->remap[i] < 0 &&
			    same_socket(&c->eps[i], &nc->eps[j]))
				break;
		if (i == c->n_eps) {
			e->cfg = &nc->eps[j];
			e->idx = (int)j;
			pl->opened[j] = 1;
			if (endpoint_open(nc, e))
				goto fail;
			continue;
		}
		pl->remap[i] = (int)j;
		pl->drop[i] = !same_sessions(&c->eps[i], &nc->eps[j]);
		*e = b->eps[i];
		e->cfg = &nc->eps[j];
		e->idx = (int)j;
		e->tls = NULL;
		if (pl->drop[i] && e->cfg->kind == CFG_EP_UDP) {
			e->peer_len = 0;
			if (*e->cfg->peer_address &&
			    sock_addr(e->cfg->peer_address, e->cfg->peer_port,
				      &e->peer, &e->peer_len))
				goto fail;
		}
		if (e->cfg->tls) {
			/* read the certificate and key again (renewals) */
			e->tls = tls_ctx_new(nc, e->cfg->kind == CFG_EP_TCP_LISTEN);
			if (!e->tls)
				goto fail;
		}
	}
	return 0;
fail:
	plan_undo(pl, j + 1);
	return -1;
}

static void close_session(struct bridge *b, unsigned int k)
{
	lm_info("session %s closed: its endpoint changed on reload",
		b->sess[k]->peer);
	bridge_session_retire(b, k);
}

/* Everything prepared: switch b over to nc. */
static int plan_apply(struct bridge *b, const struct cfg *nc, struct plan *pl)
{
	unsigned int i, k, n, live = 0, max;
	struct session **sess;
	struct session *s;

	max = nc->max_sessions + connect_endpoints(nc);
	if (max < b->max_sess)
		max = b->max_sess;	/* room for every session kept */
	sess = calloc(max, sizeof(*sess));
	if (!sess)
		return -1;
	for (k = 0; k < b->max_sess; k++) {
		s = b->sess[k];
		if (!s)
			continue;
		if (pl->remap[s->ep] < 0 || pl->drop[s->ep]) {
			close_session(b, k);
			continue;
		}
		s->ep = pl->remap[s->ep];
		live++;
	}
	(void)live;
	for (k = 0, n = 0; k < b->max_sess; k++)
		if (b->sess[k])
			sess[n++] = b->sess[k];
	free(b->sess);
	b->sess = sess;
	b->max_sess = max;
	/* routes follow their endpoint; those of closed ones go */
	for (i = 0; i < b->n_routes;) {
		struct route *r = &b->routes[i];

		if (pl->remap[r->ep] < 0 || pl->drop[r->ep]) {
			*r = b->routes[--b->n_routes];
			continue;
		}
		r->ep = pl->remap[r->ep];
		i++;
	}
	for (i = 0; i < b->cfg->n_eps; i++) {
		if (pl->remap[i] < 0) {
			endpoint_close(&b->eps[i]);
			continue;
		}
		SSL_CTX_free(b->eps[i].tls);
		/* a client endpoint whose session was closed reconnects now */
		if (pl->drop[i] && b->eps[i].cfg->kind == CFG_EP_TCP_CONNECT) {
			pl->ne[pl->remap[i]].conn = NULL;
			pl->ne[pl->remap[i]].next_attempt = now_ms();
		}
	}
	for (i = 0; i < CFG_MAX_ENDPOINTS; i++)
		b->eps[i] = pl->ne[i];
	for (i = 0; i < nc->n_ports; i++)
		b->ports[i].cfg = &nc->ports[i];
	b->cfg = nc;
	return 0;
}

/* 0: nc is the running configuration now (the caller frees the old one). */
int bridge_reload(struct bridge *b, const struct cfg *nc)
{
	struct plan *pl = calloc(1, sizeof(*pl));
	const char *why;
	char buf[128];

	if (!pl)
		return -1;
	why = needs_restart(b->cfg, nc, buf, sizeof(buf));
	if (why) {
		lm_err("reload refused: %s, which needs a restart; keeping the running configuration",
		       why);
		free(pl);
		return -1;
	}
	if (plan_make(b, nc, pl)) {
		lm_err("reload failed (see above); keeping the running configuration");
		free(pl);
		return -1;
	}
	if (plan_apply(b, nc, pl)) {
		plan_undo(pl, nc->n_eps);
		free(pl);
		lm_err("reload failed: out of memory; keeping the running configuration");
		return -1;
	}
	free(pl);
	lm_info("reloaded: %u serial port(s), %u IP endpoint(s)", nc->n_ports,
		nc->n_eps);
	return 0;
}
