/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime state of the bridge: serial ports, IP endpoints, TCP sessions,
 * the learned route table and the counters. One thread, one poll loop.
 */
#ifndef DNP3_BRIDGE_H
#define DNP3_BRIDGE_H

#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <openssl/ssl.h>

#include "config.h"
#include "frame.h"
#include "sock.h"
#include "stats.h"
#include "util.h"

#define RAW_CHUNK_MAX		4096	/* bytes of a raw-mode chunk */
#define ROUTE_MAX		256	/* learned master address -> peer */
#define UDP_DGRAM_MAX		65535
#define SERIAL_REOPEN_MS	1000	/* retry a failed serial device */
#define POLL_MAX_WAIT_MS	1000
#define TLS_ID_LEN		256	/* subject of a TLS peer certificate */

struct bridge;

/* Log lines that a peer can cause once per frame or connection. */
enum log_reason {
	LOG_REFUSED_MASTER,	/* not in allow-masters */
	LOG_ROUTE_REFUSED,	/* route pinned elsewhere */
	LOG_SERIAL_DROP,	/* serial output queue full or device down */
	LOG_SESSION_REFUSED,	/* max-sessions */
	LOG_SESSION,		/* connection accepted, session closed */
	LOG_UDP_SEND,		/* sendto failed */
	LOG_REASONS,
};

/* at most log-burst lines per reason per log-interval, then a summary */
struct log_limit {
	uint64_t start;		/* ms, start of the current interval */
	unsigned int lines;
	unsigned long suppressed;
};

struct port_rt {
	struct bridge *b;
	const struct cfg_port *cfg;
	int idx;
	int fd;
	struct dnp3_parser parser;
	struct obuf out;
	uint64_t last_rx;	/* ms, last byte read */
	uint64_t next_open;	/* ms, reopen attempt while fd < 0 */
	int reopen_quiet;	/* failure already logged */
	unsigned int backoff;	/* ms, next reopen delay */
	char lock[CFG_PATH_LEN + 64];	/* lock file we hold, or "" */
	uint8_t raw[RAW_CHUNK_MAX];
	size_t raw_len;
	struct port_stats st;
};

enum sess_state {
	SESS_CONNECTING,
	SESS_HANDSHAKE,
	SESS_UP,
};

struct session {
	struct bridge *b;
	int fd;
	SSL *ssl;
	int ssl_want_write;
	enum sess_state state;
	int ep;			/* index of the endpoint it belongs to */
	int raw_port;		/* raw pipe to this port index, or -1 */
	struct dnp3_parser parser;
	struct obuf out;
	uint64_t last_rx;	/* ms, last whole frame received */
	int ka_pending;
	uint64_t ka_deadline;
	int remote_known;
	uint16_t remote_addr;	/* last source address seen from the peer */
	int local_known;
	uint16_t local_addr;	/* last destination the peer addressed */
	int peer_dir;		/* DIR bit of the peer's frames, -1 unknown */
	int throttle;		/* port whose full queue paused reading, or -1 */
	int dead;
	char peer[SOCK_NAME_LEN];
	struct sockaddr_storage peer_sa;	/* remote address of the socket */
	socklen_t peer_salen;
	char tls_id[TLS_ID_LEN];	/* peer certificate subject, "" without TLS */
};

struct endpoint_rt {
	const struct cfg_endpoint *cfg;
	int idx;
	int fd;			/* listening or UDP socket; -1 for tcp-connect */
	SSL_CTX *tls;
	struct session *conn;	/* tcp-connect: the current session */
	uint64_t next_attempt;	/* tcp-connect: ms */
	unsigned int backoff;	/* tcp-connect: current delay, ms */
	uint8_t *dgram;		/* udp: datagram being filled */
	size_t dgram_len;
	struct sockaddr_storage dgram_to;
	socklen_t dgram_tolen;
	struct sockaddr_storage peer;	/* udp: static peer */
	socklen_t peer_len;
};

/*
 * A learned route is pinned to the endpoint it was learned on, and to the
 * peer address and TLS identity it came from (see route.c).
 */
