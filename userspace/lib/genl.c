// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - requests to the lowpan_mesh generic netlink family, extended acks
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "lmesh/genl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

struct nla_policy lm_genl_policy[LOWPAN_MESH_A_MAX + 1] = {
	[LOWPAN_MESH_A_IFINDEX]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_IFNAME]		= { .type = NLA_STRING },
	[LOWPAN_MESH_A_WPAN_IFINDEX]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_WPAN_IFNAME]	= { .type = NLA_STRING },
	[LOWPAN_MESH_A_EXT_ADDR]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_SHORT_ADDR]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_PAN_ID]		= { .type = NLA_U16 },
	[LOWPAN_MESH_A_STATS]		= { .type = NLA_NESTED },
	[LOWPAN_MESH_A_STAT]		= { .type = NLA_NESTED },
	[LOWPAN_MESH_A_MTU]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_OPER_UP]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_HOPS_LEFT]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_DST_SHORT]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_DST_EXT]		= { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEXTHOP_SHORT]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_NEXTHOP_EXT]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_METRIC]		= { .type = NLA_U32 },
	[LOWPAN_MESH_A_ROUTE_ORIGIN]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_NEIGH_SHORT]	= { .type = NLA_U16 },
	[LOWPAN_MESH_A_NEIGH_EXT]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_LQI]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_LAST_SEEN_MS]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_NEIGH_RX_FRAMES]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_PACKETS] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_HDR_IN]	= { .type = NLA_U64 },
	[LOWPAN_MESH_A_NEIGH_TX_HDR_OUT] = { .type = NLA_U64 },
	[LOWPAN_MESH_A_CTX_ID]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_PREFIX]	= { .minlen = 16 },
	[LOWPAN_MESH_A_CTX_PREFIX_LEN]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_COMPRESS]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_LIFETIME]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_CTX_VERSION]	= { .type = NLA_U32 },
	[LOWPAN_MESH_A_CTX_AUTHORITY]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_ORIGIN]	= { .type = NLA_U8 },
	[LOWPAN_MESH_A_EVENT]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_FLOOD]		= { .type = NLA_U8 },
	[LOWPAN_MESH_A_CTX_PHASE]	= { .type = NLA_U8 },
};

struct nla_policy lm_genl_stat_policy[LOWPAN_MESH_STAT_A_MAX + 1] = {
	[LOWPAN_MESH_STAT_A_ID]		= { .type = NLA_U32 },
	[LOWPAN_MESH_STAT_A_NAME]	= { .type = NLA_STRING },
	[LOWPAN_MESH_STAT_A_VALUE]	= { .type = NLA_U64 },
};

int lm_genl_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	if (genlmsg_parse(nlh, 0, tb, LOWPAN_MESH_A_MAX, lm_genl_policy) < 0)
		return -EBADMSG;
	return 0;
}

static void status_init(struct lm_genl_status *st)
{
	st->step = LM_GENL_OK;
	st->error = 0;
	st->msg[0] = '\0';
}

/* a failed @step with libnl error @err: the socket goes */
static int fail(struct nl_sock **sk, struct lm_genl_status *st,
		enum lm_genl_step step, int err)
{
	nl_socket_free(*sk);
	*sk = NULL;
	st->step = step;
	return err;
}

static int socket_new(struct nl_sock **sk, struct lm_genl_status *st)
{
	int err;

	*sk = nl_socket_alloc();
	if (!*sk) {
		st->step = LM_GENL_ALLOC;
		return -NLE_NOMEM;
	}
	err = genl_connect(*sk);
	if (err)
		return fail(sk, st, LM_GENL_CONNECT, err);
	return 0;
}

int lm_genl_open(struct nl_sock **sk, int *family, struct lm_genl_status *st)
{
	int one = 1;
	int err;

	status_init(st);
	if (!*sk) {
		err = socket_new(sk, st);
		if (err)
			return err;
		/* kernels before 4.12 lack these: errors then come without text */
		setsockopt(nl_socket_get_fd(*sk), SOL_NETLINK, NETLINK_EXT_ACK,
			   &one, sizeof(one));
		setsockopt(nl_socket_get_fd(*sk), SOL_NETLINK, NETLINK_CAP_ACK,
			   &one, sizeof(one));
	}
	*family = genl_ctrl_resolve(*sk, LOWPAN_MESH_GENL_NAME);
	if (*family < 0)
		return fail(sk, st, LM_GENL_RESOLVE, *family);
	return 0;
}

