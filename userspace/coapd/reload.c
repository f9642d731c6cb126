// SPDX-License-Identifier: GPL-2.0
/*
 * reload.c - SIGHUP: read the configuration again and apply it in place.
 *
 * The new file is read and checked completely first (the same checks as
 * -t); a bad one is logged with its file:line and the running
 * configuration stays. So does one that changes what is set up once at
 * start (coapd_config_restart_needed(): sockets, privileges, DTLS
 * credentials, resource names, the upstream connection): it is refused as
 * a whole, as dnp3-serial-bridge does. Otherwise d->cfg is replaced, and
 * every part reads its settings from d->cfg at each use: limits, allow
 * lists, quotas, rates, device paths, intervals and dead-bands, edge rules,
 * the log level. Sockets, sessions, observers and /ps topics are kept.
 */
#include <stdlib.h>
#include <string.h>

#include <lmesh/log.h>

#include "coapd.h"

/* @b takes @a's copy of a string that must not move (libcoap holds it) */
static void keep_str(char **b, char **a)
{
	char *t = *b;

	*b = *a;
	*a = t;
}

int coapd_reload(struct coapd *d)
{
	struct coapd_config nc, old;
	struct lm_config *lc, *old_lc;
	struct lm_rules *dev_rules = NULL;
	char err[LM_ERRLEN * 2], buf[160];
	const char *why;

	lm_notice("SIGHUP: reloading %s", d->conf_path);
	memset(&nc, 0, sizeof(nc));
	lc = lm_config_load(d->conf_path, err, sizeof(err));
	if (!lc || coapd_config_from(&nc, lc, err, sizeof(err)) ||
	    coapd_config_check_system(&nc, d->conf_path, err, sizeof(err))) {
		lm_err("reload failed: %s; keeping the running configuration",
		       err);
		goto fail;
	}
	why = coapd_config_restart_needed(&d->cfg, &nc, buf, sizeof(buf));
	if (why) {
		lm_err("reload refused: %s, which needs a restart; keeping the running configuration",
		       why);
		goto fail;
	}
	if (nc.n_dev) {
		dev_rules = coapd_devices_prepare(&nc, lc->file, err, sizeof(err));
		if (!dev_rules) {
			lm_err("reload failed: %s; keeping the running configuration",
			       err);
			goto fail;
		}
	}

	/* from here on nothing fails: switch over */
	keep_str(&nc.psk_key, &d->cfg.psk_key);
	keep_str(&nc.psk_hint, &d->cfg.psk_hint);
	keep_str(&nc.cert, &d->cfg.cert);
	keep_str(&nc.key, &d->cfg.key);
	keep_str(&nc.ca, &d->cfg.ca);
	old = d->cfg;
	old_lc = d->lc;
	d->cfg = nc;
	d->lc = lc;
	coapd_config_free(&old);
	lm_config_free(old_lc);

	if (!d->debug)
		lm_log_set_level((enum lm_log_level)d->cfg.log_level);
	coapd_server_reconfigure(d);
	if (d->cfg.n_dev)
		coapd_devices_reconfigure(d, dev_rules);
	if (d->nl && d->mesh_next_poll > coapd_now_ms() + d->cfg.mesh_poll_ms)
		d->mesh_next_poll = coapd_now_ms() + d->cfg.mesh_poll_ms;
	d->st.reloads++;
	lm_notice("reloaded %s: %d device(s), %d /ps topic(s) of at most %d, %zu edge rule(s)",
		  d->conf_path, d->cfg.n_dev, d->n_topics, d->cfg.ps_max_topics,
		  d->cfg.rules ? lm_rules_count(d->cfg.rules) : 0);
	return 0;
fail:
	d->st.reload_failures++;
	coapd_config_free(&nc);
	lm_config_free(lc);
	return -1;
}
