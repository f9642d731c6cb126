// SPDX-License-Identifier: GPL-2.0
/*
 * snbench: publishes per second from N devices to an MQTT broker, either as
 * MQTT-SN over UDP through mqttsn-gateway ("sn") or as MQTT over TCP straight
 * to the broker with libmosquitto ("mqtt", the baseline), at QoS 0, 1 or 2.
 *
 * QoS 1 and 2: each device keeps one message in flight (stop and wait, as
 * MQTT-SN requires of a client; the MQTT clients get max_inflight 1).
 * QoS 0: no acknowledgement exists, so both modes keep at most WINDOW
 * messages sent but not yet seen by the subscriber; messages that never
 * arrive (a full UDP socket buffer) are counted as lost, not waited for.
 *
 * A subscriber on the broker (same QoS) counts arrivals. Connections and
 * REGISTERs are made before the clock starts; the clock runs from the first
 * publish to the last arrival. Prints, never asserts on speed.
 *
 *   snbench -M sn|mqtt -q QOS -g GWADDR:PORT -p BROKERPORT -n DEVICES
 *           -m MSGS -s BYTES [-w WINDOW]
 *   snbench -W BYTES        bytes on the wire per publish, QoS 0/1/2
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "mqttsn.h"

static atomic_long received;
static atomic_llong last_ns;		/* CLOCK_MONOTONIC of the last arrival */

struct run {
	int qos, ndev, nmsg, window;
	const char *payload;
	char prefix[32];		/* bench/PID, one per run */
	long sent;			/* QoS 0: publishes sent so far */
};

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_msg(struct mosquitto *m, void *o, const struct mosquitto_message *msg)
{
	(void)m;
	(void)o;
	(void)msg;
	atomic_store(&last_ns, mono_ns());
	atomic_fetch_add(&received, 1);
}

static void on_sub(struct mosquitto *m, void *o, int mid, int n, const int *g)
{
	(void)m;
	(void)mid;
	(void)n;
	(void)g;
	atomic_store((atomic_int *)o, 1);
}

static void on_conn(struct mosquitto *m, void *o, int rc)
{
	(void)m;
	atomic_store((atomic_int *)o, rc ? -1 : 1);
}

/*
 * QoS 0 pacing: may one more message go? At most @window are unaccounted
 * for; after 100 ms without a new arrival the outstanding ones count as lost.
 */
static int qos0_may_send(struct run *r, long *written_off, long long *stall)
{
	long got = atomic_load(&received);

	if (r->sent - got - *written_off < r->window) {
		*stall = 0;
		return 1;
	}
	if (!*stall) {
		*stall = mono_ns();
	} else if (mono_ns() - *stall > 100000000LL) {
		*written_off = r->sent - got;
		*stall = 0;
		return 1;
	}
	return 0;
}

static int snd(int fd, const struct mqttsn_msg *m)
{
	uint8_t buf[2048];
	ssize_t n = mqttsn_build(m, buf, sizeof(buf));

	return n < 0 || send(fd, buf, n, 0) != n ? -1 : 0;
}

static int rcv(int fd, struct mqttsn_msg *m, uint8_t *buf, int tmo)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, tmo) <= 0)
		return -1;
	n = recv(fd, buf, 2048, 0);
	return n <= 0 ? -1 : mqttsn_parse(buf, n, m);
}

static int sn_publish(struct run *r, int fd, uint16_t tid, int id)
{
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .flags = mqttsn_qos_flags(r->qos),
				.topic_id = tid, .msg_id = r->qos ? (uint16_t)id : 0,
				.data = (const uint8_t *)r->payload,
				.data_len = strlen(r->payload) };

	return snd(fd, &m);
}

