// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - iotctl config: a mesh interface from one file
 * (/etc/lowpan-mesh/NAME.conf, lowpan-mesh.conf(5))
 *
 * The file is read with liblmesh's parser (lmesh/config.h) and turned
 * into the command lines of the other objects (radio set, dev add, dev
 * set, key ..., ctx ..., route add), which are run through iot_run() with
 * the file and line of what they came from in iot_where. "check" runs
 * them with iot_check_only set: every command checks its arguments and
 * stops before it touches the system. "apply" does the same first, so a
 * file with an error changes nothing, then runs them for real.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <lmesh/config.h>

#include "batch.h"
#include "iotctl.h"
#include "parse.h"

#define CONF_MAX_ROUTES	256
#define CONF_WAIT_MAX	3600	/* seconds "apply ... wait S" may wait */

/* one command line built from the file; the words live in @buf */
struct conf_cmd {
	int argc;
	char *argv[BATCH_MAX_ARGS];
	char buf[2048];
	size_t used;
	bool overflow;
};

struct conf {
	struct lm_config *cfg;
	const char *file;
	bool apply;
	const char *wpan;
	int wpan_line;
	char name[IF_NAMESIZE];
	bool up;
	struct lm_config_section *radio, *mesh, *security, *routes;
};

static void cmd_init(struct conf_cmd *c)
{
	c->argc = 0;
	c->used = 0;
	c->overflow = false;
}

/* a copy of @s, split into words when @split (batch file quoting) */
static void cmd_add(struct conf_cmd *c, const char *s, bool split)
{
	size_t n = strlen(s) + 1;
	char *p = c->buf + c->used;
	int k;

	if (c->overflow || n > sizeof(c->buf) - c->used ||
	    c->argc >= BATCH_MAX_ARGS) {
		c->overflow = true;
		return;
	}
	memcpy(p, s, n);
	c->used += n;
	if (!split) {
		c->argv[c->argc++] = p;
		return;
	}
	k = batch_split(p, c->argv + c->argc, BATCH_MAX_ARGS - c->argc);
	if (k < 0)
		c->overflow = true;
	else
		c->argc += k;
}

/* a new command of three words: OBJECT VERB TARGET ("radio set wpan0") */
static void cmd_start(struct conf_cmd *c, const char *obj, const char *verb,
		      const char *target)
{
	cmd_init(c);
	cmd_add(c, obj, false);
	cmd_add(c, verb, false);
	cmd_add(c, target, false);
}

static void where(const struct conf *cf, int line)
{
	if (line > 0)
		snprintf(iot_where, sizeof(iot_where), "%s:%d", cf->file, line);
	else
		snprintf(iot_where, sizeof(iot_where), "%s", cf->file);
}

/* run @c as if it stood on @line of the file */
static int cmd_run(const struct conf *cf, struct conf_cmd *c, int line)
{
	int ret;

	where(cf, line);
	if (c->overflow) {
		iot_err("value too long, more than %d words, or an unterminated quote",
			BATCH_MAX_ARGS);
		return IOT_FAIL;
	}
	ret = iot_run(c->argc, c->argv);
	fflush(stdout);
	return ret ? IOT_FAIL : IOT_OK;
}

