// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli.c - command line: usage errors, exit codes, help, messages
 *
 * Everything here fails or finishes before a netlink request, so it needs
 * no kernel module.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iotctl.h"
#include "nl.h"
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


/* usage errors of route, neigh, ctx, monitor and dev set: exit 2, before
 * anything is sent (no module needed) */
static void test_cli_tables(void)
{
	expect("help lists route", 0, "route", "help");
	expect("help lists monitor", 0, "monitor", "help");
	expect("route help", 0, "route add DEST via NEXTHOP [dev NAME] [metric N]",
	       "route", "help");
	expect("route replace help", 0, "the same as add", "route", "replace",
	       "help");
	expect("neigh help", 0, "neigh show [dev NAME]", "neigh", "help");
	expect("ctx help", 0, "ctx authority on|off|auto [dev NAME]", "ctx",
	       "help");
	expect("monitor help", 0, "monitor events [dev NAME] [count N]",
	       "monitor", "help");
	expect("dev set help", 0, "dev set NAME [hops N] [flood on|off]", "dev",
	       "set", "help");

	expect("route add without DEST", 2, "route add: missing DEST", "route",
	       "add");
	expect("route add without via", 2, "missing via NEXTHOP", "route", "add",
	       "0x0003");
	expect("route add usage shows the synopsis", 2,
	       "usage: iotctl [OPTIONS] route add DEST via NEXTHOP", "route",
	       "add", "0x0003");
	expect("route add via without NEXTHOP", 2, "via needs a NEXTHOP",
	       "route", "add", "0x0003", "via");
	expect("route add via twice", 2, "via given twice", "route", "add",
	       "0x3", "via", "0x2", "via", "0x4");
	expect("route add with a bad DEST", 2, "invalid destination \"0x12345\"",
	       "route", "add", "0x12345", "via", "0x2");
	expect("route add with a bad NEXTHOP", 2, "invalid next hop \"zz\"",
	       "route", "add", "0x3", "via", "zz");
	expect("route add to the broadcast address", 2,
	       "destination 0xffff is not a node address", "route", "add",
	       "0xffff", "via", "0x2");
	expect("route add via 0xfffe", 2, "next hop 0xfffe is not a node address",
	       "route", "add", "0x3", "via", "0xfffe");
	expect("route add to a multicast short address", 2,
	       "is a multicast address", "route", "add", "0x8000", "via", "0x2");
	expect("route add via a multicast short address", 2,
	       "next hop 0x9fff is a multicast address", "route", "add", "0x3",
	       "via", "0x9fff");
	expect("route add metric without N", 2, "metric needs a number", "route",
	       "add", "0x3", "via", "0x2", "metric");
	expect("route add metric out of range", 2,
	       "invalid metric \"4294967296\"", "route", "add", "0x3", "via",
	       "0x2", "metric", "4294967296");
	expect("route add metric not a number", 2, "invalid metric \"-1\"",
	       "route", "add", "0x3", "via", "0x2", "metric", "-1");
	expect("route add metric twice", 2, "metric given twice", "route", "add",
	       "0x3", "via", "0x2", "metric", "1", "metric", "2");
	expect("route add dev without NAME", 2, "dev needs a NAME", "route",
	       "add", "0x3", "via", "0x2", "dev");
	expect("route add dev twice", 2, "dev given twice", "route", "add",
	       "0x3", "via", "0x2", "dev", "a", "dev", "b");
	expect("route add with an extra word", 2, "unexpected argument \"x\"",
	       "route", "add", "0x3", "via", "0x2", "x");
	expect("route add on an unknown device", 1,
	       "route add: device \"nosuchmesh9\" not found", "route", "add",
	       "00:11:22:33:44:55:66:77", "via", "0011223344556677", "dev",
	       "nosuchmesh9", "metric", "0x10");
	expect("route replace checks like add", 2, "missing via NEXTHOP",
	       "route", "replace", "0x3", "dev", "mesh0");
	expect("route replace on an unknown device", 1,
	       "route replace: device \"nosuchmesh9\" not found", "route",
	       "replace", "0x3", "via", "0x2", "dev", "nosuchmesh9");
	expect("route del without DEST", 2, "route del: missing DEST", "route",
	       "del");
	expect("route del with a bad DEST", 2, "invalid destination", "route",
	       "del", "1234");
	expect("route del with an extra word", 2, "unexpected argument \"via\"",
	       "route", "del", "0x3", "via", "0x2");
	expect("route del of an unknown device", 1, "device \"nosuchmesh9\" not found",
	       "route", "del", "0xffff", "dev", "nosuchmesh9");
	expect("route show with a stray word", 2, "unexpected argument \"mesh0\"",
	       "route", "show", "mesh0");
	expect("route show dev without NAME", 2, "dev needs a NAME", "route",
	       "show", "dev");
	expect("route show of an unknown device", 1,
	       "route show: device \"nosuchmesh9\" not found", "-j", "route",
	       "show", "dev", "nosuchmesh9");
	expect("route with an unknown command", 2,
	       "route: unknown command \"flush\"", "route", "flush");

	expect("neigh show with a stray word", 2, "unexpected argument \"x\"",
	       "neigh", "show", "x");
	expect("neigh without show takes its arguments", 1,
	       "neigh show: device \"nosuchmesh9\" not found", "neigh", "dev",
	       "nosuchmesh9");
	expect("neigh dev twice", 2, "dev given twice", "neigh", "dev", "a",
	       "dev", "b");

	expect("dev set without NAME", 2, "dev set: missing NAME", "dev", "set");
	expect("dev set with nothing to set", 2, "nothing to set", "dev", "set",
	       "mesh0");
	expect("dev set hops without N", 2, "hops needs a number", "dev", "set",
	       "mesh0", "hops");
	expect("dev set hops 0", 2, "invalid hops \"0\" (1 to 255)", "dev",
	       "set", "mesh0", "hops", "0");
	expect("dev set hops 256", 2, "invalid hops \"256\"", "dev", "set",
	       "mesh0", "hops", "256");
	expect("dev set hops twice", 2, "hops given twice", "dev", "set",
	       "mesh0", "hops", "1", "hops", "2");
	expect("dev set flood maybe", 2, "invalid flood \"maybe\" (on or off)",
	       "dev", "set", "mesh0", "flood", "maybe");
	expect("dev set flood without a value", 2, "flood needs on or off",
	       "dev", "set", "mesh0", "flood");
	expect("dev set flood twice", 2, "flood given twice", "dev", "set",
	       "mesh0", "flood", "on", "flood", "off");
	expect("dev set with an unknown setting", 2,
	       "unexpected argument \"mtu\"", "dev", "set", "mesh0", "mtu", "9");
	expect("dev set of an unknown device", 1,
	       "dev set: device \"nosuchmesh9\" not found", "dev", "set",
	       "nosuchmesh9", "hops", "0xff", "flood", "off");

	expect("ctx add without CID", 2, "ctx add: missing CID", "ctx", "add");
	expect("ctx add with CID 16", 2, "invalid context id \"16\" (0 to 15)",
	       "ctx", "add", "16", "2001:db8::/64");
	expect("ctx add with a CID that is no number", 2,
	       "invalid context id \"x\"", "ctx", "add", "x", "2001:db8::/64");
	expect("ctx add without a prefix", 2, "missing PREFIX/LEN", "ctx", "add",
	       "1");
	expect("ctx add without a length", 2, "invalid prefix \"2001:db8::\"",
	       "ctx", "add", "1", "2001:db8::");
	expect("ctx add with length 0", 2, "invalid prefix \"::/0\"", "ctx",
	       "add", "1", "::/0");
	expect("ctx add with host bits set", 2, "invalid prefix", "ctx", "add",
	       "1", "2001:db8::1/64");
	expect("ctx add with an IPv4 prefix", 2, "invalid prefix", "ctx", "add",
	       "1", "10.0.0.0/8");
	expect("ctx add compress maybe", 2, "invalid compress \"maybe\"", "ctx",
	       "add", "1", "2001:db8::/64", "compress", "maybe");
	expect("ctx add compress without a value", 2, "compress needs on or off",
	       "ctx", "add", "1", "2001:db8::/64", "compress");
	expect("ctx add compress twice", 2, "compress given twice", "ctx", "add",
	       "1", "2001:db8::/64", "compress", "on", "compress", "off");
	expect("ctx add lifetime 0", 2, "invalid lifetime \"0\" (1 to 4294967295 seconds, or forever)",
	       "ctx", "add", "1", "2001:db8::/64", "lifetime", "0");
	expect("ctx add lifetime too long", 2, "invalid lifetime \"4294967296\"",
	       "ctx", "add", "1", "2001:db8::/64", "lifetime", "4294967296");
	expect("ctx add lifetime without a value", 2,
	       "lifetime needs seconds or forever", "ctx", "add", "1",
	       "2001:db8::/64", "lifetime");
	expect("ctx add lifetime twice", 2, "lifetime given twice", "ctx", "add",
	       "1", "2001:db8::/64", "lifetime", "5", "lifetime", "forever");
	expect("ctx add with an extra word", 2, "unexpected argument \"x\"",
	       "ctx", "add", "1", "2001:db8::/64", "x");
	expect("ctx add on an unknown device", 1,
	       "ctx add: device \"nosuchmesh9\" not found", "ctx", "add", "15",
	       "2001:db8::/128", "lifetime", "forever", "compress", "off", "dev",
	       "nosuchmesh9");
	expect("ctx del without CID", 2, "ctx del: missing CID", "ctx", "del");
	expect("ctx del with CID -1", 2, "invalid context id \"-1\"", "ctx",
	       "del", "-1");
	expect("ctx del with an extra word", 2, "unexpected argument", "ctx",
	       "del", "1", "2001:db8::/64");
	expect("ctx del of an unknown device", 1, "ctx del: device", "ctx",
	       "del", "0", "dev", "nosuchmesh9");
	expect("ctx show with a stray word", 2, "unexpected argument", "ctx",
	       "show", "mesh0");
	expect("ctx show of an unknown device", 1,
	       "ctx show: device \"nosuchmesh9\" not found", "ctx", "show",
	       "dev", "nosuchmesh9");
	expect("ctx authority without a role", 2, "missing on, off or auto",
	       "ctx", "authority");
	expect("ctx authority with a bad role", 2,
	       "invalid role \"yes\" (on, off or auto)", "ctx", "authority",
	       "yes");
	expect("ctx authority with an extra word", 2, "unexpected argument",
	       "ctx", "authority", "auto", "mesh0");
	expect("ctx authority of an unknown device", 1,
	       "ctx authority: device \"nosuchmesh9\" not found", "ctx",
	       "authority", "off", "dev", "nosuchmesh9");

	expect("monitor count without N", 2, "count needs a number", "monitor",
	       "count");
	expect("monitor count 0", 2, "invalid count \"0\"", "monitor", "count",
	       "0");
	expect("monitor count twice", 2, "count given twice", "monitor",
	       "count", "1", "count", "2");
	expect("monitor with a stray word", 2, "unexpected argument \"route\"",
	       "monitor", "route");
	expect("monitor events dev without NAME", 2, "dev needs a NAME",
	       "monitor", "events", "dev");
	expect("monitor of an unknown device", 1,
	       "monitor events: device \"nosuchmesh9\" not found", "monitor",
	       "dev", "nosuchmesh9", "count", "1");
}

