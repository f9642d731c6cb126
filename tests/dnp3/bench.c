// SPDX-License-Identifier: GPL-2.0
/*
 * dnp3-bench: outstation and master in one process around a relay (the
 * bridge or ser2net) so both ends share one clock. It owns a pty pair, links
 * the slave to --link PATH for the relay, and talks to the relay over TCP or
 * UDP. For --count round trips it measures
 *   down: request written to the socket -> whole frame read from the pty
 *   up:   last byte of the response written to the pty -> whole frame
 *         received from the socket
 * and on UDP counts datagrams holding a partial frame (split) or several
 * frames (merged). --pace-us writes the response a byte at a time, as a UART
 * at that byte time would, and --gap-us adds one pause inside each frame,
 * as a slow device does. Prints one line of figures; never asserts on time.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock.h"
#include "testlib.h"

#define MAX_ROUNDS	10000

struct opts {
	const char *name;
	const char *link;
	const char *ip;
	unsigned int port;
	int udp;
	int count;
	int pace_us;
	int gap_us;
};

struct result {
	long long down[MAX_ROUNDS];
	long long up[MAX_ROUNDS];
	int n_down;
	int n_up;
	int lost;
	int dgrams;
	int split;
	int merged;
	long long elapsed_us;
};

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_us(int us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long pct(long long *v, int n, int p)
{
	if (!n)
		return -1;
	qsort(v, n, sizeof(*v), cmp_ll);
	return v[(n - 1) * p / 100];
}

static void write_paced(int fd, const uint8_t *f, size_t len,
			const struct opts *o)
{
	size_t i;

	if (!o->pace_us && !o->gap_us) {
		tl_write_all(fd, f, len);
		return;
	}
	for (i = 0; i < len; i++) {
		tl_write_all(fd, f + i, 1);
		if (o->pace_us)
			sleep_us(o->pace_us);
		if (o->gap_us && i == len / 2)
			sleep_us(o->gap_us);
	}
}

/* UDP: wait for datagrams until one whole frame arrived; count shapes. */
static int udp_frames(int fd, struct result *r, int timeout_ms)
{
	long long end = tl_now_ms() + timeout_ms;
	struct tl_frames got;
	uint8_t buf[65536];
	int frames = 0;
	ssize_t n;

	while (!frames && tl_now_ms() < end) {
		if (!tl_wait_readable(fd, (int)(end - tl_now_ms())))
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			continue;
		memset(&got, 0, sizeof(got));
		r->dgrams++;
		if (tl_parse_whole(buf, n, &got))
			r->split++;
		if (got.n > 1)
			r->merged++;
		frames += got.n;
	}
	return frames;
}

static int down(struct tl_conn *c, int udp, struct tl_pty *p,
		struct dnp3_parser *pp, struct result *r, int i)
{
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_frames got = { 0 };
	size_t len = tl_frame(f, 0xC4, 10, 1, (size_t)(i * 37) % 251, (uint8_t)i);
	long long t0 = now_us();

	if (udp ? send(c->fd, f, len, 0) != (ssize_t)len : tl_conn_send(c, f, len))
		return -1;
	if (tl_read_frames(p->master, pp, &got, 1, 1000) < 1)
		return -1;
	r->down[r->n_down++] = now_us() - t0;
	return 0;
}

static int up(struct tl_conn *c, int udp, struct tl_pty *p, struct result *r,
	      const struct opts *o, int i)
{
	uint8_t f[DNP3_MAX_FRAME];
	struct tl_frames got = { 0 };
	size_t len = tl_frame(f, 0x44, 1, 10, (size_t)(i * 53) % 251, (uint8_t)i);
	long long t0;
	int n;

	write_paced(p->master, f, len, o);
	t0 = now_us();
	n = udp ? udp_frames(c->fd, r, 1000) : tl_conn_frames(c, &got, 1, 1000);
	if (n < 1)
		return -1;
	r->up[r->n_up++] = now_us() - t0;
	return 0;
}

