// SPDX-License-Identifier: GPL-2.0
/*
 * dnp3-test-master: a DNP3 master for tests. Connects over TCP (optionally
 * TLS) or UDP, sends RESET_LINK and REQUEST_LINK_STATUS, then --count
 * UNCONFIRMED_USER_DATA frames of growing size to --dest and checks that the
 * test outstation's echo comes back byte-exact. Prints "ok - ..." lines;
 * exits 0 when every answer was right.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testlib.h"

struct opts {
	const char *ip;
	unsigned int port;
	int udp;
	uint16_t me;
	uint16_t dest;
	int count;
	const char *cert, *key, *ca;
};

static int udp_fd = -1;

static int send_frame(struct tl_conn *c, const uint8_t *f, size_t len)
{
	if (udp_fd >= 0)
		return send(udp_fd, f, len, 0) == (ssize_t)len ? 0 : -1;
	return tl_conn_send(c, f, len);
}

static int recv_frame(struct tl_conn *c, struct tl_frames *got, int ms)
{
	uint8_t buf[65536];
	ssize_t n;

	got->n = 0;
	if (udp_fd < 0)
		return tl_conn_frames(c, got, 1, ms);
	if (!tl_wait_readable(udp_fd, ms))
		return 0;
	n = recv(udp_fd, buf, sizeof(buf), 0);
	if (n > 0 && tl_parse_whole(buf, n, got))
		printf("# a datagram held bytes that are not whole frames\n");
	return got->n;
}

/*
 * User data a decoder can follow: transport header (FIR, FIN, sequence),
 * application control, READ, then 1..82 class 0-3 object headers, so the
 * frames carry 6 to 249 bytes of user data.
 */
static size_t app_read(uint8_t *data, int i)
{
	size_t n = 0;
	int k, headers = 1 + (i * 29) % 82;

	data[n++] = (uint8_t)(0xC0 | (i & 0x3f));
	data[n++] = (uint8_t)(0xC0 | (i & 0x0f));
	data[n++] = 0x01;
	for (k = 0; k < headers; k++) {
		data[n++] = 0x3C;
		data[n++] = (uint8_t)(1 + k % 4);
		data[n++] = 0x06;
	}
	return n;
}

/* send f, expect exactly want back */
static int round_trip(struct tl_conn *c, const uint8_t *f, size_t len,
		      const uint8_t *want, size_t wlen)
{
	struct tl_frames got;

	if (send_frame(c, f, len))
		return 0;
	return recv_frame(c, &got, 2000) == 1 &&
	       tl_frames_equal(&got, 0, want, wlen);
}

static int run(struct tl_conn *c, const struct opts *o)
{
	uint8_t f[DNP3_MAX_FRAME], want[DNP3_MAX_FRAME], data[256];
	int i, good = 0, ok;
	size_t n, wn, nd;
	long long t0;

	n = dnp3_frame_build(f, 0xC0, o->dest, o->me, NULL, 0);
	wn = dnp3_frame_build(want, DNP3_FUNC_ACK, o->me, o->dest, NULL, 0);
	ok = round_trip(c, f, n, want, wn);
	printf("%s - master: RESET_LINK_STATES answered by ACK\n", ok ? "ok" : "not ok");
	n = dnp3_frame_build(f, 0xC9, o->dest, o->me, NULL, 0);
	wn = dnp3_frame_build(want, DNP3_FUNC_LINK_STATUS, o->me, o->dest, NULL, 0);
	ok &= round_trip(c, f, n, want, wn);
	printf("%s - master: REQUEST_LINK_STATUS answered by LINK_STATUS\n",
	       ok ? "ok" : "not ok");
	t0 = tl_now_ms();
	for (i = 0; i < o->count; i++) {
		nd = app_read(data, i);
		n = dnp3_frame_build(f, 0xC4, o->dest, o->me, data, nd);
		wn = dnp3_frame_build(want, 0x44, o->me, o->dest, data, nd);
		good += round_trip(c, f, n, want, wn);
	}
	printf("%s - master: %d/%d user data echoes byte-exact (%lld ms)\n",
	       good == o->count ? "ok" : "not ok", good, o->count,
	       tl_now_ms() - t0);
	return ok && good == o->count;
}

static int udp_connect(const struct opts *o)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	int fd;

	if (inet_pton(AF_INET, o->ip, &s4.sin_addr) == 1) {
		s4.sin_port = htons(o->port);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		return connect(fd, (struct sockaddr *)&s4, sizeof(s4)) ? -1 : fd;
	}
	if (inet_pton(AF_INET6, o->ip, &s6.sin6_addr) != 1)
		return -1;
	s6.sin6_port = htons(o->port);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	return connect(fd, (struct sockaddr *)&s6, sizeof(s6)) ? -1 : fd;
}

static void usage(void)
{
	fprintf(stderr, "usage: dnp3-test-master --connect IP [--port N] [--udp] "
		"[--address N] [--dest N] [--count N] [--tls CERT KEY CA]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "udp", no_argument, NULL, 'u' },
		{ "address", required_argument, NULL, 'a' },
		{ "dest", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "tls", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .port = 20000, .me = 1, .dest = 10, .count = 20 };
	struct tl_conn c = { .fd = -1 };
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "c:p:ua:d:n:t:", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.ip = optarg;
			break;
		case 'p':
			o.port = (unsigned int)atoi(optarg);
			break;
		case 'u':
			o.udp = 1;
			break;
		case 'a':
			o.me = (uint16_t)atoi(optarg);
			break;
		case 'd':
			o.dest = (uint16_t)atoi(optarg);
			break;
		case 'n':
			o.count = atoi(optarg);
			break;
		case 't':
			if (optind + 1 >= argc)
				usage();
			o.cert = optarg;
			o.key = argv[optind++];
			o.ca = argv[optind++];
			break;
		default:
			usage();
		}
	}
	if (!o.ip || optind != argc)
		usage();
	if (o.udp)
		rc = (udp_fd = udp_connect(&o)) < 0 ? -1 : 0;
	else if (o.cert)
		rc = tl_conn_tls(&c, o.ip, o.port, o.cert, o.key, o.ca);
	else
		rc = tl_conn_tcp(&c, o.ip, o.port);
	if (rc) {
		printf("not ok - master: connect to %s port %u\n", o.ip, o.port);
		return 1;
	}
	rc = run(&c, &o);
	tl_conn_close(&c);
	if (udp_fd >= 0)
		close(udp_fd);
	return rc ? 0 : 1;
}
