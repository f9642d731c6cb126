/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_ctxsel.h - the life cycle of an IPHC context, as pure functions of
 * jiffies-like tick counters (unsigned long, wrapping)
 *
 * A context that is shared through the mesh must not compress before the
 * other nodes can decompress with it, nor after they may have dropped it:
 *
 *   set        usable                    expires - hold        expires
 *    |--- HOLD ---|-------- COMPRESS --------|------ DRAIN ------|-- EXPIRED
 *
 * HOLD:     valid (decompresses), does not compress yet: it has not been
 *           held long enough for the others to learn it.
 * COMPRESS: valid and compresses.
 * DRAIN:    valid, decompresses only and will not compress again: it
 *           expires within the hold time, so the others still decompress
 *           what is in flight when it goes; or its compression flag is off
 *           (RFC 6775 7.2 removes a context by first sending it with C=0).
 * EXPIRED:  gone; it neither compresses nor decompresses.
 *
 * A context with an infinite lifetime never drains nor expires. Near its
 * end, a context that is both in its hold and its drain window drains.
 */
#ifndef _LM_CTXSEL_H
#define _LM_CTXSEL_H

#ifdef __KERNEL__
#include <linux/limits.h>
#include <linux/types.h>
#else
#include <limits.h>
#include "lm_shim.h"
#endif

/*
 * The longest span a deadline may lie ahead of now: half of what the
 * wrapping comparisons tell apart, so a timer that runs late by as much
 * again still reads the deadline right. On 64-bit kernels no lifetime
 * comes near it; on 32-bit ones it is 2^30 ticks (12 days at HZ=1000).
 */
#define LM_CTX_TICKS_MAX	((unsigned long)LONG_MAX / 2)

/**
 * enum lm_ctx_phase - where a context is in its life cycle
 * @LM_CTX_HOLD: valid, does not compress yet
 * @LM_CTX_COMPRESS: valid, compresses
 * @LM_CTX_DRAIN: valid, decompresses only, will not compress again
 * @LM_CTX_EXPIRED: its lifetime is over
 */
enum lm_ctx_phase {
	LM_CTX_HOLD,
	LM_CTX_COMPRESS,
	LM_CTX_DRAIN,
	LM_CTX_EXPIRED,
};

enum lm_ctx_phase lm_ctx_phase(unsigned long now, unsigned long usable,
			       unsigned long expires, bool infinite,
			       bool compress, unsigned long hold);
unsigned long lm_ctx_ticks(u32 seconds, unsigned long hz);

#endif /* _LM_CTXSEL_H */
