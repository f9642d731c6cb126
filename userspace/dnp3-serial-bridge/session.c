// SPDX-License-Identifier: GPL-2.0
/*
 * TCP sessions, plain or TLS: non-blocking connect and handshake, reading
 * whole frames (or raw bytes), queued writes, and DNP3 keep-alive: after
 * 'keepalive' without a frame from the peer send REQUEST_LINK_STATUS; no
 * LINK_STATUS within 'keepalive-timeout' closes the session.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/err.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "tls.h"

static void next_at(uint64_t *next, uint64_t when)
{
	if (when < *next)
		*next = when;
}

static int free_slot(struct bridge *b)
{
	unsigned int i;

	for (i = 0; i < b->max_sess; i++)
		if (!b->sess[i])
			return (int)i;
	return -1;
}

/* Accepted sessions are limited; tcp-connect endpoints keep their own slot. */
static int over_limit(struct bridge *b, int ep)
{
	unsigned int i, accepted = 0;

	if (b->eps[ep].cfg->kind != CFG_EP_TCP_LISTEN)
		return 0;
	for (i = 0; i < b->max_sess; i++)
		if (b->sess[i] &&
		    b->eps[b->sess[i]->ep].cfg->kind == CFG_EP_TCP_LISTEN)
			accepted++;
	return accepted >= b->cfg->max_sessions;
}

static int raw_port_index(struct bridge *b, const struct cfg_endpoint *e)
{
	unsigned int i;

	if (!*e->raw_port)
		return -1;
	for (i = 0; i < b->cfg->n_ports; i++)
		if (!strcmp(b->cfg->ports[i].name, e->raw_port))
			return (int)i;
	return -1;
}

static int session_tls(struct session *s, struct endpoint_rt *e)
{
	int client = e->cfg->kind == CFG_EP_TCP_CONNECT;

	s->ssl = tls_session_new(e->tls, s->fd, client ? e->cfg->address : NULL);
	if (!s->ssl) {
		tls_log_errors("tls session with", s->peer);
		return -1;
	}
	return 0;
}

/* The verified peer certificate's subject: the identity routes are pinned to. */
static void tls_identity(struct session *s)
{
	X509 *cert = SSL_get1_peer_certificate(s->ssl);

	if (!cert)
		return;
	X509_NAME_oneline(X509_get_subject_name(cert), s->tls_id,
			  sizeof(s->tls_id));
	X509_free(cert);
}

static void session_up(struct session *s)
{
	s->state = SESS_UP;
	s->last_rx = now_ms();
	s->b->st.sessions_opened++;
	if (s->ssl)
		tls_identity(s);
	if (s->ssl)
		lm_info("session %s up, %s, peer certificate verified (%s)",
			s->peer, SSL_get_version(s->ssl), s->tls_id);
	else
		lm_info("session %s up", s->peer);
}

/* Takes ownership of fd. Returns NULL (fd closed) when over max-sessions. */
struct session *session_new(struct bridge *b, int fd, int ep,
			    enum sess_state state, const struct sockaddr *sa,
			    socklen_t salen)
{
	struct endpoint_rt *e = &b->eps[ep];
	int slot = free_slot(b);
	struct session *s = NULL;
	char peer[SOCK_NAME_LEN];

	sock_name(sa, peer, sizeof(peer));
	if (slot >= 0 && !over_limit(b, ep))
		s = calloc(1, sizeof(*s));
	if (!s) {
		b->st.sessions_refused++;
		bridge_log(b, LOG_SESSION_REFUSED, LM_LOG_WARN,
			   "refusing session %s: max-sessions (%u) reached",
			   peer, b->cfg->max_sessions);
		close(fd);
		return NULL;
	}
	s->b = b;
	s->fd = fd;
	s->ep = ep;
	s->peer_dir = -1;
	s->throttle = -1;
	s->raw_port = raw_port_index(b, e->cfg);
	s->last_rx = now_ms();
	snprintf(s->peer, sizeof(s->peer), "%s", peer);
	if (salen <= sizeof(s->peer_sa)) {
		memcpy(&s->peer_sa, sa, salen);
		s->peer_salen = salen;
	}
	dnp3_parser_init(&s->parser);
	b->sess[slot] = s;
	if (e->tls && session_tls(s, e)) {
		s->state = SESS_HANDSHAKE;
		session_kill(s, "TLS setup failed");
		return s;
	}
	s->state = state;
	if (state == SESS_UP && s->ssl)
		s->state = SESS_HANDSHAKE;
	else if (state == SESS_UP)
		session_up(s);
	return s;
}

