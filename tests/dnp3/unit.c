// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the pure code: CRC-16-DNP, the link frame parser and
 * the configuration parser.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc.h"
#include "frame.h"
#include "config.h"
#include "tap.h"


/*
 * CRC-16-DNP straight from its definition, one bit at a time, in the
 * non-reflected form: polynomial x^16+x^13+x^12+x^11+x^10+x^8+x^6+x^5+x^2+1
 * (0x3D65), every input byte bit-reversed, the register bit-reversed at the
 * end, then complemented. Independent of the table in crc.c.
 */
static uint8_t rev8(uint8_t b)
{
	uint8_t r = 0;
	int i;

	for (i = 0; i < 8; i++)
		if (b & (1 << i))
			r |= 0x80 >> i;
	return r;
}

static uint16_t rev16(uint16_t v)
{
	return (uint16_t)(rev8(v & 0xff) << 8 | rev8(v >> 8));
}

static uint16_t crc_by_definition(const uint8_t *buf, size_t len)
{
	uint16_t reg = 0;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		reg ^= (uint16_t)(rev8(buf[i]) << 8);
		for (bit = 0; bit < 8; bit++)
			reg = (reg & 0x8000) ? (uint16_t)(reg << 1) ^ 0x3D65 :
					       (uint16_t)(reg << 1);
	}
	return (uint16_t)~rev16(reg);
}

static void test_crc(void)
{
	static const uint8_t check[] = "123456789";
	static const uint8_t reset[] = { 0x05, 0x64, 0x05, 0xC0, 0x01, 0x00,
					 0x00, 0x04 };
	uint8_t buf[300];
	int i, same = 1;

	tap_ok(dnp3_crc16(check, 9) == 0xEA82,
		   "crc: catalogue check value of \"123456789\" is 0xEA82");
	tap_ok(crc_by_definition(check, 9) == 0xEA82,
		   "crc: bitwise definition gives 0xEA82 too");
	tap_ok(dnp3_crc16(reset, 8) == 0x21E9,
		   "crc: RESET_LINK_STATES header 05 64 05 C0 01 00 00 04 -> E9 21");
	srand(1);
	for (i = 0; i < 300; i++)
		buf[i] = (uint8_t)rand();
	for (i = 0; i <= 300; i++)
		same &= dnp3_crc16(buf, i) == crc_by_definition(buf, i);
	tap_ok(same, "crc: table matches definition for lengths 0..300");
	dnp3_crc16_put(buf + 8, reset, 8);
	tap_ok(buf[8] == 0xE9 && buf[9] == 0x21, "crc: sent low byte first");
}

struct collect {
	int n;
	size_t len[64];
	uint8_t frames[64][DNP3_MAX_FRAME];
};

static void collect_cb(void *ctx, const uint8_t *f, size_t len)
{
	struct collect *c = ctx;

	if (c->n < 64) {
		memcpy(c->frames[c->n], f, len);
		c->len[c->n] = len;
	}
	c->n++;
}

static size_t make_frame(uint8_t *out, size_t n, uint16_t dst, uint16_t src)
{
	uint8_t data[250];
	size_t i;

	for (i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7 + dst);
	return dnp3_frame_build(out, 0xC4, dst, src, data, n);
}

static void test_frame_build(void)
{
	uint8_t f[DNP3_MAX_FRAME];
	size_t n;

	n = dnp3_frame_build(f, 0xC0, 1, 1024, NULL, 0);
	tap_ok(n == 10 && f[8] == 0xE9 && f[9] == 0x21,
		   "frame: RESET_LINK_STATES 1024->1 builds byte-exact");
	tap_ok(make_frame(f, 250, 1, 2) == DNP3_MAX_FRAME &&
		   dnp3_frame_validate(f, DNP3_MAX_FRAME) == DNP3_MAX_FRAME,
		   "frame: 250 data bytes make the largest frame, 292 bytes");
	tap_ok(make_frame(f, 16, 1, 2) == 28 && make_frame(f, 17, 1, 2) == 31,
		   "frame: block boundary sizes 16 -> 28, 17 -> 31");
	tap_ok(dnp3_frame_size(4) == 0 && dnp3_frame_size(5) == 10,
		   "frame: LEN below 5 is invalid");
	tap_ok(!dnp3_frame_build(f, 0, 0, 0, f, 251),
		   "frame: more than 250 data bytes refused");
}

