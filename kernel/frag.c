// SPDX-License-Identifier: GPL-2.0
/*
 * frag.c - reassembly of RFC 4944 fragments addressed to this node
 *
 * A datagram is identified by (source, destination, size, tag), where
 * source and destination are the link-layer addresses, or the mesh
 * originator and final addresses when a mesh header was present. Each entry
 * owns a buffer of the datagram's size and a bitmap of the 8-byte units
 * received. The first fragment is decompressed on arrival (it carries the
 * IPHC header); later fragments are plain datagram bytes at their offset.
 *
 * Memory is bounded per interface (entries and bytes); entries expire after
 * lm_reasm_timeout_ms. Every discarded fragment or datagram is counted.
 */
#include <linux/bitmap.h>
#include <linux/ipv6.h>
#include <linux/slab.h>

#include "lowpan_mesh.h"

#define LM_REASM_UNITS	DIV_ROUND_UP(LM_FRAG_SIZE_MAX + 1, 8)

/**
 * struct lm_reasm - one datagram being reassembled
 * @list: in &struct lm_reasm_table.list
 * @src: source (or mesh originator) address
 * @dst: destination (or mesh final) address
 * @tag: datagram tag
 * @size: datagram size in bytes
 * @have: bytes received so far
 * @expires: jiffies when the entry is dropped
 * @skb: buffer for the datagram, @size bytes of data
 * @units: 8-byte units received
 */
struct lm_reasm {
	struct list_head list;
	struct ieee802154_addr src;
	struct ieee802154_addr dst;
	u16 tag;
	u16 size;
	u16 have;
	unsigned long expires;
	struct sk_buff *skb;
	DECLARE_BITMAP(units, LM_REASM_UNITS);
};

static void lm_reasm_free(struct lm_reasm *r)
{
	kfree_skb(r->skb);
	kfree(r);
}

/* Called with the table lock held. */
static void lm_reasm_unlink(struct lm_reasm_table *t, struct lm_reasm *r)
{
	list_del(&r->list);
	t->count--;
	t->bytes -= r->size;
}

static void lm_reasm_timer(struct timer_list *timer)
{
	struct lm_reasm_table *t = from_timer(t, timer, timer);
	struct lm_dev *lm = container_of(t, struct lm_dev, reasm);
	struct lm_reasm *r, *tmp;
	LIST_HEAD(expired);

	spin_lock_bh(&t->lock);
	list_for_each_entry_safe(r, tmp, &t->list, list) {
		/* Oldest first: the first one not yet due ends the scan. */
		if (time_before(jiffies, r->expires)) {
			if (!t->dead)
				mod_timer(&t->timer, r->expires);
			break;
		}
		lm_reasm_unlink(t, r);
		list_add(&r->list, &expired);
	}
	spin_unlock_bh(&t->lock);

	list_for_each_entry_safe(r, tmp, &expired, list) {
		lm_stat_inc(lm, LOWPAN_MESH_STAT_REASM_DROP_TIMEOUT);
		DEV_STATS_INC(lm->ldev, rx_dropped);
		lm_reasm_free(r);
	}
}

/**
 * lm_reasm_init() - prepare the reassembly table of an interface
 * @lm: the mesh interface
 */
void lm_reasm_init(struct lm_dev *lm)
{
	struct lm_reasm_table *t = &lm->reasm;

	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->list);
	timer_setup(&t->timer, lm_reasm_timer, 0);
}

/**
 * lm_reasm_flush() - drop every partial datagram; no new ones after this
 * @lm: the mesh interface
 */
void lm_reasm_flush(struct lm_dev *lm)
{
	struct lm_reasm_table *t = &lm->reasm;
	struct lm_reasm *r, *tmp;
	LIST_HEAD(all);

	spin_lock_bh(&t->lock);
	t->dead = true;
	list_splice_init(&t->list, &all);
	t->count = 0;
	t->bytes = 0;
	spin_unlock_bh(&t->lock);
	del_timer_sync(&t->timer);

	list_for_each_entry_safe(r, tmp, &all, list)
		lm_reasm_free(r);
}

static struct lm_reasm *lm_reasm_find(struct lm_reasm_table *t,
				      const struct ieee802154_addr *src,
				      const struct ieee802154_addr *dst,
				      u16 tag, u16 size)
{
	struct lm_reasm *r;

	list_for_each_entry(r, &t->list, list)
		if (r->tag == tag && r->size == size &&
		    ieee802154_addr_equal(&r->src, src) &&
		    ieee802154_addr_equal(&r->dst, dst))
			return r;
	return NULL;
}

