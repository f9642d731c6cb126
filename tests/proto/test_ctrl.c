// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for kernel/proto/lm_ctrl.c: mesh control frames (IPHC
 * context table), the 6LoWPAN Context Option (RFC 6775 4.2) in router
 * advertisements, and the context ids of an IPHC header (RFC 6282 3.1.1).
 *
 * Same conventions as test_proto.c: one "ok - name" / "not ok - name"
 * line per test, "# ..." diagnostics, and every parse done on a heap copy
 * of exactly the bytes given, so ASan reports any read past the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_ctrl.h"
#include "lm_test.h"

static int ctrl_parse_x(const u8 *p, size_t n, struct lm_ctrl_msg *m)
{
	u8 *q = dup_exact(p, n);
	int r = lm_ctrl_parse(q, n, m);

	free(q);
	return r;
}

static int sixco_parse_x(const u8 *p, size_t n, struct lm_ctx_entry *e)
{
	u8 *q = dup_exact(p, n);
	int r = lm_6co_parse(q, n, e);

	free(q);
	return r;
}

/* lm_ra_6co() on an exact copy, with @out exactly @max entries long;
 * the count of 6COs it ignored lands in ra_ignored.
 */
static unsigned int ra_ignored;

static int ra_x(const u8 *p, size_t n, struct lm_ctx_entry *out,
		unsigned int max)
{
	u8 *q = dup_exact(p, n);
	struct lm_ctx_entry *o = malloc(max ? max * sizeof(*o) : 1);
	int r;

	if (!o)
		abort();
	ra_ignored = ~0u;
	r = lm_ra_6co(q, n, o, max, &ra_ignored);
	if (r > 0)
		memcpy(out, o, r * sizeof(*o));
	free(o);
	free(q);
	return r;
}

static int cids_x(const u8 *p, size_t n, struct lm_iphc_cids *c)
{
	u8 *q = dup_exact(p, n);
	int r = lm_iphc_cids(q, n, c);

	free(q);
	return r;
}

/* Deterministic xorshift32 */
static u32 rnd_state = 0x2545f491;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Clear the bits of @prefix past @plen. */
static void mask_prefix(u8 *prefix, unsigned int plen)
{
	unsigned int i;

	for (i = plen; i < 128; i++)
		prefix[i / 8] &= ~(0x80 >> (i % 8));
}

static void make_entry(struct lm_ctx_entry *e, u8 id, u8 plen, u32 lifetime,
		       bool compress)
{
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->id = id;
	e->plen = plen;
	e->lifetime = lifetime;
	e->compress = compress;
	for (i = 0; i < 16; i++)
		e->prefix[i] = rnd();
	/* make sure the last valid bit is set: catches a short copy */
	e->prefix[(plen - 1) / 8] |= 0x80 >> ((plen - 1) % 8);
	mask_prefix(e->prefix, plen);
}

static bool entry_eq(const struct lm_ctx_entry *a, const struct lm_ctx_entry *b)
{
	return a->id == b->id && a->compress == b->compress &&
	       a->plen == b->plen && a->lifetime == b->lifetime &&
	       !memcmp(a->prefix, b->prefix, 16);
}

static void print_entry(const char *what, const struct lm_ctx_entry *e)
{
	printf("#   %s: id %u C %d plen %u lifetime %" PRIu32 "\n", what,
	       e->id, e->compress, e->plen, e->lifetime);
	lm_test_hexdump("prefix", e->prefix, 16);
}

#define CHECK_ENTRY(got, exp) do {					\
	if (!entry_eq((got), (exp))) {					\
		printf("# %s:%d: entries differ\n", __FILE__, __LINE__);\
		print_entry("got", (got));				\
		print_entry("exp", (exp));				\
		fails++;						\
	}								\
} while (0)

static const u8 plens[] = { 1, 7, 8, 64, 127, 128 };
static const u32 lifetimes[] = { 0, 0xffffffff, 1, 3600 };

/* A table frame carrying @n entries of a table of @count. */
static void make_table(struct lm_ctrl_msg *m, u32 version, u8 count, u8 n)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->type = LM_CTRL_CTX_TABLE;
	m->version = version;
	m->count = count;
	m->n = n;
	for (i = 0; i < n; i++)
		make_entry(&m->ctx[i], (i * 7 + 3) % 16,
			   plens[i % ARRAY_SIZE(plens)],
			   lifetimes[i % ARRAY_SIZE(lifetimes)], i % 2);
}

static int table_len(const struct lm_ctrl_msg *m)
{
	int len = LM_CTRL_HDR_LEN;
	unsigned int i;

	for (i = 0; i < m->n; i++)
		len += 6 + (m->ctx[i].plen + 7) / 8;
	return len;
}

static void check_msg_eq(const struct lm_ctrl_msg *got,
			 const struct lm_ctrl_msg *exp)
{
	unsigned int i;

	CHECK_EQ(got->type, exp->type);
	CHECK_EQ(got->version, exp->version);
	CHECK_EQ(got->count, exp->type == LM_CTRL_CTX_TABLE ? exp->count : 0);
	CHECK_EQ(got->n, exp->type == LM_CTRL_CTX_TABLE ? exp->n : 0);
	for (i = 0; i < got->n && i < exp->n; i++)
		CHECK_ENTRY(&got->ctx[i], &exp->ctx[i]);
}

