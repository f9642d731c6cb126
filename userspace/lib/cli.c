// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - the daemons' common command line (lmesh/cli.h)
 */
#include <getopt.h>

#include "lmesh/cli.h"

int lm_cli_parse(struct lm_cli *o, int argc, char **argv, const char *prog,
		 void (*usage)(FILE *f), void (*version)(void))
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "debug", no_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "syslog", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;	/* glibc: a full reset, so that a second call works too */
	while ((c = getopt_long(argc, argv, "c:tdvshV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 't':
			o->check = true;
			break;
		case 'd':
		case 'v':
			o->debug = true;
			break;
		case 's':
			o->syslog = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		usage(stderr);
		return 2;
	}
	return -1;
}
