// SPDX-License-Identifier: GPL-2.0
/*
 * IP endpoints: TCP listeners (outstation side), TCP clients that reconnect
 * with exponential backoff (master side) and UDP sockets. A configuration
 * with both listeners and clients is a dual endpoint.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "tls.h"

static const char *const kind_name[] = {
	[CFG_EP_TCP_LISTEN] = "tcp-listen",
	[CFG_EP_TCP_CONNECT] = "tcp-connect",
	[CFG_EP_UDP] = "udp",
};

const char *endpoint_kind_name(enum cfg_ep_kind kind)
{
	return kind_name[kind];
}

static int open_udp(struct endpoint_rt *e)
{
	const struct cfg_endpoint *c = e->cfg;

	e->fd = sock_udp_bind(c->address, c->port);
	if (e->fd < 0)
		return -1;
	e->dgram = malloc(UDP_DGRAM_MAX);
	if (!e->dgram)
		return -1;
	if (*c->peer_address &&
	    sock_addr(c->peer_address, c->peer_port, &e->peer, &e->peer_len))
		return -1;
	return 0;
}

int endpoint_open(const struct cfg *cfg, struct endpoint_rt *e)
{
	const struct cfg_endpoint *c = e->cfg;

	e->fd = -1;
	if (c->tls) {
		e->tls = tls_ctx_new(cfg, c->kind == CFG_EP_TCP_LISTEN);
		if (!e->tls)
			return -1;
	}
	switch (c->kind) {
	case CFG_EP_TCP_LISTEN:
		e->fd = sock_tcp_listen(c->address, c->port);
		if (e->fd < 0)
			return -1;
		break;
	case CFG_EP_UDP:
		if (open_udp(e))
			return -1;
		break;
	case CFG_EP_TCP_CONNECT:
		e->backoff = cfg->reconnect_min_ms;
		e->next_attempt = now_ms();
		break;
	}
	lm_info("[%s %s] %s port %u%s", kind_name[c->kind], c->name,
		 c->address, c->port, c->tls ? " with TLS" : "");
	return 0;
}

void endpoint_accept(struct bridge *b, struct endpoint_rt *e)
{
	struct sockaddr_storage sa;
	char name[SOCK_NAME_LEN];
	socklen_t len;
	int fd, one = 1;

	for (;;) {
		len = sizeof(sa);
		fd = accept4(e->fd, (struct sockaddr *)&sa, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				lm_warn("accept: %s", strerror(errno));
			return;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		sock_name((struct sockaddr *)&sa, name, sizeof(name));
		bridge_log(b, LOG_SESSION, LM_LOG_INFO,
			   "[tcp-listen %s] connection from %s", e->cfg->name,
			   name);
		session_new(b, fd, e->idx, SESS_UP, (struct sockaddr *)&sa, len);
	}
}

/* Next attempt after the current delay; the delay doubles up to the ceiling. */
static void schedule_retry(struct bridge *b, struct endpoint_rt *e)
{
	const struct cfg *c = b->cfg;

	e->next_attempt = now_ms() + e->backoff;
	lm_info("[tcp-connect %s] reconnecting in %u ms", e->cfg->name,
		 e->backoff);
	e->backoff *= 2;
	if (e->backoff > c->reconnect_max_ms)
		e->backoff = c->reconnect_max_ms;
	if (e->backoff < c->reconnect_min_ms)
		e->backoff = c->reconnect_min_ms;
}

static void try_connect(struct bridge *b, struct endpoint_rt *e)
{
	const struct cfg_endpoint *c = e->cfg;
	struct sockaddr_storage sa;
	socklen_t len;
	int fd;

	b->st.connect_attempts++;
	fd = sock_tcp_connect(c->address, c->port);
	if (fd < 0 || sock_addr(c->address, c->port, &sa, &len)) {
		if (fd >= 0)
			close(fd);
		b->st.connect_failures++;
		schedule_retry(b, e);
		return;
	}
	e->conn = session_new(b, fd, e->idx, SESS_CONNECTING,
			      (struct sockaddr *)&sa, len);
}

void endpoint_timers(struct bridge *b, struct endpoint_rt *e, uint64_t now,
		     uint64_t *next)
{
	if (e->cfg->kind != CFG_EP_TCP_CONNECT || e->conn)
		return;
	if (now >= e->next_attempt)
		try_connect(b, e);
	if (!e->conn && e->next_attempt < *next)
		*next = e->next_attempt;
}

/* A session is going away: a client endpoint schedules its reconnect. */
void endpoint_session_closed(struct bridge *b, struct session *s)
{
	struct endpoint_rt *e = &b->eps[s->ep];

	if (e->conn != s)
		return;
	e->conn = NULL;
	if (s->state == SESS_UP)
		e->backoff = b->cfg->reconnect_min_ms;
	schedule_retry(b, e);
}

void endpoint_close(struct endpoint_rt *e)
{
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
	SSL_CTX_free(e->tls);
	e->tls = NULL;
	free(e->dgram);
	e->dgram = NULL;
}
