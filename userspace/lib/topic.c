// SPDX-License-Identifier: GPL-2.0
/* MQTT topic filter matching and validation. */
#include <stdint.h>
#include <string.h>

#include "lmesh/topic.h"

bool lm_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		int n, k;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

bool lm_topic_name_valid(const char *topic)
{
	size_t n = strlen(topic);

	if (!n || n > LM_TOPIC_MAX || !lm_utf8_valid(topic, n))
		return false;
	return !strpbrk(topic, "+#");
}

bool lm_topic_filter_valid(const char *f)
{
	size_t n = strlen(f), i;

	if (!n || n > LM_TOPIC_MAX || !lm_utf8_valid(f, n))
		return false;
	for (i = 0; i < n; i++) {
		bool start = i == 0 || f[i - 1] == '/';
		bool end = i + 1 == n || f[i + 1] == '/';

		if (f[i] == '+' && !(start && end))
			return false;
		if (f[i] == '#' && !(start && i + 1 == n))
			return false;
	}
	return true;
}

bool lm_topic_match(const char *f, const char *t)
{
	if ((*f == '+' || *f == '#') && *t == '$')
		return false;
	for (;;) {
		if (*f == '#')
			return true;	/* also matches the parent level */
		if (*f == '+') {
			while (*t && *t != '/')
				t++;
			f++;
		} else {
			while (*f && *f != '/' && *f == *t) {
				f++;
				t++;
			}
			if ((*f && *f != '/') || (*t && *t != '/'))
				return false;
		}
		/* both at '/' or end */
		if (!*f && !*t)
			return true;
		if (*f == '/' && *t == '/') {
			f++;
			t++;
			continue;
		}
		/* "a/#" matches "a" */
		if (!*t && f[0] == '/' && f[1] == '#' && !f[2])
			return true;
		return false;
	}
}