int lm_genl_events(struct nl_sock **sk, int *family, struct lm_genl_status *st)
{
	int grp, err;

	status_init(st);
	err = socket_new(sk, st);
	if (err)
		return err;
	*family = genl_ctrl_resolve(*sk, LOWPAN_MESH_GENL_NAME);
	if (*family < 0)
		return fail(sk, st, LM_GENL_RESOLVE, *family);
	grp = genl_ctrl_resolve_grp(*sk, LOWPAN_MESH_GENL_NAME,
				    LOWPAN_MESH_MCGRP_EVENTS);
	if (grp < 0)
		return fail(sk, st, LM_GENL_RESOLVE, grp);
	err = nl_socket_add_membership(*sk, grp);
	if (err)
		return fail(sk, st, LM_GENL_JOIN, err);
	nl_socket_disable_seq_check(*sk);
	err = nl_socket_set_nonblocking(*sk);
	if (err)
		return fail(sk, st, LM_GENL_SETUP, err);
	return 0;
}

/* events carry sequence number 0: nothing to check */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

struct nl_cb *lm_genl_events_cb(nl_recvmsg_msg_cb_t valid, void *arg)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
	return cb;
}

struct run_state {
	struct lm_genl_status *st;
	bool done;
};

/* the text of NLMSGERR_ATTR_MSG after an error, when the kernel sent one */
static void extack_text(struct nlmsgerr *e, struct lm_genl_status *st)
{
	struct nlmsghdr *nlh = (void *)((unsigned char *)e - NLMSG_HDRLEN);
	struct nlattr *a;
	size_t off, total;
	int rem, len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	total = nlh->nlmsg_len - NLMSG_HDRLEN;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (off >= total)
		return;
	nla_for_each_attr(a, (struct nlattr *)((unsigned char *)e + off),
			  (int)(total - off), rem) {
		if (nla_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		len = nla_len(a);
		if (len <= 0)
			continue;
		if (len >= LM_GENL_EXTACK_MAX)
			len = LM_GENL_EXTACK_MAX - 1;
		memcpy(st->msg, nla_data(a), len);
		st->msg[len] = '\0';
		/* no trailing newline or period doubling with "(errno)" */
		len = (int)strlen(st->msg);
		while (len > 0 && (st->msg[len - 1] == '\n' ||
				   st->msg[len - 1] == '.'))
			st->msg[--len] = '\0';
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct run_state *rs = arg;

	(void)nla;
	rs->st->error = e->error ? -e->error : EIO;
	rs->done = true;
	extack_text(e, rs->st);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct run_state *rs = arg;

	(void)msg;
	rs->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct run_state *rs = arg;
	int err;

	/* a dump that failed half way ends with the error in NLMSG_DONE */
	if (nlmsg_datalen(nlh) >= (int)sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			rs->st->error = -err;
	}
	rs->done = true;
	return NL_STOP;
}

int lm_genl_run(struct nl_sock *sk, struct nl_msg *msg,
		nl_recvmsg_msg_cb_t valid, void *arg,
		struct lm_genl_status *st)
{
	struct run_state rs = { .st = st };
	struct nl_cb *cb;
	int err;

	status_init(st);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		st->step = LM_GENL_ALLOC;
		return -NLE_NOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &rs);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &rs);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &rs);
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);

	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		st->step = LM_GENL_SEND;
		goto out;
	}
	err = 0;
	while (!rs.done) {
		err = nl_recvmsgs(sk, cb);
		if (err < 0 && !rs.done) {
			st->step = LM_GENL_RECV;
			goto out;
		}
	}
	err = 0;
out:
	nl_cb_put(cb);
	return err;
}
