// SPDX-License-Identifier: GPL-2.0
/* lmesh/signal.h: the daemons' signals through a signalfd */
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "lmesh/signal.h"
#include "tap.h"

static int sfd = -1;

/* raise @sig, wait for the signalfd, return what lm_signal_read says */
static enum lm_sig one(int sig, int *signo)
{
	struct pollfd p = { .fd = sfd, .events = POLLIN };

	*signo = 0;
	raise(sig);
	if (poll(&p, 1, 1000) != 1)
		return LM_SIG_NONE;
	return lm_signal_read(sfd, signo);
}

static void signal_each(void)
{
	int signo;

	TAP_CHECK(one(SIGUSR1, &signo) == LM_SIG_STATS && signo == SIGUSR1);
	TAP_CHECK(one(SIGHUP, &signo) == LM_SIG_RELOAD && signo == SIGHUP);
	TAP_CHECK(one(SIGTERM, &signo) == LM_SIG_STOP && signo == SIGTERM);
	TAP_CHECK(one(SIGINT, &signo) == LM_SIG_STOP && signo == SIGINT);
	/* nothing pending: NONE at once, the descriptor does not block */
	TAP_CHECK(lm_signal_read(sfd, NULL) == LM_SIG_NONE);
}

/* two pending signals come out one per call, then NONE */
static void signal_drain(void)
{
	int a = 0, b = 0;

	raise(SIGUSR1);
	raise(SIGHUP);
	TAP_CHECK(lm_signal_read(sfd, &a) != LM_SIG_NONE);
	TAP_CHECK(lm_signal_read(sfd, &b) != LM_SIG_NONE);
	TAP_CHECK(a + b == SIGUSR1 + SIGHUP && a != b);
	TAP_CHECK(lm_signal_read(sfd, NULL) == LM_SIG_NONE);
}

/* SIGPIPE is ignored: the process is still here to say so */
static void signal_pipe_ignored(void)
{
	int p[2];

	TAP_CHECK_RET(pipe(p) == 0, );
	close(p[0]);
	TAP_CHECK(write(p[1], "x", 1) == -1);
	close(p[1]);
	raise(SIGPIPE);
	TAP_CHECK(lm_signal_read(sfd, NULL) == LM_SIG_NONE);
}

static int stats_calls, reload_calls;

static void on_stats(void *ctx)
{
	(void)ctx;
	stats_calls++;
}

static void on_reload(void *ctx)
{
	*(int *)ctx += 1;
	reload_calls++;
}

/* lm_signal_dispatch: callbacks for USR1 and HUP, true for TERM */
static void signal_dispatch(void)
{
	const struct lm_signal_ops ops = { on_stats, on_reload };
	const struct lm_signal_ops none = { NULL, NULL };
	int ctx = 0;

	raise(SIGUSR1);
	raise(SIGHUP);
	TAP_CHECK(!lm_signal_dispatch(sfd, &ops, &ctx));
	TAP_CHECK(stats_calls == 1 && reload_calls == 1 && ctx == 1);
	raise(SIGHUP);
	raise(SIGTERM);
	TAP_CHECK(lm_signal_dispatch(sfd, &ops, &ctx));
	TAP_CHECK(reload_calls == 2 && ctx == 2);
	/* nothing pending: false, nothing called */
	TAP_CHECK(!lm_signal_dispatch(sfd, &ops, &ctx) && reload_calls == 2);
	/* no callbacks: signals read and dropped, INT still stops */
	raise(SIGUSR1);
	raise(SIGINT);
	TAP_CHECK(lm_signal_dispatch(sfd, &none, NULL));
	TAP_CHECK(stats_calls == 1 && lm_signal_read(sfd, NULL) == LM_SIG_NONE);
}

int main(void)
{
	sfd = lm_signal_open();
	tap_ok(sfd >= 0, "signal: lm_signal_open gives a signalfd");
	if (sfd < 0)
		return tap_done();
	tap_run("signal: USR1 stats, HUP reload, TERM and INT stop, NONE when idle",
		signal_each);
	tap_run("signal: two pending signals read one by one", signal_drain);
	tap_run("signal: SIGPIPE ignored", signal_pipe_ignored);
	tap_run("signal: lm_signal_dispatch calls stats and reload, says stop",
		signal_dispatch);
	/* a descriptor that is not a signalfd gives NONE, not garbage */
	tap_ok(lm_signal_read(-1, NULL) == LM_SIG_NONE,
	       "signal: a bad descriptor reads as NONE");
	close(sfd);
	return tap_done();
}
