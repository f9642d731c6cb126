// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the "lowpan_mesh" generic netlink family
 *
 * Changes need CAP_NET_ADMIN in the caller's user namespace; reads are
 * open. Everything works on the caller's network namespace.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "lowpan_mesh.h"
#include "proto/lm_ctrl.h"

static struct netlink_range_validation lm_nl_hello_range = {
	.min = 100, .max = 65535,
};

static struct netlink_range_validation lm_nl_imin_range = {
	.min = 100, .max = 60000,
};

static struct netlink_range_validation lm_nl_imax_range = {
	.min = 100, .max = 600000,
};

static const struct nla_policy lm_nl_policy[LOWPAN_MESH_A_MAX + 1] = {
	[LOWPAN_MESH_A_IFINDEX]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_IFNAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[LOWPAN_MESH_A_WPAN_IFINDEX]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_WPAN_IFNAME]	= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[LOWPAN_MESH_A_EXT_ADDR]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_SHORT_ADDR]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_PAN_ID]		= { .type = NLA_U16 },
	[LOWPAN_MESH_A_STATS]		= { .type = NLA_NESTED },
	[LOWPAN_MESH_A_STAT]		= { .type = NLA_NESTED },
	[LOWPAN_MESH_A_MTU]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_OPER_UP]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_HOPS_LEFT]	= NLA_POLICY_RANGE(NLA_U8, 1, 255),
	[LOWPAN_MESH_A_DST_SHORT]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_DST_EXT]		= { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEXTHOP_SHORT]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_NEXTHOP_EXT]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_METRIC]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_FLOOD]		= NLA_POLICY_MAX(NLA_U8, 1),
	[LOWPAN_MESH_A_CTX_ID]		= NLA_POLICY_MAX(NLA_U8, 15),
	[LOWPAN_MESH_A_CTX_PREFIX]	= NLA_POLICY_EXACT_LEN(16),
	[LOWPAN_MESH_A_CTX_PREFIX_LEN]	= NLA_POLICY_RANGE(NLA_U8, 1, 128),
	[LOWPAN_MESH_A_CTX_COMPRESS]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LOWPAN_MESH_A_CTX_LIFETIME]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_CTX_AUTHORITY]	= NLA_POLICY_MAX(NLA_U8, 2),
	[LOWPAN_MESH_A_ROUTE_EXCL]	= { .type = NLA_FLAG },
	[LOWPAN_MESH_A_ROUTING]		= NLA_POLICY_MAX(NLA_U8, 1),
	[LOWPAN_MESH_A_HELLO_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&lm_nl_hello_range),
	[LOWPAN_MESH_A_HELLO_MISS]	= NLA_POLICY_RANGE(NLA_U8, 2, 20),
	[LOWPAN_MESH_A_ADV_IMIN_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&lm_nl_imin_range),
	[LOWPAN_MESH_A_ADV_IMAX_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&lm_nl_imax_range),
	[LOWPAN_MESH_A_SECURITY]	= { .type = NLA_REJECT },
};

static struct genl_family lm_genl_family;
static bool lm_nl_up;	/* the family is registered: events may go out */

