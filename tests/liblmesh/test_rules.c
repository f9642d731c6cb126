// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "lmesh/rules.h"
#include "tap.h"

struct sink {
	int n;
	char topic[16][128];
	char payload[16][256];
	enum lm_rule_out_kind kind[16];
};

static void emit(void *ctx, const struct lm_rule_out *o)
{
	struct sink *s = ctx;

	if (s->n >= 16)
		return;
	snprintf(s->topic[s->n], 128, "%s", o->topic);
	snprintf(s->payload[s->n], 256, "%.*s", (int)o->len, (const char *)o->payload);
	s->kind[s->n] = o->kind;
	s->n++;
}

static struct lm_rules *one(const struct lm_rule_spec *spec)
{
	struct lm_rules *r = lm_rules_new();
	char err[256];

	if (lm_rules_add(r, spec, err, sizeof(err)))
		printf("# add: %s\n", err);
	return r;
}

#define IN(r, t, p, now, s) lm_rules_input(r, t, p, strlen(p), 1, false, now, emit, s)

static void rules_no_match(void)
{
	struct lm_rule_spec sp = { .pattern = "a/+" };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	TAP_CHECK(IN(r, "b/c", "1", 0, &s) == LM_RULE_NONE);
	TAP_CHECK(IN(r, "a/c", "1", 0, &s) == LM_RULE_HANDLED);
	TAP_CHECK(s.n == 1 && !strcmp(s.payload[0], "1"));
	lm_rules_free(r);
}

static void rules_deadband_abs(void)
{
	struct lm_rule_spec sp = { .pattern = "t/#", .deadband_kind = LM_DEADBAND_ABS,
				   .deadband = 0.5 };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t/1", "20.0", 0, &s);
	IN(r, "t/1", "20.3", 1, &s);	/* within */
	IN(r, "t/1", "19.6", 2, &s);	/* within */
	IN(r, "t/1", "20.6", 3, &s);	/* out */
	IN(r, "t/2", "20.3", 4, &s);	/* other topic: first value */
	TAP_CHECK(s.n == 3);
	TAP_CHECK(!strcmp(s.payload[0], "20.0") && !strcmp(s.payload[1], "20.6"));
	TAP_CHECK(!strcmp(s.topic[2], "t/2"));
	TAP_CHECK(lm_rules_stats(r)->suppressed == 2);
	lm_rules_free(r);
}

static void rules_deadband_pct(void)
{
	struct lm_rule_spec sp = { .pattern = "t", .deadband_kind = LM_DEADBAND_PCT,
				   .deadband = 10 };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t", "100", 0, &s);
	IN(r, "t", "109", 1, &s);
	IN(r, "t", "91", 2, &s);
	IN(r, "t", "110", 3, &s);
	IN(r, "t", "120", 4, &s);	/* 120-110 = 10 < 11 */
	IN(r, "t", "abc", 5, &s);	/* non-numeric: changed */
	IN(r, "t", "abc", 6, &s);	/* same bytes */
	TAP_CHECK(s.n == 3);
	TAP_CHECK(!strcmp(s.payload[1], "110") && !strcmp(s.payload[2], "abc"));
	lm_rules_free(r);
}

static void rules_min_interval(void)
{
	struct lm_rule_spec sp = { .pattern = "t", .min_interval_ms = 1000 };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t", "1", 0, &s);
	IN(r, "t", "2", 100, &s);
	IN(r, "t", "3", 200, &s);
	TAP_CHECK(s.n == 1);
	TAP_CHECK(lm_rules_next_deadline(r) == 1000);
	lm_rules_tick(r, 999, emit, &s);
	TAP_CHECK(s.n == 1);
	lm_rules_tick(r, 1000, emit, &s);
	TAP_CHECK(s.n == 2 && !strcmp(s.payload[1], "3"));
	IN(r, "t", "4", 2500, &s);
	TAP_CHECK(s.n == 3);
	lm_rules_free(r);
}

static void rules_max_interval(void)
{
	struct lm_rule_spec sp = { .pattern = "t", .deadband_kind = LM_DEADBAND_ABS,
				   .deadband = 5, .max_interval_ms = 10000 };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t", "10", 0, &s);
	IN(r, "t", "11", 5000, &s);	/* suppressed */
	TAP_CHECK(s.n == 1);
	TAP_CHECK(lm_rules_next_deadline(r) == 10000);
	lm_rules_tick(r, 10000, emit, &s);
	TAP_CHECK(s.n == 2 && !strcmp(s.payload[1], "11"));
	TAP_CHECK(lm_rules_stats(r)->heartbeats == 1);
	lm_rules_tick(r, 15000, emit, &s);
	TAP_CHECK(s.n == 2);
	lm_rules_free(r);
}

