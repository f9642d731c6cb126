// SPDX-License-Identifier: GPL-2.0
/*
 * ctx.c - IPHC contexts: configured, learned from the mesh or from 6CO
 *
 * The contexts live in the 6LoWPAN device's own table (struct lowpan_dev),
 * so mainline's IPHC compressor and decompressor use them. Next to each we
 * keep its origin, its expiry and when it may start to be used for
 * compression (RFC 6775: decompress with any valid context, compress only
 * with one the other nodes have had time to learn).
 *
 * The phase of a context (lm_ctxsel.h: HOLD, COMPRESS, DRAIN, EXPIRED)
 * decides its flags in that table: it compresses only in COMPRESS, so a
 * shared context starts to compress ctx_hold_ms after it was set and stops
 * ctx_hold_ms before it expires, while the others still decompress.
 *
 * One node of the mesh may be the context authority: it floods its table,
 * versioned, in mesh control frames (NALP dispatch, under mesh + BC0
 * headers) when it changes, every LM_CTX_REFRESH and when asked. The others
 * adopt a newer version and ask for the table when they come up or meet a
 * context id they do not know.
 */
#include <linux/icmpv6.h>
#include <linux/ieee802154.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/cfg802154.h>
#include <net/ip6_checksum.h>
#include <net/mac802154.h>

#include <linux/module.h>

#include "lowpan_mesh.h"
#include "proto/lm_ctrl.h"
#include "proto/lm_ctxsel.h"

#define LM_CTX_REFRESH		(30 * HZ)	/* authority re-floods */
#define LM_CTX_ANSWER_GAP	(HZ / 2)	/* at most 2 answers/s */
#define LM_CTX_REQUEST_GAP	(2 * HZ)	/* at most one request/2 s */
#define LM_CTRL_ROOM		88	/* bytes of entries per frame */

static struct lowpan_iphc_ctx *lm_ctx_slot(struct lm_dev *lm, u8 id)
{
	return &lowpan_dev(lm->ldev)->ctx.table[id];
}

static bool lm_ctx_is_authority(struct lm_dev *lm)
{
	return READ_ONCE(lm->ctx.authority) != LOWPAN_MESH_CTX_AUTHORITY_OFF;
}

/*
 * The phase of context @id at @now, with @compress for its compression
 * flag. Called with the ctx lock held.
 */
static enum lm_ctx_phase __lm_ctx_phase_of(struct lm_dev *lm, u8 id,
					   unsigned long now, bool compress)
{
	const struct lm_ctx_meta *m = &lm->ctx.meta[id];

	return lm_ctx_phase(now, m->usable, m->expires, !m->lifetime,
			    compress,
			    msecs_to_jiffies(READ_ONCE(lm_ctx_hold_ms)));
}

/* The phase of context @id at @now. Called with the ctx lock held. */
static enum lm_ctx_phase lm_ctx_phase_of(struct lm_dev *lm, u8 id,
					 unsigned long now)
{
	return __lm_ctx_phase_of(lm, id, now, lm->ctx.meta[id].compress);
}

/* &enum lowpan_mesh_ctx_phase of each &enum lm_ctx_phase */
static const u8 lm_ctx_uapi_phase[] = {
	[LM_CTX_HOLD]		= LOWPAN_MESH_CTX_PHASE_HOLD,
	[LM_CTX_COMPRESS]	= LOWPAN_MESH_CTX_PHASE_COMPRESS,
	[LM_CTX_DRAIN]		= LOWPAN_MESH_CTX_PHASE_DRAIN,
	[LM_CTX_EXPIRED]	= LOWPAN_MESH_CTX_PHASE_EXPIRED,
};

/*
 * Compress with context @id only in its COMPRESS phase. The slot is in use,
 * so it is active: mainline's 6LoWPAN notifier clears the active flag of
 * every context when the interface goes down (net/6lowpan/core.c), and the
 * context comes back with the interface. Lock held.
 */
