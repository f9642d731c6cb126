// SPDX-License-Identifier: GPL-2.0
/*
 * llsec.c - refuse what link-layer security did not protect
 *
 * mac802154 decrypts and checks secured frames before any upper layer
 * sees them (net/mac802154/llsec.c), and drops those with an unknown key,
 * a bad MIC or a frame counter it has seen. But it passes frames without
 * security on as they are, whether or not security is on for the device,
 * and it passes secured frames of a level without a MIC (0: none, 4:
 * encryption alone), which anyone can make without the key. A mesh whose
 * wpan device has security on takes neither: this file keeps a copy of the
 * wpan device's security switch that the receive path can read, and says
 * whether a frame came with a checked MIC.
 *
 * The switch lives in mac802154 behind a mutex and can be turned by any
 * caller of the kernel's "802.15.4 MAC" family, so it is read again once a
 * second (and whenever iotctl asks for the device), from process context.
 */
#include <linux/workqueue.h>
#include <net/ieee802154_netdev.h>

#include "lowpan_mesh.h"

#define LM_SEC_POLL	HZ

/**
 * lm_sec_refresh() - read the wpan device's security switch again
 * @lm: the mesh interface
 *
 * Process context (mac802154 takes a mutex).
 *
 * Return: true when link-layer security is on.
 */
bool lm_sec_refresh(struct lm_dev *lm)
{
	const struct ieee802154_mlme_ops *ops = ieee802154_mlme_ops(lm->wdev);
	struct ieee802154_llsec_params p = { };
	bool on = false;

	might_sleep();
	if (ops && ops->llsec && ops->llsec->get_params &&
	    !ops->llsec->get_params(lm->wdev, &p))
		on = p.enabled;
	WRITE_ONCE(lm->sec_on, on);
	return on;
}

static void lm_sec_work(struct work_struct *work)
{
	struct lm_dev *lm = container_of(to_delayed_work(work), struct lm_dev,
					 sec_work);

	lm_sec_refresh(lm);
	schedule_delayed_work(&lm->sec_work, LM_SEC_POLL);
}

/**
 * lm_sec_start() - read the switch now and then once a second
 * @lm: the mesh interface, being registered
 */
void lm_sec_start(struct lm_dev *lm)
{
	INIT_DELAYED_WORK(&lm->sec_work, lm_sec_work);
	lm_sec_refresh(lm);
	schedule_delayed_work(&lm->sec_work, LM_SEC_POLL);
}

/**
 * lm_sec_stop() - stop reading the switch
 * @lm: the mesh interface, being unregistered
 *
 * The work re-arms itself; cancel_delayed_work_sync() also waits for a
 * run in progress and keeps it from re-arming.
 */
void lm_sec_stop(struct lm_dev *lm)
{
	cancel_delayed_work_sync(&lm->sec_work);
}

/**
 * lm_rx_secured() - did a received frame pass a MIC check?
 * @skb: the frame as mac802154 delivered it (MAC header at its mac header)
 *
 * mac802154 has already dropped a secured frame whose key, MIC or frame
 * counter was wrong, so a frame with security enabled and a MIC in its
 * level was made with a key this node holds.
 *
 * Return: true for such a frame.
 */
bool lm_rx_secured(struct sk_buff *skb)
{
	struct ieee802154_hdr hdr;

	if (!mac_cb(skb)->secen ||
	    ieee802154_hdr_peek(skb, &hdr) < 0 || !hdr.fc.security_enabled)
		return false;
	/* levels 1-3 and 5-7 carry a MIC of 4, 8 or 16 bytes */
	return (hdr.sec.level & 3) != 0;
}
