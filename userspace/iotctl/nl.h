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
#include <lmesh/genl.h>

/*
 * Called for every reply, with the top-level attributes (checked by
 * lm_genl_parse(), lmesh/genl.h); returns 0, or a negative errno when the
 * reply is unusable.
 */
typedef int (*iot_nl_reply_cb)(struct nlattr **tb, void *arg);

/*
 * Reply printers of the objects (exported for the unit tests). The table
 * printers take a filter: NULL, or a pointer to the interface index whose
 * entries are printed (0: all).
 */
int dev_print_reply(struct nlattr **tb, void *arg);
int stats_print_reply(struct nlattr **tb, void *arg);
int route_print_reply(struct nlattr **tb, void *arg);
int neigh_print_reply(struct nlattr **tb, void *arg);
int ctx_print_reply(struct nlattr **tb, void *arg);

/*
 * Called for every message of the events group with its command; returns
 * 0 to go on, 1 to stop (enough events), a negative errno on failure.
 */
typedef int (*iot_nl_event_cb)(uint8_t cmd, struct nlattr **tb, void *arg);

/**
 * struct monitor_filter - what iotctl monitor prints
 * @ifindex: only events of this interface; 0 for all
 * @count: stop after this many events printed; 0 for never
 * @seen: events printed so far
 */
struct monitor_filter {
	unsigned int ifindex;
	unsigned long count;
	unsigned long seen;
};

/* prints one event; @arg is a struct monitor_filter or NULL */
int monitor_print_event(uint8_t cmd, struct nlattr **tb, void *arg);

/*
 * Join the events group and hand every event to @cb until it says stop or
 * SIGINT or SIGTERM arrives. IOT_OK, or IOT_FAIL (message printed).
 */
int iot_nl_monitor(iot_nl_event_cb cb, void *arg);

struct ieee802154_addr_arg;

/* put @a as the @short_type or the @ext_type attribute; 0 or -NLE_NOMEM */
int iot_nl_put_addr(struct nl_msg *msg, int short_type, int ext_type,
		    const struct ieee802154_addr_arg *a);
/* the address in @short_type (preferred) or @ext_type, formatted; NULL */
const char *iot_nl_get_addr(struct nlattr **tb, int short_type, int ext_type,
			    char buf[24]);
/* true when the message is of another interface than *@ifindex (not 0) */
bool iot_nl_filtered(struct nlattr **tb, const unsigned int *ifindex);
/* " dev NAME" (text), "ifname" and "ifindex" (JSON) of a message */
void iot_print_dev(struct nlattr **tb);
/* text only: " saved 360 bytes (75.0%)", @in - @out and its share of @in */
void iot_print_saving(uint64_t in, uint64_t out);

/* the name of the interface of a message: IFNAME, else from IFINDEX; NULL */
const char *iot_nl_ifname(struct nlattr **tb, char buf[16]);

/*
 * Print a failed request: "CMD: WHAT: <extack message> (<errno text>)";
 * EPERM adds a hint, EOPNOTSUPP without a message says the module lacks
 * the command. @msg and @what may be NULL.
 */
void iot_nl_report(int error, const char *msg, const char *what);

/*
 * The mesh interface a command works on: @name when given, else the only
 * mesh interface of the namespace (asks the kernel). Fills @ifindex and,
 * when @name is NULL, @buf with the name found. IOT_OK or IOT_FAIL.
 */
int iot_mesh_dev(const char *name, unsigned int *ifindex, char buf[16]);

/*
 * Have the module read the link-layer security switch of wpan device
 * @wpan_ifindex again for every mesh interface on it in this namespace, at
 * once rather than within its one-second poll (dev.c). Quiet when the
 * module is not loaded or no mesh interface sits on the device.
 */
void iot_mesh_sec_sync(unsigned int wpan_ifindex);

/* 0 or IOT_FAIL (message printed) */
int iot_nl_open(void);
void iot_nl_close(void);

/* a new request for @cmd; @dump asks for all objects. NULL: out of memory */
struct nl_msg *iot_nl_msg(uint8_t cmd, bool dump);
/*
 * The same naming the interface @ifindex (none when 0). NULL: out of
 * memory, message printed.
 */
struct nl_msg *iot_nl_dev_msg(uint8_t cmd, bool dump, unsigned int ifindex);

/*
 * Send @msg (always freed), handle every reply with @cb and wait for the
 * end. @what names the object for messages without a kernel message
 * ("wpan0"); may be NULL. Returns IOT_OK or IOT_FAIL (message printed).
 */
int iot_nl_run(struct nl_msg *msg, iot_nl_reply_cb cb, void *arg,
	       const char *what);

#endif /* IOTCTL_NL_H */
