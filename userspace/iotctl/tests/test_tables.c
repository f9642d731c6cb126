// SPDX-License-Identifier: GPL-2.0
/*
 * test_tables.c - the route, neigh, ctx and monitor printers and the new
 * dev fields on netlink messages built here: both output forms, filtering
 * by interface, missing and malformed attributes, values from a newer kernel
 */
#include <arpa/inet.h>
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

static struct nl_msg *msg_new(uint8_t cmd, unsigned int ifindex,
			      const char *name)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, cmd, LOWPAN_MESH_GENL_VERSION);
	if (ifindex)
		nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ifindex);
	if (name)
		nla_put_string(msg, LOWPAN_MESH_A_IFNAME, name);
	return msg;
}

/* a copy, to print one message in both forms */
static struct nl_msg *dup_msg(struct nl_msg *msg)
{
	return nlmsg_convert(nlmsg_hdr(msg));
}

/* the same for an event: no list framing, the callback's result */
static void check_event(struct nl_msg *msg, struct monitor_filter *f,
			bool json, int want_ret, const char *want,
			const char *name)
{
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	char *buf = NULL;
	size_t len;
	FILE *out;
	int ret;

	out = open_memstream(&buf, &len);
	print_setup(out, json, false);
	ret = lm_genl_parse(nlmsg_hdr(msg), tb);
	if (!ret)
		ret = monitor_print_event(g->cmd, tb, f);
	fclose(out);
	print_setup(stdout, false, false);
	if (!tap_ok(ret == want_ret && !strcmp(buf, want), "event: %s", name)) {
		tap_diag("returned %d (want %d)", ret, want_ret);
		tap_diag("got  \"%s\"", buf);
		tap_diag("want \"%s\"", want);
	}
	free(buf);
	nlmsg_free(msg);
}

static struct nl_msg *route_msg(unsigned int ifindex, const char *name)
{
	struct nl_msg *msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, ifindex, name);

	nla_put_u16(msg, LOWPAN_MESH_A_DST_SHORT, 0x0003);
	nla_put_u16(msg, LOWPAN_MESH_A_NEXTHOP_SHORT, 0x0002);
	nla_put_u32(msg, LOWPAN_MESH_A_METRIC, 1);
	nla_put_u8(msg, LOWPAN_MESH_A_ROUTE_ORIGIN, LOWPAN_MESH_ROUTE_STATIC);
	nla_put_u32(msg, NEWER_ATTR, 9);
	return msg;
}

