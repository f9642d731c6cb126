// SPDX-License-Identifier: GPL-2.0
/*
 * test_radio.c - iotctl radio without a kernel: the arguments of radio set
 * (every usage error happens before anything is sent), dBm values, and
 * the text and JSON forms of radio show on nl802154 replies built here
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl802154.h"
#include "radio.h"
#include "tap.h"

#define FAKE_FAMILY	0x31
#define NEWER_ATTR	200	/* an attribute this iotctl does not know */

/* exit status @rc_want and @msg on stderr (stdout when 0) */
#define expect(name, rc_want, msg, ...) do {				\
	char *o_, *e_;							\
	int rc_ = run_cli(&o_, &e_, __VA_ARGS__, NULL);			\
	const char *where_ = (rc_want) ? e_ : o_;			\
	if (!tap_ok(rc_ == (rc_want) && where_ && strstr(where_, msg),	\
		    "radio: %s", name)) {				\
		tap_diag("exit %d (want %d)", rc_, rc_want);		\
		tap_diag("stdout: %s", o_);				\
		tap_diag("stderr: %s", e_);				\
	}								\
	free(o_);							\
	free(e_);							\
} while (0)

static void test_dbm(void)
{
	static const struct {
		const char *s;
		int err;
		int32_t mbm;
	} cases[] = {
		{ "4", 0, 400 }, { "-3", 0, -300 }, { "0", 0, 0 },
		{ "2.5", 0, 250 }, { "-0.25", 0, -25 }, { "100", 0, 10000 },
		{ "-100.00", 0, -10000 }, { "100.01", -ERANGE, 0 },
		{ "1000", -ERANGE, 0 }, { "", -EINVAL, 0 }, { "-", -EINVAL, 0 },
		{ "1.", -EINVAL, 0 }, { ".5", -EINVAL, 0 },
		{ "1.234", -EINVAL, 0 }, { "4dBm", -EINVAL, 0 },
		{ "+4", -EINVAL, 0 }, { "1.2.3", -EINVAL, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
	};
	static const struct {
		int32_t mbm;
		const char *s;
	} fmts[] = {
		{ 400, "4" }, { -300, "-3" }, { 250, "2.5" }, { -25, "-0.25" },
		{ 0, "0" }, { 105, "1.05" },
	};
	char buf[16];
	unsigned int i;
	int32_t v;
	int err;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 12345;
		err = radio_parse_dbm(cases[i].s, &v);
		tap_ok(err == cases[i].err &&
		       (err ? v == 12345 : v == cases[i].mbm),
		       "radio: tx_power \"%s\" -> %d", cases[i].s,
		       cases[i].err ? cases[i].err : cases[i].mbm);
	}
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		tap_ok(!strcmp(radio_format_dbm(fmts[i].mbm, buf), fmts[i].s),
		       "radio: %d mBm printed as %s dBm", fmts[i].mbm,
		       fmts[i].s);
}

