// SPDX-License-Identifier: GPL-2.0
/*
 * radio.c - iotctl radio: show and set the 802.15.4 settings of wpan devices
 *
 * Talks to the kernel's own "nl802154" generic netlink family (the one
 * iwpan uses), so that a node is configured with iotctl alone. Only the
 * stock commands are used, none of the experimental (security) ones.
 * The lowpan_mesh module is not needed: the radio is set up before it.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <lmesh/genl.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl802154.h"
#include "parse.h"
#include "radio.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* --- replies ------------------------------------------------------------ */

static struct nla_policy radio_policy[IOT_NL802154_ATTR_MAX_USED + 1] = {
	[IOT_NL802154_ATTR_WPAN_PHY]		= { .type = NLA_U32 },
	[IOT_NL802154_ATTR_WPAN_PHY_NAME]	= { .type = NLA_STRING },
	[IOT_NL802154_ATTR_IFINDEX]		= { .type = NLA_U32 },
	[IOT_NL802154_ATTR_IFNAME]		= { .type = NLA_STRING },
	[IOT_NL802154_ATTR_IFTYPE]		= { .type = NLA_U32 },
	[IOT_NL802154_ATTR_PAGE]		= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_CHANNEL]		= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_PAN_ID]		= { .type = NLA_U16 },
	[IOT_NL802154_ATTR_SHORT_ADDR]		= { .type = NLA_U16 },
	[IOT_NL802154_ATTR_TX_POWER]		= { .type = NLA_U32 },
	[IOT_NL802154_ATTR_MAX_FRAME_RETRIES]	= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_MAX_BE]		= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_MIN_BE]		= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_MAX_CSMA_BACKOFFS]	= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_LBT_MODE]		= { .type = NLA_U8 },
	[IOT_NL802154_ATTR_EXTENDED_ADDR]	= { .type = NLA_U64 },
	[IOT_NL802154_ATTR_WPAN_PHY_CAPS]	= { .type = NLA_NESTED },
	[IOT_NL802154_ATTR_ACKREQ_DEFAULT]	= { .type = NLA_U8 },
};

static struct nla_policy caps_policy[IOT_NL802154_CAP_ATTR_MAX_USED + 1] = {
	[IOT_NL802154_CAP_ATTR_CHANNELS]	= { .type = NLA_NESTED },
	[IOT_NL802154_CAP_ATTR_TX_POWERS]	= { .type = NLA_NESTED },
	[IOT_NL802154_CAP_ATTR_MIN_MINBE]	= { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MAX_MINBE]	= { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MIN_MAXBE]	= { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MAX_MAXBE]	= { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MIN_CSMA_BACKOFFS] = { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MAX_CSMA_BACKOFFS] = { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MIN_FRAME_RETRIES] = { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_MAX_FRAME_RETRIES] = { .type = NLA_U8 },
	[IOT_NL802154_CAP_ATTR_LBT]		= { .type = NLA_U32 },
};

static int parse_top(struct nlmsghdr *nlh, struct nlattr **tb)
{
	if (genlmsg_parse(nlh, 0, tb, IOT_NL802154_ATTR_MAX_USED,
			  radio_policy) < 0)
		return -EBADMSG;
	return 0;
}

int radio_parse_iface(struct nlmsghdr *nlh, struct radio_info *ri)
{
	struct nlattr *tb[IOT_NL802154_ATTR_MAX_USED + 1];

	memset(ri, 0, sizeof(*ri));
	ri->up = -1;
	if (parse_top(nlh, tb) || !tb[IOT_NL802154_ATTR_IFINDEX])
		return -EBADMSG;
	ri->ifindex = nla_get_u32(tb[IOT_NL802154_ATTR_IFINDEX]);
	if (tb[IOT_NL802154_ATTR_IFNAME])
		snprintf(ri->ifname, sizeof(ri->ifname), "%s",
			 nla_get_string(tb[IOT_NL802154_ATTR_IFNAME]));
	if (tb[IOT_NL802154_ATTR_IFTYPE]) {
		ri->has_iftype = true;
		ri->iftype = nla_get_u32(tb[IOT_NL802154_ATTR_IFTYPE]);
	}
	if (tb[IOT_NL802154_ATTR_WPAN_PHY]) {
		ri->has_phy = true;
		ri->phy = nla_get_u32(tb[IOT_NL802154_ATTR_WPAN_PHY]);
	}
	/* the kernel sends these three together, little-endian */
	if (tb[IOT_NL802154_ATTR_EXTENDED_ADDR] &&
	    tb[IOT_NL802154_ATTR_SHORT_ADDR] && tb[IOT_NL802154_ATTR_PAN_ID]) {
		ri->has_addr = true;
		ri->ext_addr = le64toh(nla_get_u64(tb[IOT_NL802154_ATTR_EXTENDED_ADDR]));
		ri->short_addr = le16toh(nla_get_u16(tb[IOT_NL802154_ATTR_SHORT_ADDR]));
		ri->pan_id = le16toh(nla_get_u16(tb[IOT_NL802154_ATTR_PAN_ID]));
	}
	/* and these (the MAC PIB) together */
	if (tb[IOT_NL802154_ATTR_MAX_FRAME_RETRIES] &&
	    tb[IOT_NL802154_ATTR_MAX_BE] && tb[IOT_NL802154_ATTR_MIN_BE] &&
	    tb[IOT_NL802154_ATTR_MAX_CSMA_BACKOFFS] &&
	    tb[IOT_NL802154_ATTR_LBT_MODE] &&
	    tb[IOT_NL802154_ATTR_ACKREQ_DEFAULT]) {
		ri->has_mac = true;
		ri->max_frame_retries =
			(int8_t)nla_get_u8(tb[IOT_NL802154_ATTR_MAX_FRAME_RETRIES]);
		ri->max_be = nla_get_u8(tb[IOT_NL802154_ATTR_MAX_BE]);
		ri->min_be = nla_get_u8(tb[IOT_NL802154_ATTR_MIN_BE]);
		ri->csma_backoffs =
			nla_get_u8(tb[IOT_NL802154_ATTR_MAX_CSMA_BACKOFFS]);
		ri->lbt = nla_get_u8(tb[IOT_NL802154_ATTR_LBT_MODE]);
		ri->ackreq = nla_get_u8(tb[IOT_NL802154_ATTR_ACKREQ_DEFAULT]);
	}
	return 0;
}

