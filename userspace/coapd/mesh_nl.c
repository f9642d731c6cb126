// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_nl.c - the lowpan_mesh generic netlink family through libnl-genl-3
 *
 * One socket for requests (dumps), one for the "events" multicast group.
 * The family is resolved on every dump, so the module may be loaded or
 * reloaded while coapd runs.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/lowpan_mesh.h>

#include "mesh.h"

struct mesh_nl {
	struct nl_sock *req;
	struct nl_sock *ev;
	int family;
};

static struct nla_policy mesh_policy[LOWPAN_MESH_A_MAX + 1] = {
	[LOWPAN_MESH_A_IFINDEX] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_IFNAME] = { .type = NLA_STRING },
	[LOWPAN_MESH_A_WPAN_IFINDEX] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_WPAN_IFNAME] = { .type = NLA_STRING },
	[LOWPAN_MESH_A_EXT_ADDR] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_SHORT_ADDR] = { .type = NLA_U16 },
	[LOWPAN_MESH_A_PAN_ID] = { .type = NLA_U16 },
	[LOWPAN_MESH_A_STATS] = { .type = NLA_NESTED },
	[LOWPAN_MESH_A_MTU] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_OPER_UP] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_HOPS_LEFT] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_DST_SHORT] = { .type = NLA_U16 },
	[LOWPAN_MESH_A_DST_EXT] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEXTHOP_SHORT] = { .type = NLA_U16 },
	[LOWPAN_MESH_A_NEXTHOP_EXT] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_METRIC] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_ROUTE_ORIGIN] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_NEIGH_SHORT] = { .type = NLA_U16 },
	[LOWPAN_MESH_A_NEIGH_EXT] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_LQI] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_LAST_SEEN_MS] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_NEIGH_RX_FRAMES] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_PACKETS] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_HDR_IN] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_HDR_OUT] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_CTX_ID] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_PREFIX] = { .minlen = 16 },
	[LOWPAN_MESH_A_CTX_PREFIX_LEN] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_COMPRESS] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_LIFETIME] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_CTX_VERSION] = { .type = NLA_U32 },
	[LOWPAN_MESH_A_CTX_ORIGIN] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_EVENT] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_AUTHORITY] = { .type = NLA_U8 },
	[LOWPAN_MESH_A_FLOOD] = { .type = NLA_U8 },
};

static struct nla_policy stat_policy[LOWPAN_MESH_STAT_A_MAX + 1] = {
	[LOWPAN_MESH_STAT_A_ID] = { .type = NLA_U32 },
	[LOWPAN_MESH_STAT_A_NAME] = { .type = NLA_STRING },
	[LOWPAN_MESH_STAT_A_VALUE] = { .type = NLA_U64 },
};

static const uint8_t table_cmd[MESH_NTABLES] = {
	[MESH_DEV] = LOWPAN_MESH_CMD_DEV_GET,
	[MESH_STATS] = LOWPAN_MESH_CMD_STATS_GET,
	[MESH_ROUTES] = LOWPAN_MESH_CMD_ROUTE_GET,
	[MESH_NEIGH] = LOWPAN_MESH_CMD_NEIGH_GET,
	[MESH_CTX] = LOWPAN_MESH_CMD_CTX_GET,
};

static const char *const table_cmd_name[MESH_NTABLES] = {
	[MESH_DEV] = "DEV_GET",
	[MESH_STATS] = "STATS_GET",
	[MESH_ROUTES] = "ROUTE_GET",
	[MESH_NEIGH] = "NEIGH_GET",
	[MESH_CTX] = "CTX_GET",
};

struct mesh_nl *mesh_nl_new(void)
{
	struct mesh_nl *m = calloc(1, sizeof(*m));

	if (m)
		m->family = -1;
	return m;
}

static void close_sock(struct nl_sock **sk)
{
	if (*sk) {
		nl_socket_free(*sk);
		*sk = NULL;
	}
}

void mesh_nl_free(struct mesh_nl *m)
{
	if (!m)
		return;
	close_sock(&m->req);
	close_sock(&m->ev);
	free(m);
}