/* ---- control frames: layouts and round trips ---------------------- */

static void test_ctrl_request(void)
{
	static const u8 exp[] = { 0x3c, 0x02, 0x01, 0x02, 0x03, 0x04, 0x00 };
	struct lm_ctrl_msg m = { .type = LM_CTRL_CTX_REQUEST,
				 .version = 0x01020304, .count = 5, .n = 3 };
	struct lm_ctrl_msg p;
	u8 buf[16];

	memset(buf, 0xa5, sizeof(buf));
	/* n and count are ignored for a request, even invalid ones */
	m.count = 200;
	m.n = 100;
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), &m), 7);
	CHECK_MEM(buf, exp, sizeof(exp));
	CHECK_EQ(buf[7], 0xa5);
	CHECK_EQ(ctrl_parse_x(exp, sizeof(exp), &p), 0);
	check_msg_eq(&p, &m);
	CHECK_EQ(lm_ctrl_build(buf, 7, &m), 7);

	/* version 0 ("I have none") and 0xffffffff */
	m.version = 0;
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), &m), 7);
	CHECK_EQ(ctrl_parse_x(buf, 7, &p), 0);
	CHECK_EQ(p.version, 0);
	m.version = 0xffffffff;
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), &m), 7);
	CHECK_EQ(ctrl_parse_x(buf, 7, &p), 0);
	CHECK_EQ(p.version, 0xffffffff);
	CHECK_EQ(p.type, LM_CTRL_CTX_REQUEST);
}

static void test_ctrl_table_layout(void)
{
	static const u8 exp[] = {
		0x3c, 0x01, 0xde, 0xad, 0xbe, 0xef, 0x03,
		/* C, id 1, /64, lifetime 0xffffffff, 2001:db8:1:2::/64 */
		0x81, 64, 0xff, 0xff, 0xff, 0xff,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
		/* id 15, /7, lifetime 0, fc00::/7 */
		0x0f, 7, 0x00, 0x00, 0x00, 0x00, 0xfc,
		/* id 0, /128, lifetime 86400 */
		0x00, 128, 0x00, 0x01, 0x51, 0x80,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	struct lm_ctrl_msg m = {
		.type = LM_CTRL_CTX_TABLE, .version = 0xdeadbeef,
		.count = 3, .n = 3,
		.ctx = {
			{ .id = 1, .compress = true, .plen = 64,
			  .lifetime = 0xffffffff,
			  .prefix = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2 } },
			{ .id = 15, .plen = 7, .prefix = { 0xfc } },
			{ .id = 0, .plen = 128, .lifetime = 86400,
			  .prefix = { 0xfe, 0x80, [15] = 0x01 } },
		},
	};
	struct lm_ctrl_msg p;
	u8 buf[64];

	CHECK_EQ(lm_ctx_entry_len(&m.ctx[0]), 14);
	CHECK_EQ(lm_ctx_entry_len(&m.ctx[1]), 7);
	CHECK_EQ(lm_ctx_entry_len(&m.ctx[2]), 22);
	memset(buf, 0xa5, sizeof(buf));
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), &m), sizeof(exp));
	CHECK_MEM(buf, exp, sizeof(exp));
	CHECK_EQ(buf[sizeof(exp)], 0xa5);
	CHECK_EQ(ctrl_parse_x(exp, sizeof(exp), &p), 0);
	check_msg_eq(&p, &m);
}

static void roundtrip(const struct lm_ctrl_msg *m)
{
	int len = table_len(m), r;
	u8 *buf = malloc(len);
	struct lm_ctrl_msg p;

	if (!buf)
		abort();
	r = lm_ctrl_build(buf, len, m);	/* exactly the room it needs */
	CHECK_EQ(r, len);
	if (r == len) {
		memset(&p, 0x5a, sizeof(p));
		CHECK_EQ(ctrl_parse_x(buf, len, &p), 0);
		check_msg_eq(&p, m);
	}
	free(buf);
}

static void test_ctrl_roundtrip_tables(void)
{
	struct lm_ctrl_msg m;
	unsigned int n, count;

	for (n = 0; n <= LM_CTRL_CTX_MAX && !TOO_MANY(); n++)
		for (count = n; count <= LM_CTRL_CTX_MAX; count++) {
			make_table(&m, n * 1000 + count, count, n);
			roundtrip(&m);
		}
}

static void test_ctrl_roundtrip_entries(void)
{
	struct lm_ctrl_msg m;
	unsigned int plen, id, i;

	/* every prefix length, id, C flag, lifetime; one entry per frame */
	for (plen = 1; plen <= 128 && !TOO_MANY(); plen++)
		for (id = 0; id < 16; id++)
			for (i = 0; i < 2 * ARRAY_SIZE(lifetimes); i++) {
				memset(&m, 0, sizeof(m));
				m.type = LM_CTRL_CTX_TABLE;
				m.version = rnd();
				m.count = 1 + rnd() % 16;
				m.n = 1;
				make_entry(&m.ctx[0], id, plen,
					   lifetimes[i / 2], i % 2);
				roundtrip(&m);
			}
	/* a full frame of /128s: the largest frame */
	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_CTX_TABLE;
	m.count = m.n = 16;
	for (id = 0; id < 16; id++)
		make_entry(&m.ctx[id], 15 - id, 128, 0xffffffff, true);
	CHECK_EQ(table_len(&m), 7 + 16 * 22);
	roundtrip(&m);
}