/* a message naming @line of the file; returns IOT_FAIL */
static int conf_err(const struct conf *cf, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int conf_err(const struct conf *cf, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(cf, line);
	iot_err("%s", msg);
	return IOT_FAIL;
}

/* the one section called @name, or NULL; a second one is an error */
static int one_section(struct conf *cf, const char *name,
		       struct lm_config_section **out)
{
	struct lm_config_section *s, *again;

	s = lm_config_section(cf->cfg, name);
	*out = s;
	if (!s)
		return IOT_OK;
	if (s->arg)
		return conf_err(cf, s->line, "[%s] takes no argument", name);
	again = lm_config_next(cf->cfg, s, name);
	if (again)
		return conf_err(cf, again->line,
				"a second [%s] section (the first is at line %d)",
				name, s->line);
	return IOT_OK;
}

/* a key that may be given once, given twice: an error at the second */
static int once(struct conf *cf, struct lm_config_section *s,
		const char *const *keys)
{
	struct lm_config_entry *e, *f;

	if (!s)
		return IOT_OK;
	for (; *keys; keys++)
		for (e = s->entries; e; e = e->next)
			for (f = e->next; f && !strcmp(e->key, *keys); f = f->next)
				if (!strcmp(f->key, *keys))
					return conf_err(cf, f->line,
							"%s given twice (first at line %d)",
							*keys, e->line);
	return IOT_OK;
}

/* "on" or "off" of @e into @out */
static int onoff(struct conf *cf, struct lm_config_entry *e, bool *out)
{
	if (parse_onoff(e->value, out))
		return conf_err(cf, e->line, "invalid %s \"%s\" (on or off)",
				e->key, e->value);
	return IOT_OK;
}

/* --- the sections, in the order of applying --------------------------- */

/* [radio]: device = WPAN, then everything of "radio set" */
static int do_radio(struct conf *cf)
{
	struct lm_config_entry *e;
	struct conf_cmd c;
	int ret;

	if (!cf->apply) {
		/* each setting on its own line, for the line of an error */
		for (e = cf->radio->entries; e; e = e->next) {
			if (!strcmp(e->key, "device"))
				continue;
			cmd_start(&c, "radio", "set", cf->wpan);
			cmd_add(&c, e->key, false);
			cmd_add(&c, e->value, false);
			ret = cmd_run(cf, &c, e->line);
			if (ret)
				return ret;
		}
	}
	cmd_start(&c, "radio", "set", cf->wpan);
	for (e = cf->radio->entries; e; e = e->next) {
		e->used = true;
		if (strcmp(e->key, "device")) {
			cmd_add(&c, e->key, false);
			cmd_add(&c, e->value, false);
		}
	}
	/* ackreq on and 3 retries unless the file says otherwise */
	cmd_add(&c, "mesh-defaults", false);
	return cmd_run(cf, &c, cf->radio->line);
}

static bool mesh_own_key(const char *key)
{
	return !strcmp(key, "name") || !strcmp(key, "up") ||
	       !strcmp(key, "ctx_authority");
}

/* [mesh]: everything of "dev set" but security */
static int do_mesh_set(struct conf *cf)
{
	struct lm_config_entry *e;
	struct conf_cmd c;
	bool any = false;
	int ret;

	if (!cf->mesh)
		return IOT_OK;
	for (e = cf->mesh->entries; e; e = e->next) {
		if (mesh_own_key(e->key))
			continue;
		if (!strcmp(e->key, "security") ||
		    !strcmp(e->key, "security-level"))
			return conf_err(cf, e->line,
					"%s belongs in [security] (enabled, level)",
					e->key);
		e->used = true;
		any = true;
		if (cf->apply)
			continue;
		cmd_start(&c, "dev", "set", cf->name);
		cmd_add(&c, e->key, false);
		cmd_add(&c, e->value, false);
		ret = cmd_run(cf, &c, e->line);
		if (ret)
			return ret;
	}
	if (!any)
		return IOT_OK;
	cmd_start(&c, "dev", "set", cf->name);
	for (e = cf->mesh->entries; e; e = e->next) {
		if (mesh_own_key(e->key))
			continue;
		cmd_add(&c, e->key, false);
		cmd_add(&c, e->value, false);
	}
	return cmd_run(cf, &c, cf->mesh->line);
}

/* a command "OBJ CMD... VALUE-WORDS dev NAME" */
static int run_dev_cmd(struct conf *cf, const char *const *words,
		       const char *value, int line)
{
	struct conf_cmd c;

	cmd_init(&c);
	for (; *words; words++)
		cmd_add(&c, *words, false);
	if (value)
		cmd_add(&c, value, true);
	cmd_add(&c, "dev", false);
	cmd_add(&c, cf->name, false);
	return cmd_run(cf, &c, line);
}

/* [security]: key = ID HEXKEY, peer = EXTADDR [short ADDR], use, level, enabled */
static int do_security(struct conf *cf)
{
	static const char *const key_add[] = { "key", "add", NULL };
	static const char *const peer_add[] = { "key", "peer", "add", NULL };
	static const char *const key_use[] = { "key", "use", NULL };
	struct lm_config_section *s = cf->security;
	struct lm_config_entry *e, *use, *level, *en;
	struct conf_cmd c;
	bool enabled = true, any_key = false;
	int ret;

	if (!s)
		return IOT_OK;
	use = lm_config_entry(s, "use");
	level = lm_config_entry(s, "level");
	en = lm_config_entry(s, "enabled");
	if (en && onoff(cf, en, &enabled))
		return IOT_FAIL;
	for (e = s->entries; e; e = e->next) {
		if (!strcmp(e->key, "key")) {
			e->used = true;
			any_key = true;
			ret = run_dev_cmd(cf, key_add, e->value, e->line);
			if (ret)
				return ret;
		}
	}
	if (!any_key)
		return conf_err(cf, s->line,
				"[security] without a key (key = ID HEXKEY)");
	for (e = s->entries; e; e = e->next) {
		if (!strcmp(e->key, "peer")) {
			e->used = true;
			ret = run_dev_cmd(cf, peer_add, e->value, e->line);
			if (ret)
				return ret;
		}
	}
	if (use) {
		ret = run_dev_cmd(cf, key_use, use->value, use->line);
		if (ret)
			return ret;
	}
	if (!enabled && !level)
		return IOT_OK;
	cmd_start(&c, "dev", "set", cf->name);
	cmd_add(&c, "security", false);
	cmd_add(&c, enabled ? "on" : "off", false);
	if (level) {
		cmd_add(&c, "security-level", false);
		cmd_add(&c, level->value, false);
	}
	return cmd_run(cf, &c, level ? level->line : en ? en->line : s->line);
}

/* [context CID] sections: prefix (required), compress, lifetime */
static int do_contexts(struct conf *cf)
{
	struct lm_config_section *s = NULL, *o;
	struct lm_config_entry *p, *e;
	struct conf_cmd c;
	uint32_t cid;
	int ret;

	while ((s = lm_config_next(cf->cfg, s, "context"))) {
		if (!s->arg || parse_u32(s->arg, 0, 15, &cid))
			return conf_err(cf, s->line,
					"[context CID]: CID is 0 to 15");
		for (o = cf->cfg->sections; o != s; o = o->next)
			if (!strcmp(o->name, "context") && o->arg &&
			    !strcmp(o->arg, s->arg))
				return conf_err(cf, s->line,
						"context %s given twice (first at line %d)",
						s->arg, o->line);
		p = lm_config_entry(s, "prefix");
		if (!p)
			return conf_err(cf, s->line,
					"[context %s] without prefix = PREFIX/LEN",
					s->arg);
		cmd_start(&c, "ctx", "add", s->arg);
		cmd_add(&c, p->value, false);
		cmd_add(&c, "dev", false);
		cmd_add(&c, cf->name, false);
		if (!cf->apply) {
			ret = cmd_run(cf, &c, p->line);
			if (ret)
				return ret;
		}
		for (e = s->entries; e && !cf->apply; e = e->next) {
			if (strcmp(e->key, "compress") &&
			    strcmp(e->key, "lifetime"))
				continue;	/* unknown: reported as such */
			/* each on its own first, for its line */
			cmd_add(&c, e->key, false);
			cmd_add(&c, e->value, false);
			ret = cmd_run(cf, &c, e->line);
			if (ret)
				return ret;
			c.argc -= 2;
		}
		for (e = s->entries; e; e = e->next) {
			if (strcmp(e->key, "compress") &&
			    strcmp(e->key, "lifetime"))
				continue;
			e->used = true;
			cmd_add(&c, e->key, false);
			cmd_add(&c, e->value, false);
		}
		ret = cmd_run(cf, &c, s->line);
		if (ret)
			return ret;
	}
	return IOT_OK;
}

static int do_authority(struct conf *cf)
{
	static const char *const auth[] = { "ctx", "authority", NULL };
	struct lm_config_entry *e;

	e = cf->mesh ? lm_config_entry(cf->mesh, "ctx_authority") : NULL;
	if (!e)
		return IOT_OK;
	return run_dev_cmd(cf, auth, e->value, e->line);
}

/* [routes]: route = DEST via NEXTHOP [metric N], one per destination */
static int do_routes(struct conf *cf)
{
	static const char *const add[] = { "route", "add", NULL };
	static struct ieee802154_addr_arg dst[CONF_MAX_ROUTES];
	static int dst_line[CONF_MAX_ROUTES];
	struct ieee802154_addr_arg a;
	struct lm_config_entry *e;
	struct conf_cmd c;
	int n = 0, k, ret;

	if (!cf->routes)
		return IOT_OK;
	for (e = cf->routes->entries; e; e = e->next) {
		if (strcmp(e->key, "route"))
			continue;	/* unknown: reported as such */
		e->used = true;
		ret = run_dev_cmd(cf, add, e->value, e->line);
		if (ret)
			return ret;
		if (cf->apply)
			continue;
		/* route add has checked the words: the first is DEST */
		cmd_init(&c);
		cmd_add(&c, e->value, true);
		if (c.argc < 1 || parse_ieee802154_addr(c.argv[0], &a))
			continue;
		for (k = 0; k < n; k++)
			if (dst[k].kind == a.kind &&
			    dst[k].short_addr == a.short_addr &&
			    dst[k].ext_addr == a.ext_addr)
				return conf_err(cf, e->line,
						"a second route to %s (the first is at line %d)",
						c.argv[0], dst_line[k]);
		if (n == CONF_MAX_ROUTES)
			return conf_err(cf, e->line, "more than %d routes",
					CONF_MAX_ROUTES);
		dst[n] = a;
		dst_line[n++] = e->line;
	}
	return IOT_OK;
}

/* --- reading the file ---------------------------------------------------- */

/* the name of the mesh interface when the file has none: FILE's name */
static void default_name(const char *path, char name[IF_NAMESIZE])
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".conf"))
		n -= 5;
	if (n >= IF_NAMESIZE)
		n = 0;	/* too long: "name = " is then required */
	memcpy(name, b, n);
	name[n] = '\0';
}