static void test_parser_clean(void)
{
	struct dnp3_parser p;
	struct collect c = { 0 };
	uint8_t stream[2000];
	size_t len = 0, sizes[] = { 0, 1, 15, 16, 17, 100, 250 }, i;

	for (i = 0; i < 7; i++)
		len += make_frame(stream + len, sizes[i], (uint16_t)i, 100);
	dnp3_parser_init(&p);
	for (i = 0; i < len; i++)
		dnp3_parser_feed(&p, stream + i, 1, collect_cb, &c);
	tap_ok(c.n == 7 && p.stats.crc_errors == 0 && p.stats.resyncs == 0,
		   "parser: 7 frames fed one byte at a time come out whole");
	memset(&c, 0, sizeof(c));
	dnp3_parser_init(&p);
	dnp3_parser_feed(&p, stream, len, collect_cb, &c);
	tap_ok(c.n == 7 && c.len[6] == 292 && !dnp3_parser_pending(&p),
		   "parser: 7 frames fed at once come out whole");
}

static void test_parser_noise(void)
{
	static const uint8_t noise[] = { 0x00, 0x05, 0x05, 0x64, 0x05, 0x64,
					 0xff, 0x05, 0x64, 0x10, 0x44, 0x05 };
	struct dnp3_parser p;
	struct collect c = { 0 };
	uint8_t stream[2000], good1[300], good2[300];
	size_t len = 0, n1, n2, bad;

	n1 = make_frame(good1, 20, 10, 1);
	n2 = make_frame(good2, 3, 11, 1);
	memcpy(stream + len, noise, sizeof(noise));
	len += sizeof(noise);
	memcpy(stream + len, good1, n1);
	len += n1;
	/* a frame with a corrupted data block CRC */
	bad = make_frame(stream + len, 30, 12, 1);
	stream[len + 12] ^= 0x40;
	len += bad;
	/* a frame with a corrupted header CRC */
	bad = make_frame(stream + len, 5, 13, 1);
	stream[len + 8] ^= 1;
	len += bad;
	memcpy(stream + len, good2, n2);
	len += n2;
	dnp3_parser_init(&p);
	dnp3_parser_feed(&p, stream, len, collect_cb, &c);
	tap_ok(c.n == 2 && c.len[0] == n1 && !memcmp(c.frames[0], good1, n1) &&
		   c.len[1] == n2 && !memcmp(c.frames[1], good2, n2),
		   "parser: good frames around noise and bad CRCs pass byte-exact");
	tap_ok(p.stats.crc_errors >= 2 && p.stats.resyncs == 2,
		   "parser: CRC errors counted (%llu), resyncs counted (%llu)",
		   (unsigned long long)p.stats.crc_errors,
		   (unsigned long long)p.stats.resyncs);
}

