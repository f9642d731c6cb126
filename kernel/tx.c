// SPDX-License-Identifier: GPL-2.0
/*
 * tx.c - transmit path: IPv6 packet -> IPHC -> fragments -> wpan device
 *
 * header_ops->create runs first (from neighbour output) and notes the
 * link-layer addresses in the headroom, as no other place survives until
 * ndo_start_xmit. The xmit then compresses the IPv6 header with the mainline
 * IPHC code and sends one frame, or RFC 4944 fragments when it does not
 * fit. A frame to a direct neighbour is a plain RFC 4944/6282 frame,
 * byte-compatible with mainline 6LoWPAN.
 */
#include <linux/ieee802154.h>
#include <linux/ipv6.h>
#include <net/cfg802154.h>
#include <net/mac802154.h>
#include <net/ndisc.h>

#include "lowpan_mesh.h"

#define LM_INFO_MAGIC	0x6c6d6164	/* "lmad" */

static struct lm_addr_info *lm_skb_info(const struct sk_buff *skb)
{
	return (struct lm_addr_info *)(skb->data - sizeof(struct lm_addr_info));
}

/*
 * Whether the interface id of @a is the one RFC 6282 derives from the
 * extended address @ext (big endian; RFC 4944 section 6: EUI-64 with the
 * universal/local bit inverted).
 */
static bool lm_iid_from_ext(const struct in6_addr *a, const u8 *ext)
{
	return a->s6_addr[8] == (ext[0] ^ 0x02) &&
	       !memcmp(&a->s6_addr[9], ext + 1, IEEE802154_EXTENDED_ADDR_LEN - 1);
}

/* A frame to @d goes straight to it: no route, or one with @d as next hop. */
static bool lm_tx_direct(struct lm_dev *lm, const struct ieee802154_addr *d)
{
	struct lm_addr final, nh;

	lm_addr_from_ieee(&final, d);
	return !lm_route_lookup(lm, &final, &nh) || lm_addr_eq(&nh, &final);
}

/*
 * Per packet, the cheaper of a node's two link-layer addresses. A short
 * address costs 2 bytes in the frame, an extended one 8; an IPv6 address
 * whose interface id derives from the link-layer address in the frame
 * loses those 8 bytes of IID (RFC 6282 section 3.2.2). So an IPv6 address
 * with an EUI-64 interface id (the kernel's default link-local addresses)
 * costs 8 bytes with the extended address and 10 with the short one, and
 * every other address is cheaper with the short one. Only for a frame
 * that goes straight to its destination: in a mesh frame the MAC source
 * is a hop's, and routes are kept by short address.
 */
static void lm_tx_cheaper_addrs(struct lm_dev *lm, struct sk_buff *skb,
				struct lm_addr_info *info, const u8 *dext)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	struct wpan_dev *wpan_dev = lm->wdev->ieee802154_ptr;
	u8 sext[IEEE802154_EXTENDED_ADDR_LEN];

	if (!lm_tx_direct(lm, &info->daddr))
		return;
	if (info->daddr.mode == IEEE802154_ADDR_SHORT &&
	    lm_iid_from_ext(&ip6->daddr, dext)) {
		info->daddr.mode = IEEE802154_ADDR_LONG;
		ieee802154_be64_to_le64(&info->daddr.extended_addr, dext);
	}
	ieee802154_le64_to_be64(sext, &wpan_dev->extended_addr);
	if (info->saddr.mode == IEEE802154_ADDR_SHORT &&
	    lm_iid_from_ext(&ip6->saddr, sext)) {
		info->saddr.mode = IEEE802154_ADDR_LONG;
		info->saddr.extended_addr = wpan_dev->extended_addr;
	}
}