/* radio_parse_set() on a command line of words */
static int parse_words(struct radio_set *s, const char *line)
{
	char *copy = strdup(line), *argv[32], *tok, *save = NULL;
	int argc = 0, ret;

	for (tok = strtok_r(copy, " ", &save); tok && argc < 32;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	/* usage messages go to stderr: keep them out of the TAP stream */
	fflush(stderr);
	ret = radio_parse_set(argc, argv, s);
	free(copy);
	return ret;
}

static void test_parse_set(void)
{
	struct radio_set s;

	tap_ok(parse_words(&s, "channel 26 page 0 pan_id 0xbeef short_addr 0x000a ackreq on max_frame_retries 3 csma_backoffs 4 min_be 3 max_be 5 lbt off tx_power -2.5") == IOT_OK &&
	       s.channel == 26 && s.page == 0 && s.pan_id == 0xbeef &&
	       s.short_addr == 0x000a && s.ackreq && s.max_frame_retries == 3 &&
	       s.csma_backoffs == 4 && s.min_be == 3 && s.max_be == 5 &&
	       !s.lbt && s.tx_power == -250 && !s.mesh_defaults &&
	       s.given == (RADIO_SET_CHANNEL | RADIO_SET_PAGE |
			   RADIO_SET_PAN_ID | RADIO_SET_SHORT_ADDR |
			   RADIO_SET_ACKREQ | RADIO_SET_RETRIES |
			   RADIO_SET_CSMA_BACKOFFS | RADIO_SET_MIN_BE |
			   RADIO_SET_MAX_BE | RADIO_SET_LBT |
			   RADIO_SET_TX_POWER),
	       "radio: set parses every setting");
	tap_ok(parse_words(&s, "mesh-defaults") == IOT_OK && s.mesh_defaults &&
	       !s.given, "radio: mesh-defaults alone, nothing else given");
	tap_ok(parse_words(&s, "mesh-defaults ackreq off") == IOT_OK &&
	       s.mesh_defaults && s.given == RADIO_SET_ACKREQ && !s.ackreq,
	       "radio: mesh-defaults with an explicit value kept apart");
	tap_ok(parse_words(&s, "pan_id 43981 short_addr 0") == IOT_OK &&
	       s.pan_id == 0xabcd && s.short_addr == 0,
	       "radio: decimal pan_id, short_addr 0");
	tap_ok(parse_words(&s, "min_be 4") == IOT_OK &&
	       s.given == RADIO_SET_MIN_BE && s.min_be == 4,
	       "radio: min_be alone (max_be comes from the device)");
}

static void test_set_usage(void)
{
	expect("set without WPAN", 2, "missing WPAN", "radio", "set");
	expect("set with nothing to set", 2, "nothing to set (channel N",
	       "radio", "set", "wpan0");
	expect("set unknown word", 2, "unexpected argument \"chanel\"",
	       "radio", "set", "wpan0", "chanel", "11");
	expect("set channel twice", 2, "channel given twice", "radio", "set",
	       "wpan0", "channel", "11", "channel", "12");
	expect("set mesh-defaults twice", 2, "mesh-defaults given twice",
	       "radio", "set", "wpan0", "mesh-defaults", "mesh-defaults");
	expect("set channel without a value", 2,
	       "channel needs a value (0 to 26)", "radio", "set", "wpan0",
	       "channel");
	expect("set channel 27", 2, "invalid channel \"27\" (0 to 26)",
	       "radio", "set", "wpan0", "channel", "27");
	expect("set page 32", 2, "invalid page \"32\" (0 to 31)", "radio",
	       "set", "wpan0", "page", "32");
	expect("set pan_id broadcast", 2,
	       "invalid pan_id \"0xffff\" (0 to 0xfffe)", "radio", "set",
	       "wpan0", "pan_id", "0xffff");
	expect("set short_addr none", 2,
	       "invalid short_addr \"0xfffe\" (0 to 0xfffd)", "radio", "set",
	       "wpan0", "short_addr", "0xfffe");
	expect("set short_addr not a number", 2,
	       "invalid short_addr \"a\" (0 to 0xfffd)", "radio", "set",
	       "wpan0", "short_addr", "a");
	expect("set ackreq yes", 2, "invalid ackreq \"yes\" (on or off)",
	       "radio", "set", "wpan0", "ackreq", "yes");
	expect("set lbt 1", 2, "invalid lbt \"1\" (on or off)", "radio",
	       "set", "wpan0", "lbt", "1");
	expect("set max_frame_retries 8", 2,
	       "invalid max_frame_retries \"8\" (0 to 7)", "radio", "set",
	       "wpan0", "max_frame_retries", "8");
	expect("set max_frame_retries -1", 2,
	       "invalid max_frame_retries \"-1\" (0 to 7)", "radio", "set",
	       "wpan0", "max_frame_retries", "-1");
	expect("set csma_backoffs 6", 2, "invalid csma_backoffs \"6\" (0 to 5)",
	       "radio", "set", "wpan0", "csma_backoffs", "6");
	expect("set min_be 9", 2, "invalid min_be \"9\" (0 to 8)", "radio",
	       "set", "wpan0", "min_be", "9");
	expect("set max_be 2", 2, "invalid max_be \"2\" (3 to 8)", "radio",
	       "set", "wpan0", "max_be", "2");
	expect("set min_be above max_be", 2, "min_be 6 is above max_be 4",
	       "radio", "set", "wpan0", "min_be", "6", "max_be", "4");
	expect("set tx_power 4dBm", 2, "invalid tx_power \"4dBm\" (dBm",
	       "radio", "set", "wpan0", "tx_power", "4dBm");
	expect("usage error shows the synopsis", 2,
	       "usage: iotctl [OPTIONS] radio set WPAN [channel N]", "radio",
	       "set", "wpan0", "bogus");
	expect("set on a missing device", 1,
	       "radio set: wpan device \"nowpan9\" not found", "radio", "set",
	       "nowpan9", "channel", "11");
	expect("set on a device that is not a wpan", 1,
	       "radio set: \"lo\" is not an IEEE 802.15.4 (wpan) device",
	       "radio", "set", "lo", "mesh-defaults");
	expect("show with two devices", 2, "unexpected argument \"b\"",
	       "radio", "show", "a", "b");
	expect("show on a missing device", 1,
	       "radio show: wpan device \"nowpan9\" not found", "radio",
	       "show", "nowpan9");
	expect("radio NAME is radio show NAME", 1,
	       "radio show: \"lo\" is not an IEEE 802.15.4 (wpan) device",
	       "radio", "lo");
	expect("help lists radio", 0, "radio", "help");
	expect("radio help", 0, "radio show [WPAN]", "radio", "help");
	expect("radio set help", 0, "mesh-defaults: ackreq on, max_frame_retries 3",
	       "radio", "set", "help");
}

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, cmd, 1);
	return msg;
}

