// SPDX-License-Identifier: GPL-2.0
/*
 * lm_proto.c - pure codecs for the 6LoWPAN mesh, BC0 and fragment headers
 *
 * No allocation, no global state, no sk_buff: every function works on a
 * plain byte buffer of a given length and never reads or writes outside it.
 * Multi-byte fields are read and written one byte at a time, most
 * significant byte first, so the code needs no unaligned access helpers and
 * builds unchanged in the kernel and in the host unit tests.
 */

#include "lm_proto.h"

/* Bytes an address of the given length takes: 2 (short) or 8 (extended). */
static bool lm_addr_len_valid(u8 len)
{
	return len == 2 || len == 8;
}

static u64 lm_get_be(const u8 *p, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void lm_put_be(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = n; i > 0; i--) {
		p[i - 1] = v & 0xff;
		v >>= 8;
	}
}

/*
 * Length of the mesh header that starts at @buf[0], read from its first two
 * bytes at most, or -EINVAL if @buf does not hold a whole mesh header.
 */
static int lm_mesh_wire_len(const u8 *buf, size_t len)
{
	unsigned int need;
	u8 d;

	if (!len)
		return -EINVAL;
	d = buf[0];
	if ((d & LM_DISPATCH_MESH_MASK) != LM_DISPATCH_MESH)
		return -EINVAL;
	need = 1;
	if ((d & LM_MESH_HOPS_MASK) == LM_MESH_HOPS_DEEP)
		need++;
	need += (d & LM_MESH_V) ? 2 : 8;
	need += (d & LM_MESH_F) ? 2 : 8;
	if (len < need)
		return -EINVAL;
	return need;
}

/**
 * lm_mesh_hdr_len() - on-air length of a mesh header
 * @h: the header to measure
 *
 * The short HopsLft form is used when @h->hops_left is 14 or less, the deep
 * form of RFC 8025 (HopsLft 0xF and a Deep Hops Left byte) otherwise.
 *
 * Return: the number of bytes lm_mesh_hdr_build() writes for @h, or -EINVAL
 * if an address length is not 2 or 8.
 */
int lm_mesh_hdr_len(const struct lm_mesh_hdr *h)
{
	if (!lm_addr_len_valid(h->orig_len) || !lm_addr_len_valid(h->final_len))
		return -EINVAL;
	return 1 + (h->hops_left >= LM_MESH_HOPS_DEEP ? 1 : 0) +
	       h->orig_len + h->final_len;
}

/**
 * lm_mesh_hdr_parse() - decode a mesh header
 * @buf: the frame, starting with the mesh dispatch byte
 * @len: bytes available at @buf
 * @h: filled in on success, left alone on error
 *
 * Both the short and the deep (RFC 8025) HopsLft forms are accepted, the
 * deep form with any Deep Hops Left value. Addresses are read most
 * significant byte first.
 *
 * Return: the number of bytes consumed, or -EINVAL if @buf does not start
 * with a mesh dispatch (10xxxxxx) or is too short for the header.
 */
int lm_mesh_hdr_parse(const u8 *buf, size_t len, struct lm_mesh_hdr *h)
{
	unsigned int pos = 1;
	int need;
	u8 d;

	need = lm_mesh_wire_len(buf, len);
	if (need < 0)
		return need;
	d = buf[0];
	h->hops_left = d & LM_MESH_HOPS_MASK;
	if (h->hops_left == LM_MESH_HOPS_DEEP)
		h->hops_left = buf[pos++];
	h->orig_len = (d & LM_MESH_V) ? 2 : 8;
	h->final_len = (d & LM_MESH_F) ? 2 : 8;
	h->orig = lm_get_be(buf + pos, h->orig_len);
	pos += h->orig_len;
	h->final = lm_get_be(buf + pos, h->final_len);
	return need;
}

/**
 * lm_mesh_hdr_build() - encode a mesh header
 * @buf: where to write the header
 * @len: bytes available at @buf
 * @h: the header to write
 *
 * Writes the short HopsLft form when @h->hops_left is 14 or less and the
 * deep form otherwise (see lm_mesh_hdr_len()). Nothing is written on error.
 *
 * Return: the number of bytes written, -EINVAL if an address length is not
 * 2 or 8 or a short address does not fit in 16 bits, -ENOSPC if @len is too
 * small.
 */
int lm_mesh_hdr_build(u8 *buf, size_t len, const struct lm_mesh_hdr *h)
{
	unsigned int pos = 1;
	int need;

	need = lm_mesh_hdr_len(h);
	if (need < 0)
		return need;
	if ((h->orig_len == 2 && h->orig > 0xffff) ||
	    (h->final_len == 2 && h->final > 0xffff))
		return -EINVAL;
	if (len < (size_t)need)
		return -ENOSPC;

	buf[0] = LM_DISPATCH_MESH;
	if (h->orig_len == 2)
		buf[0] |= LM_MESH_V;
	if (h->final_len == 2)
		buf[0] |= LM_MESH_F;
	if (h->hops_left >= LM_MESH_HOPS_DEEP) {
		buf[0] |= LM_MESH_HOPS_DEEP;
		buf[pos++] = h->hops_left;
	} else {
		buf[0] |= h->hops_left;
	}
	lm_put_be(buf + pos, h->orig_len, h->orig);
	pos += h->orig_len;
	lm_put_be(buf + pos, h->final_len, h->final);
	return need;
}

