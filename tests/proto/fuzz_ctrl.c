// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/proto/lm_ctrl.c.
 *
 * For every input:
 *  - lm_ctrl_parse(); on success the message is built again and must be
 *    byte-identical to the input, every entry valid for lm_ctx_entry_len(),
 *    and one byte less of room must give -ENOSPC;
 *  - lm_6co_parse(): on success the option length, context length, prefix
 *    (the input's bits up to the context length, nothing after), C, CID
 *    and lifetime must be what the input holds;
 *  - lm_ra_6co() against a walk of the option list written here: same
 *    verdict, same count, the same entries lm_6co_parse() gives, nothing
 *    written past @max;
 *  - lm_iphc_cids() against the RFC 6282 3.1.1 tables;
 *  - the input read as a message for lm_ctrl_build(): whatever it accepts
 *    must parse back to the same message.
 * Any mismatch calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_ctrl.h"
#include "lm_fuzz.h"

/* largest frame: header and 16 entries of a /128 */
#define CTRL_MAX_LEN (LM_CTRL_HDR_LEN + LM_CTRL_CTX_MAX * (6 + 16))

static bool prefix_clean(const u8 *p, unsigned int plen)
{
	unsigned int i;

	for (i = plen; i < 128; i++)
		if (p[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

static bool entry_eq(const struct lm_ctx_entry *a, const struct lm_ctx_entry *b)
{
	return a->id == b->id && a->compress == b->compress &&
	       a->plen == b->plen && a->lifetime == b->lifetime &&
	       !memcmp(a->prefix, b->prefix, 16);
}

static void check_ctrl(const u8 *data, size_t size)
{
	struct lm_ctrl_msg m;
	u8 out[CTRL_MAX_LEN + 1];
	unsigned int i;
	int r;

	if (lm_ctrl_parse(data, size, &m))
		return;
	FUZZ_CHECK(size <= CTRL_MAX_LEN);
	FUZZ_CHECK(m.n <= m.count && m.count <= LM_CTRL_CTX_MAX);
	for (i = 0; i < m.n; i++)
		FUZZ_CHECK(lm_ctx_entry_len(&m.ctx[i]) > 0);
	r = lm_ctrl_build(out, sizeof(out), &m);
	FUZZ_CHECK(r == (int)size);
	FUZZ_CHECK(!memcmp(out, data, size));
	FUZZ_CHECK(lm_ctrl_build(out, size - 1, &m) == -ENOSPC);
}

static void check_6co(const u8 *data, size_t size)
{
	struct lm_ctx_entry e;
	u8 pfx[16] = { 0 };
	int r = lm_6co_parse(data, size, &e);

	if (r < 0) {
		FUZZ_CHECK(r == -EINVAL);
		return;
	}
	FUZZ_CHECK(r == 16 || r == 24);
	FUZZ_CHECK((size_t)r <= size && data[0] == LM_ND_OPT_6CO &&
		   data[1] * 8 == r);
	FUZZ_CHECK(e.plen == data[2] && e.plen >= 1 &&
		   e.plen <= (r - 8) * 8);
	FUZZ_CHECK(e.compress == !!(data[3] & 0x10));
	FUZZ_CHECK(e.id == (data[3] & 0x0f));
	FUZZ_CHECK(e.lifetime == (u32)(data[6] << 8 | data[7]) * 60);
	memcpy(pfx, data + 8, (e.plen + 7) / 8);
	if (e.plen % 8)
		pfx[e.plen / 8] &= 0xff << (8 - e.plen % 8);
	FUZZ_CHECK(!memcmp(e.prefix, pfx, 16));
	FUZZ_CHECK(prefix_clean(e.prefix, e.plen));
	FUZZ_CHECK(lm_ctx_entry_len(&e) == 6 + (e.plen + 7) / 8);
}

static void check_ra(const u8 *data, size_t size, unsigned int max)
{
	struct lm_ctx_entry exp[LM_CTRL_CTX_MAX];
	struct lm_ctx_entry *out;
	size_t off = LM_RA_HDR_LEN;
	int n = 0, r, i;
	unsigned int skipped = 0, ignored = ~0u;

	/* the option list, walked here */
	if (size < LM_RA_HDR_LEN || data[0] != LM_ICMP6_RA || data[1]) {
		n = -EINVAL;
	} else {
		while (off < size) {
			size_t olen;

			if (off + 2 > size || !data[off + 1]) {
				n = -EINVAL;
				break;
			}
			olen = data[off + 1] * 8;
			if (off + olen > size) {
				n = -EINVAL;
				break;
			}
			if (data[off] == LM_ND_OPT_6CO) {
				if (n < (int)max &&
				    lm_6co_parse(data + off, olen, &exp[n]) > 0)
					n++;
				else
					skipped++;
			}
			off += olen;
		}
	}
	/* exactly @max entries of room: ASan sees any write past them */
	out = malloc(max ? max * sizeof(*out) : 1);
	FUZZ_CHECK(out);
	r = lm_ra_6co(data, size, out, max, &ignored);
	FUZZ_CHECK(r == n);
	FUZZ_CHECK(r < 0 || ignored == skipped);
	for (i = 0; i < r; i++)
		FUZZ_CHECK(entry_eq(&out[i], &exp[i]));
	free(out);
}

/* RFC 6282 3.1.1: [SAC][SAM], [M][DAC][DAM]; reserved modes: no context */
static const bool src_ctx[2][4] = {
	{ false, false, false, false }, { false, true, true, true },
};

static const bool dst_ctx[2][2][4] = {
	{ { false, false, false, false }, { false, true, true, true } },
	{ { false, false, false, false }, { true, false, false, false } },
};

static void check_cids(const u8 *data, size_t size)
{
	struct lm_iphc_cids c;
	int r = lm_iphc_cids(data, size, &c);
	u8 b1, cid;

	if (size < 2 || (data[0] & 0xe0) != 0x60 ||
	    ((data[1] & 0x80) && size < 3)) {
		FUZZ_CHECK(r == -EINVAL);
		return;
	}
	FUZZ_CHECK(r == 0);
	b1 = data[1];
	cid = b1 & 0x80 ? data[2] : 0;
	FUZZ_CHECK(c.sci == (src_ctx[b1 >> 6 & 1][b1 >> 4 & 3] ?
			     cid >> 4 : -1));
	FUZZ_CHECK(c.dci == (dst_ctx[b1 >> 3 & 1][b1 >> 2 & 1][b1 & 3] ?
			     cid & 15 : -1));
}

/* The input as a message for the builder. */
static void check_build(const u8 *data, size_t size)
{
	struct lm_ctrl_msg m, p;
	u8 out[CTRL_MAX_LEN];
	unsigned int i, j;
	size_t off = 8;
	int r;

	if (size < 8)
		return;
	memset(&m, 0, sizeof(m));
	m.type = data[0] & 3;
	m.version = (u32)data[1] << 24 | data[2] << 16 | data[3] << 8 |
		    data[4];
	m.count = data[5] % 20;
	m.n = data[6] % 20;
	if (m.n > LM_CTRL_CTX_MAX)
		m.n = LM_CTRL_CTX_MAX;	/* the struct holds no more */
	for (i = 0; i < m.n && off + 7 <= size; i++) {
		struct lm_ctx_entry *e = &m.ctx[i];
		unsigned int nb;

		e->id = data[off] & 0x1f;
		e->compress = data[off] & 0x80;
		e->plen = data[off + 1];
		e->lifetime = (u32)data[off + 2] << 24 | data[off + 3] << 16 |
			      data[off + 4] << 8 | data[off + 5];
		nb = data[off + 6] % 17;
		off += 7;
		if (nb > size - off)
			nb = size - off;
		memcpy(e->prefix, data + off, nb);
		off += nb;
	}
	/* data[7] bit 0: make the prefixes clean so that more get built */
	if (data[7] & 1)
		for (i = 0; i < m.n; i++)
			for (j = m.ctx[i].plen; j < 128; j++)
				m.ctx[i].prefix[j / 8] &= ~(0x80 >> (j % 8));
	r = lm_ctrl_build(out, sizeof(out), &m);
	if (r < 0) {
		FUZZ_CHECK(r == -EINVAL);
		return;
	}
	FUZZ_CHECK(r >= LM_CTRL_HDR_LEN && r <= (int)sizeof(out));
	FUZZ_CHECK(lm_ctrl_build(out, r - 1, &m) == -ENOSPC);
	FUZZ_CHECK(lm_ctrl_build(out, r, &m) == r);
	FUZZ_CHECK(lm_ctrl_parse(out, r, &p) == 0);
	FUZZ_CHECK(p.type == m.type && p.version == m.version);
	if (m.type == LM_CTRL_CTX_REQUEST) {
		FUZZ_CHECK(r == LM_CTRL_HDR_LEN && !p.count && !p.n);
		return;
	}
	FUZZ_CHECK(p.count == m.count && p.n == m.n);
	for (i = 0; i < m.n; i++)
		FUZZ_CHECK(entry_eq(&p.ctx[i], &m.ctx[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_ctrl(data, size);
	check_6co(data, size);
	check_ra(data, size, 0);
	check_ra(data, size, 2);
	check_ra(data, size, LM_CTRL_CTX_MAX);
	check_cids(data, size);
	check_build(data, size);
	return 0;
}
