// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for kernel/proto/lm_proto.c.
 *
 * Prints one "ok - name" or "not ok - name" line per test and "# ..."
 * diagnostics; run.sh numbers the lines and counts them. Every parse of a
 * truncated buffer is done on a heap copy of exactly that many bytes, so
 * ASan reports any read past the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_proto.h"
#include "lm_test.h"

/* Parse wrappers that run on an exact-size heap copy. */
static int mesh_parse_x(const u8 *p, size_t n, struct lm_mesh_hdr *h)
{
	u8 *q = dup_exact(p, n);
	int r = lm_mesh_hdr_parse(q, n, h);

	free(q);
	return r;
}

static int frag_parse_x(const u8 *p, size_t n, struct lm_frag_hdr *f)
{
	u8 *q = dup_exact(p, n);
	int r = lm_frag_hdr_parse(q, n, f);

	free(q);
	return r;
}

static int bc0_parse_x(const u8 *p, size_t n, u8 *seq)
{
	u8 *q = dup_exact(p, n);
	int r = lm_bc0_parse(q, n, seq);

	free(q);
	return r;
}

static int lowpan_parse_x(const u8 *p, size_t n, struct lm_lowpan_hdrs *o)
{
	u8 *q = dup_exact(p, n);
	int r = lm_lowpan_parse(q, n, o);

	free(q);
	return r;
}

static int decrement_x(const u8 *p, size_t n, u8 *after)
{
	u8 *q = dup_exact(p, n);
	int r = lm_mesh_hops_decrement(q, n);

	if (after && n)
		memcpy(after, q, n);
	free(q);
	return r;
}

/* ---- mesh header --------------------------------------------------- */

static void test_mesh_layout_64_64(void)
{
	static const u8 exp[] = {
		0x85,
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	};
	struct lm_mesh_hdr h = {
		.hops_left = 5, .orig_len = 8, .final_len = 8,
		.orig = 0x0011223344556677ULL, .final = 0x8899aabbccddeeffULL,
	};
	struct lm_mesh_hdr p;
	u8 buf[32];

	memset(buf, 0xa5, sizeof(buf));
	CHECK_EQ(lm_mesh_hdr_len(&h), 17);
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), 17);
	CHECK_MEM(buf, exp, sizeof(exp));
	CHECK_EQ(buf[17], 0xa5);
	CHECK_EQ(mesh_parse_x(exp, sizeof(exp), &p), 17);
	CHECK_EQ(p.hops_left, 5);
	CHECK_EQ(p.orig_len, 8);
	CHECK_EQ(p.final_len, 8);
	CHECK(p.orig == h.orig);
	CHECK(p.final == h.final);
}

static void test_mesh_layout_16_16(void)
{
	static const u8 exp[] = { 0xbe, 0x12, 0x34, 0xab, 0xcd };
	struct lm_mesh_hdr h = {
		.hops_left = 14, .orig_len = 2, .final_len = 2,
		.orig = 0x1234, .final = 0xabcd,
	};
	struct lm_mesh_hdr p;
	u8 buf[5];

	CHECK_EQ(lm_mesh_hdr_len(&h), 5);
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), 5);
	CHECK_MEM(buf, exp, sizeof(exp));
	CHECK_EQ(mesh_parse_x(exp, sizeof(exp), &p), 5);
	CHECK_EQ(p.hops_left, 14);
	CHECK_EQ(p.orig_len, 2);
	CHECK_EQ(p.final_len, 2);
	CHECK_EQ(p.orig, 0x1234);
	CHECK_EQ(p.final, 0xabcd);
}

/* V flags a short originator, F a short final destination. */
static void test_mesh_layout_mixed(void)
{
	static const u8 exp_v[] = {
		0xa1, 0xbe, 0xef,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};
	static const u8 exp_f[] = {
		0x90,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0xff, 0xff,
	};
	struct lm_mesh_hdr v = {
		.hops_left = 1, .orig_len = 2, .final_len = 8,
		.orig = 0xbeef, .final = 0x0102030405060708ULL,
	};
	struct lm_mesh_hdr f = {
		.hops_left = 0, .orig_len = 8, .final_len = 2,
		.orig = 0x0102030405060708ULL, .final = 0xffff,
	};
	u8 buf[11];

	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &v), 11);
	CHECK_MEM(buf, exp_v, sizeof(exp_v));
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &f), 11);
	CHECK_MEM(buf, exp_f, sizeof(exp_f));
}

