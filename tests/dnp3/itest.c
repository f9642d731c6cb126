// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of dnp3-serial-bridge: the daemon (sanitizer build)
 * between a test outstation on pty pairs and a test master on TCP, UDP or
 * TLS, all on 127.0.0.1 and ::1.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"


#define MASTER		1
#define OUTSTATION_A	10
#define OUTSTATION_B	20
#define PORT_BASE	20100

/* user data request from master to outstation, response the other way */
#define CTRL_REQ	(DNP3_CTRL_DIR | DNP3_CTRL_PRM | DNP3_FUNC_UNCONFIRMED_DATA)
#define CTRL_RSP	(DNP3_CTRL_PRM | DNP3_FUNC_UNCONFIRMED_DATA)
#define CTRL_LINK_STATUS	DNP3_FUNC_LINK_STATUS

static char conf[4096];

static int run_conf(const char *text, char *out, size_t size);

static const char *bin(void)
{
	return tl_bridge_bin(1);
}

static void clear(struct tl_frames *f)
{
	f->n = 0;
}

/* poll a counter until it reaches at least want */
static int wait_stat(struct tl_daemon *d, const char *stat, long long want,
		     int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;

	while (tl_stat(d, stat) < want && tl_now_ms() < end)
		tl_sleep_ms(10);
	return tl_stat(d, stat) >= want;
}

/* poll the log until it holds needle */
static int wait_log_line(struct tl_daemon *d, const char *needle,
			 int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;

	while (!tl_log_has(d, needle) && tl_now_ms() < end)
		tl_sleep_ms(20);
	return tl_log_has(d, needle);
}

/* one-port config: pty on outstation A, a tcp-listen on ip:port */
static const char *conf_listen(const char *global, const struct tl_pty *p,
			       const char *ip, unsigned int port,
			       const char *extra)
{
	snprintf(conf, sizeof(conf),
		 "%s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen main]\naddress = %s\nport = %u\n%s\n",
		 global, p->path, OUTSTATION_A, ip, port, extra);
	return conf;
}

static int start(struct tl_daemon *d, const char *text, const char *name)
{
	int rc = tl_daemon_start(d, bin(), text);

	if (rc) {
		tap_diag("%s: daemon did not start (%d)", name, rc);
		tl_daemon_stop(d);
	}
	return rc;
}

static void stop(struct tl_daemon *d, const char *name)
{
	int rc = tl_daemon_stop(d);

	tap_ok(rc == 0, "%s: daemon exits 0 on SIGTERM, no leak (status %d)",
		   name, rc);
}

/* master -> outstation frames of several sizes arrive byte-exact */
static int exchange_down(struct tl_conn *m, struct tl_pty *p, uint16_t dst)
{
	static const size_t sizes[] = { 0, 1, 16, 17, 100, 250 };
	uint8_t f[6][DNP3_MAX_FRAME];
	size_t len[6];
	struct dnp3_parser parser;
	struct tl_frames got = { 0 };
	int i, ok = 1;

	for (i = 0; i < 6; i++) {
		len[i] = tl_frame(f[i], CTRL_REQ, dst, MASTER, sizes[i],
				  (uint8_t)i);
		if (tl_conn_send(m, f[i], len[i]))
			return 0;
	}
	dnp3_parser_init(&parser);
	tl_read_frames(p->master, &parser, &got, 6, 2000);
	for (i = 0; i < 6; i++)
		ok &= tl_frames_equal(&got, i, f[i], len[i]);
	return ok && got.n == 6;
}

/* outstation -> master frames arrive byte-exact */
static int exchange_up(struct tl_conn *m, struct tl_pty *p, uint16_t src)
{
	static const size_t sizes[] = { 0, 15, 16, 33, 250 };
	uint8_t f[5][DNP3_MAX_FRAME];
	size_t len[5];
	struct tl_frames got = { 0 };
	int i, ok = 1;

	for (i = 0; i < 5; i++) {
		len[i] = tl_frame(f[i], CTRL_RSP, MASTER, src, sizes[i],
				  (uint8_t)(i + 50));
		tl_write_all(p->master, f[i], len[i]);
	}
	tl_conn_frames(m, &got, 5, 2000);
	for (i = 0; i < 5; i++)
		ok &= tl_frames_equal(&got, i, f[i], len[i]);
	return ok && got.n == 5;
}

/* the local addresses listening on port, as ss prints them */
static void listeners(unsigned int port, char *out, size_t size)
{
	char cmd[128];
	size_t n = 0;
	FILE *f;

	out[0] = '\0';
	snprintf(cmd, sizeof(cmd),
		 "ss -Hltun 'sport = :%u' 2>/dev/null | awk '{print $5}' | sort | tr '\\n' ' '",
		 port);
	f = popen(cmd, "r");
	if (!f)
		return;
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	pclose(f);
}

static void test_tcp(const char *ip, unsigned int port, const char *name)
{
	char bound[256], want[64];
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;

	tl_pty_open(&p);
	if (start(&d, conf_listen("", &p, ip, port, ""), name) == 0) {
		listeners(port, bound, sizeof(bound));
		snprintf(want, sizeof(want), strchr(ip, ':') ? "[%s]:%u " :
			 "%s:%u ", ip, port);
		tap_ok(!strcmp(bound, want),
			   "%s: binds only the configured address (ss: %s)",
			   name, bound);
		if (tl_conn_tcp(&m, ip, port) == 0) {
			tap_ok(exchange_down(&m, &p, OUTSTATION_A),
				   "%s: master -> outstation frames byte-exact",
				   name);
			tap_ok(exchange_up(&m, &p, OUTSTATION_A),
				   "%s: outstation -> master frames byte-exact",
				   name);
		} else {
			tap_ok(0, "%s: connect to the bridge", name);
		}
		tap_ok(tl_stat(&d, "frames_ip_to_serial") == 6 &&
			   tl_stat(&d, "frames_serial_to_ip") == 5,
			   "%s: stats count frames each way", name);
		tl_conn_close(&m);
		stop(&d, name);
	}
	tl_pty_close(&p);
}

/* the line settings the bridge made, read back through our slave fd */
static int termios_is(int fd, speed_t speed, tcflag_t set)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return 0;
	return cfgetospeed(&t) == speed && cfgetispeed(&t) == speed &&
	       (t.c_cflag & set) == set &&
	       !(t.c_lflag & (ICANON | ECHO | ISIG)) &&
	       !(t.c_iflag & (ISTRIP | IXON | ICRNL)) && !(t.c_oflag & OPOST);
}

/* two serial ports in one daemon; routing and broadcast by DNP3 address */
static void test_routing(void)
{
	const char *name = "routing";
	struct tl_pty a, b;
	struct tl_daemon d;
	struct tl_conn m;
	struct dnp3_parser pa, pb;
	struct tl_frames ga = { 0 }, gb = { 0 };
	uint8_t f[3][DNP3_MAX_FRAME];
	size_t len[3];

	tl_pty_open(&a);
	tl_pty_open(&b);
	snprintf(conf, sizeof(conf),
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[serial b]\ndevice = %s\naddresses = %d-%d\nbaud = 19200\nparity = even\n"
		 "stop-bits = 2\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n",
		 a.path, OUTSTATION_A, b.path, OUTSTATION_B, OUTSTATION_B + 5,
		 PORT_BASE + 2);
	if (start(&d, conf, name) == 0 &&
	    tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 2) == 0) {
		/* a pty forces CS8 and no parity, so those cannot be seen */
		tap_ok(termios_is(b.slave, B19200, CSTOPB),
			   "%s: port b set to 19200 baud, 2 stop bits, raw mode",
			   name);
		len[0] = tl_frame(f[0], CTRL_REQ, OUTSTATION_B + 3, MASTER, 8, 1);
		len[1] = tl_frame(f[1], CTRL_REQ, 0xFFFF, MASTER, 3, 2);
		len[2] = tl_frame(f[2], CTRL_REQ, 77, MASTER, 3, 3);
		tl_conn_send(&m, f[0], len[0]);
		tl_conn_send(&m, f[2], len[2]);
		tl_conn_send(&m, f[1], len[1]);
		dnp3_parser_init(&pa);
		dnp3_parser_init(&pb);
		tl_read_frames(b.master, &pb, &gb, 2, 1500);
		tl_read_frames(a.master, &pa, &ga, 1, 1500);
		tl_read_frames(a.master, &pa, &ga, 2, 300);
		tap_ok(gb.n == 2 && tl_frames_equal(&gb, 0, f[0], len[0]),
			   "%s: frame to address %d goes to the port owning it",
			   name, OUTSTATION_B + 3);
		tap_ok(ga.n == 1 && tl_frames_equal(&ga, 0, f[1], len[1]) &&
			   tl_frames_equal(&gb, 1, f[1], len[1]),
			   "%s: broadcast 0xFFFF goes to every port", name);
		tap_ok(tl_stat(&d, "no_route") == 1,
			   "%s: frame to unowned address 77 dropped and counted",
			   name);
		tap_ok(exchange_up(&m, &b, OUTSTATION_B + 3),
			   "%s: second port answers to the learned master",
			   name);
		tl_conn_close(&m);
		stop(&d, name);
	} else {
		tap_ok(0, "%s: bridge with two ports starts", name);
	}
	tl_pty_close(&a);
	tl_pty_close(&b);
}

