// SPDX-License-Identifier: GPL-2.0
/*
 * Logging: one line per event on stderr, with a syslog-style priority prefix
 * ("<3>") that journald understands.
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static enum log_level max_level = LOG_LVL_INFO;

static const char *const prefix[] = {
	[LOG_LVL_ERR] = "<3>error: ",
	[LOG_LVL_WARN] = "<4>warning: ",
	[LOG_LVL_INFO] = "<6>",
	[LOG_LVL_DEBUG] = "<7>debug: ",
};

void log_set_level(enum log_level level)
{
	max_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%sdnp3-serial-bridge: %s\n", prefix[level], line);
}