enum lm_nl_mcgrp {
	LM_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group lm_nl_mcgrps[] = {
	[LM_NL_MCGRP_EVENTS] = { .name = LOWPAN_MESH_MCGRP_EVENTS },
};

/*
 * The mesh interface named by IFINDEX or IFNAME, with a reference held.
 * Returns an ERR_PTR with the extack set on failure.
 */
static struct net_device *lm_nl_get_dev(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;

	if (info->attrs[LOWPAN_MESH_A_IFINDEX])
		dev = dev_get_by_index(net,
				       nla_get_u32(info->attrs[LOWPAN_MESH_A_IFINDEX]));
	else if (info->attrs[LOWPAN_MESH_A_IFNAME])
		dev = dev_get_by_name(net,
				      nla_data(info->attrs[LOWPAN_MESH_A_IFNAME]));
	else {
		GENL_SET_ERR_MSG(info, "mesh interface index or name required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		GENL_SET_ERR_MSG(info, "no such interface");
		return ERR_PTR(-ENODEV);
	}
	if (!lm_is_mesh_dev(dev)) {
		dev_put(dev);
		GENL_SET_ERR_MSG(info, "not a lowpan_mesh interface");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static int lm_nl_fill_dev(struct sk_buff *msg, struct net_device *ldev,
			  u32 portid, u32 seq, int flags, u8 cmd)
{
	struct lm_dev *lm = lm_priv(ldev);
	struct wpan_dev *wpan = lm->wdev->ieee802154_ptr;
	struct lm_routing_settings rs;
	void *hdr;

	lm_routing_get(lm, &rs);
	hdr = genlmsg_put(msg, portid, seq, &lm_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, ldev->name) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_WPAN_IFINDEX, lm->wdev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_WPAN_IFNAME, lm->wdev->name) ||
	    nla_put_u64_64bit(msg, LOWPAN_MESH_A_EXT_ADDR,
			      le64_to_cpu(wpan->extended_addr),
			      LOWPAN_MESH_A_PAD) ||
	    nla_put_u16(msg, LOWPAN_MESH_A_SHORT_ADDR,
			le16_to_cpu(wpan->short_addr)) ||
	    nla_put_u16(msg, LOWPAN_MESH_A_PAN_ID,
			le16_to_cpu(wpan->pan_id)) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_MTU, ldev->mtu) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_OPER_UP, netif_oper_up(ldev)) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_HOPS_LEFT,
		       READ_ONCE(lm->tables.hops_left)) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_FLOOD, READ_ONCE(lm->tables.flood)) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_AUTHORITY,
		       READ_ONCE(lm->ctx.authority)) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION,
			READ_ONCE(lm->ctx.version)) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_ROUTING, rs.enabled) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_HELLO_MS, rs.hello_ms) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_HELLO_MISS, rs.hello_miss) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_ADV_IMIN_MS, rs.imin_ms) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_ADV_IMAX_MS, rs.imax_ms) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_SECURITY, READ_ONCE(lm->sec_on)))
		goto nla_put_failure;

	genlmsg_end(msg, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int lm_nl_fill_stats(struct sk_buff *msg, struct net_device *ldev,
			    u32 portid, u32 seq, int flags)
{
	struct lm_dev *lm = lm_priv(ldev);
	struct nlattr *stats, *st;
	void *hdr;
	int i;

	hdr = genlmsg_put(msg, portid, seq, &lm_genl_family, flags,
			  LOWPAN_MESH_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, ldev->name))
		goto nla_put_failure;

	stats = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	if (!stats)
		goto nla_put_failure;
	for (i = 0; i < __LOWPAN_MESH_STAT_MAX; i++) {
		st = nla_nest_start(msg, LOWPAN_MESH_A_STAT);
		if (!st ||
		    nla_put_u32(msg, LOWPAN_MESH_STAT_A_ID, i) ||
		    nla_put_string(msg, LOWPAN_MESH_STAT_A_NAME,
				   lm_stat_names[i]) ||
		    nla_put_u64_64bit(msg, LOWPAN_MESH_STAT_A_VALUE,
				      atomic64_read(&lm->stats[i]),
				      LOWPAN_MESH_STAT_A_PAD))
			goto nla_put_failure;
		nla_nest_end(msg, st);
	}
	nla_nest_end(msg, stats);

	genlmsg_end(msg, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/**
 * lm_netlink_notify_dev() - tell the events group about an interface
 * @ldev: the mesh interface
 * @cmd: %LOWPAN_MESH_CMD_DEV_ADD or %LOWPAN_MESH_CMD_DEV_DEL
 */
void lm_netlink_notify_dev(struct net_device *ldev, u8 cmd)
{
	struct sk_buff *msg;

	if (!READ_ONCE(lm_nl_up))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (lm_nl_fill_dev(msg, ldev, 0, 0, 0, cmd)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&lm_genl_family, dev_net(ldev), msg, 0,
				LM_NL_MCGRP_EVENTS, GFP_KERNEL);
}

static int lm_nl_dev_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *wdev, *ldev;
	const char *name = NULL;
	struct sk_buff *msg;
	int err;

	if (!info->attrs[LOWPAN_MESH_A_WPAN_IFINDEX]) {
		GENL_SET_ERR_MSG(info, "wpan device required");
		return -EINVAL;
	}
	if (info->attrs[LOWPAN_MESH_A_IFNAME])
		name = nla_data(info->attrs[LOWPAN_MESH_A_IFNAME]);

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	wdev = __dev_get_by_index(net,
				  nla_get_u32(info->attrs[LOWPAN_MESH_A_WPAN_IFINDEX]));
	if (!wdev) {
		GENL_SET_ERR_MSG(info, "no such wpan device");
		err = -ENODEV;
		goto out_unlock;
	}
	ldev = lm_dev_create(net, wdev, name, info->extack);
	if (IS_ERR(ldev)) {
		err = PTR_ERR(ldev);
		goto out_unlock;
	}
	err = lm_nl_fill_dev(msg, ldev, info->snd_portid, info->snd_seq, 0,
			     LOWPAN_MESH_CMD_DEV_ADD);
	lm_netlink_notify_dev(ldev, LOWPAN_MESH_CMD_DEV_ADD);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);

out_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

static int lm_nl_dev_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;

	rtnl_lock();
	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev)) {
		rtnl_unlock();
		return PTR_ERR(ldev);
	}
	dev_put(ldev);
	lm_dev_destroy(ldev);
	rtnl_unlock();
	return 0;
}