static void test_route(void)
{
	unsigned int filter;
	struct nl_msg *msg;

	msg = route_msg(4, "mesh0");
	check_reply(dup_msg(msg), route_print_reply, NULL, false, 0,
	      "0x0003 via 0x0002 dev mesh0 metric 1 origin static\n",
	      "route text form");
	check_reply(msg, route_print_reply, NULL, true, 0,
	      "[{\"dst\":\"0x0003\",\"nexthop\":\"0x0002\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"metric\":1,\"origin\":\"static\"}]\n",
	      "route JSON form");

	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u64(msg, LOWPAN_MESH_A_DST_EXT, 0x0011223344556677ULL);
	nla_put_u64(msg, LOWPAN_MESH_A_NEXTHOP_EXT, 0xaabbccddeeff0001ULL);
	nla_put_u32(msg, LOWPAN_MESH_A_METRIC, 4294967295u);
	nla_put_u8(msg, LOWPAN_MESH_A_ROUTE_ORIGIN, LOWPAN_MESH_ROUTE_LEARNED);
	check_reply(dup_msg(msg), route_print_reply, NULL, false, 0,
	      "00:11:22:33:44:55:66:77 via aa:bb:cc:dd:ee:ff:00:01 dev mesh0 metric 4294967295 origin learned\n",
	      "route with extended addresses, learned, largest metric");
	check_reply(msg, route_print_reply, NULL, true, 0,
	      "[{\"dst\":\"00:11:22:33:44:55:66:77\",\"nexthop\":\"aa:bb:cc:dd:ee:ff:00:01\","
	      "\"ifname\":\"mesh0\",\"ifindex\":4,\"metric\":4294967295,\"origin\":\"learned\"}]\n",
	      "route JSON with extended addresses");

	msg = route_msg(4, "mesh0");
	nla_put_u8(msg, LOWPAN_MESH_A_ROUTE_ORIGIN, 7);	/* second one wins */
	check_reply(msg, route_print_reply, NULL, false, 0, NULL,
	      "route with an origin from a newer kernel");
	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u16(msg, LOWPAN_MESH_A_DST_SHORT, 0x0003);
	nla_put_u16(msg, LOWPAN_MESH_A_NEXTHOP_SHORT, 0x0002);
	nla_put_u8(msg, LOWPAN_MESH_A_ROUTE_ORIGIN, 7);
	check_reply(msg, route_print_reply, NULL, true, 0,
	      "[{\"dst\":\"0x0003\",\"nexthop\":\"0x0002\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"origin\":\"7\"}]\n",
	      "route: unknown origin as its number, no metric when absent");

	filter = 5;
	check_reply(route_msg(4, "mesh0"), route_print_reply, &filter, true, 0,
	      "[]\n", "route of another interface filtered out");
	filter = 4;
	check_reply(route_msg(4, "mesh0"), route_print_reply, &filter, false, 0,
	      "0x0003 via 0x0002 dev mesh0 metric 1 origin static\n",
	      "route of the interface asked for kept");
	filter = 0;
	check_reply(route_msg(4, "mesh0"), route_print_reply, &filter, true, 0, NULL,
	      "route filter 0 keeps everything");
	check_reply(route_msg(0, NULL), route_print_reply, NULL, false, 0,
	      "0x0003 via 0x0002 metric 1 origin static\n",
	      "route without an interface: no dev");
	check_reply(route_msg(1, NULL), route_print_reply, NULL, true, 0,
	      "[{\"dst\":\"0x0003\",\"nexthop\":\"0x0002\",\"ifname\":\"lo\","
	      "\"ifindex\":1,\"metric\":1,\"origin\":\"static\"}]\n",
	      "route with only an ifindex: name looked up");

	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u16(msg, LOWPAN_MESH_A_DST_SHORT, 0x0003);
	check_reply(msg, route_print_reply, NULL, true, -EBADMSG, "",
	      "route without a next hop rejected");
	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u64(msg, LOWPAN_MESH_A_NEXTHOP_EXT, 1);
	check_reply(msg, route_print_reply, NULL, true, -EBADMSG, "",
	      "route without a destination rejected");
	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u8(msg, LOWPAN_MESH_A_DST_SHORT, 3);
	nla_put_u16(msg, LOWPAN_MESH_A_NEXTHOP_SHORT, 2);
	check_reply(msg, route_print_reply, NULL, true, -EBADMSG, "",
	      "route with a one-byte short address rejected by the policy");
	msg = msg_new(LOWPAN_MESH_CMD_ROUTE_GET, 4, "mesh0");
	nla_put_u32(msg, LOWPAN_MESH_A_DST_EXT, 3);
	nla_put_u16(msg, LOWPAN_MESH_A_NEXTHOP_SHORT, 2);
	check_reply(msg, route_print_reply, NULL, true, -EBADMSG, "",
	      "route with a 4-byte extended address rejected by the policy");
}

static struct nl_msg *neigh_msg(uint32_t seen, uint64_t in, uint64_t out)
{
	struct nl_msg *msg = msg_new(LOWPAN_MESH_CMD_NEIGH_GET, 4, "mesh0");

