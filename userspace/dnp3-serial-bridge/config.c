// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration file parser. Every error names the file and line.
 *
 * The file is liblmesh's grammar (lmesh/config.h): "[kind name]" headers
 * and "key = value" lines. The grammar of release 0.1 ("key value", '#'
 * comments anywhere, keys above the first header meaning [global]) is
 * still read for one release: such lines are rewritten to "key = value"
 * first and cfg->deprecated names the first of them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "lmesh/config.h"

#define CFG_MAX_FILE	(1024 * 1024)

enum section {
	SEC_GLOBAL,
	SEC_SERIAL,
	SEC_TCP_LISTEN,
	SEC_TCP_CONNECT,
	SEC_UDP,
};

struct parse_state {
	struct cfg *cfg;
	const char *fname;
	int line;
	enum section sec;
	struct cfg_port *port;
	struct cfg_endpoint *ep;
	char *err;
	size_t errlen;
	unsigned int old_lines;	/* lines in the 0.1 grammar */
};

static int fail(struct parse_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parse_state *st, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (st->line)
		snprintf(st->err, st->errlen, "%s:%d: %s", st->fname, st->line,
			 msg);
	else
		snprintf(st->err, st->errlen, "%s: %s", st->fname, msg);
	return -1;
}

/* ---- value parsers: each returns 0 or -1 after calling fail() ---- */

static int parse_uint(struct parse_state *st, const char *key, const char *v,
		      unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long n;
	char *end;
	int hex;

	if (*v < '0' || *v > '9')
		return fail(st, "%s: '%s' is not a number", key, v);
	hex = v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
	errno = 0;
	n = strtoul(v + 2 * hex, &end, hex ? 16 : 10);
	if (errno || *end || end == v + 2 * hex || v[2 * hex] == '-' ||
	    v[2 * hex] == '+' || v[2 * hex] == ' ')
		return fail(st, "%s: '%s' is not a number", key, v);
	if (n < min || n > max)
		return fail(st, "%s: %lu is out of range %lu..%lu", key, n, min,
			    max);
	*out = (unsigned int)n;
	return 0;
}

/* "250ms", "5s", "2m" or a bare number of seconds; result in ms. */
static int parse_duration(struct parse_state *st, const char *key,
			  const char *v, unsigned int *out)
{
	unsigned long n, mult = 1000;
	char *end;

	if (*v < '0' || *v > '9')
		return fail(st, "%s: '%s' is not a duration (e.g. 500ms, 60s)",
			    key, v);
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno)
		return fail(st, "%s: '%s' is out of range", key, v);
	if (!strcmp(end, "ms"))
		mult = 1;
	else if (!strcmp(end, "s") || !*end)
		mult = 1000;
	else if (!strcmp(end, "m"))
		mult = 60000;
	else
		return fail(st, "%s: unknown unit in '%s' (use ms, s or m)",
			    key, v);
	if (n > 86400000UL / mult)
		return fail(st, "%s: '%s' is longer than a day", key, v);
	*out = (unsigned int)(n * mult);
	return 0;
}

static int parse_bool(struct parse_state *st, const char *key, const char *v,
		      int *out)
{
	bool b;

	if (lm_parse_bool(v, &b))
		return fail(st, "%s: '%s' is not on or off", key, v);
	*out = b;
	return 0;
}

static int parse_string(struct parse_state *st, const char *key,
			const char *v, char *out, size_t size)
{
	if (strlen(v) >= size)
		return fail(st, "%s: value longer than %zu characters", key,
			    size - 1);
	if (strpbrk(v, " \t"))
		return fail(st, "%s: value must not contain spaces", key);
	strcpy(out, v);
	return 0;
}

static int parse_ip(struct parse_state *st, const char *key, const char *v,
		    char *out)
{
	unsigned char tmp[16];

	if (parse_string(st, key, v, out, CFG_HOST_LEN))
		return -1;
	if (inet_pton(AF_INET, v, tmp) != 1 && inet_pton(AF_INET6, v, tmp) != 1)
		return fail(st, "%s: '%s' is not a numeric IPv4 or IPv6 address",
			    key, v);
	return 0;
}

