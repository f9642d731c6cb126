// SPDX-License-Identifier: GPL-2.0
/* MQTT topic filter matching and validation. */
#include <string.h>

#include "lmesh/topic.h"

bool lm_topic_name_valid(const char *topic)
{
	size_t n = strlen(topic);

	if (!n || n > LM_TOPIC_MAX)
		return false;
	return !strpbrk(topic, "+#");
}

bool lm_topic_filter_valid(const char *f)
{
	size_t n = strlen(f), i;

	if (!n || n > LM_TOPIC_MAX)
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