	nla_put_u16(msg, LOWPAN_MESH_A_NEIGH_SHORT, 0x0002);
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_EXT, 0x766530e6d3e960adULL);
	nla_put_u8(msg, LOWPAN_MESH_A_LQI, 255);
	nla_put_u32(msg, LOWPAN_MESH_A_LAST_SEEN_MS, seen);
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_RX_FRAMES, 12);
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_TX_PACKETS, 10);
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_TX_HDR_IN, in);
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_TX_HDR_OUT, out);
	return msg;
}

static void test_neigh(void)
{
	unsigned int filter = 9;
	struct nl_msg *msg;

	msg = neigh_msg(1234, 480, 120);
	check_reply(dup_msg(msg), neigh_print_reply, NULL, false, 0,
	      "0x0002 ext 76:65:30:e6:d3:e9:60:ad dev mesh0 lqi 255 seen 1.2s ago rx_frames 12\n"
	      "    tx_packets 10 hdr_in 480 hdr_out 120 saved 360 bytes (75.0%)\n",
	      "neigh text form: two lines, saving in bytes and percent");
	check_reply(msg, neigh_print_reply, NULL, true, 0,
	      "[{\"short_addr\":\"0x0002\",\"ext_addr\":\"76:65:30:e6:d3:e9:60:ad\","
	      "\"ifname\":\"mesh0\",\"ifindex\":4,\"lqi\":255,\"last_seen_ms\":1234,"
	      "\"rx_frames\":12,\"tx_packets\":10,\"hdr_in\":480,\"hdr_out\":120,"
	      "\"hdr_saved\":360}]\n", "neigh JSON form: raw numbers and hdr_saved");

	check_reply(neigh_msg(4294967295u, 0, 0), neigh_print_reply, NULL, false, 0,
	      "0x0002 ext 76:65:30:e6:d3:e9:60:ad dev mesh0 lqi 255 seen never rx_frames 12\n"
	      "    tx_packets 10 hdr_in 0 hdr_out 0 saved 0 bytes\n",
	      "neigh never heard, nothing sent: no percent");
	check_reply(neigh_msg(192000, 48, 60), neigh_print_reply, NULL, false, 0,
	      "0x0002 ext 76:65:30:e6:d3:e9:60:ad dev mesh0 lqi 255 seen 3m12s ago rx_frames 12\n"
	      "    tx_packets 10 hdr_in 48 hdr_out 60 saved -12 bytes (-25.0%)\n",
	      "neigh where headers grew: negative saving");
	check_reply(neigh_msg(192000, 48, 60), neigh_print_reply, NULL, true, 0, NULL,
	      "neigh JSON with a negative saving");
	msg = neigh_msg(0, 48, 60);
	check_reply(msg, neigh_print_reply, NULL, true, 0,
	      "[{\"short_addr\":\"0x0002\",\"ext_addr\":\"76:65:30:e6:d3:e9:60:ad\","
	      "\"ifname\":\"mesh0\",\"ifindex\":4,\"lqi\":255,\"last_seen_ms\":0,"
	      "\"rx_frames\":12,\"tx_packets\":10,\"hdr_in\":48,\"hdr_out\":60,"
	      "\"hdr_saved\":-12}]\n", "neigh JSON hdr_saved is signed");

	msg = msg_new(LOWPAN_MESH_CMD_NEIGH_GET, 4, "mesh0");
	nla_put_u64(msg, LOWPAN_MESH_A_NEIGH_EXT, 0x0011223344556677ULL);
	nla_put_u8(msg, LOWPAN_MESH_A_LQI, 80);
	check_reply(dup_msg(msg), neigh_print_reply, NULL, false, 0,
	      "00:11:22:33:44:55:66:77 dev mesh0 lqi 80\n",
	      "neigh with only an extended address and lqi: one line");
	check_reply(msg, neigh_print_reply, NULL, true, 0,
	      "[{\"ext_addr\":\"00:11:22:33:44:55:66:77\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"lqi\":80}]\n", "neigh JSON with few attributes");
	check_reply(neigh_msg(5, 1, 1), neigh_print_reply, &filter, true, 0, "[]\n",
	      "neigh of another interface filtered out");
	msg = msg_new(LOWPAN_MESH_CMD_NEIGH_GET, 4, "mesh0");
	nla_put_u8(msg, LOWPAN_MESH_A_LQI, 80);
	check_reply(msg, neigh_print_reply, NULL, true, -EBADMSG, "",
	      "neigh without an address rejected");
	msg = msg_new(LOWPAN_MESH_CMD_NEIGH_GET, 4, "mesh0");
	nla_put_u16(msg, LOWPAN_MESH_A_NEIGH_SHORT, 2);
	nla_put_u32(msg, LOWPAN_MESH_A_NEIGH_RX_FRAMES, 2);
	check_reply(msg, neigh_print_reply, NULL, true, -EBADMSG, "",
	      "neigh with a 32-bit rx_frames rejected by the policy");
}

