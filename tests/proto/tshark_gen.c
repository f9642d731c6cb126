// SPDX-License-Identifier: GPL-2.0
/*
 * Build 6LoWPAN frames with the lm_*_build codecs, wrap each in a minimal
 * IEEE 802.15.4 data frame and write them to a pcap file (link type 230,
 * LINKTYPE_IEEE802_15_4_NOFCS: the frames carry no FCS). Beside it, write
 * what tshark must decode from each frame, one line per frame, fields
 * separated by '|' in the order of FIELDS below (tshark -T fields syntax).
 *
 * usage: tshark_gen OUT.pcap OUT.expected
 * The first line of OUT.expected is the list of tshark fields.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_proto.h"

#define LINKTYPE_IEEE802_15_4_NOFCS 230

/* Order of the columns in the expected file and the tshark command. */
static const char * const fields[] = {
	"6lowpan.mesh.hops", "6lowpan.mesh.hops8",
	"6lowpan.mesh.orig16", "6lowpan.mesh.orig64",
	"6lowpan.mesh.dest16", "6lowpan.mesh.dest64",
	"6lowpan.bcast.seqnum",
	"6lowpan.frag.size", "6lowpan.frag.tag", "6lowpan.frag.offset",
	"6lowpan.reassembled.length",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NFIELDS ARRAY_SIZE(fields)

/* IPHC: TF elided, NH inline, HLIM 255, SAM=DAM=11 (from link layer);
 * next header 59 (no next header): 40 bytes of IPv6 when uncompressed.
 */
static const u8 iphc_nonxt[] = { 0x7b, 0x33, 0x3b };
#define IPHC_UNCOMPRESSED 40

struct frame {
	const char *name;
	bool mesh, bc0, frag;
	struct lm_mesh_hdr m;
	int decrements;		/* lm_mesh_hops_decrement() calls after build */
	u8 seq;
	struct lm_frag_hdr f;
	size_t data_len;	/* bytes after the IPHC (or after FRAGN) */
	int reassembled;	/* datagram size tshark reassembles here, or 0 */
};

#define M(h, ol, o, fl, fi) \
	.mesh = true, .m = { .hops_left = h, .orig_len = ol, .orig = o, \
			     .final_len = fl, .final = fi }

static const struct frame frames[] = {
	{ "mesh 64/64 hops 5", M(5, 8, 0x0011223344556677ULL, 8,
	  0x8899aabbccddeeffULL) },
	{ "mesh 16/16 hops 14", M(14, 2, 0x1234, 2, 0xabcd) },
	{ "mesh 64/16 hops 1", M(1, 8, 0x0200000000000001ULL, 2, 0x0002) },
	{ "mesh 16/64 hops 0", M(0, 2, 0x0001, 8, 0xfedcba9876543210ULL) },
	{ "mesh 16/64 deep hops 15", M(15, 2, 0x00ff, 8, 0x1) },
	{ "mesh 64/64 deep hops 255", M(255, 8, 0xffffffffffffffffULL, 8,
	  0x8000000000000000ULL) },
	{ "mesh deep 16 decremented twice to 14", M(16, 2, 0x0a0b, 2, 0x0c0d),
	  .decrements = 2 },
	{ "mesh short 3 decremented to 2", M(3, 2, 0x0a0b, 8, 0x0c0d),
	  .decrements = 1 },
	{ "BC0 seq 255", .bc0 = true, .seq = 255 },
	{ "mesh + BC0 seq 42", M(2, 2, 0x0001, 2, 0xffff), .bc0 = true,
	  .seq = 42 },
	/* a datagram of 56 bytes in two fragments that tshark reassembles */
	{ "mesh + FRAG1 size 56", M(4, 8, 0x0200000000000001ULL, 8,
	  0x0200000000000002ULL), .frag = true,
	  .f = { .first = true, .size = 56, .tag = 0xbeef }, .data_len = 8 },
	{ "mesh + FRAGN size 56 offset 48", M(4, 8, 0x0200000000000001ULL, 8,
	  0x0200000000000002ULL), .frag = true,
	  .f = { .size = 56, .tag = 0xbeef, .offset = 48 }, .data_len = 8,
	  .reassembled = 56 },
	{ "FRAG1 size 2047 tag 0xffff", .frag = true,
	  .f = { .first = true, .size = 2047, .tag = 0xffff }, .data_len = 8 },
	{ "FRAGN size 2047 offset 2040", .frag = true,
	  .f = { .size = 2047, .tag = 0x0102, .offset = 2040 }, .data_len = 7 },
	{ "mesh + BC0 + FRAG1", M(200, 2, 0x0001, 2, 0xffff), .bc0 = true,
	  .seq = 0, .frag = true, .f = { .first = true, .size = 48, .tag = 1 },
	  .data_len = 0 },
};

static void die(const char *what)
{
	fprintf(stderr, "tshark_gen: %s\n", what);
	exit(2);
}

static void put_le(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = v & 0xff;
}

/*
 * 802.15.4-2003 data frame, PAN ID compression, destination short
 * broadcast 0xffff in PAN 0xabcd, source extended 01:02:...:08.
 * Returns the header length.
 */
static size_t mac_header(u8 *p, u8 seq)
{
	u16 fc = 0x0001		/* data frame */
	       | 0x0040		/* PAN ID compression */
	       | (2 << 10)	/* destination: short address */
	       | (3 << 14);	/* source: extended address */

	put_le(p, 2, fc);
	p[2] = seq;
	put_le(p + 3, 2, 0xabcd);
	put_le(p + 5, 2, 0xffff);
	put_le(p + 7, 8, 0x0807060504030201ULL);
	return 15;
}

static void check(int r, const char *what)
{
	if (r < 0)
		die(what);
}

static size_t build(const struct frame *fr, u8 *p, size_t cap)
{
	size_t n = 0, i;
	int r, k;

	if (fr->mesh) {
		r = lm_mesh_hdr_build(p, cap, &fr->m);
		check(r, "mesh header");
		for (k = 0; k < fr->decrements; k++)
			check(lm_mesh_hops_decrement(p, r), "decrement");
		n += r;
	}
	if (fr->bc0) {
		r = lm_bc0_build(p + n, cap - n, fr->seq);
		check(r, "BC0 header");
		n += r;
	}
	if (fr->frag) {
		r = lm_frag_hdr_build(p + n, cap - n, &fr->f);
		check(r, "fragment header");
		n += r;
	}
	if (!fr->frag || fr->f.first) {
		if (cap - n < sizeof(iphc_nonxt))
			die("frame too big");
		memcpy(p + n, iphc_nonxt, sizeof(iphc_nonxt));
		n += sizeof(iphc_nonxt);
	}
	if (cap - n < fr->data_len)
		die("frame too big");
	for (i = 0; i < fr->data_len; i++)
		p[n++] = 0xd0 + i;
	return n;
}

static void put_field(FILE *f, int col, const char *fmt, u64 v)
{
	if (col)
		fputc('|', f);
	if (fmt)
		fprintf(f, fmt, v);
}

/* What tshark prints for a frame: its own formats (BASE_HEX, BASE_DEC). */
static void expected(FILE *f, const struct frame *fr)
{
	const struct lm_mesh_hdr *m = &fr->m;
	int hops = m->hops_left - fr->decrements;
	bool deep = m->hops_left > 14;
	bool m2o = fr->mesh && m->orig_len == 2, m8o = fr->mesh && m->orig_len == 8;
	bool m2f = fr->mesh && m->final_len == 2, m8f = fr->mesh && m->final_len == 8;
	bool fn = fr->frag && !fr->f.first;

	put_field(f, 0, fr->mesh ? "%" PRIu64 : NULL, deep ? 15 : hops);
	put_field(f, 1, fr->mesh && deep ? "%" PRIu64 : NULL, hops);
	put_field(f, 2, m2o ? "0x%04" PRIx64 : NULL, m->orig);
	put_field(f, 3, m8o ? "0x%016" PRIx64 : NULL, m->orig);
	put_field(f, 4, m2f ? "0x%04" PRIx64 : NULL, m->final);
	put_field(f, 5, m8f ? "0x%016" PRIx64 : NULL, m->final);
	put_field(f, 6, fr->bc0 ? "%" PRIu64 : NULL, fr->seq);
	put_field(f, 7, fr->frag ? "%" PRIu64 : NULL, fr->f.size);
	put_field(f, 8, fr->frag ? "0x%04" PRIx64 : NULL, fr->f.tag);
	put_field(f, 9, fn ? "%" PRIu64 : NULL, fr->f.offset);
	put_field(f, 10, fr->reassembled ? "%" PRIu64 : NULL, fr->reassembled);
	fprintf(f, "|%s\n", fr->name);
}

int main(int argc, char **argv)
{
	FILE *pcap, *exp;
	size_t i;
	u8 hdr[24];

	if (argc != 3)
		die("usage: tshark_gen OUT.pcap OUT.expected");
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
	put_le(hdr + 20, 4, LINKTYPE_IEEE802_15_4_NOFCS);
	fwrite(hdr, 1, 24, pcap);

	for (i = 0; i < NFIELDS; i++)
		fprintf(exp, "%s%s", i ? " " : "", fields[i]);
	fputc('\n', exp);

	for (i = 0; i < ARRAY_SIZE(frames); i++) {
		u8 frame[127];
		size_t n = mac_header(frame, i);

		n += build(&frames[i], frame + n, sizeof(frame) - n);
		put_le(hdr, 4, i);	/* one frame a second */
		put_le(hdr + 4, 4, 0);
		put_le(hdr + 8, 4, n);
		put_le(hdr + 12, 4, n);
		fwrite(hdr, 1, 16, pcap);
		fwrite(frame, 1, n, pcap);
		expected(exp, &frames[i]);
	}
	if (fclose(pcap) || fclose(exp))
		die("write failed");
	return 0;
}