static int parse_one_addr(struct parse_state *st, const char *key,
			  const char *tok, unsigned int *out)
{
	return parse_uint(st, key, tok, 0, 0xFFFF, out);
}

/* "1 2 10-20": DNP3 addresses and inclusive ranges. */
static int parse_addr_list(struct parse_state *st, const char *key, char *v,
			   struct cfg_addr_list *l)
{
	unsigned int lo, hi;
	char *tok, *save = NULL, *dash;

	l->n = 0;
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (l->n == CFG_MAX_ADDRS)
			return fail(st, "%s: more than %d entries", key,
				    CFG_MAX_ADDRS);
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (parse_one_addr(st, key, tok, &lo))
			return -1;
		hi = lo;
		if (dash && parse_one_addr(st, key, dash + 1, &hi))
			return -1;
		if (hi < lo)
			return fail(st, "%s: range %u-%u is reversed", key, lo,
				    hi);
		l->r[l->n].lo = (uint16_t)lo;
		l->r[l->n].hi = (uint16_t)hi;
		l->n++;
	}
	if (!l->n)
		return fail(st, "%s: needs at least one address", key);
	return 0;
}

static int parse_route_move(struct parse_state *st, const char *k,
			    const char *v, enum cfg_route_move *out)
{
	if (!strcmp(v, "same-peer"))
		*out = CFG_ROUTE_SAME_PEER;
	else if (!strcmp(v, "same-endpoint"))
		*out = CFG_ROUTE_SAME_ENDPOINT;
	else if (!strcmp(v, "any"))
		*out = CFG_ROUTE_ANY;
	else
		return fail(st, "%s: '%s' is not same-peer, same-endpoint or any",
			    k, v);
	return 0;
}

/* ---- keys, one small handler per section kind ---- */

static int global_key(struct parse_state *st, const char *k, char *v)
{
	struct cfg *c = st->cfg;

	if (!strcmp(k, "user"))
		return parse_string(st, k, v, c->user, sizeof(c->user));
	if (!strcmp(k, "stats-socket"))
		return parse_string(st, k, v, c->stats_socket,
				    sizeof(c->stats_socket));
	if (!strcmp(k, "tls-cert"))
		return parse_string(st, k, v, c->tls_cert, sizeof(c->tls_cert));
	if (!strcmp(k, "tls-key"))
		return parse_string(st, k, v, c->tls_key, sizeof(c->tls_key));
	if (!strcmp(k, "tls-ca"))
		return parse_string(st, k, v, c->tls_ca, sizeof(c->tls_ca));
	if (!strcmp(k, "keepalive"))
		return parse_duration(st, k, v, &c->keepalive_ms);
	if (!strcmp(k, "keepalive-timeout"))
		return parse_duration(st, k, v, &c->keepalive_timeout_ms);
	if (!strcmp(k, "reconnect-min"))
		return parse_duration(st, k, v, &c->reconnect_min_ms);
	if (!strcmp(k, "reconnect-max"))
		return parse_duration(st, k, v, &c->reconnect_max_ms);
	if (!strcmp(k, "frame-timeout")) {
		if (parse_duration(st, k, v, &c->frame_timeout_ms))
			return -1;
		/* 0 would end every frame that a read() splits */
		if (!c->frame_timeout_ms)
			return fail(st, "%s: must be at least 1ms", k);
		return 0;
	}
	if (!strcmp(k, "max-sessions"))
		return parse_uint(st, k, v, 1, 256, &c->max_sessions);
	if (!strcmp(k, "udp-max-datagram"))
		return parse_uint(st, k, v, 292, 65507,
				  &c->udp_mtu);
	if (!strcmp(k, "allow-masters"))
		return parse_addr_list(st, k, v, &c->allow);
	if (!strcmp(k, "lock-dir"))
		return parse_string(st, k, v, c->lock_dir, sizeof(c->lock_dir));
	if (!strcmp(k, "serial-reopen-max")) {
		if (parse_duration(st, k, v, &c->serial_reopen_max_ms))
			return -1;
		if (!c->serial_reopen_max_ms)
			return fail(st, "%s: must be at least 1ms", k);
		return 0;
	}
	if (!strcmp(k, "log-burst"))
		return parse_uint(st, k, v, 0, 100000, &c->log_burst);
	if (!strcmp(k, "log-interval")) {
		if (parse_duration(st, k, v, &c->log_interval_ms))
			return -1;
		if (!c->log_interval_ms)
			return fail(st, "%s: must be at least 1ms", k);
		return 0;
	}
	if (!strcmp(k, "route-move"))
		return parse_route_move(st, k, v, &c->route_move);
	return fail(st, "unknown key '%s' in [global]", k);
}