/* the sections and keys every pass needs; IOT_OK or IOT_FAIL */
static int conf_read(struct conf *cf, const char *path)
{
	static const char *const radio_once[] = { "device", NULL };
	static const char *const mesh_once[] = { "name", "up", "ctx_authority",
						 NULL };
	static const char *const sec_once[] = { "use", "level", "enabled",
						NULL };
	static const char *const ctx_once[] = { "prefix", "compress",
						"lifetime", NULL };
	struct lm_config_section *s;
	char err[LM_ERRLEN];
	struct lm_config_entry *e;

	memset(cf, 0, sizeof(*cf));
	cf->file = path;
	cf->cfg = lm_config_load(path, err, sizeof(err));
	if (!cf->cfg) {
		iot_err("%s", err);
		return IOT_FAIL;
	}
	if (one_section(cf, "radio", &cf->radio) ||
	    one_section(cf, "mesh", &cf->mesh) ||
	    one_section(cf, "security", &cf->security) ||
	    one_section(cf, "routes", &cf->routes))
		return IOT_FAIL;
	if (once(cf, cf->radio, radio_once) || once(cf, cf->mesh, mesh_once) ||
	    once(cf, cf->security, sec_once))
		return IOT_FAIL;
	for (s = cf->cfg->sections; s; s = s->next)
		if (!strcmp(s->name, "context") && once(cf, s, ctx_once))
			return IOT_FAIL;
	if (!cf->radio)
		return conf_err(cf, 0,
				"no [radio] section (it names the wpan device: device = wpan0)");
	e = lm_config_entry(cf->radio, "device");
	if (!e)
		return conf_err(cf, cf->radio->line,
				"[radio] without device = WPAN (the wpan device, e.g. wpan0)");
	if (!valid_ifname(e->value))
		return conf_err(cf, e->line, "invalid device name \"%s\"",
				e->value);
	cf->wpan = e->value;
	cf->wpan_line = e->line;
	default_name(path, cf->name);
	cf->up = true;
	if (cf->mesh) {
		e = lm_config_entry(cf->mesh, "name");
		if (e) {
			if (!valid_ifname(e->value))
				return conf_err(cf, e->line,
						"invalid interface name \"%s\" (1 to %d characters, no '/', ':' or blanks)",
						e->value, IF_NAMESIZE - 1);
			snprintf(cf->name, sizeof(cf->name), "%s", e->value);
		}
		e = lm_config_entry(cf->mesh, "up");
		if (e && onoff(cf, e, &cf->up))
			return IOT_FAIL;
	}
	if (!cf->name[0] || !valid_ifname(cf->name))
		return conf_err(cf, cf->mesh ? cf->mesh->line : 0,
				"the file's name is no interface name: set name = NAME in [mesh]");
	return IOT_OK;
}

