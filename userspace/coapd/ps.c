// SPDX-License-Identifier: GPL-2.0
/*
 * ps.c - gateway resources: PUT or POST /ps/TOPIC publishes the payload to
 * MQTT (through liblmesh's edge rules and upstream connection), GET returns
 * the last value, observers are told of every new one. A topic resource is
 * created by its first PUT/POST and removed by DELETE; GET /ps lists them.
 * With subscribe = yes, MQTT messages under the prefix (from any publisher)
 * update the resources too, and create them; the broker's echo of what /ps
 * itself published is dropped (it is applied already).
 *
 * Who may write: [pubsub] allow (create, publish, delete) and allow_publish
 * (publish to existing topics), matched against the client's identity
 * (acl.h); others get 4.03. Each identity may create max_topics_per_client
 * topics (4.03 beyond, until it deletes one) and, with publish_rate, send
 * that many writes per second (token bucket of publish_burst; 4.29 with
 * Max-Age beyond, RFC 8516).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmesh/log.h>
#include <lmesh/rules.h>
#include <lmesh/upstream.h>

#include "coapd.h"

/* an identity that wrote to /ps: its topics and its rate bucket */
struct ps_client {
	char id[COAPD_ID_MAX];
	int topics;		/* topics it created that still exist */
	double tokens;
	uint64_t t_ms;		/* tokens as of this time */
	struct ps_client *next;
};

#define PS_CLIENTS_MAX	4096	/* identities remembered at once */

struct ps_topic {
	struct ps_client *owner;	/* NULL: created by MQTT */
	char *path;		/* "ps/a/b" */
	char *topic;		/* MQTT topic: prefix + "a/b" */
	struct coapd_res *res;
	uint8_t *val;
	size_t len;
	uint16_t ct;
	bool have;
	bool deleted;		/* DELETE seen: removed by coapd_ps_gc() */
	struct ps_topic *next;
};

static void emit_up(void *ctx, const struct lm_rule_out *out)
{
	struct coapd *d = ctx;

	if (lm_upstream_publish(d->up, out->topic, out->payload, out->len,
				out->qos, out->retain))
		d->st.ps_publish_failures++;
	else
		d->st.ps_publishes++;
}

int coapd_upstream_publish(struct coapd *d, const char *topic,
			   const void *data, size_t len, int qos, bool retain)
{
	int ret;

	if (!d->up)
		return 0;
	if (lm_rules_input(d->cfg.rules, topic, data, len, qos, retain,
			   coapd_now_ms(), emit_up, d) == LM_RULE_HANDLED)
		return 0;
	ret = lm_upstream_publish(d->up, topic, data, len, qos, retain);
	if (ret)
		d->st.ps_publish_failures++;
	else
		d->st.ps_publishes++;
	return ret;
}

/*
 * With subscribe = yes the broker sends coapd's own publications back. One
 * that arrives late (a slow broker) must not bring back a topic DELETEd
 * meanwhile, nor put back an older value: what /ps published is
 * remembered (topic and payload hash) until its echo arrives, which is then
 * dropped, or for ECHO_MS at most.
 */
#define ECHO_MAX	256
#define ECHO_MS		30000
static struct ps_echo {
	char *topic;
	uint64_t hash;
	size_t len;
	uint64_t until;
} echoes[ECHO_MAX];
static unsigned int echo_next;

static void echo_expect(const char *topic, const void *data, size_t len)
{
	struct ps_echo *e = &echoes[echo_next++ % ECHO_MAX];

	free(e->topic);
	e->topic = strdup(topic);
	e->hash = coapd_hash(data, len);
	e->len = len;
	e->until = coapd_now_ms() + ECHO_MS;
}

/* true (and forgotten) when @topic/@data is the echo of a /ps publication */
static bool echo_seen(const char *topic, const void *data, size_t len)
{
	uint64_t h = coapd_hash(data, len), now = coapd_now_ms();
	unsigned int i;

	for (i = 0; i < ECHO_MAX; i++) {
		struct ps_echo *e = &echoes[i];

		if (!e->topic || e->until < now || e->len != len ||
		    e->hash != h || strcmp(e->topic, topic))
			continue;
		free(e->topic);
		e->topic = NULL;
		return true;
	}
	return false;
}