static int lm_header_create(struct sk_buff *skb, struct net_device *ldev,
			    unsigned short type, const void *daddr,
			    const void *saddr, unsigned int len)
{
	struct lm_dev *lm = lm_priv(ldev);
	struct wpan_dev *wpan_dev = lm->wdev->ieee802154_ptr;
	struct lm_addr_info *info;
	struct neighbour *n;
	__le64 ext;
	__le16 sa;

	if (type != ETH_P_IPV6 || !daddr)
		return -EINVAL;
	if (skb_headroom(skb) < sizeof(*info))
		return -ENOBUFS;
	info = lm_skb_info(skb);
	info->magic = LM_INFO_MAGIC;

	info->daddr.pan_id = wpan_dev->pan_id;
	info->saddr.pan_id = wpan_dev->pan_id;

	if (!memcmp(daddr, ldev->broadcast, IEEE802154_EXTENDED_ADDR_LEN)) {
		info->daddr.mode = IEEE802154_ADDR_SHORT;
		info->daddr.short_addr = cpu_to_le16(IEEE802154_ADDR_BROADCAST);
	} else {
		/* The neighbour's short address, when ND learned one. */
		sa = cpu_to_le16(IEEE802154_ADDR_SHORT_UNSPEC);
		n = neigh_lookup(&nd_tbl, &ipv6_hdr(skb)->daddr, ldev);
		if (n) {
			read_lock_bh(&n->lock);
			sa = lowpan_802154_neigh(neighbour_priv(n))->short_addr;
			read_unlock_bh(&n->lock);
			neigh_release(n);
		}
		/*
		 * None yet: the packets queued while ND resolved the
		 * neighbour leave before ND stores its short address (see
		 * lm_nd_short_learn()); the receive path noted it already.
		 */
		ieee802154_be64_to_le64(&ext, daddr);
		if (!lowpan_802154_is_valid_src_short_addr(sa))
			lm_nd_short_lookup(lm, le64_to_cpu(ext), &sa);
		if (lowpan_802154_is_valid_src_short_addr(sa)) {
			info->daddr.mode = IEEE802154_ADDR_SHORT;
			info->daddr.short_addr = sa;
		} else {
			info->daddr.mode = IEEE802154_ADDR_LONG;
			info->daddr.extended_addr = ext;
		}
	}

	if (saddr) {
		info->saddr.mode = IEEE802154_ADDR_LONG;
		ieee802154_be64_to_le64(&info->saddr.extended_addr, saddr);
	} else if (lowpan_802154_is_valid_src_short_addr(wpan_dev->short_addr)) {
		info->saddr.mode = IEEE802154_ADDR_SHORT;
		info->saddr.short_addr = wpan_dev->short_addr;
	} else {
		info->saddr.mode = IEEE802154_ADDR_LONG;
		info->saddr.extended_addr = wpan_dev->extended_addr;
	}
	if (info->daddr.mode != IEEE802154_ADDR_SHORT ||
	    !ieee802154_is_broadcast_short_addr(info->daddr.short_addr))
		lm_tx_cheaper_addrs(lm, skb, info, daddr);
	return 0;
}

const struct header_ops lm_header_ops = {
	.create = lm_header_create,
};

static void lm_tx_drop(struct lm_dev *lm, struct sk_buff *skb,
		       enum lowpan_mesh_stat why)
{
	lm_stat_inc(lm, why);
	DEV_STATS_INC(lm->ldev, tx_dropped);
	kfree_skb(skb);
}

/**
 * lm_tx_mac_header() - prepare the MAC control block, push the MAC header
 * @lm: the mesh interface
 * @skb: the frame, data at the 6LoWPAN headers
 * @info: MAC source and destination
 *
 * Return: the MAC header length or a negative errno.
 */
