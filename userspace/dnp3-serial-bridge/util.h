/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Monotonic time and a bounded output byte queue.
 */
#ifndef DNP3_UTIL_H
#define DNP3_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define OBUF_MAX	(64 * 1024)	/* bytes queued per fd before we give up */
#define OBUF_HIGH	(OBUF_MAX / 2)	/* serial: stop reading TCP senders */
#define OBUF_LOW	(OBUF_MAX / 8)	/* serial: read them again */

uint64_t now_ms(void);

struct obuf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

int obuf_append(struct obuf *b, const uint8_t *data, size_t n);
void obuf_consume(struct obuf *b, size_t n);
void obuf_free(struct obuf *b);

#endif /* DNP3_UTIL_H */
