// SPDX-License-Identifier: GPL-2.0
/*
 * monitor.c - iotctl monitor: print the events of the lowpan_mesh "events"
 * group as they come, one line (or one JSON object) per event
 *
 * Mesh interfaces created and deleted (DEV_ADD, DEV_DEL) and changes of the
 * route, neighbour and context tables (EVENT). Runs until SIGINT or SIGTERM,
 * or until "count N" events were printed.
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

/* the details a table event may carry beyond the interface, when there */
static void print_details(struct nlattr **tb)
{
	char a[EXT_ADDR_STRLEN], word[NAME_STRLEN];
	const char *s;

	s = iot_nl_get_addr(tb, LOWPAN_MESH_A_DST_SHORT, LOWPAN_MESH_A_DST_EXT, a);
	if (s)
		print_string(PRINT_ANY, "dst", " dst %s", s);
	s = iot_nl_get_addr(tb, LOWPAN_MESH_A_NEXTHOP_SHORT,
			    LOWPAN_MESH_A_NEXTHOP_EXT, a);
	if (s)
		print_string(PRINT_ANY, "nexthop", " via %s", s);
	if (tb[LOWPAN_MESH_A_METRIC])
		print_uint(PRINT_ANY, "metric", " metric %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_METRIC]));
	if (tb[LOWPAN_MESH_A_ROUTE_ORIGIN])
		print_string(PRINT_ANY, "origin", " origin %s",
			     name_of(&route_origins,
				     nla_get_u8(tb[LOWPAN_MESH_A_ROUTE_ORIGIN]),
				     word));
	if (tb[LOWPAN_MESH_A_NEIGH_SHORT])
		print_string(PRINT_ANY, "short_addr", " short %s",
			     format_short_addr(nla_get_u16(tb[LOWPAN_MESH_A_NEIGH_SHORT]),
					       a));
	if (tb[LOWPAN_MESH_A_NEIGH_EXT])
		print_string(PRINT_ANY, "ext_addr", " ext %s",
			     format_ext_addr(nla_get_u64(tb[LOWPAN_MESH_A_NEIGH_EXT]),
					     a));
	if (tb[LOWPAN_MESH_A_NEIGH_STATE])
		print_string(PRINT_ANY, "state", " state %s",
			     name_of(&neigh_states,
				     nla_get_u8(tb[LOWPAN_MESH_A_NEIGH_STATE]),
				     word));
	if (tb[LOWPAN_MESH_A_CTX_ID])
		print_uint(PRINT_ANY, "cid", " cid %u",
			   nla_get_u8(tb[LOWPAN_MESH_A_CTX_ID]));
	if (tb[LOWPAN_MESH_A_CTX_VERSION])
		print_uint(PRINT_ANY, "version", " version %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_CTX_VERSION]));
}

int monitor_print_event(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct monitor_filter *f = arg;
	char word[NAME_STRLEN], buf[NAME_STRLEN + 8], ifname[IF_NAMESIZE];
	const char *what, *name;

	switch (cmd) {
	case LOWPAN_MESH_CMD_DEV_ADD:
		what = "dev_add";
		break;
	case LOWPAN_MESH_CMD_DEV_DEL:
		what = "dev_del";
		break;
	case LOWPAN_MESH_CMD_EVENT:
		if (!tb[LOWPAN_MESH_A_EVENT])
			return 0;	/* nothing to say: not counted */
		what = name_of(&mesh_events, nla_get_u8(tb[LOWPAN_MESH_A_EVENT]),
			       word);
		if (what == word) {	/* a newer kernel's event */
			snprintf(buf, sizeof(buf), "event%s", word);
			what = buf;
		}
		break;
	default:
		return 0;		/* replies to others, newer commands */
	}
	if (f && iot_nl_filtered(tb, &f->ifindex))
		return 0;

	open_object(NULL);
	print_string(PRINT_JSON, "event", NULL, what);
	if (cmd == LOWPAN_MESH_CMD_DEV_ADD || cmd == LOWPAN_MESH_CMD_DEV_DEL) {
		/* "dev add mesh0 ifindex 4 wpan wpan0", as iotctl dev add */
		print_text("dev %s", cmd == LOWPAN_MESH_CMD_DEV_ADD ? "add" : "del");
		name = iot_nl_ifname(tb, ifname);
		if (name)
			print_string(PRINT_ANY, "ifname", " %s", name);
		if (tb[LOWPAN_MESH_A_IFINDEX])
			print_uint(PRINT_ANY, "ifindex", " ifindex %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]));
		/* the rest is dev show's: its settings are no news here */
		if (tb[LOWPAN_MESH_A_WPAN_IFNAME])
			print_string(PRINT_ANY, "wpan_ifname", " wpan %s",
				     nla_get_string(tb[LOWPAN_MESH_A_WPAN_IFNAME]));
	} else {
		/* "route dev mesh0 ...", as route show */
		print_text("%s", what);
		iot_print_dev(tb);
		print_details(tb);
	}
	close_object();
	/* one line per event, also in JSON, and out at once for a pipe */
	print_eol();
	if (f && f->count && ++f->seen >= f->count)
		return 1;
	return 0;
}

static int monitor_events(int argc, char **argv)
{
	struct monitor_filter f = { 0 };
	const char *dev = NULL;
	uint64_t count;
	bool have_count = false;
	int i, ret = IOT_OK;

	for (i = 0; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else if (!strcmp(argv[i], "count")) {
			if (have_count)
				return iot_usage_err("count given twice");
			if (++i == argc)
				return iot_usage_err("count needs a number");
			if (parse_uint(argv[i], 1, UINT32_MAX, &count))
				return iot_usage_err("invalid count \"%s\" (1 to %u)",
						     argv[i], UINT32_MAX);
			f.count = (unsigned long)count;
			have_count = true;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (dev) {
		ret = iot_ifindex(dev, "device", &f.ifindex);
		if (ret)
			return ret;
	}
	return iot_nl_monitor(monitor_print_event, &f);
}

static const struct iot_cmd monitor_cmds[] = {
	{ "events", "[dev NAME] [count N]",
	  "print events (interfaces, routes, neighbours, contexts) until interrupted or N were printed",
	  monitor_events },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj monitor_obj = {
	.name = "monitor",
	.help = "watch interfaces, routes, neighbours and contexts change",
	.cmds = monitor_cmds,
	.default_cmd = "events",
	.default_takes_args = true,
};

IOTCTL_OBJECT(monitor_obj)