static void echo_free(void)
{
	unsigned int i;

	for (i = 0; i < ECHO_MAX; i++) {
		free(echoes[i].topic);
		echoes[i].topic = NULL;
	}
}

/* the body of a request (all blocks: libcoap reassembles Block1) */
static bool req_body(const coap_pdu_t *req, const uint8_t **data, size_t *len)
{
	size_t offset = 0, total = 0;

	*data = NULL;
	*len = 0;
	if (!coap_get_data_large(req, len, data, &offset, &total))
		return true;	/* no payload */
	return offset == 0 && *len == total;
}

static uint16_t req_ct(const coap_pdu_t *req)
{
	coap_opt_iterator_t it;
	coap_opt_t *o = coap_check_option(req, COAP_OPTION_CONTENT_FORMAT, &it);

	if (!o)
		return COAPD_CT_TEXT;
	return (uint16_t)coap_decode_var_bytes(coap_opt_value(o),
					       coap_opt_length(o));
}

static void ps_get(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		   const coap_pdu_t *req, struct coapd_reply *rep)
{
	struct ps_topic *t = res->priv;

	(void)d;
	(void)s;
	(void)req;
	if (!t->have) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_NOT_FOUND,
				 t->deleted ? "deleted" : "no value yet");
		return;
	}
	rep->data = t->val;
	rep->len = t->len;
	rep->ct = t->ct;
}

/* keep @data as the topic's value and tell the observers; -1 out of memory */
static int ps_store(struct coapd *d, struct ps_topic *t, const uint8_t *data,
		    size_t len, uint16_t ct)
{
	uint8_t *nv;

	if (t->have && !t->deleted && len == t->len && ct == t->ct &&
	    (!len || !memcmp(t->val, data, len)))
		return 0;	/* e.g. our own publication coming back */
	nv = malloc(len ? len : 1);
	if (!nv)
		return -1;
	if (len)
		memcpy(nv, data, len);
	free(t->val);
	t->val = nv;
	t->len = len;
	t->ct = ct;
	t->have = true;
	t->deleted = false;
	coapd_res_notify(d, t->res);
	return 0;
}

static void ps_set(struct coapd *d, struct ps_topic *t, const coap_pdu_t *req,
		   struct coapd_reply *rep)
{
	const uint8_t *data;
	size_t len;

	if (!req_body(req, &data, &len)) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_REQUEST_TOO_LARGE,
				 "incomplete body");
		return;
	}
	if (len > (size_t)d->cfg.ps_max_payload) {
		d->st.ps_rejected++;
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_REQUEST_TOO_LARGE,
				 "payload of %zu bytes, at most %d", len,
				 d->cfg.ps_max_payload);
		return;
	}
	if (ps_store(d, t, data, len, req_ct(req))) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_INTERNAL_ERROR,
				 "out of memory");
		return;
	}
	if (coapd_upstream_publish(d, t->topic, t->val, len, d->cfg.ps_qos,
				   d->cfg.ps_retain)) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_BAD_GATEWAY,
				 "MQTT broker not reachable: message dropped");
		return;
	}
	if (d->up && d->cfg.ps_subscribe)
		echo_expect(t->topic, t->val, len);
	rep->code = COAP_RESPONSE_CODE_CHANGED;
}

static void refill(const struct coapd *d, struct ps_client *c, uint64_t now)
{
	c->tokens += (double)(now - c->t_ms) * d->cfg.ps_rate / 1000.0;
	if (c->tokens > d->cfg.ps_burst)
		c->tokens = d->cfg.ps_burst;
	c->t_ms = now;
}