static int parse_caps(struct nlattr *attr, struct radio_caps *c)
{
	struct nlattr *ctb[IOT_NL802154_CAP_ATTR_MAX_USED + 1];
	struct nlattr *page, *ch, *pw;
	int rem, rem2;

	memset(c, 0, sizeof(*c));
	if (nla_parse_nested(ctb, IOT_NL802154_CAP_ATTR_MAX_USED, attr,
			     caps_policy) < 0)
		return -EBADMSG;
	if (!ctb[IOT_NL802154_CAP_ATTR_CHANNELS] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MIN_MINBE] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MAX_MINBE] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MIN_MAXBE] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MAX_MAXBE] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MIN_CSMA_BACKOFFS] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MAX_CSMA_BACKOFFS] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MIN_FRAME_RETRIES] ||
	    !ctb[IOT_NL802154_CAP_ATTR_MAX_FRAME_RETRIES] ||
	    !ctb[IOT_NL802154_CAP_ATTR_LBT])
		return 0;	/* not what we know: no checks here */
	nla_for_each_nested(page, ctb[IOT_NL802154_CAP_ATTR_CHANNELS], rem) {
		if (nla_type(page) > IOT_IEEE802154_MAX_PAGE)
			continue;
		nla_for_each_nested(ch, page, rem2)
			if (nla_type(ch) <= IOT_IEEE802154_MAX_CHANNEL)
				c->channels[nla_type(page)] |= 1u << nla_type(ch);
	}
	if (ctb[IOT_NL802154_CAP_ATTR_TX_POWERS]) {
		nla_for_each_nested(pw, ctb[IOT_NL802154_CAP_ATTR_TX_POWERS],
				    rem) {
			if (nla_len(pw) != sizeof(int32_t) ||
			    c->n_tx_powers >= sizeof(c->tx_powers) /
					      sizeof(c->tx_powers[0]))
				continue;
			c->tx_powers[c->n_tx_powers++] =
				(int32_t)nla_get_u32(pw);
		}
	}
	c->min_minbe = nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MIN_MINBE]);
	c->max_minbe = nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MAX_MINBE]);
	c->min_maxbe = nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MIN_MAXBE]);
	c->max_maxbe = nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MAX_MAXBE]);
	c->min_csma_backoffs =
		nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MIN_CSMA_BACKOFFS]);
	c->max_csma_backoffs =
		nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MAX_CSMA_BACKOFFS]);
	c->min_frame_retries =
		(int8_t)nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MIN_FRAME_RETRIES]);
	c->max_frame_retries =
		(int8_t)nla_get_u8(ctb[IOT_NL802154_CAP_ATTR_MAX_FRAME_RETRIES]);
	c->lbt = nla_get_u32(ctb[IOT_NL802154_CAP_ATTR_LBT]);
	c->valid = true;
	return 0;
}

int radio_parse_phy(struct nlmsghdr *nlh, struct radio_info *ri)
{
	struct nlattr *tb[IOT_NL802154_ATTR_MAX_USED + 1];

	if (parse_top(nlh, tb))
		return -EBADMSG;
	if (tb[IOT_NL802154_ATTR_WPAN_PHY_NAME])
		snprintf(ri->phy_name, sizeof(ri->phy_name), "%s",
			 nla_get_string(tb[IOT_NL802154_ATTR_WPAN_PHY_NAME]));
	if (tb[IOT_NL802154_ATTR_PAGE] && tb[IOT_NL802154_ATTR_CHANNEL]) {
		ri->has_channel = true;
		ri->page = nla_get_u8(tb[IOT_NL802154_ATTR_PAGE]);
		ri->channel = nla_get_u8(tb[IOT_NL802154_ATTR_CHANNEL]);
	}
	if (tb[IOT_NL802154_ATTR_TX_POWER]) {
		ri->has_tx_power = true;
		ri->tx_power = (int32_t)nla_get_u32(tb[IOT_NL802154_ATTR_TX_POWER]);
	}
	if (tb[IOT_NL802154_ATTR_WPAN_PHY_CAPS])
		return parse_caps(tb[IOT_NL802154_ATTR_WPAN_PHY_CAPS], &ri->caps);
	return 0;
}

/* --- values --------------------------------------------------------------- */

#define DBM_MAX		100	/* dBm either way: more is a typing error */

