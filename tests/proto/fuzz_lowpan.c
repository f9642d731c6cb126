// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/proto/lm_proto.c.
 *
 * For every input:
 *  - lm_lowpan_parse(); on success every parsed header is built again and
 *    must equal the input bytes it came from (a mesh header in the
 *    non-canonical deep form, Deep Hops Left below 15, which forwarding
 *    produces, is compared with its canonical short form), the offsets must
 *    add up and the payload kind must match the byte at payload_off;
 *  - each single-header parser on its own, with the same round trip;
 *  - lm_mesh_hops_decrement() on a copy: same verdict as the parser, only
 *    the hops byte changes, by exactly one;
 *  - the input read as header structs for the builders: whatever a builder
 *    accepts must parse back to the same struct.
 * Any mismatch calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_proto.h"
#include "lm_fuzz.h"

/* Build @h and compare with the @n input bytes at @in it was parsed from. */
static void mesh_roundtrip(const u8 *in, int n, const struct lm_mesh_hdr *h)
{
	u8 out[LM_MESH_MAX_LEN];
	int r = lm_mesh_hdr_build(out, sizeof(out), h);

	FUZZ_CHECK(r > 0);
	FUZZ_CHECK(r == lm_mesh_hdr_len(h));
	if ((in[0] & LM_MESH_HOPS_MASK) == LM_MESH_HOPS_DEEP &&
	    in[1] < LM_MESH_HOPS_DEEP) {
		/* deep form of a small value: built in the short form */
		FUZZ_CHECK(r == n - 1);
		FUZZ_CHECK(out[0] == ((in[0] & ~LM_MESH_HOPS_MASK) | in[1]));
		FUZZ_CHECK(!memcmp(out + 1, in + 2, n - 2));
	} else {
		FUZZ_CHECK(r == n);
		FUZZ_CHECK(!memcmp(out, in, n));
	}
	FUZZ_CHECK(lm_mesh_hdr_build(out, r - 1, h) == -ENOSPC);
}

static void frag_roundtrip(const u8 *in, int n, const struct lm_frag_hdr *f)
{
	u8 out[LM_FRAGN_LEN];
	int r = lm_frag_hdr_build(out, sizeof(out), f);

	FUZZ_CHECK(r == n);
	FUZZ_CHECK(!memcmp(out, in, n));
	FUZZ_CHECK(lm_frag_hdr_build(out, r - 1, f) == -ENOSPC);
}

static void bc0_roundtrip(const u8 *in, u8 seq)
{
	u8 out[LM_BC0_LEN];

	FUZZ_CHECK(lm_bc0_build(out, sizeof(out), seq) == LM_BC0_LEN);
	FUZZ_CHECK(!memcmp(out, in, LM_BC0_LEN));
}

static void check_stack(const u8 *data, size_t size)
{
	struct lm_lowpan_hdrs o;
	size_t pos = 0;
	u8 d;
	int r;

	if (lm_lowpan_parse(data, size, &o))
		return;

	FUZZ_CHECK(o.mesh_off == 0);
	if (o.has_mesh) {
		struct lm_mesh_hdr m;

		r = lm_mesh_hdr_parse(data, size, &m);
		FUZZ_CHECK(r > 0);
		FUZZ_CHECK(m.hops_left == o.mesh.hops_left);
		FUZZ_CHECK(m.orig == o.mesh.orig && m.final == o.mesh.final);
		mesh_roundtrip(data, r, &o.mesh);
		pos += r;
	}
	if (o.has_bc0) {
		FUZZ_CHECK(pos + LM_BC0_LEN <= size);
		bc0_roundtrip(data + pos, o.bc0_seq);
		pos += LM_BC0_LEN;
	}
	if (o.has_frag) {
		r = o.frag.first ? LM_FRAG1_LEN : LM_FRAGN_LEN;
		FUZZ_CHECK(pos + r <= size);
		frag_roundtrip(data + pos, r, &o.frag);
		FUZZ_CHECK(o.frag.size >= 1 && o.frag.size <= LM_FRAG_SIZE_MAX);
		FUZZ_CHECK(o.frag.offset % 8 == 0);
		FUZZ_CHECK(o.frag.first ? !o.frag.offset :
			   o.frag.offset < o.frag.size);
		pos += r;
	}
	FUZZ_CHECK(o.payload_off == pos);
	FUZZ_CHECK(pos < size);

	d = data[pos];
	if (o.has_frag && !o.frag.first) {
		FUZZ_CHECK(o.payload == LM_PAYLOAD_FRAGN);
		return;
	}
	/* no header dispatch may be left where the payload starts */
	FUZZ_CHECK((d & LM_DISPATCH_MESH_MASK) != LM_DISPATCH_MESH);
	FUZZ_CHECK(d != LM_DISPATCH_BC0);
	FUZZ_CHECK((d & LM_DISPATCH_FRAG_MASK) != LM_DISPATCH_FRAG1);
	FUZZ_CHECK((d & LM_DISPATCH_FRAG_MASK) != LM_DISPATCH_FRAGN);
	switch (o.payload) {
	case LM_PAYLOAD_IPHC:
		FUZZ_CHECK((d & LM_DISPATCH_IPHC_MASK) == LM_DISPATCH_IPHC);
		break;
	case LM_PAYLOAD_IPV6:
		FUZZ_CHECK(d == LM_DISPATCH_IPV6);
		break;
	case LM_PAYLOAD_NALP:
		FUZZ_CHECK((d & LM_DISPATCH_NALP_MASK) == LM_DISPATCH_NALP);
		break;
	case LM_PAYLOAD_OTHER:
		FUZZ_CHECK((d & LM_DISPATCH_IPHC_MASK) != LM_DISPATCH_IPHC);
		FUZZ_CHECK(d != LM_DISPATCH_IPV6);
		FUZZ_CHECK((d & LM_DISPATCH_NALP_MASK) != LM_DISPATCH_NALP);
		break;
	default:
		FUZZ_CHECK(0);
	}
}