int lm_tx_mac_header(struct lm_dev *lm, struct sk_buff *skb,
			    const struct lm_addr_info *info)
{
	struct ieee802154_mac_cb *cb = mac_cb_init(skb);

	cb->type = IEEE802154_FC_TYPE_DATA;
	cb->ackreq = !(info->daddr.mode == IEEE802154_ADDR_SHORT &&
		       ieee802154_is_broadcast_short_addr(info->daddr.short_addr)) &&
		     lm->wdev->ieee802154_ptr->ackreq;
	skb->dev = lm->wdev;
	skb->protocol = htons(ETH_P_IEEE802154);
	return wpan_dev_hard_header(skb, lm->wdev, &info->daddr, &info->saddr,
				    0);
}

/* Hand one frame to the wpan device. Consumes @skb. */
static int lm_tx_frame_xmit(struct lm_dev *lm, struct sk_buff *skb)
{
	int rc;

	rc = dev_queue_xmit(skb);
	if (net_xmit_eval(rc)) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_XMIT);
		DEV_STATS_INC(lm->ldev, tx_dropped);
		return -EIO;
	}
	lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_FRAMES);
	return 0;
}

/**
 * struct lm_prefix - 6LoWPAN headers in front of every frame of a packet
 * @buf: mesh header, then BC0 header
 * @len: bytes used in @buf
 * @bc0_off: offset of the BC0 sequence number in @buf, or -1 for none
 * @mesh: @buf starts with a mesh header
 */
struct lm_prefix {
	u8 buf[LM_MESH_MAX_LEN + LM_BC0_LEN];
	unsigned int len;
	int bc0_off;
	bool mesh;
};

/* Every flooded frame gets a sequence number of its own. */
static void lm_prefix_next_frame(struct lm_dev *lm, struct lm_prefix *p)
{
	if (p->mesh)
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_MESH);
	if (p->bc0_off < 0)
		return;
	p->buf[p->bc0_off] = lm->tables.bc0_seq++;
	lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_BC0);
}

/* Build and send one fragment: MAC | prefix | fragment header | data. */
static int lm_tx_fragment(struct lm_dev *lm, const struct sk_buff *orig,
			  const struct lm_addr_info *info,
			  struct lm_prefix *pfx,
			  const struct lm_frag_hdr *f,
			  const u8 *data, unsigned int len)
{
	struct net_device *wdev = lm->wdev;
	unsigned int hroom = LL_RESERVED_SPACE(wdev);
	unsigned int plen = pfx->len;
	struct sk_buff *skb;
	u8 *p;
	int fl;

	skb = alloc_skb(hroom + plen + LM_FRAGN_LEN + len +
			wdev->needed_tailroom, GFP_ATOMIC);
	if (!skb) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_NOMEM);
		return -ENOMEM;
	}
	skb_reserve(skb, hroom);
	skb->priority = orig->priority;
	lm_prefix_next_frame(lm, pfx);
	skb_put_data(skb, pfx->buf, plen);
	p = skb_put(skb, LM_FRAGN_LEN);
	fl = lm_frag_hdr_build(p, LM_FRAGN_LEN, f);
	if (fl < 0) {
		kfree_skb(skb);
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_TOO_BIG);
		return fl;
	}
	skb_trim(skb, plen + fl);
	skb_put_data(skb, data, len);
	skb_reset_network_header(skb);

	if (lm_tx_mac_header(lm, skb, info) < 0) {
		kfree_skb(skb);
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_HEADER);
		return -EINVAL;
	}
	return lm_tx_frame_xmit(lm, skb);
}

/*
 * Send a compressed packet as fragments. @skb data: compressed header
 * (@hc_len bytes) then the rest of the datagram, which starts at @unc_hdr
 * in the uncompressed datagram of @size bytes. @cap is the room for
 * 6LoWPAN headers and data in one frame, of which the first fragment
 * leaves @grow bytes to the relays (see lm_tx_relay_growth()), and so do
 * the others of a flood; a relay cuts a unicast non-first fragment that
 * its header leaves no room for (forward.c, lm_fwd_split()). The first
 * fragment carries as much as fits while the next offset stays a multiple
 * of 8.
 */
