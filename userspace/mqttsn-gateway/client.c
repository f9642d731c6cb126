// SPDX-License-Identifier: GPL-2.0
/* Client table: sessions, registrations, subscriptions, wills, timers. */
#include <stdlib.h>
#include <string.h>

#include "lmesh/log.h"
#include "lmesh/topic.h"
#include "gw.h"

const char *gw_cstate_name(enum gw_cstate s)
{
	static const char *const n[] = {
		[GW_CS_DISCONNECTED] = "disconnected", [GW_CS_ACTIVE] = "active",
		[GW_CS_ASLEEP] = "asleep", [GW_CS_AWAKE] = "awake",
		[GW_CS_LOST] = "lost",
	};

	return n[s];
}

struct gw_client *gw_client_by_addr(struct gw *gw, const struct gw_addr *a)
{
	struct gw_client *c;

	for (c = gw->clients; c; c = c->next)
		if (c->has_addr && gw_addr_eq(&c->addr, a))
			return c;
	return NULL;
}

struct gw_client *gw_client_by_id(struct gw *gw, const char *id, size_t len)
{
	struct gw_client *c;

	for (c = gw->clients; c; c = c->next)
		if (strlen(c->id) == len && !memcmp(c->id, id, len))
			return c;
	return NULL;
}

/*
 * Table full: forget the session of a client that is gone (disconnected or
 * lost), clean sessions first. Active and sleeping clients are never evicted.
 */
static bool evict_one(struct gw *gw)
{
	struct gw_client *c, *victim = NULL;

	for (c = gw->clients; c; c = c->next) {
		if (c->state != GW_CS_DISCONNECTED && c->state != GW_CS_LOST)
			continue;
		if (!victim || (c->clean && !victim->clean))
			victim = c;
	}
	if (!victim)
		return false;
	lm_info("client table full: forgetting client %s", victim->id);
	gw_client_free(gw, victim);
	gw_state_dirty(gw);
	return true;
}

struct gw_client *gw_client_new(struct gw *gw, const char *id, size_t len)
{
	struct gw_client *c;

	if (len > GW_CLIENTID_MAX)
		return NULL;
	if (gw->nclients >= gw->conf.max_clients && !evict_one(gw))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	memcpy(c->id, id, len);
	c->outq_tail = &c->outq;
	c->next_tid = 1;
	c->next_msgid = 1;
	c->next = gw->clients;
	gw->clients = c;
	gw->nclients++;
	return c;
}

void gw_client_clear_will(struct gw_client *c)
{
	free(c->will_topic);
	free(c->will_msg);
	c->will_topic = NULL;
	c->will_msg = NULL;
	c->will_len = 0;
}

void gw_client_set_will(struct gw_client *c, const char *topic, size_t tlen,
			int qos, bool retain)
{
	char *t = malloc(tlen + 1);

	if (!t)
		return;
	memcpy(t, topic, tlen);
	t[tlen] = '\0';
	free(c->will_topic);
	c->will_topic = t;
	c->will_qos = qos < 0 ? 0 : qos;
	c->will_retain = retain;
}

void gw_client_clear_session(struct gw *gw, struct gw_client *c)
{
	struct gw_reg *r, *nr;

	for (r = c->regs; r; r = nr) {
		nr = r->next;
		free(r->topic);
		free(r);
	}
	c->regs = NULL;
	c->nregs = 0;
	c->next_tid = 1;
	while (c->subs)
		gw_sub_del(gw, c, c->subs->filter);
	gw_out_flush(c);
	c->nqos2 = 0;
}

