// SPDX-License-Identifier: GPL-2.0
/* UDP sockets: bind, multicast, send (with forwarder encapsulation), receive. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lmesh/config.h"
#include "lmesh/log.h"
#include "gw.h"

#define GW_READ_BURST	64	/* datagrams per poll wake-up and socket */
#define GW_IO_BATCH	16	/* datagrams per recvmmsg() and per sendmmsg() */
#define GW_TX_BYTES	(256 << 10)	/* bytes the send batch holds */

/*
 * System calls are most of what a publish costs the gateway (on virtual
 * machines one costs microseconds), so a burst of datagrams is read with
 * recvmmsg() and the answers to it go out with sendmmsg(): while
 * gw_net_read() works through a burst, gw_send_to() queues what it sends
 * here, in order, and the burst ends with one tx_flush(). Elsewhere
 * datagrams go out at once, as before. Static: one gateway per process.
 */
static struct {
	struct mmsghdr mh[GW_IO_BATCH];
	struct iovec iov[GW_IO_BATCH];
	struct sockaddr_storage ss[GW_IO_BATCH];
	int type[GW_IO_BATCH];		/* counted once sent; -1: counted already */
	int n, sock;
	bool on;			/* inside a burst: queue, do not send */
	size_t used;
	uint8_t buf[GW_TX_BYTES];
} tx;

static struct {
	struct mmsghdr mh[GW_IO_BATCH];
	struct iovec iov[GW_IO_BATCH];
	struct sockaddr_storage ss[GW_IO_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctl[GW_IO_BATCH];
	uint8_t buf[GW_IO_BATCH][MQTTSN_MAX_MSG + 1];
} rx;

int gw_parse_hostport(const char *s, int defport, struct sockaddr_storage *ss,
		      socklen_t *len, char *err, size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
				  .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res;
	const char *colon;
	size_t hl;
	int rc;

	snprintf(port, sizeof(port), "%d", defport);
	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (!end) {
			snprintf(err, errlen, "missing ']'");
			return -1;
		}
		hl = end - s - 1;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] && !colon) {
			snprintf(err, errlen, "expected ':PORT' after ']'");
			return -1;
		}
		s++;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon) {
			snprintf(err, errlen, "IPv6 addresses need brackets: [ADDR]:PORT");
			return -1;
		}
		hl = colon ? (size_t)(colon - s) : strlen(s);
	}
	if (!hl || hl >= sizeof(host)) {
		snprintf(err, errlen, "missing or too long address");
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (colon) {
		long p;
		char *end;

		p = strtol(colon + 1, &end, 10);
		if (!colon[1] || *end || p < 1 || p > 65535) {
			snprintf(err, errlen, "port must be 1..65535");
			return -1;
		}
		snprintf(port, sizeof(port), "%ld", p);
	}
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "not a numeric address: %s", gai_strerror(rc));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int join_multicast(struct gw *gw, int i, char *err, size_t errlen)
{
	char grp[128], *pct;
	unsigned int ifindex = 0;
	struct sockaddr_storage ss;
	socklen_t len;

	snprintf(grp, sizeof(grp), "%s", gw->conf.multicast);
	pct = strchr(grp, '%');
	if (pct) {
		*pct = '\0';
		ifindex = if_nametoindex(pct + 1);
		if (!ifindex) {
			snprintf(err, errlen, "multicast: no interface '%s'", pct + 1);
			return -1;
		}
	}
	{
		struct addrinfo hints = { .ai_flags = AI_NUMERICHOST }, *res;

		if (getaddrinfo(grp, NULL, &hints, &res)) {
			snprintf(err, errlen, "multicast: bad group '%s'", grp);
			return -1;
		}
		memcpy(&ss, res->ai_addr, res->ai_addrlen);
		len = res->ai_addrlen;
		freeaddrinfo(res);
	}
	if (ss.ss_family != gw->family[i])
		return 0;
	if (ss.ss_family == AF_INET6) {
		struct ipv6_mreq mr = { .ipv6mr_interface = ifindex };

		mr.ipv6mr_multiaddr = ((struct sockaddr_in6 *)&ss)->sin6_addr;
		if (setsockopt(gw->socks[i], IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
			       sizeof(mr))) {
			snprintf(err, errlen, "multicast join %s: %s", grp, strerror(errno));
			return -1;
		}
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(gw->conf.multicast_port);
		((struct sockaddr_in6 *)&ss)->sin6_scope_id = ifindex;
		if (ifindex)
			setsockopt(gw->socks[i], IPPROTO_IPV6, IPV6_MULTICAST_IF,
				   &ifindex, sizeof(ifindex));
	} else {
		struct ip_mreqn mr = { .imr_ifindex = (int)ifindex };

		mr.imr_multiaddr = ((struct sockaddr_in *)&ss)->sin_addr;
		if (setsockopt(gw->socks[i], IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			       sizeof(mr))) {
			snprintf(err, errlen, "multicast join %s: %s", grp, strerror(errno));
			return -1;
		}
		((struct sockaddr_in *)&ss)->sin_port = htons(gw->conf.multicast_port);
	}
	if (!gw->mcast_len) {
		gw->mcast = ss;
		gw->mcast_len = len;
	}
	return 0;
}