static int parse_parity(struct parse_state *st, const char *k, const char *v,
			enum cfg_parity *out)
{
	if (!strcasecmp(v, "none") || !strcasecmp(v, "n"))
		*out = CFG_PARITY_NONE;
	else if (!strcasecmp(v, "even") || !strcasecmp(v, "e"))
		*out = CFG_PARITY_EVEN;
	else if (!strcasecmp(v, "odd") || !strcasecmp(v, "o"))
		*out = CFG_PARITY_ODD;
	else
		return fail(st, "%s: '%s' is not none, even or odd", k, v);
	return 0;
}

static int parse_mode(struct parse_state *st, const char *k, const char *v,
		      enum cfg_port_mode *out)
{
	if (!strcmp(v, "dnp3"))
		*out = CFG_MODE_DNP3;
	else if (!strcmp(v, "raw"))
		*out = CFG_MODE_RAW;
	else
		return fail(st, "%s: '%s' is not dnp3 or raw", k, v);
	return 0;
}

/* The rates termios can set (serial.c maps them to B* codes). */
static const unsigned int std_bauds[] = {
	50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
	19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
	1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000,
	4000000,
};

static int parse_baud(struct parse_state *st, const char *k, const char *v,
		      unsigned int *out)
{
	size_t i;

	if (parse_uint(st, k, v, 50, 4000000, out))
		return -1;
	for (i = 0; i < sizeof(std_bauds) / sizeof(std_bauds[0]); i++)
		if (std_bauds[i] == *out)
			return 0;
	return fail(st, "%s: %u is not a standard rate (e.g. 9600, 19200, 115200)",
		    k, *out);
}

static int serial_key(struct parse_state *st, const char *k, char *v)
{
	struct cfg_port *p = st->port;

	if (!strcmp(k, "device"))
		return parse_string(st, k, v, p->device, sizeof(p->device));
	if (!strcmp(k, "baud"))
		return parse_baud(st, k, v, &p->baud);
	if (!strcmp(k, "data-bits"))
		return parse_uint(st, k, v, 5, 8, &p->data_bits);
	if (!strcmp(k, "parity"))
		return parse_parity(st, k, v, &p->parity);
	if (!strcmp(k, "stop-bits"))
		return parse_uint(st, k, v, 1, 2, &p->stop_bits);
	if (!strcmp(k, "rs485"))
		return parse_bool(st, k, v, &p->rs485);
	if (!strcmp(k, "rs485-delay-before"))
		return parse_duration(st, k, v, &p->rs485_delay_before_ms);
	if (!strcmp(k, "rs485-delay-after"))
		return parse_duration(st, k, v, &p->rs485_delay_after_ms);
	if (!strcmp(k, "mode"))
		return parse_mode(st, k, v, &p->mode);
	if (!strcmp(k, "raw-idle"))
		return parse_duration(st, k, v, &p->raw_idle_ms);
	if (!strcmp(k, "addresses"))
		return parse_addr_list(st, k, v, &p->addrs);
	return fail(st, "unknown key '%s' in [serial]", k);
}

static int endpoint_key(struct parse_state *st, const char *k, char *v)
{
	struct cfg_endpoint *e = st->ep;

	if (!strcmp(k, "address"))
		return parse_ip(st, k, v, e->address);
	if (!strcmp(k, "port"))
		return parse_uint(st, k, v, 1, 65535, &e->port);
	if (!strcmp(k, "remote-addresses"))
		return parse_addr_list(st, k, v, &e->remote);
	if (!strcmp(k, "tls") && e->kind != CFG_EP_UDP)
		return parse_bool(st, k, v, &e->tls);
	if (!strcmp(k, "raw-serial") && e->kind == CFG_EP_TCP_LISTEN)
		return parse_string(st, k, v, e->raw_port, sizeof(e->raw_port));
	if (!strcmp(k, "peer-address") && e->kind == CFG_EP_UDP)
		return parse_ip(st, k, v, e->peer_address);
	if (!strcmp(k, "peer-port") && e->kind == CFG_EP_UDP)
		return parse_uint(st, k, v, 1, 65535, &e->peer_port);
	return fail(st, "unknown key '%s' in this section", k);
}

