/* SPDX-License-Identifier: GPL-2.0 */
/* MQTT-SN gateway: shared state of the daemon. */
#ifndef GW_H
#define GW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "lmesh/upstream.h"
#include "mqttsn.h"

#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

struct lm_config;
struct lm_rules;
struct lm_upstream;

/* Tunables: defaults, overridable in [gateway]; units in the names. */
#define GW_MAX_LISTEN		8	/* UDP sockets */
#define GW_MAX_ADVERTISE	8	/* advertise_to destinations */
#define GW_MAX_CLIENTS_DEF	1024
#define GW_MAX_QUEUE_DEF	100	/* buffered messages per client */
#define GW_MAX_REGS		1024	/* registered topics per client */
#define GW_MAX_SUBS		256	/* subscriptions per client */
#define GW_MAX_RETAINED		1024	/* cached retained messages */
#define GW_RETRY_MS_DEF		10000	/* T_retry */
#define GW_RETRY_COUNT_DEF	3	/* N_retry */
#define GW_FRESH_SUB_MS		5000	/* retained replays go to subs this young */
#define GW_STATE_SAVE_MS	1000	/* at most one state write per interval */
#define GW_QOS2_IDS		16	/* inbound QoS 2 ids awaiting PUBREL */
#define GW_NODEID_MAX		16	/* bytes of an encapsulation node id */
#define GW_CLIENTID_DEF		64	/* longest client id accepted (spec: 23) */
#define GW_CLIENTID_MAX		255	/* ... configurable up to this */
#define GW_RCVBUF_DEF		(4 << 20)	/* SO_RCVBUF of the UDP sockets */

struct gw_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int sock;			/* index in gw->socks */
	/* set when the client sits behind a forwarder (Encapsulated message) */
	uint8_t node_id[GW_NODEID_MAX];
	uint8_t node_len;
	uint8_t ctrl;
	bool encap;
};

struct gw_predef {
	uint16_t id;
	char *topic;
	struct gw_predef *next;
};

struct gw_reg {
	uint16_t id;
	char *topic;
	struct gw_reg *next;
};

struct gw_sub {
	char *filter;			/* device namespace */
	int qos;
	uint8_t tid_type;
	uint16_t topic_id;
	uint64_t fresh_until;
	struct gw_sub *next;
};

struct gw_out {
	char *topic;			/* device namespace */
	uint8_t *payload;
	size_t len;
	int qos;
	bool retain;
	struct gw_out *next;
};

enum gw_cstate {
	GW_CS_DISCONNECTED,
	GW_CS_ACTIVE,
	GW_CS_ASLEEP,
	GW_CS_AWAKE,
	GW_CS_LOST,
};

enum gw_phase {
	GW_PH_NONE,
	GW_PH_WILLTOPIC,		/* sent WILLTOPICREQ */
	GW_PH_WILLMSG,			/* sent WILLMSGREQ */
};

enum gw_outstate {
	GW_OUT_IDLE,
	GW_OUT_WAIT_REGACK,
	GW_OUT_WAIT_PUBACK,
	GW_OUT_WAIT_PUBREC,
	GW_OUT_WAIT_PUBCOMP,
};

struct gw_client_stats {
	uint64_t rx, tx, publish_in, publish_out, dropped, wills;
};

struct gw_client {
	char id[GW_CLIENTID_MAX + 1];
	struct gw_addr addr;
	bool has_addr;
	enum gw_cstate state;
	enum gw_phase phase;
	bool clean;
	uint16_t keepalive_s;
	uint16_t sleep_s;
	uint64_t last_rx;
	/* will */
	char *will_topic;
	uint8_t *will_msg;
	size_t will_len;
	int will_qos;
	bool will_retain;
	/* topics */
	struct gw_reg *regs;
	int nregs;
	uint16_t next_tid;
	struct gw_sub *subs;
	int nsubs;
	/* outbound messages (gateway -> device), one in flight */
	struct gw_out *outq, **outq_tail;
	size_t outq_len;
	enum gw_outstate out_state;
	uint16_t out_msgid, out_tid;
	uint8_t out_tid_type;
	uint64_t out_deadline;
	int out_retries;
	uint16_t next_msgid;
	/* inbound QoS 2 message ids awaiting PUBREL */
	uint16_t qos2_ids[GW_QOS2_IDS];
	int nqos2;
	struct gw_client_stats st;
	struct gw_client *next;
};

