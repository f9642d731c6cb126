// SPDX-License-Identifier: GPL-2.0
/*
 * unit.c - coapd's pure code under ASan/UBSan: JSON writer, counters,
 * config file (every error names file:line), mesh tables as JSON, device
 * value formatting. TAP (tests/lib/tap.h); run.sh relays the results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lowpan_mesh.h>
#include <lmesh/config.h>
#include <lmesh/rules.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "acl.h"
#include "config.h"
#include <lmesh/json.h>
#include "mesh.h"
#include "stats.h"
#include "tap.h"
#include "value.h"

/* a test stops at its first failed check */
#define CHECK(cond) TAP_CHECK_RET(cond, 1)

static char *json_of(void (*build)(struct jbuf *))
{
	struct jbuf jb;

	jb_init(&jb);
	build(&jb);
	return jb_take(&jb, NULL);
}

static void build_nested(struct jbuf *jb)
{
	jb_obj_open(jb, NULL);
	jb_str(jb, "a", "x\"y\\z\n\t\x01");
	jb_arr_open(jb, "l");
	jb_u64(jb, NULL, 1);
	jb_i64(jb, NULL, -2);
	jb_bool(jb, NULL, true);
	jb_null(jb, NULL);
	jb_double(jb, NULL, 0.5);
	jb_obj_open(jb, NULL);
	jb_obj_close(jb);
	jb_arr_close(jb);
	jb_str(jb, "n", NULL);
	jb_obj_close(jb);
}

static int t_json_nested(void)
{
	char *s = json_of(build_nested);

	CHECK(s);
	CHECK(!strcmp(s, "{\"a\":\"x\\\"y\\\\z\\n\\t\\u0001\",\"l\":[1,-2,true,null,0.5,{}],\"n\":null}"));
	free(s);
	return 0;
}

static void build_unbalanced(struct jbuf *jb)
{
	jb_obj_close(jb);
}

static int t_json_unbalanced(void)
{
	CHECK(json_of(build_unbalanced) == NULL);
	return 0;
}

static void build_deep(struct jbuf *jb)
{
	int i;

	for (i = 0; i < JB_MAX_DEPTH + 2; i++)
		jb_arr_open(jb, NULL);
}

static int t_json_deep(void)
{
	CHECK(json_of(build_deep) == NULL);
	return 0;
}

static void build_big(struct jbuf *jb)
{
	int i;

	jb_arr_open(jb, NULL);
	for (i = 0; i < 10000; i++)
		jb_str(jb, NULL, "0123456789");
	jb_arr_close(jb);
}

static int t_json_big(void)
{
	char *s = json_of(build_big);

	CHECK(s && strlen(s) == 2 + 10000 * 12 + 9999);
	free(s);
	return 0;
}

static int t_stats(void)
{
	struct coapd_stats st = { .started_ms = 1000 };
	struct jbuf jb;
	char *s;

	coapd_stats_request(&st, 1);
	coapd_stats_request(&st, 3);
	coapd_stats_request(&st, 99);
	coapd_stats_response(&st, (2 << 5) | 5);
	coapd_stats_response(&st, (4 << 5) | 4);
	coapd_stats_response(&st, (5 << 5) | 3);
	coapd_stats_response(&st, 0);
	CHECK(st.requests == 3 && st.get == 1 && st.put == 1 && st.other == 1);
	CHECK(st.resp_2xx == 1 && st.resp_4xx == 1 && st.resp_5xx == 1 &&
	      st.resp_other == 1);
	jb_init(&jb);
	coapd_stats_json(&st, NULL, 6500, &jb);
	s = jb_take(&jb, NULL);
	CHECK(s);
	CHECK(strstr(s, "\"uptime_s\":5,"));
	CHECK(strstr(s, "\"responses\":{\"2xx\":1,\"4xx\":1,\"5xx\":1,\"other\":1}"));
	CHECK(!strstr(s, "upstream"));
	free(s);
	return 0;
}

/* parse @text as file "t.conf"; 0 ok, else -1 and the message in @err */
static int conf(const char *text, struct coapd_config *cc, char *err,
		size_t errlen, struct lm_config **lc)
{
	*lc = lm_config_parse(text, strlen(text), "t.conf", err, errlen);
	if (!*lc)
		return -1;
	return coapd_config_from(cc, *lc, err, errlen);
}

