// SPDX-License-Identifier: GPL-2.0
/*
 * lm_ctxsel.c - the life cycle of an IPHC context (see lm_ctxsel.h)
 *
 * Pure functions like the rest of kernel/proto: no state, no allocation.
 * Times are tick counters that wrap (jiffies); two of them are compared
 * through their difference taken as a signed number, which is right as
 * long as they lie less than LONG_MAX ticks apart.
 */

#include "lm_ctxsel.h"

/* @a - @b as a signed span: negative when @a comes before @b. */
static long lm_ticks_diff(unsigned long a, unsigned long b)
{
	return (long)(a - b);
}

/**
 * lm_ctx_phase() - the phase of a context at a given time
 * @now: the current time, in ticks
 * @usable: from when the context may compress
 * @expires: when it expires (ignored when @infinite)
 * @infinite: it never expires
 * @compress: its compression flag
 * @hold: how long before @expires it stops compressing, in ticks
 *
 * Return: &enum lm_ctx_phase. EXPIRED from @expires on; DRAIN within @hold
 * before it, or whenever @compress is off; HOLD before @usable; COMPRESS
 * otherwise.
 */
enum lm_ctx_phase lm_ctx_phase(unsigned long now, unsigned long usable,
			       unsigned long expires, bool infinite,
			       bool compress, unsigned long hold)
{
	long left;

	if (!infinite) {
		left = lm_ticks_diff(expires, now);
		if (left <= 0)
			return LM_CTX_EXPIRED;
		if ((unsigned long)left <= hold)
			return LM_CTX_DRAIN;
	}
	if (!compress)
		return LM_CTX_DRAIN;
	if (lm_ticks_diff(now, usable) < 0)
		return LM_CTX_HOLD;
	return LM_CTX_COMPRESS;
}

/**
 * lm_ctx_ticks() - a lifetime in seconds as a span of ticks
 * @seconds: the lifetime
 * @hz: ticks per second
 *
 * The product is computed without overflow and capped at
 * %LM_CTX_TICKS_MAX, so that now plus the result is a deadline the
 * wrapping comparisons of lm_ctx_phase() read right.
 *
 * Return: @seconds * @hz, at most %LM_CTX_TICKS_MAX.
 */
unsigned long lm_ctx_ticks(u32 seconds, unsigned long hz)
{
	if (hz && seconds > LM_CTX_TICKS_MAX / hz)
		return LM_CTX_TICKS_MAX;
	return (unsigned long)seconds * hz;
}
