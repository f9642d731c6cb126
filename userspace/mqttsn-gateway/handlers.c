// SPDX-License-Identifier: GPL-2.0
/* Device -> gateway: one handler per MQTT-SN message type. */
#include <stdlib.h>
#include <string.h>

#include "lmesh/log.h"
#include "lmesh/topic.h"
#include "gw.h"

struct rx {
	struct gw *gw;
	const struct gw_addr *from;
	struct gw_client *c;		/* client at this address, if any */
	const struct mqttsn_msg *m;
};

static void reply(struct rx *rx, const struct mqttsn_msg *m)
{
	gw_send(rx->gw, rx->from, m);
	if (rx->c)
		rx->c->st.tx++;
}

static void reply_rc(struct rx *rx, uint8_t type, uint8_t rc)
{
	struct mqttsn_msg m = { .type = type, .rc = rc };

	reply(rx, &m);
}

static void reply_disconnect(struct rx *rx)
{
	struct mqttsn_msg m = { .type = MQTTSN_DISCONNECT };

	reply(rx, &m);
}

static bool connected(const struct gw_client *c)
{
	return c && (c->state == GW_CS_ACTIVE || c->state == GW_CS_AWAKE) &&
	       c->phase == GW_PH_NONE;
}

/* NUL-terminated copy of a topic from the wire; NULL if it contains NUL. */
static char *wire_str(const uint8_t *p, size_t n)
{
	char *s;

	if (n > 1024 || memchr(p, '\0', n))
		return NULL;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Topic named by (type, id) for this client; short names written to @buf. */
static const char *resolve(struct gw *gw, struct gw_client *c, uint8_t type,
			   uint16_t id, char buf[3])
{
	struct gw_reg *r;

	switch (type) {
	case MQTTSN_TID_NORMAL:
		if (!c)
			return NULL;
		r = gw_reg_by_id(c, id);
		return r ? r->topic : NULL;
	case MQTTSN_TID_PREDEFINED:
		return gw_predef_topic(gw, id);
	case MQTTSN_TID_SHORT:
		buf[0] = (char)(id >> 8);
		buf[1] = (char)(id & 0xff);
		buf[2] = '\0';
		if (!buf[0] || !buf[1] || !lm_topic_name_valid(buf))
			return NULL;
		return buf;
	default:
		return NULL;
	}
}

static void send_connack(struct rx *rx, struct gw_client *c)
{
	struct gw *gw = rx->gw;

	c->phase = GW_PH_NONE;
	c->state = GW_CS_ACTIVE;
	gw_state_dirty(gw);	/* before the CONNACK: it waits for the save */
	reply_rc(rx, MQTTSN_CONNACK, MQTTSN_RC_ACCEPTED);
	lm_info("client %s connected (keepalive %us, clean %d, will %s)", c->id,
		c->keepalive_s, c->clean, c->will_topic ? c->will_topic : "none");
	gw_pump(gw, c);
}

static void on_connect(struct rx *rx)
{
	struct gw *gw = rx->gw;
	const struct mqttsn_msg *m = rx->m;
	struct gw_client *c, *old = rx->c;

	/* the spec says 23 bytes; real clients use more (Paho's sample: 33) */
	if (!m->data_len || m->data_len > (size_t)gw->conf.max_clientid ||
	    memchr(m->data, '\0', m->data_len)) {
		gw_drop(gw, GW_DROP_BAD_BODY);
		reply_rc(rx, MQTTSN_CONNACK, MQTTSN_RC_NOT_SUPPORTED);
		return;
	}
	c = gw_client_by_id(gw, (const char *)m->data, m->data_len);
	if (old && old != c) {
		/* a different client id from the same address: old session ends */
		old->has_addr = false;
		if (old->state != GW_CS_LOST)
			old->state = GW_CS_DISCONNECTED;
	}
	if (!c) {
		c = gw_client_new(gw, (const char *)m->data, m->data_len);
		if (!c) {
			gw_drop(gw, GW_DROP_TOO_MANY_CLIENTS);
			reply_rc(rx, MQTTSN_CONNACK, MQTTSN_RC_CONGESTION);
			return;
		}
	}
	rx->c = c;
	c->st.rx++;
	c->addr = *rx->from;
	c->has_addr = true;
	c->last_rx = gw->now;
	c->clean = m->flags & MQTTSN_FLAG_CLEAN;
	c->keepalive_s = m->duration;
	c->sleep_s = 0;
	if (c->clean)
		gw_client_clear_session(gw, c);
	c->out_state = GW_OUT_IDLE;	/* resend the head from scratch */
	gw_client_clear_will(c);
	if (m->flags & MQTTSN_FLAG_WILL) {
		c->state = GW_CS_ACTIVE;
		c->phase = GW_PH_WILLTOPIC;
		reply_rc(rx, MQTTSN_WILLTOPICREQ, 0);
		return;
	}
	send_connack(rx, c);
}

static void on_willtopic(struct rx *rx)
{
	struct gw_client *c = rx->c;
	const struct mqttsn_msg *m = rx->m;
	char *t;

	if (!c || c->phase != GW_PH_WILLTOPIC) {
		gw_drop(rx->gw, GW_DROP_UNEXPECTED);
		return;
	}
	if (!m->data_len) {
		send_connack(rx, c);	/* empty WILLTOPIC: no will after all */
		return;
	}
	t = wire_str(m->data, m->data_len);
	if (!t || !lm_topic_name_valid(t)) {
		free(t);
		gw_drop(rx->gw, GW_DROP_BAD_TOPIC_NAME);
		c->phase = GW_PH_NONE;
		c->state = GW_CS_DISCONNECTED;
		reply_rc(rx, MQTTSN_CONNACK, MQTTSN_RC_NOT_SUPPORTED);
		return;
	}
	gw_client_set_will(c, t, strlen(t), mqttsn_flags_qos(m->flags),
			   m->flags & MQTTSN_FLAG_RETAIN);
	free(t);
	c->phase = GW_PH_WILLMSG;
	reply_rc(rx, MQTTSN_WILLMSGREQ, 0);
}

static void on_willmsg(struct rx *rx)
{
	struct gw_client *c = rx->c;
	const struct mqttsn_msg *m = rx->m;

	if (!c || c->phase != GW_PH_WILLMSG) {
		gw_drop(rx->gw, GW_DROP_UNEXPECTED);
		return;
	}
	free(c->will_msg);
	c->will_msg = malloc(m->data_len ? m->data_len : 1);
	if (c->will_msg)
		memcpy(c->will_msg, m->data, m->data_len);
	c->will_len = c->will_msg ? m->data_len : 0;
	send_connack(rx, c);
}

static void on_willtopicupd(struct rx *rx)
{
	struct gw_client *c = rx->c;
	const struct mqttsn_msg *m = rx->m;
	char *t;

	if (!m->data_len) {
		gw_client_clear_will(c);
		gw_state_dirty(rx->gw);
		reply_rc(rx, MQTTSN_WILLTOPICRESP, MQTTSN_RC_ACCEPTED);
		return;
	}
	t = wire_str(m->data, m->data_len);
	if (!t || !lm_topic_name_valid(t)) {
		free(t);
		gw_drop(rx->gw, GW_DROP_BAD_TOPIC_NAME);
		reply_rc(rx, MQTTSN_WILLTOPICRESP, MQTTSN_RC_NOT_SUPPORTED);
		return;
	}
	gw_client_set_will(c, t, strlen(t), mqttsn_flags_qos(m->flags),
			   m->flags & MQTTSN_FLAG_RETAIN);
	free(t);
	gw_state_dirty(rx->gw);
	reply_rc(rx, MQTTSN_WILLTOPICRESP, MQTTSN_RC_ACCEPTED);
}

static void on_willmsgupd(struct rx *rx)
{
	struct gw_client *c = rx->c;
	const struct mqttsn_msg *m = rx->m;
	uint8_t *p = malloc(m->data_len ? m->data_len : 1);

	if (!p)
		return;
	memcpy(p, m->data, m->data_len);
	free(c->will_msg);
	c->will_msg = p;
	c->will_len = m->data_len;
	gw_state_dirty(rx->gw);
	reply_rc(rx, MQTTSN_WILLMSGRESP, MQTTSN_RC_ACCEPTED);
}

static void on_register(struct rx *rx)
{
	const struct mqttsn_msg *m = rx->m;
	struct mqttsn_msg a = { .type = MQTTSN_REGACK, .msg_id = m->msg_id };
	struct gw_reg *r = NULL;
	char *t = wire_str(m->data, m->data_len);

	if (!t || !lm_topic_name_valid(t)) {
		gw_drop(rx->gw, GW_DROP_BAD_TOPIC_NAME);
		a.rc = MQTTSN_RC_NOT_SUPPORTED;
	} else {
		r = gw_reg_add(rx->c, t, 0);
		a.rc = r ? MQTTSN_RC_ACCEPTED : MQTTSN_RC_CONGESTION;
		a.topic_id = r ? r->id : 0;
		if (r)
			gw_state_dirty(rx->gw);
	}
	free(t);
	reply(rx, &a);
}

static bool qos2_seen(struct gw_client *c, uint16_t id)
{
	int i;

	for (i = 0; i < c->nqos2; i++)
		if (c->qos2_ids[i] == id)
			return true;
	return false;
}

static void qos2_add(struct gw_client *c, uint16_t id)
{
	if (c->nqos2 == GW_QOS2_IDS) {
		memmove(c->qos2_ids, c->qos2_ids + 1, (GW_QOS2_IDS - 1) * sizeof(uint16_t));
		c->nqos2--;
	}
	c->qos2_ids[c->nqos2++] = id;
}

static void qos2_del(struct gw_client *c, uint16_t id)
{
	int i;

	for (i = 0; i < c->nqos2; i++) {
		if (c->qos2_ids[i] == id) {
			memmove(c->qos2_ids + i, c->qos2_ids + i + 1,
				(c->nqos2 - i - 1) * sizeof(uint16_t));
			c->nqos2--;
			return;
		}
	}
}

static void on_publish(struct rx *rx)
{
	struct gw *gw = rx->gw;
	const struct mqttsn_msg *m = rx->m;
	struct gw_client *c = rx->c;
	int qos = mqttsn_flags_qos(m->flags);
	uint8_t tt = m->flags & MQTTSN_FLAG_TID_MASK;
	bool retain = m->flags & MQTTSN_FLAG_RETAIN;
	struct mqttsn_msg a = { .type = MQTTSN_PUBACK, .topic_id = m->topic_id,
				.msg_id = m->msg_id };
	const char *topic;
	char sbuf[3];

	if (qos == -1) {
		/* QoS -1: no connection, predefined or short topic, no answer */
		topic = tt == MQTTSN_TID_NORMAL ? NULL :
			resolve(gw, NULL, tt, m->topic_id, sbuf);
		if (!topic) {
			gw_drop(gw, GW_DROP_INVALID_TOPIC);
			return;
		}
		if (c)
			c->st.publish_in++;
		gw_publish_up(gw, topic, m->data, m->data_len, 0, retain);
		return;
	}
	if (!connected(c)) {
		gw_drop(gw, GW_DROP_NOT_CONNECTED);
		reply_disconnect(rx);
		return;
	}
	c->st.publish_in++;
	topic = resolve(gw, c, tt, m->topic_id, sbuf);
	if (!topic) {
		gw_drop(gw, GW_DROP_INVALID_TOPIC);
		a.rc = MQTTSN_RC_INVALID_TOPIC;
		reply(rx, &a);
		return;
	}
	switch (qos) {
	case 0:
		gw_publish_up(gw, topic, m->data, m->data_len, 0, retain);
		break;
	case 1:
		a.rc = gw_publish_up(gw, topic, m->data, m->data_len, 1, retain) ?
		       MQTTSN_RC_CONGESTION : MQTTSN_RC_ACCEPTED;
		reply(rx, &a);
		break;
	case 2:
		if (!qos2_seen(c, m->msg_id)) {
			if (gw_publish_up(gw, topic, m->data, m->data_len, 2, retain)) {
				a.rc = MQTTSN_RC_CONGESTION;
				reply(rx, &a);
				break;
			}
			qos2_add(c, m->msg_id);
		}
		a.type = MQTTSN_PUBREC;
		reply(rx, &a);
		break;
	}
}

static void on_pubrel(struct rx *rx)
{
	struct mqttsn_msg a = { .type = MQTTSN_PUBCOMP, .msg_id = rx->m->msg_id };

	qos2_del(rx->c, rx->m->msg_id);
	reply(rx, &a);
}

/* Filter named by a (UN)SUBSCRIBE; malloc'ed, NULL when invalid. */
static char *sub_filter(struct rx *rx, uint8_t *rc)
{
	const struct mqttsn_msg *m = rx->m;
	uint8_t tt = m->flags & MQTTSN_FLAG_TID_MASK;
	const char *t;
	char sbuf[3], *f;

	*rc = MQTTSN_RC_INVALID_TOPIC;
	if (tt == MQTTSN_TID_NORMAL) {
		f = wire_str(m->data, m->data_len);
		if (!f || !lm_topic_filter_valid(f)) {
			free(f);
			gw_drop(rx->gw, GW_DROP_BAD_TOPIC_NAME);
			*rc = MQTTSN_RC_NOT_SUPPORTED;
			return NULL;
		}
		return f;
	}
	t = resolve(rx->gw, rx->c, tt, m->topic_id, sbuf);
	if (!t) {
		gw_drop(rx->gw, GW_DROP_INVALID_TOPIC);
		return NULL;
	}
	return strdup(t);
}

static void on_subscribe(struct rx *rx)
{
	struct gw *gw = rx->gw;
	const struct mqttsn_msg *m = rx->m;
	struct gw_client *c = rx->c;
	uint8_t tt = m->flags & MQTTSN_FLAG_TID_MASK;
	int qos = mqttsn_flags_qos(m->flags);
	struct mqttsn_msg a = { .type = MQTTSN_SUBACK, .msg_id = m->msg_id };
	struct gw_sub *s;
	struct gw_reg *r;
	bool created, known;
	char *f = sub_filter(rx, &a.rc);
	uint16_t tid = 0;

	if (!f) {
		reply(rx, &a);
		return;
	}
	if (qos < 0)
		qos = 0;
	if (tt == MQTTSN_TID_NORMAL && !strpbrk(f, "+#")) {
		r = gw_reg_add(c, f, 0);
		if (!r) {
			a.rc = MQTTSN_RC_CONGESTION;
			goto out;
		}
		tid = r->id;
	} else if (tt != MQTTSN_TID_NORMAL) {
		tid = m->topic_id;
	}
	known = gw_up_known(gw, f);
	gw->last_sub_mid = -1;
	s = gw_sub_add(gw, c, f, qos, tt, tid, &created);
	if (!s) {
		a.rc = MQTTSN_RC_CONGESTION;
		goto out;
	}
	a.flags = mqttsn_qos_flags(qos);
	a.topic_id = tid;
	a.rc = MQTTSN_RC_ACCEPTED;
	gw_state_dirty(gw);	/* the SUBACK waits for the save */
	if (created && gw->last_sub_mid >= 0) {
		/* answer once the broker has the subscription in place */
		struct gw_pending_suback *p = calloc(1, sizeof(*p));

		if (p) {
			memcpy(p->client, c->id, sizeof(p->client));
			p->ack = a;
			p->mid = gw->last_sub_mid;
			p->deadline = gw->now + GW_SUBACK_WAIT_MS;
			p->next = gw->subacks;
			gw->subacks = p;
		} else {
			reply(rx, &a);
		}
	} else {
		reply(rx, &a);
	}
	s->fresh_until = gw->now + GW_FRESH_SUB_MS;
	if (known)	/* the broker will not replay retained messages for us */
		gw_retained_deliver(gw, c, s);
	gw_pump(gw, c);
	free(f);
	return;
out:
	reply(rx, &a);
	free(f);
}

static void on_unsubscribe(struct rx *rx)
{
	struct mqttsn_msg a = { .type = MQTTSN_UNSUBACK, .msg_id = rx->m->msg_id };
	uint8_t rc;
	char *f = sub_filter(rx, &rc);

	if (f && !gw_sub_del(rx->gw, rx->c, f))
		gw_state_dirty(rx->gw);
	free(f);
	reply(rx, &a);	/* UNSUBACK has no return code: always answered */
}

static void on_pingreq(struct rx *rx)
{
	struct gw *gw = rx->gw;
	const struct mqttsn_msg *m = rx->m;
	struct gw_client *c = rx->c;

	if (m->data_len) {
		c = gw_client_by_id(gw, (const char *)m->data, m->data_len);
		if (c && (c->state == GW_CS_ASLEEP || c->state == GW_CS_AWAKE)) {
			c->st.rx++;
			c->addr = *rx->from;
			c->has_addr = true;
			c->last_rx = gw->now;
			c->state = GW_CS_AWAKE;
			lm_dbg("client %s awake, %zu message(s) buffered", c->id,
			       c->outq_len);
			gw_pump(gw, c);	/* sends PINGRESP when the queue is empty */
			return;
		}
	}
	reply_rc(rx, MQTTSN_PINGRESP, 0);
}

static void on_disconnect(struct rx *rx)
{
	struct gw *gw = rx->gw;
	struct gw_client *c = rx->c;

	if (!c || c->state == GW_CS_DISCONNECTED || c->state == GW_CS_LOST) {
		reply_disconnect(rx);
		return;
	}
	if (rx->m->has_duration && rx->m->duration) {
		c->state = GW_CS_ASLEEP;
		c->sleep_s = rx->m->duration;
		c->out_state = GW_OUT_IDLE;
		lm_info("client %s asleep for %us", c->id, c->sleep_s);
	} else {
		c->state = GW_CS_DISCONNECTED;
		c->out_state = GW_OUT_IDLE;
		gw_client_clear_will(c);	/* clean disconnect: no will */
		if (c->clean)		/* a clean session ends here */
			gw_client_clear_session(gw, c);
		lm_info("client %s disconnected", c->id);
	}
	gw_state_dirty(gw);
	reply_disconnect(rx);
}

static void on_searchgw(struct rx *rx)
{
	struct mqttsn_msg a = { .type = MQTTSN_GWINFO, .gw_id = rx->gw->conf.gw_id };

	reply(rx, &a);
}

static void dispatch(struct rx *rx)
{
	struct gw *gw = rx->gw;
	struct gw_client *c = rx->c;
	uint8_t t = rx->m->type;

	/* types only a connected client may send */
	switch (t) {
	case MQTTSN_REGISTER:
	case MQTTSN_REGACK:
	case MQTTSN_PUBACK:
	case MQTTSN_PUBREC:
	case MQTTSN_PUBREL:
	case MQTTSN_PUBCOMP:
	case MQTTSN_SUBSCRIBE:
	case MQTTSN_UNSUBSCRIBE:
	case MQTTSN_WILLTOPICUPD:
	case MQTTSN_WILLMSGUPD:
		if (!connected(c)) {
			gw_drop(gw, GW_DROP_NOT_CONNECTED);
			reply_disconnect(rx);
			return;
		}
		break;
	default:
		break;
	}
	if (c && t != MQTTSN_CONNECT) {
		c->st.rx++;
		if (c->state == GW_CS_ACTIVE)
			c->last_rx = gw->now;
	}
	switch (t) {
	case MQTTSN_SEARCHGW:
		on_searchgw(rx);
		break;
	case MQTTSN_CONNECT:
		on_connect(rx);
		break;
	case MQTTSN_WILLTOPIC:
		on_willtopic(rx);
		break;
	case MQTTSN_WILLMSG:
		on_willmsg(rx);
		break;
	case MQTTSN_REGISTER:
		on_register(rx);
		break;
	case MQTTSN_PUBLISH:
		on_publish(rx);
		break;
	case MQTTSN_PUBREL:
		on_pubrel(rx);
		break;
	case MQTTSN_REGACK:
	case MQTTSN_PUBACK:
	case MQTTSN_PUBREC:
	case MQTTSN_PUBCOMP:
		gw_out_ack(gw, c, rx->m);
		break;
	case MQTTSN_SUBSCRIBE:
		on_subscribe(rx);
		break;
	case MQTTSN_UNSUBSCRIBE:
		on_unsubscribe(rx);
		break;
	case MQTTSN_PINGREQ:
		on_pingreq(rx);
		break;
	case MQTTSN_DISCONNECT:
		on_disconnect(rx);
		break;
	case MQTTSN_WILLTOPICUPD:
		on_willtopicupd(rx);
		break;
	case MQTTSN_WILLMSGUPD:
		on_willmsgupd(rx);
		break;
	default:
		/* ADVERTISE, GWINFO from other gateways; gateway-to-client types */
		gw_drop(gw, GW_DROP_UNEXPECTED);
		break;
	}
}

static void count_parse_error(struct gw *gw, int rc, const struct gw_addr *from,
			      const uint8_t *buf, size_t len)
{
	char a[96];

	switch (-rc) {
	case MQTTSN_E_LENGTH:
		gw_drop(gw, GW_DROP_BAD_LENGTH);
		break;
	case MQTTSN_E_TYPE:
		gw_drop(gw, GW_DROP_UNKNOWN_TYPE);
		break;
	default:
		gw_drop(gw, GW_DROP_BAD_BODY);
	}
	lm_dbg("malformed datagram (%zu bytes, type 0x%02x, error %d) from %s dropped",
	       len, len > 1 ? buf[buf[0] == 1 && len > 3 ? 3 : 1] : 0, -rc,
	       gw_addr_str(from, a, sizeof(a)));
}

void gw_handle(struct gw *gw, const struct gw_addr *from, const uint8_t *buf,
	       size_t len)
{
	struct mqttsn_msg m;
	struct rx rx = { .gw = gw, .from = from, .m = &m };
	int rc = mqttsn_parse(buf, len, &m);

	if (rc) {
		count_parse_error(gw, rc, from, buf, len);
		return;
	}
	gw->st.rx[m.type]++;
	if (m.type == MQTTSN_ENCAPSULATED) {
		struct gw_addr inner = *from;
		struct mqttsn_msg im;

		if (from->encap || !m.data_len || m.data_len > GW_NODEID_MAX) {
			gw_drop(gw, GW_DROP_BAD_BODY);
			return;
		}
		inner.encap = true;
		inner.ctrl = m.ctrl;
		inner.node_len = (uint8_t)m.data_len;
		memcpy(inner.node_id, m.data, m.data_len);
		rc = mqttsn_parse(m.inner, m.inner_len, &im);
		if (rc || im.type == MQTTSN_ENCAPSULATED) {
			count_parse_error(gw, rc ? rc : -MQTTSN_E_BODY, &inner,
					  m.inner, m.inner_len);
			return;
		}
		gw->st.rx[im.type]++;
		rx.from = &inner;
		rx.m = &im;
		rx.c = gw_client_by_addr(gw, &inner);
		dispatch(&rx);
		return;
	}
	rx.c = gw_client_by_addr(gw, from);
	dispatch(&rx);
}
