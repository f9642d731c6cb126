// SPDX-License-Identifier: GPL-2.0
/*
 * test_json.c - the printer: JSON escaping, compact, pretty and text forms
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_print.h"
#include "tap.h"

static char *buf;
static size_t len;
static FILE *mem;

static void start(bool json, bool pretty)
{
	mem = open_memstream(&buf, &len);
	print_setup(mem, json, pretty);
}

/* ends the capture and compares it with @want */
static void check(const char *want, const char *name)
{
	fclose(mem);
	print_setup(stdout, false, false);
	if (!tap_ok(!strcmp(buf, want), "%s", name)) {
		tap_diag("got  \"%s\"", buf);
		tap_diag("want \"%s\"", want);
	}
	free(buf);
	buf = NULL;
}

static void escape(const char *in, const char *want, const char *name)
{
	mem = open_memstream(&buf, &len);
	json_write_string(mem, in);
	fclose(mem);
	if (!tap_ok(!strcmp(buf, want), "JSON escaping: %s", name))
		tap_diag("got %s want %s", buf, want);
	free(buf);
	buf = NULL;
}

/* the same calls a read command makes, for both output forms */
static void two_devices(void)
{
	int i;

	print_list_begin();
	for (i = 0; i < 2; i++) {
		open_object(NULL);
		print_string(PRINT_ANY, "ifname", "%s:", i ? "mesh1" : "mesh0");
		print_uint(PRINT_ANY, "mtu", " mtu %u", 1280);
		print_bool(PRINT_ANY, "up", " up %s", i == 0);
		print_string(PRINT_JSON, "only_json", NULL, "j");
		print_string(PRINT_FP, NULL, " only_text %s", "t");
		open_object("stats");
		print_u64(PRINT_ANY, "rx", " rx %llu", i ? 18446744073709551615ULL : 0);
		close_object();
		open_array("list");
		print_uint(PRINT_JSON, NULL, NULL, 1);
		print_uint(PRINT_JSON, NULL, NULL, 2);
		close_array();
		print_nl();
		close_object();
	}
	print_list_end(true);
}

void test_json(void)
{
	int i;

	escape("mesh0", "\"mesh0\"", "plain");
	escape("", "\"\"", "empty");
	escape(NULL, "\"\"", "NULL is empty");
	escape("a\"b\\c", "\"a\\\"b\\\\c\"", "quote and backslash");
	escape("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"", "short control escapes");
	escape("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"", "other control characters");
	escape("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
	       "valid UTF-8 kept");
	escape("a\xff" "b", "\"a\\ufffdb\"", "invalid byte replaced");
	escape("\xc3", "\"\\ufffd\"", "truncated sequence replaced");
	escape("\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong sequence replaced");
	escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "surrogate replaced");
	escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
	       "above U+10FFFF replaced");
	escape("/", "\"/\"", "slash left alone");

	start(true, false);
	two_devices();
	check("[{\"ifname\":\"mesh0\",\"mtu\":1280,\"up\":true,\"only_json\":\"j\","
	      "\"stats\":{\"rx\":0},\"list\":[1,2]},"
	      "{\"ifname\":\"mesh1\",\"mtu\":1280,\"up\":false,\"only_json\":\"j\","
	      "\"stats\":{\"rx\":18446744073709551615},\"list\":[1,2]}]\n",
	      "compact JSON");

	start(true, true);
	two_devices();
	check("[\n"
	      "  {\n"
	      "    \"ifname\": \"mesh0\",\n"
	      "    \"mtu\": 1280,\n"
	      "    \"up\": true,\n"
	      "    \"only_json\": \"j\",\n"
	      "    \"stats\": {\n"
	      "      \"rx\": 0\n"
	      "    },\n"
	      "    \"list\": [\n"
	      "      1,\n"
	      "      2\n"
	      "    ]\n"
	      "  },\n"
	      "  {\n"
	      "    \"ifname\": \"mesh1\",\n"
	      "    \"mtu\": 1280,\n"
	      "    \"up\": false,\n"
	      "    \"only_json\": \"j\",\n"
	      "    \"stats\": {\n"
	      "      \"rx\": 18446744073709551615\n"
	      "    },\n"
	      "    \"list\": [\n"
	      "      1,\n"
	      "      2\n"
	      "    ]\n"
	      "  }\n"
	      "]\n", "pretty JSON");

	start(false, false);
	two_devices();
	check("mesh0: mtu 1280 up true only_text t rx 0\n"
	      "mesh1: mtu 1280 up false only_text t rx 18446744073709551615\n",
	      "text form from the same calls");

	start(false, true);
	two_devices();
	check("mesh0: mtu 1280 up true only_text t rx 0\n"
	      "mesh1: mtu 1280 up false only_text t rx 18446744073709551615\n",
	      "pretty without JSON is text");

	start(true, false);
	print_list_begin();
	print_list_end(true);
	check("[]\n", "empty list is []");

	start(true, false);
	print_list_begin();
	print_list_end(false);
	check("", "failed request before any item prints nothing");

	start(true, false);
	print_list_begin();
	open_object(NULL);
	open_object("a");
	print_uint(PRINT_ANY, "x", "%u", 1);
	print_list_end(false);
	check("[{\"a\":{\"x\":1}}]\n", "list end closes what is open");

	start(true, false);
	print_list_begin();
	open_object(NULL);
	print_string(PRINT_ANY, "k\"ey", "%s", "v\n");
	close_object();
	print_list_end(true);
	check("[{\"k\\\"ey\":\"v\\n\"}]\n", "keys and values escaped");

	start(false, false);
	print_string(PRINT_ANY, "name", "<%s>", "a\x1b[31mb\x7f\tc");
	check("<a?[31mb??c>", "text form masks control characters");

	start(true, false);
	print_list_begin();
	for (i = 0; i < 40; i++)
		open_array(NULL);
	for (i = 0; i < 40; i++)
		close_array();
	print_list_end(true);
	check("[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]\n",
	      "nesting past the limit stays balanced");

	start(true, false);
	print_list_begin();
	for (i = 0; i < 40; i++)
		open_object(NULL);
	print_list_end(false);
	check("[{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{\"\":{}}}}}}}}}}}}}}}]\n",
	      "list end after too deep nesting still balanced");

	start(true, false);
	print_text("text %d", 1);
	print_nl();
	check("", "print_text and print_nl silent in JSON");
}