/* every command with iot_check_only; IOT_OK or IOT_FAIL (message printed) */
static int conf_check(struct conf *cf)
{
	char err[LM_ERRLEN];
	int ret;

	iot_check_only = true;
	cf->apply = false;
	ret = do_radio(cf);
	if (!ret)
		ret = do_mesh_set(cf);
	if (!ret)
		ret = do_security(cf);
	if (!ret)
		ret = do_contexts(cf);
	if (!ret)
		ret = do_authority(cf);
	if (!ret)
		ret = do_routes(cf);
	iot_check_only = false;
	if (!ret && lm_config_check_unused(cf->cfg, err, sizeof(err))) {
		iot_where[0] = '\0';
		iot_err("%s", err);
		ret = IOT_FAIL;
	}
	iot_where[0] = '\0';
	return ret;
}

/* --- links --------------------------------------------------------------- */

static int link_flags(const char *name, bool up, bool set, bool *was_up)
{
	struct ifreq ifr;
	int fd, ret = IOT_OK;

	fd = iot_ifreq_socket(&ifr, name);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		iot_err("%s: %s", name, strerror(errno));
		ret = IOT_FAIL;
		goto out;
	}
	if (was_up)
		*was_up = ifr.ifr_flags & IFF_UP;
	if (!set || !!(ifr.ifr_flags & IFF_UP) == up)
		goto out;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		iot_err("%s: cannot set it %s: %s", name, up ? "up" : "down",
			strerror(errno));
		ret = IOT_FAIL;
	}
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

