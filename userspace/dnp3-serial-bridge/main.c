// SPDX-License-Identifier: GPL-2.0
/*
 * dnp3-serial-bridge: DNP3 serial lines onto TCP, UDP and TLS, routed by
 * DNP3 address. See dnp3-serial-bridge(8).
 */
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "config.h"
#include "lmesh/cli.h"
#include "lmesh/log.h"
#include "privdrop.h"

#define DEFAULT_CONFIG	"/etc/dnp3-serial-bridge.conf"
#define VERSION		"0.1"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t dump_flag;
static volatile sig_atomic_t reload_flag;

static void on_reload(int sig)
{
	(void)sig;
	reload_flag = 1;
}

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void on_dump(int sig)
{
	(void)sig;
	dump_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dnp3-serial-bridge [-c FILE] [-t] [-d] [-s] [-h] [-V]\n"
		"  -c, --config FILE  configuration (default " DEFAULT_CONFIG ")\n"
		"  -t, --check        check the configuration and exit\n"
		"  -d, --debug        log debug messages (-v, --verbose: the same)\n"
		"  -s, --syslog       log to syslog instead of stderr\n"
		"  -h, --help         this help\n"
		"  -V, --version      print the version\n"
		"SIGUSR1 logs the statistics; SIGHUP reloads the configuration;\n"
		"SIGTERM and SIGINT stop.\n");
}

/* Block the signals we handle; ppoll() in the loop lets them in. */
static void setup_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_reload;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_dump;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void version(void)
{
	printf("dnp3-serial-bridge " VERSION "\n");
}

/* -t: what the file cannot show, checked as the start would. */
static int check_runtime(const struct cfg *cfg, const char *path)
{
	if (*cfg->user && !getpwnam(cfg->user)) {
		fprintf(stderr, "dnp3-serial-bridge: %s: user '%s' does not exist\n",
			path, cfg->user);
		return -1;
	}
	return 0;
}

/* Takes cfg: the bridge frees it (or the one a reload replaced it by). */
static int run(const struct cfg *cfg, const char *path)
{
	struct bridge b;
	int ret = 1;

	setup_signals();
	if (bridge_open(&b, cfg) == 0 && privdrop(cfg->user) == 0) {
		b.conf_path = path;
		lm_info("ready: %u serial port(s), %u IP endpoint(s)",
			 cfg->n_ports, cfg->n_eps);
		ret = bridge_run(&b, &stop_flag, &dump_flag, &reload_flag) ? 1 : 0;
		stats_log(&b);
	} else {
		lm_err("startup failed");
	}
	bridge_close(&b);
	return ret;
}

int main(int argc, char **argv)
{
	struct lm_cli o = { .config = DEFAULT_CONFIG };
	char err[512];
	struct cfg *cfg;
	int ret;

	ret = lm_cli_parse(&o, argc, argv, "dnp3-serial-bridge", usage, version);
	if (ret >= 0)
		return ret;
	lm_log_init("dnp3-serial-bridge", o.debug ? LM_LOG_DEBUG : LM_LOG_INFO,
		    o.syslog);
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return 1;
	if (cfg_load(cfg, o.config, err, sizeof(err))) {
		fprintf(stderr, "dnp3-serial-bridge: %s\n", err);
		free(cfg);
		return 1;
	}
	if (o.check) {
		ret = check_runtime(cfg, o.config);
		if (!ret)
			printf("%s: ok\n", o.config);
		free(cfg);
		return ret ? 1 : 0;
	}
	ret = run(cfg, o.config);
	lm_log_close();
	return ret;
}
