/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS (OpenSSL) for DNP3 over TCP: TLS 1.2 or newer, mutual authentication
 * with certificates from one configured CA, as IEC 62351-3 asks.
 */
#ifndef DNP3_TLS_H
#define DNP3_TLS_H

#include <openssl/ssl.h>

#include "config.h"

struct ssl_ctx_st *tls_ctx_new(const struct cfg *cfg, int server);
SSL *tls_session_new(SSL_CTX *ctx, int fd, const char *peer_ip);
void tls_log_errors(const char *what, const char *peer);

#endif /* DNP3_TLS_H */
