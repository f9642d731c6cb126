// SPDX-License-Identifier: GPL-2.0
/*
 * Socket helpers. Every socket binds exactly the configured numeric address;
 * IPv6 sockets are IPv6-only so "::" never silently takes IPv4 too.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "sock.h"

int sock_addr(const char *ip, unsigned int port, struct sockaddr_storage *sa,
	      socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
	struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

void sock_name(const struct sockaddr *sa, char *out, size_t size)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
	char ip[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(out, size, "%s:%u", ip, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(out, size, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		snprintf(out, size, "?");
	}
}

int sock_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int sock_open(const char *ip, unsigned int port, int type,
		     struct sockaddr_storage *sa, socklen_t *len)
{
	int fd, one = 1;

	if (sock_addr(ip, port, sa, len)) {
		lm_err("'%s' is not a numeric address", ip);
		return -1;
	}
	fd = socket(sa->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		lm_err("socket: %s", strerror(errno));
		return -1;
	}
	if (sa->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	return fd;
}

static int sock_bind(int fd, const char *what, struct sockaddr_storage *sa,
		     socklen_t len)
{
	char name[SOCK_NAME_LEN];
	int one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)sa, len) == 0)
		return 0;
	sock_name((struct sockaddr *)sa, name, sizeof(name));
	lm_err("%s: cannot bind %s: %s", what, name, strerror(errno));
	close(fd);
	return -1;
}

int sock_tcp_listen(const char *ip, unsigned int port)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = sock_open(ip, port, SOCK_STREAM, &sa, &len);

	if (fd < 0 || sock_bind(fd, "tcp", &sa, len))
		return -1;
	if (listen(fd, 16) < 0) {
		lm_err("listen: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int sock_udp_bind(const char *ip, unsigned int port)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = sock_open(ip, port, SOCK_DGRAM, &sa, &len);

	if (fd < 0 || sock_bind(fd, "udp", &sa, len))
		return -1;
	return fd;
}

/* Start a non-blocking connect; the caller waits for POLLOUT. */
int sock_tcp_connect(const char *ip, unsigned int port)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = sock_open(ip, port, SOCK_STREAM, &sa, &len), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sa, len) < 0 &&
	    errno != EINPROGRESS) {
		lm_warn("connect %s port %u: %s", ip, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int sock_unix_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		lm_err("stats-socket: path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(fd, 4) < 0) {
		umask(old);
		lm_err("stats-socket %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	return fd;
}
