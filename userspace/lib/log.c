// SPDX-License-Identifier: GPL-2.0
/* Logging: stderr with a level prefix, or syslog. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "lmesh/log.h"

static struct {
	const char *ident;
	enum lm_log_level level;
	bool syslog;
} lm_logger = { "lmesh", LM_LOG_INFO, false };

static const char *const lm_level_names[] = {
	[LM_LOG_ERR] = "err", [LM_LOG_WARN] = "warn", [LM_LOG_NOTICE] = "notice",
	[LM_LOG_INFO] = "info", [LM_LOG_DEBUG] = "debug",
};

void lm_log_init(const char *ident, enum lm_log_level level, bool use_syslog)
{
	lm_logger.ident = ident;
	lm_logger.level = level;
	if (lm_logger.syslog && !use_syslog)
		closelog();
	lm_logger.syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void lm_log_set_level(enum lm_log_level level)
{
	lm_logger.level = level;
}

enum lm_log_level lm_log_get_level(void)
{
	return lm_logger.level;
}

int lm_log_level_parse(const char *s)
{
	int i;

	for (i = LM_LOG_ERR; i <= LM_LOG_DEBUG; i++)
		if (!strcmp(s, lm_level_names[i]))
			return i;
	if (!strcmp(s, "error"))
		return LM_LOG_ERR;
	if (!strcmp(s, "warning"))
		return LM_LOG_WARN;
	return -1;
}

void lm_log_close(void)
{
	if (lm_logger.syslog)
		closelog();
	lm_logger.syslog = false;
}

void lm_log(enum lm_log_level level, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (level > lm_logger.level)
		return;
	va_start(ap, fmt);
	if (lm_logger.syslog) {
		vsyslog((int)level, fmt, ap);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		fprintf(stderr, "%lld.%03ld %s[%s]: ", (long long)ts.tv_sec,
			ts.tv_nsec / 1000000, lm_logger.ident,
			lm_level_names[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