static int lm_tx_fragmented(struct lm_dev *lm, struct sk_buff *skb,
			    const struct lm_addr_info *info,
			    struct lm_prefix *pfx, unsigned int cap,
			    unsigned int grow, unsigned int size,
			    unsigned int unc_hdr, unsigned int hc_len,
			    unsigned int *hdr_out)
{
	struct lm_frag_hdr f = { .first = true, .size = size };
	unsigned int plen = pfx->len, end, off, len;
	const u8 *data = skb->data;
	int err;

	if (cap < grow + plen + LM_FRAG1_LEN + hc_len + 8)
		return -EMSGSIZE;
	f.tag = (u16)atomic_inc_return(&lm->tag);

	end = round_down(unc_hdr + cap - grow - plen - LM_FRAG1_LEN - hc_len,
			 8);
	if (end <= unc_hdr)
		return -EMSGSIZE;
	len = hc_len + end - unc_hdr;
	err = lm_tx_fragment(lm, skb, info, pfx, &f, data, len);
	if (err)
		return err;
	data += len;
	*hdr_out = plen + LM_FRAG1_LEN + hc_len;

	f.first = false;
	if (pfx->bc0_off >= 0)
		cap -= grow;
	for (off = end; off < size; off += len, data += len) {
		len = min_t(unsigned int, size - off,
			    round_down(cap - plen - LM_FRAGN_LEN, 8));
		f.offset = off;
		err = lm_tx_fragment(lm, skb, info, pfx, &f, data, len);
		if (err)
			return err;
		*hdr_out += plen + LM_FRAGN_LEN;
	}
	return 0;
}

/*
 * How much longer than ours the MAC header of a relay further on can be.
 * A relay sends a mesh frame on unchanged from the mesh header on, under
 * a MAC header of its own: from its extended address when it has no short
 * one, to the next hop's extended address (the broadcast address, short,
 * for a flood). A frame the originator filled up for its own shorter
 * header would not fit there. A relay can cut a unicast non-first
 * fragment in two (forward.c, lm_fwd_split()), but not a first fragment
 * or a whole packet (it would have to decompress them to know the
 * offsets), nor a flood (its pieces would share one BC0 sequence number:
 * the second would be dropped as a duplicate). So those leave the room:
 * 6 bytes for a short source of ours, 6 for a short destination.
 */
static unsigned int lm_tx_relay_growth(const struct lm_addr_info *info,
				       const struct lm_prefix *pfx)
{
	const unsigned int more = IEEE802154_EXTENDED_ADDR_LEN -
				  IEEE802154_SHORT_ADDR_LEN;
	unsigned int grow = 0;

	if (!pfx->mesh)
		return 0;
	if (pfx->bc0_off >= 0)
		return info->saddr.mode == IEEE802154_ADDR_SHORT ? more : 0;
	if (info->saddr.mode == IEEE802154_ADDR_SHORT)
		grow += more;
	if (info->daddr.mode == IEEE802154_ADDR_SHORT)
		grow += more;
	return grow;
}

/**
 * lm_tx_send() - send a compressed packet, fragmenting when needed
 * @lm: the mesh interface
 * @skb: data at the compressed header (or uncompressed dispatch); consumed
 * @info: MAC addresses (first hop)
 * @pfx: 6LoWPAN headers to put in front of every frame (mesh, BC0)
 * @size: size of the uncompressed IPv6 datagram
 * @unc_hdr: bytes of the uncompressed datagram that @hc_len bytes of
 *	compressed header stand for
 * @hc_len: length of the compressed header at the start of @skb
 * @hdr_out: set to the bytes of 6LoWPAN headers of all frames sent
 *
 * Return: 0 or a negative errno (already counted).
 */