static void test_mesh_deep_hops(void)
{
	static const u8 exp15[] = { 0xbf, 0x0f, 0x00, 0x01, 0xff, 0xfe };
	static const u8 exp255[] = {
		0x8f, 0xff,
		0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	};
	/* non-canonical but valid: deep form holding a small value */
	static const u8 deep3[] = { 0xbf, 0x03, 0x00, 0x01, 0x00, 0x02 };
	struct lm_mesh_hdr h15 = {
		.hops_left = 15, .orig_len = 2, .final_len = 2,
		.orig = 0x0001, .final = 0xfffe,
	};
	struct lm_mesh_hdr h255 = {
		.hops_left = 255, .orig_len = 8, .final_len = 8,
		.orig = 0xf0e1d2c3b4a59687ULL, .final = 1,
	};
	struct lm_mesh_hdr p;
	u8 buf[18];

	CHECK_EQ(lm_mesh_hdr_len(&h15), 6);
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h15), 6);
	CHECK_MEM(buf, exp15, sizeof(exp15));
	CHECK_EQ(lm_mesh_hdr_len(&h255), 18);
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h255), 18);
	CHECK_MEM(buf, exp255, sizeof(exp255));

	CHECK_EQ(mesh_parse_x(exp15, sizeof(exp15), &p), 6);
	CHECK_EQ(p.hops_left, 15);
	CHECK_EQ(mesh_parse_x(exp255, sizeof(exp255), &p), 18);
	CHECK_EQ(p.hops_left, 255);
	CHECK(p.orig == h255.orig);
	CHECK_EQ(p.final, 1);
	CHECK_EQ(mesh_parse_x(deep3, sizeof(deep3), &p), 6);
	CHECK_EQ(p.hops_left, 3);
	CHECK_EQ(p.orig, 1);
	CHECK_EQ(p.final, 2);

	/* 14 is the largest value of the short form */
	h15.hops_left = 14;
	CHECK_EQ(lm_mesh_hdr_len(&h15), 5);
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h15), 5);
	CHECK_EQ(buf[0], 0xbe);
}

static const u64 addr_pat[] = {
	0, 1, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff,
	0x10000ULL, 0x0123456789abcdefULL, 0x8000000000000000ULL,
	0xfedcba9876543210ULL, 0xffffffffffffffffULL,
};

static const u8 hops_pat[] = { 0, 1, 2, 13, 14, 15, 16, 127, 128, 254, 255 };

static void test_mesh_roundtrip_all_lengths(void)
{
	static const u8 lens[] = { 2, 8 };
	const size_t na = ARRAY_SIZE(addr_pat), nh = ARRAY_SIZE(hops_pat);
	size_t i;

	/* every (orig len, final len, hops, orig, final) combination */
	for (i = 0; i < 2 * 2 * nh * na * na; i++) {
		struct lm_mesh_hdr h = {
			.orig_len = lens[i % 2],
			.final_len = lens[i / 2 % 2],
			.hops_left = hops_pat[i / 4 % nh],
			.orig = addr_pat[i / 4 / nh % na],
			.final = addr_pat[i / 4 / nh / na],
		};
		struct lm_mesh_hdr p;
		int want = 1 + (h.hops_left > 14) + h.orig_len + h.final_len;
		bool ok_addr = !(h.orig_len == 2 && h.orig > 0xffff) &&
			       !(h.final_len == 2 && h.final > 0xffff);
		u8 buf[LM_MESH_MAX_LEN + 1];
		int r;

		memset(buf, 0x5a, sizeof(buf));
		CHECK_EQ(lm_mesh_hdr_len(&h), want);
		r = lm_mesh_hdr_build(buf, sizeof(buf), &h);
		if (!ok_addr) {
			CHECK_EQ(r, -EINVAL);
			CHECK_EQ(buf[0], 0x5a);
			continue;
		}
		CHECK_EQ(r, want);
		CHECK_EQ(buf[want], 0x5a);
		CHECK_EQ(lm_mesh_hdr_build(buf, want - 1, &h), -ENOSPC);
		CHECK_EQ(mesh_parse_x(buf, want, &p), want);
		CHECK_EQ(p.hops_left, h.hops_left);
		CHECK_EQ(p.orig_len, h.orig_len);
		CHECK_EQ(p.final_len, h.final_len);
		CHECK(p.orig == h.orig);
		CHECK(p.final == h.final);
		if (fails)
			return;
	}
}

