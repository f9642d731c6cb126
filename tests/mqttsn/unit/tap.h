/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal unit-test helper: each TEST prints "ok - name" or "not ok - name". */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_failed_total;
static int tap_cur_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stdout, "# %s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		tap_cur_failed = 1;					\
	}								\
} while (0)

#define RUN(fn) do {							\
	tap_cur_failed = 0;						\
	fn();								\
	printf("%s - %s\n", tap_cur_failed ? "not ok" : "ok", #fn);	\
	tap_failed_total += tap_cur_failed;				\
} while (0)

#define TAP_EXIT() return tap_failed_total ? 1 : 0

#endif