/* ---- control frames: rejections ------------------------------------ */

/* A valid frame of three entries (id 2 /1, id 9 /127, id 4 /8). */
static int sample_table(u8 *buf, size_t room, u8 count, int *bounds)
{
	struct lm_ctrl_msg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_CTX_TABLE;
	m.version = 7;
	m.count = count;
	m.n = 3;
	make_entry(&m.ctx[0], 2, 1, 0, true);
	make_entry(&m.ctx[1], 9, 127, 100, false);
	make_entry(&m.ctx[2], 4, 8, 0xffffffff, true);
	r = lm_ctrl_build(buf, room, &m);
	if (bounds) {
		bounds[0] = 7;
		bounds[1] = 7 + 7;
		bounds[2] = 7 + 7 + 6 + 16;
		bounds[3] = 7 + 7 + 6 + 16 + 7;
	}
	return r;
}

static void test_ctrl_dispatch_and_type(void)
{
	u8 buf[64], b[64];
	struct lm_ctrl_msg p;
	int len = sample_table(buf, sizeof(buf), 3, NULL), d;

	CHECK_EQ(len, 43);
	CHECK_EQ(ctrl_parse_x(buf, len, &p), 0);
	for (d = 0; d < 256; d++) {
		memcpy(b, buf, len);
		b[0] = d;
		CHECK_EQ(ctrl_parse_x(b, len, &p), d == 0x3c ? 0 : -EINVAL);
		/* a request-shaped frame under every dispatch */
		b[1] = LM_CTRL_CTX_REQUEST;
		b[6] = 0;
		CHECK_EQ(ctrl_parse_x(b, 7, &p), d == 0x3c ? 0 : -EINVAL);
	}
	for (d = 0; d < 256; d++) {
		memcpy(b, buf, len);
		b[1] = d;
		CHECK_EQ(ctrl_parse_x(b, len, &p),
			 d == LM_CTRL_CTX_TABLE ? 0 : -EINVAL);
		b[6] = 0;
		CHECK_EQ(ctrl_parse_x(b, 7, &p),
			 d == LM_CTRL_CTX_TABLE || d == LM_CTRL_CTX_REQUEST ?
			 0 : -EINVAL);
	}
	CHECK_EQ(lm_ctrl_parse(NULL, 7, &p), -EINVAL);
	CHECK_EQ(lm_ctrl_parse(buf, len, NULL), -EINVAL);
}

static void test_ctrl_truncation(void)
{
	u8 buf[64];
	struct lm_ctrl_msg p;
	int bounds[4], len, l, k;

	len = sample_table(buf, sizeof(buf), 3, bounds);
	CHECK_EQ(len, bounds[3]);
	for (l = 0; l <= len; l++) {
		/*
		 * Cut at an entry boundary, the frame is a valid one carrying
		 * fewer entries (count is the whole table's size, so nothing
		 * tells a cut frame from a partial one); anywhere else it is
		 * rejected.
		 */
		int exp = -EINVAL;

		for (k = 0; k < 4; k++)
			if (l == bounds[k])
				exp = 0;
		memset(&p, 0x5a, sizeof(p));
		CHECK_EQ(ctrl_parse_x(buf, l, &p), exp);
		if (!exp)
			for (k = 0; k < 4; k++)
				if (l == bounds[k])
					CHECK_EQ(p.n, k);
	}
	/* the request, at every length */
	buf[1] = LM_CTRL_CTX_REQUEST;
	buf[6] = 0;
	for (l = 0; l < 7; l++)
		CHECK_EQ(ctrl_parse_x(buf, l, &p), -EINVAL);
	CHECK_EQ(ctrl_parse_x(buf, 7, &p), 0);
}

static void test_ctrl_trailing(void)
{
	u8 buf[64 + 8], b[64 + 8], big[512];
	struct lm_ctrl_msg m, p;
	int len, t, r;

	/* a partial entry after a complete frame: 1..5 bytes of header */
	len = sample_table(buf, sizeof(buf), 16, NULL);
	for (t = 1; t <= 5; t++) {
		memcpy(b, buf, len);
		memset(b + len, 0, t);
		b[len] = 0x05;
		b[len + 1 < len + t ? len + 1 : len] = 0x05;
		CHECK_EQ(ctrl_parse_x(b, len + t, &p), -EINVAL);
	}
	/* an entry header promising more prefix bytes than follow */
	memcpy(b, buf, len);
	memcpy(b + len, "\x05\x40\0\0\0\0\x20\x01", 8);	/* /64, 2 of 8 */
	CHECK_EQ(ctrl_parse_x(b, len + 8, &p), -EINVAL);
	/* a request with one trailing byte, or a whole entry */
	m = (struct lm_ctrl_msg){ .type = LM_CTRL_CTX_REQUEST, .version = 1 };
	CHECK_EQ(lm_ctrl_build(b, sizeof(b), &m), 7);
	b[7] = 0;
	CHECK_EQ(ctrl_parse_x(b, 8, &p), -EINVAL);
	memcpy(b + 7, buf + 7, len - 7);
	CHECK_EQ(ctrl_parse_x(b, len, &p), -EINVAL);
	/* a request claiming a table size */
	for (t = 1; t < 256; t++) {
		b[6] = t;
		CHECK_EQ(ctrl_parse_x(b, 7, &p), -EINVAL);
	}
	/* a 17th entry after 16 */
	make_table(&m, 1, 16, 16);
	r = lm_ctrl_build(big, sizeof(big) - 8, &m);
	CHECK(r > 0);
	if (r > 0) {
		memcpy(big + r, "\x0f\x01\0\0\0\0\x80", 7);
		CHECK_EQ(ctrl_parse_x(big, r, &p), 0);
		CHECK_EQ(ctrl_parse_x(big, r + 7, &p), -EINVAL);
	}
}

