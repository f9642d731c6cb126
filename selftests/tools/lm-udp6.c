// SPDX-License-Identifier: GPL-2.0
/*
 * lm-udp6 - print an IPv6/UDP packet in hex, UDP checksum included
 *
 *   lm-udp6 SRC DST SPORT DPORT TEXT        payload TEXT (no newline)
 *   lm-udp6 SRC DST SPORT DPORT -z LEN      LEN payload bytes 'A'..'Z'...
 *
 * The selftests cut the output into 6LoWPAN fragments by hand and inject
 * them with lm-inject, so a test controls every byte on the air and still
 * proves delivery with a real socket.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOP_LIMIT	64

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	return s;
}

int main(int argc, char **argv)
{
	static uint8_t pkt[40 + 8 + 65535];
	struct in6_addr src, dst;
	unsigned long sport, dport;
	size_t plen, i, ulen;
	uint32_t s;
	uint16_t ck;

	if (argc < 6 || (!strcmp(argv[5], "-z") && argc < 7)) {
		fprintf(stderr, "usage: lm-udp6 SRC DST SPORT DPORT TEXT|-z LEN\n");
		return 2;
	}
	if (inet_pton(AF_INET6, argv[1], &src) != 1 ||
	    inet_pton(AF_INET6, argv[2], &dst) != 1) {
		fprintf(stderr, "lm-udp6: bad IPv6 address\n");
		return 2;
	}
	sport = strtoul(argv[3], NULL, 0);
	dport = strtoul(argv[4], NULL, 0);
	if (!strcmp(argv[5], "-z")) {
		plen = strtoul(argv[6], NULL, 0);
		if (plen > 65535 - 48) {
			fprintf(stderr, "lm-udp6: too long\n");
			return 2;
		}
		for (i = 0; i < plen; i++)
			pkt[48 + i] = (uint8_t)('A' + i % 26);
	} else {
		plen = strlen(argv[5]);
		if (plen > 65535 - 48)
			return 2;
		memcpy(pkt + 48, argv[5], plen);
	}
	ulen = 8 + plen;

	pkt[0] = 0x60;
	pkt[4] = (uint8_t)(ulen >> 8);
	pkt[5] = (uint8_t)ulen;
	pkt[6] = IPPROTO_UDP;
	pkt[7] = HOP_LIMIT;
	memcpy(pkt + 8, &src, 16);
	memcpy(pkt + 24, &dst, 16);
	pkt[40] = (uint8_t)(sport >> 8);
	pkt[41] = (uint8_t)sport;
	pkt[42] = (uint8_t)(dport >> 8);
	pkt[43] = (uint8_t)dport;
	pkt[44] = (uint8_t)(ulen >> 8);
	pkt[45] = (uint8_t)ulen;

	/* pseudo header: addresses, upper-layer length, next header */
	s = sum16(0, pkt + 8, 32);
	s += (uint32_t)(ulen >> 16) + (uint32_t)(ulen & 0xffff) + IPPROTO_UDP;
	s = sum16(s, pkt + 40, ulen);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	ck = (uint16_t)~s;
	if (!ck)
		ck = 0xffff;
	pkt[46] = (uint8_t)(ck >> 8);
	pkt[47] = (uint8_t)ck;

	for (i = 0; i < 40 + ulen; i++)
		printf("%02x", pkt[i]);
	putchar('\n');
	return 0;
}
