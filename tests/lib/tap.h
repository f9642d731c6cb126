/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - the TAP helper of every C test program under tests/ (and of the
 * daemons' and liblmesh's host tests)
 *
 * One line per test, "ok N - name" or "not ok N - name" (a skipped test:
 * "ok N - name # SKIP why"), "# ..." diagnostics, and at the end the plan
 * "1..N" and "N passed, N failed[, N skipped]", the line scripts/run-tests
 * adds up. A suite's shell runner that runs several programs relays their
 * lines with tap_prog (tests/lib/tap.sh), which numbers them again.
 *
 * Two ways to write a test:
 *   tap_ok(cond, "name %d", i);              one check, one result line
 *   static void t_x(void) { TAP_CHECK(a); TAP_CHECK(b); }
 *   tap_run("name", t_x);                    a group of checks, one line:
 *                                            ok unless one of them failed
 * TAP_CHECK prints "#   file:line: cond" for each check that fails;
 * TAP_CHECK_RET(cond, ret) also returns @ret from the function.
 */
#ifndef LM_TESTS_TAP_H
#define LM_TESTS_TAP_H

#include <stdbool.h>
#include <stdio.h>

/* records one result and prints its line; returns @pass */
bool tap_ok(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* a skipped test: "ok N - name # SKIP @why" */
void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* a "# ..." line */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* failed results so far */
int tap_failures(void);
/* prints the plan and the totals; returns the exit status (0, or 1) */
int tap_done(void);

/* failed TAP_CHECKs of the test that runs now (tap_run resets it) */
extern int tap_checks_failed;
void tap_check_failed(const char *file, int line, const char *what);

#define TAP_CHECK(cond) do {						\
	if (!(cond))							\
		tap_check_failed(__FILE__, __LINE__, #cond);		\
} while (0)

#define TAP_CHECK_RET(cond, ret) do {					\
	if (!(cond)) {							\
		tap_check_failed(__FILE__, __LINE__, #cond);		\
		return ret;						\
	}								\
} while (0)

/* runs @fn; one result named @name: ok when none of its checks failed */
bool tap_run(const char *name, void (*fn)(void));
/* the same for a test that also returns nonzero on failure */
bool tap_run_rc(const char *name, int (*fn)(void));

/* tap_run with the function's own name as the test's name */
#define TAP_RUN(fn) tap_run(#fn, fn)

#endif /* LM_TESTS_TAP_H */
