/* SPDX-License-Identifier: GPL-2.0 */
/* Logging to stderr or syslog with levels; one process-wide logger. */
#ifndef LMESH_LOG_H
#define LMESH_LOG_H

#include <stdbool.h>

enum lm_log_level {
	LM_LOG_ERR = 3,		/* same numbers as syslog */
	LM_LOG_WARN = 4,
	LM_LOG_NOTICE = 5,
	LM_LOG_INFO = 6,
	LM_LOG_DEBUG = 7,
};

/* @ident: program name; @use_syslog: syslog instead of stderr. */
void lm_log_init(const char *ident, enum lm_log_level level, bool use_syslog);
void lm_log_set_level(enum lm_log_level level);
enum lm_log_level lm_log_get_level(void);
/* "err", "warn", "notice", "info", "debug" -> level; -1 if unknown. */
int lm_log_level_parse(const char *s);
void lm_log_close(void);

void lm_log(enum lm_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define lm_err(...)	lm_log(LM_LOG_ERR, __VA_ARGS__)
#define lm_warn(...)	lm_log(LM_LOG_WARN, __VA_ARGS__)
#define lm_notice(...)	lm_log(LM_LOG_NOTICE, __VA_ARGS__)
#define lm_info(...)	lm_log(LM_LOG_INFO, __VA_ARGS__)
#define lm_dbg(...)	lm_log(LM_LOG_DEBUG, __VA_ARGS__)

#endif /* LMESH_LOG_H */
