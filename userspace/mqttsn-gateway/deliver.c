// SPDX-License-Identifier: GPL-2.0
/*
 * Gateway -> device delivery. Each client has a FIFO of messages and at most
 * one in flight: REGISTER/REGACK first when the device does not know the topic
 * yet, then PUBLISH with the QoS flow (PUBACK, or PUBREC/PUBREL/PUBCOMP),
 * retried every retry_interval up to retry_count times. Sleeping clients keep
 * their FIFO until they wake up with PINGREQ; once it is empty they get
 * PINGRESP and go back to sleep.
 */
#include <stdlib.h>
#include <string.h>

#include "lmesh/log.h"
#include "gw.h"

static void out_free(struct gw_out *o)
{
	free(o->topic);
	free(o->payload);
	free(o);
}

static void out_pop(struct gw_client *c)
{
	struct gw_out *o = c->outq;

	if (!o)
		return;
	c->outq = o->next;
	if (!c->outq)
		c->outq_tail = &c->outq;
	c->outq_len--;
	out_free(o);
	c->out_state = GW_OUT_IDLE;
	c->out_retries = 0;
}

void gw_out_flush(struct gw_client *c)
{
	while (c->outq)
		out_pop(c);
	c->out_state = GW_OUT_IDLE;
}

void gw_enqueue(struct gw *gw, struct gw_client *c, const char *topic,
		const void *payload, size_t len, int qos, bool retain)
{
	struct gw_out *o;

	if (c->outq_len >= (size_t)gw->conf.max_queue) {
		/* drop the oldest not yet in flight, else this one */
		if (c->out_state == GW_OUT_IDLE) {
			out_pop(c);
		} else {
			gw_drop(gw, GW_DROP_QUEUE_FULL);
			c->st.dropped++;
			return;
		}
		gw_drop(gw, GW_DROP_QUEUE_FULL);
		c->st.dropped++;
	}
	o = calloc(1, sizeof(*o));
	if (!o)
		return;
	o->topic = strdup(topic);
	o->payload = malloc(len ? len : 1);
	if (!o->topic || !o->payload) {
		out_free(o);
		return;
	}
	memcpy(o->payload, payload, len);
	o->len = len;
	o->qos = qos;
	o->retain = retain;
	*c->outq_tail = o;
	c->outq_tail = &o->next;
	c->outq_len++;
}

static uint16_t new_msgid(struct gw_client *c)
{
	uint16_t id = c->next_msgid++;

	if (!c->next_msgid)
		c->next_msgid = 1;
	return id ? id : new_msgid(c);
}

static void send_register(struct gw *gw, struct gw_client *c)
{
	struct mqttsn_msg m = { .type = MQTTSN_REGISTER, .topic_id = c->out_tid,
				.msg_id = c->out_msgid };

	m.data = (const uint8_t *)c->outq->topic;
	m.data_len = strlen(c->outq->topic);
	gw_send(gw, &c->addr, &m);
}

static void send_publish(struct gw *gw, struct gw_client *c, bool dup)
{
	struct gw_out *o = c->outq;
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .topic_id = c->out_tid,
				.data = o->payload, .data_len = o->len };

	m.flags = mqttsn_qos_flags(o->qos) | c->out_tid_type |
		  (o->retain ? MQTTSN_FLAG_RETAIN : 0) | (dup ? MQTTSN_FLAG_DUP : 0);
	m.msg_id = o->qos > 0 ? c->out_msgid : 0;
	gw_send(gw, &c->addr, &m);
	c->st.publish_out++;
}

static void send_pubrel(struct gw *gw, struct gw_client *c)
{
	struct mqttsn_msg m = { .type = MQTTSN_PUBREL, .msg_id = c->out_msgid };

	gw_send(gw, &c->addr, &m);
}

/* Head of the queue: choose its topic id, then REGISTER or PUBLISH. */
static void start_head(struct gw *gw, struct gw_client *c)
{
	struct gw_out *o = c->outq;
	struct gw_reg *r;
	int pid;

	c->out_retries = 0;
	c->out_msgid = new_msgid(c);
	c->out_deadline = gw->now + gw->conf.retry_ms;
	pid = gw_predef_id(gw, o->topic);
	if (pid >= 0) {
		c->out_tid_type = MQTTSN_TID_PREDEFINED;
		c->out_tid = (uint16_t)pid;
	} else if (strlen(o->topic) == 2) {
		c->out_tid_type = MQTTSN_TID_SHORT;
		c->out_tid = (uint16_t)((uint8_t)o->topic[0] << 8 | (uint8_t)o->topic[1]);
	} else {
		c->out_tid_type = MQTTSN_TID_NORMAL;
		r = gw_reg_by_topic(c, o->topic);
		if (!r) {
			r = gw_reg_add(c, o->topic, 0);
			if (!r) {
				gw_drop(gw, GW_DROP_QUEUE_FULL);
				c->st.dropped++;
				out_pop(c);
				return;
			}
			gw_state_dirty(gw);
			c->out_tid = r->id;
			c->out_state = GW_OUT_WAIT_REGACK;
			send_register(gw, c);
			return;
		}
		c->out_tid = r->id;
	}
	send_publish(gw, c, false);
	switch (o->qos) {
	case 1:
		c->out_state = GW_OUT_WAIT_PUBACK;
		break;
	case 2:
		c->out_state = GW_OUT_WAIT_PUBREC;
		break;
	default:
		out_pop(c);
	}
}

