// SPDX-License-Identifier: GPL-2.0
/* MQTT-SN v1.2 message parser and builder. Pure. */
#include <string.h>

#include "mqttsn.h"

static const char *const type_names[MQTTSN_NTYPES] = {
	[MQTTSN_ADVERTISE] = "ADVERTISE",
	[MQTTSN_SEARCHGW] = "SEARCHGW",
	[MQTTSN_GWINFO] = "GWINFO",
	[MQTTSN_CONNECT] = "CONNECT",
	[MQTTSN_CONNACK] = "CONNACK",
	[MQTTSN_WILLTOPICREQ] = "WILLTOPICREQ",
	[MQTTSN_WILLTOPIC] = "WILLTOPIC",
	[MQTTSN_WILLMSGREQ] = "WILLMSGREQ",
	[MQTTSN_WILLMSG] = "WILLMSG",
	[MQTTSN_REGISTER] = "REGISTER",
	[MQTTSN_REGACK] = "REGACK",
	[MQTTSN_PUBLISH] = "PUBLISH",
	[MQTTSN_PUBACK] = "PUBACK",
	[MQTTSN_PUBCOMP] = "PUBCOMP",
	[MQTTSN_PUBREC] = "PUBREC",
	[MQTTSN_PUBREL] = "PUBREL",
	[MQTTSN_SUBSCRIBE] = "SUBSCRIBE",
	[MQTTSN_SUBACK] = "SUBACK",
	[MQTTSN_UNSUBSCRIBE] = "UNSUBSCRIBE",
	[MQTTSN_UNSUBACK] = "UNSUBACK",
	[MQTTSN_PINGREQ] = "PINGREQ",
	[MQTTSN_PINGRESP] = "PINGRESP",
	[MQTTSN_DISCONNECT] = "DISCONNECT",
	[MQTTSN_WILLTOPICUPD] = "WILLTOPICUPD",
	[MQTTSN_WILLTOPICRESP] = "WILLTOPICRESP",
	[MQTTSN_WILLMSGUPD] = "WILLMSGUPD",
	[MQTTSN_WILLMSGRESP] = "WILLMSGRESP",
	[MQTTSN_ENCAPSULATED] = "ENCAPSULATED",
};

bool mqttsn_type_known(uint8_t type)
{
	return type_names[type] != NULL;
}

const char *mqttsn_type_name(uint8_t type)
{
	return type_names[type] ? type_names[type] : "UNKNOWN";
}

int mqttsn_flags_qos(uint8_t flags)
{
	int q = (flags & MQTTSN_FLAG_QOS_MASK) >> MQTTSN_FLAG_QOS_SHIFT;

	return q == 3 ? -1 : q;
}

uint8_t mqttsn_qos_flags(int qos)
{
	return (uint8_t)((qos < 0 ? 3 : qos & 3) << MQTTSN_FLAG_QOS_SHIFT);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* memcpy that accepts (NULL, 0) */
static void copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	if (n)
		memcpy(dst, src, n);
}

static void rest(struct mqttsn_msg *m, const uint8_t *b, size_t n, size_t off)
{
	m->data = b + off;
	m->data_len = n - off;
}

