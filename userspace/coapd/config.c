// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - coapd's configuration file (liblmesh's INI-like format)
 *
 *   [server]     listen, interface, port, dtls_port, user, group, log_level,
 *                max_sessions, multicast
 *   [dtls]       psk_key | psk_key_file, psk_identity, psk_hint,
 *                cert, key, ca, verify_peer, handshake_timeout
 *   [device N]   path, uri, interval, deadband, min_interval, max_interval,
 *                scale, rt, if, publish
 *   [pubsub]     enable, topic_prefix, max_topics, max_payload, qos, retain,
 *                subscribe, allow, allow_publish, max_topics_per_client,
 *                publish_rate, publish_burst
 *   [mesh]       enable, poll_interval
 *   [upstream], [rule FILTER]: liblmesh (upstream.h, rules.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <lmesh/log.h>

#include "config.h"

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

bool coapd_uri_valid(const char *uri)
{
	size_t n = strlen(uri), i;
	bool seg_empty = true;

	if (!n || n > COAPD_URI_MAX || uri[0] == '/' || uri[n - 1] == '/')
		return false;
	for (i = 0; i < n; i++) {
		char c = uri[i];

		if (c == '/') {
			if (seg_empty)
				return false;
			seg_empty = true;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '~' || c == '-'))
			return false;
		seg_empty = false;
	}
	return true;
}

/* every "key = value" of @sec with this key, in file order */
static struct lm_config_entry *next_entry(struct lm_config_section *sec,
					  struct lm_config_entry *prev,
					  const char *key)
{
	struct lm_config_entry *e = prev ? prev->next : sec->entries;

	for (; e; e = e->next) {
		if (!strcmp(e->key, key)) {
			e->used = true;
			return e;
		}
	}
	return NULL;
}

static int get_str(struct lm_config *c, struct lm_config_section *sec,
		   const char *key, char **out)
{
	const char *v = NULL;

	if (lm_config_str(c, sec, key, &v, NULL, 0) == 1) {
		free(*out);
		*out = strdup(v);
		return 1;
	}
	return 0;
}

/* the line of @key in @sec, or the section's */
static int line_of(struct lm_config_section *sec, const char *key)
{
	struct lm_config_entry *e = lm_config_entry(sec, key);

	return e ? e->line : sec->line;
}

int coapd_listen_resolve(const char *addr, struct addrinfo **ai)
{
	struct addrinfo hints;
	char host[NI_MAXHOST + 4];
	size_t n;

	snprintf(host, sizeof(host), "%s", addr);
	n = strlen(host);
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	hints.ai_socktype = SOCK_DGRAM;
	*ai = NULL;
	return getaddrinfo(host, NULL, &hints, ai);
}

/* "listen": a numeric address, brackets and %scope allowed (no names) */
static int check_listen(const char *file, int line, const char *addr,
			char *err, size_t errlen)
{
	struct addrinfo *ai;
	int r = coapd_listen_resolve(addr, &ai);

	if (ai)
		freeaddrinfo(ai);
	if (r) {
		seterr(err, errlen, "%s:%d: listen = %s: not a numeric IPv4 or IPv6 address (%s)%s",
		       file, line, addr, gai_strerror(r),
		       strchr(addr, '%') ? "; is the interface after % right?" :
		       " (names such as localhost are not resolved: write 127.0.0.1 or ::1)");
		return -1;
	}
	return 0;
}

static int get_int(struct lm_config *c, struct lm_config_section *sec,
		   const char *key, long min, long max, int *out,
		   char *err, size_t errlen)
{
	long v;
	int r = lm_config_long(c, sec, key, min, max, &v, err, errlen);

	if (r == 1)
		*out = (int)v;
	return r;
}