static void test_mesh_build_invalid(void)
{
	static const u8 bad_lens[] = { 0, 1, 3, 4, 7, 9, 16, 255 };
	struct lm_mesh_hdr h = {
		.hops_left = 3, .orig_len = 2, .final_len = 2,
		.orig = 1, .final = 2,
	};
	u8 buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_lens); i++) {
		h.orig_len = bad_lens[i];
		h.final_len = 8;
		CHECK_EQ(lm_mesh_hdr_len(&h), -EINVAL);
		CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), -EINVAL);
		h.orig_len = 8;
		h.final_len = bad_lens[i];
		CHECK_EQ(lm_mesh_hdr_len(&h), -EINVAL);
		CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), -EINVAL);
	}
	h.orig_len = 2;
	h.final_len = 2;
	h.orig = 0x10000;
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), -EINVAL);
	h.orig = 0xffff;
	h.final = 0xffffffffffffffffULL;
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), -EINVAL);
	h.final = 0xffff;
	CHECK_EQ(lm_mesh_hdr_build(buf, sizeof(buf), &h), 5);
	CHECK_EQ(lm_mesh_hdr_build(buf, 0, &h), -ENOSPC);
	CHECK_EQ(lm_mesh_hdr_build(buf, 4, &h), -ENOSPC);
}

static void test_mesh_parse_dispatch(void)
{
	u8 buf[LM_MESH_MAX_LEN];
	struct lm_mesh_hdr p;
	unsigned int d;

	memset(buf, 0, sizeof(buf));
	for (d = 0; d < 256; d++) {
		int r;

		buf[0] = d;
		r = mesh_parse_x(buf, sizeof(buf), &p);
		if ((d & 0xc0) == 0x80)
			CHECK(r > 0);
		else
			CHECK_EQ(r, -EINVAL);
		CHECK_EQ(decrement_x(buf, sizeof(buf), NULL),
			 (d & 0xc0) != 0x80 ? -EINVAL :
			 (d & 0x0f) == 0 || (d & 0x0f) == 0x0f ? -ERANGE :
			 (int)(d & 0x0f) - 1);
	}
	CHECK_EQ(mesh_parse_x(buf, 0, &p), -EINVAL);
}

/* Every valid mesh header, cut short at every byte, is -EINVAL. */
static void test_mesh_truncation(void)
{
	static const u8 lens[] = { 2, 8 };
	static const u8 hops[] = { 0, 7, 14, 15, 200 };
	size_t i;

	for (i = 0; i < 2 * 2 * ARRAY_SIZE(hops); i++) {
		u8 ol = lens[i % 2], fl = lens[i / 2 % 2];
		struct lm_mesh_hdr h = {
			.hops_left = hops[i / 4],
			.orig_len = ol, .final_len = fl,
			.orig = 0x0102030405060708ULL & (ol == 2 ? 0xffff : ~0ULL),
			.final = 0x1112131415161718ULL & (fl == 2 ? 0xffff : ~0ULL),
		};
		struct lm_mesh_hdr p = { .hops_left = 0x42 };
		u8 buf[LM_MESH_MAX_LEN], after[LM_MESH_MAX_LEN];
		int n = lm_mesh_hdr_build(buf, sizeof(buf), &h), k;

		CHECK(n > 0);
		for (k = 0; k < n; k++) {
			CHECK_EQ(mesh_parse_x(buf, k, &p), -EINVAL);
			CHECK_EQ(p.hops_left, 0x42);	/* untouched */
			CHECK_EQ(decrement_x(buf, k, after), -EINVAL);
			if (k)
				CHECK_MEM(after, buf, (size_t)k);
			CHECK_EQ(lm_mesh_hdr_build(buf, k, &h), -ENOSPC);
		}
		CHECK_EQ(mesh_parse_x(buf, n, &p), n);
	}
}