static int lm_nl_dev_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;
	struct sk_buff *msg;
	int err;

	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);

	/* iotctl asks right after it switched security on the wpan device */
	lm_sec_refresh(lm_priv(ldev));
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(ldev);
		return -ENOMEM;
	}
	err = lm_nl_fill_dev(msg, ldev, info->snd_portid, info->snd_seq, 0,
			     LOWPAN_MESH_CMD_DEV_GET);
	dev_put(ldev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int lm_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;
	struct sk_buff *msg;
	int err;

	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(ldev);
		return -ENOMEM;
	}
	err = lm_nl_fill_stats(msg, ldev, info->snd_portid, info->snd_seq, 0);
	dev_put(ldev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * The generation a dump of the mesh interfaces of @net sees, for
 * nl_dump_check_consistent(): that of the namespace's device list and, with
 * @tables, the sum of the generations of every interface's neighbour and
 * route tables (each only grows). Never 0, which turns the check off.
 * Called under rcu_read_lock().
 */
static unsigned int lm_nl_dump_gen(struct net *net, bool tables)
{
	unsigned int gen = READ_ONCE(net->dev_base_seq);
	struct net_device *dev;

	if (tables)
		for_each_netdev_rcu(net, dev)
			if (lm_is_mesh_dev(dev))
				gen += lm_tables_gen(lm_priv(dev));
	return gen ?: 1;
}

/*
 * Dumps walk the namespace's devices; cb->args[0] is where to go on. A dump
 * whose device list changed between its messages is flagged
 * NLM_F_DUMP_INTR.
 */
static int lm_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      bool stats)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int idx = 0, skip = cb->args[0], err;
	struct nlmsghdr *nlh;

	rcu_read_lock();
	cb->seq = lm_nl_dump_gen(net, false);
	for_each_netdev_rcu(net, dev) {
		if (!lm_is_mesh_dev(dev))
			continue;
		if (idx++ < skip)
			continue;
		nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
		if (stats)
			err = lm_nl_fill_stats(skb, dev,
					       NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI);
		else
			err = lm_nl_fill_dev(skb, dev,
					     NETLINK_CB(cb->skb).portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI,
					     LOWPAN_MESH_CMD_DEV_GET);
		if (err) {
			idx--;
			break;
		}
		nl_dump_check_consistent(cb, nlh);
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	return skb->len;
}

static int lm_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return lm_nl_dump(skb, cb, false);
}

static int lm_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return lm_nl_dump(skb, cb, true);
}