static int wait_dev(struct conf *cf, unsigned int secs)
{
	struct timespec t = { 0, 100 * 1000 * 1000 };
	unsigned long tries = secs * 10UL;

	while (!if_nametoindex(cf->wpan)) {
		if (!tries--)
			return conf_err(cf, cf->wpan_line,
					"wpan device \"%s\" not found%s", cf->wpan,
					secs ? " (waited for it)" : "");
		nanosleep(&t, NULL);
	}
	return IOT_OK;
}

/* run "OBJ CMD ARG FIRST-WORD-OF-VALUE [dev WPAN]" without a word on stdout/stderr */
static void run_quiet(struct conf *cf, const char *const *words,
		      const char *value, bool dev)
{
	struct conf_cmd c, v;
	int fd, out, err;

	cmd_init(&c);
	for (; *words; words++)
		cmd_add(&c, *words, false);
	if (value) {
		cmd_init(&v);
		cmd_add(&v, value, true);
		if (v.overflow || v.argc < 1)
			return;
		cmd_add(&c, v.argv[0], false);
	}
	if (dev) {
		cmd_add(&c, "dev", false);
		cmd_add(&c, cf->wpan, false);
	}
	fflush(stdout);
	fflush(stderr);
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	out = dup(1);
	err = dup(2);
	if (fd < 0 || out < 0 || err < 0)
		goto out;
	dup2(fd, 1);
	dup2(fd, 2);
	cmd_run(cf, &c, 0);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
out:
	if (fd >= 0)
		close(fd);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
}

/*
 * The keys and peers of an earlier apply stay on the wpan device (the
 * mesh interface goes, they do not): security off, then the file's peers
 * and keys deleted, so that adding them again does not fail. Errors (none
 * there on a fresh boot) are not shown.
 */
static void security_reset(struct conf *cf)
{
	static const char *const peer_del[] = { "key", "peer", "del", NULL };
	static const char *const key_del[] = { "key", "del", NULL };
	const char *const off[] = { "dev", "set", cf->wpan, "security", "off",
				    NULL };
	struct lm_config_entry *e;

	if (!cf->security)
		return;
	run_quiet(cf, off, NULL, false);
	for (e = cf->security->entries; e; e = e->next)
		if (!strcmp(e->key, "peer"))
			run_quiet(cf, peer_del, e->value, true);
	for (e = cf->security->entries; e; e = e->next)
		if (!strcmp(e->key, "key"))
			run_quiet(cf, key_del, e->value, true);
}