static void test_mesh_hops_decrement(void)
{
	struct lm_mesh_hdr h = {
		.hops_left = 14, .orig_len = 8, .final_len = 2,
		.orig = 0xa0a1a2a3a4a5a6a7ULL, .final = 0xb0b1,
	};
	struct lm_mesh_hdr p;
	u8 buf[LM_MESH_MAX_LEN], copy[LM_MESH_MAX_LEN];
	int n, v, r;

	/* short form: 14 down to 0, then -ERANGE with nothing written */
	n = lm_mesh_hdr_build(buf, sizeof(buf), &h);
	CHECK_EQ(n, 11);
	for (v = 13; v >= 0; v--) {
		memcpy(copy, buf, n);
		r = lm_mesh_hops_decrement(buf, n);
		CHECK_EQ(r, v);
		CHECK_EQ(buf[0], 0x90 | v);
		CHECK_MEM(buf + 1, copy + 1, (size_t)n - 1);
	}
	memcpy(copy, buf, n);
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), -ERANGE);
	CHECK_MEM(buf, copy, (size_t)n);

	/* deep form: 16 -> 15 -> 14 stays deep, header length unchanged */
	h.hops_left = 16;
	n = lm_mesh_hdr_build(buf, sizeof(buf), &h);
	CHECK_EQ(n, 12);
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), 15);
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), 14);
	CHECK_EQ(buf[0], 0x9f);
	CHECK_EQ(buf[1], 14);
	CHECK_EQ(mesh_parse_x(buf, n, &p), 12);
	CHECK_EQ(p.hops_left, 14);
	CHECK(p.orig == h.orig);
	CHECK_EQ(p.final, h.final);
	for (v = 13; v >= 0; v--)
		CHECK_EQ(lm_mesh_hops_decrement(buf, n), v);
	CHECK_EQ(buf[0], 0x9f);
	CHECK_EQ(buf[1], 0);
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), -ERANGE);
	CHECK_EQ(buf[1], 0);

	/* deep 255 */
	h.hops_left = 255;
	n = lm_mesh_hdr_build(buf, sizeof(buf), &h);
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), 254);
	CHECK_EQ(buf[1], 254);

	/* not a mesh header */
	buf[0] = 0x41;
	CHECK_EQ(lm_mesh_hops_decrement(buf, n), -EINVAL);
	CHECK_EQ(buf[0], 0x41);
	CHECK_EQ(lm_mesh_hops_decrement(buf, 0), -EINVAL);
}

/* ---- BC0 ------------------------------------------------------------ */

static void test_bc0(void)
{
	static const u8 exp[] = { 0x50, 0x2a };
	u8 buf[4] = { 0xa5, 0xa5, 0xa5, 0xa5 };
	u8 seq = 0;
	unsigned int d;

	CHECK_EQ(lm_bc0_build(buf, sizeof(buf), 42), 2);
	CHECK_MEM(buf, exp, 2);
	CHECK_EQ(buf[2], 0xa5);
	CHECK_EQ(lm_bc0_build(buf, 2, 255), 2);
	CHECK_EQ(buf[1], 255);
	CHECK_EQ(lm_bc0_build(buf, 1, 1), -ENOSPC);
	CHECK_EQ(lm_bc0_build(buf, 0, 1), -ENOSPC);
	CHECK_EQ(buf[1], 255);

	CHECK_EQ(bc0_parse_x(exp, 2, &seq), 2);
	CHECK_EQ(seq, 42);
	seq = 7;
	CHECK_EQ(bc0_parse_x(exp, 1, &seq), -EINVAL);
	CHECK_EQ(bc0_parse_x(exp, 0, &seq), -EINVAL);
	CHECK_EQ(seq, 7);
	for (d = 0; d < 256; d++) {
		u8 b[2] = { d, 9 };

		CHECK_EQ(bc0_parse_x(b, 2, &seq), d == 0x50 ? 2 : -EINVAL);
	}
}

/* ---- fragment headers ------------------------------------------------ */

static void test_frag_layout(void)
{
	static const u8 exp1[] = { 0xc1, 0x23, 0xbe, 0xef };
	static const u8 expn[] = { 0xe7, 0xff, 0x01, 0x02, 0xff };
	struct lm_frag_hdr f1 = { .first = true, .size = 0x123, .tag = 0xbeef };
	struct lm_frag_hdr fn = {
		.first = false, .size = 2047, .tag = 0x0102, .offset = 2040,
	};
	struct lm_frag_hdr p;
	u8 buf[8];

	memset(buf, 0xa5, sizeof(buf));
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f1), 4);
	CHECK_MEM(buf, exp1, 4);
	CHECK_EQ(buf[4], 0xa5);
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &fn), 5);
	CHECK_MEM(buf, expn, 5);

	CHECK_EQ(frag_parse_x(exp1, 4, &p), 4);
	CHECK(p.first);
	CHECK_EQ(p.size, 0x123);
	CHECK_EQ(p.tag, 0xbeef);
	CHECK_EQ(p.offset, 0);
	CHECK_EQ(frag_parse_x(expn, 5, &p), 5);
	CHECK(!p.first);
	CHECK_EQ(p.size, 2047);
	CHECK_EQ(p.tag, 0x0102);
	CHECK_EQ(p.offset, 2040);
}

