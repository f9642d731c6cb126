// SPDX-License-Identifier: GPL-2.0
/*
 * coapbench.c - GET load generator for CoAP servers on loopback
 *
 *   coapbench ADDR PORT PATH COUNT WINDOW
 *
 * Keeps WINDOW confirmable GET requests for PATH outstanding until COUNT
 * answers (piggybacked ACKs) came back, and prints one line:
 *   requests N answered N timeouts N seconds S rps R p50_us P p99_us Q bytes B
 * A request not answered within 2 s counts as a timeout and is replaced.
 * Requests are written out by hand (a test tool; the servers under test
 * parse them with libcoap). Bounded in count and time.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WINDOW	256
#define TIMEOUT_NS	2000000000ULL

struct slot {
	uint16_t mid;
	uint64_t sent;		/* 0: free */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t build_get(uint8_t *b, uint16_t mid, const char *path)
{
	size_t n = 0, len;
	const char *seg = path, *end;
	int prev = 0;

	b[n++] = 0x42;			/* v1, CON, TKL 2 */
	b[n++] = 0x01;			/* GET */
	b[n++] = mid >> 8;
	b[n++] = mid & 0xff;
	b[n++] = mid >> 8;		/* token = mid */
	b[n++] = mid & 0xff;
	while (*seg) {
		while (*seg == '/')
			seg++;
		if (!*seg)
			break;
		end = strchr(seg, '/');
		len = end ? (size_t)(end - seg) : strlen(seg);
		if (len > 12)
			len = 12;	/* short segments only: enough here */
		b[n++] = (uint8_t)(((11 - prev) << 4) | len);
		prev = 11;
		memcpy(b + n, seg, len);
		n += len;
		seg += len;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	static struct slot slots[MAX_WINDOW];
	uint64_t *lat, start, t, bytes = 0;
	unsigned long count, window, sent = 0, answered = 0, timeouts = 0, i;
	struct addrinfo *ai;
	uint8_t req[128], resp[2048];
	uint16_t mid;
	int fd;

	if (argc != 6) {
		fprintf(stderr, "usage: coapbench ADDR PORT PATH COUNT WINDOW\n");
		return 2;
	}
	count = strtoul(argv[4], NULL, 0);
	window = strtoul(argv[5], NULL, 0);
	if (!count || count > 10000000 || !window || window > MAX_WINDOW)
		return 2;
	if (getaddrinfo(argv[1], argv[2], &hints, &ai))
		return 2;
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		perror("coapbench: socket");
		return 1;
	}
	freeaddrinfo(ai);
	lat = calloc(count, sizeof(*lat));
	if (!lat)
		return 1;
	srand((unsigned int)getpid());
	mid = (uint16_t)rand();
	start = now_ns();
	while (answered < count) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		ssize_t r;

		/* fill the window */
		for (i = 0; i < window && sent - answered - timeouts < window &&
		     sent < count + timeouts; i++) {
			struct slot *s = NULL;
			unsigned long k;

			for (k = 0; k < window; k++)
				if (!slots[k].sent) {
					s = &slots[k];
					break;
				}
			if (!s)
				break;
			s->mid = ++mid;
			s->sent = now_ns();
			if (send(fd, req, build_get(req, s->mid, argv[3]), 0) < 0) {
				s->sent = 0;
				break;
			}
			sent++;
		}
		if (poll(&pf, 1, 100) > 0) {
			r = recv(fd, resp, sizeof(resp), 0);
			if (r >= 4 && (resp[0] & 0x30) == 0x20) {	/* ACK */
				uint16_t m = (uint16_t)(resp[2] << 8 | resp[3]);

				for (i = 0; i < window; i++) {
					if (slots[i].sent && slots[i].mid == m) {
						t = now_ns();
						if (answered < count)
							lat[answered] = t - slots[i].sent;
						answered++;
						bytes += (uint64_t)r;
						slots[i].sent = 0;
						break;
					}
				}
			}
		}
		t = now_ns();
		for (i = 0; i < window; i++) {
			if (slots[i].sent && t - slots[i].sent > TIMEOUT_NS) {
				slots[i].sent = 0;
				timeouts++;
			}
		}
		if (timeouts > count / 10 + 10) {
			fprintf(stderr, "coapbench: too many timeouts\n");
			break;
		}
	}
	t = now_ns() - start;
	if (!answered)
		return 1;
	qsort(lat, answered < count ? answered : count, sizeof(*lat), cmp_u64);
	{
		unsigned long n = answered < count ? answered : count;

		printf("requests %lu answered %lu timeouts %lu seconds %.3f rps %.0f p50_us %.1f p99_us %.1f bytes %llu\n",
		       sent, answered, timeouts, (double)t / 1e9,
		       (double)answered * 1e9 / (double)t,
		       (double)lat[n / 2] / 1000.0,
		       (double)lat[(n * 99) / 100] / 1000.0,
		       (unsigned long long)(bytes / answered));
	}
	free(lat);
	return timeouts > count / 10 ? 1 : 0;
}
