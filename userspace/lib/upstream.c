// SPDX-License-Identifier: GPL-2.0
/* Upstream MQTT connection over libmosquitto, driven by the caller's poll loop. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>

#include "lmesh/config.h"
#include "lmesh/diskq.h"
#include "lmesh/log.h"
#include "lmesh/upstream.h"

#define UP_CONNECT_TIMEOUT_MS	10000	/* CONNACK must come within this */
#define UP_MISC_INTERVAL_MS	1000	/* mosquitto_loop_misc() cadence */

enum up_state {
	UP_IDLE,		/* no socket; next attempt at next_attempt */
	UP_CONNECTING,		/* socket open, waiting for CONNACK */
	UP_CONNECTED,
};

struct up_sub {
	char *filter;
	int qos;
	int refs;
	struct up_sub *next;
};

struct lm_upstream {
	struct mosquitto *mosq;
	struct lm_upstream_cfg cfg;
	char *strings[12];		/* owned copies of cfg strings */
	const struct lm_upstream_ops *ops;
	void *ctx;
	enum up_state state;
	bool ever_connected;
	uint64_t now, next_attempt, backoff, connect_started, next_misc;
	struct lm_diskq *q;
	struct up_sub *subs;
	struct lm_upstream_stats stats;
};

void lm_upstream_lib_init(void)
{
	mosquitto_lib_init();
}

void lm_upstream_lib_cleanup(void)
{
	mosquitto_lib_cleanup();
}

static void schedule_reconnect(struct lm_upstream *up)
{
	up->state = UP_IDLE;
	up->next_attempt = up->now + up->backoff;
	up->backoff *= 2;
	if (up->backoff > up->cfg.reconnect_max_ms)
		up->backoff = up->cfg.reconnect_max_ms;
}

static void lost(struct lm_upstream *up, const char *why)
{
	bool was = up->state == UP_CONNECTED;

	if (up->state == UP_IDLE)
		return;
	if (was) {
		up->stats.disconnects++;
		lm_warn("upstream: connection to %s:%d lost (%s)", up->cfg.host,
			up->cfg.port, why);
	} else {
		up->stats.connect_failures++;
		lm_info("upstream: connecting to %s:%d failed (%s)", up->cfg.host,
			up->cfg.port, why);
	}
	if (mosquitto_socket(up->mosq) >= 0)
		mosquitto_disconnect(up->mosq);
	schedule_reconnect(up);
	if (was && up->ops->disconnected)
		up->ops->disconnected(up->ctx);
}

/* Errors that retrying cannot fix: the message itself is unacceptable. */
static bool permanent(int rc)
{
	return rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_MALFORMED_UTF8 ||
	       rc == MOSQ_ERR_PAYLOAD_SIZE || rc == MOSQ_ERR_OVERSIZE_PACKET ||
	       rc == MOSQ_ERR_QOS_NOT_SUPPORTED;
}

static int drain_one(void *ctx, const char *topic, const void *payload,
		     size_t len, int qos, bool retain)
{
	struct lm_upstream *up = ctx;
	int rc = mosquitto_publish(up->mosq, NULL, topic, (int)len, payload, qos,
				   retain);

	if (permanent(rc)) {
		lm_warn("upstream: queued message for '%s' refused (%s), dropped",
			topic, mosquitto_strerror(rc));
		up->stats.dropped++;
		return 0;
	}
	if (rc != MOSQ_ERR_SUCCESS)
		return 1;
	up->stats.dequeued++;
	up->stats.published++;
	return 0;
}

static void on_connect(struct mosquitto *m, void *obj, int rc)
{
	struct lm_upstream *up = obj;
	struct up_sub *s;
	long n;

	(void)m;
	if (rc) {
		lost(up, mosquitto_connack_string(rc));
		return;
	}
	up->state = UP_CONNECTED;
	up->ever_connected = true;
	up->backoff = up->cfg.reconnect_min_ms;
	up->stats.connects++;
	lm_notice("upstream: connected to %s:%d", up->cfg.host, up->cfg.port);
	for (s = up->subs; s; s = s->next)
		mosquitto_subscribe(up->mosq, NULL, s->filter, s->qos);
	if (up->q && lm_diskq_count(up->q)) {
		n = lm_diskq_drain(up->q, drain_one, up);
		lm_info("upstream: %ld queued message(s) sent, %zu left", n,
			lm_diskq_count(up->q));
	}
	if (up->ops->connected)
		up->ops->connected(up->ctx);
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc)
{
	(void)m;
	lost(obj, rc ? mosquitto_strerror(rc) : "disconnected");
}

