// SPDX-License-Identifier: GPL-2.0
/*
 * dnp3-test-outstation: a DNP3 outstation on a pty for tests. It links the
 * pty slave to --link PATH (give that to the bridge as 'device') and answers
 * frames to --address: REQUEST_LINK_STATUS with LINK_STATUS, RESET_LINK and
 * CONFIRMED_USER_DATA with ACK, UNCONFIRMED_USER_DATA with the same user
 * data sent back to the sender. Stops after --seconds or on SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* the user data of a frame, CRCs removed */
static size_t user_data(const uint8_t *f, size_t len, uint8_t *out)
{
	size_t pos = DNP3_HDR_LEN, n = 0, chunk;

	while (pos < len) {
		chunk = len - pos - 2;
		if (chunk > DNP3_BLOCK_LEN)
			chunk = DNP3_BLOCK_LEN;
		memcpy(out + n, f + pos, chunk);
		n += chunk;
		pos += chunk + 2;
	}
	return n;
}

static void answer(int fd, uint16_t me, const uint8_t *f, size_t len,
		   unsigned long *answered)
{
	uint8_t ctrl = dnp3_frame_ctrl(f), out[DNP3_MAX_FRAME], data[256];
	uint16_t src = dnp3_frame_src(f), dst = dnp3_frame_dest(f);
	size_t n = 0, nd;

	if (!(ctrl & DNP3_CTRL_PRM) || (dst != me && !dnp3_addr_is_broadcast(dst)))
		return;
	switch (ctrl & DNP3_CTRL_FUNC) {
	case DNP3_FUNC_REQUEST_LINK_STATUS:
		n = dnp3_frame_build(out, DNP3_FUNC_LINK_STATUS, src, me, NULL, 0);
		break;
	case DNP3_FUNC_RESET_LINK:
	case DNP3_FUNC_CONFIRMED_DATA:
		n = dnp3_frame_build(out, DNP3_FUNC_ACK, src, me, NULL, 0);
		break;
	case DNP3_FUNC_UNCONFIRMED_DATA:
		nd = user_data(f, len, data);
		n = dnp3_frame_build(out, DNP3_CTRL_PRM | DNP3_FUNC_UNCONFIRMED_DATA,
				     src, me, data, nd);
		break;
	}
	if (n && !dnp3_addr_is_broadcast(dst) && tl_write_all(fd, out, n) == 0)
		(*answered)++;
}

static void usage(void)
{
	fprintf(stderr, "usage: dnp3-test-outstation --link PATH [--address N] [--seconds N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "link", required_argument, NULL, 'l' },
		{ "address", required_argument, NULL, 'a' },
		{ "seconds", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *link = NULL;
	unsigned long answered = 0;
	long long end;
	uint16_t me = 10;
	struct tl_frames got;
	struct dnp3_parser parser;
	struct tl_pty p;
	int c, i, seconds = 3600;

	while ((c = getopt_long(argc, argv, "l:a:s:", opts, NULL)) != -1) {
		if (c == 'l')
			link = optarg;
		else if (c == 'a')
			me = (uint16_t)atoi(optarg);
		else if (c == 's')
			seconds = atoi(optarg);
		else
			usage();
	}
	if (!link || optind != argc)
		usage();
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	if (tl_pty_open(&p) < 0) {
		perror("openpty");
		return 1;
	}
	unlink(link);
	if (symlink(p.path, link) < 0) {
		fprintf(stderr, "symlink %s: %s\n", link, strerror(errno));
		return 1;
	}
	printf("outstation %u on %s -> %s\n", me, link, p.path);
	fflush(stdout);
	dnp3_parser_init(&parser);
	end = tl_now_ms() + seconds * 1000LL;
	while (!stop && tl_now_ms() < end) {
		got.n = 0;
		tl_read_frames(p.master, &parser, &got, 1, 200);
		for (i = 0; i < got.n; i++)
			answer(p.master, me, got.f[i], got.len[i], &answered);
	}
	printf("outstation %u: %lu frames answered, %llu CRC errors\n", me,
	       answered, (unsigned long long)parser.stats.crc_errors);
	unlink(link);
	tl_pty_close(&p);
	return 0;
}