/* Decode the body @b of @n bytes for m->type. */
static int parse_body(struct mqttsn_msg *m, const uint8_t *b, size_t n)
{
	switch (m->type) {
	case MQTTSN_ADVERTISE:
		if (n != 3)
			return -MQTTSN_E_BODY;
		m->gw_id = b[0];
		m->duration = get16(b + 1);
		return 0;
	case MQTTSN_SEARCHGW:
		if (n != 1)
			return -MQTTSN_E_BODY;
		m->radius = b[0];
		return 0;
	case MQTTSN_GWINFO:
		if (n < 1)
			return -MQTTSN_E_BODY;
		m->gw_id = b[0];
		rest(m, b, n, 1);
		return 0;
	case MQTTSN_CONNECT:
		if (n < 5 || b[1] != MQTTSN_PROTOCOL_ID)
			return -MQTTSN_E_BODY;
		m->flags = b[0];
		m->protocol_id = b[1];
		m->duration = get16(b + 2);
		rest(m, b, n, 4);
		return 0;
	case MQTTSN_CONNACK:
	case MQTTSN_WILLTOPICRESP:
	case MQTTSN_WILLMSGRESP:
		if (n != 1)
			return -MQTTSN_E_BODY;
		m->rc = b[0];
		return 0;
	case MQTTSN_WILLTOPICREQ:
	case MQTTSN_WILLMSGREQ:
	case MQTTSN_PINGRESP:
		return n ? -MQTTSN_E_BODY : 0;
	case MQTTSN_WILLTOPIC:
	case MQTTSN_WILLTOPICUPD:
		if (n == 0)
			return 0;	/* empty: no will / delete will */
		m->flags = b[0];
		rest(m, b, n, 1);
		return 0;
	case MQTTSN_WILLMSG:
	case MQTTSN_WILLMSGUPD:
		rest(m, b, n, 0);
		return 0;
	case MQTTSN_REGISTER:
		if (n < 5)
			return -MQTTSN_E_BODY;
		m->topic_id = get16(b);
		m->msg_id = get16(b + 2);
		rest(m, b, n, 4);
		return 0;
	case MQTTSN_REGACK:
	case MQTTSN_PUBACK:
		if (n != 5)
			return -MQTTSN_E_BODY;
		m->topic_id = get16(b);
		m->msg_id = get16(b + 2);
		m->rc = b[4];
		return 0;
	case MQTTSN_PUBLISH:
		if (n < 5)
			return -MQTTSN_E_BODY;
		m->flags = b[0];
		m->topic_id = get16(b + 1);
		m->msg_id = get16(b + 3);
		rest(m, b, n, 5);
		return 0;
	case MQTTSN_PUBCOMP:
	case MQTTSN_PUBREC:
	case MQTTSN_PUBREL:
	case MQTTSN_UNSUBACK:
		if (n != 2)
			return -MQTTSN_E_BODY;
		m->msg_id = get16(b);
		return 0;
	case MQTTSN_SUBSCRIBE:
	case MQTTSN_UNSUBSCRIBE:
		if (n < 4)
			return -MQTTSN_E_BODY;
		m->flags = b[0];
		m->msg_id = get16(b + 1);
		switch (m->flags & MQTTSN_FLAG_TID_MASK) {
		case MQTTSN_TID_NORMAL:
			rest(m, b, n, 3);
			return 0;
		case MQTTSN_TID_PREDEFINED:
		case MQTTSN_TID_SHORT:
			if (n != 5)
				return -MQTTSN_E_BODY;
			m->topic_id = get16(b + 3);
			rest(m, b, n, 3);	/* short name: the two bytes */
			return 0;
		default:
			return -MQTTSN_E_BODY;
		}
	case MQTTSN_SUBACK:
		if (n != 6)
			return -MQTTSN_E_BODY;
		m->flags = b[0];
		m->topic_id = get16(b + 1);
		m->msg_id = get16(b + 3);
		m->rc = b[5];
		return 0;
	case MQTTSN_PINGREQ:
		rest(m, b, n, 0);	/* optional client id */
		return 0;
	case MQTTSN_DISCONNECT:
		if (n == 0)
			return 0;
		if (n != 2)
			return -MQTTSN_E_BODY;
		m->has_duration = true;
		m->duration = get16(b);
		return 0;
	default:
		return -MQTTSN_E_TYPE;
	}
}

int mqttsn_parse(const uint8_t *buf, size_t len, struct mqttsn_msg *m)
{
	size_t hdr, total;

	memset(m, 0, sizeof(*m));
	if (len < 2)
		return -MQTTSN_E_LENGTH;
	if (buf[0] == 0x01) {
		if (len < 4)
			return -MQTTSN_E_LENGTH;
		total = get16(buf + 1);
		hdr = 4;
	} else {
		total = buf[0];
		hdr = 2;
	}
	m->type = buf[hdr - 1];
	if (total < hdr || total > len)
		return -MQTTSN_E_LENGTH;
	if (m->type == MQTTSN_ENCAPSULATED) {
		/* Length covers Ctrl + node id only; the wrapped message follows. */
		if (total < hdr + 1 || total == len)
			return -MQTTSN_E_BODY;
		m->ctrl = buf[hdr];
		m->data = buf + hdr + 1;
		m->data_len = total - hdr - 1;
		m->inner = buf + total;
		m->inner_len = len - total;
		return 0;
	}
	if (total != len)
		return -MQTTSN_E_LENGTH;
	if (!mqttsn_type_known(m->type))
		return -MQTTSN_E_TYPE;
	return parse_body(m, buf + hdr, len - hdr);
}

/* Body size for m->type, or -1. */
static ssize_t body_size(const struct mqttsn_msg *m)
{
	switch (m->type) {
	case MQTTSN_ADVERTISE:
		return 3;
	case MQTTSN_SEARCHGW:
	case MQTTSN_CONNACK:
	case MQTTSN_WILLTOPICRESP:
	case MQTTSN_WILLMSGRESP:
		return 1;
	case MQTTSN_GWINFO:
		return 1 + m->data_len;
	case MQTTSN_CONNECT:
		return m->data_len ? 4 + (ssize_t)m->data_len : -1;
	case MQTTSN_WILLTOPICREQ:
	case MQTTSN_WILLMSGREQ:
	case MQTTSN_PINGRESP:
		return 0;
	case MQTTSN_WILLTOPIC:
	case MQTTSN_WILLTOPICUPD:
		return m->data_len || m->flags ? 1 + (ssize_t)m->data_len : 0;
	case MQTTSN_WILLMSG:
	case MQTTSN_WILLMSGUPD:
	case MQTTSN_PINGREQ:
		return m->data_len;
	case MQTTSN_REGISTER:
		return m->data_len ? 4 + (ssize_t)m->data_len : -1;
	case MQTTSN_REGACK:
	case MQTTSN_PUBACK:
		return 5;
	case MQTTSN_PUBLISH:
		return 5 + m->data_len;
	case MQTTSN_PUBCOMP:
	case MQTTSN_PUBREC:
	case MQTTSN_PUBREL:
	case MQTTSN_UNSUBACK:
		return 2;
	case MQTTSN_SUBSCRIBE:
	case MQTTSN_UNSUBSCRIBE:
		if ((m->flags & MQTTSN_FLAG_TID_MASK) == MQTTSN_TID_NORMAL)
			return m->data_len ? 3 + (ssize_t)m->data_len : -1;
		return 5;
	case MQTTSN_SUBACK:
		return 6;
	case MQTTSN_DISCONNECT:
		return m->has_duration ? 2 : 0;
	case MQTTSN_ENCAPSULATED:
		return 1 + m->data_len;
	default:
		return -1;
	}
}

