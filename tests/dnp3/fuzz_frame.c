// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the link frame parser. Every emitted frame must
 * validate on its own, and the parser must never hold more than it can.
 */
#include <stdint.h>
#include <stdlib.h>

#include "frame.h"

static void check_cb(void *ctx, const uint8_t *f, size_t len)
{
	(void)ctx;
	if (len > DNP3_MAX_FRAME || dnp3_frame_validate(f, len) != (int)len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnp3_parser p;
	size_t i = 0, chunk;

	dnp3_parser_init(&p);
	/* first byte picks the feed granularity */
	chunk = size ? (data[0] % 37) + 1 : 1;
	while (i < size) {
		if (chunk > size - i)
			chunk = size - i;
		dnp3_parser_feed(&p, data + i, chunk, check_cb, NULL);
		if (p.len >= DNP3_MAX_FRAME)
			abort();
		i += chunk;
	}
	dnp3_parser_timeout(&p, check_cb, NULL);
	if (p.len)
		abort();
	return 0;
}
