// SPDX-License-Identifier: GPL-2.0
/*
 * dnp3-serial-bridge: DNP3 serial lines onto TCP, UDP and TLS, routed by
 * DNP3 address. See dnp3-serial-bridge(8).
 */
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge.h"
#include "config.h"
#include "lmesh/cli.h"
#include "lmesh/log.h"
#include "lmesh/signal.h"
#include "privdrop.h"

#define DEFAULT_CONFIG	"/etc/dnp3-serial-bridge/dnp3-serial-bridge.conf"
/* the default of 0.1, still read (with a warning) when the new one is absent */
#define OLD_CONFIG	"/etc/dnp3-serial-bridge.conf"
#define VERSION		"0.1"

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
	int ret = 1, sfd;

	sfd = lm_signal_open();
	if (sfd < 0) {
		lm_err("signalfd: %s", strerror(errno));
		free((void *)cfg);
		return 1;
	}
	if (bridge_open(&b, cfg) == 0 && privdrop(cfg->user) == 0) {
		b.conf_path = path;
		lm_info("ready: %u serial port(s), %u IP endpoint(s)",
			 cfg->n_ports, cfg->n_eps);
		ret = bridge_run(&b, sfd) ? 1 : 0;
		stats_log(&b);
	} else {
		lm_err("startup failed");
	}
	bridge_close(&b);
	close(sfd);
	return ret;
}

/*
 * Without -c: the new default, or the 0.1 default when only that one
 * exists. @warn gets a line to log when it is the old one.
 */
static const char *config_path(const char *given, char *warn, size_t size)
{
	*warn = '\0';
	if (strcmp(given, DEFAULT_CONFIG) || access(DEFAULT_CONFIG, F_OK) == 0 ||
	    errno != ENOENT || access(OLD_CONFIG, F_OK))
		return given;
	snprintf(warn, size,
		 "%s is absent: reading %s, the default of 0.1 (deprecated, read until the next release): move it to %s",
		 DEFAULT_CONFIG, OLD_CONFIG, DEFAULT_CONFIG);
	return OLD_CONFIG;
}

/* -t: on stderr; at start: in the log */
static void warn(bool check, const char *msg)
{
	if (!*msg)
		return;
	if (check)
		fprintf(stderr, "dnp3-serial-bridge: warning: %s\n", msg);
	else
		lm_warn("%s", msg);
}

int main(int argc, char **argv)
{
	struct lm_cli o = { .config = DEFAULT_CONFIG };
	char err[512], old_path[256];
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
	o.config = config_path(o.config, old_path, sizeof(old_path));
	if (cfg_load(cfg, o.config, err, sizeof(err))) {
		fprintf(stderr, "dnp3-serial-bridge: %s\n", err);
		free(cfg);
		return 1;
	}
	warn(o.check, old_path);
	warn(o.check, cfg->deprecated);
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