static int parse_server(struct coapd_config *cc, struct lm_config *c,
			char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(c, "server");
	struct lm_config_entry *e = NULL;
	const char *lvl = NULL;
	int l;

	if (!sec)
		return 0;
	if (sec->arg) {
		seterr(err, errlen, "%s:%d: [server] takes no argument", c->file,
		       sec->line);
		return -1;
	}
	while ((e = next_entry(sec, e, "listen"))) {
		if (cc->n_listen >= COAPD_MAX_LISTEN) {
			seterr(err, errlen, "%s:%d: more than %d listen addresses",
			       c->file, e->line, COAPD_MAX_LISTEN);
			return -1;
		}
		if (!e->value[0]) {
			seterr(err, errlen, "%s:%d: listen: empty address", c->file,
			       e->line);
			return -1;
		}
		if (check_listen(c->file, e->line, e->value, err, errlen))
			return -1;
		cc->listen[cc->n_listen].addr = strdup(e->value);
		cc->listen[cc->n_listen++].line = e->line;
	}
	e = NULL;
	while ((e = next_entry(sec, e, "interface"))) {
		if (cc->n_iface >= COAPD_MAX_LISTEN) {
			seterr(err, errlen, "%s:%d: more than %d interfaces",
			       c->file, e->line, COAPD_MAX_LISTEN);
			return -1;
		}
		if (!e->value[0] || strlen(e->value) >= 16) {
			seterr(err, errlen, "%s:%d: interface: invalid name '%s'",
			       c->file, e->line, e->value);
			return -1;
		}
		cc->iface[cc->n_iface].addr = strdup(e->value);
		cc->iface[cc->n_iface++].line = e->line;
	}
	if (get_int(c, sec, "port", 0, 65535, &cc->port, err, errlen) < 0 ||
	    get_int(c, sec, "dtls_port", 1, 65535, &cc->dtls_port, err, errlen) < 0 ||
	    get_int(c, sec, "max_sessions", 1, 100000, &cc->max_sessions, err,
		    errlen) < 0)
		return -1;
	if (lm_config_bool(c, sec, "multicast", &cc->multicast, err, errlen) < 0)
		return -1;
	if (cc->multicast && !cc->n_iface) {
		seterr(err, errlen, "%s:%d: multicast = yes needs at least one 'interface = NAME' to join the groups on",
		       c->file, line_of(sec, "multicast"));
		return -1;
	}
	if (cc->multicast && !cc->port) {
		seterr(err, errlen, "%s:%d: multicast = yes needs plain CoAP (port is 0)",
		       c->file, line_of(sec, "multicast"));
		return -1;
	}
	if (get_str(c, sec, "user", &cc->user))
		cc->user_line = line_of(sec, "user");
	if (get_str(c, sec, "group", &cc->group))
		cc->group_line = line_of(sec, "group");
	if (lm_config_str(c, sec, "log_level", &lvl, NULL, 0) == 1) {
		l = lm_log_level_parse(lvl);
		if (l < 0) {
			e = lm_config_entry(sec, "log_level");
			seterr(err, errlen, "%s:%d: log_level: expected err, warn, notice, info or debug, got '%s'",
			       c->file, e ? e->line : sec->line, lvl);
			return -1;
		}
		cc->log_level = l;
	}
	return 0;
}

static int read_key_file(struct lm_config *c, struct lm_config_entry *e,
			 struct coapd_config *cc, char *err, size_t errlen)
{
	char buf[257];
	ssize_t n;
	int fd;

