// SPDX-License-Identifier: GPL-2.0
/* Edge rules engine: dead-band, intervals, aggregation, alerts. Pure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/config.h"
#include "lmesh/rules.h"
#include "lmesh/json.h"
#include "lmesh/topic.h"

struct lm_rule {
	struct lm_rule_spec spec;	/* strings owned */
	struct lm_rule *next;
};

struct lm_rule_state {
	char *topic;
	const struct lm_rule *rule;
	int qos;
	bool retain;
	/* last publication */
	bool have_pub;
	bool pub_numeric;
	double pub_val;
	uint64_t pub_ms;
	void *pub_payload;
	size_t pub_len;
	/* latest sample seen */
	void *seen_payload;
	size_t seen_len;
	bool have_seen;
	/* held by min_interval */
	bool pending;
	uint64_t pending_due;
	/* aggregation window */
	bool win_open;
	uint64_t win_end;
	uint64_t count;
	double min, max, sum;
	/* alerts */
	bool above_active, below_active;
	struct lm_rule_state *next;
};

struct lm_rules {
	struct lm_rule *rules;
	struct lm_rule **tail;
	size_t nrules;
	struct lm_rule_state *states;
	size_t nstates;
	struct lm_rules_stats stats;
};

struct lm_rules *lm_rules_new(void)
{
	struct lm_rules *r = calloc(1, sizeof(*r));

	if (r)
		r->tail = &r->rules;
	return r;
}

static void rule_free(struct lm_rule *rule)
{
	free((char *)rule->spec.pattern);
	free((char *)rule->spec.aggregate_suffix);
	free((char *)rule->spec.alert_topic);
	free(rule);
}

static void state_free(struct lm_rule_state *st)
{
	free(st->topic);
	free(st->pub_payload);
	free(st->seen_payload);
	free(st);
}

void lm_rules_free(struct lm_rules *r)
{
	struct lm_rule *rule, *nr;
	struct lm_rule_state *st, *ns;

	if (!r)
		return;
	for (rule = r->rules; rule; rule = nr) {
		nr = rule->next;
		rule_free(rule);
	}
	for (st = r->states; st; st = ns) {
		ns = st->next;
		state_free(st);
	}
	free(r);
}

size_t lm_rules_count(const struct lm_rules *r)
{
	return r->nrules;
}

const struct lm_rules_stats *lm_rules_stats(const struct lm_rules *r)
{
	return &r->stats;
}

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int lm_rules_add(struct lm_rules *r, const struct lm_rule_spec *spec,
		 char *err, size_t errlen)
{
	struct lm_rule *rule;

	if (!spec->pattern || !lm_topic_filter_valid(spec->pattern)) {
		lm_seterr(err, errlen, "invalid topic filter '%s'",
		       spec->pattern ? spec->pattern : "");
		return -1;
	}
	if (spec->deadband_kind != LM_DEADBAND_NONE &&
	    (!(spec->deadband >= 0) || !isfinite(spec->deadband))) {
		lm_seterr(err, errlen, "deadband must be a non-negative number");
		return -1;
	}
	if (spec->max_interval_ms && spec->min_interval_ms > spec->max_interval_ms) {
		lm_seterr(err, errlen, "min_interval is larger than max_interval");
		return -1;
	}
	if ((spec->has_alert_above || spec->has_alert_below) &&
	    (!spec->alert_topic || !lm_topic_name_valid(spec->alert_topic))) {
		lm_seterr(err, errlen, "a threshold needs a valid alert_topic");
		return -1;
	}
	if (spec->alert_topic && !spec->has_alert_above && !spec->has_alert_below) {
		lm_seterr(err, errlen, "alert_topic without alert_above or alert_below");
		return -1;
	}
	if (spec->has_alert_above && spec->has_alert_below &&
	    spec->alert_below > spec->alert_above) {
		lm_seterr(err, errlen, "alert_below is above alert_above");
		return -1;
	}
	if (spec->aggregate_suffix && *spec->aggregate_suffix && !spec->aggregate_ms) {
		lm_seterr(err, errlen, "aggregate_suffix without aggregate");
		return -1;
	}
	if (spec->aggregate_suffix && strpbrk(spec->aggregate_suffix, "+#")) {
		lm_seterr(err, errlen, "aggregate_suffix must not contain wildcards");
		return -1;
	}
	rule = calloc(1, sizeof(*rule));
	if (!rule)
		goto nomem;
	rule->spec = *spec;
	rule->spec.pattern = sdup(spec->pattern);
	rule->spec.aggregate_suffix = sdup(spec->aggregate_suffix);
	rule->spec.alert_topic = sdup(spec->alert_topic);
	if (!rule->spec.pattern ||
	    (spec->aggregate_suffix && !rule->spec.aggregate_suffix) ||
	    (spec->alert_topic && !rule->spec.alert_topic)) {
		rule_free(rule);
		goto nomem;
	}
	*r->tail = rule;
	r->tail = &rule->next;
	r->nrules++;
	return 0;
nomem:
	lm_seterr(err, errlen, "out of memory");
	return -1;
}

