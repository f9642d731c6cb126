// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli.c - command line: usage errors, exit codes, help, messages
 *
 * Everything here fails or finishes before a netlink request, so it needs
 * no kernel module.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iotctl.h"
#include "tap.h"

#define MAX_ARGS	32

static char *slurp(FILE *f)
{
	char *s;
	long n;

	fflush(f);
	n = ftell(f);
	if (n < 0)
		n = 0;
	s = calloc(1, n + 1);
	if (s && n) {
		rewind(f);
		if (fread(s, 1, n, f) != (size_t)n)
			s[0] = '\0';
	}
	return s;
}

int run_cli(char **out, char **err, ...)
{
	char *argv[MAX_ARGS + 2];
	FILE *fo, *fe;
	int argc = 0, rc, save_out, save_err;
	const char *a;
	va_list ap;

	argv[argc++] = strdup("iotctl");
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)) && argc <= MAX_ARGS)
		argv[argc++] = strdup(a);
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	fo = tmpfile();
	fe = tmpfile();
	save_out = dup(1);
	save_err = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);

	rc = iotctl_main(argc, argv);

	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(save_out);
	close(save_err);
	*out = slurp(fo);
	*err = slurp(fe);
	fclose(fo);
	fclose(fe);
	while (argc--)
		free(argv[argc]);
	return rc;
}

static bool has(const char *s, const char *what)
{
	return s && strstr(s, what);
}

/*
 * expect exit status @rc and @msg in stderr (or stdout for status 0);
 * the arguments follow, NULL-terminated
 */
#define expect(name, rc_want, msg, ...) do {				\
	char *o_, *e_;							\
	int rc_ = run_cli(&o_, &e_, __VA_ARGS__, NULL);			\
	const char *where_ = (rc_want) ? e_ : o_;			\
	if (!tap_ok(rc_ == (rc_want) && has(where_, msg), "%s", name)) { \
		tap_diag("exit %d (want %d)", rc_, rc_want);		\
		tap_diag("stdout: %s", o_);				\
		tap_diag("stderr: %s", e_);				\
	}								\
	free(o_);							\
	free(e_);							\
} while (0)

static bool module_loaded(void)
{
	return access("/sys/module/lowpan_mesh", F_OK) == 0;
}

/* a command's whole output, or NULL when it could not run */
static char *command_output(const char *cmd, int *status)
{
	char *s = NULL;
	size_t cap = 0;
	FILE *p;
	ssize_t n;

	p = popen(cmd, "r");
	if (!p)
		return NULL;
	n = getdelim(&s, &cap, '\0', p);
	if (n < 0) {
		free(s);
		s = strdup("");
	}
	*status = pclose(p);
	return s;
}

static bool documents_every_command(const char *man)
{
	const struct iot_obj *obj;
	const struct iot_cmd *cmd;
	char a[64], b[64];
	bool all = true;

	for (obj = iot_objects(); obj; obj = obj->next) {
		for (cmd = obj->cmds; cmd->name; cmd++) {
			snprintf(a, sizeof(a), "%s %s", obj->name, cmd->name);
			snprintf(b, sizeof(b), "%s [%s]", obj->name, cmd->name);
			if (!has(man, a) && !has(man, b)) {
				tap_diag("man page lacks \"%s\"", a);
				all = false;
			}
		}
	}
	return all;
}

/* the real binary, and the man page through groff's warnings */
static void test_files(void)
{
	int status = -1;
	char *s;

	s = command_output("./iotctl -V 2>&1", &status);
	tap_ok(s && status == 0 && has(s, IOTCTL_VERSION),
	       "the built ./iotctl runs");
	free(s);
	s = command_output("./iotctl dev add 2>&1", &status);
	tap_ok(s && WIFEXITED(status) && WEXITSTATUS(status) == 2,
	       "the built ./iotctl exits 2 on a usage error");
	free(s);
	if (system("command -v groff >/dev/null 2>&1")) {
		tap_ok(true, "# SKIP man page check: groff not installed");
		return;
	}
	s = command_output("groff -man -ww -z iotctl.8 2>&1", &status);
	if (!tap_ok(s && status == 0 && !s[0],
		    "man page formats without groff warnings"))
		tap_diag("%s", s ? s : "(groff did not run)");
	free(s);
	s = command_output("groff -man -Tascii -P-c -P-b -P-u iotctl.8 2>&1",
			   &status);
	tap_ok(s && has(s, "EXIT STATUS") && has(s, "JSON OUTPUT") &&
	       has(s, "EXAMPLES") && has(s, "--json") && has(s, "--pretty") &&
	       has(s, "--batch FILE") && has(s, "--version"),
	       "man page has options, JSON output, exit status, examples");
	tap_ok(s && documents_every_command(s),
	       "man page documents every command of every object");
	free(s);
}

