// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for kernel/proto/lm_ctxsel.c: the phase of an IPHC
 * context (HOLD, COMPRESS, DRAIN, EXPIRED) on wrapping tick counters, and
 * lifetimes in seconds as spans of ticks.
 *
 * Same conventions as test_ctrl.c: one "ok - name" / "not ok - name" line
 * per test and "# ..." diagnostics.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lm_ctxsel.h"
#include "lm_test.h"

static const char *const phase_names[] = {
	[LM_CTX_HOLD] = "HOLD",
	[LM_CTX_COMPRESS] = "COMPRESS",
	[LM_CTX_DRAIN] = "DRAIN",
	[LM_CTX_EXPIRED] = "EXPIRED",
};

static const char *phase_name(unsigned int p)
{
	return p < ARRAY_SIZE(phase_names) ? phase_names[p] : "?";
}

#define U	ULONG_MAX
#define L	((unsigned long)LONG_MAX)
/* Where Linux starts jiffies: five minutes before they wrap (HZ=250). */
#define INITIAL	((unsigned long)(unsigned int)(-300 * 250))

struct phase_vec {
	const char *name;
	unsigned long now, usable, expires;
	bool infinite, compress;
	unsigned long hold;
	enum lm_ctx_phase want;
};

/*
 * Written by hand from the life cycle in lm_ctxsel.h, each with the
 * reason it is there. Ticks: usable, expires, hold.
 */
static const struct phase_vec phase_vecs[] = {
	/* infinite lifetime: only the hold and the C flag matter */
	{ "infinite, before usable", 99, 100, 0, true, true, 5, LM_CTX_HOLD },
	{ "infinite, at usable", 100, 100, 0, true, true, 5, LM_CTX_COMPRESS },
	{ "infinite, long after usable", 100 + L / 2, 100, 0, true, true, 5,
	  LM_CTX_COMPRESS },
	{ "infinite, C off", 200, 100, 0, true, false, 5, LM_CTX_DRAIN },
	{ "infinite, C off, in hold", 50, 100, 0, true, false, 5,
	  LM_CTX_DRAIN },
	{ "infinite ignores an expiry in the past", 500, 100, 1, true, true, 5,
	  LM_CTX_COMPRESS },
	{ "infinite ignores expires == now", 500, 100, 500, true, true, 5,
	  LM_CTX_COMPRESS },
	/* finite lifetime */
	{ "lifetime 0: expires when set", 100, 100, 100, false, true, 0,
	  LM_CTX_EXPIRED },
	{ "lifetime 0 with a hold", 100, 105, 100, false, true, 5,
	  LM_CTX_EXPIRED },
	{ "at expiry", 1000, 100, 1000, false, true, 5, LM_CTX_EXPIRED },
	{ "after expiry", 1001, 100, 1000, false, true, 5, LM_CTX_EXPIRED },
	{ "C off, expired", 1000, 100, 1000, false, false, 5, LM_CTX_EXPIRED },
	{ "one tick before expiry", 999, 100, 1000, false, true, 5,
	  LM_CTX_DRAIN },
	{ "hold before expiry: drain starts", 995, 100, 1000, false, true, 5,
	  LM_CTX_DRAIN },
	{ "one tick before the drain", 994, 100, 1000, false, true, 5,
	  LM_CTX_COMPRESS },
	{ "hold 0: compresses until expiry", 999, 100, 1000, false, true, 0,
	  LM_CTX_COMPRESS },
	{ "hold 0: expires on time", 1000, 100, 1000, false, true, 0,
	  LM_CTX_EXPIRED },
	{ "hold 0, usable at once", 100, 100, 1000, false, true, 0,
	  LM_CTX_COMPRESS },
	{ "finite, in hold", 101, 105, 1000, false, true, 5, LM_CTX_HOLD },
	{ "finite, C off, far from expiry", 500, 100, 1000, false, false, 5,
	  LM_CTX_DRAIN },
	{ "hold and drain overlap: drain wins", 101, 105, 104, false, true, 5,
	  LM_CTX_DRAIN },
	{ "lifetime shorter than the hold: never compresses", 100, 100, 103,
	  false, true, 5, LM_CTX_DRAIN },
	/* wraparound of the counter */
	{ "usable before the wrap, now after it", 3, U - 5, 0, true, true, 5,
	  LM_CTX_COMPRESS },
	{ "usable after the wrap, now before it", U - 2, 5, 0, true, true, 5,
	  LM_CTX_HOLD },
	{ "usable at the wrap", 0, 0, 0, true, true, 5, LM_CTX_COMPRESS },
	{ "usable at U, now 0", 0, U, 0, true, true, 5, LM_CTX_COMPRESS },
	{ "expiry after the wrap, far", U - 10, U - 20, 10, false, true, 5,
	  LM_CTX_COMPRESS },
	{ "expiry after the wrap, in drain", U - 10, U - 20, 10, false, true,
	  30, LM_CTX_DRAIN },
	{ "expiry after the wrap, drain edge", U - 10, U - 20, 10, false, true,
	  21, LM_CTX_DRAIN },
	{ "expiry after the wrap, before drain", U - 10, U - 20, 10, false,
	  true, 20, LM_CTX_COMPRESS },
	{ "expiry at 0, now U", U, U - 20, 0, false, true, 0, LM_CTX_COMPRESS },
	{ "expiry at 0, now 0", 0, U - 20, 0, false, true, 0, LM_CTX_EXPIRED },
	{ "expired before the wrap, now after", 5, U - 20, U - 1, false, true,
	  5, LM_CTX_EXPIRED },
	{ "Linux's initial jiffies, in hold", INITIAL, INITIAL + 1250,
	  INITIAL + 2500, false, true, 1250, LM_CTX_HOLD },
	{ "Linux's initial jiffies, five minutes on", INITIAL + 76000,
	  INITIAL + 1250, INITIAL + 90000, false, true, 1250,
	  LM_CTX_COMPRESS },
	/* the signed boundary of the comparisons */
	{ "expiry LM_CTX_TICKS_MAX ahead", 7, 0, 7 + LM_CTX_TICKS_MAX, false,
	  true, 5, LM_CTX_COMPRESS },
	{ "expiry LONG_MAX ahead", 7, 0, 7 + L, false, true, 5,
	  LM_CTX_COMPRESS },
	{ "across LONG_MAX: usable at it, now past", L + 3, L, 0, true, true,
	  5, LM_CTX_COMPRESS },
	{ "across LONG_MAX: expiry past it", L - 3, 0, L + 3, false, true, 2,
	  LM_CTX_COMPRESS },
	{ "a hold of every tick drains at once", 7, 0, 8, false, true, U,
	  LM_CTX_DRAIN },
};