static int lm_tx_send(struct lm_dev *lm, struct sk_buff *skb,
		      const struct lm_addr_info *info,
		      struct lm_prefix *pfx, unsigned int size,
		      unsigned int unc_hdr, unsigned int hc_len,
		      unsigned int *hdr_out)
{
	unsigned int plen = pfx->len;
	struct ieee802154_hdr mhdr;
	int hlen, cap, grow, err;

	if (plen)
		memcpy(skb_push(skb, plen), pfx->buf, plen);
	skb_reset_network_header(skb);
	hlen = lm_tx_mac_header(lm, skb, info);
	if (hlen < 0 || ieee802154_hdr_peek(skb, &mhdr) < 0) {
		lm_tx_drop(lm, skb, LOWPAN_MESH_STAT_TX_DROP_HEADER);
		return -EINVAL;
	}
	cap = ieee802154_max_payload(&mhdr);
	grow = lm_tx_relay_growth(info, pfx);

	if (skb->len - hlen + grow <= cap) {
		if (pfx->bc0_off >= 0 || pfx->mesh) {
			lm_prefix_next_frame(lm, pfx);
			memcpy(skb->data + hlen, pfx->buf, plen);
		}
		*hdr_out = plen + hc_len;
		return lm_tx_frame_xmit(lm, skb);
	}

	/* Too big for one frame: the fragments get their own headers. */
	skb_pull(skb, hlen + plen);
	lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_FRAGMENTED);
	err = lm_tx_fragmented(lm, skb, info, pfx, cap, grow, size, unc_hdr,
			       hc_len, hdr_out);
	if (err == -EMSGSIZE)
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_TOO_BIG);
	if (err)
		DEV_STATS_INC(lm->ldev, tx_dropped);
	consume_skb(skb);
	return err;
}

/*
 * Choose the first hop and the headers in front of every frame: a plain
 * frame to a direct neighbour (no route, or a route whose next hop is the
 * destination itself); a mesh header towards the route's next hop; mesh
 * and BC0 headers for a flood. @info's addresses, which IPHC derived the
 * IIDs from, become the mesh originator and final addresses, and its MAC
 * destination becomes the first hop. A flood's final address is the
 * broadcast address 0xffff (RFC 4944 section 11).
 */
static int lm_tx_route(struct lm_dev *lm, struct lm_addr_info *info, struct lm_prefix *pfx,
		       struct lm_addr *first_hop)
{
	struct lm_mesh_hdr mh = { .hops_left = lm->tables.hops_left };
	struct lm_addr final, nh;
	int n;

	pfx->len = 0;
	pfx->bc0_off = -1;
	pfx->mesh = false;
	lm_addr_from_ieee(&final, &info->daddr);
	*first_hop = final;

	if (lm_addr_is_group(&final)) {
		first_hop->len = 0;	/* no neighbour to account it to */
		if (!lm->tables.flood)
			return 0;
		mh.final_len = 2;
		mh.final = LM_SHORT_BCAST;
	} else if (lm_route_lookup(lm, &final, &nh) &&
		   !lm_addr_eq(&nh, &final)) {
		mh.final_len = final.len;
		mh.final = final.v;
		*first_hop = nh;
		lm_addr_to_ieee(&info->daddr, &nh, info->daddr.pan_id);
	} else {
		return 0;
	}

	lm_addr_from_ieee(&nh, &info->saddr);
	mh.orig_len = nh.len;
	mh.orig = nh.v;
	n = lm_mesh_hdr_build(pfx->buf, sizeof(pfx->buf), &mh);
	if (n < 0)
		return n;
	pfx->len = n;
	pfx->mesh = true;
	if (lm_addr_is_group(&final)) {
		n = lm_bc0_build(pfx->buf + pfx->len,
				 sizeof(pfx->buf) - pfx->len, 0);
		if (n < 0)
			return n;
		pfx->bc0_off = pfx->len + 1;
		pfx->len += n;
	}
	return 0;
}

/*
 * The neighbour entry a packet is counted to: by its short address, when
 * ND announced one, also when the frame went to its extended address
 * (lm_tx_cheaper_addrs()), so that one neighbour is one line of
 * `iotctl neigh show`.
 */
