/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_fuzz.h - what the libFuzzer targets of tests/proto share: a check
 * that aborts (libFuzzer then keeps the input that broke it).
 */
#ifndef LM_FUZZ_H
#define LM_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

#endif