static int sn_setup(struct run *r, const char *gw, int *fd, uint16_t *tid)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *res;
	char host[64], *port;
	uint8_t buf[2048];
	int i;

	snprintf(host, sizeof(host), "%s", gw);
	port = strrchr(host, ':');
	if (!port)
		return -1;
	*port++ = '\0';
	if (getaddrinfo(host, port, &hints, &res))
		return -1;
	for (i = 0; i < r->ndev; i++) {
		struct mqttsn_msg m = { .type = MQTTSN_CONNECT, .flags = MQTTSN_FLAG_CLEAN,
					.duration = 60 }, a;
		char id[24], topic[64];

		fd[i] = socket(res->ai_family, SOCK_DGRAM, 0);
		if (fd[i] < 0 || connect(fd[i], res->ai_addr, res->ai_addrlen))
			break;
		snprintf(id, sizeof(id), "bench-%d-%d", getpid() % 100000, i);
		m.data = (uint8_t *)id;
		m.data_len = strlen(id);
		if (snd(fd[i], &m) || rcv(fd[i], &a, buf, 3000) || a.type != MQTTSN_CONNACK)
			break;
		snprintf(topic, sizeof(topic), "%s/sn/%d", r->prefix, i);
		m = (struct mqttsn_msg){ .type = MQTTSN_REGISTER, .msg_id = 1,
					 .data = (uint8_t *)topic, .data_len = strlen(topic) };
		if (snd(fd[i], &m) || rcv(fd[i], &a, buf, 3000) || a.type != MQTTSN_REGACK ||
		    a.rc != MQTTSN_RC_ACCEPTED)
			break;
		tid[i] = a.topic_id;
	}
	freeaddrinfo(res);
	return i == r->ndev ? 0 : -1;
}

/* QoS 1/2: one message in flight per device, PUBREL on PUBREC. */
static int sn_acked(struct run *r, int *fd, uint16_t *tid)
{
	struct pollfd *pfd = calloc(r->ndev, sizeof(*pfd));
	int *sent = calloc(r->ndev, sizeof(int));
	uint8_t buf[2048];
	int i, done = 0, rc = 0;

	for (i = 0; i < r->ndev; i++) {
		pfd[i] = (struct pollfd){ .fd = fd[i], .events = POLLIN };
		sn_publish(r, fd[i], tid[i], ++sent[i]);
	}
	while (done < r->ndev) {
		if (poll(pfd, r->ndev, 5000) <= 0) {
			rc = -1;
			break;
		}
		for (i = 0; i < r->ndev; i++) {
			struct mqttsn_msg a;

			if (!(pfd[i].revents & POLLIN) || rcv(fd[i], &a, buf, 0))
				continue;
			if (a.type == MQTTSN_PUBREC && r->qos == 2) {
				struct mqttsn_msg rel = { .type = MQTTSN_PUBREL,
							  .msg_id = a.msg_id };

				snd(fd[i], &rel);
				continue;
			}
			if (a.type != (r->qos == 2 ? MQTTSN_PUBCOMP : MQTTSN_PUBACK) ||
			    a.msg_id != sent[i])
				continue;
			if (a.type == MQTTSN_PUBACK && a.rc != MQTTSN_RC_ACCEPTED) {
				rc = -1;	/* congestion: the gateway refused it */
				done = r->ndev;
				break;
			}
			if (sent[i] == r->nmsg) {
				done++;
				pfd[i].fd = -1;
				continue;
			}
			sn_publish(r, fd[i], tid[i], ++sent[i]);
		}
	}
	free(pfd);
	free(sent);
	return rc;
}

static void sn_qos0(struct run *r, int *fd, uint16_t *tid)
{
	long want = (long)r->ndev * r->nmsg, written_off = 0;
	long long stall = 0;

	while (r->sent < want) {
		if (!qos0_may_send(r, &written_off, &stall)) {
			usleep(20);
			continue;
		}
		sn_publish(r, fd[r->sent % r->ndev], tid[r->sent % r->ndev], 0);
		r->sent++;
	}
}

static int run_sn(struct run *r, const char *gw, long long *t0)
{
	int *fd = calloc(r->ndev, sizeof(int)), i, rc = 0;
	uint16_t *tid = calloc(r->ndev, sizeof(uint16_t));

	for (i = 0; i < r->ndev; i++)
		fd[i] = -1;
	if (sn_setup(r, gw, fd, tid)) {
		rc = -1;
	} else {
		*t0 = mono_ns();
		if (r->qos)
			rc = sn_acked(r, fd, tid);
		else
			sn_qos0(r, fd, tid);
	}
	for (i = 0; i < r->ndev; i++) {
		struct mqttsn_msg m = { .type = MQTTSN_DISCONNECT };

		if (fd[i] < 0)
			continue;
		snd(fd[i], &m);
		close(fd[i]);
	}
	free(fd);
	free(tid);
	return rc;
}

