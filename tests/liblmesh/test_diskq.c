// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "lmesh/diskq.h"
#include "tap.h"

struct acc {
	int n, stop_at;
	char got[8][64];
};

static int take(void *ctx, const char *topic, const void *p, size_t len,
		int qos, bool retain)
{
	struct acc *a = ctx;

	if (a->n == a->stop_at)
		return 1;
	snprintf(a->got[a->n++], 64, "%s=%.*s/%d%d", topic, (int)len,
		 (const char *)p, qos, retain);
	return 0;
}

static void diskq_roundtrip(void)
{
	char path[] = "/tmp/lmq-XXXXXX", err[256];
	int fd = mkstemp(path);
	struct lm_diskq *q;
	struct acc a = { .stop_at = 1 };

	close(fd);
	unlink(path);
	q = lm_diskq_open(path, 3, 1 << 20, err, sizeof(err));
	TAP_CHECK(q);
	if (!q)
		return;
	TAP_CHECK(!lm_diskq_push(q, "a", "1", 1, 1, false));
	TAP_CHECK(!lm_diskq_push(q, "b", "22", 2, 2, true));
	TAP_CHECK(!lm_diskq_push(q, "c", "", 0, 1, false));
	TAP_CHECK(lm_diskq_push(q, "d", "x", 1, 1, false) == -1);	/* full */
	lm_diskq_close(q);
	/* survives reopen */
	q = lm_diskq_open(path, 3, 1 << 20, err, sizeof(err));
	TAP_CHECK(q && lm_diskq_count(q) == 3);
	TAP_CHECK(lm_diskq_drain(q, take, &a) == 1);
	TAP_CHECK(lm_diskq_count(q) == 2);
	a.stop_at = 99;
	TAP_CHECK(lm_diskq_drain(q, take, &a) == 2);
	TAP_CHECK(a.n == 3 && !strcmp(a.got[0], "a=1/10") && !strcmp(a.got[1], "b=22/21") &&
	      !strcmp(a.got[2], "c=/10"));
	TAP_CHECK(lm_diskq_count(q) == 0);
	lm_diskq_close(q);
	unlink(path);
}

static void diskq_torn(void)
{
	char path[] = "/tmp/lmq-XXXXXX", err[256];
	int fd = mkstemp(path);
	struct lm_diskq *q;

	close(fd);
	unlink(path);
	q = lm_diskq_open(path, 10, 1 << 20, err, sizeof(err));
	TAP_CHECK(!lm_diskq_push(q, "a", "1", 1, 1, false));
	lm_diskq_close(q);
	fd = open(path, O_WRONLY | O_APPEND);
	TAP_CHECK(write(fd, "\x4d\x51\x01\x00\x00\x05", 6) == 6);	/* torn record */
	close(fd);
	q = lm_diskq_open(path, 10, 1 << 20, err, sizeof(err));
	TAP_CHECK(q && lm_diskq_count(q) == 1);
	lm_diskq_close(q);
	/* not a queue file: refused */
	fd = open(path, O_WRONLY | O_TRUNC);
	TAP_CHECK(write(fd, "hello world", 11) == 11);
	close(fd);
	q = lm_diskq_open(path, 10, 1 << 20, err, sizeof(err));
	TAP_CHECK(!q && strstr(err, "not a queue file"));
	unlink(path);
}

int main(void)
{
	TAP_RUN(diskq_roundtrip);
	TAP_RUN(diskq_torn);
	return tap_done();
}
