/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the DNP3 bridge tests: pty pairs, frames, TCP/UDP/TLS
 * peers and a daemon under test.
 */
#ifndef DNP3_TESTLIB_H
#define DNP3_TESTLIB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <openssl/ssl.h>

#include "frame.h"

#define TL_MAX_FRAMES	64

struct tl_frames {
	int n;
	size_t len[TL_MAX_FRAMES];
	uint8_t f[TL_MAX_FRAMES][DNP3_MAX_FRAME];
};

/* a pty pair: the test holds the master, the bridge opens the slave */
struct tl_pty {
	int master;
	int slave;
	char path[64];
};

/* a stream connection, plain or TLS */
struct tl_conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	struct dnp3_parser parser;
	int closed;
};

struct tl_daemon {
	pid_t pid;
	char dir[64];
	char conf[128];
	char log[128];
	char stats[128];
};

int tl_pty_open(struct tl_pty *p);
void tl_pty_close(struct tl_pty *p);

size_t tl_frame(uint8_t *out, uint8_t ctrl, uint16_t dst, uint16_t src,
		size_t ndata, uint8_t seed);
int tl_write_all(int fd, const void *buf, size_t len);
int tl_read_frames(int fd, struct dnp3_parser *p, struct tl_frames *out,
		   int want, int timeout_ms);
int tl_frames_equal(const struct tl_frames *got, int idx, const uint8_t *f,
		    size_t len);
int tl_read_raw(int fd, uint8_t *buf, size_t size, size_t want,
		int timeout_ms);

int tl_tcp_connect(const char *ip, unsigned int port, int timeout_ms);
int tl_tcp_listen(const char *ip, unsigned int port);
int tl_accept(int lfd, int timeout_ms);
int tl_udp_bind(const char *ip, unsigned int port);
int tl_wait_readable(int fd, int timeout_ms);

int tl_conn_tcp(struct tl_conn *c, const char *ip, unsigned int port);
int tl_conn_tls(struct tl_conn *c, const char *ip, unsigned int port,
		const char *cert, const char *key, const char *ca);
int tl_conn_tls_accept(struct tl_conn *c, int fd, const char *cert,
		       const char *key, const char *ca);
void tl_conn_fd(struct tl_conn *c, int fd);
int tl_conn_send(struct tl_conn *c, const void *buf, size_t len);
int tl_conn_frames(struct tl_conn *c, struct tl_frames *out, int want,
		   int timeout_ms);
int tl_conn_wait_closed(struct tl_conn *c, int timeout_ms);
void tl_conn_close(struct tl_conn *c);

int tl_daemon_start(struct tl_daemon *d, const char *bin, const char *conf);
int tl_daemon_stop(struct tl_daemon *d);
long long tl_stat(struct tl_daemon *d, const char *name);
int tl_log_has(struct tl_daemon *d, const char *needle);
const char *tl_bridge_bin(int asan);

int tl_parse_whole(const uint8_t *buf, size_t n, struct tl_frames *out);

void tl_sleep_ms(int ms);
long long tl_now_ms(void);

#endif /* DNP3_TESTLIB_H */