/* noise and corrupted CRCs between frames, both directions */
static void test_noise(void)
{
	static const uint8_t noise[] = { 0x00, 0xff, 0x05, 0x05, 0x64, 0x05,
					 0x64, 0x12, 0x34, 0x05 };
	const char *name = "noise";
	uint8_t stream[2048], good[3][DNP3_MAX_FRAME];
	size_t glen[3], len = 0, n, i;
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	int ok;

	tl_pty_open(&p);
	if (start(&d, conf_listen("frame-timeout = 50ms", &p, "127.0.0.1",
				  PORT_BASE + 3, ""), name) ||
	    tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 3)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	/* teach the bridge where master 1 is */
	glen[0] = tl_frame(good[0], CTRL_REQ, OUTSTATION_A, MASTER, 2, 9);
	tl_conn_send(&m, good[0], glen[0]);
	dnp3_parser_init(&parser);
	tl_read_frames(p.master, &parser, &got, 1, 1000);

	for (i = 0; i < 3; i++)
		glen[i] = tl_frame(good[i], CTRL_RSP, MASTER, OUTSTATION_A,
				   10 + i * 20, (uint8_t)i);
	memcpy(stream + len, noise, sizeof(noise));
	len += sizeof(noise);
	memcpy(stream + len, good[0], glen[0]);
	len += glen[0];
	n = tl_frame(stream + len, CTRL_RSP, MASTER, OUTSTATION_A, 40, 7);
	stream[len + 20] ^= 0x01;		/* bad data block CRC */
	len += n;
	memcpy(stream + len, good[1], glen[1]);
	len += glen[1];
	n = tl_frame(stream + len, CTRL_RSP, MASTER, OUTSTATION_A, 0, 7);
	stream[len + 9] ^= 0x80;		/* bad header CRC */
	len += n;
	memcpy(stream + len, noise, sizeof(noise));
	len += sizeof(noise);
	memcpy(stream + len, good[2], glen[2]);
	len += glen[2];
	/* half at once, the rest one byte at a time */
	tl_write_all(p.master, stream, len / 2);
	for (i = len / 2; i < len; i++)
		tl_write_all(p.master, stream + i, 1);
	/* a false start left hanging: the frame-timeout ends it */
	tl_write_all(p.master, "\x05\x64\xff", 3);
	clear(&got);
	tl_conn_frames(&m, &got, 3, 2000);
	ok = got.n == 3;
	for (i = 0; i < 3; i++)
		ok &= tl_frames_equal(&got, (int)i, good[i], glen[i]);
	tap_ok(ok, "%s: 3 good frames among noise and bad CRCs pass byte-exact (%d)",
		   name, got.n);
	tl_sleep_ms(200);
	tap_ok(tl_stat(&d, "crc_errors_serial") >= 2 &&
		   tl_stat(&d, "resyncs_serial") >= 2 &&
		   tl_stat(&d, "port a partial_timeouts") >= 1,
		   "%s: serial CRC errors %lld, resyncs %lld, partial timeouts %lld counted",
		   name, tl_stat(&d, "crc_errors_serial"),
		   tl_stat(&d, "resyncs_serial"),
		   tl_stat(&d, "port a partial_timeouts"));

	/* the same from the IP side */
	len = 0;
	memcpy(stream, noise, sizeof(noise));
	len += sizeof(noise);
	n = tl_frame(stream + len, CTRL_REQ, OUTSTATION_A, MASTER, 20, 3);
	stream[len + 12] ^= 0x10;
	len += n;
	glen[0] = tl_frame(good[0], CTRL_REQ, OUTSTATION_A, MASTER, 5, 4);
	memcpy(stream + len, good[0], glen[0]);
	len += glen[0];
	tl_conn_send(&m, stream, len);
	clear(&got);
	tl_read_frames(p.master, &parser, &got, 2, 700);
	tap_ok(got.n == 1 && tl_frames_equal(&got, 0, good[0], glen[0]) &&
		   tl_stat(&d, "crc_errors_ip") >= 1,
		   "%s: IP side drops and counts a bad CRC, passes the good frame",
		   name);
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
}

/* UDP: several whole frames per datagram, never a split frame */
static void udp_send(int u, unsigned int port, const void *buf, size_t len)
{
	struct sockaddr_in6 to = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};

	sendto(u, buf, len, 0, (struct sockaddr *)&to, sizeof(to));
}

static void udp_down(struct tl_daemon *d, struct tl_pty *p, int u)
{
	const char *name = "udp";
	uint8_t f[4][DNP3_MAX_FRAME], dg[2048];
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	size_t len[4], off = 0;
	int i, ok;

	for (i = 0; i < 3; i++) {
		len[i] = tl_frame(f[i], CTRL_REQ, OUTSTATION_A, MASTER, 20 * i,
				  (uint8_t)i);
		memcpy(dg + off, f[i], len[i]);
		off += len[i];
	}
	udp_send(u, PORT_BASE + 4, dg, off);
	/* one frame split over two datagrams: both halves dropped */
	len[3] = tl_frame(f[3], CTRL_REQ, OUTSTATION_A, MASTER, 60, 3);
	udp_send(u, PORT_BASE + 4, f[3], 30);
	udp_send(u, PORT_BASE + 4, f[3] + 30, len[3] - 30);
	dnp3_parser_init(&parser);
	tl_read_frames(p->master, &parser, &got, 4, 1000);
	ok = got.n == 3;
	for (i = 0; i < 3; i++)
		ok &= tl_frames_equal(&got, i, f[i], len[i]);
	tap_ok(ok, "%s: 3 frames in one datagram reach the outstation byte-exact",
		   name);
	tap_ok(got.n == 3 && tl_stat(d, "udp_partial_drops") >= 1,
		   "%s: a frame split across two datagrams is dropped and counted",
		   name);
}

static void udp_up(struct tl_daemon *d, struct tl_pty *p, int u)
{
	const char *name = "udp";
	uint8_t f[12][DNP3_MAX_FRAME], burst[4096], dg[65536], cat[8192];
	size_t len[12], off = 0, catlen = 0;
	struct tl_frames got;
	int i, whole = 1, dgrams = 0, multi = 0, frames = 0;
	ssize_t n;

	(void)d;
	for (i = 0; i < 12; i++) {
		len[i] = tl_frame(f[i], CTRL_RSP, MASTER, OUTSTATION_A,
				  i < 4 ? 250 : 10, (uint8_t)(i + 100));
		memcpy(burst + off, f[i], len[i]);
		off += len[i];
	}
	tl_write_all(p->master, burst, off);
	while (frames < 12 && tl_wait_readable(u, 1500)) {
		n = recv(u, dg, sizeof(dg), 0);
		if (n <= 0 || catlen + n > sizeof(cat))
			break;
		dgrams++;
		memset(&got, 0, sizeof(got));
		/* every datagram must hold whole frames and nothing else */
		whole &= tl_parse_whole(dg, n, &got) == 0 && n <= 1000;
		multi |= got.n > 1;
		frames += got.n;
		memcpy(cat + catlen, dg, n);
		catlen += n;
	}
	tap_ok(frames == 12 && whole,
		   "%s: 12 frames (%zu bytes) came back in %d datagrams of whole frames, each <= 1000 bytes",
		   name, off, dgrams);
	tap_ok(multi, "%s: several frames share a datagram", name);
	tap_ok(catlen == off && !memcmp(cat, burst, off),
		   "%s: the 12 frames are byte-exact and in order", name);
}

/* a static UDP peer gets frames before it has sent anything */
static void test_udp_static(void)
{
	const char *name = "udp static peer";
	uint8_t f[DNP3_MAX_FRAME], dg[2048];
	struct tl_frames got = { 0 };
	struct tl_daemon d;
	struct tl_pty p;
	size_t len;
	ssize_t n;
	int u;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[udp]\naddress = 127.0.0.1\nport = %d\npeer-address = 127.0.0.1\n"
		 "peer-port = %d\nremote-addresses = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 19, PORT_BASE + 20, MASTER);
	u = tl_udp_bind("127.0.0.1", PORT_BASE + 20);
	if (u >= 0 && start(&d, conf, name) == 0) {
		len = tl_frame(f, CTRL_RSP, MASTER, OUTSTATION_A, 40, 1);
		tl_write_all(p.master, f, len);
		n = tl_wait_readable(u, 1000) ? recv(u, dg, sizeof(dg), 0) : -1;
		tap_ok(n > 0 && tl_parse_whole(dg, n, &got) == 0 &&
			   tl_frames_equal(&got, 0, f, len),
			   "%s: unsolicited frame reaches the configured peer byte-exact",
			   name);
		stop(&d, name);
	} else {
		tap_ok(0, "%s: bridge starts", name);
	}
	if (u >= 0)
		close(u);
	tl_pty_close(&p);
}

