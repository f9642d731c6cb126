// SPDX-License-Identifier: GPL-2.0
/*
 * dev.c - iotctl dev: create, delete and list mesh interfaces
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

/* one mesh interface of a DEV_GET or DEV_ADD reply, text or JSON */
int dev_print_reply(struct nlattr **tb, void *arg)
{
	char ifname[IF_NAMESIZE], ext[EXT_ADDR_STRLEN], sa[SHORT_ADDR_STRLEN];
	const char *name = NULL;

	(void)arg;
	if (!tb[LOWPAN_MESH_A_IFINDEX])
		return -EBADMSG;
	if (tb[LOWPAN_MESH_A_IFNAME])
		name = nla_get_string(tb[LOWPAN_MESH_A_IFNAME]);
	else
		name = if_indextoname(nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]),
				      ifname);

	open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s:", name ? name : "?");
	print_uint(PRINT_ANY, "ifindex", " ifindex %u",
		   nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]));
	if (tb[LOWPAN_MESH_A_WPAN_IFNAME])
		print_string(PRINT_ANY, "wpan_ifname", " wpan %s",
			     nla_get_string(tb[LOWPAN_MESH_A_WPAN_IFNAME]));
	if (tb[LOWPAN_MESH_A_WPAN_IFINDEX])
		print_uint(PRINT_ANY, "wpan_ifindex", " (ifindex %u)",
			   nla_get_u32(tb[LOWPAN_MESH_A_WPAN_IFINDEX]));
	if (tb[LOWPAN_MESH_A_OPER_UP])
		print_string(PRINT_ANY, "operstate", " state %s",
			     nla_get_u8(tb[LOWPAN_MESH_A_OPER_UP]) ?
			     "up" : "down");
	if (tb[LOWPAN_MESH_A_MTU])
		print_uint(PRINT_ANY, "mtu", " mtu %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_MTU]));
	print_nl();
	if (tb[LOWPAN_MESH_A_EXT_ADDR] || tb[LOWPAN_MESH_A_SHORT_ADDR] ||
	    tb[LOWPAN_MESH_A_PAN_ID])
		print_text("   ");
	if (tb[LOWPAN_MESH_A_EXT_ADDR])
		print_string(PRINT_ANY, "ext_addr", " ext_addr %s",
			     format_ext_addr(nla_get_u64(tb[LOWPAN_MESH_A_EXT_ADDR]),
					     ext));
	if (tb[LOWPAN_MESH_A_SHORT_ADDR])
		print_string(PRINT_ANY, "short_addr", " short_addr %s",
			     format_short_addr(nla_get_u16(tb[LOWPAN_MESH_A_SHORT_ADDR]),
					       sa));
	if (tb[LOWPAN_MESH_A_PAN_ID])
		print_string(PRINT_ANY, "pan_id", " pan_id %s",
			     format_short_addr(nla_get_u16(tb[LOWPAN_MESH_A_PAN_ID]),
					       sa));
	if (tb[LOWPAN_MESH_A_EXT_ADDR] || tb[LOWPAN_MESH_A_SHORT_ADDR] ||
	    tb[LOWPAN_MESH_A_PAN_ID])
		print_nl();
	close_object();
	return 0;
}

static int dev_add(int argc, char **argv)
{
	const char *wpan = NULL, *name = NULL;
	unsigned int wpan_ifindex;
	struct nl_msg *msg;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "name")) {
			if (name)
				return iot_usage_err("name given twice");
			if (++i == argc)
				return iot_usage_err("name needs a NAME");
			name = argv[i];
			if (!valid_ifname(name))
				return iot_usage_err("invalid interface name \"%s\" (1 to %d characters, no '/', ':' or blanks)",
						     name, IF_NAMESIZE - 1);
		} else if (!wpan) {
			wpan = argv[i];
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (!wpan)
		return iot_usage_err("missing WPANDEV");
	ret = iot_ifindex(wpan, "wpan device", &wpan_ifindex);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_msg(LOWPAN_MESH_CMD_DEV_ADD, false);
	if (!msg || nla_put_u32(msg, LOWPAN_MESH_A_WPAN_IFINDEX, wpan_ifindex) ||
	    (name && nla_put_string(msg, LOWPAN_MESH_A_IFNAME, name))) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	print_list_begin();
	ret = iot_nl_run(msg, dev_print_reply, NULL, wpan);
	print_list_end(!ret);
	return ret;
}

/* a request naming one mesh interface by index, NULL when out of memory */
static struct nl_msg *dev_msg(uint8_t cmd, unsigned int ifindex)
{
	struct nl_msg *msg;

	msg = iot_nl_msg(cmd, false);
	if (msg && nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ifindex)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		iot_cmd_err("out of memory");
	return msg;
}

static int dev_del(int argc, char **argv)
{
	unsigned int ifindex;
	struct nl_msg *msg;
	int ret;

	if (argc < 1)
		return iot_usage_err("missing NAME");
	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	ret = iot_ifindex(argv[0], "device", &ifindex);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = dev_msg(LOWPAN_MESH_CMD_DEV_DEL, ifindex);
	if (!msg)
		return IOT_FAIL;
	return iot_nl_run(msg, NULL, NULL, argv[0]);
}

static int dev_show(int argc, char **argv)
{
	unsigned int ifindex = 0;
	struct nl_msg *msg;
	int ret;

	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	if (argc == 1) {
		ret = iot_ifindex(argv[0], "device", &ifindex);
		if (ret)
			return ret;
	}
	ret = iot_nl_open();
	if (ret)
		return ret;
	if (ifindex) {
		msg = dev_msg(LOWPAN_MESH_CMD_DEV_GET, ifindex);
	} else {
		msg = iot_nl_msg(LOWPAN_MESH_CMD_DEV_GET, true);
		if (!msg)
			iot_cmd_err("out of memory");
	}
	if (!msg)
		return IOT_FAIL;
	print_list_begin();
	ret = iot_nl_run(msg, dev_print_reply, NULL, argc ? argv[0] : NULL);
	print_list_end(!ret);
	return ret;
}

static const struct iot_cmd dev_cmds[] = {
	{ "add", "WPANDEV [name NAME]",
	  "create a mesh interface on the 802.15.4 device WPANDEV and print it",
	  dev_add },
	{ "del", "NAME", "delete the mesh interface NAME", dev_del },
	{ "show", "[NAME]", "list mesh interfaces, or only NAME", dev_show },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj dev_obj = {
	.name = "dev",
	.help = "mesh interfaces",
	.cmds = dev_cmds,
	.default_cmd = "show",
};

IOTCTL_OBJECT(dev_obj)
