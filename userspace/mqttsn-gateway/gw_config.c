// SPDX-License-Identifier: GPL-2.0
/* [gateway] and [predefined] sections of the configuration file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/config.h"
#include "lmesh/log.h"
#include "lmesh/rules.h"
#include "lmesh/topic.h"
#include "lmesh/upstream.h"
#include "gw.h"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void gw_conf_free(struct gw_conf *conf)
{
	int i;

	for (i = 0; i < conf->nlisten; i++)
		free(conf->listen[i]);
	for (i = 0; i < conf->nadvertise; i++)
		free(conf->advertise_to[i]);
	free(conf->multicast);
	free(conf->topic_prefix);
	free(conf->state_file);
	free(conf->stats_socket);
	free(conf->user);
	free(conf->group);
	memset(conf, 0, sizeof(*conf));
}

/* Collect every value of a repeatable key. */
static int multi(struct lm_config *cfg, struct lm_config_section *sec,
		 const char *key, char **out, int *lines, int max, int *n,
		 char *err, size_t errlen)
{
	struct lm_config_entry *e;

	for (e = sec->entries; e; e = e->next) {
		if (strcmp(e->key, key))
			continue;
		e->used = true;
		if (*n >= max) {
			snprintf(err, errlen, "%s:%d: %s: at most %d allowed",
				 cfg->file, e->line, key, max);
			return -1;
		}
		lines[*n] = e->line;
		out[(*n)++] = strdup(e->value);
	}
	return 0;
}

static int load_gateway(struct gw *gw, struct lm_config *cfg, char *err, size_t errlen)
{
	struct lm_config_section *sec = lm_config_section(cfg, "gateway");
	struct gw_conf *c = &gw->conf;
	int *listen_line = c->listen_line, adv_line[GW_MAX_ADVERTISE];
	const char *s = NULL;
	long v;
	int i;

	c->gw_id = 1;
	c->retry_ms = GW_RETRY_MS_DEF;
	c->retry_count = GW_RETRY_COUNT_DEF;
	c->max_clients = GW_MAX_CLIENTS_DEF;
	c->max_queue = GW_MAX_QUEUE_DEF;
	c->max_clientid = GW_CLIENTID_DEF;
	c->advertise_ms = 900000;
	c->log_level = LM_LOG_INFO;
	if (!sec) {
		snprintf(err, errlen, "%s: missing [gateway] section", cfg->file);
		return -1;
	}
	if (multi(cfg, sec, "listen", c->listen, listen_line, GW_MAX_LISTEN,
		  &c->nlisten, err, errlen) ||
	    multi(cfg, sec, "advertise_to", c->advertise_to, adv_line, GW_MAX_ADVERTISE,
		  &c->nadvertise, err, errlen))
		return -1;
	if (!c->nlisten) {
		snprintf(err, errlen, "%s:%d: [gateway] needs at least one 'listen = ADDR:PORT'",
			 cfg->file, sec->line);
		return -1;
	}
	v = 1;
	if (lm_config_long(cfg, sec, "gw_id", 0, 255, &v, err, errlen) < 0)
		return -1;
	c->gw_id = (uint8_t)v;
	if (lm_config_duration(cfg, sec, "advertise_interval", &c->advertise_ms, err, errlen) < 0 ||
	    lm_config_duration(cfg, sec, "retry_interval", &c->retry_ms, err, errlen) < 0)
		return -1;
	if (c->advertise_ms < 1000 || c->advertise_ms > 65535000ULL) {
		struct lm_config_entry *e = lm_config_entry(sec, "advertise_interval");

		snprintf(err, errlen, "%s:%d: advertise_interval must be 1s..65535s",
			 cfg->file, e ? e->line : sec->line);
		return -1;
	}
	if (c->retry_ms < 100) {
		struct lm_config_entry *e = lm_config_entry(sec, "retry_interval");

		snprintf(err, errlen, "%s:%d: retry_interval must be at least 100ms",
			 cfg->file, e ? e->line : sec->line);
		return -1;
	}
	v = c->retry_count;
	if (lm_config_long(cfg, sec, "retry_count", 0, 100, &v, err, errlen) < 0)
		return -1;
	c->retry_count = (int)v;
	v = c->max_clients;
	if (lm_config_long(cfg, sec, "max_clients", 1, 1000000, &v, err, errlen) < 0)
		return -1;
	c->max_clients = (int)v;
	v = c->max_queue;
	if (lm_config_long(cfg, sec, "max_queue", 1, 100000, &v, err, errlen) < 0)
		return -1;
	c->max_queue = (int)v;
	v = GW_RCVBUF_DEF;
	if (lm_config_long(cfg, sec, "receive_buffer", 0, 1L << 30, &v, err, errlen) < 0)
		return -1;
	c->rcvbuf = (int)v;
	v = GW_CLIENTID_DEF;
	if (lm_config_long(cfg, sec, "max_client_id_length", 1, GW_CLIENTID_MAX, &v,
			   err, errlen) < 0)
		return -1;
	c->max_clientid = (int)v;
	v = 1883;
	if (lm_config_long(cfg, sec, "multicast_port", 1, 65535, &v, err, errlen) < 0)
		return -1;
	c->multicast_port = (int)v;
	s = NULL;
	if (lm_config_str(cfg, sec, "multicast", &s, err, errlen) == 1)
		c->multicast_line = lm_config_entry(sec, "multicast")->line;
	c->multicast = dup_or_null(s);
	s = NULL;
	lm_config_str(cfg, sec, "topic_prefix", &s, err, errlen);
	if (s && strpbrk(s, "+#")) {
		snprintf(err, errlen, "%s:%d: topic_prefix must not contain wildcards",
			 cfg->file, lm_config_entry(sec, "topic_prefix")->line);
		return -1;
	}
	c->topic_prefix = strdup(s ? s : "");
	s = NULL;
	lm_config_str(cfg, sec, "state_file", &s, err, errlen);
	c->state_file = dup_or_null(s);
	s = NULL;
	lm_config_str(cfg, sec, "stats_socket", &s, err, errlen);
	c->stats_socket = dup_or_null(s);
	s = NULL;
	lm_config_str(cfg, sec, "user", &s, err, errlen);
	c->user = dup_or_null(s);
	s = NULL;
	lm_config_str(cfg, sec, "group", &s, err, errlen);
	c->group = dup_or_null(s);
	s = NULL;
	if (lm_config_str(cfg, sec, "log_level", &s, err, errlen) == 1) {
		c->log_level = lm_log_level_parse(s);
		if (c->log_level < 0) {
			snprintf(err, errlen, "%s:%d: log_level: expected err, warn, notice, info or debug",
				 cfg->file, lm_config_entry(sec, "log_level")->line);
			return -1;
		}
	}
	if (lm_config_bool(cfg, sec, "syslog", &c->syslog, err, errlen) < 0)
		return -1;
	for (i = 0; i < c->nlisten; i++) {
		struct sockaddr_storage ss;
		socklen_t len;
		char sub[LM_ERRLEN];

		if (gw_parse_hostport(c->listen[i], 1883, &ss, &len, sub, sizeof(sub))) {
			snprintf(err, errlen, "%s:%d: listen '%s': %s", cfg->file,
				 listen_line[i], c->listen[i], sub);
			return -1;
		}
	}
	for (i = 0; i < c->nadvertise; i++) {
		char sub[LM_ERRLEN];

		if (gw_parse_hostport(c->advertise_to[i], 1883, &gw->adv[i],
				      &gw->adv_len[i], sub, sizeof(sub))) {
			snprintf(err, errlen, "%s:%d: advertise_to '%s': %s", cfg->file,
				 adv_line[i], c->advertise_to[i], sub);
			return -1;
		}
	}
	return 0;
}