/* the client entry of @id, created when missing; NULL when the table is full */
static struct ps_client *client_get(struct coapd *d, const char *id,
				    uint64_t now)
{
	struct ps_client *c, **pp;

	for (c = d->ps_clients; c; c = c->next)
		if (!strcmp(c->id, id))
			return c;
	if (d->n_ps_clients >= PS_CLIENTS_MAX) {
		/* forget the ones with no topic and a full bucket */
		for (pp = &d->ps_clients; (c = *pp);) {
			refill(d, c, now);
			if (c->topics || (d->cfg.ps_rate > 0 &&
					  c->tokens < d->cfg.ps_burst)) {
				pp = &c->next;
				continue;
			}
			*pp = c->next;
			free(c);
			d->n_ps_clients--;
		}
		if (d->n_ps_clients >= PS_CLIENTS_MAX)
			return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->tokens = d->cfg.ps_burst;
	c->t_ms = now;
	c->next = d->ps_clients;
	d->ps_clients = c;
	d->n_ps_clients++;
	return c;
}

enum ps_op { PS_CREATE, PS_PUBLISH, PS_DELETE };

/*
 * May the client of @s do @op? Its entry, or NULL with the answer in @rep:
 * 4.03 outside the allow-lists or over its topic quota, 4.29 over its rate.
 */
static struct ps_client *ps_admit(struct coapd *d, coap_session_t *s,
				  enum ps_op op, struct coapd_reply *rep)
{
	const struct coapd_config *cfg = &d->cfg;
	char psk[COAPD_ID_MAX], id[COAPD_ID_MAX];
	struct coapd_peer p;
	struct ps_client *c;
	uint64_t now = coapd_now_ms();

	coapd_session_peer(s, &p, psk, sizeof(psk));
	coapd_peer_id(&p, id, sizeof(id));
	if (!coapd_acl_find(cfg->ps_allow, cfg->n_ps_allow, &p) &&
	    (op != PS_PUBLISH ||
	     !coapd_acl_find(cfg->ps_allow_pub, cfg->n_ps_allow_pub, &p))) {
		d->st.ps_forbidden++;
		lm_info("pubsub: %s may not %s (allow%s)", id,
			op == PS_CREATE ? "create topics" :
			op == PS_DELETE ? "delete topics" : "publish",
			op == PS_PUBLISH ? ", allow_publish" : "");
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_FORBIDDEN,
				 "client %s may not %s", id,
				 op == PS_CREATE ? "create topics" :
				 op == PS_DELETE ? "delete topics" : "publish");
		return NULL;
	}
	c = client_get(d, id, now);
	if (!c) {
		d->st.ps_rejected++;
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE,
				 "too many clients");
		return NULL;
	}
	if (cfg->ps_rate > 0) {
		refill(d, c, now);
		if (c->tokens < 1.0) {
			double wait = (1.0 - c->tokens) / cfg->ps_rate;

			d->st.ps_rate_limited++;
			rep->max_age = (int)wait + 1;
			coapd_reply_diag(rep, COAP_RESPONSE_CODE(429),
					 "client %s: more than %g writes per second",
					 id, cfg->ps_rate);
			return NULL;
		}
		c->tokens -= 1.0;
	}
	if (op == PS_CREATE && c->topics >= cfg->ps_client_topics) {
		d->st.ps_over_quota++;
		lm_info("pubsub: %s has created %d topics, its quota", id,
			c->topics);
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_FORBIDDEN,
				 "client %s: topic quota (%d) reached, delete one of its topics first",
				 id, cfg->ps_client_topics);
		return NULL;
	}
	return c;
}

static void ps_put(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		   const coap_pdu_t *req, struct coapd_reply *rep)
{
	if (!ps_admit(d, s, PS_PUBLISH, rep))
		return;
	ps_set(d, res->priv, req, rep);
}


static void ps_topic_free(struct ps_topic *t)
{
	free(t->path);
	free(t->topic);
	free(t->val);
	free(t);
}

static void ps_del(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		   const coap_pdu_t *req, struct coapd_reply *rep)
{
	struct ps_topic *t = res->priv;

	(void)req;
	if (!ps_admit(d, s, PS_DELETE, rep))
		return;
	/* libcoap still uses the resource after this handler: delete later */
	t->deleted = true;
	t->have = false;
	d->ps_gc = true;
	rep->code = COAP_RESPONSE_CODE_DELETED;
}

