// SPDX-License-Identifier: GPL-2.0
/*
 * Counters per message type, per drop reason and per client. Dumped as text
 * ("key value" lines) to the log on SIGUSR1 and to whoever connects to the
 * stats unix socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "lmesh/rules.h"
#include "lmesh/upstream.h"
#include "gw.h"

static const char *const drop_names[GW_DROP_NR] = {
	[GW_DROP_BAD_LENGTH] = "bad_length",
	[GW_DROP_UNKNOWN_TYPE] = "unknown_type",
	[GW_DROP_BAD_BODY] = "bad_body",
	[GW_DROP_NOT_CONNECTED] = "not_connected",
	[GW_DROP_INVALID_TOPIC] = "invalid_topic_id",
	[GW_DROP_UNEXPECTED] = "unexpected",
	[GW_DROP_QUEUE_FULL] = "queue_full",
	[GW_DROP_RETRIES] = "retries_exhausted",
	[GW_DROP_UPSTREAM] = "upstream",
	[GW_DROP_TOO_MANY_CLIENTS] = "too_many_clients",
	[GW_DROP_BAD_TOPIC_NAME] = "bad_topic_name",
	[GW_DROP_KERNEL_RCVBUF] = "kernel_rcvbuf",
};

void gw_drop(struct gw *gw, enum gw_drop why)
{
	gw->st.drop[why]++;
}

static char *render(struct gw *gw, size_t *lenp)
{
	const struct lm_upstream_stats *u = lm_upstream_stats(gw->up);
	const struct lm_rules_stats *r = lm_rules_stats(gw->rules);
	struct gw_client *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	for (i = 0; i < MQTTSN_NTYPES; i++) {
		if (!mqttsn_type_known(i))
			continue;
		fprintf(f, "rx.%s %llu\n", mqttsn_type_name(i),
			(unsigned long long)gw->st.rx[i]);
		fprintf(f, "tx.%s %llu\n", mqttsn_type_name(i),
			(unsigned long long)gw->st.tx[i]);
	}
	for (i = 0; i < GW_DROP_NR; i++)
		fprintf(f, "drop.%s %llu\n", drop_names[i],
			(unsigned long long)gw->st.drop[i]);
	fprintf(f, "rx_bytes %llu\ntx_bytes %llu\nwills %llu\nclients_lost %llu\n",
		(unsigned long long)gw->st.rx_bytes, (unsigned long long)gw->st.tx_bytes,
		(unsigned long long)gw->st.wills, (unsigned long long)gw->st.lost);
	fprintf(f, "clients %d\nretained %d\n", gw->nclients, gw->nretained);
	fprintf(f, "upstream.connected %d\nupstream.connects %llu\n"
		"upstream.connect_failures %llu\nupstream.disconnects %llu\n"
		"upstream.published %llu\nupstream.queued %llu\nupstream.dequeued %llu\n"
		"upstream.dropped %llu\nupstream.acked %llu\nupstream.received %llu\n"
		"upstream.queue_len %zu\n",
		lm_upstream_connected(gw->up), (unsigned long long)u->connects,
		(unsigned long long)u->connect_failures,
		(unsigned long long)u->disconnects, (unsigned long long)u->published,
		(unsigned long long)u->queued, (unsigned long long)u->dequeued,
		(unsigned long long)u->dropped, (unsigned long long)u->acked,
		(unsigned long long)u->received, lm_upstream_queue_len(gw->up));
	fprintf(f, "rules.inputs %llu\nrules.published %llu\nrules.suppressed %llu\n"
		"rules.held %llu\nrules.heartbeats %llu\nrules.aggregates %llu\n"
		"rules.alerts %llu\nrules.non_numeric %llu\n",
		(unsigned long long)r->inputs, (unsigned long long)r->published,
		(unsigned long long)r->suppressed, (unsigned long long)r->held,
		(unsigned long long)r->heartbeats, (unsigned long long)r->aggregates,
		(unsigned long long)r->alerts, (unsigned long long)r->non_numeric);
	for (c = gw->clients; c; c = c->next) {
		char a[96] = "-";

		if (c->has_addr)
			gw_addr_str(&c->addr, a, sizeof(a));
		fprintf(f, "client %s state=%s addr=%s rx=%llu tx=%llu publish_in=%llu "
			"publish_out=%llu dropped=%llu queued=%zu regs=%d subs=%d wills=%llu\n",
			c->id, gw_cstate_name(c->state), a,
			(unsigned long long)c->st.rx, (unsigned long long)c->st.tx,
			(unsigned long long)c->st.publish_in,
			(unsigned long long)c->st.publish_out,
			(unsigned long long)c->st.dropped, c->outq_len, c->nregs,
			c->nsubs, (unsigned long long)c->st.wills);
	}
	fclose(f);
	*lenp = len;
	return buf;
}

void gw_stats_dump(struct gw *gw, int fd)
{
	size_t len, off = 0;
	char *buf = render(gw, &len);

	if (!buf)
		return;
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	free(buf);
}

void gw_stats_log(struct gw *gw)
{
	size_t len;
	char *buf = render(gw, &len), *line, *save = NULL;

	if (!buf)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		lm_notice("stats: %s", line);
	free(buf);
}

int gw_stats_open(struct gw *gw, char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = gw->conf.stats_socket;
	int fd;

	gw->stats_fd = -1;
	if (!path)
		return 0;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "stats_socket: path too long");
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "stats socket: %s", strerror(errno));
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fd, 8)) {
		snprintf(err, errlen, "stats socket %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	chmod(path, 0660);
	gw->stats_fd = fd;
	return 0;
}

void gw_stats_accept(struct gw *gw)
{
	int fd = accept4(gw->stats_fd, NULL, NULL, SOCK_CLOEXEC);
	struct timeval tv = { .tv_sec = 1 };

	if (fd < 0)
		return;
	/* bounded: a reader that does not read cannot stall the gateway for long */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	gw_stats_dump(gw, fd);
	close(fd);
}
