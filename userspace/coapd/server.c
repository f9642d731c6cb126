// SPDX-License-Identifier: GPL-2.0
/*
 * server.c - the libcoap context: endpoints, DTLS, request dispatch, counters
 */
#include <errno.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lmesh/log.h>
#include <lmesh/upstream.h>

#include "coapd.h"

uint64_t coapd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* FNV-1a, 64 bits: ETags and change detection */
uint64_t coapd_hash(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void coapd_reply_diag(struct coapd_reply *rep, coap_pdu_code_t code,
		      const char *fmt, ...)
{
	va_list ap;

	rep->code = code;
	va_start(ap, fmt);
	vsnprintf(rep->diag, sizeof(rep->diag), fmt, ap);
	va_end(ap);
}

static void release_owned(coap_session_t *s, void *p)
{
	(void)s;
	free(p);
}

/* libcoap 4.3.1 has no application data on a context: one server */
static struct coapd *the_coapd;

static struct coapd *ctx_coapd(coap_session_t *s)
{
	(void)s;
	return the_coapd;
}

static void dispatch(coap_resource_t *r, coap_session_t *s,
		     const coap_pdu_t *req, const coap_string_t *query,
		     coap_pdu_t *resp)
{
	struct coapd *d = ctx_coapd(s);
	struct coapd_res *res = coap_resource_get_userdata(r);
	coap_pdu_code_t m = coap_pdu_get_code(req);
	struct coapd_reply rep;
	coapd_method_fn fn = NULL;

	memset(&rep, 0, sizeof(rep));
	rep.code = COAP_RESPONSE_CODE_CONTENT;
	rep.ct = COAPD_CT_TEXT;
	rep.max_age = -1;
	coapd_stats_request(&d->st, (int)m);
	if (res) {
		switch (m) {
		case COAP_REQUEST_CODE_GET:
			fn = res->get;
			break;
		case COAP_REQUEST_CODE_PUT:
			fn = res->put;
			break;
		case COAP_REQUEST_CODE_POST:
			fn = res->post;
			break;
		case COAP_REQUEST_CODE_DELETE:
			fn = res->del;
			break;
		default:
			break;
		}
	}
	if (fn)
		fn(d, res, s, req, &rep);
	else
		coapd_reply_diag(&rep, COAP_RESPONSE_CODE_NOT_ALLOWED,
				 "method not allowed");
	coap_pdu_set_code(resp, rep.code);
	coapd_stats_response(&d->st, rep.code);
	if (rep.data && COAP_RESPONSE_CLASS(rep.code) == 2) {
		/*
		 * libcoap keeps the body for the later blocks of a Block2
		 * transfer and frees it with release_owned(): hand it a copy
		 * of its own, so a value changed meanwhile cannot pull it away.
		 */
		if (rep.data != rep.owned) {
			free(rep.owned);
			rep.owned = malloc(rep.len ? rep.len : 1);
			if (!rep.owned) {
				coap_pdu_set_code(resp, COAP_RESPONSE_CODE_INTERNAL_ERROR);
				return;
			}
			memcpy(rep.owned, rep.data, rep.len);
			rep.data = rep.owned;
		}
		coap_add_data_large_response(r, s, req, resp, query, rep.ct,
					     rep.max_age,
					     coapd_hash(rep.data, rep.len),
					     rep.len, rep.data, release_owned,
					     rep.owned);
		return;
	} else if (COAP_RESPONSE_CLASS(rep.code) >= 4) {
		uint8_t ma[4];

		/* e.g. 4.29: when to try again (RFC 8516) */
		if (rep.max_age >= 0)
			coap_add_option(resp, COAP_OPTION_MAXAGE,
					coap_encode_var_safe(ma, sizeof(ma),
							     (unsigned int)rep.max_age),
					ma);
		if (rep.diag[0])
			coap_add_data(resp, strlen(rep.diag),
				      (const uint8_t *)rep.diag);
	}
	free(rep.owned);
}

static coap_str_const_t *str_copy(const char *s)
{
	return coap_new_str_const((const uint8_t *)s, strlen(s));
}

static void add_attr(coap_resource_t *r, const char *name, const char *val,
		     bool quote)
{
	char buf[160];

	if (quote) {
		snprintf(buf, sizeof(buf), "\"%s\"", val);
		val = buf;
	}
	coap_add_attr(r, str_copy(name), val ? str_copy(val) : NULL,
		      COAP_ATTR_FLAGS_RELEASE_NAME | COAP_ATTR_FLAGS_RELEASE_VALUE);
}

struct coapd_res *coapd_res_add(struct coapd *d, const char *uri, bool observable,
				const char *rt, const char *ifd, int ct,
				coapd_method_fn get, coapd_method_fn put,
				coapd_method_fn post, coapd_method_fn del,
				void *priv)
{
	struct coapd_res *res = calloc(1, sizeof(*res));
	char ctbuf[16];

	if (!res)
		return NULL;
	if (uri)
		res->r = coap_resource_init(str_copy(uri),
					    COAP_RESOURCE_FLAGS_RELEASE_URI |
					    COAP_RESOURCE_FLAGS_NOTIFY_CON);
	else
		res->r = coap_resource_unknown_init2(dispatch, 0);
	if (!res->r) {
		free(res);
		return NULL;
	}
	res->get = get;
	res->put = put;
	res->post = post;
	res->del = del;
	res->priv = priv;
	coap_resource_set_userdata(res->r, res);
	coap_register_request_handler(res->r, COAP_REQUEST_GET, dispatch);
	coap_register_request_handler(res->r, COAP_REQUEST_PUT, dispatch);
	coap_register_request_handler(res->r, COAP_REQUEST_POST, dispatch);
	coap_register_request_handler(res->r, COAP_REQUEST_DELETE, dispatch);
	if (uri) {
		if (rt)
			add_attr(res->r, "rt", rt, true);
		if (ifd)
			add_attr(res->r, "if", ifd, true);
		if (ct >= 0) {
			snprintf(ctbuf, sizeof(ctbuf), "%d", ct);
			add_attr(res->r, "ct", ctbuf, false);
		}
		if (observable)
			coap_resource_set_get_observable(res->r, 1);
	}
	coap_add_resource(d->ctx, res->r);
	res->next = d->resources;
	d->resources = res;
	return res;
}

void coapd_res_notify(struct coapd *d, struct coapd_res *res)
{
	if (res && res->r && coap_resource_notify_observers(res->r, NULL))
		d->st.notifies++;
}

/* ---- client identities -------------------------------------------------- */

/*
 * The common name of a DTLS client's certificate, kept with its session
 * (libcoap's application data) for the [pubsub] allow-lists.
 */
static int cn_cb(const char *cn, const uint8_t *cert, size_t len,
		 coap_session_t *s, unsigned int depth, int validated, void *arg)
{
	(void)cert;
	(void)len;
	(void)validated;
	(void)arg;
	if (depth == 0 && cn) {	/* the client's own certificate */
		free(coap_session_get_app_data(s));
		coap_session_set_app_data(s, strdup(cn));
	}
	return 1;	/* the chain is checked by libcoap (verify_peer) */
}

static void session_forget(coap_session_t *s)
{
	free(coap_session_get_app_data(s));
	coap_session_set_app_data(s, NULL);
}

void coapd_session_peer(coap_session_t *s, struct coapd_peer *p,
			char *psk, size_t psklen)
{
	const coap_address_t *a = coap_session_get_addr_remote(s);
	const coap_bin_const_t *id;

	memset(p, 0, sizeof(*p));
	p->sa = a ? &a->addr.sa : NULL;
	if (coap_session_get_proto(s) != COAP_PROTO_DTLS)
		return;
	p->dtls = true;
	id = coap_session_get_psk_identity(s);
	if (id && id->length && id->length < psklen &&
	    !memchr(id->s, '\0', id->length)) {
		memcpy(psk, id->s, id->length);
		psk[id->length] = '\0';
		p->psk = psk;
	}
	p->cn = coap_session_get_app_data(s);
}

/* ---- events and DTLS ---------------------------------------------------- */

/*
 * DTLS handshakes under way. A handshake with a wrong PSK does not end in
 * an error event: DTLS silently drops records that fail to decrypt, so the
 * client gives up and the server session just idles. A handshake not
 * complete after handshake_timeout counts as a failure.
 */
#define HS_MAX	64
static struct {
	coap_session_t *s;
	uint64_t t0;
} hs[HS_MAX];

static bool hs_remove(coap_session_t *s)
{
	int i;

	for (i = 0; i < HS_MAX; i++) {
		if (hs[i].s == s) {
			hs[i].s = NULL;
			return true;
		}
	}
	return false;
}

static void hs_add(struct coapd *d, coap_session_t *s)
{
	int i, old = 0;

	for (i = 0; i < HS_MAX; i++) {
		if (!hs[i].s)
			break;
		if (hs[i].t0 < hs[old].t0)
			old = i;
	}
	if (i == HS_MAX) {	/* full: the oldest one failed */
		i = old;
		d->st.dtls_failures++;
	}
	hs[i].s = s;
	hs[i].t0 = coapd_now_ms();
}

void coapd_server_tick(struct coapd *d, uint64_t now)
{
	int i;

	for (i = 0; i < HS_MAX; i++) {
		if (hs[i].s && now - hs[i].t0 >= d->cfg.hs_timeout_ms) {
			hs[i].s = NULL;
			d->st.dtls_failures++;
			lm_info("DTLS handshake not completed within %llu ms (wrong key or certificate?)",
				(unsigned long long)d->cfg.hs_timeout_ms);
		}
	}
}

uint64_t coapd_server_deadline(const struct coapd *d)
{
	uint64_t t = UINT64_MAX;
	int i;

	for (i = 0; i < HS_MAX; i++)
		if (hs[i].s && hs[i].t0 + d->cfg.hs_timeout_ms < t)
			t = hs[i].t0 + d->cfg.hs_timeout_ms;
	return t;
}

static int event_handler(coap_session_t *s, const coap_event_t ev)
{
	struct coapd *d = ctx_coapd(s);

	if (!d)
		return 0;
	lm_dbg("libcoap event 0x%04x (%s session)", (unsigned int)ev,
	       coap_session_get_proto(s) == COAP_PROTO_DTLS ? "DTLS" : "UDP");
	switch (ev) {
	case COAP_EVENT_DTLS_CONNECTED:
		hs_remove(s);
		d->st.dtls_handshakes++;
		break;
	case COAP_EVENT_DTLS_ERROR:
		hs_remove(s);
		d->st.dtls_failures++;
		lm_info("DTLS error with a client");
		break;
	case COAP_EVENT_DTLS_CLOSED:
		if (hs_remove(s))
			d->st.dtls_failures++;
		d->st.dtls_closed++;
		break;
	case COAP_EVENT_SERVER_SESSION_NEW:
		d->st.sessions_new++;
		if (coap_session_get_proto(s) == COAP_PROTO_DTLS)
			hs_add(d, s);
		break;
	case COAP_EVENT_SERVER_SESSION_DEL:
		session_forget(s);
		if (hs_remove(s))
			d->st.dtls_failures++;
		d->st.sessions_del++;
		break;
	default:
		break;
	}
	return 0;
}

static coap_bin_const_t psk_bin;

static const coap_bin_const_t *psk_id_cb(coap_bin_const_t *identity,
					 coap_session_t *s, void *arg)
{
	struct coapd *d = arg;
	const char *want = d->cfg.psk_identity;

	(void)s;
	if (want && (!identity || identity->length != strlen(want) ||
		     memcmp(identity->s, want, identity->length))) {
		lm_info("DTLS: unknown PSK identity '%.*s'",
			identity ? (int)identity->length : 0,
			identity ? (const char *)identity->s : "");
		return NULL;
	}
	return &psk_bin;
}

static int setup_dtls(struct coapd *d, char *err, size_t errlen)
{
	struct coapd_config *c = &d->cfg;

	if (!coap_dtls_is_supported()) {
		snprintf(err, errlen, "libcoap was built without DTLS");
		return -1;
	}
	if (c->psk_key) {
		coap_dtls_spsk_t sp;

		memset(&sp, 0, sizeof(sp));
		sp.version = COAP_DTLS_SPSK_SETUP_VERSION;
		sp.validate_id_call_back = psk_id_cb;
		sp.id_call_back_arg = d;
		psk_bin.s = (const uint8_t *)c->psk_key;
		psk_bin.length = c->psk_key_len;
		sp.psk_info.key = psk_bin;
		if (c->psk_hint) {
			sp.psk_info.hint.s = (const uint8_t *)c->psk_hint;
			sp.psk_info.hint.length = strlen(c->psk_hint);
		}
		if (!coap_context_set_psk2(d->ctx, &sp)) {
			snprintf(err, errlen, "DTLS: cannot set the PSK");
			return -1;
		}
	}
	if (c->cert) {
		coap_dtls_pki_t pk;

		memset(&pk, 0, sizeof(pk));
		pk.version = COAP_DTLS_PKI_SETUP_VERSION;
		pk.verify_peer_cert = c->verify_peer;
		pk.check_common_ca = c->verify_peer;
		pk.allow_self_signed = !c->verify_peer;
		pk.cert_chain_validation = c->verify_peer;
		pk.cert_chain_verify_depth = 3;
		pk.allow_no_crl = 1;
		pk.allow_expired_crl = 1;
		pk.validate_cn_call_back = cn_cb;
		pk.pki_key.key_type = COAP_PKI_KEY_PEM;
		pk.pki_key.key.pem.public_cert = c->cert;
		pk.pki_key.key.pem.private_key = c->key;
		pk.pki_key.key.pem.ca_file = c->ca;
		if (!coap_context_set_pki(d->ctx, &pk)) {
			snprintf(err, errlen, "DTLS: cannot load certificate %s / key %s%s%s",
				 c->cert, c->key, c->ca ? " / CA " : "",
				 c->ca ? c->ca : "");
			return -1;
		}
	}
	return 0;
}

/* ---- endpoints ------------------------------------------------------------ */

/*
 * libcoap binds with SO_REUSEADDR, and Linux lets two UDP sockets that both
 * set it share an address and port: a second coapd would start silently and
 * take part of the requests. Bind once without SO_REUSEADDR first: that
 * fails with EADDRINUSE while any other socket holds the address and port
 * (or the wildcard address on that port). -1 with @err when in use.
 */
static int port_in_use(const coap_address_t *a, const char *what,
		       const char *host, int port, const char *proto,
		       char *err, size_t errlen)
{
	int fd, on = 1, ret = 0;

	fd = socket(a->addr.sa.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;	/* libcoap will say why */
	if (a->addr.sa.sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, &a->addr.sa, a->size) && errno == EADDRINUSE) {
		snprintf(err, errlen, "%s: [%s]:%d (%s) is in use already, by another coapd or another server: refusing to share it",
			 what, host, port, proto);
		ret = -1;
	}
	close(fd);
	return ret;
}

static int add_endpoint(struct coapd *d, const struct sockaddr *sa,
			socklen_t salen, const char *what, char *err,
			size_t errlen)
{
	char host[NI_MAXHOST];
	coap_address_t a;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		coap_proto_t proto = pass ? COAP_PROTO_DTLS : COAP_PROTO_UDP;
		int port = pass ? d->cfg.dtls_port : d->cfg.port;

		if ((pass && !d->cfg.dtls) || (!pass && !d->cfg.port))
			continue;
		coap_address_init(&a);
		memcpy(&a.addr, sa, salen);
		a.size = salen;
		if (sa->sa_family == AF_INET6)
			a.addr.sin6.sin6_port = htons(port);
		else
			a.addr.sin.sin_port = htons(port);
		if (getnameinfo(sa, salen, host, sizeof(host), NULL, 0,
				NI_NUMERICHOST))
			snprintf(host, sizeof(host), "?");
		if (port_in_use(&a, what, host, port, pass ? "DTLS" : "UDP",
				err, errlen))
			return -1;
		if (!coap_new_endpoint(d->ctx, &a, proto)) {
			snprintf(err, errlen, "%s: cannot bind %s port %d (%s): %s",
				 what, host, port, pass ? "DTLS" : "UDP",
				 errno ? strerror(errno) : "libcoap error");
			return -1;
		}
		lm_notice("listening on [%s]:%d (%s)", host, port,
			  pass ? "coaps" : "coap");
	}
	return 0;
}