static void test_udp(void)
{
	struct tl_daemon d;
	struct tl_pty p;
	int u;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "udp-max-datagram = 1000\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[udp]\naddress = ::1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 4);
	u = tl_udp_bind("::1", PORT_BASE + 5);
	if (u < 0 || start(&d, conf, "udp")) {
		tap_ok(0, "udp: bridge starts");
	} else {
		udp_down(&d, &p, u);
		udp_up(&d, &p, u);
		stop(&d, "udp");
	}
	if (u >= 0)
		close(u);
	tl_pty_close(&p);
}

/* Answer every REQUEST_LINK_STATUS among got with LINK_STATUS. */
static int answer_keepalives(struct tl_conn *m, const struct tl_frames *got)
{
	uint8_t f[DNP3_HDR_LEN];
	int i, n = 0;

	for (i = 0; i < got->n; i++) {
		if ((dnp3_frame_ctrl(got->f[i]) & (DNP3_CTRL_PRM | DNP3_CTRL_FUNC)) !=
		    (DNP3_CTRL_PRM | DNP3_FUNC_REQUEST_LINK_STATUS))
			continue;
		tl_frame(f, DNP3_CTRL_DIR | CTRL_LINK_STATUS,
			 dnp3_frame_src(got->f[i]), dnp3_frame_dest(got->f[i]),
			 0, 0);
		tl_conn_send(m, f, sizeof(f));
		n++;
	}
	return n;
}

/* keep-alive on a listener: a live master stays, a dead one is closed */
static void test_keepalive_listen(void)
{
	const char *name = "keepalive";
	struct tl_conn live, dead;
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t f[DNP3_MAX_FRAME], expect[DNP3_HDR_LEN];
	struct tl_daemon d;
	struct tl_pty p;
	long long t0, t;
	int answered = 0, ok;

	tl_pty_open(&p);
	if (start(&d, conf_listen("keepalive = 300ms\nkeepalive-timeout = 300ms",
				  &p, "127.0.0.1", PORT_BASE + 6, ""), name) ||
	    tl_conn_tcp(&live, "127.0.0.1", PORT_BASE + 6) ||
	    tl_conn_tcp(&dead, "127.0.0.1", PORT_BASE + 6)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	/* both masters talk once, so the bridge knows their addresses */
	tl_conn_send(&live, f, tl_frame(f, CTRL_REQ, OUTSTATION_A, MASTER, 1, 1));
	tl_conn_send(&dead, f, tl_frame(f, CTRL_REQ, OUTSTATION_A, 2, 1, 1));
	dnp3_parser_init(&parser);
	tl_read_frames(p.master, &parser, &got, 2, 1000);
	t0 = tl_now_ms();
	/* the dead master never answers; the live one does */
	while ((t = tl_now_ms()) - t0 < 1500) {
		clear(&got);
		tl_conn_frames(&live, &got, 1, 100);
		if (answered == 0 && got.n) {
			tl_frame(expect, DNP3_CTRL_PRM |
				 DNP3_FUNC_REQUEST_LINK_STATUS, MASTER,
				 OUTSTATION_A, 0, 0);
			tap_ok(tl_frames_equal(&got, 0, expect, sizeof(expect)),
				   "%s: REQUEST_LINK_STATUS %d->%d after the idle time, byte-exact",
				   name, OUTSTATION_A, MASTER);
		}
		answered += answer_keepalives(&live, &got);
		if (!dead.closed)
			tl_conn_wait_closed(&dead, 1);
	}
	tap_ok(dead.closed, "%s: session of the master that does not answer is closed",
		   name);
	ok = !live.closed && answered >= 2;
	tap_ok(ok, "%s: master that answers %d keep-alives stays connected",
		   name, answered);
	tap_ok(tl_stat(&d, "keepalive_failures") == 1 &&
		   tl_stat(&d, "keepalive_answered") >= 2 &&
		   tl_stat(&d, "sessions_active") == 1,
		   "%s: stats count %lld failure, %lld answered, %lld session left",
		   name, tl_stat(&d, "keepalive_failures"),
		   tl_stat(&d, "keepalive_answered"),
		   tl_stat(&d, "sessions_active"));
	tap_ok(tl_log_has(&d, "keep-alive: no LINK_STATUS from"),
		   "%s: the closed session is logged", name);
	/* answered LINK_STATUS frames are not forwarded to the outstation */
	clear(&got);
	tl_read_frames(p.master, &parser, &got, 1, 100);
	tap_ok(got.n == 0, "%s: LINK_STATUS answers consumed by the bridge",
		   name);
	tl_conn_close(&live);
	tl_conn_close(&dead);
	stop(&d, name);
	tl_pty_close(&p);
}

/* dual endpoint: tcp-connect reconnects after a keep-alive failure */
static void test_keepalive_client(void)
{
	const char *name = "reconnect";
	struct tl_frames got = { 0 };
	struct tl_conn c1, c2, lm;
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_daemon d;
	struct tl_pty p;
	long long t0, gap;
	int lfd;

	tl_pty_open(&p);
	lfd = tl_tcp_listen("::1", PORT_BASE + 7);
	snprintf(conf, sizeof(conf),
		 "keepalive = 300ms\nkeepalive-timeout = 200ms\nreconnect-min = 100ms\n"
		 "reconnect-max = 2s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-connect scada]\naddress = ::1\nport = %d\nremote-addresses = %d\n"
		 "[tcp-listen local]\naddress = 127.0.0.1\nport = %d\n"
		 "remote-addresses = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 7, MASTER, PORT_BASE + 8,
		 MASTER);
	if (lfd < 0 || start(&d, conf, name)) {
		tap_ok(0, "%s: bridge starts", name);
		goto out;
	}
	tl_conn_fd(&c1, tl_accept(lfd, 2000));
	tap_ok(c1.fd >= 0, "%s: bridge connects out to the master", name);
	wait_stat(&d, "sessions_opened", 1, 1000);
	/* static route: the outstation reaches master 1 on that connection */
	tap_ok(exchange_up(&c1, &p, OUTSTATION_A),
		   "%s: outstation -> master over the outgoing connection", name);
	/*
	 * dual endpoint: the listener works at the same time; master 1 is
	 * in the remote-addresses of both, so its route may use either
	 */
	if (tl_conn_tcp(&lm, "127.0.0.1", PORT_BASE + 8) == 0) {
		tap_ok(exchange_down(&lm, &p, OUTSTATION_A),
			   "%s: dual endpoint: listener carries frames too",
			   name);
		tl_conn_close(&lm);
	}
	/* c1 plays dead: never answers the keep-alive */
	t0 = tl_now_ms();
	tl_conn_wait_closed(&c1, 1500);
	tap_ok(c1.closed, "%s: dead connection closed by keep-alive", name);
	tl_conn_fd(&c2, tl_accept(lfd, 2000));
	gap = tl_now_ms() - t0;
	tap_ok(c2.fd >= 0, "%s: bridge reconnected after %lld ms", name, gap);
	/* c1, the listener session and now c2 */
	wait_stat(&d, "sessions_opened", 3, 1000);
	clear(&got);
	tl_write_all(p.master, f, tl_frame(f, CTRL_RSP, MASTER, OUTSTATION_A,
					   5, 5));
	tl_conn_frames(&c2, &got, 1, 1000);
	tap_ok(tl_frames_equal(&got, 0, f, tl_frame(f, CTRL_RSP, MASTER,
							 OUTSTATION_A, 5, 5)),
		   "%s: frames flow on the new connection", name);
	tap_ok(tl_stat(&d, "keepalive_failures") >= 1 &&
		   tl_stat(&d, "connect_attempts") >= 2,
		   "%s: stats: %lld keep-alive failures, %lld connect attempts",
		   name, tl_stat(&d, "keepalive_failures"),
		   tl_stat(&d, "connect_attempts"));
	tl_conn_close(&c1);
	tl_conn_close(&c2);
	stop(&d, name);
out:
	if (lfd >= 0)
		close(lfd);
	tl_pty_close(&p);
}

/* reconnect backoff: attempts spread out while nobody listens */
static void test_backoff(void)
{
	const char *name = "backoff";
	struct tl_daemon d;
	struct tl_pty p;
	long long n;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "reconnect-min = 100ms\nreconnect-max = 400ms\n"
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-connect]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 9);
	if (start(&d, conf, name) == 0) {
		tl_sleep_ms(1500);
		n = tl_stat(&d, "connect_attempts");
		/* 0, 100, 300, 700, 1100, 1500: about 6 with backoff, 15 without */
		tap_ok(n >= 4 && n <= 8 &&
			   tl_stat(&d, "connect_failures") >= n - 1,
			   "%s: %lld connect attempts in 1.5 s with 100..400 ms backoff",
			   name, n);
		stop(&d, name);
	}
	tl_pty_close(&p);
}