static void lm_ctx_apply(struct lm_dev *lm, u8 id, enum lm_ctx_phase phase)
{
	struct lowpan_iphc_ctx *c = lm_ctx_slot(lm, id);

	set_bit(LOWPAN_IPHC_CTX_FLAG_ACTIVE, &c->flags);
	if (phase == LM_CTX_COMPRESS)
		set_bit(LOWPAN_IPHC_CTX_FLAG_COMPRESSION, &c->flags);
	else
		clear_bit(LOWPAN_IPHC_CTX_FLAG_COMPRESSION, &c->flags);
}

/* Called with the ctx lock held. */
static void lm_ctx_clear(struct lm_dev *lm, u8 id)
{
	struct lowpan_iphc_ctx *c = lm_ctx_slot(lm, id);

	clear_bit(LOWPAN_IPHC_CTX_FLAG_COMPRESSION, &c->flags);
	clear_bit(LOWPAN_IPHC_CTX_FLAG_ACTIVE, &c->flags);
	lm->ctx.meta[id].used = false;
}

/* The authority's table changed: new version, flood soon. Lock held. */
static void lm_ctx_changed(struct lm_dev *lm)
{
	if (!lm_ctx_is_authority(lm))
		return;
	lm->ctx.version++;
	lm->ctx.dirty = true;
}

/* Install @e with @origin. Called with the ctx lock held. */
static void __lm_ctx_set(struct lm_dev *lm, const struct lm_ctx_entry *e,
			 u8 origin)
{
	struct lowpan_iphc_ctx *c = lm_ctx_slot(lm, e->id);
	struct lm_ctx_meta *m = &lm->ctx.meta[e->id];
	unsigned long now = jiffies;
	bool same;

	/*
	 * The same prefix under the same id from the same source is a new
	 * lifetime or flag for a context the others know already: it keeps
	 * its hold (a renumbering that shortens a lifetime, or a new table
	 * version that repeats it, does not stop it compressing).
	 */
	same = m->used && m->origin == origin && c->plen == e->plen &&
	       !memcmp(c->pfx.s6_addr, e->prefix, sizeof(c->pfx.s6_addr));

	clear_bit(LOWPAN_IPHC_CTX_FLAG_COMPRESSION, &c->flags);
	memcpy(c->pfx.s6_addr, e->prefix, sizeof(c->pfx.s6_addr));
	c->plen = e->plen;
	set_bit(LOWPAN_IPHC_CTX_FLAG_ACTIVE, &c->flags);

	m->used = true;
	m->origin = origin;
	m->compress = e->compress;
	m->lifetime = e->lifetime;
	/* lifetime 0: infinite; expires is then not read */
	m->expires = now + lm_ctx_ticks(e->lifetime, HZ);
	/*
	 * A context the administrator gave this node alone is theirs to
	 * use at once; one that is shared has to reach the others first.
	 */
	if (origin == LOWPAN_MESH_CTX_CONFIGURED && !lm_ctx_is_authority(lm))
		m->usable = now;
	else if (!same)
		m->usable = now + msecs_to_jiffies(READ_ONCE(lm_ctx_hold_ms));
	lm_ctx_apply(lm, e->id, lm_ctx_phase_of(lm, e->id, now));
}

/**
 * lm_ctx_set() - add or replace a context
 * @lm: the mesh interface
 * @e: the context (lifetime 0: no expiry)
 * @origin: &enum lowpan_mesh_ctx_origin
 */
void lm_ctx_set(struct lm_dev *lm, const struct lm_ctx_entry *e, u8 origin)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;

	spin_lock_bh(lock);
	__lm_ctx_set(lm, e, origin);
	lm_ctx_changed(lm);
	spin_unlock_bh(lock);
	lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_CTX);
}

/**
 * lm_ctx_del() - remove a context
 * @lm: the mesh interface
 * @id: its identifier
 *
 * Return: 0 or -ENOENT.
 */
