// SPDX-License-Identifier: GPL-2.0
#include "lmesh/topic.h"
#include "tap.h"

static void topic_match(void)
{
	TAP_CHECK(lm_topic_match("a/b", "a/b"));
	TAP_CHECK(!lm_topic_match("a/b", "a/bc"));
	TAP_CHECK(!lm_topic_match("a/b", "a"));
	TAP_CHECK(lm_topic_match("a/+", "a/b"));
	TAP_CHECK(!lm_topic_match("a/+", "a/b/c"));
	TAP_CHECK(lm_topic_match("a/+/c", "a/x/c"));
	TAP_CHECK(lm_topic_match("a/#", "a/b/c"));
	TAP_CHECK(lm_topic_match("a/#", "a"));
	TAP_CHECK(lm_topic_match("#", "a/b"));
	TAP_CHECK(!lm_topic_match("#", "$SYS/x"));
	TAP_CHECK(!lm_topic_match("+/x", "$SYS/x"));
	TAP_CHECK(lm_topic_match("+/+", "/x"));
	TAP_CHECK(lm_topic_match("a//b", "a//b"));
	TAP_CHECK(!lm_topic_match("a/+", "a"));
	TAP_CHECK(lm_topic_match("+", "a"));
	TAP_CHECK(!lm_topic_match("+", "a/b"));
}

static void topic_valid(void)
{
	TAP_CHECK(lm_topic_filter_valid("a/+/b"));
	TAP_CHECK(lm_topic_filter_valid("#"));
	TAP_CHECK(!lm_topic_filter_valid("a/#/b"));
	TAP_CHECK(!lm_topic_filter_valid("a+"));
	TAP_CHECK(!lm_topic_filter_valid(""));
	TAP_CHECK(lm_topic_name_valid("a/b"));
	TAP_CHECK(!lm_topic_name_valid("a/+"));
	TAP_CHECK(!lm_topic_name_valid(""));
}

static void topic_utf8(void)
{
	TAP_CHECK(lm_utf8_valid("abc", 3));
	TAP_CHECK(lm_utf8_valid("\xc3\xa9t\xc3\xa9", 5));		/* été */
	TAP_CHECK(lm_utf8_valid("\xe2\x82\xac", 3));			/* euro */
	TAP_CHECK(lm_utf8_valid("\xf0\x9f\x98\x80", 4));		/* emoji */
	TAP_CHECK(!lm_utf8_valid("\xff\xfe", 2));
	TAP_CHECK(!lm_utf8_valid("\xc3", 1));				/* truncated */
	TAP_CHECK(!lm_utf8_valid("\xe2\x82", 2));
	TAP_CHECK(!lm_utf8_valid("\xc0\xaf", 2));			/* overlong */
	TAP_CHECK(!lm_utf8_valid("\xed\xa0\x80", 3));			/* surrogate */
	TAP_CHECK(!lm_utf8_valid("\xf4\x90\x80\x80", 4));		/* > U+10FFFF */
	TAP_CHECK(!lm_utf8_valid("a\0b", 3));
	TAP_CHECK(!lm_topic_name_valid("\xff/x"));
	TAP_CHECK(!lm_topic_filter_valid("a/\xc3"));
}

int main(void)
{
	TAP_RUN(topic_match);
	TAP_RUN(topic_valid);
	TAP_RUN(topic_utf8);
	return tap_done();
}