static int req_open(struct mesh_nl *m)
{
	if (m->req)
		return 0;
	m->req = nl_socket_alloc();
	if (!m->req)
		return -ENOMEM;
	if (genl_connect(m->req)) {
		close_sock(&m->req);
		return -EIO;
	}
	return 0;
}

struct dump_ctx {
	enum mesh_table t;
	struct mesh_list *l;
	int err;
	bool done;
};

static void fill_common(struct mesh_rec *r, struct nlattr **tb)
{
	if (tb[LOWPAN_MESH_A_IFINDEX])
		r->ifindex = nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]);
	if (tb[LOWPAN_MESH_A_IFNAME])
		snprintf(r->ifname, sizeof(r->ifname), "%s",
			 nla_get_string(tb[LOWPAN_MESH_A_IFNAME]));
	else if (!r->ifindex || !if_indextoname(r->ifindex, r->ifname))
		r->ifname[0] = '\0';
}

#define GET(attr, bit, field, getter)				\
	do {							\
		if (tb[attr]) {					\
			r->field = getter(tb[attr]);		\
			r->has |= (bit);			\
		}						\
	} while (0)

static int fill_stats(struct mesh_rec *r, struct nlattr *stats)
{
	struct nlattr *sb[LOWPAN_MESH_STAT_A_MAX + 1];
	struct nlattr *st;
	char name[MESH_STATNAMSIZ];
	int rem;

	nla_for_each_nested(st, stats, rem) {
		if (nla_type(st) != LOWPAN_MESH_A_STAT)
			continue;
		if (nla_parse_nested(sb, LOWPAN_MESH_STAT_A_MAX, st, stat_policy) < 0 ||
		    !sb[LOWPAN_MESH_STAT_A_VALUE])
			return -EBADMSG;
		if (sb[LOWPAN_MESH_STAT_A_NAME] &&
		    nla_get_string(sb[LOWPAN_MESH_STAT_A_NAME])[0])
			snprintf(name, sizeof(name), "%s",
				 nla_get_string(sb[LOWPAN_MESH_STAT_A_NAME]));
		else if (sb[LOWPAN_MESH_STAT_A_ID])
			snprintf(name, sizeof(name), "stat%u",
				 nla_get_u32(sb[LOWPAN_MESH_STAT_A_ID]));
		else
			return -EBADMSG;
		if (mesh_rec_add_counter(r, name,
					 nla_get_u64(sb[LOWPAN_MESH_STAT_A_VALUE])))
			return -ENOMEM;
	}
	return 0;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct mesh_rec *r;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, LOWPAN_MESH_A_MAX, mesh_policy) < 0) {
		d->err = -EBADMSG;
		return NL_SKIP;
	}
	r = mesh_list_add(d->l);
	if (!r) {
		d->err = -ENOMEM;
		return NL_STOP;
	}
	fill_common(r, tb);
	switch (d->t) {
	case MESH_DEV:
		GET(LOWPAN_MESH_A_WPAN_IFINDEX, MH_WPAN_IFINDEX, wpan_ifindex, nla_get_u32);
		if (tb[LOWPAN_MESH_A_WPAN_IFNAME]) {
			snprintf(r->wpan_ifname, sizeof(r->wpan_ifname), "%s",
				 nla_get_string(tb[LOWPAN_MESH_A_WPAN_IFNAME]));
			r->has |= MH_WPAN_IFNAME;
		}
		GET(LOWPAN_MESH_A_EXT_ADDR, MH_EXT, ext_addr, nla_get_u64);
		GET(LOWPAN_MESH_A_SHORT_ADDR, MH_SHORT, short_addr, nla_get_u16);
		GET(LOWPAN_MESH_A_PAN_ID, MH_PAN, pan_id, nla_get_u16);
		GET(LOWPAN_MESH_A_MTU, MH_MTU, mtu, nla_get_u32);
		GET(LOWPAN_MESH_A_OPER_UP, MH_OPER, oper_up, nla_get_u8);
		GET(LOWPAN_MESH_A_HOPS_LEFT, MH_HOPS, hops_left, nla_get_u8);
		GET(LOWPAN_MESH_A_FLOOD, MH_FLOOD, flood, nla_get_u8);
		GET(LOWPAN_MESH_A_CTX_AUTHORITY, MH_AUTHORITY, authority, nla_get_u8);
		GET(LOWPAN_MESH_A_CTX_VERSION, MH_VERSION, version, nla_get_u32);
		break;
	case MESH_STATS:
		if (tb[LOWPAN_MESH_A_STATS]) {
			int e = fill_stats(r, tb[LOWPAN_MESH_A_STATS]);

			if (e)
				d->err = e;
		}
		break;
	case MESH_ROUTES:
		GET(LOWPAN_MESH_A_DST_SHORT, MH_DST_SHORT, dst_short, nla_get_u16);
		GET(LOWPAN_MESH_A_DST_EXT, MH_DST_EXT, dst_ext, nla_get_u64);
		GET(LOWPAN_MESH_A_NEXTHOP_SHORT, MH_NH_SHORT, nh_short, nla_get_u16);
		GET(LOWPAN_MESH_A_NEXTHOP_EXT, MH_NH_EXT, nh_ext, nla_get_u64);
		GET(LOWPAN_MESH_A_METRIC, MH_METRIC, metric, nla_get_u32);
		GET(LOWPAN_MESH_A_ROUTE_ORIGIN, MH_ORIGIN, origin, nla_get_u8);
		break;
	case MESH_NEIGH:
		GET(LOWPAN_MESH_A_NEIGH_SHORT, MH_SHORT, short_addr, nla_get_u16);
		GET(LOWPAN_MESH_A_NEIGH_EXT, MH_EXT, ext_addr, nla_get_u64);
		GET(LOWPAN_MESH_A_LQI, MH_LQI, lqi, nla_get_u8);
		GET(LOWPAN_MESH_A_LAST_SEEN_MS, MH_LAST_SEEN, last_seen_ms, nla_get_u32);
		GET(LOWPAN_MESH_A_NEIGH_RX_FRAMES, MH_RX_FRAMES, rx_frames, nla_get_u64);
		GET(LOWPAN_MESH_A_NEIGH_TX_PACKETS, MH_TX_PACKETS, tx_packets, nla_get_u64);
		GET(LOWPAN_MESH_A_NEIGH_TX_HDR_IN, MH_TX_HDR_IN, tx_hdr_in, nla_get_u64);
		GET(LOWPAN_MESH_A_NEIGH_TX_HDR_OUT, MH_TX_HDR_OUT, tx_hdr_out, nla_get_u64);
		break;
	case MESH_CTX:
		GET(LOWPAN_MESH_A_CTX_ID, MH_CTX_ID, ctx_id, nla_get_u8);
		if (tb[LOWPAN_MESH_A_CTX_PREFIX] &&
		    nla_len(tb[LOWPAN_MESH_A_CTX_PREFIX]) >= 16) {
			memcpy(r->prefix, nla_data(tb[LOWPAN_MESH_A_CTX_PREFIX]), 16);
			r->has |= MH_PREFIX;
		}
		GET(LOWPAN_MESH_A_CTX_PREFIX_LEN, MH_PLEN, prefix_len, nla_get_u8);
		GET(LOWPAN_MESH_A_CTX_COMPRESS, MH_COMPRESS, compress, nla_get_u8);
		GET(LOWPAN_MESH_A_CTX_LIFETIME, MH_LIFETIME, lifetime, nla_get_u32);
		GET(LOWPAN_MESH_A_CTX_VERSION, MH_VERSION, version, nla_get_u32);
		GET(LOWPAN_MESH_A_CTX_ORIGIN, MH_ORIGIN, origin, nla_get_u8);
		break;
	default:
		break;
	}
	return NL_OK;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;

	(void)msg;
	d->done = true;
	return NL_SKIP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;

	(void)msg;
	d->done = true;
	return NL_STOP;
}