static void test_ctrl_entry_rejections(void)
{
	u8 buf[64], b[64];
	struct lm_ctrl_msg p;
	int bounds[4], len, v, bit;

	len = sample_table(buf, sizeof(buf), 3, bounds);
	/* reserved bits of every entry */
	for (v = 0; v < 3; v++)
		for (bit = 0x10; bit <= 0x40; bit <<= 1) {
			memcpy(b, buf, len);
			b[bounds[v]] |= bit;
			CHECK_EQ(ctrl_parse_x(b, len, &p), -EINVAL);
		}
	/* duplicate id: every entry given the id of every other one */
	for (v = 0; v < 3; v++)
		for (bit = 0; bit < 3; bit++) {
			memcpy(b, buf, len);
			b[bounds[v]] = (b[bounds[v]] & 0xf0) |
				       (buf[bounds[bit]] & 0x0f);
			CHECK_EQ(ctrl_parse_x(b, len, &p),
				 v == bit ? 0 : -EINVAL);
		}
	/* prefix length 0, or more than 128, with the bytes to match */
	for (v = 0; v < 256; v++) {
		static const u8 hdr[] = { 0x3c, 1, 0, 0, 0, 1, 1 };
		u8 f[7 + 6 + 32] = { 0 };
		int pb = (v + 7) / 8;

		memcpy(f, hdr, 7);
		f[7] = 0x03;
		f[8] = v;
		if (pb > 32)
			continue;
		if (pb)
			f[13] = 0x80;
		CHECK_EQ(ctrl_parse_x(f, 13 + pb, &p),
			 v >= 1 && v <= 128 ? 0 : -EINVAL);
	}
	/* every bit past the prefix length within the carried bytes */
	for (v = 1; v <= 128; v++) {
		u8 f[7 + 6 + 16] = { 0x3c, 1, 0, 0, 0, 1, 1, 0x8a, 0 };
		int pb = (v + 7) / 8;

		f[8] = v;
		memset(f + 13, 0xff, pb);
		mask_prefix(f + 13, v);
		CHECK_EQ(ctrl_parse_x(f, 13 + pb, &p), 0);
		CHECK_EQ(p.ctx[0].id, 10);
		CHECK(p.ctx[0].compress);
		for (bit = v; bit < pb * 8; bit++) {
			u8 g[sizeof(f)];

			memcpy(g, f, sizeof(f));
			g[13 + bit / 8] |= 0x80 >> (bit % 8);
			CHECK_EQ(ctrl_parse_x(g, 13 + pb, &p), -EINVAL);
		}
	}
}

static void test_ctrl_count(void)
{
	u8 buf[64], b[64];
	struct lm_ctrl_msg p;
	int bounds[4], len, c;

	len = sample_table(buf, sizeof(buf), 3, bounds);
	/* more entries than the table has */
	for (c = 0; c < 256; c++) {
		memcpy(b, buf, len);
		b[6] = c;
		CHECK_EQ(ctrl_parse_x(b, len, &p),
			 c >= 3 && c <= 16 ? 0 : -EINVAL);
		CHECK_EQ(ctrl_parse_x(b, bounds[1], &p),
			 c >= 1 && c <= 16 ? 0 : -EINVAL);
		/* no entries: an empty frame of a table of up to 16 */
		CHECK_EQ(ctrl_parse_x(b, 7, &p), c <= 16 ? 0 : -EINVAL);
	}
}

/* ---- control frames: build errors --------------------------------- */

/* @m is invalid: -EINVAL at every buffer length, nothing written past. */
static void build_invalid(const struct lm_ctrl_msg *m, int line)
{
	u8 buf[512];
	int l, r;

	for (l = 0; l <= 400; l++) {
		u8 *q = malloc(l ? l : 1);

		if (!q)
			abort();
		r = lm_ctrl_build(q, l, m);
		free(q);
		if (r != -EINVAL) {
			printf("# line %d: build with %d bytes gave %d\n",
			       line, l, r);
			fails++;
			return;
		}
	}
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), m), -EINVAL);
}

/* @m is valid: -ENOSPC at every shorter length, nothing written past. */
static void build_nospc(const struct lm_ctrl_msg *m)
{
	int need = m->type == LM_CTRL_CTX_TABLE ? table_len(m) : 7, l, r;

	for (l = 0; l < need; l++) {
		u8 *q = malloc(l ? l : 1);

		if (!q)
			abort();
		r = lm_ctrl_build(q, l, m);
		free(q);
		if (r != -ENOSPC) {
			printf("# build of %d bytes with %d gave %d\n",
			       need, l, r);
			fails++;
			return;
		}
	}
	roundtrip(m);
}

