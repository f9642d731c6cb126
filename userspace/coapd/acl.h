/* SPDX-License-Identifier: GPL-2.0 */
/*
 * acl.h - who a client is, and the allow-lists of [pubsub] (pure code)
 *
 * A client's identity is its DTLS PSK identity ("psk:ID"), the common name
 * of its DTLS certificate ("cert:CN"), or else its address (without the
 * port). An allow-list entry is one of
 *   any            every client
 *   dtls           every client that completed a DTLS handshake
 *   psk:ID         the DTLS PSK identity ID
 *   cert:CN        a DTLS certificate with this common name
 *   ADDR[/LEN]     an IPv4 or IPv6 address or prefix (the client's address)
 */
#ifndef COAPD_ACL_H
#define COAPD_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define COAPD_ID_MAX	192	/* bytes of an identity string, with the NUL */

enum coapd_acl_kind {
	COAPD_ACL_ANY,
	COAPD_ACL_DTLS,
	COAPD_ACL_PSK,
	COAPD_ACL_CERT,
	COAPD_ACL_NET,
};

struct coapd_acl {
	enum coapd_acl_kind kind;
	char *name;		/* PSK identity or certificate CN */
	int family;		/* AF_INET or AF_INET6 for NET */
	uint8_t addr[16];
	int plen;
	int line;		/* 0: a built-in default */
};

/* what coapd knows of a client */
struct coapd_peer {
	bool dtls;		/* the request came over DTLS */
	const char *psk;	/* PSK identity, or NULL */
	const char *cn;		/* certificate common name, or NULL */
	const struct sockaddr *sa;	/* its address */
};

/* Parse @s into @a (a->name allocated). 0, or -1 with a reason in @err. */
int coapd_acl_parse(const char *s, struct coapd_acl *a, char *err,
		    size_t errlen);
void coapd_acl_free(struct coapd_acl *a);
bool coapd_acl_match(const struct coapd_acl *a, const struct coapd_peer *p);
/* the first of @n entries that matches, or NULL */
const struct coapd_acl *coapd_acl_find(const struct coapd_acl *a, int n,
				       const struct coapd_peer *p);
/* "psk:ID", "cert:CN" or the address, in @buf */
void coapd_peer_id(const struct coapd_peer *p, char *buf, size_t len);

#endif /* COAPD_ACL_H */
