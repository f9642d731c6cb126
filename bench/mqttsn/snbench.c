// SPDX-License-Identifier: GPL-2.0
/*
 * snbench: publishes per second from N devices to an MQTT broker, either as
 * MQTT-SN over UDP through mqttsn-gateway ("sn") or as MQTT over TCP straight
 * to the broker ("mqtt", the baseline). Each device keeps one QoS 1 message
 * in flight. A subscriber on the broker counts arrivals; the clock runs from
 * the first publish to the last arrival. Prints, never asserts.
 *
 *   snbench -M sn|mqtt -g GWADDR:PORT -p BROKERPORT -n DEVICES -m MSGS -s BYTES
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_msg(struct mosquitto *m, void *o, const struct mosquitto_message *msg)
{
	(void)m;
	(void)o;
	(void)msg;
	atomic_fetch_add(&received, 1);
}

static void on_sub(struct mosquitto *m, void *o, int mid, int n, const int *g)
{
	(void)m;
	(void)mid;
	(void)n;
	(void)g;
	*(volatile int *)o = 1;
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

static int run_sn(const char *gw, int ndev, int nmsg, const char *payload)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *res;
	char host[64], *port;
	int *fd = calloc(ndev, sizeof(int)), *sent = calloc(ndev, sizeof(int));
	uint16_t *tid = calloc(ndev, sizeof(uint16_t));
	struct pollfd *pfd = calloc(ndev, sizeof(*pfd));
	uint8_t buf[2048];
	int i, done = 0;

	snprintf(host, sizeof(host), "%s", gw);
	port = strrchr(host, ':');
	*port++ = '\0';
	if (getaddrinfo(host, port, &hints, &res))
		return -1;
	for (i = 0; i < ndev; i++) {
		struct mqttsn_msg m = { .type = MQTTSN_CONNECT, .flags = MQTTSN_FLAG_CLEAN,
					.duration = 60 }, r;
		char id[24], topic[64];

		fd[i] = socket(res->ai_family, SOCK_DGRAM, 0);
		connect(fd[i], res->ai_addr, res->ai_addrlen);
		snprintf(id, sizeof(id), "bench-%d", i);
		m.data = (uint8_t *)id;
		m.data_len = strlen(id);
		if (snd(fd[i], &m) || rcv(fd[i], &r, buf, 3000) || r.type != MQTTSN_CONNACK)
			return -1;
		snprintf(topic, sizeof(topic), "bench/sn/%d", i);
		m = (struct mqttsn_msg){ .type = MQTTSN_REGISTER, .msg_id = 1,
					 .data = (uint8_t *)topic, .data_len = strlen(topic) };
		if (snd(fd[i], &m) || rcv(fd[i], &r, buf, 3000) || r.type != MQTTSN_REGACK)
			return -1;
		tid[i] = r.topic_id;
		pfd[i] = (struct pollfd){ .fd = fd[i], .events = POLLIN };
	}
	freeaddrinfo(res);
	for (i = 0; i < ndev; i++) {
		struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .flags = mqttsn_qos_flags(1),
					.topic_id = tid[i], .msg_id = 1,
					.data = (const uint8_t *)payload,
					.data_len = strlen(payload) };

		snd(fd[i], &m);
		sent[i] = 1;
	}
	while (done < ndev) {
		if (poll(pfd, ndev, 5000) <= 0)
			return -1;
		for (i = 0; i < ndev; i++) {
			struct mqttsn_msg r;

			if (!(pfd[i].revents & POLLIN))
				continue;
			if (rcv(fd[i], &r, buf, 0) || r.type != MQTTSN_PUBACK)
				continue;
			if (sent[i] == nmsg) {
				done++;
				pfd[i].fd = -1;
				continue;
			}
			{
				struct mqttsn_msg m = { .type = MQTTSN_PUBLISH,
							.flags = mqttsn_qos_flags(1),
							.topic_id = tid[i],
							.msg_id = (uint16_t)(sent[i] + 1),
							.data = (const uint8_t *)payload,
							.data_len = strlen(payload) };

				snd(fd[i], &m);
				sent[i]++;
			}
		}
	}
	for (i = 0; i < ndev; i++) {
		struct mqttsn_msg m = { .type = MQTTSN_DISCONNECT };

		snd(fd[i], &m);
		close(fd[i]);
	}
	free(fd);
	free(sent);
	free(tid);
	free(pfd);
	return 0;
}

static int run_mqtt(int bport, int ndev, int nmsg, const char *payload)
{
	struct mosquitto **c = calloc(ndev, sizeof(*c));
	int i, j;

	for (i = 0; i < ndev; i++) {
		char id[32], topic[64];

		snprintf(id, sizeof(id), "bench-mqtt-%d", i);
		c[i] = mosquitto_new(id, true, NULL);
		mosquitto_max_inflight_messages_set(c[i], 1);
		if (mosquitto_connect(c[i], "127.0.0.1", bport, 60) || mosquitto_loop_start(c[i]))
			return -1;
		snprintf(topic, sizeof(topic), "bench/mqtt/%d", i);
		for (j = 0; j < nmsg; j++)
			mosquitto_publish(c[i], NULL, topic, strlen(payload), payload, 1, false);
	}
	return 0;
}

/* Bytes per QoS 1 publish (message plus its acknowledgement). */
static void wire(int size)
{
	const char *topic = "bench/sn/0";
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .flags = mqttsn_qos_flags(1),
				.topic_id = 1, .msg_id = 1 };
	uint8_t buf[2048], *p = malloc(size);
	size_t tl = strlen(topic), rl;
	long sn, snack, mq, mqack, rlbytes;

	memset(p, 'x', size);
	m.data = p;
	m.data_len = size;
	sn = mqttsn_build(&m, buf, sizeof(buf));
	snack = 7;				/* PUBACK */
	rl = 2 + tl + 2 + size;			/* MQTT 3.1.1 PUBLISH QoS 1 */
	rlbytes = rl < 128 ? 1 : rl < 16384 ? 2 : 3;
	mq = 1 + rlbytes + rl;
	mqack = 4;
	printf("wire payload=%d topic=%s mqttsn_publish=%ld mqttsn_puback=%ld "
	       "mqtt_publish=%ld mqtt_puback=%ld app_ratio=%.2f "
	       "with_ipv6_headers(udp+8,tcp+20,+40 each) mqttsn=%ld mqtt=%ld ratio=%.2f\n",
	       size, topic, sn, snack, mq, mqack, (double)(sn + snack) / (mq + mqack),
	       sn + snack + 2 * 48, mq + mqack + 2 * 60,
	       (double)(sn + snack + 96) / (mq + mqack + 120));
	free(p);
}

