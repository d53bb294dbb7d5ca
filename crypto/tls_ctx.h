/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tls_ctx - the TLS server context of the SSL-VPN server (OpenSSL libssl):
 * its protocol settings, its certificate and key, and the certificate's
 * pin as openconnect's --servercert takes it.
 *
 * Contract
 * - Every context is a server context with TLS 1.2 and 1.3 only; TLS 1.2
 *   suites are ECDHE with AES-GCM or ChaCha20-Poly1305 only; no
 *   compression, no renegotiation, no session tickets and no session
 *   cache (a reconnecting client makes a full handshake). Writes: one
 *   SSL_write is one record (no partial writes), the buffer of a write
 *   retried after SSL_ERROR_WANT_WRITE may move. Reads: ahead, as much as
 *   the socket has (fewer system calls; SSL_has_pending says when records
 *   wait in OpenSSL). Idle connections release their buffers (memory per
 *   idle session).
 * - tls_ctx_load reads a PEM certificate (chain) and a PEM private key;
 *   errors name the file and what is wrong with it; a key that does not
 *   match the certificate is refused.
 * - tls_ctx_self_signed loads cert_path and key_path if both exist;
 *   otherwise it generates an EC P-256 key and a certificate signed by it
 *   (CN = the given name, valid TLS_SELF_SIGNED_DAYS), writes the key with
 *   mode 0600 and the certificate with 0644 (each through a temporary file
 *   and a rename), and uses them from then on.
 * - tls_ctx_files_digest tells a certificate or key file renewed in place
 *   from the one loaded: a SHA-256 of both files' bytes (not their
 *   times), so the caller reloads only what changed.
 * - The pin is "pin-sha256:" + base64 of SHA-256 of the certificate's DER
 *   SubjectPublicKeyInfo.
 * - Includes nothing of the project (crypto/ is a leaf). Thread: the
 *   caller's; a context is shared by its connections read-only.
 */
#ifndef VGW_TLS_CTX_H
#define VGW_TLS_CTX_H

#include <stddef.h>

#include <openssl/ssl.h>

#define TLS_SELF_SIGNED_DAYS	3650	/* ten years */
#define TLS_PIN_MAX		64	/* "pin-sha256:" + 44 base64 + NUL */
#define TLS_ERR_MAX		256	/* the err buffers below */
#define TLS_FILES_DIGEST	32	/* bytes of tls_ctx_files_digest */

/* A server context with cert_file and key_file; NULL with err. */
SSL_CTX		*tls_ctx_load(const char *cert_file, const char *key_file,
		    char err[TLS_ERR_MAX]);
/* The digest of cert_file's and key_file's contents (the SHA-256 of
 * each file's SHA-256: no two pairs of files share one by moving bytes
 * from one to the other); 0, or -1 with err naming the file. */
int		 tls_ctx_files_digest(const char *cert_file, const char *key_file,
		    unsigned char out[TLS_FILES_DIGEST], char err[TLS_ERR_MAX]);
/* A server context with the self-signed certificate of cert_path and
 * key_path, made first if they do not both exist; NULL with err. */
SSL_CTX		*tls_ctx_self_signed(const char *cert_path, const char *key_path,
		    const char *cn, char err[TLS_ERR_MAX]);
/* The pin of ctx's certificate into out; 0, or -1. */
int		 tls_ctx_pin(SSL_CTX *, char out[TLS_PIN_MAX]);
/* The certificate's subject, one line ("CN=gw1"), into out (len bytes). */
void		 tls_ctx_subject(SSL_CTX *, char *out, size_t len);

#endif
