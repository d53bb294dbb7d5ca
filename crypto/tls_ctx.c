/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tls_ctx - the SSL-VPN server's TLS context; see tls_ctx.h. */
#include "tls_ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* TLS 1.2: forward secrecy and AEAD only (TLS 1.3's suites all are). */
#define TLS12_CIPHERS \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
/* TLS 1.3: AES-128-GCM first (with the server's preference it is what
 * OpenConnect gets: 10 AES rounds a block instead of AES-256's 14). */
#define TLS13_CIPHERS \
	"TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
#define TLS_GROUPS	"X25519:P-256:P-384"
#define SERIAL_BYTES	16

static void
say(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, TLS_ERR_MAX, fmt, ap);
	va_end(ap);
}

/* OpenSSL's reason for the last failure, and its queue emptied. */
static const char *
ossl_why(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e != 0 ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r != NULL ? r : "unknown error";
}

/* An encrypted key is refused rather than prompted for on a terminal. */
static int
no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

static SSL_CTX *
new_ctx(char *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) != 1 ||
	    SSL_CTX_set_ciphersuites(ctx, TLS13_CIPHERS) != 1 ||
	    SSL_CTX_set1_groups_list(ctx, TLS_GROUPS) != 1 ||
	    SSL_CTX_set_num_tickets(ctx, 0) != 1) {
		say(err, "cannot make a TLS context: %s", ossl_why());
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_clear_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
	    SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
	SSL_CTX_set_read_ahead(ctx, 1);
	return ctx;
}

/* Whether path can be opened for reading; err says why not. */
static bool
readable(const char *what, const char *path, char *err)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		say(err, "%s %s: %s", what, path, strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

static EVP_PKEY *
read_key(const char *path, char *err)
{
	EVP_PKEY *pk = NULL;
	BIO *b;

	if (!readable("key", path, err))
		return NULL;
	if ((b = BIO_new_file(path, "r")) != NULL)
		pk = PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL);
	BIO_free(b);
	if (pk == NULL)
		say(err, "key %s: not a PEM private key, or encrypted (%s)", path,
		    ossl_why());
	return pk;
}

SSL_CTX *
tls_ctx_load(const char *cert_file, const char *key_file, char err[TLS_ERR_MAX])
{
	SSL_CTX *ctx;
	EVP_PKEY *pk;

	if (!readable("certificate", cert_file, err))
		return NULL;
	if ((ctx = new_ctx(err)) == NULL)
		return NULL;
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		say(err, "certificate %s: not a PEM certificate (%s)", cert_file,
		    ossl_why());
		SSL_CTX_free(ctx);
		return NULL;
	}
	if ((pk = read_key(key_file, err)) == NULL) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), pk) != 1) {
		say(err, "key %s does not match certificate %s", key_file,
		    cert_file);
		ERR_clear_error();
	} else if (SSL_CTX_use_PrivateKey(ctx, pk) != 1)
		say(err, "key %s: %s", key_file, ossl_why());
	else {
		EVP_PKEY_free(pk);
		return ctx;
	}
	EVP_PKEY_free(pk);
	SSL_CTX_free(ctx);
	return NULL;
}

/* The SHA-256 of the file at path into out; 0, or -1 with err. */
static int
file_digest(const char *what, const char *path, unsigned char out[TLS_FILES_DIGEST],
    char *err)
{
	unsigned char buf[4096];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	FILE *f = fopen(path, "r");
	int rc = -1;
	size_t n;

	if (f == NULL)
		say(err, "%s %s: %s", what, path, strerror(errno));
	else if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		say(err, "%s %s: cannot hash it: %s", what, path, ossl_why());
	else {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0 &&
		    EVP_DigestUpdate(md, buf, n) == 1)
			;
		if (ferror(f))
			say(err, "%s %s: %s", what, path, strerror(errno));
		else if (!feof(f) || EVP_DigestFinal_ex(md, out, NULL) != 1)
			say(err, "%s %s: cannot hash it: %s", what, path, ossl_why());
		else
			rc = 0;
	}
	OPENSSL_cleanse(buf, sizeof(buf));	/* a private key's bytes */
	if (f != NULL)
		fclose(f);
	EVP_MD_CTX_free(md);
	return rc;
}

int
tls_ctx_files_digest(const char *cert_file, const char *key_file,
    unsigned char out[TLS_FILES_DIGEST], char err[TLS_ERR_MAX])
{
	unsigned char both[2 * TLS_FILES_DIGEST];

	if (file_digest("certificate", cert_file, both, err) != 0 ||
	    file_digest("key", key_file, both + TLS_FILES_DIGEST, err) != 0)
		return -1;
	if (EVP_Digest(both, sizeof(both), out, NULL, EVP_sha256(), NULL) != 1) {
		say(err, "cannot hash %s and %s: %s", cert_file, key_file, ossl_why());
		return -1;
	}
	return 0;
}

static int
add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int rc;

	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return -1;
	rc = X509_add_ext(x, ext, -1) == 1 ? 0 : -1;
	X509_EXTENSION_free(ext);
	return rc;
}

