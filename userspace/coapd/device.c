// SPDX-License-Identifier: GPL-2.0
/*
 * device.c - [device NAME] resources: a value read from a file or sysfs
 * attribute every interval, observable, behind liblmesh's edge rules
 * (dead-band, min_interval, max_interval) so observers are not flooded.
 *
 * GET returns the last value that passed the rules, i.e. the one the
 * observers were told; its Max-Age is the read interval.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmesh/log.h>
#include <lmesh/rules.h>

#include "coapd.h"

#define DEV_VALUE_MAX	256	/* bytes of a value */

struct device_state {
	const struct coapd_device *cfg;
	struct coapd_res *res;
	char value[DEV_VALUE_MAX];	/* what observers were told */
	size_t len;
	bool have;
	int err;			/* errno of the last failed read */
	uint64_t next_read;
};

static struct device_state *find_dev(struct coapd *d, const char *uri)
{
	int i;

	for (i = 0; i < d->cfg.n_dev; i++)
		if (!strcmp(d->devs[i].cfg->uri, uri))
			return &d->devs[i];
	return NULL;
}

/* a value the rules let through */
static void dev_emit(void *ctx, const struct lm_rule_out *out)
{
	struct coapd *d = ctx;
	struct device_state *ds = find_dev(d, out->topic);
	size_t n = out->len < DEV_VALUE_MAX - 1 ? out->len : DEV_VALUE_MAX - 1;

	if (!ds || out->kind != LM_RULE_OUT_VALUE)
		return;
	if (ds->have && n == ds->len && !memcmp(ds->value, out->payload, n))
		return;		/* a heartbeat of the same value */
	memcpy(ds->value, out->payload, n);
	ds->value[n] = '\0';
	ds->len = n;
	ds->have = true;
	lm_dbg("device %s: %s", ds->cfg->name, ds->value);
	coapd_res_notify(d, ds->res);
	if (ds->cfg->publish)
		coapd_upstream_publish(d, ds->cfg->publish, ds->value, ds->len,
				       d->cfg.ps_qos, false);
}

static void dev_read(struct coapd *d, struct device_state *ds, uint64_t now)
{
	char raw[DEV_VALUE_MAX], val[DEV_VALUE_MAX];
	ssize_t n;
	size_t len;
	int fd;

	d->st.device_reads++;
	fd = open(ds->cfg->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		n = -1;
	} else {
		n = read(fd, raw, sizeof(raw));
		if (n < 0)
			n = -1;
		close(fd);
	}
	if (n < 0) {
		if (ds->err != errno)
			lm_warn("device %s: %s: %s", ds->cfg->name, ds->cfg->path,
				strerror(errno));
		ds->err = errno ? errno : EIO;
		d->st.device_read_errors++;
		return;
	}
	if (ds->err)
		lm_notice("device %s: %s readable again", ds->cfg->name,
			  ds->cfg->path);
	ds->err = 0;
	len = coapd_device_format(raw, (size_t)n, ds->cfg->scale, val, sizeof(val));
	if (!len)
		return;	/* empty: e.g. caught between truncate and write */
	if (lm_rules_input(d->dev_rules, ds->cfg->uri, val, len, 0, false, now,
			   dev_emit, d) == LM_RULE_NONE) {
		struct lm_rule_out out = {
			.kind = LM_RULE_OUT_VALUE, .topic = ds->cfg->uri,
			.payload = val, .len = len,
		};

		dev_emit(d, &out);
	}
}

static void dev_get(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		    const coap_pdu_t *req, struct coapd_reply *rep)
{
	struct device_state *ds = res->priv;
	uint64_t iv = ds->cfg->interval_ms;

	(void)d;
	(void)s;
	(void)req;
	if (!ds->have) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE,
				 "%s: %s", ds->cfg->path,
				 strerror(ds->err ? ds->err : EAGAIN));
		return;
	}
	rep->data = (const uint8_t *)ds->value;
	rep->len = ds->len;
	rep->ct = COAPD_CT_TEXT;
	rep->max_age = (int)((iv + 999) / 1000);
}

