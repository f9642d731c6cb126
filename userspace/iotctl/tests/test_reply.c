// SPDX-License-Identifier: GPL-2.0
/*
 * test_reply.c - the dev and stats printers on netlink replies built here:
 * both output forms, missing and malformed attributes, attributes from a
 * newer kernel
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "json_print.h"
#include "nl.h"
#include "tap.h"

#define FAKE_FAMILY	0x30
#define NEWER_ATTR	200	/* an attribute this iotctl does not know */

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, cmd, LOWPAN_MESH_GENL_VERSION);
	return msg;
}

static struct nl_msg *dev_reply(const char *name)
{
	struct nl_msg *msg = reply(LOWPAN_MESH_CMD_DEV_GET);

	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, name);
	nla_put_u32(msg, LOWPAN_MESH_A_WPAN_IFINDEX, 2);
	nla_put_string(msg, LOWPAN_MESH_A_WPAN_IFNAME, "wpan0");
	nla_put_u8(msg, LOWPAN_MESH_A_OPER_UP, 1);
	nla_put_u32(msg, LOWPAN_MESH_A_MTU, 1280);
	nla_put_u64(msg, LOWPAN_MESH_A_EXT_ADDR, 0x766530e6d3e960adULL);
	nla_put_u16(msg, LOWPAN_MESH_A_SHORT_ADDR, 0x0001);
	nla_put_u16(msg, LOWPAN_MESH_A_PAN_ID, 0xabcd);
	nla_put_u32(msg, NEWER_ATTR, 7);
	return msg;
}

static void stat_put(struct nl_msg *msg, int id, const char *name, uint64_t v)
{
	struct nlattr *nest = nla_nest_start(msg, LOWPAN_MESH_A_STAT);

	if (id >= 0)
		nla_put_u32(msg, LOWPAN_MESH_STAT_A_ID, id);
	if (name)
		nla_put_string(msg, LOWPAN_MESH_STAT_A_NAME, name);
	nla_put_u64(msg, LOWPAN_MESH_STAT_A_VALUE, v);
	nla_nest_end(msg, nest);
}

/*
 * Parse @msg (freed) as iotctl does, print it with @cb (and @arg) framed
 * as a read command, compare with @want (NULL: anything).
 */
void check_reply(struct nl_msg *msg, iot_nl_reply_cb cb, void *arg,
		 bool json, int want_err, const char *want, const char *name)
{
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	char *buf = NULL;
	size_t len;
	FILE *f;
	int err;

	f = open_memstream(&buf, &len);
	print_setup(f, json, false);
	print_list_begin();
	err = lm_genl_parse(nlmsg_hdr(msg), tb);
	if (!err)
		err = cb(tb, arg);
	print_list_end(!err);
	fclose(f);
	print_setup(stdout, false, false);
	if (!tap_ok(err == want_err && (!want || !strcmp(buf, want)),
		    "reply: %s", name)) {
		tap_diag("error %d (want %d)", err, want_err);
		tap_diag("got  \"%s\"", buf);
		tap_diag("want \"%s\"", want ? want : "(anything)");
	}
	free(buf);
	nlmsg_free(msg);
}

static void check(struct nl_msg *msg, iot_nl_reply_cb cb, bool json,
		  int want_err, const char *want, const char *name)
{
	check_reply(msg, cb, NULL, json, want_err, want, name);
}