static struct nl_msg *ctx_msg(uint8_t cid, const char *addr, uint8_t plen,
			      uint32_t life)
{
	struct nl_msg *msg = msg_new(LOWPAN_MESH_CMD_CTX_GET, 4, "mesh0");
	struct in6_addr a;

	inet_pton(AF_INET6, addr, &a);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, cid);
	nla_put(msg, LOWPAN_MESH_A_CTX_PREFIX, sizeof(a), &a);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, plen);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, 1);
	nla_put_u32(msg, LOWPAN_MESH_A_CTX_LIFETIME, life);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ORIGIN, LOWPAN_MESH_CTX_CONFIGURED);
	nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION, 3);
	return msg;
}

static void test_ctx(void)
{
	unsigned int filter = 9;
	struct nl_msg *msg;

	msg = ctx_msg(1, "2001:db8:1::", 64, 3599);
	check_reply(dup_msg(msg), ctx_print_reply, NULL, false, 0,
	      "cid 1 prefix 2001:db8:1::/64 dev mesh0 compress on lifetime 3599s origin configured version 3\n",
	      "ctx text form (no phase: an older module)");
	check_reply(msg, ctx_print_reply, NULL, true, 0,
	      "[{\"cid\":1,\"prefix\":\"2001:db8:1::/64\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"compress\":true,\"lifetime\":3599,\"expires\":true,"
	      "\"origin\":\"configured\",\"version\":3}]\n",
	      "ctx JSON form (no phase: an older module)");
	msg = ctx_msg(15, "fd00::", 8, 0);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, 0);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ORIGIN, LOWPAN_MESH_CTX_6CO);
	check_reply(dup_msg(msg), ctx_print_reply, NULL, false, 0,
	      "cid 15 prefix fd00::/8 dev mesh0 compress off lifetime forever origin 6co version 3\n",
	      "ctx lifetime 0 is forever, compress off, 6co");
	check_reply(msg, ctx_print_reply, NULL, true, 0,
	      "[{\"cid\":15,\"prefix\":\"fd00::/8\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"compress\":false,\"lifetime\":0,\"expires\":false,"
	      "\"origin\":\"6co\",\"version\":3}]\n",
	      "ctx JSON: lifetime 0 and expires false");
	msg = ctx_msg(2, "2001:db8::1", 128, 5);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ORIGIN, LOWPAN_MESH_CTX_MESH);
	check_reply(msg, ctx_print_reply, NULL, false, 0,
	      "cid 2 prefix 2001:db8::1/128 dev mesh0 compress on lifetime 5s origin mesh version 3\n",
	      "ctx /128 adopted from the mesh");
	msg = ctx_msg(3, "2001:db8::", 48, 5);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ORIGIN, LOWPAN_MESH_CTX_AUTO);
	check_reply(msg, ctx_print_reply, NULL, true, 0, NULL, "ctx origin auto");
	check_reply(ctx_msg(3, "2001:db8::", 48, 5), ctx_print_reply, &filter, true,
	      0, "[]\n", "ctx of another interface filtered out");
	check_reply(ctx_msg(3, "2001:db8::", 129, 5), ctx_print_reply, NULL, true,
	      -EBADMSG, "", "ctx with prefix length 129 rejected");

	msg = msg_new(LOWPAN_MESH_CMD_CTX_GET, 4, "mesh0");
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, 1);
	nla_put(msg, LOWPAN_MESH_A_CTX_PREFIX, 8, "\x20\x01\x0d\xb8\0\0\0\0");
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, 64);
	check_reply(msg, ctx_print_reply, NULL, true, -EBADMSG, "",
	      "ctx with an 8-byte prefix rejected");
	msg = msg_new(LOWPAN_MESH_CMD_CTX_GET, 4, "mesh0");
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, 1);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, 64);
	check_reply(msg, ctx_print_reply, NULL, true, -EBADMSG, "",
	      "ctx without a prefix rejected");
	msg = msg_new(LOWPAN_MESH_CMD_CTX_GET, 4, "mesh0");
	nla_put(msg, LOWPAN_MESH_A_CTX_PREFIX, 16, "0123456789abcdef");
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PREFIX_LEN, 64);
	check_reply(msg, ctx_print_reply, NULL, true, -EBADMSG, "",
	      "ctx without an id rejected");
	msg = ctx_msg(1, "2001:db8:1::", 64, 0);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, 0);
	check_reply(msg, ctx_print_reply, NULL, false, 0, NULL,
	      "ctx printed as is when an attribute repeats");
}

