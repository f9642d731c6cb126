// SPDX-License-Identifier: GPL-2.0
/*
 * hostile.c - send malformed and hostile CoAP datagrams to a server on
 * loopback (bounded in count; the tests check the server still answers).
 *
 *   hostile ADDR PORT random N     N datagrams of random bytes (0..1200)
 *   hostile ADDR PORT malformed    truncated options, bad token lengths,
 *                                  reserved option deltas, version 2, ...
 *   hostile ADDR PORT bigblock     Block2/Block1 numbers near 2^20
 *   hostile ADDR PORT flood N      N valid GET requests, as fast as possible
 *   hostile ADDR PORT sessions N   one GET from each of N source ports (every
 *                                  one a new session for the server)
 *   hostile ADDR PORT puts N SEG [SRC]
 *                                  N confirmable PUTs to /ps/SEG/0 .. /ps/SEG/N-1
 *                                  one after the other from one socket (bound
 *                                  to SRC if given); prints "CODE COUNT" for
 *                                  each response code, "timeout COUNT"
 *
 * The datagrams are written out byte by byte: this is a test tool, the
 * server itself only uses libcoap's codec.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fd;
static struct sockaddr_storage dst;
static socklen_t dstlen;
static unsigned long sent;
static uint16_t mid = 1;

static void send_buf(const uint8_t *b, size_t n)
{
	if (sendto(fd, b, n, 0, (struct sockaddr *)&dst, dstlen) >= 0)
		sent++;
}

/* CON GET with token 0x42 and Uri-Path "dev"/"x"; @extra options appended */
static size_t hdr(uint8_t *b, uint8_t type_code_ver, uint8_t code)
{
	b[0] = type_code_ver;
	b[1] = code;
	b[2] = mid >> 8;
	b[3] = mid & 0xff;
	mid++;
	return 4;
}

static void malformed(void)
{
	static const uint8_t cases[][16] = {
		/* len, bytes... */
		{ 1, 0x40 },					/* 1 byte */
		{ 3, 0x40, 0x01, 0x00 },			/* 3 bytes */
		{ 4, 0x4f, 0x01, 0x00, 0x01 },			/* TKL 15 */
		{ 5, 0x49, 0x01, 0x00, 0x02, 0xaa },		/* TKL 9 */
		{ 6, 0x48, 0x01, 0x00, 0x03, 0xaa, 0xbb },	/* token cut */
		{ 5, 0x40, 0x01, 0x00, 0x04, 0xb5 },		/* option value cut */
		{ 5, 0x40, 0x01, 0x00, 0x05, 0xd0 },		/* ext delta cut */
		{ 6, 0x40, 0x01, 0x00, 0x06, 0xe0, 0x01 },	/* 2-byte delta cut */
		{ 5, 0x40, 0x01, 0x00, 0x07, 0xf0 },		/* delta 15 reserved */
		{ 5, 0x40, 0x01, 0x00, 0x08, 0x0f },		/* length 15 reserved */
		{ 7, 0x40, 0x01, 0x00, 0x09, 0xff, 0x00, 0x00 },/* payload marker, code */
		{ 5, 0x40, 0x01, 0x00, 0x0a, 0xff },		/* empty payload after marker */
		{ 4, 0x80, 0x01, 0x00, 0x0b },			/* version 2 */
		{ 5, 0x40, 0x00, 0x00, 0x0c, 0x11 },		/* empty msg with data */
		{ 4, 0x40, 0xff, 0x00, 0x0d },			/* code 7.31 */
		{ 4, 0x70, 0x01, 0x00, 0x0e },			/* RST with GET code */
		{ 4, 0x60, 0x45, 0x00, 0x0f },			/* unsolicited ACK 2.05 */
		{ 8, 0x40, 0x01, 0x00, 0x10, 0xed, 0xff, 0xff, 0x00 }, /* delta 65804 */
		{ 10, 0x40, 0x01, 0x00, 0x11, 0xb3, 'd', 'e', 'v', 0x0d, 0xff }, /* ext len cut */
		{ 9, 0x40, 0x01, 0x00, 0x12, 0x91, 0x01, 0x91, 0x01, 0x91 }, /* Accept x2 */
	};
	uint8_t b[1500];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		send_buf(&cases[i][1], cases[i][0]);
	send_buf(b, 0);				/* empty datagram */
	/* 600 options of length 0: an option storm */
	n = hdr(b, 0x40, 0x01);
	while (n < 604)
		b[n++] = 0x00;
	send_buf(b, n);
	/* Uri-Path of 269+ bytes, path traversal, NUL in the path */
	n = hdr(b, 0x40, 0x01);
	b[n++] = 0xbe;
	b[n++] = 0x00;
	b[n++] = 0x30;			/* 269 + 48 = 317 bytes */
	memset(b + n, 'A', 317);
	n += 317;
	send_buf(b, n);
	n = hdr(b, 0x40, 0x03);		/* PUT ps/../x */
	memcpy(b + n, "\xb2ps\x02..\x01x\xff" "1", 11);
	send_buf(b, n + 11);
	n = hdr(b, 0x40, 0x03);		/* PUT ps/a\0b */
	memcpy(b + n, "\xb2ps\x03" "a\0b" "\xff" "1", 9);
	send_buf(b, n + 9);
	n = hdr(b, 0x40, 0x03);		/* PUT ps/+ and ps/# */
	memcpy(b + n, "\xb2ps\x01+\xff" "1", 7);
	send_buf(b, n + 7);
}