static int lm_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct lm_routing_settings rs;
	struct net_device *ldev;
	struct lm_dev *lm;
	bool rt;

	rt = a[LOWPAN_MESH_A_ROUTING] || a[LOWPAN_MESH_A_HELLO_MS] ||
	     a[LOWPAN_MESH_A_HELLO_MISS] || a[LOWPAN_MESH_A_ADV_IMIN_MS] ||
	     a[LOWPAN_MESH_A_ADV_IMAX_MS];
	if (!a[LOWPAN_MESH_A_HOPS_LEFT] && !a[LOWPAN_MESH_A_FLOOD] && !rt) {
		GENL_SET_ERR_MSG(info, "nothing to set");
		return -EINVAL;
	}
	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	lm = lm_priv(ldev);
	if (rt) {
		lm_routing_get(lm, &rs);
		if (a[LOWPAN_MESH_A_ROUTING])
			rs.enabled = nla_get_u8(a[LOWPAN_MESH_A_ROUTING]);
		if (a[LOWPAN_MESH_A_HELLO_MS])
			rs.hello_ms = nla_get_u32(a[LOWPAN_MESH_A_HELLO_MS]);
		if (a[LOWPAN_MESH_A_HELLO_MISS])
			rs.hello_miss = nla_get_u8(a[LOWPAN_MESH_A_HELLO_MISS]);
		if (a[LOWPAN_MESH_A_ADV_IMIN_MS])
			rs.imin_ms = nla_get_u32(a[LOWPAN_MESH_A_ADV_IMIN_MS]);
		if (a[LOWPAN_MESH_A_ADV_IMAX_MS])
			rs.imax_ms = nla_get_u32(a[LOWPAN_MESH_A_ADV_IMAX_MS]);
		if (lm_routing_set(lm, &rs)) {
			GENL_SET_ERR_MSG(info, "adv_imax is below adv_imin");
			dev_put(ldev);
			return -EINVAL;
		}
	}
	if (a[LOWPAN_MESH_A_HOPS_LEFT])
		WRITE_ONCE(lm->tables.hops_left,
			   nla_get_u8(a[LOWPAN_MESH_A_HOPS_LEFT]));
	if (a[LOWPAN_MESH_A_FLOOD])
		WRITE_ONCE(lm->tables.flood,
			   !!nla_get_u8(a[LOWPAN_MESH_A_FLOOD]));
	dev_put(ldev);
	return 0;
}

/*
 * An address given as a short or an extended attribute (not both).
 * Returns 0, or -EINVAL with the extack set.
 */
static int lm_nl_addr(struct genl_info *info, int short_attr, int ext_attr,
		      struct lm_addr *out, bool unicast)
{
	struct nlattr *s = info->attrs[short_attr];
	struct nlattr *e = info->attrs[ext_attr];

	if (s && e) {
		NL_SET_ERR_MSG_ATTR(info->extack, e,
				    "give a short or an extended address, not both");
		return -EINVAL;
	}
	if (s) {
		out->len = 2;
		out->v = nla_get_u16(s);
		if (unicast && out->v >= 0xfffe) {
			NL_SET_ERR_MSG_ATTR(info->extack, s,
					    "0xfffe and 0xffff are not node addresses");
			return -EINVAL;
		}
		if (unicast && (out->v & LM_SHORT_MCAST_MASK) == LM_SHORT_MCAST) {
			NL_SET_ERR_MSG_ATTR(info->extack, s,
					    "0x8000-0x9fff are multicast addresses (RFC 4944)");
			return -EINVAL;
		}
		return 0;
	}
	if (e) {
		out->len = 8;
		out->v = nla_get_u64(e);
		return 0;
	}
	if (short_attr == LOWPAN_MESH_A_DST_SHORT)
		GENL_SET_ERR_MSG(info, "destination address required");
	else
		GENL_SET_ERR_MSG(info, "next hop address required");
	return -EINVAL;
}

static int lm_nl_route_add(struct sk_buff *skb, struct genl_info *info)
{
	struct lm_route_info r = {
		.metric = 1, .origin = LOWPAN_MESH_ROUTE_STATIC,
	};
	struct net_device *ldev;
	int err;

	err = lm_nl_addr(info, LOWPAN_MESH_A_DST_SHORT, LOWPAN_MESH_A_DST_EXT,
			 &r.dst, true);
	if (err)
		return err;
	err = lm_nl_addr(info, LOWPAN_MESH_A_NEXTHOP_SHORT,
			 LOWPAN_MESH_A_NEXTHOP_EXT, &r.nexthop, true);
	if (err)
		return err;
	if (info->attrs[LOWPAN_MESH_A_METRIC])
		r.metric = nla_get_u32(info->attrs[LOWPAN_MESH_A_METRIC]);

	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	if (lm_addr_is_self(lm_priv(ldev), &r.dst) ||
	    lm_addr_is_self(lm_priv(ldev), &r.nexthop)) {
		GENL_SET_ERR_MSG(info, "a route cannot lead to or via this node");
		err = -EINVAL;
	} else {
		err = lm_route_add(lm_priv(ldev), &r,
				   nla_get_flag(info->attrs[LOWPAN_MESH_A_ROUTE_EXCL]));
		if (err == -EEXIST)
			GENL_SET_ERR_MSG(info, "a route to this destination exists");
		else if (err == -ENOSPC)
			GENL_SET_ERR_MSG(info, "route table full");
		else if (err == -ENODEV)
			GENL_SET_ERR_MSG(info, "the interface is being deleted");
	}
	dev_put(ldev);
	return err;
}