/* A false header claiming 255 bytes must not swallow a following frame. */
static void test_parser_false_start(void)
{
	struct dnp3_parser p;
	struct collect c = { 0 };
	uint8_t stream[400], good[300];
	size_t n, len;

	/* a valid header with LEN 255 whose body never arrives */
	dnp3_frame_build(stream, 0xC4, 1, 2, NULL, 0);
	stream[2] = 255;
	dnp3_crc16_put(stream + 8, stream, 8);
	n = make_frame(good, 0, 3, 4);
	memcpy(stream + 10, good, n);
	len = 10 + n;
	dnp3_parser_init(&p);
	dnp3_parser_feed(&p, stream, len, collect_cb, &c);
	/* the body's first block CRC cannot match yet: wait for the timeout */
	dnp3_parser_timeout(&p, collect_cb, &c);
	tap_ok(c.n == 1 && c.len[0] == n && !memcmp(c.frames[0], good, n) &&
		   !dnp3_parser_pending(&p),
		   "parser: frame behind a truncated false header found after timeout");

	/* with the rest of the stream, the block CRC rejects the false start */
	memset(&c, 0, sizeof(c));
	dnp3_parser_init(&p);
	len += make_frame(stream + len, 40, 5, 6);
	dnp3_parser_feed(&p, stream, len, collect_cb, &c);
	tap_ok(c.n == 2 && p.stats.crc_errors == 1,
		   "parser: false header rejected by its first block CRC, both frames pass");
}

static void test_parser_random(void)
{
	struct dnp3_parser p;
	struct collect c = { 0 };
	uint8_t f[DNP3_MAX_FRAME], junk[64];
	int i, j, lost = 0, rounds = 300;
	size_t n, k;

	srand(7);
	dnp3_parser_init(&p);
	for (i = 0; i < rounds; i++) {
		k = rand() % sizeof(junk);
		for (j = 0; j < (int)k; j++)
			junk[j] = (uint8_t)(rand() % 3 ? rand() : 0x05);
		/* noise, then a good frame, then a quiet line */
		dnp3_parser_feed(&p, junk, k, collect_cb, &c);
		n = make_frame(f, rand() % 251, (uint16_t)i, 9);
		c.n = 0;
		dnp3_parser_feed(&p, f, n, collect_cb, &c);
		dnp3_parser_timeout(&p, collect_cb, &c);
		if (c.n < 1 || c.len[c.n - 1] != n ||
		    memcmp(c.frames[c.n - 1], f, n))
			lost++;
	}
	tap_ok(!lost, "parser: %d random noise bursts, no good frame lost (%d lost)",
		   rounds, lost);
}

static int parse(const char *text, struct cfg *cfg, char *err)
{
	return cfg_parse(cfg, text, strlen(text), "t.conf", err, 256);
}

static const char good_conf[] =
	"# example\n"
	"[global]\n"
	"keepalive = 250ms\n"
	"allow-masters = 1 100-110\n"
	"[serial rtu1]\n"
	"device = /dev/ttyS0\n"
	"baud = 19200\n"
	"parity = even\n"
	"addresses = 10 11 0x20-0x2f\n"
	"[serial rtu2]\n"
	"device = /dev/ttyS1\n"
	"rs485 = on\n"
	"addresses = 12\n"
	"[tcp-listen]\n"
	"address = ::1\n"
	"[udp u]\n"
	"address = 127.0.0.1\n"
	"port = 20001\n";

/* the same file in the 0.1 grammar (keys above the first section: [global]) */
static const char good_conf_old[] =
	"# example\n"
	"keepalive 250ms\n"
	"allow-masters 1 100-110\n"
	"[serial rtu1]\n"
	"device /dev/ttyS0\n"
	"baud 19200\n"
	"parity even\n"
	"addresses 10 11 0x20-0x2f\n"
	"[serial rtu2]\n"
	"device /dev/ttyS1\n"
	"rs485 on\n"
	"addresses 12\n"
	"[tcp-listen]\n"
	"address ::1\n"
	"[udp u]\n"
	"address 127.0.0.1\n"
	"port 20001\n";

