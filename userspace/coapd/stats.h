/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - coapd's counters: requests, responses by class, DTLS handshakes
 */
#ifndef COAPD_STATS_H
#define COAPD_STATS_H

#include <stdint.h>

#include <lmesh/json.h>

struct lm_upstream_stats;

struct coapd_stats {
	uint64_t requests;		/* requests that reached a resource */
	uint64_t get, put, post, delete_, other;
	uint64_t resp_2xx, resp_4xx, resp_5xx, resp_other;
	uint64_t dtls_handshakes;	/* completed */
	uint64_t dtls_failures;		/* handshake or record errors */
	uint64_t dtls_closed;
	uint64_t sessions_new, sessions_del;
	uint64_t notifies;		/* observe notifications triggered */
	uint64_t device_reads, device_read_errors;
	uint64_t ps_publishes, ps_publish_failures, ps_rejected;
	uint64_t ps_forbidden;		/* outside the allow-lists (4.03) */
	uint64_t ps_over_quota;		/* max_topics_per_client (4.03) */
	uint64_t ps_rate_limited;	/* publish_rate (4.29) */
	uint64_t mesh_events, mesh_errors;
	uint64_t reloads, reload_failures;	/* SIGHUP applied, refused */
	uint64_t started_ms;		/* CLOCK_MONOTONIC at start */
};

/* @method: COAP_REQUEST_CODE_* value (1 GET .. 4 DELETE, others counted apart). */
void coapd_stats_request(struct coapd_stats *st, int method);
/* @code: the response code byte (class << 5 | detail). */
void coapd_stats_response(struct coapd_stats *st, unsigned int code);
/* The whole set as one JSON object; @up may be NULL. */
void coapd_stats_json(const struct coapd_stats *st,
		      const struct lm_upstream_stats *up, uint64_t now_ms,
		      struct jbuf *jb);

#endif /* COAPD_STATS_H */
