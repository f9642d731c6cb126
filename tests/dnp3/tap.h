/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal result lines for tests/dnp3: "ok - name" / "not ok - name".
 * run.sh numbers them and counts the totals.
 */
#ifndef DNP3_TEST_TAP_H
#define DNP3_TEST_TAP_H

#include <stdio.h>

extern int tap_failed;

#define TAP_RESULT(cond, ...)						\
	do {								\
		int tap_ok_ = !!(cond);					\
		printf("%s - ", tap_ok_ ? "ok" : "not ok");		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		fflush(stdout);						\
		if (!tap_ok_)						\
			tap_failed++;					\
	} while (0)

#define TAP_DIAG(...)							\
	do {								\
		printf("# ");						\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		fflush(stdout);						\
	} while (0)

#endif /* DNP3_TEST_TAP_H */