void test_reply(void)
{
	struct nl_msg *msg;
	struct nlattr *nest;

	check(dev_reply("mesh0"), dev_print_reply, false, 0,
	      "mesh0: ifindex 4 wpan wpan0 (ifindex 2) state up mtu 1280\n"
	      "    ext_addr 76:65:30:e6:d3:e9:60:ad short_addr 0x0001 pan_id 0xabcd\n",
	      "dev show text form");
	check(dev_reply("mesh0"), dev_print_reply, true, 0,
	      "[{\"ifname\":\"mesh0\",\"ifindex\":4,\"wpan_ifname\":\"wpan0\","
	      "\"wpan_ifindex\":2,\"operstate\":\"up\",\"mtu\":1280,"
	      "\"ext_addr\":\"76:65:30:e6:d3:e9:60:ad\",\"short_addr\":\"0x0001\","
	      "\"pan_id\":\"0xabcd\"}]\n", "dev show JSON form");
	check(dev_reply("m\"e\x1bh"), dev_print_reply, true, 0, NULL,
	      "dev name with a quote and ESC");
	check(dev_reply("m\"e\x1bh"), dev_print_reply, false, 0,
	      "m\"e?h: ifindex 4 wpan wpan0 (ifindex 2) state up mtu 1280\n"
	      "    ext_addr 76:65:30:e6:d3:e9:60:ad short_addr 0x0001 pan_id 0xabcd\n",
	      "dev name with ESC masked in text");

	msg = reply(LOWPAN_MESH_CMD_DEV_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 9);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh1");
	nla_put_u8(msg, LOWPAN_MESH_A_OPER_UP, 0);
	check(nlmsg_convert(nlmsg_hdr(msg)), dev_print_reply, false, 0,
	      "mesh1: ifindex 9 state down\n",
	      "dev reply with few attributes: one line of text");
	check(msg, dev_print_reply, true, 0,
	      "[{\"ifname\":\"mesh1\",\"ifindex\":9,\"operstate\":\"down\"}]\n",
	      "dev reply with few attributes prints what it has");

	msg = reply(LOWPAN_MESH_CMD_DEV_GET);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh1");
	check(msg, dev_print_reply, true, -EBADMSG, "",
	      "dev reply without ifindex rejected, nothing printed");

	msg = reply(LOWPAN_MESH_CMD_DEV_GET);
	nla_put_u16(msg, LOWPAN_MESH_A_IFINDEX, 9);
	check(msg, dev_print_reply, true, -EBADMSG, "",
	      "short u32 attribute rejected by the policy");

	msg = reply(LOWPAN_MESH_CMD_DEV_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 9);
	nla_put(msg, LOWPAN_MESH_A_IFNAME, 5, "mesh1");
	check(msg, dev_print_reply, true, -EBADMSG, "",
	      "unterminated name rejected by the policy");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh0");
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	stat_put(msg, 0, "rx_frames", 12);
	stat_put(msg, 1, "reasm_drop_timeout", 18446744073709551615ULL);
	stat_put(msg, 41, NULL, 3);
	stat_put(msg, 42, "", 4);
	nla_put_u32(msg, NEWER_ATTR, 1);
	nla_nest_end(msg, nest);
	check(nlmsg_convert(nlmsg_hdr(msg)), stats_print_reply, false, 0,
	      "mesh0 (ifindex 4):\n"
	      "    rx_frames          12\n"
	      "    reasm_drop_timeout 18446744073709551615\n"
	      "    stat41             3\n"
	      "    stat42             4\n",
	      "stats text form, aligned, nameless counters numbered");
	check(msg, stats_print_reply, true, 0,
	      "[{\"ifname\":\"mesh0\",\"ifindex\":4,\"stats\":{\"rx_frames\":12,"
	      "\"reasm_drop_timeout\":18446744073709551615,\"stat41\":3,"
	      "\"stat42\":4}}]\n", "stats JSON form");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh0");
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	stat_put(msg, 20, "tx_packets", 4);
	stat_put(msg, 43, "tx_hdr_in", 480);
	stat_put(msg, 44, "tx_hdr_out", 120);
	nla_nest_end(msg, nest);
	check(nlmsg_convert(nlmsg_hdr(msg)), stats_print_reply, false, 0,
	      "mesh0 (ifindex 4):\n"
	      "    tx_packets 4\n"
	      "    tx_hdr_in  480\n"
	      "    tx_hdr_out 120\n"
	      "    header compression: 480 bytes of IPv6/UDP headers sent in "
	      "120, saved 360 bytes (75.0%)\n",
	      "stats text form: what header compression saved");
	check(msg, stats_print_reply, true, 0,
	      "[{\"ifname\":\"mesh0\",\"ifindex\":4,\"stats\":{\"tx_packets\":4,"
	      "\"tx_hdr_in\":480,\"tx_hdr_out\":120}}]\n",
	      "stats JSON form: the counters only");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh0");
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	stat_put(msg, 43, "tx_hdr_in", 0);
	stat_put(msg, 44, "tx_hdr_out", 0);
	nla_nest_end(msg, nest);
	check(msg, stats_print_reply, false, 0,
	      "mesh0 (ifindex 4):\n"
	      "    tx_hdr_in  0\n"
	      "    tx_hdr_out 0\n",
	      "stats text form: nothing sent, no compression line");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nla_put_string(msg, LOWPAN_MESH_A_IFNAME, "mesh0");
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	nla_nest_end_keep_empty(msg, nest);
	check(msg, stats_print_reply, true, 0,
	      "[{\"ifname\":\"mesh0\",\"ifindex\":4,\"stats\":{}}]\n",
	      "stats with no counters");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	check(msg, stats_print_reply, true, -EBADMSG, "",
	      "stats reply without counters rejected");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	stat_put(msg, 0, "rx_frames", 12);
	nla_put_u16(msg, LOWPAN_MESH_A_STAT, 1);
	nla_nest_end(msg, nest);
	check(msg, stats_print_reply, false, -EBADMSG, "",
	      "garbage counter rejected before any output");

	msg = reply(LOWPAN_MESH_CMD_STATS_GET);
	nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, 4);
	nest = nla_nest_start(msg, LOWPAN_MESH_A_STATS);
	nla_nest_end_keep_empty(msg, nla_nest_start(msg, LOWPAN_MESH_A_STAT));
	nla_nest_end(msg, nest);
	check(msg, stats_print_reply, false, -EBADMSG, "",
	      "counter without a value rejected");
}
