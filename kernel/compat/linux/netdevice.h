/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat shadow of <linux/netdevice.h>: Kbuild puts kernel/compat/ ahead
 * of the kernel's include path, so this file is found first and pulls in
 * the real header with #include_next, then adds what differs between the
 * kernels the module supports (Debian 12's 6.1, Debian 13's and Raspberry
 * Pi OS's 6.12). The logic in kernel/ never tests kernel versions.
 */
#ifndef _LM_COMPAT_LINUX_NETDEVICE_H
#define _LM_COMPAT_LINUX_NETDEVICE_H

#include_next <linux/netdevice.h>
#include <linux/version.h>

/**
 * lm_compat_set_netns_local() - keep @dev in the namespace it was made in
 * @dev: the net_device, before registration
 *
 * Up to 6.11 this is the feature bit NETIF_F_NETNS_LOCAL; 6.12 replaced it
 * with the bit field dev->netns_local, which 6.13 renamed to
 * dev->netns_immutable and 6.12.114 (stable) took over the rename.
 */
static inline void lm_compat_set_netns_local(struct net_device *dev)
{
#if defined(NETIF_F_NETNS_LOCAL)
	dev->features |= NETIF_F_NETNS_LOCAL;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 114)
	dev->netns_immutable = true;
#else
	dev->netns_local = true;
#endif
}

#endif /* _LM_COMPAT_LINUX_NETDEVICE_H */
