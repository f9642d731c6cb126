/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl.h - generic netlink requests to the lowpan_mesh family
 *
 * One socket per process, opened on first use and kept for a whole batch.
 * Requests ask for extended acks; a failure is printed with the kernel's
 * message and the errno text, and returned as an exit status.
 */
#ifndef IOTCTL_NL_H
#define IOTCTL_NL_H

#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/lowpan_mesh.h>

/*
 * Called for every reply, with the top-level attributes (policy-checked);
 * returns 0, or a negative errno when the reply is unusable.
 */
typedef int (*iot_nl_reply_cb)(struct nlattr **tb, void *arg);

/* the attributes of a reply, checked against the policy; 0 or -EBADMSG */
int iot_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb);

/* reply printers of the objects (exported for the unit tests) */
int dev_print_reply(struct nlattr **tb, void *arg);
int stats_print_reply(struct nlattr **tb, void *arg);

/* 0 or IOT_FAIL (message printed) */
int iot_nl_open(void);
void iot_nl_close(void);

/* a new request for @cmd; @dump asks for all objects. NULL: out of memory */
struct nl_msg *iot_nl_msg(uint8_t cmd, bool dump);

/*
 * Send @msg (always freed), handle every reply with @cb and wait for the
 * end. @what names the object for messages without a kernel message
 * ("wpan0"); may be NULL. Returns IOT_OK or IOT_FAIL (message printed).
 */
int iot_nl_run(struct nl_msg *msg, iot_nl_reply_cb cb, void *arg,
	       const char *what);

/* attribute policies of the replies, for nested parsing */
extern struct nla_policy iot_stat_policy[LOWPAN_MESH_STAT_A_MAX + 1];

#endif /* IOTCTL_NL_H */
