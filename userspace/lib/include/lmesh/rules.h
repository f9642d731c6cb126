/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Edge rules: what happens to a value before it goes upstream.
 *
 * Pure and time-injected: the caller passes "now" in milliseconds (any
 * monotonic clock) and receives every publication through a callback, so the
 * same code runs in the daemons, in unit tests and in fuzzers.
 *
 * For each input, the first rule whose MQTT filter matches the topic applies:
 *  - alert_above / alert_below: when a numeric value crosses the threshold
 *    (edge-triggered, re-armed when the value is back on the right side), a
 *    JSON alert is published to alert_topic. Independent of everything below.
 *  - aggregate = WINDOW: samples are not published one by one; at the end of
 *    each window (opened by its first sample) one JSON object
 *    {"min":..,"max":..,"mean":..,"count":N} goes to topic + aggregate_suffix.
 *  - otherwise deadband = X or X%: a value is published only when it differs
 *    from the last published one by at least X (or X percent of it); without a
 *    deadband every value is a candidate. Non-numeric payloads count as changed
 *    when their bytes differ.
 *  - min_interval: a candidate arriving sooner than that after the previous
 *    publication is held (latest wins) and published when the interval ends.
 *  - max_interval: if nothing was published for that long, the latest value
 *    seen is published again (a heartbeat), even if the deadband suppressed it.
 */
#ifndef LMESH_RULES_H
#define LMESH_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lm_config;

enum lm_deadband_kind {
	LM_DEADBAND_NONE,
	LM_DEADBAND_ABS,
	LM_DEADBAND_PCT,
};

struct lm_rule_spec {
	const char *pattern;		/* MQTT filter, required */
	enum lm_deadband_kind deadband_kind;
	double deadband;		/* absolute units, or percent */
	uint64_t min_interval_ms;	/* 0: none */
	uint64_t max_interval_ms;	/* 0: none */
	uint64_t aggregate_ms;		/* 0: no aggregation */
	const char *aggregate_suffix;	/* NULL or "": same topic */
	bool has_alert_above, has_alert_below;
	double alert_above, alert_below;
	const char *alert_topic;	/* required with a threshold */
};

enum lm_rule_out_kind {
	LM_RULE_OUT_VALUE,		/* a sample (immediate, held or heartbeat) */
	LM_RULE_OUT_AGGREGATE,
	LM_RULE_OUT_ALERT,
};

struct lm_rule_out {
	enum lm_rule_out_kind kind;
	const char *topic;
	const void *payload;
	size_t len;
	int qos;
	bool retain;
};

typedef void (*lm_rule_emit_fn)(void *ctx, const struct lm_rule_out *out);

enum lm_rule_verdict {
	LM_RULE_NONE,		/* no rule matched: publish the message unchanged */
	LM_RULE_HANDLED,	/* a rule took it; publications went to the callback */
};

struct lm_rules_stats {
	uint64_t inputs;	/* messages that matched a rule */
	uint64_t published;	/* samples emitted (incl. held and heartbeats) */
	uint64_t suppressed;	/* inside the deadband */
	uint64_t held;		/* delayed by min_interval */
	uint64_t heartbeats;	/* emitted by max_interval */
	uint64_t aggregates;
	uint64_t alerts;
	uint64_t non_numeric;	/* non-numeric payloads for aggregate rules (dropped) */
	uint64_t state_full;	/* topics over LM_RULES_MAX_TOPICS (passed unchanged) */
};

#define LM_RULES_MAX_TOPICS	4096	/* tracked concrete topics */
#define LM_RULES_MAX_PAYLOAD	4096	/* bytes kept per topic */

struct lm_rules;

struct lm_rules *lm_rules_new(void);
void lm_rules_free(struct lm_rules *rules);
/* Append a rule (copied). -1 with err on an invalid spec. */
int lm_rules_add(struct lm_rules *rules, const struct lm_rule_spec *spec,
		 char *err, size_t errlen);
size_t lm_rules_count(const struct lm_rules *rules);
/*
 * Add one rule per [rule FILTER] section of @cfg. Keys: deadband (N or N%),
 * min_interval, max_interval, aggregate (durations), aggregate_suffix,
 * alert_above, alert_below, alert_topic. Errors are "file:line: ...".
 */
int lm_rules_load_config(struct lm_rules *rules, struct lm_config *cfg,
			 char *err, size_t errlen);

enum lm_rule_verdict lm_rules_input(struct lm_rules *rules, const char *topic,
				    const void *payload, size_t len, int qos,
				    bool retain, uint64_t now_ms,
				    lm_rule_emit_fn emit, void *ctx);
/* Emit what is due at @now_ms (held values, heartbeats, closed windows). */
void lm_rules_tick(struct lm_rules *rules, uint64_t now_ms,
		   lm_rule_emit_fn emit, void *ctx);
/* Earliest time lm_rules_tick has work, or UINT64_MAX. */
uint64_t lm_rules_next_deadline(const struct lm_rules *rules);
const struct lm_rules_stats *lm_rules_stats(const struct lm_rules *rules);

/* Parse a whole payload as a number (blanks around allowed). 0 or -1. */
int lm_rules_parse_number(const void *payload, size_t len, double *out);

#endif /* LMESH_RULES_H */