/* A positive random serial number. */
static int
set_serial(X509 *x)
{
	unsigned char r[SERIAL_BYTES];
	BIGNUM *bn;
	int rc = -1;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	r[0] &= 0x7f;
	r[0] |= 0x01;	/* never zero, never negative, always 16 bytes */
	if ((bn = BN_bin2bn(r, sizeof(r), NULL)) != NULL &&
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL)
		rc = 0;
	BN_free(bn);
	return rc;
}

static X509 *
make_cert(EVP_PKEY *pk, const char *cn)
{
	char san[300];
	X509 *x = X509_new();
	X509_NAME *name;

	if (x == NULL)
		return NULL;
	snprintf(san, sizeof(san), "DNS:%s", cn);
	name = X509_get_subject_name(x);
	if (X509_set_version(x, X509_VERSION_3) != 1 || set_serial(x) != 0 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), 0) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), TLS_SELF_SIGNED_DAYS, 0,
	    NULL) == NULL ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 || X509_set_pubkey(x, pk) != 1 ||
	    add_ext(x, NID_basic_constraints, "critical,CA:FALSE") != 0 ||
	    add_ext(x, NID_key_usage, "critical,digitalSignature") != 0 ||
	    add_ext(x, NID_ext_key_usage, "serverAuth") != 0 ||
	    add_ext(x, NID_subject_alt_name, san) != 0 ||
	    X509_sign(x, pk, EVP_sha256()) == 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Writes the PEM in b to path with mode: a temporary file beside it,
 * fsynced, renamed over path. */
static int
write_pem(BIO *b, const char *path, mode_t mode, char *err)
{
	char tmp[PATH_MAX], *data;
	long len = BIO_get_mem_data(b, &data);
	FILE *f;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		say(err, "path too long: %s", path);
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {	/* mode 0600 */
		say(err, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		say(err, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (len < 0 || fwrite(data, 1, (size_t)len, f) != (size_t)len || fflush(f) != 0 ||
	    fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		say(err, "cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	if (rename(tmp, path) != 0) {
		say(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Makes a key and its certificate, writes them (key first: a certificate
 * on disk always has its key) and puts them in ctx. */
static int
generate(SSL_CTX *ctx, const char *cert_path, const char *key_path,
    const char *cn, char *err)
{
	EVP_PKEY *pk = EVP_EC_gen("P-256");
	X509 *x = NULL;
	BIO *kb = BIO_new(BIO_s_secmem()), *cb = BIO_new(BIO_s_mem());
	int rc = -1;

	if (pk == NULL || kb == NULL || cb == NULL ||
	    (x = make_cert(pk, cn)) == NULL ||
	    PEM_write_bio_PrivateKey(kb, pk, NULL, NULL, 0, NULL, NULL) != 1 ||
	    PEM_write_bio_X509(cb, x) != 1) {
		say(err, "cannot make a self-signed certificate: %s", ossl_why());
		goto out;
	}
	if (write_pem(kb, key_path, 0600, err) != 0 ||
	    write_pem(cb, cert_path, 0644, err) != 0)
		goto out;
	if (SSL_CTX_use_certificate(ctx, x) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, pk) != 1) {
		say(err, "cannot use the self-signed certificate: %s", ossl_why());
		goto out;
	}
	rc = 0;
out:
	BIO_free(kb);	/* secure memory: cleansed */
	BIO_free(cb);
	X509_free(x);
	EVP_PKEY_free(pk);
	return rc;
}

SSL_CTX *
tls_ctx_self_signed(const char *cert_path, const char *key_path, const char *cn,
    char err[TLS_ERR_MAX])
{
	SSL_CTX *ctx;

	if (access(cert_path, F_OK) == 0 && access(key_path, F_OK) == 0)
		return tls_ctx_load(cert_path, key_path, err);
	if ((ctx = new_ctx(err)) == NULL)
		return NULL;
	if (generate(ctx, cert_path, key_path, cn, err) != 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int
tls_ctx_pin(SSL_CTX *ctx, char out[TLS_PIN_MAX])
{
	static const char prefix[] = "pin-sha256:";
	X509 *x = SSL_CTX_get0_certificate(ctx);
	unsigned char md[32], *der = NULL;
	int len;

	if (x == NULL ||
	    (len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der)) <= 0)
		return -1;
	if (EVP_Digest(der, (size_t)len, md, NULL, EVP_sha256(), NULL) != 1) {
		OPENSSL_free(der);
		return -1;
	}
	OPENSSL_free(der);
	memcpy(out, prefix, sizeof(prefix) - 1);
	/* 32 bytes are 44 base64 characters, NUL-terminated */
	EVP_EncodeBlock((unsigned char *)out + sizeof(prefix) - 1, md, sizeof(md));
	return 0;
}

void
tls_ctx_subject(SSL_CTX *ctx, char *out, size_t len)
{
	X509 *x = SSL_CTX_get0_certificate(ctx);
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long n;

	if (len == 0)
		return;
	out[0] = '\0';
	if (x == NULL || b == NULL ||
	    X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
		BIO_free(b);
		return;
	}
	n = BIO_get_mem_data(b, &data);
	snprintf(out, len, "%.*s", (int)(n > 0 ? n : 0), data);
	BIO_free(b);
}
