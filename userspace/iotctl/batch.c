// SPDX-License-Identifier: GPL-2.0
/*
 * batch.c - iotctl -b FILE: one command per line, stop at the first error
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "iotctl.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

int batch_split(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int argc = 0;
	char quote;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r || *r == '#')
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = w;
		quote = 0;
		while (*r && (quote || !is_blank(*r))) {
			if (quote && *r == quote) {
				quote = 0;
				r++;
			} else if (!quote && (*r == '"' || *r == '\'')) {
				quote = *r++;
			} else if (*r == '\\' && quote != '\'') {
				if (!r[1])
					return -EINVAL;
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		if (quote)
			return -EINVAL;
		if (!*r) {
			*w = '\0';
			return argc;
		}
		/* w <= r: the blank was read, so ending the word there is safe */
		r++;
		*w++ = '\0';
	}
}

int iot_batch(const char *path)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *argv[BATCH_MAX_ARGS];
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int ret = IOT_OK;
	int argc;
	FILE *f;

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		iot_err("cannot open batch file %s: %s", path, strerror(errno));
		return IOT_FAIL;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		snprintf(iot_where, sizeof(iot_where), "%s:%lu", name, lineno);
		argc = batch_split(line, argv, BATCH_MAX_ARGS);
		if (argc == -EINVAL) {
			iot_err("unterminated quote or trailing backslash");
			ret = IOT_USAGE;
			break;
		}
		if (argc < 0) {
			iot_err("more than %d words on a line", BATCH_MAX_ARGS);
			ret = IOT_USAGE;
			break;
		}
		if (!argc)
			continue;
		ret = iot_run(argc, argv);
		fflush(stdout);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		iot_err("cannot read batch file %s", path);
		ret = IOT_FAIL;
	}
	iot_where[0] = '\0';
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
