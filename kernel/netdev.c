// SPDX-License-Identifier: GPL-2.0
/*
 * netdev.c - the mesh network interface stacked on a wpan device
 */
#include <linux/if_arp.h>
#include <linux/ieee802154.h>
#include <linux/rtnetlink.h>
#include <net/cfg802154.h>
#include <net/ipv6.h>
#include <net/neighbour.h>

#include "lowpan_mesh.h"

/*
 * ndo_init and the destructor pair up (register_netdevice() runs the
 * destructor on failure only once ndo_init succeeded): the wpan reference
 * and the packet handler live exactly as long as the registration.
 */
static int lm_ndo_init(struct net_device *ldev)
{
	struct lm_dev *lm = lm_priv(ldev);

	netdev_lockdep_set_classes(ldev);
	dev_hold(lm->wdev);
	dev_add_pack(&lm->pt);
	lm_sec_start(lm);
	return 0;
}

static void lm_ndo_uninit(struct net_device *ldev)
{
	struct lm_dev *lm = lm_priv(ldev);

	/* No frame reaches us after this; then nothing is left queued. */
	dev_remove_pack(&lm->pt);
	lm_sec_stop(lm);
	lm_ctx_stop(lm);
	lm_routing_stop(lm);
	lm_reasm_flush(lm);
	lm_tables_flush(lm);
}

/*
 * mac802154 never takes a wpan device's carrier down, so the mesh
 * interface's lower layer is up exactly when the wpan device runs.
 */
static void lm_sync_carrier(struct lm_dev *lm)
{
	if (netif_running(lm->wdev) && netif_carrier_ok(lm->wdev))
		netif_carrier_on(lm->ldev);
	else
		netif_carrier_off(lm->ldev);
}

static int lm_ndo_open(struct net_device *ldev)
{
	struct lm_dev *lm = lm_priv(ldev);

	lm_sync_carrier(lm);
	lm_ctx_join(lm);
	return 0;
}

/* A new neighbour has no short address until ND tells us one. */
static int lm_ndo_neigh_construct(struct net_device *ldev,
				  struct neighbour *n)
{
	struct lowpan_802154_neigh *ln = lowpan_802154_neigh(neighbour_priv(n));

	ln->short_addr = cpu_to_le16(IEEE802154_ADDR_SHORT_UNSPEC);
	return 0;
}

static int lm_ndo_get_iflink(const struct net_device *ldev)
{
	return lm_priv(ldev)->wdev->ifindex;
}

static const struct net_device_ops lm_netdev_ops = {
	.ndo_init		= lm_ndo_init,
	.ndo_uninit		= lm_ndo_uninit,
	.ndo_open		= lm_ndo_open,
	.ndo_start_xmit		= lm_xmit,
	.ndo_get_iflink		= lm_ndo_get_iflink,
	.ndo_neigh_construct	= lm_ndo_neigh_construct,
};

static void lm_priv_destructor(struct net_device *ldev)
{
	lm_routing_free(lm_priv(ldev));
	dev_put(lm_priv(ldev)->wdev);
}

static void lm_setup(struct net_device *ldev)
{
	ldev->addr_len = IEEE802154_EXTENDED_ADDR_LEN;
	memset(ldev->broadcast, 0xff, IEEE802154_EXTENDED_ADDR_LEN);
	ldev->flags = IFF_BROADCAST | IFF_MULTICAST;
	ldev->priv_flags |= IFF_NO_QUEUE;
	ldev->netdev_ops = &lm_netdev_ops;
	ldev->header_ops = &lm_header_ops;
	ldev->needs_free_netdev = true;
	ldev->priv_destructor = lm_priv_destructor;
	lm_compat_set_netns_local(ldev);
	ldev->min_mtu = IPV6_MIN_MTU;
	ldev->max_mtu = IPV6_MIN_MTU;
}

/**
 * lm_is_mesh_dev() - tell whether a net_device is one of our interfaces
 * @dev: any net_device
 *
 * Return: true for a mesh interface of this module.
 */