int lm_ctx_del(struct lm_dev *lm, u8 id)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	int err = 0;

	spin_lock_bh(lock);
	if (lm->ctx.meta[id].used) {
		lm_ctx_clear(lm, id);
		lm_ctx_changed(lm);
	} else {
		err = -ENOENT;
	}
	spin_unlock_bh(lock);
	if (!err)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_CTX);
	return err;
}

/**
 * lm_ctx_snapshot() - copy the context table
 * @lm: the mesh interface
 * @out: room for 16 entries (lifetime: seconds left, 0 for none)
 * @origin: room for 16 origins
 * @phase: room for 16 &enum lowpan_mesh_ctx_phase, or NULL
 * @version: set to the table's version
 *
 * The phase is the one of the context's timing, as if its compression
 * flag were on (that flag is in @out): HOLD, COMPRESS, DRAIN or EXPIRED
 * at the time of the copy.
 *
 * Return: the number of entries copied.
 */
unsigned int lm_ctx_snapshot(struct lm_dev *lm, struct lm_ctx_entry *out,
			     u8 *origin, u8 *phase, u32 *version)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	unsigned long now = jiffies;
	struct lowpan_iphc_ctx *c;
	struct lm_ctx_meta *m;
	unsigned int n = 0;
	u8 id;

	spin_lock_bh(lock);
	for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++) {
		m = &lm->ctx.meta[id];
		c = lm_ctx_slot(lm, id);
		if (!m->used)
			continue;
		out[n].id = id;
		out[n].compress = m->compress;
		out[n].plen = c->plen;
		memcpy(out[n].prefix, c->pfx.s6_addr, 16);
		out[n].lifetime = 0;
		if (m->lifetime)
			out[n].lifetime = time_after(m->expires, now) ?
				DIV_ROUND_UP(m->expires - now, HZ) : 1;
		origin[n] = m->origin;
		if (phase)
			phase[n] = lm_ctx_uapi_phase[__lm_ctx_phase_of(lm, id,
								       now,
								       true)];
		n++;
	}
	*version = lm->ctx.version;
	spin_unlock_bh(lock);
	return n;
}

/* Off: contexts stay local to each node (configured or from 6CO). */
static bool lm_ctrl_enabled = true;
module_param_named(ctx_distribution, lm_ctrl_enabled, bool, 0444);
MODULE_PARM_DESC(ctx_distribution,
		 "send mesh control frames that share the context table (default on)");

/* Send one control frame, flooded: mesh (to 0xffff) + BC0 + @msg. */
static void lm_ctrl_send(struct lm_dev *lm, const struct lm_ctrl_msg *msg)
{
	struct lm_mesh_hdr mh = {
		.hops_left = READ_ONCE(lm->tables.hops_left),
		.final_len = 2, .final = LM_SHORT_BCAST,
	};
	u8 buf[LM_MESH_MAX_LEN + LM_BC0_LEN + IEEE802154_MTU];
	struct net_device *wdev = lm->wdev;
	__le16 pan = wdev->ieee802154_ptr->pan_id;
	struct lm_addr_info info = {};
	struct lm_addr self;
	struct sk_buff *skb;
	int n, len, rc;

	if (!lm_ctrl_enabled || !netif_running(lm->ldev) ||
	    !netif_running(wdev))
		return;

	lm_addr_self(lm, &self);
	mh.orig_len = self.len;
	mh.orig = self.v;
	len = lm_mesh_hdr_build(buf, sizeof(buf), &mh);
	if (len < 0)
		return;
	n = lm_bc0_build(buf + len, sizeof(buf) - len, lm->tables.bc0_seq++);
	if (n < 0)
		return;
	len += n;
	n = lm_ctrl_build(buf + len, sizeof(buf) - len, msg);
	if (n < 0)
		return;
	len += n;

	skb = alloc_skb(LL_RESERVED_SPACE(wdev) + len + wdev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, LL_RESERVED_SPACE(wdev));
	skb_put_data(skb, buf, len);
	skb_reset_network_header(skb);

	lm_addr_to_ieee(&info.saddr, &self, pan);
	info.daddr.mode = IEEE802154_ADDR_SHORT;
	info.daddr.pan_id = pan;
	info.daddr.short_addr = cpu_to_le16(IEEE802154_ADDR_BROADCAST);
	if (lm_tx_mac_header(lm, skb, &info) < 0) {
		kfree_skb(skb);
		return;
	}
	/* net_xmit_eval() evaluates its argument twice: not the call. */
	rc = dev_queue_xmit(skb);
	if (!net_xmit_eval(rc))
		lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_TX);
}

