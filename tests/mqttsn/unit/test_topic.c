// SPDX-License-Identifier: GPL-2.0
#include "lmesh/topic.h"
#include "tap.h"

static void topic_match(void)
{
	CHECK(lm_topic_match("a/b", "a/b"));
	CHECK(!lm_topic_match("a/b", "a/bc"));
	CHECK(!lm_topic_match("a/b", "a"));
	CHECK(lm_topic_match("a/+", "a/b"));
	CHECK(!lm_topic_match("a/+", "a/b/c"));
	CHECK(lm_topic_match("a/+/c", "a/x/c"));
	CHECK(lm_topic_match("a/#", "a/b/c"));
	CHECK(lm_topic_match("a/#", "a"));
	CHECK(lm_topic_match("#", "a/b"));
	CHECK(!lm_topic_match("#", "$SYS/x"));
	CHECK(!lm_topic_match("+/x", "$SYS/x"));
	CHECK(lm_topic_match("+/+", "/x"));
	CHECK(lm_topic_match("a//b", "a//b"));
	CHECK(!lm_topic_match("a/+", "a"));
	CHECK(lm_topic_match("+", "a"));
	CHECK(!lm_topic_match("+", "a/b"));
}

static void topic_valid(void)
{
	CHECK(lm_topic_filter_valid("a/+/b"));
	CHECK(lm_topic_filter_valid("#"));
	CHECK(!lm_topic_filter_valid("a/#/b"));
	CHECK(!lm_topic_filter_valid("a+"));
	CHECK(!lm_topic_filter_valid(""));
	CHECK(lm_topic_name_valid("a/b"));
	CHECK(!lm_topic_name_valid("a/+"));
	CHECK(!lm_topic_name_valid(""));
}

static void topic_utf8(void)
{
	CHECK(lm_utf8_valid("abc", 3));
	CHECK(lm_utf8_valid("\xc3\xa9t\xc3\xa9", 5));		/* été */
	CHECK(lm_utf8_valid("\xe2\x82\xac", 3));			/* euro */
	CHECK(lm_utf8_valid("\xf0\x9f\x98\x80", 4));		/* emoji */
	CHECK(!lm_utf8_valid("\xff\xfe", 2));
	CHECK(!lm_utf8_valid("\xc3", 1));				/* truncated */
	CHECK(!lm_utf8_valid("\xe2\x82", 2));
	CHECK(!lm_utf8_valid("\xc0\xaf", 2));			/* overlong */
	CHECK(!lm_utf8_valid("\xed\xa0\x80", 3));			/* surrogate */
	CHECK(!lm_utf8_valid("\xf4\x90\x80\x80", 4));		/* > U+10FFFF */
	CHECK(!lm_utf8_valid("a\0b", 3));
	CHECK(!lm_topic_name_valid("\xff/x"));
	CHECK(!lm_topic_filter_valid("a/\xc3"));
}

int main(void)
{
	RUN(topic_match);
	RUN(topic_valid);
	RUN(topic_utf8);
	TAP_EXIT();
}
