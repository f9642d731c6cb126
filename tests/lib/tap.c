// SPDX-License-Identifier: GPL-2.0
/*
 * tap.c - the TAP helper of the C test programs (tap.h)
 */
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static int tap_n, tap_failed, tap_skipped;
int tap_checks_failed;

static void tap_line(const char *status, const char *fmt, va_list ap,
		     const char *skip)
{
	printf("%s %d - ", status, ++tap_n);
	vprintf(fmt, ap);
	if (skip)
		printf(" # SKIP %s", skip);
	printf("\n");
	/* results stay in order with what the programs under test print */
	fflush(stdout);
}

bool tap_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(pass ? "ok" : "not ok", fmt, ap, NULL);
	va_end(ap);
	if (!pass)
		tap_failed++;
	return pass;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line("ok", fmt, ap, why ? why : "");
	va_end(ap);
	tap_skipped++;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int tap_failures(void)
{
	return tap_failed;
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	printf("%d passed, %d failed", tap_n - tap_failed - tap_skipped,
	       tap_failed);
	if (tap_skipped)
		printf(", %d skipped", tap_skipped);
	printf("\n");
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

void tap_check_failed(const char *file, int line, const char *what)
{
	printf("#   %s:%d: %s\n", file, line, what);
	tap_checks_failed++;
}

bool tap_run(const char *name, void (*fn)(void))
{
	tap_checks_failed = 0;
	fn();
	return tap_ok(!tap_checks_failed, "%s", name);
}

bool tap_run_rc(const char *name, int (*fn)(void))
{
	int rc;

	tap_checks_failed = 0;
	rc = fn();
	return tap_ok(!rc && !tap_checks_failed, "%s", name);
}