void coapd_ps_gc(struct coapd *d)
{
	struct ps_topic **pp = &d->topics, *t;
	struct coapd_res **rp;

	if (!d->ps_gc)
		return;
	d->ps_gc = false;
	while ((t = *pp)) {
		if (!t->deleted) {
			pp = &t->next;
			continue;
		}
		*pp = t->next;
		for (rp = &d->resources; *rp; rp = &(*rp)->next) {
			if (*rp == t->res) {
				*rp = t->res->next;
				break;
			}
		}
		d->n_topics--;
		if (t->owner)
			t->owner->topics--;
		lm_info("pubsub: topic /%s deleted", t->path);
		/* observers get 4.04; libcoap frees the coap_resource_t */
		coap_delete_resource(d->ctx, t->res->r);
		free(t->res);
		ps_topic_free(t);
	}
}

/* "ps/..." of a request, NULL with a diagnostic when unusable */
static char *ps_path(const coap_pdu_t *req, struct coapd_reply *rep)
{
	coap_string_t *p = coap_get_uri_path(req);
	char *path = NULL;

	if (!p) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_NOT_FOUND, "no such resource");
		return NULL;
	}
	if (p->length > 3 && !memcmp(p->s, "ps/", 3) &&
	    p->length <= COAPD_URI_MAX && !memchr(p->s, '\0', p->length)) {
		path = strndup((const char *)p->s, p->length);
		if (path && !coapd_uri_valid(path)) {
			coapd_reply_diag(rep, COAP_RESPONSE_CODE_BAD_REQUEST,
					 "invalid topic: segments of A-Z a-z 0-9 . _ ~ -");
			free(path);
			path = NULL;
		}
	} else {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_NOT_FOUND,
				 "no such resource");
	}
	coap_delete_string(p);
	return path;
}

static struct ps_topic *ps_create(struct coapd *d, char *path,
				  struct ps_client *owner,
				  struct coapd_reply *rep)
{
	const char *prefix = d->cfg.ps_prefix ? d->cfg.ps_prefix : "";
	struct ps_topic *t;
	size_t n;

	if (d->n_topics >= d->cfg.ps_max_topics) {
		d->st.ps_rejected++;
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE,
				 "topic limit (%d) reached", d->cfg.ps_max_topics);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	n = strlen(prefix) + strlen(path) + 1;
	if (t)
		t->topic = malloc(n);
	if (!t || !t->topic)
		goto oom;
	snprintf(t->topic, n, "%s%s", prefix, path + 3);
	t->path = path;
	t->res = coapd_res_add(d, path, true, "core.ps.data", NULL, -1,
			       ps_get, ps_put, ps_put, ps_del, t);
	if (!t->res)
		goto oom;
	t->next = d->topics;
	d->topics = t;
	d->n_topics++;
	t->owner = owner;
	if (owner)
		owner->topics++;
	lm_info("pubsub: new topic /%s -> MQTT %s (by %s)", path, t->topic,
		owner ? owner->id : "MQTT");
	return t;
oom:
	if (t) {
		free(t->topic);
		free(t);
	}
	free(path);
	coapd_reply_diag(rep, COAP_RESPONSE_CODE_INTERNAL_ERROR, "out of memory");
	return NULL;
}

/* requests for paths no resource has: PUT/POST under ps/ create a topic */
static void unknown_create(struct coapd *d, struct coapd_res *res,
			   coap_session_t *s, const coap_pdu_t *req,
			   struct coapd_reply *rep)
{
	struct ps_client *c;
	struct ps_topic *t;
	char *path;

	(void)res;
	if (!d->cfg.ps_enable) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_NOT_FOUND, "no such resource");
		return;
	}
	path = ps_path(req, rep);
	if (!path)
		return;
	c = ps_admit(d, s, PS_CREATE, rep);
	if (!c) {
		free(path);
		return;
	}
	t = ps_create(d, path, c, rep);
	if (!t)
		return;
	ps_set(d, t, req, rep);
	if (rep->code == COAP_RESPONSE_CODE_CHANGED)
		rep->code = COAP_RESPONSE_CODE_CREATED;
}