/* a GET_INTERFACE reply as Linux 6.1 sends it (little-endian addresses) */
static struct nl_msg *iface_reply(bool mac)
{
	struct nl_msg *msg = reply(IOT_NL802154_CMD_NEW_INTERFACE);

	nla_put_u32(msg, IOT_NL802154_ATTR_IFINDEX, 3);
	nla_put_string(msg, IOT_NL802154_ATTR_IFNAME, "wpan0");
	nla_put_u32(msg, IOT_NL802154_ATTR_WPAN_PHY, 0);
	nla_put_u32(msg, IOT_NL802154_ATTR_IFTYPE, IOT_NL802154_IFTYPE_NODE);
	nla_put_u64(msg, IOT_NL802154_ATTR_WPAN_DEV, 1);
	nla_put_u32(msg, IOT_NL802154_ATTR_GENERATION, 5);
	nla_put_u64(msg, IOT_NL802154_ATTR_EXTENDED_ADDR,
		    htole64(0x766530e6d3e960adULL));
	nla_put_u16(msg, IOT_NL802154_ATTR_SHORT_ADDR, htole16(0x000a));
	nla_put_u16(msg, IOT_NL802154_ATTR_PAN_ID, htole16(0xbeef));
	if (mac) {
		nla_put_u8(msg, IOT_NL802154_ATTR_MAX_FRAME_RETRIES, 3);
		nla_put_u8(msg, IOT_NL802154_ATTR_MAX_BE, 5);
		nla_put_u8(msg, IOT_NL802154_ATTR_MAX_CSMA_BACKOFFS, 4);
		nla_put_u8(msg, IOT_NL802154_ATTR_MIN_BE, 3);
		nla_put_u8(msg, IOT_NL802154_ATTR_LBT_MODE, 0);
		nla_put_u8(msg, IOT_NL802154_ATTR_ACKREQ_DEFAULT, 1);
	}
	nla_put_u32(msg, NEWER_ATTR, 7);
	return msg;
}

static void put_flags(struct nl_msg *msg, int type, uint32_t mask)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int i;

	for (i = 0; i < 32; i++)
		if (mask & (1u << i))
			nla_put_flag(msg, i);
	nla_nest_end(msg, nest);
}

/* a GET_WPAN_PHY reply: channel 11 page 0, capabilities of a real radio */
static struct nl_msg *phy_reply(bool tx_power)
{
	struct nl_msg *msg = reply(IOT_NL802154_CMD_NEW_WPAN_PHY);
	struct nlattr *caps, *chans, *pw;