static void rules_aggregate(void)
{
	struct lm_rule_spec sp = { .pattern = "t/+", .aggregate_ms = 1000,
				   .aggregate_suffix = "/agg" };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t/a", "1", 100, &s);
	IN(r, "t/a", "5", 200, &s);
	IN(r, "t/a", "3", 300, &s);
	IN(r, "t/a", "x", 400, &s);
	TAP_CHECK(s.n == 0);
	lm_rules_tick(r, 1099, emit, &s);
	TAP_CHECK(s.n == 0);
	lm_rules_tick(r, 1100, emit, &s);
	TAP_CHECK(s.n == 1);
	TAP_CHECK(!strcmp(s.topic[0], "t/a/agg"));
	TAP_CHECK(!strcmp(s.payload[0], "{\"min\":1,\"max\":5,\"mean\":3,\"count\":3}"));
	TAP_CHECK(s.kind[0] == LM_RULE_OUT_AGGREGATE);
	TAP_CHECK(lm_rules_stats(r)->non_numeric == 1);
	lm_rules_tick(r, 5000, emit, &s);
	TAP_CHECK(s.n == 1);	/* empty window: nothing */
	TAP_CHECK(lm_rules_next_deadline(r) == UINT64_MAX);
	lm_rules_free(r);
}

static void rules_alert(void)
{
	struct lm_rule_spec sp = { .pattern = "t", .has_alert_above = true,
				   .alert_above = 30, .has_alert_below = true,
				   .alert_below = 0, .alert_topic = "alerts/t" };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "t", "25", 0, &s);	/* value */
	IN(r, "t", "31", 1, &s);	/* alert + value */
	IN(r, "t", "35", 2, &s);	/* value only: still above */
	IN(r, "t", "29", 3, &s);	/* re-arm */
	IN(r, "t", "-1", 4, &s);	/* below alert + value */
	TAP_CHECK(s.n == 7);
	TAP_CHECK(s.kind[1] == LM_RULE_OUT_ALERT && !strcmp(s.topic[1], "alerts/t"));
	TAP_CHECK(!strcmp(s.payload[1],
		      "{\"topic\":\"t\",\"value\":31,\"threshold\":30,\"condition\":\"above\"}"));
	TAP_CHECK(s.kind[5] == LM_RULE_OUT_ALERT && strstr(s.payload[5], "below"));
	TAP_CHECK(lm_rules_stats(r)->alerts == 2);
	lm_rules_free(r);
}

/*
 * issue 16: the alert's JSON was made with snprintf and broke on a topic
 * with a quote, a backslash or a control character (MQTT allows them all).
 */
static void rules_alert_escaped(void)
{
	struct lm_rule_spec sp = { .pattern = "#", .has_alert_above = true,
				   .alert_above = 30, .alert_topic = "alerts" };
	struct lm_rules *r = one(&sp);
	struct sink s = { 0 };

	IN(r, "room \"a\"/t\\x", "31", 0, &s);
	IN(r, "b/\x01\t", "32", 0, &s);
	TAP_CHECK(s.n == 4 && s.kind[0] == LM_RULE_OUT_ALERT);
	TAP_CHECK(!strcmp(s.payload[0],
		      "{\"topic\":\"room \\\"a\\\"/t\\\\x\",\"value\":31,"
		      "\"threshold\":30,\"condition\":\"above\"}"));
	if (s.n > 0)
		tap_diag("got %s", s.payload[0]);
	TAP_CHECK(s.n == 4 && s.kind[2] == LM_RULE_OUT_ALERT &&
		  !strcmp(s.payload[2], "{\"topic\":\"b/\\u0001\\t\",\"value\":32,"
			  "\"threshold\":30,\"condition\":\"above\"}"));
	lm_rules_free(r);
}

static void rules_invalid(void)
{
	struct lm_rules *r = lm_rules_new();
	struct lm_rule_spec sp = { .pattern = "a/#/b" };
	char err[256];

	TAP_CHECK(lm_rules_add(r, &sp, err, sizeof(err)) == -1);
	sp.pattern = "a";
	sp.min_interval_ms = 10;
	sp.max_interval_ms = 5;
	TAP_CHECK(lm_rules_add(r, &sp, err, sizeof(err)) == -1);
	TAP_CHECK(lm_rules_count(r) == 0);
	lm_rules_free(r);
}

static void rules_number(void)
{
	double v;

	TAP_CHECK(!lm_rules_parse_number(" 12.5\n", 6, &v) && v == 12.5);
	TAP_CHECK(lm_rules_parse_number("12a", 3, &v) == -1);
	TAP_CHECK(lm_rules_parse_number("", 0, &v) == -1);
	TAP_CHECK(lm_rules_parse_number("nan", 3, &v) == -1);
	TAP_CHECK(lm_rules_parse_number("1\0", 2, &v) == -1);
}

int main(void)
{
	TAP_RUN(rules_no_match);
	TAP_RUN(rules_deadband_abs);
	TAP_RUN(rules_deadband_pct);
	TAP_RUN(rules_min_interval);
	TAP_RUN(rules_max_interval);
	TAP_RUN(rules_aggregate);
	TAP_RUN(rules_alert);
	TAP_RUN(rules_alert_escaped);
	TAP_RUN(rules_invalid);
	TAP_RUN(rules_number);
	return tap_done();
}
