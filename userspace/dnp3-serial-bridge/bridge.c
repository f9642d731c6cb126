// SPDX-License-Identifier: GPL-2.0
/*
 * Setup, teardown and the single-threaded poll loop. Sessions that die
 * during an iteration are only marked; they are freed at the end of it, so
 * no callback ever sees a freed session.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "lmesh/signal.h"
#include "serial.h"

enum slot_kind {
	SLOT_PORT,
	SLOT_LISTEN,
	SLOT_UDP,
	SLOT_SESSION,
	SLOT_STATS,
	SLOT_SIGNAL,
};

struct slot {
	enum slot_kind kind;
	void *ptr;
};

struct pollset {
	struct pollfd *pfd;
	struct slot *slot;
	unsigned int n;
};

static unsigned int connect_endpoints(const struct cfg *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->n_eps; i++)
		n += c->eps[i].kind == CFG_EP_TCP_CONNECT;
	return n;
}

int bridge_open(struct bridge *b, const struct cfg *cfg)
{
	unsigned int i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < LOG_REASONS; i++)
		b->logl[i].start = now_ms();
	b->cfg = cfg;
	b->stats_fd = -1;
	for (i = 0; i < CFG_MAX_PORTS; i++)
		b->ports[i].fd = -1;
	for (i = 0; i < CFG_MAX_ENDPOINTS; i++)
		b->eps[i].fd = -1;
	b->max_sess = cfg->max_sessions + connect_endpoints(cfg);
	b->sess = calloc(b->max_sess, sizeof(*b->sess));
	if (!b->sess)
		return -1;
	for (i = 0; i < cfg->n_ports; i++) {
		struct port_rt *p = &b->ports[i];

		p->b = b;
		p->cfg = &cfg->ports[i];
		p->idx = (int)i;
		dnp3_parser_init(&p->parser);
		/* a missing device is waited for; bad settings or a lock end it */
		if (port_open(p) < SERIAL_RETRY)
			return -1;
	}
	for (i = 0; i < cfg->n_eps; i++) {
		b->eps[i].cfg = &cfg->eps[i];
		b->eps[i].idx = (int)i;
		if (endpoint_open(cfg, &b->eps[i]))
			return -1;
	}
	if (*cfg->stats_socket) {
		b->stats_fd = sock_unix_listen(cfg->stats_socket);
		if (b->stats_fd < 0)
			return -1;
	}
	return 0;
}

static const char *const log_reason_name[LOG_REASONS] = {
	[LOG_REFUSED_MASTER] = "refused frame (allow-masters)",
	[LOG_ROUTE_REFUSED] = "refused frame (route pinned elsewhere)",
	[LOG_SERIAL_DROP] = "serial output dropped",
	[LOG_SESSION_REFUSED] = "refusing session (max-sessions)",
	[LOG_SESSION] = "session opened or closed",
	[LOG_UDP_SEND] = "udp send failed",
};

/* Report what an interval suppressed, and start the next interval. */
static void log_limit_roll(struct bridge *b, enum log_reason why,
			   uint64_t now)
{
	struct log_limit *l = &b->logl[why];

	if (l->suppressed)
		lm_warn("suppressed %lu messages \"%s\" in %u ms",
			l->suppressed, log_reason_name[why],
			b->cfg->log_interval_ms);
	l->start = now;
	l->lines = 0;
	l->suppressed = 0;
}

/*
 * A log line a peer can cause for every frame or connection: at most
 * log-burst of them per reason per log-interval; the counters count on.
 */
void bridge_log(struct bridge *b, enum log_reason why, int level,
		const char *fmt, ...)
{
	struct log_limit *l = &b->logl[why];
	uint64_t now = now_ms();
	char msg[512];
	va_list ap;

	if (level > (int)lm_log_get_level())
		return;
	if (now - l->start >= b->cfg->log_interval_ms)
		log_limit_roll(b, why, now);
	if (b->cfg->log_burst && l->lines >= b->cfg->log_burst) {
		l->suppressed++;
		return;
	}
	l->lines++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lm_log(level, "%s", msg);
}

