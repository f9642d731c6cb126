// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent state: client sessions with their address, registrations,
 * subscriptions and will, so a restarted gateway keeps accepting the topic
 * ids devices already hold (devices do not re-register after a gateway
 * restart). Text, one record per line, strings hex-encoded, written to a
 * temporary file, fsync'ed and renamed over the old one. The acknowledgement
 * of a change (CONNACK, REGACK, SUBACK, UNSUBACK, WILL*RESP, DISCONNECT) is
 * held until the save that contains it (net.c, main.c), so whatever the
 * gateway acknowledged survives a SIGKILL.
 *
 *   mqttsn-gateway-state 1
 *   client <id-hex> <addr-hex> <clean> <keepalive> <state> <sleep>
 *   reg <topic-id> <topic-hex>
 *   sub <qos> <tid-type> <topic-id> <filter-hex>
 *   will <qos> <retain> <topic-hex> <msg-hex|->
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "lmesh/topic.h"
#include "gw.h"

#define STATE_MAGIC	"mqttsn-gateway-state 1"
#define STATE_LINE_MAX	8192

void gw_state_dirty(struct gw *gw)
{
	gw->state_dirty = true;
}

static void hex_out(FILE *f, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	if (!n) {
		fputc('-', f);
		return;
	}
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

/* Decode hex @s into a malloc'ed buffer (NUL-terminated); "-" is empty. */
static uint8_t *hex_in(const char *s, size_t *n)
{
	size_t l = strlen(s), i;
	uint8_t *b;

	if (!strcmp(s, "-"))
		l = 0;
	if (l % 2)
		return NULL;
	b = malloc(l / 2 + 1);
	if (!b)
		return NULL;
	for (i = 0; i < l / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1) {
			free(b);
			return NULL;
		}
		b[i] = (uint8_t)v;
	}
	b[l / 2] = 0;
	*n = l / 2;
	return b;
}

/* The directory holding @path ("." for a bare name, "/" for the root). */
void gw_state_dir(const char *path, char *dir, size_t size)
{
	char *slash;

	snprintf(dir, size, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, size, ".");
}

