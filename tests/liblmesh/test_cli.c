// SPDX-License-Identifier: GPL-2.0
/* lmesh/cli.h: the daemons' common command line */
#include <stdarg.h>
#include <string.h>

#include "lmesh/cli.h"
#include "tap.h"

static int usages, versions;

static void usage(FILE *f)
{
	(void)f;
	usages++;
}

static void version(void)
{
	versions++;
}

/* parse the NULL-terminated words after "prog" */
static int parse(struct lm_cli *o, const char *def, ...)
{
	char *argv[16] = { "prog" };
	va_list ap;
	int argc = 1;

	va_start(ap, def);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	memset(o, 0, sizeof(*o));
	o->config = def;
	return lm_cli_parse(o, argc, argv, "prog", usage, version);
}

static void cli_short_long(void)
{
	struct lm_cli o;

	TAP_CHECK(parse(&o, "/etc/x.conf", NULL) == -1 &&
		  !strcmp(o.config, "/etc/x.conf") && !o.check && !o.debug && !o.syslog);
	TAP_CHECK(parse(&o, "d", "-c", "a.conf", "-t", "-d", "-s", NULL) == -1 &&
		  !strcmp(o.config, "a.conf") && o.check && o.debug && o.syslog);
	TAP_CHECK(parse(&o, "d", "--config", "b.conf", "--check", "--debug",
			"--syslog", NULL) == -1 &&
		  !strcmp(o.config, "b.conf") && o.check && o.debug && o.syslog);
	TAP_CHECK(parse(&o, "d", "--config=c.conf", "-v", NULL) == -1 &&
		  !strcmp(o.config, "c.conf") && o.debug);
	TAP_CHECK(parse(&o, "d", "--verbose", "-tc", "e.conf", NULL) == -1 &&
		  o.debug && o.check && !strcmp(o.config, "e.conf"));
}

static void cli_exit(void)
{
	struct lm_cli o;

	usages = versions = 0;
	TAP_CHECK(parse(&o, "d", "-h", NULL) == 0 && usages == 1);
	TAP_CHECK(parse(&o, "d", "--version", NULL) == 0 && versions == 1);
	TAP_CHECK(parse(&o, "d", "--bogus", NULL) == 2 && usages == 2);
	TAP_CHECK(parse(&o, "d", "-c", NULL) == 2 && usages == 3);
	TAP_CHECK(parse(&o, "d", "-t", "stray", NULL) == 2 && usages == 4);
}

int main(void)
{
	TAP_RUN(cli_short_long);
	TAP_RUN(cli_exit);
	return tap_done();
}