void session_kill(struct session *s, const char *why)
{
	if (s->dead)
		return;
	s->dead = 1;
	bridge_log(s->b, LOG_SESSION, LM_LOG_INFO, "session %s closed: %s",
		   s->peer, why);
}

static void handshake(struct session *s)
{
	int rc = SSL_do_handshake(s->ssl), err;

	if (rc == 1) {
		session_up(s);
		return;
	}
	err = SSL_get_error(s->ssl, rc);
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
		s->ssl_want_write = err == SSL_ERROR_WANT_WRITE;
		return;
	}
	s->b->st.tls_failures++;
	tls_log_errors("TLS handshake with", s->peer);
	session_kill(s, "TLS handshake failed");
}

static void connected(struct session *s)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		s->b->st.connect_failures++;
		lm_warn("connect to %s: %s", s->peer, strerror(err));
		session_kill(s, "connect failed");
		return;
	}
	if (s->ssl) {
		s->state = SESS_HANDSHAKE;
		handshake(s);
	} else {
		session_up(s);
	}
}

static void frame_cb(void *ctx, const uint8_t *f, size_t len)
{
	struct session *s = ctx;

	if (s->dead)
		return;
	s->last_rx = now_ms();
	if (forward_from_ip(s->b, s, s->ep, NULL, 0, f, len))
		session_kill(s, "DNP3 master address not allowed");
}

/*
 * Backpressure: once a serial queue this session fed passes OBUF_HIGH, the
 * session is not read until the queue is down to OBUF_LOW, so a TCP sender
 * faster than the line waits in TCP flow control instead of losing frames.
 * A read (at most 4 KiB) always fits in the room left above OBUF_HIGH.
 */
static void input(struct session *s, const uint8_t *buf, size_t n)
{
	struct bridge *b = s->b;

	b->last_port = NULL;
	if (s->raw_port >= 0) {
		port_send(&b->ports[s->raw_port], buf, n);
		s->last_rx = now_ms();
	} else {
		dnp3_parser_feed(&s->parser, buf, n, frame_cb, s);
	}
	if (b->last_port && b->last_port->out.len > OBUF_HIGH) {
		s->throttle = b->last_port->idx;
		b->st.tcp_throttled++;
		lm_dbg("session %s paused: [serial %s] queue full", s->peer,
		       b->last_port->cfg->name);
	}
}

/* Returns bytes read, 0 to stop reading (would block or closed). */
static ssize_t read_some(struct session *s, uint8_t *buf, size_t size)
{
	ssize_t n;
	int err;

	if (!s->ssl) {
		n = recv(s->fd, buf, size, 0);
		if (n > 0)
			return n;
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		session_kill(s, n ? strerror(errno) : "closed by peer");
		return 0;
	}
	n = SSL_read(s->ssl, buf, (int)size);
	if (n > 0)
		return n;
	err = SSL_get_error(s->ssl, (int)n);
	if (err == SSL_ERROR_WANT_READ)
		return 0;
	if (err == SSL_ERROR_WANT_WRITE) {
		s->ssl_want_write = 1;
		return 0;
	}
	if (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL) {
		ERR_clear_error();
		session_kill(s, "closed by peer");
		return 0;
	}
	tls_log_errors("TLS read from", s->peer);
	session_kill(s, "TLS error");
	return 0;
}

static void do_read(struct session *s)
{
	uint8_t buf[4096];
	ssize_t n;

	while (!s->dead && s->throttle < 0 &&
	       (n = read_some(s, buf, sizeof(buf))) > 0)
		input(s, buf, n);
}

static ssize_t write_some(struct session *s)
{
	ssize_t n;
	int err;

	if (!s->ssl) {
		n = send(s->fd, s->out.data, s->out.len, MSG_NOSIGNAL);
		if (n >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR)
			session_kill(s, strerror(errno));
		return 0;
	}
	s->ssl_want_write = 0;
	n = SSL_write(s->ssl, s->out.data, (int)s->out.len);
	if (n > 0)
		return n;
	err = SSL_get_error(s->ssl, (int)n);
	if (err == SSL_ERROR_WANT_WRITE)
		s->ssl_want_write = 1;
	else if (err != SSL_ERROR_WANT_READ)
		session_kill(s, "TLS write failed");
	return 0;
}

static void do_write(struct session *s)
{
	ssize_t n;

	while (!s->dead && s->out.len && (n = write_some(s)) > 0)
		obuf_consume(&s->out, n);
}