static void test_ctrl_build_errors(void)
{
	struct lm_ctrl_msg m;
	u8 buf[400];
	unsigned int t, i;

	make_table(&m, 1, 3, 3);
	CHECK_EQ(lm_ctrl_build(NULL, 100, &m), -EINVAL);
	CHECK_EQ(lm_ctrl_build(buf, sizeof(buf), NULL), -EINVAL);

	/* -ENOSPC at every short length, for valid messages */
	for (i = 0; i <= 16; i++) {
		make_table(&m, i, 16, i);
		build_nospc(&m);
	}
	m = (struct lm_ctrl_msg){ .type = LM_CTRL_CTX_REQUEST, .version = 3 };
	build_nospc(&m);

	/* unknown types */
	for (t = 0; t < 256; t++) {
		if (t == LM_CTRL_CTX_TABLE || t == LM_CTRL_CTX_REQUEST)
			continue;
		make_table(&m, 1, 3, 3);
		m.type = t;
		build_invalid(&m, __LINE__);
		if (TOO_MANY())
			return;
	}
	/* count > 16, n > count */
	make_table(&m, 1, 17, 3);
	build_invalid(&m, __LINE__);
	make_table(&m, 1, 255, 0);
	build_invalid(&m, __LINE__);
	make_table(&m, 1, 2, 3);
	build_invalid(&m, __LINE__);
	make_table(&m, 1, 16, 16);
	m.n = 17;
	build_invalid(&m, __LINE__);
	m.n = 255;
	build_invalid(&m, __LINE__);

	/* an invalid entry anywhere: the last one, so that -ENOSPC for the
	 * first ones cannot hide it
	 */
	for (i = 0; i < 16; i++) {
		make_table(&m, 1, 16, i + 1);
		m.ctx[i].id = 16 + i;
		build_invalid(&m, __LINE__);
		make_table(&m, 1, 16, i + 1);
		m.ctx[i].plen = 0;
		build_invalid(&m, __LINE__);
		make_table(&m, 1, 16, i + 1);
		m.ctx[i].plen = 129 + i;
		build_invalid(&m, __LINE__);
		make_table(&m, 1, 16, i + 1);
		if (m.ctx[i].plen < 128) {
			m.ctx[i].prefix[15] |= 1;
			build_invalid(&m, __LINE__);
		}
		if (i) {
			/* duplicate id: the parser would reject the frame */
			make_table(&m, 1, 16, i + 1);
			m.ctx[i].id = m.ctx[rnd() % i].id;
			build_invalid(&m, __LINE__);
		}
		if (TOO_MANY())
			return;
	}
	/* lm_ctx_entry_len() */
	for (i = 0; i < 256; i++) {
		struct lm_ctx_entry e;

		make_entry(&e, 1, 64, 0, false);
		e.plen = i;
		memset(e.prefix, 0, sizeof(e.prefix));
		CHECK_EQ(lm_ctx_entry_len(&e),
			 i >= 1 && i <= 128 ? 6 + (int)(i + 7) / 8 : -EINVAL);
		e.plen = 64;
		e.id = i;
		CHECK_EQ(lm_ctx_entry_len(&e), i < 16 ? 14 : -EINVAL);
	}
	for (i = 1; i < 128; i++) {
		struct lm_ctx_entry e;
		unsigned int bit;

		for (bit = i; bit < 128; bit++) {
			make_entry(&e, 1, i, 0, false);
			e.prefix[bit / 8] |= 0x80 >> (bit % 8);
			CHECK_EQ(lm_ctx_entry_len(&e), -EINVAL);
		}
	}
}

/* ---- 6CO ------------------------------------------------------------ */

/* A 6CO of @olen units (2 or 3) at @o: garbage in every bit that must be
 * ignored (reserved fields, prefix bits past @plen).
 */
static void make_6co(u8 *o, u8 olen, u8 plen, bool c, u8 cid, u16 minutes,
		     u8 *prefix_out)
{
	unsigned int i;

	o[0] = LM_ND_OPT_6CO;
	o[1] = olen;
	o[2] = plen;
	o[3] = (rnd() & 0xe0) | (c ? 0x10 : 0) | cid;
	o[4] = rnd();
	o[5] = rnd();
	o[6] = minutes >> 8;
	o[7] = minutes;
	for (i = 0; i < (olen - 1u) * 8; i++)
		o[8 + i] = rnd();
	memset(prefix_out, 0, 16);
	memcpy(prefix_out, o + 8, plen <= 128 ? (plen + 7) / 8 : 16);
	mask_prefix(prefix_out, plen <= 128 ? plen : 128);
}

static void test_6co_layout(void)
{
	static const u8 o[] = {
		34, 2, 64, 0x15, 0, 0, 0x00, 0x0a,
		0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
	};
	static const u8 pfx[16] = { 0x20, 0x01, 0x0d, 0xb8,
				    0x12, 0x34, 0x56, 0x78 };
	struct lm_ctx_entry e;

	CHECK_EQ(sixco_parse_x(o, sizeof(o), &e), 16);
	CHECK_EQ(e.plen, 64);
	CHECK(e.compress);
	CHECK_EQ(e.id, 5);
	CHECK_EQ(e.lifetime, 600);
	CHECK_MEM(e.prefix, pfx, 16);
	CHECK_EQ(lm_6co_parse(NULL, 16, &e), -EINVAL);
	CHECK_EQ(lm_6co_parse(o, 16, NULL), -EINVAL);
}