/* Called with the table lock held; may fail for lack of room or memory. */
static struct lm_reasm *lm_reasm_new(struct lm_reasm_table *t,
				     const struct ieee802154_addr *src,
				     const struct ieee802154_addr *dst,
				     u16 tag, u16 size)
{
	struct lm_reasm *r;

	if (t->count >= lm_reasm_max_entries ||
	    t->bytes + size > lm_reasm_max_bytes)
		return ERR_PTR(-ENOSPC);

	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->skb = alloc_skb(LL_MAX_HEADER + size, GFP_ATOMIC);
	if (!r->skb) {
		kfree(r);
		return ERR_PTR(-ENOMEM);
	}
	skb_reserve(r->skb, LL_MAX_HEADER);
	skb_put(r->skb, size);

	r->src = *src;
	r->dst = *dst;
	r->tag = tag;
	r->size = size;
	r->expires = jiffies + msecs_to_jiffies(lm_reasm_timeout_ms);
	list_add_tail(&r->list, &t->list);
	t->count++;
	t->bytes += size;
	if (!timer_pending(&t->timer))
		mod_timer(&t->timer, r->expires);
	return r;
}

/*
 * Put @len bytes of @skb at @off. Called with the table lock held.
 * Returns the finished datagram's entry (unlinked), NULL if more is
 * needed, or an ERR_PTR with the counter to charge.
 */
static struct lm_reasm *lm_reasm_add(struct lm_reasm_table *t,
				     struct lm_reasm *r, struct sk_buff *skb,
				     unsigned int off, unsigned int len)
{
	unsigned int first = off / 8, n = DIV_ROUND_UP(len, 8);

	if (find_next_bit(r->units, first + n, first) < first + n)
		return ERR_PTR(-LOWPAN_MESH_STAT_REASM_DROP_OVERLAP);
	if (skb_copy_bits(skb, 0, r->skb->data + off, len))
		return ERR_PTR(-LOWPAN_MESH_STAT_REASM_DROP_BAD);
	bitmap_set(r->units, first, n);
	r->have += len;
	if (r->have < r->size)
		return NULL;
	lm_reasm_unlink(t, r);
	return r;
}

/**
 * lm_reasm_rcv() - take one fragment addressed to this node
 * @lm: the mesh interface
 * @skb: the fragment, data at the start of the 6LoWPAN headers; consumed
 * @h: the parsed header stack of @skb (h->has_frag set)
 * @src: source for the key and for IID derivation
 * @dst: destination for the key and for IID derivation
 *
 * Delivers the datagram to IPv6 when this fragment completes it.
 */
void lm_reasm_rcv(struct lm_dev *lm, struct sk_buff *skb,
		  const struct lm_lowpan_hdrs *h,
		  struct ieee802154_addr *src, struct ieee802154_addr *dst)
{
	const struct lm_frag_hdr *f = &h->frag;
	struct lm_reasm_table *t = &lm->reasm;
	struct lm_reasm *r, *done;
	unsigned int len;
	int why;

	lm_stat_inc(lm, LOWPAN_MESH_STAT_FRAG_RX);
	skb_pull(skb, h->payload_off);

	if (f->first) {
		/* The IPv6 payload length comes from the datagram size. */
		lowpan_802154_cb(skb)->d_size = f->size;
		if (lm_rx_decompress(lm, skb, src, dst)) {
			lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_REASM_DROP_BAD);
			return;
		}
	}

	len = skb->len;
	/* Non-final fragments carry whole 8-byte units (RFC 4944 5.3). */
	if (!len || f->offset + len > f->size ||
	    (f->offset + len != f->size && (len & 7))) {
		lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_REASM_DROP_BAD);
		return;
	}

	spin_lock_bh(&t->lock);
	if (t->dead) {
		spin_unlock_bh(&t->lock);
		lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_DOWN);
		return;
	}
	r = lm_reasm_find(t, src, dst, f->tag, f->size);
	if (!r)
		r = lm_reasm_new(t, src, dst, f->tag, f->size);
	if (IS_ERR(r)) {
		spin_unlock_bh(&t->lock);
		why = PTR_ERR(r) == -ENOMEM ? LOWPAN_MESH_STAT_RX_DROP_NOMEM :
					      LOWPAN_MESH_STAT_REASM_DROP_LIMIT;
		lm_rx_drop(lm, skb, why);
		return;
	}
	done = lm_reasm_add(t, r, skb, f->offset, len);
	spin_unlock_bh(&t->lock);

	if (IS_ERR(done)) {
		lm_rx_drop(lm, skb, -PTR_ERR(done));
		return;
	}
	if (!done) {
		consume_skb(skb);
		return;
	}

	/* Complete: the entry is ours alone now. */
	done->skb->pkt_type = skb->pkt_type;
	consume_skb(skb);
	skb = done->skb;
	done->skb = NULL;
	lm_reasm_free(done);

	skb_reset_network_header(skb);
	lm_stat_inc(lm, LOWPAN_MESH_STAT_REASM_OK);
	lm_rx_deliver(lm, skb);
}
