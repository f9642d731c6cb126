// SPDX-License-Identifier: GPL-2.0
/*
 * test_config.c - iotctl config check: good files pass, every kind of
 * error names its FILE:LINE; nothing here touches the kernel
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iotctl.h"
#include "tap.h"

/* a file that uses every section and key kind */
static const char good[] =
	"# a full file\n"			/* 1 */
	"[radio]\n"				/* 2 */
	"device = wpan0\n"			/* 3 */
	"channel = 15\n"			/* 4 */
	"page = 0\n"				/* 5 */
	"pan_id = 0xbeef\n"			/* 6 */
	"short_addr = 0x0001\n"			/* 7 */
	"ackreq = on\n"				/* 8 */
	"max_frame_retries = 3\n"		/* 9 */
	"csma_backoffs = 4\n"			/* 10 */
	"min_be = 3\n"				/* 11 */
	"max_be = 5\n"				/* 12 */
	"lbt = off\n"				/* 13 */
	"tx_power = -3.5\n"			/* 14 */
	"[mesh]\n"				/* 15 */
	"name = mesh7\n"			/* 16 */
	"up = on\n"				/* 17 */
	"hops = 10\n"				/* 18 */
	"flood = on\n"				/* 19 */
	"routing = on\n"			/* 20 */
	"hello_ms = 500\n"			/* 21 */
	"hello_miss = 3\n"			/* 22 */
	"adv_imin_ms = 200\n"			/* 23 */
	"adv_imax_ms = 60000\n"			/* 24 */
	"ctx_authority = auto\n"		/* 25 */
	"[context 1]\n"				/* 26 */
	"prefix = 2001:db8:1::/64\n"		/* 27 */
	"compress = on\n"			/* 28 */
	"lifetime = forever\n"			/* 29 */
	"[context 2]\n"				/* 30 */
	"prefix = 2001:db8:2::/48\n"		/* 31 */
	"[security]\n"				/* 32 */
	"key = 1 000102030405060708090a0b0c0d0e0f\n"	/* 33 */
	"key = 2 00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f\n" /* 34 */
	"peer = 7e:35:75:b4:1b:0e:8f:f4 short 0x0002\n"	/* 35 */
	"peer = 7e:35:75:b4:1b:0e:8f:f5\n"	/* 36 */
	"use = 1\n"				/* 37 */
	"level = enc-mic-32\n"			/* 38 */
	"enabled = on\n"			/* 39 */
	"[routes]\n"				/* 40 */
	"route = 0x0003 via 0x0002\n"		/* 41 */
	"route = 00:11:22:33:44:55:66:77 via 0x0002 metric 4\n"; /* 42 */

static char *write_conf(const char *name, const char *text)
{
	char *dir = strdup("/tmp/iotctl-conf-XXXXXX"), *path;
	FILE *f;

	if (!mkdtemp(dir))
		tap_diag("cannot make %s", dir);
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		abort();
	free(dir);
	f = fopen(path, "w");

	if (!f || fputs(text, f) < 0)
		tap_diag("cannot write %s", path);
	if (f)
		fclose(f);
	return path;
}

static void remove_conf(char *path)
{
	char *slash = strrchr(path, '/');

	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

/* @text is refused with "PATH:@line: " and @msg on stderr */
static void bad(const char *text, int line, const char *msg, const char *name)
{
	char *path = write_conf("mesh0.conf", text), *o, *e, where[300];
	int rc;

	rc = run_cli(&o, &e, "config", "check", path, NULL);
	if (line)
		snprintf(where, sizeof(where), "iotctl: %s:%d: ", path, line);
	else
		snprintf(where, sizeof(where), "iotctl: %s: ", path);
	if (!tap_ok(rc == 1 && strstr(e, where) && strstr(e, msg) && !o[0],
		    "config check refuses %s (line %d)", name, line)) {
		tap_diag("exit %d, want 1; stdout: %s", rc, o);
		tap_diag("stderr: %s (want %s... %s)", e, where, msg);
	}
	remove_conf(path);
	free(o);
	free(e);
}

/* @good with line @line replaced by @repl ("" deletes it) */
static char *edit(int line, const char *repl)
{
	static char buf[4096];
	const char *p = good;
	size_t n = 0;
	int l = 1;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (l == line) {
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s", repl,
				      repl[0] ? "\n" : "");
		} else {
			memcpy(buf + n, p, len);
			n += len;
		}
		p += len;
		l++;
	}
	buf[n] = '\0';
	return buf;
}