	nla_put_u32(msg, IOT_NL802154_ATTR_WPAN_PHY, 0);
	nla_put_string(msg, IOT_NL802154_ATTR_WPAN_PHY_NAME, "phy0");
	nla_put_u32(msg, IOT_NL802154_ATTR_GENERATION, 5);
	nla_put_u8(msg, IOT_NL802154_ATTR_PAGE, 0);
	nla_put_u8(msg, IOT_NL802154_ATTR_CHANNEL, 11);
	if (tx_power)
		nla_put_u32(msg, IOT_NL802154_ATTR_TX_POWER, (uint32_t)-250);
	caps = nla_nest_start(msg, IOT_NL802154_ATTR_WPAN_PHY_CAPS);
	chans = nla_nest_start(msg, IOT_NL802154_CAP_ATTR_CHANNELS);
	put_flags(msg, 0, 0x07fff800);	/* page 0: 11 to 26 */
	put_flags(msg, 2, 0x7fe);	/* page 2: 1 to 10 */
	nla_nest_end(msg, chans);
	if (tx_power) {
		pw = nla_nest_start(msg, IOT_NL802154_CAP_ATTR_TX_POWERS);
		nla_put_u32(msg, 0, 400);
		nla_put_u32(msg, 1, 0);
		nla_put_u32(msg, 2, (uint32_t)-250);
		nla_nest_end(msg, pw);
	}
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MIN_MINBE, 0);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MAX_MINBE, 8);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MIN_MAXBE, 3);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MAX_MAXBE, 8);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MIN_CSMA_BACKOFFS, 0);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MAX_CSMA_BACKOFFS, 5);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MIN_FRAME_RETRIES, (uint8_t)-1);
	nla_put_u8(msg, IOT_NL802154_CAP_ATTR_MAX_FRAME_RETRIES, 7);
	nla_put_u32(msg, IOT_NL802154_CAP_ATTR_LBT, IOT_NL802154_BOOL_BOTH);
	nla_nest_end(msg, caps);
	return msg;
}

/* radio_print() of @ri in one form, compared with @want */
static void check_print(const struct radio_info *ri, bool json,
			const char *want, const char *name)
{
	char *buf = NULL;
	size_t len;
	FILE *f;

	f = open_memstream(&buf, &len);
	print_setup(f, json, false);
	print_list_begin();
	radio_print(ri);
	print_list_end(true);
	fclose(f);
	print_setup(stdout, false, false);
	if (!tap_ok(!strcmp(buf, want), "radio: %s", name)) {
		tap_diag("got  \"%s\"", buf);
		tap_diag("want \"%s\"", want);
	}
	free(buf);
}