static int bind_listen(struct coapd *d, const struct coapd_listen *l,
		       char *err, size_t errlen)
{
	struct addrinfo *ai;
	char what[NI_MAXHOST + 64];
	int ret;

	snprintf(what, sizeof(what), "%s:%d: listen = %s", d->lc->file, l->line,
		 l->addr);
	ret = coapd_listen_resolve(l->addr, &ai);
	if (ret || !ai) {
		snprintf(err, errlen, "%s: not a numeric IPv4 or IPv6 address (%s)",
			 what, gai_strerror(ret));
		return -1;
	}
	ret = add_endpoint(d, ai->ai_addr, ai->ai_addrlen, what, err, errlen);
	freeaddrinfo(ai);
	return ret;
}

/*
 * RFC 7252 section 12.8, All-CoAP-Nodes: a UDP endpoint bound to each group
 * on the interface (a socket bound to a unicast address gets no multicast),
 * then the group joined. libcoap answers /.well-known/core to multicast
 * after a random leisure and sends no error responses to multicast.
 */
static const char *const mcast_groups[] = { "ff02::fd", "ff05::fd" };

static int bind_mcast(struct coapd *d, const struct coapd_listen *l,
		      const char *what, char *err, size_t errlen)
{
	struct sockaddr_in6 sin6;
	size_t g;

	for (g = 0; g < sizeof(mcast_groups) / sizeof(mcast_groups[0]); g++) {
		coap_address_t a;

		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(d->cfg.port);
		sin6.sin6_scope_id = if_nametoindex(l->addr);
		inet_pton(AF_INET6, mcast_groups[g], &sin6.sin6_addr);
		coap_address_init(&a);
		memcpy(&a.addr.sin6, &sin6, sizeof(sin6));
		a.size = sizeof(sin6);
		if (port_in_use(&a, what, mcast_groups[g], d->cfg.port, "UDP",
				err, errlen))
			return -1;
		if (!coap_new_endpoint(d->ctx, &a, COAP_PROTO_UDP)) {
			snprintf(err, errlen, "%s: cannot bind [%s%%%s]:%d: %s", what,
				 mcast_groups[g], l->addr, d->cfg.port,
				 errno ? strerror(errno) : "libcoap error");
			return -1;
		}
		if (coap_join_mcast_group_intf(d->ctx, mcast_groups[g], l->addr)) {
			snprintf(err, errlen, "%s: cannot join %s: %s", what,
				 mcast_groups[g],
				 errno ? strerror(errno) : "libcoap error");
			return -1;
		}
		lm_notice("listening on [%s%%%s]:%d (coap, multicast)",
			  mcast_groups[g], l->addr, d->cfg.port);
	}
	return 0;
}

