// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - coapd's counters and their JSON form (pure)
 */
#include <lmesh/upstream.h>

#include "stats.h"

void coapd_stats_request(struct coapd_stats *st, int method)
{
	st->requests++;
	switch (method) {
	case 1:
		st->get++;
		break;
	case 2:
		st->post++;
		break;
	case 3:
		st->put++;
		break;
	case 4:
		st->delete_++;
		break;
	default:
		st->other++;
	}
}

void coapd_stats_response(struct coapd_stats *st, unsigned int code)
{
	switch (code >> 5) {
	case 2:
		st->resp_2xx++;
		break;
	case 4:
		st->resp_4xx++;
		break;
	case 5:
		st->resp_5xx++;
		break;
	default:
		st->resp_other++;
	}
}

void coapd_stats_json(const struct coapd_stats *st,
		      const struct lm_upstream_stats *up, uint64_t now_ms,
		      struct jbuf *jb)
{
	jb_obj_open(jb, NULL);
	jb_u64(jb, "uptime_s", now_ms >= st->started_ms ?
	       (now_ms - st->started_ms) / 1000 : 0);
	jb_obj_open(jb, "requests");
	jb_u64(jb, "total", st->requests);
	jb_u64(jb, "get", st->get);
	jb_u64(jb, "post", st->post);
	jb_u64(jb, "put", st->put);
	jb_u64(jb, "delete", st->delete_);
	jb_u64(jb, "other", st->other);
	jb_obj_close(jb);
	jb_obj_open(jb, "responses");
	jb_u64(jb, "2xx", st->resp_2xx);
	jb_u64(jb, "4xx", st->resp_4xx);
	jb_u64(jb, "5xx", st->resp_5xx);
	jb_u64(jb, "other", st->resp_other);
	jb_obj_close(jb);
	jb_obj_open(jb, "dtls");
	jb_u64(jb, "handshakes", st->dtls_handshakes);
	jb_u64(jb, "failures", st->dtls_failures);
	jb_u64(jb, "closed", st->dtls_closed);
	jb_obj_close(jb);
	jb_obj_open(jb, "sessions");
	jb_u64(jb, "created", st->sessions_new);
	jb_u64(jb, "deleted", st->sessions_del);
	jb_obj_close(jb);
	jb_u64(jb, "notifications", st->notifies);
	jb_obj_open(jb, "devices");
	jb_u64(jb, "reads", st->device_reads);
	jb_u64(jb, "read_errors", st->device_read_errors);
	jb_obj_close(jb);
	jb_obj_open(jb, "pubsub");
	jb_u64(jb, "published", st->ps_publishes);
	jb_u64(jb, "publish_failures", st->ps_publish_failures);
	jb_u64(jb, "rejected", st->ps_rejected);
	jb_u64(jb, "forbidden", st->ps_forbidden);
	jb_u64(jb, "over_quota", st->ps_over_quota);
	jb_u64(jb, "rate_limited", st->ps_rate_limited);
	jb_obj_close(jb);
	jb_obj_open(jb, "mesh");
	jb_u64(jb, "events", st->mesh_events);
	jb_u64(jb, "errors", st->mesh_errors);
	jb_obj_close(jb);
	jb_obj_open(jb, "config");
	jb_u64(jb, "reloads", st->reloads);
	jb_u64(jb, "reload_failures", st->reload_failures);
	jb_obj_close(jb);
	if (up) {
		jb_obj_open(jb, "upstream");
		jb_u64(jb, "connects", up->connects);
		jb_u64(jb, "connect_failures", up->connect_failures);
		jb_u64(jb, "disconnects", up->disconnects);
		jb_u64(jb, "published", up->published);
		jb_u64(jb, "queued", up->queued);
		jb_u64(jb, "dequeued", up->dequeued);
		jb_u64(jb, "dropped", up->dropped);
		jb_u64(jb, "acked", up->acked);
		jb_obj_close(jb);
	}
	jb_obj_close(jb);
}
