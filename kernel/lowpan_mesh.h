/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lowpan_mesh.h - private definitions shared by the module's files
 */
#ifndef _LOWPAN_MESH_H
#define _LOWPAN_MESH_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/6lowpan.h>
#include <net/ieee802154_netdev.h>

#include "uapi/linux/lowpan_mesh.h"
#include "proto/lm_proto.h"
#include "proto/lm_nd.h"
#include "route.h"
#include "routing.h"

#define LM_DRV_NAME	"lowpan_mesh"

/* Most bytes of 6LoWPAN headers in front of the IPHC header or data */
#define LM_MAX_PREFIX	(LM_MESH_MAX_LEN + LM_BC0_LEN + LM_FRAGN_LEN)

/* Tunables, one place. Module parameters, see main.c. */
extern unsigned int lm_reasm_timeout_ms;	/* ms, RFC 4944: 60 s */
extern unsigned int lm_reasm_max_entries;	/* datagrams per interface */
extern unsigned int lm_reasm_max_bytes;		/* bytes per interface */
extern unsigned int lm_ctx_hold_ms;	/* ms before a shared context compresses */

/**
 * struct lm_reasm_table - the datagrams being reassembled on one interface
 * @lock: protects everything below
 * @list: &struct lm_reasm entries, oldest first
 * @count: number of entries
 * @bytes: sum of the datagram sizes of the entries
 * @timer: expires old entries
 * @dead: set when the interface goes away; no new entries after that
 */
struct lm_reasm_table {
	spinlock_t lock;
	struct list_head list;
	unsigned int count;
	unsigned int bytes;
	struct timer_list timer;
	bool dead;
};

/**
 * struct lm_ctx_meta - what we keep next to an IPHC context
 * @used: the slot holds a context
 * @origin: &enum lowpan_mesh_ctx_origin
 * @compress: the context may compress (once @usable)
 * @lifetime: the lifetime it was given, seconds (0: it never expires)
 * @expires: jiffies when it expires; read only when @lifetime is not 0
 * @usable: jiffies from when it may compress
 */
struct lm_ctx_meta {
	bool used;
	u8 origin;
	bool compress;
	u32 lifetime;
	unsigned long expires;
	unsigned long usable;
};

/**
 * struct lm_ctx_state - contexts of an interface (the table itself is the
 *	6LoWPAN device's; its lock protects this too)
 * @meta: per context identifier
 * @version: version of the table (the authority's, when learned)
 * @authority: &enum lowpan_mesh_ctx_authority
 * @dirty: authority: flood the table at the next tick
 * @dead: the interface is going away
 * @join: ask for the mesh's table at the next tick
 * @next_flood: authority: jiffies of the next periodic flood
 * @last_request: jiffies of the last request for the table
 * @last_answer: authority: jiffies of the last flood
 * @timer: 1 s tick: expiry, compression hold, floods
 */
struct lm_ctx_state {
	struct lm_ctx_meta meta[LOWPAN_IPHC_CTX_TABLE_SIZE];
	u32 version;
	u8 authority;
	bool dirty;
	bool dead;
	bool join;
	unsigned long next_flood;
	unsigned long last_request;
	unsigned long last_answer;
	struct timer_list timer;
};

#define LM_ND_SHORT_MAX	64	/* extended -> short entries per interface */
#define LM_ND_SHORT_AGE	(10 * 60 * HZ)	/* jiffies an entry is trusted */

/**
 * struct lm_nd_short - the short address neighbour discovery announced for
 *	an extended address
 * @ext: the extended address (as &struct lm_addr.v)
 * @short_addr: its short address (host order)
 * @when: jiffies of the last announcement
 * @used: the slot holds an entry
 */
struct lm_nd_short {
	u64 ext;
	u16 short_addr;
	unsigned long when;
	bool used;
};

/**
 * struct lm_nd_table - short addresses learned from received ND messages
 *	(see lm_nd_short_learn())
 * @lock: protects @e
 * @e: the entries, a bounded table; the oldest is reused when full
 */
struct lm_nd_table {
	spinlock_t lock;
	struct lm_nd_short e[LM_ND_SHORT_MAX];
};

/**
 * struct lm_dev - private area of a mesh interface
 * @l802154: what net/6lowpan expects first in the private area of an
 *	IEEE 802.15.4 6LoWPAN device (the wpan device pointer); must be first
 * @ldev: the mesh interface itself
 * @wdev: the wpan device under it (a reference is held)
 * @pt: our packet handler, bound to @wdev
 * @tag: next datagram tag for fragmentation
 * @reasm: reassembly state
 * @tables: neighbours, routes, duplicate cache and mesh settings
 * @nd: short addresses learned from ND
 * @ctx: IPHC context state
 * @routing: dynamic mesh routing (routing.c)
 * @sec_on: link-layer security is on for @wdev: frames without a MIC
 *	are refused (llsec.c; read in the receive path)
 * @sec_work: reads @sec_on from mac802154 once a second
 * @stats: counters, indexed by &enum lowpan_mesh_stat
 */