/* ---- sections ---- */

static int check_name(struct parse_state *st, const char *name)
{
	const char *c;

	if (strlen(name) >= CFG_NAME_LEN)
		return fail(st, "section name longer than %d characters",
			    CFG_NAME_LEN - 1);
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return fail(st, "section name '%s': use letters, digits, - and _",
				    name);
	return 0;
}

static int new_port(struct parse_state *st, const char *name)
{
	struct cfg *c = st->cfg;
	struct cfg_port *p;

	if (!*name)
		return fail(st, "[serial] needs a name: [serial NAME]");
	if (c->n_ports == CFG_MAX_PORTS)
		return fail(st, "more than %d serial ports", CFG_MAX_PORTS);
	if (cfg_find_port(c, name))
		return fail(st, "serial port '%s' defined twice", name);
	p = &c->ports[c->n_ports++];
	strcpy(p->name, name);
	p->baud = 9600;
	p->data_bits = 8;
	p->stop_bits = 1;
	p->raw_idle_ms = CFG_DEFAULT_RAW_IDLE_MS;
	p->line = st->line;
	st->port = p;
	st->sec = SEC_SERIAL;
	return 0;
}

static int new_endpoint(struct parse_state *st, enum section sec,
			const char *name)
{
	static const enum cfg_ep_kind kinds[] = {
		[SEC_TCP_LISTEN] = CFG_EP_TCP_LISTEN,
		[SEC_TCP_CONNECT] = CFG_EP_TCP_CONNECT,
		[SEC_UDP] = CFG_EP_UDP,
	};
	struct cfg *c = st->cfg;
	struct cfg_endpoint *e;

	if (c->n_eps == CFG_MAX_ENDPOINTS)
		return fail(st, "more than %d IP endpoints", CFG_MAX_ENDPOINTS);
	e = &c->eps[c->n_eps++];
	e->kind = kinds[sec];
	snprintf(e->name, sizeof(e->name), "%s", *name ? name : "-");
	e->port = CFG_DEFAULT_PORT;
	e->line = st->line;
	st->ep = e;
	st->sec = sec;
	return 0;
}

static int open_section(struct parse_state *st, const char *kind,
			const char *arg)
{
	const char *name = arg ? arg : "";

	if (check_name(st, name))
		return -1;
	if (!strcmp(kind, "global"))
		st->sec = SEC_GLOBAL;
	else if (!strcmp(kind, "serial"))
		return new_port(st, name);
	else if (!strcmp(kind, "tcp-listen"))
		return new_endpoint(st, SEC_TCP_LISTEN, name);
	else if (!strcmp(kind, "tcp-connect"))
		return new_endpoint(st, SEC_TCP_CONNECT, name);
	else if (!strcmp(kind, "udp"))
		return new_endpoint(st, SEC_UDP, name);
	else
		return fail(st, "unknown section [%s] (global, serial, tcp-listen, tcp-connect, udp)",
			    kind);
	return 0;
}

static int key_value(struct parse_state *st, const char *k, const char *value)
{
	char v[CFG_LINE_LEN];

	if (strlen(value) >= sizeof(v))
		return fail(st, "%s: value longer than %d characters", k,
			    CFG_LINE_LEN - 1);
	strcpy(v, value);	/* the handlers cut lists in place */
	switch (st->sec) {
	case SEC_GLOBAL:
		return global_key(st, k, v);
	case SEC_SERIAL:
		return serial_key(st, k, v);
	default:
		return endpoint_key(st, k, v);
	}
}

