// SPDX-License-Identifier: GPL-2.0
/*
 * forward.c - frames with a mesh header: relay, flood or take them
 *
 *   mesh header, originator is us      -> drop (our own, looped back)
 *   final is a group (BC0 follows)     -> duplicate? drop : flood on, take
 *   final is us                        -> take (reassemble, decompress)
 *   MAC destination not this node      -> drop (broadcast: every node hears it)
 *   else                               -> hops left - 1, 0? drop : next hop
 *
 * A relay never reassembles or decompresses: each frame (each fragment)
 * goes on as it arrives, only its hops-left byte and MAC header change.
 */
#include <linux/ieee802154.h>
#include <net/cfg802154.h>

#include "lowpan_mesh.h"

/*
 * Make a received frame fit to go out again on the wpan device: linear,
 * room for our MAC header in front and for the device's tail (MIC, FCS)
 * behind, and a head of its own to write that header into. Most frames
 * have all of it as they come: then nothing is copied.
 */
static int lm_fwd_own(struct net_device *wdev, struct sk_buff *skb)
{
	int head = LL_RESERVED_SPACE(wdev) - (int)skb_headroom(skb);
	int tail = wdev->needed_tailroom - (int)skb_tailroom(skb);

	if (skb_linearize(skb))
		return -ENOMEM;
	if (head <= 0 && tail <= 0 && !skb_header_cloned(skb))
		return 0;
	return pskb_expand_head(skb, head > 0 ? ALIGN(head, NET_SKB_PAD) : 0,
				max(tail, 0), GFP_ATOMIC);
}

/*
 * lm_fwd_split() - send a non-first fragment on as two or more
 * @lm: the mesh interface
 * @skb: the frame, data at the mesh header (our MAC header not pushed);
 *	consumed
 * @info: MAC addresses of the next hop
 * @room: what our MAC header leaves for the 6LoWPAN headers and payload
 *
 * A relay whose MAC header is longer than the one a frame came with (it
 * has no short address, or knows the next hop only by its extended
 * address) meets frames that no longer fit. The originator leaves room
 * for that in first fragments, whole packets and floods (tx.c,
 * lm_tx_relay_growth()), but not between short addresses; a FRAGN can be
 * cut at 8-byte boundaries into fragments of the same datagram, each
 * behind the same mesh header, without decompressing anything.
 *
 * Return: the number of frames sent (2 or more), or a negative errno:
 * -EMSGSIZE when the frame is not such a fragment or cannot be cut.
 */
static int lm_fwd_split(struct lm_dev *lm, struct sk_buff *skb,
			const struct lm_addr_info *info, unsigned int room)
{
	struct net_device *wdev = lm->wdev;
	unsigned int plen, dlen, piece, off, n;
	struct lm_lowpan_hdrs h;
	struct lm_frag_hdr f;
	struct sk_buff *p;
	int sent = 0, rc;

	if (lm_lowpan_parse(skb->data, skb->len, &h) || !h.has_mesh ||
	    h.has_bc0 || !h.has_frag || h.frag.first ||
	    h.payload_off < LM_FRAGN_LEN) {
		sent = -EMSGSIZE;
		goto out;
	}
	plen = h.payload_off - LM_FRAGN_LEN;	/* the mesh header */
	dlen = skb->len - h.payload_off;
	if (room < plen + LM_FRAGN_LEN + 8) {
		sent = -EMSGSIZE;
		goto out;
	}
	piece = round_down(room - plen - LM_FRAGN_LEN, 8);
	f = h.frag;

	for (off = 0; off < dlen; off += n) {
		n = min(piece, dlen - off);
		p = alloc_skb(LL_RESERVED_SPACE(wdev) + plen + LM_FRAGN_LEN +
			      n + wdev->needed_tailroom, GFP_ATOMIC);
		if (!p) {
			sent = -ENOMEM;
			break;
		}
		skb_reserve(p, LL_RESERVED_SPACE(wdev));
		skb_put_data(p, skb->data, plen);
		f.offset = h.frag.offset + off;
		lm_frag_hdr_build(skb_put(p, LM_FRAGN_LEN), LM_FRAGN_LEN, &f);
		skb_put_data(p, skb->data + h.payload_off + off, n);
		skb_reset_network_header(p);
		p->pkt_type = PACKET_OUTGOING;
		if (lm_tx_mac_header(lm, p, info) < 0) {
			kfree_skb(p);
			sent = -EINVAL;
			break;
		}
		/* net_xmit_eval() takes its argument twice: not a call */
		rc = dev_queue_xmit(p);
		if (net_xmit_eval(rc)) {
			sent = -EIO;
			break;
		}
		sent++;
	}
out:
	kfree_skb(skb);
	return sent;
}

/*
 * Send a received frame on to @to, unchanged from the mesh header on:
 * our MAC header goes in front of it in place (the relay fast path).
 * @skb data is at the mesh header. Consumes @skb.
 */