/*
 * A burst of datagrams must fit in the socket buffer while the gateway
 * works through them. SO_RCVBUFFORCE (CAP_NET_ADMIN, before dropping
 * root) passes net.core.rmem_max; otherwise SO_RCVBUF is capped by it.
 */
static void set_rcvbuf(struct gw *gw, int fd, const char *name)
{
	int want = gw->conf.rcvbuf, got = 0;
	socklen_t l = sizeof(got);

	if (!want)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want))) {
		lm_warn("%s: SO_RCVBUF %d: %s", name, want, strerror(errno));
		return;
	}
	/* the kernel reports twice what it was asked (its bookkeeping share) */
	if (!getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &l) && got / 2 < want)
		lm_warn("%s: receive buffer %d bytes, not %d: raise net.core.rmem_max",
			name, got / 2, want);
}

int gw_net_open(struct gw *gw, char *err, size_t errlen)
{
	int i, one = 1;

	for (i = 0; i < gw->conf.nlisten; i++) {
		struct sockaddr_storage ss;
		socklen_t len;
		int fd;

		if (gw_parse_hostport(gw->conf.listen[i], 1883, &ss, &len, err, errlen))
			return -1;
		fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			snprintf(err, errlen, "socket: %s", strerror(errno));
			return -1;
		}
		gw->socks[gw->nsocks] = fd;
		gw->family[gw->nsocks] = ss.ss_family;
		gw->nsocks++;
		/*
		 * No SO_REUSEADDR: with it a second gateway (or anything else)
		 * binds the same port as well and takes the datagrams.
		 */
		if (ss.ss_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		set_rcvbuf(gw, fd, gw->conf.listen[i]);
		/* the kernel counts what it drops for a full buffer: see gw_net_read */
		if (setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)))
			lm_warn("%s: SO_RXQ_OVFL: %s: drops in the socket buffer not counted",
				gw->conf.listen[i], strerror(errno));
		if (bind(fd, (struct sockaddr *)&ss, len)) {
			snprintf(err, errlen, "bind %s: %s%s", gw->conf.listen[i],
				 strerror(errno), errno == EADDRINUSE ?
				 " (another gateway, or another listen of this file, on that port?)" : "");
			return -1;
		}
		if (gw->conf.multicast &&
		    join_multicast(gw, gw->nsocks - 1, err, errlen))
			return -1;
		lm_info("listening on udp %s", gw->conf.listen[i]);
	}
	return 0;
}

/*
 * -t: what gw_net_open() would find wrong in the host rather than in the
 * file: a listen address this host does not have (bound here with port 0,
 * so a gateway already running on the port does not count) and a
 * multicast interface that does not exist. "file:line: ..." in @err.
 */