int radio_parse_dbm(const char *s, int32_t *mbm)
{
	bool neg = false;
	int32_t v = 0;
	int frac = -1;	/* digits after the point, -1 before it */
	int digits = 0;

	if (!s)
		return -EINVAL;
	if (*s == '-') {
		neg = true;
		s++;
	}
	for (; *s; s++) {
		if (*s == '.' && frac < 0 && digits) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac >= 2)
			return -EINVAL;
		if (v > DBM_MAX * 100)
			return -ERANGE;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (!digits || frac == 0)
		return -EINVAL;
	if (frac < 0)
		frac = 0;
	for (; frac < 2; frac++)
		v *= 10;
	if (v > DBM_MAX * 100)
		return -ERANGE;
	*mbm = neg ? -v : v;
	return 0;
}

char *radio_format_dbm(int32_t mbm, char buf[16])
{
	int32_t a = mbm < 0 ? -mbm : mbm;
	const char *sign = mbm < 0 ? "-" : "";

	if (a % 100 == 0)
		snprintf(buf, 16, "%s%d", sign, a / 100);
	else if (a % 10 == 0)
		snprintf(buf, 16, "%s%d.%d", sign, a / 100, a % 100 / 10);
	else
		snprintf(buf, 16, "%s%d.%02d", sign, a / 100, a % 100);
	return buf;
}

static const char *const iftype_names[] = { "node", "monitor", "coord" };
static const struct name_table iftypes = {
	.names = iftype_names,
	.count = sizeof(iftype_names) / sizeof(iftype_names[0]),
};

/* --- output --------------------------------------------------------------- */

void radio_print(const struct radio_info *ri)
{
	char ext[EXT_ADDR_STRLEN], sa[SHORT_ADDR_STRLEN], word[NAME_STRLEN];
	char dbm[16];
	bool line2 = ri->has_channel || ri->has_addr;

	open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s:",
		     ri->ifname[0] ? ri->ifname : "?");
	if (ri->phy_name[0])
		print_string(PRINT_ANY, "phy", " phy %s", ri->phy_name);
	if (ri->has_phy)
		print_uint(PRINT_JSON, "phy_index", NULL, ri->phy);
	print_uint(PRINT_ANY, "ifindex", " ifindex %u", ri->ifindex);
	if (ri->has_iftype)
		print_string(PRINT_ANY, "type", " type %s",
			     name_of(&iftypes, ri->iftype, word));
	if (ri->up >= 0)
		print_string(PRINT_ANY, "state", " state %s",
			     ri->up ? "up" : "down");
	print_nl();
	if (line2)
		print_text("   ");
	if (ri->has_channel) {
		print_uint(PRINT_ANY, "channel", " channel %u", ri->channel);
		print_uint(PRINT_ANY, "page", " page %u", ri->page);
	}
	if (ri->has_addr) {
		print_string(PRINT_ANY, "pan_id", " pan_id %s",
			     format_short_addr(ri->pan_id, sa));
		print_string(PRINT_ANY, "short_addr", " short_addr %s",
			     format_short_addr(ri->short_addr, sa));
		print_string(PRINT_ANY, "ext_addr", " ext_addr %s",
			     format_ext_addr(ri->ext_addr, ext));
	}
	if (line2)
		print_nl();
	if (ri->has_mac || ri->has_tx_power)
		print_text("   ");
	if (ri->has_mac) {
		print_onoff("ackreq", ri->ackreq);
		print_s64(PRINT_ANY, "max_frame_retries", " max_frame_retries %" PRId64,
			  ri->max_frame_retries);
		print_uint(PRINT_ANY, "min_be", " min_be %u", ri->min_be);
		print_uint(PRINT_ANY, "max_be", " max_be %u", ri->max_be);
		print_uint(PRINT_ANY, "csma_backoffs", " csma_backoffs %u",
			   ri->csma_backoffs);
		print_onoff("lbt", ri->lbt);
	}
	if (ri->has_tx_power) {
		print_s64(PRINT_JSON, "tx_power_mbm", NULL, ri->tx_power);
		print_string(PRINT_FP, NULL, " tx_power %s dBm",
			     radio_format_dbm(ri->tx_power, dbm));
	}
	if (ri->has_mac || ri->has_tx_power)
		print_nl();
	close_object();
}

/* --- arguments of radio set ---------------------------------------------- */

enum arg_kind { ARG_UINT, ARG_ONOFF, ARG_DBM };

/*
 * One setting of radio set: its word, what it sets and the range
 * 802.15.4 gives it (the radio's own limits are checked later).
 */
struct radio_arg {
	const char *name;
	unsigned int flag;
	enum arg_kind kind;
	unsigned int min, max;
	const char *range;	/* for the message */
};