static void test_6co_valid(void)
{
	u8 o[24 + 8], pfx[16];
	struct lm_ctx_entry e;
	unsigned int olen, plen, i;
	/* 0 is "remove now" in a 6CO: kept as 0, the caller removes */
	static const u16 minutes[] = { 0, 1, 60, 0x1234, 0xffff };

	for (olen = 2; olen <= 3; olen++)
		for (plen = 1; plen <= (olen - 1) * 64; plen++)
			for (i = 0; i < 32; i++) {
				bool c = i & 1;
				u8 cid = i % 16;
				u16 min = minutes[i % ARRAY_SIZE(minutes)];

				make_6co(o, olen, plen, c, cid, min, pfx);
				memset(&e, 0x5a, sizeof(e));
				CHECK_EQ(sixco_parse_x(o, olen * 8, &e),
					 olen * 8);
				CHECK_EQ(e.plen, plen);
				CHECK_EQ(e.compress, c);
				CHECK_EQ(e.id, cid);
				CHECK_EQ(e.lifetime, (u32)min * 60);
				CHECK_MEM(e.prefix, pfx, 16);
				/* and the parsed entry is one a control
				 * frame can carry
				 */
				CHECK_EQ(lm_ctx_entry_len(&e),
					 6 + (plen + 7) / 8);
				/* more bytes after the option: same */
				CHECK_EQ(sixco_parse_x(o, sizeof(o), &e),
					 olen * 8);
				if (TOO_MANY())
					return;
			}
}

static void test_6co_rejections(void)
{
	u8 o[40], pfx[16], b[40];
	struct lm_ctx_entry e;
	unsigned int v, olen, l;

	make_6co(o, 3, 100, true, 3, 5, pfx);
	CHECK_EQ(sixco_parse_x(o, 24, &e), 24);
	/* wrong type */
	for (v = 0; v < 256; v++) {
		memcpy(b, o, 24);
		b[0] = v;
		CHECK_EQ(sixco_parse_x(b, 24, &e), v == 34 ? 24 : -EINVAL);
	}
	/* option lengths other than 2 and 3, with the bytes to match */
	for (v = 0; v < 5; v++) {
		memset(b, 0, sizeof(b));
		memcpy(b, o, 24);
		b[1] = v;
		b[2] = 8;
		CHECK_EQ(sixco_parse_x(b, v ? v * 8 : 8, &e),
			 v == 2 || v == 3 ? (int)v * 8 : -EINVAL);
		CHECK_EQ(sixco_parse_x(b, 40, &e),
			 v == 2 || v == 3 ? (int)v * 8 : -EINVAL);
	}
	for (v = 5; v < 256; v++) {
		b[1] = v;
		CHECK_EQ(sixco_parse_x(b, 40, &e), -EINVAL);
	}
	/* context length 0, or more than the option carries */
	for (olen = 2; olen <= 3; olen++)
		for (v = 0; v < 256; v++) {
			make_6co(o, olen, v, false, 1, 1, pfx);
			CHECK_EQ(sixco_parse_x(o, olen * 8, &e),
				 v >= 1 && v <= (olen - 1) * 64 ?
				 (int)olen * 8 : -EINVAL);
		}
	/* truncated: every length short of the option */
	for (olen = 2; olen <= 3; olen++) {
		make_6co(o, olen, 1, false, 1, 1, pfx);
		for (l = 0; l < olen * 8; l++)
			CHECK_EQ(sixco_parse_x(o, l, &e), -EINVAL);
		CHECK_EQ(sixco_parse_x(o, l, &e), (int)olen * 8);
	}
}

/* ---- lm_ra_6co over router advertisements -------------------------- */

struct ra {
	u8 b[256];
	size_t len;
	int bounds[8];	/* option boundaries */
	int nb;
};

static void ra_start(struct ra *r, u8 type)
{
	static const u8 hdr[16] = {
		134, 0, 0, 0,		/* type, code, checksum */
		64, 0x00, 0x07, 0x08,	/* hop limit, flags, lifetime 1800 */
		0, 0, 0, 0, 0, 0, 0, 0,	/* reachable time, retrans timer */
	};

	memcpy(r->b, hdr, 16);
	r->b[0] = type;
	r->len = 16;
	r->nb = 0;
	r->bounds[r->nb++] = 16;
}

static void ra_opt(struct ra *r, const u8 *o, size_t n)
{
	memcpy(r->b + r->len, o, n);
	r->len += n;
	r->bounds[r->nb++] = r->len;
}

/* source link-layer address (EUI-64: 2 units) and prefix information */
static const u8 opt_sllao[16] = { 1, 2, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33,
				  0x44, 0x55 };
static const u8 opt_pio[32] = {
	3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0x00, 0, 0x09, 0x3a, 0x80, 0, 0, 0, 0,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0,
};