/* the phase, from modules that report it, in both forms */
static void test_ctx_phase(void)
{
	static const struct {
		uint8_t phase;
		const char *word;
	} phases[] = {
		{ LOWPAN_MESH_CTX_PHASE_HOLD, "hold" },
		{ LOWPAN_MESH_CTX_PHASE_COMPRESS, "compress" },
		{ LOWPAN_MESH_CTX_PHASE_DRAIN, "drain" },
		{ LOWPAN_MESH_CTX_PHASE_EXPIRED, "expired" },
	};
	char text[256], json[320], name[64];
	struct nl_msg *msg;
	unsigned int i;

	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		msg = ctx_msg(1, "2001:db8:1::", 64, 3599);
		nla_put_u8(msg, LOWPAN_MESH_A_CTX_PHASE, phases[i].phase);
		snprintf(text, sizeof(text),
			 "cid 1 prefix 2001:db8:1::/64 dev mesh0 compress on phase %s lifetime 3599s origin configured version 3\n",
			 phases[i].word);
		snprintf(name, sizeof(name), "ctx phase %s, text", phases[i].word);
		check_reply(dup_msg(msg), ctx_print_reply, NULL, false, 0, text,
			    name);
		snprintf(json, sizeof(json),
			 "[{\"cid\":1,\"prefix\":\"2001:db8:1::/64\",\"ifname\":\"mesh0\","
			 "\"ifindex\":4,\"compress\":true,\"phase\":\"%s\",\"lifetime\":3599,"
			 "\"expires\":true,\"origin\":\"configured\",\"version\":3}]\n",
			 phases[i].word);
		snprintf(name, sizeof(name), "ctx phase %s, JSON", phases[i].word);
		check_reply(msg, ctx_print_reply, NULL, true, 0, json, name);
	}

	/* compress off: the phase of its timing, next to the flag */
	msg = ctx_msg(15, "fd00::", 8, 0);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_COMPRESS, 0);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PHASE, LOWPAN_MESH_CTX_PHASE_COMPRESS);
	check_reply(dup_msg(msg), ctx_print_reply, NULL, false, 0,
	      "cid 15 prefix fd00::/8 dev mesh0 compress off phase compress lifetime forever origin configured version 3\n",
	      "ctx compress off shows its phase next to the flag");
	check_reply(msg, ctx_print_reply, NULL, true, 0,
	      "[{\"cid\":15,\"prefix\":\"fd00::/8\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"compress\":false,\"phase\":\"compress\","
	      "\"lifetime\":0,\"expires\":false,\"origin\":\"configured\","
	      "\"version\":3}]\n",
	      "ctx JSON: compress false and its phase");

	/* a phase from a newer kernel: its number */
	msg = ctx_msg(2, "2001:db8::", 48, 5);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_PHASE, 9);
	check_reply(dup_msg(msg), ctx_print_reply, NULL, false, 0,
	      "cid 2 prefix 2001:db8::/48 dev mesh0 compress on phase 9 lifetime 5s origin configured version 3\n",
	      "ctx phase from a newer kernel as its number, text");
	check_reply(msg, ctx_print_reply, NULL, true, 0,
	      "[{\"cid\":2,\"prefix\":\"2001:db8::/48\",\"ifname\":\"mesh0\","
	      "\"ifindex\":4,\"compress\":true,\"phase\":\"9\",\"lifetime\":5,"
	      "\"expires\":true,\"origin\":\"configured\",\"version\":3}]\n",
	      "ctx phase from a newer kernel as its number, JSON");

	/* an empty phase: the policy rejects the message */
	msg = ctx_msg(1, "2001:db8:1::", 64, 3599);
	nla_put(msg, LOWPAN_MESH_A_CTX_PHASE, 0, NULL);
	check_reply(msg, ctx_print_reply, NULL, true, -EBADMSG, "",
	      "ctx with an empty phase rejected by the policy");
}