static const struct radio_arg radio_args[] = {
	{ "channel", RADIO_SET_CHANNEL, ARG_UINT, 0,
	  IOT_IEEE802154_MAX_CHANNEL, "0 to 26" },
	{ "page", RADIO_SET_PAGE, ARG_UINT, 0, IOT_IEEE802154_MAX_PAGE,
	  "0 to 31" },
	/* 0xffff is the broadcast PAN, which the kernel refuses */
	{ "pan_id", RADIO_SET_PAN_ID, ARG_UINT, 0, 0xfffe, "0 to 0xfffe" },
	/* 0xfffe ("none") and 0xffff (broadcast) are refused too */
	{ "short_addr", RADIO_SET_SHORT_ADDR, ARG_UINT, 0, 0xfffd,
	  "0 to 0xfffd" },
	{ "ackreq", RADIO_SET_ACKREQ, ARG_ONOFF, 0, 0, "on or off" },
	{ "max_frame_retries", RADIO_SET_RETRIES, ARG_UINT, 0, 7, "0 to 7" },
	{ "csma_backoffs", RADIO_SET_CSMA_BACKOFFS, ARG_UINT, 0, 5, "0 to 5" },
	{ "min_be", RADIO_SET_MIN_BE, ARG_UINT, 0, 8, "0 to 8" },
	{ "max_be", RADIO_SET_MAX_BE, ARG_UINT, 3, 8, "3 to 8" },
	{ "lbt", RADIO_SET_LBT, ARG_ONOFF, 0, 0, "on or off" },
	{ "tx_power", RADIO_SET_TX_POWER, ARG_DBM, 0, 0,
	  "dBm, -100 to 100, up to two decimals" },
};

#define N_RADIO_ARGS	(sizeof(radio_args) / sizeof(radio_args[0]))

static void store(struct radio_set *s, unsigned int flag, uint64_t v, bool b,
		  int32_t mbm)
{
	switch (flag) {
	case RADIO_SET_CHANNEL:
		s->channel = (uint8_t)v;
		break;
	case RADIO_SET_PAGE:
		s->page = (uint8_t)v;
		break;
	case RADIO_SET_PAN_ID:
		s->pan_id = (uint16_t)v;
		break;
	case RADIO_SET_SHORT_ADDR:
		s->short_addr = (uint16_t)v;
		break;
	case RADIO_SET_ACKREQ:
		s->ackreq = b;
		break;
	case RADIO_SET_RETRIES:
		s->max_frame_retries = (int8_t)v;
		break;
	case RADIO_SET_CSMA_BACKOFFS:
		s->csma_backoffs = (uint8_t)v;
		break;
	case RADIO_SET_MIN_BE:
		s->min_be = (uint8_t)v;
		break;
	case RADIO_SET_MAX_BE:
		s->max_be = (uint8_t)v;
		break;
	case RADIO_SET_LBT:
		s->lbt = b;
		break;
	case RADIO_SET_TX_POWER:
		s->tx_power = mbm;
		break;
	}
}

int radio_parse_set(int argc, char **argv, struct radio_set *s)
{
	const struct radio_arg *a;
	int32_t mbm = 0;
	uint64_t v = 0;
	bool b = false;
	unsigned int k;
	int i, err;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "mesh-defaults")) {
			if (s->mesh_defaults)
				return iot_usage_err("mesh-defaults given twice");
			s->mesh_defaults = true;
			continue;
		}
		a = NULL;
		for (k = 0; k < N_RADIO_ARGS; k++)
			if (!strcmp(argv[i], radio_args[k].name))
				a = &radio_args[k];
		if (!a)
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		if (s->given & a->flag)
			return iot_usage_err("%s given twice", a->name);
		if (++i == argc)
			return iot_usage_err("%s needs a value (%s)", a->name,
					     a->range);
		switch (a->kind) {
		case ARG_UINT:
			err = parse_uint(argv[i], a->min, a->max, &v);
			break;
		case ARG_ONOFF:
			err = parse_onoff(argv[i], &b);
			break;
		default:
			err = radio_parse_dbm(argv[i], &mbm);
			break;
		}
		if (err)
			return iot_usage_err("invalid %s \"%s\" (%s)", a->name,
					     argv[i], a->range);
		store(s, a->flag, v, b, mbm);
		s->given |= a->flag;
	}
	if (!s->given && !s->mesh_defaults)
		return iot_usage_err("nothing to set (channel N, page N, pan_id X, short_addr X, ackreq on|off, max_frame_retries N, csma_backoffs N, min_be N, max_be N, lbt on|off, tx_power DBM, mesh-defaults)");
	if ((s->given & RADIO_SET_MIN_BE) && (s->given & RADIO_SET_MAX_BE) &&
	    s->min_be > s->max_be)
		return iot_usage_err("min_be %u is above max_be %u", s->min_be,
				     s->max_be);
	return IOT_OK;
}

/* --- the nl802154 socket ------------------------------------------------ */

static struct nl_sock *rsock;
static int rfamily;

static void radio_close(void)
{
	nl_socket_free(rsock);
	rsock = NULL;
}

