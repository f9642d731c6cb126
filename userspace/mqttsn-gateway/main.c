// SPDX-License-Identifier: GPL-2.0
/*
 * mqttsn-gateway: MQTT-SN v1.2 devices over UDP to one upstream MQTT broker.
 * Single-threaded poll() loop over the UDP sockets, the stats socket, a
 * signalfd and libmosquitto's socket.
 */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lmesh/cli.h"
#include "lmesh/config.h"
#include "lmesh/log.h"
#include "lmesh/privdrop.h"
#include "lmesh/rules.h"
#include "lmesh/signal.h"
#include "lmesh/upstream.h"
#include "gw.h"

#define GW_VERSION	"0.1"
#define GW_CONFIG	"/etc/mqttsn-gateway/mqttsn-gateway.conf"	/* without -c */
#define GW_MAX_WAIT_MS	1000	/* longest poll() sleep */
#define GW_FLUSH_MS	2000	/* at exit, wait this long for broker acks */

uint64_t gw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mqttsn-gateway [-c FILE] [-t] [-d] [-s] [-h] [-V]\n"
		"  -c, --config FILE   configuration (default " GW_CONFIG ")\n"
		"  -t, --check         check the configuration and exit\n"
		"  -d, --debug         log at debug level (-v, --verbose: the same)\n"
		"  -s, --syslog        log to syslog (as syslog = yes does)\n"
		"  -h, --help          this help\n"
		"  -V, --version       print the version\n"
		"SIGUSR1 logs the counters; SIGHUP reloads the configuration;\n"
		"SIGTERM and SIGINT stop.\n");
}

static void version(void)
{
	printf("mqttsn-gateway %s\n", GW_VERSION);
}

static void on_stats(void *gw)
{
	gw_stats_log(gw);
}

static void on_reload(void *gw)
{
	gw_reload(gw);
}

static const struct lm_signal_ops signal_ops = { on_stats, on_reload };

static void free_all(struct gw *gw)
{
	while (gw->clients)
		gw_client_free(gw, gw->clients);
	gw_predef_free(gw);
	gw_retained_free(gw);
	gw_subacks_tick(gw, true);
	lm_upstream_free(gw->up);
	lm_rules_free(gw->rules);
	gw_net_close(gw);
	if (gw->stats_fd >= 0) {
		close(gw->stats_fd);
		if (gw->conf.stats_socket)
			unlink(gw->conf.stats_socket);
	}
	gw_conf_free(&gw->conf);
	lm_config_free(gw->cfg);
	gw->cfg = NULL;
}

/*
 * state_file must be writable, found at -t and at start rather than at the
 * first save. At start the first save is made right after dropping
 * privileges; -t checks as the user the daemon will run as (below).
 */