/* Every section and key in file order: errors come in the order of lines. */
static int walk(struct parse_state *st, struct lm_config *lc)
{
	struct lm_config_section *sec;
	struct lm_config_entry *ent;

	for (sec = lc->sections; sec; sec = sec->next) {
		sec->used = true;
		st->line = sec->line;
		if (open_section(st, sec->name, sec->arg))
			return -1;
		for (ent = sec->entries; ent; ent = ent->next) {
			ent->used = true;
			st->line = ent->line;
			if (key_value(st, ent->key, ent->value))
				return -1;
		}
	}
	return 0;
}

/* ---- the 0.1 grammar, read for one more release ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static size_t trimmed(const char *s, size_t n, const char **start)
{
	while (n && is_blank(*s)) {
		s++;
		n--;
	}
	while (n && is_blank(s[n - 1]))
		n--;
	*start = s;
	return n;
}

static void note_old(struct parse_state *st, const char *what, size_t wlen,
		     const char *instead, size_t ilen)
{
	if (!st->old_lines++)
		snprintf(st->cfg->deprecated, sizeof(st->cfg->deprecated),
			 "%s:%d: '%.*s' is the old syntax (deprecated, read until the next release): write '%.*s'",
			 st->fname, st->line, (int)(wlen > 60 ? 60 : wlen), what,
			 (int)(ilen > 60 ? 60 : ilen), instead);
}

/*
 * One line into @out (room for 2 * CFG_LINE_LEN): itself when it is in the
 * new grammar, "key = value" for an old "key value" line; a '#' comment
 * after text goes (the old grammar allowed it anywhere).
 */
static int convert_line(struct parse_state *st, const char *s, size_t n,
			char *out, size_t size)
{
	const char *t, *hash, *key, *v, *line;
	size_t klen, vlen, n0;

	n = trimmed(s, n, &t);
	if (!n || *t == '#' || *t == ';') {
		*out = '\0';
		return 0;
	}
	line = t;
	n0 = n;
	hash = memchr(t, '#', n);
	if (*t == '[') {
		if (!hash)
			goto keep;
		n = trimmed(t, hash - t, &t);
		if (!n || t[n - 1] != ']')
			goto keep;	/* liblmesh says what is wrong */
		note_old(st, line, n0, t, n);
		snprintf(out, size, "%.*s", (int)n, t);
		return 0;
	}
	key = t;
	klen = 0;
	while (klen < n && !is_blank(key[klen]) && key[klen] != '=')
		klen++;
	v = key + klen;
	while (v < key + n && is_blank(*v))
		v++;
	if (v < key + n && *v == '=')
		goto keep;	/* "key = value" */
	/* "key value # comment" */
	if (hash && hash >= v)
		vlen = trimmed(v, hash - v, &v);
	else
		vlen = trimmed(v, key + n - v, &v);
	if (!vlen)
		return fail(st, "'%.*s' needs a value", (int)klen, key);
	snprintf(out, size, "%.*s = %.*s", (int)klen, key, (int)vlen, v);
	note_old(st, line, n0, out, strlen(out));
	return 0;
keep:
	snprintf(out, size, "%.*s", (int)n, t);
	return 0;
}

/* The text in the new grammar, line for line; NULL after fail(). */
static char *convert(struct parse_state *st, const char *text, size_t len,
		     size_t *outlen)
{
	size_t cap = 2 * len + 16, n, used = 0;
	char *buf = malloc(cap), *line;
	const char *nl;

	if (!buf) {
		fail(st, "out of memory");
		return NULL;
	}
	while (len) {
		st->line++;
		nl = memchr(text, '\n', len);
		n = nl ? (size_t)(nl - text) : len;
		if (n >= CFG_LINE_LEN) {
			fail(st, "line longer than %d characters",
			     CFG_LINE_LEN - 1);
			goto fail;
		}
		if (memchr(text, '\0', n)) {
			fail(st, "NUL byte in line");
			goto fail;
		}
		line = buf + used;
		if (convert_line(st, text, n, line, cap - used))
			goto fail;
		used += strlen(line);
		buf[used++] = '\n';
		n += nl ? 1 : 0;
		text += n;
		len -= n;
	}
	*outlen = used;
	return buf;
fail:
	free(buf);
	return NULL;
}

/* ---- whole-file checks ---- */

