/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - coapd's configuration, read with liblmesh's parser
 *
 * Pure: coapd_config_from() works on an already parsed lm_config, so unit
 * tests and fuzzers feed it buffers. Every error is "file:line: message".
 */
#ifndef COAPD_CONFIG_H
#define COAPD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lmesh/config.h>
#include <lmesh/rules.h>
#include <lmesh/upstream.h>

#include "acl.h"

#define COAPD_MAX_LISTEN	16	/* listen and interface entries each */
#define COAPD_MAX_DEVICES	64	/* [device NAME] sections */
#define COAPD_URI_MAX		128	/* bytes of a resource path */
#define COAPD_MAX_ACL		64	/* allow and allow_publish entries each */

struct coapd_listen {
	char *addr;		/* numeric IPv4/IPv6, optional %scope */
	int line;
};

struct coapd_device {
	char *name;
	char *path;		/* file read at every interval */
	char *uri;		/* resource path, default dev/NAME */
	char *rt, *ifd;		/* link-format rt= and if= */
	uint64_t interval_ms;	/* default 5 s */
	enum lm_deadband_kind deadband_kind;
	double deadband;
	uint64_t min_interval_ms, max_interval_ms;
	double scale;		/* numeric values are multiplied (default 1) */
	char *publish;		/* MQTT topic, or NULL */
	int line;
};

struct coapd_config {
	/* [server] */
	struct coapd_listen listen[COAPD_MAX_LISTEN];
	int n_listen;
	struct coapd_listen iface[COAPD_MAX_LISTEN];
	int n_iface;
	int port;		/* 5683; 0 disables plain UDP */
	int dtls_port;		/* 5684 */
	char *user, *group;
	int user_line, group_line;
	int log_level;		/* LM_LOG_*, default info */
	int max_sessions;	/* libcoap server sessions, default 100 */
	bool multicast;		/* All-CoAP-Nodes on every interface */

	/* [dtls]: enabled when a PSK or a certificate is given */
	bool dtls;
	char *psk_key;		/* psk_key or the contents of psk_key_file */
	size_t psk_key_len;
	char *psk_identity;	/* NULL: any identity gets psk_key */
	char *psk_hint;
	char *cert, *key, *ca;
	int cert_line, key_line, ca_line;
	bool verify_peer;
	uint64_t hs_timeout_ms;	/* handshake_timeout, default 10 s */

	/* [device NAME] */
	struct coapd_device dev[COAPD_MAX_DEVICES];
	int n_dev;

	/* [pubsub] */
	bool ps_enable;
	char *ps_prefix;	/* prepended to the MQTT topic */
	int ps_max_topics;
	int ps_max_payload;
	int ps_qos;
	bool ps_retain;
	bool ps_subscribe;	/* MQTT messages under the prefix update /ps */
	/* may create, publish to and delete topics (default: loopback, dtls) */
	struct coapd_acl ps_allow[COAPD_MAX_ACL];
	int n_ps_allow;
	/* may publish to existing topics only */
	struct coapd_acl ps_allow_pub[COAPD_MAX_ACL];
	int n_ps_allow_pub;
	int ps_client_topics;	/* max_topics_per_client, default 32 */
	double ps_rate;		/* publish_rate per client and second, 0: none */
	int ps_burst;		/* publish_burst, default max(1, rate) */

	/* [mesh] */
	bool mesh_enable;
	uint64_t mesh_poll_ms;

	/* [upstream] (liblmesh) */
	bool has_upstream;
	struct lm_upstream_cfg upstream;
	/* [rule FILTER] (liblmesh) */
	struct lm_rules *rules;
};

/* Fill @cc from @c (which must outlive @cc). 0 or -1 with @err. */
int coapd_config_from(struct coapd_config *cc, struct lm_config *c,
		      char *err, size_t errlen);
void coapd_config_free(struct coapd_config *cc);

/*
 * What coapd_config_from() cannot see in the text alone: the user and
 * group exist, each interface exists and has an address, certificate
 * files are readable. Run by -t and before starting. 0 or -1 with @err
 * ("file:line: ..."); @file names the configuration.
 */
int coapd_config_check_system(const struct coapd_config *cc,
			      const char *file, char *err, size_t errlen);

/*
 * What a reload (SIGHUP) cannot apply: NULL when @b can replace the
 * running @a, else why not ("[server] listen changed"; may be @buf).
 * Sockets, privileges, the DTLS set-up, the resources' names and the
 * upstream connection are made once at start.
 */
const char *coapd_config_restart_needed(const struct coapd_config *a,
					const struct coapd_config *b,
					char *buf, size_t size);

struct addrinfo;
/*
 * A listen value (numeric IPv4 or IPv6, [brackets] and %scope allowed) as
 * getaddrinfo() gives it (*ai: freeaddrinfo() it); 0 or getaddrinfo's code.
 */
int coapd_listen_resolve(const char *addr, struct addrinfo **ai);

/* "dev/temp" style path: 1..COAPD_URI_MAX bytes, segments of [A-Za-z0-9._~-]. */
bool coapd_uri_valid(const char *uri);

#endif /* COAPD_CONFIG_H */
