/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration: liblmesh's grammar, "[kind name]" headers and
 * "key = value" lines, '#' or ';' starting a comment line; the 0.1 grammar
 * ("key value") is still read, with a warning. Every limit lives here.
 */
#ifndef DNP3_CONFIG_H
#define DNP3_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CFG_MAX_PORTS		16
#define CFG_MAX_ENDPOINTS	16
#define CFG_MAX_ADDRS		32	/* addresses or ranges per list */
#define CFG_NAME_LEN		32
#define CFG_PATH_LEN		256
#define CFG_HOST_LEN		64
#define CFG_LINE_LEN		1024
#define CFG_WARN_LEN		320

#define CFG_DEFAULT_PORT		20000
#define CFG_DEFAULT_KEEPALIVE_MS	60000	/* idle before REQUEST_LINK_STATUS */
#define CFG_DEFAULT_KA_TIMEOUT_MS	10000	/* wait for LINK_STATUS */
#define CFG_DEFAULT_RECONNECT_MIN_MS	1000	/* first reconnect delay */
#define CFG_DEFAULT_RECONNECT_MAX_MS	60000	/* backoff ceiling */
#define CFG_DEFAULT_FRAME_TIMEOUT_MS	100	/* serial gap that ends a partial frame */
#define CFG_DEFAULT_RAW_IDLE_MS		20	/* serial gap that ends a raw chunk */
#define CFG_DEFAULT_MAX_SESSIONS	16
#define CFG_DEFAULT_UDP_MTU		1200	/* bytes of frames per datagram */
#define CFG_DEFAULT_LOG_BURST		10	/* lines per reason per interval */
#define CFG_DEFAULT_LOG_INTERVAL_MS	5000
#define CFG_DEFAULT_SERIAL_REOPEN_MAX_MS	30000	/* reopen backoff ceiling */
#define CFG_DEFAULT_LOCK_DIR		"/run/lock"

/* An inclusive range of DNP3 addresses. */
struct cfg_addr_range {
	uint16_t lo;
	uint16_t hi;
};

struct cfg_addr_list {
	unsigned int n;
	struct cfg_addr_range r[CFG_MAX_ADDRS];
};

enum cfg_parity {
	CFG_PARITY_NONE,
	CFG_PARITY_EVEN,
	CFG_PARITY_ODD,
};

enum cfg_port_mode {
	CFG_MODE_DNP3,
	CFG_MODE_RAW,
};

struct cfg_port {
	char name[CFG_NAME_LEN];
	char device[CFG_PATH_LEN];
	unsigned int baud;
	unsigned int data_bits;
	enum cfg_parity parity;
	unsigned int stop_bits;
	int rs485;
	unsigned int rs485_delay_before_ms;
	unsigned int rs485_delay_after_ms;
	enum cfg_port_mode mode;
	unsigned int raw_idle_ms;
	struct cfg_addr_list addrs;	/* DNP3 addresses behind this port */
	int line;
};

/* how far a learned route may move (route-move) */
enum cfg_route_move {
	CFG_ROUTE_SAME_PEER,		/* same endpoint, peer address, TLS identity */
	CFG_ROUTE_SAME_ENDPOINT,	/* same endpoint and TLS identity */
	CFG_ROUTE_ANY,			/* newest frame wins (no protection) */
};

enum cfg_ep_kind {
	CFG_EP_TCP_LISTEN,
	CFG_EP_TCP_CONNECT,
	CFG_EP_UDP,
};

struct cfg_endpoint {
	enum cfg_ep_kind kind;
	char name[CFG_NAME_LEN];
	char address[CFG_HOST_LEN];	/* numeric IPv4 or IPv6 */
	unsigned int port;
	char peer_address[CFG_HOST_LEN];	/* udp: static peer */
	unsigned int peer_port;
	struct cfg_addr_list remote;	/* DNP3 addresses reached through it */
	int tls;
	char raw_port[CFG_NAME_LEN];	/* tcp-listen: pipe to a raw port */
	int line;
};

struct cfg {
	char user[CFG_NAME_LEN];
	char stats_socket[CFG_PATH_LEN];
	char tls_cert[CFG_PATH_LEN];
	char tls_key[CFG_PATH_LEN];
	char tls_ca[CFG_PATH_LEN];
	unsigned int keepalive_ms;
	unsigned int keepalive_timeout_ms;
	unsigned int reconnect_min_ms;
	unsigned int reconnect_max_ms;
	unsigned int frame_timeout_ms;
	unsigned int max_sessions;
	unsigned int udp_mtu;
	struct cfg_addr_list allow;	/* empty: every master allowed */
	enum cfg_route_move route_move;
	unsigned int log_burst;		/* 0: no limit */
	unsigned int log_interval_ms;
	unsigned int serial_reopen_max_ms;
	char lock_dir[CFG_PATH_LEN];	/* UUCP lock files; "none": no files */
	unsigned int n_ports;
	struct cfg_port ports[CFG_MAX_PORTS];
	unsigned int n_eps;
	struct cfg_endpoint eps[CFG_MAX_ENDPOINTS];
	/* the file used the deprecated 0.1 grammar: where and what to write */
	char deprecated[CFG_WARN_LEN];
};

int cfg_parse(struct cfg *cfg, const char *text, size_t len,
	      const char *fname, char *err, size_t errlen);
int cfg_load(struct cfg *cfg, const char *path, char *err, size_t errlen);
int cfg_addr_in(const struct cfg_addr_list *l, uint16_t addr);
const struct cfg_port *cfg_find_port(const struct cfg *cfg, const char *name);

#endif /* DNP3_CONFIG_H */
