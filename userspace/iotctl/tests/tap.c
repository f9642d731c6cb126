// SPDX-License-Identifier: GPL-2.0
/*
 * tap.c - minimal TAP output for the iotctl unit tests
 */
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static unsigned int passed, failed;

bool tap_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	printf("%sok %u - ", pass ? "" : "not ", passed + failed + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (pass)
		passed++;
	else
		failed++;
	return pass;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int tap_done(void)
{
	printf("1..%u\n", passed + failed);
	printf("%u passed, %u failed\n", passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}
