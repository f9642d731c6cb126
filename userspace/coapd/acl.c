// SPDX-License-Identifier: GPL-2.0
/*
 * acl.c - client identities and the [pubsub] allow-lists (see acl.h)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"

static bool id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > COAPD_ID_MAX - 8)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
			return false;
	return true;
}

int coapd_acl_parse(const char *s, struct coapd_acl *a, char *err,
		    size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long plen;

	memset(a, 0, sizeof(*a));
	if (!strcmp(s, "any")) {
		a->kind = COAPD_ACL_ANY;
		return 0;
	}
	if (!strcmp(s, "dtls")) {
		a->kind = COAPD_ACL_DTLS;
		return 0;
	}
	if (!strncmp(s, "psk:", 4) || !strncmp(s, "cert:", 5)) {
		bool psk = s[0] == 'p';
		const char *id = s + (psk ? 4 : 5);

		if (!id_ok(id)) {
			snprintf(err, errlen, "'%s': empty or invalid %s", s,
				 psk ? "PSK identity" : "common name");
			return -1;
		}
		a->kind = psk ? COAPD_ACL_PSK : COAPD_ACL_CERT;
		a->name = strdup(id);
		if (!a->name) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	a->kind = COAPD_ACL_NET;
	if (inet_pton(AF_INET, buf, a->addr) == 1) {
		a->family = AF_INET;
		a->plen = 32;
	} else if (inet_pton(AF_INET6, buf, a->addr) == 1) {
		a->family = AF_INET6;
		a->plen = 128;
	} else {
		goto bad;
	}
	if (slash) {
		plen = strtol(slash, &end, 10);
		if (!*slash || *end || plen < 0 || plen > a->plen)
			goto bad;
		a->plen = (int)plen;
	}
	return 0;
bad:
	snprintf(err, errlen, "'%s': expected any, dtls, psk:IDENTITY, cert:NAME or a numeric address or prefix (fd00::/8, 192.0.2.0/24)",
		 s);
	return -1;
}

void coapd_acl_free(struct coapd_acl *a)
{
	free(a->name);
	a->name = NULL;
}

static bool prefix_match(const uint8_t *a, const uint8_t *b, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, (size_t)full))
		return false;
	if (!rest)
		return true;
	return !((a[full] ^ b[full]) & (uint8_t)(0xff << (8 - rest)));
}

static bool net_match(const struct coapd_acl *a, const struct sockaddr *sa)
{
	const uint8_t *ip;
	int family;

	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		family = AF_INET;
		ip = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *in6 =
			&((const struct sockaddr_in6 *)sa)->sin6_addr;

		family = AF_INET6;
		ip = in6->s6_addr;
		if (IN6_IS_ADDR_V4MAPPED(in6)) {	/* ::ffff:a.b.c.d */
			family = AF_INET;
			ip += 12;
		}
	} else {
		return false;
	}
	return family == a->family && prefix_match(ip, a->addr, a->plen);
}

bool coapd_acl_match(const struct coapd_acl *a, const struct coapd_peer *p)
{
	switch (a->kind) {
	case COAPD_ACL_ANY:
		return true;
	case COAPD_ACL_DTLS:
		return p->dtls;
	case COAPD_ACL_PSK:
		return p->dtls && p->psk && !strcmp(p->psk, a->name);
	case COAPD_ACL_CERT:
		return p->dtls && p->cn && !strcmp(p->cn, a->name);
	case COAPD_ACL_NET:
		return net_match(a, p->sa);
	}
	return false;
}

const struct coapd_acl *coapd_acl_find(const struct coapd_acl *a, int n,
				       const struct coapd_peer *p)
{
	int i;

	for (i = 0; i < n; i++)
		if (coapd_acl_match(&a[i], p))
			return &a[i];
	return NULL;
}

void coapd_peer_id(const struct coapd_peer *p, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (p->dtls && p->psk) {
		snprintf(buf, len, "psk:%s", p->psk);
		return;
	}
	if (p->dtls && p->cn) {
		snprintf(buf, len, "cert:%s", p->cn);
		return;
	}
	if (p->sa && p->sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)p->sa)->sin_addr,
			  host, sizeof(host));
	else if (p->sa && p->sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)p->sa)->sin6_addr,
			  host, sizeof(host));
	snprintf(buf, len, "%s", host);
}