static void test_ra_6co(void)
{
	struct ra r;
	struct lm_ctx_entry out[4], e1, e2;
	u8 o1[16], o2[24], bad[24], pfx1[16], pfx2[16];
	int l, k, exp;

	make_6co(o1, 2, 64, true, 1, 30, pfx1);
	make_6co(o2, 3, 100, false, 14, 0xffff, pfx2);
	CHECK_EQ(sixco_parse_x(o1, 16, &e1), 16);
	CHECK_EQ(sixco_parse_x(o2, 24, &e2), 24);

	/* no options */
	ra_start(&r, 134);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 0);
	/* SLLAO, PIO, one 6CO */
	ra_opt(&r, opt_sllao, 16);
	ra_opt(&r, opt_pio, 32);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 0);
	ra_opt(&r, o1, 16);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 1);
	CHECK_ENTRY(&out[0], &e1);
	/* and a second one, in order */
	ra_opt(&r, o2, 24);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 2);
	CHECK_EQ(ra_ignored, 0);
	CHECK_ENTRY(&out[0], &e1);
	CHECK_ENTRY(&out[1], &e2);
	/* room for one, or none: nothing written past @max, the rest counted */
	CHECK_EQ(ra_x(r.b, r.len, out, 1), 1);
	CHECK_EQ(ra_ignored, 1);
	CHECK_ENTRY(&out[0], &e1);
	CHECK_EQ(ra_x(r.b, r.len, out, 0), 0);
	CHECK_EQ(ra_ignored, 2);
	/* the caller may not want the count */
	CHECK_EQ(lm_ra_6co(r.b, r.len, out, 4, NULL), 2);

	/* truncation at every byte: at an option boundary a valid RA with
	 * the options before it, elsewhere -EINVAL
	 */
	for (l = 0; l <= (int)r.len; l++) {
		exp = -EINVAL;
		for (k = 0; k < r.nb; k++)
			if (l == r.bounds[k])
				exp = k < 3 ? 0 : k - 2;
		CHECK_EQ(ra_x(r.b, l, out, 4), exp);
	}

	/* a malformed 6CO between them is skipped */
	ra_start(&r, 134);
	ra_opt(&r, o1, 16);
	memcpy(bad, o2, 24);
	bad[2] = 0;			/* context length 0 */
	ra_opt(&r, bad, 24);
	memcpy(bad, o1, 16);
	bad[2] = 65;			/* /65 in a length 2 option */
	ra_opt(&r, bad, 16);
	memset(bad, 0, 24);
	bad[0] = 34;			/* a 6CO of length 1 */
	bad[1] = 1;
	ra_opt(&r, bad, 8);
	ra_opt(&r, opt_sllao, 16);
	ra_opt(&r, o2, 24);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 2);
	CHECK_EQ(ra_ignored, 3);	/* the three malformed ones */
	CHECK_ENTRY(&out[0], &e1);
	CHECK_ENTRY(&out[1], &e2);
	/* a 6CO of length 4 (a valid option of 32 bytes) is skipped too */
	memset(bad, 0, 24);
	memcpy(bad, o1, 16);
	bad[1] = 4;
	ra_opt(&r, bad, 16);
	memset(r.b + r.len, 0, 16);
	r.len += 16;
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 2);
	CHECK_EQ(ra_ignored, 4);

	/* an option of length 0, anywhere */
	ra_start(&r, 134);
	ra_opt(&r, o1, 16);
	ra_opt(&r, (const u8 *)"\x05\x00\0\0\0\0\0\0", 8);
	ra_opt(&r, o2, 24);
	CHECK_EQ(ra_x(r.b, r.len, out, 4), -EINVAL);
	/* an option longer than what is left */
	ra_start(&r, 134);
	ra_opt(&r, o1, 16);
	ra_opt(&r, o2, 24);
	r.b[16 + 1] = 6;		/* 48 bytes claimed, 40 left */
	CHECK_EQ(ra_x(r.b, r.len, out, 4), -EINVAL);
	r.b[16 + 1] = 5;		/* exactly what is left */
	CHECK_EQ(ra_x(r.b, r.len, out, 4), 0);

	/* not an RA */
	ra_start(&r, 134);
	ra_opt(&r, o1, 16);
	for (k = 0; k < 256; k++) {
		r.b[0] = k;
		CHECK_EQ(ra_x(r.b, r.len, out, 4), k == 134 ? 1 : -EINVAL);
	}
	r.b[0] = 134;
	for (k = 1; k < 256; k++) {
		r.b[1] = k;
		CHECK_EQ(ra_x(r.b, r.len, out, 4), -EINVAL);
	}
	CHECK_EQ(lm_ra_6co(NULL, 32, out, 4, NULL), -EINVAL);
}

/* ---- IPHC context ids ---------------------------------------------- */

/*
 * RFC 6282 3.1.1, written out as tables. Source, indexed by SAC and SAM:
 * with SAC=1, SAM=00 is the unspecified address (no context) and the other
 * modes derive bits from the context.
 */
static const bool src_ctx[2][4] = {
	{ false, false, false, false },		/* SAC=0: stateless */
	{ false, true, true, true },		/* SAC=1 */
};

/*
 * Destination, indexed by M, DAC and DAM. M=0,DAC=1: DAM=00 is reserved,
 * 01/10/11 use the context. M=1,DAC=1: DAM=00 is the RFC 3306
 * unicast-prefix-based multicast form (ffXX:XXLL:PPPP...), taken from the
 * context; 01/10/11 are reserved. A reserved mode uses no context.
 */
static const bool dst_ctx[2][2][4] = {
	{ { false, false, false, false },	/* M=0, DAC=0 */
	  { false, true, true, true } },	/* M=0, DAC=1 */
	{ { false, false, false, false },	/* M=1, DAC=0 */
	  { true, false, false, false } },	/* M=1, DAC=1 */
};