static void test_show(void)
{
	struct radio_info ri;
	struct nl_msg *msg;
	int err;

	msg = iface_reply(true);
	err = radio_parse_iface(nlmsg_hdr(msg), &ri);
	nlmsg_free(msg);
	msg = phy_reply(true);
	err = err ? err : radio_parse_phy(nlmsg_hdr(msg), &ri);
	nlmsg_free(msg);
	tap_ok(!err && ri.caps.valid && ri.caps.channels[0] == 0x07fff800 &&
	       ri.caps.channels[2] == 0x7fe && ri.caps.n_tx_powers == 3 &&
	       ri.caps.tx_powers[2] == -250 &&
	       ri.caps.min_frame_retries == -1 &&
	       ri.caps.max_frame_retries == 7 &&
	       ri.caps.lbt == IOT_NL802154_BOOL_BOTH,
	       "radio: PHY capabilities parsed");
	ri.up = 1;
	check_print(&ri, false,
		    "wpan0: phy phy0 ifindex 3 type node state up\n"
		    "    channel 11 page 0 pan_id 0xbeef short_addr 0x000a ext_addr 76:65:30:e6:d3:e9:60:ad\n"
		    "    ackreq on max_frame_retries 3 min_be 3 max_be 5 csma_backoffs 4 lbt off tx_power -2.5 dBm\n",
		    "show text form");
	check_print(&ri, true,
		    "[{\"ifname\":\"wpan0\",\"phy\":\"phy0\",\"phy_index\":0,"
		    "\"ifindex\":3,\"type\":\"node\",\"state\":\"up\","
		    "\"channel\":11,\"page\":0,\"pan_id\":\"0xbeef\","
		    "\"short_addr\":\"0x000a\","
		    "\"ext_addr\":\"76:65:30:e6:d3:e9:60:ad\",\"ackreq\":true,"
		    "\"max_frame_retries\":3,\"min_be\":3,\"max_be\":5,"
		    "\"csma_backoffs\":4,\"lbt\":false,\"tx_power_mbm\":-250}]\n",
		    "show JSON form: the words of radio set as keys");

	/* a radio without power setting (hwsim), device down, no MAC PIB */
	msg = iface_reply(false);
	err = radio_parse_iface(nlmsg_hdr(msg), &ri);
	nlmsg_free(msg);
	msg = phy_reply(false);
	err = err ? err : radio_parse_phy(nlmsg_hdr(msg), &ri);
	nlmsg_free(msg);
	ri.up = 0;
	tap_ok(!err && !ri.has_mac && !ri.has_tx_power &&
	       !ri.caps.n_tx_powers, "radio: reply without MAC settings parsed");
	check_print(&ri, false,
		    "wpan0: phy phy0 ifindex 3 type node state down\n"
		    "    channel 11 page 0 pan_id 0xbeef short_addr 0x000a ext_addr 76:65:30:e6:d3:e9:60:ad\n",
		    "show text form leaves out what the kernel did not send");
	check_print(&ri, true,
		    "[{\"ifname\":\"wpan0\",\"phy\":\"phy0\",\"phy_index\":0,"
		    "\"ifindex\":3,\"type\":\"node\",\"state\":\"down\","
		    "\"channel\":11,\"page\":0,\"pan_id\":\"0xbeef\","
		    "\"short_addr\":\"0x000a\","
		    "\"ext_addr\":\"76:65:30:e6:d3:e9:60:ad\"}]\n",
		    "show JSON form leaves out what the kernel did not send");

	/* only an index: one line, unknown state left out */
	msg = reply(IOT_NL802154_CMD_NEW_INTERFACE);
	nla_put_u32(msg, IOT_NL802154_ATTR_IFINDEX, 9);
	nla_put_u32(msg, IOT_NL802154_ATTR_IFTYPE, 7);
	err = radio_parse_iface(nlmsg_hdr(msg), &ri);
	nlmsg_free(msg);
	tap_ok(!err, "radio: reply with an index only parsed");
	check_print(&ri, false, "?: ifindex 9 type 7\n",
		    "minimal reply: one line, unknown type as a number");
	check_print(&ri, true, "[{\"ifname\":\"?\",\"ifindex\":9,\"type\":\"7\"}]\n",
		    "minimal reply in JSON");

	msg = reply(IOT_NL802154_CMD_NEW_INTERFACE);
	nla_put_string(msg, IOT_NL802154_ATTR_IFNAME, "wpan0");
	tap_ok(radio_parse_iface(nlmsg_hdr(msg), &ri) == -EBADMSG,
	       "radio: reply without ifindex rejected");
	nlmsg_free(msg);

	msg = reply(IOT_NL802154_CMD_NEW_INTERFACE);
	nla_put_u32(msg, IOT_NL802154_ATTR_IFINDEX, 3);
	nla_put_u8(msg, IOT_NL802154_ATTR_PAN_ID, 1);
	tap_ok(radio_parse_iface(nlmsg_hdr(msg), &ri) == -EBADMSG,
	       "radio: short pan_id rejected by the policy");
	nlmsg_free(msg);

	msg = reply(IOT_NL802154_CMD_NEW_WPAN_PHY);
	nla_put(msg, IOT_NL802154_ATTR_WPAN_PHY_NAME, 4, "phy0");
	tap_ok(radio_parse_phy(nlmsg_hdr(msg), &ri) == -EBADMSG,
	       "radio: unterminated PHY name rejected by the policy");
	nlmsg_free(msg);
}

void test_radio(void)
{
	test_dbm();
	test_parse_set();
	test_set_usage();
	test_show();
}
