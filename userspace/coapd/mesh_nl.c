// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_nl.c - the lowpan_mesh generic netlink family through libnl-genl-3
 *
 * One socket for requests (dumps), one for the "events" multicast group;
 * the exchanges themselves are liblmesh's (lmesh/genl.h).
 * The family is resolved on every dump, so the module may be loaded or
 * reloaded while coapd runs.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/lowpan_mesh.h>
#include <lmesh/genl.h>

#include "mesh.h"

struct mesh_nl {
	struct nl_sock *req;
	struct nl_sock *ev;
	int family;
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

struct dump_ctx {
	enum mesh_table t;
	struct mesh_list *l;
	int err;	/* of the records: -EBADMSG, -ENOMEM */
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
		if (nla_parse_nested(sb, LOWPAN_MESH_STAT_A_MAX, st,
				     lm_genl_stat_policy) < 0 ||
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

	if (lm_genl_parse(nlmsg_hdr(msg), tb)) {
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
		GET(LOWPAN_MESH_A_CTX_PHASE, MH_PHASE, phase, nla_get_u8);
		break;
	default:
		break;
	}
	return NL_OK;
}

/* the family resolved again: the module may have been (re)loaded */
static int resolve(struct mesh_nl *m, char *why, size_t whylen)
{
	struct lm_genl_status st;
	int err;

	err = lm_genl_open(&m->req, &m->family, &st);
	if (!err)
		return 0;
	if (st.step == LM_GENL_RESOLVE) {
		snprintf(why, whylen, "lowpan_mesh module not loaded (generic netlink family \"%s\" not found)",
			 LOWPAN_MESH_GENL_NAME);
		return -ENOENT;
	}
	snprintf(why, whylen, "generic netlink: %s", nl_geterror(err));
	return st.step == LM_GENL_ALLOC ? -ENOMEM : -EIO;
}

int mesh_nl_dump(struct mesh_nl *m, enum mesh_table t, struct mesh_list *l,
		 char *why, size_t whylen)
{
	struct dump_ctx d = { .t = t, .l = l };
	struct lm_genl_status st = { .step = LM_GENL_OK };
	struct nl_msg *msg;
	int ret;

	if ((unsigned int)t >= MESH_NTABLES)
		return -EINVAL;
	ret = resolve(m, why, whylen);
	if (ret)
		return ret;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, m->family, 0,
				 NLM_F_DUMP, table_cmd[t],
				 LOWPAN_MESH_GENL_VERSION)) {
		nlmsg_free(msg);
		ret = -ENOMEM;
		goto out;
	}
	ret = lm_genl_run(m->req, msg, valid_cb, &d, &st);
	if (st.step == LM_GENL_RECV) {
		/* the socket may be out of step now: start afresh */
		close_sock(&m->req);
	}
	if (ret)
		ret = st.step == LM_GENL_ALLOC ? -ENOMEM : -EIO;
	else if (st.error)
		ret = -st.error;
	else
		ret = d.err;
out:
	if (ret == -EOPNOTSUPP)
		snprintf(why, whylen, "the lowpan_mesh module does not implement %s yet (EOPNOTSUPP)",
			 table_cmd_name[t]);
	else if (ret && st.msg[0])
		snprintf(why, whylen, "lowpan_mesh %s: %s (%s)",
			 table_cmd_name[t], st.msg, strerror(-ret));
	else if (ret)
		snprintf(why, whylen, "lowpan_mesh %s: %s", table_cmd_name[t],
			 strerror(-ret));
	if (ret)
		mesh_list_free(l);
	return ret;
}

int mesh_nl_events_open(struct mesh_nl *m)
{
	struct lm_genl_status st;
	int family;

	if (m->ev)
		return nl_socket_get_fd(m->ev);
	if (lm_genl_events(&m->ev, &family, &st))
		return -1;
	return nl_socket_get_fd(m->ev);
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

	if (lm_genl_parse(nlmsg_hdr(msg), tb))
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
	cb = lm_genl_events_cb(event_cb, &e);
	if (!cb)
		return 0;
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