struct route {
	uint16_t addr;
	struct session *s;	/* TCP session now carrying it, or NULL */
	int ep;			/* endpoint it is pinned to */
	struct sockaddr_storage sa;	/* peer (UDP: where to send) */
	socklen_t salen;
	char tls_id[TLS_ID_LEN];
	uint64_t used;
};

struct bridge {
	const struct cfg *cfg;	/* owned: freed by bridge_close() */
	const char *conf_path;	/* read again on SIGHUP */
	int reload_req;		/* SIGHUP came */
	struct port_rt ports[CFG_MAX_PORTS];
	struct endpoint_rt eps[CFG_MAX_ENDPOINTS];
	struct session **sess;
	unsigned int max_sess;
	struct route routes[ROUTE_MAX];
	unsigned int n_routes;
	int stats_fd;
	struct stats st;
	struct dnp3_parser_stats closed_ip;	/* parsers of closed sessions */
	struct log_limit logl[LOG_REASONS];
	struct port_rt *last_port;	/* the port port_send() queued on last */
};

int bridge_open(struct bridge *b, const struct cfg *cfg);
/* Until SIGTERM or SIGINT comes through @sfd (lm_signal_open()). */
int bridge_run(struct bridge *b, int sfd);

/* reload.c */
int bridge_reload(struct bridge *b, const struct cfg *nc);
void bridge_close(struct bridge *b);
/*
 * Session slot @k is over: forget its routes, add its parser counters to
 * the closed sessions' totals, free it and empty the slot.
 */
void bridge_session_retire(struct bridge *b, unsigned int k);

/* bridge.c */
void bridge_log(struct bridge *b, enum log_reason why, int level,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* forward.c */
void forward_from_serial(struct port_rt *p, const uint8_t *f, size_t len);
int forward_from_ip(struct bridge *b, struct session *s, int ep,
		    const struct sockaddr *from, socklen_t fromlen,
		    const uint8_t *f, size_t len);

/* port.c */
int port_open(struct port_rt *p);
void port_read(struct port_rt *p);
void port_write(struct port_rt *p);
void port_send(struct port_rt *p, const uint8_t *data, size_t len);
void port_timers(struct port_rt *p, uint64_t now, uint64_t *next);
void port_close(struct port_rt *p);

/* session.c */
struct session *session_new(struct bridge *b, int fd, int ep,
			    enum sess_state state, const struct sockaddr *sa,
			    socklen_t salen);
void session_io(struct session *s, short revents);
short session_events(const struct session *s);
void session_send(struct session *s, const uint8_t *data, size_t len);
void session_timers(struct session *s, uint64_t now, uint64_t *next);
void session_free(struct session *s);
void session_kill(struct session *s, const char *why);

/* endpoint.c */
int endpoint_open(const struct cfg *cfg, struct endpoint_rt *e);
void endpoint_accept(struct bridge *b, struct endpoint_rt *e);
void endpoint_timers(struct bridge *b, struct endpoint_rt *e, uint64_t now,
		     uint64_t *next);
void endpoint_session_closed(struct bridge *b, struct session *s);
void endpoint_close(struct endpoint_rt *e);
const char *endpoint_kind_name(enum cfg_ep_kind kind);

/* udp.c */
void udp_read(struct bridge *b, struct endpoint_rt *e);
void udp_queue(struct bridge *b, struct endpoint_rt *e,
	       const struct sockaddr_storage *to, socklen_t tolen,
	       const uint8_t *f, size_t len);
void udp_flush(struct bridge *b, struct endpoint_rt *e);

/* route.c */
const char *route_refusal(struct bridge *b, uint16_t addr,
			  const struct session *s, int ep,
			  const struct sockaddr *sa, socklen_t salen);
void route_learn(struct bridge *b, uint16_t addr, struct session *s, int ep,
		 const struct sockaddr *sa, socklen_t salen);
const struct route *route_find(struct bridge *b, uint16_t addr);
void route_forget_session(struct bridge *b, const struct session *s);

#endif /* DNP3_BRIDGE_H */