bool lm_is_mesh_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &lm_netdev_ops;
}

/**
 * lm_dev_find_by_wpan() - the mesh interface stacked on a wpan device
 * @wdev: the wpan device
 *
 * Caller holds RTNL.
 *
 * Return: the mesh interface or NULL.
 */
struct net_device *lm_dev_find_by_wpan(struct net_device *wdev)
{
	struct net_device *dev;

	ASSERT_RTNL();
	for_each_netdev(dev_net(wdev), dev)
		if (lm_is_mesh_dev(dev) && lm_priv(dev)->wdev == wdev)
			return dev;
	return NULL;
}

/**
 * lm_dev_create() - create and register a mesh interface on a wpan device
 * @net: network namespace of the new interface (that of @wdev)
 * @wdev: the wpan device; the new interface takes its own reference
 * @name: interface name or pattern, NULL for "mesh%d"
 * @extack: where to report errors
 *
 * Caller holds RTNL.
 *
 * Return: the new interface or an ERR_PTR().
 */
struct net_device *lm_dev_create(struct net *net, struct net_device *wdev,
				 const char *name,
				 struct netlink_ext_ack *extack)
{
	struct net_device *ldev;
	struct lm_dev *lm;
	int err;

	ASSERT_RTNL();

	if (wdev->type != ARPHRD_IEEE802154 || !wdev->ieee802154_ptr) {
		NL_SET_ERR_MSG(extack, "not an IEEE 802.15.4 (wpan) device");
		return ERR_PTR(-EINVAL);
	}
	if (wdev->ieee802154_ptr->iftype != NL802154_IFTYPE_NODE) {
		NL_SET_ERR_MSG(extack, "wpan device is not of type node");
		return ERR_PTR(-EINVAL);
	}
	if (wdev->ieee802154_ptr->lowpan_dev) {
		NL_SET_ERR_MSG(extack,
			       "wpan device already carries a mainline lowpan interface");
		return ERR_PTR(-EBUSY);
	}
	if (lm_dev_find_by_wpan(wdev)) {
		NL_SET_ERR_MSG(extack, "wpan device already has a mesh interface");
		return ERR_PTR(-EEXIST);
	}
	if (!name)
		name = "mesh%d";
	if (!dev_valid_name(name)) {
		NL_SET_ERR_MSG(extack, "invalid interface name");
		return ERR_PTR(-EINVAL);
	}

	ldev = alloc_netdev(LOWPAN_PRIV_SIZE(sizeof(struct lm_dev)), name,
			    strchr(name, '%') ? NET_NAME_ENUM : NET_NAME_USER,
			    lm_setup);
	if (!ldev)
		return ERR_PTR(-ENOMEM);

	dev_net_set(ldev, net);
	lm = lm_priv(ldev);
	lm->l802154.wdev = wdev;
	lm->ldev = ldev;
	lm->wdev = wdev;
	lm_reasm_init(lm);
	lm_tables_init(lm);
	lm_ctx_init(lm);
	if (lm_routing_init(lm)) {
		free_netdev(ldev);
		return ERR_PTR(-ENOMEM);
	}
	atomic_set(&lm->tag, get_random_u32());

	lm->pt.type = htons(ETH_P_IEEE802154);
	lm->pt.dev = wdev;
	lm->pt.func = lm_rcv;

	dev_addr_set(ldev, wdev->dev_addr);
	ldev->needed_headroom = LOWPAN_IPHC_MAX_HEADER_LEN +
				LM_MAX_PREFIX + wdev->needed_headroom +
				IEEE802154_MAX_HEADER_LEN;
	ldev->needed_tailroom = wdev->needed_tailroom;
	ldev->neigh_priv_len = sizeof(struct lowpan_802154_neigh);

	err = lowpan_register_netdevice(ldev, LOWPAN_LLTYPE_IEEE802154);
	if (err < 0) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack, "interface name already in use");
		lm_routing_free(lm);
		free_netdev(ldev);
		return ERR_PTR(err);
	}
	lm_ctx_start(lm);
	lm_routing_start(lm);
	lm_sync_carrier(lm);
	return ldev;
}