static int ranges_overlap(const struct cfg_addr_list *a,
			  const struct cfg_addr_list *b)
{
	unsigned int i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->r[i].lo <= b->r[j].hi && b->r[j].lo <= a->r[i].hi)
				return 1;
	return 0;
}

static int raw_listeners(const struct cfg *c, const char *port)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->n_eps; i++)
		if (!strcmp(c->eps[i].raw_port, port))
			n++;
	return n;
}

static int check_port(struct parse_state *st, unsigned int idx)
{
	const struct cfg *c = st->cfg;
	const struct cfg_port *p = &c->ports[idx];
	unsigned int i;

	st->line = p->line;
	if (!*p->device)
		return fail(st, "[serial %s] has no device", p->name);
	for (i = 0; i < idx; i++)
		if (!strcmp(c->ports[i].device, p->device))
			return fail(st, "[serial %s] uses %s like [serial %s]",
				    p->name, p->device, c->ports[i].name);
	if (p->mode == CFG_MODE_RAW) {
		if (raw_listeners(c, p->name) != 1)
			return fail(st, "[serial %s] is raw: exactly one [tcp-listen] needs 'raw-serial = %s'",
				    p->name, p->name);
		return 0;
	}
	if (!p->addrs.n)
		return fail(st, "[serial %s] needs 'addresses' (the DNP3 addresses behind it)",
			    p->name);
	for (i = 0; i < p->addrs.n; i++)
		if (p->addrs.r[i].hi >= 0xFFFD)
			return fail(st, "[serial %s] addresses: 0xFFFD-0xFFFF are broadcast, no device owns them",
				    p->name);
	for (i = 0; i < idx; i++)
		if (c->ports[i].mode == CFG_MODE_DNP3 &&
		    ranges_overlap(&p->addrs, &c->ports[i].addrs))
			return fail(st, "[serial %s] shares DNP3 addresses with [serial %s]",
				    p->name, c->ports[i].name);
	return 0;
}

/* Would binding both fail? Same protocol, port and address (or a wildcard). */
static int same_socket(const struct cfg_endpoint *a,
		       const struct cfg_endpoint *b)
{
	static const unsigned char any[16];
	unsigned char x[16], y[16];
	int fa, fb;
	size_t n;

	if (a->kind != b->kind || a->kind == CFG_EP_TCP_CONNECT ||
	    a->port != b->port)
		return 0;
	fa = strchr(a->address, ':') ? AF_INET6 : AF_INET;
	fb = strchr(b->address, ':') ? AF_INET6 : AF_INET;
	if (fa != fb || inet_pton(fa, a->address, x) != 1 ||
	    inet_pton(fb, b->address, y) != 1)
		return 0;
	n = fa == AF_INET ? 4 : 16;
	return !memcmp(x, y, n) || !memcmp(x, any, n) || !memcmp(y, any, n);
}

static int check_endpoint(struct parse_state *st, const struct cfg_endpoint *e)
{
	const struct cfg *c = st->cfg;
	const struct cfg_port *p;
	const struct cfg_endpoint *o;

	st->line = e->line;
	if (!*e->address)
		return fail(st, "this section needs 'address' (%s)",
			    e->kind == CFG_EP_TCP_CONNECT ? "the peer to connect to" :
			    "the local address to bind");
	for (o = c->eps; o < e; o++)
		if (same_socket(o, e))
			return fail(st, "%s port %u is already bound by the section at line %d",
				    e->address, e->port, o->line);
	if (e->tls && (!*c->tls_cert || !*c->tls_key || !*c->tls_ca))
		return fail(st, "tls needs tls-cert, tls-key and tls-ca in [global]");
	if (e->kind == CFG_EP_UDP && *e->peer_address && !e->peer_port)
		return fail(st, "peer-address needs peer-port");
	if (!*e->raw_port)
		return 0;
	p = cfg_find_port(c, e->raw_port);
	if (!p)
		return fail(st, "raw-serial: no [serial %s]", e->raw_port);
	if (p->mode != CFG_MODE_RAW)
		return fail(st, "raw-serial: [serial %s] is not 'mode = raw'",
			    e->raw_port);
	return 0;
}