static int conf_err(const char *text, const char *want)
{
	struct coapd_config cc;
	struct lm_config *lc = NULL;
	char err[512] = "";
	int r = conf(text, &cc, err, sizeof(err), &lc);

	if (lc)
		coapd_config_free(&cc);
	lm_config_free(lc);
	if (r == 0 || !strstr(err, want)) {
		printf("#   want error with '%s', got %d '%s'\n", want, r, err);
		return 1;
	}
	return 0;
}

static int t_config_full(void)
{
	static const char text[] =
		"[server]\n"
		"listen = 127.0.0.1\n"
		"listen = [::1]\n"
		"interface = lo\n"
		"port = 5783\n"
		"dtls_port = 5784\n"
		"user = nobody\n"
		"log_level = debug\n"
		"[dtls]\n"
		"psk_key = s3cret\n"
		"psk_identity = node\n"
		"handshake_timeout = 2s\n"
		"[device temp]\n"
		"path = /sys/class/thermal/thermal_zone0/temp\n"
		"scale = 0.001\n"
		"deadband = 0.5\n"
		"interval = 250ms\n"
		"rt = temperature-c\n"
		"publish = site/temp\n"
		"[device load]\n"
		"path = /proc/loadavg\n"
		"uri = sys/load\n"
		"deadband = 5%\n"
		"[pubsub]\n"
		"topic_prefix = coap/\n"
		"max_topics = 10\n"
		"qos = 0\n"
		"[mesh]\n"
		"poll_interval = 2s\n"
		"[upstream]\n"
		"host = 127.0.0.1\n"
		"client_id = coapd\n"
		"[rule \"coap/#\"]\n"
		"deadband = 1\n";
	struct coapd_config cc;
	struct lm_config *lc;
	char err[512] = "";

	if (conf(text, &cc, err, sizeof(err), &lc)) {
		printf("#   %s\n", err);
		return 1;
	}
	CHECK(cc.n_listen == 2 && !strcmp(cc.listen[1].addr, "[::1]") &&
	      cc.listen[1].line == 3);
	CHECK(cc.n_iface == 1 && !strcmp(cc.iface[0].addr, "lo"));
	CHECK(cc.port == 5783 && cc.dtls_port == 5784);
	CHECK(cc.dtls && cc.psk_key_len == 6 && !strcmp(cc.psk_identity, "node"));
	CHECK(cc.hs_timeout_ms == 2000);
	CHECK(cc.n_dev == 2);
	CHECK(!strcmp(cc.dev[0].uri, "dev/temp") && cc.dev[0].scale == 0.001 &&
	      cc.dev[0].interval_ms == 250 &&
	      cc.dev[0].deadband_kind == LM_DEADBAND_ABS &&
	      cc.dev[0].deadband == 0.5 && !strcmp(cc.dev[0].publish, "site/temp"));
	CHECK(!strcmp(cc.dev[1].uri, "sys/load") &&
	      cc.dev[1].deadband_kind == LM_DEADBAND_PCT &&
	      cc.dev[1].interval_ms == 5000);
	CHECK(!strcmp(cc.ps_prefix, "coap/") && cc.ps_max_topics == 10 &&
	      cc.ps_qos == 0);
	CHECK(cc.mesh_poll_ms == 2000 && cc.mesh_enable);
	CHECK(cc.has_upstream && !strcmp(cc.upstream.client_id, "coapd"));
	CHECK(lm_rules_count(cc.rules) == 1);
	coapd_config_free(&cc);
	lm_config_free(lc);
	return 0;
}

static int t_config_defaults(void)
{
	struct coapd_config cc;
	struct lm_config *lc;
	char err[512] = "";

	if (conf("[server]\nlisten = ::1\n", &cc, err, sizeof(err), &lc)) {
		printf("#   %s\n", err);
		return 1;
	}
	CHECK(cc.port == 5683 && cc.dtls_port == 5684 && !cc.dtls);
	CHECK(cc.ps_enable && cc.ps_max_topics == 256 && cc.ps_qos == 1);
	CHECK(cc.mesh_enable && cc.mesh_poll_ms == 5000 && !cc.has_upstream);
	coapd_config_free(&cc);
	lm_config_free(lc);
	return 0;
}