static void test_dev_fields(void)
{
	struct nl_msg *msg;

	msg = msg_new(LOWPAN_MESH_CMD_DEV_GET, 9, "mesh1");
	nla_put_u8(msg, LOWPAN_MESH_A_OPER_UP, 1);
	nla_put_u8(msg, LOWPAN_MESH_A_HOPS_LEFT, 14);
	nla_put_u8(msg, LOWPAN_MESH_A_FLOOD, 1);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_AUTHORITY, LOWPAN_MESH_CTX_AUTHORITY_AUTO);
	nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION, 0);
	check_reply(dup_msg(msg), dev_print_reply, NULL, false, 0,
	      "mesh1: ifindex 9 state up hops_left 14 flood on ctx_authority auto ctx_version 0\n",
	      "dev show prints hops_left, flood, ctx_authority, ctx_version");
	check_reply(msg, dev_print_reply, NULL, true, 0,
	      "[{\"ifname\":\"mesh1\",\"ifindex\":9,\"operstate\":\"up\","
	      "\"hops_left\":14,\"flood\":true,\"ctx_authority\":\"auto\","
	      "\"ctx_version\":0}]\n",
	      "dev JSON: hops_left a number, flood a boolean, ctx_version");
	msg = msg_new(LOWPAN_MESH_CMD_DEV_GET, 9, "mesh1");
	nla_put_u8(msg, LOWPAN_MESH_A_HOPS_LEFT, 255);
	nla_put_u8(msg, LOWPAN_MESH_A_FLOOD, 0);
	check_reply(msg, dev_print_reply, NULL, false, 0,
	      "mesh1: ifindex 9 hops_left 255 flood off\n",
	      "dev show hops_left 255, flood off");
}

static struct nl_msg *event_msg(uint8_t cmd, unsigned int ifindex, int event)
{
	struct nl_msg *msg = msg_new(cmd, ifindex, "mesh0");

	if (event >= 0)
		nla_put_u8(msg, LOWPAN_MESH_A_EVENT, (uint8_t)event);
	return msg;
}

