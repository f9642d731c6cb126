/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_ctrl.h - pure codecs for the mesh control frames (the IPHC context
 * table, hellos and routes: one dispatch, one header, one codec), the
 * 6LoWPAN Context Option (6CO) of router advertisements, and the context
 * identifiers an IPHC header refers to.
 */
#ifndef _LM_CTRL_H
#define _LM_CTRL_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <string.h>
#include "lm_shim.h"
#endif

/*
 * Mesh control frame (a NALP dispatch: mainline 6LoWPAN ignores it), sent
 * under a mesh header and a BC0 header so that it floods the mesh:
 *
 *  +------+------+---------------+-------+----------------------------+
 *  | 0x3c | type | version (32)  | count | entries (CTX_TABLE only)   |
 *  +------+------+---------------+-------+----------------------------+
 *
 * CTX_TABLE: count is the number of contexts in the whole table; the frame
 * carries some of them (a table larger than one frame is sent as several
 * frames of the same version). Entry:
 *
 *  +-------+-------+---------------+--------------------------------+
 *  |C|0|0|0| CID   | prefix len    | lifetime (32, s, 0 = forever) |
 *  +-------+-------+---------------+--------------------------------+
 *  | prefix: ceil(prefix len / 8) bytes, unused low bits zero       |
 *  +-----------------------------------------------------------------+
 *
 * CTX_REQUEST: count is 0 and no entries follow; version is the
 * requester's (0 for none). The authority answers with its table.
 */
#define LM_DISPATCH_CTRL	0x3c
#define LM_CTRL_CTX_TABLE	1
#define LM_CTRL_CTX_REQUEST	2
#define LM_CTRL_HDR_LEN		7
#define LM_CTRL_CTX_MAX		16
#define LM_CTRL_ENTRY_C		0x80

/**
 * struct lm_ctx_entry - one IPHC context
 * @id: context identifier, 0..15
 * @compress: may be used to compress
 * @plen: prefix length in bits, 1..128
 * @lifetime: valid lifetime in seconds, 0 for no expiry
 * @prefix: the prefix; bits past @plen are zero
 */
struct lm_ctx_entry {
	u8 id;
	bool compress;
	u8 plen;
	u32 lifetime;
	u8 prefix[16];
};

/**
 * struct lm_ctrl_msg - a decoded mesh control frame
 * @type: %LM_CTRL_CTX_TABLE or %LM_CTRL_CTX_REQUEST
 * @version: the sender's context table version
 * @count: contexts in the sender's whole table
 * @n: entries carried in this frame, in @ctx
 * @ctx: the entries
 */
struct lm_ctrl_msg {
	u8 type;
	u32 version;
	u8 count;
	u8 n;
	struct lm_ctx_entry ctx[LM_CTRL_CTX_MAX];
};

int lm_ctx_entry_len(const struct lm_ctx_entry *e);
int lm_ctrl_parse(const u8 *buf, size_t len, struct lm_ctrl_msg *m);
int lm_ctrl_build(u8 *buf, size_t len, const struct lm_ctrl_msg *m);

/*
 * Routing control frames: the same dispatch and 7-byte header, types 3..6.
 * The 32-bit header field is split in two 16-bit halves, "seq" then "arg",
 * and count is the number of entries in this frame. Hellos and route
 * frames are one-hop broadcasts (no mesh or BC0 header): a frame never
 * exceeds %LM_CTRL_RT_MAX_LEN bytes and senders fill at most
 * %LM_CTRL_RT_BUDGET, what is left of a 127-byte 802.15.4 frame after a
 * MAC header with two extended addresses (23), a mesh header with two
 * extended addresses (17) and a 4-byte MIC for the security work to come.
 *
 *  +------+------+-----------+-----------+-------+--------------------+
 *  | 0x3c | type | seq (16)  | arg (16)  | count | count entries      |
 *  +------+------+-----------+-----------+-------+--------------------+
 *
 * Addresses (A below) start with a flags byte: bit 7 (E) set for an
 * extended address (8 bytes follow), clear for a short one (2 bytes),
 * bit 6 (D) only in a REQ, bits 5..0 zero. Multi-byte fields big-endian.
 *
 * HELLO (3): seq = hello sequence number, arg = hello interval in ms
 * (1..65535); entries: the neighbours the sender hears and its reception
 * ratio of their hellos (0..255 = 0..100%). A hello may carry no entries.
 *
 *  +-------+-------------------+--------+
 *  | E|0.. | address (2 or 8)  | rx q   |     3 or 9 bytes
 *  +-------+-------------------+--------+
 *
 * RT_DIR (4), the sender's address list: seq = 0, arg = entries in the
 * whole list; entries: list index, address, and the sequence number of
 * the sender's route to that address (the sender's own seqno for itself).
 *
 *  +------------+-------+-------------------+------------+
 *  | index (16) | E|0.. | address (2 or 8)  | seqno (16) |  7 or 13 bytes
 *  +------------+-------+-------------------+------------+
 *
 * RT_ADV (5), the distance vector: seq = base index, arg = entries in the
 * whole list; entries, in increasing offset order, 2 bytes each:
 *
 *  +---------------+---------------+
 *  | offset (8)    | metric (8)    |   destination = list[base + offset],
 *  +---------------+---------------+   metric 255 = unreachable (retraction)
 *
 * RT_REQ (6): seq = arg = 0; entries: a seqno request for a destination
 * (D clear: send an update with a seqno at least @seqno, forward it while
 * @hops is not 0) or (D set) a request to the neighbour at @address for
 * its whole address list (seqno and hops 0).
 *
 *  +-------+-------------------+------------+--------+
 *  | E|D|0 | address (2 or 8)  | seqno (16) | hops   |  6 or 12 bytes
 *  +-------+-------------------+------------+--------+
 */