	fd = open(e->value, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, "%s:%d: psk_key_file: %s: %s", c->file,
		       e->line, e->value, strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (n <= 0 || n > 256) {
		seterr(err, errlen, "%s:%d: psk_key_file: %s: the key must be 1..256 bytes",
		       c->file, e->line, e->value);
		return -1;
	}
	free(cc->psk_key);
	cc->psk_key = malloc((size_t)n + 1);
	if (!cc->psk_key)
		return -1;
	memcpy(cc->psk_key, buf, (size_t)n);
	cc->psk_key[n] = '\0';
	cc->psk_key_len = (size_t)n;
	return 0;
}

static int parse_dtls(struct coapd_config *cc, struct lm_config *c,
		      char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(c, "dtls");
	struct lm_config_entry *e, *f;

	if (!sec)
		return 0;
	e = lm_config_entry(sec, "psk_key");
	f = lm_config_entry(sec, "psk_key_file");
	if (e && f) {
		seterr(err, errlen, "%s:%d: psk_key and psk_key_file are exclusive",
		       c->file, f->line);
		return -1;
	}
	if (e) {
		cc->psk_key_len = strlen(e->value);
		if (!cc->psk_key_len || cc->psk_key_len > 256) {
			seterr(err, errlen, "%s:%d: psk_key: the key must be 1..256 bytes",
			       c->file, e->line);
			return -1;
		}
		cc->psk_key = strdup(e->value);
	} else if (f && read_key_file(c, f, cc, err, errlen)) {
		return -1;
	}
	get_str(c, sec, "psk_identity", &cc->psk_identity);
	get_str(c, sec, "psk_hint", &cc->psk_hint);
	if (get_str(c, sec, "cert", &cc->cert))
		cc->cert_line = line_of(sec, "cert");
	if (get_str(c, sec, "key", &cc->key))
		cc->key_line = line_of(sec, "key");
	if (get_str(c, sec, "ca", &cc->ca))
		cc->ca_line = line_of(sec, "ca");
	if (lm_config_bool(c, sec, "verify_peer", &cc->verify_peer, err, errlen) < 0 ||
	    lm_config_duration(c, sec, "handshake_timeout", &cc->hs_timeout_ms,
			       err, errlen) < 0)
		return -1;
	if (cc->hs_timeout_ms < 100) {
		e = lm_config_entry(sec, "handshake_timeout");
		seterr(err, errlen, "%s:%d: handshake_timeout: at least 100ms",
		       c->file, e ? e->line : sec->line);
		return -1;
	}
	if (!!cc->cert != !!cc->key) {
		seterr(err, errlen, "%s:%d: [dtls] needs both cert and key (or neither)",
		       c->file, sec->line);
		return -1;
	}
	if (cc->verify_peer && !cc->ca) {
		seterr(err, errlen, "%s:%d: verify_peer needs ca", c->file, sec->line);
		return -1;
	}
	if (cc->psk_identity && !cc->psk_key) {
		seterr(err, errlen, "%s:%d: psk_identity needs psk_key", c->file,
		       sec->line);
		return -1;
	}
	if (!cc->psk_key && !cc->cert) {
		seterr(err, errlen, "%s:%d: [dtls] needs psk_key, psk_key_file or cert and key",
		       c->file, sec->line);
		return -1;
	}
	cc->dtls = true;
	return 0;
}

static int parse_deadband(const char *s, struct coapd_device *d)
{
	char buf[64];
	size_t n = strlen(s);

	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	d->deadband_kind = LM_DEADBAND_ABS;
	if (buf[n - 1] == '%') {
		buf[n - 1] = '\0';
		d->deadband_kind = LM_DEADBAND_PCT;
	}
	if (lm_parse_double(buf, &d->deadband) || d->deadband < 0)
		return -1;
	return 0;
}

static int parse_device(struct coapd_config *cc, struct lm_config *c,
			struct lm_config_section *sec, char *err, size_t errlen)
{
	struct coapd_device *d;
	struct lm_config_entry *e;
	char uri[COAPD_URI_MAX + 8];
	int i;

