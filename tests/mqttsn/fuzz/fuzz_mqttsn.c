// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: MQTT-SN parser; whatever parses must rebuild identically. */
#include <stdlib.h>
#include <string.h>

#include "mqttsn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mqttsn_msg m, m2;
	uint8_t out[MQTTSN_MAX_MSG + 8];
	ssize_t n;

	if (mqttsn_parse(data, size, &m))
		return 0;
	if (m.type == MQTTSN_ENCAPSULATED) {
		struct mqttsn_msg in;

		(void)mqttsn_parse(m.inner, m.inner_len, &in);
	}
	n = mqttsn_build(&m, out, sizeof(out));
	if (n < 0)
		return 0;	/* e.g. an empty CONNECT client id cannot be built */
	if (mqttsn_parse(out, n, &m2))
		abort();
	if (m2.type != m.type || m2.msg_id != m.msg_id || m2.topic_id != m.topic_id ||
	    m2.data_len != m.data_len ||
	    (m.data_len && memcmp(m2.data, m.data, m.data_len)))
		abort();
	return 0;
}
