// SPDX-License-Identifier: GPL-2.0
/*
 * test_key.c - iotctl key without a kernel: keys, key ids and security
 * levels parsed, and every usage error of key and of dev set ... security
 * caught before anything is sent
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iotctl.h"
#include "llsec.h"
#include "tap.h"

#define expect(name, rc_want, msg, ...) do {				\
	char *o_, *e_;							\
	int rc_ = run_cli(&o_, &e_, __VA_ARGS__, NULL);			\
	const char *where_ = (rc_want) ? e_ : o_;			\
	if (!tap_ok(rc_ == (rc_want) && where_ && strstr(where_, msg),	\
		    "key: %s", name)) {					\
		tap_diag("exit %d (want %d)", rc_, rc_want);		\
		tap_diag("stdout: %s", o_);				\
		tap_diag("stderr: %s", e_);				\
	}								\
	free(o_);							\
	free(e_);							\
} while (0)

static void test_parse_key(void)
{
	static const struct {
		const char *s;
		int err;
	} cases[] = {
		{ "000102030405060708090a0b0c0d0e0f", 0 },
		{ "000102030405060708090A0B0C0D0E0F", 0 },
		{ "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f", 0 },
		{ "", -EINVAL }, { "0", -EINVAL }, { "0g", -EINVAL },
		{ "000102030405060708090a0b0c0d0e0", -EINVAL },	/* odd */
		{ "000102030405060708090a0b0c0d0e", -ERANGE },	/* 15 bytes */
		{ "000102030405060708090a0b0c0d0e0f10", -ERANGE },
		{ "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:", -EINVAL },
		{ "00:0102030405060708090a0b0c0d0e0f", -EINVAL },
		{ "0x000102030405060708090a0b0c0d0e", -EINVAL },
		{ " 000102030405060708090a0b0c0d0e0f", -EINVAL },
	};
	uint8_t key[IOT_LLSEC_KEY_LEN], want[IOT_LLSEC_KEY_LEN];
	unsigned int i;
	int err;

	for (i = 0; i < IOT_LLSEC_KEY_LEN; i++)
		want[i] = (uint8_t)i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(key, 0xee, sizeof(key));
		err = llsec_parse_key(cases[i].s, key);
		tap_ok(err == cases[i].err &&
		       (err || !memcmp(key, want, sizeof(key))) &&
		       (!err || key[0] == 0xee),
		       "llsec_parse_key(\"%s\") = %d", cases[i].s, cases[i].err);
	}
}

static void test_ids_levels(void)
{
	uint8_t v = 0;

	tap_ok(!llsec_parse_key_id("1", &v) && v == 1, "key id 1");
	tap_ok(!llsec_parse_key_id("0xff", &v) && v == 255, "key id 0xff");
	tap_ok(llsec_parse_key_id("0", &v) == -ERANGE, "key id 0 out of range");
	tap_ok(llsec_parse_key_id("256", &v) == -ERANGE,
	       "key id 256 out of range");
	tap_ok(llsec_parse_key_id("one", &v) == -EINVAL, "key id not a number");
	tap_ok(!llsec_parse_level("5", &v) && v == 5, "level 5");
	tap_ok(!llsec_parse_level("enc-mic-128", &v) && v == 7,
	       "level enc-mic-128 is 7");
	tap_ok(!llsec_parse_level("MIC-32", &v) && v == 1, "level names ignore case");
	tap_ok(llsec_parse_level("0", &v) == -EINVAL &&
	       llsec_parse_level("none", &v) == -EINVAL,
	       "level 0 (no security) is not a level to set");
	tap_ok(llsec_parse_level("8", &v) == -EINVAL, "level 8 refused");
	tap_ok(!strcmp(llsec_level_name(IOT_LLSEC_LEVEL_DEFAULT), "enc-mic-32"),
	       "the default level is enc-mic-32");
	tap_ok(llsec_level_overhead(5) == 10 && llsec_level_overhead(4) == 6 &&
	       llsec_level_overhead(7) == 22 && llsec_level_overhead(0) == 0,
	       "bytes a level adds: 10 at the default");
}

static void test_usage(void)
{
	expect("key help", 0, "key use ID [dev NAME]", "key", "help");
	expect("add without ID", 2, "missing ID", "key", "add");
	expect("add without key", 2, "missing HEXKEY", "key", "add", "1");
	expect("add id 0", 2, "invalid key id \"0\"", "key", "add", "0",
	       "000102030405060708090a0b0c0d0e0f");
	expect("add id 256", 2, "invalid key id \"256\"", "key", "add",
	       "256", "000102030405060708090a0b0c0d0e0f");
	expect("add short key", 2, "must be 128 bits", "key", "add", "1",
	       "0001020304");
	expect("add bad hex", 2, "not hexadecimal", "key", "add", "1",
	       "zz0102030405060708090a0b0c0d0e0f");
	expect("add extra word", 2, "unexpected argument \"x\"", "key",
	       "add", "1", "000102030405060708090a0b0c0d0e0f", "x");
	expect("add unknown device", 1, "device \"nosuchwpan9\" not found",
	       "key", "add", "1", "000102030405060708090a0b0c0d0e0f", "dev",
	       "nosuchwpan9");
	expect("add on a non-wpan device", 1,
	       "neither a wpan device nor a 6LoWPAN interface", "key", "add",
	       "1", "000102030405060708090a0b0c0d0e0f", "dev", "lo");
	expect("del without ID", 2, "missing ID", "key", "del");
	expect("use bad id", 2, "invalid key id \"x\"", "key", "use", "x");
	expect("dev twice", 2, "dev given twice", "key", "use", "1", "dev",
	       "a", "dev", "b");
	expect("show stray word", 2, "unexpected argument \"x\"", "key",
	       "show", "x");
	expect("peer without add/del", 2, "missing add or del", "key", "peer");
	expect("peer bad command", 2, "unknown peer command \"set\"", "key",
	       "peer", "set");
	expect("peer add short address as EXTADDR", 2,
	       "invalid extended address \"0x0001\"", "key", "peer", "add",
	       "0x0001");
	expect("peer add short without address", 2, "short needs an address",
	       "key", "peer", "add", "00:11:22:33:44:55:66:77", "short");
	expect("peer add short 0xffff", 2, "invalid short address \"0xffff\"",
	       "key", "peer", "add", "00:11:22:33:44:55:66:77", "short",
	       "0xffff");
	expect("peer del stray word", 2, "unexpected argument \"x\"", "key",
	       "peer", "del", "00:11:22:33:44:55:66:77", "x");
	expect("security without on/off", 2, "security needs on or off",
	       "dev", "set", "mesh0", "security");
	expect("security maybe", 2, "security needs on or off", "dev", "set",
	       "mesh0", "security", "maybe");
	expect("security-level 9", 2, "invalid security-level \"9\"", "dev",
	       "set", "mesh0", "security-level", "9");
	expect("security with hops", 2, "\"hops\" does not go with security",
	       "dev", "set", "mesh0", "security", "on", "hops", "3");
	expect("security on an unknown device", 1,
	       "device \"nosuchmesh9\" not found", "dev", "set", "nosuchmesh9",
	       "security", "on");
}

void test_key(void)
{
	test_parse_key();
	test_ids_levels();
	test_usage();
}
