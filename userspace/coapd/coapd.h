/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coapd.h - the daemon's state and the parts that share it
 */
#ifndef COAPD_H
#define COAPD_H

#include <stdbool.h>
#include <stdint.h>

#include <coap3/coap.h>

#include "acl.h"
#include "config.h"
#include "mesh.h"
#include "stats.h"
#include "value.h"

#define COAPD_CT_TEXT	COAP_MEDIATYPE_TEXT_PLAIN
#define COAPD_CT_JSON	COAP_MEDIATYPE_APPLICATION_JSON
#define COAPD_DIAG_MAX	256	/* bytes of a diagnostic payload */

struct coapd;
struct coapd_res;

/*
 * What a request handler returns: the response code, and the body (owned
 * by the handler's res; copied by libcoap) with its content format.
 */
struct coapd_reply {
	coap_pdu_code_t code;
	uint16_t ct;
	int max_age;		/* -1: no Max-Age option */
	const uint8_t *data;
	size_t len;
	void *owned;		/* freed once libcoap copied the body */
	char diag[COAPD_DIAG_MAX];	/* used when data is NULL and code >= 4.00 */
};

typedef void (*coapd_method_fn)(struct coapd *d, struct coapd_res *res,
				coap_session_t *s, const coap_pdu_t *req,
				struct coapd_reply *rep);

/* one resource served by coapd */
struct coapd_res {
	coap_resource_t *r;
	coapd_method_fn get, put, post, del;
	void *priv;
	struct coapd_res *next;
};

struct ps_topic;
struct ps_client;
struct device_state;

struct coapd {
	const char *conf_path;		/* read again on SIGHUP */
	bool debug;			/* -d: the log level stays debug */
	struct lm_config *lc;
	struct coapd_config cfg;
	coap_context_t *ctx;
	struct coapd_stats st;
	struct coapd_res *resources;

	struct lm_upstream *up;

	struct device_state *devs;
	struct lm_rules *dev_rules;	/* dead-band etc. of [device] sections */

	struct ps_topic *topics;
	int n_topics;
	struct ps_client *ps_clients;	/* quotas and rates per identity */
	int n_ps_clients;
	bool ps_gc;

	struct mesh_nl *nl;
	struct coapd_res *mesh_res[MESH_NTABLES];
	uint64_t mesh_hash[MESH_NTABLES];
	uint64_t mesh_next_poll, mesh_next_ev_try;
	int mesh_ev_fd;
};

uint64_t coapd_now_ms(void);
uint64_t coapd_hash(const void *data, size_t len);

/* server.c */
int coapd_server_init(struct coapd *d, char *err, size_t errlen);
void coapd_server_free(struct coapd *d);
void coapd_server_tick(struct coapd *d, uint64_t now);
uint64_t coapd_server_deadline(const struct coapd *d);
struct coapd_res *coapd_res_add(struct coapd *d, const char *uri, bool observable,
				const char *rt, const char *ifd, int ct,
				coapd_method_fn get, coapd_method_fn put,
				coapd_method_fn post, coapd_method_fn del,
				void *priv);
void coapd_res_notify(struct coapd *d, struct coapd_res *res);
void coapd_reply_diag(struct coapd_reply *rep, coap_pdu_code_t code,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void coapd_stats_log(struct coapd *d);
/* reload: apply d->cfg's log level and max_sessions to libcoap */
void coapd_server_reconfigure(struct coapd *d);
/* who sent a request on @s; @psk receives the PSK identity */
void coapd_session_peer(coap_session_t *s, struct coapd_peer *p,
			char *psk, size_t psklen);

/* device.c */
int coapd_devices_init(struct coapd *d, char *err, size_t errlen);
void coapd_devices_tick(struct coapd *d, uint64_t now);
uint64_t coapd_devices_deadline(const struct coapd *d);
void coapd_devices_free(struct coapd *d);
/*
 * Reload: the edge rules of @cfg's [device] sections (NULL with @err), then,
 * once d->cfg is the new configuration, switch to them. The sections are
 * the same as the running ones (coapd_config_restart_needed()).
 */
struct lm_rules *coapd_devices_prepare(const struct coapd_config *cfg,
				       const char *file, char *err,
				       size_t errlen);
void coapd_devices_reconfigure(struct coapd *d, struct lm_rules *rules);

/* ps.c */
int coapd_ps_init(struct coapd *d, char *err, size_t errlen);
void coapd_ps_free(struct coapd *d);
void coapd_ps_gc(struct coapd *d);
void coapd_ps_mqtt_message(struct coapd *d, const char *topic,
			   const void *payload, size_t len);
void coapd_ps_mqtt_subscribe(struct coapd *d);
/* publish through the edge rules and the upstream connection */
int coapd_upstream_publish(struct coapd *d, const char *topic,
			   const void *data, size_t len, int qos, bool retain);

/* reload.c: SIGHUP; 0 when the new configuration runs, -1 (logged) if not */
int coapd_reload(struct coapd *d);

/* mesh_res.c */
int coapd_mesh_init(struct coapd *d, char *err, size_t errlen);
void coapd_mesh_tick(struct coapd *d, uint64_t now);
uint64_t coapd_mesh_deadline(const struct coapd *d);
void coapd_mesh_readable(struct coapd *d);
void coapd_mesh_free(struct coapd *d);

#endif /* COAPD_H */
