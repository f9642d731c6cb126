// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the configuration parser. Errors must be terminated
 * strings that start with the file name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static struct cfg cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];

	memset(err, 'x', sizeof(err));
	err[sizeof(err) - 1] = '\0';
	if (cfg_parse(&cfg, (const char *)data, size, "fuzz", err,
		      sizeof(err))) {
		if (strncmp(err, "fuzz:", 5) || strlen(err) >= sizeof(err))
			abort();
	}
	return 0;
}
