// SPDX-License-Identifier: GPL-2.0
/*
 * neigh.c - iotctl neigh: the nodes a mesh interface hears directly, with
 * link quality, last frame, and what header compression saved towards them
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

/* LAST_SEEN_MS of a neighbour no frame came from yet (a route's next hop) */
#define NEVER_SEEN	UINT32_MAX

static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

int neigh_print_reply(struct nlattr **tb, void *arg)
{
	char sa[SHORT_ADDR_STRLEN], ext[EXT_ADDR_STRLEN], ago[AGO_STRLEN];
	char word[NAME_STRLEN];
	uint64_t in, out;
	uint32_t seen;

	if (!tb[LOWPAN_MESH_A_NEIGH_SHORT] && !tb[LOWPAN_MESH_A_NEIGH_EXT])
		return -EBADMSG;
	if (iot_nl_filtered(tb, arg))
		return 0;
	open_object(NULL);
	/* the first word is an address, as in route show */
	if (tb[LOWPAN_MESH_A_NEIGH_SHORT])
		print_string(PRINT_ANY, "short_addr", "%s",
			     format_short_addr(nla_get_u16(tb[LOWPAN_MESH_A_NEIGH_SHORT]),
					       sa));
	if (tb[LOWPAN_MESH_A_NEIGH_EXT])
		print_string(PRINT_ANY, "ext_addr",
			     tb[LOWPAN_MESH_A_NEIGH_SHORT] ? " ext %s" : "%s",
			     format_ext_addr(nla_get_u64(tb[LOWPAN_MESH_A_NEIGH_EXT]),
					     ext));
	iot_print_dev(tb);
	if (tb[LOWPAN_MESH_A_LQI])
		print_uint(PRINT_ANY, "lqi", " lqi %u",
			   nla_get_u8(tb[LOWPAN_MESH_A_LQI]));
	if (tb[LOWPAN_MESH_A_LAST_SEEN_MS]) {
		seen = nla_get_u32(tb[LOWPAN_MESH_A_LAST_SEEN_MS]);
		print_uint(PRINT_JSON, "last_seen_ms", NULL, seen);
		if (seen == NEVER_SEEN)
			print_text(" seen never");
		else
			print_string(PRINT_FP, NULL, " seen %s ago",
				     format_ago(seen, ago));
	}
	if (tb[LOWPAN_MESH_A_NEIGH_RX_FRAMES])
		print_u64(PRINT_ANY, "rx_frames", " rx_frames %" PRIu64,
			  nla_get_u64(tb[LOWPAN_MESH_A_NEIGH_RX_FRAMES]));
	print_nl();
	/* the mesh routing's view, while routing is on */
	if (tb[LOWPAN_MESH_A_NEIGH_STATE]) {
		print_string(PRINT_ANY, "state", "    state %s",
			     name_of(&neigh_states,
				     nla_get_u8(tb[LOWPAN_MESH_A_NEIGH_STATE]),
				     word));
		if (tb[LOWPAN_MESH_A_LINK_COST])
			print_uint(PRINT_ANY, "cost", " cost %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_LINK_COST]));
		if (tb[LOWPAN_MESH_A_LINK_COST_IN])
			print_uint(PRINT_ANY, "cost_in", " cost_in %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_LINK_COST_IN]));
		if (tb[LOWPAN_MESH_A_LINK_COST_OUT])
			print_uint(PRINT_ANY, "cost_out", " cost_out %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_LINK_COST_OUT]));
		if (tb[LOWPAN_MESH_A_HELLO_LOSS])
			print_uint(PRINT_ANY, "hello_loss", " hello_loss %u%%",
				   nla_get_u8(tb[LOWPAN_MESH_A_HELLO_LOSS]));
		print_nl();
	}
	if (tb[LOWPAN_MESH_A_NEIGH_TX_PACKETS] ||
	    tb[LOWPAN_MESH_A_NEIGH_TX_HDR_IN] ||
	    tb[LOWPAN_MESH_A_NEIGH_TX_HDR_OUT]) {
		in = get_u64(tb, LOWPAN_MESH_A_NEIGH_TX_HDR_IN);
		out = get_u64(tb, LOWPAN_MESH_A_NEIGH_TX_HDR_OUT);
		print_u64(PRINT_ANY, "tx_packets", "    tx_packets %" PRIu64,
			  get_u64(tb, LOWPAN_MESH_A_NEIGH_TX_PACKETS));
		print_u64(PRINT_ANY, "hdr_in", " hdr_in %" PRIu64, in);
		print_u64(PRINT_ANY, "hdr_out", " hdr_out %" PRIu64, out);
		print_s64(PRINT_JSON, "hdr_saved", NULL, (int64_t)(in - out));
		iot_print_saving(in, out);
		print_nl();
	}
	close_object();
	return 0;
}

static int neigh_show(int argc, char **argv)
{
	return iot_table_show(LOWPAN_MESH_CMD_NEIGH_GET, neigh_print_reply,
			      argc, argv);
}

static const struct iot_cmd neigh_cmds[] = {
	{ "show", "[dev NAME]",
	  "list the nodes heard directly, of every mesh interface or NAME",
	  neigh_show },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj neigh_obj = {
	.name = "neigh",
	.help = "neighbours: nodes heard directly, header savings towards them",
	.cmds = neigh_cmds,
	.default_cmd = "show",
	.default_takes_args = true,
};

IOTCTL_OBJECT(neigh_obj)