static void test_config_good(void)
{
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	char err[256] = "";
	int ret = parse(good_conf, cfg, err);

	if (ret)
		tap_diag("%s", err);
	tap_ok(ret == 0, "config: good file parses");
	tap_ok(!*cfg->deprecated, "config: the new grammar gives no warning");
	tap_ok(cfg->keepalive_ms == 250 && cfg->n_ports == 2 &&
		   cfg->ports[0].baud == 19200 &&
		   cfg->ports[0].parity == CFG_PARITY_EVEN &&
		   cfg->ports[1].rs485 && cfg->n_eps == 2 &&
		   cfg->eps[0].port == 20000 && cfg->eps[1].port == 20001,
		   "config: values and defaults land where expected");
	tap_ok(cfg_addr_in(&cfg->ports[0].addrs, 0x25) &&
		   !cfg_addr_in(&cfg->ports[0].addrs, 12) &&
		   cfg_addr_in(&cfg->allow, 105) && !cfg_addr_in(&cfg->allow, 2),
		   "config: address lists and ranges");
	tap_ok(cfg->keepalive_timeout_ms == CFG_DEFAULT_KA_TIMEOUT_MS,
		   "config: keepalive-timeout default");
	parse("[serial a]\ndevice = /dev/x\naddresses = 1\n[udp]\naddress = ::1\n",
	      cfg, err);
	tap_ok(cfg->keepalive_ms == 60000 && cfg->eps[0].port == 20000,
		   "config: keep-alive 60 s and port 20000 by default");
	free(cfg);
}

/* the warning and the line numbers set aside */
static void strip_cfg(struct cfg *c)
{
	unsigned int i;

	memset(c->deprecated, 0, sizeof(c->deprecated));
	for (i = 0; i < CFG_MAX_PORTS; i++)
		c->ports[i].line = 0;
	for (i = 0; i < CFG_MAX_ENDPOINTS; i++)
		c->eps[i].line = 0;
}

/* both parsed: the same bytes, but for the warning and line numbers? */
static int same_cfg(struct cfg *a, struct cfg *b)
{
	strip_cfg(a);
	strip_cfg(b);
	return !memcmp(a, b, sizeof(*a));
}

/* a whole file, read with cfg_load */
static int load(const char *path, struct cfg *cfg, char *err)
{
	return cfg_load(cfg, path, err, 256);
}

#define EXAMPLE		"../../userspace/dnp3-serial-bridge/dnp3-serial-bridge.conf.example"
#define EXAMPLE_01	"old-grammar.conf"

/* the 0.1 grammar: read for one more release, with one warning */
static void test_config_old(void)
{
	struct cfg *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	char err[256] = "", err2[256] = "";
	int ra, rb;

	ra = parse(good_conf, a, err);
	rb = parse(good_conf_old, b, err2);
	tap_ok(ra == 0 && rb == 0, "config: the 0.1 grammar still parses (%s)",
	       err2);
	tap_ok(!strcmp(b->deprecated,
		       "t.conf:2: 'keepalive 250ms' is the old syntax (deprecated, read until the next release): "
		       "write 'keepalive = 250ms' (12 old lines in all)"),
	       "config: one warning: file:line of the first old line, what to write, how many");
	if (*b->deprecated)
		tap_diag("%s", b->deprecated);
	tap_ok(same_cfg(a, b), "config: both grammars give the same configuration");
	ra = load(EXAMPLE, a, err);
	rb = load(EXAMPLE_01, b, err2);
	if (ra || rb)
		tap_diag("%s %s", err, err2);
	tap_ok(ra == 0 && rb == 0 && !*a->deprecated && *b->deprecated &&
		   a->n_ports == 3 && a->n_eps == 4 && same_cfg(a, b),
	       "config: the example and its 0.1 copy give the same configuration");
	/* '#' after text was a comment in 0.1, keys above a header [global] */
	rb = parse("keepalive 5s # five\n[serial a] # rtu\ndevice /dev/x\n"
		   "addresses 1\n[udp]\naddress ::1\n", b, err);
	tap_ok(rb == 0 && b->keepalive_ms == 5000 && b->n_ports == 1 &&
		   strstr(b->deprecated, "t.conf:1: 'keepalive 5s # five' is the old syntax") &&
		   strstr(b->deprecated, "write 'keepalive = 5s'"),
	       "config: 0.1 comments after text and keys above the first section");
	/* new lines, but keys above the first section */
	rb = parse("keepalive = 5s\n[serial a]\ndevice = /dev/x\n"
		   "addresses = 1\n[udp]\naddress = ::1\n", b, err);
	tap_ok(rb == 0 && b->keepalive_ms == 5000 &&
		   !strcmp(b->deprecated, "t.conf:1: keys above the first section are deprecated "
			   "(read until the next release): write [global] above them"),
	       "config: keys above the first section: read as [global], one warning");
	/* a mix: the old lines are the ones named */
	rb = parse("[global]\nkeepalive = 5s\nmax-sessions 3\n[serial a]\ndevice = /dev/x\n"
		   "addresses = 1\n[udp]\naddress = ::1\n", b, err);
	tap_ok(rb == 0 && b->max_sessions == 3 &&
		   strstr(b->deprecated, "t.conf:3: 'max-sessions 3' is the old syntax") &&
		   !strstr(b->deprecated, "in all"),
	       "config: one old line among new ones is named, no count");
	free(a);
	free(b);
}