static int run_mqtt(struct run *r, int bport, long long *t0)
{
	struct mosquitto **c = calloc(r->ndev, sizeof(*c));
	atomic_int *up = calloc(r->ndev, sizeof(*up));
	char (*topic)[64] = calloc(r->ndev, sizeof(*topic));
	long want = (long)r->ndev * r->nmsg, written_off = 0;
	long long stall = 0, t;
	int i, j, len = strlen(r->payload);

	for (i = 0; i < r->ndev; i++) {
		char id[32];

		snprintf(id, sizeof(id), "bench-mqtt-%d-%d", getpid() % 100000, i);
		c[i] = mosquitto_new(id, true, &up[i]);
		if (!c[i])
			return -1;
		mosquitto_connect_callback_set(c[i], on_conn);
		mosquitto_max_inflight_messages_set(c[i], 1);
		if (mosquitto_connect(c[i], "127.0.0.1", bport, 60) || mosquitto_loop_start(c[i]))
			return -1;
		snprintf(topic[i], sizeof(topic[i]), "%s/mqtt/%d", r->prefix, i);
	}
	t = mono_ns();
	for (i = 0; i < r->ndev; i++) {
		while (!atomic_load(&up[i]) && mono_ns() - t < 3000000000LL)
			usleep(200);
		if (atomic_load(&up[i]) != 1)
			return -1;
	}
	*t0 = mono_ns();
	if (r->qos) {
		/* libmosquitto's thread sends the next one on each acknowledgement */
		for (j = 0; j < r->nmsg; j++)
			for (i = 0; i < r->ndev; i++)
				if (mosquitto_publish(c[i], NULL, topic[i], len, r->payload,
						      r->qos, false))
					return -1;
		return 0;
	}
	while (r->sent < want) {
		if (!qos0_may_send(r, &written_off, &stall)) {
			usleep(20);
			continue;
		}
		i = r->sent % r->ndev;
		if (mosquitto_publish(c[i], NULL, topic[i], len, r->payload, 0, false))
			return -1;
		r->sent++;
	}
	return 0;
}

/* Bytes on the wire per publish and its acknowledgements, QoS 0/1/2. */
static void wire(int size)
{
	const char *topic = "bench/sn/0";
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .flags = mqttsn_qos_flags(1),
				.topic_id = 1, .msg_id = 1 };
	uint8_t buf[2048], *p = malloc(size);
	size_t tl = strlen(topic);
	int qos;

	memset(p, 'x', size);
	m.data = p;
	m.data_len = size;
	for (qos = 0; qos <= 2; qos++) {
		/* MQTT-SN: PUBLISH always carries a MsgId; PUBACK 7, PUBREC/REL/COMP 4 */
		long sn = mqttsn_build(&m, buf, sizeof(buf));
		long snack = qos == 0 ? 0 : qos == 1 ? 7 : 3 * 4;
		/* MQTT 3.1.1: PUBLISH (packet id from QoS 1), PUBACK/REC/REL/COMP 4 */
		size_t rl = 2 + tl + (qos ? 2 : 0) + size;
		long mq = 1 + (rl < 128 ? 1 : rl < 16384 ? 2 : 3) + rl;
		long mqack = qos == 0 ? 0 : qos == 1 ? 4 : 3 * 4;
		int pkts = qos == 0 ? 1 : qos == 1 ? 2 : 4;

		printf("wire qos=%d payload=%d topic=%s mqttsn=%ld mqtt=%ld app_ratio=%.2f "
		       "with_ipv6_headers(udp+48,tcp+60 per packet) mqttsn=%ld mqtt=%ld ratio=%.2f\n",
		       qos, size, topic, sn + snack, mq + mqack,
		       (double)(sn + snack) / (mq + mqack),
		       sn + snack + pkts * 48, mq + mqack + pkts * 60,
		       (double)(sn + snack + pkts * 48) / (mq + mqack + pkts * 60));
	}
	free(p);
}

