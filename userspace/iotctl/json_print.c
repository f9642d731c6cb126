// SPDX-License-Identifier: GPL-2.0
/*
 * json_print.c - text or JSON output from the same call site
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_print.h"

#define JP_MAX_DEPTH	16	/* nesting levels; deeper containers are flattened */
#define JP_INDENT	2	/* spaces per level in pretty mode */

static FILE *out;
static bool json;
static bool pretty;

static struct {
	bool array;		/* array, else object */
	unsigned int count;	/* members written so far */
} stack[JP_MAX_DEPTH];
static int depth;
static int overflow;		/* containers opened past JP_MAX_DEPTH */
static bool list_pending;	/* print_list_begin() seen, '[' not written */
static bool list_open;

static FILE *fp(void)
{
	return out ? out : stdout;
}

void print_setup(FILE *f, bool as_json, bool as_pretty)
{
	out = f;
	json = as_json;
	pretty = as_json && as_pretty;
	depth = 0;
	overflow = 0;
	list_pending = false;
	list_open = false;
}

bool print_is_json(void)
{
	return json;
}

/* length of the valid UTF-8 sequence at @s, 0 when it is not one */
static int utf8_len(const unsigned char *s)
{
	unsigned int cp;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void json_write_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	int n;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(f, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				/* not UTF-8: the replacement character */
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', f);
}

static void indent(int level)
{
	fprintf(fp(), "%*s", level * JP_INDENT, "");
}

/* separator, indentation and key before a member */
static void member(const char *key)
{
	FILE *f = fp();

	if (depth == 0 && list_pending && !list_open) {
		list_open = true;
		fputc('[', f);
		depth = 1;
		stack[0].array = true;
		stack[0].count = 0;
	}
	if (depth > 0) {
		if (stack[depth - 1].count++)
			fputc(',', f);
		if (pretty) {
			fputc('\n', f);
			indent(depth);
		}
		if (!stack[depth - 1].array) {
			json_write_string(f, key ? key : "");
			fputs(pretty ? ": " : ":", f);
		}
	}
}

static void open_container(const char *key, bool array)
{
	if (!json)
		return;
	if (depth >= JP_MAX_DEPTH) {
		overflow++;
		return;
	}
	member(key);
	fputc(array ? '[' : '{', fp());
	stack[depth].array = array;
	stack[depth].count = 0;
	depth++;
}

static void close_container(void)
{
	if (!json)
		return;
	if (overflow) {
		overflow--;
		return;
	}
	if (depth <= 0)
		return;
	depth--;
	if (pretty && stack[depth].count) {
		fputc('\n', fp());
		indent(depth);
	}
	fputc(stack[depth].array ? ']' : '}', fp());
}

void open_object(const char *key)
{
	open_container(key, false);
}

void close_object(void)
{
	close_container();
}

void open_array(const char *key)
{
	open_container(key, true);
}

void close_array(void)
{
	close_container();
}

void print_list_begin(void)
{
	if (!json)
		return;
	list_pending = true;
	list_open = false;
}

void print_list_end(bool success)
{
	if (!json || !list_pending)
		return;
	if (list_open) {
		overflow = 0;
		while (depth > 1)
			close_container();
		close_container();
		fputc('\n', fp());
	} else if (success) {
		fputs("[]\n", fp());
	}
	list_pending = false;
	list_open = false;
	depth = 0;
	fflush(fp());
}

static bool wanted(enum print_type t)
{
	return json ? (t & PRINT_JSON) : (t & PRINT_FP);
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value)
{
	char *clean;
	size_t i;

	if (!wanted(t))
		return;
	if (!value)
		value = "";
	if (json) {
		member(key);
		json_write_string(fp(), value);
		return;
	}
	/* no terminal control characters from names the kernel sent */
	clean = strdup(value);
	if (clean) {
		for (i = 0; clean[i]; i++)
			if ((unsigned char)clean[i] < 0x20 || clean[i] == 0x7f)
				clean[i] = '?';
	}
	fprintf(fp(), fmt, clean ? clean : "?");
	free(clean);
}

void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int value)
{
	if (!wanted(t))
		return;
	if (json) {
		member(key);
		fprintf(fp(), "%u", value);
		return;
	}
	fprintf(fp(), fmt, value);
}

void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	if (!wanted(t))
		return;
	if (json) {
		member(key);
		fprintf(fp(), "%" PRIu64, value);
		return;
	}
	fprintf(fp(), fmt, value);
}

void print_s64(enum print_type t, const char *key, const char *fmt,
	       int64_t value)
{
	if (!wanted(t))
		return;
	if (json) {
		member(key);
		fprintf(fp(), "%" PRId64, value);
		return;
	}
	fprintf(fp(), fmt, value);
}

void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value)
{
	if (!wanted(t))
		return;
	if (json) {
		member(key);
		fputs(value ? "true" : "false", fp());
		return;
	}
	fprintf(fp(), fmt, value ? "true" : "false");
}

void print_onoff(const char *key, bool value)
{
	char fmt[32];

	print_bool(PRINT_JSON, key, NULL, value);
	snprintf(fmt, sizeof(fmt), " %s %%s", key);
	print_string(PRINT_FP, NULL, fmt, value ? "on" : "off");
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vfprintf(fp(), fmt, ap);
	va_end(ap);
}

void print_eol(void)
{
	fputc('\n', fp());
	fflush(fp());
}

void print_nl(void)
{
	if (!json)
		fputc('\n', fp());
}
