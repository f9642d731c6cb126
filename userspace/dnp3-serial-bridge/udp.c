// SPDX-License-Identifier: GPL-2.0
/*
 * DNP3 over UDP: each datagram is parsed on its own, so a frame is never
 * joined across datagrams; whatever is left of a frame at the end of a
 * datagram is dropped and counted. Frames going out to the same peer within
 * one loop iteration share a datagram up to udp-max-datagram bytes, and a
 * frame is never split.
 */
#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "lmesh/log.h"

struct udp_ctx {
	struct bridge *b;
	struct endpoint_rt *e;
	const struct sockaddr_storage *from;
	socklen_t fromlen;
};

static void frame_cb(void *ctx, const uint8_t *f, size_t len)
{
	struct udp_ctx *u = ctx;

	forward_from_ip(u->b, NULL, u->e->idx, (const struct sockaddr *)u->from,
			u->fromlen, f, len);
}

static void datagram(struct udp_ctx *u, const uint8_t *buf, size_t n)
{
	struct dnp3_parser_stats *acc = &u->b->closed_ip;
	struct dnp3_parser p;

	dnp3_parser_init(&p);
	dnp3_parser_feed(&p, buf, n, frame_cb, u);
	if (dnp3_parser_pending(&p)) {
		u->b->st.udp_partial_drops++;
		p.stats.dropped_bytes += p.len;
	}
	acc->frames += p.stats.frames;
	acc->crc_errors += p.stats.crc_errors;
	acc->resyncs += p.stats.resyncs;
	acc->dropped_bytes += p.stats.dropped_bytes;
}

void udp_read(struct bridge *b, struct endpoint_rt *e)
{
	static uint8_t rx[UDP_DGRAM_MAX];	/* e->dgram may hold output */
	struct sockaddr_storage from;
	struct udp_ctx u = { .b = b, .e = e, .from = &from };
	ssize_t n;

	for (;;) {
		u.fromlen = sizeof(from);
		n = recvfrom(e->fd, rx, sizeof(rx), 0,
			     (struct sockaddr *)&from, &u.fromlen);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				lm_warn("[udp %s] recvfrom: %s", e->cfg->name,
					 strerror(errno));
			return;
		}
		b->st.udp_datagrams_in++;
		datagram(&u, rx, n);
	}
}

void udp_flush(struct bridge *b, struct endpoint_rt *e)
{
	char name[SOCK_NAME_LEN];

	if (!e->dgram_len)
		return;
	if (sendto(e->fd, e->dgram, e->dgram_len, 0,
		   (struct sockaddr *)&e->dgram_to, e->dgram_tolen) < 0) {
		sock_name((struct sockaddr *)&e->dgram_to, name, sizeof(name));
		bridge_log(b, LOG_UDP_SEND, LM_LOG_WARN,
			   "[udp %s] send to %s: %s", e->cfg->name, name,
			   strerror(errno));
	} else {
		b->st.udp_datagrams_out++;
	}
	e->dgram_len = 0;
}

void udp_queue(struct bridge *b, struct endpoint_rt *e,
	       const struct sockaddr_storage *to, socklen_t tolen,
	       const uint8_t *f, size_t len)
{
	if (e->dgram_len && (e->dgram_tolen != tolen ||
			     memcmp(&e->dgram_to, to, tolen) ||
			     e->dgram_len + len > b->cfg->udp_mtu))
		udp_flush(b, e);
	if (!e->dgram_len) {
		memcpy(&e->dgram_to, to, tolen);
		e->dgram_tolen = tolen;
	}
	memcpy(e->dgram + e->dgram_len, f, len);
	e->dgram_len += len;
}
