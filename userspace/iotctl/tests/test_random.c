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
#include <netlink/genl/genl.h>

#include "batch.h"
#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
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

#define MSG_ROUNDS	3000	/* random netlink messages per printer */

/*
 * A message of up to 8 attributes of random types (known ones mostly) and
 * lengths 0 to 17, random bytes: what a buggy or newer kernel might send.
 */
static struct nl_msg *random_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();
	unsigned char data[18];
	int n = rnd() % 9, i, j, len, type;

	genlmsg_put(msg, 0, 0, 0x30, 0, 0, cmd, LOWPAN_MESH_GENL_VERSION);
	for (i = 0; i < n; i++) {
		type = rnd() % 8 ? 1 + (int)(rnd() % LOWPAN_MESH_A_MAX) :
				   (int)(rnd() % 64);
		len = rnd() % 4 ? (int)(1u << (rnd() % 5)) : (int)(rnd() % 18);
		if (len > 17)
			len = 17;
		for (j = 0; j < len; j++)
			data[j] = (unsigned char)rnd();
		if (rnd() % 2 && len)
			data[len - 1] = 0;	/* a terminated string, often */
		nla_put(msg, type, len, data);
	}
	return msg;
}

static bool printers_survive(bool json)
{
	static const iot_nl_reply_cb printers[] = {
		dev_print_reply, stats_print_reply, route_print_reply,
		neigh_print_reply, ctx_print_reply,
	};
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct monitor_filter f = { .count = 1000000 };
	bool ok = true;
	struct nl_msg *msg;
	char *buf;
	size_t len, k;
	FILE *out;
	int i, err;

	for (i = 0; i < MSG_ROUNDS; i++) {
		msg = random_msg((uint8_t)(rnd() % (LOWPAN_MESH_CMD_MAX + 2)));
		out = open_memstream(&buf, &len);
		print_setup(out, json, false);
		if (!lm_genl_parse(nlmsg_hdr(msg), tb)) {
			for (k = 0; k < sizeof(printers) / sizeof(printers[0]); k++) {
				print_list_begin();
				err = printers[k](tb, NULL);
				print_list_end(!err);
				if (err && err != -EBADMSG)
					ok = false;
			}
			err = monitor_print_event(((struct genlmsghdr *)
						   nlmsg_data(nlmsg_hdr(msg)))->cmd,
						  tb, &f);
			if (err < 0)
				ok = false;
		}
		fclose(out);
		free(buf);
		nlmsg_free(msg);
	}
	print_setup(stdout, false, false);
	return ok;
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
	tap_ok(printers_survive(false),
	       "random netlink messages: every printer, text, no crash");
	tap_ok(printers_survive(true),
	       "random netlink messages: every printer, JSON, no crash");

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
