// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - generic netlink requests to the lowpan_mesh family, extended acks
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define EXTACK_MSG_MAX	256	/* longest kernel message kept, with NUL */

static struct nl_sock *sock;
static int family;

static struct nla_policy attr_policy[LOWPAN_MESH_A_MAX + 1] = {
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
};

struct nla_policy iot_stat_policy[LOWPAN_MESH_STAT_A_MAX + 1] = {
	[LOWPAN_MESH_STAT_A_ID]		= { .type = NLA_U32 },
	[LOWPAN_MESH_STAT_A_NAME]	= { .type = NLA_STRING },
	[LOWPAN_MESH_STAT_A_VALUE]	= { .type = NLA_U64 },
};

int iot_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	if (genlmsg_parse(nlh, 0, tb, LOWPAN_MESH_A_MAX, attr_policy) < 0)
		return -EBADMSG;
	return 0;
}

int iot_nl_open(void)
{
	int one = 1;
	int err;

	if (sock)
		return IOT_OK;
	sock = nl_socket_alloc();
	if (!sock) {
		iot_err("out of memory");
		return IOT_FAIL;
	}
	err = genl_connect(sock);
	if (err) {
		iot_err("cannot open a generic netlink socket: %s",
			nl_geterror(err));
		goto fail;
	}
	/* kernels before 4.12 lack these: errors then come without text */
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	family = genl_ctrl_resolve(sock, LOWPAN_MESH_GENL_NAME);
	if (family == -NLE_OBJ_NOTFOUND) {
		iot_err("lowpan_mesh module not loaded (modprobe/insmod lowpan_mesh.ko)");
		goto fail;
	}
	if (family < 0) {
		iot_err("cannot resolve the generic netlink family %s: %s",
			LOWPAN_MESH_GENL_NAME, nl_geterror(family));
		goto fail;
	}
	return IOT_OK;
fail:
	nl_socket_free(sock);
	sock = NULL;
	return IOT_FAIL;
}

void iot_nl_close(void)
{
	nl_socket_free(sock);
	sock = NULL;
}

struct nl_msg *iot_nl_msg(uint8_t cmd, bool dump)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, LOWPAN_MESH_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_state {
	iot_nl_reply_cb cb;
	void *arg;
	bool done;
	int error;		/* errno reported by the kernel */
	int reply_error;	/* first error of a reply handler */
	char msg[EXTACK_MSG_MAX];
};

/* the text of NLMSGERR_ATTR_MSG after an error, when the kernel sent one */
static void extack_text(struct nlmsgerr *e, struct req_state *st)
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
		if (len >= EXTACK_MSG_MAX)
			len = EXTACK_MSG_MAX - 1;
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
	struct req_state *st = arg;

	(void)nla;
	st->error = -e->error;
	st->done = true;
	extack_text(e, st);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req_state *st = arg;
	int err;

	/* a dump that failed half way ends with the error in NLMSG_DONE */
	if (nlmsg_datalen(nlh) >= (int)sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			st->error = -err;
	}
	st->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct req_state *st = arg;
	int err;

	err = iot_nl_parse(nlmsg_hdr(msg), tb);
	if (!err && st->cb)
		err = st->cb(tb, st->arg);
	if (err < 0 && !st->reply_error)
		st->reply_error = -err;
	/* keep reading to the end either way: the socket serves a batch */
	return NL_OK;
}

/* "dev add: wpan0: <kernel message> (<errno text>)" */
void iot_nl_report(int error, const char *msg, const char *what)
{
	const char *text = strerror(error);
	const char *sep = what ? ": " : "";

	if (!what)
		what = "";
	if (msg && msg[0])
		iot_cmd_err("%s%s%s (%s)", what, sep, msg, text);
	else if (error == EPERM || error == EACCES)
		iot_cmd_err("%s%s%s: needs CAP_NET_ADMIN (run as root)", what,
			    sep, text);
	else if (error == EOPNOTSUPP)
		/* genetlink's answer to a command the module does not have */
		iot_cmd_err("not supported by this lowpan_mesh module (%s)",
			    text);
	else
		iot_cmd_err("%s%s%s", what, sep, text);
}

