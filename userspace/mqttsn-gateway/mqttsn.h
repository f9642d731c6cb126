/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MQTT-SN v1.2 codec. Pure: (const uint8_t *buf, size_t len) in, a decoded
 * message with pointers into buf out; no allocation, no I/O.
 *
 * Header, short and long form:
 *   +--------+---------+--------------+        +------+------------+---------+----
 *   | Length | MsgType | body ...     |   or   | 0x01 | Length (BE)| MsgType | body
 *   |   1    |    1    |              |        |  1   |     2      |    1    |
 *   +--------+---------+--------------+        +------+------------+---------+----
 * Length counts the whole message, header included. One message per datagram
 * (except the Encapsulated message, whose Length only covers its own header).
 *
 * Flags:  DUP(7) QoS(6..5) Retain(4) Will(3) CleanSession(2) TopicIdType(1..0)
 */
#ifndef MQTTSN_H
#define MQTTSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum mqttsn_type {
	MQTTSN_ADVERTISE = 0x00,
	MQTTSN_SEARCHGW = 0x01,
	MQTTSN_GWINFO = 0x02,
	MQTTSN_CONNECT = 0x04,
	MQTTSN_CONNACK = 0x05,
	MQTTSN_WILLTOPICREQ = 0x06,
	MQTTSN_WILLTOPIC = 0x07,
	MQTTSN_WILLMSGREQ = 0x08,
	MQTTSN_WILLMSG = 0x09,
	MQTTSN_REGISTER = 0x0a,
	MQTTSN_REGACK = 0x0b,
	MQTTSN_PUBLISH = 0x0c,
	MQTTSN_PUBACK = 0x0d,
	MQTTSN_PUBCOMP = 0x0e,
	MQTTSN_PUBREC = 0x0f,
	MQTTSN_PUBREL = 0x10,
	MQTTSN_SUBSCRIBE = 0x12,
	MQTTSN_SUBACK = 0x13,
	MQTTSN_UNSUBSCRIBE = 0x14,
	MQTTSN_UNSUBACK = 0x15,
	MQTTSN_PINGREQ = 0x16,
	MQTTSN_PINGRESP = 0x17,
	MQTTSN_DISCONNECT = 0x18,
	MQTTSN_WILLTOPICUPD = 0x1a,
	MQTTSN_WILLTOPICRESP = 0x1b,
	MQTTSN_WILLMSGUPD = 0x1c,
	MQTTSN_WILLMSGRESP = 0x1d,
	MQTTSN_ENCAPSULATED = 0xfe,
};

#define MQTTSN_NTYPES		256

#define MQTTSN_FLAG_DUP		0x80
#define MQTTSN_FLAG_QOS_MASK	0x60
#define MQTTSN_FLAG_QOS_SHIFT	5
#define MQTTSN_FLAG_RETAIN	0x10
#define MQTTSN_FLAG_WILL	0x08
#define MQTTSN_FLAG_CLEAN	0x04
#define MQTTSN_FLAG_TID_MASK	0x03

enum mqttsn_tid_type {
	MQTTSN_TID_NORMAL = 0,
	MQTTSN_TID_PREDEFINED = 1,
	MQTTSN_TID_SHORT = 2,
};

enum mqttsn_rc {
	MQTTSN_RC_ACCEPTED = 0,
	MQTTSN_RC_CONGESTION = 1,
	MQTTSN_RC_INVALID_TOPIC = 2,
	MQTTSN_RC_NOT_SUPPORTED = 3,
};

#define MQTTSN_PROTOCOL_ID	0x01
#define MQTTSN_CLIENTID_MAX	23
#define MQTTSN_MAX_MSG		65535

/* Parse errors (negative return values of mqttsn_parse). */
enum mqttsn_err {
	MQTTSN_E_LENGTH = 1,	/* header length absent, short, or != datagram */
	MQTTSN_E_TYPE = 2,	/* unknown message type */
	MQTTSN_E_BODY = 3,	/* body size or a field invalid for that type */
};

struct mqttsn_msg {
	uint8_t type;
	uint8_t flags;		/* CONNECT, WILLTOPIC(UPD), PUBLISH, (UN)SUBSCRIBE, SUBACK */
	uint8_t gw_id;		/* ADVERTISE, GWINFO */
	uint8_t radius;		/* SEARCHGW */
	uint8_t rc;		/* return code of the ACKs */
	uint8_t protocol_id;	/* CONNECT */
	uint8_t ctrl;		/* ENCAPSULATED */
	bool has_duration;	/* DISCONNECT carries a sleep duration */
	uint16_t duration;	/* ADVERTISE, CONNECT (keep alive), DISCONNECT */
	uint16_t topic_id;	/* REGISTER, REGACK, PUBLISH, PUBACK, SUBACK, (UN)SUBSCRIBE */
	uint16_t msg_id;
	/*
	 * Variable part: client id (CONNECT, PINGREQ), topic name (REGISTER,
	 * WILLTOPIC, (UN)SUBSCRIBE with a normal name), payload (PUBLISH),
	 * will message, gateway address (GWINFO), wireless node id (ENCAPSULATED).
	 */
	const uint8_t *data;
	size_t data_len;
	const uint8_t *inner;	/* ENCAPSULATED: the wrapped message */
	size_t inner_len;
};

/* 0 on success, -MQTTSN_E_* otherwise. */
int mqttsn_parse(const uint8_t *buf, size_t len, struct mqttsn_msg *m);
/* Encoded size, or -1 if it does not fit @cap or the message is invalid. */
ssize_t mqttsn_build(const struct mqttsn_msg *m, uint8_t *buf, size_t cap);

/* QoS from flags: 0, 1, 2 or -1. */
int mqttsn_flags_qos(uint8_t flags);
uint8_t mqttsn_qos_flags(int qos);
const char *mqttsn_type_name(uint8_t type);
/* True for the types defined by the specification. */
bool mqttsn_type_known(uint8_t type);

#endif /* MQTTSN_H */
