// SPDX-License-Identifier: GPL-2.0
/*
 * ctx.c - iotctl ctx: the IPHC context table of a mesh interface (RFC 6282
 * contexts 0 to 15: add, del, show) and the node's context authority role
 *
 * Contexts are per interface. A command that changes them takes "dev NAME";
 * without it, it works on the only mesh interface of the namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

#define CTX_ID_MAX	15	/* 4-bit context identifier */
#define PREFIX_STRLEN	(INET6_ADDRSTRLEN + 4)	/* "addr/128" */

int ctx_print_reply(struct nlattr **tb, void *arg)
{
	char addr[INET6_ADDRSTRLEN], prefix[PREFIX_STRLEN], word[NAME_STRLEN];
	unsigned int plen;
	uint32_t life;

	if (!tb[LOWPAN_MESH_A_CTX_ID] || !tb[LOWPAN_MESH_A_CTX_PREFIX] ||
	    !tb[LOWPAN_MESH_A_CTX_PREFIX_LEN] ||
	    nla_len(tb[LOWPAN_MESH_A_CTX_PREFIX]) != 16)
		return -EBADMSG;
	plen = nla_get_u8(tb[LOWPAN_MESH_A_CTX_PREFIX_LEN]);
	if (plen > 128)
		return -EBADMSG;
	if (iot_nl_filtered(tb, arg))
		return 0;
	inet_ntop(AF_INET6, nla_data(tb[LOWPAN_MESH_A_CTX_PREFIX]), addr,
		  sizeof(addr));
	snprintf(prefix, sizeof(prefix), "%s/%u", addr, plen);

	open_object(NULL);
	print_uint(PRINT_ANY, "cid", "cid %u",
		   nla_get_u8(tb[LOWPAN_MESH_A_CTX_ID]));
	print_string(PRINT_ANY, "prefix", " prefix %s", prefix);
	iot_print_dev(tb);
	if (tb[LOWPAN_MESH_A_CTX_COMPRESS])
		print_onoff("compress",
			    nla_get_u8(tb[LOWPAN_MESH_A_CTX_COMPRESS]));
	/* from modules that report it: why compress on may not compress */
	if (tb[LOWPAN_MESH_A_CTX_PHASE])
		print_string(PRINT_ANY, "phase", " phase %s",
			     name_of(&ctx_phases,
				     nla_get_u8(tb[LOWPAN_MESH_A_CTX_PHASE]),
				     word));
	if (tb[LOWPAN_MESH_A_CTX_LIFETIME]) {
		life = nla_get_u32(tb[LOWPAN_MESH_A_CTX_LIFETIME]);
		print_uint(PRINT_JSON, "lifetime", NULL, life);
		print_bool(PRINT_JSON, "expires", NULL, life != 0);
		if (life)
			print_uint(PRINT_FP, NULL, " lifetime %us", life);
		else
			print_text(" lifetime forever");
	}
	if (tb[LOWPAN_MESH_A_CTX_ORIGIN])
		print_string(PRINT_ANY, "origin", " origin %s",
			     name_of(&ctx_origins,
				     nla_get_u8(tb[LOWPAN_MESH_A_CTX_ORIGIN]),
				     word));
	if (tb[LOWPAN_MESH_A_CTX_VERSION])
		print_uint(PRINT_ANY, "version", " version %u",
			   nla_get_u32(tb[LOWPAN_MESH_A_CTX_VERSION]));
	print_nl();
	close_object();
	return 0;
}

static int parse_cid(const char *s, uint32_t *cid)
{
	if (parse_u32(s, 0, CTX_ID_MAX, cid))
		return iot_usage_err("invalid context id \"%s\" (0 to %d)", s,
				     CTX_ID_MAX);
	return IOT_OK;
}

/* a request for the interface @dev (or the only one) and context @cid */
static int ctx_request(uint8_t cmd, const char *dev, struct nl_msg **out,
		       const char **what, char found[IF_NAMESIZE])
{
	unsigned int ifindex;
	struct nl_msg *msg;
	int ret;

	ret = iot_mesh_dev(dev, &ifindex, found);
	if (ret)
		return ret;
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_dev_msg(cmd, false, ifindex);
	if (!msg)
		return IOT_FAIL;
	*out = msg;
	*what = dev ? dev : found;
	return IOT_OK;
}

