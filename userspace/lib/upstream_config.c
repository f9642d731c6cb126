// SPDX-License-Identifier: GPL-2.0
/* [upstream] section of a config file -> struct lm_upstream_cfg. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lmesh/config.h"
#include "lmesh/upstream.h"

int lm_upstream_cfg_load(struct lm_upstream_cfg *cfg, struct lm_config *c,
			 const char *section, char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(c, section);
	long v;

	memset(cfg, 0, sizeof(*cfg));
	if (!sec) {
		snprintf(err, errlen, "%s: missing [%s] section", c->file, section);
		return -1;
	}
	lm_config_str(c, sec, "host", &cfg->host, err, errlen);
	lm_config_str(c, sec, "client_id", &cfg->client_id, err, errlen);
	lm_config_str(c, sec, "username", &cfg->username, err, errlen);
	lm_config_str(c, sec, "password", &cfg->password, err, errlen);
	lm_config_str(c, sec, "cafile", &cfg->cafile, err, errlen);
	lm_config_str(c, sec, "capath", &cfg->capath, err, errlen);
	lm_config_str(c, sec, "certfile", &cfg->certfile, err, errlen);
	lm_config_str(c, sec, "keyfile", &cfg->keyfile, err, errlen);
	lm_config_str(c, sec, "queue_file", &cfg->queue_file, err, errlen);
	if (lm_config_long(c, sec, "port", 1, 65535, &v, err, errlen) < 0)
		return -1;
	cfg->port = (int)(lm_config_entry(sec, "port") ? v : 0);
	if (lm_config_bool(c, sec, "tls_insecure", &cfg->tls_insecure, err, errlen) < 0)
		return -1;
	v = 30;
	if (lm_config_long(c, sec, "keepalive", 5, 65535, &v, err, errlen) < 0)
		return -1;
	cfg->keepalive_s = (int)v;
	v = 3;
	if (lm_config_long(c, sec, "protocol", 3, 5, &v, err, errlen) < 0)
		return -1;
	if (v == 4) {
		struct lm_config_entry *e = lm_config_entry(sec, "protocol");

		snprintf(err, errlen, "%s:%d: protocol: expected 3 (MQTT 3.1.1) or 5",
			 c->file, e ? e->line : sec->line);
		return -1;
	}
	cfg->protocol = (int)v;
	v = 10000;
	if (lm_config_long(c, sec, "queue_max_messages", 1, 10000000, &v, err, errlen) < 0)
		return -1;
	cfg->queue_max_msgs = v;
	v = 16 << 20;
	if (lm_config_long(c, sec, "queue_max_bytes", 1024, 1L << 40, &v, err, errlen) < 0)
		return -1;
	cfg->queue_max_bytes = v;
	cfg->reconnect_min_ms = 500;
	cfg->reconnect_max_ms = 30000;
	if (lm_config_duration(c, sec, "reconnect_min", &cfg->reconnect_min_ms, err, errlen) < 0 ||
	    lm_config_duration(c, sec, "reconnect_max", &cfg->reconnect_max_ms, err, errlen) < 0)
		return -1;
	if (!cfg->client_id) {
		snprintf(err, errlen, "%s:%d: [%s] needs client_id", c->file,
			 sec->line, section);
		return -1;
	}
	if ((cfg->certfile != NULL) != (cfg->keyfile != NULL)) {
		snprintf(err, errlen, "%s:%d: certfile and keyfile go together",
			 c->file, sec->line);
		return -1;
	}
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool lm_upstream_cfg_same(const struct lm_upstream_cfg *a,
			  const struct lm_upstream_cfg *b)
{
	return same_str(a->host, b->host) && a->port == b->port &&
	       same_str(a->client_id, b->client_id) &&
	       same_str(a->username, b->username) &&
	       same_str(a->password, b->password) &&
	       same_str(a->cafile, b->cafile) && same_str(a->capath, b->capath) &&
	       same_str(a->certfile, b->certfile) &&
	       same_str(a->keyfile, b->keyfile) &&
	       a->tls_insecure == b->tls_insecure &&
	       a->keepalive_s == b->keepalive_s && a->protocol == b->protocol &&
	       same_str(a->queue_file, b->queue_file) &&
	       a->queue_max_msgs == b->queue_max_msgs &&
	       a->queue_max_bytes == b->queue_max_bytes &&
	       a->reconnect_min_ms == b->reconnect_min_ms &&
	       a->reconnect_max_ms == b->reconnect_max_ms;
}

int lm_upstream_addr_list(const struct addrinfo *res,
			  char out[][LM_UPSTREAM_ADDRLEN], int max)
{
	const struct addrinfo *ai;
	int n = 0, i;

	for (ai = res; ai && n < max; ai = ai->ai_next) {
		char host[LM_UPSTREAM_ADDRLEN];

		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    !ai->ai_addr ||
		    getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host),
				NULL, 0, NI_NUMERICHOST))
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(out[i], host))
				break;
		if (i < n)
			continue;	/* the same address for another socktype */
		memcpy(out[n++], host, sizeof(host));
	}
	return n;
}
