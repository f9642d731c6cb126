// SPDX-License-Identifier: GPL-2.0
/*
 * dev.c - iotctl dev: create, delete and list mesh interfaces
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "iotctl.h"
#include "json_print.h"
#include "llsec.h"
#include "nl.h"
#include "parse.h"

/* one mesh interface of a DEV_GET or DEV_ADD reply, text or JSON */
int dev_print_reply(struct nlattr **tb, void *arg)
{
	char ifname[IF_NAMESIZE], ext[EXT_ADDR_STRLEN], sa[SHORT_ADDR_STRLEN];
	char word[NAME_STRLEN];
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
	if (tb[LOWPAN_MESH_A_HOPS_LEFT])
		print_uint(PRINT_ANY, "hops_left", " hops_left %u",
			   nla_get_u8(tb[LOWPAN_MESH_A_HOPS_LEFT]));
	if (tb[LOWPAN_MESH_A_FLOOD])
		print_onoff("flood", nla_get_u8(tb[LOWPAN_MESH_A_FLOOD]));
	if (tb[LOWPAN_MESH_A_CTX_AUTHORITY])
		print_string(PRINT_ANY, "ctx_authority", " ctx_authority %s",
			     name_of(&ctx_authorities,
				     nla_get_u8(tb[LOWPAN_MESH_A_CTX_AUTHORITY]),
				     word));
	if (tb[LOWPAN_MESH_A_CTX_VERSION])
		print_uint(PRINT_ANY, "ctx_version", " ctx_version %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_CTX_VERSION]));
	/* on the first line, which scripts read as one line of settings */
	if (tb[LOWPAN_MESH_A_ROUTING]) {
		print_onoff("routing", nla_get_u8(tb[LOWPAN_MESH_A_ROUTING]));
		if (tb[LOWPAN_MESH_A_HELLO_MS])
			print_uint(PRINT_ANY, "hello_ms", " hello_ms %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_HELLO_MS]));
		if (tb[LOWPAN_MESH_A_HELLO_MISS])
			print_uint(PRINT_ANY, "hello_miss", " hello_miss %u",
				   nla_get_u8(tb[LOWPAN_MESH_A_HELLO_MISS]));
		if (tb[LOWPAN_MESH_A_ADV_IMIN_MS])
			print_uint(PRINT_ANY, "adv_imin_ms", " adv_imin_ms %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_ADV_IMIN_MS]));
		if (tb[LOWPAN_MESH_A_ADV_IMAX_MS])
			print_uint(PRINT_ANY, "adv_imax_ms", " adv_imax_ms %u",
				   nla_get_u32(tb[LOWPAN_MESH_A_ADV_IMAX_MS]));
	}
	if (tb[LOWPAN_MESH_A_SECURITY])
		print_onoff("security", nla_get_u8(tb[LOWPAN_MESH_A_SECURITY]));
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
	if (iot_check_only)
		return valid_ifname(wpan) ? IOT_OK :
		       iot_usage_err("invalid wpan device name \"%s\"", wpan);
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
	msg = iot_nl_dev_msg(LOWPAN_MESH_CMD_DEV_DEL, false, ifindex);
	if (!msg)
		return IOT_FAIL;
	return iot_nl_run(msg, NULL, NULL, argv[0]);
}

static int dev_show(int argc, char **argv)
{
	return iot_dev_show(LOWPAN_MESH_CMD_DEV_GET, dev_print_reply, argc,
			    argv);
}

/* HOPS_LEFT is a u8; 0 would drop every frame this node originates */
#define HOPS_MIN	1
#define HOPS_MAX	255

static int dev_set(int argc, char **argv)
{
	unsigned int ifindex;
	struct nl_msg *msg;
	uint32_t hops = 0;
	bool have_hops = false, flood = false, have_flood = false;
	bool routing = false, have_routing = false;
	/* routing timers: hello_ms, hello_miss, adv_imin_ms, adv_imax_ms */
	static const struct {
		const char *word;
		uint32_t min, max;
		int attr;
		bool u8;
	} tm[] = {
		{ "hello_ms", 100, 65535, LOWPAN_MESH_A_HELLO_MS, false },
		{ "hello_miss", 2, 20, LOWPAN_MESH_A_HELLO_MISS, true },
		{ "adv_imin_ms", 100, 60000, LOWPAN_MESH_A_ADV_IMIN_MS, false },
		{ "adv_imax_ms", 100, 600000, LOWPAN_MESH_A_ADV_IMAX_MS, false },
	};
	uint32_t tv[4] = { 0 };
	bool have_tv[4] = { false }, any_tv = false;
	unsigned int k;
	int i, ret, err;

	if (argc < 1)
		return iot_usage_err("missing NAME");
	if (llsec_dev_set_wanted(argc, argv))	/* key.c */
		return llsec_dev_set(argc, argv);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "hops")) {
			if (have_hops)
				return iot_usage_err("hops given twice");
			if (++i == argc)
				return iot_usage_err("hops needs a number");
			err = parse_u32(argv[i], HOPS_MIN, HOPS_MAX, &hops);
			if (err)
				return iot_usage_err("invalid hops \"%s\" (%d to %d)",
						     argv[i], HOPS_MIN, HOPS_MAX);
			have_hops = true;
		} else if (!strcmp(argv[i], "flood")) {
			if (have_flood)
				return iot_usage_err("flood given twice");
			if (++i == argc)
				return iot_usage_err("flood needs on or off");
			if (parse_onoff(argv[i], &flood))
				return iot_usage_err("invalid flood \"%s\" (on or off)",
						     argv[i]);
			have_flood = true;
		} else if (!strcmp(argv[i], "routing")) {
			if (have_routing)
				return iot_usage_err("routing given twice");
			if (++i == argc)
				return iot_usage_err("routing needs on or off");
			if (parse_onoff(argv[i], &routing))
				return iot_usage_err("invalid routing \"%s\" (on or off)",
						     argv[i]);
			have_routing = true;
		} else {
			for (k = 0; k < 4; k++)
				if (!strcmp(argv[i], tm[k].word))
					break;
			if (k == 4)
				return iot_usage_err("unexpected argument \"%s\"",
						     argv[i]);
			if (have_tv[k])
				return iot_usage_err("%s given twice",
						     tm[k].word);
			if (++i == argc)
				return iot_usage_err("%s needs a number",
						     tm[k].word);
			if (parse_u32(argv[i], tm[k].min, tm[k].max, &tv[k]))
				return iot_usage_err("invalid %s \"%s\" (%u to %u)",
						     tm[k].word, argv[i],
						     tm[k].min, tm[k].max);
			have_tv[k] = true;
			any_tv = true;
		}
	}
	if (!have_hops && !have_flood && !have_routing && !any_tv)
		return iot_usage_err("nothing to set (hops N, flood on|off, routing on|off, hello_ms N, hello_miss N, adv_imin_ms N, adv_imax_ms N)");
	if (iot_check_only)
		return IOT_OK;
	ret = iot_ifindex(argv[0], "device", &ifindex);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_dev_msg(LOWPAN_MESH_CMD_DEV_SET, false, ifindex);
	if (!msg)
		return IOT_FAIL;
	if ((have_hops &&
	     nla_put_u8(msg, LOWPAN_MESH_A_HOPS_LEFT, (uint8_t)hops)) ||
	    (have_flood && nla_put_u8(msg, LOWPAN_MESH_A_FLOOD, flood)) ||
	    (have_routing &&
	     nla_put_u8(msg, LOWPAN_MESH_A_ROUTING, routing))) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	for (k = 0; k < 4; k++) {
		if (!have_tv[k])
			continue;
		if (tm[k].u8 ? nla_put_u8(msg, tm[k].attr, (uint8_t)tv[k]) :
		    nla_put_u32(msg, tm[k].attr, tv[k])) {
			nlmsg_free(msg);
			iot_cmd_err("out of memory");
			return IOT_FAIL;
		}
	}
	return iot_nl_run(msg, NULL, NULL, argv[0]);
}