static void test_frag_boundaries(void)
{
	struct lm_frag_hdr f = { .first = true, .size = 2047, .tag = 1 };
	struct lm_frag_hdr p;
	u8 buf[8];

	/* sizes */
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), 4);
	f.size = 1;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), 4);
	f.size = 0;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.size = 2048;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.size = 0xffff;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);

	/* FRAG1 offset must be 0 */
	f.size = 100;
	f.offset = 8;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.offset = 0;
	CHECK_EQ(lm_frag_hdr_build(buf, 3, &f), -ENOSPC);
	CHECK_EQ(lm_frag_hdr_build(buf, 0, &f), -ENOSPC);

	/*
	 * FRAGN offsets: multiple of 8, not 0 (offset 0 is FRAG1's: a FRAGN
	 * there would overwrite the decompressed headers), at most 255
	 * units, below size
	 */
	f.first = false;
	f.size = 2047;
	f.offset = 0;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.offset = 8;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), 5);
	CHECK_EQ(buf[4], 1);
	f.offset = 2040;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), 5);
	CHECK_EQ(buf[4], 255);
	CHECK_EQ(frag_parse_x(buf, 5, &p), 5);
	CHECK_EQ(p.offset, 2040);
	f.offset = 2048;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.offset = 4;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.offset = 2039;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.offset = 16;
	f.size = 16;
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), -EINVAL);
	f.size = 17;
	CHECK_EQ(lm_frag_hdr_build(buf, 4, &f), -ENOSPC);
	CHECK_EQ(lm_frag_hdr_build(buf, sizeof(buf), &f), 5);

	/* parse: size 0, offset at or past size, FRAGN at offset 0 */
	{
		static const u8 z1[] = { 0xc0, 0x00, 0x12, 0x34 };
		static const u8 zn[] = { 0xe0, 0x00, 0x12, 0x34, 0x00 };
		static const u8 at[] = { 0xe0, 0x10, 0x12, 0x34, 0x02 };
		static const u8 past[] = { 0xe0, 0x10, 0x12, 0x34, 0xff };
		static const u8 below[] = { 0xe0, 0x11, 0x12, 0x34, 0x02 };
		static const u8 n0[] = { 0xe0, 0x11, 0x12, 0x34, 0x00 };

		CHECK_EQ(frag_parse_x(z1, 4, &p), -EINVAL);
		CHECK_EQ(frag_parse_x(zn, 5, &p), -EINVAL);
		CHECK_EQ(frag_parse_x(at, 5, &p), -EINVAL);
		CHECK_EQ(frag_parse_x(past, 5, &p), -EINVAL);
		CHECK_EQ(frag_parse_x(below, 5, &p), 5);
		CHECK_EQ(p.size, 17);
		CHECK_EQ(p.offset, 16);
		CHECK_EQ(frag_parse_x(n0, 5, &p), -EINVAL);
	}
}

static void test_frag_parse_dispatch(void)
{
	u8 buf[5] = { 0, 0x10, 0, 0, 1 };
	struct lm_frag_hdr p;
	unsigned int d;

	for (d = 0; d < 256; d++) {
		int want = (d & 0xf8) == 0xc0 ? 4 :
			   (d & 0xf8) == 0xe0 ? 5 : -EINVAL;

		buf[0] = d;
		CHECK_EQ(frag_parse_x(buf, 5, &p), want);
		if (want > 0)
			CHECK_EQ(p.size, ((d & 7) << 8) | 0x10);
	}
}

/* Every valid (size, offset) pair and a few tags survive build + parse. */
static void test_frag_roundtrip_exhaustive(void)
{
	static const u16 tags[] = { 0, 1, 0x00ff, 0x8000, 0xfffe, 0xffff };
	unsigned int size, off;
	size_t i;

	/* all sizes, tags, offsets 0..2048 step 8 (FRAG1 at 0, FRAGN refused there) */
	for (i = 0; i < LM_FRAG_SIZE_MAX * ARRAY_SIZE(tags) * 257; i++) {
		size_t ti = i / 257 % ARRAY_SIZE(tags);
		struct lm_frag_hdr f, p;
		u8 buf[LM_FRAGN_LEN];
		int want, r;

		size = 1 + i / 257 / ARRAY_SIZE(tags);
		off = i % 257 * 8;
		f = (struct lm_frag_hdr){
			.first = off == 0 && ti % 2 == 0,
			.size = size, .tag = tags[ti], .offset = off,
		};
		want = f.first ? 4 : 5;
		r = lm_frag_hdr_build(buf, sizeof(buf), &f);
		if (off >= size || off > 2040 || (!f.first && !off)) {
			CHECK_EQ(r, -EINVAL);
			if (fails)
				return;
			continue;
		}
		CHECK_EQ(r, want);
		CHECK_EQ(lm_frag_hdr_parse(buf, want, &p), want);
		CHECK_EQ(p.first, f.first);
		CHECK_EQ(p.size, f.size);
		CHECK_EQ(p.tag, f.tag);
		CHECK_EQ(p.offset, f.offset);
		if (fails)
			return;
	}
}

