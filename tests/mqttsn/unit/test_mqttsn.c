// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "mqttsn.h"
#include "tap.h"

static const uint8_t all_types[] = {
	MQTTSN_ADVERTISE, MQTTSN_SEARCHGW, MQTTSN_GWINFO, MQTTSN_CONNECT,
	MQTTSN_CONNACK, MQTTSN_WILLTOPICREQ, MQTTSN_WILLTOPIC, MQTTSN_WILLMSGREQ,
	MQTTSN_WILLMSG, MQTTSN_REGISTER, MQTTSN_REGACK, MQTTSN_PUBLISH,
	MQTTSN_PUBACK, MQTTSN_PUBCOMP, MQTTSN_PUBREC, MQTTSN_PUBREL,
	MQTTSN_SUBSCRIBE, MQTTSN_SUBACK, MQTTSN_UNSUBSCRIBE, MQTTSN_UNSUBACK,
	MQTTSN_PINGREQ, MQTTSN_PINGRESP, MQTTSN_DISCONNECT, MQTTSN_WILLTOPICUPD,
	MQTTSN_WILLTOPICRESP, MQTTSN_WILLMSGUPD, MQTTSN_WILLMSGRESP,
};

/* Build one message of every type, parse it back, compare the fields. */
static void codec_roundtrip_all(void)
{
	size_t i;

	for (i = 0; i < sizeof(all_types); i++) {
		struct mqttsn_msg m = { 0 }, p;
		uint8_t buf[512];
		ssize_t n;

		m.type = all_types[i];
		m.flags = MQTTSN_FLAG_RETAIN | mqttsn_qos_flags(1);
		m.gw_id = 7;
		m.radius = 2;
		m.rc = 3;
		m.duration = 0x1234;
		m.topic_id = 0xbeef;
		m.msg_id = 0x0102;
		m.data = (const uint8_t *)"abc";
		m.data_len = 3;
		m.has_duration = true;
		if (m.type == MQTTSN_SUBSCRIBE || m.type == MQTTSN_UNSUBSCRIBE)
			m.flags = mqttsn_qos_flags(1);
		n = mqttsn_build(&m, buf, sizeof(buf));
		TAP_CHECK(n > 0);
		if (n <= 0)
			continue;
		TAP_CHECK(buf[0] == n && buf[1] == m.type);
		TAP_CHECK(mqttsn_parse(buf, n, &p) == 0);
		TAP_CHECK(p.type == m.type);
		switch (m.type) {
		case MQTTSN_PUBLISH:
			TAP_CHECK(p.flags == m.flags && p.topic_id == 0xbeef &&
			      p.msg_id == 0x0102 && p.data_len == 3 &&
			      !memcmp(p.data, "abc", 3));
			break;
		case MQTTSN_CONNECT:
			TAP_CHECK(p.duration == 0x1234 && p.data_len == 3);
			break;
		case MQTTSN_DISCONNECT:
			TAP_CHECK(p.has_duration && p.duration == 0x1234);
			break;
		case MQTTSN_SUBACK:
		case MQTTSN_REGACK:
		case MQTTSN_PUBACK:
			TAP_CHECK(p.topic_id == 0xbeef && p.msg_id == 0x0102 && p.rc == 3);
			break;
		case MQTTSN_ADVERTISE:
			TAP_CHECK(p.gw_id == 7 && p.duration == 0x1234);
			break;
		default:
			break;
		}
		/* datagram one byte shorter or longer than declared: rejected */
		TAP_CHECK(mqttsn_parse(buf, n - 1, &p) == -MQTTSN_E_LENGTH);
		buf[n] = 0;
		TAP_CHECK(mqttsn_parse(buf, n + 1, &p) == -MQTTSN_E_LENGTH);
	}
}

