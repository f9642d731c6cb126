// SPDX-License-Identifier: GPL-2.0
/* An upstream that accepts everything, for fuzzing the gateway offline. */
#include <stdlib.h>

#include "lmesh/upstream.h"

static struct lm_upstream_stats stub_stats;
static int stub_mid;

int lm_upstream_publish(struct lm_upstream *up, const char *topic,
			const void *payload, size_t len, int qos, bool retain)
{
	(void)up;
	(void)payload;
	(void)retain;
	if (!topic || (len && !payload) || qos < 0 || qos > 2)
		abort();
	stub_stats.published++;
	return 0;
}

int lm_upstream_subscribe(struct lm_upstream *up, const char *filter, int qos,
			  int *mid)
{
	(void)up;
	(void)filter;
	(void)qos;
	if (mid)
		*mid = ++stub_mid & 3 ? stub_mid : -1;
	return 0;
}

int lm_upstream_unsubscribe(struct lm_upstream *up, const char *filter)
{
	(void)up;
	(void)filter;
	return 0;
}

int lm_upstream_subscribed(const struct lm_upstream *up, const char *filter)
{
	(void)up;
	return filter[0] == 'a';
}

bool lm_upstream_connected(const struct lm_upstream *up)
{
	(void)up;
	return true;
}

const struct lm_upstream_stats *lm_upstream_stats(const struct lm_upstream *up)
{
	(void)up;
	return &stub_stats;
}

size_t lm_upstream_queue_len(const struct lm_upstream *up)
{
	(void)up;
	return 0;
}
