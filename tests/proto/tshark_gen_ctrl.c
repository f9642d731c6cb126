// SPDX-License-Identifier: GPL-2.0
/*
 * Router advertisements carrying 6LoWPAN Context Options (RFC 6775 4.2),
 * laid out with the lm_ctrl.h constants, in IPv6 packets with a correct
 * ICMPv6 checksum, written to a pcap file (link type 101, LINKTYPE_RAW:
 * the packets start with the IPv6 header). Beside it, what tshark must
 * decode from each packet: the values lm_ra_6co() reads from the same
 * bytes (lifetime back in minutes), one line per packet, fields separated
 * by '|' in the order of FIELDS below, several 6COs of a packet separated
 * by ',' (tshark -T fields -E occurrence=a).
 *
 * usage: tshark_gen_ctrl OUT.pcap OUT.expected
 * The first line of OUT.expected is the list of tshark fields; the script
 * is tshark_check.sh, shared with tshark_gen.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_ctrl.h"

#define LINKTYPE_RAW 101
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_6CO 4

static const char * const fields[] = {
	"icmpv6.type", "icmpv6.checksum.status",
	"icmpv6.opt.6co.context_length", "icmpv6.opt.6co.flag.c",
	"icmpv6.opt.6co.flag.cid", "icmpv6.opt.6co.valid_lifetime",
	"icmpv6.opt.6co.context_prefix",
};

#define NFIELDS ARRAY_SIZE(fields)

struct sixco {
	u8 units;		/* option length: 2 or 3 */
	u8 plen;
	bool c;
	u8 cid;
	u16 minutes;
	u8 prefix[16];		/* clean past plen: tshark prints it raw */
};

struct packet {
	const char *name;
	bool sllao, pio;
	int n;
	struct sixco co[MAX_6CO];
};

#define P(...) { __VA_ARGS__ }

static const struct packet packets[] = {
	{ "RA, one 6CO 2001:db8:1:2::/64 C CID 1 10 min", .n = 1, .co = {
	  { 2, 64, true, 1, 10, P(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2) } } },
	{ "RA, SLLAO, PIO, 6CO /128 CID 15 65535 min + 6CO /1 CID 0",
	  .sllao = true, .pio = true, .n = 2, .co = {
	  { 3, 128, false, 15, 0xffff,
	    P(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe,
	      0x33, 0x44, 0x55) },
	  { 2, 1, true, 0, 1, P(0x80) } } },
	{ "RA, 6CO /65 in length 3, lifetime 0", .n = 1, .co = {
	  { 3, 65, true, 7, 0,
	    P(0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x00, 0x01, 0x80) } } },
	{ "RA, 6COs fc00::/7, /127, /8, /100", .pio = true, .n = 4, .co = {
	  { 2, 7, true, 2, 60, P(0xfc) },
	  { 3, 127, false, 3, 1440,
	    P(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	      0xfe) },
	  { 2, 8, true, 4, 2, P(0xfd) },
	  { 3, 100, true, 5, 300,
	    P(0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8, 0x90) } } },
};

static const u8 src_addr[16] = { 0xfe, 0x80, [8] = 0x02, 0x11, 0x22, 0xff,
				 0xfe, 0x33, 0x44, 0x55 };
static const u8 dst_addr[16] = { 0xff, 0x02, [15] = 0x01 };

static void die(const char *what)
{
	fprintf(stderr, "tshark_gen_ctrl: %s\n", what);
	exit(2);
}

static void put_le(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = v & 0xff;
}

static void put_be(u8 *p, unsigned int n, u64 v)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static u32 sum16(const u8 *p, size_t n, u32 s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += p[i] << 8 | p[i + 1];
	if (n & 1)
		s += p[n - 1] << 8;
	return s;
}

/* The ICMPv6 message; returns its length. */
static size_t build_ra(const struct packet *pk, u8 *p)
{
	size_t n = LM_RA_HDR_LEN;
	int i;

	memset(p, 0, 512);
	p[0] = LM_ICMP6_RA;
	p[4] = 64;			/* cur hop limit */
	put_be(p + 6, 2, 1800);		/* router lifetime */
	if (pk->sllao) {		/* EUI-64 link-layer address */
		p[n] = 1;
		p[n + 1] = 2;
		memcpy(p + n + 2, "\x02\x11\x22\xff\xfe\x33\x44\x55", 8);
		n += 16;
	}
	if (pk->pio) {			/* 2001:db8:1::/64, L and A */
		p[n] = 3;
		p[n + 1] = 4;
		p[n + 2] = 64;
		p[n + 3] = 0xc0;
		put_be(p + n + 4, 4, 2592000);
		put_be(p + n + 8, 4, 604800);
		memcpy(p + n + 16, "\x20\x01\x0d\xb8\x00\x01", 6);
		n += 32;
	}
	for (i = 0; i < pk->n; i++) {
		const struct sixco *c = &pk->co[i];

		p[n] = LM_ND_OPT_6CO;
		p[n + 1] = c->units;
		p[n + 2] = c->plen;
		p[n + 3] = (c->c ? 0x10 : 0) | c->cid;
		put_be(p + n + 6, 2, c->minutes);
		memcpy(p + n + 8, c->prefix, (c->units - 1) * 8);
		n += c->units * 8;
	}
	return n;
}