struct lm_dev {
	struct lowpan_802154_dev l802154;
	struct net_device *ldev;
	struct net_device *wdev;
	struct packet_type pt;
	atomic_t tag;
	struct lm_reasm_table reasm;
	struct lm_tables tables;
	struct lm_nd_table nd;
	struct lm_ctx_state ctx;
	struct lm_routing routing;
	bool sec_on;
	struct delayed_work sec_work;
	atomic64_t stats[__LOWPAN_MESH_STAT_MAX];
};

static inline struct lm_dev *lm_priv(const struct net_device *ldev)
{
	return (struct lm_dev *)lowpan_dev(ldev)->priv;
}

static inline void lm_stat_add(struct lm_dev *lm, enum lowpan_mesh_stat s,
			       u64 n)
{
	atomic64_add(n, &lm->stats[s]);
}

static inline void lm_stat_inc(struct lm_dev *lm, enum lowpan_mesh_stat s)
{
	atomic64_inc(&lm->stats[s]);
}

extern const char *const lm_stat_names[__LOWPAN_MESH_STAT_MAX];

/* netdev.c */
bool lm_is_mesh_dev(const struct net_device *dev);
struct net_device *lm_dev_create(struct net *net, struct net_device *wdev,
				 const char *name,
				 struct netlink_ext_ack *extack);
void lm_dev_destroy(struct net_device *ldev);
struct net_device *lm_dev_find_by_wpan(struct net_device *wdev);
int lm_netdev_init(void);
void lm_netdev_exit(void);

/* llsec.c */
bool lm_sec_refresh(struct lm_dev *lm);
void lm_sec_start(struct lm_dev *lm);
void lm_sec_stop(struct lm_dev *lm);
bool lm_rx_secured(struct sk_buff *skb);

/* rx.c */
int lm_rcv(struct sk_buff *skb, struct net_device *wdev,
	   struct packet_type *pt, struct net_device *orig_wdev);
int lm_rx_drop(struct lm_dev *lm, struct sk_buff *skb,
	       enum lowpan_mesh_stat why);
int lm_rx_decompress(struct lm_dev *lm, struct sk_buff *skb,
		     struct ieee802154_addr *src, struct ieee802154_addr *dst);
int lm_rx_deliver(struct lm_dev *lm, struct sk_buff *skb);
int lm_rx_payload(struct lm_dev *lm, struct sk_buff *skb,
		  const struct lm_lowpan_hdrs *h,
		  struct ieee802154_addr *src, struct ieee802154_addr *dst);

/**
 * struct lm_addr_info - link-layer addresses of a packet being sent
 * @magic: %LM_INFO_MAGIC when our header_ops->create wrote it
 * @daddr: 802.15.4 destination
 * @saddr: 802.15.4 source
 */
struct lm_addr_info {
	u32 magic;
	struct ieee802154_addr daddr;
	struct ieee802154_addr saddr;
};

/* tx.c */
extern const struct header_ops lm_header_ops;
netdev_tx_t lm_xmit(struct sk_buff *skb, struct net_device *ldev);
int lm_tx_mac_header(struct lm_dev *lm, struct sk_buff *skb,
		     const struct lm_addr_info *info);

/* route.c: short addresses from ND (parsed by proto/lm_nd.c) */
void lm_nd_short_learn(struct lm_dev *lm, const struct lm_nd_lladdr *ll);
bool lm_nd_short_lookup(struct lm_dev *lm, u64 ext, __le16 *short_addr);

/* forward.c */
int lm_mesh_rcv(struct lm_dev *lm, struct sk_buff *skb,
		const struct lm_lowpan_hdrs *h,
		const struct ieee802154_hdr *mhdr);

/* frag.c */
struct lm_lowpan_hdrs;
void lm_reasm_init(struct lm_dev *lm);
void lm_reasm_flush(struct lm_dev *lm);
void lm_reasm_rcv(struct lm_dev *lm, struct sk_buff *skb,
		  const struct lm_lowpan_hdrs *h,
		  struct ieee802154_addr *src, struct ieee802154_addr *dst);

/* ctx.c */
struct lm_ctx_entry;
void lm_ctx_init(struct lm_dev *lm);
void lm_ctx_start(struct lm_dev *lm);
void lm_ctx_stop(struct lm_dev *lm);
void lm_ctx_join(struct lm_dev *lm);
void lm_ctx_set(struct lm_dev *lm, const struct lm_ctx_entry *e, u8 origin);
int lm_ctx_del(struct lm_dev *lm, u8 id);
unsigned int lm_ctx_snapshot(struct lm_dev *lm, struct lm_ctx_entry *out,
			     u8 *origin, u8 *phase, u32 *version);
void lm_ctx_set_authority(struct lm_dev *lm, u8 mode);
int lm_ctrl_rcv(struct lm_dev *lm, struct sk_buff *skb,
		const struct lm_lowpan_hdrs *h);
bool lm_ctx_check(struct lm_dev *lm, const u8 *data, unsigned int len);
void lm_ctx_from_ra(struct lm_dev *lm, struct sk_buff *skb);

/* netlink.c */
int lm_netlink_init(void);
void lm_netlink_exit(void);
void lm_netlink_notify_dev(struct net_device *ldev, u8 cmd);
void lm_netlink_notify_event(struct lm_dev *lm, u8 event);
void lm_netlink_notify_neigh(struct lm_dev *lm, const struct lm_addr *a,
			     u8 state);

#endif /* _LOWPAN_MESH_H */
