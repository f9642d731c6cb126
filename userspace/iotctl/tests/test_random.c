// SPDX-License-Identifier: GPL-2.0
/*
 * test_random.c - random input never crashes the parsers, the batch
 * splitter, the JSON writer or the command line (ASan/UBSan watch)
 *
 * A fixed seed keeps every run the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "iotctl.h"
#include "json_print.h"
#include "parse.h"
#include "tap.h"

#define ROUNDS		20000	/* random strings per check */
#define CLI_ROUNDS	300	/* random command lines */
#define MAX_LEN		48

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) & 0x7fff;
}

/* a string of characters the parsers care about, and some that they don't */
static void random_string(char *s, size_t max)
{
	static const char alphabet[] = "0123456789abcdefABCDEFxX:/.-+ \t\"'\\#g\xc3\xff\n";
	size_t len = rnd() % max, i;

	for (i = 0; i < len; i++)
		s[i] = alphabet[rnd() % (sizeof(alphabet) - 1)];
	s[len] = '\0';
}

static bool valid_json_string(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[0] == '"' && s[n - 1] == '"' && !strpbrk(s, "\n\t");
}

void test_random(void)
{
	char s[MAX_LEN + 1], *argv[BATCH_MAX_ARGS], *buf;
	struct ieee802154_addr_arg a;
	struct in6_addr addr;
	unsigned int plen;
	bool ok_uint = true, ok_addr = true, ok_pfx = true, ok_split = true;
	bool ok_json = true, ok_cli = true;
	uint64_t v;
	size_t len;
	FILE *f;
	int i, n, err;

	for (i = 0; i < ROUNDS; i++) {
		random_string(s, sizeof(s));
		err = parse_uint(s, 5, 1000, &v);
		if (err && err != -EINVAL && err != -ERANGE)
			ok_uint = false;
		if (!err && (v < 5 || v > 1000))
			ok_uint = false;
		err = parse_ieee802154_addr(s, &a);
		if (err && err != -EINVAL)
			ok_addr = false;
		err = parse_ipv6_prefix(s, &addr, &plen);
		if ((err && err != -EINVAL && err != -ERANGE) ||
		    (!err && plen > 128))
			ok_pfx = false;
		n = batch_split(s, argv, 8);
		if (n > 8 || (n < 0 && n != -EINVAL && n != -E2BIG))
			ok_split = false;
	}
	tap_ok(ok_uint, "random strings: parse_uint returns in range or fails");
	tap_ok(ok_addr, "random strings: 802.15.4 address parser");
	tap_ok(ok_pfx, "random strings: IPv6 prefix parser");
	tap_ok(ok_split, "random strings: batch splitter");

	for (i = 0; i < ROUNDS; i++) {
		random_string(s, sizeof(s));
		f = open_memstream(&buf, &len);
		json_write_string(f, s);
		fclose(f);
		if (!valid_json_string(buf))
			ok_json = false;
		free(buf);
	}
	tap_ok(ok_json, "random strings: JSON strings stay one quoted line");

	for (i = 0; i < CLI_ROUNDS && ok_cli; i++) {
		/* no wpan device names: nothing may be created for real */
		static const char *const words[] = {
			"dev", "stats", "add", "del", "show", "help", "name",
			"-j", "-p", "--json", "-x", "lo", "nosuch0", "", "a b",
			"\xff", "0x1234", "mesh%d", "--", "-",
			"route", "neigh", "ctx", "via", "metric", "set",
			"hops", "2001:db8::/64", "lifetime", "authority",
		};
		const char *w[6] = { NULL };
		char *o, *e;
		int nw = rnd() % 6, k;

		for (k = 0; k < nw; k++)
			w[k] = words[rnd() % (sizeof(words) / sizeof(words[0]))];
		err = run_cli(&o, &e, w[0], w[1], w[2], w[3], w[4], w[5], NULL);
		/* every failure says why on stderr */
		if (err < 0 || err > 2 || (err && !strstr(e, "iotctl: ") &&
					   !strstr(e, "usage: ")))
			ok_cli = false;
		if (!ok_cli)
			tap_diag("exit %d for %s %s %s %s %s: %s", err,
				 w[0] ? w[0] : "", w[1] ? w[1] : "",
				 w[2] ? w[2] : "", w[3] ? w[3] : "",
				 w[4] ? w[4] : "", e);
		free(o);
		free(e);
	}
	tap_ok(ok_cli, "random command lines: exit 0, 1 or 2, failures explained");
}