/* IPv6 header, then the message, with its checksum. */
static size_t build_packet(const struct packet *pk, u8 *p)
{
	u8 *icmp = p + 40;
	size_t n = build_ra(pk, icmp);
	u32 s;

	memset(p, 0, 40);
	p[0] = 0x60;
	put_be(p + 4, 2, n);
	p[6] = 58;			/* ICMPv6 */
	p[7] = 255;
	memcpy(p + 8, src_addr, 16);
	memcpy(p + 24, dst_addr, 16);
	s = sum16(src_addr, 16, 0);
	s = sum16(dst_addr, 16, s);
	s += n + 58;
	s = sum16(icmp, n, s);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	put_be(icmp + 2, 2, ~s & 0xffff);
	return 40 + n;
}

/* What tshark prints, from what lm_ra_6co() read. */
static void expected(FILE *f, const struct packet *pk, const u8 *icmp,
		     size_t len)
{
	struct lm_ctx_entry e[MAX_6CO];
	char addr[INET6_ADDRSTRLEN];
	unsigned int ignored;
	int n = lm_ra_6co(icmp, len, e, MAX_6CO, &ignored), i, col;

	if (n != pk->n || ignored)
		die("lm_ra_6co() did not read every 6CO");
	fprintf(f, "%d|1", LM_ICMP6_RA);
	for (col = 2; col < (int)NFIELDS; col++) {
		fputc('|', f);
		for (i = 0; i < n; i++) {
			if (i)
				fputc(',', f);
			switch (col) {
			case 2:
				fprintf(f, "%u", e[i].plen);
				break;
			case 3:
				fprintf(f, "%d", e[i].compress);
				break;
			case 4:
				fprintf(f, "%u", e[i].id);
				break;
			case 5:
				if (e[i].lifetime % 60)
					die("lifetime not in minutes");
				fprintf(f, "%" PRIu32, e[i].lifetime / 60);
				break;
			case 6:
				if (!inet_ntop(AF_INET6, e[i].prefix, addr,
					       sizeof(addr)))
					die("inet_ntop");
				fputs(addr, f);
				break;
			}
		}
	}
	fprintf(f, "|%s\n", pk->name);
}

int main(int argc, char **argv)
{
	FILE *pcap, *exp;
	u8 hdr[24], rec[16], pkt[40 + 512];
	size_t i, n;

	if (argc != 3)
		die("usage: tshark_gen_ctrl OUT.pcap OUT.expected");
	pcap = fopen(argv[1], "wb");
	exp = fopen(argv[2], "w");
	if (!pcap || !exp)
		die("cannot open output");

	/* pcap global header, little endian, microsecond timestamps */
	put_le(hdr, 4, 0xa1b2c3d4);
	put_le(hdr + 4, 2, 2);
	put_le(hdr + 6, 2, 4);
	put_le(hdr + 8, 4, 0);
	put_le(hdr + 12, 4, 0);
	put_le(hdr + 16, 4, 65535);
	put_le(hdr + 20, 4, LINKTYPE_RAW);
	if (fwrite(hdr, sizeof(hdr), 1, pcap) != 1)
		die("write");

	for (i = 0; i < NFIELDS; i++)
		fprintf(exp, "%s%s", i ? " " : "", fields[i]);
	fputc('\n', exp);

	for (i = 0; i < ARRAY_SIZE(packets); i++) {
		n = build_packet(&packets[i], pkt);
		put_le(rec, 4, 1764000000 + i);
		put_le(rec + 4, 4, 0);
		put_le(rec + 8, 4, n);
		put_le(rec + 12, 4, n);
		if (fwrite(rec, sizeof(rec), 1, pcap) != 1 ||
		    fwrite(pkt, n, 1, pcap) != 1)
			die("write");
		expected(exp, &packets[i], pkt + 40, n - 40);
	}
	if (fclose(pcap) || fclose(exp))
		die("close");
	return 0;
}