/* A SUBACK held until the broker acknowledged the upstream SUBSCRIBE. */
struct gw_pending_suback {
	char client[GW_CLIENTID_MAX + 1];
	struct mqttsn_msg ack;		/* no pointers inside */
	int mid;
	uint64_t deadline;
	struct gw_pending_suback *next;
};

#define GW_SUBACK_WAIT_MS	3000	/* answer anyway after this */

/*
 * A datagram held back until the state it acknowledges is on disk: while
 * the state is dirty every outgoing datagram waits here, in order, and the
 * main loop saves the state (fsync, rename) once and then sends them all.
 */
struct gw_held {
	struct gw_held *next;
	int sock;
	struct sockaddr_storage ss;
	socklen_t len;
	size_t n;
	uint8_t buf[];
};

struct gw_retained {
	char *topic;
	uint8_t *payload;
	size_t len;
	struct gw_retained *next;
};

/* Drop reasons counted globally. */
enum gw_drop {
	GW_DROP_BAD_LENGTH,
	GW_DROP_UNKNOWN_TYPE,
	GW_DROP_BAD_BODY,
	GW_DROP_NOT_CONNECTED,
	GW_DROP_INVALID_TOPIC,
	GW_DROP_UNEXPECTED,
	GW_DROP_QUEUE_FULL,
	GW_DROP_RETRIES,
	GW_DROP_UPSTREAM,
	GW_DROP_TOO_MANY_CLIENTS,
	GW_DROP_BAD_TOPIC_NAME,
	GW_DROP_KERNEL_RCVBUF,		/* SO_RXQ_OVFL: socket buffer was full */
	GW_DROP_NR,
};

struct gw_stats {
	uint64_t rx[MQTTSN_NTYPES];
	uint64_t tx[MQTTSN_NTYPES];
	uint64_t drop[GW_DROP_NR];
	uint64_t rx_bytes, tx_bytes, wills, lost;
};

struct gw_conf {
	char *listen[GW_MAX_LISTEN];
	int listen_line[GW_MAX_LISTEN];	/* for -t's messages */
	int nlisten;
	int multicast_line;
	char *advertise_to[GW_MAX_ADVERTISE];
	int nadvertise;
	char *multicast;		/* group[%iface] joined on matching sockets */
	int multicast_port;
	uint8_t gw_id;
	uint64_t advertise_ms;
	uint64_t retry_ms;
	int retry_count;
	int max_clients;
	int max_queue;
	int rcvbuf;			/* bytes, 0: the kernel's default */
	int max_clientid;		/* longest client id in CONNECT */
	char *topic_prefix;		/* device topic <-> prefix + topic upstream */
	char *state_file;
	char *stats_socket;
	char *user, *group;
	int log_level;
	bool syslog;
};

struct gw {
	struct gw_conf conf;
	int socks[GW_MAX_LISTEN];
	int family[GW_MAX_LISTEN];
	uint32_t rxq_ovfl[GW_MAX_LISTEN];	/* kernel's drop count, last seen */
	int nsocks;
	int stats_fd;
	struct sockaddr_storage adv[GW_MAX_ADVERTISE];
	socklen_t adv_len[GW_MAX_ADVERTISE];
	struct sockaddr_storage mcast;
	socklen_t mcast_len;
	struct gw_predef *predef;
	struct gw_client *clients;
	int nclients;
	struct gw_retained *retained;
	struct gw_pending_suback *subacks;
	int last_sub_mid;		/* set by gw_up_subscribe */
	int nretained;
	struct lm_rules *rules;
	struct lm_upstream *up;
	struct gw_stats st;
	uint64_t now;
	uint64_t next_advertise;
	bool state_dirty;
	uint64_t next_state_save;
	struct gw_held *held, **held_tail;
	/* the running configuration, kept for what a reload compares */
	const char *conf_path;
	struct lm_config *cfg;
	struct lm_upstream_cfg ucfg;	/* its strings point into cfg */
	bool log_debug, log_syslog;	/* -d, -s: kept over reloads */
};

/* gw_config.c */
int gw_conf_load(struct gw *gw, const char *path, struct lm_config **cfgp,
		 char *err, size_t errlen);
void gw_conf_free(struct gw_conf *conf);
int gw_conf_load_all(struct gw *gw, const char *path, struct lm_config **cfgp,
		     struct lm_upstream_cfg *ucfg, char *err, size_t errlen);