int gw_net_check(const struct gw *gw, const char *file, char *err, size_t errlen)
{
	const struct gw_conf *c = &gw->conf;
	const char *pct;
	int i, fd, rc;

	for (i = 0; i < c->nlisten; i++) {
		struct sockaddr_storage ss;
		socklen_t len;
		char sub[LM_ERRLEN];

		if (gw_parse_hostport(c->listen[i], 1883, &ss, &len, sub, sizeof(sub))) {
			snprintf(err, errlen, "%s:%d: listen '%s': %s", file,
				 c->listen_line[i], c->listen[i], sub);
			return -1;
		}
		if (ss.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&ss)->sin6_port = 0;
		else
			((struct sockaddr_in *)&ss)->sin_port = 0;
		fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		rc = fd < 0 ? -1 : bind(fd, (struct sockaddr *)&ss, len);
		if (rc) {
			snprintf(err, errlen, "%s:%d: listen '%s': %s", file,
				 c->listen_line[i], c->listen[i],
				 errno == EADDRNOTAVAIL ? "not an address of this host" :
				 strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	pct = c->multicast ? strchr(c->multicast, '%') : NULL;
	if (pct && !if_nametoindex(pct + 1)) {
		snprintf(err, errlen, "%s:%d: multicast: no interface '%s'", file,
			 c->multicast_line, pct + 1);
		return -1;
	}
	return 0;
}

/* Send what the batch holds, in order; a datagram that fails is dropped. */
static void tx_flush(struct gw *gw)
{
	int i = 0, r;

	while (i < tx.n && tx.sock < gw->nsocks) {
		r = sendmmsg(gw->socks[tx.sock], tx.mh + i, tx.n - i, 0);
		if (r < 0) {
			/* the first one failed: skip it, as sendto() would have */
			lm_dbg("sendmmsg: %s", strerror(errno));
			i++;
			continue;
		}
		for (; r > 0; r--, i++) {
			if (tx.type[i] < 0)
				continue;
			gw->st.tx[tx.type[i]]++;
			gw->st.tx_bytes += tx.iov[i].iov_len;
		}
	}
	tx.n = 0;
	tx.used = 0;
}

static void tx_add(struct gw *gw, int sock, const struct sockaddr *sa, socklen_t len,
		   const uint8_t *buf, size_t n, int type)
{
	int i;

	if (tx.n && (tx.sock != sock || tx.n == GW_IO_BATCH ||
		     tx.used + n > sizeof(tx.buf)))
		tx_flush(gw);
	i = tx.n++;
	tx.sock = sock;
	memcpy(tx.buf + tx.used, buf, n);
	tx.iov[i] = (struct iovec){ .iov_base = tx.buf + tx.used, .iov_len = n };
	memcpy(&tx.ss[i], sa, len);
	tx.mh[i].msg_hdr = (struct msghdr){ .msg_name = &tx.ss[i], .msg_namelen = len,
					    .msg_iov = &tx.iov[i], .msg_iovlen = 1 };
	tx.type[i] = type;
	tx.used += n;
}

void gw_net_close(struct gw *gw)
{
	int i;

	tx_flush(gw);
	gw_held_flush(gw, false);
	for (i = 0; i < gw->nsocks; i++)
		close(gw->socks[i]);
	gw->nsocks = 0;
}

static int sock_for(struct gw *gw, int family)
{
	int i;

	for (i = 0; i < gw->nsocks; i++)
		if (gw->family[i] == family)
			return i;
	return -1;
}

void gw_send_to(struct gw *gw, int sock, const struct sockaddr *sa, socklen_t len,
		const struct mqttsn_msg *m)
{
	uint8_t buf[MQTTSN_MAX_MSG];
	ssize_t n = mqttsn_build(m, buf, sizeof(buf));

	if (n < 0 || sock < 0 || sock >= gw->nsocks) {
		gw_drop(gw, GW_DROP_UNEXPECTED);
		return;
	}
	if (gw->state_dirty && gw->conf.state_file) {
		/* acknowledges (or follows) state not yet on disk: hold it */
		struct gw_held *h = malloc(sizeof(*h) + n);

		if (h) {
			h->next = NULL;
			h->sock = sock;
			memcpy(&h->ss, sa, len);
			h->len = len;
			h->n = n;
			memcpy(h->buf, buf, n);
			if (!gw->held)
				gw->held_tail = &gw->held;
			*gw->held_tail = h;
			gw->held_tail = &h->next;
			gw->st.tx[m->type]++;
			gw->st.tx_bytes += n;
			return;
		}
	}
	if (tx.on) {
		tx_add(gw, sock, sa, len, buf, n, m->type);
		return;
	}
	if (sendto(gw->socks[sock], buf, n, 0, sa, len) < 0) {
		lm_dbg("sendto: %s", strerror(errno));
		return;
	}
	gw->st.tx[m->type]++;
	gw->st.tx_bytes += n;
}

/* Send (or with @send false, discard) the datagrams held for a state save. */
void gw_held_flush(struct gw *gw, bool send)
{
	struct gw_held *h;

	/* what a burst queued came before: out first */
	tx_flush(gw);
	while ((h = gw->held)) {
		gw->held = h->next;
		if (send && h->sock < gw->nsocks)	/* counted when held */
			tx_add(gw, h->sock, (struct sockaddr *)&h->ss, h->len,
			       h->buf, h->n, -1);
		free(h);
	}
	gw->held_tail = &gw->held;
	tx_flush(gw);
}

void gw_send(struct gw *gw, const struct gw_addr *to, const struct mqttsn_msg *m)
{
	uint8_t inner[MQTTSN_MAX_MSG];
	struct mqttsn_msg e = { .type = MQTTSN_ENCAPSULATED };
	ssize_t n;

	if (!to->encap) {
		gw_send_to(gw, to->sock, (const struct sockaddr *)&to->ss, to->len, m);
		return;
	}
	n = mqttsn_build(m, inner, sizeof(inner) - 64);
	if (n < 0)
		return;
	gw->st.tx[m->type]++;
	e.ctrl = to->ctrl & 0x03;	/* radius */
	e.data = to->node_id;
	e.data_len = to->node_len;
	e.inner = inner;
	e.inner_len = n;
	gw_send_to(gw, to->sock, (const struct sockaddr *)&to->ss, to->len, &e);
}

const char *gw_addr_str(const struct gw_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)&a->ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		snprintf(buf, len, "[%s]:%d", host, port);
	} else if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)&a->ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(buf, len, "%s:%d", host, port);
	} else {
		snprintf(buf, len, "?");
	}
	if (a->encap) {
		size_t l = strlen(buf);
		int i;

		for (i = 0; i < a->node_len && l + 3 < len; i++, l += 2)
			snprintf(buf + l, len - l, i ? "%02x" : "/%02x", a->node_id[i]);
	}
	return buf;
}

