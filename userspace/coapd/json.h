/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small JSON writer into a growing buffer (commas handled)
 *
 * Pure: no I/O. Any allocation failure sets ->err and later calls do
 * nothing, so a caller checks once at the end.
 */
#ifndef COAPD_JSON_H
#define COAPD_JSON_H

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
void jb_double(struct jbuf *jb, const char *key, double val);
void jb_null(struct jbuf *jb, const char *key);

#endif /* COAPD_JSON_H */