void gw_predef_free(struct gw *gw);
const char *gw_predef_topic(const struct gw *gw, uint16_t id);
int gw_predef_id(const struct gw *gw, const char *topic);

/* net.c */
int gw_parse_hostport(const char *s, int defport, struct sockaddr_storage *ss,
		      socklen_t *len, char *err, size_t errlen);
int gw_net_open(struct gw *gw, char *err, size_t errlen);
int gw_net_check(const struct gw *gw, const char *file, char *err, size_t errlen);
void gw_net_close(struct gw *gw);
void gw_send(struct gw *gw, const struct gw_addr *to, const struct mqttsn_msg *m);
void gw_send_to(struct gw *gw, int sock, const struct sockaddr *sa, socklen_t len,
		const struct mqttsn_msg *m);
const char *gw_addr_str(const struct gw_addr *a, char *buf, size_t len);
bool gw_addr_eq(const struct gw_addr *a, const struct gw_addr *b);
void gw_advertise(struct gw *gw);
void gw_held_flush(struct gw *gw, bool send);
void gw_net_read(struct gw *gw, int idx);

/* client.c */
struct gw_client *gw_client_by_addr(struct gw *gw, const struct gw_addr *a);
struct gw_client *gw_client_by_id(struct gw *gw, const char *id, size_t len);
struct gw_client *gw_client_new(struct gw *gw, const char *id, size_t len);
void gw_client_free(struct gw *gw, struct gw_client *c);
void gw_client_clear_session(struct gw *gw, struct gw_client *c);
void gw_client_set_will(struct gw_client *c, const char *topic, size_t tlen,
			int qos, bool retain);
void gw_client_clear_will(struct gw_client *c);
struct gw_reg *gw_reg_by_id(struct gw_client *c, uint16_t id);
struct gw_reg *gw_reg_by_topic(struct gw_client *c, const char *topic);
struct gw_reg *gw_reg_add(struct gw_client *c, const char *topic, uint16_t id);
struct gw_sub *gw_sub_find(struct gw_client *c, const char *filter);
struct gw_sub *gw_sub_add(struct gw *gw, struct gw_client *c, const char *filter,
			  int qos, uint8_t tid_type, uint16_t tid, bool *created);
int gw_sub_del(struct gw *gw, struct gw_client *c, const char *filter);
void gw_client_lost(struct gw *gw, struct gw_client *c, const char *why);
void gw_clients_tick(struct gw *gw);
const char *gw_cstate_name(enum gw_cstate s);

/* deliver.c */
void gw_enqueue(struct gw *gw, struct gw_client *c, const char *topic,
		const void *payload, size_t len, int qos, bool retain);
void gw_pump(struct gw *gw, struct gw_client *c);
void gw_out_ack(struct gw *gw, struct gw_client *c, const struct mqttsn_msg *m);
void gw_out_tick(struct gw *gw, struct gw_client *c);
void gw_out_flush(struct gw_client *c);

/* handlers.c */
void gw_handle(struct gw *gw, const struct gw_addr *from, const uint8_t *buf,
	       size_t len);

/* bridge.c */
int gw_publish_up(struct gw *gw, const char *topic, const void *payload,
		  size_t len, int qos, bool retain);
void gw_bridge_message(void *ctx, const char *topic, const void *payload,
		       size_t len, int qos, bool retain);
void gw_retained_deliver(struct gw *gw, struct gw_client *c, struct gw_sub *s);
void gw_retained_free(struct gw *gw);
int gw_up_subscribe(struct gw *gw, const char *filter, int qos);
void gw_up_unsubscribe(struct gw *gw, const char *filter);
bool gw_up_known(struct gw *gw, const char *filter);
void gw_rules_tick(struct gw *gw);
void gw_bridge_subscribed(void *ctx, int mid);
void gw_subacks_tick(struct gw *gw, bool all);

/* reload.c */
int gw_reload(struct gw *gw);

/* state.c */
int gw_state_load(struct gw *gw);
int gw_state_save(struct gw *gw);
void gw_state_dir(const char *path, char *dir, size_t size);
void gw_state_dirty(struct gw *gw);

/* stats.c */
void gw_drop(struct gw *gw, enum gw_drop why);
void gw_stats_dump(struct gw *gw, int fd);
void gw_stats_log(struct gw *gw);
int gw_stats_open(struct gw *gw, char *err, size_t errlen);
void gw_stats_accept(struct gw *gw);

/* util */
uint64_t gw_now_ms(void);

#endif /* GW_H */