static void log_limit_timers(struct bridge *b, uint64_t now, uint64_t *next)
{
	uint64_t due;
	int i;

	for (i = 0; i < LOG_REASONS; i++) {
		if (!b->logl[i].suppressed)
			continue;
		due = b->logl[i].start + b->cfg->log_interval_ms;
		if (now >= due)
			log_limit_roll(b, i, now);
		else if (due < *next)
			*next = due;
	}
}

void bridge_session_retire(struct bridge *b, unsigned int k)
{
	struct dnp3_parser_stats *acc = &b->closed_ip;
	struct session *s = b->sess[k];

	route_forget_session(b, s);
	acc->frames += s->parser.stats.frames;
	acc->crc_errors += s->parser.stats.crc_errors;
	acc->resyncs += s->parser.stats.resyncs;
	acc->dropped_bytes += s->parser.stats.dropped_bytes;
	if (s->state == SESS_UP)
		b->st.sessions_closed++;
	session_free(s);
	b->sess[k] = NULL;
}

static void reap(struct bridge *b)
{
	struct session *s;
	unsigned int i;

	for (i = 0; i < b->max_sess; i++) {
		s = b->sess[i];
		if (!s || !s->dead)
			continue;
		endpoint_session_closed(b, s);
		bridge_session_retire(b, i);
	}
}

static void flush_udp(struct bridge *b)
{
	unsigned int i;

	for (i = 0; i < b->cfg->n_eps; i++)
		if (b->eps[i].cfg->kind == CFG_EP_UDP)
			udp_flush(b, &b->eps[i]);
}

static uint64_t run_timers(struct bridge *b, uint64_t now)
{
	uint64_t next = now + POLL_MAX_WAIT_MS;
	unsigned int i;

	for (i = 0; i < b->cfg->n_ports; i++)
		port_timers(&b->ports[i], now, &next);
	for (i = 0; i < b->max_sess; i++)
		if (b->sess[i])
			session_timers(b->sess[i], now, &next);
	reap(b);
	for (i = 0; i < b->cfg->n_eps; i++)
		endpoint_timers(b, &b->eps[i], now, &next);
	log_limit_timers(b, now, &next);
	return next;
}

static void add(struct pollset *ps, int fd, short events, enum slot_kind kind,
		void *ptr)
{
	ps->pfd[ps->n].fd = fd;
	ps->pfd[ps->n].events = events;
	ps->pfd[ps->n].revents = 0;
	ps->slot[ps->n].kind = kind;
	ps->slot[ps->n].ptr = ptr;
	ps->n++;
}

static void build(struct bridge *b, struct pollset *ps)
{
	struct port_rt *p;
	unsigned int i;

	ps->n = 0;
	for (i = 0; i < b->cfg->n_ports; i++) {
		p = &b->ports[i];
		if (p->fd >= 0)
			add(ps, p->fd, POLLIN | (p->out.len ? POLLOUT : 0),
			    SLOT_PORT, p);
	}
	for (i = 0; i < b->cfg->n_eps; i++) {
		if (b->eps[i].fd < 0)
			continue;
		add(ps, b->eps[i].fd, POLLIN,
		    b->eps[i].cfg->kind == CFG_EP_UDP ? SLOT_UDP : SLOT_LISTEN,
		    &b->eps[i]);
	}
	for (i = 0; i < b->max_sess; i++)
		if (b->sess[i] && !b->sess[i]->dead)
			add(ps, b->sess[i]->fd, session_events(b->sess[i]),
			    SLOT_SESSION, b->sess[i]);
	if (b->stats_fd >= 0)
		add(ps, b->stats_fd, POLLIN, SLOT_STATS, NULL);
}

static void dispatch(struct bridge *b, struct pollfd *pfd, struct slot *slot)
{
	short ev = pfd->revents;
	struct port_rt *p;

	switch (slot->kind) {
	case SLOT_PORT:
		p = slot->ptr;
		if (ev & (POLLIN | POLLERR | POLLHUP))
			port_read(p);
		if (p->fd >= 0 && (ev & POLLOUT))
			port_write(p);
		break;
	case SLOT_LISTEN:
		endpoint_accept(b, slot->ptr);
		break;
	case SLOT_UDP:
		udp_read(b, slot->ptr);
		break;
	case SLOT_SESSION:
		session_io(slot->ptr, ev);
		break;
	case SLOT_STATS:
		stats_serve(b);
		break;
	case SLOT_SIGNAL:
		break;	/* bridge_run() reads it */
	}
}

