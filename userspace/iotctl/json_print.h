/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json_print.h - one call site prints text or JSON
 *
 * A read command calls print_uint(PRINT_ANY, "mtu", " mtu %u", mtu): in text
 * mode the format is applied to the value, in JSON mode the key and the value
 * become a member of the open object. PRINT_FP prints only in text mode,
 * PRINT_JSON only in JSON mode. Output of a read command is a JSON array with
 * one object per item; print_list_begin()/print_list_end() frame it.
 */
#ifndef IOTCTL_JSON_PRINT_H
#define IOTCTL_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 3,
};

void print_setup(FILE *fp, bool json, bool pretty);
bool print_is_json(void);

/* the top-level array: opened lazily by the first item, "[]" when empty */
void print_list_begin(void);
void print_list_end(bool success);

/* containers, JSON only; @key is NULL inside arrays and at the top */
void open_object(const char *key);
void close_object(void);
void open_array(const char *key);
void close_array(void);

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value);
void print_s64(enum print_type t, const char *key, const char *fmt,
	       int64_t value);
void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value);
/* a switch: JSON true/false under @key, text " KEY on|off" */
void print_onoff(const char *key, bool value);
/* text mode only */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_nl(void);
/* a newline in both modes, then flush: ends a record of a stream */
void print_eol(void);

/* write @s as a JSON string literal (quotes included) */
void json_write_string(FILE *fp, const char *s);

#endif /* IOTCTL_JSON_PRINT_H */
