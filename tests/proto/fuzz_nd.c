// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/proto/lm_nd.c.
 *
 * For every input:
 *  - the input as an ICMPv6 message: lm_nd_lladdr_parse() on an exact-size
 *    heap copy (ASan reports any read past the end, and any write past
 *    the result, which is exact-size too), for the whole input and for
 *    every shorter length up to 64 bytes (each cut placed at the end of
 *    the allocation), against ref_parse() below: same return value and,
 *    on success, the same addresses;
 *  - the input as the options of an RS, RA, NS or NA (byte 0 picks the
 *    type, byte 1 the NA flags): the same, so that the option walk is
 *    reached without the fuzzer having to find the fixed part first.
 * Any mismatch calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_nd.h"
#include "lm_fuzz.h"

/* longest message built from the input for the option walk */
#define MSG_MAX	(LM_ND_NS_LEN + 4096)

/*
 * What lm_nd_lladdr_parse() should give, written the simple way: the
 * options must tile the message exactly (a first pass), then the first
 * wanted option of length 1 is the short address and the first wanted
 * one of any other length must be of length 2 (a second pass).
 */
static int ref_parse(const u8 *m, size_t n, struct lm_nd_lladdr *ll)
{
	const u8 *ext = NULL, *sh = NULL;
	size_t fixed, off;
	u8 want = LM_ND_OPT_SLLAO;
	int i;

	if (n < 8 || m[1])
		return -EINVAL;
	switch (m[0]) {
	case 133:	/* RS */
		fixed = 8;
		break;
	case 134:	/* RA */
		fixed = 16;
		break;
	case 135:	/* NS */
		fixed = 24;
		break;
	case 136:	/* NA */
		fixed = 24;
		want = LM_ND_OPT_TLLAO;
		break;
	default:
		return -ENOENT;
	}
	if (n < fixed)
		return -EINVAL;
	if (m[0] == 136 && !(m[4] & 0x20))
		return -ENOENT;
	for (off = fixed; off < n; off += m[off + 1] * 8)
		if (n - off < 2 || !m[off + 1] || off + m[off + 1] * 8 > n)
			return -EINVAL;
	for (off = fixed; off < n; off += m[off + 1] * 8) {
		if (m[off] != want)
			continue;
		if (m[off + 1] == 1) {
			if (!sh)
				sh = m + off;
		} else if (!ext) {
			ext = m + off;
		}
	}
	if (ext && ext[1] != 2)
		return -EINVAL;
	if (!ext)
		return -ENOENT;
	ll->ext = 0;
	for (i = 2; i < 10; i++)
		ll->ext = ll->ext << 8 | ext[i];
	if (ll->ext == 0 || ll->ext == UINT64_MAX)
		return -ENOENT;
	ll->has_short = sh != NULL;
	ll->short_addr = sh ? sh[2] << 8 | sh[3] : 0;
	return 0;
}

/*
 * Both parsers on the first @n bytes of @m. @buf has room for @cap bytes;
 * the message is copied to its end, so the byte after it is outside the
 * allocation.
 */
static void check_one(const u8 *m, size_t n, u8 *buf, size_t cap,
		      struct lm_nd_lladdr *ll)
{
	struct lm_nd_lladdr want;
	u8 *q = buf + cap - n;
	int r, w;

	memcpy(q, m, n);
	r = lm_nd_lladdr_parse(q, n, ll);
	w = ref_parse(m, n, &want);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENOENT);
	FUZZ_CHECK(r == w);
	FUZZ_CHECK(!memcmp(q, m, n));	/* the message is not written */
	if (r)
		return;
	FUZZ_CHECK(ll->ext == want.ext);
	FUZZ_CHECK(ll->has_short == want.has_short);
	FUZZ_CHECK(ll->short_addr == want.short_addr);
	FUZZ_CHECK(ll->ext && ll->ext != UINT64_MAX);
}

static void check_msg(const u8 *m, size_t n)
{
	struct lm_nd_lladdr *ll = malloc(sizeof(*ll));
	u8 *buf = malloc(n ? n : 1);
	size_t cut;

	FUZZ_CHECK(ll && buf);
	check_one(m, n, buf, n, ll);
	for (cut = 0; cut < n && cut <= 64; cut++)
		check_one(m, cut, buf, n, ll);
	free(buf);
	free(ll);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 types[] = { LM_ND_RS, LM_ND_RA, LM_ND_NS, LM_ND_NA };
	static const size_t fixed[] = { LM_ND_RS_LEN, LM_ND_RA_LEN,
					LM_ND_NS_LEN, LM_ND_NA_LEN };
	u8 *m;
	size_t f, n;

	check_msg(data, size);

	if (size < 2 || size - 2 > MSG_MAX - LM_ND_NS_LEN)
		return 0;
	f = fixed[data[0] & 3];
	n = f + size - 2;
	m = malloc(n);
	FUZZ_CHECK(m);
	memset(m, 0, f);
	m[0] = types[data[0] & 3];
	m[4] = data[1];
	memcpy(m + f, data + 2, size - 2);
	check_msg(m, n);
	free(m);
	return 0;
}