static void test_phase_vectors(void)
{
	const struct phase_vec *v;
	enum lm_ctx_phase got;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(phase_vecs); i++) {
		v = &phase_vecs[i];
		got = lm_ctx_phase(v->now, v->usable, v->expires, v->infinite,
				   v->compress, v->hold);
		if (got != v->want) {
			printf("# %s: %s, expected %s\n", v->name,
			       phase_name(got), phase_name(v->want));
			fails++;
		}
	}
	printf("# %zu phase vectors\n", ARRAY_SIZE(phase_vecs));
}

/*
 * The phase in plain arithmetic, counted from when the context was set:
 * t ticks ago, held for @h, lifetime @life (infinite when < 0).
 */
static enum lm_ctx_phase model(long t, long h, long life, bool compress,
			       long hold)
{
	if (life >= 0 && t >= life)
		return LM_CTX_EXPIRED;
	if (life >= 0 && life - t <= hold)
		return LM_CTX_DRAIN;
	if (!compress)
		return LM_CTX_DRAIN;
	if (t < h)
		return LM_CTX_HOLD;
	return LM_CTX_COMPRESS;
}

/*
 * Every tick of whole life cycles, set at times on both sides of the wrap
 * and of LONG_MAX, against the model above: the phase depends only on the
 * offsets, never on where the counter is.
 */
static void test_phase_sweep(void)
{
	static const unsigned long sets[] = {
		0, 1, 100, U - 40, U - 7, U, L - 20, L, L + 1, INITIAL,
	};
	static const long lifes[] = { -1, 0, 1, 2, 5, 10, 33 };
	static const long holds[] = { 0, 1, 3, 5, 20 };
	static const long usables[] = { 0, 1, 4, 9 };
	unsigned long set, n = 0;
	size_t a, b, c, d, e;
	enum lm_ctx_phase got, want;
	long t;

	for (a = 0; a < ARRAY_SIZE(sets); a++)
	for (b = 0; b < ARRAY_SIZE(lifes); b++)
	for (c = 0; c < ARRAY_SIZE(holds); c++)
	for (d = 0; d < ARRAY_SIZE(usables); d++)
	for (e = 0; e < 2; e++)
	for (t = 0; t < 45; t++) {
		if (TOO_MANY())
			return;
		set = sets[a];
		got = lm_ctx_phase(set + t, set + usables[d],
				   set + (lifes[b] < 0 ? 0 : lifes[b]),
				   lifes[b] < 0, e, holds[c]);
		want = model(t, usables[d], lifes[b], e, holds[c]);
		n++;
		if (got != want) {
			printf("# set %lu t %ld usable +%ld life %ld hold %ld C %zu: %s, expected %s\n",
			       set, t, usables[d], lifes[b], holds[c], e,
			       phase_name(got), phase_name(want));
			fails++;
		}
	}
	printf("# %lu points\n", n);
}