static void test_monitor(void)
{
	struct monitor_filter f = { .count = 2 };
	struct nl_msg *msg;

	msg = event_msg(LOWPAN_MESH_CMD_DEV_ADD, 4, -1);
	nla_put_u32(msg, LOWPAN_MESH_A_WPAN_IFINDEX, 2);
	nla_put_string(msg, LOWPAN_MESH_A_WPAN_IFNAME, "wpan0");
	nla_put_u32(msg, LOWPAN_MESH_A_MTU, 1280);
	nla_put_u8(msg, LOWPAN_MESH_A_HOPS_LEFT, 14);
	nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION, 0);
	check_event(dup_msg(msg), NULL, false, 0,
		    "dev add mesh0 ifindex 4 wpan wpan0\n", "dev add, text: dev show's settings left out");
	check_event(msg, NULL, true, 0,
		    "{\"event\":\"dev_add\",\"ifname\":\"mesh0\",\"ifindex\":4,"
		    "\"wpan_ifname\":\"wpan0\"}\n", "dev add, JSON object per line");
	check_event(event_msg(LOWPAN_MESH_CMD_DEV_DEL, 4, -1), NULL, false, 0,
		    "dev del mesh0 ifindex 4\n", "dev del, text");
	check_event(event_msg(LOWPAN_MESH_CMD_DEV_DEL, 4, -1), NULL, true, 0,
		    "{\"event\":\"dev_del\",\"ifname\":\"mesh0\",\"ifindex\":4}\n",
		    "dev del, JSON");
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_ROUTE),
		    NULL, false, 0, "route dev mesh0\n", "route event, text");
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_ROUTE),
		    NULL, true, 0,
		    "{\"event\":\"route\",\"ifname\":\"mesh0\",\"ifindex\":4}\n",
		    "route event, JSON");
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_NEIGH),
		    NULL, true, 0,
		    "{\"event\":\"neigh\",\"ifname\":\"mesh0\",\"ifindex\":4}\n",
		    "neigh event, JSON");
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_CTX),
		    NULL, false, 0, "ctx dev mesh0\n", "ctx event, text");
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, 9), NULL, true, 0,
		    "{\"event\":\"event9\",\"ifname\":\"mesh0\",\"ifindex\":4}\n",
		    "event of a newer kernel: named by its number");

	msg = event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_ROUTE);
	nla_put_u16(msg, LOWPAN_MESH_A_DST_SHORT, 3);
	nla_put_u64(msg, LOWPAN_MESH_A_NEXTHOP_EXT, 0x0011223344556677ULL);
	nla_put_u32(msg, LOWPAN_MESH_A_METRIC, 2);
	check_event(msg, NULL, false, 0,
		    "route dev mesh0 dst 0x0003 via 00:11:22:33:44:55:66:77 metric 2\n",
		    "route event with details prints them");
	msg = event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_CTX);
	nla_put_u8(msg, LOWPAN_MESH_A_CTX_ID, 1);
	nla_put_u32(msg, LOWPAN_MESH_A_CTX_VERSION, 7);
	check_event(msg, NULL, true, 0,
		    "{\"event\":\"ctx\",\"ifname\":\"mesh0\",\"ifindex\":4,"
		    "\"cid\":1,\"version\":7}\n", "ctx event with details, JSON");

	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, -1), NULL, true, 0, "",
		    "EVENT without a kind: ignored");
	check_event(event_msg(LOWPAN_MESH_CMD_ROUTE_GET, 4, -1), NULL, true, 0,
		    "", "other commands on the group: ignored");

	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_NEIGH),
		    &f, false, 0, "neigh dev mesh0\n", "count 2: first event goes on");
	f.ifindex = 5;
	check_event(event_msg(LOWPAN_MESH_CMD_EVENT, 4, LOWPAN_MESH_EVENT_NEIGH),
		    &f, false, 0, "", "dev filter: other interface not printed");
	check_event(event_msg(LOWPAN_MESH_CMD_DEV_ADD, 5, -1), &f, false, 1,
		    "dev add mesh0 ifindex 5\n",
		    "count 2: second event printed, then stop");
	tap_ok(f.seen == 2, "count: filtered events are not counted");
}

void test_tables(void)
{
	test_route();
	test_neigh();
	test_ctx();
	test_ctx_phase();
	test_dev_fields();
	test_monitor();
}