static int radio_open(void)
{
	int one = 1;

	rsock = nl_socket_alloc();
	if (!rsock) {
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	if (genl_connect(rsock)) {
		iot_cmd_err("cannot open a generic netlink socket");
		radio_close();
		return IOT_FAIL;
	}
	setsockopt(nl_socket_get_fd(rsock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(rsock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	rfamily = genl_ctrl_resolve(rsock, IOT_NL802154_GENL_NAME);
	if (rfamily < 0) {
		iot_cmd_err("the kernel has no %s family: the 802.15.4 stack is not loaded (modprobe mac802154)",
			    IOT_NL802154_GENL_NAME);
		radio_close();
		return IOT_FAIL;
	}
	return IOT_OK;
}

static struct nl_msg *radio_msg(uint8_t cmd, bool dump, unsigned int ifindex)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg &&
	    (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, rfamily, 0,
			  dump ? NLM_F_DUMP : 0, cmd, 1) ||
	     (ifindex && nla_put_u32(msg, IOT_NL802154_ATTR_IFINDEX, ifindex)))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		iot_cmd_err("out of memory");
	return msg;
}

static void busy_report(const struct radio_info *ri, const char *setting);

/*
 * Send @msg, replies to @valid. IOT_OK, or IOT_FAIL with "WHAT: message";
 * when @busy is set, the kernel's EBUSY says instead which interface to
 * take down before @setting can be set on @busy.
 */
static int radio_run(struct nl_msg *msg, nl_recvmsg_msg_cb_t valid, void *arg,
		     const char *what, const struct radio_info *busy,
		     const char *setting)
{
	struct lm_genl_status st;
	const char *text;
	int err;

	err = lm_genl_run(rsock, msg, valid, arg, &st);
	if (err) {
		iot_cmd_err("%s: netlink: %s", what, nl_geterror(err));
		return IOT_FAIL;
	}
	if (!st.error)
		return IOT_OK;
	text = strerror(st.error);
	if (st.error == EBUSY && busy)
		busy_report(busy, setting);
	else if (st.msg[0])
		iot_cmd_err("%s: %s (%s)", what, st.msg, text);
	else if (st.error == EPERM || st.error == EACCES)
		iot_cmd_err("%s: %s: needs CAP_NET_ADMIN (run as root)", what,
			    text);
	else if (st.error == EOPNOTSUPP)
		iot_cmd_err("%s: not supported by this radio's driver (%s)",
			    what, text);
	else
		iot_cmd_err("%s: %s", what, text);
	return IOT_FAIL;
}

/**
 * iot_ifreq_socket() - a socket for interface ioctls on @name
 * @ifr: zeroed, then named @name
 * @name: the interface
 *
 * Return: the socket (IPv6, else IPv4), or -1 with errno set.
 */
int iot_ifreq_socket(struct ifreq *ifr, const char *name)
{
	int fd;

	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd;
}

/* the device's type (ARPHRD_*) and whether it is up; IOT_OK or IOT_FAIL */
static int link_state(const char *name, unsigned short *type, int *up)
{
	struct ifreq ifr;
	int fd, ret = IOT_OK;

	fd = iot_ifreq_socket(&ifr, name);
	if (fd < 0) {
		iot_cmd_err("socket: %s", strerror(errno));
		return IOT_FAIL;
	}
	if (type) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
			iot_cmd_err("%s: %s", name, strerror(errno));
			ret = IOT_FAIL;
		} else {
			*type = ifr.ifr_hwaddr.sa_family;
		}
	}
	if (!ret && up) {
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
			iot_cmd_err("%s: %s", name, strerror(errno));
			ret = IOT_FAIL;
		} else {
			*up = !!(ifr.ifr_flags & IFF_UP);
		}
	}
	close(fd);
	return ret;
}

/* WPAN names an existing 802.15.4 device: its index */
static int wpan_ifindex(const char *name, unsigned int *ifindex)
{
	unsigned short type = 0;
	int ret;

	ret = iot_ifindex(name, "wpan device", ifindex);
	if (ret)
		return ret;
	ret = link_state(name, &type, NULL);
	if (ret)
		return ret;
	if (type != ARPHRD_IEEE802154) {
		iot_cmd_err("\"%s\" is not an IEEE 802.15.4 (wpan) device", name);
		return IOT_FAIL;
	}
	return IOT_OK;
}

/* --- reading -------------------------------------------------------------- */

struct iface_list {
	struct radio_info *v;
	size_t n, cap;
	int error;
};

static int on_iface(struct nl_msg *msg, void *arg)
{
	struct iface_list *l = arg;
	struct radio_info *nv;

	if (l->n == l->cap) {
		nv = realloc(l->v, (l->cap ? l->cap * 2 : 4) * sizeof(*nv));
		if (!nv) {
			l->error = ENOMEM;
			return NL_OK;
		}
		l->v = nv;
		l->cap = l->cap ? l->cap * 2 : 4;
	}
	if (radio_parse_iface(nlmsg_hdr(msg), &l->v[l->n]))
		l->error = EBADMSG;
	else
		l->n++;
	return NL_OK;
}

static int on_phy(struct nl_msg *msg, void *arg)
{
	if (radio_parse_phy(nlmsg_hdr(msg), arg))
		((struct radio_info *)arg)->has_phy = false;
	return NL_OK;
}

/* the wpan devices (only @ifindex when not 0) with their PHYs, into @l */
static int radio_read(unsigned int ifindex, const char *what,
		      struct iface_list *l)
{
	struct radio_info *ri;
	struct nl_msg *msg;
	size_t i;
	int ret;

	msg = radio_msg(IOT_NL802154_CMD_GET_INTERFACE, !ifindex, ifindex);
	if (!msg)
		return IOT_FAIL;
	ret = radio_run(msg, on_iface, l, what, NULL, NULL);
	if (ret)
		return ret;
	if (l->error) {
		iot_cmd_err("unexpected reply from the kernel: %s",
			    strerror(l->error));
		return IOT_FAIL;
	}
	for (i = 0; i < l->n; i++) {
		ri = &l->v[i];
		if (ri->ifname[0])
			link_state(ri->ifname, NULL, &ri->up);
		if (!ri->has_phy)
			continue;
		msg = radio_msg(IOT_NL802154_CMD_GET_WPAN_PHY, false, 0);
		if (!msg || nla_put_u32(msg, IOT_NL802154_ATTR_WPAN_PHY,
					ri->phy)) {
			nlmsg_free(msg);
			return IOT_FAIL;
		}
		ret = radio_run(msg, on_phy, ri, what, NULL, NULL);
		if (ret)
			return ret;
	}
	return IOT_OK;
}