static int bind_iface(struct coapd *d, const struct coapd_listen *l,
		      char *err, size_t errlen)
{
	struct ifaddrs *ifa, *i;
	char what[128];
	int found = 0;

	snprintf(what, sizeof(what), "%s:%d: interface = %s", d->lc->file,
		 l->line, l->addr);
	if (!if_nametoindex(l->addr)) {
		snprintf(err, errlen, "%s: no such interface", what);
		return -1;
	}
	if (getifaddrs(&ifa)) {
		snprintf(err, errlen, "%s: getifaddrs: %s", what, strerror(errno));
		return -1;
	}
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || strcmp(i->ifa_name, l->addr))
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			if (add_endpoint(d, i->ifa_addr, sizeof(struct sockaddr_in),
					 what, err, errlen))
				goto fail;
			found++;
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			if (add_endpoint(d, i->ifa_addr, sizeof(struct sockaddr_in6),
					 what, err, errlen))
				goto fail;
			found++;
		}
	}
	freeifaddrs(ifa);
	if (!found) {
		snprintf(err, errlen, "%s: the interface has no IP address (is it up?)",
			 what);
		return -1;
	}
	if (d->cfg.multicast && bind_mcast(d, l, what, err, errlen))
		return -1;
	return 0;
fail:
	freeifaddrs(ifa);
	return -1;
}