static void unknown_other(struct coapd *d, struct coapd_res *res,
			  coap_session_t *s, const coap_pdu_t *req,
			  struct coapd_reply *rep)
{
	(void)d;
	(void)res;
	(void)s;
	(void)req;
	coapd_reply_diag(rep, COAP_RESPONSE_CODE_NOT_FOUND, "no such resource");
}

/* GET /ps: the topics as link format */
static void ps_list(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		    const coap_pdu_t *req, struct coapd_reply *rep)
{
	struct ps_topic *t;
	size_t n = 1, off = 0;
	char *buf;

	(void)res;
	(void)s;
	(void)req;
	for (t = d->topics; t; t = t->next)
		n += strlen(t->path) + 24;
	buf = malloc(n);
	if (!buf) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_INTERNAL_ERROR,
				 "out of memory");
		return;
	}
	buf[0] = '\0';
	for (t = d->topics; t; t = t->next)
		if (!t->deleted)
			off += (size_t)snprintf(buf + off, n - off, "%s</%s>;obs",
						off ? "," : "", t->path);
	rep->owned = buf;
	rep->data = (const uint8_t *)buf;
	rep->len = off;
	rep->ct = COAP_MEDIATYPE_APPLICATION_LINK_FORMAT;
}

int coapd_ps_init(struct coapd *d, char *err, size_t errlen)
{
	if (!coapd_res_add(d, NULL, false, NULL, NULL, -1, unknown_other,
			   unknown_create, unknown_create, unknown_other, NULL))
		goto oom;
	if (d->cfg.ps_enable &&
	    !coapd_res_add(d, "ps", false, "core.ps", NULL,
			   COAP_MEDIATYPE_APPLICATION_LINK_FORMAT, ps_list, NULL,
			   NULL, NULL, NULL))
		goto oom;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* an MQTT message for our subscription prefix/# (pubsub subscribe = yes) */
void coapd_ps_mqtt_message(struct coapd *d, const char *topic,
			   const void *payload, size_t len)
{
	const char *prefix = d->cfg.ps_prefix ? d->cfg.ps_prefix : "";
	size_t pl = strlen(prefix);
	struct coapd_reply rep;
	struct ps_topic *t;
	char *path;

	if (strncmp(topic, prefix, pl) || len > (size_t)d->cfg.ps_max_payload)
		return;
	if (echo_seen(topic, payload, len)) {
		lm_dbg("pubsub: MQTT %s: our own publication, already applied",
		       topic);
		return;
	}
	if (asprintf(&path, "ps/%s", topic + pl) < 0)
		return;
	if (!coapd_uri_valid(path)) {
		lm_dbg("pubsub: MQTT topic %s has no CoAP path", topic);
		free(path);
		return;
	}
	for (t = d->topics; t; t = t->next)
		if (!strcmp(t->path, path))
			break;
	memset(&rep, 0, sizeof(rep));
	if (t)
		free(path);
	else
		t = ps_create(d, path, NULL, &rep);
	if (t && ps_store(d, t, payload, len, COAPD_CT_TEXT))
		lm_warn("pubsub: out of memory");
}

void coapd_ps_mqtt_subscribe(struct coapd *d)
{
	char *filter;

	if (!d->cfg.ps_enable || !d->cfg.ps_subscribe || !d->up)
		return;
	if (asprintf(&filter, "%s#", d->cfg.ps_prefix ? d->cfg.ps_prefix : "") < 0)
		return;
	/* liblmesh sends it again on every (re)connect */
	if (lm_upstream_subscribe(d->up, filter, d->cfg.ps_qos, NULL))
		lm_warn("pubsub: cannot subscribe to %s", filter);
	else
		lm_info("pubsub: MQTT %s updates /ps", filter);
	free(filter);
}

void coapd_ps_free(struct coapd *d)
{
	struct ps_topic *t, *next;

	for (t = d->topics; t; t = next) {
		next = t->next;
		ps_topic_free(t);
	}
	d->topics = NULL;
	d->n_topics = 0;
	echo_free();
	while (d->ps_clients) {
		struct ps_client *c = d->ps_clients;

		d->ps_clients = c->next;
		free(c);
	}
	d->n_ps_clients = 0;
}