static void bigblock(void)
{
	uint8_t b[64];
	size_t n;
	int k;

	for (k = 0; k < 4; k++) {
		/* GET stats with Block2 NUM 0xfffff (3-byte value), SZX k+3 */
		n = hdr(b, 0x41, 0x01);
		b[n++] = 0x42;		/* token */
		memcpy(b + n, "\xb5stats", 6);
		n += 6;
		b[n++] = 0xc3;		/* delta 12 -> 23 Block2, length 3 */
		b[n++] = 0xff;
		b[n++] = 0xff;
		b[n++] = 0xf0 | (uint8_t)(k + 3);
		send_buf(b, n);
		/* PUT ps/big with Block1 NUM 0xfffff, M=1 */
		n = hdr(b, 0x41, 0x03);
		b[n++] = 0x43;
		memcpy(b + n, "\xb2ps\x03" "big", 7);
		n += 7;
		b[n++] = 0xd3;		/* 11 + 13 + 3 = 27 Block1 */
		b[n++] = 0x03;
		b[n++] = 0xff;
		b[n++] = 0xff;
		b[n++] = 0xf8 | (uint8_t)k;
		b[n++] = 0xff;
		memset(b + n, 'B', 16);
		n += 16;
		send_buf(b, n);
		/* Block2 with a 4-byte value (invalid length) */
		n = hdr(b, 0x41, 0x01);
		b[n++] = 0x44;
		memcpy(b + n, "\xb5stats", 6);
		n += 6;
		b[n++] = 0xc4;
		memset(b + n, 0xff, 4);
		n += 4;
		send_buf(b, n);
		/* Size2 and Size1 huge */
		n = hdr(b, 0x41, 0x03);
		b[n++] = 0x45;
		memcpy(b + n, "\xb2ps\x03" "big", 7);
		n += 7;
		b[n++] = 0xd4;		/* 11 + 13 + 36 = 60 Size1 */
		b[n++] = 36;
		memset(b + n, 0xff, 4);
		n += 4;
		b[n++] = 0xff;
		b[n++] = 'x';
		send_buf(b, n);
	}
}

static void random_dgrams(unsigned long count)
{
	uint8_t b[1200];
	unsigned long i;
	size_t n, j;

	for (i = 0; i < count; i++) {
		n = (size_t)(rand() % (int)sizeof(b));
		for (j = 0; j < n; j++)
			b[j] = (uint8_t)rand();
		if (i % 2)
			b[0] = 0x40 | (b[0] & 0x3f);	/* version 1: gets parsed */
		send_buf(b, n);
	}
}

static void flood(unsigned long count)
{
	uint8_t b[32];
	unsigned long i;
	size_t n;

	for (i = 0; i < count; i++) {
		n = hdr(b, 0x50, 0x01);		/* NON GET stats */
		memcpy(b + n, "\xb5stats", 6);
		send_buf(b, n + 6);
		if (i % 64 == 63)
			usleep(1000);		/* keep loopback buffers from just dropping */
	}
}

