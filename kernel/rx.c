// SPDX-License-Identifier: GPL-2.0
/*
 * rx.c - receive path: 802.15.4 data frames from the wpan device
 *
 * Each mesh interface registers its own packet handler bound to its wpan
 * device, so this runs only for frames of devices we are stacked on:
 *
 *   frame -> checks -> header stack (proto/) -> fragment? -> reassembly
 *                                            -> IPHC/IPv6 -> IPv6 stack
 */
#include <linux/ieee802154.h>
#include <linux/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/mac802154.h>
#include <net/ndisc.h>

#include "lowpan_mesh.h"

/**
 * lm_rx_drop() - drop a received frame and count why
 * @lm: the mesh interface
 * @skb: the frame, consumed
 * @why: the counter to charge
 *
 * Return: NET_RX_DROP.
 */
int lm_rx_drop(struct lm_dev *lm, struct sk_buff *skb,
	       enum lowpan_mesh_stat why)
{
	lm_stat_inc(lm, why);
	DEV_STATS_INC(lm->ldev, rx_dropped);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* A data frame with intra-PAN addressing, as RFC 4944 requires. */
static bool lm_rx_frame_ok(struct sk_buff *skb)
{
	__le16 fc;

	if (!skb_mac_header_was_set(skb) ||
	    skb_tail_pointer(skb) - skb_mac_header(skb) < IEEE802154_FC_LEN)
		return false;
	fc = ieee802154_get_fc_from_skb(skb);
	return ieee802154_is_data(fc) &&
	       ieee802154_skb_is_intra_pan_addressing(fc, skb);
}

/**
 * lm_rx_decompress() - turn a 6LoWPAN header into an IPv6 header in place
 * @lm: the mesh interface
 * @skb: data at the IPHC or IPv6 dispatch, not shared;
 *	lowpan_802154_cb(skb)->d_size set (0 when not fragmented)
 * @src: link-layer source the IIDs may be derived from
 * @dst: link-layer destination the IIDs may be derived from
 *
 * Return: 0 with the network header set, else the counter to charge.
 */
int lm_rx_decompress(struct lm_dev *lm, struct sk_buff *skb,
		     struct ieee802154_addr *src, struct ieee802154_addr *dst)
{
	skb->dev = lm->ldev;
	if (!skb->len)
		return LOWPAN_MESH_STAT_RX_DROP_MALFORMED;

	if (lowpan_is_iphc(*skb->data)) {
		if (!lm_ctx_check(lm, skb->data, skb->len))
			return LOWPAN_MESH_STAT_RX_DROP_CTX;
		if (lowpan_header_decompress(skb, lm->ldev, dst, src) < 0)
			return LOWPAN_MESH_STAT_RX_DROP_DECOMPRESS;
	} else if (*skb->data == LM_DISPATCH_IPV6) {
		skb_pull(skb, 1);
		if (skb->len < sizeof(struct ipv6hdr))
			return LOWPAN_MESH_STAT_RX_DROP_MALFORMED;
		skb_reset_network_header(skb);
	} else {
		return LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN;
	}
	return 0;
}

/*
 * Note the extended and short addresses an ND message announces, before
 * the IPv6 stack sees it: ndisc_update() sends the packets waiting for the
 * neighbour before the short address reaches the neighbour entry, and the
 * transmit path finds it here in the meantime (see route.c). Only what
 * looks like an ND message that the stack will take counts: ICMPv6 right
 * after the IPv6 header, hop limit 255, a specified source, a payload
 * length that fits the packet and a correct checksum. The message itself
 * is parsed by lm_nd_lladdr_parse() (proto/lm_nd.c).
 */
static void lm_rx_nd_learn(struct lm_dev *lm, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6;
	struct lm_nd_lladdr ll;
	unsigned int off, len;
	const u8 *msg;

	/* proto/lm_nd.c has its own copy of the ND numbers */
	BUILD_BUG_ON(LM_ND_RS != NDISC_ROUTER_SOLICITATION);
	BUILD_BUG_ON(LM_ND_RA != NDISC_ROUTER_ADVERTISEMENT);
	BUILD_BUG_ON(LM_ND_NS != NDISC_NEIGHBOUR_SOLICITATION);
	BUILD_BUG_ON(LM_ND_NA != NDISC_NEIGHBOUR_ADVERTISEMENT);
	BUILD_BUG_ON(LM_ND_OPT_SLLAO != ND_OPT_SOURCE_LL_ADDR);
	BUILD_BUG_ON(LM_ND_OPT_TLLAO != ND_OPT_TARGET_LL_ADDR);

	off = skb_network_offset(skb) + sizeof(*ip6);
	if (!pskb_may_pull(skb, off + 1))
		return;
	ip6 = ipv6_hdr(skb);
	msg = skb_network_header(skb) + sizeof(*ip6);
	if (ip6->nexthdr != IPPROTO_ICMPV6 || ip6->hop_limit != 255 ||
	    *msg < NDISC_ROUTER_SOLICITATION ||
	    *msg > NDISC_NEIGHBOUR_ADVERTISEMENT ||
	    ipv6_addr_any(&ip6->saddr))
		return;
	len = ntohs(ip6->payload_len);
	if (len < sizeof(struct icmp6hdr) || off + len > skb->len ||
	    !pskb_may_pull(skb, off + len))
		return;
	ip6 = ipv6_hdr(skb);
	msg = skb_network_header(skb) + sizeof(*ip6);
	if (csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
			    csum_partial(msg, len, 0)))
		return;
	if (!lm_nd_lladdr_parse(msg, len, &ll))
		lm_nd_short_learn(lm, &ll);
}