static int t_config_errors(void)
{
	int r = 0;

	r |= conf_err("", "t.conf: [server] needs at least one");
	r |= conf_err("[server]\nlisten = ::1\nlisten_typo = 1\n",
		      "t.conf:3: unknown key 'listen_typo' in [server]");
	r |= conf_err("[server]\nlisten = ::1\n[bogus]\n",
		      "t.conf:3: unknown section [bogus]");
	r |= conf_err("[server]\nlisten = ::1\nport = 70000\n", "t.conf:3: port");
	r |= conf_err("[server]\nlisten = ::1\nlog_level = loud\n",
		      "t.conf:3: log_level");
	r |= conf_err("[server]\nlisten = ::1\n[dtls]\npsk_identity = x\n",
		      "t.conf:3: psk_identity needs psk_key");
	r |= conf_err("[server]\nlisten = ::1\n[dtls]\ncert = /c.pem\n",
		      "t.conf:3: [dtls] needs both cert and key");
	r |= conf_err("[server]\nlisten = ::1\n[dtls]\npsk_key = k\nhandshake_timeout = 1ms\n",
		      "t.conf:5: handshake_timeout");
	r |= conf_err("[server]\nlisten = ::1\n[device]\npath = /x\n",
		      "t.conf:3: [device] needs a name");
	r |= conf_err("[server]\nlisten = ::1\n[device t]\ninterval = 1s\n",
		      "t.conf:3: [device t] needs path");
	r |= conf_err("[server]\nlisten = ::1\n[device t]\npath = /x\nuri = /bad\n",
		      "t.conf:5: [device t]: invalid resource path");
	r |= conf_err("[server]\nlisten = ::1\n[device t]\npath = /x\ndeadband = much\n",
		      "t.conf:5: deadband");
	r |= conf_err("[server]\nlisten = ::1\n[device a]\npath = /x\nuri = x\n[device b]\npath = /y\nuri = x\n",
		      "t.conf:6: [device b]: resource x already used by [device a] at line 3");
	r |= conf_err("[server]\nlisten = ::1\n[device a]\npath = /x\nuri = ps/a\n",
		      "is reserved");
	r |= conf_err("[server]\nlisten = ::1\n[pubsub]\nqos = 3\n", "t.conf:4: qos");
	r |= conf_err("[server]\nlisten = ::1\n[mesh]\npoll_interval = 1ms\n",
		      "t.conf:4: poll_interval");
	r |= conf_err("[server]\nlisten = ::1\nport = 0\n", "nothing to serve");
	r |= conf_err("[server]\nlisten = ::1\n[upstream]\nhost = x\n",
		      "t.conf:3: [upstream] needs client_id");
	r |= conf_err("[server]\nlisten = ::1\nlisten = localhost\n",
		      "t.conf:3: listen = localhost: not a numeric IPv4 or IPv6 address");
	r |= conf_err("[server]\nlisten = [::1\n", "t.conf:2: listen = [::1: not a numeric");
	r |= conf_err("[server]\nlisten = ::1\nmulticast = yes\n",
		      "t.conf:3: multicast = yes needs at least one 'interface = NAME'");
	r |= conf_err("[server]\ninterface = lo\nport = 0\nmulticast = yes\n[dtls]\npsk_key = k\n",
		      "t.conf:4: multicast = yes needs plain CoAP");
	r |= conf_err("[server]\ninterface = lo\nmulticast = maybe\n", "t.conf:3: multicast");
	return r;
}

static bool acl_ok(const char *pat, const struct coapd_peer *p)
{
	struct coapd_acl a;
	char err[256];
	bool m;

	if (coapd_acl_parse(pat, &a, err, sizeof(err))) {
		printf("#   %s\n", err);
		return false;
	}
	m = coapd_acl_match(&a, p);
	coapd_acl_free(&a);
	return m;
}