ssize_t mqttsn_build(const struct mqttsn_msg *m, uint8_t *buf, size_t cap)
{
	ssize_t body = body_size(m);
	size_t hdr, total;
	uint8_t *b;

	if (body < 0)
		return -1;
	hdr = body + 2 <= 255 ? 2 : 4;
	total = hdr + body;
	if (total > MQTTSN_MAX_MSG)
		return -1;
	if (m->type == MQTTSN_ENCAPSULATED &&
	    (total + m->inner_len > cap || total + m->inner_len > MQTTSN_MAX_MSG))
		return -1;
	if (total > cap)
		return -1;
	if (hdr == 2) {
		buf[0] = (uint8_t)total;
	} else {
		buf[0] = 0x01;
		put16(buf + 1, (uint16_t)total);
	}
	buf[hdr - 1] = m->type;
	b = buf + hdr;
	switch (m->type) {
	case MQTTSN_ADVERTISE:
		b[0] = m->gw_id;
		put16(b + 1, m->duration);
		break;
	case MQTTSN_SEARCHGW:
		b[0] = m->radius;
		break;
	case MQTTSN_GWINFO:
		b[0] = m->gw_id;
		copy(b + 1, m->data, m->data_len);
		break;
	case MQTTSN_CONNECT:
		b[0] = m->flags;
		b[1] = MQTTSN_PROTOCOL_ID;
		put16(b + 2, m->duration);
		copy(b + 4, m->data, m->data_len);
		break;
	case MQTTSN_CONNACK:
	case MQTTSN_WILLTOPICRESP:
	case MQTTSN_WILLMSGRESP:
		b[0] = m->rc;
		break;
	case MQTTSN_WILLTOPIC:
	case MQTTSN_WILLTOPICUPD:
		if (body) {
			b[0] = m->flags;
			if (m->data_len)
				copy(b + 1, m->data, m->data_len);
		}
		break;
	case MQTTSN_WILLMSG:
	case MQTTSN_WILLMSGUPD:
	case MQTTSN_PINGREQ:
		if (m->data_len)
			copy(b, m->data, m->data_len);
		break;
	case MQTTSN_REGISTER:
		put16(b, m->topic_id);
		put16(b + 2, m->msg_id);
		copy(b + 4, m->data, m->data_len);
		break;
	case MQTTSN_REGACK:
	case MQTTSN_PUBACK:
		put16(b, m->topic_id);
		put16(b + 2, m->msg_id);
		b[4] = m->rc;
		break;
	case MQTTSN_PUBLISH:
		b[0] = m->flags;
		put16(b + 1, m->topic_id);
		put16(b + 3, m->msg_id);
		if (m->data_len)
			copy(b + 5, m->data, m->data_len);
		break;
	case MQTTSN_PUBCOMP:
	case MQTTSN_PUBREC:
	case MQTTSN_PUBREL:
	case MQTTSN_UNSUBACK:
		put16(b, m->msg_id);
		break;
	case MQTTSN_SUBSCRIBE:
	case MQTTSN_UNSUBSCRIBE:
		b[0] = m->flags;
		put16(b + 1, m->msg_id);
		if ((m->flags & MQTTSN_FLAG_TID_MASK) == MQTTSN_TID_NORMAL)
			copy(b + 3, m->data, m->data_len);
		else
			put16(b + 3, m->topic_id);
		break;
	case MQTTSN_SUBACK:
		b[0] = m->flags;
		put16(b + 1, m->topic_id);
		put16(b + 3, m->msg_id);
		b[5] = m->rc;
		break;
	case MQTTSN_DISCONNECT:
		if (m->has_duration)
			put16(b, m->duration);
		break;
	case MQTTSN_ENCAPSULATED:
		b[0] = m->ctrl;
		copy(b + 1, m->data, m->data_len);
		copy(buf + total, m->inner, m->inner_len);
		return total + m->inner_len;
	}
	return total;
}
