/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signals every lowpan-mesh daemon handles, read from a signalfd in
 * its poll loop:
 *
 *   SIGUSR1          log the statistics           LM_SIG_STATS
 *   SIGHUP           reload the configuration     LM_SIG_RELOAD
 *   SIGTERM, SIGINT  stop                         LM_SIG_STOP
 *
 * SIGPIPE is ignored (a peer that goes away is an error return, not a
 * death).
 */
#ifndef LMESH_SIGNAL_H
#define LMESH_SIGNAL_H

#include <stdbool.h>

enum lm_sig {
	LM_SIG_NONE = 0,	/* nothing pending */
	LM_SIG_STATS,
	LM_SIG_RELOAD,
	LM_SIG_STOP,
};

/*
 * Block the signals above, ignore SIGPIPE and return a non-blocking,
 * close-on-exec signalfd for them (poll it for POLLIN), or -1 with errno.
 */
int lm_signal_open(void);

/*
 * The next pending signal of @sfd, or LM_SIG_NONE when none is pending.
 * @signo (may be NULL) gets the signal's number. Call it until it returns
 * LM_SIG_NONE.
 */
enum lm_sig lm_signal_read(int sfd, int *signo);

/* What a daemon does on SIGUSR1 and SIGHUP (either may be NULL). */
struct lm_signal_ops {
	void (*stats)(void *ctx);
	void (*reload)(void *ctx);
};

/*
 * Read every pending signal of @sfd: stats and reload called with @ctx,
 * SIGTERM or SIGINT logged ("signal N: stopping"). Returns true when one
 * of those came: the daemon stops.
 */
bool lm_signal_dispatch(int sfd, const struct lm_signal_ops *ops, void *ctx);

#endif /* LMESH_SIGNAL_H */
