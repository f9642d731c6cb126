// SPDX-License-Identifier: GPL-2.0
/* lmesh/json.h: escaping and the invalid UTF-8 policy */
#include <stdlib.h>
#include <string.h>

#include "lmesh/json.h"
#include "tap.h"

/* @s (@n bytes) as a JSON string value */
static char *quoted(const char *s, size_t n)
{
	struct jbuf jb;

	jb_init(&jb);
	jb_strn(&jb, NULL, s, n);
	return jb_take(&jb, NULL);
}

static void check(const char *in, size_t n, const char *want)
{
	char *got = quoted(in, n);

	TAP_CHECK(got && !strcmp(got, want));
	if (got && strcmp(got, want))
		tap_diag("got %s, want %s", got, want);
	free(got);
}

static void json_escapes(void)
{
	check("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	check("\n\r\t\x01\x1f\x7f", 6, "\"\\n\\r\\t\\u0001\\u001f\\u007f\"");
	check("a\0b", 3, "\"a\\u0000b\"");
	check("", 0, "\"\"");
}

static void json_utf8(void)
{
	/* well-formed: unchanged (2, 3 and 4 bytes, the edges) */
	check("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	check("\xed\x9f\xbf\xf4\x8f\xbf\xbf", 7, "\"\xed\x9f\xbf\xf4\x8f\xbf\xbf\"");
	/* each invalid byte becomes \ufffd */
	check("a\x80z", 3, "\"a\\ufffdz\"");			/* stray continuation */
	check("\xc3", 1, "\"\\ufffd\"");			/* truncated */
	check("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");		/* overlong */
	check("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\"");	/* overlong */
	check("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	check("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");	/* > U+10FFFF */
	check("\xff\xc3\xa9", 3, "\"\\ufffd\xc3\xa9\"");
}

static void json_document(void)
{
	struct jbuf jb;
	char *s;

	jb_init(&jb);
	jb_obj_open(&jb, NULL);
	jb_str(&jb, "k\"", "v");
	jb_double_digits(&jb, "d", 2.0 / 3.0, 10);
	jb_double(&jb, "nan", 0.0 / 0.0);
	jb_arr_open(&jb, "l");
	jb_u64(&jb, NULL, 1);
	jb_bool(&jb, NULL, false);
	jb_arr_close(&jb);
	jb_obj_close(&jb);
	s = jb_take(&jb, NULL);
	TAP_CHECK(s && !strcmp(s, "{\"k\\\"\":\"v\",\"d\":0.6666666667,\"nan\":null,\"l\":[1,false]}"));
	free(s);
}

int main(void)
{
	TAP_RUN(json_escapes);
	TAP_RUN(json_utf8);
	TAP_RUN(json_document);
	return tap_done();
}