	if (!sec->arg || !sec->arg[0]) {
		seterr(err, errlen, "%s:%d: [device] needs a name: [device temp]",
		       c->file, sec->line);
		return -1;
	}
	if (cc->n_dev >= COAPD_MAX_DEVICES) {
		seterr(err, errlen, "%s:%d: more than %d devices", c->file,
		       sec->line, COAPD_MAX_DEVICES);
		return -1;
	}
	d = &cc->dev[cc->n_dev++];
	d->name = strdup(sec->arg);
	d->line = sec->line;
	d->interval_ms = 5000;
	d->scale = 1.0;
	if (!get_str(c, sec, "path", &d->path)) {
		seterr(err, errlen, "%s:%d: [device %s] needs path", c->file,
		       sec->line, sec->arg);
		return -1;
	}
	if (!get_str(c, sec, "uri", &d->uri)) {
		snprintf(uri, sizeof(uri), "dev/%s", sec->arg);
		d->uri = strdup(uri);
	}
	if (!coapd_uri_valid(d->uri)) {
		e = lm_config_entry(sec, "uri");
		seterr(err, errlen, "%s:%d: [device %s]: invalid resource path '%s' (segments of A-Z a-z 0-9 . _ ~ -, no leading /)",
		       c->file, e ? e->line : sec->line, sec->arg, d->uri);
		return -1;
	}
	for (i = 0; i < cc->n_dev - 1; i++) {
		if (!strcmp(cc->dev[i].uri, d->uri)) {
			seterr(err, errlen, "%s:%d: [device %s]: resource %s already used by [device %s] at line %d",
			       c->file, sec->line, sec->arg, d->uri,
			       cc->dev[i].name, cc->dev[i].line);
			return -1;
		}
	}
	if (!strncmp(d->uri, "ps/", 3) || !strcmp(d->uri, "ps") ||
	    !strncmp(d->uri, "mesh", 4) || !strcmp(d->uri, "stats") ||
	    !strncmp(d->uri, ".well-known", 11)) {
		seterr(err, errlen, "%s:%d: [device %s]: resource path '%s' is reserved",
		       c->file, sec->line, sec->arg, d->uri);
		return -1;
	}
	if (lm_config_duration(c, sec, "interval", &d->interval_ms, err, errlen) < 0 ||
	    lm_config_duration(c, sec, "min_interval", &d->min_interval_ms, err, errlen) < 0 ||
	    lm_config_duration(c, sec, "max_interval", &d->max_interval_ms, err, errlen) < 0 ||
	    lm_config_double(c, sec, "scale", &d->scale, err, errlen) < 0)
		return -1;
	if (d->interval_ms < 10) {
		e = lm_config_entry(sec, "interval");
		seterr(err, errlen, "%s:%d: interval: at least 10ms", c->file,
		       e ? e->line : sec->line);
		return -1;
	}
	e = lm_config_entry(sec, "deadband");
	if (e && parse_deadband(e->value, d)) {
		seterr(err, errlen, "%s:%d: deadband: expected a number or a percentage like 5%%, got '%s'",
		       c->file, e->line, e->value);
		return -1;
	}
	get_str(c, sec, "rt", &d->rt);
	get_str(c, sec, "if", &d->ifd);
	get_str(c, sec, "publish", &d->publish);
	return 0;
}

static int parse_acl(struct lm_config *c, struct lm_config_section *sec,
		     const char *key, struct coapd_acl *acl, int *n,
		     char *err, size_t errlen)
{
	struct lm_config_entry *e = NULL;
	char why[256];

	while ((e = next_entry(sec, e, key))) {
		if (*n >= COAPD_MAX_ACL) {
			seterr(err, errlen, "%s:%d: more than %d %s entries",
			       c->file, e->line, COAPD_MAX_ACL, key);
			return -1;
		}
		if (coapd_acl_parse(e->value, &acl[*n], why, sizeof(why))) {
			seterr(err, errlen, "%s:%d: %s: %s", c->file, e->line,
			       key, why);
			return -1;
		}
		acl[(*n)++].line = e->line;
	}
	return 0;
}

/* without allow lines: loopback clients and DTLS-authenticated ones */
static int default_allow(struct coapd_config *cc, char *err, size_t errlen)
{
	static const char *const def[] = { "127.0.0.0/8", "::1", "dtls" };
	size_t i;

	for (i = 0; i < sizeof(def) / sizeof(def[0]); i++)
		if (coapd_acl_parse(def[i], &cc->ps_allow[cc->n_ps_allow++],
				    err, errlen))
			return -1;
	return 0;
}

static int parse_pubsub(struct coapd_config *cc, struct lm_config *c,
			char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(c, "pubsub");
	struct lm_config_entry *e;

	if (!sec)
		return default_allow(cc, err, errlen);
	if (parse_acl(c, sec, "allow", cc->ps_allow, &cc->n_ps_allow, err,
		      errlen) ||
	    parse_acl(c, sec, "allow_publish", cc->ps_allow_pub,
		      &cc->n_ps_allow_pub, err, errlen))
		return -1;
	if (!cc->n_ps_allow && default_allow(cc, err, errlen))
		return -1;
	if (get_int(c, sec, "max_topics_per_client", 1, 100000,
		    &cc->ps_client_topics, err, errlen) < 0 ||
	    lm_config_double(c, sec, "publish_rate", &cc->ps_rate, err,
			     errlen) < 0 ||
	    get_int(c, sec, "publish_burst", 1, 100000, &cc->ps_burst, err,
		    errlen) < 0)
		return -1;
	if (cc->ps_rate < 0 || cc->ps_rate > 1e6) {
		e = lm_config_entry(sec, "publish_rate");
		seterr(err, errlen, "%s:%d: publish_rate: 0 (no limit) to 1000000 per second",
		       c->file, e ? e->line : sec->line);
		return -1;
	}
	if (!cc->ps_burst)
		cc->ps_burst = cc->ps_rate > 1 ? (int)(cc->ps_rate + 0.999) : 1;
	if (lm_config_bool(c, sec, "enable", &cc->ps_enable, err, errlen) < 0 ||
	    get_int(c, sec, "max_topics", 1, 100000, &cc->ps_max_topics, err,
		    errlen) < 0 ||
	    get_int(c, sec, "max_payload", 1, 1 << 20, &cc->ps_max_payload, err,
		    errlen) < 0 ||
	    get_int(c, sec, "qos", 0, 2, &cc->ps_qos, err, errlen) < 0 ||
	    lm_config_bool(c, sec, "retain", &cc->ps_retain, err, errlen) < 0 ||
	    lm_config_bool(c, sec, "subscribe", &cc->ps_subscribe, err, errlen) < 0)
		return -1;
	get_str(c, sec, "topic_prefix", &cc->ps_prefix);
	return 0;
}

static int parse_mesh(struct coapd_config *cc, struct lm_config *c,
		      char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(c, "mesh");
	struct lm_config_entry *e;

	if (!sec)
		return 0;
	if (lm_config_bool(c, sec, "enable", &cc->mesh_enable, err, errlen) < 0 ||
	    lm_config_duration(c, sec, "poll_interval", &cc->mesh_poll_ms, err,
			       errlen) < 0)
		return -1;
	if (cc->mesh_poll_ms < 100) {
		e = lm_config_entry(sec, "poll_interval");
		seterr(err, errlen, "%s:%d: poll_interval: at least 100ms",
		       c->file, e ? e->line : sec->line);
		return -1;
	}
	return 0;
}

int coapd_config_from(struct coapd_config *cc, struct lm_config *c,
		      char *err, size_t errlen)
{
	struct lm_config_section *sec = NULL;

	memset(cc, 0, sizeof(*cc));
	cc->port = 5683;
	cc->dtls_port = 5684;
	cc->hs_timeout_ms = 10000;
	cc->log_level = LM_LOG_INFO;
	cc->max_sessions = 100;
	cc->ps_enable = true;
	cc->ps_max_topics = 256;
	cc->ps_max_payload = 1024;
	cc->ps_qos = 1;
	cc->ps_client_topics = 32;
	cc->mesh_enable = true;
	cc->mesh_poll_ms = 5000;

	if (parse_server(cc, c, err, errlen) || parse_dtls(cc, c, err, errlen))
		return -1;
	while ((sec = lm_config_next(c, sec, "device")))
		if (parse_device(cc, c, sec, err, errlen))
			return -1;
	if (parse_pubsub(cc, c, err, errlen) || parse_mesh(cc, c, err, errlen))
		return -1;
	if (lm_config_section(c, "upstream")) {
		if (lm_upstream_cfg_load(&cc->upstream, c, "upstream", err, errlen))
			return -1;
		cc->has_upstream = true;
	}
	cc->rules = lm_rules_new();
	if (!cc->rules) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	if (lm_rules_load_config(cc->rules, c, err, errlen))
		return -1;
	if (!cc->n_listen && !cc->n_iface) {
		seterr(err, errlen, "%s: [server] needs at least one 'listen = ADDRESS' or 'interface = NAME' (coapd binds nothing by default)",
		       c->file);
		return -1;
	}
	if (!cc->port && !cc->dtls) {
		seterr(err, errlen, "%s: port = 0 and no [dtls]: nothing to serve",
		       c->file);
		return -1;
	}
	return lm_config_check_unused(c, err, errlen);
}

static int check_readable(const char *file, int line, const char *key,
			  const char *path, char *err, size_t errlen)
{
	if (path && access(path, R_OK)) {
		seterr(err, errlen, "%s:%d: %s = %s: %s", file, line, key, path,
		       strerror(errno));
		return -1;
	}
	return 0;
}

static int check_iface(const char *file, const struct coapd_listen *l,
		       char *err, size_t errlen)
{
	struct ifaddrs *ifa, *i;
	int found = 0;

	if (!if_nametoindex(l->addr)) {
		seterr(err, errlen, "%s:%d: interface = %s: no such interface",
		       file, l->line, l->addr);
		return -1;
	}
	if (getifaddrs(&ifa))
		return 0;	/* start-up will say why */
	for (i = ifa; i; i = i->ifa_next)
		if (i->ifa_addr && !strcmp(i->ifa_name, l->addr) &&
		    (i->ifa_addr->sa_family == AF_INET ||
		     i->ifa_addr->sa_family == AF_INET6))
			found++;
	freeifaddrs(ifa);
	if (!found) {
		seterr(err, errlen, "%s:%d: interface = %s: the interface has no IP address (is it up?)",
		       file, l->line, l->addr);
		return -1;
	}
	return 0;
}

/*
 * listen: an address of this host (or a wildcard). Bound to port 0, so
 * neither the running coapd nor anyone else holding the port matters.
 */
static int check_local(const char *file, const struct coapd_listen *l,
		       char *err, size_t errlen)
{
	struct addrinfo *ai;
	int fd, on = 1, ret = 0;

	if (coapd_listen_resolve(l->addr, &ai) || !ai)
		return 0;	/* parse_server() said so already */
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) && errno == EADDRNOTAVAIL) {
			seterr(err, errlen, "%s:%d: listen = %s: not an address of this host (%s)",
			       file, l->line, l->addr, strerror(errno));
			ret = -1;
		}
		close(fd);
	}
	freeaddrinfo(ai);
	return ret;
}