void test_cli(void)
{
	char *o, *e;
	int rc;

	rc = run_cli(&o, &e, NULL);
	tap_ok(rc == 2 && has(e, "usage: iotctl") && !o[0],
	       "no arguments: usage on stderr, exit 2");
	free(o);
	free(e);

	expect("-V prints the version", 0, "iotctl " IOTCTL_VERSION, "-V");
	expect("--version too", 0, "netlink API version 1", "--version");
	expect("-h prints help", 0, "OBJECT COMMAND", "-h");
	expect("help lists objects", 0, "stats", "help");
	expect("help OBJECT", 0, "dev add WPANDEV [name NAME]", "help", "dev");
	expect("help of an unknown object", 2, "unknown object \"nope\"",
	       "help", "nope");
	expect("dev help lists commands", 0, "dev del NAME", "dev", "help");
	expect("dev add help", 0, "usage: iotctl [OPTIONS] dev add WPANDEV",
	       "dev", "add", "help");
	expect("dev del help", 0, "delete the mesh interface", "dev", "del",
	       "help");
	expect("dev show help", 0, "dev show [NAME]", "dev", "show", "help");
	expect("stats help", 0, "stats show [NAME]", "stats", "help");
	expect("stats show help", 0, "every counter", "stats", "show", "help");

	expect("unknown option", 2, "unknown option -x", "-x", "dev", "show");
	expect("unknown long option", 2, "unknown option --frobnicate",
	       "--frobnicate");
	expect("-b without a file", 2, "option -b needs an argument", "-b");
	expect("-b with a command too", 2, "-b takes no command", "-b",
	       "/dev/null", "dev", "show");
	expect("-b of a missing file", 1, "cannot open batch file",
	       "-b", "/nonexistent/iotctl.batch");
	expect("unknown object", 2, "unknown object \"frob\"", "frob");
	expect("unknown command", 2, "dev: unknown command \"frob\"", "dev",
	       "frob");
	expect("options after the object are not options", 2,
	       "unknown command \"-j\"", "dev", "-j");

	expect("stats with an option after the object", 2,
	       "stats: unknown command \"-j\"", "stats", "-j");
	expect("dev add without WPANDEV", 2, "dev add: missing WPANDEV",
	       "dev", "add");
	expect("dev add usage shows the synopsis", 2,
	       "usage: iotctl [OPTIONS] dev add WPANDEV [name NAME]",
	       "dev", "add");
	expect("dev add name without NAME", 2, "name needs a NAME", "dev",
	       "add", "wpan0", "name");
	expect("dev add name twice", 2, "name given twice", "dev", "add",
	       "wpan0", "name", "a", "name", "b");
	expect("dev add with a too long name", 2, "invalid interface name",
	       "dev", "add", "wpan0", "name", "abcdefghijklmnop");
	expect("dev add with a slash in the name", 2, "invalid interface name",
	       "dev", "add", "wpan0", "name", "a/b");
	expect("dev add with an extra word", 2, "unexpected argument \"x\"",
	       "dev", "add", "wpan0", "x");
	expect("dev add of an unknown wpan device", 1,
	       "dev add: wpan device \"nosuchwpan9\" not found", "dev", "add",
	       "nosuchwpan9");
	expect("dev add of a too long device name", 1,
	       "wpan device \"abcdefghijklmnopqrstuvwxyz\" not found", "dev",
	       "add", "abcdefghijklmnopqrstuvwxyz");
	expect("dev del without NAME", 2, "dev del: missing NAME", "dev",
	       "del");
	expect("dev del with two names", 2, "unexpected argument \"b\"",
	       "dev", "del", "a", "b");
	expect("dev del of an unknown device", 1,
	       "dev del: device \"nosuchmesh9\" not found", "dev", "del",
	       "nosuchmesh9");
	expect("dev show with two names", 2, "unexpected argument \"b\"",
	       "dev", "show", "a", "b");
	expect("dev show of an unknown device", 1,
	       "dev show: device \"nosuchmesh9\" not found", "-j", "dev",
	       "show", "nosuchmesh9");
	expect("stats with two names", 2, "stats show: unexpected argument",
	       "stats", "a", "b");
	expect("stats of an unknown device", 1,
	       "stats show: device \"nosuchmesh9\" not found", "stats",
	       "nosuchmesh9");

	test_files();

	if (module_loaded()) {
		tap_ok(true, "# SKIP missing module message (module loaded)");
		return;
	}
	rc = run_cli(&o, &e, "-j", "dev", "show", NULL);
	tap_ok(rc == 1 && !strcmp(e, "iotctl: lowpan_mesh module not loaded (modprobe/insmod lowpan_mesh.ko)\n") &&
	       !o[0], "missing module: one clear line, exit 1, no output");
	free(o);
	free(e);
	expect("missing module on stats", 1, "module not loaded", "stats");
	expect("missing module on dev add", 1, "module not loaded", "dev",
	       "add", "lo");
}