static void test_frag_truncation(void)
{
	static const struct lm_frag_hdr hs[] = {
		{ .first = true, .size = 1, .tag = 0 },
		{ .first = true, .size = 2047, .tag = 0xffff },
		{ .first = false, .size = 2047, .tag = 0x1234, .offset = 2040 },
		{ .first = false, .size = 9, .tag = 0xabcd, .offset = 8 },
		{ .first = false, .size = 100, .tag = 7, .offset = 8 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hs); i++) {
		struct lm_frag_hdr p = { .size = 0x4242 };
		u8 buf[LM_FRAGN_LEN];
		int n = lm_frag_hdr_build(buf, sizeof(buf), &hs[i]), k;

		CHECK(n > 0);
		for (k = 0; k < n; k++) {
			CHECK_EQ(frag_parse_x(buf, k, &p), -EINVAL);
			CHECK_EQ(p.size, 0x4242);	/* untouched */
			CHECK_EQ(lm_frag_hdr_build(buf, k, &hs[i]), -ENOSPC);
		}
		CHECK_EQ(frag_parse_x(buf, n, &p), n);
	}
}

/* ---- the whole stack ------------------------------------------------ */

struct stack {
	u8 b[64];
	size_t len;
	int mesh_len, bc0_len, frag_len;
};

/* Build mesh? BC0? frag (0 none, 1 FRAG1, 2 FRAGN)? then payload bytes. */
static void stack_build(struct stack *s, int mesh, int bc0, int frag,
			const u8 *pl, size_t pl_len)
{
	struct lm_mesh_hdr m = {
		.hops_left = mesh == 2 ? 20 : 9, .orig_len = 8,
		.final_len = 2, .orig = 0x0200000000000001ULL, .final = 0x0002,
	};
	struct lm_frag_hdr f = {
		.first = frag == 1, .size = 300, .tag = 0x7777,
		.offset = frag == 1 ? 0 : 96,
	};
	int r;

	memset(s, 0, sizeof(*s));
	if (mesh) {
		r = lm_mesh_hdr_build(s->b + s->len, sizeof(s->b) - s->len, &m);
		CHECK(r > 0);
		s->mesh_len = r;
		s->len += r;
	}
	if (bc0) {
		r = lm_bc0_build(s->b + s->len, sizeof(s->b) - s->len, 0x99);
		CHECK_EQ(r, 2);
		s->bc0_len = r;
		s->len += r;
	}
	if (frag) {
		r = lm_frag_hdr_build(s->b + s->len, sizeof(s->b) - s->len, &f);
		CHECK(r > 0);
		s->frag_len = r;
		s->len += r;
	}
	memcpy(s->b + s->len, pl, pl_len);
	s->len += pl_len;
}