/* OpenSSL's reason for the last error, and the error queue emptied */
static const char *ssl_reason(void)
{
	const char *r = ERR_reason_error_string(ERR_peek_last_error());

	ERR_clear_error();
	return r ? r : "unknown error";
}

/*
 * cert, key and ca as libcoap will load them, which it does only at the
 * first handshake: coapd would start and no certificate client could ever
 * connect.
 */
static int check_pki(const struct coapd_config *cc, const char *file,
		     char *err, size_t errlen)
{
	SSL_CTX *ctx;
	int ret = -1;

	if (!cc->cert && !cc->ca)
		return 0;
	ctx = SSL_CTX_new(TLS_method());
	if (!ctx)
		return 0;	/* out of memory: start-up will say */
	if (cc->cert && SSL_CTX_use_certificate_chain_file(ctx, cc->cert) != 1) {
		seterr(err, errlen, "%s:%d: cert = %s: not a PEM certificate (%s)",
		       file, cc->cert_line, cc->cert, ssl_reason());
		goto out;
	}
	if (cc->key && (SSL_CTX_use_PrivateKey_file(ctx, cc->key, SSL_FILETYPE_PEM) != 1 ||
			SSL_CTX_check_private_key(ctx) != 1)) {
		seterr(err, errlen, "%s:%d: key = %s: not the PEM private key of cert = %s (%s)",
		       file, cc->key_line, cc->key, cc->cert, ssl_reason());
		goto out;
	}
	if (cc->ca && SSL_CTX_load_verify_locations(ctx, cc->ca, NULL) != 1) {
		seterr(err, errlen, "%s:%d: ca = %s: no PEM certificate in it (%s)",
		       file, cc->ca_line, cc->ca, ssl_reason());
		goto out;
	}
	ret = 0;
out:
	SSL_CTX_free(ctx);
	return ret;
}