void session_io(struct session *s, short revents)
{
	if (s->dead)
		return;
	switch (s->state) {
	case SESS_CONNECTING:
		connected(s);
		return;
	case SESS_HANDSHAKE:
		handshake(s);
		return;
	case SESS_UP:
		if (revents & (POLLIN | POLLHUP | POLLERR))
			do_read(s);
		do_write(s);
		return;
	}
}

short session_events(const struct session *s)
{
	switch (s->state) {
	case SESS_CONNECTING:
		return POLLOUT;
	case SESS_HANDSHAKE:
		return s->ssl_want_write ? POLLOUT : POLLIN;
	case SESS_UP:
		break;
	}
	return (s->throttle < 0 ? POLLIN : 0) |
	       (s->out.len || s->ssl_want_write ? POLLOUT : 0);
}

void session_send(struct session *s, const uint8_t *data, size_t len)
{
	if (s->dead)
		return;
	if (obuf_append(&s->out, data, len)) {
		session_kill(s, "output queue full (peer not reading)");
		return;
	}
	if (s->state == SESS_UP)
		do_write(s);
}

static uint16_t keepalive_dest(const struct session *s)
{
	const struct cfg_endpoint *e = s->b->eps[s->ep].cfg;

	if (s->remote_known)
		return s->remote_addr;
	if (e->remote.n)
		return e->remote.r[0].lo;
	return 0xFFFF;
}

static uint16_t keepalive_src(const struct session *s)
{
	const struct cfg *c = s->b->cfg;
	unsigned int i;

	if (s->local_known)
		return s->local_addr;
	for (i = 0; i < c->n_ports; i++)
		if (c->ports[i].mode == CFG_MODE_DNP3)
			return c->ports[i].addrs.r[0].lo;
	return 0;
}

static void keepalive_send(struct session *s, uint64_t now)
{
	const struct cfg_endpoint *e = s->b->eps[s->ep].cfg;
	uint8_t f[DNP3_HDR_LEN], ctrl;
	int dir;

	dir = s->peer_dir >= 0 ? !s->peer_dir : e->kind == CFG_EP_TCP_CONNECT;
	ctrl = DNP3_CTRL_PRM | DNP3_FUNC_REQUEST_LINK_STATUS |
	       (dir ? DNP3_CTRL_DIR : 0);
	dnp3_frame_build(f, ctrl, keepalive_dest(s), keepalive_src(s), NULL, 0);
	s->ka_pending = 1;
	s->ka_deadline = now + s->b->cfg->keepalive_timeout_ms;
	s->b->st.keepalive_sent++;
	lm_dbg("keep-alive: REQUEST_LINK_STATUS to %s", s->peer);
	session_send(s, f, sizeof(f));
}

void session_timers(struct session *s, uint64_t now, uint64_t *next)
{
	const struct cfg *c = s->b->cfg;
	uint64_t due;

	if (s->dead)
		return;
	if (s->throttle >= 0) {
		struct port_rt *p = &s->b->ports[s->throttle];

		if (p->fd < 0 || p->out.len <= OBUF_LOW) {
			s->throttle = -1;
			do_read(s);	/* TLS may hold decrypted bytes */
			if (s->dead)
				return;
		}
	}
	if (s->state != SESS_UP) {
		due = s->last_rx + c->keepalive_timeout_ms;
		if (now >= due)
			session_kill(s, "connect or TLS handshake timed out");
		next_at(next, due);
		return;
	}
	if (s->raw_port >= 0 || !c->keepalive_ms)
		return;
	if (s->ka_pending) {
		if (now < s->ka_deadline) {
			next_at(next, s->ka_deadline);
			return;
		}
		s->b->st.keepalive_failures++;
		lm_warn("keep-alive: no LINK_STATUS from %s within %u ms",
			 s->peer, c->keepalive_timeout_ms);
		session_kill(s, "keep-alive failed");
		return;
	}
	due = s->last_rx + c->keepalive_ms;
	if (now >= due)
		keepalive_send(s, now);
	else
		next_at(next, due);
	if (s->ka_pending)
		next_at(next, s->ka_deadline);
}

void session_free(struct session *s)
{
	if (s->ssl) {
		if (s->state == SESS_UP)
			SSL_shutdown(s->ssl);
		SSL_free(s->ssl);
		ERR_clear_error();
	}
	close(s->fd);
	obuf_free(&s->out);
	free(s);
}
