// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - iotctl stats: every counter of every mesh interface
 *
 * The kernel sends each counter with its name, so new counters show up here
 * without a new iotctl.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"

#define STAT_NAME_MAX	64	/* longest name printed for a nameless counter */

/* name and value of one LOWPAN_MESH_A_STAT; -EBADMSG when unusable */
static int stat_get(struct nlattr *stat, char *buf, size_t size,
		    const char **name, uint64_t *value)
{
	struct nlattr *sb[LOWPAN_MESH_STAT_A_MAX + 1];

	if (nla_parse_nested(sb, LOWPAN_MESH_STAT_A_MAX, stat,
			     lm_genl_stat_policy) < 0 ||
	    !sb[LOWPAN_MESH_STAT_A_VALUE])
		return -EBADMSG;
	*value = nla_get_u64(sb[LOWPAN_MESH_STAT_A_VALUE]);
	if (sb[LOWPAN_MESH_STAT_A_NAME] &&
	    nla_get_string(sb[LOWPAN_MESH_STAT_A_NAME])[0]) {
		*name = nla_get_string(sb[LOWPAN_MESH_STAT_A_NAME]);
	} else if (sb[LOWPAN_MESH_STAT_A_ID]) {
		snprintf(buf, size, "stat%u",
			 nla_get_u32(sb[LOWPAN_MESH_STAT_A_ID]));
		*name = buf;
	} else {
		return -EBADMSG;
	}
	return 0;
}

int stats_print_reply(struct nlattr **tb, void *arg)
{
	char ifname[IF_NAMESIZE], buf[STAT_NAME_MAX];
	const char *name = NULL, *sname;
	uint64_t value, hdr_in = 0, hdr_out = 0;
	struct nlattr *stat;
	int rem, width = 0, len, hdr = 0;

	(void)arg;
	if (!tb[LOWPAN_MESH_A_IFINDEX] || !tb[LOWPAN_MESH_A_STATS])
		return -EBADMSG;
	if (tb[LOWPAN_MESH_A_IFNAME])
		name = nla_get_string(tb[LOWPAN_MESH_A_IFNAME]);
	else
		name = if_indextoname(nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]),
				      ifname);

	/*
	 * Check every counter before printing anything, and find the longest
	 * name: the text form aligns the values after it.
	 */
	nla_for_each_nested(stat, tb[LOWPAN_MESH_A_STATS], rem) {
		if (nla_type(stat) != LOWPAN_MESH_A_STAT)
			continue;
		if (stat_get(stat, buf, sizeof(buf), &sname, &value))
			return -EBADMSG;
		len = (int)strlen(sname);
		if (len > width)
			width = len;
		if (!strcmp(sname, "tx_hdr_in")) {
			hdr_in = value;
			hdr |= 1;
		} else if (!strcmp(sname, "tx_hdr_out")) {
			hdr_out = value;
			hdr |= 2;
		}
	}

	open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s", name ? name : "?");
	print_uint(PRINT_ANY, "ifindex", " (ifindex %u):\n",
		   nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]));
	open_object("stats");
	nla_for_each_nested(stat, tb[LOWPAN_MESH_A_STATS], rem) {
		if (nla_type(stat) != LOWPAN_MESH_A_STAT ||
		    stat_get(stat, buf, sizeof(buf), &sname, &value))
			continue;
		print_string(PRINT_FP, NULL, "    %s", sname);
		print_text("%*s", width + 1 - (int)strlen(sname), "");
		print_u64(PRINT_ANY, sname, "%" PRIu64 "\n", value);
	}
	close_object();
	/* what header compression saved, from modules that count it */
	if (hdr == 3 && hdr_in) {
		print_text("    header compression: %" PRIu64
			   " bytes of IPv6/UDP headers sent in %" PRIu64 ",",
			   hdr_in, hdr_out);
		iot_print_saving(hdr_in, hdr_out);
		print_text("\n");
	}
	close_object();
	return 0;
}

static int stats_show(int argc, char **argv)
{
	return iot_dev_show(LOWPAN_MESH_CMD_STATS_GET, stats_print_reply, argc,
			    argv);
}

static const struct iot_cmd stats_cmds[] = {
	{ "show", "[NAME]",
	  "print every counter of every mesh interface, or of NAME",
	  stats_show },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj stats_obj = {
	.name = "stats",
	.help = "counters of mesh interfaces, with the kernel's names",
	.cmds = stats_cmds,
	.default_cmd = "show",
	.default_takes_args = true,
};

IOTCTL_OBJECT(stats_obj)