static int t_acl(void)
{
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in6 mapped = { .sin6_family = AF_INET6 };
	struct coapd_peer p4 = { .sa = (struct sockaddr *)&v4 };
	struct coapd_peer p6 = { .sa = (struct sockaddr *)&v6 };
	struct coapd_peer pm = { .sa = (struct sockaddr *)&mapped };
	struct coapd_peer dp = { .dtls = true, .psk = "node1",
				 .sa = (struct sockaddr *)&v6 };
	struct coapd_peer dc = { .dtls = true, .cn = "client1",
				 .sa = (struct sockaddr *)&v4 };
	struct coapd_acl a;
	char err[256], id[COAPD_ID_MAX];

	inet_pton(AF_INET, "192.0.2.77", &v4.sin_addr);
	inet_pton(AF_INET6, "fd00:1::5", &v6.sin6_addr);
	inet_pton(AF_INET6, "::ffff:192.0.2.77", &mapped.sin6_addr);
	CHECK(acl_ok("any", &p4) && acl_ok("any", &dp));
	CHECK(!acl_ok("dtls", &p4) && acl_ok("dtls", &dp) && acl_ok("dtls", &dc));
	CHECK(acl_ok("psk:node1", &dp) && !acl_ok("psk:node2", &dp) &&
	      !acl_ok("psk:node1", &p6) && !acl_ok("psk:node1", &dc));
	CHECK(acl_ok("cert:client1", &dc) && !acl_ok("cert:client1", &dp));
	CHECK(acl_ok("192.0.2.77", &p4) && !acl_ok("192.0.2.78", &p4));
	CHECK(acl_ok("192.0.2.64/26", &p4) && !acl_ok("192.0.2.0/26", &p4));
	CHECK(acl_ok("192.0.2.77/32", &pm) && acl_ok("0.0.0.0/0", &p4));
	CHECK(!acl_ok("0.0.0.0/0", &p6) && !acl_ok("::/0", &p4));
	CHECK(acl_ok("fd00::/8", &p6) && acl_ok("fd00:1::/33", &p6) &&
	      !acl_ok("fd00:1:8000::/33", &p6) && acl_ok("fd00:1::5", &p6) &&
	      acl_ok("fd00:1::5", &dp));
	CHECK(coapd_acl_parse("fd00::/129", &a, err, sizeof(err)) &&
	      strstr(err, "'fd00::/129': expected any, dtls"));
	CHECK(coapd_acl_parse("10.0.0.0/", &a, err, sizeof(err)));
	CHECK(coapd_acl_parse("localhost", &a, err, sizeof(err)));
	CHECK(coapd_acl_parse("psk:", &a, err, sizeof(err)) &&
	      strstr(err, "empty or invalid PSK identity"));
	CHECK(coapd_acl_parse("cert:a b", &a, err, sizeof(err)));
	coapd_peer_id(&p4, id, sizeof(id));
	CHECK(!strcmp(id, "192.0.2.77"));
	coapd_peer_id(&p6, id, sizeof(id));
	CHECK(!strcmp(id, "fd00:1::5"));
	coapd_peer_id(&dp, id, sizeof(id));
	CHECK(!strcmp(id, "psk:node1"));
	coapd_peer_id(&dc, id, sizeof(id));
	CHECK(!strcmp(id, "cert:client1"));
	return 0;
}

