// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - the JSON writer of the lowpan-mesh programs (lmesh/json.h)
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmesh/json.h"

void jb_init(struct jbuf *jb)
{
	memset(jb, 0, sizeof(*jb));
	jb->first[0] = true;
}

void jb_free(struct jbuf *jb)
{
	free(jb->buf);
	jb_init(jb);
}

char *jb_take(struct jbuf *jb, size_t *len)
{
	char *s;

	if (jb->err || !jb->buf) {
		jb_free(jb);
		return NULL;
	}
	s = jb->buf;
	if (len)
		*len = jb->len;
	jb->buf = NULL;
	jb_free(jb);
	return s;
}

static void jb_put(struct jbuf *jb, const char *s, size_t n)
{
	char *nb;
	size_t ncap;

	if (jb->err)
		return;
	if (jb->len + n + 1 > jb->cap) {
		ncap = jb->cap ? jb->cap : 256;
		while (ncap < jb->len + n + 1)
			ncap *= 2;
		nb = realloc(jb->buf, ncap);
		if (!nb) {
			jb->err = true;
			return;
		}
		jb->buf = nb;
		jb->cap = ncap;
	}
	memcpy(jb->buf + jb->len, s, n);
	jb->len += n;
	jb->buf[jb->len] = '\0';
}

static void jb_puts(struct jbuf *jb, const char *s)
{
	jb_put(jb, s, strlen(s));
}

static void jb_printf(struct jbuf *jb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void jb_printf(struct jbuf *jb, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		jb->err = true;
		return;
	}
	jb_put(jb, tmp, (size_t)n);
}

/*
 * Length of the well-formed UTF-8 sequence at @s (at most @n bytes), 0 if
 * the byte there does not start one (RFC 3629 section 4).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;		/* overlong */
	else if (c == 0xed)
		hi = 0x9f;		/* surrogates */
	else if (c == 0xf0)
		lo = 0x90;		/* overlong */
	else if (c == 0xf4)
		hi = 0x8f;		/* above U+10FFFF */
	if (len > n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static void jb_quoted(struct jbuf *jb, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0, len;
	char esc[7];

	jb_put(jb, "\"", 1);
	while (i < n) {
		unsigned char c = s[i];
		const char *rep = NULL;

		len = 1;
		switch (c) {
		case '"':
			rep = "\\\"";
			break;
		case '\\':
			rep = "\\\\";
			break;
		case '\n':
			rep = "\\n";
			break;
		case '\r':
			rep = "\\r";
			break;
		case '\t':
			rep = "\\t";
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				esc[0] = '\\';
				esc[1] = 'u';
				esc[2] = '0';
				esc[3] = '0';
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				esc[6] = '\0';
				rep = esc;
			} else if (c >= 0x80) {
				len = utf8_len(s + i, n - i);
				if (!len) {
					rep = "\\ufffd";
					len = 1;
				}
			}
		}
		if (rep) {
			jb_put(jb, str + start, i - start);
			jb_puts(jb, rep);
			start = i + len;
		}
		i += len;
	}
	jb_put(jb, str + start, n - start);
	jb_put(jb, "\"", 1);
}

/* comma and key before a value */
static void jb_prefix(struct jbuf *jb, const char *key)
{
	if (!jb->first[jb->depth])
		jb_put(jb, ",", 1);
	jb->first[jb->depth] = false;
	if (key) {
		jb_quoted(jb, key, strlen(key));
		jb_put(jb, ":", 1);
	}
}

static void jb_open(struct jbuf *jb, const char *key, const char *c)
{
	jb_prefix(jb, key);
	jb_puts(jb, c);
	if (jb->depth + 1 >= JB_MAX_DEPTH) {
		jb->err = true;
		return;
	}
	jb->first[++jb->depth] = true;
}

static void jb_close(struct jbuf *jb, const char *c)
{
	if (jb->depth <= 0) {
		jb->err = true;
		return;
	}
	jb->depth--;
	jb_puts(jb, c);
}

void jb_obj_open(struct jbuf *jb, const char *key)
{
	jb_open(jb, key, "{");
}

void jb_obj_close(struct jbuf *jb)
{
	jb_close(jb, "}");
}

void jb_arr_open(struct jbuf *jb, const char *key)
{
	jb_open(jb, key, "[");
}

void jb_arr_close(struct jbuf *jb)
{
	jb_close(jb, "]");
}

void jb_strn(struct jbuf *jb, const char *key, const char *val, size_t n)
{
	jb_prefix(jb, key);
	jb_quoted(jb, val, n);
}

void jb_str(struct jbuf *jb, const char *key, const char *val)
{
	if (!val) {
		jb_null(jb, key);
		return;
	}
	jb_strn(jb, key, val, strlen(val));
}

void jb_u64(struct jbuf *jb, const char *key, uint64_t val)
{
	jb_prefix(jb, key);
	jb_printf(jb, "%" PRIu64, val);
}

void jb_i64(struct jbuf *jb, const char *key, int64_t val)
{
	jb_prefix(jb, key);
	jb_printf(jb, "%" PRId64, val);
}

void jb_bool(struct jbuf *jb, const char *key, bool val)
{
	jb_prefix(jb, key);
	jb_puts(jb, val ? "true" : "false");
}

void jb_double_digits(struct jbuf *jb, const char *key, double val, int digits)
{
	jb_prefix(jb, key);
	if (digits < 1 || digits > 17)
		digits = 15;
	if (!isfinite(val))
		jb_puts(jb, "null");
	else
		jb_printf(jb, "%.*g", digits, val);
}

void jb_double(struct jbuf *jb, const char *key, double val)
{
	jb_double_digits(jb, key, val, 15);
}

void jb_null(struct jbuf *jb, const char *key)
{
	jb_prefix(jb, key);
	jb_puts(jb, "null");
}
