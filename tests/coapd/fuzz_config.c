// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_config.c - libFuzzer target: any bytes as a coapd configuration file
 * (liblmesh's parser, then coapd's sections). Must never crash or leak.
 */
#include <stddef.h>
#include <stdint.h>

#include <lmesh/config.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct coapd_config cc;
	struct lm_config *lc;
	char err[512];

	lc = lm_config_parse((const char *)data, size, "fuzz.conf", err,
			     sizeof(err));
	if (!lc)
		return 0;
	coapd_config_from(&cc, lc, err, sizeof(err));
	coapd_config_free(&cc);
	lm_config_free(lc);
	return 0;
}