static int lm_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;
	struct lm_addr dst;
	int err;

	err = lm_nl_addr(info, LOWPAN_MESH_A_DST_SHORT, LOWPAN_MESH_A_DST_EXT,
			 &dst, false);
	if (err)
		return err;
	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	err = lm_route_del(lm_priv(ldev), &dst);
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "no route to this destination");
	dev_put(ldev);
	return err;
}

static int lm_nl_put_addr(struct sk_buff *msg, int short_attr, int ext_attr,
			  int pad, const struct lm_addr *a)
{
	if (a->len == 2)
		return nla_put_u16(msg, short_attr, (u16)a->v);
	return nla_put_u64_64bit(msg, ext_attr, a->v, pad);
}

static int lm_nl_fill_route(struct sk_buff *msg, struct net_device *ldev,
			    const void *row, u32 portid, u32 seq)
{
	const struct lm_route_info *r = row;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &lm_genl_family, NLM_F_MULTI,
			  LOWPAN_MESH_CMD_ROUTE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, ldev->name) ||
	    lm_nl_put_addr(msg, LOWPAN_MESH_A_DST_SHORT, LOWPAN_MESH_A_DST_EXT,
			   LOWPAN_MESH_A_PAD, &r->dst) ||
	    lm_nl_put_addr(msg, LOWPAN_MESH_A_NEXTHOP_SHORT,
			   LOWPAN_MESH_A_NEXTHOP_EXT, LOWPAN_MESH_A_PAD,
			   &r->nexthop) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_METRIC, r->metric) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_ROUTE_ORIGIN, r->origin)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int lm_nl_fill_neigh(struct sk_buff *msg, struct net_device *ldev,
			    const void *row, u32 portid, u32 seq)
{
	const struct lm_neigh_info *n = row;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &lm_genl_family, NLM_F_MULTI,
			  LOWPAN_MESH_CMD_NEIGH_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, ldev->name) ||
	    lm_nl_put_addr(msg, LOWPAN_MESH_A_NEIGH_SHORT,
			   LOWPAN_MESH_A_NEIGH_EXT, LOWPAN_MESH_A_PAD,
			   &n->addr) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_LQI, n->lqi) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_LAST_SEEN_MS,
			n->last_seen ?
			jiffies_to_msecs(jiffies - n->last_seen) : U32_MAX) ||
	    nla_put_u64_64bit(msg, LOWPAN_MESH_A_NEIGH_RX_FRAMES, n->rx_frames,
			      LOWPAN_MESH_A_PAD) ||
	    nla_put_u64_64bit(msg, LOWPAN_MESH_A_NEIGH_TX_PACKETS,
			      n->tx_packets, LOWPAN_MESH_A_PAD) ||
	    nla_put_u64_64bit(msg, LOWPAN_MESH_A_NEIGH_TX_HDR_IN, n->hdr_in,
			      LOWPAN_MESH_A_PAD) ||
	    nla_put_u64_64bit(msg, LOWPAN_MESH_A_NEIGH_TX_HDR_OUT, n->hdr_out,
			      LOWPAN_MESH_A_PAD) ||
	    (n->rt_valid &&
	     nla_put_u8(msg, LOWPAN_MESH_A_NEIGH_STATE, n->rt_state)) ||
	    (n->rt_heard &&
	     (nla_put_u32(msg, LOWPAN_MESH_A_LINK_COST, n->cost) ||
	      nla_put_u32(msg, LOWPAN_MESH_A_LINK_COST_IN, n->cost_in) ||
	      nla_put_u32(msg, LOWPAN_MESH_A_LINK_COST_OUT, n->cost_out) ||
	      nla_put_u8(msg, LOWPAN_MESH_A_HELLO_LOSS, n->hello_loss)))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/*
 * A per-interface table the dumps walk: @snapshot copies up to @max rows
 * of @esz bytes into a buffer, @fill puts one row in a message.
 */
