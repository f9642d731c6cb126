// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge between devices and the one upstream MQTT connection: topic
 * mapping (device topic T <-> upstream topic_prefix + T), edge rules on the
 * way up, fan-out to subscribed devices on the way down, retained cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/log.h"
#include "lmesh/rules.h"
#include "lmesh/topic.h"
#include "lmesh/upstream.h"
#include "gw.h"

static char *up_topic(struct gw *gw, const char *topic)
{
	size_t pl = strlen(gw->conf.topic_prefix), tl = strlen(topic);
	char *s = malloc(pl + tl + 1);

	if (!s)
		return NULL;
	memcpy(s, gw->conf.topic_prefix, pl);
	memcpy(s + pl, topic, tl + 1);
	return s;
}

static void retained_set(struct gw *gw, const char *topic, const void *payload,
			 size_t len)
{
	struct gw_retained **pp, *r;

	for (pp = &gw->retained; (r = *pp); pp = &r->next)
		if (!strcmp(r->topic, topic))
			break;
	if (r && !len) {		/* empty retained message clears it */
		*pp = r->next;
		free(r->topic);
		free(r->payload);
		free(r);
		gw->nretained--;
		return;
	}
	if (!len)
		return;
	if (!r) {
		if (gw->nretained >= GW_MAX_RETAINED)
			return;
		r = calloc(1, sizeof(*r));
		if (r)
			r->topic = strdup(topic);
		if (!r || !r->topic) {
			free(r);
			return;
		}
		r->next = gw->retained;
		gw->retained = r;
		gw->nretained++;
	}
	free(r->payload);
	r->payload = malloc(len);
	r->len = r->payload ? len : 0;
	if (r->payload)
		memcpy(r->payload, payload, len);
}

void gw_retained_free(struct gw *gw)
{
	struct gw_retained *r, *n;

	for (r = gw->retained; r; r = n) {
		n = r->next;
		free(r->topic);
		free(r->payload);
		free(r);
	}
	gw->retained = NULL;
	gw->nretained = 0;
}

void gw_retained_deliver(struct gw *gw, struct gw_client *c, struct gw_sub *s)
{
	struct gw_retained *r;

	for (r = gw->retained; r; r = r->next)
		if (lm_topic_match(s->filter, r->topic))
			gw_enqueue(gw, c, r->topic, r->payload, r->len, s->qos, true);
}

static void emit_up(void *ctx, const struct lm_rule_out *o)
{
	struct gw *gw = ctx;
	char *t = up_topic(gw, o->topic);

	if (!t)
		return;
	if (lm_upstream_publish(gw->up, t, o->payload, o->len, o->qos, o->retain))
		gw_drop(gw, GW_DROP_UPSTREAM);
	free(t);
}

int gw_publish_up(struct gw *gw, const char *topic, const void *payload,
		  size_t len, int qos, bool retain)
{
	char *t;
	int rc;

	if (retain)
		retained_set(gw, topic, payload, len);
	if (lm_rules_input(gw->rules, topic, payload, len, qos, retain, gw->now,
			   emit_up, gw) == LM_RULE_HANDLED)
		return 0;
	t = up_topic(gw, topic);
	if (!t)
		return -1;
	rc = lm_upstream_publish(gw->up, t, payload, len, qos, retain);
	if (rc)
		gw_drop(gw, GW_DROP_UPSTREAM);
	free(t);
	return rc;
}

void gw_rules_tick(struct gw *gw)
{
	lm_rules_tick(gw->rules, gw->now, emit_up, gw);
}

void gw_bridge_message(void *ctx, const char *topic, const void *payload,
		       size_t len, int qos, bool retain)
{
	struct gw *gw = ctx;
	size_t pl = strlen(gw->conf.topic_prefix);
	struct gw_client *c;

	if (strncmp(topic, gw->conf.topic_prefix, pl) || !topic[pl])
		return;
	topic += pl;
	if (retain)
		retained_set(gw, topic, payload, len);
	for (c = gw->clients; c; c = c->next) {
		struct gw_sub *s, *best = NULL;

		/*
		 * Persistent sessions (clean = 0) of devices that are gone keep
		 * their QoS 1/2 messages for the next CONNECT, like MQTT.
		 */
		bool gone = c->state == GW_CS_DISCONNECTED || c->state == GW_CS_LOST;
		int q;

		if (gone && (c->clean || qos == 0))
			continue;
		for (s = c->subs; s; s = s->next) {
			if (!lm_topic_match(s->filter, topic))
				continue;
			/* a retained replay belongs to subscriptions just made */
			if (retain && gw->now > s->fresh_until)
				continue;
			if (!best || s->qos > best->qos)
				best = s;
		}
		if (!best)
			continue;
		q = qos < best->qos ? qos : best->qos;
		if (gone && q == 0)
			continue;
		gw_enqueue(gw, c, topic, payload, len, q, retain);
		gw_pump(gw, c);
	}
}

int gw_up_subscribe(struct gw *gw, const char *filter, int qos)
{
	char *t = up_topic(gw, filter);
	int rc;

	if (!t)
		return -1;
	rc = lm_upstream_subscribe(gw->up, t, qos, &gw->last_sub_mid);
	free(t);
	return rc;
}

void gw_up_unsubscribe(struct gw *gw, const char *filter)
{
	char *t = up_topic(gw, filter);

	if (!t)
		return;
	lm_upstream_unsubscribe(gw->up, t);
	free(t);
}

bool gw_up_known(struct gw *gw, const char *filter)
{
	char *t = up_topic(gw, filter);
	bool known;

	if (!t)
		return false;
	known = lm_upstream_subscribed(gw->up, t) > 0;
	free(t);
	return known;
}

static void suback_send(struct gw *gw, struct gw_pending_suback *p)
{
	struct gw_client *c = gw_client_by_id(gw, p->client, strlen(p->client));

	if (c && c->has_addr && c->state != GW_CS_DISCONNECTED && c->state != GW_CS_LOST) {
		gw_send(gw, &c->addr, &p->ack);
		c->st.tx++;
		gw_pump(gw, c);
	}
}

void gw_bridge_subscribed(void *ctx, int mid)
{
	struct gw *gw = ctx;
	struct gw_pending_suback **pp, *p;

	for (pp = &gw->subacks; (p = *pp);) {
		if (p->mid != mid) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		suback_send(gw, p);
		free(p);
	}
}

/* Answer the SUBSCRIBEs whose upstream acknowledgement is overdue (or all). */
void gw_subacks_tick(struct gw *gw, bool all)
{
	struct gw_pending_suback **pp, *p;

	for (pp = &gw->subacks; (p = *pp);) {
		if (!all && gw->now < p->deadline) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		if (!all)
			suback_send(gw, p);
		free(p);
	}
}