static void test_lowpan_combinations(void)
{
	static const struct {
		u8 pl[3];
		enum lm_payload_kind kind;
	} pls[] = {
		{ { 0x7b, 0x33, 0x3b }, LM_PAYLOAD_IPHC },
		{ { 0x60, 0x00, 0x00 }, LM_PAYLOAD_IPHC },
		{ { 0x7f, 0x00, 0x00 }, LM_PAYLOAD_IPHC },
		{ { 0x41, 0x60, 0x00 }, LM_PAYLOAD_IPV6 },
		{ { 0x00, 0x01, 0x02 }, LM_PAYLOAD_NALP },
		{ { 0x3f, 0x01, 0x02 }, LM_PAYLOAD_NALP },
		{ { 0x40, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0x42, 0x00, 0x00 }, LM_PAYLOAD_OTHER },	/* HC1 */
		{ { 0x51, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0x5f, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0xc8, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0xd0, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0xe8, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
		{ { 0xf0, 0x00, 0x00 }, LM_PAYLOAD_OTHER },	/* page 0 */
		{ { 0xff, 0x00, 0x00 }, LM_PAYLOAD_OTHER },
	};
	size_t i;

	/* mesh: none/short/deep, BC0: no/yes, frag: none/FRAG1/FRAGN */
	for (i = 0; i < 3 * 2 * 3 * ARRAY_SIZE(pls) * 3; i++) {
		int mesh = i % 3, bc0 = i / 3 % 2, frag = i / 6 % 3;
		size_t pi = i / 18 % ARRAY_SIZE(pls), plen = 1 + i / 18 / ARRAY_SIZE(pls);
		struct lm_lowpan_hdrs o;
		struct stack s;
		size_t hl;

		stack_build(&s, mesh, bc0, frag, pls[pi].pl, plen);
		hl = s.mesh_len + s.bc0_len + s.frag_len;
		CHECK_EQ(lowpan_parse_x(s.b, s.len, &o), 0);
		CHECK_EQ(o.has_mesh, !!mesh);
		CHECK_EQ(o.has_bc0, bc0);
		CHECK_EQ(o.has_frag, !!frag);
		CHECK_EQ(o.mesh_off, 0);
		CHECK_EQ(o.payload_off, hl);
		CHECK_EQ(o.payload, frag == 2 ? LM_PAYLOAD_FRAGN : pls[pi].kind);
		if (mesh) {
			CHECK_EQ(o.mesh.hops_left, mesh == 2 ? 20 : 9);
			CHECK_EQ(o.mesh.orig_len, 8);
			CHECK_EQ(o.mesh.final_len, 2);
			CHECK(o.mesh.orig == 0x0200000000000001ULL);
			CHECK_EQ(o.mesh.final, 2);
		}
		if (bc0)
			CHECK_EQ(o.bc0_seq, 0x99);
		if (frag) {
			CHECK_EQ(o.frag.first, frag == 1);
			CHECK_EQ(o.frag.size, 300);
			CHECK_EQ(o.frag.tag, 0x7777);
			CHECK_EQ(o.frag.offset, frag == 1 ? 0 : 96);
		}
		/* every shorter prefix that ends inside the headers fails */
		if (plen == 1) {
			size_t k;

			for (k = 0; k <= hl; k++)
				CHECK_EQ(lowpan_parse_x(s.b, k, &o), -EINVAL);
		}
		if (fails)
			return;
	}
}

/* After FRAGN anything goes, even bytes that look like headers. */
static void test_lowpan_fragn_payload(void)
{
	unsigned int d;

	for (d = 0; d < 256; d++) {
		u8 pl[1] = { d };
		struct lm_lowpan_hdrs o;
		struct stack s;

		stack_build(&s, 1, 1, 2, pl, 1);
		CHECK_EQ(lowpan_parse_x(s.b, s.len, &o), 0);
		CHECK_EQ(o.payload, LM_PAYLOAD_FRAGN);
		CHECK_EQ(o.payload_off, s.len - 1);
	}
}

static void test_lowpan_order_violations(void)
{
	static const u8 mesh16[] = { 0xb5, 0x00, 0x01, 0x00, 0x02 };
	static const u8 bc0[] = { 0x50, 0x01 };
	static const u8 frag1[] = { 0xc0, 0x64, 0x00, 0x01 };
	static const u8 fragn[] = { 0xe0, 0x64, 0x00, 0x01, 0x02 };
	static const u8 iphc[] = { 0x7b, 0x33, 0x3b };
	static const struct {
		const char *name;
		const u8 *h[3];
		size_t l[3];
	} cases[] = {
#define L(x) sizeof(x)
		{ "mesh after BC0", { bc0, mesh16 }, { L(bc0), L(mesh16) } },
		{ "mesh after FRAG1", { frag1, mesh16 }, { L(frag1), L(mesh16) } },
		{ "mesh after mesh", { mesh16, mesh16 }, { L(mesh16), L(mesh16) } },
		{ "BC0 after FRAG1", { frag1, bc0 }, { L(frag1), L(bc0) } },
		{ "BC0 after BC0", { bc0, bc0 }, { L(bc0), L(bc0) } },
		{ "mesh BC0 BC0", { mesh16, bc0, bc0 },
		  { L(mesh16), L(bc0), L(bc0) } },
		{ "FRAG1 FRAG1", { frag1, frag1 }, { L(frag1), L(frag1) } },
		{ "FRAG1 FRAGN", { frag1, fragn }, { L(frag1), L(fragn) } },
		{ "mesh FRAG1 BC0", { mesh16, frag1, bc0 },
		  { L(mesh16), L(frag1), L(bc0) } },
		{ "BC0 FRAG1 mesh", { bc0, frag1, mesh16 },
		  { L(bc0), L(frag1), L(mesh16) } },
		{ "mesh BC0 mesh", { mesh16, bc0, mesh16 },
		  { L(mesh16), L(bc0), L(mesh16) } },
#undef L
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct lm_lowpan_hdrs o;
		u8 buf[64];
		size_t n = 0;

		for (j = 0; j < 3 && cases[i].h[j]; j++) {
			memcpy(buf + n, cases[i].h[j], cases[i].l[j]);
			n += cases[i].l[j];
		}
		memcpy(buf + n, iphc, sizeof(iphc));
		n += sizeof(iphc);
		if (lowpan_parse_x(buf, n, &o) != -EINVAL) {
			printf("# %s: accepted\n", cases[i].name);
			fails++;
		}
	}
}

static void test_lowpan_no_payload(void)
{
	static const u8 mesh16[] = { 0xb5, 0x00, 0x01, 0x00, 0x02 };
	static const u8 mesh_bc0[] = { 0xb5, 0x00, 0x01, 0x00, 0x02, 0x50, 1 };
	static const u8 bc0[] = { 0x50, 0x01 };
	static const u8 frag1[] = { 0xc0, 0x64, 0x00, 0x01 };
	static const u8 fragn[] = { 0xe0, 0x64, 0x00, 0x01, 0x02 };
	static const u8 one[] = { 0x7b };
	struct lm_lowpan_hdrs o;

	CHECK_EQ(lowpan_parse_x(one, 0, &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(mesh16, sizeof(mesh16), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(mesh_bc0, sizeof(mesh_bc0), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(bc0, sizeof(bc0), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(frag1, sizeof(frag1), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(fragn, sizeof(fragn), &o), -EINVAL);
	/* a single payload byte is enough */
	CHECK_EQ(lowpan_parse_x(one, 1, &o), 0);
	CHECK_EQ(o.payload, LM_PAYLOAD_IPHC);
	CHECK_EQ(o.payload_off, 0);
	CHECK(!o.has_mesh && !o.has_bc0 && !o.has_frag);
}

static void test_lowpan_malformed(void)
{
	static const u8 frag_size0[] = { 0xc0, 0x00, 0x00, 0x01, 0x7b };
	static const u8 fragn_past[] = { 0xe0, 0x08, 0x00, 0x01, 0x01, 0x00 };
	static const u8 mesh_short[] = { 0x85, 0x00, 0x01, 0x7b };
	struct lm_lowpan_hdrs o;

	CHECK_EQ(lowpan_parse_x(frag_size0, sizeof(frag_size0), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(fragn_past, sizeof(fragn_past), &o), -EINVAL);
	CHECK_EQ(lowpan_parse_x(mesh_short, sizeof(mesh_short), &o), -EINVAL);
}

/* Every single-byte frame: parse never fails for a payload dispatch. */
static void test_lowpan_single_byte(void)
{
	unsigned int d;

	for (d = 0; d < 256; d++) {
		u8 b[1] = { d };
		struct lm_lowpan_hdrs o;
		bool hdr = (d & 0xc0) == 0x80 || d == 0x50 ||
			   (d & 0xf8) == 0xc0 || (d & 0xf8) == 0xe0;
		int r = lowpan_parse_x(b, 1, &o);

		CHECK_EQ(r, hdr ? -EINVAL : 0);
		if (!r)
			CHECK_EQ(o.payload,
				 (d & 0xe0) == 0x60 ? LM_PAYLOAD_IPHC :
				 d == 0x41 ? LM_PAYLOAD_IPV6 :
				 (d & 0xc0) == 0 ? LM_PAYLOAD_NALP :
				 LM_PAYLOAD_OTHER);
	}
}

static const struct lm_test tests[] = {
	{ "mesh layout 64/64 (RFC 4944 5.2)", test_mesh_layout_64_64 },
	{ "mesh layout 16/16", test_mesh_layout_16_16 },
	{ "mesh layout V and F bits", test_mesh_layout_mixed },
	{ "mesh deep hops left (RFC 8025)", test_mesh_deep_hops },
	{ "mesh round trip, all address lengths", test_mesh_roundtrip_all_lengths },
	{ "mesh build rejects bad headers", test_mesh_build_invalid },
	{ "mesh parse dispatch, all 256 first bytes", test_mesh_parse_dispatch },
	{ "mesh truncation at every byte", test_mesh_truncation },
	{ "mesh hops left decrement", test_mesh_hops_decrement },
	{ "BC0 build, parse, truncation", test_bc0 },
	{ "fragment layouts FRAG1/FRAGN", test_frag_layout },
	{ "fragment boundaries (2047, offsets 0/2040)", test_frag_boundaries },
	{ "fragment parse dispatch, all 256 first bytes", test_frag_parse_dispatch },
	{ "fragment round trip, every size and offset", test_frag_roundtrip_exhaustive },
	{ "fragment truncation at every byte", test_frag_truncation },
	{ "stack: every header combination and payload kind", test_lowpan_combinations },
	{ "stack: FRAGN payload is opaque", test_lowpan_fragn_payload },
	{ "stack: order violations", test_lowpan_order_violations },
	{ "stack: no payload byte", test_lowpan_no_payload },
	{ "stack: malformed headers", test_lowpan_malformed },
	{ "stack: every single-byte frame", test_lowpan_single_byte },
};

int main(void)
{
	return lm_test_run(tests, ARRAY_SIZE(tests));
}
