/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One upstream MQTT connection (libmosquitto) driven by the caller's poll()
 * loop: no threads. TLS with a client certificate and/or username/password,
 * reconnect with exponential back-off, subscriptions reference-counted and
 * restored after each reconnect, and QoS 1/2 messages published while the
 * broker is unreachable kept in a bounded on-disk queue and delivered, in
 * order, as soon as the connection is back.
 *
 * Loop integration:
 *	fd = lm_upstream_fd(up);           (-1 while not connected)
 *	events = lm_upstream_events(up);   (POLLIN, plus POLLOUT when needed)
 *	timeout = lm_upstream_next_deadline(up) - now;
 *	poll(...);
 *	lm_upstream_handle(up, revents, now);
 *	lm_upstream_tick(up, now);
 */
#ifndef LMESH_UPSTREAM_H
#define LMESH_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lm_config;

struct lm_upstream_cfg {
	const char *host;		/* default "localhost" */
	int port;			/* default 1883, 8883 with TLS */
	const char *client_id;		/* required */
	const char *username, *password;
	const char *cafile, *capath;	/* either one enables TLS */
	const char *certfile, *keyfile;	/* client certificate (optional) */
	bool tls_insecure;		/* skip host name check (tests only) */
	int keepalive_s;		/* default 30 */
	int protocol;			/* 3 (MQTT 3.1.1, default) or 5 */
	const char *queue_file;		/* NULL: no disk queue, offline QoS 1/2 dropped */
	size_t queue_max_msgs;		/* default 10000 */
	size_t queue_max_bytes;		/* default 16 MiB */
	uint64_t reconnect_min_ms;	/* default 500 ms */
	uint64_t reconnect_max_ms;	/* default 30 s */
};

struct lm_upstream_ops {
	/* A message for one of our subscriptions. */
	void (*message)(void *ctx, const char *topic, const void *payload,
			size_t len, int qos, bool retain);
	/* The broker acknowledged the SUBSCRIBE with this message id. */
	void (*subscribed)(void *ctx, int mid);
	void (*connected)(void *ctx);
	void (*disconnected)(void *ctx);
};

struct lm_upstream_stats {
	uint64_t connects, connect_failures, disconnects;
	uint64_t published;		/* handed to libmosquitto */
	uint64_t queued;		/* written to the disk queue */
	uint64_t dequeued;		/* later published from the disk queue */
	uint64_t dropped;		/* QoS 0 while offline, queue full, errors */
	uint64_t acked;			/* PUBACK/PUBCOMP received */
	uint64_t received;		/* messages from the broker */
};

struct lm_upstream;
struct addrinfo;

#define LM_UPSTREAM_MAX_ADDRS	16	/* addresses tried per connection round */
#define LM_UPSTREAM_ADDRLEN	64	/* numeric address, IPv6 with %scope */

/*
 * The numeric addresses of a getaddrinfo() result, in its order (the order
 * to try them in), duplicates dropped, at most @max. Returns how many.
 * Each connection round resolves the broker name again and tries these one
 * after the other; TLS still verifies (and names in SNI) the configured host.
 */
int lm_upstream_addr_list(const struct addrinfo *res,
			  char out[][LM_UPSTREAM_ADDRLEN], int max);

/*
 * Fill @cfg from [@section] of @c (keys: host, port, client_id, username,
 * password, cafile, capath, certfile, keyfile, tls_insecure, keepalive,
 * protocol, queue_file, queue_max_messages, queue_max_bytes, reconnect_min,
 * reconnect_max). Strings point into @c. 0 or -1 with "file:line: ...".
 */
int lm_upstream_cfg_load(struct lm_upstream_cfg *cfg, struct lm_config *c,
			 const char *section, char *err, size_t errlen);
/*
 * Whether two configurations make the same connection (every field, strings
 * by content): a daemon's reload keeps its lm_upstream only when they do.
 */
bool lm_upstream_cfg_same(const struct lm_upstream_cfg *a,
			  const struct lm_upstream_cfg *b);

/* Create and start connecting. Call once lm_upstream_lib_init() was done. */
void lm_upstream_lib_init(void);
void lm_upstream_lib_cleanup(void);
struct lm_upstream *lm_upstream_new(const struct lm_upstream_cfg *cfg,
				    const struct lm_upstream_ops *ops, void *ctx,
				    char *err, size_t errlen);
/*
 * Before freeing: wait up to @timeout_ms for the broker to acknowledge what
 * was already handed to libmosquitto. Returns how many are still unacknowledged.
 */
long lm_upstream_flush(struct lm_upstream *up, int timeout_ms);
void lm_upstream_free(struct lm_upstream *up);

/* 0 sent or queued on disk, -1 dropped (counted). QoS 0 is dropped while offline. */
int lm_upstream_publish(struct lm_upstream *up, const char *topic,
			const void *payload, size_t len, int qos, bool retain);
/*
 * Reference-counted. *mid (if not NULL) gets the id of the SUBSCRIBE sent now
 * (acknowledged later through ops->subscribed), or -1 when nothing was sent
 * (already subscribed, or offline: subscriptions are sent on every connect).
 */
int lm_upstream_subscribe(struct lm_upstream *up, const char *filter, int qos,
			  int *mid);
int lm_upstream_unsubscribe(struct lm_upstream *up, const char *filter);
/* How many times @filter is currently subscribed (0: not at all). */
int lm_upstream_subscribed(const struct lm_upstream *up, const char *filter);
bool lm_upstream_connected(const struct lm_upstream *up);

int lm_upstream_fd(const struct lm_upstream *up);
short lm_upstream_events(const struct lm_upstream *up);
void lm_upstream_handle(struct lm_upstream *up, short revents, uint64_t now_ms);
void lm_upstream_tick(struct lm_upstream *up, uint64_t now_ms);
uint64_t lm_upstream_next_deadline(const struct lm_upstream *up);
const struct lm_upstream_stats *lm_upstream_stats(const struct lm_upstream *up);
size_t lm_upstream_queue_len(const struct lm_upstream *up);

#endif /* LMESH_UPSTREAM_H */