struct only_dev {
	unsigned int count;
	unsigned int ifindex;
	char name[IF_NAMESIZE];
};

static int only_dev_cb(struct nlattr **tb, void *arg)
{
	struct only_dev *od = arg;
	char buf[IF_NAMESIZE];
	const char *name;

	if (!tb[LOWPAN_MESH_A_IFINDEX])
		return -EBADMSG;
	od->count++;
	od->ifindex = nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]);
	name = iot_nl_ifname(tb, buf);
	snprintf(od->name, sizeof(od->name), "%s", name ? name : "?");
	return 0;
}

int iot_mesh_dev(const char *name, unsigned int *ifindex, char buf[IF_NAMESIZE])
{
	struct only_dev od = { 0 };
	struct nl_msg *msg;
	int ret;

	if (name)
		return iot_ifindex(name, "device", ifindex);
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_msg(LOWPAN_MESH_CMD_DEV_GET, true);
	if (!msg) {
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	ret = iot_nl_run(msg, only_dev_cb, &od, NULL);
	if (ret)
		return ret;
	if (od.count != 1) {
		iot_cmd_err("%s: name one with \"dev NAME\"",
			    od.count ? "several mesh interfaces" :
			    "no mesh interface");
		return IOT_FAIL;
	}
	*ifindex = od.ifindex;
	snprintf(buf, IF_NAMESIZE, "%s", od.name);
	return IOT_OK;
}

struct on_wpan {
	unsigned int wpan;
	unsigned int n;
	unsigned int ifindex[16];
};

static int on_wpan_cb(struct nlattr **tb, void *arg)
{
	struct on_wpan *w = arg;

	if (tb[LOWPAN_MESH_A_IFINDEX] && tb[LOWPAN_MESH_A_WPAN_IFINDEX] &&
	    nla_get_u32(tb[LOWPAN_MESH_A_WPAN_IFINDEX]) == w->wpan &&
	    w->n < sizeof(w->ifindex) / sizeof(w->ifindex[0]))
		w->ifindex[w->n++] = nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]);
	return 0;
}

