// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "lmesh/config.h"
#include "lmesh/rules.h"
#include "lmesh/upstream.h"
#include "tap.h"

static struct lm_config *P(const char *s, char *err)
{
	return lm_config_parse(s, strlen(s), "t.conf", err, LM_ERRLEN);
}

static void config_basic(void)
{
	char err[LM_ERRLEN];
	struct lm_config *c = P("# c\n[gateway]\nport = 1884\n ; x\n"
				"name = \" a b \"\n[rule \"a/+/b\"]\ndeadband=5%\n", err);
	struct lm_config_section *s;
	const char *v = NULL;
	long l = 0;

	TAP_CHECK(c);
	if (!c)
		return;
	s = lm_config_section(c, "gateway");
	TAP_CHECK(s && s->line == 2);
	TAP_CHECK(lm_config_long(c, s, "port", 1, 65535, &l, err, sizeof(err)) == 1 && l == 1884);
	TAP_CHECK(lm_config_str(c, s, "name", &v, err, sizeof(err)) == 1 && !strcmp(v, " a b "));
	TAP_CHECK(lm_config_str(c, s, "absent", &v, err, sizeof(err)) == 0);
	s = lm_config_section(c, "rule");
	TAP_CHECK(s && s->arg && !strcmp(s->arg, "a/+/b"));
	TAP_CHECK(lm_config_check_unused(c, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:7: unknown key 'deadband'") != NULL);
	lm_config_free(c);
}

static void config_errors(void)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "key = 1\n", "t.conf:1: key outside of any [section]" },
		{ "[a]\n\n[b\n", "t.conf:3: missing ']'" },
		{ "[a]\nnovalue\n", "t.conf:2: expected 'key = value'" },
		{ "[a]\nbad key = 1\n", "t.conf:2: invalid key name" },
		{ "[a]\nk = \"x\n", "t.conf:2: unbalanced quote" },
		{ "[]\n", "t.conf:1: invalid section name" },
		{ "[a \"\"]\n", "t.conf:1: empty section argument" },
	};
	char err[LM_ERRLEN];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lm_config *c = P(cases[i].text, err);

		TAP_CHECK(!c);
		TAP_CHECK(strstr(err, cases[i].msg) != NULL);
		if (!strstr(err, cases[i].msg))
			printf("# got '%s'\n", err);
		lm_config_free(c);
	}
}

/* lm_config_parse_in: keys above the first header land in a named section */
static void config_parse_in(void)
{
	static const char text[] = "# top\na = 1\nb = 2\n[x y]\nc = 3\n";
	char err[LM_ERRLEN];
	struct lm_config *c;
	struct lm_config_section *s;
	long l = 0;

	c = lm_config_parse_in(text, strlen(text), "t.conf", "global", err,
			       sizeof(err));
	TAP_CHECK_RET(c, );
	s = lm_config_section(c, "global");
	TAP_CHECK(s && s->line == 0 && !s->arg && s == c->sections);
	TAP_CHECK(lm_config_long(c, s, "b", 0, 9, &l, err, sizeof(err)) == 1 && l == 2);
	TAP_CHECK(s && s->entries && s->entries->line == 2);
	s = lm_config_section(c, "x");
	TAP_CHECK(s && s->line == 4 && s->arg && !strcmp(s->arg, "y"));
	lm_config_free(c);
	/* the same text is still an error for lm_config_parse */
	c = P(text, err);
	TAP_CHECK(!c && strstr(err, "t.conf:2: key outside of any [section]"));
	lm_config_free(c);
	/* a file that starts with a header gets no extra section */
	c = lm_config_parse_in("[x]\nc = 3\n", 10, "t.conf", "global", err,
			       sizeof(err));
	TAP_CHECK(c && !lm_config_section(c, "global"));
	lm_config_free(c);
	/* a line without '=' above any header is still a syntax error */
	c = lm_config_parse_in("a 1\n", 4, "t.conf", "global", err, sizeof(err));
	TAP_CHECK(!c && strstr(err, "t.conf:1: expected 'key = value'"));
	lm_config_free(c);
}

