// SPDX-License-Identifier: GPL-2.0
/*
 * Monotonic time and a bounded output byte queue.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Queue n bytes as a whole or not at all; -1 when OBUF_MAX would be passed. */
int obuf_append(struct obuf *b, const uint8_t *data, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (b->len + n > OBUF_MAX)
		return -1;
	if (b->len + n > b->cap) {
		cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			return -1;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	return 0;
}

void obuf_consume(struct obuf *b, size_t n)
{
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

void obuf_free(struct obuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}