static int wait_events(struct pollset *ps, uint64_t now, uint64_t next)
{
	uint64_t wait = next > now ? next - now : 0;
	struct timespec ts = {
		.tv_sec = (time_t)(wait / 1000),
		.tv_nsec = (long)(wait % 1000) * 1000000,
	};
	int rc;

	rc = ppoll(ps->pfd, ps->n, &ts, NULL);
	if (rc < 0 && errno != EINTR) {
		lm_err("poll: %s", strerror(errno));
		return -1;
	}
	return rc < 0 ? 0 : rc;
}

/* SIGHUP: read the file again; a bad one leaves everything as it is. */
static void reload(struct bridge *b)
{
	struct cfg *nc = calloc(1, sizeof(*nc));
	char err[512];

	lm_info("SIGHUP: reloading %s", b->conf_path);
	if (!nc)
		return;
	if (cfg_load(nc, b->conf_path, err, sizeof(err))) {
		lm_err("reload failed: %s; keeping the running configuration",
		       err);
		free(nc);
		return;
	}
	if (*nc->deprecated)
		lm_warn("%s", nc->deprecated);
	flush_udp(b);
	if (bridge_reload(b, nc)) {
		free(nc);
		return;
	}
	/* b->cfg is nc now */
}

static int pollset_size(struct bridge *b, struct pollset *ps,
			unsigned int *cap)
{
	unsigned int want = b->cfg->n_ports + b->cfg->n_eps + b->max_sess + 2;

	if (ps->pfd && want <= *cap)
		return 0;
	free(ps->pfd);
	free(ps->slot);
	ps->pfd = calloc(want, sizeof(*ps->pfd));
	ps->slot = calloc(want, sizeof(*ps->slot));
	*cap = want;
	return ps->pfd && ps->slot ? 0 : -1;
}

static void on_stats(void *b)
{
	stats_log(b);
}

/* acted on at the top of the loop, when no pollset names a session */
static void on_reload(void *b)
{
	((struct bridge *)b)->reload_req = 1;
}

static const struct lm_signal_ops signal_ops = { on_stats, on_reload };

int bridge_run(struct bridge *b, int sfd)
{
	struct pollset ps = { 0 };
	int stop = 0;
	unsigned int cap = 0;
	uint64_t now, next;
	unsigned int i;
	int ret = 0;

	while (pollset_size(b, &ps, &cap) == 0 && !stop) {
		if (b->reload_req) {
			const struct cfg *old = b->cfg;

			b->reload_req = 0;
			reload(b);
			if (b->cfg != old)
				free((void *)old);
			continue;
		}
		now = now_ms();
		next = run_timers(b, now);
		flush_udp(b);
		build(b, &ps);
		add(&ps, sfd, POLLIN, SLOT_SIGNAL, NULL);
		if (wait_events(&ps, now, next) < 0) {
			ret = -1;
			break;
		}
		for (i = 0; i < ps.n; i++)
			if (ps.pfd[i].revents)
				dispatch(b, &ps.pfd[i], &ps.slot[i]);
		reap(b);
		flush_udp(b);
		/* after dispatch: a reload may retire sessions the set names */
		if ((ps.pfd[ps.n - 1].revents & POLLIN) &&
		    lm_signal_dispatch(sfd, &signal_ops, b))
			stop = 1;
	}
	if (!ps.pfd || !ps.slot)
		ret = -1;
	free(ps.pfd);
	free(ps.slot);
	return ret;
}

void bridge_close(struct bridge *b)
{
	unsigned int i;

	for (i = 0; b->sess && i < b->max_sess; i++) {
		if (b->sess[i])
			session_free(b->sess[i]);
	}
	free(b->sess);
	b->sess = NULL;
	for (i = 0; i < CFG_MAX_PORTS; i++)
		port_close(&b->ports[i]);
	for (i = 0; i < CFG_MAX_ENDPOINTS; i++)
		endpoint_close(&b->eps[i]);
	if (b->stats_fd >= 0) {
		close(b->stats_fd);
		unlink(b->cfg->stats_socket);
	}
	free((void *)b->cfg);
	b->cfg = NULL;
}
