// SPDX-License-Identifier: GPL-2.0
/* lmesh/json.h: any bytes as a key and a value give valid UTF-8, no NUL */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jbuf jb;
	size_t len, i;
	char *s;

	jb_init(&jb);
	jb_obj_open(&jb, NULL);
	jb_strn(&jb, "k", (const char *)data, size);
	jb_obj_close(&jb);
	s = jb_take(&jb, &len);
	if (!s)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			abort();	/* a control character left raw */
	free(s);
	return 0;
}
