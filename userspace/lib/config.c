// SPDX-License-Identifier: GPL-2.0
/*
 * INI-like configuration parser. Pure: no global state, no logging; every
 * error is returned as "file:line: message".
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lmesh/config.h"

#define LM_CONFIG_MAX_LINE	4096	/* bytes per line */
#define LM_CONFIG_MAX_SIZE	(1 << 20)	/* bytes per file */

void lm_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && is_blank(**s))
		(*s)++;
	while (*e > *s && is_blank((*e)[-1]))
		(*e)--;
}

static int valid_name(const char *s, const char *e)
{
	if (s == e)
		return 0;
	for (; s < e; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

/* Strip one pair of surrounding double quotes; reject a lone one. */
static int unquote(const char **s, const char **e)
{
	if (*e - *s >= 1 && **s == '"') {
		if (*e - *s < 2 || (*e)[-1] != '"')
			return -1;
		(*s)++;
		(*e)--;
	}
	return 0;
}

void lm_config_free(struct lm_config *cfg)
{
	struct lm_config_section *sec, *nsec;
	struct lm_config_entry *ent, *nent;

	if (!cfg)
		return;
	for (sec = cfg->sections; sec; sec = nsec) {
		nsec = sec->next;
		for (ent = sec->entries; ent; ent = nent) {
			nent = ent->next;
			free(ent->key);
			free(ent->value);
			free(ent);
		}
		free(sec->name);
		free(sec->arg);
		free(sec);
	}
	free(cfg->file);
	free(cfg);
}

static int parse_header(struct lm_config *cfg, const char *s, const char *e,
			int line, struct lm_config_section ***tail,
			struct lm_config_section **cur, char *err, size_t errlen)
{
	struct lm_config_section *sec;
	const char *ns, *ne, *as, *ae;

	/* s points at '[' */
	s++;
	trim(&s, &e);
	if (e == s || e[-1] != ']') {
		lm_seterr(err, errlen, "%s:%d: missing ']' in section header",
		       cfg->file, line);
		return -1;
	}
	e--;
	trim(&s, &e);
	ns = s;
	ne = s;
	while (ne < e && !is_blank(*ne))
		ne++;
	if (!valid_name(ns, ne)) {
		lm_seterr(err, errlen, "%s:%d: invalid section name", cfg->file, line);
		return -1;
	}
	as = ne;
	ae = e;
	trim(&as, &ae);
	if (unquote(&as, &ae)) {
		lm_seterr(err, errlen, "%s:%d: unbalanced quote in section header",
		       cfg->file, line);
		return -1;
	}
	if (ne < e && as == ae) {
		lm_seterr(err, errlen, "%s:%d: empty section argument", cfg->file, line);
		return -1;
	}
	sec = calloc(1, sizeof(*sec));
	if (!sec)
		goto nomem;
	sec->line = line;
	sec->name = dupn(ns, ne - ns);
	if (!sec->name) {
		free(sec);
		goto nomem;
	}
	if (ne < e) {
		sec->arg = dupn(as, ae - as);
		if (!sec->arg) {
			free(sec->name);
			free(sec);
			goto nomem;
		}
	}
	**tail = sec;
	*tail = &sec->next;
	*cur = sec;
	return 0;
nomem:
	lm_seterr(err, errlen, "%s:%d: out of memory", cfg->file, line);
	return -1;
}

static int parse_entry(struct lm_config *cfg, struct lm_config_section *sec,
		       const char *s, const char *e, int line,
		       char *err, size_t errlen)
{
	struct lm_config_entry *ent, **pp;
	const char *eq = memchr(s, '=', e - s);
	const char *ks = s, *ke, *vs, *ve = e;

	if (!eq) {
		lm_seterr(err, errlen, "%s:%d: expected 'key = value'", cfg->file, line);
		return -1;
	}
	if (!sec) {
		lm_seterr(err, errlen, "%s:%d: key outside of any [section]",
		       cfg->file, line);
		return -1;
	}
	ke = eq;
	trim(&ks, &ke);
	if (!valid_name(ks, ke)) {
		lm_seterr(err, errlen, "%s:%d: invalid key name", cfg->file, line);
		return -1;
	}
	vs = eq + 1;
	trim(&vs, &ve);
	if (unquote(&vs, &ve)) {
		lm_seterr(err, errlen, "%s:%d: unbalanced quote in value", cfg->file, line);
		return -1;
	}
	if (memchr(vs, '\0', ve - vs)) {
		lm_seterr(err, errlen, "%s:%d: NUL byte in value", cfg->file, line);
		return -1;
	}
	ent = calloc(1, sizeof(*ent));
	if (!ent)
		goto nomem;
	ent->line = line;
	ent->key = dupn(ks, ke - ks);
	ent->value = dupn(vs, ve - vs);
	if (!ent->key || !ent->value) {
		free(ent->key);
		free(ent->value);
		free(ent);
		goto nomem;
	}
	for (pp = &sec->entries; *pp; pp = &(*pp)->next)
		;
	*pp = ent;
	return 0;
nomem:
	lm_seterr(err, errlen, "%s:%d: out of memory", cfg->file, line);
	return -1;
}

/* A section for the keys above the first header (line 0, no argument). */
static struct lm_config_section *implicit_section(const char *name,
						  struct lm_config_section ***tail)
{
	struct lm_config_section *sec = calloc(1, sizeof(*sec));

	if (!sec)
		return NULL;
	sec->name = strdup(name);
	if (!sec->name) {
		free(sec);
		return NULL;
	}
	**tail = sec;
	*tail = &sec->next;
	return sec;
}

static struct lm_config *parse(const char *buf, size_t len, const char *name,
			       const char *first, char *err, size_t errlen)
{
	struct lm_config *cfg;
	struct lm_config_section **tail, *cur = NULL;
	const char *p = buf, *end = buf + len;
	int line = 0;

	cfg = calloc(1, sizeof(*cfg));
	if (!cfg) {
		lm_seterr(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	cfg->file = strdup(name ? name : "<config>");
	if (!cfg->file) {
		free(cfg);
		lm_seterr(err, errlen, "out of memory");
		return NULL;
	}
	tail = &cfg->sections;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *s = p, *e = nl ? nl : end;

		line++;
		p = nl ? nl + 1 : end;
		if (e - s > LM_CONFIG_MAX_LINE) {
			lm_seterr(err, errlen, "%s:%d: line too long (max %d bytes)",
			       cfg->file, line, LM_CONFIG_MAX_LINE);
			goto fail;
		}
		trim(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			if (parse_header(cfg, s, e, line, &tail, &cur, err, errlen))
				goto fail;
			continue;
		}
		if (!cur && first && memchr(s, '=', e - s)) {
			cur = implicit_section(first, &tail);
			if (!cur) {
				lm_seterr(err, errlen, "%s:%d: out of memory",
					  cfg->file, line);
				goto fail;
			}
		}
		if (parse_entry(cfg, cur, s, e, line, err, errlen))
			goto fail;
	}
	return cfg;
fail:
	lm_config_free(cfg);
	return NULL;
}

struct lm_config *lm_config_parse(const char *buf, size_t len, const char *name,
				  char *err, size_t errlen)
{
	return parse(buf, len, name, NULL, err, errlen);
}

struct lm_config *lm_config_parse_in(const char *buf, size_t len,
				     const char *name, const char *first,
				     char *err, size_t errlen)
{
	return parse(buf, len, name, first, err, errlen);
}

struct lm_config *lm_config_load(const char *path, char *err, size_t errlen)
{
	struct lm_config *cfg;
	FILE *f;
	char *buf;
	size_t n;

	f = fopen(path, "r");
	if (!f) {
		lm_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(LM_CONFIG_MAX_SIZE + 1);
	if (!buf) {
		fclose(f);
		lm_seterr(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, LM_CONFIG_MAX_SIZE + 1, f);
	if (ferror(f)) {
		lm_seterr(err, errlen, "%s: read error", path);
		cfg = NULL;
	} else if (n > LM_CONFIG_MAX_SIZE) {
		lm_seterr(err, errlen, "%s: file too large (max %d bytes)", path,
		       LM_CONFIG_MAX_SIZE);
		cfg = NULL;
	} else {
		cfg = lm_config_parse(buf, n, path, err, errlen);
	}
	free(buf);
	fclose(f);
	return cfg;
}

struct lm_config_section *lm_config_next(struct lm_config *cfg,
					 struct lm_config_section *prev,
					 const char *name)
{
	struct lm_config_section *sec = prev ? prev->next : cfg->sections;

	for (; sec; sec = sec->next) {
		if (!strcmp(sec->name, name)) {
			sec->used = true;
			return sec;
		}
	}
	return NULL;
}

struct lm_config_section *lm_config_section(struct lm_config *cfg, const char *name)
{
	return lm_config_next(cfg, NULL, name);
}

struct lm_config_entry *lm_config_entry(struct lm_config_section *sec, const char *key)
{
	struct lm_config_entry *ent, *last = NULL;

	if (!sec)
		return NULL;
	for (ent = sec->entries; ent; ent = ent->next) {
		if (!strcmp(ent->key, key)) {
			ent->used = true;
			last = ent;
		}
	}
	return last;
}

int lm_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int lm_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int lm_parse_duration_ms(const char *s, uint64_t *out_ms)
{
	static const struct {
		const char *unit;
		uint64_t ms;
	} units[] = {
		{ "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
		{ "h", 3600000 }, { "d", 86400000 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!strcmp(end, units[i].unit)) {
			if (v > UINT64_MAX / 2 / units[i].ms)
				return -1;
			*out_ms = v * units[i].ms;
			return 0;
		}
	}
	return -1;
}

int lm_parse_bool(const char *s, bool *out)
{
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "true") ||
	    !strcasecmp(s, "on") || !strcmp(s, "1")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(s, "no") || !strcasecmp(s, "false") ||
	    !strcasecmp(s, "off") || !strcmp(s, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

int lm_config_str(const struct lm_config *cfg, struct lm_config_section *sec,
		  const char *key, const char **out, char *err, size_t errlen)
{
	struct lm_config_entry *ent = lm_config_entry(sec, key);

	(void)cfg;
	(void)err;
	(void)errlen;
	if (!ent)
		return 0;
	*out = ent->value;
	return 1;
}

int lm_config_long(const struct lm_config *cfg, struct lm_config_section *sec,
		   const char *key, long min, long max, long *out,
		   char *err, size_t errlen)
{
	struct lm_config_entry *ent = lm_config_entry(sec, key);

	if (!ent)
		return 0;
	if (lm_parse_long(ent->value, min, max, out)) {
		lm_seterr(err, errlen, "%s:%d: %s: expected an integer in %ld..%ld, got '%s'",
		       cfg->file, ent->line, key, min, max, ent->value);
		return -1;
	}
	return 1;
}

int lm_config_bool(const struct lm_config *cfg, struct lm_config_section *sec,
		   const char *key, bool *out, char *err, size_t errlen)
{
	struct lm_config_entry *ent = lm_config_entry(sec, key);

	if (!ent)
		return 0;
	if (lm_parse_bool(ent->value, out)) {
		lm_seterr(err, errlen, "%s:%d: %s: expected yes or no, got '%s'",
		       cfg->file, ent->line, key, ent->value);
		return -1;
	}
	return 1;
}

int lm_config_duration(const struct lm_config *cfg, struct lm_config_section *sec,
		       const char *key, uint64_t *out_ms, char *err, size_t errlen)
{
	struct lm_config_entry *ent = lm_config_entry(sec, key);

	if (!ent)
		return 0;
	if (lm_parse_duration_ms(ent->value, out_ms)) {
		lm_seterr(err, errlen,
		       "%s:%d: %s: expected a duration like 500ms, 10s, 5m, 1h, got '%s'",
		       cfg->file, ent->line, key, ent->value);
		return -1;
	}
	return 1;
}

int lm_config_double(const struct lm_config *cfg, struct lm_config_section *sec,
		     const char *key, double *out, char *err, size_t errlen)
{
	struct lm_config_entry *ent = lm_config_entry(sec, key);

	if (!ent)
		return 0;
	if (lm_parse_double(ent->value, out)) {
		lm_seterr(err, errlen, "%s:%d: %s: expected a number, got '%s'",
		       cfg->file, ent->line, key, ent->value);
		return -1;
	}
	return 1;
}

int lm_config_check_unused(const struct lm_config *cfg, char *err, size_t errlen)
{
	struct lm_config_section *sec;
	struct lm_config_entry *ent;

	for (sec = cfg->sections; sec; sec = sec->next) {
		if (!sec->used) {
			lm_seterr(err, errlen, "%s:%d: unknown section [%s]",
			       cfg->file, sec->line, sec->name);
			return -1;
		}
		for (ent = sec->entries; ent; ent = ent->next) {
			if (!ent->used) {
				lm_seterr(err, errlen, "%s:%d: unknown key '%s' in [%s]",
				       cfg->file, ent->line, ent->key, sec->name);
				return -1;
			}
		}
	}
	return 0;
}