int main(int argc, char **argv)
{
	const char *mode = "sn", *gw = "127.0.0.1:1884";
	int bport = 1883, ndev = 1, nmsg = 1000, size = 16, o, subscribed = 0;
	struct mosquitto *sub;
	char *payload;
	double t0, t1;
	long want;

	while ((o = getopt(argc, argv, "M:g:p:n:m:s:W:")) != -1) {
		switch (o) {
		case 'W':
			wire(atoi(optarg) > 0 && atoi(optarg) <= 1000 ? atoi(optarg) : 16);
			return 0;
		case 'M':
			mode = optarg;
			break;
		case 'g':
			gw = optarg;
			break;
		case 'p':
			bport = atoi(optarg);
			break;
		case 'n':
			ndev = atoi(optarg);
			break;
		case 'm':
			nmsg = atoi(optarg);
			break;
		case 's':
			size = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (ndev < 1 || nmsg < 1 || nmsg > 65000 || size < 1 || size > 1000)
		return 2;
	payload = malloc(size + 1);
	memset(payload, 'x', size);
	payload[size] = '\0';
	mosquitto_lib_init();
	sub = mosquitto_new("bench-sub", true, &subscribed);
	mosquitto_message_callback_set(sub, on_msg);
	mosquitto_subscribe_callback_set(sub, on_sub);
	if (mosquitto_connect(sub, "127.0.0.1", bport, 60) || mosquitto_loop_start(sub)) {
		fprintf(stderr, "snbench: cannot reach the broker on port %d\n", bport);
		return 1;
	}
	mosquitto_subscribe(sub, NULL, "bench/#", 1);
	while (!subscribed)
		usleep(1000);
	want = (long)ndev * nmsg;
	t0 = now_s();
	if (!strcmp(mode, "sn") ? run_sn(gw, ndev, nmsg, payload) :
				   run_mqtt(bport, ndev, nmsg, payload)) {
		fprintf(stderr, "snbench: %s run failed\n", mode);
		return 1;
	}
	while (atomic_load(&received) < want && now_s() - t0 < 60)
		usleep(200);
	t1 = now_s();
	printf("%s devices=%d messages=%ld received=%ld seconds=%.3f rate=%.0f\n", mode,
	       ndev, want, atomic_load(&received), t1 - t0,
	       atomic_load(&received) / (t1 - t0));
	fflush(stdout);
	_exit(atomic_load(&received) >= want ? 0 : 1);
}
