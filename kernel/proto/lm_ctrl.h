/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_ctrl.h - pure codecs for what adaptive header compression reads and
 * writes: mesh control frames carrying the IPHC context table, the
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