int coapd_config_check_system(const struct coapd_config *cc,
			      const char *file, char *err, size_t errlen)
{
	int i;

	errno = 0;
	if (cc->user && !getpwnam(cc->user)) {
		seterr(err, errlen, "%s:%d: user = %s: no such user%s%s", file,
		       cc->user_line, cc->user, errno ? ": " : "",
		       errno ? strerror(errno) : "");
		return -1;
	}
	errno = 0;
	if (cc->group && !getgrnam(cc->group)) {
		seterr(err, errlen, "%s:%d: group = %s: no such group%s%s", file,
		       cc->group_line, cc->group, errno ? ": " : "",
		       errno ? strerror(errno) : "");
		return -1;
	}
	for (i = 0; i < cc->n_listen; i++)
		if (check_local(file, &cc->listen[i], err, errlen))
			return -1;
	for (i = 0; i < cc->n_iface; i++)
		if (check_iface(file, &cc->iface[i], err, errlen))
			return -1;
	if (check_readable(file, cc->cert_line, "cert", cc->cert, err, errlen) ||
	    check_readable(file, cc->key_line, "key", cc->key, err, errlen) ||
	    check_readable(file, cc->ca_line, "ca", cc->ca, err, errlen) ||
	    check_pki(cc, file, err, errlen))
		return -1;
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_addrs(const struct coapd_listen *a, int na,
		       const struct coapd_listen *b, int nb)
{
	int i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i].addr, b[i].addr))
			return false;
	return true;
}