static int check_state_file(const struct gw *gw, const char *path, const char *as)
{
	const char *f = gw->conf.state_file;
	char dir[4096];

	if (!f)
		return 0;
	gw_state_dir(f, dir, sizeof(dir));
	if (access(dir, W_OK | X_OK) ||
	    (access(f, W_OK) && errno != ENOENT)) {
		fprintf(stderr, "mqttsn-gateway: %s: state_file '%s' not writable%s%s: %s\n",
			path, f, as ? " by user " : "", as ? as : "", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * -t run by root for a daemon that will become 'user': root may write
 * anywhere, so a child that has become that user (as the daemon will,
 * group included) does the check.
 */
static int check_state_file_as_user(const struct gw *gw, const char *path)
{
	pid_t pid;
	int st;

	if (!gw->conf.state_file || !gw->conf.user || geteuid() != 0)
		return check_state_file(gw, path, NULL);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "mqttsn-gateway: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		lm_log_set_level(LM_LOG_WARN);	/* no "running as user" */
		if (lm_drop_privileges(gw->conf.user, gw->conf.group, "gateway"))
			_exit(1);
		_exit(check_state_file(gw, path, gw->conf.user) ? 1 : 0);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static int run(struct gw *gw, int sfd)
{
	struct pollfd pfd[GW_MAX_LISTEN + 3];
	bool stop = false;

	while (!stop) {
		uint64_t deadline;
		int n = 0, i, up_idx = -1, timeout, fd;

		gw->now = gw_now_ms();
		pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (i = 0; i < gw->nsocks; i++)
			pfd[n++] = (struct pollfd){ .fd = gw->socks[i], .events = POLLIN };
		if (gw->stats_fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = gw->stats_fd, .events = POLLIN };
		fd = lm_upstream_fd(gw->up);
		if (fd >= 0) {
			up_idx = n;
			pfd[n++] = (struct pollfd){ .fd = fd,
						    .events = lm_upstream_events(gw->up) };
		}
		deadline = gw->now + GW_MAX_WAIT_MS;
		deadline = min64(deadline, lm_upstream_next_deadline(gw->up));
		deadline = min64(deadline, lm_rules_next_deadline(gw->rules));
		if (gw->state_dirty)
			deadline = min64(deadline, gw->next_state_save);
		timeout = deadline > gw->now ? (int)(deadline - gw->now) : 0;
		if (poll(pfd, n, timeout) < 0 && errno != EINTR) {
			lm_err("poll: %s", strerror(errno));
			return -1;
		}
		gw->now = gw_now_ms();
		if ((pfd[0].revents & POLLIN) &&
		    lm_signal_dispatch(sfd, &signal_ops, gw))
			stop = true;
		for (i = 0; i < gw->nsocks; i++)
			if (pfd[1 + i].revents & POLLIN)
				gw_net_read(gw, i);
		if (gw->stats_fd >= 0 && (pfd[1 + gw->nsocks].revents & POLLIN))
			gw_stats_accept(gw);
		if (up_idx >= 0 && pfd[up_idx].revents)
			lm_upstream_handle(gw->up, pfd[up_idx].revents, gw->now);
		lm_upstream_tick(gw->up, gw->now);
		gw_rules_tick(gw);
		gw_subacks_tick(gw, false);
		gw_clients_tick(gw);
		if (gw->now >= gw->next_advertise) {
			gw_advertise(gw);
			gw->next_advertise = gw->now + gw->conf.advertise_ms;
		}
		if (gw->held) {
			/* acknowledgements wait for the state they acknowledge */
			gw_state_save(gw);
			gw->next_state_save = gw->now + GW_STATE_SAVE_MS;
			gw_held_flush(gw, true);
		} else if (gw->state_dirty && gw->now >= gw->next_state_save) {
			gw_state_save(gw);
			gw->next_state_save = gw->now + GW_STATE_SAVE_MS;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct lm_upstream_ops ops = {
		.message = gw_bridge_message,
		.subscribed = gw_bridge_subscribed,
	};
	struct lm_config *cfg = NULL;
	struct gw gw = { .stats_fd = -1 };
	static const char default_config[] = GW_CONFIG;
	struct lm_cli cli = { .config = default_config };
	const char *path;
	bool check, debug;
	char err[LM_ERRLEN] = "";
	int opt, sfd = -1, rc = 1;

	opt = lm_cli_parse(&cli, argc, argv, "mqttsn-gateway", usage, version);
	if (opt >= 0)
		return opt;
	path = cli.config;
	check = cli.check;
	debug = cli.debug;
	/*
	 * Without -c and nothing at the default path: a usage error (status
	 * 2, as when -c was required) that names the path it looked for.
	 */
	if (path == default_config && access(path, F_OK) && errno == ENOENT) {
		fprintf(stderr, "mqttsn-gateway: %s: No such file or directory (no -c FILE given)\n",
			path);
		return 2;
	}
	lm_log_init("mqttsn-gateway", LM_LOG_INFO, false);
	gw.rules = lm_rules_new();
	if (!gw.rules)
		goto out;
	if (gw_conf_load_all(&gw, path, &cfg, &gw.ucfg, err, sizeof(err))) {
		fprintf(stderr, "mqttsn-gateway: %s\n", err);
		goto out;
	}
	if (check) {
		if (gw.conf.user && !getpwnam(gw.conf.user)) {
			fprintf(stderr, "mqttsn-gateway: %s: user '%s' does not exist\n",
				path, gw.conf.user);
			goto out;
		}
		if (gw.conf.group && !getgrnam(gw.conf.group)) {
			fprintf(stderr, "mqttsn-gateway: %s: group '%s' does not exist\n",
				path, gw.conf.group);
			goto out;
		}
		if (gw_net_check(&gw, path, err, sizeof(err))) {
			fprintf(stderr, "mqttsn-gateway: %s\n", err);
			goto out;
		}
		if (check_state_file_as_user(&gw, path))
			goto out;
		printf("%s: configuration OK (%zu rule(s))\n", path, lm_rules_count(gw.rules));
		rc = 0;
		goto out;
	}
	gw.conf_path = path;
	gw.log_debug = debug;
	gw.log_syslog = cli.syslog;
	lm_log_init("mqttsn-gateway", debug ? LM_LOG_DEBUG : gw.conf.log_level,
		    gw.conf.syslog || cli.syslog);
	sfd = lm_signal_open();
	if (sfd < 0) {
		lm_err("signals: %s", strerror(errno));
		goto out;
	}
	lm_upstream_lib_init();
	if (gw_net_open(&gw, err, sizeof(err)) || gw_stats_open(&gw, err, sizeof(err))) {
		lm_err("%s", err);
		goto out_lib;
	}
	gw.up = lm_upstream_new(&gw.ucfg, &ops, &gw, err, sizeof(err));
	if (!gw.up) {
		lm_err("%s", err);
		goto out_lib;
	}
	gw.now = gw_now_ms();
	if (gw_state_load(&gw))
		goto out_lib;
	if (lm_drop_privileges(gw.conf.user, gw.conf.group, "gateway"))
		goto out_lib;
	/* as the user that will write it: a save now, not a surprise later */
	if (check_state_file(&gw, path, NULL) || gw_state_save(&gw)) {
		lm_err("state_file %s cannot be written: exiting", gw.conf.state_file);
		goto out_lib;
	}
	/* kept: a reload compares the new file with it */
	gw.cfg = cfg;
	cfg = NULL;
	lm_notice("gateway %u started, %zu rule(s)", gw.conf.gw_id,
		  lm_rules_count(gw.rules));
	rc = run(&gw, sfd) ? 1 : 0;
	gw_state_save(&gw);
	gw_held_flush(&gw, true);
	{
		long left = lm_upstream_flush(gw.up, GW_FLUSH_MS);

		if (left > 0)
			lm_warn("exiting with %ld message(s) not acknowledged by the broker",
				left);
	}
out_lib:
	free_all(&gw);
	lm_upstream_lib_cleanup();
	gw.rules = NULL;
out:
	if (sfd >= 0)
		close(sfd);
	lm_rules_free(gw.rules);
	gw_predef_free(&gw);
	gw_conf_free(&gw.conf);
	lm_config_free(cfg);
	lm_log_close();
	return rc;
}