static void expect_cids(u8 b1, u8 cid, int *sci, int *dci)
{
	bool has_cid = b1 & 0x80;
	unsigned int sac = (b1 >> 6) & 1, sam = (b1 >> 4) & 3;
	unsigned int m = (b1 >> 3) & 1, dac = (b1 >> 2) & 1, dam = b1 & 3;

	*sci = src_ctx[sac][sam] ? (has_cid ? cid >> 4 : 0) : -1;
	*dci = dst_ctx[m][dac][dam] ? (has_cid ? cid & 15 : 0) : -1;
}

static void test_iphc_cids_all(void)
{
	static const u8 b0s[] = { 0x60, 0x7b, 0x7f, 0x6a };
	struct lm_iphc_cids c;
	unsigned int i, b1, cid, bad = 0;
	int sci, dci, r;

	for (i = 0; i < ARRAY_SIZE(b0s); i++)
		for (b1 = 0; b1 < 256; b1++)
			for (cid = 0; cid < 256; cid++) {
				u8 h[3] = { b0s[i], b1, cid };

				expect_cids(b1, cid, &sci, &dci);
				c.sci = c.dci = 99;
				/* exactly the bytes the header needs */
				r = cids_x(h, b1 & 0x80 ? 3 : 2, &c);
				if (r || c.sci != sci || c.dci != dci) {
					if (bad++ < 8)
						printf("# %02x %02x %02x: %d sci %d dci %d, expected sci %d dci %d\n",
						       h[0], b1, cid, r,
						       c.sci, c.dci, sci, dci);
					fails++;
				}
				/* more bytes after it change nothing */
				r = cids_x(h, 3, &c);
				if (r || c.sci != sci || c.dci != dci)
					fails++;
			}
	if (bad)
		printf("# %u mismatches\n", bad);
}

static void test_iphc_cids_first_byte(void)
{
	struct lm_iphc_cids c;
	unsigned int b0;

	for (b0 = 0; b0 < 256; b0++) {
		u8 h[3] = { b0, 0x55, 0x12 };	/* SAC SAM=01, DAC DAM=01 */

		CHECK_EQ(cids_x(h, 3, &c),
			 (b0 & 0xe0) == 0x60 ? 0 : -EINVAL);
		if ((b0 & 0xe0) == 0x60) {
			CHECK_EQ(c.sci, 0);
			CHECK_EQ(c.dci, 0);
		}
		h[1] = 0xd5;			/* the same with CID */
		CHECK_EQ(cids_x(h, 3, &c),
			 (b0 & 0xe0) == 0x60 ? 0 : -EINVAL);
		if ((b0 & 0xe0) == 0x60) {
			CHECK_EQ(c.sci, 1);
			CHECK_EQ(c.dci, 2);
		}
	}
}

static void test_iphc_cids_truncation(void)
{
	struct lm_iphc_cids c;
	unsigned int b1;

	for (b1 = 0; b1 < 256; b1++) {
		u8 h[3] = { 0x7b, b1, 0xab };

		CHECK_EQ(cids_x(h, 0, &c), -EINVAL);
		CHECK_EQ(cids_x(h, 1, &c), -EINVAL);
		/* the CID byte is needed whenever CID=1, context or not */
		CHECK_EQ(cids_x(h, 2, &c), b1 & 0x80 ? -EINVAL : 0);
		CHECK_EQ(cids_x(h, 3, &c), 0);
	}
	CHECK_EQ(lm_iphc_cids(NULL, 3, &c), -EINVAL);
	CHECK_EQ(lm_iphc_cids((const u8 *)"\x7b\x55\x00", 3, NULL), -EINVAL);
}

static const struct lm_test tests[] = {
	{ "ctrl: request layout and round trip", test_ctrl_request },
	{ "ctrl: table layout (C, /64, /7, /128, lifetimes)", test_ctrl_table_layout },
	{ "ctrl: round trip, tables of 0..16 entries of 0..16", test_ctrl_roundtrip_tables },
	{ "ctrl: round trip, every plen/id/C/lifetime", test_ctrl_roundtrip_entries },
	{ "ctrl: dispatch and type, all 256 values", test_ctrl_dispatch_and_type },
	{ "ctrl: truncation at every byte", test_ctrl_truncation },
	{ "ctrl: trailing bytes, request with entries, 17 entries", test_ctrl_trailing },
	{ "ctrl: reserved bits, duplicate ids, plen, dirty prefix", test_ctrl_entry_rejections },
	{ "ctrl: count (n > count, count > 16)", test_ctrl_count },
	{ "ctrl: build -EINVAL at every length, -ENOSPC when short", test_ctrl_build_errors },
	{ "6co: layout (RFC 6775 4.2)", test_6co_layout },
	{ "6co: lengths 2/3, every context length, C, CID, lifetime", test_6co_valid },
	{ "6co: type, length, context length, truncation", test_6co_rejections },
	{ "ra: 6COs among SLLAO/PIO, skips, -EINVAL, truncation", test_ra_6co },
	{ "iphc cids: all CID/SAC/SAM/M/DAC/DAM x CID bytes (RFC 6282)", test_iphc_cids_all },
	{ "iphc cids: all 256 first bytes", test_iphc_cids_first_byte },
	{ "iphc cids: truncation", test_iphc_cids_truncation },
};

int main(void)
{
	return lm_test_run(tests, ARRAY_SIZE(tests));
}
