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

int main(void)
{
	RUN(topic_match);
	RUN(topic_valid);
	TAP_EXIT();
}
