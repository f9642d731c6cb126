// SPDX-License-Identifier: GPL-2.0
/*
 * The daemons' signals through a signalfd (lmesh/signal.h).
 */
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "lmesh/signal.h"

static void daemon_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGHUP);
}

int lm_signal_open(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	daemon_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

enum lm_sig lm_signal_read(int sfd, int *signo)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return LM_SIG_NONE;
	if (signo)
		*signo = (int)si.ssi_signo;
	switch (si.ssi_signo) {
	case SIGUSR1:
		return LM_SIG_STATS;
	case SIGHUP:
		return LM_SIG_RELOAD;
	default:
		return LM_SIG_STOP;
	}
}

bool lm_signal_dispatch(int sfd, const struct lm_signal_ops *ops, void *ctx)
{
	bool stop = false;
	enum lm_sig sig;
	int signo;

	while ((sig = lm_signal_read(sfd, &signo)) != LM_SIG_NONE) {
		if (sig == LM_SIG_STATS) {
			if (ops->stats)
				ops->stats(ctx);
		} else if (sig == LM_SIG_RELOAD) {
			if (ops->reload)
				ops->reload(ctx);
		} else {
			lm_notice("signal %d: stopping", signo);
			stop = true;
		}
	}
	return stop;
}