/* The authority's whole table, in as many frames as it takes. */
static void lm_ctx_flood(struct lm_dev *lm)
{
	struct lm_ctx_entry all[LOWPAN_IPHC_CTX_TABLE_SIZE];
	u8 origin[LOWPAN_IPHC_CTX_TABLE_SIZE];
	struct lm_ctrl_msg *msg;
	unsigned int n, i, used = 0;
	u32 version;

	msg = kzalloc(sizeof(*msg), GFP_ATOMIC);
	if (!msg)
		return;
	n = lm_ctx_snapshot(lm, all, origin, NULL, &version);
	msg->type = LM_CTRL_CTX_TABLE;
	msg->version = version;
	msg->count = n;
	for (i = 0; i < n; i++) {
		if (msg->n && used + lm_ctx_entry_len(&all[i]) > LM_CTRL_ROOM) {
			lm_ctrl_send(lm, msg);
			msg->n = 0;
			used = 0;
		}
		msg->ctx[msg->n++] = all[i];
		used += lm_ctx_entry_len(&all[i]);
	}
	/* An empty table is sent too: it tells the others to drop theirs. */
	lm_ctrl_send(lm, msg);
	kfree(msg);
	lm->ctx.last_answer = jiffies;
}

/* Ask the authority for its table, at most every LM_CTX_REQUEST_GAP. */
static void lm_ctx_request(struct lm_dev *lm)
{
	struct lm_ctrl_msg msg = { .type = LM_CTRL_CTX_REQUEST };

	if (lm_ctx_is_authority(lm) ||
	    time_before(jiffies, lm->ctx.last_request + LM_CTX_REQUEST_GAP))
		return;
	lm->ctx.last_request = jiffies;
	msg.version = READ_ONCE(lm->ctx.version);
	lm_ctrl_send(lm, &msg);
}

/**
 * lm_ctx_join() - the interface came up: restore its contexts, and ask for
 *	the mesh's
 * @lm: the mesh interface
 *
 * Mainline's 6LoWPAN notifier clears the active flag of every context when
 * the interface goes down; the table stays ours, so every context still in
 * it is made active (and compresses in its COMPRESS phase) again.
 */
void lm_ctx_join(struct lm_dev *lm)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	unsigned long now = jiffies;
	enum lm_ctx_phase phase;
	u8 id;

	spin_lock_bh(lock);
	for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++) {
		if (!lm->ctx.meta[id].used)
			continue;
		/* an expired one leaves the table at the next tick */
		phase = lm_ctx_phase_of(lm, id, now);
		if (phase != LM_CTX_EXPIRED)
			lm_ctx_apply(lm, id, phase);
	}
	spin_unlock_bh(lock);
	/* Sent from the next tick: not from ndo_open, under RTNL. */
	WRITE_ONCE(lm->ctx.join, true);
}

/* Does the table frame @msg carry context @id? */
static bool lm_ctrl_msg_has(const struct lm_ctrl_msg *msg, u8 id)
{
	unsigned int i;

	for (i = 0; i < msg->n; i++)
		if (msg->ctx[i].id == id)
			return true;
	return false;
}

