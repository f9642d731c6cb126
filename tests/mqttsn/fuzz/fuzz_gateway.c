// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole gateway state machine (handlers, delivery,
 * sleeping clients, wills, rules, retained cache) fed with datagrams from four
 * peer addresses and messages "from the broker", with a virtual clock. The
 * upstream is a stub; replies go to a socket that discards them.
 *
 * Record: [peer/kind 1][time step 1][len 1][len bytes]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "lmesh/rules.h"
#include "gw.h"

static int sink_fd = -1;

static void setup(struct gw *gw)
{
	static const char *const topics[] = { "pre/one", "pre/two", "ab" };
	struct lm_rule_spec r1 = { .pattern = "t/#", .deadband_kind = LM_DEADBAND_ABS,
				   .deadband = 1, .min_interval_ms = 500,
				   .max_interval_ms = 2000 };
	struct lm_rule_spec r2 = { .pattern = "g/#", .aggregate_ms = 1000 };
	struct lm_rule_spec r3 = { .pattern = "#", .has_alert_above = true,
				   .alert_above = 5, .alert_topic = "alert" };
	int i;

	if (sink_fd < 0) {
		int sv[2];

		lm_log_init("fuzz", LM_LOG_ERR, false);
		socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
		close(sv[1]);
		sink_fd = sv[0];
	}
	memset(gw, 0, sizeof(*gw));
	gw->stats_fd = -1;
	gw->nsocks = 1;
	gw->socks[0] = sink_fd;
	gw->family[0] = AF_INET;
	gw->conf.gw_id = 1;
	gw->conf.retry_ms = 300;
	gw->conf.retry_count = 2;
	gw->conf.max_clients = 3;
	gw->conf.max_queue = 4;
	gw->conf.max_clientid = 64;
	gw->conf.advertise_ms = 1000;
	gw->conf.topic_prefix = strdup("p/");
	gw->rules = lm_rules_new();
	lm_rules_add(gw->rules, &r1, NULL, 0);
	lm_rules_add(gw->rules, &r2, NULL, 0);
	lm_rules_add(gw->rules, &r3, NULL, 0);
	for (i = 0; i < 3; i++) {
		struct gw_predef *p = calloc(1, sizeof(*p));

		p->id = (uint16_t)(i + 1);
		p->topic = strdup(topics[i]);
		p->next = gw->predef;
		gw->predef = p;
	}
}

static void teardown(struct gw *gw)
{
	struct gw_predef *p, *n;

	while (gw->clients)
		gw_client_free(gw, gw->clients);
	for (p = gw->predef; p; p = n) {
		n = p->next;
		free(p->topic);
		free(p);
	}
	gw_retained_free(gw);
	gw_subacks_tick(gw, true);
	lm_rules_free(gw->rules);
	free(gw->conf.topic_prefix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw gw;
	struct gw_addr peers[4];
	size_t i = 0;
	int k;

	setup(&gw);
	for (k = 0; k < 4; k++) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&peers[k].ss;

		memset(&peers[k], 0, sizeof(peers[k]));
		sin->sin_family = AF_INET;
		sin->sin_port = htons(10000 + k);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		peers[k].len = sizeof(*sin);
	}
	gw.now = 1000000;
	while (i + 3 <= size) {
		uint8_t sel = data[i], step = data[i + 1];
		size_t len = data[i + 2];
		const uint8_t *p = data + i + 3;

		if (len > size - i - 3)
			len = size - i - 3;
		i += 3 + len;
		gw.now += step * 20;
		if (sel & 0x80) {
			/* from the broker: "topic\0payload", or a SUBACK */
			const uint8_t *z = memchr(p, 0, len);
			char topic[64];

			if (sel & 0x40) {
				gw_bridge_subscribed(&gw, sel & 0x3f);
			} else if (z && z - p < 62) {
				snprintf(topic, sizeof(topic), "p/%.*s", (int)(z - p),
					 (const char *)p);
				gw_bridge_message(&gw, topic, z + 1, len - (z + 1 - p),
						  sel & 3 ? (sel & 3) - 1 : 0, sel & 4);
			}
		} else {
			gw_handle(&gw, &peers[sel & 3], p, len);
		}
		gw_rules_tick(&gw);
		gw_subacks_tick(&gw, false);
		gw_clients_tick(&gw);
	}
	teardown(&gw);
	return 0;
}