/* random bytes from every side: counted drops, no crash, frames still pass */
static void test_garbage(void)
{
	const char *name = "garbage";
	uint8_t junk[4096];
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	int i, j, u, ok = 1;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "frame-timeout = 20ms\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n"
		 "[udp]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 18, PORT_BASE + 18);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	if (start(&d, conf, name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 18)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		close(u);
		return;
	}
	srand(42);
	for (i = 0; i < 32; i++) {
		for (j = 0; j < (int)sizeof(junk); j++)
			junk[j] = (uint8_t)(rand() % 4 ? rand() : (j & 1 ? 0x64 : 0x05));
		ok &= tl_conn_send(&m, junk, sizeof(junk)) == 0;
		tl_write_all(p.master, junk, sizeof(junk));
		{
			struct sockaddr_in to = { .sin_family = AF_INET,
				.sin_port = htons(PORT_BASE + 18),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

			sendto(u, junk, 1 + rand() % 1400, 0,
			       (struct sockaddr *)&to, sizeof(to));
		}
		/* keep the pty drained: the bridge sends nothing for junk */
		tl_read_raw(p.master, junk, sizeof(junk), sizeof(junk), 0);
	}
	tl_sleep_ms(200);
	tap_ok(ok && kill(d.pid, 0) == 0,
		   "%s: 128 KiB of noise on TCP, serial and UDP, bridge alive", name);
	tap_ok(tl_stat(&d, "dropped_bytes_ip") > 100000 &&
		   tl_stat(&d, "dropped_bytes_serial") > 100000 &&
		   tl_stat(&d, "crc_errors_ip") > 0,
		   "%s: noise counted: %lld bytes IP, %lld bytes serial, %lld CRC errors",
		   name, tl_stat(&d, "dropped_bytes_ip"),
		   tl_stat(&d, "dropped_bytes_serial"),
		   tl_stat(&d, "crc_errors_ip") + tl_stat(&d, "crc_errors_serial"));
	tap_ok(exchange_down(&m, &p, OUTSTATION_A) &&
		   exchange_up(&m, &p, OUTSTATION_A),
		   "%s: frames pass byte-exact after the noise", name);
	tl_conn_close(&m);
	close(u);
	stop(&d, name);
	tl_pty_close(&p);
}

/* the serial device goes away and comes back: the bridge reopens it */
static void test_reopen(void)
{
	const char *name = "reopen";
	char link[48];
	struct tl_pty p1, p2;
	struct tl_daemon d;
	struct tl_conn m;

	snprintf(link, sizeof(link), "/tmp/dnp3-reopen-%d", (int)getpid());
	tl_pty_open(&p1);
	unlink(link);
	if (symlink(p1.path, link) < 0)
		return;
	snprintf(p1.path, sizeof(p1.path), "%s", link);
	if (start(&d, conf_listen("", &p1, "127.0.0.1", PORT_BASE + 17, ""),
		  name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 17)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p1);
		unlink(link);
		return;
	}
	/* unplug: the pty disappears, the bridge reads EIO */
	tl_pty_close(&p1);
	tl_pty_open(&p2);
	unlink(link);
	tap_ok(symlink(p2.path, link) == 0, "%s: a new device behind the same path",
		   name);
	tl_sleep_ms(1500);
	tap_ok(tl_stat(&d, "port a up") == 1 &&
		   tl_log_has(&d, "reopening every"),
		   "%s: bridge noticed the loss and reopened the device", name);
	tap_ok(exchange_down(&m, &p2, OUTSTATION_A) &&
		   exchange_up(&m, &p2, OUTSTATION_A),
		   "%s: frames flow again on the new device", name);
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p2);
	unlink(link);
}

/* max-sessions: one more connection is refused and counted */
static void test_max_sessions(void)
{
	const char *name = "max-sessions";
	struct tl_conn m[3];
	struct tl_daemon d;
	struct tl_pty p;
	int i;

	tl_pty_open(&p);
	if (start(&d, conf_listen("max-sessions = 2", &p, "127.0.0.1",
				  PORT_BASE + 16, ""), name) == 0) {
		for (i = 0; i < 3; i++)
			tl_conn_tcp(&m[i], "127.0.0.1", PORT_BASE + 16);
		tap_ok(tl_conn_wait_closed(&m[2], 1000) &&
			   tl_stat(&d, "sessions_refused") == 1 &&
			   tl_stat(&d, "sessions_active") == 2,
			   "%s: third session refused and counted", name);
		tap_ok(exchange_down(&m[1], &p, OUTSTATION_A),
			   "%s: the admitted sessions still work", name);
		for (i = 0; i < 3; i++)
			tl_conn_close(&m[i]);
		stop(&d, name);
	}
	tl_pty_close(&p);
}

