/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_test.h - what the host unit tests of tests/proto share: checks that
 * count failures and say where, exact-size heap copies (ASan sees a read
 * one byte past the end), and a runner printing one "ok"/"not ok" line per
 * test (run.sh counts them).
 */
#ifndef LM_TEST_H
#define LM_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Failed checks of the test running now. */
static int fails;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: CHECK(%s) failed\n",			\
		       __FILE__, __LINE__, #cond);			\
		fails++;						\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		printf("# %s:%d: %s == %lld, expected %s == %lld\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);		\
		fails++;						\
	}								\
} while (0)

/* The same for values that need all 64 bits unsigned (tick counters). */
#define CHECK_EQU(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		printf("# %s:%d: %s == %llu, expected %s == %llu\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);		\
		fails++;						\
	}								\
} while (0)

#define CHECK_MEM(got, exp, n) do {					\
	if (memcmp((got), (exp), (n))) {				\
		printf("# %s:%d: bytes differ:\n", __FILE__, __LINE__);	\
		lm_test_hexdump("got", (got), (n));			\
		lm_test_hexdump("exp", (exp), (n));			\
		fails++;						\
	}								\
} while (0)

/* Stop a test at its first failures instead of flooding the output. */
#define TOO_MANY() (fails > 20)

static inline void lm_test_hexdump(const char *what, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	printf("#   %s:", what);
	for (i = 0; i < n; i++)
		printf(" %02x", b[i]);
	printf("\n");
}

/* A heap copy of exactly @n bytes. */
static inline unsigned char *dup_exact(const void *p, size_t n)
{
	unsigned char *q = malloc(n ? n : 1);

	if (!q)
		abort();
	if (n)
		memcpy(q, p, n);
	return q;
}

struct lm_test {
	const char *name;
	void (*fn)(void);
};

/* Run @n tests; the exit status of a test program. */
static inline int lm_test_run(const struct lm_test *t, size_t n)
{
	size_t i;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		fails = 0;
		t[i].fn();
		printf("%s - %s\n", fails ? "not ok" : "ok", t[i].name);
		if (fails)
			failed++;
	}
	return failed ? 1 : 0;
}

#endif
