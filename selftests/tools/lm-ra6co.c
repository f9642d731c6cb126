// SPDX-License-Identifier: GPL-2.0
/*
 * lm-ra6co - send an ICMPv6 router advertisement carrying 6LoWPAN Context
 * Options (RFC 6775 section 4.2)
 *
 *   lm-ra6co -i IF [-n] [-l ROUTER_LIFETIME] -o SPEC [-o SPEC]...
 *
 *   SPEC  CID,PREFIX/LEN,MINUTES[,FLAG]...
 *         CID      context identifier, 0..15
 *         MINUTES  valid lifetime in units of 60 s (0 removes the context)
 *         FLAG     noc     clear the C (compression) flag
 *                  len=N   write N into the option's Length field (units
 *                          of 8 bytes) and make the option N * 8 bytes
 *                          long: the prefix is cut or padded with zeros
 *                  clen=N  write N (0..255) as the Context Length instead
 *                          of LEN
 *
 * The RA goes from the link-local address of IF to ff02::1 with hop limit
 * 255 through a raw ICMPv6 socket (the kernel fills in the checksum). Its
 * router lifetime is ROUTER_LIFETIME seconds (default 0: not a default
 * router), every other RA field is 0. A 6CO is 2 * 8 bytes long when the
 * prefix length is at most 64 and 3 * 8 bytes otherwise, as the RFC says;
 * len= and clen= make deliberately malformed ones.
 *
 * Prints one line per 6CO as it went out ("6co len L clen N c C cid I
 * lifetime M prefix P"), then "sent RA of N bytes from ADDR". With -n it
 * prints the ICMPv6 message in hex instead and sends nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RA_HDR_LEN	16
#define OPT_6CO		34
#define RA_MAX		1280
#define ND_HOP_LIMIT	255
#define CO_FLAG_C	0x10
#define CO_CID_MASK	0x0f

struct co_spec {
	unsigned int cid;
	unsigned int plen;	/* from PREFIX/LEN */
	unsigned int clen;	/* Context Length field */
	unsigned int units;	/* Length field */
	unsigned int minutes;
	bool c;
	struct in6_addr prefix;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: lm-ra6co -i IF [-n] [-l ROUTER_LIFETIME] -o CID,PREFIX/LEN,MINUTES[,noc][,len=N][,clen=N]...\n");
	exit(2);
}

static bool parse_uint(const char *s, unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!*s)
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = (unsigned int)v;
	return true;
}

static bool parse_prefix(char *s, struct co_spec *co)
{
	char *slash = strchr(s, '/');

	if (!slash)
		return false;
	*slash = '\0';
	if (inet_pton(AF_INET6, s, &co->prefix) != 1)
		return false;
	return parse_uint(slash + 1, 128, &co->plen);
}

static bool parse_spec(char *arg, struct co_spec *co)
{
	char *save = NULL, *tok;
	bool clen_set = false, len_set = false;
	unsigned int i = 0;

	memset(co, 0, sizeof(*co));
	co->c = true;
	for (tok = strtok_r(arg, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), i++) {
		if (i == 0) {
			if (!parse_uint(tok, 15, &co->cid))
				return false;
		} else if (i == 1) {
			if (!parse_prefix(tok, co))
				return false;
		} else if (i == 2) {
			if (!parse_uint(tok, 0xffff, &co->minutes))
				return false;
		} else if (!strcmp(tok, "noc")) {
			co->c = false;
		} else if (!strncmp(tok, "len=", 4)) {
			if (!parse_uint(tok + 4, 255, &co->units))
				return false;
			len_set = true;
		} else if (!strncmp(tok, "clen=", 5)) {
			if (!parse_uint(tok + 5, 255, &co->clen))
				return false;
			clen_set = true;
		} else {
			return false;
		}
	}
	if (i < 3)
		return false;
	if (!clen_set)
		co->clen = co->plen;
	if (!len_set)
		co->units = co->plen > 64 ? 3 : 2;
	return true;
}

