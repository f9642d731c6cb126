// SPDX-License-Identifier: GPL-2.0
/*
 * SIGHUP: read the configuration file again and apply it without dropping
 * a device, a registration, a subscription or a message.
 *
 * The new file is read and checked in full into a scratch struct gw, with
 * the same code as the start (gw_conf_load_all()); only when all of it is
 * valid, and nothing that needs a restart changed, is it swapped in. A bad
 * file, or one that changes what needs a restart, is logged (file:line for
 * a bad value) and the running configuration is kept as it was.
 *
 * Applied live: gw_id, advertise_interval, advertise_to, retry_interval,
 * retry_count, max_clients, max_queue, max_client_id_length, log_level,
 * syslog, [predefined] and the [rule] sections. Needing a restart (the
 * sockets, the files and the upstream connection stay as they are): listen,
 * multicast, multicast_port, receive_buffer, topic_prefix, state_file,
 * stats_socket, user, group and [upstream].
 */
#include <stdlib.h>
#include <string.h>

#include "lmesh/config.h"
#include "lmesh/log.h"
#include "lmesh/rules.h"
#include "lmesh/upstream.h"
#include "gw.h"

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* What the new configuration changes that needs a restart; NULL: nothing. */
static const char *needs_restart(const struct gw *gw, const struct gw *ng)
{
	const struct gw_conf *a = &gw->conf, *b = &ng->conf;
	int i;

	if (a->nlisten != b->nlisten)
		return "listen";
	for (i = 0; i < a->nlisten; i++)
		if (strcmp(a->listen[i], b->listen[i]))
			return "listen";
	if (!str_eq(a->multicast, b->multicast))
		return "multicast";
	if (a->multicast_port != b->multicast_port)
		return "multicast_port";
	if (a->rcvbuf != b->rcvbuf)
		return "receive_buffer";
	if (!str_eq(a->topic_prefix, b->topic_prefix))
		return "topic_prefix";
	if (!str_eq(a->state_file, b->state_file))
		return "state_file";
	if (!str_eq(a->stats_socket, b->stats_socket))
		return "stats_socket";
	if (!str_eq(a->user, b->user))
		return "user";
	if (!str_eq(a->group, b->group))
		return "group";
	if (!lm_upstream_cfg_same(&gw->ucfg, &ng->ucfg))
		return "[upstream]";
	return NULL;
}

static const struct lm_config_section *
next_rule(const struct lm_config_section *sec)
{
	while (sec && strcmp(sec->name, "rule"))
		sec = sec->next;
	return sec;
}

/*
 * Whether the [rule] sections of two files say the same (same filters, same
 * key = value lines, same order): then the running rules, with their held
 * values and open windows, are kept.
 */
static bool rules_same(const struct lm_config *a, const struct lm_config *b)
{
	const struct lm_config_section *sa, *sb;
	const struct lm_config_entry *ea, *eb;

	for (sa = next_rule(a->sections), sb = next_rule(b->sections); sa && sb;
	     sa = next_rule(sa->next), sb = next_rule(sb->next)) {
		if (!str_eq(sa->arg, sb->arg))
			return false;
		for (ea = sa->entries, eb = sb->entries; ea && eb;
		     ea = ea->next, eb = eb->next)
			if (strcmp(ea->key, eb->key) || strcmp(ea->value, eb->value))
				return false;
		if (ea || eb)
			return false;
	}
	return !sa && !sb;
}

static bool advertise_changed(const struct gw_conf *a, const struct gw_conf *b)
{
	int i;

	if (a->gw_id != b->gw_id || a->advertise_ms != b->advertise_ms ||
	    a->nadvertise != b->nadvertise)
		return true;
	for (i = 0; i < a->nadvertise; i++)
		if (strcmp(a->advertise_to[i], b->advertise_to[i]))
			return true;
	return false;
}

/* Swap the parts of @ng into @gw; @ng gets the old ones, to be freed. */
static void apply(struct gw *gw, struct gw *ng, bool rules)
{
	struct gw_conf conf = gw->conf;
	struct gw_predef *predef = gw->predef;
	struct lm_config *cfg = gw->cfg;
	struct lm_rules *r = gw->rules;

	if (advertise_changed(&gw->conf, &ng->conf))
		gw->next_advertise = gw->now;	/* tell the devices now */
	gw->conf = ng->conf;
	ng->conf = conf;
	gw->predef = ng->predef;
	ng->predef = predef;
	gw->cfg = ng->cfg;
	ng->cfg = cfg;
	gw->ucfg = ng->ucfg;	/* the same values, its strings in gw->cfg now */
	memcpy(gw->adv, ng->adv, sizeof(gw->adv));
	memcpy(gw->adv_len, ng->adv_len, sizeof(gw->adv_len));
	if (rules) {
		/* what the old rules have due goes out; the rest starts over */
		gw_rules_tick(gw);
		gw->rules = ng->rules;
		ng->rules = r;
	}
	lm_log_init("mqttsn-gateway",
		    gw->log_debug ? LM_LOG_DEBUG : gw->conf.log_level,
		    gw->conf.syslog || gw->log_syslog);
}

int gw_reload(struct gw *gw)
{
	struct gw *ng = calloc(1, sizeof(*ng));
	char err[LM_ERRLEN] = "";
	const char *why;
	bool rules;
	int rc = -1;

	lm_notice("SIGHUP: reloading %s", gw->conf_path);
	if (ng)
		ng->rules = lm_rules_new();
	if (!ng || !ng->rules) {
		lm_err("reload failed: out of memory; keeping the running configuration");
		goto out;
	}
	if (gw_conf_load_all(ng, gw->conf_path, &ng->cfg, &ng->ucfg, err, sizeof(err))) {
		lm_err("reload failed: %s; keeping the running configuration", err);
		goto out;
	}
	why = needs_restart(gw, ng);
	if (why) {
		lm_err("reload refused: %s changed, which needs a restart; keeping the running configuration",
		       why);
		goto out;
	}
	rules = !rules_same(gw->cfg, ng->cfg);
	apply(gw, ng, rules);
	lm_notice("reloaded %s: gateway %u, %zu rule(s)%s", gw->conf_path,
		  gw->conf.gw_id, lm_rules_count(gw->rules),
		  rules ? " (replaced: their held values and windows start over)" : "");
	rc = 0;
out:
	if (ng) {
		gw_conf_free(&ng->conf);
		gw_predef_free(ng);
		lm_rules_free(ng->rules);
		lm_config_free(ng->cfg);
		free(ng);
	}
	return rc;
}
