// SPDX-License-Identifier: GPL-2.0
/*
 * lm_ctrl.c - mesh control frames, 6CO and IPHC context identifiers
 *
 * Pure functions over byte buffers, like lm_proto.c: no allocation, no
 * state, nothing read or written outside the given length.
 */

#include "lm_ctrl.h"

static u32 lm_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void lm_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* The prefix has no bit set past @plen. */
static bool lm_prefix_clean(const u8 *prefix, u8 plen)
{
	unsigned int i;

	for (i = plen; i < 128; i++)
		if (prefix[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

/**
 * lm_ctx_entry_len() - bytes an entry takes in a control frame
 * @e: the entry
 *
 * Return: the length, or -EINVAL for an invalid entry.
 */
int lm_ctx_entry_len(const struct lm_ctx_entry *e)
{
	if (e->id > 15 || !e->plen || e->plen > 128 ||
	    !lm_prefix_clean(e->prefix, e->plen))
		return -EINVAL;
	return 6 + (e->plen + 7) / 8;
}

/**
 * lm_ctrl_parse() - decode a mesh control frame
 * @buf: the frame from its dispatch byte on
 * @len: bytes in @buf
 * @m: result
 *
 * Return: 0, or -EINVAL when the frame is not a well-formed control frame
 * (unknown type, truncated, trailing bytes, an invalid or repeated entry).
 */
int lm_ctrl_parse(const u8 *buf, size_t len, struct lm_ctrl_msg *m)
{
	unsigned int off = LM_CTRL_HDR_LEN, seen = 0;
	struct lm_ctx_entry *e;
	unsigned int plen_bytes;

	if (!buf || !m || len < LM_CTRL_HDR_LEN || buf[0] != LM_DISPATCH_CTRL)
		return -EINVAL;
	m->type = buf[1];
	m->version = lm_get_be32(buf + 2);
	m->count = buf[6];
	m->n = 0;
	if (m->count > LM_CTRL_CTX_MAX)
		return -EINVAL;

	if (m->type == LM_CTRL_CTX_REQUEST)
		return m->count || len != LM_CTRL_HDR_LEN ? -EINVAL : 0;
	if (m->type != LM_CTRL_CTX_TABLE)
		return -EINVAL;

	while (off < len) {
		if (m->n == LM_CTRL_CTX_MAX || len - off < 6)
			return -EINVAL;
		e = &m->ctx[m->n];
		e->id = buf[off] & 0x0f;
		e->compress = buf[off] & LM_CTRL_ENTRY_C;
		if (buf[off] & 0x70)
			return -EINVAL;
		e->plen = buf[off + 1];
		e->lifetime = lm_get_be32(buf + off + 2);
		if (!e->plen || e->plen > 128)
			return -EINVAL;
		plen_bytes = (e->plen + 7) / 8;
		if (len - off - 6 < plen_bytes)
			return -EINVAL;
		memset(e->prefix, 0, sizeof(e->prefix));
		memcpy(e->prefix, buf + off + 6, plen_bytes);
		if (!lm_prefix_clean(e->prefix, e->plen) ||
		    (seen & (1u << e->id)))
			return -EINVAL;
		seen |= 1u << e->id;
		off += 6 + plen_bytes;
		m->n++;
	}
	/* A frame cannot carry more entries than the table has. */
	return m->n > m->count ? -EINVAL : 0;
}

/**
 * lm_ctrl_build() - encode a mesh control frame
 * @buf: where to write
 * @len: room in @buf
 * @m: the message (for a request, @m->n and @m->count are ignored)
 *
 * Return: bytes written, -EINVAL for an invalid message (whatever @len:
 * anything lm_ctrl_parse() would reject, such as a repeated id), -ENOSPC
 * when @len is too small.
 */
int lm_ctrl_build(u8 *buf, size_t len, const struct lm_ctrl_msg *m)
{
	unsigned int off = LM_CTRL_HDR_LEN, i, seen = 0, need;
	const struct lm_ctx_entry *e;
	int el;

	if (!buf || !m)
		return -EINVAL;
	if (m->type != LM_CTRL_CTX_TABLE && m->type != LM_CTRL_CTX_REQUEST)
		return -EINVAL;
	if (m->type == LM_CTRL_CTX_TABLE &&
	    (m->count > LM_CTRL_CTX_MAX || m->n > m->count))
		return -EINVAL;
	need = LM_CTRL_HDR_LEN;
	for (i = 0; m->type == LM_CTRL_CTX_TABLE && i < m->n; i++) {
		el = lm_ctx_entry_len(&m->ctx[i]);
		if (el < 0 || (seen & (1u << m->ctx[i].id)))
			return -EINVAL;
		seen |= 1u << m->ctx[i].id;
		need += el;
	}
	if (len < need)
		return -ENOSPC;

	buf[0] = LM_DISPATCH_CTRL;
	buf[1] = m->type;
	lm_put_be32(buf + 2, m->version);
	buf[6] = m->type == LM_CTRL_CTX_TABLE ? m->count : 0;
	if (m->type == LM_CTRL_CTX_REQUEST)
		return LM_CTRL_HDR_LEN;

	for (i = 0; i < m->n; i++) {
		e = &m->ctx[i];
		el = lm_ctx_entry_len(e);
		buf[off] = e->id | (e->compress ? LM_CTRL_ENTRY_C : 0);
		buf[off + 1] = e->plen;
		lm_put_be32(buf + off + 2, e->lifetime);
		memcpy(buf + off + 6, e->prefix, el - 6);
		off += el;
	}
	return off;
}

/**
 * lm_6co_parse() - decode one 6LoWPAN Context Option
 * @opt: the option from its type byte on
 * @len: bytes available (at least the option's own length)
 * @e: result; the lifetime is converted from minutes to seconds. A 6CO
 *	lifetime of 0 stays 0, but means "remove this context now" (RFC 6775
 *	section 4.2), not "no expiry" as in a control frame: callers must
 *	tell the two apart (lm_ctx_from_ra() does).
 *
 * RFC 6775 section 4.2: type 34, length 2 (64-bit prefix field) or 3
 * (128-bit), context length, flags with C and CID, 2 reserved bytes, valid
 * lifetime in units of 60 s, then the prefix.
 *
 * Return: the option's length in bytes, or -EINVAL.
 */
int lm_6co_parse(const u8 *opt, size_t len, struct lm_ctx_entry *e)
{
	unsigned int olen, room;

	if (!opt || !e || len < 8 || opt[0] != LM_ND_OPT_6CO)
		return -EINVAL;
	olen = opt[1] * 8;
	if ((opt[1] != 2 && opt[1] != 3) || len < olen)
		return -EINVAL;
	room = (olen - 8) * 8;	/* prefix bits the option carries */
	e->plen = opt[2];
	if (!e->plen || e->plen > 128 || e->plen > room)
		return -EINVAL;
	e->compress = opt[3] & 0x10;
	e->id = opt[3] & 0x0f;
	e->lifetime = (u32)((opt[6] << 8) | opt[7]) * 60;
	memset(e->prefix, 0, sizeof(e->prefix));
	memcpy(e->prefix, opt + 8, (e->plen + 7) / 8);
	/* Bits past the context length are ignored, as the RFC says. */
	if (e->plen % 8)
		e->prefix[e->plen / 8] &= 0xff << (8 - e->plen % 8);
	return olen;
}

/**
 * lm_ra_6co() - the 6COs of a router advertisement
 * @icmp: the ICMPv6 message from its type byte on
 * @len: its length
 * @out: room for @max entries
 * @max: size of @out
 * @ignored: if not NULL, set to the number of 6COs not stored: malformed
 *	ones (lm_6co_parse() refused them) and those past @max
 *
 * Return: the number of valid 6COs stored (the others are skipped),
 * or -EINVAL when @icmp is no RA or its option list is malformed.
 */
int lm_ra_6co(const u8 *icmp, size_t len, struct lm_ctx_entry *out,
	      unsigned int max, unsigned int *ignored)
{
	unsigned int off = LM_RA_HDR_LEN, n = 0, skipped = 0, olen;

	if (!icmp || len < LM_RA_HDR_LEN || icmp[0] != LM_ICMP6_RA ||
	    icmp[1] != 0)
		return -EINVAL;
	while (off < len) {
		if (len - off < 2 || !icmp[off + 1])
			return -EINVAL;
		olen = icmp[off + 1] * 8;
		if (len - off < olen)
			return -EINVAL;
		if (icmp[off] == LM_ND_OPT_6CO) {
			if (n < max && lm_6co_parse(icmp + off, olen, &out[n]) > 0)
				n++;
			else
				skipped++;
		}
		off += olen;
	}
	if (ignored)
		*ignored = skipped;
	return n;
}

/* IPHC (RFC 6282 section 3.1) bits of the second byte */
#define LM_IPHC_CID	0x80
#define LM_IPHC_SAC	0x40
#define LM_IPHC_SAM	0x30
#define LM_IPHC_M	0x08
#define LM_IPHC_DAC	0x04
#define LM_IPHC_DAM	0x03

/**
 * lm_iphc_cids() - which contexts an IPHC header needs to be decompressed
 * @buf: the header from its first byte (011xxxxx) on
 * @len: bytes available
 * @c: result
 *
 * Stateful source compression with SAM 00 is the unspecified address and
 * needs no context; stateful multicast (M and DAC) needs one only with
 * DAM 00, the other DAM values being reserved; stateful unicast (DAC
 * without M) needs one except with DAM 00, which is reserved. A reserved
 * mode is reported as using no context.
 *
 * Return: 0, or -EINVAL when @buf holds no complete IPHC base (and CID
 * byte when the CID bit is set).
 */
int lm_iphc_cids(const u8 *buf, size_t len, struct lm_iphc_cids *c)
{
	u8 b1, sci = 0, dci = 0;

	if (!buf || !c || len < 2 || (buf[0] & 0xe0) != 0x60)
		return -EINVAL;
	b1 = buf[1];
	if (b1 & LM_IPHC_CID) {
		if (len < 3)
			return -EINVAL;
		sci = buf[2] >> 4;
		dci = buf[2] & 0x0f;
	}
	c->sci = (b1 & LM_IPHC_SAC) && (b1 & LM_IPHC_SAM) ? sci : -1;
	if (!(b1 & LM_IPHC_DAC))
		c->dci = -1;
	else if ((b1 & LM_IPHC_M) && (b1 & LM_IPHC_DAM))
		c->dci = -1;
	else if (!(b1 & LM_IPHC_M) && !(b1 & LM_IPHC_DAM))
		c->dci = -1;	/* DAC with DAM 00 (unicast) is reserved */
	else
		c->dci = dci;
	return 0;
}

/**
 * lm_ctrl_type() - the type of a mesh control frame
 * @buf: the frame from its dispatch byte on
 * @len: bytes in @buf
 *
 * Return: the type byte, or -EINVAL when @buf holds no control header.
 */
int lm_ctrl_type(const u8 *buf, size_t len)
{
	if (!buf || len < LM_CTRL_HDR_LEN || buf[0] != LM_DISPATCH_CTRL)
		return -EINVAL;
	return buf[1];
}

static bool lm_rt_type_ok(u8 type)
{
	return type >= LM_CTRL_HELLO && type <= LM_CTRL_RT_REQ;
}

static bool lm_rt_addr_ok(const struct lm_rt_addr *a)
{
	return a->len == 2 || a->len == 8;
}

/**
 * lm_ctrl_rt_entry_len() - bytes an entry takes in a routing control frame
 * @type: the frame's type
 * @e: the entry (only its address length matters)
 *
 * Return: the length, or -EINVAL for an unknown type or address length.
 */
int lm_ctrl_rt_entry_len(u8 type, const struct lm_ctrl_rt_entry *e)
{
	if (!lm_rt_type_ok(type))
		return -EINVAL;
	if (type == LM_CTRL_RT_ADV)
		return 2;
	if (!lm_rt_addr_ok(&e->addr))
		return -EINVAL;
	if (type == LM_CTRL_HELLO)
		return 1 + e->addr.len + 1;
	if (type == LM_CTRL_RT_DIR)
		return 2 + 1 + e->addr.len + 2;
	return 1 + e->addr.len + 2 + 1;
}

/* Header-level rules of a routing message, shared by parse and build. */
static bool lm_rt_hdr_ok(const struct lm_ctrl_rt_msg *m)
{
	if (m->type == LM_CTRL_HELLO)
		return m->arg != 0;
	if (m->type == LM_CTRL_RT_DIR)
		return m->seq == 0;
	if (m->type == LM_CTRL_RT_REQ)
		return m->seq == 0 && m->arg == 0;
	return m->type == LM_CTRL_RT_ADV;
}

/* Entry-level rules; @prev is the previous ADV index (-1 for none). */
static bool lm_rt_entry_ok(const struct lm_ctrl_rt_msg *m,
			   const struct lm_ctrl_rt_entry *e, int prev)
{
	if (m->type == LM_CTRL_RT_ADV)
		return e->idx >= m->seq && e->idx - m->seq <= 255 &&
		       (int)e->idx > prev;
	if (m->type == LM_CTRL_RT_REQ && e->dir)
		return !e->seqno && !e->q;
	return true;
}

/**
 * lm_ctrl_rt_parse() - decode a routing control frame
 * @buf: the frame from its dispatch byte on
 * @len: bytes in @buf
 * @m: result
 *
 * Return: 0, or -EINVAL when the frame is not a well-formed HELLO, RT_DIR,
 * RT_ADV or RT_REQ (other type, longer than %LM_CTRL_RT_MAX_LEN, count not
 * the number of entries, truncated entry, trailing bytes, reserved bits or
 * fields not zero, a hello interval of 0, ADV offsets not increasing).
 */
int lm_ctrl_rt_parse(const u8 *buf, size_t len, struct lm_ctrl_rt_msg *m)
{
	unsigned int off = LM_CTRL_HDR_LEN, count, i, al;
	struct lm_ctrl_rt_entry *e;
	int prev = -1;
	u8 f;

	if (!buf || !m || len < LM_CTRL_HDR_LEN ||
	    len > LM_CTRL_RT_MAX_LEN || buf[0] != LM_DISPATCH_CTRL)
		return -EINVAL;
	m->type = buf[1];
	m->seq = (u16)(buf[2] << 8 | buf[3]);
	m->arg = (u16)(buf[4] << 8 | buf[5]);
	count = buf[6];
	m->n = 0;
	if (!lm_rt_type_ok(m->type) || !lm_rt_hdr_ok(m))
		return -EINVAL;
	for (i = 0; i < count; i++) {
		/* the smallest entry is 2 bytes: at most 48 fit */
		if (len - off < 2)
			return -EINVAL;
		e = &m->e[i];
		memset(e, 0, sizeof(*e));
		if (m->type == LM_CTRL_RT_ADV) {
			e->idx = m->seq + buf[off];
			e->q = buf[off + 1];
			off += 2;
			if (!lm_rt_entry_ok(m, e, prev))
				return -EINVAL;
			prev = e->idx;
			m->n++;
			continue;
		}
		if (m->type == LM_CTRL_RT_DIR) {
			if (len - off < 3)
				return -EINVAL;
			e->idx = (u16)(buf[off] << 8 | buf[off + 1]);
			off += 2;
		}
		f = buf[off];
		e->dir = f & LM_CTRL_REQ_D;
		if (f & ~(LM_CTRL_ADDR_E |
			  (m->type == LM_CTRL_RT_REQ ? LM_CTRL_REQ_D : 0)))
			return -EINVAL;
		e->addr.len = f & LM_CTRL_ADDR_E ? 8 : 2;
		al = lm_ctrl_rt_entry_len(m->type, e);
		if (m->type == LM_CTRL_RT_DIR)
			al -= 2;
		if (len - off < al)
			return -EINVAL;
		memcpy(e->addr.a, buf + off + 1, e->addr.len);
		off += 1 + e->addr.len;
		if (m->type != LM_CTRL_HELLO) {
			e->seqno = (u16)(buf[off] << 8 | buf[off + 1]);
			off += 2;
		}
		if (m->type != LM_CTRL_RT_DIR)
			e->q = buf[off++];
		if (!lm_rt_entry_ok(m, e, prev))
			return -EINVAL;
		m->n++;
	}
	return off == len ? 0 : -EINVAL;
}

/**
 * lm_ctrl_rt_build() - encode a routing control frame
 * @buf: where to write
 * @len: room in @buf
 * @m: the message
 *
 * Return: bytes written, -EINVAL for a message lm_ctrl_rt_parse() would
 * reject (whatever @len; also one longer than %LM_CTRL_RT_MAX_LEN),
 * -ENOSPC when @len is too small.
 */
int lm_ctrl_rt_build(u8 *buf, size_t len, const struct lm_ctrl_rt_msg *m)
{
	unsigned int need = LM_CTRL_HDR_LEN, off = LM_CTRL_HDR_LEN, i;
	const struct lm_ctrl_rt_entry *e;
	int el, prev = -1;

	if (!buf || !m || !lm_rt_type_ok(m->type) || !lm_rt_hdr_ok(m) ||
	    m->n > LM_CTRL_RT_MAX_ENTRIES)
		return -EINVAL;
	for (i = 0; i < m->n; i++) {
		e = &m->e[i];
		el = lm_ctrl_rt_entry_len(m->type, e);
		if (el < 0 || !lm_rt_entry_ok(m, e, prev) ||
		    (e->dir && m->type != LM_CTRL_RT_REQ))
			return -EINVAL;
		prev = e->idx;
		need += el;
	}
	if (need > LM_CTRL_RT_MAX_LEN)
		return -EINVAL;
	if (len < need)
		return -ENOSPC;

	buf[0] = LM_DISPATCH_CTRL;
	buf[1] = m->type;
	buf[2] = m->seq >> 8;
	buf[3] = m->seq;
	buf[4] = m->arg >> 8;
	buf[5] = m->arg;
	buf[6] = m->n;
	for (i = 0; i < m->n; i++) {
		e = &m->e[i];
		if (m->type == LM_CTRL_RT_ADV) {
			buf[off] = e->idx - m->seq;
			buf[off + 1] = e->q;
			off += 2;
			continue;
		}
		if (m->type == LM_CTRL_RT_DIR) {
			buf[off] = e->idx >> 8;
			buf[off + 1] = e->idx;
			off += 2;
		}
		buf[off] = (e->addr.len == 8 ? LM_CTRL_ADDR_E : 0) |
			   (e->dir ? LM_CTRL_REQ_D : 0);
		memcpy(buf + off + 1, e->addr.a, e->addr.len);
		off += 1 + e->addr.len;
		if (m->type != LM_CTRL_HELLO) {
			buf[off] = e->seqno >> 8;
			buf[off + 1] = e->seqno;
			off += 2;
		}
		if (m->type != LM_CTRL_RT_DIR)
			buf[off++] = e->q;
	}
	return off;
}