/* Make the rename itself durable: fsync the directory holding @path. */
static void sync_dir(const char *path)
{
	char dir[4096];
	int fd;

	gw_state_dir(path, dir, sizeof(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int gw_state_save(struct gw *gw)
{
	char tmp[4096];
	struct gw_client *c;
	FILE *f;

	gw->state_dirty = false;
	if (!gw->conf.state_file)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", gw->conf.state_file);
	f = fopen(tmp, "w");
	if (!f) {
		lm_err("state: %s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "%s\n", STATE_MAGIC);
	for (c = gw->clients; c; c = c->next) {
		struct gw_reg *r;
		struct gw_sub *s;
		enum gw_cstate st = c->state == GW_CS_AWAKE ? GW_CS_ASLEEP : c->state;

		fprintf(f, "client ");
		hex_out(f, c->id, strlen(c->id));
		fputc(' ', f);
		if (c->has_addr)
			hex_out(f, &c->addr, sizeof(c->addr));
		else
			fputc('-', f);
		fprintf(f, " %d %u %d %u\n", c->clean, c->keepalive_s, st, c->sleep_s);
		for (r = c->regs; r; r = r->next) {
			fprintf(f, "reg %u ", r->id);
			hex_out(f, r->topic, strlen(r->topic));
			fputc('\n', f);
		}
		for (s = c->subs; s; s = s->next) {
			fprintf(f, "sub %d %u %u ", s->qos, s->tid_type, s->topic_id);
			hex_out(f, s->filter, strlen(s->filter));
			fputc('\n', f);
		}
		if (c->will_topic) {
			fprintf(f, "will %d %d ", c->will_qos, c->will_retain);
			hex_out(f, c->will_topic, strlen(c->will_topic));
			fputc(' ', f);
			hex_out(f, c->will_msg, c->will_len);
			fputc('\n', f);
		}
	}
	if (fflush(f) || fsync(fileno(f))) {
		lm_err("state: %s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	if (rename(tmp, gw->conf.state_file)) {
		lm_err("state: rename to %s: %s", gw->conf.state_file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	sync_dir(gw->conf.state_file);
	return 0;
}

static int load_line(struct gw *gw, struct gw_client **cur, char *line)
{
	char a[STATE_LINE_MAX], b[STATE_LINE_MAX];
	unsigned int u1, u2, u3;
	int i1, i2, i3;
	uint8_t *p, *q;
	size_t n, m;

	if (sscanf(line, "client %8191s %8191s %d %u %d %u", a, b, &i1, &u1, &i2, &u2) == 6) {
		struct gw_client *c;

		*cur = NULL;
		p = hex_in(a, &n);
		if (!p || !n || n > GW_CLIENTID_MAX || memchr(p, 0, n) ||
		    gw_client_by_id(gw, (char *)p, n) || u1 > 65535 || u2 > 65535 ||
		    i2 < GW_CS_DISCONNECTED || i2 > GW_CS_LOST) {
			free(p);
			return -1;
		}
		c = gw_client_new(gw, (char *)p, n);
		free(p);
		if (!c)
			return -1;
		*cur = c;
		c->clean = i1;
		c->keepalive_s = (uint16_t)u1;
		c->sleep_s = (uint16_t)u2;
		c->state = (enum gw_cstate)i2;
		c->last_rx = gw->now;	/* a fresh keep-alive period */
		if (strcmp(b, "-")) {
			q = hex_in(b, &m);
			if (!q || m != sizeof(c->addr)) {
				free(q);
				return -1;
			}
			memcpy(&c->addr, q, m);
			free(q);
			c->has_addr = c->addr.sock >= 0 && c->addr.sock < gw->nsocks &&
				      c->addr.len <= sizeof(c->addr.ss) &&
				      c->addr.node_len <= GW_NODEID_MAX;
			if (!c->has_addr)
				memset(&c->addr, 0, sizeof(c->addr));
		}
		return 0;
	}
	if (!*cur)
		return -1;
	if (sscanf(line, "reg %u %8191s", &u1, a) == 2) {
		p = hex_in(a, &n);
		if (!p || u1 < 1 || u1 > 65534 || !lm_topic_name_valid((char *)p) ||
		    strlen((char *)p) != n || !gw_reg_add(*cur, (char *)p, (uint16_t)u1)) {
			free(p);
			return -1;
		}
		if ((*cur)->next_tid <= u1 && u1 < 65534)
			(*cur)->next_tid = (uint16_t)(u1 + 1);
		free(p);
		return 0;
	}
	if (sscanf(line, "sub %d %u %u %8191s", &i1, &u2, &u3, a) == 4) {
		bool created;

		p = hex_in(a, &n);
		if (!p || i1 < 0 || i1 > 2 || u2 > 2 || u3 > 65535 ||
		    !lm_topic_filter_valid((char *)p) || strlen((char *)p) != n ||
		    !gw_sub_add(gw, *cur, (char *)p, i1, (uint8_t)u2, (uint16_t)u3,
				&created)) {
			free(p);
			return -1;
		}
		free(p);
		return 0;
	}
	if (sscanf(line, "will %d %d %8191s %8191s", &i1, &i3, a, b) == 4) {
		p = hex_in(a, &n);
		q = hex_in(b, &m);
		if (!p || !q || i1 < 0 || i1 > 2 || !lm_topic_name_valid((char *)p)) {
			free(p);
			free(q);
			return -1;
		}
		gw_client_set_will(*cur, (char *)p, n, i1, i3);
		free((*cur)->will_msg);
		(*cur)->will_msg = q;
		(*cur)->will_len = m;
		free(p);
		return 0;
	}
	return -1;
}

int gw_state_load(struct gw *gw)
{
	struct gw_client *cur = NULL;
	char *line;
	FILE *f;
	int lineno = 0, bad = 0;

	if (!gw->conf.state_file)
		return 0;
	f = fopen(gw->conf.state_file, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		lm_err("state: %s: %s", gw->conf.state_file, strerror(errno));
		return -1;
	}
	line = malloc(STATE_LINE_MAX * 3);
	if (!line) {
		fclose(f);
		return -1;
	}
	while (fgets(line, STATE_LINE_MAX * 3, f)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1) {
			if (strcmp(line, STATE_MAGIC)) {
				lm_err("state: %s: not a state file", gw->conf.state_file);
				bad = -1;
				break;
			}
			continue;
		}
		if (load_line(gw, &cur, line)) {
			lm_warn("state: %s:%d: bad record skipped", gw->conf.state_file,
				lineno);
			bad++;
		}
	}
	free(line);
	fclose(f);
	lm_info("state: %d client(s) restored from %s", gw->nclients,
		gw->conf.state_file);
	return bad < 0 ? -1 : 0;
}