/**
 * lm_rx_deliver() - hand a whole IPv6 packet to the IPv6 stack
 * @lm: the mesh interface
 * @skb: the packet, network header set, data at the IPv6 header
 *
 * Consumes @skb.
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_rx_deliver(struct lm_dev *lm, struct sk_buff *skb)
{
	struct net_device *ldev = lm->ldev;
	unsigned int len = skb->len;

	skb->dev = ldev;
	skb->protocol = htons(ETH_P_IPV6);
	/*
	 * mac802154 marks what it delivers CHECKSUM_UNNECESSARY: the radio
	 * checked the FCS. That covers the frame, not the ICMPv6 or UDP
	 * checksum of the packet inside, which is all that stands between
	 * the stack and a forged or mangled packet from the air; with the
	 * mark the stack would skip it (selftests/rx_csum.sh).
	 */
	skb->ip_summed = CHECKSUM_NONE;
	lm_stat_inc(lm, LOWPAN_MESH_STAT_RX_PACKETS);
	lm_stat_add(lm, LOWPAN_MESH_STAT_RX_BYTES, len);
	DEV_STATS_INC(ldev, rx_packets);
	DEV_STATS_ADD(ldev, rx_bytes, len);
	lm_rx_nd_learn(lm, skb);
	lm_ctx_from_ra(lm, skb);
	return netif_rx(skb);
}

/**
 * lm_rx_payload() - take a frame addressed to this node past its headers
 * @lm: the mesh interface
 * @skb: the frame, data at its 6LoWPAN headers; consumed
 * @h: the parsed header stack
 * @src: link-layer (or mesh originator) source
 * @dst: link-layer (or mesh final) destination
 *
 * Fragments go to reassembly; whole packets are decompressed and
 * delivered.
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_rx_payload(struct lm_dev *lm, struct sk_buff *skb,
		  const struct lm_lowpan_hdrs *h,
		  struct ieee802154_addr *src, struct ieee802154_addr *dst)
{
	int why;

	if (h->has_frag) {
		lm_reasm_rcv(lm, skb, h, src, dst);
		return NET_RX_SUCCESS;
	}
	if (h->payload == LM_PAYLOAD_NALP) {
		if (lm_routing_is_rt_frame(skb, h))
			return lm_routing_rcv(lm, skb, h);
		return lm_ctrl_rcv(lm, skb, h);
	}
	skb_pull(skb, h->payload_off);
	lowpan_802154_cb(skb)->d_size = 0;
	why = lm_rx_decompress(lm, skb, src, dst);
	if (why)
		return lm_rx_drop(lm, skb, why);
	return lm_rx_deliver(lm, skb);
}

/**
 * lm_rcv() - packet handler for ETH_P_IEEE802154 on one wpan device
 * @skb: the received frame, data after the MAC header
 * @wdev: the wpan device it came in on
 * @pt: our &struct lm_dev's packet type
 * @orig_wdev: unused
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_rcv(struct sk_buff *skb, struct net_device *wdev,
	   struct packet_type *pt, struct net_device *orig_wdev)
{
	struct lm_dev *lm = container_of(pt, struct lm_dev, pt);
	struct ieee802154_hdr mhdr;
	struct lm_lowpan_hdrs h;
	struct lm_addr from;

	lm_stat_inc(lm, LOWPAN_MESH_STAT_RX_FRAMES);

	if (!netif_running(lm->ldev))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_DOWN);
	if (skb->pkt_type == PACKET_OTHERHOST)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_OTHERHOST);
	if (!lm_rx_frame_ok(skb) || ieee802154_hdr_peek_addrs(skb, &mhdr) < 0)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOT_DATA);
	/* Before anything learns from the frame (neighbours, routes). */
	if (READ_ONCE(lm->sec_on) && !lm_rx_secured(skb))
		return lm_rx_drop(lm, skb,
				  LOWPAN_MESH_STAT_RX_DROP_UNSECURED);

	lm_addr_from_ieee(&from, &mhdr.source);
	lm_neigh_heard(lm, &from, mac_cb(skb)->lqi);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_RX_DROP_NOMEM);
		return NET_RX_DROP;
	}
	if (skb_linearize(skb))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOMEM);

	if (lm_lowpan_parse(skb->data, skb->len, &h) < 0)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_MALFORMED);

	/* NALP: only our control frames, which lm_ctrl_rcv() checks. */
	if (h.payload == LM_PAYLOAD_OTHER ||
	    (h.payload == LM_PAYLOAD_NALP && h.has_frag))
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN);
	if (h.has_mesh || h.has_bc0)
		return lm_mesh_rcv(lm, skb, &h, &mhdr);

	return lm_rx_payload(lm, skb, &h, &mhdr.source, &mhdr.dest);
}
