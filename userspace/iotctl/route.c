// SPDX-License-Identifier: GPL-2.0
/*
 * route.c - iotctl route: static mesh routes (add, replace, del, show)
 *
 * A route sends frames for a destination (an 802.15.4 short or extended
 * address) to a next hop that hears this node directly. One route per
 * destination and interface: "add" refuses to replace an existing one
 * (File exists, the route stays as it was), "replace" adds or replaces.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

/* RFC 4944 section 9: short addresses 100x xxxx xxxx xxxx are multicast */
#define SHORT_MCAST_MASK	0xe000
#define SHORT_MCAST		0x8000

int route_print_reply(struct nlattr **tb, void *arg)
{
	char dst[EXT_ADDR_STRLEN], nh[EXT_ADDR_STRLEN], word[NAME_STRLEN];
	const char *d, *n;

	d = iot_nl_get_addr(tb, LOWPAN_MESH_A_DST_SHORT, LOWPAN_MESH_A_DST_EXT,
			    dst);
	n = iot_nl_get_addr(tb, LOWPAN_MESH_A_NEXTHOP_SHORT,
			    LOWPAN_MESH_A_NEXTHOP_EXT, nh);
	if (!d || !n)
		return -EBADMSG;
	if (iot_nl_filtered(tb, arg))
		return 0;
	open_object(NULL);
	print_string(PRINT_ANY, "dst", "%s", d);
	print_string(PRINT_ANY, "nexthop", " via %s", n);
	iot_print_dev(tb);
	if (tb[LOWPAN_MESH_A_METRIC])
		print_uint(PRINT_ANY, "metric", " metric %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_METRIC]));
	if (tb[LOWPAN_MESH_A_ROUTE_ORIGIN])
		print_string(PRINT_ANY, "origin", " origin %s",
			     name_of(&route_origins,
				     nla_get_u8(tb[LOWPAN_MESH_A_ROUTE_ORIGIN]),
				     word));
	print_nl();
	close_object();
	return 0;
}

/*
 * An address of a route; @unicast: a node's, not the broadcast, "no
 * address" or RFC 4944 multicast (0x8000 to 0x9fff) short ones.
 */
static int parse_node(const char *what, const char *s,
		      struct ieee802154_addr_arg *a, bool unicast)
{
	if (parse_ieee802154_addr(s, a))
		return iot_usage_err("invalid %s \"%s\" (0x1234, 00:11:22:33:44:55:66:77 or 0011223344556677)",
				     what, s);
	if (!unicast || a->kind != ADDR_SHORT)
		return IOT_OK;
	if (a->short_addr == IEEE802154_ADDR_BROADCAST ||
	    a->short_addr == IEEE802154_ADDR_UNDEF)
		return iot_usage_err("%s %s is not a node address", what, s);
	if ((a->short_addr & SHORT_MCAST_MASK) == SHORT_MCAST)
		return iot_usage_err("%s %s is a multicast address (0x8000 to 0x9fff)",
				     what, s);
	return IOT_OK;
}

static struct nl_msg *route_msg(uint8_t cmd, unsigned int ifindex,
				const struct ieee802154_addr_arg *dst)
{
	struct nl_msg *msg = iot_nl_msg(cmd, false);

	if (msg && (nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ifindex) ||
		    iot_nl_put_addr(msg, LOWPAN_MESH_A_DST_SHORT,
				    LOWPAN_MESH_A_DST_EXT, dst))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		iot_cmd_err("out of memory");
	return msg;
}

/* route add (@excl: an existing route is an error) and route replace */
static int route_set(int argc, char **argv, bool excl)
{
	struct ieee802154_addr_arg dst, nh;
	const char *dev = NULL, *via = NULL;
	char found[IF_NAMESIZE];
	unsigned int ifindex;
	uint32_t metric = 0;
	bool have_metric = false;
	struct nl_msg *msg;
	int i, ret = IOT_OK;

	if (argc < 1)
		return iot_usage_err("missing DEST");
	ret = parse_node("destination", argv[0], &dst, true);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else if (!strcmp(argv[i], "via")) {
			if (via)
				return iot_usage_err("via given twice");
			if (++i == argc)
				return iot_usage_err("via needs a NEXTHOP");
			via = argv[i];
			ret = parse_node("next hop", via, &nh, true);
			if (ret)
				return ret;
		} else if (!strcmp(argv[i], "metric")) {
			if (have_metric)
				return iot_usage_err("metric given twice");
			if (++i == argc)
				return iot_usage_err("metric needs a number");
			if (parse_u32(argv[i], 0, UINT32_MAX, &metric))
				return iot_usage_err("invalid metric \"%s\" (0 to %u)",
						     argv[i], UINT32_MAX);
			have_metric = true;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (!via)
		return iot_usage_err("missing via NEXTHOP");
	if (iot_check_only)
		return IOT_OK;
	ret = iot_mesh_dev(dev, &ifindex, found);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = route_msg(LOWPAN_MESH_CMD_ROUTE_ADD, ifindex, &dst);
	if (!msg)
		return IOT_FAIL;
	if (iot_nl_put_addr(msg, LOWPAN_MESH_A_NEXTHOP_SHORT,
			    LOWPAN_MESH_A_NEXTHOP_EXT, &nh) ||
	    (have_metric && nla_put_u32(msg, LOWPAN_MESH_A_METRIC, metric)) ||
	    (excl && nla_put_flag(msg, LOWPAN_MESH_A_ROUTE_EXCL))) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	return iot_nl_run(msg, NULL, NULL, dev ? dev : found);
}

static int route_add(int argc, char **argv)
{
	return route_set(argc, argv, true);
}

static int route_replace(int argc, char **argv)
{
	return route_set(argc, argv, false);
}

static int route_del(int argc, char **argv)
{
	struct ieee802154_addr_arg dst;
	const char *dev = NULL;
	char found[IF_NAMESIZE];
	unsigned int ifindex;
	struct nl_msg *msg;
	int i, ret = IOT_OK;

	if (argc < 1)
		return iot_usage_err("missing DEST");
	ret = parse_node("destination", argv[0], &dst, false);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	ret = iot_mesh_dev(dev, &ifindex, found);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = route_msg(LOWPAN_MESH_CMD_ROUTE_DEL, ifindex, &dst);
	if (!msg)
		return IOT_FAIL;
	return iot_nl_run(msg, NULL, NULL, dev ? dev : found);
}

static int route_show(int argc, char **argv)
{
	return iot_table_show(LOWPAN_MESH_CMD_ROUTE_GET, route_print_reply,
			      argc, argv);
}

static const struct iot_cmd route_cmds[] = {
	{ "add", "DEST via NEXTHOP [dev NAME] [metric N]",
	  "add a static route to DEST; fails if DEST has one", route_add },
	{ "replace", "DEST via NEXTHOP [dev NAME] [metric N]",
	  "the same as add, but replaces the route DEST has", route_replace },
	{ "del", "DEST [dev NAME]", "delete the route to DEST", route_del },
	{ "show", "[dev NAME]", "list routes, of every mesh interface or NAME",
	  route_show },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj route_obj = {
	.name = "route",
	.help = "mesh routes (802.15.4 destination via next hop)",
	.cmds = route_cmds,
	.default_cmd = "show",
};

IOTCTL_OBJECT(route_obj)
