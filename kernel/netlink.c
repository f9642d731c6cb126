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
	void *hdr;

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
	    nla_put_u8(msg, LOWPAN_MESH_A_OPER_UP, netif_oper_up(ldev)))
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
	lm_dev_destroy(ldev, NULL);
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

/* Dumps walk the namespace's devices; cb->args[0] is where to go on. */
static int lm_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      bool stats)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int idx = 0, skip = cb->args[0], err;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!lm_is_mesh_dev(dev))
			continue;
		if (idx++ < skip)
			continue;
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
