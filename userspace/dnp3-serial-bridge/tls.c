// SPDX-License-Identifier: GPL-2.0
/*
 * TLS contexts and sessions. Both sides must present a certificate signed
 * by tls-ca; a client also checks that the server certificate names the IP
 * address it connected to.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "lmesh/log.h"
#include "tls.h"

void tls_log_errors(const char *what, const char *peer)
{
	unsigned long e;
	char buf[256];
	int any = 0;

	while ((e = ERR_get_error())) {
		ERR_error_string_n(e, buf, sizeof(buf));
		lm_warn("%s %s: %s", what, peer, buf);
		any = 1;
	}
	if (!any)
		lm_warn("%s %s: failed", what, peer);
}

SSL_CTX *tls_ctx_new(const struct cfg *cfg, int server)
{
	SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() :
				   TLS_client_method());

	if (!ctx)
		goto err;
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
		goto err;
	if (SSL_CTX_use_certificate_chain_file(ctx, cfg->tls_cert) != 1)
		goto err;
	if (SSL_CTX_use_PrivateKey_file(ctx, cfg->tls_key, SSL_FILETYPE_PEM) != 1)
		goto err;
	if (SSL_CTX_check_private_key(ctx) != 1)
		goto err;
	if (SSL_CTX_load_verify_locations(ctx, cfg->tls_ca, NULL) != 1)
		goto err;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
			   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return ctx;
err:
	tls_log_errors("tls setup with", cfg->tls_cert);
	SSL_CTX_free(ctx);
	return NULL;
}

/* peer_ip: the address a client connected to, NULL on the server side. */
SSL *tls_session_new(SSL_CTX *ctx, int fd, const char *peer_ip)
{
	SSL *ssl = SSL_new(ctx);

	if (!ssl)
		return NULL;
	if (SSL_set_fd(ssl, fd) != 1)
		goto err;
	if (peer_ip) {
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl),
						  peer_ip) != 1)
			goto err;
		SSL_set_connect_state(ssl);
	} else {
		SSL_set_accept_state(ssl);
	}
	return ssl;
err:
	SSL_free(ssl);
	return NULL;
}