const char *coapd_config_restart_needed(const struct coapd_config *a,
					const struct coapd_config *b,
					char *buf, size_t size)
{
	int i;

	if (!same_addrs(a->listen, a->n_listen, b->listen, b->n_listen))
		return "[server] listen changed";
	if (!same_addrs(a->iface, a->n_iface, b->iface, b->n_iface))
		return "[server] interface changed";
	if (a->port != b->port || a->dtls_port != b->dtls_port)
		return "[server] port or dtls_port changed";
	if (a->multicast != b->multicast)
		return "[server] multicast changed";
	if (!same_str(a->user, b->user) || !same_str(a->group, b->group))
		return "[server] user or group changed";
	if (a->dtls != b->dtls)
		return "[dtls] added or removed";
	if (a->psk_key_len != b->psk_key_len ||
	    (a->psk_key && memcmp(a->psk_key, b->psk_key, a->psk_key_len)))
		return "[dtls] psk_key or psk_key_file changed";
	if (!same_str(a->psk_hint, b->psk_hint))
		return "[dtls] psk_hint changed";
	if (!same_str(a->cert, b->cert) || !same_str(a->key, b->key) ||
	    !same_str(a->ca, b->ca) || a->verify_peer != b->verify_peer)
		return "[dtls] cert, key, ca or verify_peer changed";
	if (a->n_dev != b->n_dev)
		return "[device] sections added or removed";
	for (i = 0; i < a->n_dev; i++) {
		const struct coapd_device *x = &a->dev[i], *y = &b->dev[i];

		if (strcmp(x->name, y->name) || strcmp(x->uri, y->uri) ||
		    !same_str(x->rt, y->rt) || !same_str(x->ifd, y->ifd)) {
			snprintf(buf, size, "[device %s] renamed, or its uri, rt or if changed",
				 x->name);
			return buf;
		}
	}
	if (a->ps_enable != b->ps_enable || a->ps_subscribe != b->ps_subscribe ||
	    !same_str(a->ps_prefix, b->ps_prefix))
		return "[pubsub] enable, topic_prefix or subscribe changed";
	if (a->mesh_enable != b->mesh_enable)
		return "[mesh] enable changed";
	if (a->has_upstream != b->has_upstream ||
	    (a->has_upstream && !lm_upstream_cfg_same(&a->upstream, &b->upstream)))
		return "[upstream] changed";
	return NULL;
}

void coapd_config_free(struct coapd_config *cc)
{
	int i;

	for (i = 0; i < cc->n_listen; i++)
		free(cc->listen[i].addr);
	for (i = 0; i < cc->n_iface; i++)
		free(cc->iface[i].addr);
	for (i = 0; i < cc->n_dev; i++) {
		struct coapd_device *d = &cc->dev[i];

		free(d->name);
		free(d->path);
		free(d->uri);
		free(d->rt);
		free(d->ifd);
		free(d->publish);
	}
	free(cc->user);
	free(cc->group);
	free(cc->psk_key);
	free(cc->psk_identity);
	free(cc->psk_hint);
	free(cc->cert);
	free(cc->key);
	free(cc->ca);
	free(cc->ps_prefix);
	for (i = 0; i < cc->n_ps_allow; i++)
		coapd_acl_free(&cc->ps_allow[i]);
	for (i = 0; i < cc->n_ps_allow_pub; i++)
		coapd_acl_free(&cc->ps_allow_pub[i]);
	if (cc->rules)
		lm_rules_free(cc->rules);
	memset(cc, 0, sizeof(*cc));
}