struct lm_nl_table {
	size_t esz;
	unsigned int max;
	unsigned int (*snapshot)(struct lm_dev *lm, void *tab, unsigned int max);
	int (*fill)(struct sk_buff *msg, struct net_device *ldev,
		    const void *row, u32 portid, u32 seq);
};

/*
 * Dump a per-interface table. cb->args[0]: mesh interfaces done,
 * cb->args[1]: rows of the current one done. An IFINDEX attribute in the
 * request limits the dump to that interface. Each call copies the tables
 * afresh: a dump during which an interface, a route or a neighbour came or
 * went is flagged NLM_F_DUMP_INTR (rows may be missing or repeated).
 */
static int lm_nl_table_dump(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct lm_nl_table *t)
{
	const struct nlattr *fa = nlmsg_find_attr(cb->nlh, GENL_HDRLEN,
						  LOWPAN_MESH_A_IFINDEX);
	u32 filter = fa && nla_len(fa) >= sizeof(u32) ? nla_get_u32(fa) : 0;
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;
	struct net *net = sock_net(skb->sk);
	long devs = 0, ent = cb->args[1];
	struct net_device *dev;
	struct nlmsghdr *nlh;
	unsigned int n, i;
	char *tab;

	tab = kmalloc_array(t->max, t->esz, GFP_KERNEL);
	if (!tab)
		return -ENOMEM;

	rcu_read_lock();
	cb->seq = lm_nl_dump_gen(net, true);
	for_each_netdev_rcu(net, dev) {
		if (!lm_is_mesh_dev(dev) || (filter && dev->ifindex != filter))
			continue;
		if (devs++ < cb->args[0])
			continue;
		n = t->snapshot(lm_priv(dev), tab, t->max);
		for (i = ent; i < n; i++) {
			nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
			if (t->fill(skb, dev, tab + i * t->esz, portid, seq)) {
				cb->args[0] = devs - 1;
				cb->args[1] = i;
				goto out;
			}
			nl_dump_check_consistent(cb, nlh);
		}
		ent = 0;
	}
	cb->args[0] = devs;
	cb->args[1] = 0;
out:
	rcu_read_unlock();
	kfree(tab);
	return skb->len;
}

static unsigned int lm_nl_route_rows(struct lm_dev *lm, void *tab,
				     unsigned int max)
{
	unsigned int n = lm_route_snapshot(lm, tab, max);

	return lm_routing_routes(lm, tab, n, max);
}

static unsigned int lm_nl_neigh_rows(struct lm_dev *lm, void *tab,
				     unsigned int max)
{
	unsigned int n = lm_neigh_snapshot(lm, tab, max);

	lm_routing_neigh_info(lm, tab, n);
	return n;
}

static const struct lm_nl_table lm_nl_routes = {
	.esz = sizeof(struct lm_route_info),
	.max = LM_MAX_ROUTES + LM_ROUTING_MAX_DST,
	.snapshot = lm_nl_route_rows,
	.fill = lm_nl_fill_route,
};

static const struct lm_nl_table lm_nl_neighs = {
	.esz = sizeof(struct lm_neigh_info),
	.max = LM_MAX_NEIGHS,
	.snapshot = lm_nl_neigh_rows,
	.fill = lm_nl_fill_neigh,
};

static int lm_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return lm_nl_table_dump(skb, cb, &lm_nl_routes);
}

static int lm_nl_neigh_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return lm_nl_table_dump(skb, cb, &lm_nl_neighs);
}

/**
 * lm_netlink_notify_event() - tell the events group a table changed
 * @lm: the mesh interface
 * @event: &enum lowpan_mesh_event
 *
 * Callable in atomic context.
 */
void lm_netlink_notify_event(struct lm_dev *lm, u8 event)
{
	struct sk_buff *msg;
	void *hdr;

	if (!READ_ONCE(lm_nl_up))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lm_genl_family, 0,
			  LOWPAN_MESH_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, lm->ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, lm->ldev->name) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_EVENT, event)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&lm_genl_family, dev_net(lm->ldev), msg, 0,
				LM_NL_MCGRP_EVENTS, GFP_ATOMIC);
}

