/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genl.h - requests to the lowpan_mesh generic netlink family (libnl-genl-3)
 *
 * What iotctl and coapd share: one attribute policy for every reply, a
 * socket with extended acks on which the family is resolved by name, a
 * socket joined to the "events" group, and a request sent and read to its
 * end (ack, end of dump or error) with the kernel's extended ack message.
 * Nothing here prints: failures are described by struct lm_genl_status
 * so that each program words them its own way.
 */
#ifndef LMESH_GENL_H
#define LMESH_GENL_H

#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <linux/lowpan_mesh.h>

#define LM_GENL_EXTACK_MAX	256	/* longest kernel message kept, with NUL */

/* the step that failed, with the libnl error returned */
enum lm_genl_step {
	LM_GENL_OK,		/* nothing failed here (see ->error) */
	LM_GENL_ALLOC,		/* out of memory before anything was done */
	LM_GENL_CONNECT,	/* opening the generic netlink socket */
	LM_GENL_RESOLVE,	/* the family or group by name; -NLE_OBJ_NOTFOUND:
				 * not registered (module not loaded) */
	LM_GENL_JOIN,		/* joining the events group */
	LM_GENL_SETUP,		/* making the socket non-blocking */
	LM_GENL_SEND,		/* sending the request */
	LM_GENL_RECV,		/* reading the answer: the socket is out of step */
};

/**
 * struct lm_genl_status - how a request went
 * @step: where it failed locally, LM_GENL_OK when it did not
 * @error: the errno the kernel answered with (an error ack, or a dump
 *	that failed half way); 0 for success
 * @msg: the kernel's extended ack message for @error, without a trailing
 *	newline or period; "" when it sent none
 */
struct lm_genl_status {
	enum lm_genl_step step;
	int error;
	char msg[LM_GENL_EXTACK_MAX];
};

/* the policies of the family's attributes and of a nested counter */
extern struct nla_policy lm_genl_policy[LOWPAN_MESH_A_MAX + 1];
extern struct nla_policy lm_genl_stat_policy[LOWPAN_MESH_STAT_A_MAX + 1];

/* the top-level attributes of a reply or event, checked; 0 or -EBADMSG */
int lm_genl_parse(struct nlmsghdr *nlh, struct nlattr **tb);

/*
 * Open *@sk (when NULL) asking for extended acks, and resolve the family
 * into *@family. 0, or a negative libnl error with @st->step; *@sk is then
 * freed and NULL.
 */
int lm_genl_open(struct nl_sock **sk, int *family, struct lm_genl_status *st);

/*
 * A new non-blocking socket in *@sk joined to the family's "events" group,
 * sequence numbers not checked (events carry 0), and the family in
 * *@family. 0, or a negative libnl error with @st->step.
 */
int lm_genl_events(struct nl_sock **sk, int *family, struct lm_genl_status *st);

/*
 * Callbacks for nl_recvmsgs() on an events socket: every message to
 * @valid, sequence numbers not checked (a fresh nl_cb checks them, and an
 * event's 0 would fail the read). NULL: out of memory; else nl_cb_put().
 */
struct nl_cb *lm_genl_events_cb(nl_recvmsg_msg_cb_t valid, void *arg);

/*
 * Send @msg (always freed) on @sk, hand every reply to @valid (may be
 * NULL) and read up to the ack, the end of the dump or the error. 0 when
 * the kernel answered (@st->error, @st->msg say how), else a negative
 * libnl error with @st->step.
 */
int lm_genl_run(struct nl_sock *sk, struct nl_msg *msg,
		nl_recvmsg_msg_cb_t valid, void *arg,
		struct lm_genl_status *st);

#endif /* LMESH_GENL_H */