static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct dump_ctx *d = arg;

	(void)nla;
	d->err = e->error ? e->error : -EIO;
	d->done = true;
	return NL_STOP;
}

static int resolve(struct mesh_nl *m)
{
	int ret = req_open(m);

	if (ret)
		return ret;
	m->family = genl_ctrl_resolve(m->req, LOWPAN_MESH_GENL_NAME);
	if (m->family < 0) {
		m->family = -1;
		return -ENOENT;
	}
	return 0;
}

int mesh_nl_dump(struct mesh_nl *m, enum mesh_table t, struct mesh_list *l,
		 char *why, size_t whylen)
{
	struct dump_ctx d = { .t = t, .l = l };
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	int ret;

	if ((unsigned int)t >= MESH_NTABLES)
		return -EINVAL;
	ret = resolve(m);
	if (ret == -ENOENT) {
		snprintf(why, whylen, "lowpan_mesh module not loaded (generic netlink family \"%s\" not found)",
			 LOWPAN_MESH_GENL_NAME);
		return ret;
	}
	if (ret) {
		snprintf(why, whylen, "generic netlink: %s", strerror(-ret));
		return ret;
	}
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		ret = -ENOMEM;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, m->family, 0,
			 NLM_F_DUMP, table_cmd[t], LOWPAN_MESH_GENL_VERSION)) {
		ret = -ENOMEM;
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &d);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &d);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &d);
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &d);
	ret = nl_send_auto(m->req, msg);
	if (ret < 0) {
		ret = -EIO;
		goto out;
	}
	ret = 0;
	while (!d.done) {
		int r = nl_recvmsgs(m->req, cb);

		if (r < 0 && !d.done) {
			if (!d.err)
				d.err = -EIO;
			/* the socket may be out of step now: start afresh */
			close_sock(&m->req);
			break;
		}
	}
	ret = d.err;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (ret == -EOPNOTSUPP)
		snprintf(why, whylen, "the lowpan_mesh module does not implement %s yet (EOPNOTSUPP)",
			 table_cmd_name[t]);
	else if (ret)
		snprintf(why, whylen, "lowpan_mesh %s: %s", table_cmd_name[t],
			 strerror(-ret));
	if (ret)
		mesh_list_free(l);
	return ret;
}

