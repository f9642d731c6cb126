/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_nd.h - the 802.15.4 link-layer addresses an ICMPv6 neighbour
 * discovery message (RFC 4861) announces
 *
 * A link-layer address option of RFC 4861 section 4.6.1 on 802.15.4, as
 * net/6lowpan/ndisc.c writes them: the extended address (8 bytes, as the
 * interface address) in an option of length 2; the short address (2 bytes,
 * big-endian) in an option of the same type and length 1.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Type (1, 2)  |  Length (2)   |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                  Extended address (64)                        |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                     Padding (zero)                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Type (1, 2)  |  Length (1)   |     Short address             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Padding (zero)                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Type 1 is the source link-layer address option (RS, RA, NS), type 2 the
 * target link-layer address option (NA). The options follow the fixed part
 * of the message: 8 bytes (RS), 16 (RA) or 24 (NS, NA) from its type field.
 */
#ifndef _LM_ND_H
#define _LM_ND_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include "lm_shim.h"
#endif

/* ICMPv6 types (RFC 4861 section 4), as NDISC_* in <net/ndisc.h> */
#define LM_ND_RS		133	/* router solicitation */
#define LM_ND_RA		134	/* router advertisement */
#define LM_ND_NS		135	/* neighbour solicitation */
#define LM_ND_NA		136	/* neighbour advertisement */

/* Bytes from the type field to the first option */
#define LM_ND_RS_LEN		8
#define LM_ND_RA_LEN		16
#define LM_ND_NS_LEN		24
#define LM_ND_NA_LEN		24

/* Option types, as ND_OPT_* in <net/ndisc.h> */
#define LM_ND_OPT_SLLAO		1	/* source link-layer address */
#define LM_ND_OPT_TLLAO		2	/* target link-layer address */

#define LM_ND_OPT_SHORT_LEN	8	/* bytes of a short address option */
#define LM_ND_OPT_EXT_LEN	16	/* bytes of an extended address option */
#define LM_ND_NA_OVERRIDE	0x20	/* NA flags byte (offset 4): O */

/**
 * struct lm_nd_lladdr - the link-layer addresses an ND message announces
 * @ext: the extended address of its source (RS, RA, NS) or target (NA)
 *	link-layer address option, as &struct lm_addr.v (most significant
 *	byte first on the wire)
 * @short_addr: the short address of its 802.15.4 short address option of
 *	the same type (host order), when @has_short
 * @has_short: the message carries such a short address option
 */
struct lm_nd_lladdr {
	u64 ext;
	u16 short_addr;
	bool has_short;
};

int lm_nd_lladdr_parse(const u8 *msg, size_t len, struct lm_nd_lladdr *ll);

#endif /* _LM_ND_H */