static void codec_long_form(void)
{
	uint8_t payload[300], buf[400];
	struct mqttsn_msg m = { .type = MQTTSN_PUBLISH, .topic_id = 1, .msg_id = 2,
				.data = payload, .data_len = sizeof(payload) };
	struct mqttsn_msg p;
	ssize_t n;

	memset(payload, 'x', sizeof(payload));
	n = mqttsn_build(&m, buf, sizeof(buf));
	TAP_CHECK(n == 4 + 5 + 300);
	TAP_CHECK(buf[0] == 0x01 && buf[1] == (n >> 8) && buf[2] == (n & 0xff) &&
	      buf[3] == MQTTSN_PUBLISH);
	TAP_CHECK(mqttsn_parse(buf, n, &p) == 0 && p.data_len == 300);
	TAP_CHECK(mqttsn_parse(buf, 3, &p) == -MQTTSN_E_LENGTH);
	TAP_CHECK(mqttsn_build(&m, buf, 100) == -1);
	/* long form for a small message is accepted */
	{
		const uint8_t s[] = { 0x01, 0x00, 0x04, MQTTSN_PINGRESP };

		TAP_CHECK(mqttsn_parse(s, sizeof(s), &p) == 0 && p.type == MQTTSN_PINGRESP);
	}
}

static void codec_errors(void)
{
	struct mqttsn_msg p;
	const uint8_t unknown[] = { 0x02, 0x03 };
	const uint8_t zero[] = { 0x00, 0x0c };
	const uint8_t badproto[] = { 0x07, 0x04, 0x04, 0x02, 0x00, 0x0a, 'a' };
	const uint8_t noclient[] = { 0x06, 0x04, 0x04, 0x01, 0x00, 0x0a };
	const uint8_t badtid[] = { 0x05, 0x12, 0x03, 0x00, 0x01 };
	const uint8_t shortsub[] = { 0x06, 0x12, 0x02, 0x00, 0x01, 'a' };
	const uint8_t disc3[] = { 0x03, 0x18, 0x00 };

	TAP_CHECK(mqttsn_parse(unknown, 2, &p) == -MQTTSN_E_TYPE);
	TAP_CHECK(mqttsn_parse(zero, 2, &p) == -MQTTSN_E_LENGTH);
	TAP_CHECK(mqttsn_parse(zero, 1, &p) == -MQTTSN_E_LENGTH);
	TAP_CHECK(mqttsn_parse(badproto, sizeof(badproto), &p) == -MQTTSN_E_BODY);
	TAP_CHECK(mqttsn_parse(noclient, sizeof(noclient), &p) == -MQTTSN_E_BODY);
	TAP_CHECK(mqttsn_parse(badtid, sizeof(badtid), &p) == -MQTTSN_E_BODY);
	TAP_CHECK(mqttsn_parse(shortsub, sizeof(shortsub), &p) == -MQTTSN_E_BODY);
	TAP_CHECK(mqttsn_parse(disc3, sizeof(disc3), &p) == -MQTTSN_E_BODY);
}

static void codec_encapsulated(void)
{
	const uint8_t inner[] = { 0x02, MQTTSN_PINGRESP };
	struct mqttsn_msg m = { .type = MQTTSN_ENCAPSULATED, .ctrl = 1,
				.data = (const uint8_t *)"\x00\x01", .data_len = 2,
				.inner = inner, .inner_len = 2 };
	struct mqttsn_msg p, q;
	uint8_t buf[64];
	ssize_t n = mqttsn_build(&m, buf, sizeof(buf));

	TAP_CHECK(n == 5 + 2);
	TAP_CHECK(mqttsn_parse(buf, n, &p) == 0 && p.ctrl == 1 && p.data_len == 2 &&
	      p.inner_len == 2);
	TAP_CHECK(mqttsn_parse(p.inner, p.inner_len, &q) == 0 && q.type == MQTTSN_PINGRESP);
	TAP_CHECK(mqttsn_parse(buf, 5, &p) == -MQTTSN_E_BODY);	/* nothing inside */
}

static void codec_qos(void)
{
	TAP_CHECK(mqttsn_flags_qos(0x60) == -1);
	TAP_CHECK(mqttsn_flags_qos(0x40) == 2);
	TAP_CHECK(mqttsn_qos_flags(-1) == 0x60);
	TAP_CHECK(mqttsn_qos_flags(1) == 0x20);
	TAP_CHECK(!strcmp(mqttsn_type_name(0x0c), "PUBLISH"));
	TAP_CHECK(!mqttsn_type_known(0x03));
}

int main(void)
{
	TAP_RUN(codec_roundtrip_all);
	TAP_RUN(codec_long_form);
	TAP_RUN(codec_errors);
	TAP_RUN(codec_encapsulated);
	TAP_RUN(codec_qos);
	return tap_done();
}