/**
 * lm_dev_destroy() - unregister a mesh interface
 * @ldev: the mesh interface
 *
 * The counterpart of lowpan_register_netdevice(): lowpan_unregister_netdevice()
 * also removes what that created besides the registration (the 6LoWPAN
 * debugfs directory of the interface when CONFIG_6LOWPAN_DEBUGFS is on), so
 * it is done one interface at a time, as mainline's lowpan links are.
 *
 * Caller holds RTNL.
 */
void lm_dev_destroy(struct net_device *ldev)
{
	ASSERT_RTNL();
	lm_netlink_notify_dev(ldev, LOWPAN_MESH_CMD_DEV_DEL);
	lowpan_unregister_netdevice(ldev);
}

/*
 * The wpan device's extended address is the mesh interface's address and
 * the root of its SLAAC addresses: refuse a new one while the mesh
 * interface is up (as mac802154 does for a mainline lowpan interface),
 * and take it over when it is down.
 */
static int lm_wpan_changeaddr(struct net_device *wdev, unsigned long event,
			      void *ptr)
{
	struct net_device *ldev = lm_dev_find_by_wpan(wdev);

	if (!ldev)
		return NOTIFY_DONE;
	if (event == NETDEV_PRE_CHANGEADDR) {
		if (!netif_running(ldev))
			return NOTIFY_DONE;
		NL_SET_ERR_MSG(netdev_notifier_info_to_extack(ptr),
			       "the mesh interface on this wpan device is up: take it down first");
		return notifier_from_errno(-EBUSY);
	}
	dev_addr_set(ldev, wdev->dev_addr);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, ldev);
	return NOTIFY_DONE;
}

static int lm_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net_device *ldev, *w;

	/*
	 * A mainline 6LoWPAN link on a wpan device we are stacked on would
	 * get every frame too (its receive handler does not know us): refuse
	 * it. Our own interfaces are ARPHRD_6LOWPAN as well.
	 */
	if (event == NETDEV_REGISTER && dev->type == ARPHRD_6LOWPAN &&
	    !lm_is_mesh_dev(dev) &&
	    lowpan_dev(dev)->lltype == LOWPAN_LLTYPE_IEEE802154) {
		w = lowpan_802154_dev(dev)->wdev;
		if (w && lm_dev_find_by_wpan(w))
			return notifier_from_errno(-EBUSY);
		return NOTIFY_DONE;
	}

	if (dev->type != ARPHRD_IEEE802154)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
		/* The wpan device goes (or changes namespace): so do we. */
		ldev = lm_dev_find_by_wpan(dev);
		if (ldev)
			lm_dev_destroy(ldev);
		break;
	case NETDEV_PRE_CHANGEADDR:
	case NETDEV_CHANGEADDR:
		return lm_wpan_changeaddr(dev, event, ptr);
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		ldev = lm_dev_find_by_wpan(dev);
		if (ldev)
			lm_sync_carrier(lm_priv(ldev));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block lm_netdev_notifier = {
	.notifier_call = lm_netdev_event,
};

/**
 * lm_netdev_init() - start following wpan devices
 *
 * Return: 0 or a negative errno.
 */
int lm_netdev_init(void)
{
	return register_netdevice_notifier(&lm_netdev_notifier);
}

/**
 * lm_netdev_exit() - remove every mesh interface in every namespace
 */
void lm_netdev_exit(void)
{
	struct net_device *dev, *tmp;
	struct net *net;

	/* net_rwsem: the list of namespaces; taken inside RTNL, as mainline */
	rtnl_lock();
	down_read(&net_rwsem);
	for_each_net(net)
		for_each_netdev_safe(net, dev, tmp)
			if (lm_is_mesh_dev(dev))
				lm_dev_destroy(dev);
	up_read(&net_rwsem);
	rtnl_unlock();
	unregister_netdevice_notifier(&lm_netdev_notifier);
}
