// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the edge-rule engine. The input is a stream of
 * (time step, topic selector, payload) records run against fixed rules.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/rules.h"

static void sink(void *ctx, const struct lm_rule_out *o)
{
	(void)ctx;
	if (!o->topic || (o->len && !o->payload))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const topics[] = { "t/a", "t/b", "agg/x", "al", "other" };
	struct lm_rule_spec s1 = { .pattern = "t/+", .deadband_kind = LM_DEADBAND_PCT,
				   .deadband = 5, .min_interval_ms = 100,
				   .max_interval_ms = 1000 };
	struct lm_rule_spec s2 = { .pattern = "agg/#", .aggregate_ms = 500,
				   .aggregate_suffix = "/s" };
	struct lm_rule_spec s3 = { .pattern = "al", .has_alert_above = true,
				   .alert_above = 10, .has_alert_below = true,
				   .alert_below = -10, .alert_topic = "alerts" };
	struct lm_rules *r = lm_rules_new();
	uint64_t now = 0;
	size_t i = 0;

	lm_rules_add(r, &s1, NULL, 0);
	lm_rules_add(r, &s2, NULL, 0);
	lm_rules_add(r, &s3, NULL, 0);
	while (i + 3 <= size) {
		size_t len = data[i + 2] % 16;

		if (i + 3 + len > size)
			len = size - i - 3;
		now += data[i] * 10;
		lm_rules_input(r, topics[data[i + 1] % 5], data + i + 3, len, 1, false,
			       now, sink, NULL);
		if (lm_rules_next_deadline(r) <= now + 50)
			lm_rules_tick(r, now + 50, sink, NULL);
		i += 3 + len;
	}
	lm_rules_free(r);
	return 0;
}