int lm_rules_parse_number(const void *payload, size_t len, double *out)
{
	char buf[64], *end;
	const char *s = payload;
	double v;

	while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		       s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (memchr(buf, '\0', len))
		return -1;
	v = strtod(buf, &end);
	if (*end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static const struct lm_rule *find_rule(const struct lm_rules *r, const char *topic)
{
	const struct lm_rule *rule;

	for (rule = r->rules; rule; rule = rule->next)
		if (lm_topic_match(rule->spec.pattern, topic))
			return rule;
	return NULL;
}

static struct lm_rule_state *find_state(struct lm_rules *r, const char *topic,
					const struct lm_rule *rule)
{
	struct lm_rule_state *st;

	for (st = r->states; st; st = st->next)
		if (!strcmp(st->topic, topic))
			return st;
	if (r->nstates >= LM_RULES_MAX_TOPICS)
		return NULL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->topic = strdup(topic);
	if (!st->topic) {
		free(st);
		return NULL;
	}
	st->rule = rule;
	st->next = r->states;
	r->states = st;
	r->nstates++;
	return st;
}

static int set_buf(void **dst, size_t *dlen, const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p)
		return -1;
	if (len)
		memcpy(p, src, len);
	free(*dst);
	*dst = p;
	*dlen = len;
	return 0;
}

static void publish_seen(struct lm_rules *r, struct lm_rule_state *st,
			 uint64_t now, lm_rule_emit_fn emit, void *ctx)
{
	struct lm_rule_out out = {
		.kind = LM_RULE_OUT_VALUE, .topic = st->topic,
		.payload = st->seen_payload, .len = st->seen_len,
		.qos = st->qos, .retain = st->retain,
	};
	double v;

	emit(ctx, &out);
	r->stats.published++;
	st->have_pub = true;
	st->pub_ms = now;
	st->pub_numeric = !lm_rules_parse_number(st->seen_payload, st->seen_len, &v);
	st->pub_val = st->pub_numeric ? v : 0;
	set_buf(&st->pub_payload, &st->pub_len, st->seen_payload, st->seen_len);
	st->pending = false;
}

static void emit_alert(struct lm_rules *r, struct lm_rule_state *st, double v,
		       double thr, const char *cond, lm_rule_emit_fn emit, void *ctx)
{
	struct lm_rule_out out = {
		.kind = LM_RULE_OUT_ALERT, .topic = st->rule->spec.alert_topic,
		.qos = 1,
	};
	struct jbuf jb;
	char *json;
	size_t n;

	/* the topic may hold any character: lmesh/json.h escapes it */
	jb_init(&jb);
	jb_obj_open(&jb, NULL);
	jb_str(&jb, "topic", st->topic);
	jb_double_digits(&jb, "value", v, 10);
	jb_double_digits(&jb, "threshold", thr, 10);
	jb_str(&jb, "condition", cond);
	jb_obj_close(&jb);
	json = jb_take(&jb, &n);
	if (!json || n >= LM_RULES_MAX_PAYLOAD) {
		free(json);
		return;
	}
	out.payload = json;
	out.len = n;
	emit(ctx, &out);
	free(json);
	r->stats.alerts++;
}

static void check_alerts(struct lm_rules *r, struct lm_rule_state *st, double v,
			 lm_rule_emit_fn emit, void *ctx)
{
	const struct lm_rule_spec *s = &st->rule->spec;

	if (s->has_alert_above) {
		if (v > s->alert_above && !st->above_active) {
			st->above_active = true;
			emit_alert(r, st, v, s->alert_above, "above", emit, ctx);
		} else if (v <= s->alert_above) {
			st->above_active = false;
		}
	}
	if (s->has_alert_below) {
		if (v < s->alert_below && !st->below_active) {
			st->below_active = true;
			emit_alert(r, st, v, s->alert_below, "below", emit, ctx);
		} else if (v >= s->alert_below) {
			st->below_active = false;
		}
	}
}

static bool changed(const struct lm_rule_state *st, bool numeric, double v)
{
	const struct lm_rule_spec *s = &st->rule->spec;
	double diff;

	if (!st->have_pub || s->deadband_kind == LM_DEADBAND_NONE)
		return true;
	if (!numeric || !st->pub_numeric)
		return st->seen_len != st->pub_len ||
		       memcmp(st->seen_payload, st->pub_payload, st->seen_len);
	diff = fabs(v - st->pub_val);
	if (s->deadband_kind == LM_DEADBAND_ABS)
		return s->deadband == 0 ? diff > 0 : diff >= s->deadband;
	if (st->pub_val == 0)
		return diff > 0;
	return s->deadband == 0 ? diff > 0 :
	       diff >= s->deadband / 100.0 * fabs(st->pub_val);
}

enum lm_rule_verdict lm_rules_input(struct lm_rules *r, const char *topic,
				    const void *payload, size_t len, int qos,
				    bool retain, uint64_t now,
				    lm_rule_emit_fn emit, void *ctx)
{
	const struct lm_rule *rule = find_rule(r, topic);
	struct lm_rule_state *st;
	bool numeric;
	double v = 0;

	if (!rule)
		return LM_RULE_NONE;
	if (len > LM_RULES_MAX_PAYLOAD) {
		r->stats.state_full++;
		return LM_RULE_NONE;
	}
	st = find_state(r, topic, rule);
	if (!st) {
		r->stats.state_full++;
		return LM_RULE_NONE;
	}
	r->stats.inputs++;
	numeric = !lm_rules_parse_number(payload, len, &v);
	if (numeric)
		check_alerts(r, st, v, emit, ctx);

	if (rule->spec.aggregate_ms) {
		if (!numeric) {
			r->stats.non_numeric++;
			return LM_RULE_HANDLED;
		}
		if (!st->win_open) {
			st->win_open = true;
			st->win_end = now + rule->spec.aggregate_ms;
			st->count = 0;
			st->sum = 0;
			st->min = v;
			st->max = v;
		}
		st->count++;
		st->sum += v;
		if (v < st->min)
			st->min = v;
		if (v > st->max)
			st->max = v;
		st->qos = qos;
		st->retain = retain;
		return LM_RULE_HANDLED;
	}

	if (set_buf(&st->seen_payload, &st->seen_len, payload, len))
		return LM_RULE_NONE;
	st->have_seen = true;
	st->qos = qos;
	st->retain = retain;
	if (!changed(st, numeric, v)) {
		r->stats.suppressed++;
		st->pending = false;
		return LM_RULE_HANDLED;
	}
	if (rule->spec.min_interval_ms && st->have_pub &&
	    now - st->pub_ms < rule->spec.min_interval_ms) {
		if (!st->pending)
			r->stats.held++;
		st->pending = true;
		st->pending_due = st->pub_ms + rule->spec.min_interval_ms;
		return LM_RULE_HANDLED;
	}
	publish_seen(r, st, now, emit, ctx);
	return LM_RULE_HANDLED;
}

static void close_window(struct lm_rules *r, struct lm_rule_state *st,
			 lm_rule_emit_fn emit, void *ctx)
{
	const char *suffix = st->rule->spec.aggregate_suffix;
	char topic[2 * 1024 + 64];
	struct lm_rule_out out = {
		.kind = LM_RULE_OUT_AGGREGATE,
		.qos = st->qos, .retain = st->retain,
	};
	struct jbuf jb;
	char *json;
	size_t len;
	int n;

	st->win_open = false;
	n = snprintf(topic, sizeof(topic), "%s%s", st->topic, suffix ? suffix : "");
	if (n < 0 || (size_t)n >= sizeof(topic))
		return;
	jb_init(&jb);
	jb_obj_open(&jb, NULL);
	jb_double_digits(&jb, "min", st->min, 10);
	jb_double_digits(&jb, "max", st->max, 10);
	jb_double_digits(&jb, "mean", st->sum / (double)st->count, 10);
	jb_u64(&jb, "count", st->count);
	jb_obj_close(&jb);
	json = jb_take(&jb, &len);
	if (!json)
		return;
	out.payload = json;
	out.topic = topic;
	out.len = len;
	emit(ctx, &out);
	free(json);
	r->stats.aggregates++;
}

void lm_rules_tick(struct lm_rules *r, uint64_t now, lm_rule_emit_fn emit, void *ctx)
{
	struct lm_rule_state *st;

	for (st = r->states; st; st = st->next) {
		const struct lm_rule_spec *s = &st->rule->spec;

		if (st->win_open && now >= st->win_end) {
			close_window(r, st, emit, ctx);
			continue;
		}
		if (st->pending && now >= st->pending_due) {
			publish_seen(r, st, now, emit, ctx);
			continue;
		}
		if (s->max_interval_ms && st->have_pub && st->have_seen &&
		    now - st->pub_ms >= s->max_interval_ms) {
			r->stats.heartbeats++;
			publish_seen(r, st, now, emit, ctx);
		}
	}
}

uint64_t lm_rules_next_deadline(const struct lm_rules *r)
{
	const struct lm_rule_state *st;
	uint64_t d = UINT64_MAX;

	for (st = r->states; st; st = st->next) {
		const struct lm_rule_spec *s = &st->rule->spec;

		if (st->win_open && st->win_end < d)
			d = st->win_end;
		if (st->pending && st->pending_due < d)
			d = st->pending_due;
		if (s->max_interval_ms && st->have_pub && st->have_seen &&
		    st->pub_ms + s->max_interval_ms < d)
			d = st->pub_ms + s->max_interval_ms;
	}
	return d;
}