static void ok_file(const char *fname, const char *text, const char *want,
		    const char *name)
{
	char *path = write_conf(fname, text), *o, *e;
	int rc;

	rc = run_cli(&o, &e, "config", "check", path, NULL);
	if (!tap_ok(rc == 0 && !e[0] && strstr(o, want),
		    "config check passes %s", name)) {
		tap_diag("exit %d stdout: %s", rc, o);
		tap_diag("stderr: %s", e);
	}
	remove_conf(path);
	free(o);
	free(e);
}

void test_config(void)
{
	char *o, *e;
	int rc;

	ok_file("mesh0.conf", good, "ok (mesh7 on wpan0)",
		"every section and key");
	ok_file("mesh3.conf", "[radio]\ndevice = wpan1\n", "ok (mesh3 on wpan1)",
		"a file with only the device; name from the file name");
	ok_file("mesh0.conf", "; comment\n\n[radio]\n  device=wpan0  \n[mesh]\nup = off\n",
		"ok (mesh0 on wpan0)", "blanks, comments, up off");
	ok_file("mesh0.conf", "[radio]\ndevice = wpan0\nackreq = off\nmax_frame_retries = 0\n",
		"ok", "the mesh defaults switched off");
	ok_file("mesh0.conf", "[radio]\ndevice = wpan0\n[security]\nkey = 1 000102030405060708090a0b0c0d0e0f\nenabled = off\n",
		"ok", "a key with security off");

	/* the parser */
	bad("[radio\ndevice = wpan0\n", 1, "missing ']'", "a broken section header");
	bad("device = wpan0\n", 1, "key outside of any [section]", "a key before any section");
	bad("[radio]\ndevice wpan0\n", 2, "expected 'key = value'", "a line without =");
	/* the structure */
	bad("[mesh]\nname = mesh0\n", 0, "no [radio] section", "a file without [radio]");
	bad(edit(3, ""), 2, "[radio] without device", "a missing device");
	bad(edit(3, "device = wpan0/x"), 3, "invalid device name", "a bad device name");
	bad(edit(3, "device = wpan0\n[radio]"), 4, "a second [radio] section", "two [radio] sections");
	bad(edit(15, "[mesh x]"), 15, "takes no argument", "[mesh x]");
	bad(edit(40, "[route]"), 40, "unknown section [route]", "an unknown section");
	bad(edit(28, "compres = on"), 28, "unknown key 'compres' in [context]", "an unknown key in [context]");
	bad(edit(41, "rout = 0x0003 via 0x0002"), 41, "unknown key 'rout' in [routes]", "an unknown key in [routes]");
	bad(edit(39, "enable = on"), 39, "unknown key 'enable' in [security]", "an unknown key in [security]");
	bad(edit(4, "chanel = 15"), 4, "unexpected argument \"chanel\"", "an unknown key in [radio]");
	bad(edit(18, "hop = 10"), 18, "unexpected argument \"hop\"", "an unknown key in [mesh]");
	bad(edit(18, "security = on"), 18, "belongs in [security]", "security in [mesh]");
	/* the values, as the commands check them */
	bad(edit(4, "channel = 27"), 4, "radio set: invalid channel \"27\"", "channel 27");
	bad(edit(6, "pan_id = 0x10000"), 6, "invalid pan_id", "a bad pan_id");
	bad(edit(8, "ackreq = yes"), 8, "invalid ackreq \"yes\"", "ackreq yes");
	bad(edit(9, "max_frame_retries = 8"), 9, "invalid max_frame_retries", "8 retries");
	bad(edit(14, "tx_power = 4dBm"), 14, "invalid tx_power", "a bad tx_power");
	bad(edit(11, "min_be = 6"), 2, "min_be 6 is above max_be 5", "min_be above max_be (the section's line)");
	bad(edit(4, "channel = 15\nchannel = 16"), 2, "channel given twice", "a radio key twice");
	bad(edit(3, "device = wpan0\ndevice = wpan1"), 4, "device given twice (first at line 3)", "device twice");
	bad(edit(17, "up = on\nname = mesh8"), 18, "name given twice (first at line 16)", "name twice");
	bad(edit(37, "use = 1\nuse = 2"), 38, "use given twice (first at line 37)", "use twice");
	bad(edit(28, "compress = on\ncompress = off"), 29, "compress given twice (first at line 28)", "compress twice");
	bad(edit(16, "name = mesh:0"), 16, "invalid interface name", "a bad interface name");
	bad(edit(17, "up = maybe"), 17, "invalid up \"maybe\"", "up maybe");
	bad(edit(18, "hops = 0"), 18, "dev set: invalid hops \"0\"", "hops 0");
	bad(edit(20, "routing = yes"), 20, "invalid routing \"yes\"", "routing yes");
	bad(edit(21, "hello_ms = 50"), 21, "invalid hello_ms \"50\"", "hello_ms 50");
	bad(edit(25, "ctx_authority = master"), 25, "ctx authority: invalid role", "a bad authority role");
	bad(edit(26, "[context 16]"), 26, "CID is 0 to 15", "context 16");
	bad(edit(30, "[context 1]"), 30, "context 1 given twice (first at line 26)", "a context twice");
	bad(edit(31, ""), 30, "without prefix", "a context without prefix");
	bad(edit(27, "prefix = 2001:db8:1::1/64"), 27, "ctx add: invalid prefix", "a prefix with host bits");
	bad(edit(28, "compress = 1"), 28, "invalid compress \"1\"", "compress 1");
	bad(edit(29, "lifetime = 0"), 29, "invalid lifetime \"0\"", "lifetime 0");
	bad(edit(33, "key = 1 0001"), 33, "the key must be 128 bits", "a short key");
	bad(edit(33, "key = 0 000102030405060708090a0b0c0d0e0f"), 33, "invalid key id \"0\"", "key id 0");
	bad(edit(35, "peer = 0x0002"), 35, "invalid extended address", "a peer without extended address");
	bad(edit(35, "peer = 7e:35:75:b4:1b:0e:8f:f4 short 0xffff"), 35, "invalid short address", "a peer with short 0xffff");
	bad(edit(37, "use = 256"), 37, "invalid key id \"256\"", "use 256");
	bad(edit(38, "level = enc-mic-16"), 38, "invalid security-level", "a bad level");
	bad(edit(39, "enabled = yes"), 39, "invalid enabled \"yes\"", "enabled yes");
	bad("[radio]\ndevice = wpan0\n[security]\nlevel = enc\n", 3, "without a key", "[security] without a key");
	bad(edit(41, "route = 0x0003"), 41, "route add: missing via NEXTHOP", "a route without via");
	bad(edit(41, "route = 0xffff via 0x0002"), 41, "is not a node address", "a route to broadcast");
	bad(edit(42, "route = 0x3 via 0x0004"), 42, "a second route to 0x3 (the first is at line 41)", "a destination twice");
	bad(edit(42, "route = 0x0004 via 0x0002 metric -1"), 42, "invalid metric", "a negative metric");
	bad(edit(42, "route = 0x0004 via \"0x0002"), 42, "unterminated quote", "an unterminated quote");

	rc = run_cli(&o, &e, "config", "check", "/nonexistent/mesh0.conf", NULL);
	tap_ok(rc == 1 && strstr(e, "/nonexistent/mesh0.conf: No such file"),
	       "config check: a missing file");
	free(o);
	free(e);
	rc = run_cli(&o, &e, "config", "apply", "x.conf", "wait", "x", NULL);
	tap_ok(rc == 2 && strstr(e, "wait needs seconds"),
	       "config apply: wait needs seconds");
	free(o);
	free(e);
	rc = run_cli(&o, &e, "config", "check", NULL);
	tap_ok(rc == 2 && strstr(e, "missing FILE"), "config check: no FILE");
	free(o);
	free(e);
	tap_ok(!iot_check_only, "config check leaves check-only mode off");
}