static int ctx_add(int argc, char **argv)
{
	char found[IF_NAMESIZE];
	const char *dev = NULL, *what;
	struct in6_addr prefix;
	unsigned int plen;
	uint32_t cid, life = 0;
	bool compress = true, have_compress = false, have_life = false;
	struct nl_msg *msg;
	int i, ret = IOT_OK, err;

	if (argc < 1)
		return iot_usage_err("missing CID");
	ret = parse_cid(argv[0], &cid);
	if (ret)
		return ret;
	if (argc < 2)
		return iot_usage_err("missing PREFIX/LEN");
	err = parse_ipv6_prefix(argv[1], &prefix, &plen);
	if (err || plen == 0)
		return iot_usage_err("invalid prefix \"%s\" (IPv6 PREFIX/LEN, LEN 1 to 128, no bit set past LEN)",
				     argv[1]);
	for (i = 2; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else if (!strcmp(argv[i], "compress")) {
			if (have_compress)
				return iot_usage_err("compress given twice");
			if (++i == argc)
				return iot_usage_err("compress needs on or off");
			if (parse_onoff(argv[i], &compress))
				return iot_usage_err("invalid compress \"%s\" (on or off)",
						     argv[i]);
			have_compress = true;
		} else if (!strcmp(argv[i], "lifetime")) {
			if (have_life)
				return iot_usage_err("lifetime given twice");
			if (++i == argc)
				return iot_usage_err("lifetime needs seconds or forever");
			if (!strcmp(argv[i], "forever"))
				life = 0;
			else if (parse_u32(argv[i], 1, UINT32_MAX, &life))
				return iot_usage_err("invalid lifetime \"%s\" (1 to %u seconds, or forever)",
						     argv[i], UINT32_MAX);
			have_life = true;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (iot_check_only)
		return IOT_OK;
	ret = ctx_request(LOWPAN_MESH_CMD_CTX_ADD, dev, &msg, &what, found);
	if (ret)
		return ret;
	if (nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, (uint8_t)cid) ||
	    nla_put(msg, LOWPAN_MESH_A_CTX_PREFIX, sizeof(prefix), &prefix) ||
	    nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, (uint8_t)plen) ||
	    (have_compress &&
	     nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, compress)) ||
	    (have_life && nla_put_u32(msg, LOWPAN_MESH_A_CTX_LIFETIME, life))) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	return iot_nl_run(msg, NULL, NULL, what);
}

static int ctx_del(int argc, char **argv)
{
	char found[IF_NAMESIZE];
	const char *dev = NULL, *what;
	struct nl_msg *msg;
	uint32_t cid;
	int i, ret = IOT_OK;

	if (argc < 1)
		return iot_usage_err("missing CID");
	ret = parse_cid(argv[0], &cid);
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
	ret = ctx_request(LOWPAN_MESH_CMD_CTX_DEL, dev, &msg, &what, found);
	if (ret)
		return ret;
	if (nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, (uint8_t)cid)) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	return iot_nl_run(msg, NULL, NULL, what);
}

static int ctx_show(int argc, char **argv)
{
	return iot_table_show(LOWPAN_MESH_CMD_CTX_GET, ctx_print_reply,
			      argc, argv);
}

static int ctx_authority(int argc, char **argv)
{
	char found[IF_NAMESIZE];
	const char *dev = NULL, *what;
	struct nl_msg *msg;
	int i, role, ret = IOT_OK;

	if (argc < 1)
		return iot_usage_err("missing on, off or auto");
	role = parse_name(&ctx_authorities, argv[0]);
	if (role < 0)
		return iot_usage_err("invalid role \"%s\" (on, off or auto)",
				     argv[0]);
	for (i = 1; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (iot_check_only)
		return IOT_OK;
	ret = ctx_request(LOWPAN_MESH_CMD_CTX_AUTHORITY, dev, &msg, &what,
			  found);
	if (ret)
		return ret;
	if (nla_put_u8(msg, LOWPAN_MESH_A_CTX_AUTHORITY, (uint8_t)role)) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	return iot_nl_run(msg, NULL, NULL, what);
}

static const struct iot_cmd ctx_cmds[] = {
	{ "add", "CID PREFIX/LEN [dev NAME] [compress on|off] [lifetime S|forever]",
	  "add IPHC context CID (0 to 15), or replace it", ctx_add },
	{ "del", "CID [dev NAME]", "delete context CID", ctx_del },
	{ "show", "[dev NAME]",
	  "list the contexts of every mesh interface, or of NAME", ctx_show },
	{ "authority", "on|off|auto [dev NAME]",
	  "flood this node's contexts (on), adopt the mesh's (off), or assign them too (auto)",
	  ctx_authority },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj ctx_obj = {
	.name = "ctx",
	.help = "IPHC compression contexts of mesh interfaces",
	.cmds = ctx_cmds,
	.default_cmd = "show",
};

IOTCTL_OBJECT(ctx_obj)