static int t_config_pubsub_acl(void)
{
	static const char text[] =
		"[server]\nlisten = ::1\n[pubsub]\n"
		"allow = fd00::/8\nallow = psk:node1\n"
		"allow_publish = 192.0.2.0/24\n"
		"max_topics_per_client = 4\npublish_rate = 0.5\n";
	struct coapd_config cc;
	struct lm_config *lc;
	char err[512] = "";
	int r = 0;

	if (conf(text, &cc, err, sizeof(err), &lc)) {
		printf("#   %s\n", err);
		return 1;
	}
	CHECK(cc.n_ps_allow == 2 && cc.ps_allow[0].line == 4 &&
	      cc.ps_allow[1].kind == COAPD_ACL_PSK);
	CHECK(cc.n_ps_allow_pub == 1 && cc.ps_allow_pub[0].plen == 24);
	CHECK(cc.ps_client_topics == 4 && cc.ps_rate == 0.5 && cc.ps_burst == 1);
	coapd_config_free(&cc);
	lm_config_free(lc);
	/* no allow: loopback and DTLS clients */
	if (conf("[server]\nlisten = ::1\n", &cc, err, sizeof(err), &lc)) {
		printf("#   %s\n", err);
		return 1;
	}
	CHECK(cc.n_ps_allow == 3 && cc.ps_allow[0].kind == COAPD_ACL_NET &&
	      cc.ps_allow[2].kind == COAPD_ACL_DTLS && cc.ps_client_topics == 32 &&
	      cc.ps_rate == 0);
	coapd_config_free(&cc);
	lm_config_free(lc);
	r |= conf_err("[server]\nlisten = ::1\n[pubsub]\nallow = everyone\n",
		      "t.conf:4: allow: 'everyone': expected any, dtls");
	r |= conf_err("[server]\nlisten = ::1\n[pubsub]\nallow_publish = 10.0.0.0/33\n",
		      "t.conf:4: allow_publish: '10.0.0.0/33'");
	r |= conf_err("[server]\nlisten = ::1\n[pubsub]\nmax_topics_per_client = 0\n",
		      "t.conf:4: max_topics_per_client");
	r |= conf_err("[server]\nlisten = ::1\n[pubsub]\npublish_rate = -1\n",
		      "t.conf:4: publish_rate");
	return r;
}

static int sys_err(const char *text, const char *want)
{
	struct coapd_config cc;
	struct lm_config *lc;
	char err[512] = "";
	int r;

	if (conf(text, &cc, err, sizeof(err), &lc)) {
		printf("#   %s\n", err);
		lm_config_free(lc);
		return 1;
	}
	r = coapd_config_check_system(&cc, "t.conf", err, sizeof(err));
	coapd_config_free(&cc);
	lm_config_free(lc);
	if (want ? r == 0 || strcmp(err, want) : r != 0) {
		printf("#   want '%s', got %d '%s'\n", want ? want : "ok", r, err);
		return 1;
	}
	return 0;
}

static int t_config_system(void)
{
	int r = 0;

	r |= sys_err("[server]\nlisten = ::1\ninterface = lo\nuser = nobody\n", NULL);
	r |= sys_err("[server]\nlisten = 0.0.0.0\nlisten = [::]\nlisten = 127.0.0.1\n", NULL);
	r |= sys_err("[server]\nlisten = ::1\nlisten = 192.0.2.1\n",
		     "t.conf:3: listen = 192.0.2.1: not an address of this host (Cannot assign requested address)");
	r |= sys_err("[server]\nlisten = ::1\nuser = no-such-user-16\n",
		     "t.conf:3: user = no-such-user-16: no such user");
	r |= sys_err("[server]\nlisten = ::1\n\ngroup = no-such-group-16\n",
		     "t.conf:4: group = no-such-group-16: no such group");
	r |= sys_err("[server]\nlisten = ::1\ninterface = lo\ninterface = nosuch16\n",
		     "t.conf:4: interface = nosuch16: no such interface");
	r |= sys_err("[server]\nlisten = ::1\n[dtls]\ncert = /etc/hostname\nkey = /nonexistent/k\n",
		     "t.conf:5: key = /nonexistent/k: No such file or directory");
	return r;
}

/* restart_why(A, B): what coapd_config_restart_needed() says of A -> B ("" for NULL) */
static int restart_why(const char *a, const char *b, const char *want)
{
	struct coapd_config ca, cb;
	struct lm_config *la = NULL, *lb = NULL;
	char err[512] = "", buf[160];
	const char *why;
	int r = -1;

	if (conf(a, &ca, err, sizeof(err), &la) ||
	    conf(b, &cb, err, sizeof(err), &lb)) {
		printf("# %s\n", err);
		goto out;
	}
	why = coapd_config_restart_needed(&ca, &cb, buf, sizeof(buf));
	if (strcmp(why ? why : "", want)) {
		printf("# restart_needed: got '%s', want '%s'\n", why ? why : "",
		       want);
		goto out;
	}
	r = 0;
out:
	coapd_config_free(&ca);
	coapd_config_free(&cb);
	lm_config_free(la);
	lm_config_free(lb);
	return r;
}