struct bad_case {
	const char *text;
	const char *expect;
};

static const struct bad_case bad_cases[] = {
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\nbaud = fast\n[udp]\naddress = ::1\n",
	  "t.conf:4: baud: 'fast' is not a number" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\n[udp]\naddress = 1.2.3\n",
	  "t.conf:5: address: '1.2.3' is not a numeric IPv4 or IPv6 address" },
	{ "[global]\nbogus = 1\n", "t.conf:2: unknown key 'bogus' in [global]" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 70000\n",
	  "t.conf:3: addresses: 70000 is out of range 0..65535" },
	{ "[global]\nkeepalive = 5 fortnights\n",
	  "t.conf:2: keepalive: unknown unit in '5 fortnights' (use ms, s or m)" },
	{ "[serial a\n", "t.conf:1: missing ']' in section header" },
	{ "[serial a]\ndevice = /dev/x\n[tcp-listen]\naddress = ::1\n",
	  "t.conf:1: [serial a] needs 'addresses' (the DNP3 addresses behind it)" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1-5\n[serial b]\ndevice = /dev/y\naddresses = 5\n[udp]\naddress = ::1\n",
	  "t.conf:4: [serial b] shares DNP3 addresses with [serial a]" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\n[tcp-listen]\naddress = ::1\ntls = on\n",
	  "t.conf:4: tls needs tls-cert, tls-key and tls-ca in [global]" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 9-3\n",
	  "t.conf:3: addresses: range 9-3 is reversed" },
	{ "[serial a]\ndevice = /dev/x\nmode = raw\n[udp]\naddress = ::1\n",
	  "t.conf:1: [serial a] is raw: exactly one [tcp-listen] needs 'raw-serial = a'" },
	{ "", "t.conf: no [serial NAME] section" },
	{ "[modem x]\n", "t.conf:1: unknown section [modem] (global, serial, tcp-listen, tcp-connect, udp)" },
	{ "[serial a]\nparity\n", "t.conf:2: 'parity' needs a value" },
	{ "[serial a]\nparity =\n", "t.conf:2: parity: '' is not none, even or odd" },
	{ "[serial a]\nbaud = -5\n", "t.conf:2: baud: '-5' is not a number" },
	{ "[serial a]\nbaud = 0x\n", "t.conf:2: baud: '0x' is not a number" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\n[serial b]\ndevice = /dev/x\naddresses = 2\n[udp]\naddress = ::1\n",
	  "t.conf:4: [serial b] uses /dev/x like [serial a]" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 10 65530-65535\n[udp]\naddress = ::1\n",
	  "t.conf:1: [serial a] addresses: 0xFFFD-0xFFFF are broadcast, no device owns them" },
	{ "[serial a]\ndevice = /dev/x # rtu\naddresses = 1\n[udp]\naddress = ::1\n",
	  "t.conf:2: device: value must not contain spaces" },
	{ "[serial a b]\n", "t.conf:1: section name 'a b': use letters, digits, - and _" },
	/* the 0.1 grammar gives the same errors */
	{ "[serial a]\ndevice /dev/x\naddresses 1\nbaud fast\n[udp]\naddress ::1\n",
	  "t.conf:4: baud: 'fast' is not a number" },
	{ "bogus 1\n", "t.conf:1: unknown key 'bogus' in [global]" },
	{ "[serial a]\ndevice /dev/x\naddresses 1-5\n[serial b]\ndevice /dev/y\naddresses 5\n[udp]\naddress ::1\n",
	  "t.conf:4: [serial b] shares DNP3 addresses with [serial a]" },
};