static void on_message(struct mosquitto *m, void *obj,
		       const struct mosquitto_message *msg)
{
	struct lm_upstream *up = obj;

	(void)m;
	up->stats.received++;
	if (up->ops->message)
		up->ops->message(up->ctx, msg->topic, msg->payload,
				 msg->payloadlen, msg->qos, msg->retain);
}

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
	struct lm_upstream *up = obj;

	(void)m;
	(void)mid;
	up->stats.acked++;
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int n,
			 const int *granted)
{
	struct lm_upstream *up = obj;

	(void)m;
	(void)n;
	(void)granted;
	if (up->ops->subscribed)
		up->ops->subscribed(up->ctx, mid);
}

static void try_connect(struct lm_upstream *up)
{
	int rc;

	up->connect_started = up->now;
	up->state = UP_CONNECTING;
	if (!up->ever_connected && !up->stats.connect_failures)
		rc = mosquitto_connect_async(up->mosq, up->cfg.host, up->cfg.port,
					     up->cfg.keepalive_s);
	else
		rc = mosquitto_reconnect_async(up->mosq);
	if (rc != MOSQ_ERR_SUCCESS)
		lost(up, rc == MOSQ_ERR_ERRNO ? "connect failed" : mosquitto_strerror(rc));
}

static char *keep(struct lm_upstream *up, int i, const char *s)
{
	if (!s)
		return NULL;
	up->strings[i] = strdup(s);
	return up->strings[i];
}