static int radio_show(int argc, char **argv)
{
	struct iface_list l = { 0 };
	unsigned int ifindex = 0;
	size_t i;
	int ret;

	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	if (argc == 1) {
		ret = wpan_ifindex(argv[0], &ifindex);
		if (ret)
			return ret;
	}
	ret = radio_open();
	if (ret)
		return ret;
	ret = radio_read(ifindex, argc ? argv[0] : "wpan devices", &l);
	if (!ret) {
		print_list_begin();
		for (i = 0; i < l.n; i++)
			radio_print(&l.v[i]);
		print_list_end(true);
	}
	free(l.v);
	radio_close();
	return ret;
}

/* --- radio set ------------------------------------------------------------ */

/* "11-26" or "0 1-10": the channels of @mask */
static void format_channels(uint32_t mask, char *buf, size_t size)
{
	size_t off = 0;
	int c, end;

	buf[0] = '\0';
	for (c = 0; c <= IOT_IEEE802154_MAX_CHANNEL && off < size; c++) {
		if (!(mask & (1u << c)))
			continue;
		end = c;
		while (end < IOT_IEEE802154_MAX_CHANNEL &&
		       (mask & (1u << (end + 1))))
			end++;
		if (end > c)
			off += snprintf(buf + off, size - off, "%s%d-%d",
					off ? " " : "", c, end);
		else
			off += snprintf(buf + off, size - off, "%s%d",
					off ? " " : "", c);
		c = end;
	}
	if (!buf[0])
		snprintf(buf, size, "none");
}

static const char *bool_states(uint32_t lbt)
{
	if (lbt == IOT_NL802154_BOOL_TRUE)
		return "only on";
	if (lbt == IOT_NL802154_BOOL_BOTH)
		return "on or off";
	return "only off";
}

static bool lbt_allowed(uint32_t lbt, bool on)
{
	if (lbt == IOT_NL802154_BOOL_BOTH)
		return true;
	return lbt == (on ? IOT_NL802154_BOOL_TRUE : IOT_NL802154_BOOL_FALSE);
}

/*
 * The values against what the radio says it supports, before anything is
 * changed: a refusal leaves the radio as it was.
 */
static int check_caps(const struct radio_info *ri, const struct radio_set *s)
{
	const struct radio_caps *c = &ri->caps;
	const char *phy = ri->phy_name[0] ? ri->phy_name : ri->ifname;
	char buf[128], dbm[16];
	unsigned int i;
	size_t off;

	if (!c->valid)
		return IOT_OK;
	if ((s->given & (RADIO_SET_CHANNEL | RADIO_SET_PAGE)) &&
	    !(c->channels[s->page] & (1u << s->channel))) {
		format_channels(c->channels[s->page], buf, sizeof(buf));
		iot_cmd_err("%s: channel %u on page %u is not supported by %s (page %u: %s)",
			    ri->ifname, s->channel, s->page, phy, s->page, buf);
		return IOT_FAIL;
	}
	if ((s->given & RADIO_SET_TX_POWER) && !c->n_tx_powers) {
		iot_cmd_err("%s: %s has no transmit power setting", ri->ifname,
			    phy);
		return IOT_FAIL;
	}
	if (s->given & RADIO_SET_TX_POWER) {
		for (i = 0; i < c->n_tx_powers; i++)
			if (c->tx_powers[i] == s->tx_power)
				break;
		if (i == c->n_tx_powers) {
			off = 0;
			buf[0] = '\0';
			for (i = 0; i < c->n_tx_powers && off < sizeof(buf); i++)
				off += snprintf(buf + off, sizeof(buf) - off,
						"%s%s", i ? " " : "",
						radio_format_dbm(c->tx_powers[i],
								 dbm));
			iot_cmd_err("%s: tx_power %s dBm is not supported by %s (%s dBm)",
				    ri->ifname,
				    radio_format_dbm(s->tx_power, dbm), phy,
				    buf);
			return IOT_FAIL;
		}
	}
	if ((s->given & RADIO_SET_RETRIES) &&
	    (s->max_frame_retries < c->min_frame_retries ||
	     s->max_frame_retries > c->max_frame_retries)) {
		iot_cmd_err("%s: max_frame_retries %d is not supported by %s (%d to %d)",
			    ri->ifname, s->max_frame_retries, phy,
			    c->min_frame_retries, c->max_frame_retries);
		return IOT_FAIL;
	}
	if ((s->given & RADIO_SET_CSMA_BACKOFFS) &&
	    (s->csma_backoffs < c->min_csma_backoffs ||
	     s->csma_backoffs > c->max_csma_backoffs)) {
		iot_cmd_err("%s: csma_backoffs %u is not supported by %s (%u to %u)",
			    ri->ifname, s->csma_backoffs, phy,
			    c->min_csma_backoffs, c->max_csma_backoffs);
		return IOT_FAIL;
	}
	if ((s->given & (RADIO_SET_MIN_BE | RADIO_SET_MAX_BE)) &&
	    (s->min_be < c->min_minbe || s->min_be > c->max_minbe)) {
		iot_cmd_err("%s: min_be %u is not supported by %s (%u to %u)",
			    ri->ifname, s->min_be, phy, c->min_minbe,
			    c->max_minbe);
		return IOT_FAIL;
	}
	if ((s->given & (RADIO_SET_MIN_BE | RADIO_SET_MAX_BE)) &&
	    (s->max_be < c->min_maxbe || s->max_be > c->max_maxbe)) {
		iot_cmd_err("%s: max_be %u is not supported by %s (%u to %u)",
			    ri->ifname, s->max_be, phy, c->min_maxbe,
			    c->max_maxbe);
		return IOT_FAIL;
	}
	if ((s->given & RADIO_SET_LBT) && !lbt_allowed(c->lbt, s->lbt)) {
		iot_cmd_err("%s: lbt %s is not supported by %s (%s)",
			    ri->ifname, s->lbt ? "on" : "off", phy,
			    bool_states(c->lbt));
		return IOT_FAIL;
	}
	return IOT_OK;
}