/* Adopt the authority's table (entries of one frame of it). */
static void lm_ctx_adopt(struct lm_dev *lm, const struct lm_ctrl_msg *msg)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	bool changed = false;
	unsigned int i;
	u8 id;

	spin_lock_bh(lock);
	if (msg->version > lm->ctx.version) {
		/*
		 * A newer table replaces what the mesh gave us before; what
		 * this frame repeats is replaced below, in place, so that it
		 * never goes missing in between.
		 */
		for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++)
			if (lm->ctx.meta[id].used &&
			    lm->ctx.meta[id].origin == LOWPAN_MESH_CTX_MESH &&
			    !lm_ctrl_msg_has(msg, id))
				lm_ctx_clear(lm, id);
		lm->ctx.version = msg->version;
		changed = true;
	}
	if (msg->version == lm->ctx.version) {
		for (i = 0; i < msg->n; i++) {
			id = msg->ctx[i].id;
			/* What the administrator set here wins. */
			if (lm->ctx.meta[id].used &&
			    lm->ctx.meta[id].origin != LOWPAN_MESH_CTX_MESH)
				continue;
			if (lm->ctx.meta[id].used && !changed)
				continue;
			__lm_ctx_set(lm, &msg->ctx[i], LOWPAN_MESH_CTX_MESH);
			changed = true;
		}
	}
	spin_unlock_bh(lock);
	if (changed)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_CTX);
}

/**
 * lm_ctrl_rcv() - a mesh control frame for this node
 * @lm: the mesh interface
 * @skb: the frame; data at its 6LoWPAN headers; consumed
 * @h: its parsed header stack (payload: NALP)
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int lm_ctrl_rcv(struct lm_dev *lm, struct sk_buff *skb,
		const struct lm_lowpan_hdrs *h)
{
	struct lm_ctrl_msg *msg;

	if (skb->data[h->payload_off] != LM_DISPATCH_CTRL)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN);
	msg = kmalloc(sizeof(*msg), GFP_ATOMIC);
	if (!msg)
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_RX_DROP_NOMEM);
	if (lm_ctrl_parse(skb->data + h->payload_off,
			  skb->len - h->payload_off, msg) < 0) {
		kfree(msg);
		return lm_rx_drop(lm, skb, LOWPAN_MESH_STAT_CTRL_DROP);
	}
	consume_skb(skb);
	lm_stat_inc(lm, LOWPAN_MESH_STAT_CTRL_RX);

	if (msg->type == LM_CTRL_CTX_REQUEST) {
		if (lm_ctx_is_authority(lm) &&
		    !time_before(jiffies, lm->ctx.last_answer + LM_CTX_ANSWER_GAP))
			lm_ctx_flood(lm);
	} else if (!lm_ctx_is_authority(lm)) {
		lm_ctx_adopt(lm, msg);
	}
	kfree(msg);
	return NET_RX_SUCCESS;
}

/**
 * lm_ctx_check() - are the contexts an IPHC header refers to known
 * @lm: the mesh interface
 * @data: the IPHC header
 * @len: bytes available
 *
 * An unknown context id makes this node ask the authority for the table.
 *
 * Return: true when decompression may go ahead.
 */
bool lm_ctx_check(struct lm_dev *lm, const u8 *data, unsigned int len)
{
	struct lm_iphc_cids c;
	bool ok = true;

	if (lm_iphc_cids(data, len, &c) < 0)
		return true;	/* the decompressor reports it */
	if (c.sci >= 0 && !lowpan_iphc_ctx_is_active(lm_ctx_slot(lm, c.sci)))
		ok = false;
	if (c.dci >= 0 && !lowpan_iphc_ctx_is_active(lm_ctx_slot(lm, c.dci)))
		ok = false;
	if (!ok)
		lm_ctx_request(lm);
	return ok;
}

/**
 * lm_ctx_from_ra() - take the 6COs of a router advertisement
 * @lm: the mesh interface
 * @skb: a received IPv6 packet, network header set
 *
 * Only an RA that passes the basic ND checks (link-local source, hop
 * limit 255, a correct checksum) counts. A 6CO with lifetime 0 removes
 * its context.
 */