/* a configuration: [server] listen = ::1 + SRV, [device t] path = /x + DEV, then TAIL */
static const char *mkconf(char *b, size_t n, const char *srv, const char *dev,
			  const char *tail)
{
	snprintf(b, n, "[server]\nlisten = ::1\n%s[device t]\npath = /x\n%s%s",
		 srv, dev, tail);
	return b;
}

static int t_config_restart(void)
{
	char a[512], b[512];
	int r = 0;

	mkconf(a, sizeof(a), "", "", "");
	/* what a reload applies */
	r |= restart_why(a, a, "");
	r |= restart_why(a, mkconf(b, sizeof(b), "log_level = debug\nmax_sessions = 5\n",
				   "interval = 1s\nscale = 2\ndeadband = 3\npath = /y\n",
				   "[pubsub]\nmax_topics = 3\nmax_payload = 10\npublish_rate = 1\n"
				   "allow = 10.0.0.0/8\n[mesh]\npoll_interval = 1s\n"
				   "[rule \"a/#\"]\ndeadband = 1\n"), "");
	/* and what it refuses */
	r |= restart_why(a, "[server]\nlisten = 127.0.0.1\n[device t]\npath = /x\n",
			 "[server] listen changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "port = 5000\n", "", ""),
			 "[server] port or dtls_port changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "user = nobody\n", "", ""),
			 "[server] user or group changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[dtls]\npsk_key = k\n"),
			 "[dtls] added or removed");
	mkconf(a, sizeof(a), "", "", "[dtls]\npsk_key = k\n");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[dtls]\npsk_key = l\n"),
			 "[dtls] psk_key or psk_key_file changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[dtls]\npsk_key = k\npsk_identity = n\n"),
			 "");
	mkconf(a, sizeof(a), "", "", "");
	r |= restart_why(a, "[server]\nlisten = ::1\n", "[device] sections added or removed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "uri = t2\n", ""),
			 "[device t] renamed, or its uri, rt or if changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[pubsub]\ntopic_prefix = x/\n"),
			 "[pubsub] enable, topic_prefix or subscribe changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[mesh]\nenable = no\n"),
			 "[mesh] enable changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[upstream]\nclient_id = a\n"),
			 "[upstream] changed");
	mkconf(a, sizeof(a), "", "", "[upstream]\nclient_id = a\n");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[upstream]\nclient_id = a\nport = 1884\n"),
			 "[upstream] changed");
	r |= restart_why(a, mkconf(b, sizeof(b), "", "", "[upstream]\nclient_id = a\n"), "");
	return r;
}

static int t_uri_valid(void)
{
	CHECK(coapd_uri_valid("a"));
	CHECK(coapd_uri_valid("dev/temp-1.x_~"));
	CHECK(!coapd_uri_valid(""));
	CHECK(!coapd_uri_valid("/a"));
	CHECK(!coapd_uri_valid("a/"));
	CHECK(!coapd_uri_valid("a//b"));
	CHECK(!coapd_uri_valid("a/+"));
	CHECK(!coapd_uri_valid("a/#"));
	CHECK(!coapd_uri_valid("a b"));
	return 0;
}

static int t_value_format(void)
{
	char out[16];

	CHECK(coapd_device_format("42000\n", 6, 0.001, out, sizeof(out)) == 2 &&
	      !strcmp(out, "42"));
	CHECK(coapd_device_format("  hello \n", 9, 1.0, out, sizeof(out)) == 5 &&
	      !strcmp(out, "hello"));
	CHECK(coapd_device_format("abc", 3, 2.0, out, sizeof(out)) == 3 &&
	      !strcmp(out, "abc"));
	CHECK(coapd_device_format("12.5", 4, 2.0, out, sizeof(out)) == 2 &&
	      !strcmp(out, "25"));
	CHECK(coapd_device_format("0123456789abcdefXYZ", 19, 1.0, out,
				  sizeof(out)) == 15);
	CHECK(coapd_device_format("\n\n", 2, 1.0, out, sizeof(out)) == 0 &&
	      !out[0]);
	CHECK(coapd_device_format("x", 1, 1.0, out, 0) == 0);
	return 0;
}

