/* SPDX-License-Identifier: GPL-2.0 */
/*
 * INI-like configuration files shared by the lowpan-mesh daemons.
 *
 *   # comment            ; comment
 *   [section]            [section argument]      [section "argument"]
 *   key = value          (value runs to end of line, surrounding blanks trimmed,
 *                         "double quotes" keep blanks)
 *
 * Every error names the file and line: "gw.conf:12: unknown key 'foo'".
 */
#ifndef LMESH_CONFIG_H
#define LMESH_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define LM_ERRLEN 256

/*
 * The error convention of the library: a message of at most @errlen bytes
 * in @err (nothing when @err is NULL or @errlen 0).
 */
void lm_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct lm_config_entry {
	char *key;
	char *value;
	int line;
	bool used;
	struct lm_config_entry *next;
};

struct lm_config_section {
	char *name;
	char *arg;		/* NULL when the header had no argument */
	int line;
	bool used;
	struct lm_config_entry *entries;
	struct lm_config_section *next;
};

struct lm_config {
	char *file;		/* name used in messages */
	struct lm_config_section *sections;
};

/* Parse a buffer (need not be NUL-terminated). NULL on error, err filled. */
struct lm_config *lm_config_parse(const char *buf, size_t len, const char *name,
				  char *err, size_t errlen);
/*
 * lm_config_parse, but keys above the first [section] header go into a
 * section called @first (line 0, no argument) instead of being an error.
 */
struct lm_config *lm_config_parse_in(const char *buf, size_t len,
				     const char *name, const char *first,
				     char *err, size_t errlen);
/* Read and parse a file. NULL on error, err filled. */
struct lm_config *lm_config_load(const char *path, char *err, size_t errlen);
void lm_config_free(struct lm_config *cfg);

/* First section called @name (any argument), or NULL. Marks it used. */
struct lm_config_section *lm_config_section(struct lm_config *cfg, const char *name);
/* Next section called @name after @prev (NULL: first). Marks it used. */
struct lm_config_section *lm_config_next(struct lm_config *cfg,
					 struct lm_config_section *prev,
					 const char *name);

/* Last entry with @key in @sec (or NULL); marks every entry with that key used. */
struct lm_config_entry *lm_config_entry(struct lm_config_section *sec, const char *key);

/*
 * Typed getters. Return 0 when the key is absent (*out untouched),
 * 1 when found and valid, -1 on a bad value (err gets "file:line: ...").
 */
int lm_config_str(const struct lm_config *cfg, struct lm_config_section *sec,
		  const char *key, const char **out, char *err, size_t errlen);
int lm_config_long(const struct lm_config *cfg, struct lm_config_section *sec,
		   const char *key, long min, long max, long *out,
		   char *err, size_t errlen);
int lm_config_bool(const struct lm_config *cfg, struct lm_config_section *sec,
		   const char *key, bool *out, char *err, size_t errlen);
/* Durations: "250ms", "10s", "5m", "1h", bare number = seconds. Result in ms. */
int lm_config_duration(const struct lm_config *cfg, struct lm_config_section *sec,
		       const char *key, uint64_t *out_ms, char *err, size_t errlen);
int lm_config_double(const struct lm_config *cfg, struct lm_config_section *sec,
		     const char *key, double *out, char *err, size_t errlen);

/*
 * Report the first section or key nobody asked for: a typo in a config file
 * must be an error, not silently ignored. Returns 0 when all were used.
 */
int lm_config_check_unused(const struct lm_config *cfg, char *err, size_t errlen);

/* Plain parsers, usable on any string. Return 0 or -1. */
int lm_parse_long(const char *s, long min, long max, long *out);
int lm_parse_duration_ms(const char *s, uint64_t *out_ms);
int lm_parse_double(const char *s, double *out);
int lm_parse_bool(const char *s, bool *out);

#endif /* LMESH_CONFIG_H */