static void check_single(const u8 *data, size_t size)
{
	struct lm_mesh_hdr m;
	struct lm_frag_hdr f;
	u8 seq;
	int r;

	r = lm_mesh_hdr_parse(data, size, &m);
	FUZZ_CHECK(r == -EINVAL || (r > 0 && (size_t)r <= size));
	if (r > 0)
		mesh_roundtrip(data, r, &m);

	r = lm_frag_hdr_parse(data, size, &f);
	FUZZ_CHECK(r == -EINVAL || r == LM_FRAG1_LEN || r == LM_FRAGN_LEN);
	if (r > 0) {
		FUZZ_CHECK((size_t)r <= size);
		frag_roundtrip(data, r, &f);
	}

	r = lm_bc0_parse(data, size, &seq);
	FUZZ_CHECK(r == -EINVAL || r == LM_BC0_LEN);
	if (r > 0)
		bc0_roundtrip(data, seq);
}

static void check_decrement(const u8 *data, size_t size)
{
	struct lm_mesh_hdr before, after;
	u8 *copy;
	size_t i, hops_at;
	int n, r;

	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	n = lm_mesh_hdr_parse(data, size, &before);
	r = lm_mesh_hops_decrement(copy, size);
	if (n < 0) {
		FUZZ_CHECK(r == -EINVAL);
		FUZZ_CHECK(!memcmp(copy, data, size));
		goto out;
	}
	if (!before.hops_left) {
		FUZZ_CHECK(r == -ERANGE);
		FUZZ_CHECK(!memcmp(copy, data, size));
		goto out;
	}
	FUZZ_CHECK(r == before.hops_left - 1);
	FUZZ_CHECK(lm_mesh_hdr_parse(copy, size, &after) == n);
	FUZZ_CHECK(after.hops_left == r);
	FUZZ_CHECK(after.orig == before.orig && after.final == before.final);
	FUZZ_CHECK(after.orig_len == before.orig_len);
	FUZZ_CHECK(after.final_len == before.final_len);
	hops_at = (data[0] & LM_MESH_HOPS_MASK) == LM_MESH_HOPS_DEEP ? 1 : 0;
	for (i = 0; i < size; i++)
		if (i != hops_at)
			FUZZ_CHECK(copy[i] == data[i]);
out:
	free(copy);
}

static u64 get64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* The input as header structs: what a builder takes must parse back. */
static void check_builders(const u8 *data, size_t size)
{
	struct lm_mesh_hdr m, pm;
	struct lm_frag_hdr f, pf;
	u8 buf[LM_MESH_MAX_LEN + 1];
	size_t cap;
	int r, p;

	if (size < 24)
		return;
	cap = data[0] % sizeof(buf);
	m.hops_left = data[1];
	m.orig_len = data[2] & 0x80 ? data[2] & 0xf : 2 + 6 * (data[2] & 1);
	m.final_len = data[3] & 0x80 ? data[3] & 0xf : 2 + 6 * (data[3] & 1);
	m.orig = get64(data + 4);
	m.final = get64(data + 12);
	if (data[2] & 0x40)
		m.orig &= 0xffff;
	if (data[3] & 0x40)
		m.final &= 0xffff;
	r = lm_mesh_hdr_build(buf, cap, &m);
	FUZZ_CHECK(r == -EINVAL || r == -ENOSPC || r == lm_mesh_hdr_len(&m));
	if (r > 0) {
		FUZZ_CHECK((size_t)r <= cap);
		p = lm_mesh_hdr_parse(buf, r, &pm);
		FUZZ_CHECK(p == r);
		FUZZ_CHECK(pm.hops_left == m.hops_left);
		FUZZ_CHECK(pm.orig_len == m.orig_len);
		FUZZ_CHECK(pm.final_len == m.final_len);
		FUZZ_CHECK(pm.orig == m.orig && pm.final == m.final);
	}

	f.first = data[20] & 1;
	f.size = data[21] << 4 | (data[22] >> 4);
	f.tag = data[22] << 8 | data[23];
	f.offset = data[19] * 8;
	if (data[18] & 0x80)
		f.offset += data[18] & 7;
	if (data[18] & 0x40)
		f.offset += 2048;
	r = lm_frag_hdr_build(buf, data[0] % 6, &f);
	FUZZ_CHECK(r == -EINVAL || r == -ENOSPC ||
		   r == (f.first ? LM_FRAG1_LEN : LM_FRAGN_LEN));
	if (r > 0) {
		p = lm_frag_hdr_parse(buf, r, &pf);
		FUZZ_CHECK(p == r);
		FUZZ_CHECK(pf.first == f.first && pf.size == f.size);
		FUZZ_CHECK(pf.tag == f.tag && pf.offset == f.offset);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_stack(data, size);
	check_single(data, size);
	check_decrement(data, size);
	check_builders(data, size);
	return 0;
}