/* ---- /stats --------------------------------------------------------------- */

static void stats_get(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		      const coap_pdu_t *req, struct coapd_reply *rep)
{
	struct jbuf jb;

	(void)res;
	(void)s;
	(void)req;
	jb_init(&jb);
	coapd_stats_json(&d->st, d->up ? lm_upstream_stats(d->up) : NULL,
			 coapd_now_ms(), &jb);
	rep->owned = jb_take(&jb, &rep->len);
	if (!rep->owned) {
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_INTERNAL_ERROR,
				 "out of memory");
		return;
	}
	rep->data = rep->owned;
	rep->ct = COAPD_CT_JSON;
	rep->max_age = 0;
}

void coapd_stats_log(struct coapd *d)
{
	struct jbuf jb;
	char *s;

	jb_init(&jb);
	coapd_stats_json(&d->st, d->up ? lm_upstream_stats(d->up) : NULL,
			 coapd_now_ms(), &jb);
	s = jb_take(&jb, NULL);
	lm_notice("stats %s", s ? s : "(out of memory)");
	free(s);
}

static void coap_log_to_lm(coap_log_t level, const char *msg)
{
	size_t n = strlen(msg);

	while (n && msg[n - 1] == '\n')
		n--;
	if (level <= LOG_ERR)
		lm_err("libcoap: %.*s", (int)n, msg);
	else if (level <= LOG_WARNING)
		lm_warn("libcoap: %.*s", (int)n, msg);
	else
		lm_dbg("libcoap: %.*s", (int)n, msg);
}