/**
 * lm_netlink_notify_neigh() - tell the events group a neighbour's routing
 *	state changed (it came up, or went away)
 * @lm: the mesh interface
 * @a: the neighbour
 * @state: &enum lowpan_mesh_neigh_state
 *
 * Callable in atomic context.
 */
void lm_netlink_notify_neigh(struct lm_dev *lm, const struct lm_addr *a,
			     u8 state)
{
	struct sk_buff *msg;
	void *hdr;

	if (!READ_ONCE(lm_nl_up))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lm_genl_family, 0,
			  LOWPAN_MESH_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, lm->ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, lm->ldev->name) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_EVENT, LOWPAN_MESH_EVENT_NEIGH) ||
	    lm_nl_put_addr(msg, LOWPAN_MESH_A_NEIGH_SHORT,
			   LOWPAN_MESH_A_NEIGH_EXT, LOWPAN_MESH_A_PAD, a) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_NEIGH_STATE, state)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&lm_genl_family, dev_net(lm->ldev), msg, 0,
				LM_NL_MCGRP_EVENTS, GFP_ATOMIC);
}

static int lm_nl_ctx_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct lm_ctx_entry e = { .compress = true };
	struct net_device *ldev;
	int i;

	if (!a[LOWPAN_MESH_A_CTX_ID] || !a[LOWPAN_MESH_A_CTX_PREFIX] ||
	    !a[LOWPAN_MESH_A_CTX_PREFIX_LEN]) {
		GENL_SET_ERR_MSG(info, "context id, prefix and prefix length required");
		return -EINVAL;
	}
	e.id = nla_get_u8(a[LOWPAN_MESH_A_CTX_ID]);
	e.plen = nla_get_u8(a[LOWPAN_MESH_A_CTX_PREFIX_LEN]);
	nla_memcpy(e.prefix, a[LOWPAN_MESH_A_CTX_PREFIX], sizeof(e.prefix));
	for (i = e.plen; i < 128; i++) {
		if (e.prefix[i / 8] & (0x80 >> (i % 8))) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    a[LOWPAN_MESH_A_CTX_PREFIX],
					    "prefix has bits set past its length");
			return -EINVAL;
		}
	}
	if (a[LOWPAN_MESH_A_CTX_COMPRESS])
		e.compress = nla_get_u8(a[LOWPAN_MESH_A_CTX_COMPRESS]);
	if (a[LOWPAN_MESH_A_CTX_LIFETIME])
		e.lifetime = nla_get_u32(a[LOWPAN_MESH_A_CTX_LIFETIME]);
	if (e.lifetime > 0xfffffff) {
		GENL_SET_ERR_MSG(info, "lifetime too long (at most 268435455 s)");
		return -ERANGE;
	}

	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	lm_ctx_set(lm_priv(ldev), &e, LOWPAN_MESH_CTX_CONFIGURED);
	dev_put(ldev);
	return 0;
}

static int lm_nl_ctx_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;
	int err;

	if (!info->attrs[LOWPAN_MESH_A_CTX_ID]) {
		GENL_SET_ERR_MSG(info, "context id required");
		return -EINVAL;
	}
	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	err = lm_ctx_del(lm_priv(ldev),
			 nla_get_u8(info->attrs[LOWPAN_MESH_A_CTX_ID]));
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "no such context");
	dev_put(ldev);
	return err;
}

static int lm_nl_ctx_authority(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *ldev;

	if (!info->attrs[LOWPAN_MESH_A_CTX_AUTHORITY]) {
		GENL_SET_ERR_MSG(info, "authority mode required");
		return -EINVAL;
	}
	ldev = lm_nl_get_dev(info);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	lm_ctx_set_authority(lm_priv(ldev),
			     nla_get_u8(info->attrs[LOWPAN_MESH_A_CTX_AUTHORITY]));
	dev_put(ldev);
	return 0;
}

/*
 * A context row: the entry, where it came from, its phase, the table's
 * version.
 */
struct lm_nl_ctx_row {
	struct lm_ctx_entry e;
	u8 origin;
	u8 phase;
	u32 version;
};