/* A life cycle goes forward only: HOLD, COMPRESS, DRAIN, EXPIRED. */
static void test_phase_monotonic(void)
{
	static const unsigned long sets[] = { 0, U - 50, L - 50 };
	enum lm_ctx_phase p, prev;
	unsigned long set;
	size_t i;
	long t;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		set = sets[i];
		prev = LM_CTX_HOLD;
		for (t = 0; t < 120; t++) {
			p = lm_ctx_phase(set + t, set + 10, set + 100, false,
					 true, 20);
			if (p < prev) {
				printf("# set %lu t %ld: %s after %s\n", set, t,
				       phase_name(p), phase_name(prev));
				fails++;
			}
			prev = p;
		}
		CHECK_EQU(prev, LM_CTX_EXPIRED);
		/* and the boundaries where the model puts them */
		CHECK_EQU(lm_ctx_phase(set + 9, set + 10, set + 100, false, true, 20),
			  LM_CTX_HOLD);
		CHECK_EQU(lm_ctx_phase(set + 10, set + 10, set + 100, false, true, 20),
			  LM_CTX_COMPRESS);
		CHECK_EQU(lm_ctx_phase(set + 79, set + 10, set + 100, false, true, 20),
			  LM_CTX_COMPRESS);
		CHECK_EQU(lm_ctx_phase(set + 80, set + 10, set + 100, false, true, 20),
			  LM_CTX_DRAIN);
		CHECK_EQU(lm_ctx_phase(set + 99, set + 10, set + 100, false, true, 20),
			  LM_CTX_DRAIN);
		CHECK_EQU(lm_ctx_phase(set + 100, set + 10, set + 100, false, true, 20),
			  LM_CTX_EXPIRED);
	}
}

struct ticks_vec {
	u32 seconds;
	unsigned long hz, want;
};

static void test_ticks(void)
{
	const struct ticks_vec v[] = {
		{ 0, 250, 0 },
		{ 1, 250, 250 },
		{ 1, 1000, 1000 },
		{ 3600, 100, 360000 },
		/* more than 32 bits: the product must not wrap at 2^32 */
		{ 17179870, 250,
		  sizeof(long) > 4 ? 4294967500UL : LM_CTX_TICKS_MAX },
		{ 0xffffffff, 1000, sizeof(long) > 4 ?
		  (unsigned long)0xffffffff * 1000 : LM_CTX_TICKS_MAX },
		{ 0xffffffff, 1, sizeof(long) > 4 ? 0xffffffffUL :
		  LM_CTX_TICKS_MAX },
		{ 12345, 0, 0 },
		{ 0, U, 0 },
		{ 1, U, LM_CTX_TICKS_MAX },
		{ 1, LM_CTX_TICKS_MAX, LM_CTX_TICKS_MAX },
		{ 1, LM_CTX_TICKS_MAX + 1, LM_CTX_TICKS_MAX },
		{ 7, LM_CTX_TICKS_MAX / 7, LM_CTX_TICKS_MAX / 7 * 7 },
		{ 8, LM_CTX_TICKS_MAX / 7, LM_CTX_TICKS_MAX },
		{ 0xffffffff, U, LM_CTX_TICKS_MAX },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		CHECK_EQU(lm_ctx_ticks(v[i].seconds, v[i].hz), v[i].want);
}

/*
 * What the module does with a lifetime: expires = now + ticks, and the
 * context must then be usable (not expired) right away and expire on time,
 * wherever the counter is, for every lifetime up to 2^32 - 1 seconds.
 */
static void test_ticks_deadline(void)
{
	static const unsigned long nows[] = { 0, U - 3, L - 3, INITIAL };
	static const unsigned long hzs[] = { 100, 250, 300, 1000 };
	static const u32 secs[] = { 1, 60, 86400, 17179869, 17179870,
				    0x7fffffff, 0xfffffffe, 0xffffffff };
	unsigned long now, exp, span;
	size_t a, b, c;

	for (a = 0; a < ARRAY_SIZE(nows); a++)
	for (b = 0; b < ARRAY_SIZE(hzs); b++)
	for (c = 0; c < ARRAY_SIZE(secs); c++) {
		now = nows[a];
		span = lm_ctx_ticks(secs[c], hzs[b]);
		exp = now + span;
		CHECK_EQU(lm_ctx_phase(now, now, exp, false, true, 0),
			  LM_CTX_COMPRESS);
		CHECK_EQU(lm_ctx_phase(exp - 1, now, exp, false, true, 0),
			  LM_CTX_COMPRESS);
		CHECK_EQU(lm_ctx_phase(exp, now, exp, false, true, 0),
			  LM_CTX_EXPIRED);
		/* a timer late by as much again still sees it expired */
		CHECK_EQU(lm_ctx_phase(exp + span, now, exp, false, true, 0),
			  LM_CTX_EXPIRED);
		if (TOO_MANY())
			return;
	}
}

static const struct lm_test tests[] = {
	{ "lm_ctx_phase: hand-written vectors (lifetime 0/infinite, hold 0, wraparound)",
	  test_phase_vectors },
	{ "lm_ctx_phase: every tick of life cycles around the wrap and LONG_MAX against a model",
	  test_phase_sweep },
	{ "lm_ctx_phase: HOLD, COMPRESS, DRAIN, EXPIRED in order, boundaries",
	  test_phase_monotonic },
	{ "lm_ctx_ticks: seconds to ticks without overflow, capped",
	  test_ticks },
	{ "lm_ctx_ticks: deadlines up to 2^32-1 s read right across the wrap",
	  test_ticks_deadline },
};

int main(void)
{
	return lm_test_run(tests, ARRAY_SIZE(tests));
}
