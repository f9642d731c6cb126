// SPDX-License-Identifier: GPL-2.0
/* Upstream MQTT connection over libmosquitto, driven by the caller's poll loop. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <mosquitto.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

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
	/* the broker name's addresses, tried in turn; cur == naddrs: resolve again */
	char addrs[LM_UPSTREAM_MAX_ADDRS][LM_UPSTREAM_ADDRLEN];
	int naddrs, cur;
	bool host_is_ip;
	char last_log[256];		/* libmosquitto's last error message */
	char tls_why[128];		/* why our side of the TLS handshake gave up */
	int connect_errno;		/* seen while libmosquitto started the connect */
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

/* A libmosquitto return code as text; MOSQ_ERR_ERRNO means errno says why. */
static const char *rc_str(int rc)
{
	static char buf[48];

	if (rc == MOSQ_ERR_ERRNO)
		return strerror(errno);
	if (rc == MOSQ_ERR_KEEPALIVE)
		return "no answer within the keep-alive time";
	if (!strcmp(mosquitto_strerror(rc), "Unknown error.")) {
		snprintf(buf, sizeof(buf), "libmosquitto error %d", rc);
		return buf;
	}
	return mosquitto_strerror(rc);
}

static const char *cur_addr(const struct lm_upstream *up)
{
	return up->cur < up->naddrs ? up->addrs[up->cur] : "?";
}

static void lost(struct lm_upstream *up, const char *why)
{
	bool was = up->state == UP_CONNECTED;
	char detail[512];

	if (up->state == UP_IDLE)
		return;
	snprintf(detail, sizeof(detail), "%s%s%s%s%s", why, up->last_log[0] ? ": " : "",
		 up->last_log, up->tls_why[0] ? ": " : "", up->tls_why);
	up->last_log[0] = '\0';
	up->tls_why[0] = '\0';
	if (was) {
		up->stats.disconnects++;
		lm_warn("upstream: connection to %s:%d (%s) lost (%s)", up->cfg.host,
			up->cfg.port, cur_addr(up), detail);
	} else {
		up->stats.connect_failures++;
		lm_info("upstream: connecting to %s:%d at %s failed (%s)", up->cfg.host,
			up->cfg.port, cur_addr(up), detail);
	}
	if (mosquitto_socket(up->mosq) >= 0)
		mosquitto_disconnect(up->mosq);
	if (!was && up->cur + 1 < up->naddrs) {
		/* the next address of this round, right away */
		up->cur++;
		up->state = UP_IDLE;
		up->next_attempt = up->now;
	} else {
		up->cur = up->naddrs;	/* resolve again next round */
		schedule_reconnect(up);
	}
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
	up->last_log[0] = '\0';
	lm_notice("upstream: connected to %s:%d (%s)", up->cfg.host, up->cfg.port,
		  cur_addr(up));
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
	lost(obj, rc ? rc_str(rc) : "disconnected");
}

/* Keep libmosquitto's last error (TLS failures): it says why a connect failed. */
static void on_log(struct mosquitto *m, void *obj, int level, const char *str)
{
	struct lm_upstream *up = obj;

	(void)m;
	if (level & MOSQ_LOG_ERR)
		snprintf(up->last_log, sizeof(up->last_log), "%s", str);
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

/* Start a connection round: every address the broker name has now. */
static int resolve(struct lm_upstream *up)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	char port[16];
	int rc;

	snprintf(port, sizeof(port), "%d", up->cfg.port);
	rc = getaddrinfo(up->cfg.host, port, &hints, &res);
	if (rc) {
		up->stats.connect_failures++;
		lm_info("upstream: resolving %s failed (%s)", up->cfg.host,
			rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		up->naddrs = up->cur = 0;
		schedule_reconnect(up);
		return -1;
	}
	up->naddrs = lm_upstream_addr_list(res, up->addrs, LM_UPSTREAM_MAX_ADDRS);
	freeaddrinfo(res);
	up->cur = 0;
	if (!up->naddrs) {
		up->stats.connect_failures++;
		lm_info("upstream: %s has no IPv4 or IPv6 address", up->cfg.host);
		schedule_reconnect(up);
		return -1;
	}
	if (up->naddrs > 1)
		lm_dbg("upstream: %s has %d addresses, trying them in turn",
		       up->cfg.host, up->naddrs);
	return 0;
}

static void try_connect(struct lm_upstream *up)
{
	int rc;

	if (up->cur >= up->naddrs && resolve(up))
		return;
	up->connect_started = up->now;
	up->state = UP_CONNECTING;
	up->last_log[0] = '\0';
	up->tls_why[0] = '\0';
	/*
	 * The numeric address: libmosquitto would take the first address of
	 * the name only. TLS still checks the configured name (tls_setup()).
	 */
	errno = 0;
	rc = mosquitto_connect_bind_async(up->mosq, up->addrs[up->cur], up->cfg.port,
					  up->cfg.keepalive_s, NULL);
	/*
	 * With TLS, libmosquitto starts the handshake on the socket still
	 * connecting; a refusal that arrived meanwhile is then read (and
	 * cleared from the socket) there, and only errno keeps it.
	 */
	up->connect_errno = errno == EINPROGRESS || errno == EAGAIN ? 0 : errno;
	if (rc != MOSQ_ERR_SUCCESS)
		lost(up, rc_str(rc));
}

/*
 * libmosquitto names and verifies the host it was given to connect to,
 * here a numeric address. OpenSSL gets the configured name instead: the
 * certificate chain and the name (X509_VERIFY_PARAM of our SSL_CTX, see
 * tls_setup()) are checked by OpenSSL itself during the handshake, and SNI
 * carries the name. Both are set when the handshake starts, once
 * libmosquitto prepared the connection: SNI replaces the address it put
 * there, and its verify callback (which compares with the address, and
 * fails every certificate when given an SSL_CTX of ours, its ex_data index
 * being set up only for its own contexts) is replaced by OpenSSL's.
 */
static int tls_verify(int ok, X509_STORE_CTX *x)
{
	(void)x;
	return ok;	/* OpenSSL's verdict: chain, and name unless tls_insecure */
}

static void tls_info(const SSL *ssl, int where, int ret)
{
	struct lm_upstream *up = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));

	long v;

	if (!up)
		return;
	if (where & SSL_CB_HANDSHAKE_START) {
		SSL_set_verify((SSL *)ssl, SSL_VERIFY_PEER, tls_verify);
		if (!up->host_is_ip)
			SSL_set_tlsext_host_name((SSL *)ssl, up->cfg.host);
	}
	if ((where & SSL_CB_ALERT) && (where & SSL_CB_WRITE)) {
		v = SSL_get_verify_result(ssl);
		snprintf(up->tls_why, sizeof(up->tls_why), "%s",
			 v != X509_V_OK ? X509_verify_cert_error_string(v) :
			 SSL_alert_desc_string_long(ret));
	}
}

