// SPDX-License-Identifier: GPL-2.0
/*
 * snclient: a scripted MQTT-SN v1.2 device for the gateway tests.
 *
 *   snclient -s ADDR:PORT [-b LOCALPORT] < script
 *
 * One command per line (see usage()). Every expectation that is not met
 * prints "FAIL: ..." and exits 1. Uses the gateway's own codec (mqttsn.c) for
 * building and parsing, but checks all the protocol flows from the device side.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mqttsn.h"

#define MAXT	256
#define TMO	3000	/* default wait, ms */

struct map {
	uint16_t id;
	uint8_t type;
	char topic[MAXT];
};

struct inmsg {
	char topic[MAXT];
	char payload[1024];
	int qos;
	bool retain;
	bool used;
};

static int sock;
static bool unconnected;		/* -m: sendto the group, receive from anyone */
static struct sockaddr_storage srv;
static socklen_t srvlen;
static struct map maps[512];
static int nmaps;
static struct inmsg inbox[1024];
static int ninbox;
static uint16_t msgid = 1;
static int lineno;
static uint16_t last_qos2_in = 0;

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL: line %d: ", lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_msg(const struct mqttsn_msg *m)
{
	uint8_t buf[MQTTSN_MAX_MSG];
	ssize_t n = mqttsn_build(m, buf, sizeof(buf));

	if (n < 0)
		fail("cannot build %s", mqttsn_type_name(m->type));
	if (unconnected) {
		if (sendto(sock, buf, n, 0, (struct sockaddr *)&srv, srvlen) != n)
			fail("sendto: %s", strerror(errno));
		return;
	}
	if (send(sock, buf, n, 0) != n)
		fail("send: %s", strerror(errno));
}

static void map_set(uint8_t type, uint16_t id, const char *topic)
{
	int i;

	for (i = 0; i < nmaps; i++) {
		if (maps[i].type == type && maps[i].id == id) {
			snprintf(maps[i].topic, MAXT, "%s", topic);
			return;
		}
	}
	if (nmaps < 512) {
		maps[nmaps].type = type;
		maps[nmaps].id = id;
		snprintf(maps[nmaps].topic, MAXT, "%s", topic);
		nmaps++;
	}
}

static const char *map_topic(uint8_t type, uint16_t id)
{
	static char sbuf[3];
	int i;

	if (type == MQTTSN_TID_SHORT) {
		sbuf[0] = id >> 8;
		sbuf[1] = id & 0xff;
		return sbuf;
	}
	for (i = 0; i < nmaps; i++)
		if (maps[i].type == type && maps[i].id == id)
			return maps[i].topic;
	return NULL;
}

static int map_id(const char *topic)
{
	int i;

	for (i = 0; i < nmaps; i++)
		if (maps[i].type == MQTTSN_TID_NORMAL && !strcmp(maps[i].topic, topic))
			return maps[i].id;
	return -1;
}

/* Receive one datagram within @tmo ms; handle what a device handles by itself. */
static int rx_one(int tmo, struct mqttsn_msg *m, uint8_t *buf)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, tmo) <= 0)
		return 0;
	n = recv(sock, buf, MQTTSN_MAX_MSG, 0);
	if (n < 0)
		return 0;
	if (mqttsn_parse(buf, n, m))
		fail("gateway sent a malformed datagram (%zd bytes)", n);
	switch (m->type) {
	case MQTTSN_REGISTER: {
		struct mqttsn_msg a = { .type = MQTTSN_REGACK, .topic_id = m->topic_id,
					.msg_id = m->msg_id };
		char t[MAXT];

		snprintf(t, sizeof(t), "%.*s", (int)m->data_len, m->data);
		map_set(MQTTSN_TID_NORMAL, m->topic_id, t);
		printf("gw-register %s %u\n", t, m->topic_id);
		send_msg(&a);
		break;
	}
	case MQTTSN_PUBLISH: {
		int qos = mqttsn_flags_qos(m->flags);
		const char *t = map_topic(m->flags & 3, m->topic_id);
		struct mqttsn_msg a = { .msg_id = m->msg_id, .topic_id = m->topic_id };
		bool dup = false;

		if (!t)
			fail("PUBLISH with unknown topic id %u type %u", m->topic_id,
			     m->flags & 3);
		if (qos == 1) {
			a.type = MQTTSN_PUBACK;
			send_msg(&a);
		} else if (qos == 2) {
			a.type = MQTTSN_PUBREC;
			send_msg(&a);
			dup = last_qos2_in == m->msg_id && (m->flags & MQTTSN_FLAG_DUP);
			last_qos2_in = m->msg_id;
		}
		if (!dup && ninbox < 1024) {
			struct inmsg *im = &inbox[ninbox++];

			snprintf(im->topic, MAXT, "%s", t);
			snprintf(im->payload, sizeof(im->payload), "%.*s",
				 (int)m->data_len, m->data);
			im->qos = qos;
			im->retain = m->flags & MQTTSN_FLAG_RETAIN;
			printf("got %s %s qos=%d retain=%d\n", im->topic, im->payload,
			       qos, im->retain);
		}
		break;
	}
	case MQTTSN_PUBREL: {
		struct mqttsn_msg a = { .type = MQTTSN_PUBCOMP, .msg_id = m->msg_id };

		send_msg(&a);
		break;
	}
	default:
		break;
	}
	fflush(stdout);
	return 1;
}