bool gw_addr_eq(const struct gw_addr *a, const struct gw_addr *b)
{
	if (a->ss.ss_family != b->ss.ss_family || a->encap != b->encap)
		return false;
	if (a->encap && (a->node_len != b->node_len ||
			 memcmp(a->node_id, b->node_id, a->node_len)))
		return false;
	if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)&a->ss, *y = (const void *)&b->ss;

		return x->sin6_port == y->sin6_port &&
		       !memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) &&
		       x->sin6_scope_id == y->sin6_scope_id;
	}
	if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)&a->ss, *y = (const void *)&b->ss;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	return false;
}

void gw_advertise(struct gw *gw)
{
	struct mqttsn_msg m = { .type = MQTTSN_ADVERTISE, .gw_id = gw->conf.gw_id,
				.duration = (uint16_t)(gw->conf.advertise_ms / 1000) };
	int i, s;

	for (i = 0; i < gw->conf.nadvertise; i++) {
		s = sock_for(gw, gw->adv[i].ss_family);
		if (s >= 0)
			gw_send_to(gw, s, (struct sockaddr *)&gw->adv[i], gw->adv_len[i], &m);
	}
	if (gw->mcast_len) {
		s = sock_for(gw, gw->mcast.ss_family);
		if (s >= 0)
			gw_send_to(gw, s, (struct sockaddr *)&gw->mcast, gw->mcast_len, &m);
	}
}

/* The kernel's count of datagrams it dropped for a full buffer, if it changed. */
static void rx_ovfl(struct gw *gw, int idx, struct msghdr *mh)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		uint32_t ovfl;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SO_RXQ_OVFL)
			continue;
		/* the socket's running count of datagrams it had no room for */
		memcpy(&ovfl, CMSG_DATA(cm), sizeof(ovfl));
		if (ovfl != gw->rxq_ovfl[idx]) {
			uint32_t lost = ovfl - gw->rxq_ovfl[idx];

			gw->st.drop[GW_DROP_KERNEL_RCVBUF] += lost;
			lm_dbg("%s: %u datagram(s) dropped by the kernel (buffer full)",
			       gw->conf.listen[idx], lost);
			gw->rxq_ovfl[idx] = ovfl;
		}
	}
}

/*
 * Up to GW_READ_BURST datagrams, GW_IO_BATCH per recvmmsg(); a short batch
 * means the socket is empty, so no call is spent on learning that. The
 * answers go out together at the end (tx above).
 */
void gw_net_read(struct gw *gw, int idx)
{
	int total = 0, want, got, i;

	tx.on = true;
	do {
		want = GW_READ_BURST - total < GW_IO_BATCH ? GW_READ_BURST - total :
		       GW_IO_BATCH;
		for (i = 0; i < want; i++) {
			rx.iov[i] = (struct iovec){ .iov_base = rx.buf[i],
						    .iov_len = sizeof(rx.buf[i]) };
			rx.mh[i].msg_hdr = (struct msghdr){
				.msg_name = &rx.ss[i], .msg_namelen = sizeof(rx.ss[i]),
				.msg_iov = &rx.iov[i], .msg_iovlen = 1,
				.msg_control = rx.ctl[i].buf,
				.msg_controllen = sizeof(rx.ctl[i].buf) };
		}
		got = recvmmsg(gw->socks[idx], rx.mh, want, MSG_DONTWAIT, NULL);
		if (got < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				lm_warn("recvmmsg: %s", strerror(errno));
			break;
		}
		for (i = 0; i < got; i++) {
			struct gw_addr from = { .sock = idx };

			memcpy(&from.ss, &rx.ss[i], sizeof(from.ss));
			from.len = rx.mh[i].msg_hdr.msg_namelen;
			rx_ovfl(gw, idx, &rx.mh[i].msg_hdr);
			gw->st.rx_bytes += rx.mh[i].msg_len;
			gw_handle(gw, &from, rx.buf[i], rx.mh[i].msg_len);
		}
		total += got;
	} while (got == want && total < GW_READ_BURST);
	tx.on = false;
	tx_flush(gw);
}
