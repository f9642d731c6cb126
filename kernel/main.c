// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - lowpan_mesh: 6LoWPAN mesh-under forwarding for IEEE 802.15.4
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "lowpan_mesh.h"

unsigned int lm_reasm_timeout_ms = 60000;
module_param_named(reasm_timeout_ms, lm_reasm_timeout_ms, uint, 0444);
MODULE_PARM_DESC(reasm_timeout_ms,
		 "reassembly timeout in ms (default 60000, RFC 4944)");

unsigned int lm_reasm_max_entries = 32;
module_param_named(reasm_max_entries, lm_reasm_max_entries, uint, 0644);
MODULE_PARM_DESC(reasm_max_entries,
		 "datagrams reassembled at once per interface (default 32)");

unsigned int lm_reasm_max_bytes = 32768;
module_param_named(reasm_max_bytes, lm_reasm_max_bytes, uint, 0644);
MODULE_PARM_DESC(reasm_max_bytes,
		 "bytes of datagrams reassembled at once per interface (default 32768)");

unsigned int lm_ctx_hold_ms = 5000;
module_param_named(ctx_hold_ms, lm_ctx_hold_ms, uint, 0644);
MODULE_PARM_DESC(ctx_hold_ms,
		 "ms a shared IPHC context is held before it compresses (default 5000)");