static void sessions(unsigned long count)
{
	uint8_t b[32];
	unsigned long i;
	size_t n;
	int s, keep = fd;

	for (i = 0; i < count; i++) {
		s = socket(dst.ss_family, SOCK_DGRAM, 0);
		if (s < 0)
			break;
		fd = s;
		n = hdr(b, 0x40, 0x01);		/* CON GET stats */
		memcpy(b + n, "\xb5stats", 6);
		send_buf(b, n + 6);
		close(s);
		if (i % 32 == 31)
			usleep(5000);	/* most should reach the server */
	}
	fd = keep;
}

/* one CON PUT after the other, each answer awaited (2 s at most) */
static int puts_(unsigned long count, const char *seg)
{
	unsigned long codes[256] = { 0 }, timeouts = 0, i;
	size_t sl = strlen(seg), n, k;
	uint8_t b[64], r[1500];
	char num[16];
	int c;

	if (!sl || sl > 12)
		return 2;
	for (i = 0; i < count; i++) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		uint16_t m = mid;
		bool done = false;

		n = hdr(b, 0x41, 0x03);		/* CON PUT, token length 1 */
		b[n++] = 0x7a;
		b[n++] = 0xb2;			/* Uri-Path "ps" */
		b[n++] = 'p';
		b[n++] = 's';
		b[n++] = (uint8_t)sl;		/* Uri-Path SEG */
		memcpy(b + n, seg, sl);
		n += sl;
		k = (size_t)snprintf(num, sizeof(num), "%lu", i);
		b[n++] = (uint8_t)k;		/* Uri-Path i */
		memcpy(b + n, num, k);
		n += k;
		b[n++] = 0xff;
		b[n++] = 'x';
		send_buf(b, n);
		while (!done && poll(&pf, 1, 2000) > 0) {
			ssize_t got = recv(fd, r, sizeof(r), 0);

			/* the ACK of this message, with its code */
			if (got >= 4 && (r[0] & 0x30) == 0x20 &&
			    r[2] == (m >> 8) && r[3] == (m & 0xff)) {
				codes[r[1]]++;
				done = true;
			}
		}
		if (!done)
			timeouts++;
	}
	for (c = 0; c < 256; c++)
		if (codes[c])
			printf("%d.%02d %lu\n", c >> 5, c & 31, codes[c]);
	printf("timeout %lu\n", timeouts);
	return 0;
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *ai;

	if (argc < 4) {
		fprintf(stderr, "usage: hostile ADDR PORT random N|malformed|bigblock|flood N|sessions N|puts N SEG [SRC]\n");
		return 2;
	}
	if (getaddrinfo(argv[1], argv[2], &hints, &ai)) {
		fprintf(stderr, "hostile: bad address %s\n", argv[1]);
		return 2;
	}
	memcpy(&dst, ai->ai_addr, ai->ai_addrlen);
	dstlen = ai->ai_addrlen;
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	freeaddrinfo(ai);
	if (fd < 0)
		return 1;
	srand((unsigned int)time(NULL));
	if (!strcmp(argv[3], "random") && argc > 4)
		random_dgrams(strtoul(argv[4], NULL, 0));
	else if (!strcmp(argv[3], "malformed"))
		malformed();
	else if (!strcmp(argv[3], "bigblock"))
		bigblock();
	else if (!strcmp(argv[3], "flood") && argc > 4)
		flood(strtoul(argv[4], NULL, 0));
	else if (!strcmp(argv[3], "sessions") && argc > 4)
		sessions(strtoul(argv[4], NULL, 0));
	else if (!strcmp(argv[3], "puts") && argc > 5) {
		if (argc > 6) {
			struct addrinfo *src;

			if (getaddrinfo(argv[6], NULL, &hints, &src))
				return 2;
			if (bind(fd, src->ai_addr, src->ai_addrlen)) {
				perror("hostile: bind");
				return 1;
			}
			freeaddrinfo(src);
		}
		return puts_(strtoul(argv[4], NULL, 0), argv[5]);
	} else
		return 2;
	printf("%lu\n", sent);
	return 0;
}
