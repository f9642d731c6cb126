// SPDX-License-Identifier: GPL-2.0
/*
 * test_batch.c - batch line splitting and -b FILE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "tap.h"

/* split @line and compare with the words in @want ("|"-separated) */
static void split(const char *line, int want_argc, const char *want,
		  const char *name)
{
	char *argv[BATCH_MAX_ARGS], joined[512] = "";
	char *copy = strdup(line);
	int argc, i;

	argc = batch_split(copy, argv, BATCH_MAX_ARGS);
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(joined, "|");
		strncat(joined, argv[i], sizeof(joined) - strlen(joined) - 2);
	}
	if (!tap_ok(argc == want_argc && (argc <= 0 || !strcmp(joined, want)),
		    "batch split: %s", name))
		tap_diag("got %d \"%s\"", argc, joined);
	free(copy);
}

static char *write_file(const char *text)
{
	char *path = strdup("/tmp/iotctl-batch-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		tap_diag("cannot write %s", path);
	if (fd >= 0)
		close(fd);
	return path;
}

static void batch(const char *text, int want_rc, const char *want_err,
		  const char *not_err, const char *want_out, const char *name)
{
	char *path = write_file(text), *o, *e, where[64];
	int rc;

	rc = run_cli(&o, &e, "-b", path, NULL);
	snprintf(where, sizeof(where), "%s%s", path, want_err ? want_err : "");
	if (!tap_ok(rc == want_rc &&
		    (!want_err || strstr(e, where)) &&
		    (!not_err || !strstr(e, not_err)) &&
		    (!want_out || strstr(o, want_out)) &&
		    (want_err || !e[0]), "batch file: %s", name)) {
		tap_diag("exit %d stdout: %s", rc, o);
		tap_diag("stderr: %s", e);
	}
	unlink(path);
	free(path);
	free(o);
	free(e);
}

void test_batch(void)
{
	char *argv[4], line[64];
	int i;

	split("dev show", 2, "dev|show", "two words");
	split("  dev\t show  \n", 2, "dev|show", "blanks and newline");
	split("", 0, "", "empty line");
	split("   \t\r\n", 0, "", "blank line");
	split("# dev show", 0, "", "comment line");
	split("   # indented comment", 0, "", "indented comment");
	split("dev show # trailing comment", 2, "dev|show", "trailing comment");
	split("dev a#b", 2, "dev|a#b", "# inside a word is not a comment");
	split("dev add wpan0 name \"my mesh\"", 5, "dev|add|wpan0|name|my mesh",
	      "double quotes");
	split("a 'b \"c\" d' e", 3, "a|b \"c\" d|e", "single quotes");
	split("a \"\" b", 3, "a||b", "empty quoted word");
	split("x\"y z\"w", 1, "xy zw", "quotes inside a word");
	split("a\\ b c\\\"", 2, "a b|c\"", "backslash escapes");
	split("'a\\b'", 1, "a\\b", "no escapes in single quotes");
	split("dev \"show", -EINVAL, "", "unterminated double quote");
	split("dev 'show", -EINVAL, "", "unterminated single quote");
	split("dev show\\", -EINVAL, "", "trailing backslash");

	strcpy(line, "a b c d e");
	i = batch_split(line, argv, 4);
	tap_ok(i == -E2BIG, "batch split: too many words");

	batch("# comment\n\nhelp\n  dev help # trailing\n", 0, NULL, NULL,
	      "dev show [NAME]", "comments, blank lines, help");
	batch("help\n\n  frob\nhelp bogus2\n", 2, ":3: unknown object \"frob\"",
	      "bogus2", NULL, "unknown object stops at line 3");
	batch("dev add\n", 2, ":1: dev add: missing WPANDEV", NULL, NULL,
	      "usage error reported with its line");
	batch("help\ndev del nosuchmesh9\nfrob\n", 1,
	      ":2: dev del: device \"nosuchmesh9\" not found", "frob", NULL,
	      "failed operation exits 1 and stops");
	batch("help\ndev \"unterminated\n", 2, ":2: unterminated quote", NULL,
	      NULL, "unterminated quote reported with its line");
	batch("help", 0, NULL, NULL, "objects:", "last line without newline");
	batch("", 0, NULL, NULL, NULL, "empty file");
}
