// SPDX-License-Identifier: GPL-2.0
/*
 * On-disk message queue.
 *
 * File: "LMQ1" then records:
 *   +--------+-----+--------+----------+-----------+-------+---------+
 *   | 0x4D51 | qos | retain | topiclen | payloadlen| topic | payload |
 *   |  2 BE  |  1  |   1    |   2 BE   |    4 BE   |       |         |
 *   +--------+-----+--------+----------+-----------+-------+---------+
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lmesh/config.h"
#include "lmesh/diskq.h"
#include "lmesh/topic.h"

#define DQ_MAGIC	"LMQ1"
#define DQ_REC_MAGIC	0x4D51
#define DQ_HDR		10	/* bytes of record header */
#define DQ_MAX_PAYLOAD	(256 * 1024)

struct lm_diskq {
	char *path;
	int fd;
	size_t max_msgs, max_bytes;
	size_t count, bytes;
	off_t end;
};

static int read_full(int fd, void *buf, size_t n, off_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, off + done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t n, off_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pwrite(fd, (const char *)buf + done, n - done, off + done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

/* Parse the record header at @off. 0 ok, -1 bad/torn. */
static int rec_header(int fd, off_t off, off_t size, int *qos, bool *retain,
		      size_t *tlen, size_t *plen)
{
	unsigned char h[DQ_HDR];

	if (off + DQ_HDR > size || read_full(fd, h, DQ_HDR, off))
		return -1;
	if (((h[0] << 8) | h[1]) != DQ_REC_MAGIC || h[2] > 2 || h[3] > 1)
		return -1;
	*qos = h[2];
	*retain = h[3];
	*tlen = (h[4] << 8) | h[5];
	*plen = ((size_t)h[6] << 24) | (h[7] << 16) | (h[8] << 8) | h[9];
	if (!*tlen || *tlen > LM_TOPIC_MAX || *plen > DQ_MAX_PAYLOAD)
		return -1;
	if (off + DQ_HDR + (off_t)*tlen + (off_t)*plen > size)
		return -1;
	return 0;
}

struct lm_diskq *lm_diskq_open(const char *path, size_t max_msgs, size_t max_bytes,
			       char *err, size_t errlen)
{
	struct lm_diskq *q;
	struct stat stt;
	char magic[4];
	off_t off;

	q = calloc(1, sizeof(*q));
	if (q)
		q->path = strdup(path);
	if (!q || !q->path) {
		free(q);
		lm_seterr(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	q->max_msgs = max_msgs;
	q->max_bytes = max_bytes;
	q->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (q->fd < 0 || fstat(q->fd, &stt)) {
		lm_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (stt.st_size < 4 || read_full(q->fd, magic, 4, 0) ||
	    memcmp(magic, DQ_MAGIC, 4)) {
		if (stt.st_size > 0 && (stt.st_size < 4 || memcmp(magic, DQ_MAGIC, 4))) {
			lm_seterr(err, errlen, "%s: not a queue file (refusing to overwrite)",
			       path);
			goto fail;
		}
		if (write_full(q->fd, DQ_MAGIC, 4, 0) || ftruncate(q->fd, 4)) {
			lm_seterr(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		stt.st_size = 4;
	}
	off = 4;
	for (;;) {
		size_t tlen, plen;
		bool retain;
		int qos;

		if (rec_header(q->fd, off, stt.st_size, &qos, &retain, &tlen, &plen))
			break;
		off += DQ_HDR + tlen + plen;
		q->count++;
		q->bytes += DQ_HDR + tlen + plen;
	}
	if (off != stt.st_size && ftruncate(q->fd, off)) {
		lm_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	q->end = off;
	return q;
fail:
	lm_diskq_close(q);
	return NULL;
}

void lm_diskq_close(struct lm_diskq *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	free(q->path);
	free(q);
}

size_t lm_diskq_count(const struct lm_diskq *q)
{
	return q->count;
}

size_t lm_diskq_bytes(const struct lm_diskq *q)
{
	return q->bytes;
}

int lm_diskq_push(struct lm_diskq *q, const char *topic, const void *payload,
		  size_t len, int qos, bool retain)
{
	size_t tlen = strlen(topic), rec = DQ_HDR + tlen + len;
	unsigned char *buf;
	int rc;

	if (!tlen || tlen > LM_TOPIC_MAX || len > DQ_MAX_PAYLOAD || qos < 0 || qos > 2)
		return -1;
	if (q->count >= q->max_msgs || q->bytes + rec > q->max_bytes)
		return -1;
	buf = malloc(rec);
	if (!buf)
		return -1;
	buf[0] = DQ_REC_MAGIC >> 8;
	buf[1] = DQ_REC_MAGIC & 0xff;
	buf[2] = qos;
	buf[3] = retain;
	buf[4] = tlen >> 8;
	buf[5] = tlen;
	buf[6] = len >> 24;
	buf[7] = len >> 16;
	buf[8] = len >> 8;
	buf[9] = len;
	memcpy(buf + DQ_HDR, topic, tlen);
	if (len)
		memcpy(buf + DQ_HDR + tlen, payload, len);
	rc = write_full(q->fd, buf, rec, q->end);
	free(buf);
	if (rc || fdatasync(q->fd)) {
		if (ftruncate(q->fd, q->end))
			return -1;
		return -1;
	}
	q->end += rec;
	q->count++;
	q->bytes += rec;
	return 0;
}

/* Move the records from @off to the end to the front of the file. */
static int compact(struct lm_diskq *q, off_t off)
{
	char buf[8192];
	off_t rd = off, wr = 4;

	while (rd < q->end) {
		size_t n = q->end - rd > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)(q->end - rd);

		if (read_full(q->fd, buf, n, rd) || write_full(q->fd, buf, n, wr))
			return -1;
		rd += n;
		wr += n;
	}
	if (ftruncate(q->fd, wr) || fdatasync(q->fd))
		return -1;
	q->end = wr;
	return 0;
}

long lm_diskq_drain(struct lm_diskq *q, lm_diskq_fn fn, void *ctx)
{
	off_t off = 4;
	long done = 0;
	char *buf = NULL;

	while (off < q->end) {
		size_t tlen, plen;
		bool retain;
		int qos, stop;
		char *nb;

		if (rec_header(q->fd, off, q->end, &qos, &retain, &tlen, &plen))
			break;
		nb = realloc(buf, tlen + 1 + plen + 1);
		if (!nb)
			break;
		buf = nb;
		if (read_full(q->fd, buf, tlen, off + DQ_HDR) ||
		    (plen && read_full(q->fd, buf + tlen + 1, plen, off + DQ_HDR + tlen)))
			break;
		buf[tlen] = '\0';
		stop = fn(ctx, buf, buf + tlen + 1, plen, qos, retain);
		if (stop)
			break;
		off += DQ_HDR + tlen + plen;
		q->count--;
		q->bytes -= DQ_HDR + tlen + plen;
		done++;
	}
	free(buf);
	if (done && compact(q, off))
		return -1;
	return done;
}