/* "pan_id, short_addr": the down-only settings of @given */
static void down_only_names(unsigned int given, char *buf, size_t size)
{
	size_t off = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < N_RADIO_ARGS && off < size; k++)
		if (given & radio_args[k].flag & RADIO_SET_DOWN_ONLY)
			off += snprintf(buf + off, size - off, "%s%s",
					off ? ", " : "", radio_args[k].name);
}

/* an interface up on top of @ri ("lowpan0@wpan0"): its name, or false */
static bool upper_up(const struct radio_info *ri, char name[IF_NAMESIZE])
{
	struct if_nameindex *all, *i;
	unsigned int link;
	char path[64];
	bool found = false;
	FILE *f;
	int up;

	all = if_nameindex();
	for (i = all; i && i->if_index && !found; i++) {
		if (i->if_index == ri->ifindex)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/iflink",
			 i->if_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%u", &link) == 1 && link == ri->ifindex &&
		    !link_state(i->if_name, NULL, &up) && up) {
			snprintf(name, IF_NAMESIZE, "%s", i->if_name);
			found = true;
		}
		fclose(f);
	}
	if_freenameindex(all);
	return found;
}

/*
 * The kernel's EBUSY for a down-only setting: @ri went up since we looked,
 * or a 6LoWPAN interface on it is up (nl802154 refuses address changes
 * then too). Say which one to take down.
 */
static void busy_report(const struct radio_info *ri, const char *setting)
{
	char upper[IF_NAMESIZE];
	int up = 0;

	link_state(ri->ifname, NULL, &up);
	if (!up && upper_up(ri, upper))
		iot_cmd_err("%s is down, but %s on it is up: %s can only be set while both are down (ip link set %s down)",
			    ri->ifname, upper, setting, upper);
	else
		iot_cmd_err("%s is up: %s can only be set while it is down (ip link set %s down)",
			    ri->ifname, setting, ri->ifname);
}

/* one SET command with its attributes; see radio_run() */
static int radio_apply(const struct radio_info *ri, uint8_t cmd,
		       const char *what, bool down_only,
		       int (*put)(struct nl_msg *, const struct radio_set *),
		       const struct radio_set *s)
{
	char where[IF_NAMESIZE + 32];
	struct nl_msg *msg;

	msg = radio_msg(cmd, false, ri->ifindex);
	if (!msg)
		return IOT_FAIL;
	if (put(msg, s)) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	snprintf(where, sizeof(where), "%s: %s", ri->ifname, what);
	return radio_run(msg, NULL, NULL, where, down_only ? ri : NULL, what);
}

static int put_channel(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_PAGE, s->page) ||
	       nla_put_u8(m, IOT_NL802154_ATTR_CHANNEL, s->channel);
}

static int put_tx_power(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u32(m, IOT_NL802154_ATTR_TX_POWER, (uint32_t)s->tx_power);
}

static int put_pan_id(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u16(m, IOT_NL802154_ATTR_PAN_ID, htole16(s->pan_id));
}

static int put_short_addr(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u16(m, IOT_NL802154_ATTR_SHORT_ADDR,
			   htole16(s->short_addr));
}

static int put_be(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_MIN_BE, s->min_be) ||
	       nla_put_u8(m, IOT_NL802154_ATTR_MAX_BE, s->max_be);
}

static int put_csma(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_MAX_CSMA_BACKOFFS,
			  s->csma_backoffs);
}

static int put_retries(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_MAX_FRAME_RETRIES,
			  (uint8_t)s->max_frame_retries);
}

static int put_lbt(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_LBT_MODE, s->lbt);
}

static int put_ackreq(struct nl_msg *m, const struct radio_set *s)
{
	return nla_put_u8(m, IOT_NL802154_ATTR_ACKREQ_DEFAULT, s->ackreq);
}