/* values that parse but would fail (or misbehave) at start */
static const struct bad_case start_cases[] = {
	{ "[global]\nframe-timeout = 0\n", "t.conf:2: frame-timeout: must be at least 1ms" },
	{ "[global]\nframe-timeout = 0ms\n", "t.conf:2: frame-timeout: must be at least 1ms" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\nbaud = 12345\n",
	  "t.conf:4: baud: 12345 is not a standard rate (e.g. 9600, 19200, 115200)" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\n[tcp-listen x]\naddress = ::1\n"
	  "[tcp-listen y]\naddress = 0::1\n",
	  "t.conf:6: 0::1 port 20000 is already bound by the section at line 4" },
	{ "[serial a]\ndevice = /dev/x\naddresses = 1\n[udp]\naddress = 0.0.0.0\nport = 5\n"
	  "[udp]\naddress = 127.0.0.1\nport = 5\n",
	  "t.conf:7: 127.0.0.1 port 5 is already bound by the section at line 4" },
	{ "[global]\nroute-move = sometimes\n",
	  "t.conf:2: route-move: 'sometimes' is not same-peer, same-endpoint or any" },
	{ "frame-timeout 0\n", "t.conf:1: frame-timeout: must be at least 1ms" },
};

static void test_config_start(void)
{
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	char err[256];
	size_t i, good = 0;

	for (i = 0; i < sizeof(start_cases) / sizeof(start_cases[0]); i++) {
		err[0] = '\0';
		if (parse(start_cases[i].text, cfg, err) == -1 &&
		    !strcmp(err, start_cases[i].expect)) {
			good++;
			continue;
		}
		tap_diag("case %zu: got \"%s\", want \"%s\"", i, err,
			 start_cases[i].expect);
	}
	tap_ok(good == i, "config: %zu values that would fail at start refused with file:line",
		   i);
	/* the same socket over TCP and UDP is fine */
	tap_ok(parse("[serial a]\ndevice = /dev/x\naddresses = 1\n[tcp-listen]\n"
			 "address = ::1\n[udp]\naddress = ::1\n", cfg, err) == 0,
		   "config: tcp-listen and udp may share address and port");
	free(cfg);
}

static void test_config_bad(void)
{
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	char err[256];
	size_t i, good = 0;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		err[0] = '\0';
		if (parse(bad_cases[i].text, cfg, err) == -1 &&
		    !strcmp(err, bad_cases[i].expect)) {
			good++;
			continue;
		}
		tap_diag("case %zu: got \"%s\", want \"%s\"", i, err,
			 bad_cases[i].expect);
	}
	tap_ok(good == i, "config: %zu malformed files give the exact line-numbered error",
		   i);
	free(cfg);
}

int main(void)
{
	test_crc();
	test_frame_build();
	test_parser_clean();
	test_parser_noise();
	test_parser_false_start();
	test_parser_random();
	test_config_good();
	test_config_old();
	test_config_bad();
	test_config_start();
	return tap_done();
}
