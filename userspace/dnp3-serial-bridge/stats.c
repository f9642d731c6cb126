// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics output. One "name value" pair per line so that scripts can
 * grep it; per-port lines start with "port NAME".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "stats.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, const char *name, uint64_t v)
{
	int n;

	if (o->len >= o->size)
		return;
	n = snprintf(o->buf + o->len, o->size - o->len, "%s %llu\n", name,
		     (unsigned long long)v);
	if (n > 0)
		o->len += (size_t)n < o->size - o->len ? (size_t)n :
			  o->size - o->len - 1;
}

static void add_parser(struct dnp3_parser_stats *sum,
		       const struct dnp3_parser_stats *p)
{
	sum->frames += p->frames;
	sum->crc_errors += p->crc_errors;
	sum->resyncs += p->resyncs;
	sum->dropped_bytes += p->dropped_bytes;
}

static unsigned int live_sessions(struct bridge *b,
				  struct dnp3_parser_stats *ip)
{
	unsigned int i, n = 0;

	for (i = 0; i < b->max_sess; i++) {
		if (!b->sess[i])
			continue;
		add_parser(ip, &b->sess[i]->parser.stats);
		n++;
	}
	return n;
}

static void put_port(struct out *o, const struct port_rt *p)
{
	char name[CFG_NAME_LEN + 32];

#define PORT_FIELD(field, value)					\
	do {								\
		snprintf(name, sizeof(name), "port %s " field,		\
			 p->cfg->name);					\
		put(o, name, value);					\
	} while (0)
	PORT_FIELD("frames_in", p->st.frames_in);
	PORT_FIELD("frames_out", p->st.frames_out);
	PORT_FIELD("crc_errors", p->parser.stats.crc_errors);
	PORT_FIELD("resyncs", p->parser.stats.resyncs);
	PORT_FIELD("dropped_bytes", p->parser.stats.dropped_bytes);
	PORT_FIELD("partial_timeouts", p->st.partial_timeouts);
	PORT_FIELD("overflows", p->st.overflows);
	PORT_FIELD("raw_chunks_in", p->st.raw_chunks_in);
	PORT_FIELD("raw_bytes_out", p->st.bytes_out);
	PORT_FIELD("open_failures", p->st.open_failures);
	PORT_FIELD("up", p->fd >= 0);
#undef PORT_FIELD
}

size_t stats_format(struct bridge *b, char *buf, size_t size)
{
	struct dnp3_parser_stats serial = { 0 }, ip = b->closed_ip;
	struct out o = { .buf = buf, .size = size };
	const struct stats *s = &b->st;
	unsigned int i, live;

	buf[0] = '\0';
	for (i = 0; i < b->cfg->n_ports; i++)
		add_parser(&serial, &b->ports[i].parser.stats);
	live = live_sessions(b, &ip);
	put(&o, "frames_serial_to_ip", s->frames_serial_to_ip);
	put(&o, "frames_ip_to_serial", s->frames_ip_to_serial);
	put(&o, "crc_errors_serial", serial.crc_errors);
	put(&o, "crc_errors_ip", ip.crc_errors);
	put(&o, "resyncs_serial", serial.resyncs);
	put(&o, "resyncs_ip", ip.resyncs);
	put(&o, "dropped_bytes_serial", serial.dropped_bytes);
	put(&o, "dropped_bytes_ip", ip.dropped_bytes);
	put(&o, "udp_datagrams_in", s->udp_datagrams_in);
	put(&o, "udp_datagrams_out", s->udp_datagrams_out);
	put(&o, "udp_partial_drops", s->udp_partial_drops);
	put(&o, "no_route", s->no_route);
	put(&o, "refused_masters", s->refused_masters);
	put(&o, "route_refused", s->route_refused);
	put(&o, "sessions_active", live);
	put(&o, "sessions_opened", s->sessions_opened);
	put(&o, "sessions_closed", s->sessions_closed);
	put(&o, "sessions_refused", s->sessions_refused);
	put(&o, "tcp_throttled", s->tcp_throttled);
	put(&o, "connect_attempts", s->connect_attempts);
	put(&o, "connect_failures", s->connect_failures);
	put(&o, "tls_failures", s->tls_failures);
	put(&o, "keepalive_sent", s->keepalive_sent);
	put(&o, "keepalive_answered", s->keepalive_answered);
	put(&o, "keepalive_failures", s->keepalive_failures);
	for (i = 0; i < b->cfg->n_ports; i++)
		put_port(&o, &b->ports[i]);
	return o.len;
}

void stats_log(struct bridge *b)
{
	char buf[16384], *line, *save = NULL;

	stats_format(b, buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		lm_info("stats: %s", line);
}

/* Answer one client of the stats socket with the counters, then close. */
void stats_serve(struct bridge *b)
{
	char buf[16384];
	size_t len;
	int fd;

	fd = accept4(b->stats_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR)
			lm_warn("stats-socket accept: %s", strerror(errno));
		return;
	}
	len = stats_format(b, buf, sizeof(buf));
	/* a blocking send of a few kB to a local socket; no reply awaited */
	if (send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)len)
		lm_dbg("stats-socket: short write");
	close(fd);
}
