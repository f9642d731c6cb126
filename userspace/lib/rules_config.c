// SPDX-License-Identifier: GPL-2.0
/* [rule FILTER] sections of a config file -> lm_rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/config.h"
#include "lmesh/rules.h"

static int parse_deadband(const char *s, struct lm_rule_spec *spec)
{
	size_t n = strlen(s);
	char buf[64];

	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	spec->deadband_kind = LM_DEADBAND_ABS;
	if (buf[n - 1] == '%') {
		buf[n - 1] = '\0';
		spec->deadband_kind = LM_DEADBAND_PCT;
	}
	if (lm_parse_double(buf, &spec->deadband) || spec->deadband < 0)
		return -1;
	return 0;
}

static int load_one(struct lm_rules *rules, struct lm_config *cfg,
		    struct lm_config_section *sec, char *err, size_t errlen)
{
	struct lm_rule_spec spec = { 0 };
	struct lm_config_entry *ent;
	char sub[LM_ERRLEN];

	if (!sec->arg) {
		snprintf(err, errlen, "%s:%d: [rule] needs a topic filter: [rule \"a/+/b\"]",
			 cfg->file, sec->line);
		return -1;
	}
	spec.pattern = sec->arg;
	ent = lm_config_entry(sec, "deadband");
	if (ent && parse_deadband(ent->value, &spec)) {
		snprintf(err, errlen, "%s:%d: deadband: expected a number or a percentage like 5%%, got '%s'",
			 cfg->file, ent->line, ent->value);
		return -1;
	}
	if (lm_config_duration(cfg, sec, "min_interval", &spec.min_interval_ms, err, errlen) < 0 ||
	    lm_config_duration(cfg, sec, "max_interval", &spec.max_interval_ms, err, errlen) < 0 ||
	    lm_config_duration(cfg, sec, "aggregate", &spec.aggregate_ms, err, errlen) < 0)
		return -1;
	ent = lm_config_entry(sec, "aggregate");
	if (ent && !spec.aggregate_ms) {
		/* 0 would silently mean "no aggregation" */
		snprintf(err, errlen, "%s:%d: aggregate: a window must be longer than 0",
			 cfg->file, ent->line);
		return -1;
	}
	lm_config_str(cfg, sec, "aggregate_suffix", &spec.aggregate_suffix, err, errlen);
	lm_config_str(cfg, sec, "alert_topic", &spec.alert_topic, err, errlen);
	switch (lm_config_double(cfg, sec, "alert_above", &spec.alert_above, err, errlen)) {
	case -1:
		return -1;
	case 1:
		spec.has_alert_above = true;
	}
	switch (lm_config_double(cfg, sec, "alert_below", &spec.alert_below, err, errlen)) {
	case -1:
		return -1;
	case 1:
		spec.has_alert_below = true;
	}
	if (lm_rules_add(rules, &spec, sub, sizeof(sub))) {
		snprintf(err, errlen, "%s:%d: [rule %s]: %s", cfg->file, sec->line,
			 sec->arg, sub);
		return -1;
	}
	return 0;
}

int lm_rules_load_config(struct lm_rules *rules, struct lm_config *cfg,
			 char *err, size_t errlen)
{
	struct lm_config_section *sec = NULL;

	while ((sec = lm_config_next(cfg, sec, "rule")))
		if (load_one(rules, cfg, sec, err, errlen))
			return -1;
	return 0;
}