static int check_all(struct parse_state *st)
{
	struct cfg *c = st->cfg;
	unsigned int i;

	st->line = 0;
	if (!c->n_ports)
		return fail(st, "no [serial NAME] section");
	if (!c->n_eps)
		return fail(st, "no [tcp-listen], [tcp-connect] or [udp] section");
	if (c->reconnect_min_ms > c->reconnect_max_ms)
		return fail(st, "reconnect-min is larger than reconnect-max");
	if (!c->keepalive_timeout_ms)
		return fail(st, "keepalive-timeout must not be 0");
	for (i = 0; i < c->n_ports; i++)
		if (check_port(st, i))
			return -1;
	for (i = 0; i < c->n_eps; i++)
		if (check_endpoint(st, &c->eps[i]))
			return -1;
	return 0;
}

/* static: its padding is zero, so two parsed files compare with memcmp() */
static const struct cfg defaults = {
	.keepalive_ms = CFG_DEFAULT_KEEPALIVE_MS,
	.keepalive_timeout_ms = CFG_DEFAULT_KA_TIMEOUT_MS,
	.reconnect_min_ms = CFG_DEFAULT_RECONNECT_MIN_MS,
	.reconnect_max_ms = CFG_DEFAULT_RECONNECT_MAX_MS,
	.frame_timeout_ms = CFG_DEFAULT_FRAME_TIMEOUT_MS,
	.max_sessions = CFG_DEFAULT_MAX_SESSIONS,
	.udp_mtu = CFG_DEFAULT_UDP_MTU,
	.log_burst = CFG_DEFAULT_LOG_BURST,
	.log_interval_ms = CFG_DEFAULT_LOG_INTERVAL_MS,
	.serial_reopen_max_ms = CFG_DEFAULT_SERIAL_REOPEN_MAX_MS,
	.lock_dir = CFG_DEFAULT_LOCK_DIR,
};

int cfg_parse(struct cfg *cfg, const char *text, size_t len,
	      const char *fname, char *err, size_t errlen)
{
	struct parse_state st = {
		.cfg = cfg, .fname = fname, .err = err, .errlen = errlen,
	};
	struct lm_config *lc;
	char *conv;
	size_t n;
	int ret;

	memcpy(cfg, &defaults, sizeof(*cfg));
	conv = convert(&st, text, len, &n);
	if (!conv)
		return -1;
	/* keys above the first header: [global], as in 0.1 */
	lc = lm_config_parse_in(conv, n, fname, "global", err, errlen);
	free(conv);
	if (!lc)
		return -1;
	if (lc->sections && !lc->sections->line && lc->sections->entries &&
	    !st.old_lines) {
		st.old_lines++;
		st.line = lc->sections->entries->line;
		snprintf(cfg->deprecated, sizeof(cfg->deprecated),
			 "%s:%d: keys above the first section are deprecated (read until the next release): write [global] above them",
			 fname, st.line);
	}
	ret = walk(&st, lc);
	lm_config_free(lc);
	if (ret)
		return -1;
	if (st.old_lines > 1) {
		n = strlen(cfg->deprecated);
		snprintf(cfg->deprecated + n, sizeof(cfg->deprecated) - n,
			 " (%u old lines in all)", st.old_lines);
	}
	return check_all(&st);
}

int cfg_load(struct cfg *cfg, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	ssize_t got;
	char *text;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > CFG_MAX_FILE) {
		snprintf(err, errlen, "%s: not a regular file under 1 MiB", path);
		close(fd);
		return -1;
	}
	text = malloc(sb.st_size + 1);
	if (!text) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	got = read(fd, text, sb.st_size);
	close(fd);
	if (got != sb.st_size) {
		snprintf(err, errlen, "%s: short read", path);
		free(text);
		return -1;
	}
	ret = cfg_parse(cfg, text, got, path, err, errlen);
	free(text);
	return ret;
}

int cfg_addr_in(const struct cfg_addr_list *l, uint16_t addr)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (addr >= l->r[i].lo && addr <= l->r[i].hi)
			return 1;
	return 0;
}

const struct cfg_port *cfg_find_port(const struct cfg *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->n_ports; i++)
		if (!strcmp(cfg->ports[i].name, name))
			return &cfg->ports[i];
	return NULL;
}
