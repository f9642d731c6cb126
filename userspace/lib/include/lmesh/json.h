/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - the JSON writer of the lowpan-mesh programs: into a growing
 * buffer, commas handled
 *
 * Pure: no I/O. Any allocation failure sets ->err and later calls do
 * nothing, so a caller checks once at the end.
 *
 * Strings (keys and values) are escaped as RFC 8259 asks: '"' and '\' with
 * a backslash, \n \r \t by name, every other control character (and DEL)
 * as \u00XX. Bytes that are not well-formed UTF-8 (a stray continuation
 * byte, a truncated sequence, an overlong form, a surrogate, a code point
 * above U+10FFFF) are replaced, one invalid byte at a time, by U+FFFD
 * written as \ufffd: the output is always valid JSON and valid UTF-8, and
 * well-formed UTF-8 passes unchanged.
 */
#ifndef LMESH_JSON_H
#define LMESH_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JB_MAX_DEPTH	16

struct jbuf {
	char *buf;
	size_t len, cap;
	bool err;
	int depth;
	bool first[JB_MAX_DEPTH];
};

void jb_init(struct jbuf *jb);
void jb_free(struct jbuf *jb);
/* Hand over the NUL-terminated text (caller frees); NULL on error. */
char *jb_take(struct jbuf *jb, size_t *len);

void jb_obj_open(struct jbuf *jb, const char *key);
void jb_obj_close(struct jbuf *jb);
void jb_arr_open(struct jbuf *jb, const char *key);
void jb_arr_close(struct jbuf *jb);

/* @key is NULL inside arrays. */
void jb_str(struct jbuf *jb, const char *key, const char *val);
void jb_strn(struct jbuf *jb, const char *key, const char *val, size_t n);
void jb_u64(struct jbuf *jb, const char *key, uint64_t val);
void jb_i64(struct jbuf *jb, const char *key, int64_t val);
void jb_bool(struct jbuf *jb, const char *key, bool val);
/* %.15g; NaN and infinities as null */
void jb_double(struct jbuf *jb, const char *key, double val);
/* the same with @digits significant digits (1..17) */
void jb_double_digits(struct jbuf *jb, const char *key, double val, int digits);
void jb_null(struct jbuf *jb, const char *key);

#endif /* LMESH_JSON_H */