static int load_predefined(struct gw *gw, struct lm_config *cfg, char *err, size_t errlen)
{
	struct lm_config_section *sec = NULL;
	struct lm_config_entry *e;
	struct gw_predef *p;
	long id;

	while ((sec = lm_config_next(cfg, sec, "predefined"))) {
		for (e = sec->entries; e; e = e->next) {
			e->used = true;
			if (lm_parse_long(e->key, 1, 65534, &id)) {
				snprintf(err, errlen, "%s:%d: predefined topic id must be 1..65534, got '%s'",
					 cfg->file, e->line, e->key);
				return -1;
			}
			if (!lm_topic_name_valid(e->value)) {
				snprintf(err, errlen, "%s:%d: invalid topic name '%s'",
					 cfg->file, e->line, e->value);
				return -1;
			}
			if (gw_predef_topic(gw, (uint16_t)id)) {
				snprintf(err, errlen, "%s:%d: predefined topic id %ld defined twice",
					 cfg->file, e->line, id);
				return -1;
			}
			if (gw_predef_id(gw, e->value) >= 0) {
				/* the way back (broker -> device) would be ambiguous */
				snprintf(err, errlen, "%s:%d: predefined topic '%s' already has id %d",
					 cfg->file, e->line, e->value,
					 gw_predef_id(gw, e->value));
				return -1;
			}
			p = calloc(1, sizeof(*p));
			if (p)
				p->topic = strdup(e->value);
			if (!p || !p->topic) {
				free(p);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			p->id = (uint16_t)id;
			p->next = gw->predef;
			gw->predef = p;
		}
	}
	return 0;
}

const char *gw_predef_topic(const struct gw *gw, uint16_t id)
{
	const struct gw_predef *p;

	for (p = gw->predef; p; p = p->next)
		if (p->id == id)
			return p->topic;
	return NULL;
}

int gw_predef_id(const struct gw *gw, const char *topic)
{
	const struct gw_predef *p;

	for (p = gw->predef; p; p = p->next)
		if (!strcmp(p->topic, topic))
			return p->id;
	return -1;
}

int gw_conf_load(struct gw *gw, const char *path, struct lm_config **cfgp,
		 char *err, size_t errlen)
{
	struct lm_config *cfg = lm_config_load(path, err, errlen);

	*cfgp = cfg;
	if (!cfg)
		return -1;
	if (load_gateway(gw, cfg, err, errlen) ||
	    load_predefined(gw, cfg, err, errlen))
		return -1;
	return 0;
}

/*
 * The whole file, as the start and a reload read it: [gateway],
 * [predefined], the rules (into gw->rules, already created) and [upstream]
 * (strings of @ucfg point into *@cfgp); any key nobody asked for is an error.
 */
int gw_conf_load_all(struct gw *gw, const char *path, struct lm_config **cfgp,
		     struct lm_upstream_cfg *ucfg, char *err, size_t errlen)
{
	if (gw_conf_load(gw, path, cfgp, err, errlen) ||
	    lm_rules_load_config(gw->rules, *cfgp, err, errlen) ||
	    lm_upstream_cfg_load(ucfg, *cfgp, "upstream", err, errlen) ||
	    lm_config_check_unused(*cfgp, err, errlen))
		return -1;
	return 0;
}

void gw_predef_free(struct gw *gw)
{
	struct gw_predef *p, *np;

	for (p = gw->predef; p; p = np) {
		np = p->next;
		free(p->topic);
		free(p);
	}
	gw->predef = NULL;
}