static void config_typed(void)
{
	char err[LM_ERRLEN];
	struct lm_config *c = P("[s]\nd1 = 250ms\nd2 = 3\nd3 = 2m\nbad = 3x\n"
				"b = yes\nn = 70000\nf = 1.5e2\n", err);
	struct lm_config_section *s = lm_config_section(c, "s");
	uint64_t ms;
	bool b;
	long l;
	double d;

	TAP_CHECK(lm_config_duration(c, s, "d1", &ms, err, sizeof(err)) == 1 && ms == 250);
	TAP_CHECK(lm_config_duration(c, s, "d2", &ms, err, sizeof(err)) == 1 && ms == 3000);
	TAP_CHECK(lm_config_duration(c, s, "d3", &ms, err, sizeof(err)) == 1 && ms == 120000);
	TAP_CHECK(lm_config_duration(c, s, "bad", &ms, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:5: bad: expected a duration") != NULL);
	TAP_CHECK(lm_config_bool(c, s, "b", &b, err, sizeof(err)) == 1 && b);
	TAP_CHECK(lm_config_long(c, s, "n", 1, 65535, &l, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:7:") != NULL);
	TAP_CHECK(lm_config_double(c, s, "f", &d, err, sizeof(err)) == 1 && d == 150);
	TAP_CHECK(lm_config_check_unused(c, err, sizeof(err)) == 0);
	lm_config_free(c);
}

static void config_rules(void)
{
	char err[LM_ERRLEN];
	struct lm_config *c = P("[rule \"s/+/t\"]\ndeadband = 5%\nmin_interval = 2s\n"
				"[rule s/#]\naggregate = 10s\naggregate_suffix = /agg\n"
				"[rule x]\nalert_above = 30\n", err);
	struct lm_rules *r = lm_rules_new();

	TAP_CHECK(c);
	TAP_CHECK(lm_rules_load_config(r, c, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:7: [rule x]: a threshold needs a valid alert_topic") != NULL);
	lm_rules_free(r);
	lm_config_free(c);

	c = P("[rule a]\ndeadband = -1\n", err);
	r = lm_rules_new();
	TAP_CHECK(lm_rules_load_config(r, c, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:2: deadband") != NULL);
	lm_rules_free(r);
	lm_config_free(c);

	c = P("[rule a/#/b]\n", err);
	r = lm_rules_new();
	TAP_CHECK(lm_rules_load_config(r, c, err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "invalid topic filter") != NULL);
	lm_rules_free(r);
	lm_config_free(c);
}

static void config_upstream(void)
{
	char err[LM_ERRLEN];
	struct lm_upstream_cfg u;
	struct lm_config *c = P("[upstream]\nhost = h\nport = 8883\nclient_id = gw\n"
				"cafile = /ca\nqueue_file = /q\nreconnect_max = 5s\n", err);

	TAP_CHECK(lm_upstream_cfg_load(&u, c, "upstream", err, sizeof(err)) == 0);
	TAP_CHECK(u.port == 8883 && !strcmp(u.host, "h") && !strcmp(u.cafile, "/ca"));
	TAP_CHECK(u.reconnect_max_ms == 5000 && u.protocol == 3);
	lm_config_free(c);
	c = P("[upstream]\nport = 0\nclient_id = gw\n", err);
	TAP_CHECK(lm_upstream_cfg_load(&u, c, "upstream", err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "t.conf:2: port") != NULL);
	lm_config_free(c);
	c = P("[upstream]\nhost = x\n", err);
	TAP_CHECK(lm_upstream_cfg_load(&u, c, "upstream", err, sizeof(err)) == -1);
	TAP_CHECK(strstr(err, "needs client_id") != NULL);
	lm_config_free(c);
}

/*
 * A name with several addresses (a standard Debian /etc/hosts gives
 * localhost ::1 and 127.0.0.1): every one is kept, in getaddrinfo's order,
 * once each (getaddrinfo lists an address per socket type).
 */
static void upstream_addr_list(void)
{
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 }, ll = v6;
	struct sockaddr_in v4 = { .sin_family = AF_INET }, v4b = v4;
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct addrinfo ai[7] = {
		{ .ai_family = AF_INET6, .ai_socktype = SOCK_STREAM,
		  .ai_addr = (struct sockaddr *)&v6, .ai_addrlen = sizeof(v6) },
		{ .ai_family = AF_INET6, .ai_socktype = SOCK_DGRAM,
		  .ai_addr = (struct sockaddr *)&v6, .ai_addrlen = sizeof(v6) },
		{ .ai_family = AF_UNIX, .ai_socktype = SOCK_STREAM,
		  .ai_addr = (struct sockaddr *)&un, .ai_addrlen = sizeof(un) },
		{ .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
		  .ai_addr = (struct sockaddr *)&v4, .ai_addrlen = sizeof(v4) },
		{ .ai_family = AF_INET, .ai_socktype = SOCK_RAW,
		  .ai_addr = (struct sockaddr *)&v4, .ai_addrlen = sizeof(v4) },
		{ .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
		  .ai_addr = (struct sockaddr *)&v4b, .ai_addrlen = sizeof(v4b) },
		{ .ai_family = AF_INET6, .ai_socktype = SOCK_STREAM,
		  .ai_addr = (struct sockaddr *)&ll, .ai_addrlen = sizeof(ll) },
	};
	char out[LM_UPSTREAM_MAX_ADDRS][LM_UPSTREAM_ADDRLEN];
	int i;

	for (i = 0; i < 6; i++)
		ai[i].ai_next = &ai[i + 1];
	inet_pton(AF_INET6, "::1", &v6.sin6_addr);
	inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
	inet_pton(AF_INET, "192.0.2.7", &v4b.sin_addr);
	inet_pton(AF_INET6, "fe80::1", &ll.sin6_addr);
	ll.sin6_scope_id = 1;	/* lo */
	TAP_CHECK(lm_upstream_addr_list(ai, out, LM_UPSTREAM_MAX_ADDRS) == 4);
	TAP_CHECK(!strcmp(out[0], "::1"));
	TAP_CHECK(!strcmp(out[1], "127.0.0.1"));
	TAP_CHECK(!strcmp(out[2], "192.0.2.7"));
	TAP_CHECK(!strncmp(out[3], "fe80::1%", 8));	/* the scope kept */
	TAP_CHECK(lm_upstream_addr_list(ai, out, 2) == 2);
	TAP_CHECK(!strcmp(out[1], "127.0.0.1"));
	TAP_CHECK(lm_upstream_addr_list(&ai[2], out, 4) == 3);
	TAP_CHECK(!strcmp(out[0], "127.0.0.1"));
	TAP_CHECK(lm_upstream_addr_list(NULL, out, 4) == 0);
}

int main(void)
{
	TAP_RUN(config_basic);
	TAP_RUN(config_errors);
	TAP_RUN(config_parse_in);
	TAP_RUN(config_typed);
	TAP_RUN(config_rules);
	TAP_RUN(config_upstream);
	TAP_RUN(upstream_addr_list);
	return tap_done();
}