int iot_nl_run(struct nl_msg *msg, iot_nl_reply_cb cb, void *arg,
	       const char *what)
{
	struct req_state st = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	if (!sock) {
		nlmsg_free(msg);
		iot_cmd_err("no netlink socket");
		return IOT_FAIL;
	}
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);

	err = nl_send_auto(sock, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(nlcb);
		iot_cmd_err("cannot send the request: %s", nl_geterror(err));
		return IOT_FAIL;
	}
	while (!st.done) {
		err = nl_recvmsgs(sock, nlcb);
		if (err < 0 && !st.done) {
			nl_cb_put(nlcb);
			iot_cmd_err("cannot read the reply: %s",
				    nl_geterror(err));
			/* the socket may be out of step: start afresh */
			iot_nl_close();
			return IOT_FAIL;
		}
	}
	nl_cb_put(nlcb);
	if (st.error) {
		iot_nl_report(st.error, st.msg, what);
		return IOT_FAIL;
	}
	if (st.reply_error) {
		iot_cmd_err("unexpected reply from the kernel: %s",
			    strerror(st.reply_error));
		return IOT_FAIL;
	}
	return IOT_OK;
}

const char *iot_nl_ifname(struct nlattr **tb, char buf[IF_NAMESIZE])
{
	if (tb[LOWPAN_MESH_A_IFNAME] &&
	    nla_get_string(tb[LOWPAN_MESH_A_IFNAME])[0])
		return nla_get_string(tb[LOWPAN_MESH_A_IFNAME]);
	if (tb[LOWPAN_MESH_A_IFINDEX])
		return if_indextoname(nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]),
				      buf);
	return NULL;
}

int iot_nl_put_addr(struct nl_msg *msg, int short_type, int ext_type,
		    const struct ieee802154_addr_arg *a)
{
	if (a->kind == ADDR_SHORT)
		return nla_put_u16(msg, short_type, a->short_addr);
	return nla_put_u64(msg, ext_type, a->ext_addr);
}

const char *iot_nl_get_addr(struct nlattr **tb, int short_type, int ext_type,
			    char buf[EXT_ADDR_STRLEN])
{
	if (tb[short_type])
		return format_short_addr(nla_get_u16(tb[short_type]), buf);
	if (tb[ext_type])
		return format_ext_addr(nla_get_u64(tb[ext_type]), buf);
	return NULL;
}

bool iot_nl_filtered(struct nlattr **tb, const unsigned int *ifindex)
{
	return ifindex && *ifindex && tb[LOWPAN_MESH_A_IFINDEX] &&
	       nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]) != *ifindex;
}

void iot_print_dev(struct nlattr **tb)
{
	char buf[IF_NAMESIZE];
	const char *name = iot_nl_ifname(tb, buf);

	if (name)
		print_string(PRINT_ANY, "ifname", " dev %s", name);
	if (tb[LOWPAN_MESH_A_IFINDEX])
		print_uint(name ? PRINT_JSON : PRINT_ANY, "ifindex",
			   " ifindex %u", nla_get_u32(tb[LOWPAN_MESH_A_IFINDEX]));
}

/* --- monitor ------------------------------------------------------------ */

#define MONITOR_RCVBUF	(1024 * 1024)	/* bytes: room for a burst of events */

static volatile sig_atomic_t monitor_stop;

static void on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

struct monitor_state {
	iot_nl_event_cb cb;
	void *arg;
	int family;
	bool done;
	int error;	/* first error of the callback */
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct monitor_state *st = arg;
	struct genlmsghdr *gnlh;
	int err;

