/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket helpers: numeric addresses only, non-blocking, close-on-exec.
 */
#ifndef DNP3_SOCK_H
#define DNP3_SOCK_H

#include <sys/socket.h>

#define SOCK_NAME_LEN	64

int sock_addr(const char *ip, unsigned int port, struct sockaddr_storage *sa,
	      socklen_t *len);
int sock_tcp_listen(const char *ip, unsigned int port);
int sock_udp_bind(const char *ip, unsigned int port);
int sock_tcp_connect(const char *ip, unsigned int port);
int sock_unix_listen(const char *path);
void sock_name(const struct sockaddr *sa, char *out, size_t size);
int sock_set_nonblock(int fd);

#endif /* DNP3_SOCK_H */