static int connect_relay(struct tl_conn *c, const struct opts *o)
{
	struct sockaddr_storage sa;
	socklen_t len;

	if (!o->udp)
		return tl_conn_tcp(c, o->ip, o->port);
	tl_conn_fd(c, -1);
	if (sock_addr(o->ip, o->port, &sa, &len))
		return -1;
	c->fd = socket(sa.ss_family, SOCK_DGRAM, 0);
	return connect(c->fd, (struct sockaddr *)&sa, len);
}

static void drop_cb(void *ctx, const uint8_t *f, size_t len)
{
	(void)ctx;
	(void)f;
	(void)len;
}

static void run(const struct opts *o, struct tl_pty *p, struct result *r)
{
	struct dnp3_parser pp;
	struct tl_conn c;
	long long t0;
	int i;

	if (connect_relay(&c, o)) {
		fprintf(stderr, "%s: cannot reach %s port %u\n", o->name, o->ip,
			o->port);
		exit(1);
	}
	dnp3_parser_init(&pp);
	t0 = now_us();
	for (i = 0; i < o->count; i++) {
		if (down(&c, o->udp, p, &pp, r, i) ||
		    up(&c, o->udp, p, r, o, i)) {
			r->lost++;
			/* let late bytes drain so the next round starts clean */
			tl_sleep_ms(50);
			dnp3_parser_timeout(&pp, drop_cb, NULL);
		}
	}
	r->elapsed_us = now_us() - t0;
	tl_conn_close(&c);
}

static void report(const struct opts *o, struct result *r)
{
	printf("%s %s rounds %d lost %d down_p50_us %lld down_p99_us %lld "
	       "up_p50_us %lld up_p99_us %lld round_trips_per_s %.0f",
	       o->name, o->udp ? "udp" : "tcp", o->count, r->lost,
	       pct(r->down, r->n_down, 50), pct(r->down, r->n_down, 99),
	       pct(r->up, r->n_up, 50), pct(r->up, r->n_up, 99),
	       r->elapsed_us ? o->count * 1e6 / r->elapsed_us : 0.0);
	if (o->udp)
		printf(" datagrams %d split %d merged %d", r->dgrams, r->split,
		       r->merged);
	printf("\n");
}

static void usage(void)
{
	fprintf(stderr, "usage: dnp3-bench --name NAME --link PATH --connect IP --port N "
		"[--udp] [--count N] [--pace-us N] [--gap-us N] [--wait-ms N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "name", required_argument, NULL, 'N' },
		{ "link", required_argument, NULL, 'l' },
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "udp", no_argument, NULL, 'u' },
		{ "count", required_argument, NULL, 'n' },
		{ "pace-us", required_argument, NULL, 'P' },
		{ "gap-us", required_argument, NULL, 'g' },
		{ "wait-ms", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .name = "relay", .port = 20000, .count = 200 };
	static struct result r;
	struct tl_pty p;
	int ch, wait_ms = 1000;
	char line[16];

	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'N':
			o.name = optarg;
			break;
		case 'l':
			o.link = optarg;
			break;
		case 'c':
			o.ip = optarg;
			break;
		case 'p':
			o.port = (unsigned int)atoi(optarg);
			break;
		case 'u':
			o.udp = 1;
			break;
		case 'n':
			o.count = atoi(optarg);
			break;
		case 'P':
			o.pace_us = atoi(optarg);
			break;
		case 'g':
			o.gap_us = atoi(optarg);
			break;
		case 'w':
			wait_ms = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (!o.link || !o.ip || o.count < 1 || o.count > MAX_ROUNDS)
		usage();
	if (tl_pty_open(&p) < 0)
		return 1;
	unlink(o.link);
	if (symlink(p.path, o.link) < 0)
		return 1;
	/* the script starts the relay now, then says go on stdin */
	printf("pty %s\n", p.path);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	tl_sleep_ms(wait_ms);
	run(&o, &p, &r);
	report(&o, &r);
	unlink(o.link);
	tl_pty_close(&p);
	return 0;
}