/* Wait for a message of @type; others are handled or ignored. */
static void wait_type(uint8_t type, int tmo, struct mqttsn_msg *m, uint8_t *buf)
{
	uint64_t end = now_ms() + tmo;

	for (;;) {
		uint64_t t = now_ms();

		if (t >= end || !rx_one((int)(end - t), m, buf))
			fail("no %s within %d ms", mqttsn_type_name(type), tmo);
		if (m->type == type)
			return;
	}
}

static const char *opt(int argc, char **argv, const char *key, const char *def)
{
	size_t kl = strlen(key);
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], key, kl) && argv[i][kl] == '=')
			return argv[i] + kl + 1;
	return def;
}

static uint16_t next_id(void)
{
	if (!++msgid)
		msgid = 1;
	return msgid;
}

/* "n:TOPIC" (registered), "p:ID", "s:XY", "id:N" -> flags type + id */
static void topic_spec(const char *spec, uint8_t *type, uint16_t *id)
{
	int r;

	if (!strncmp(spec, "n:", 2)) {
		r = map_id(spec + 2);
		if (r < 0)
			fail("topic %s not registered", spec + 2);
		*type = MQTTSN_TID_NORMAL;
		*id = (uint16_t)r;
	} else if (!strncmp(spec, "p:", 2)) {
		*type = MQTTSN_TID_PREDEFINED;
		*id = (uint16_t)atoi(spec + 2);
	} else if (!strncmp(spec, "s:", 2) && strlen(spec) == 4) {
		*type = MQTTSN_TID_SHORT;
		*id = (uint16_t)((uint8_t)spec[2] << 8 | (uint8_t)spec[3]);
	} else if (!strncmp(spec, "id:", 3)) {
		*type = MQTTSN_TID_NORMAL;
		*id = (uint16_t)atoi(spec + 3);
	} else {
		fail("bad topic spec '%s'", spec);
	}
}

static void do_publish(const char *spec, int qos, const char *payload, bool retain,
		       int want_rc)
{
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH }, r;
	uint8_t buf[MQTTSN_MAX_MSG];

	topic_spec(spec, &m.flags, &m.topic_id);
	m.flags |= mqttsn_qos_flags(qos) | (retain ? MQTTSN_FLAG_RETAIN : 0);
	m.msg_id = qos > 0 ? next_id() : 0;
	m.data = (const uint8_t *)payload;
	m.data_len = strlen(payload);
	send_msg(&m);
	if (qos <= 0 && want_rc < 0)
		return;
	if (want_rc > 0 || qos == 1) {
		wait_type(MQTTSN_PUBACK, TMO, &r, buf);
		if (r.msg_id != m.msg_id)
			fail("PUBACK for msg id %u, expected %u", r.msg_id, m.msg_id);
		if (r.rc != (want_rc < 0 ? 0 : want_rc))
			fail("PUBACK rc %u, expected %d", r.rc, want_rc < 0 ? 0 : want_rc);
		return;
	}
	wait_type(MQTTSN_PUBREC, TMO, &r, buf);
	if (r.msg_id != m.msg_id)
		fail("PUBREC for msg id %u", r.msg_id);
	m.type = MQTTSN_PUBREL;
	send_msg(&m);
	wait_type(MQTTSN_PUBCOMP, TMO, &r, buf);
	if (r.msg_id != m.msg_id)
		fail("PUBCOMP for msg id %u", r.msg_id);
}

