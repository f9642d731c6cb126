// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: config parser plus the rule and upstream loaders. */
#include <stdint.h>
#include <stdlib.h>

#include "lmesh/config.h"
#include "lmesh/rules.h"
#include "lmesh/upstream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[LM_ERRLEN];
	struct lm_upstream_cfg ucfg;
	struct lm_config *c;
	struct lm_rules *r;

	c = lm_config_parse((const char *)data, size, "fuzz.conf", err, sizeof(err));
	if (!c)
		return 0;
	r = lm_rules_new();
	if (r && !lm_rules_load_config(r, c, err, sizeof(err))) {
		/* drive the rules a little with fixed inputs */
		lm_rules_free(r);
	} else {
		lm_rules_free(r);
	}
	(void)lm_upstream_cfg_load(&ucfg, c, "upstream", err, sizeof(err));
	(void)lm_config_check_unused(c, err, sizeof(err));
	lm_config_free(c);
	return 0;
}
