// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the DNP3 bridge tests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>

#include "sock.h"
#include "testlib.h"

long long tl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tl_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int tl_pty_open(struct tl_pty *p)
{
	struct termios tio;

	if (openpty(&p->master, &p->slave, p->path, NULL, NULL) < 0)
		return -1;
	tcgetattr(p->slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(p->slave, TCSANOW, &tio);
	fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
	fcntl(p->master, F_SETFD, FD_CLOEXEC);
	fcntl(p->slave, F_SETFD, FD_CLOEXEC);
	return 0;
}

void tl_pty_close(struct tl_pty *p)
{
	close(p->master);
	close(p->slave);
}

/* A frame with ndata bytes of user data derived from seed. */
size_t tl_frame(uint8_t *out, uint8_t ctrl, uint16_t dst, uint16_t src,
		size_t ndata, uint8_t seed)
{
	uint8_t data[DNP3_MAX_USER_DATA];
	size_t i;

	for (i = 0; i < ndata && i < sizeof(data); i++)
		data[i] = (uint8_t)(seed + i * 13);
	return dnp3_frame_build(out, ctrl, dst, src, data, ndata);
}

int tl_wait_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms) > 0;
}

int tl_write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			poll(&pfd, 1, 1000);
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void collect(void *ctx, const uint8_t *f, size_t len)
{
	struct tl_frames *out = ctx;

	if (out->n < TL_MAX_FRAMES) {
		memcpy(out->f[out->n], f, len);
		out->len[out->n] = len;
		out->n++;
	}
}

int tl_read_frames(int fd, struct dnp3_parser *p, struct tl_frames *out,
		   int want, int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;
	uint8_t buf[4096];
	ssize_t n;

	while (out->n < want && tl_now_ms() < end) {
		if (!tl_wait_readable(fd, (int)(end - tl_now_ms())))
			break;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		dnp3_parser_feed(p, buf, n, collect, out);
	}
	return out->n;
}

int tl_frames_equal(const struct tl_frames *got, int idx, const uint8_t *f,
		    size_t len)
{
	return idx < got->n && got->len[idx] == len &&
	       !memcmp(got->f[idx], f, len);
}

/* Read until want bytes arrived or the timeout; returns the count. */
int tl_read_raw(int fd, uint8_t *buf, size_t size, size_t want,
		int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;
	size_t got = 0;
	ssize_t n;

	while (got < want && got < size && tl_now_ms() < end) {
		if (!tl_wait_readable(fd, (int)(end - tl_now_ms())))
			break;
		n = read(fd, buf + got, size - got);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	return (int)got;
}

/* Connect, retrying while the daemon starts listening. Non-blocking fd. */
int tl_tcp_connect(const char *ip, unsigned int port, int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;
	struct sockaddr_storage sa;
	socklen_t len;
	int fd, one = 1;

	if (sock_addr(ip, port, &sa, &len))
		return -1;
	do {
		fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, len) == 0) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
				   sizeof(one));
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
			return fd;
		}
		close(fd);
		tl_sleep_ms(50);
	} while (tl_now_ms() < end);
	return -1;
}