/* Append @co at @buf + @off; returns the new offset or 0 when no room. */
static size_t put_6co(uint8_t *buf, size_t off, const struct co_spec *co)
{
	uint8_t opt[8 + 16] = { 0 };
	size_t olen = co->units * 8, n;

	if (!olen || off + olen > RA_MAX)
		return 0;
	opt[0] = OPT_6CO;
	opt[1] = (uint8_t)co->units;
	opt[2] = (uint8_t)co->clen;
	opt[3] = (uint8_t)((co->c ? CO_FLAG_C : 0) | (co->cid & CO_CID_MASK));
	/* opt[4..5]: reserved */
	opt[6] = (uint8_t)(co->minutes >> 8);
	opt[7] = (uint8_t)co->minutes;
	memcpy(opt + 8, &co->prefix, 16);
	memset(buf + off, 0, olen);
	n = olen < sizeof(opt) ? olen : sizeof(opt);
	memcpy(buf + off, opt, n);
	return off + olen;
}

static int link_local_of(const char *ifname, struct sockaddr_in6 *out)
{
	struct ifaddrs *ifa, *p;
	int found = -1;

	if (getifaddrs(&ifa) < 0)
		return -1;
	for (p = ifa; p; p = p->ifa_next) {
		const struct sockaddr_in6 *a = (const void *)p->ifa_addr;

		if (!a || a->sin6_family != AF_INET6 ||
		    strcmp(p->ifa_name, ifname) ||
		    !IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr))
			continue;
		*out = *a;
		found = 0;
		break;
	}
	freeifaddrs(ifa);
	return found;
}

int main(int argc, char **argv)
{
	static struct co_spec cos[32];
	static uint8_t ra[RA_MAX];
	unsigned int ncos = 0, lifetime = 0, ifindex, i;
	struct sockaddr_in6 src, dst = { .sin6_family = AF_INET6 };
	const char *ifname = NULL;
	char addr[INET6_ADDRSTRLEN];
	bool dry = false;
	size_t len, off;
	int hops = ND_HOP_LIMIT, fd, opt;
	ssize_t rc;

	while ((opt = getopt(argc, argv, "i:nl:o:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 'l':
			if (!parse_uint(optarg, 0xffff, &lifetime))
				usage();
			break;
		case 'o':
			if (ncos == sizeof(cos) / sizeof(cos[0]) ||
			    !parse_spec(optarg, &cos[ncos])) {
				fprintf(stderr, "lm-ra6co: bad 6CO \"%s\"\n",
					optarg);
				return 2;
			}
			ncos++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !ncos || (!ifname && !dry))
		usage();

	ra[0] = ND_ROUTER_ADVERT;
	ra[6] = (uint8_t)(lifetime >> 8);
	ra[7] = (uint8_t)lifetime;
	len = RA_HDR_LEN;
	for (i = 0; i < ncos; i++) {
		off = put_6co(ra, len, &cos[i]);
		if (!off) {
			fprintf(stderr, "lm-ra6co: 6CO %u does not fit\n", i);
			return 2;
		}
		len = off;
		inet_ntop(AF_INET6, &cos[i].prefix, addr, sizeof(addr));
		printf("6co len %u clen %u c %u cid %u lifetime %u prefix %s\n",
		       cos[i].units, cos[i].clen, cos[i].c, cos[i].cid,
		       cos[i].minutes, addr);
	}
	if (dry) {
		for (i = 0; i < len; i++)
			printf("%02x", ra[i]);
		printf("\n");
		return 0;
	}

	ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		fprintf(stderr, "lm-ra6co: no interface %s\n", ifname);
		return 1;
	}
	if (link_local_of(ifname, &src) < 0) {
		fprintf(stderr, "lm-ra6co: %s has no link-local address\n",
			ifname);
		return 1;
	}
	src.sin6_port = 0;
	src.sin6_scope_id = ifindex;

	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	if (fd < 0) {
		perror("lm-ra6co: socket");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex,
		       sizeof(ifindex)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		       sizeof(hops)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
		       sizeof(hops)) < 0) {
		perror("lm-ra6co: socket setup");
		close(fd);
		return 1;
	}
	inet_pton(AF_INET6, "ff02::1", &dst.sin6_addr);
	dst.sin6_scope_id = ifindex;
	rc = sendto(fd, ra, len, 0, (struct sockaddr *)&dst, sizeof(dst));
	close(fd);
	if (rc != (ssize_t)len) {
		perror("lm-ra6co: sendto");
		return 1;
	}
	inet_ntop(AF_INET6, &src.sin6_addr, addr, sizeof(addr));
	printf("sent RA of %zu bytes from %s\n", len, addr);
	return 0;
}