void gw_pump(struct gw *gw, struct gw_client *c)
{
	if ((c->state != GW_CS_ACTIVE && c->state != GW_CS_AWAKE) ||
	    c->phase != GW_PH_NONE)
		return;
	while (c->out_state == GW_OUT_IDLE && c->outq)
		start_head(gw, c);
	if (c->state == GW_CS_AWAKE && !c->outq && c->out_state == GW_OUT_IDLE) {
		struct mqttsn_msg m = { .type = MQTTSN_PINGRESP };

		gw_send(gw, &c->addr, &m);
		c->state = GW_CS_ASLEEP;
	}
}

/* REGACK, PUBACK, PUBREC, PUBCOMP from the device for our in-flight message. */
void gw_out_ack(struct gw *gw, struct gw_client *c, const struct mqttsn_msg *m)
{
	if (!c->outq || m->msg_id != c->out_msgid) {
		gw_drop(gw, GW_DROP_UNEXPECTED);
		return;
	}
	switch (m->type) {
	case MQTTSN_REGACK:
		if (c->out_state != GW_OUT_WAIT_REGACK)
			goto unexpected;
		if (m->rc != MQTTSN_RC_ACCEPTED) {
			lm_info("client %s refused topic %s (rc %d)", c->id,
				c->outq->topic, m->rc);
			c->st.dropped++;
			out_pop(c);
			break;
		}
		c->out_deadline = gw->now + gw->conf.retry_ms;
		c->out_retries = 0;
		send_publish(gw, c, false);
		if (c->outq->qos == 1)
			c->out_state = GW_OUT_WAIT_PUBACK;
		else if (c->outq->qos == 2)
			c->out_state = GW_OUT_WAIT_PUBREC;
		else
			out_pop(c);
		break;
	case MQTTSN_PUBACK:
		if (c->out_state != GW_OUT_WAIT_PUBACK && c->out_state != GW_OUT_WAIT_PUBREC)
			goto unexpected;
		if (m->rc == MQTTSN_RC_INVALID_TOPIC && c->out_tid_type == MQTTSN_TID_NORMAL) {
			/* the device forgot the id: register again */
			struct gw_reg *r = gw_reg_by_id(c, c->out_tid);

			if (r && c->out_retries < gw->conf.retry_count) {
				c->out_retries++;
				c->out_state = GW_OUT_WAIT_REGACK;
				c->out_deadline = gw->now + gw->conf.retry_ms;
				send_register(gw, c);
				return;
			}
		}
		if (m->rc != MQTTSN_RC_ACCEPTED)
			c->st.dropped++;
		out_pop(c);
		break;
	case MQTTSN_PUBREC:
		if (c->out_state != GW_OUT_WAIT_PUBREC && c->out_state != GW_OUT_WAIT_PUBCOMP)
			goto unexpected;
		c->out_state = GW_OUT_WAIT_PUBCOMP;
		c->out_deadline = gw->now + gw->conf.retry_ms;
		c->out_retries = 0;
		send_pubrel(gw, c);
		break;
	case MQTTSN_PUBCOMP:
		if (c->out_state != GW_OUT_WAIT_PUBCOMP)
			goto unexpected;
		out_pop(c);
		break;
	default:
		goto unexpected;
	}
	gw_pump(gw, c);
	return;
unexpected:
	gw_drop(gw, GW_DROP_UNEXPECTED);
}

void gw_out_tick(struct gw *gw, struct gw_client *c)
{
	if (c->out_state == GW_OUT_IDLE || gw->now < c->out_deadline)
		return;
	if (c->out_retries >= gw->conf.retry_count) {
		lm_info("client %s: no answer after %d retries, message dropped",
			c->id, c->out_retries);
		gw_drop(gw, GW_DROP_RETRIES);
		c->st.dropped++;
		out_pop(c);
		gw_pump(gw, c);
		return;
	}
	c->out_retries++;
	c->out_deadline = gw->now + gw->conf.retry_ms;
	switch (c->out_state) {
	case GW_OUT_WAIT_REGACK:
		send_register(gw, c);
		break;
	case GW_OUT_WAIT_PUBACK:
	case GW_OUT_WAIT_PUBREC:
		send_publish(gw, c, true);
		break;
	case GW_OUT_WAIT_PUBCOMP:
		send_pubrel(gw, c);
		break;
	default:
		break;
	}
}