/* the order they are sent in: the PHY's first, they work while up */
static const struct {
	unsigned int flags;
	uint8_t cmd;
	const char *what;
	int (*put)(struct nl_msg *, const struct radio_set *);
} radio_steps[] = {
	{ RADIO_SET_CHANNEL | RADIO_SET_PAGE, IOT_NL802154_CMD_SET_CHANNEL,
	  "channel", put_channel },
	{ RADIO_SET_TX_POWER, IOT_NL802154_CMD_SET_TX_POWER, "tx_power",
	  put_tx_power },
	{ RADIO_SET_PAN_ID, IOT_NL802154_CMD_SET_PAN_ID, "pan_id", put_pan_id },
	{ RADIO_SET_SHORT_ADDR, IOT_NL802154_CMD_SET_SHORT_ADDR, "short_addr",
	  put_short_addr },
	{ RADIO_SET_MIN_BE | RADIO_SET_MAX_BE,
	  IOT_NL802154_CMD_SET_BACKOFF_EXPONENT, "min_be/max_be", put_be },
	{ RADIO_SET_CSMA_BACKOFFS, IOT_NL802154_CMD_SET_MAX_CSMA_BACKOFFS,
	  "csma_backoffs", put_csma },
	{ RADIO_SET_RETRIES, IOT_NL802154_CMD_SET_MAX_FRAME_RETRIES,
	  "max_frame_retries", put_retries },
	{ RADIO_SET_LBT, IOT_NL802154_CMD_SET_LBT_MODE, "lbt", put_lbt },
	{ RADIO_SET_ACKREQ, IOT_NL802154_CMD_SET_ACKREQ_DEFAULT, "ackreq",
	  put_ackreq },
};

/* what the command line leaves open, from the device's current state */
static void complete_set(const struct radio_info *ri, struct radio_set *s)
{
	int8_t r = RADIO_MESH_RETRIES;

	if ((s->given & RADIO_SET_CHANNEL) && !(s->given & RADIO_SET_PAGE))
		s->page = ri->page;
	if ((s->given & RADIO_SET_PAGE) && !(s->given & RADIO_SET_CHANNEL))
		s->channel = ri->channel;
	if ((s->given & RADIO_SET_MIN_BE) && !(s->given & RADIO_SET_MAX_BE))
		s->max_be = ri->max_be;
	if ((s->given & RADIO_SET_MAX_BE) && !(s->given & RADIO_SET_MIN_BE))
		s->min_be = ri->min_be;
	if (!s->mesh_defaults)
		return;
	/* explicit values win over the defaults */
	if (!(s->given & RADIO_SET_ACKREQ)) {
		s->ackreq = RADIO_MESH_ACKREQ;
		s->given |= RADIO_SET_ACKREQ;
	}
	if (!(s->given & RADIO_SET_RETRIES)) {
		/* a radio whose retries are fixed keeps its own number */
		if (ri->caps.valid && r > ri->caps.max_frame_retries)
			r = ri->caps.max_frame_retries;
		if (ri->caps.valid && r < ri->caps.min_frame_retries)
			r = ri->caps.min_frame_retries;
		s->max_frame_retries = r;
		s->given |= RADIO_SET_RETRIES;
	}
}

static int radio_set_cmd(int argc, char **argv)
{
	struct iface_list l = { 0 };
	struct radio_set s;
	struct radio_info *ri;
	unsigned int ifindex, k;
	char names[160];
	int ret;

	if (argc < 1)
		return iot_usage_err("missing WPAN");
	ret = radio_parse_set(argc - 1, argv + 1, &s);
	if (ret || iot_check_only)
		return ret;
	ret = wpan_ifindex(argv[0], &ifindex);
	if (ret)
		return ret;
	ret = radio_open();
	if (ret)
		return ret;
	ret = radio_read(ifindex, argv[0], &l);
	if (ret)
		goto out;
	if (l.n != 1 || !l.v[0].has_mac || !l.v[0].has_channel) {
		iot_cmd_err("%s: the kernel did not report the device's settings",
			    argv[0]);
		ret = IOT_FAIL;
		goto out;
	}
	ri = &l.v[0];
	complete_set(ri, &s);
	if ((s.given & RADIO_SET_MIN_BE) && (s.given & RADIO_SET_MAX_BE) &&
	    s.min_be > s.max_be) {
		iot_cmd_err("%s: min_be %u would be above max_be %u",
			    ri->ifname, s.min_be, s.max_be);
		ret = IOT_FAIL;
		goto out;
	}
	if ((s.given & RADIO_SET_DOWN_ONLY) && ri->up == 1) {
		down_only_names(s.given, names, sizeof(names));
		iot_cmd_err("%s is up: %s can only be set while it is down (ip link set %s down)",
			    ri->ifname, names, ri->ifname);
		ret = IOT_FAIL;
		goto out;
	}
	ret = check_caps(ri, &s);
	if (ret)
		goto out;
	for (k = 0; k < sizeof(radio_steps) / sizeof(radio_steps[0]); k++) {
		if (!(s.given & radio_steps[k].flags))
			continue;
		ret = radio_apply(ri, radio_steps[k].cmd, radio_steps[k].what,
				  radio_steps[k].flags & RADIO_SET_DOWN_ONLY,
				  radio_steps[k].put, &s);
		if (ret)
			break;
	}
out:
	free(l.v);
	radio_close();
	return ret;
}

static const struct iot_cmd radio_cmds[] = {
	{ "set", "WPAN [channel N] [page N] [pan_id X] [short_addr X] [ackreq on|off] [max_frame_retries N] [csma_backoffs N] [min_be N] [max_be N] [lbt on|off] [tx_power DBM] [mesh-defaults]",
	  "set 802.15.4 settings of the wpan device WPAN; mesh-defaults: ackreq on, max_frame_retries 3",
	  radio_set_cmd },
	{ "show", "[WPAN]",
	  "list the 802.15.4 settings of every wpan device, or only WPAN",
	  radio_show },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj radio_obj = {
	.name = "radio",
	.help = "802.15.4 radio settings of wpan devices (nl802154)",
	.cmds = radio_cmds,
	.default_cmd = "show",
	.default_takes_args = true,
};

IOTCTL_OBJECT(radio_obj)