/**
 * lm_mesh_hops_decrement() - decrement hops left of a mesh header in place
 * @buf: the frame, starting with the mesh dispatch byte
 * @len: bytes available at @buf
 *
 * The header keeps its form: a deep header stays deep even when the value
 * drops below 15, so the header length, and the offsets of everything
 * behind it, do not change. Nothing is written on error.
 *
 * Return: the new hops left value, -ERANGE if it already was 0, or -EINVAL
 * if @buf does not hold a whole mesh header.
 */
int lm_mesh_hops_decrement(u8 *buf, size_t len)
{
	int ret;
	u8 hops;

	ret = lm_mesh_wire_len(buf, len);
	if (ret < 0)
		return ret;
	hops = buf[0] & LM_MESH_HOPS_MASK;
	if (hops == LM_MESH_HOPS_DEEP) {
		if (!buf[1])
			return -ERANGE;
		buf[1]--;
		return buf[1];
	}
	if (!hops)
		return -ERANGE;
	buf[0]--;
	return hops - 1;
}

/**
 * lm_bc0_parse() - decode a BC0 broadcast header
 * @buf: the frame, starting with the BC0 dispatch byte
 * @len: bytes available at @buf
 * @seq: the sequence number, filled in on success
 *
 * Return: %LM_BC0_LEN, or -EINVAL if @buf does not start with the BC0
 * dispatch (0x50) or is too short.
 */
int lm_bc0_parse(const u8 *buf, size_t len, u8 *seq)
{
	if (len < LM_BC0_LEN || buf[0] != LM_DISPATCH_BC0)
		return -EINVAL;
	*seq = buf[1];
	return LM_BC0_LEN;
}

/**
 * lm_bc0_build() - encode a BC0 broadcast header
 * @buf: where to write the header
 * @len: bytes available at @buf
 * @seq: the sequence number
 *
 * Return: %LM_BC0_LEN, or -ENOSPC if @len is too small.
 */
int lm_bc0_build(u8 *buf, size_t len, u8 seq)
{
	if (len < LM_BC0_LEN)
		return -ENOSPC;
	buf[0] = LM_DISPATCH_BC0;
	buf[1] = seq;
	return LM_BC0_LEN;
}

/**
 * lm_frag_hdr_parse() - decode a FRAG1 or FRAGN fragment header
 * @buf: the frame, starting with the fragment dispatch byte
 * @len: bytes available at @buf
 * @f: filled in on success, left alone on error
 *
 * @f->offset is returned in bytes (the header carries it in units of 8).
 *
 * Return: %LM_FRAG1_LEN or %LM_FRAGN_LEN, or -EINVAL if @buf does not start
 * with a fragment dispatch, is too short, carries a datagram size of 0, or
 * is a FRAGN whose offset is 0 or not below the datagram size.
 */
int lm_frag_hdr_parse(const u8 *buf, size_t len, struct lm_frag_hdr *f)
{
	unsigned int need, size, offset = 0;
	bool first;

	if (!len)
		return -EINVAL;
	switch (buf[0] & LM_DISPATCH_FRAG_MASK) {
	case LM_DISPATCH_FRAG1:
		first = true;
		need = LM_FRAG1_LEN;
		break;
	case LM_DISPATCH_FRAGN:
		first = false;
		need = LM_FRAGN_LEN;
		break;
	default:
		return -EINVAL;
	}
	if (len < need)
		return -EINVAL;
	size = ((buf[0] & ~LM_DISPATCH_FRAG_MASK) << 8) | buf[1];
	if (!size)
		return -EINVAL;
	if (!first) {
		/* offset 0 belongs to FRAG1: a FRAGN there is forged */
		offset = buf[4] * 8;
		if (!offset || offset >= size)
			return -EINVAL;
	}
	f->first = first;
	f->size = size;
	f->tag = lm_get_be(buf + 2, 2);
	f->offset = offset;
	return need;
}

/**
 * lm_frag_hdr_build() - encode a FRAG1 or FRAGN fragment header
 * @buf: where to write the header
 * @len: bytes available at @buf
 * @f: the header to write; @f->offset in bytes
 *
 * Nothing is written on error.
 *
 * Return: the number of bytes written (%LM_FRAG1_LEN or %LM_FRAGN_LEN),
 * -EINVAL if the size is 0 or above %LM_FRAG_SIZE_MAX, the offset is not a
 * multiple of 8 or above 255 * 8, a FRAG1 has a nonzero offset or a FRAGN
 * an offset of 0 or not below the size (lm_frag_hdr_parse() would reject
 * it), or -ENOSPC if @len is too small.
 */