static struct lm_addr *lm_tx_neigh_key(struct lm_dev *lm, struct lm_addr *a)
{
	__le16 sa;

	if (a->len == IEEE802154_EXTENDED_ADDR_LEN &&
	    lm_nd_short_lookup(lm, a->v, &sa)) {
		a->len = 2;
		a->v = le16_to_cpu(sa);
	}
	return a;
}

/**
 * lm_xmit() - ndo_start_xmit of a mesh interface
 * @skb: an IPv6 packet
 * @ldev: the mesh interface
 *
 * Return: NETDEV_TX_OK; the packet is always consumed.
 */
netdev_tx_t lm_xmit(struct sk_buff *skb, struct net_device *ldev)
{
	struct lm_dev *lm = lm_priv(ldev);
	unsigned int size, hc_len, unc_hdr, hdr_out = 0;
	struct lm_addr_info info;
	struct lm_addr first_hop;
	struct lm_prefix pfx;
	struct sk_buff *nskb;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    skb_headroom(skb) < sizeof(info) ||
	    lm_skb_info(skb)->magic != LM_INFO_MAGIC) {
		lm_tx_drop(lm, skb, LOWPAN_MESH_STAT_TX_DROP_HEADER);
		return NETDEV_TX_OK;
	}
	memcpy(&info, lm_skb_info(skb), sizeof(info));
	lm_skb_info(skb)->magic = 0;

	/* Our own writable copy with room for every header in front. */
	if (skb_headroom(skb) < ldev->needed_headroom ||
	    skb_tailroom(skb) < ldev->needed_tailroom) {
		nskb = skb_copy_expand(skb, ldev->needed_headroom,
				       ldev->needed_tailroom, GFP_ATOMIC);
		consume_skb(skb);
		skb = nskb;
	} else {
		skb = skb_unshare(skb, GFP_ATOMIC);
	}
	if (!skb) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_DROP_NOMEM);
		DEV_STATS_INC(ldev, tx_dropped);
		return NETDEV_TX_OK;
	}

	size = skb->len;
	if (size > LM_FRAG_SIZE_MAX || size < sizeof(struct ipv6hdr)) {
		lm_tx_drop(lm, skb, LOWPAN_MESH_STAT_TX_DROP_TOO_BIG);
		return NETDEV_TX_OK;
	}
	skb_reset_network_header(skb);
	if (lowpan_header_compress(skb, ldev, &info.daddr, &info.saddr) < 0) {
		lm_tx_drop(lm, skb, LOWPAN_MESH_STAT_TX_DROP_COMPRESS);
		return NETDEV_TX_OK;
	}
	hc_len = skb_network_header_len(skb);
	unc_hdr = size - (skb->len - hc_len);

	if (lm_tx_route(lm, &info, &pfx, &first_hop) < 0) {
		lm_tx_drop(lm, skb, LOWPAN_MESH_STAT_TX_DROP_HEADER);
		return NETDEV_TX_OK;
	}
	if (!lm_tx_send(lm, skb, &info, &pfx, size, unc_hdr, hc_len,
			&hdr_out)) {
		lm_neigh_tx_account(lm, lm_tx_neigh_key(lm, &first_hop),
				    unc_hdr, hdr_out);
		lm_stat_inc(lm, LOWPAN_MESH_STAT_TX_PACKETS);
		lm_stat_add(lm, LOWPAN_MESH_STAT_TX_BYTES, size);
		lm_stat_add(lm, LOWPAN_MESH_STAT_TX_HDR_IN, unc_hdr);
		lm_stat_add(lm, LOWPAN_MESH_STAT_TX_HDR_OUT, hdr_out);
		DEV_STATS_INC(ldev, tx_packets);
		DEV_STATS_ADD(ldev, tx_bytes, size);
	}
	return NETDEV_TX_OK;
}