static int bound_socket(const char *ip, unsigned int port, int type)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd, one = 1;

	if (sock_addr(ip, port, &sa, &len))
		return -1;
	fd = socket(sa.ss_family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int tl_tcp_listen(const char *ip, unsigned int port)
{
	int fd = bound_socket(ip, port, SOCK_STREAM);

	if (fd >= 0 && listen(fd, 4) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int tl_accept(int lfd, int timeout_ms)
{
	int fd;

	if (!tl_wait_readable(lfd, timeout_ms))
		return -1;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	return fd;
}

int tl_udp_bind(const char *ip, unsigned int port)
{
	return bound_socket(ip, port, SOCK_DGRAM);
}

void tl_conn_fd(struct tl_conn *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	dnp3_parser_init(&c->parser);
}

int tl_conn_tcp(struct tl_conn *c, const char *ip, unsigned int port)
{
	tl_conn_fd(c, tl_tcp_connect(ip, port, 3000));
	return c->fd < 0 ? -1 : 0;
}

static int tls_wait(struct tl_conn *c, int rc, long long end)
{
	struct pollfd pfd = { .fd = c->fd };
	int err = SSL_get_error(c->ssl, rc);

	if (err == SSL_ERROR_WANT_READ)
		pfd.events = POLLIN;
	else if (err == SSL_ERROR_WANT_WRITE)
		pfd.events = POLLOUT;
	else
		return -1;
	return poll(&pfd, 1, (int)(end - tl_now_ms())) > 0 ? 0 : -1;
}

/* cert and key may be NULL: a client without a certificate. */
int tl_conn_tls(struct tl_conn *c, const char *ip, unsigned int port,
		const char *cert, const char *key, const char *ca)
{
	long long end = tl_now_ms() + 3000;
	int rc;

	if (tl_conn_tcp(c, ip, port))
		return -1;
	c->ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	if ((cert && SSL_CTX_use_certificate_chain_file(c->ctx, cert) != 1) ||
	    (key && SSL_CTX_use_PrivateKey_file(c->ctx, key,
						SSL_FILETYPE_PEM) != 1) ||
	    SSL_CTX_load_verify_locations(c->ctx, ca, NULL) != 1)
		return -1;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), ip);
	while ((rc = SSL_connect(c->ssl)) != 1)
		if (tls_wait(c, rc, end))
			return -1;
	return 0;
}

/* Server side of TLS on an accepted fd; the client must show a certificate. */
int tl_conn_tls_accept(struct tl_conn *c, int fd, const char *cert,
		       const char *key, const char *ca)
{
	long long end = tl_now_ms() + 3000;
	int rc;

	tl_conn_fd(c, fd);
	if (fd < 0)
		return -1;
	c->ctx = SSL_CTX_new(TLS_server_method());
	if (SSL_CTX_use_certificate_chain_file(c->ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(c->ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_load_verify_locations(c->ctx, ca, NULL) != 1)
		return -1;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER |
			   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	while ((rc = SSL_accept(c->ssl)) != 1)
		if (tls_wait(c, rc, end))
			return -1;
	return 0;
}

int tl_conn_send(struct tl_conn *c, const void *buf, size_t len)
{
	long long end = tl_now_ms() + 3000;
	int rc;

	if (!c->ssl)
		return tl_write_all(c->fd, buf, len);
	while ((rc = SSL_write(c->ssl, buf, (int)len)) <= 0)
		if (tls_wait(c, rc, end))
			return -1;
	return rc == (int)len ? 0 : -1;
}

/* Read some bytes: >0 data, 0 nothing yet, -1 closed. */
static int conn_read(struct tl_conn *c, uint8_t *buf, size_t size)
{
	ssize_t n;
	int err;

	if (!c->ssl) {
		n = read(c->fd, buf, size);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return n > 0 ? (int)n : -1;
	}
	n = SSL_read(c->ssl, buf, (int)size);
	if (n > 0)
		return (int)n;
	err = SSL_get_error(c->ssl, (int)n);
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
		return 0;
	ERR_clear_error();
	return -1;
}

int tl_conn_frames(struct tl_conn *c, struct tl_frames *out, int want,
		   int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;
	uint8_t buf[4096];
	int n;

	while (!c->closed && out->n < want) {
		n = conn_read(c, buf, sizeof(buf));
		if (n < 0) {
			c->closed = 1;
			break;
		}
		if (n > 0) {
			dnp3_parser_feed(&c->parser, buf, n, collect, out);
			continue;
		}
		if (tl_now_ms() >= end ||
		    !tl_wait_readable(c->fd, (int)(end - tl_now_ms())))
			break;
	}
	return out->n;
}

/* Wait for the peer to close; frames that arrive meanwhile are dropped. */
int tl_conn_wait_closed(struct tl_conn *c, int timeout_ms)
{
	struct tl_frames junk;

	memset(&junk, 0, sizeof(junk));
	while (!c->closed) {
		junk.n = 0;
		tl_conn_frames(c, &junk, TL_MAX_FRAMES, timeout_ms);
		if (!c->closed && !junk.n)
			break;
	}
	return c->closed;
}

void tl_conn_close(struct tl_conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	c->ssl = NULL;
	c->ctx = NULL;
	c->fd = -1;
}

const char *tl_bridge_bin(int asan)
{
	const char *b = asan ? getenv("DNP3_BRIDGE_ASAN") : NULL;

	if (!b || !*b)
		b = getenv("DNP3_BRIDGE");
	return b && *b ? b : "../../userspace/dnp3-serial-bridge/dnp3-serial-bridge";
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 1 << 20);
	n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

int tl_log_has(struct tl_daemon *d, const char *needle)
{
	char *log = read_file(d->log);
	int found = log && strstr(log, needle);

	free(log);
	return found;
}

/*
 * Start the daemon with conf (a stats-socket line is added) and wait for
 * "ready". Returns 0 when ready, 1 when it exited, -1 on timeout.
 */
int tl_daemon_start(struct tl_daemon *d, const char *bin, const char *conf)
{
	char *text;
	int status;
	long long end = tl_now_ms() + 5000;

	memset(d, 0, sizeof(*d));
	snprintf(d->dir, sizeof(d->dir), "/tmp/dnp3-itest.XXXXXX");
	if (!mkdtemp(d->dir))
		return -1;
	chmod(d->dir, 0755);
	snprintf(d->conf, sizeof(d->conf), "%s/bridge.conf", d->dir);
	snprintf(d->log, sizeof(d->log), "%s/bridge.log", d->dir);
	snprintf(d->stats, sizeof(d->stats), "%s/stats.sock", d->dir);
	text = malloc(strlen(conf) + 256);
	sprintf(text, "[global]\nstats-socket = %s\n%s", d->stats, conf);
	write_file(d->conf, text);
	free(text);
	fflush(stdout);
	d->pid = fork();
	if (d->pid == 0) {
		int fd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(fd, 2);
		dup2(fd, 1);
		setenv("ASAN_OPTIONS", "detect_leaks=1", 1);
		execl(bin, bin, "-v", "-c", d->conf, (char *)NULL);
		_exit(127);
	}
	while (tl_now_ms() < end) {
		if (tl_log_has(d, "]: ready: "))
			return 0;
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			return 1;
		}
		tl_sleep_ms(20);
	}
	return -1;
}

static void cleanup_dir(struct tl_daemon *d)
{
	if (getenv("DNP3_KEEP_LOGS"))
		return;
	unlink(d->conf);
	unlink(d->log);
	unlink(d->stats);
	rmdir(d->dir);
}

/* SIGTERM, then the exit status (-1: killed by a signal or hung). */
int tl_daemon_stop(struct tl_daemon *d)
{
	long long end = tl_now_ms() + 5000;
	int status, ret = -1;

	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		while (tl_now_ms() < end) {
			if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
				ret = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
				break;
			}
			tl_sleep_ms(10);
		}
		if (tl_now_ms() >= end) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &status, 0);
		}
	}
	if (ret != 0) {
		char *log = read_file(d->log);

		printf("# daemon exit status %d; log:\n", ret);
		if (log) {
			char *line, *save = NULL;

			for (line = strtok_r(log, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save))
				printf("#   %s\n", line);
		}
		free(log);
	}
	d->pid = 0;
	cleanup_dir(d);
	return ret;
}

long long tl_stat(struct tl_daemon *d, const char *name)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[16384], *p;
	size_t len = strlen(name), got = 0;
	ssize_t n;
	int fd;

	if (strlen(d->stats) >= sizeof(sun.sun_path))
		return -1;
	memcpy(sun.sun_path, d->stats, strlen(d->stats) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (got < sizeof(buf) - 1 &&
	       (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return atoll(p + len + 1);
	return -1;
}

/* Parse a buffer on its own; returns the bytes left over (not a frame). */
int tl_parse_whole(const uint8_t *buf, size_t n, struct tl_frames *out)
{
	struct dnp3_parser p;

	dnp3_parser_init(&p);
	dnp3_parser_feed(&p, buf, n, collect, out);
	return (int)(p.len + p.stats.dropped_bytes);
}