/* capture what iot_nl_report() writes to stderr */
static char *report_text(int error, const char *msg, const char *what)
{
	FILE *fe = tmpfile();
	int save = dup(2);
	char *s;

	fflush(stderr);
	dup2(fileno(fe), 2);
	iot_nl_report(error, msg, what);
	fflush(stderr);
	dup2(save, 2);
	close(save);
	s = slurp(fe);
	fclose(fe);
	return s;
}

static void test_report(void)
{
	char *s;

	s = report_text(EOPNOTSUPP, NULL, "mesh0");
	if (!tap_ok(s && !strcmp(s, "iotctl: not supported by this lowpan_mesh module (Operation not supported)\n"),
		    "EOPNOTSUPP without a kernel message: the module lacks the command"))
		tap_diag("%s", s);
	free(s);
	s = report_text(EOPNOTSUPP, "frobbing is off", "mesh0");
	tap_ok(s && !strcmp(s, "iotctl: mesh0: frobbing is off (Operation not supported)\n"),
	       "EOPNOTSUPP with a kernel message: the message");
	free(s);
	s = report_text(EPERM, NULL, "mesh0");
	tap_ok(s && has(s, "mesh0: Operation not permitted: needs CAP_NET_ADMIN"),
	       "EPERM: permission hint");
	free(s);
	s = report_text(ENOENT, "no route to this destination", "mesh0");
	tap_ok(s && !strcmp(s, "iotctl: mesh0: no route to this destination (No such file or directory)\n"),
	       "kernel message and errno text");
	free(s);
	s = report_text(EEXIST, NULL, NULL);
	tap_ok(s && !strcmp(s, "iotctl: File exists\n"),
	       "errno text alone without object or message");
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

	test_cli_tables();
	test_report();
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
	expect("missing module on route show", 1, "module not loaded", "route");
	expect("missing module on neigh", 1, "module not loaded", "neigh");
	expect("missing module on ctx add without dev", 1, "module not loaded",
	       "ctx", "add", "1", "2001:db8::/64");
	expect("missing module on route add without dev", 1,
	       "module not loaded", "route", "add", "0x3", "via", "0x2");
	expect("missing module on monitor", 1, "module not loaded", "monitor",
	       "count", "1");
	expect("missing module on dev set", 1, "module not loaded", "dev", "set",
	       "lo", "hops", "3");
}
