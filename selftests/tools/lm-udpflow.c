// SPDX-License-Identifier: GPL-2.0
/*
 * lm-udpflow - a paced flow of numbered UDP datagrams, and its counter
 *
 *   lm-udpflow send DST PORT SIZE COUNT INTERVAL_MS
 *	COUNT datagrams of SIZE payload bytes (at least 4: the first four
 *	are the sequence number, big endian) to DST (IPv6, "fe80::1%mesh0"
 *	for a link-local one), one every INTERVAL_MS milliseconds on an
 *	absolute schedule; prints "sent N" (sendto calls that succeeded).
 *   lm-udpflow recv PORT SECONDS
 *	counts the datagrams arriving on [::]:PORT for SECONDS seconds or
 *	until SIGTERM/SIGINT; prints "received N dup D" (distinct sequence
 *	numbers, duplicates) and "lost A-B C ..." (the missing sequence
 *	numbers below the highest one received, as ranges; at most 40).
 *
 * The selftests measure delivery with it (routing_scale.sh: the same flow
 * over a static and a changing topology).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEQ		(1u << 20)
#define MAX_SIZE	65000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: lm-udpflow send DST PORT SIZE COUNT INTERVAL_MS\n"
			"       lm-udpflow recv PORT SECONDS\n");
	return 2;
}

static int do_send(char **argv)
{
	static unsigned char buf[MAX_SIZE];
	struct addrinfo hints = { 0 }, *ai;
	unsigned long size, count, ival, i, sent = 0;
	struct timespec next;
	uint32_t seq;
	int fd, rc;

	size = strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	ival = strtoul(argv[4], NULL, 0);
	if (size < 4 || size > MAX_SIZE || count > MAX_SEQ)
		return usage();
	hints.ai_family = AF_INET6;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	rc = getaddrinfo(argv[0], argv[1], &hints, &ai);
	if (rc) {
		fprintf(stderr, "lm-udpflow: %s: %s\n", argv[0], gai_strerror(rc));
		return 2;
	}
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("lm-udpflow: socket");
		return 1;
	}
	for (i = 4; i < size; i++)
		buf[i] = (unsigned char)('A' + i % 26);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; i < count && !stop; i++) {
		seq = htonl((uint32_t)i);
		memcpy(buf, &seq, 4);
		if (sendto(fd, buf, size, 0, ai->ai_addr, ai->ai_addrlen) ==
		    (ssize_t)size)
			sent++;
		next.tv_nsec += (long)(ival % 1000) * 1000000;
		next.tv_sec += (time_t)(ival / 1000) + next.tv_nsec / 1000000000;
		next.tv_nsec %= 1000000000;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				       NULL) == EINTR && !stop)
			;
	}
	printf("sent %lu\n", sent);
	freeaddrinfo(ai);
	close(fd);
	return 0;
}

static int do_recv(char **argv)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	static unsigned char buf[MAX_SIZE], seen[MAX_SEQ];
	unsigned long got = 0, dup = 0, ranges = 0;
	long max = -1, i, from;
	struct sigaction act = { .sa_handler = on_signal };
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	time_t end;
	uint32_t seq;
	ssize_t n;
	int fd;

	sa.sin6_port = htons((uint16_t)strtoul(argv[0], NULL, 0));
	end = time(NULL) + (time_t)strtoul(argv[1], NULL, 0);
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("lm-udpflow: socket");
		return 1;
	}
	/* ready: a test may wait for this line before it sends */
	printf("listening\n");
	fflush(stdout);
	while (!stop && time(NULL) < end) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 4)
			continue;
		memcpy(&seq, buf, 4);
		seq = ntohl(seq);
		if (seq >= MAX_SEQ)
			continue;
		if (seen[seq]) {
			dup++;
			continue;
		}
		seen[seq] = 1;
		got++;
		if ((long)seq > max)
			max = seq;
	}
	printf("received %lu dup %lu\nlost", got, dup);
	for (i = 0; i <= max && ranges < 40; i++) {
		if (seen[i])
			continue;
		for (from = i; i + 1 <= max && !seen[i + 1]; i++)
			;
		if (from == i)
			printf(" %ld", i);
		else
			printf(" %ld-%ld", from, i);
		ranges++;
	}
	printf("\n");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "send"))
		return do_send(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(argv + 2);
	return usage();
}