/* Stable names, part of the API: iotctl prints them as they are. */
const char *const lm_stat_names[__LOWPAN_MESH_STAT_MAX] = {
	[LOWPAN_MESH_STAT_RX_FRAMES]		= "rx_frames",
	[LOWPAN_MESH_STAT_RX_PACKETS]		= "rx_packets",
	[LOWPAN_MESH_STAT_RX_BYTES]		= "rx_bytes",
	[LOWPAN_MESH_STAT_RX_DROP_DOWN]		= "rx_drop_down",
	[LOWPAN_MESH_STAT_RX_DROP_NOT_DATA]	= "rx_drop_not_data",
	[LOWPAN_MESH_STAT_RX_DROP_OTHERHOST]	= "rx_drop_otherhost",
	[LOWPAN_MESH_STAT_RX_DROP_NOT_LOWPAN]	= "rx_drop_not_lowpan",
	[LOWPAN_MESH_STAT_RX_DROP_MALFORMED]	= "rx_drop_malformed",
	[LOWPAN_MESH_STAT_RX_DROP_UNSUPPORTED]	= "rx_drop_unsupported",
	[LOWPAN_MESH_STAT_RX_DROP_DECOMPRESS]	= "rx_drop_decompress",
	[LOWPAN_MESH_STAT_RX_DROP_NOMEM]	= "rx_drop_nomem",
	[LOWPAN_MESH_STAT_FRAG_RX]		= "frag_rx",
	[LOWPAN_MESH_STAT_REASM_OK]		= "reasm_ok",
	[LOWPAN_MESH_STAT_REASM_DROP_TIMEOUT]	= "reasm_drop_timeout",
	[LOWPAN_MESH_STAT_REASM_DROP_OVERLAP]	= "reasm_drop_overlap",
	[LOWPAN_MESH_STAT_REASM_DROP_LIMIT]	= "reasm_drop_limit",
	[LOWPAN_MESH_STAT_REASM_DROP_BAD]	= "reasm_drop_bad",
	[LOWPAN_MESH_STAT_TX_PACKETS]		= "tx_packets",
	[LOWPAN_MESH_STAT_TX_BYTES]		= "tx_bytes",
	[LOWPAN_MESH_STAT_TX_FRAMES]		= "tx_frames",
	[LOWPAN_MESH_STAT_TX_FRAGMENTED]	= "tx_fragmented",
	[LOWPAN_MESH_STAT_TX_DROP_COMPRESS]	= "tx_drop_compress",
	[LOWPAN_MESH_STAT_TX_DROP_TOO_BIG]	= "tx_drop_too_big",
	[LOWPAN_MESH_STAT_TX_DROP_NOMEM]	= "tx_drop_nomem",
	[LOWPAN_MESH_STAT_TX_DROP_HEADER]	= "tx_drop_header",
	[LOWPAN_MESH_STAT_TX_DROP_XMIT]		= "tx_drop_xmit",
	[LOWPAN_MESH_STAT_TX_MESH]		= "tx_mesh",
	[LOWPAN_MESH_STAT_TX_BC0]		= "tx_bc0",
	[LOWPAN_MESH_STAT_FWD_FRAMES]		= "fwd_frames",
	[LOWPAN_MESH_STAT_FWD_DROP_HOPS]	= "fwd_drop_hops",
	[LOWPAN_MESH_STAT_FWD_DROP_NO_ROUTE]	= "fwd_drop_no_route",
	[LOWPAN_MESH_STAT_FWD_DROP_XMIT]	= "fwd_drop_xmit",
	[LOWPAN_MESH_STAT_MESH_DELIVERED]	= "mesh_delivered",
	[LOWPAN_MESH_STAT_BC0_DELIVERED]	= "bc0_delivered",
	[LOWPAN_MESH_STAT_BC0_FLOODED]		= "bc0_flooded",
	[LOWPAN_MESH_STAT_BC0_DUPLICATE]	= "bc0_duplicate",
	[LOWPAN_MESH_STAT_RX_DROP_OWN]		= "rx_drop_own",
	[LOWPAN_MESH_STAT_RX_DROP_CTX]		= "rx_drop_ctx",
	[LOWPAN_MESH_STAT_CTRL_RX]		= "ctrl_rx",
	[LOWPAN_MESH_STAT_CTRL_TX]		= "ctrl_tx",
	[LOWPAN_MESH_STAT_CTRL_DROP]		= "ctrl_drop",
	[LOWPAN_MESH_STAT_RX_6CO_IGNORED]	= "rx_6co_ignored",
	[LOWPAN_MESH_STAT_TX_HDR_IN]		= "tx_hdr_in",
	[LOWPAN_MESH_STAT_TX_HDR_OUT]		= "tx_hdr_out",
	[LOWPAN_MESH_STAT_FWD_DROP_BCAST]	= "fwd_drop_bcast",
	[LOWPAN_MESH_STAT_CTRL_TX_HELLO]	= "ctrl_tx_hello",
	[LOWPAN_MESH_STAT_CTRL_TX_DIR]		= "ctrl_tx_dir",
	[LOWPAN_MESH_STAT_CTRL_TX_ADV]		= "ctrl_tx_adv",
	[LOWPAN_MESH_STAT_CTRL_TX_REQ]		= "ctrl_tx_req",
	[LOWPAN_MESH_STAT_CTRL_RX_HELLO]	= "ctrl_rx_hello",
	[LOWPAN_MESH_STAT_CTRL_RX_DIR]		= "ctrl_rx_dir",
	[LOWPAN_MESH_STAT_CTRL_RX_ADV]		= "ctrl_rx_adv",
	[LOWPAN_MESH_STAT_CTRL_RX_REQ]		= "ctrl_rx_req",
	[LOWPAN_MESH_STAT_CTRL_DROP_BAD]	= "ctrl_drop_bad",
	[LOWPAN_MESH_STAT_CTRL_DROP_STRANGER]	= "ctrl_drop_stranger",
	[LOWPAN_MESH_STAT_CTRL_DROP_OFF]	= "ctrl_drop_off",
	[LOWPAN_MESH_STAT_CTRL_DROP_FLOODED]	= "ctrl_drop_flooded",
	[LOWPAN_MESH_STAT_RT_NO_DIR]		= "rt_no_dir",
	[LOWPAN_MESH_STAT_RT_FULL]		= "rt_full",
	[LOWPAN_MESH_STAT_RT_NEIGH_GONE]	= "rt_neigh_gone",
	[LOWPAN_MESH_STAT_RT_ROUTE_CHANGES]	= "rt_route_changes",
	[LOWPAN_MESH_STAT_FWD_SPLIT]		= "fwd_split",
	[LOWPAN_MESH_STAT_RX_DROP_UNSECURED]	= "rx_drop_unsecured",
};

static int __init lm_init(void)
{
	int i, err;

	for (i = 0; i < __LOWPAN_MESH_STAT_MAX; i++)
		if (WARN_ON(!lm_stat_names[i]))
			return -EINVAL;
	if (!lm_reasm_timeout_ms) {
		pr_err(LM_DRV_NAME ": reasm_timeout_ms must not be 0\n");
		return -EINVAL;
	}

	err = lm_netdev_init();
	if (err)
		goto err_netdev;
	err = lm_netlink_init();
	if (err)
		goto err_netlink;
	return 0;

err_netlink:
	lm_netdev_exit();
err_netdev:
	return err;
}

static void __exit lm_exit(void)
{
	/* No new requests first, then the interfaces go. */
	lm_netlink_exit();
	lm_netdev_exit();
}

module_init(lm_init);
module_exit(lm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("6LoWPAN mesh-under forwarding and adaptive header compression");
MODULE_AUTHOR("lowpan-mesh developers");
MODULE_ALIAS_GENL_FAMILY(LOWPAN_MESH_GENL_NAME);