static char *mesh_of(enum mesh_table t, struct mesh_list *l)
{
	struct jbuf jb;

	jb_init(&jb);
	mesh_json(t, l, &jb);
	return jb_take(&jb, NULL);
}

static int t_mesh_dev(void)
{
	struct mesh_list l = { 0 };
	struct mesh_rec *r = mesh_list_add(&l);
	char *s;

	CHECK(r);
	r->ifindex = 7;
	strcpy(r->ifname, "mesh0");
	r->has = MH_WPAN_IFINDEX | MH_WPAN_IFNAME | MH_EXT | MH_SHORT | MH_PAN |
		 MH_MTU | MH_OPER;
	r->wpan_ifindex = 3;
	strcpy(r->wpan_ifname, "wpan0");
	r->ext_addr = 0x0011223344556677ULL;
	r->short_addr = 0xab;
	r->pan_id = 0xbeef;
	r->mtu = 1280;
	r->oper_up = 1;
	r->has |= MH_HOPS | MH_FLOOD | MH_AUTHORITY | MH_VERSION;
	r->version = 3;
	r->hops_left = 14;
	r->flood = 1;
	r->authority = 2;
	s = mesh_of(MESH_DEV, &l);
	CHECK(s);
	CHECK(!strcmp(s, "[{\"ifname\":\"mesh0\",\"ifindex\":7,\"wpan_ifname\":\"wpan0\",\"wpan_ifindex\":3,\"operstate\":\"up\",\"mtu\":1280,\"hops_left\":14,\"flood\":true,\"ctx_authority\":\"auto\",\"ctx_version\":3,\"ext_addr\":\"00:11:22:33:44:55:66:77\",\"short_addr\":\"0x00ab\",\"pan_id\":\"0xbeef\"}]"));
	free(s);
	mesh_list_free(&l);
	return 0;
}

static int t_mesh_stats(void)
{
	struct mesh_list l = { 0 };
	struct mesh_rec *r;
	char name[32], *s;
	int i;

	for (i = 0; i < 3; i++) {
		r = mesh_list_add(&l);
		CHECK(r);
		r->ifindex = 10 + i;
		snprintf(r->ifname, sizeof(r->ifname), "mesh%d", i);
	}
	for (i = 0; i < 100; i++) {	/* grows past the first allocation */
		snprintf(name, sizeof(name), "c%d", i);
		CHECK(!mesh_rec_add_counter(&l.r[1], name, (uint64_t)i << 40));
	}
	s = mesh_of(MESH_STATS, &l);
	CHECK(s);
	CHECK(strstr(s, "{\"ifname\":\"mesh0\",\"ifindex\":10,\"stats\":{}}"));
	CHECK(strstr(s, "\"stats\":{\"c0\":0,\"c1\":1099511627776,"));
	CHECK(strstr(s, "\"c99\":108851651149824}}"));
	free(s);
	mesh_list_free(&l);
	CHECK(l.n == 0 && !l.r);
	return 0;
}