void gw_client_free(struct gw *gw, struct gw_client *c)
{
	struct gw_client **pp;

	for (pp = &gw->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	gw_client_clear_session(gw, c);
	gw_client_clear_will(c);
	gw->nclients--;
	free(c);
}

struct gw_reg *gw_reg_by_id(struct gw_client *c, uint16_t id)
{
	struct gw_reg *r;

	for (r = c->regs; r; r = r->next)
		if (r->id == id)
			return r;
	return NULL;
}

struct gw_reg *gw_reg_by_topic(struct gw_client *c, const char *topic)
{
	struct gw_reg *r;

	for (r = c->regs; r; r = r->next)
		if (!strcmp(r->topic, topic))
			return r;
	return NULL;
}

/* Register @topic; @id 0 allocates a free one. */
struct gw_reg *gw_reg_add(struct gw_client *c, const char *topic, uint16_t id)
{
	struct gw_reg *r = gw_reg_by_topic(c, topic);
	int tries;

	if (r)
		return r;
	if (c->nregs >= GW_MAX_REGS)
		return NULL;
	if (!id) {
		for (tries = 0; tries < 65535; tries++) {
			id = c->next_tid++;
			if (!c->next_tid || c->next_tid == 0xffff)
				c->next_tid = 1;
			if (id && id != 0xffff && !gw_reg_by_id(c, id))
				break;
		}
	} else if (gw_reg_by_id(c, id)) {
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->topic = strdup(topic);
	if (!r || !r->topic) {
		free(r);
		return NULL;
	}
	r->id = id;
	r->next = c->regs;
	c->regs = r;
	c->nregs++;
	return r;
}

struct gw_sub *gw_sub_find(struct gw_client *c, const char *filter)
{
	struct gw_sub *s;

	for (s = c->subs; s; s = s->next)
		if (!strcmp(s->filter, filter))
			return s;
	return NULL;
}

struct gw_sub *gw_sub_add(struct gw *gw, struct gw_client *c, const char *filter,
			  int qos, uint8_t tid_type, uint16_t tid, bool *created)
{
	struct gw_sub *s = gw_sub_find(c, filter);

	*created = false;
	if (s) {
		s->qos = qos;
		s->tid_type = tid_type;
		s->topic_id = tid;
		return s;
	}
	if (c->nsubs >= GW_MAX_SUBS)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s)
		s->filter = strdup(filter);
	if (!s || !s->filter) {
		free(s);
		return NULL;
	}
	if (gw_up_subscribe(gw, filter, qos)) {
		free(s->filter);
		free(s);
		return NULL;
	}
	s->qos = qos;
	s->tid_type = tid_type;
	s->topic_id = tid;
	s->next = c->subs;
	c->subs = s;
	c->nsubs++;
	*created = true;
	return s;
}

int gw_sub_del(struct gw *gw, struct gw_client *c, const char *filter)
{
	struct gw_sub **pp, *s;

	for (pp = &c->subs; (s = *pp); pp = &s->next) {
		if (strcmp(s->filter, filter))
			continue;
		*pp = s->next;
		gw_up_unsubscribe(gw, s->filter);
		free(s->filter);
		free(s);
		c->nsubs--;
		return 0;
	}
	return -1;
}

/* Keep-alive or sleep timer expired: publish the will, stop delivering. */
void gw_client_lost(struct gw *gw, struct gw_client *c, const char *why)
{
	lm_notice("client %s lost (%s)", c->id, why);
	gw->st.lost++;
	if (c->will_topic) {
		lm_info("client %s: publishing will to %s", c->id, c->will_topic);
		gw_publish_up(gw, c->will_topic, c->will_msg, c->will_len,
			      c->will_qos, c->will_retain);
		c->st.wills++;
		gw->st.wills++;
	}
	c->state = GW_CS_LOST;
	c->phase = GW_PH_NONE;
	c->out_state = GW_OUT_IDLE;
	if (c->clean)
		gw_client_clear_session(gw, c);
	gw_state_dirty(gw);
}

void gw_clients_tick(struct gw *gw)
{
	struct gw_client *c;

	for (c = gw->clients; c; c = c->next) {
		uint64_t limit;

		switch (c->state) {
		case GW_CS_ACTIVE:
			limit = c->keepalive_s * 1500ULL;
			if (c->keepalive_s && gw->now - c->last_rx > limit)
				gw_client_lost(gw, c, "keep-alive timeout");
			else
				gw_out_tick(gw, c);
			break;
		case GW_CS_AWAKE:
			gw_out_tick(gw, c);
			/* the sleep timer keeps running */
			fallthrough;
		case GW_CS_ASLEEP:
			limit = c->sleep_s * 1500ULL;
			if (c->sleep_s && gw->now - c->last_rx > limit)
				gw_client_lost(gw, c, "sleep timer expired");
			break;
		default:
			break;
		}
	}
}