static int tls_setup(struct lm_upstream *up, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	X509_VERIFY_PARAM *vp;
	int rc;

	if (!ctx) {
		lm_seterr(err, errlen, "upstream: SSL_CTX_new failed");
		return -1;
	}
	vp = SSL_CTX_get0_param(ctx);
	if (!up->cfg.tls_insecure &&
	    !(up->host_is_ip ? X509_VERIFY_PARAM_set1_ip_asc(vp, up->cfg.host) :
	      X509_VERIFY_PARAM_set1_host(vp, up->cfg.host, 0))) {
		SSL_CTX_free(ctx);
		lm_seterr(err, errlen, "upstream: cannot verify host name '%s'",
			  up->cfg.host);
		return -1;
	}
	SSL_CTX_set_app_data(ctx, up);
	SSL_CTX_set_info_callback(ctx, tls_info);
	rc = mosquitto_void_option(up->mosq, MOSQ_OPT_SSL_CTX, ctx);
	SSL_CTX_free(ctx);	/* libmosquitto took its own reference */
	if (!rc)
		rc = mosquitto_int_option(up->mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 1);
	if (!rc)
		rc = mosquitto_tls_set(up->mosq, up->cfg.cafile, up->cfg.capath,
				       up->cfg.certfile, up->cfg.keyfile, NULL);
	if (rc) {
		lm_seterr(err, errlen,
			  "upstream: TLS setup failed (%s): check cafile/capath/certfile/keyfile",
			  mosquitto_strerror(rc));
		return -1;
	}
	/* libmosquitto's name check would compare with the address: OpenSSL's */
	mosquitto_tls_insecure_set(up->mosq, true);
	return 0;
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
	{
		unsigned char a[sizeof(struct in6_addr)];

		up->host_is_ip = inet_pton(AF_INET, up->cfg.host, a) == 1 ||
				 inet_pton(AF_INET6, up->cfg.host, a) == 1;
	}

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
	mosquitto_log_callback_set(up->mosq, on_log);
	if (up->cfg.username) {
		rc = mosquitto_username_pw_set(up->mosq, up->cfg.username,
					       up->cfg.password);
		if (rc) {
			lm_seterr(err, errlen, "upstream: username: %s", mosquitto_strerror(rc));
			goto fail;
		}
	}
	if (tls) {
		if (tls_setup(up, err, errlen))
			goto fail;
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
	if (up->state == UP_CONNECTING && (revents & (POLLERR | POLLHUP))) {
		int soerr = 0;
		socklen_t l = sizeof(soerr);

		/* the TCP connect failed: say why (ECONNREFUSED, ...) */
		if (getsockopt(mosquitto_socket(up->mosq), SOL_SOCKET, SO_ERROR,
			       &soerr, &l) || !soerr)
			soerr = up->connect_errno;
		if (soerr || (revents & POLLHUP)) {
			lost(up, soerr ? strerror(soerr) : "closed while connecting");
			return;
		}
	}
	if (revents & (POLLIN | POLLERR | POLLHUP)) {
		rc = mosquitto_loop_read(up->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS) {
			lost(up, rc_str(rc));
			return;
		}
	}
	if (up->state != UP_IDLE && (revents & POLLOUT)) {
		rc = mosquitto_loop_write(up->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS)
			lost(up, rc_str(rc));
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
