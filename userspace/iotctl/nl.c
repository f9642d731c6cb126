// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - generic netlink requests to the lowpan_mesh family, extended acks
 *
 * The exchanges themselves are liblmesh's (lmesh/genl.h); here they are
 * worded for the command line.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"
#include "parse.h"

static struct nl_sock *sock;
static int family;

int iot_nl_open(void)
{
	struct lm_genl_status st;
	int err;

	if (sock)
		return IOT_OK;
	err = lm_genl_open(&sock, &family, &st);
	if (!err)
		return IOT_OK;
	if (st.step == LM_GENL_ALLOC)
		iot_err("out of memory");
	else if (st.step == LM_GENL_CONNECT)
		iot_err("cannot open a generic netlink socket: %s",
			nl_geterror(err));
	else if (err == -NLE_OBJ_NOTFOUND)
		iot_err("lowpan_mesh module not loaded (modprobe/insmod lowpan_mesh.ko)");
	else
		iot_err("cannot resolve the generic netlink family %s: %s",
			LOWPAN_MESH_GENL_NAME, nl_geterror(err));
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

struct nl_msg *iot_nl_dev_msg(uint8_t cmd, bool dump, unsigned int ifindex)
{
	struct nl_msg *msg;

	msg = iot_nl_msg(cmd, dump);
	if (msg && ifindex &&
	    nla_put_u32(msg, LOWPAN_MESH_A_IFINDEX, ifindex)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		iot_cmd_err("out of memory");
	return msg;
}

struct reply_state {
	iot_nl_reply_cb cb;
	void *arg;
	int error;	/* first error of a reply handler */
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[LOWPAN_MESH_A_MAX + 1];
	struct reply_state *rs = arg;
	int err;

	err = lm_genl_parse(nlmsg_hdr(msg), tb);
	if (!err && rs->cb)
		err = rs->cb(tb, rs->arg);
	if (err < 0 && !rs->error)
		rs->error = -err;
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
	struct reply_state rs = { .cb = cb, .arg = arg };
	struct lm_genl_status st;
	int err;

	if (!sock) {
		nlmsg_free(msg);
		iot_cmd_err("no netlink socket");
		return IOT_FAIL;
	}
	err = lm_genl_run(sock, msg, on_valid, &rs, &st);
	if (st.step == LM_GENL_ALLOC) {
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	if (st.step == LM_GENL_SEND) {
		iot_cmd_err("cannot send the request: %s", nl_geterror(err));
		return IOT_FAIL;
	}
	if (err) {
		iot_cmd_err("cannot read the reply: %s", nl_geterror(err));
		/* the socket may be out of step: start afresh */
		iot_nl_close();
		return IOT_FAIL;
	}
	if (st.error) {
		iot_nl_report(st.error, st.msg, what);
		return IOT_FAIL;
	}
	if (rs.error) {
		iot_cmd_err("unexpected reply from the kernel: %s",
			    strerror(rs.error));
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

void iot_print_saving(uint64_t in, uint64_t out)
{
	int64_t saved = (int64_t)(in - out);

	print_text(" saved %" PRId64 " bytes", saved);
	if (in)
		print_text(" (%.1f%%)", (double)saved * 100.0 / (double)in);
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
	if (lm_genl_parse(nlh, tb)) {
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
	struct lm_genl_status st;
	int err;

	err = lm_genl_events(out, fam, &st);
	switch (st.step) {
	case LM_GENL_OK:
		nl_socket_set_buffer_size(*out, MONITOR_RCVBUF, 0);
		return IOT_OK;
	case LM_GENL_ALLOC:
		iot_cmd_err("out of memory");
		break;
	case LM_GENL_CONNECT:
		iot_cmd_err("cannot open a generic netlink socket: %s",
			    nl_geterror(err));
		break;
	case LM_GENL_JOIN:
		iot_cmd_err("cannot join the \"%s\" group: %s",
			    LOWPAN_MESH_MCGRP_EVENTS, nl_geterror(err));
		break;
	case LM_GENL_RESOLVE:
		iot_cmd_err("the lowpan_mesh module has no \"%s\" group: %s",
			    LOWPAN_MESH_MCGRP_EVENTS, nl_geterror(err));
		break;
	default:
		iot_cmd_err("cannot set up the socket: %s", nl_geterror(err));
	}
	return IOT_FAIL;
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
	nlcb = lm_genl_events_cb(on_event, &st);
	if (!nlcb) {
		iot_cmd_err("out of memory");
		ret = IOT_FAIL;
		goto out;
	}

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