void iot_mesh_sec_sync(unsigned int wpan_ifindex)
{
	struct on_wpan w = { .wpan = wpan_ifindex };
	struct nl_msg *msg;
	unsigned int i;

	if (access("/sys/module/lowpan_mesh", F_OK) || iot_nl_open())
		return;
	msg = iot_nl_msg(LOWPAN_MESH_CMD_DEV_GET, true);
	if (!msg || iot_nl_run(msg, on_wpan_cb, &w, NULL))
		return;
	/* a DEV_GET of one interface reads the switch from mac802154 */
	for (i = 0; i < w.n; i++) {
		msg = iot_nl_dev_msg(LOWPAN_MESH_CMD_DEV_GET, false,
				     w.ifindex[i]);
		if (msg)
			iot_nl_run(msg, NULL, NULL, NULL);
	}
}

static const struct iot_cmd dev_cmds[] = {
	{ "add", "WPANDEV [name NAME]",
	  "create a mesh interface on the 802.15.4 device WPANDEV and print it",
	  dev_add },
	{ "del", "NAME", "delete the mesh interface NAME", dev_del },
	{ "set", "NAME [hops N] [flood on|off] [routing on|off] [hello_ms N] [hello_miss N] [adv_imin_ms N] [adv_imax_ms N] | NAME security on|off [security-level L]",
	  "set the hops left of the mesh headers NAME originates (1 to 255), flood multicast or not, mesh routing and its timers",
	  dev_set },
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
