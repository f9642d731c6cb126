/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - one line per test: "ok N - name" or "not ok N - name"
 */
#ifndef IOTCTL_TAP_H
#define IOTCTL_TAP_H

#include <stdbool.h>

/* records and prints one result; returns @pass */
bool tap_ok(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a "# ..." diagnostic line */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* prints the plan and "N passed, N failed"; returns the exit status */
int tap_done(void);

/*
 * Run iotctl_main() in this process with the NULL-terminated arguments
 * (without "iotctl"), capturing what it writes; *out and *err are
 * malloc'ed, free them. Returns its exit status.
 */
int run_cli(char **out, char **err, ...) __attribute__((sentinel));

struct nl_msg;
struct nlattr;

/*
 * Parse @msg (freed) as iotctl does, print it with @cb (and @arg) framed
 * as a read command, in JSON when @json, and check the result against
 * @want_err and @want (NULL: any output). test_reply.c.
 */
void check_reply(struct nl_msg *msg, int (*cb)(struct nlattr **, void *),
		 void *arg, bool json, int want_err, const char *want,
		 const char *name);

/* the test groups, one per file */
void test_parse(void);
void test_json(void);
void test_batch(void);
void test_reply(void);
void test_random(void);
void test_cli(void);
void test_tables(void);
void test_radio(void);
void test_key(void);
void test_config(void);

#endif /* IOTCTL_TAP_H */
