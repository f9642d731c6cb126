// SPDX-License-Identifier: GPL-2.0
/*
 * test_parse.c - argument parsers and address formatters
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "parse.h"
#include "tap.h"

static void uint_ok(const char *s, uint64_t min, uint64_t max, uint64_t want)
{
	uint64_t v = 0;
	int err = parse_uint(s, min, max, &v);

	tap_ok(!err && v == want, "parse_uint \"%s\" = %llu", s,
	       (unsigned long long)want);
}

static void uint_bad(const char *s, uint64_t min, uint64_t max, int want)
{
	uint64_t v = 12345;
	int err = parse_uint(s, min, max, &v);

	tap_ok(err == want && v == 12345, "parse_uint \"%s\" in %llu..%llu fails with %s",
	       s ? s : "(null)", (unsigned long long)min,
	       (unsigned long long)max, want == -ERANGE ? "ERANGE" : "EINVAL");
}

static void addr_short(const char *s, uint16_t want)
{
	struct ieee802154_addr_arg a;
	int err = parse_ieee802154_addr(s, &a);

	tap_ok(!err && a.kind == ADDR_SHORT && a.short_addr == want,
	       "802.15.4 short address \"%s\" = 0x%04x", s, want);
}

static void addr_ext(const char *s, uint64_t want)
{
	struct ieee802154_addr_arg a;
	int err = parse_ieee802154_addr(s, &a);

	tap_ok(!err && a.kind == ADDR_EXTENDED && a.ext_addr == want,
	       "802.15.4 extended address \"%s\"", s);
}

static void addr_bad(const char *s)
{
	struct ieee802154_addr_arg a = { .kind = ADDR_SHORT, .short_addr = 7 };

	tap_ok(parse_ieee802154_addr(s, &a) == -EINVAL &&
	       a.kind == ADDR_SHORT && a.short_addr == 7,
	       "802.15.4 address \"%s\" rejected", s ? s : "(null)");
}

static void prefix_ok(const char *s, const char *want_addr, unsigned int want_len)
{
	struct in6_addr a, w;
	unsigned int len = 999;
	int err = parse_ipv6_prefix(s, &a, &len);

	inet_pton(AF_INET6, want_addr, &w);
	tap_ok(!err && len == want_len && !memcmp(&a, &w, sizeof(a)),
	       "IPv6 prefix \"%s\"", s);
}

static void prefix_bad(const char *s, int want)
{
	struct in6_addr a;
	unsigned int len = 999;

	tap_ok(parse_ipv6_prefix(s, &a, &len) == want && len == 999,
	       "IPv6 prefix \"%s\" rejected with %s", s ? s : "(null)",
	       want == -ERANGE ? "ERANGE" : "EINVAL");
}

static void ago_ok(uint32_t ms, const char *want)
{
	char buf[AGO_STRLEN];

	if (!tap_ok(!strcmp(format_ago(ms, buf), want), "format_ago %u ms = %s",
		    ms, want))
		tap_diag("got %s", buf);
}

static void name_ok(const struct name_table *t, unsigned int v,
		    const char *want)
{
	char buf[NAME_STRLEN];

	tap_ok(!strcmp(name_of(t, v, buf), want), "name_of %u = %s", v, want);
}

void test_parse(void)
{
	char buf[EXT_ADDR_STRLEN], sbuf[SHORT_ADDR_STRLEN];
	struct ieee802154_addr_arg a;
	uint32_t u32 = 0;
	bool b = false;

	uint_ok("0", 0, 10, 0);
	uint_ok("10", 0, 10, 10);
	uint_ok("010", 0, 100, 10);	/* leading zero is not octal */
	uint_ok("0x1f", 0, 100, 31);
	uint_ok("0XFF", 0, 255, 255);
	uint_ok("18446744073709551615", 0, UINT64_MAX, UINT64_MAX);
	uint_ok("0xffffffffffffffff", 0, UINT64_MAX, UINT64_MAX);
	uint_bad("11", 0, 10, -ERANGE);
	uint_bad("4", 5, 10, -ERANGE);
	uint_bad("18446744073709551616", 0, UINT64_MAX, -ERANGE);
	uint_bad("0x10000000000000000", 0, UINT64_MAX, -ERANGE);
	uint_bad("", 0, 10, -EINVAL);
	uint_bad(NULL, 0, 10, -EINVAL);
	uint_bad("-1", 0, 10, -EINVAL);
	uint_bad("+1", 0, 10, -EINVAL);
	uint_bad(" 1", 0, 10, -EINVAL);
	uint_bad("1 ", 0, 10, -EINVAL);
	uint_bad("1a", 0, 100, -EINVAL);
	uint_bad("0x", 0, 100, -EINVAL);
	uint_bad("0xg", 0, 100, -EINVAL);
	uint_bad("99999999999999999999999x", 0, UINT64_MAX, -EINVAL);
	tap_ok(!parse_u32("4294967295", 0, UINT32_MAX, &u32) &&
	       u32 == UINT32_MAX, "parse_u32 4294967295");
	tap_ok(parse_u32("4294967296", 0, UINT32_MAX, &u32) == -ERANGE &&
	       u32 == UINT32_MAX, "parse_u32 4294967296 out of range");

	tap_ok(!parse_onoff("on", &b) && b, "on|off: on");
	tap_ok(!parse_onoff("off", &b) && !b, "on|off: off");
	tap_ok(parse_onoff("ON", &b) == -EINVAL && !b &&
	       parse_onoff("1", &b) == -EINVAL &&
	       parse_onoff("", &b) == -EINVAL &&
	       parse_onoff(NULL, &b) == -EINVAL, "on|off: other words rejected");

	addr_short("0x1234", 0x1234);
	addr_short("0x0", 0);
	addr_short("0xFFFF", 0xffff);
	addr_short("0Xab", 0xab);
	addr_ext("00:11:22:33:44:55:66:77", 0x0011223344556677ULL);
	addr_ext("AA:bb:CC:dd:EE:ff:00:01", 0xaabbccddeeff0001ULL);
	addr_ext("0011223344556677", 0x0011223344556677ULL);
	addr_ext("ffffffffffffffff", UINT64_MAX);
	addr_bad("");
	addr_bad(NULL);
	addr_bad("0x");
	addr_bad("0x12345");
	addr_bad("1234");
	addr_bad("0x12g4");
	addr_bad("00:11:22:33:44:55:66");
	addr_bad("00:11:22:33:44:55:66:77:88");
	addr_bad("00-11-22-33-44-55-66-77");
	addr_bad("0:11:22:33:44:55:66:777");
	addr_bad("001122334455667");
	addr_bad("00112233445566778");
	addr_bad("001122334455667g");
	addr_bad("00:11:22:33:44:55:66:7g");
	addr_bad(" 0x1234");

	prefix_ok("2001:db8::/64", "2001:db8::", 64);
	prefix_ok("::/0", "::", 0);
	prefix_ok("fe80::1/128", "fe80::1", 128);
	prefix_ok("2001:db8:0:2::/63", "2001:db8:0:2::", 63);
	prefix_bad("2001:db8:0:1::/63", -EINVAL);
	prefix_bad("2001:db8::/129", -ERANGE);
	prefix_bad("2001:db8::", -EINVAL);
	prefix_bad("2001:db8::/", -EINVAL);
	prefix_bad("/64", -EINVAL);
	prefix_bad("2001:db8::/-1", -EINVAL);
	prefix_bad("2001:db8::/0x40", -EINVAL);
	prefix_bad("2001:db8::/64x", -EINVAL);
	prefix_bad("2001:db8::1/64", -EINVAL);	/* host bits set */
	prefix_bad("2001:db8:0:1::/47", -EINVAL);
	prefix_bad("10.0.0.0/8", -EINVAL);
	prefix_bad("2001:db8::g/64", -EINVAL);
	prefix_bad("1111:2222:3333:4444:5555:6666:7777:8888:9999/64", -EINVAL);
	prefix_bad(NULL, -EINVAL);

	tap_ok(valid_ifname("mesh0") && valid_ifname("mesh%d") &&
	       valid_ifname("a23456789012345"), "interface names accepted");
	tap_ok(!valid_ifname("") && !valid_ifname("a234567890123456") &&
	       !valid_ifname("a/b") && !valid_ifname("a:b") &&
	       !valid_ifname("a b") && !valid_ifname(".") &&
	       !valid_ifname("..") && !valid_ifname(NULL),
	       "bad interface names rejected");

	ago_ok(0, "0.0s");
	ago_ok(99, "0.0s");
	ago_ok(1234, "1.2s");
	ago_ok(59999, "59.9s");
	ago_ok(60000, "1m00s");
	ago_ok(192000, "3m12s");
	ago_ok(3599999, "59m59s");
	ago_ok(3600000, "1h00m");
	ago_ok(7500000, "2h05m");
	ago_ok(86400000, "1d00h");
	ago_ok(UINT32_MAX, "49d17h");

	name_ok(&route_origins, 0, "static");
	name_ok(&route_origins, 1, "learned");
	name_ok(&route_origins, 2, "mesh");
	name_ok(&route_origins, 3, "3");
	name_ok(&ctx_origins, 0, "configured");
	name_ok(&ctx_origins, 1, "mesh");
	name_ok(&ctx_origins, 2, "6co");
	name_ok(&ctx_origins, 3, "auto");
	name_ok(&ctx_origins, 4294967295u, "4294967295");
	name_ok(&ctx_phases, 0, "hold");
	name_ok(&ctx_phases, 1, "compress");
	name_ok(&ctx_phases, 2, "drain");
	name_ok(&ctx_phases, 3, "expired");
	name_ok(&ctx_phases, 4, "4");
	name_ok(&ctx_authorities, 0, "off");
	name_ok(&ctx_authorities, 1, "on");
	name_ok(&ctx_authorities, 2, "auto");
	name_ok(&mesh_events, 0, "route");
	name_ok(&mesh_events, 1, "neigh");
	name_ok(&mesh_events, 2, "ctx");
	tap_ok(parse_name(&ctx_authorities, "on") == 1 &&
	       parse_name(&ctx_authorities, "off") == 0 &&
	       parse_name(&ctx_authorities, "auto") == 2,
	       "parse_name: the authority roles");
	tap_ok(parse_name(&ctx_authorities, "ON") == -EINVAL &&
	       parse_name(&ctx_authorities, "") == -EINVAL &&
	       parse_name(&ctx_authorities, "1") == -EINVAL &&
	       parse_name(&ctx_authorities, NULL) == -EINVAL,
	       "parse_name: other words, numbers and NULL rejected");

	tap_ok(!strcmp(format_ext_addr(0x0011223344556677ULL, buf),
		       "00:11:22:33:44:55:66:77"), "format extended address");
	tap_ok(!parse_ieee802154_addr(format_ext_addr(0xfedcba9876543210ULL, buf), &a) &&
	       a.ext_addr == 0xfedcba9876543210ULL,
	       "extended address round trip");
	tap_ok(!strcmp(format_short_addr(0xfffe, sbuf), "0xfffe") &&
	       !strcmp(format_short_addr(0x12, sbuf), "0x0012"),
	       "format short address");
}