void lm_ctx_from_ra(struct lm_dev *lm, struct sk_buff *skb)
{
	struct lm_ctx_entry e[LOWPAN_IPHC_CTX_TABLE_SIZE];
	const struct ipv6hdr *ip6;
	unsigned int len, off, ignored;
	int n, i;
	u8 *icmp;

	if (skb->len < sizeof(*ip6) + LM_RA_HDR_LEN)
		return;
	ip6 = ipv6_hdr(skb);
	if (ip6->nexthdr != IPPROTO_ICMPV6 || ip6->hop_limit != 255 ||
	    !(ipv6_addr_type(&ip6->saddr) & IPV6_ADDR_LINKLOCAL))
		return;
	off = skb_network_offset(skb) + sizeof(*ip6);
	len = ntohs(ip6->payload_len);
	if (len < LM_RA_HDR_LEN || off + len > skb->len ||
	    skb_linearize(skb))
		return;
	ip6 = ipv6_hdr(skb);
	icmp = skb->data + off;
	if (icmp[0] != LM_ICMP6_RA ||
	    csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
			    csum_partial(icmp, len, 0)))
		return;
	n = lm_ra_6co(icmp, len, e, ARRAY_SIZE(e), &ignored);
	if (n < 0)
		return;
	if (ignored)
		lm_stat_add(lm, LOWPAN_MESH_STAT_RX_6CO_IGNORED, ignored);
	for (i = 0; i < n; i++) {
		if (e[i].lifetime)
			lm_ctx_set(lm, &e[i], LOWPAN_MESH_CTX_6CO);
		else
			lm_ctx_del(lm, e[i].id);
	}
}

/* Authority "auto": a context for every global prefix of the interface. */
static void lm_ctx_auto(struct lm_dev *lm)
{
	struct lm_ctx_entry want[LOWPAN_IPHC_CTX_TABLE_SIZE];
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	struct inet6_ifaddr *ifa;
	struct inet6_dev *idev;
	unsigned int n = 0, i;
	struct lowpan_iphc_ctx *c;
	struct in6_addr pfx;
	bool found, changed = false;
	u8 id;

	rcu_read_lock();
	idev = __in6_dev_get(lm->ldev);
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifa, &idev->addr_list, if_list) {
			if (ifa->scope != RT_SCOPE_UNIVERSE || !ifa->prefix_len ||
			    ifa->prefix_len > 128 ||
			    n == ARRAY_SIZE(want))
				continue;
			ipv6_addr_prefix(&pfx, &ifa->addr, ifa->prefix_len);
			for (i = 0; i < n; i++)
				if (want[i].plen == ifa->prefix_len &&
				    !memcmp(want[i].prefix, &pfx, 16))
					break;
			if (i < n)
				continue;
			memset(&want[n], 0, sizeof(want[n]));
			memcpy(want[n].prefix, &pfx, 16);
			want[n].plen = ifa->prefix_len;
			want[n].compress = true;
			n++;
		}
		read_unlock_bh(&idev->lock);
	}
	rcu_read_unlock();

	spin_lock_bh(lock);
	/* Drop automatic contexts whose prefix went away. */
	for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++) {
		if (!lm->ctx.meta[id].used ||
		    lm->ctx.meta[id].origin != LOWPAN_MESH_CTX_AUTO)
			continue;
		c = lm_ctx_slot(lm, id);
		found = false;
		for (i = 0; i < n; i++)
			if (want[i].plen == c->plen &&
			    !memcmp(want[i].prefix, c->pfx.s6_addr, 16))
				found = true;
		if (!found) {
			lm_ctx_clear(lm, id);
			changed = true;
		}
	}
	/* Add the new ones at the lowest free ids: CID 0 costs no byte. */
	for (i = 0; i < n; i++) {
		found = false;
		for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++) {
			c = lm_ctx_slot(lm, id);
			if (lm->ctx.meta[id].used && c->plen == want[i].plen &&
			    !memcmp(c->pfx.s6_addr, want[i].prefix, 16))
				found = true;
		}
		if (found)
			continue;
		for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++)
			if (!lm->ctx.meta[id].used)
				break;
		if (id == LOWPAN_IPHC_CTX_TABLE_SIZE)
			break;
		want[i].id = id;
		__lm_ctx_set(lm, &want[i], LOWPAN_MESH_CTX_AUTO);
		changed = true;
	}
	if (changed)
		lm_ctx_changed(lm);
	spin_unlock_bh(lock);
	if (changed)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_CTX);
}