int main(int argc, char **argv)
{
	const char *mode = "sn", *gw = "127.0.0.1:1884";
	struct run r = { .qos = 1, .ndev = 1, .nmsg = 1000, .window = 100 };
	int bport = 1883, size = 16, o, rc, fail;
	atomic_int subscribed = 0;
	struct mosquitto *sub;
	long long t0 = 0, t1, last;
	char *payload, filter[40];
	long want, got, quiet;

	while ((o = getopt(argc, argv, "M:q:g:p:n:m:s:w:W:")) != -1) {
		switch (o) {
		case 'W':
			wire(atoi(optarg) > 0 && atoi(optarg) <= 1000 ? atoi(optarg) : 16);
			return 0;
		case 'M':
			mode = optarg;
			break;
		case 'q':
			r.qos = atoi(optarg);
			break;
		case 'g':
			gw = optarg;
			break;
		case 'p':
			bport = atoi(optarg);
			break;
		case 'n':
			r.ndev = atoi(optarg);
			break;
		case 'm':
			r.nmsg = atoi(optarg);
			break;
		case 's':
			size = atoi(optarg);
			break;
		case 'w':
			r.window = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if ((strcmp(mode, "sn") && strcmp(mode, "mqtt")) || r.qos < 0 || r.qos > 2 ||
	    r.ndev < 1 || r.ndev > 1000 || r.nmsg < 1 || r.nmsg > 65000 ||
	    size < 1 || size > 1000 || r.window < 1) {
		fprintf(stderr, "usage: snbench -M sn|mqtt -q 0|1|2 -g ADDR:PORT -p PORT "
			"-n DEVICES -m MSGS -s BYTES [-w WINDOW] | -W BYTES\n");
		return 2;
	}
	payload = malloc(size + 1);
	memset(payload, 'x', size);
	payload[size] = '\0';
	r.payload = payload;
	snprintf(r.prefix, sizeof(r.prefix), "bench/%d", getpid());
	snprintf(filter, sizeof(filter), "%s/#", r.prefix);
	mosquitto_lib_init();
	sub = mosquitto_new(NULL, true, &subscribed);
	mosquitto_message_callback_set(sub, on_msg);
	mosquitto_subscribe_callback_set(sub, on_sub);
	if (mosquitto_connect(sub, "127.0.0.1", bport, 60) || mosquitto_loop_start(sub)) {
		fprintf(stderr, "snbench: cannot reach the broker on port %d\n", bport);
		return 1;
	}
	mosquitto_subscribe(sub, NULL, filter, r.qos);
	while (!atomic_load(&subscribed))
		usleep(1000);
	want = (long)r.ndev * r.nmsg;
	rc = !strcmp(mode, "sn") ? run_sn(&r, gw, &t0) : run_mqtt(&r, bport, &t0);
	if (rc) {
		fprintf(stderr, "snbench: %s qos %d run failed\n", mode, r.qos);
		return 1;
	}
	/* wait for every arrival; at QoS 0 stop after 1 s without one */
	last = got = 0;
	for (quiet = 0; (got = atomic_load(&received)) < want; usleep(200)) {
		if (mono_ns() - t0 > 60000000000LL)
			break;
		if (got != last) {
			last = got;
			quiet = 0;
		} else if (r.qos == 0 && ++quiet > 5000) {
			break;
		}
	}
	t1 = atomic_load(&last_ns);
	if (t1 <= t0)
		t1 = mono_ns();
	/* a QoS 0 loss is a figure; a QoS 1/2 loss is a failure */
	fail = r.qos && got < want;
	printf("%s qos=%d devices=%d messages=%ld received=%ld lost=%ld seconds=%.3f rate=%.0f\n",
	       mode, r.qos, r.ndev, want, got, want > got ? want - got : 0,
	       (t1 - t0) / 1e9, got / ((t1 - t0) / 1e9));
	fflush(stdout);
	_exit(fail);
}