static int conf_apply(struct conf *cf, unsigned int wait_s)
{
	static const char *const del[] = { "dev", "del", NULL };
	struct conf_cmd c;
	int ret;

	ret = wait_dev(cf, wait_s);
	if (ret)
		return ret;
	cf->apply = true;
	/* from scratch: the interface of an earlier apply goes first */
	if (if_nametoindex(cf->name)) {
		cmd_start(&c, del[0], del[1], cf->name);
		ret = cmd_run(cf, &c, 0);
		if (ret)
			return ret;
	}
	security_reset(cf);
	where(cf, cf->wpan_line);
	ret = link_flags(cf->wpan, false, true, NULL);
	if (!ret)
		ret = do_radio(cf);
	if (!ret && cf->up) {
		where(cf, cf->wpan_line);
		ret = link_flags(cf->wpan, true, true, NULL);
	}
	if (ret)
		goto out;
	cmd_start(&c, "dev", "add", cf->wpan);
	cmd_add(&c, "name", false);
	cmd_add(&c, cf->name, false);
	ret = cmd_run(cf, &c, cf->mesh ? cf->mesh->line : cf->wpan_line);
	if (!ret)
		ret = do_mesh_set(cf);
	if (!ret)
		ret = do_security(cf);
	if (!ret)
		ret = do_contexts(cf);
	if (!ret)
		ret = do_authority(cf);
	if (!ret && cf->up) {
		where(cf, cf->mesh ? cf->mesh->line : 0);
		ret = link_flags(cf->name, true, true, NULL);
	}
	if (!ret)
		ret = do_routes(cf);
out:
	iot_where[0] = '\0';
	return ret;
}

/* --- commands ------------------------------------------------------------ */

static int config_check(int argc, char **argv)
{
	struct conf cf;
	int ret;

	if (argc < 1)
		return iot_usage_err("missing FILE");
	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	ret = conf_read(&cf, argv[0]);
	if (!ret)
		ret = conf_check(&cf);
	if (!ret)
		printf("%s: ok (%s on %s)\n", argv[0], cf.name, cf.wpan);
	lm_config_free(cf.cfg);
	return ret;
}

static int config_apply(int argc, char **argv)
{
	struct conf cf;
	uint32_t wait_s = 0;
	int ret;

	if (argc < 1)
		return iot_usage_err("missing FILE");
	if (argc > 1) {
		if (strcmp(argv[1], "wait"))
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[1]);
		if (argc < 3 || parse_u32(argv[2], 0, CONF_WAIT_MAX, &wait_s))
			return iot_usage_err("wait needs seconds (0 to %d)",
					     CONF_WAIT_MAX);
		if (argc > 3)
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[3]);
	}
	ret = conf_read(&cf, argv[0]);
	if (!ret)
		ret = conf_check(&cf);
	if (!ret)
		ret = conf_apply(&cf, wait_s);
	lm_config_free(cf.cfg);
	return ret;
}

static int config_down(int argc, char **argv)
{
	struct conf cf;
	struct conf_cmd c;
	int ret;

	if (argc < 1)
		return iot_usage_err("missing FILE");
	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	ret = conf_read(&cf, argv[0]);
	if (!ret && if_nametoindex(cf.name)) {
		cmd_start(&c, "dev", "del", cf.name);
		ret = cmd_run(&cf, &c, 0);
		iot_where[0] = '\0';
	}
	lm_config_free(cf.cfg);
	return ret;
}

static const struct iot_cmd config_cmds[] = {
	{ "check", "FILE",
	  "check a mesh interface's file (lowpan-mesh.conf(5)) without touching the system; errors as FILE:LINE",
	  config_check },
	{ "apply", "FILE [wait SECONDS]",
	  "check FILE, then set up its radio, mesh interface, keys, contexts and routes (an interface of the same name is deleted first)",
	  config_apply },
	{ "down", "FILE", "delete the mesh interface FILE names", config_down },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj config_obj = {
	.name = "config",
	.help = "a mesh interface from a file (/etc/lowpan-mesh/NAME.conf)",
	.cmds = config_cmds,
};

IOTCTL_OBJECT(config_obj)