static void lm_fwd_xmit(struct lm_dev *lm, struct sk_buff *skb,
			const struct lm_addr *to)
{
	struct net_device *wdev = lm->wdev;
	__le16 pan = wdev->ieee802154_ptr->pan_id;
	struct ieee802154_hdr mhdr;
	struct lm_addr_info info;
	struct lm_addr self;
	int hlen, room, rc;

	if (lm_fwd_own(wdev, skb)) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_RX_DROP_NOMEM);
		kfree_skb(skb);
		return;
	}
	skb_scrub_packet(skb, false);
	skb->ip_summed = CHECKSUM_NONE;

	lm_addr_self(lm, &self);
	lm_addr_to_ieee(&info.saddr, &self, pan);
	lm_addr_to_ieee(&info.daddr, to, pan);
	skb_reset_network_header(skb);
	skb->pkt_type = PACKET_OUTGOING;
	hlen = lm_tx_mac_header(lm, skb, &info);
	if (hlen < 0 || ieee802154_hdr_peek(skb, &mhdr) < 0) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_DROP_XMIT);
		kfree_skb(skb);
		return;
	}
	room = ieee802154_max_payload(&mhdr);
	if (skb->len - hlen > room) {
		/* Our MAC header is longer than the one it came with. */
		skb_pull(skb, hlen);
		rc = lm_fwd_split(lm, skb, &info, room);
		if (rc < 0) {
			lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_DROP_XMIT);
		} else {
			lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_SPLIT);
			lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_FRAMES);
		}
		return;
	}
	rc = dev_queue_xmit(skb);
	if (net_xmit_eval(rc))
		lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_DROP_XMIT);
	else
		lm_stat_inc(lm, LOWPAN_MESH_STAT_FWD_FRAMES);
}

/* Pass a frame to this node's stack with the mesh addresses. */
static int lm_mesh_take(struct lm_dev *lm, struct sk_buff *skb,
			const struct lm_lowpan_hdrs *h,
			const struct lm_addr *orig,
			const struct ieee802154_hdr *mhdr)
{
	__le16 pan = lm->wdev->ieee802154_ptr->pan_id;
	struct ieee802154_addr src, dst;
	struct lm_addr final = {
		.len = h->mesh.final_len, .v = h->mesh.final,
	};

	lm_addr_to_ieee(&src, orig, pan);
	if (lm_addr_is_group(&final))
		dst = mhdr->dest;
	else
		lm_addr_to_ieee(&dst, &final, pan);
	return lm_rx_payload(lm, skb, h, &src, &dst);
}

/**
 * lm_mesh_rcv() - handle a frame that carries a mesh or BC0 header
 * @lm: the mesh interface
 * @skb: the frame, data at the 6LoWPAN headers, not shared; consumed
 * @h: its parsed header stack
 * @mhdr: its MAC header
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_mesh_rcv(struct lm_dev *lm, struct sk_buff *skb,
		const struct lm_lowpan_hdrs *h,
		const struct ieee802154_hdr *mhdr)
{
	struct lm_addr orig, final, nh;
	struct sk_buff *copy;
	int hops;

	/* RFC 4944: BC0 only makes sense under a mesh header. */
	if (!h->has_mesh)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_UNSUPPORTED);

	orig.len = h->mesh.orig_len;
	orig.v = h->mesh.orig;
	final.len = h->mesh.final_len;
	final.v = h->mesh.final;

	if (lm_addr_is_self(lm, &orig))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_OWN);

	if (lm_addr_is_group(&final)) {
		if (!h->has_bc0)
			return lm_rx_drop(lm, skb,
					  LOWPAN_MESH_STAT_RX_DROP_MALFORMED);
		if (lm_bc0_seen(lm, &orig, h->bc0_seq))
			return lm_rx_drop(lm, skb,
					  LOWPAN_MESH_STAT_BC0_DUPLICATE);

		/* Flood it on once, while hops are left, then take it. */
		if (h->mesh.hops_left > 1) {
			copy = skb_copy(skb, GFP_ATOMIC);
			if (copy && lm_mesh_hops_decrement(copy->data,
							   copy->len) > 0) {
				nh.len = 2;
				nh.v = LM_SHORT_BCAST;
				lm_stat_inc(lm, LOWPAN_MESH_STAT_BC0_FLOODED);
				lm_fwd_xmit(lm, copy, &nh);
			} else if (copy) {
				kfree_skb(copy);
			} else {
				lm_stat_inc(lm, LOWPAN_MESH_STAT_RX_DROP_NOMEM);
			}
		}
		lm_stat_inc(lm, LOWPAN_MESH_STAT_BC0_DELIVERED);
		return lm_mesh_take(lm, skb, h, &orig, mhdr);
	}

	if (lm_addr_is_self(lm, &final)) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_MESH_DELIVERED);
		return lm_mesh_take(lm, skb, h, &orig, mhdr);
	}

	/*
	 * A relay: only the node the frame was sent to relays it. A unicast
	 * mesh frame sent to the MAC broadcast address would be relayed by
	 * every node that hears it. mac802154 calls such a frame
	 * PACKET_HOST on a node without a short address (its short address
	 * is then 0xffff too): look at the address itself as well.
	 */
	if (skb->pkt_type != PACKET_HOST ||
	    (mhdr->dest.mode == IEEE802154_ADDR_SHORT &&
	     ieee802154_is_broadcast_short_addr(mhdr->dest.short_addr)))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_FWD_DROP_BCAST);
	/* One hop less, then the next hop towards final. */
	if (skb_ensure_writable(skb, h->payload_off))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOMEM);
	hops = lm_mesh_hops_decrement(skb->data, skb->len);
	if (hops <= 0)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_FWD_DROP_HOPS);
	if (!lm_route_lookup(lm, &final, &nh)) {
		if (!lm_neigh_known(lm, &final))
			return lm_rx_drop(lm, skb,
					  LOWPAN_MESH_STAT_FWD_DROP_NO_ROUTE);
		nh = final;
	}
	lm_fwd_xmit(lm, skb, &nh);
	return NET_RX_SUCCESS;
}