static int t_mesh_tables(void)
{
	struct mesh_list l = { 0 };
	struct mesh_rec *r;
	char *s;

	s = mesh_of(MESH_ROUTES, &l);
	CHECK(s && !strcmp(s, "[]"));
	free(s);
	r = mesh_list_add(&l);
	CHECK(r);
	r->ifindex = 4;
	r->has = MH_DST_SHORT | MH_NH_EXT | MH_METRIC | MH_ORIGIN;
	r->dst_short = 2;
	r->nh_ext = 1;
	r->metric = 3;
	r->origin = 1;
	s = mesh_of(MESH_ROUTES, &l);
	CHECK(s && !strcmp(s, "[{\"dst\":\"0x0002\",\"nexthop\":\"00:00:00:00:00:00:00:01\",\"ifindex\":4,\"metric\":3,\"origin\":\"learned\"}]"));
	free(s);
	/* a route of the module's own mesh routing: iotctl -j says "mesh" */
	r->origin = LOWPAN_MESH_ROUTE_MESH;
	s = mesh_of(MESH_ROUTES, &l);
	CHECK(s && strstr(s, "\"origin\":\"mesh\""));
	free(s);
	r->has = MH_SHORT | MH_LQI | MH_LAST_SEEN | MH_RX_FRAMES | MH_TX_HDR_OUT;
	r->short_addr = 5;
	r->lqi = 255;
	r->last_seen_ms = 12;
	r->rx_frames = 9;
	r->tx_hdr_out = 8;
	s = mesh_of(MESH_NEIGH, &l);
	CHECK(s && strstr(s, "\"short_addr\":\"0x0005\",\"ifindex\":4,\"lqi\":255,\"last_seen_ms\":12,\"rx_frames\":9,\"tx_packets\":0,\"hdr_in\":0,\"hdr_out\":8,\"hdr_saved\":-8}"));
	free(s);
	r->has = MH_CTX_ID | MH_PREFIX | MH_PLEN | MH_COMPRESS | MH_LIFETIME |
		 MH_ORIGIN;
	r->ctx_id = 1;
	memset(r->prefix, 0, 16);
	r->prefix[0] = 0x20;
	r->prefix[1] = 0x01;
	r->prefix[2] = 0x0d;
	r->prefix[3] = 0xb8;
	r->prefix_len = 64;
	r->compress = 1;
	r->lifetime = 60;
	r->origin = 2;
	s = mesh_of(MESH_CTX, &l);
	CHECK(s && strstr(s, "{\"cid\":1,\"prefix\":\"2001:db8::/64\",\"ifindex\":4,\"compress\":true,\"lifetime\":60,\"expires\":true,\"origin\":\"6co\"}"));
	free(s);
	r->origin = 9;
	s = mesh_of(MESH_CTX, &l);
	CHECK(s && strstr(s, "\"origin\":\"9\""));
	free(s);
	/* the phase, from modules that report it, as iotctl -j names it */
	r->has |= MH_PHASE;
	r->phase = LOWPAN_MESH_CTX_PHASE_DRAIN;
	s = mesh_of(MESH_CTX, &l);
	CHECK(s && strstr(s, "\"compress\":true,\"phase\":\"drain\",\"lifetime\":60"));
	free(s);
	r->phase = LOWPAN_MESH_CTX_PHASE_HOLD;
	s = mesh_of(MESH_CTX, &l);
	CHECK(s && strstr(s, "\"phase\":\"hold\""));
	free(s);
	r->phase = 7;
	s = mesh_of(MESH_CTX, &l);
	CHECK(s && strstr(s, "\"phase\":\"7\""));
	free(s);
	CHECK(!strcmp(mesh_table_name(MESH_NEIGH), "neigh"));
	CHECK(!strcmp(mesh_table_name((enum mesh_table)99), "?"));
	mesh_list_free(&l);
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_run_rc("json: nesting, escaping, commas", t_json_nested);
	tap_run_rc("json: unbalanced close is an error", t_json_unbalanced);
	tap_run_rc("json: nesting deeper than the limit is an error", t_json_deep);
	tap_run_rc("json: 120 kB document", t_json_big);
	tap_run_rc("stats: requests, responses by class, JSON", t_stats);
	tap_run_rc("config: every section and key", t_config_full);
	tap_run_rc("config: defaults", t_config_defaults);
	tap_run_rc("config: errors name file:line", t_config_errors);
	tap_run_rc("config: resource path validation", t_uri_valid);
	tap_run_rc("config: users, groups, interfaces, files checked (-t)", t_config_system);
	tap_run_rc("config: what a reload applies and what needs a restart", t_config_restart);
	tap_run_rc("acl: any, dtls, psk:, cert:, prefixes, identities", t_acl);
	tap_run_rc("config: [pubsub] allow, allow_publish, quotas, defaults", t_config_pubsub_acl);
	tap_run_rc("device values: trim, scale, truncate", t_value_format);
	tap_run_rc("mesh json: dev like iotctl -j dev show", t_mesh_dev);
	tap_run_rc("mesh json: stats, 100 counters", t_mesh_stats);
	tap_run_rc("mesh json: routes, neigh, ctx", t_mesh_tables);
	return tap_done();
}