static void set_coap_log_level(const struct coapd *d)
{
	coap_set_log_level(d->cfg.log_level >= LM_LOG_DEBUG ? LOG_INFO : LOG_WARNING);
	coap_dtls_set_log_level(d->cfg.log_level >= LM_LOG_DEBUG ? LOG_INFO :
				LOG_ERR);
}

void coapd_server_reconfigure(struct coapd *d)
{
	set_coap_log_level(d);
	coap_context_set_max_idle_sessions(d->ctx, (unsigned int)d->cfg.max_sessions);
}

int coapd_server_init(struct coapd *d, char *err, size_t errlen)
{
	int i;

	coap_startup();
	coap_set_log_handler(coap_log_to_lm);
	set_coap_log_level(d);
	d->ctx = coap_new_context(NULL);
	if (!d->ctx) {
		snprintf(err, errlen, "cannot create the CoAP context");
		return -1;
	}
	the_coapd = d;
	coap_context_set_block_mode(d->ctx, COAP_BLOCK_USE_LIBCOAP |
				    COAP_BLOCK_SINGLE_BODY);
	coap_context_set_max_idle_sessions(d->ctx, (unsigned int)d->cfg.max_sessions);
	coap_context_set_max_handshake_sessions(d->ctx, 16);
	coap_register_event_handler(d->ctx, event_handler);
	if (d->cfg.dtls && setup_dtls(d, err, errlen))
		return -1;
	for (i = 0; i < d->cfg.n_listen; i++)
		if (bind_listen(d, &d->cfg.listen[i], err, errlen))
			return -1;
	for (i = 0; i < d->cfg.n_iface; i++)
		if (bind_iface(d, &d->cfg.iface[i], err, errlen))
			return -1;
	if (!coapd_res_add(d, "stats", false, "coapd.stats", "core.rp",
			   COAPD_CT_JSON, stats_get, NULL, NULL, NULL, NULL)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void coapd_server_free(struct coapd *d)
{
	struct coapd_res *res, *next;

	if (d->ctx)
		coap_free_context(d->ctx);	/* deletes the coap_resource_t */
	d->ctx = NULL;
	for (res = d->resources; res; res = next) {
		next = res->next;
		free(res);
	}
	d->resources = NULL;
	coap_cleanup();
}
