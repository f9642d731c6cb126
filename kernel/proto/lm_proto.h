/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_proto.h - pure codecs for the 6LoWPAN headers that the mesh adds
 *
 * Everything here works on a plain byte buffer and returns a negative errno
 * on bad input. Nothing here knows about sk_buffs, so the same file builds
 * into the kernel module and into the host unit tests and fuzzers (through
 * the small <linux/...> shim in tests/shim/).
 *
 * Addresses in the mesh header are link-layer addresses written most
 * significant byte first (the order in which an EUI-64 is printed). The
 * codec takes and returns them as host integers: a 16-bit short address is
 * held in the low 16 bits of a u64.
 *
 * Dispatch order (RFC 4944 section 5): mesh, then BC0, then fragment, then
 * the IPv6 header (IPHC or uncompressed).
 */
#ifndef _LM_PROTO_H
#define _LM_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#else
#include "lm_shim.h"
#endif

/*
 * Mesh header (RFC 4944 section 5.2, RFC 8025 section 3):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |1 0|V|F|HopsLft| [DeepHopsLft] |  originator (2/8)  | final (2/8)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * V=1: originator is a 16-bit short address, F=1: final is 16-bit.
 * HopsLft 0xF means a Deep Hops Left byte follows (RFC 8025).
 */
#define LM_DISPATCH_MESH_MASK	0xc0
#define LM_DISPATCH_MESH	0x80
#define LM_MESH_V		0x20
#define LM_MESH_F		0x10
#define LM_MESH_HOPS_MASK	0x0f
#define LM_MESH_HOPS_DEEP	0x0f	/* HopsLft value: deep byte follows */
#define LM_MESH_MAX_LEN		(1 + 1 + 8 + 8)

/* BC0 broadcast header (RFC 4944 section 11): dispatch, sequence number. */
#define LM_DISPATCH_BC0		0x50
#define LM_BC0_LEN		2

/*
 * Fragment headers (RFC 4944 section 5.3):
 *
 *  FRAG1: |1 1 0 0 0| datagram_size (11) |  datagram_tag (16) |
 *  FRAGN: |1 1 1 0 0| datagram_size (11) |  datagram_tag (16) | offset (8)
 *
 * datagram_size is the size of the uncompressed IPv6 datagram, offset is
 * in units of 8 bytes of that datagram.
 */
#define LM_DISPATCH_FRAG_MASK	0xf8
#define LM_DISPATCH_FRAG1	0xc0
#define LM_DISPATCH_FRAGN	0xe0
#define LM_FRAG1_LEN		4
#define LM_FRAGN_LEN		5
#define LM_FRAG_SIZE_MAX	0x7ff

/* Other dispatch values the parser has to tell apart (RFC 4944, 6282). */
#define LM_DISPATCH_NALP_MASK	0xc0
#define LM_DISPATCH_NALP	0x00
#define LM_DISPATCH_IPV6	0x41
#define LM_DISPATCH_IPHC_MASK	0xe0
#define LM_DISPATCH_IPHC	0x60

/**
 * struct lm_mesh_hdr - decoded mesh header
 * @hops_left: hops left, 0..255 (values above 14 use the deep form)
 * @orig_len: length of the originator address, 2 or 8 bytes
 * @final_len: length of the final destination address, 2 or 8 bytes
 * @orig: originator address as a host integer
 * @final: final destination address as a host integer
 */
struct lm_mesh_hdr {
	u8 hops_left;
	u8 orig_len;
	u8 final_len;
	u64 orig;
	u64 final;
};

/**
 * struct lm_frag_hdr - decoded fragment header
 * @first: true for FRAG1, false for FRAGN
 * @size: datagram size in bytes (uncompressed IPv6), 1..2047
 * @tag: datagram tag
 * @offset: offset of this fragment in bytes (0 for FRAG1, multiple of 8)
 */
struct lm_frag_hdr {
	bool first;
	u16 size;
	u16 tag;
	u16 offset;
};

/**
 * enum lm_payload_kind - what follows the mesh, BC0 and fragment headers
 * @LM_PAYLOAD_IPHC: an RFC 6282 IPHC header
 * @LM_PAYLOAD_IPV6: an uncompressed IPv6 header (dispatch 0x41)
 * @LM_PAYLOAD_FRAGN: a non-first fragment: no header, just datagram bytes
 * @LM_PAYLOAD_NALP: a non-6LoWPAN frame (mesh control frames use this)
 * @LM_PAYLOAD_OTHER: any other dispatch, which the caller should drop
 */
enum lm_payload_kind {
	LM_PAYLOAD_IPHC,
	LM_PAYLOAD_IPV6,
	LM_PAYLOAD_FRAGN,
	LM_PAYLOAD_NALP,
	LM_PAYLOAD_OTHER,
};

/**
 * struct lm_lowpan_hdrs - the header stack in front of a 6LoWPAN payload
 * @has_mesh: a mesh header is present in @mesh
 * @has_bc0: a BC0 header is present, its sequence number in @bc0_seq
 * @has_frag: a fragment header is present in @frag
 * @mesh: the mesh header
 * @bc0_seq: the BC0 sequence number
 * @frag: the fragment header
 * @mesh_off: offset of the mesh header in the buffer (0 when present)
 * @payload_off: offset of the first byte after all the parsed headers
 * @payload: what follows those headers
 */
struct lm_lowpan_hdrs {
	bool has_mesh;
	bool has_bc0;
	bool has_frag;
	struct lm_mesh_hdr mesh;
	u8 bc0_seq;
	struct lm_frag_hdr frag;
	unsigned int mesh_off;
	unsigned int payload_off;
	enum lm_payload_kind payload;
};

int lm_mesh_hdr_len(const struct lm_mesh_hdr *h);
int lm_mesh_hdr_parse(const u8 *buf, size_t len, struct lm_mesh_hdr *h);
int lm_mesh_hdr_build(u8 *buf, size_t len, const struct lm_mesh_hdr *h);
int lm_mesh_hops_decrement(u8 *buf, size_t len);

int lm_bc0_parse(const u8 *buf, size_t len, u8 *seq);
int lm_bc0_build(u8 *buf, size_t len, u8 seq);

int lm_frag_hdr_parse(const u8 *buf, size_t len, struct lm_frag_hdr *f);
int lm_frag_hdr_build(u8 *buf, size_t len, const struct lm_frag_hdr *f);

int lm_lowpan_parse(const u8 *buf, size_t len, struct lm_lowpan_hdrs *out);

#endif /* _LM_PROTO_H */
