/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - the command line every lowpan-mesh daemon takes:
 *
 *   -c, --config FILE   the configuration file
 *   -t, --check         check the configuration (values too) and exit
 *   -d, --debug         log at debug level (-v, --verbose: the same)
 *   -s, --syslog        log to syslog instead of stderr
 *   -h, --help          the usage, on stdout, exit 0
 *   -V, --version       the version, exit 0
 */
#ifndef LMESH_CLI_H
#define LMESH_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct lm_cli {
	const char *config;	/* set it to the default before parsing */
	bool check;
	bool debug;
	bool syslog;
};

/*
 * Parse @argv into @o. @usage prints the program's usage to a stream,
 * @version its version line. Returns -1 when the program should go on,
 * otherwise its exit status: 0 after --help or --version, 2 on an unknown
 * option, a missing argument or a stray word (usage on stderr).
 */
int lm_cli_parse(struct lm_cli *o, int argc, char **argv, const char *prog,
		 void (*usage)(FILE *f), void (*version)(void));

#endif /* LMESH_CLI_H */