/* allow-list: a master address not on it is refused and logged */
static void test_allow(void)
{
	const char *name = "allow-list";
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_conn bad, good;
	struct tl_daemon d;
	struct tl_pty p;

	tl_pty_open(&p);
	if (start(&d, conf_listen("allow-masters = 1 3-4", &p, "127.0.0.1",
				  PORT_BASE + 10, ""), name) ||
	    tl_conn_tcp(&bad, "127.0.0.1", PORT_BASE + 10)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	tl_conn_send(&bad, f, tl_frame(f, CTRL_REQ, OUTSTATION_A, 5, 4, 1));
	dnp3_parser_init(&parser);
	tl_read_frames(p.master, &parser, &got, 1, 500);
	tap_ok(got.n == 0 && tl_conn_wait_closed(&bad, 1000),
		   "%s: frame from master 5 not forwarded, session closed", name);
	tap_ok(tl_stat(&d, "refused_masters") == 1 &&
		   tl_log_has(&d, "refused frame from DNP3 address 5"),
		   "%s: refusal counted and logged", name);
	if (tl_conn_tcp(&good, "127.0.0.1", PORT_BASE + 10) == 0) {
		tap_ok(exchange_down(&good, &p, OUTSTATION_A),
			   "%s: master 1 on the list passes", name);
		tl_conn_close(&good);
	}
	tl_conn_close(&bad);
	stop(&d, name);
	tl_pty_close(&p);
}


/*
 * Route hijack: once master 1 talked over a session, one UDP datagram (or
 * a session with another TLS identity) with source address 1 must not
 * take the outstation's unsolicited responses away from it.
 */
static void hijack_check(struct tl_daemon *d, struct tl_conn *m,
			 struct tl_pty *p, unsigned int udp_port,
			 const char *name)
{
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t f[DNP3_MAX_FRAME], rsp[DNP3_MAX_FRAME];
	size_t rlen;
	int u, stolen;

	tap_ok(exchange_down(m, p, OUTSTATION_A),
		   "%s: master 1 reaches the outstation", name);
	u = tl_udp_bind("127.0.0.1", udp_port + 1);
	{
		struct sockaddr_in to = {
			.sin_family = AF_INET,
			.sin_port = htons(udp_port),
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		};

		sendto(u, f, tl_frame(f, CTRL_REQ, OUTSTATION_A, MASTER, 2, 7),
		       0, (struct sockaddr *)&to, sizeof(to));
	}
	dnp3_parser_init(&parser);
	tl_read_frames(p->master, &parser, &got, 1, 300);
	tap_ok(got.n == 0,
		   "%s: UDP frame with master 1's address not forwarded (%d)",
		   name, got.n);
	rlen = tl_frame(rsp, CTRL_RSP, MASTER, OUTSTATION_A, 20, 77);
	tl_write_all(p->master, rsp, rlen);
	clear(&got);
	tl_conn_frames(m, &got, 1, 1000);
	stolen = tl_wait_readable(u, 200);
	tap_ok(tl_frames_equal(&got, 0, rsp, rlen) && !stolen,
		   "%s: unsolicited response still goes to the master, not to the UDP sender",
		   name);
	tap_ok(tl_stat(d, "route_refused") == 1 &&
		   tl_log_has(d, "refused frame from DNP3 address 1"),
		   "%s: refusal counted (%lld) and logged", name,
		   tl_stat(d, "route_refused"));
	close(u);
}

static void test_hijack_tcp(void)
{
	const char *name = "hijack tcp";
	struct tl_frames got = { 0 };
	uint8_t rsp[DNP3_MAX_FRAME];
	struct tl_daemon d;
	struct tl_conn m, m2;
	struct tl_pty p;
	size_t rlen;
	char extra[128];

	tl_pty_open(&p);
	snprintf(extra, sizeof(extra), "[udp]\naddress = 127.0.0.1\nport = %d\n",
		 PORT_BASE + 21);
	if (start(&d, conf_listen("", &p, "127.0.0.1", PORT_BASE + 21, extra),
		  name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 21)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	hijack_check(&d, &m, &p, PORT_BASE + 21, name);
	/* the master reconnects from the same address: the route follows */
	tl_conn_close(&m);
	tl_sleep_ms(100);
	if (tl_conn_tcp(&m2, "127.0.0.1", PORT_BASE + 21) == 0) {
		tap_ok(exchange_down(&m2, &p, OUTSTATION_A),
			   "%s: reconnected master passes", name);
		rlen = tl_frame(rsp, CTRL_RSP, MASTER, OUTSTATION_A, 5, 78);
		tl_write_all(p.master, rsp, rlen);
		tl_conn_frames(&m2, &got, 1, 1000);
		tap_ok(tl_frames_equal(&got, 0, rsp, rlen),
			   "%s: the route moved to the new session of the same peer",
			   name);
		tl_conn_close(&m2);
	}
	stop(&d, name);
	tl_pty_close(&p);
}

/* lines of the daemon's log that contain needle */
static int log_count(struct tl_daemon *d, const char *needle)
{
	char line[1024];
	FILE *f = fopen(d->log, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

/* a flooding master: log lines are rate-limited, counters are not */
static void test_log_flood(void)
{
	const char *name = "log flood";
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT_BASE + 23),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_daemon d;
	struct tl_pty p;
	long long in, refused;
	size_t len;
	int u, i, lines;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "allow-masters = 1\nlog-burst = 10\nlog-interval = 1s\n"
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[udp]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 23);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	if (start(&d, conf, name)) {
		tap_ok(0, "%s: bridge starts", name);
		close(u);
		tl_pty_close(&p);
		return;
	}
	len = tl_frame(f, CTRL_REQ, OUTSTATION_A, 5, 4, 1);
	for (i = 0; i < 5000; i++) {
		sendto(u, f, len, 0, (struct sockaddr *)&to, sizeof(to));
		if (i % 100 == 99)
			tl_sleep_ms(1);
	}
	tl_sleep_ms(300);
	in = tl_stat(&d, "udp_datagrams_in");
	refused = tl_stat(&d, "refused_masters");
	lines = log_count(&d, "refused frame from DNP3 address 5");
	tap_ok(lines >= 1 && lines <= 20,
		   "%s: %lld refused frames from one master logged in %d lines (log-burst 10 per 1s)",
		   name, refused, lines);
	tap_ok(in > 1000 && refused == in,
		   "%s: every refused frame still counted (%lld of %lld datagrams)",
		   name, refused, in);
	tap_ok(wait_log_line(&d, "suppressed ", 2000),
		   "%s: \"suppressed K messages\" reported after the interval",
		   name);
	close(u);
	stop(&d, name);
	tl_pty_close(&p);
}

/* replace the daemon's configuration file (keeping its stats socket) */
static void rewrite_conf(struct tl_daemon *d, const char *text)
{
	FILE *f = fopen(d->conf, "w");

	if (!f)
		return;
	fprintf(f, "[global]\nstats-socket = %s\n%s", d->stats, text);
	fclose(f);
}

/* outstation -> master: n frames, a SIGHUP after the first half */
static int up_through_sighup(struct tl_daemon *d, struct tl_conn *m,
			     struct tl_pty *p, int n, uint8_t seed)
{
	uint8_t f[TL_MAX_FRAMES][DNP3_MAX_FRAME];
	size_t len[TL_MAX_FRAMES];
	struct tl_frames got = { 0 };
	int i, ok = 1;

	for (i = 0; i < n; i++) {
		len[i] = tl_frame(f[i], CTRL_RSP, MASTER, OUTSTATION_A, 30,
				  (uint8_t)(seed + i));
		tl_write_all(p->master, f[i], len[i]);
		if (i == n / 2)
			kill(d->pid, SIGHUP);
		tl_sleep_ms(2);
	}
	tl_conn_frames(m, &got, n, 2000);
	for (i = 0; i < n; i++)
		ok &= tl_frames_equal(&got, i, f[i], len[i]);
	return ok && got.n == n;
}

/* a device missing at start is waited for, as ser2net does */
static void test_missing_device(void)
{
	const char *name = "missing device";
	char link[48], text[512];
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;

	snprintf(link, sizeof(link), "/tmp/dnp3-missing-%d", (int)getpid());
	unlink(link);
	snprintf(text, sizeof(text),
		 "serial-reopen-max = 2s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n",
		 link, OUTSTATION_A, PORT_BASE + 26);
	if (start(&d, text, name)) {
		tap_ok(0, "%s: bridge starts without its serial device", name);
		return;
	}
	tap_ok(tl_stat(&d, "port a up") == 0 &&
		   log_count(&d, "[err]: [serial a] cannot open") == 1,
		   "%s: bridge starts without the device, logs it once", name);
	tl_sleep_ms(1500);
	tap_ok(tl_stat(&d, "port a open_failures") >= 2 &&
		   log_count(&d, "[err]: [serial a] cannot open") == 1,
		   "%s: %lld failed attempts counted, still one log line", name,
		   tl_stat(&d, "port a open_failures"));
	tl_pty_open(&p);
	tap_ok(symlink(p.path, link) == 0, "%s: the device appears", name);
	wait_stat(&d, "port a up", 1, 4000);
	tap_ok(tl_stat(&d, "port a up") == 1 &&
		   tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 26) == 0 &&
		   exchange_down(&m, &p, OUTSTATION_A) &&
		   exchange_up(&m, &p, OUTSTATION_A),
		   "%s: the bridge opens it and frames flow", name);
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
	unlink(link);
}

/* a port another bridge (or program) holds is refused with a clear error */
static void test_lock(void)
{
	const char *name = "lock";
	char dir[] = "/tmp/dnp3-lock.XXXXXX", text[512], out[4096], lock[128],
	     want[64], *pts;
	struct tl_daemon d;
	struct tl_pty p;
	int rc, excl = 0;
	FILE *f;

	if (!mkdtemp(dir)) {
		tap_ok(0, "%s: lock directory", name);
		return;
	}
	tl_pty_open(&p);
	snprintf(text, sizeof(text),
		 "[global]\nlock-dir = %s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n",
		 dir, p.path, OUTSTATION_A, PORT_BASE + 27);
	if (start(&d, text, name)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		rmdir(dir);
		return;
	}
	pts = strstr(p.path, "/dev/") ? p.path + 5 : p.path;
	snprintf(lock, sizeof(lock), "%s/LCK..%s", dir, pts);
	for (char *c = lock + strlen(dir) + 6; *c; c++)
		if (*c == '/')
			*c = '_';
	snprintf(want, sizeof(want), "%10d\n", (int)d.pid);
	f = fopen(lock, "r");
	out[0] = '\0';
	if (f) {
		if (!fgets(out, sizeof(out), f))
			out[0] = '\0';
		fclose(f);
	}
	tap_ok(!strcmp(out, want), "%s: UUCP lock file %s holds the PID", name,
		   lock);
	ioctl(p.slave, TIOCGEXCL, &excl);
	tap_ok(excl == 1, "%s: TIOCEXCL set on the port", name);
	snprintf(text, sizeof(text),
		 "[global]\nlock-dir = %s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n",
		 dir, p.path, OUTSTATION_A, PORT_BASE + 28);
	rc = run_conf(text, out, sizeof(out));
	snprintf(want, sizeof(want), "is locked by process %d", (int)d.pid);
	tap_ok(rc == 1 && strstr(out, want),
		   "%s: a second bridge on the port: \"%s\", exit %d", name,
		   want, rc);
	snprintf(text, sizeof(text),
		 "[global]\nlock-dir = none\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 28);
	rc = run_conf(text, out, sizeof(out));
	tap_ok(rc == 1 && strstr(out, "is locked by another program"),
		   "%s: without lock files flock() still refuses it, exit %d",
		   name, rc);
	stop(&d, name);
	tap_ok(access(lock, F_OK) != 0, "%s: lock file removed at exit", name);
	tl_pty_close(&p);
	unlink(lock);
	rmdir(dir);
}

static void count_frame(void *ctx, const uint8_t *f, size_t len)
{
	(void)f;
	(void)len;
	(*(int *)ctx)++;
}

/* a TCP master faster than the serial line waits instead of losing frames */
static void test_backpressure(void)
{
	const char *name = "backpressure";
	enum { N = 1500 };
	uint8_t f[DNP3_MAX_FRAME], buf[1024];
	struct dnp3_parser parser;
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	size_t len, off = 0;
	long long end;
	int sent = 0, got = 0;
	ssize_t n;

	tl_pty_open(&p);
	if (start(&d, conf_listen("", &p, "127.0.0.1", PORT_BASE + 29, ""), name) ||
	    tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 29)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	fcntl(m.fd, F_SETFL, fcntl(m.fd, F_GETFL) | O_NONBLOCK);
	len = tl_frame(f, CTRL_REQ, OUTSTATION_A, MASTER, 250, 3);
	dnp3_parser_init(&parser);
	end = tl_now_ms() + 20000;
	/* the "line" takes 1 KiB every 2 ms; the master sends all it can */
	while (got < N && tl_now_ms() < end) {
		while (sent < N) {
			n = send(m.fd, f + off, len - off, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			off += n;
			if (off == len) {
				off = 0;
				sent++;
			}
		}
		n = read(p.master, buf, sizeof(buf));
		if (n > 0)
			dnp3_parser_feed(&parser, buf, n, count_frame, &got);
		tl_sleep_ms(2);
	}
	tap_ok(got == N && tl_stat(&d, "port a overflows") == 0,
		   "%s: %d of %d frames (%zu bytes) through a slow line, %lld dropped",
		   name, got, N, N * len, tl_stat(&d, "port a overflows"));
	tap_ok(tl_stat(&d, "tcp_throttled") > 0,
		   "%s: the TCP session was paused %lld times", name,
		   tl_stat(&d, "tcp_throttled"));
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
}

/* SIGHUP reloads: a good file is applied, a bad one logged and ignored */
static void test_reload(void)
{
	const char *name = "reload";
	char base[512], text[1024];
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	size_t len;
	int u;

	tl_pty_open(&p);
	snprintf(base, sizeof(base),
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen main]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 24);
	if (start(&d, base, name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 24)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	tap_ok(exchange_down(&m, &p, OUTSTATION_A), "%s: master talks", name);
	/* good: a new UDP endpoint, the listener unchanged */
	snprintf(text, sizeof(text), "%s[udp]\naddress = 127.0.0.1\nport = %d\n",
		 base, PORT_BASE + 25);
	rewrite_conf(&d, text);
	tap_ok(up_through_sighup(&d, &m, &p, 20, 1) &&
		   wait_log_line(&d, "reloaded: 1 serial port(s), 2 IP endpoint(s)", 2000),
		   "%s: good file applied, 20 frames through the SIGHUP byte-exact",
		   name);
	tap_ok(kill(d.pid, 0) == 0 && !m.closed &&
		   exchange_down(&m, &p, OUTSTATION_A),
		   "%s: the TCP session survives the reload", name);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	{
		struct sockaddr_in to = {
			.sin_family = AF_INET,
			.sin_port = htons(PORT_BASE + 25),
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		};

		len = tl_frame(f, CTRL_REQ, OUTSTATION_A, 2, 6, 9);
		sendto(u, f, len, 0, (struct sockaddr *)&to, sizeof(to));
	}
	dnp3_parser_init(&parser);
	tl_read_frames(p.master, &parser, &got, 1, 1000);
	tap_ok(tl_frames_equal(&got, 0, f, len),
		   "%s: the new UDP endpoint carries frames", name);
	close(u);
	/* bad: a syntax error on line 4 */
	snprintf(text, sizeof(text), "[serial a]\ndevice = %s\naddresses = %d\nbaud = fast\n",
		 p.path, OUTSTATION_A);
	rewrite_conf(&d, text);
	tap_ok(up_through_sighup(&d, &m, &p, 20, 40) &&
		   wait_log_line(&d, "bridge.conf:6: baud: 'fast' is not a number; keeping the running configuration", 2000),
		   "%s: bad file logged with file:line and ignored, frames flow", name);
	tap_ok(kill(d.pid, 0) == 0 && exchange_down(&m, &p, OUTSTATION_A) &&
		   tl_stat(&d, "udp_datagrams_in") == 1,
		   "%s: after the bad file the running configuration is intact", name);
	/* a serial change needs a restart */
	snprintf(text, sizeof(text),
		 "[serial a]\ndevice = %s\naddresses = %d\nbaud = 4800\n"
		 "[tcp-listen main]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 24);
	rewrite_conf(&d, text);
	kill(d.pid, SIGHUP);
	tap_ok(wait_log_line(&d, "reload refused: [serial a] changed", 2000) &&
		   exchange_down(&m, &p, OUTSTATION_A),
		   "%s: a serial line change is refused (needs a restart), bridge runs on",
		   name);
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
}

/*
 * The 0.1 grammar ("key value") still runs a bridge, with one warning
 * naming file:line and the line to write instead; a reload to the new
 * grammar brings no other warning.
 */
static void test_old_grammar(void)
{
	const char *name = "old grammar";
	const char *warn = "bridge.conf:3: 'keepalive 60s' is the old syntax "
			   "(deprecated, read until the next release): write "
			   "'keepalive = 60s' (6 old lines in all)";
	struct tl_daemon d;
	struct tl_conn m;
	struct tl_pty p;
	char text[1024];

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "keepalive 60s\n[serial a] # the line\ndevice %s\naddresses %d\n"
		 "[tcp-listen main]\naddress 127.0.0.1\nport %d # the master\n",
		 p.path, OUTSTATION_A, PORT_BASE + 30);
	if (start(&d, conf, name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 30)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	tap_ok(exchange_down(&m, &p, OUTSTATION_A),
	       "%s: a bridge configured with 'key value' lines carries frames", name);
	if (!tl_log_has(&d, warn))
		tap_diag("want \"%s\"", warn);
	tap_ok(tl_log_has(&d, warn) && log_count(&d, "old syntax") == 1,
	       "%s: one warning with file:line, what to write and how many lines", name);
	snprintf(text, sizeof(text),
		 "keepalive = 60s\n[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-listen main]\naddress = 127.0.0.1\nport = %d\n",
		 p.path, OUTSTATION_A, PORT_BASE + 30);
	rewrite_conf(&d, text);
	kill(d.pid, SIGHUP);
	tap_ok(wait_log_line(&d, "reloaded: 1 serial port(s), 1 IP endpoint(s)", 2000) &&
		   exchange_down(&m, &p, OUTSTATION_A) &&
		   log_count(&d, "old syntax") == 1 &&
		   log_count(&d, "deprecated") == 1,
	       "%s: reloaded in the new grammar, the session kept, no new warning",
	       name);
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
}

static int make_certs(const char *dir)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; "
		 "gen() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
		 "-keyout $1.key -out $1.csr -subj /CN=$1 2>/dev/null; "
		 "openssl x509 -req -in $1.csr -CA $2.crt -CAkey $2.key -CAcreateserial "
		 "-days 2 -out $1.crt -extfile ext 2>/dev/null; }; "
		 "ca() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
		 "-nodes -keyout $1.key -out $1.crt -subj /CN=$1 -days 2 2>/dev/null; }; "
		 "printf 'subjectAltName=IP:127.0.0.1,IP:::1\\n' > ext; "
		 "ca ca; ca rogue-ca; gen bridge ca; gen master ca; gen master2 ca; "
		 "gen rogue rogue-ca",
		 dir);
	return system(cmd);
}

static int tls_session_dead(struct tl_conn *c, struct tl_pty *p)
{
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t f[DNP3_MAX_FRAME];

	/* TLS 1.3: the client may finish before the server rejects it */
	tl_conn_send(c, f, tl_frame(f, CTRL_REQ, OUTSTATION_A, MASTER, 3, 3));
	dnp3_parser_init(&parser);
	tl_read_frames(p->master, &parser, &got, 1, 300);
	return got.n == 0 && tl_conn_wait_closed(c, 1000);
}

/* the bridge as TLS client: verifies the server, shows its own cert */
static void test_tls_client(const char *dir, struct tl_pty *p)
{
	const char *name = "tls client";
	char g[1024], f[3][128];
	struct tl_conn m, rogue;
	struct tl_daemon d;
	int lfd, rc;

	snprintf(g, sizeof(g), "tls-cert = %s/bridge.crt\ntls-key = %s/bridge.key\n"
		 "tls-ca = %s/ca.crt\nreconnect-min = 100ms\n"
		 "[serial a]\ndevice = %s\naddresses = %d\n"
		 "[tcp-connect]\naddress = 127.0.0.1\nport = %d\ntls = on\n"
		 "remote-addresses = %d\n",
		 dir, dir, dir, p->path, OUTSTATION_A, PORT_BASE + 15, MASTER);
	snprintf(f[0], sizeof(f[0]), "%s/master.crt", dir);
	snprintf(f[1], sizeof(f[1]), "%s/master.key", dir);
	snprintf(f[2], sizeof(f[2]), "%s/ca.crt", dir);
	lfd = tl_tcp_listen("127.0.0.1", PORT_BASE + 15);
	if (lfd < 0 || start(&d, g, name)) {
		tap_ok(0, "%s: bridge starts", name);
		if (lfd >= 0)
			close(lfd);
		return;
	}
	rc = tl_conn_tls_accept(&m, tl_accept(lfd, 2000), f[0], f[1], f[2]);
	tap_ok(rc == 0, "%s: bridge connects out with TLS and a client certificate",
		   name);
	wait_stat(&d, "sessions_opened", 1, 1000);
	tap_ok(rc == 0 && exchange_up(&m, p, OUTSTATION_A) &&
		   exchange_down(&m, p, OUTSTATION_A),
		   "%s: frames byte-exact both ways", name);
	tl_conn_close(&m);
	/* next time a server with a certificate from another CA answers */
	snprintf(f[0], sizeof(f[0]), "%s/rogue.crt", dir);
	snprintf(f[1], sizeof(f[1]), "%s/rogue.key", dir);
	rc = tl_conn_tls_accept(&rogue, tl_accept(lfd, 2000), f[0], f[1], f[2]);
	tl_conn_wait_closed(&rogue, 1000);
	tl_sleep_ms(100);
	tap_ok(tl_stat(&d, "tls_failures") >= 1 &&
		   tl_stat(&d, "sessions_opened") == 1,
		   "%s: server certificate from another CA refused by the bridge",
		   name);
	tl_conn_close(&rogue);
	stop(&d, name);
	close(lfd);
}


/* a TLS master: neither UDP nor another TLS identity takes its address */
static void test_hijack_tls(const char *dir, struct tl_pty *p)
{
	const char *name = "hijack tls";
	char g[1024], extra[128], f[5][128];
	struct tl_frames got = { 0 };
	struct dnp3_parser parser;
	uint8_t fr[DNP3_MAX_FRAME];
	struct tl_conn m, other;
	struct tl_daemon d;

	snprintf(g, sizeof(g), "tls-cert = %s/bridge.crt\ntls-key = %s/bridge.key\n"
		 "tls-ca = %s/ca.crt", dir, dir, dir);
	snprintf(extra, sizeof(extra), "tls = on\n[udp]\naddress = 127.0.0.1\nport = %d\n",
		 PORT_BASE + 22);
	snprintf(f[0], sizeof(f[0]), "%s/master.crt", dir);
	snprintf(f[1], sizeof(f[1]), "%s/master.key", dir);
	snprintf(f[2], sizeof(f[2]), "%s/ca.crt", dir);
	snprintf(f[3], sizeof(f[3]), "%s/master2.crt", dir);
	snprintf(f[4], sizeof(f[4]), "%s/master2.key", dir);
	if (start(&d, conf_listen(g, p, "127.0.0.1", PORT_BASE + 22, extra),
		  name) ||
	    tl_conn_tls(&m, "127.0.0.1", PORT_BASE + 22, f[0], f[1], f[2])) {
		tap_ok(0, "%s: bridge starts", name);
		tl_daemon_stop(&d);
		return;
	}
	hijack_check(&d, &m, p, PORT_BASE + 22, name);
	/* another certificate of the same CA, same peer address */
	if (tl_conn_tls(&other, "127.0.0.1", PORT_BASE + 22, f[3], f[4], f[2]) == 0) {
		tl_conn_send(&other, fr, tl_frame(fr, CTRL_REQ, OUTSTATION_A,
						  MASTER, 2, 8));
		dnp3_parser_init(&parser);
		tl_read_frames(p->master, &parser, &got, 1, 300);
		tap_ok(got.n == 0 && tl_stat(&d, "route_refused") == 2,
			   "%s: another TLS identity cannot take master 1's address (%d forwarded)",
			   name, got.n);
		tap_ok(exchange_up(&m, p, OUTSTATION_A),
			   "%s: the first master still gets the responses", name);
		tl_conn_close(&other);
	} else {
		tap_ok(0, "%s: second TLS client connects", name);
	}
	tl_conn_close(&m);
	stop(&d, name);
}

static void test_tls(void)
{
	const char *name = "tls";
	char dir[] = "/tmp/dnp3-tls.XXXXXX", g[1024], cert[128], key[128],
	     ca[128], rcert[128], rkey[128], cmd[160];
	struct tl_conn m, nocert, rogue;
	struct tl_daemon d;
	struct tl_pty p;
	int rc;

	if (!mkdtemp(dir) || make_certs(dir)) {
		tap_ok(0, "%s: certificates generated with openssl", name);
		return;
	}
	snprintf(g, sizeof(g), "tls-cert = %s/bridge.crt\ntls-key = %s/bridge.key\n"
		 "tls-ca = %s/ca.crt", dir, dir, dir);
	snprintf(cert, sizeof(cert), "%s/master.crt", dir);
	snprintf(key, sizeof(key), "%s/master.key", dir);
	snprintf(ca, sizeof(ca), "%s/ca.crt", dir);
	snprintf(rcert, sizeof(rcert), "%s/rogue.crt", dir);
	snprintf(rkey, sizeof(rkey), "%s/rogue.key", dir);
	tl_pty_open(&p);
	if (start(&d, conf_listen(g, &p, "127.0.0.1", PORT_BASE + 11, "tls = on"),
		  name) == 0) {
		rc = tl_conn_tls(&m, "127.0.0.1", PORT_BASE + 11, cert, key, ca);
		tap_ok(rc == 0 && SSL_version(m.ssl) >= TLS1_2_VERSION,
			   "%s: mutual authentication with generated certificates (%s)",
			   name, rc == 0 ? SSL_get_version(m.ssl) : "failed");
		tap_ok(rc == 0 && exchange_down(&m, &p, OUTSTATION_A) &&
			   exchange_up(&m, &p, OUTSTATION_A),
			   "%s: frames byte-exact both ways over TLS", name);
		rc = tl_conn_tls(&nocert, "127.0.0.1", PORT_BASE + 11, NULL,
				 NULL, ca);
		tap_ok(rc != 0 || tls_session_dead(&nocert, &p),
			   "%s: client without a certificate refused", name);
		rc = tl_conn_tls(&rogue, "127.0.0.1", PORT_BASE + 11, rcert,
				 rkey, ca);
		tap_ok(rc != 0 || tls_session_dead(&rogue, &p),
			   "%s: client certificate from another CA refused", name);
		tap_ok(tl_stat(&d, "tls_failures") == 2,
			   "%s: %lld handshake failures counted", name,
			   tl_stat(&d, "tls_failures"));
		tl_conn_close(&m);
		tl_conn_close(&nocert);
		tl_conn_close(&rogue);
		stop(&d, name);
	}
	test_tls_client(dir, &p);
	test_hijack_tls(dir, &p);
	tl_pty_close(&p);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("could not remove %s", dir);
}

/* Run the bridge with args; stderr+stdout into out. Returns exit status. */
static int run_capture(const char *const *args, char *out, size_t size)
{
	int pfd[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pfd) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execv(bin(), (char *const *)args);
		_exit(127);
	}
	close(pfd[1]);
	while (got < size - 1 && (n = read(pfd[0], out + got, size - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_conf(const char *text, char *out, size_t size)
{
	char path[] = "/tmp/dnp3-conf.XXXXXX";
	const char *args[] = { bin(), "-c", path, NULL };
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	rc = run_capture(args, out, size);
	/* the path differs per run: keep only what follows it */
	if (!strncmp(out, "dnp3-serial-bridge: ", 20) &&
	    !strncmp(out + 20, path, strlen(path)))
		memmove(out, out + 20 + strlen(path),
			strlen(out + 20 + strlen(path)) + 1);
	unlink(path);
	return rc;
}

static void test_config_errors(void)
{
	const char *name = "config";
	char out[4096], text[512];
	struct tl_pty p;
	bool ok;
	int rc;

	rc = run_conf("[serial a]\ndevice = /dev/null\naddresses = 1\n[tcp-listen]\n"
		      "address = 127.0.0.1\nport = 99999\n", out, sizeof(out));
	/* decided before strtok() cuts the line for the message */
	ok = rc == 1 && !strcmp(out, ":6: port: 99999 is out of range 1..65535\n");
	tap_ok(ok, "%s: bad port: exit 1 and \"FILE:6: port: 99999 is out of range\" (%d: %s)",
	       name, rc, strtok(out, "\n") ? out : "");
	rc = run_conf("[global]\nkeepalive = soon\n", out, sizeof(out));
	tap_ok(rc == 1 && strstr(out, ":2: keepalive: 'soon' is not a duration"),
		   "%s: bad duration names line 2 (%d)", name, rc);
	{
		const char *args[] = { bin(), "-c", "/nonexistent/x.conf", NULL };

		rc = run_capture(args, out, sizeof(out));
		tap_ok(rc == 1 && strstr(out, "/nonexistent/x.conf: No such file"),
			   "%s: missing file: clear error, exit 1", name);
	}
	{
		const char *args[] = { bin(), "--bogus", NULL };

		rc = run_capture(args, out, sizeof(out));
		tap_ok(rc == 2 && strstr(out, "usage:"),
			   "%s: unknown option: usage, exit 2", name);
	}
	{
		const char *args[] = { bin(), "-c", "x", "extra", NULL };

		rc = run_capture(args, out, sizeof(out));
		tap_ok(rc == 2 && strstr(out, "unexpected argument 'extra'"),
			   "%s: stray argument refused, exit 2", name);
	}
	tl_pty_open(&p);
	snprintf(text, sizeof(text), "[serial a]\ndevice = %s\naddresses = 1\nrs485 = on\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = 20191\n", p.path);
	rc = run_conf(text, out, sizeof(out));
	tap_ok(rc == 1 && strstr(out, "does not support RS-485 mode"),
		   "%s: rs485 on a port without it: clear error, exit 1", name);
	snprintf(text, sizeof(text), "[serial a]\ndevice = %s\naddresses = 1\n"
		 "[tcp-listen]\naddress = 192.0.2.1\nport = 20192\n", p.path);
	rc = run_conf(text, out, sizeof(out));
	tap_ok(rc == 1 && strstr(out, "cannot bind 192.0.2.1:20192"),
		   "%s: address not on this host: clear error, exit 1", name);
	tl_pty_close(&p);
	{
		char path[] = "/tmp/dnp3-conf.XXXXXX";
		const char *args[] = { bin(), "-t", "-c", path, NULL };
		int fd = mkstemp(path);

		snprintf(text, sizeof(text),
			 "[serial a]\ndevice = /dev/null\naddresses = 1\nbaud = 12345\n");
		if (fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text))
			rc = run_capture(args, out, sizeof(out));
		else
			rc = -1;
		tap_ok(rc == 1 && strstr(out, ":4: baud: 12345 is not a standard rate"),
			   "%s: -t refuses baud 12345 with file:line, exit 1 (%d)",
			   name, rc);
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	{
		char path[] = "/tmp/dnp3-conf.XXXXXX";
		const char *args[] = { bin(), "-t", "-c", path, NULL };
		int fd = mkstemp(path);

		snprintf(text, sizeof(text),
			 "[global]\nuser = no-such-user-dnp3\ntls-cert = /nonexistent.crt\n"
			 "tls-key = /nonexistent.key\ntls-ca = /nonexistent.ca\n"
			 "[serial a]\ndevice = /dev/null\naddresses = 1\n"
			 "[tcp-listen]\naddress = ::1\ntls = on\n");
		if (fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text))
			rc = run_capture(args, out, sizeof(out));
		else
			rc = -1;
		tap_ok(rc == 1 && strstr(out, "user 'no-such-user-dnp3' does not exist"),
			   "%s: -t refuses an unknown user, exit 1 (%d)", name, rc);
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	{
		/* the 0.1 grammar: -t says ok and prints the one warning */
		char path[] = "/tmp/dnp3-conf.XXXXXX";
		const char *args[] = { bin(), "-t", "-c", path, NULL };
		int fd = mkstemp(path);

		snprintf(text, sizeof(text),
			 "# 0.1\nkeepalive 5s\n[serial a]\ndevice /dev/null\n"
			 "addresses 1\n[tcp-listen]\naddress ::1\n");
		if (fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text))
			rc = run_capture(args, out, sizeof(out));
		else
			rc = -1;
		tap_ok(rc == 0 && strstr(out, ": ok") &&
			   strstr(out, "warning: ") &&
			   strstr(out, ":2: 'keepalive 5s' is the old syntax") &&
			   strstr(out, "write 'keepalive = 5s' (4 old lines in all)") &&
			   !strstr(strstr(out, "old syntax") + 1, "old syntax"),
			   "%s: -t accepts the 0.1 grammar and prints one warning with file:line (%d)",
			   name, rc);
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	{
		const char *args[] = { bin(), "-t", "-c", "corpus/config/full", NULL };

		rc = run_capture(args, out, sizeof(out));
		tap_ok(rc == 0 && strstr(out, ": ok"),
			   "%s: -t accepts a full example, exit 0", name);
	}
}

static void test_stats(void)
{
	const char *name = "stats";
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;

	tl_pty_open(&p);
	if (start(&d, conf_listen("", &p, "::1", PORT_BASE + 12, ""), name) == 0) {
		if (tl_conn_tcp(&m, "::1", PORT_BASE + 12) == 0) {
			exchange_down(&m, &p, OUTSTATION_A);
			tl_conn_close(&m);
		}
		kill(d.pid, SIGUSR1);
		tl_sleep_ms(200);
		tap_ok(tl_log_has(&d, "stats: frames_ip_to_serial 6") &&
			   tl_log_has(&d, "stats: port a frames_out 6"),
			   "%s: SIGUSR1 logs the counters", name);
		tap_ok(tl_stat(&d, "sessions_opened") == 1 &&
			   tl_stat(&d, "sessions_closed") == 1 &&
			   tl_stat(&d, "sessions_active") == 0,
			   "%s: stats socket counts sessions", name);
		stop(&d, name);
	}
	tl_pty_close(&p);
}

static long proc_uid(pid_t pid)
{
	char path[64], line[256];
	long uid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Uid:", 4))
			uid = strtol(line + 4, NULL, 10);
	fclose(f);
	return uid;
}

static void test_privdrop(void)
{
	const char *name = "privdrop";
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	long uid;

	if (geteuid() != 0) {
		tap_ok(1, "%s: # SKIP not root", name);
		return;
	}
	tl_pty_open(&p);
	/* the release build: LeakSanitizer cannot run once root is gone */
	if (tl_daemon_start(&d, tl_bridge_bin(0),
			    conf_listen("user = nobody", &p, "127.0.0.1",
					PORT_BASE + 13, "")) == 0) {
		uid = proc_uid(d.pid);
		tap_ok(uid == 65534, "%s: runs as nobody after opening ports (uid %ld)",
			   name, uid);
		tap_ok(tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 13) == 0 &&
			   exchange_down(&m, &p, OUTSTATION_A) &&
			   exchange_up(&m, &p, OUTSTATION_A),
			   "%s: still bridges frames without root", name);
		tl_conn_close(&m);
		tap_ok(tl_daemon_stop(&d) == 0, "%s: exits 0", name);
	} else {
		tl_daemon_stop(&d);
		tap_ok(0, "%s: bridge starts", name);
	}
	tl_pty_close(&p);
}

/* raw mode: idle-timer framing for other serial protocols */
static void test_raw(void)
{
	static const uint8_t modbus[] = { 0x11, 0x03, 0x00, 0x6b, 0x00, 0x03,
					  0x76, 0x87 };
	const char *name = "raw";
	uint8_t buf[256];
	struct tl_daemon d;
	struct tl_pty p;
	struct tl_conn m;
	int n;

	tl_pty_open(&p);
	snprintf(conf, sizeof(conf),
		 "[serial modbus]\ndevice = %s\nmode = raw\nraw-idle = 30ms\nbaud = 19200\n"
		 "[tcp-listen]\naddress = 127.0.0.1\nport = %d\nraw-serial = modbus\n",
		 p.path, PORT_BASE + 14);
	if (start(&d, conf, name) || tl_conn_tcp(&m, "127.0.0.1", PORT_BASE + 14)) {
		tap_ok(0, "%s: bridge starts", name);
		tl_pty_close(&p);
		return;
	}
	tl_sleep_ms(100);
	tl_conn_send(&m, modbus, sizeof(modbus));
	n = tl_read_raw(p.master, buf, sizeof(buf), sizeof(modbus), 1000);
	tap_ok(n == sizeof(modbus) && !memcmp(buf, modbus, n),
		   "%s: TCP bytes reach the serial line unchanged", name);
	/* two bursts with a gap longer than raw-idle: two chunks */
	tl_write_all(p.master, modbus, 5);
	tl_sleep_ms(10);
	tl_write_all(p.master, modbus + 5, 3);
	tl_sleep_ms(150);
	tl_write_all(p.master, modbus, sizeof(modbus));
	n = tl_read_raw(m.fd, buf, sizeof(buf), 2 * sizeof(modbus), 1000);
	tap_ok(n == 2 * sizeof(modbus) && !memcmp(buf, modbus, 8) &&
		   !memcmp(buf + 8, modbus, 8),
		   "%s: serial bytes reach TCP unchanged", name);
	tap_ok(tl_stat(&d, "port modbus raw_chunks_in") == 2,
		   "%s: a 10 ms gap stays inside a chunk, a 150 ms gap ends it (%lld chunks)",
		   name, tl_stat(&d, "port modbus raw_chunks_in"));
	tl_conn_close(&m);
	stop(&d, name);
	tl_pty_close(&p);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_tcp("127.0.0.1", PORT_BASE, "tcp ipv4");
	test_tcp("::1", PORT_BASE + 1, "tcp ipv6");
	test_routing();
	test_noise();
	test_udp();
	test_udp_static();
	test_keepalive_listen();
	test_keepalive_client();
	test_backoff();
	test_allow();
	test_hijack_tcp();
	test_log_flood();
	test_reload();
	test_missing_device();
	test_lock();
	test_backpressure();
	test_max_sessions();
	test_reopen();
	test_garbage();
	test_tls();
	test_config_errors();
	test_old_grammar();
	test_stats();
	test_privdrop();
	test_raw();
	return tap_done();
}