int lm_frag_hdr_build(u8 *buf, size_t len, const struct lm_frag_hdr *f)
{
	unsigned int need = f->first ? LM_FRAG1_LEN : LM_FRAGN_LEN;

	if (!f->size || f->size > LM_FRAG_SIZE_MAX)
		return -EINVAL;
	if (f->offset % 8 || f->offset / 8 > 0xff)
		return -EINVAL;
	if (f->first ? f->offset != 0 :
		       !f->offset || f->offset >= f->size)
		return -EINVAL;
	if (len < need)
		return -ENOSPC;

	buf[0] = (f->first ? LM_DISPATCH_FRAG1 : LM_DISPATCH_FRAGN) |
		 (f->size >> 8);
	buf[1] = f->size & 0xff;
	lm_put_be(buf + 2, 2, f->tag);
	if (!f->first)
		buf[4] = f->offset / 8;
	return need;
}

/* True for a dispatch byte that starts a mesh, BC0 or fragment header. */
static bool lm_is_stack_dispatch(u8 d)
{
	return (d & LM_DISPATCH_MESH_MASK) == LM_DISPATCH_MESH ||
	       d == LM_DISPATCH_BC0 ||
	       (d & LM_DISPATCH_FRAG_MASK) == LM_DISPATCH_FRAG1 ||
	       (d & LM_DISPATCH_FRAG_MASK) == LM_DISPATCH_FRAGN;
}

static enum lm_payload_kind lm_classify(u8 d)
{
	if ((d & LM_DISPATCH_IPHC_MASK) == LM_DISPATCH_IPHC)
		return LM_PAYLOAD_IPHC;
	if (d == LM_DISPATCH_IPV6)
		return LM_PAYLOAD_IPV6;
	if ((d & LM_DISPATCH_NALP_MASK) == LM_DISPATCH_NALP)
		return LM_PAYLOAD_NALP;
	return LM_PAYLOAD_OTHER;
}

/**
 * lm_lowpan_parse() - walk the 6LoWPAN header stack of a frame
 * @buf: the 6LoWPAN frame (the MAC payload)
 * @len: bytes available at @buf
 * @out: filled in on success; undefined on error
 *
 * Parses, in the order RFC 4944 section 5 requires, an optional mesh
 * header, an optional BC0 header and an optional fragment header, then
 * classifies the byte that follows: IPHC, uncompressed IPv6 (0x41), NALP or
 * other. After a FRAGN header the rest is datagram data and is classified
 * as %LM_PAYLOAD_FRAGN whatever its first byte. @out->payload_off is the
 * offset of that first payload byte (the IPHC or 0x41 dispatch byte itself
 * for those kinds).
 *
 * Return: 0, or -EINVAL if a header is malformed or truncated, headers come
 * out of order or twice (a mesh, BC0 or fragment dispatch where the payload
 * should start), or no payload byte follows the headers (which includes an
 * empty @buf).
 */
int lm_lowpan_parse(const u8 *buf, size_t len, struct lm_lowpan_hdrs *out)
{
	size_t pos = 0;
	int ret;

	*out = (struct lm_lowpan_hdrs){ 0 };
	if (!len)
		return -EINVAL;

	if ((buf[0] & LM_DISPATCH_MESH_MASK) == LM_DISPATCH_MESH) {
		ret = lm_mesh_hdr_parse(buf, len, &out->mesh);
		if (ret < 0)
			return ret;
		out->has_mesh = true;
		out->mesh_off = 0;
		pos += ret;
		if (pos >= len)
			return -EINVAL;
	}

	if (buf[pos] == LM_DISPATCH_BC0) {
		ret = lm_bc0_parse(buf + pos, len - pos, &out->bc0_seq);
		if (ret < 0)
			return ret;
		out->has_bc0 = true;
		pos += ret;
		if (pos >= len)
			return -EINVAL;
	}

	if ((buf[pos] & LM_DISPATCH_FRAG_MASK) == LM_DISPATCH_FRAG1 ||
	    (buf[pos] & LM_DISPATCH_FRAG_MASK) == LM_DISPATCH_FRAGN) {
		ret = lm_frag_hdr_parse(buf + pos, len - pos, &out->frag);
		if (ret < 0)
			return ret;
		out->has_frag = true;
		pos += ret;
		if (pos >= len)
			return -EINVAL;
	}

	out->payload_off = pos;
	if (out->has_frag && !out->frag.first) {
		out->payload = LM_PAYLOAD_FRAGN;
		return 0;
	}
	if (lm_is_stack_dispatch(buf[pos]))
		return -EINVAL;
	out->payload = lm_classify(buf[pos]);
	return 0;
}
