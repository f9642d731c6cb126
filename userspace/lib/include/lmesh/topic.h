/* SPDX-License-Identifier: GPL-2.0 */
/* MQTT topic names and filters ('+' one level, '#' the rest). Pure. */
#ifndef LMESH_TOPIC_H
#define LMESH_TOPIC_H

#include <stdbool.h>
#include <stddef.h>

#define LM_TOPIC_MAX	1024	/* bytes, our own bound */

/* Well-formed UTF-8 as MQTT requires: no overlongs, surrogates or U+0000. */
bool lm_utf8_valid(const char *s, size_t len);
/* A topic name to publish to: non-empty, valid UTF-8, no wildcards, bounded. */
bool lm_topic_name_valid(const char *topic);
/* A subscription filter: valid UTF-8, '+' and '#' only as whole levels, '#' last. */
bool lm_topic_filter_valid(const char *filter);
/* Does @topic match @filter? Topics starting with '$' never match a leading wildcard. */
bool lm_topic_match(const char *filter, const char *topic);

#endif /* LMESH_TOPIC_H */
