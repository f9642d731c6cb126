// SPDX-License-Identifier: GPL-2.0
/*
 * lm_nd.c - the 802.15.4 link-layer addresses of an ICMPv6 neighbour
 * discovery message (see lm_nd.h)
 *
 * Pure like the rest of kernel/proto: a byte buffer in, no state, no
 * allocation. The receive path (rx.c) checks what only the packet can
 * tell (ICMPv6 after the IPv6 header, hop limit 255, the checksum) and
 * hands the ICMPv6 message here; route.c keeps what it announces.
 */

#include "lm_nd.h"

/**
 * lm_nd_lladdr_parse() - the link-layer addresses an ND message announces
 * @msg: an ICMPv6 message, from its type field on
 * @len: its length (the IPv6 payload length)
 * @ll: result
 *
 * Only router and neighbour solicitations and advertisements with code 0
 * count, and a neighbour advertisement only with the override flag (the
 * 6LoWPAN ND code ignores a short address otherwise). As ndisc_parse_options()
 * does, the first option of a type wins, and an option of length zero or
 * running past @len makes the whole message invalid; so does an extended
 * address option of the wrong length. Nothing beyond @len is read.
 *
 * The first option of the wanted type (%LM_ND_OPT_SLLAO, or
 * %LM_ND_OPT_TLLAO for a neighbour advertisement) of length 1 gives the
 * short address; the first one of any other length must be of length 2
 * and gives the extended address. An extended address of all zeros or all
 * ones announces nothing.
 *
 * Return: 0 with @ll set, -ENOENT for a message that announces no
 * extended address (including any other ICMPv6 type and a neighbour
 * advertisement without the override flag), -EINVAL for a malformed one
 * (shorter than its fixed part, a code other than 0, a bad option). @ll
 * is undefined unless 0 is returned.
 */
int lm_nd_lladdr_parse(const u8 *msg, size_t len, struct lm_nd_lladdr *ll)
{
	bool seen_ext = false;
	size_t off, olen;
	unsigned int i;
	u8 want;

	if (len < 8 || msg[1] != 0)
		return -EINVAL;
	if (msg[0] < LM_ND_RS || msg[0] > LM_ND_NA)
		return -ENOENT;
	/* the fixed part; no switch, which gcc makes a table of data */
	off = LM_ND_NS_LEN;	/* NS, NA (LM_ND_NA_LEN) */
	if (msg[0] == LM_ND_RS)
		off = LM_ND_RS_LEN;
	if (msg[0] == LM_ND_RA)
		off = LM_ND_RA_LEN;
	want = msg[0] == LM_ND_NA ? LM_ND_OPT_TLLAO : LM_ND_OPT_SLLAO;
	if (len < off)
		return -EINVAL;
	if (msg[0] == LM_ND_NA && !(msg[4] & LM_ND_NA_OVERRIDE))
		return -ENOENT;

	ll->ext = 0;
	ll->short_addr = 0;
	ll->has_short = false;
	while (off < len) {
		if (len - off < 2)
			return -EINVAL;
		olen = (size_t)msg[off + 1] * 8;
		if (!olen || olen > len - off)
			return -EINVAL;
		if (msg[off] != want) {
			off += olen;
			continue;
		}
		if (olen == LM_ND_OPT_SHORT_LEN) {
			if (!ll->has_short) {
				ll->short_addr = msg[off + 2] << 8 | msg[off + 3];
				ll->has_short = true;
			}
		} else if (!seen_ext) {
			seen_ext = true;
			if (olen != LM_ND_OPT_EXT_LEN)
				return -EINVAL;
			for (i = 0; i < 8; i++)
				ll->ext = ll->ext << 8 | msg[off + 2 + i];
		}
		off += olen;
	}
	if (!seen_ext || !ll->ext || ll->ext == ~(u64)0)
		return -ENOENT;
	return 0;
}