/*
 * "pipeline SPEC N PREFIX [register=TOPIC]": N QoS 1 PUBLISH (payload
 * PREFIX-i) sent back to back without waiting, with a REGISTER of TOPIC
 * after the first half; then every answer must come, in the order sent.
 */
static void do_pipeline(const char *spec, int n, const char *prefix, const char *reg)
{
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH }, r;
	uint16_t *ids = calloc(n + 1, sizeof(*ids));
	uint8_t *types = calloc(n + 1, 1);
	uint8_t buf[MQTTSN_MAX_MSG];
	int i, k = 0, total = 0, got = 0;
	char p[128];

	if (n < 1 || !ids || !types)
		fail("pipeline: bad count %d", n);
	topic_spec(spec, &m.flags, &m.topic_id);
	m.flags |= mqttsn_qos_flags(1);
	for (i = 1; i <= n; i++) {
		snprintf(p, sizeof(p), "%s-%d", prefix, i);
		m.msg_id = next_id();
		m.data = (const uint8_t *)p;
		m.data_len = strlen(p);
		send_msg(&m);
		ids[total] = m.msg_id;
		types[total++] = MQTTSN_PUBACK;
		if (reg && i == n / 2) {
			struct mqttsn_msg g = { .type = MQTTSN_REGISTER, .msg_id = next_id(),
						.data = (const uint8_t *)reg,
						.data_len = strlen(reg) };

			send_msg(&g);
			ids[total] = g.msg_id;
			types[total++] = MQTTSN_REGACK;
		}
	}
	while (got < total) {
		if (!rx_one(TMO, &r, buf))
			fail("pipeline: %d of %d answers", got, total);
		if (r.type != MQTTSN_PUBACK && r.type != MQTTSN_REGACK)
			continue;
		if (r.type != types[got] || r.msg_id != ids[got])
			fail("pipeline: answer %d is %s msg id %u, expected %s msg id %u", got,
			     mqttsn_type_name(r.type), r.msg_id, mqttsn_type_name(types[got]),
			     ids[got]);
		if (r.rc)
			fail("pipeline: %s msg id %u rc %u", mqttsn_type_name(r.type),
			     r.msg_id, r.rc);
		if (r.type == MQTTSN_REGACK) {
			map_set(MQTTSN_TID_NORMAL, r.topic_id, reg);
			k = r.topic_id;
		}
		got++;
	}
	printf("pipeline %d answers in order%s", total, reg ? "" : "\n");
	if (reg)
		printf(", registered %s %d\n", reg, k);
	free(ids);
	free(types);
}

static int find_inbox(const char *topic, const char *payload)
{
	int i;

	for (i = 0; i < ninbox; i++)
		if (!inbox[i].used && !strcmp(inbox[i].topic, topic) &&
		    (!payload || !strcmp(inbox[i].payload, payload)))
			return i;
	return -1;
}