struct lm_upstream *lm_upstream_new(const struct lm_upstream_cfg *cfg,
				    const struct lm_upstream_ops *ops, void *ctx,
				    char *err, size_t errlen)
{
	struct lm_upstream *up;
	bool tls = cfg->cafile || cfg->capath;
	int rc;

	if (!cfg->client_id || !*cfg->client_id) {
		lm_seterr(err, errlen, "upstream: client_id is required");
		return NULL;
	}
	up = calloc(1, sizeof(*up));
	if (!up) {
		lm_seterr(err, errlen, "upstream: out of memory");
		return NULL;
	}
	up->cfg = *cfg;
	up->cfg.host = keep(up, 0, cfg->host ? cfg->host : "localhost");
	up->cfg.client_id = keep(up, 1, cfg->client_id);
	up->cfg.username = keep(up, 2, cfg->username);
	up->cfg.password = keep(up, 3, cfg->password);
	up->cfg.cafile = keep(up, 4, cfg->cafile);
	up->cfg.capath = keep(up, 5, cfg->capath);
	up->cfg.certfile = keep(up, 6, cfg->certfile);
	up->cfg.keyfile = keep(up, 7, cfg->keyfile);
	up->cfg.queue_file = keep(up, 8, cfg->queue_file);
	if (!up->cfg.port)
		up->cfg.port = tls ? 8883 : 1883;
	if (!up->cfg.keepalive_s)
		up->cfg.keepalive_s = 30;
	if (!up->cfg.queue_max_msgs)
		up->cfg.queue_max_msgs = 10000;
	if (!up->cfg.queue_max_bytes)
		up->cfg.queue_max_bytes = 16u << 20;
	if (!up->cfg.reconnect_min_ms)
		up->cfg.reconnect_min_ms = 500;
	if (!up->cfg.reconnect_max_ms)
		up->cfg.reconnect_max_ms = 30000;
	if (up->cfg.reconnect_max_ms < up->cfg.reconnect_min_ms)
		up->cfg.reconnect_max_ms = up->cfg.reconnect_min_ms;
	up->backoff = up->cfg.reconnect_min_ms;
	up->ops = ops;
	up->ctx = ctx;

	if (up->cfg.queue_file) {
		up->q = lm_diskq_open(up->cfg.queue_file, up->cfg.queue_max_msgs,
				      up->cfg.queue_max_bytes, err, errlen);
		if (!up->q)
			goto fail;
		if (lm_diskq_count(up->q))
			lm_notice("upstream: %zu message(s) waiting in %s",
				  lm_diskq_count(up->q), up->cfg.queue_file);
	}
	up->mosq = mosquitto_new(up->cfg.client_id, true, up);
	if (!up->mosq) {
		lm_seterr(err, errlen, "upstream: mosquitto_new failed");
		goto fail;
	}
	mosquitto_int_option(up->mosq, MOSQ_OPT_PROTOCOL_VERSION,
			     up->cfg.protocol == 5 ? MQTT_PROTOCOL_V5 :
			     MQTT_PROTOCOL_V311);
	mosquitto_connect_callback_set(up->mosq, on_connect);
	mosquitto_disconnect_callback_set(up->mosq, on_disconnect);
	mosquitto_message_callback_set(up->mosq, on_message);
	mosquitto_publish_callback_set(up->mosq, on_publish);
	mosquitto_subscribe_callback_set(up->mosq, on_subscribe);
	if (up->cfg.username) {
		rc = mosquitto_username_pw_set(up->mosq, up->cfg.username,
					       up->cfg.password);
		if (rc) {
			lm_seterr(err, errlen, "upstream: username: %s", mosquitto_strerror(rc));
			goto fail;
		}
	}
	if (tls) {
		rc = mosquitto_tls_set(up->mosq, up->cfg.cafile, up->cfg.capath,
				       up->cfg.certfile, up->cfg.keyfile, NULL);
		if (rc) {
			lm_seterr(err, errlen,
			       "upstream: TLS setup failed (%s): check cafile/capath/certfile/keyfile",
			       mosquitto_strerror(rc));
			goto fail;
		}
		if (up->cfg.tls_insecure)
			mosquitto_tls_insecure_set(up->mosq, true);
	} else if (up->cfg.certfile || up->cfg.keyfile) {
		lm_seterr(err, errlen, "upstream: certfile/keyfile need cafile or capath");
		goto fail;
	}
	up->state = UP_IDLE;
	up->next_attempt = 0;
	return up;
fail:
	lm_upstream_free(up);
	return NULL;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long lm_upstream_flush(struct lm_upstream *up, int timeout_ms)
{
	uint64_t end = mono_ms() + timeout_ms;

	/* on_publish fires once per message (QoS 0 when sent, 1/2 when acknowledged) */
	while (up->state == UP_CONNECTED && up->stats.acked < up->stats.published) {
		struct pollfd p = { .fd = lm_upstream_fd(up),
				    .events = lm_upstream_events(up) };
		uint64_t now = mono_ms();

		if (now >= end || p.fd < 0)
			break;
		if (poll(&p, 1, (int)(end - now)) < 0)
			break;
		lm_upstream_handle(up, p.revents, mono_ms());
	}
	return (long)(up->stats.published - up->stats.acked);
}

void lm_upstream_free(struct lm_upstream *up)
{
	struct up_sub *s, *n;
	size_t i;

	if (!up)
		return;
	if (up->mosq) {
		if (mosquitto_socket(up->mosq) >= 0) {
			mosquitto_disconnect(up->mosq);
			mosquitto_loop_write(up->mosq, 1);
		}
		mosquitto_destroy(up->mosq);
	}
	lm_diskq_close(up->q);
	for (s = up->subs; s; s = n) {
		n = s->next;
		free(s->filter);
		free(s);
	}
	for (i = 0; i < sizeof(up->strings) / sizeof(up->strings[0]); i++)
		free(up->strings[i]);
	free(up);
}

int lm_upstream_publish(struct lm_upstream *up, const char *topic,
			const void *payload, size_t len, int qos, bool retain)
{
	if (len > 256 * 1024 || qos < 0 || qos > 2 ||
	    mosquitto_pub_topic_check(topic) != MOSQ_ERR_SUCCESS ||
	    mosquitto_validate_utf8(topic, (int)strlen(topic)) != MOSQ_ERR_SUCCESS)
		goto drop;
	if (up->state == UP_CONNECTED && (!up->q || !lm_diskq_count(up->q))) {
		int rc = mosquitto_publish(up->mosq, NULL, topic, (int)len, payload,
					   qos, retain);

		if (rc == MOSQ_ERR_SUCCESS) {
			up->stats.published++;
			return 0;
		}
		if (permanent(rc))
			goto drop;
	}
	if (qos > 0 && up->q &&
	    !lm_diskq_push(up->q, topic, payload, len, qos, retain)) {
		up->stats.queued++;
		return 0;
	}
drop:
	up->stats.dropped++;
	return -1;
}

static struct up_sub *find_sub(const struct lm_upstream *up, const char *filter)
{
	struct up_sub *s;

	for (s = up->subs; s; s = s->next)
		if (!strcmp(s->filter, filter))
			return s;
	return NULL;
}

int lm_upstream_subscribed(const struct lm_upstream *up, const char *filter)
{
	struct up_sub *s = find_sub(up, filter);

	return s ? s->refs : 0;
}

int lm_upstream_subscribe(struct lm_upstream *up, const char *filter, int qos,
			  int *mid)
{
	struct up_sub *s = find_sub(up, filter);

	if (mid)
		*mid = -1;
	if (s) {
		s->refs++;
		if (qos <= s->qos)
			return 0;
		s->qos = qos;	/* upgrade */
	} else {
		s = calloc(1, sizeof(*s));
		if (s)
			s->filter = strdup(filter);
		if (!s || !s->filter) {
			free(s);
			return -1;
		}
		s->qos = qos;
		s->refs = 1;
		s->next = up->subs;
		up->subs = s;
	}
	if (up->state == UP_CONNECTED)
		mosquitto_subscribe(up->mosq, mid, filter, s->qos);
	return 0;
}

int lm_upstream_unsubscribe(struct lm_upstream *up, const char *filter)
{
	struct up_sub **pp, *s;

	for (pp = &up->subs; (s = *pp); pp = &s->next) {
		if (strcmp(s->filter, filter))
			continue;
		if (--s->refs > 0)
			return 0;
		*pp = s->next;
		if (up->state == UP_CONNECTED)
			mosquitto_unsubscribe(up->mosq, NULL, filter);
		free(s->filter);
		free(s);
		return 0;
	}
	return -1;
}

bool lm_upstream_connected(const struct lm_upstream *up)
{
	return up->state == UP_CONNECTED;
}

int lm_upstream_fd(const struct lm_upstream *up)
{
	return up->state == UP_IDLE ? -1 : mosquitto_socket(up->mosq);
}

short lm_upstream_events(const struct lm_upstream *up)
{
	return POLLIN | (mosquitto_want_write(up->mosq) ? POLLOUT : 0);
}

void lm_upstream_handle(struct lm_upstream *up, short revents, uint64_t now)
{
	int rc;

	up->now = now;
	if (up->state == UP_IDLE)
		return;
	if (revents & (POLLIN | POLLERR | POLLHUP)) {
		rc = mosquitto_loop_read(up->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS) {
			lost(up, mosquitto_strerror(rc));
			return;
		}
	}
	if (up->state != UP_IDLE && (revents & POLLOUT)) {
		rc = mosquitto_loop_write(up->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS)
			lost(up, mosquitto_strerror(rc));
	}
}

void lm_upstream_tick(struct lm_upstream *up, uint64_t now)
{
	int rc;

	up->now = now;
	switch (up->state) {
	case UP_IDLE:
		if (now >= up->next_attempt)
			try_connect(up);
		break;
	case UP_CONNECTING:
		if (now - up->connect_started >= UP_CONNECT_TIMEOUT_MS) {
			lost(up, "timeout");
			break;
		}
		/* fall through */
	case UP_CONNECTED:
		if (now >= up->next_misc) {
			up->next_misc = now + UP_MISC_INTERVAL_MS;
			if (up->state == UP_CONNECTED && up->q && lm_diskq_count(up->q))
				lm_diskq_drain(up->q, drain_one, up);
			rc = mosquitto_loop_misc(up->mosq);
			if (rc != MOSQ_ERR_SUCCESS)
				lost(up, mosquitto_strerror(rc));
		}
		break;
	}
}

uint64_t lm_upstream_next_deadline(const struct lm_upstream *up)
{
	if (up->state == UP_IDLE)
		return up->next_attempt;
	return up->next_misc;
}

const struct lm_upstream_stats *lm_upstream_stats(const struct lm_upstream *up)
{
	return &up->stats;
}

size_t lm_upstream_queue_len(const struct lm_upstream *up)
{
	return up->q ? lm_diskq_count(up->q) : 0;
}