#define LM_CTRL_HELLO		3
#define LM_CTRL_RT_DIR		4
#define LM_CTRL_RT_ADV		5
#define LM_CTRL_RT_REQ		6
#define LM_CTRL_RT_MAX_LEN	104	/* 127 - short MAC header, FCS */
#define LM_CTRL_RT_BUDGET	80
#define LM_CTRL_RT_MAX_ENTRIES	((LM_CTRL_RT_MAX_LEN - LM_CTRL_HDR_LEN) / 2)
#define LM_CTRL_ADDR_E		0x80
#define LM_CTRL_REQ_D		0x40
#define LM_CTRL_METRIC_INF	255

/**
 * struct lm_rt_addr - a link-layer address of the mesh
 * @len: 2 (short) or 8 (extended)
 * @a: the address, most significant byte first; bytes past @len are zero
 */
struct lm_rt_addr {
	u8 len;
	u8 a[8];
};

/**
 * struct lm_ctrl_rt_entry - one entry of a routing control frame
 * @addr: HELLO, RT_DIR, RT_REQ: the address
 * @idx: RT_DIR: list index; RT_ADV: base + offset
 * @seqno: RT_DIR, RT_REQ: sequence number
 * @q: HELLO: reception ratio; RT_ADV: metric; RT_REQ: hops
 * @dir: RT_REQ: the D flag
 */
struct lm_ctrl_rt_entry {
	struct lm_rt_addr addr;
	u16 idx;
	u16 seqno;
	u8 q;
	bool dir;
};

/**
 * struct lm_ctrl_rt_msg - a decoded routing control frame
 * @type: %LM_CTRL_HELLO, %LM_CTRL_RT_DIR, %LM_CTRL_RT_ADV, %LM_CTRL_RT_REQ
 * @seq: first half of the header field (see the layout above)
 * @arg: second half
 * @n: entries in @e
 * @e: the entries
 */
struct lm_ctrl_rt_msg {
	u8 type;
	u16 seq;
	u16 arg;
	u8 n;
	struct lm_ctrl_rt_entry e[LM_CTRL_RT_MAX_ENTRIES];
};

int lm_ctrl_type(const u8 *buf, size_t len);
int lm_ctrl_rt_entry_len(u8 type, const struct lm_ctrl_rt_entry *e);
int lm_ctrl_rt_parse(const u8 *buf, size_t len, struct lm_ctrl_rt_msg *m);
int lm_ctrl_rt_build(u8 *buf, size_t len, const struct lm_ctrl_rt_msg *m);

/* 6LoWPAN Context Option, RFC 6775 section 4.2 */
#define LM_ND_OPT_6CO		34
#define LM_ICMP6_RA		134
#define LM_RA_HDR_LEN		16

int lm_6co_parse(const u8 *opt, size_t len, struct lm_ctx_entry *e);
int lm_ra_6co(const u8 *icmp, size_t len, struct lm_ctx_entry *out,
	      unsigned int max, unsigned int *ignored);

/**
 * struct lm_iphc_cids - the contexts an IPHC header refers to
 * @sci: source context identifier, or -1 when none is used
 * @dci: destination context identifier, or -1 when none is used
 */
struct lm_iphc_cids {
	int sci;
	int dci;
};

int lm_iphc_cids(const u8 *buf, size_t len, struct lm_iphc_cids *c);

#endif /* _LM_CTRL_H */