int mesh_nl_events_open(struct mesh_nl *m)
{
	int grp;

	if (m->ev)
		return nl_socket_get_fd(m->ev);
	m->ev = nl_socket_alloc();
	if (!m->ev)
		return -1;
	nl_socket_disable_seq_check(m->ev);
	if (genl_connect(m->ev))
		goto fail;
	grp = genl_ctrl_resolve_grp(m->ev, LOWPAN_MESH_GENL_NAME,
				    LOWPAN_MESH_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(m->ev, grp))
		goto fail;
	nl_socket_set_nonblocking(m->ev);
	return nl_socket_get_fd(m->ev);
fail:
	close_sock(&m->ev);
	return -1;
}

int mesh_nl_events_fd(const struct mesh_nl *m)
{
	return m->ev ? nl_socket_get_fd(m->ev) : -1;
}

struct ev_ctx {
	mesh_event_fn fn;
	void *ctx;
};

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct ev_ctx *e = arg;
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	uint32_t ifindex = 0;
	int event = -1;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, LOWPAN_MESH_A_MAX, mesh_policy) < 0)
		return NL_SKIP;
	if (tb[LOWPAN_MESH_A_IFINDEX])
		ifindex = nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]);
	if (tb[LOWPAN_MESH_A_EVENT])
		event = nla_get_u8(tb[LOWPAN_MESH_A_EVENT]);
	e->fn(e->ctx, gh->cmd, event, ifindex);
	return NL_OK;
}

int mesh_nl_events_read(struct mesh_nl *m, mesh_event_fn fn, void *ctx)
{
	struct ev_ctx e = { fn, ctx };
	struct nl_cb *cb;
	int ret;

	if (!m->ev)
		return -1;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return 0;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &e);
	ret = nl_recvmsgs(m->ev, cb);
	nl_cb_put(cb);
	if (ret < 0 && ret != -NLE_AGAIN) {
		/* overrun (-NLE_NOMEM) loses events: report a change anyway */
		if (ret == -NLE_NOMEM) {
			fn(ctx, -1, -1, 0);
			return 0;
		}
		close_sock(&m->ev);
		return -1;
	}
	return 0;
}