	if (nlh->nlmsg_type != st->family ||
	    !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gnlh = nlmsg_data(nlh);
	if (iot_nl_parse(nlh, tb)) {
		iot_cmd_err("malformed event from the kernel (ignored)");
		return NL_SKIP;
	}
	err = st->cb(gnlh->cmd, tb, st->arg);
	if (err < 0) {
		st->error = -err;
		st->done = true;
		return NL_STOP;
	}
	if (err > 0) {
		st->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int monitor_socket(struct nl_sock **out, int *fam)
{
	struct nl_sock *ms;
	int grp, err;

	ms = nl_socket_alloc();
	if (!ms) {
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	err = genl_connect(ms);
	if (err) {
		iot_cmd_err("cannot open a generic netlink socket: %s",
			    nl_geterror(err));
		goto fail;
	}
	*fam = genl_ctrl_resolve(ms, LOWPAN_MESH_GENL_NAME);
	grp = genl_ctrl_resolve_grp(ms, LOWPAN_MESH_GENL_NAME,
				    LOWPAN_MESH_MCGRP_EVENTS);
	if (*fam < 0 || grp < 0) {
		iot_cmd_err("the lowpan_mesh module has no \"%s\" group: %s",
			    LOWPAN_MESH_MCGRP_EVENTS,
			    nl_geterror(*fam < 0 ? *fam : grp));
		goto fail;
	}
	err = nl_socket_add_membership(ms, grp);
	if (err) {
		iot_cmd_err("cannot join the \"%s\" group: %s",
			    LOWPAN_MESH_MCGRP_EVENTS, nl_geterror(err));
		goto fail;
	}
	nl_socket_disable_seq_check(ms);
	nl_socket_set_buffer_size(ms, MONITOR_RCVBUF, 0);
	err = nl_socket_set_nonblocking(ms);
	if (err) {
		iot_cmd_err("cannot set up the socket: %s", nl_geterror(err));
		goto fail;
	}
	*out = ms;
	return IOT_OK;
fail:
	nl_socket_free(ms);
	return IOT_FAIL;
}

/* events carry sequence number 0: nothing to check */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int iot_nl_monitor(iot_nl_event_cb cb, void *arg)
{
	struct monitor_state st = { .cb = cb, .arg = arg };
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct nl_sock *ms = NULL;
	struct nl_cb *nlcb = NULL;
	sigset_t block, orig;
	struct pollfd pfd;
	int ret, err;

	ret = iot_nl_open();	/* "module not loaded" said once, clearly */
	if (ret)
		return ret;

	/*
	 * The handlers are in place before the group is joined, and the
	 * signals only let in while waiting: once a test sees the membership,
	 * SIGINT and SIGTERM end the monitor cleanly, none is missed.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	monitor_stop = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	ret = monitor_socket(&ms, &st.family);
	if (ret)
		goto out;
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		iot_cmd_err("out of memory");
		ret = IOT_FAIL;
		goto out;
	}
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &st);

	pfd.fd = nl_socket_get_fd(ms);
	pfd.events = POLLIN;
	while (!monitor_stop && !st.done) {
		pfd.revents = 0;
		if (ppoll(&pfd, 1, NULL, &orig) < 0) {
			if (errno == EINTR)
				continue;
			iot_cmd_err("poll: %s", strerror(errno));
			ret = IOT_FAIL;
			break;
		}
		err = nl_recvmsgs(ms, nlcb);
		if (err == -NLE_AGAIN || err == -NLE_INTR || err >= 0)
			continue;
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed, go on */
			iot_cmd_err("events lost: the kernel sent more than could be read");
			continue;
		}
		iot_cmd_err("cannot read events: %s", nl_geterror(err));
		ret = IOT_FAIL;
		break;
	}
out:
	if (nlcb)
		nl_cb_put(nlcb);
	nl_socket_free(ms);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (!ret && st.error) {
		iot_cmd_err("cannot print an event: %s", strerror(st.error));
		ret = IOT_FAIL;
	}
	return ret;
}