static int lm_nl_fill_ctx(struct sk_buff *msg, struct net_device *ldev,
			  const void *row, u32 portid, u32 seq)
{
	const struct lm_nl_ctx_row *r = row;
	const struct lm_ctx_entry *e = &r->e;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &lm_genl_family, NLM_F_MULTI,
			  LOWPAN_MESH_CMD_CTX_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ldev->ifindex) ||
	    nla_put_string(msg, LOWPAN_MESH_A_IFNAME, ldev->name) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, e->id) ||
	    nla_put(msg, LOWPAN_MESH_A_CTX_PREFIX, 16, e->prefix) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, e->plen) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, e->compress) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_CTX_LIFETIME, e->lifetime) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_ORIGIN, r->origin) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_PHASE, r->phase) ||
	    nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION, r->version) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_AUTHORITY,
		       READ_ONCE(lm_priv(ldev)->ctx.authority))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static unsigned int lm_nl_ctx_rows(struct lm_dev *lm, void *tab,
				   unsigned int max)
{
	struct lm_ctx_entry e[LOWPAN_IPHC_CTX_TABLE_SIZE];
	u8 origin[LOWPAN_IPHC_CTX_TABLE_SIZE];
	u8 phase[LOWPAN_IPHC_CTX_TABLE_SIZE];
	struct lm_nl_ctx_row *rows = tab;
	unsigned int n, i;
	u32 version;

	n = lm_ctx_snapshot(lm, e, origin, phase, &version);
	for (i = 0; i < n && i < max; i++) {
		rows[i].e = e[i];
		rows[i].origin = origin[i];
		rows[i].phase = phase[i];
		rows[i].version = version;
	}
	return i;
}

static const struct lm_nl_table lm_nl_ctxs = {
	.esz = sizeof(struct lm_nl_ctx_row),
	.max = LOWPAN_IPHC_CTX_TABLE_SIZE,
	.snapshot = lm_nl_ctx_rows,
	.fill = lm_nl_fill_ctx,
};

static int lm_nl_ctx_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return lm_nl_table_dump(skb, cb, &lm_nl_ctxs);
}

static const struct genl_small_ops lm_nl_ops[] = {
	{
		.cmd = LOWPAN_MESH_CMD_DEV_ADD,
		.doit = lm_nl_dev_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_DEV_DEL,
		.doit = lm_nl_dev_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_DEV_GET,
		.doit = lm_nl_dev_get,
		.dumpit = lm_nl_dev_dump,
	},
	{
		.cmd = LOWPAN_MESH_CMD_STATS_GET,
		.doit = lm_nl_stats_get,
		.dumpit = lm_nl_stats_dump,
	},
	{
		.cmd = LOWPAN_MESH_CMD_DEV_SET,
		.doit = lm_nl_dev_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_ROUTE_ADD,
		.doit = lm_nl_route_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_ROUTE_DEL,
		.doit = lm_nl_route_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_ROUTE_GET,
		.dumpit = lm_nl_route_dump,
	},
	{
		.cmd = LOWPAN_MESH_CMD_NEIGH_GET,
		.dumpit = lm_nl_neigh_dump,
	},
	{
		.cmd = LOWPAN_MESH_CMD_CTX_ADD,
		.doit = lm_nl_ctx_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_CTX_DEL,
		.doit = lm_nl_ctx_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOWPAN_MESH_CMD_CTX_GET,
		.dumpit = lm_nl_ctx_dump,
	},
	{
		.cmd = LOWPAN_MESH_CMD_CTX_AUTHORITY,
		.doit = lm_nl_ctx_authority,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family lm_genl_family __ro_after_init = {
	.name = LOWPAN_MESH_GENL_NAME,
	.version = LOWPAN_MESH_GENL_VERSION,
	.maxattr = LOWPAN_MESH_A_MAX,
	.policy = lm_nl_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = lm_nl_ops,
	.n_small_ops = ARRAY_SIZE(lm_nl_ops),
	.resv_start_op = LOWPAN_MESH_CMD_STATS_GET + 1,
	.mcgrps = lm_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(lm_nl_mcgrps),
};

/**
 * lm_netlink_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int lm_netlink_init(void)
{
	int err = genl_register_family(&lm_genl_family);

	WRITE_ONCE(lm_nl_up, !err);
	return err;
}

/**
 * lm_netlink_exit() - unregister the generic netlink family
 */
void lm_netlink_exit(void)
{
	WRITE_ONCE(lm_nl_up, false);
	genl_unregister_family(&lm_genl_family);
}