/* the dead-band etc. of every [device] section of @cfg, as edge rules */
static struct lm_rules *dev_rules_new(const struct coapd_config *cfg,
				      const char *file, char *err, size_t errlen)
{
	struct lm_rules *rules = lm_rules_new();
	int i;

	if (!rules) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->n_dev; i++) {
		const struct coapd_device *c = &cfg->dev[i];
		struct lm_rule_spec spec = {
			.pattern = c->uri,
			.deadband_kind = c->deadband_kind,
			.deadband = c->deadband,
			.min_interval_ms = c->min_interval_ms,
			.max_interval_ms = c->max_interval_ms,
		};
		char sub[LM_ERRLEN];

		if (lm_rules_add(rules, &spec, sub, sizeof(sub))) {
			snprintf(err, errlen, "%s:%d: [device %s]: %s", file,
				 c->line, c->name, sub);
			lm_rules_free(rules);
			return NULL;
		}
	}
	return rules;
}

int coapd_devices_init(struct coapd *d, char *err, size_t errlen)
{
	uint64_t now = coapd_now_ms();
	int i;

	if (!d->cfg.n_dev)
		return 0;
	d->devs = calloc((size_t)d->cfg.n_dev, sizeof(*d->devs));
	if (!d->devs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	d->dev_rules = dev_rules_new(&d->cfg, d->lc->file, err, errlen);
	if (!d->dev_rules)
		return -1;
	for (i = 0; i < d->cfg.n_dev; i++) {
		const struct coapd_device *c = &d->cfg.dev[i];
		struct device_state *ds = &d->devs[i];

		ds->cfg = c;
		ds->res = coapd_res_add(d, c->uri, true, c->rt ? c->rt : c->name,
					c->ifd ? c->ifd : "core.s", COAPD_CT_TEXT,
					dev_get, NULL, NULL, NULL, ds);
		if (!ds->res) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		dev_read(d, ds, now);
		ds->next_read = now + c->interval_ms;
	}
	return 0;
}

struct lm_rules *coapd_devices_prepare(const struct coapd_config *cfg,
				       const char *file, char *err,
				       size_t errlen)
{
	return dev_rules_new(cfg, file, err, errlen);
}

void coapd_devices_reconfigure(struct coapd *d, struct lm_rules *rules)
{
	uint64_t now = coapd_now_ms();
	int i;

	if (d->dev_rules)
		lm_rules_free(d->dev_rules);
	d->dev_rules = rules;
	for (i = 0; i < d->cfg.n_dev; i++) {
		struct device_state *ds = &d->devs[i];

		/* ds->cfg is &d->cfg.dev[i]: the same section, new values */
		if (ds->next_read > now + ds->cfg->interval_ms)
			ds->next_read = now + ds->cfg->interval_ms;
		ds->err = 0;	/* a new path says again if it fails */
	}
}

void coapd_devices_tick(struct coapd *d, uint64_t now)
{
	int i;

	for (i = 0; i < d->cfg.n_dev; i++) {
		struct device_state *ds = &d->devs[i];

		if (now >= ds->next_read) {
			dev_read(d, ds, now);
			ds->next_read += ds->cfg->interval_ms;
			if (ds->next_read <= now)	/* we were late */
				ds->next_read = now + ds->cfg->interval_ms;
		}
	}
	if (d->dev_rules && lm_rules_next_deadline(d->dev_rules) <= now)
		lm_rules_tick(d->dev_rules, now, dev_emit, d);
}

uint64_t coapd_devices_deadline(const struct coapd *d)
{
	uint64_t t = UINT64_MAX;
	int i;

	for (i = 0; i < d->cfg.n_dev; i++)
		if (d->devs[i].next_read < t)
			t = d->devs[i].next_read;
	if (d->dev_rules && lm_rules_next_deadline(d->dev_rules) < t)
		t = lm_rules_next_deadline(d->dev_rules);
	return t;
}

void coapd_devices_free(struct coapd *d)
{
	free(d->devs);
	d->devs = NULL;
	if (d->dev_rules)
		lm_rules_free(d->dev_rules);
	d->dev_rules = NULL;
}
