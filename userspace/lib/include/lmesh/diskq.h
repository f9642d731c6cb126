/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded on-disk FIFO of MQTT messages (QoS 1/2 kept while the broker is
 * unreachable). Every push is written and fdatasync()ed before it returns, so
 * a message acknowledged to a device survives a crash of the daemon. A torn
 * record at the end (crash during a write) is cut off when the file is opened.
 */
#ifndef LMESH_DISKQ_H
#define LMESH_DISKQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lm_diskq;

/* Return 0 to consume the message, non-zero to stop draining (it stays queued). */
typedef int (*lm_diskq_fn)(void *ctx, const char *topic, const void *payload,
			   size_t len, int qos, bool retain);

struct lm_diskq *lm_diskq_open(const char *path, size_t max_msgs, size_t max_bytes,
			       char *err, size_t errlen);
void lm_diskq_close(struct lm_diskq *q);
/* 0 queued; -1 full or I/O error (message not queued). */
int lm_diskq_push(struct lm_diskq *q, const char *topic, const void *payload,
		  size_t len, int qos, bool retain);
/* Hand messages to @fn in order; returns how many were consumed, -1 on I/O error. */
long lm_diskq_drain(struct lm_diskq *q, lm_diskq_fn fn, void *ctx);
size_t lm_diskq_count(const struct lm_diskq *q);
size_t lm_diskq_bytes(const struct lm_diskq *q);

#endif /* LMESH_DISKQ_H */