static void stats(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[4096];
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		fail("stats socket %s: %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void command(int argc, char **argv)
{
	struct mqttsn_msg m = { 0 }, r;
	uint8_t buf[MQTTSN_MAX_MSG];
	const char *c = argv[0];

	if (!strcmp(c, "connect") && argc >= 2) {
		const char *will = opt(argc, argv, "will", NULL);

		m.type = MQTTSN_CONNECT;
		m.flags = (atoi(opt(argc, argv, "clean", "1")) ? MQTTSN_FLAG_CLEAN : 0) |
			  (will ? MQTTSN_FLAG_WILL : 0);
		m.duration = (uint16_t)atoi(opt(argc, argv, "keepalive", "60"));
		m.data = (const uint8_t *)argv[1];
		m.data_len = strlen(argv[1]);
		send_msg(&m);
		if (will) {
			const char *wm = opt(argc, argv, "willmsg", "");

			wait_type(MQTTSN_WILLTOPICREQ, TMO, &r, buf);
			m = (struct mqttsn_msg){ .type = MQTTSN_WILLTOPIC };
			m.flags = mqttsn_qos_flags(atoi(opt(argc, argv, "willqos", "0"))) |
				  (atoi(opt(argc, argv, "willretain", "0")) ?
				   MQTTSN_FLAG_RETAIN : 0);
			m.data = (const uint8_t *)will;
			m.data_len = strlen(will);
			send_msg(&m);
			wait_type(MQTTSN_WILLMSGREQ, TMO, &r, buf);
			m = (struct mqttsn_msg){ .type = MQTTSN_WILLMSG };
			m.data = (const uint8_t *)wm;
			m.data_len = strlen(wm);
			send_msg(&m);
		}
		wait_type(MQTTSN_CONNACK, TMO, &r, buf);
		if (r.rc != atoi(opt(argc, argv, "rc", "0")))
			fail("CONNACK rc %u", r.rc);
		printf("connack %u\n", r.rc);
	} else if (!strcmp(c, "register") && argc >= 2) {
		m.type = MQTTSN_REGISTER;
		m.msg_id = next_id();
		m.data = (const uint8_t *)argv[1];
		m.data_len = strlen(argv[1]);
		send_msg(&m);
		wait_type(MQTTSN_REGACK, TMO, &r, buf);
		if (r.msg_id != m.msg_id)
			fail("REGACK msg id %u", r.msg_id);
		if (r.rc != atoi(opt(argc, argv, "rc", "0")))
			fail("REGACK rc %u", r.rc);
		if (!r.rc)
			map_set(MQTTSN_TID_NORMAL, r.topic_id, argv[1]);
		printf("registered %s %u\n", argv[1], r.topic_id);
	} else if (!strcmp(c, "predef") && argc == 3) {
		map_set(MQTTSN_TID_PREDEFINED, (uint16_t)atoi(argv[1]), argv[2]);
	} else if (!strcmp(c, "map") && argc == 3) {
		map_set(MQTTSN_TID_NORMAL, (uint16_t)atoi(argv[1]), argv[2]);
	} else if (!strcmp(c, "publish") && argc >= 4) {
		const char *rc = opt(argc, argv, "rc", NULL);

		do_publish(argv[1], atoi(argv[2]), argv[3],
			   atoi(opt(argc, argv, "retain", "0")), rc ? atoi(rc) : -1);
	} else if (!strcmp(c, "pipeline") && argc >= 4) {
		do_pipeline(argv[1], atoi(argv[2]), argv[3], opt(argc, argv, "register", NULL));
	} else if (!strcmp(c, "pubmany") && argc >= 5) {
		int i, n = atoi(argv[3]), gap = atoi(opt(argc, argv, "gap", "0"));
		char p[128];

		for (i = 1; i <= n; i++) {
			snprintf(p, sizeof(p), "%s-%d", argv[4], i);
			do_publish(argv[1], atoi(argv[2]), p, false, -1);
			if (gap)
				usleep(gap * 1000);
		}
	} else if ((!strcmp(c, "subscribe") || !strcmp(c, "unsubscribe")) && argc >= 2) {
		bool sub = c[0] == 's';

		m.type = sub ? MQTTSN_SUBSCRIBE : MQTTSN_UNSUBSCRIBE;
		m.msg_id = next_id();
		if (!strncmp(argv[1], "n:", 2)) {
			m.data = (const uint8_t *)argv[1] + 2;
			m.data_len = strlen(argv[1] + 2);
		} else {
			topic_spec(argv[1], &m.flags, &m.topic_id);
		}
		if (sub)
			m.flags |= mqttsn_qos_flags(argc > 2 ? atoi(argv[2]) : 0);
		send_msg(&m);
		wait_type(sub ? MQTTSN_SUBACK : MQTTSN_UNSUBACK, TMO, &r, buf);
		if (r.msg_id != m.msg_id)
			fail("%s msg id %u", mqttsn_type_name(r.type), r.msg_id);
		if (sub) {
			if (r.rc != atoi(opt(argc, argv, "rc", "0")))
				fail("SUBACK rc %u", r.rc);
			if (!r.rc && r.topic_id && !strncmp(argv[1], "n:", 2))
				map_set(MQTTSN_TID_NORMAL, r.topic_id, argv[1] + 2);
			printf("suback %u topic_id=%u qos=%d\n", r.rc, r.topic_id,
			       mqttsn_flags_qos(r.flags));
		}
	} else if (!strcmp(c, "expect") && argc >= 3) {
		int tmo = atoi(opt(argc, argv, "timeout", "5000"));
		const char *q = opt(argc, argv, "qos", NULL);
		const char *rt = opt(argc, argv, "retain", NULL);
		uint64_t end = now_ms() + tmo;
		int i;

		while ((i = find_inbox(argv[1], argv[2])) < 0) {
			uint64_t t = now_ms();

			if (t >= end)
				fail("no PUBLISH %s '%s' within %d ms", argv[1], argv[2], tmo);
			rx_one((int)(end - t), &r, buf);
		}
		inbox[i].used = true;
		if (q && inbox[i].qos != atoi(q))
			fail("PUBLISH %s qos %d, expected %s", argv[1], inbox[i].qos, q);
		if (rt && inbox[i].retain != atoi(rt))
			fail("PUBLISH %s retain %d, expected %s", argv[1], inbox[i].retain, rt);
	} else if (!strcmp(c, "expect_none") && argc >= 2) {
		uint64_t end = now_ms() + atoi(argv[1]);
		int before = ninbox;

		while (now_ms() < end)
			rx_one((int)(end - now_ms()), &r, buf);
		if (ninbox != before)
			fail("unexpected PUBLISH %s '%s'", inbox[before].topic,
			     inbox[before].payload);
	} else if (!strcmp(c, "count") && argc >= 2) {
		/* count TOPIC N: exactly N (unused) messages on TOPIC in the inbox */
		int i, n = 0;

		for (i = 0; i < ninbox; i++)
			if (!inbox[i].used && !strcmp(inbox[i].topic, argv[1]))
				n++;
		if (n != atoi(argv[2]))
			fail("%d message(s) on %s, expected %s", n, argv[1], argv[2]);
	} else if (!strcmp(c, "ping")) {
		m.type = MQTTSN_PINGREQ;
		send_msg(&m);
		wait_type(MQTTSN_PINGRESP, TMO, &r, buf);
	} else if (!strcmp(c, "sleep") && argc >= 2) {
		m.type = MQTTSN_DISCONNECT;
		m.has_duration = true;
		m.duration = (uint16_t)atoi(argv[1]);
		send_msg(&m);
		wait_type(MQTTSN_DISCONNECT, TMO, &r, buf);
	} else if (!strcmp(c, "wake") && argc >= 2) {
		int before = ninbox;
		const char *cnt = opt(argc, argv, "count", NULL);

		m.type = MQTTSN_PINGREQ;
		m.data = (const uint8_t *)argv[1];
		m.data_len = strlen(argv[1]);
		send_msg(&m);
		wait_type(MQTTSN_PINGRESP, 10000, &r, buf);
		printf("woke: %d message(s)\n", ninbox - before);
		if (cnt && ninbox - before != atoi(cnt))
			fail("%d message(s) while awake, expected %s", ninbox - before, cnt);
	} else if (!strcmp(c, "disconnect")) {
		m.type = MQTTSN_DISCONNECT;
		send_msg(&m);
		wait_type(MQTTSN_DISCONNECT, TMO, &r, buf);
	} else if (!strcmp(c, "searchgw")) {
		m.type = MQTTSN_SEARCHGW;
		m.radius = 1;
		send_msg(&m);
		wait_type(MQTTSN_GWINFO, TMO, &r, buf);
		printf("gwinfo %u\n", r.gw_id);
	} else if (!strcmp(c, "willtopicupd") && argc >= 2) {
		m.type = MQTTSN_WILLTOPICUPD;
		m.flags = mqttsn_qos_flags(1);
		m.data = (const uint8_t *)argv[1];
		m.data_len = strlen(argv[1]);
		send_msg(&m);
		wait_type(MQTTSN_WILLTOPICRESP, TMO, &r, buf);
		if (r.rc)
			fail("WILLTOPICRESP rc %u", r.rc);
	} else if (!strcmp(c, "willmsgupd") && argc >= 2) {
		m.type = MQTTSN_WILLMSGUPD;
		m.data = (const uint8_t *)argv[1];
		m.data_len = strlen(argv[1]);
		send_msg(&m);
		wait_type(MQTTSN_WILLMSGRESP, TMO, &r, buf);
		if (r.rc)
			fail("WILLMSGRESP rc %u", r.rc);
	} else if (!strcmp(c, "raw") && argc >= 2) {
		size_t n = 0, i, l = strlen(argv[1]);

		for (i = 0; i + 1 < l; i += 2) {
			int h = hexval(argv[1][i]), lo = hexval(argv[1][i + 1]);

			if (h < 0 || lo < 0)
				fail("bad hex");
			buf[n++] = (uint8_t)(h << 4 | lo);
		}
		if (send(sock, buf, n, 0) != (ssize_t)n)
			fail("send: %s", strerror(errno));
	} else if (!strcmp(c, "expect_type") && argc >= 2) {
		const char *rc = opt(argc, argv, "rc", NULL);

		wait_type((uint8_t)strtol(argv[1], NULL, 16),
			  atoi(opt(argc, argv, "timeout", "3000")), &r, buf);
		if (rc && r.rc != atoi(rc))
			fail("%s rc %u, expected %s", mqttsn_type_name(r.type), r.rc, rc);
		printf("got-type %s rc=%u gw_id=%u duration=%u\n", mqttsn_type_name(r.type),
		       r.rc, r.gw_id, r.duration);
	} else if (!strcmp(c, "expect_silence") && argc >= 2) {
		struct pollfd p = { .fd = sock, .events = POLLIN };

		if (poll(&p, 1, atoi(argv[1])) > 0) {
			ssize_t n = recv(sock, buf, sizeof(buf), 0);

			fail("expected silence, got %zd bytes (type 0x%02x)", n,
			     n > 1 ? buf[1] : 0);
		}
	} else if (!strcmp(c, "wait") && argc >= 2) {
		uint64_t end = now_ms() + atoi(argv[1]);

		while (now_ms() < end)
			rx_one((int)(end - now_ms()), &r, buf);
	} else if (!strcmp(c, "stats") && argc >= 2) {
		stats(argv[1]);
	} else if (!strcmp(c, "echo")) {
		int i;

		for (i = 1; i < argc; i++)
			printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
	} else if (!strcmp(c, "quit")) {
		exit(0);
	} else {
		fail("unknown command '%s'", c);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *res;
	char host[128] = "", *port, line[4096];
	const char *server = NULL;
	int o, bport = 0;

	while ((o = getopt(argc, argv, "s:b:m")) != -1) {
		if (o == 's')
			server = optarg;
		else if (o == 'm')
			unconnected = true;
		else if (o == 'b')
			bport = atoi(optarg);
		else
			return 2;
	}
	if (!server) {
		fprintf(stderr, "usage: snclient -s ADDR:PORT|[ADDR]:PORT [-b LOCALPORT] < script\n");
		return 2;
	}
	snprintf(host, sizeof(host), "%s", server[0] == '[' ? server + 1 : server);
	port = strrchr(host, ':');
	if (!port)
		return 2;
	*port++ = '\0';
	if (host[strlen(host) - 1] == ']')
		host[strlen(host) - 1] = '\0';
	if (getaddrinfo(host, port, &hints, &res))
		return 2;
	sock = socket(res->ai_family, SOCK_DGRAM, 0);
	if (bport) {
		struct sockaddr_storage ss = { 0 };
		int one = 1;

		setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		ss.ss_family = res->ai_family;
		if (res->ai_family == AF_INET6) {
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(bport);
			((struct sockaddr_in6 *)&ss)->sin6_addr =
				unconnected ? in6addr_any : in6addr_loopback;
		} else {
			((struct sockaddr_in *)&ss)->sin_port = htons(bport);
			((struct sockaddr_in *)&ss)->sin_addr.s_addr =
				htonl(unconnected ? INADDR_ANY : INADDR_LOOPBACK);
		}
		if (bind(sock, (struct sockaddr *)&ss, res->ai_addrlen)) {
			perror("bind");
			return 2;
		}
	}
	memcpy(&srv, res->ai_addr, res->ai_addrlen);
	srvlen = res->ai_addrlen;
	if (unconnected) {
		/* join the group we send to, to hear ADVERTISE and GWINFO */
		if (res->ai_family == AF_INET &&
		    IN_MULTICAST(ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr))) {
			struct ip_mreqn mr = { 0 };

			mr.imr_multiaddr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
			if (setsockopt(sock, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)))
				perror("IP_ADD_MEMBERSHIP");
		} else if (res->ai_family == AF_INET6 &&
			   IN6_IS_ADDR_MULTICAST(&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr)) {
			struct ipv6_mreq mr = { 0 };

			mr.ipv6mr_multiaddr = ((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
			mr.ipv6mr_interface = ((struct sockaddr_in6 *)res->ai_addr)->sin6_scope_id;
			if (setsockopt(sock, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr, sizeof(mr)))
				perror("IPV6_JOIN_GROUP");
		}
	} else if (connect(sock, res->ai_addr, res->ai_addrlen)) {
		perror("connect");
		return 2;
	}
	freeaddrinfo(res);
	while (fgets(line, sizeof(line), stdin)) {
		char *args[32], *save = NULL, *t;
		int n = 0;

		lineno++;
		for (t = strtok_r(line, " \t\r\n", &save); t && n < 32;
		     t = strtok_r(NULL, " \t\r\n", &save))
			args[n++] = t;
		if (!n || args[0][0] == '#')
			continue;
		command(n, args);
	}
	return 0;
}