/**
 * lm_ctx_set_authority() - change the node's authority role
 * @lm: the mesh interface
 * @mode: &enum lowpan_mesh_ctx_authority
 */
void lm_ctx_set_authority(struct lm_dev *lm, u8 mode)
{
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	u32 now = (u32)ktime_get_real_seconds();

	spin_lock_bh(lock);
	if (mode != LOWPAN_MESH_CTX_AUTHORITY_OFF &&
	    lm->ctx.authority == LOWPAN_MESH_CTX_AUTHORITY_OFF) {
		/* Versions grow across restarts of the authority, too. */
		lm->ctx.version = max(lm->ctx.version + 1, now);
		lm->ctx.dirty = true;
	}
	WRITE_ONCE(lm->ctx.authority, mode);
	spin_unlock_bh(lock);
}

static void lm_ctx_timer(struct timer_list *t)
{
	struct lm_ctx_state *cs = from_timer(cs, t, timer);
	struct lm_dev *lm = container_of(cs, struct lm_dev, ctx);
	spinlock_t *lock = &lowpan_dev(lm->ldev)->ctx.lock;
	unsigned long now = jiffies;
	enum lm_ctx_phase phase;
	bool flood, changed = false;
	u8 id;

	if (READ_ONCE(cs->authority) == LOWPAN_MESH_CTX_AUTHORITY_AUTO)
		lm_ctx_auto(lm);
	if (READ_ONCE(cs->join)) {
		WRITE_ONCE(cs->join, false);
		cs->last_request = now - LM_CTX_REQUEST_GAP - 1;
		lm_ctx_request(lm);
	}

	spin_lock_bh(lock);
	for (id = 0; id < LOWPAN_IPHC_CTX_TABLE_SIZE; id++) {
		if (!cs->meta[id].used)
			continue;
		phase = lm_ctx_phase_of(lm, id, now);
		if (phase == LM_CTX_EXPIRED) {
			lm_ctx_clear(lm, id);
			lm_ctx_changed(lm);
			changed = true;
			continue;
		}
		lm_ctx_apply(lm, id, phase);
	}
	flood = lm_ctx_is_authority(lm) &&
		(cs->dirty || !time_before(now, cs->next_flood));
	if (flood) {
		cs->dirty = false;
		cs->next_flood = now + LM_CTX_REFRESH;
	}
	spin_unlock_bh(lock);

	if (changed)
		lm_netlink_notify_event(lm, LOWPAN_MESH_EVENT_CTX);
	if (flood)
		lm_ctx_flood(lm);
	if (!READ_ONCE(cs->dead))
		mod_timer(&cs->timer, jiffies + HZ);
}

/**
 * lm_ctx_init() - prepare the context machinery of a new interface
 * @lm: the mesh interface
 */
void lm_ctx_init(struct lm_dev *lm)
{
	timer_setup(&lm->ctx.timer, lm_ctx_timer, 0);
}

/**
 * lm_ctx_start() - start its tick, once the interface is registered
 * @lm: the mesh interface
 */
void lm_ctx_start(struct lm_dev *lm)
{
	mod_timer(&lm->ctx.timer, jiffies + HZ);
}

/**
 * lm_ctx_stop() - stop it for good
 * @lm: the mesh interface
 */
void lm_ctx_stop(struct lm_dev *lm)
{
	WRITE_ONCE(lm->ctx.dead, true);
	del_timer_sync(&lm->ctx.timer);
}
