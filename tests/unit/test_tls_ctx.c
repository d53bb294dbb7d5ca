/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SSL-VPN server's TLS context: the self-signed
 * certificate made once and reused, files refused with the file named,
 * the files' digest and the pin against the openssl command line (the
 * pin by PEERS.md's recipe, the one openconnect users run), and
 * handshakes in memory that show what the context accepts (TLS 1.2 with
 * AEAD suites, TLS 1.3) and refuses.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "crypto/tls_ctx.h"

static char dir[] = "/tmp/test_tls_ctx.XXXXXX";
static char cert[256], key[256];

static void
setup(void)
{
	static bool made;

	if (!made) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
		made = true;
	}
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
}

/* The output of a shell command, first line, into out. */
static void
run(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");

	out[0] = '\0';
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	if (fgets(out, (int)len, p) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

static void
assert_contains(const char *s, const char *want)
{
	if (strstr(s, want) == NULL) {
		fprintf(stderr, "\n\"%s\" lacks \"%s\"\n", s, want);
		CU_FAIL("message lacks the expected text");
	}
}

static void
test_self_signed_made_once(void)
{
	char err[TLS_ERR_MAX] = "", pin[TLS_PIN_MAX], pin2[TLS_PIN_MAX], want[128];
	char cmd[1024], subj[128];
	struct stat st;
	SSL_CTX *ctx;

	setup();
	unlink(cert);
	unlink(key);
	ctx = tls_ctx_self_signed(cert, key, "gw1.example", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_EQUAL_FATAL(stat(key, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	CU_ASSERT_EQUAL_FATAL(stat(cert, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
	CU_ASSERT_EQUAL_FATAL(tls_ctx_pin(ctx, pin), 0);
	CU_ASSERT_EQUAL(strlen(pin), strlen("pin-sha256:") + 44);
	tls_ctx_subject(ctx, subj, sizeof(subj));
	CU_ASSERT_STRING_EQUAL(subj, "CN=gw1.example");

	/* the oracle: PEERS.md's command line */
	snprintf(cmd, sizeof(cmd), "openssl x509 -in %s -pubkey -noout | openssl "
	    "pkey -pubin -outform der | openssl dgst -sha256 -binary | base64", cert);
	run(cmd, want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(pin + strlen("pin-sha256:"), want);
	/* an EC P-256 key, ten years, the name in CN and SAN */
	snprintf(cmd, sizeof(cmd), "openssl x509 -in %s -noout -text | grep -c "
	    "-e 'ASN1 OID: prime256v1' -e 'DNS:gw1.example' -e 'CA:FALSE' "
	    "-e 'TLS Web Server Authentication'", cert);
	run(cmd, want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(want, "4");
	snprintf(cmd, sizeof(cmd), "openssl x509 -in %s -noout -checkend %ld "
	    ">/dev/null && ! openssl x509 -in %s -noout -checkend %ld >/dev/null "
	    "&& echo ok", cert, (long)(TLS_SELF_SIGNED_DAYS - 1) * 86400, cert,
	    (long)TLS_SELF_SIGNED_DAYS * 86400 + 3600);
	run(cmd, want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(want, "ok");
	SSL_CTX_free(ctx);

	/* made once: the second call loads the same certificate */
	ctx = tls_ctx_self_signed(cert, key, "other", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_EQUAL(tls_ctx_pin(ctx, pin2), 0);
	CU_ASSERT_STRING_EQUAL(pin, pin2);
	SSL_CTX_free(ctx);

	/* a missing key: both made again */
	unlink(key);
	ctx = tls_ctx_self_signed(cert, key, "gw1.example", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_EQUAL(tls_ctx_pin(ctx, pin2), 0);
	CU_ASSERT_STRING_NOT_EQUAL(pin, pin2);
	SSL_CTX_free(ctx);
}

static void
test_load_refusals(void)
{
	char err[TLS_ERR_MAX], other_cert[300], other_key[300], junk[300], cmd[900];
	SSL_CTX *ctx;
	FILE *f;

	setup();
	ctx = tls_ctx_self_signed(cert, key, "gw1", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	SSL_CTX_free(ctx);
	ctx = tls_ctx_load(cert, key, err);
	CU_ASSERT_PTR_NOT_NULL(ctx);
	SSL_CTX_free(ctx);

	snprintf(other_cert, sizeof(other_cert), "%s/rsa.pem", dir);
	snprintf(other_key, sizeof(other_key), "%s/rsa.key", dir);
	snprintf(junk, sizeof(junk), "%s/junk.pem", dir);
	/* an RSA pair made by the openssl command: accepted */
	snprintf(cmd, sizeof(cmd), "openssl req -x509 -newkey rsa:2048 -nodes "
	    "-subj /CN=rsa -days 2 -keyout %s -out %s 2>/dev/null", other_key,
	    other_cert);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	ctx = tls_ctx_load(other_cert, other_key, err);
	CU_ASSERT_PTR_NOT_NULL(ctx);
	SSL_CTX_free(ctx);

	/* a key of another certificate */
	CU_ASSERT_PTR_NULL(tls_ctx_load(cert, other_key, err));
	assert_contains(err, "does not match certificate");
	assert_contains(err, other_key);
	/* missing files */
	CU_ASSERT_PTR_NULL(tls_ctx_load("/nonexistent/c.pem", key, err));
	assert_contains(err, "certificate /nonexistent/c.pem: No such file");
	CU_ASSERT_PTR_NULL(tls_ctx_load(cert, "/nonexistent/k.pem", err));
	assert_contains(err, "key /nonexistent/k.pem: No such file");
	/* not PEM */
	f = fopen(junk, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("not a certificate\n", f);
	fclose(f);
	CU_ASSERT_PTR_NULL(tls_ctx_load(junk, key, err));
	assert_contains(err, "not a PEM certificate");
	assert_contains(err, junk);
	CU_ASSERT_PTR_NULL(tls_ctx_load(cert, junk, err));
	assert_contains(err, "not a PEM private key");
	/* an encrypted key is refused, never prompted for */
	snprintf(cmd, sizeof(cmd), "openssl pkey -in %s -aes256 -passout pass:x "
	    "-out %s", key, junk);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_PTR_NULL(tls_ctx_load(cert, junk, err));
	assert_contains(err, "encrypted");
	CU_ASSERT_EQUAL(ERR_peek_error(), 0);	/* nothing left behind */
}

/* Runs a handshake in memory between ctx and a client context limited to
 * version (0: any) and cipher list (NULL: default); whether it completed. */
static bool
handshake(SSL_CTX *ctx, int version, const char *ciphers, int *got_version)
{
	SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
	SSL *s = SSL_new(ctx), *c;
	BIO *sb, *cb;
	int i, rs = 0, rc = 0;
	bool ok = false;

	SSL_CTX_set_security_level(cctx, 0);	/* let the client offer old things */
	if (version != 0) {
		SSL_CTX_set_min_proto_version(cctx, version);
		SSL_CTX_set_max_proto_version(cctx, version);
	}
	if (ciphers != NULL)
		SSL_CTX_set_cipher_list(cctx, ciphers);
	c = SSL_new(cctx);
	CU_ASSERT_FATAL(BIO_new_bio_pair(&sb, 0, &cb, 0) == 1);
	SSL_set_bio(s, sb, sb);
	SSL_set_bio(c, cb, cb);
	SSL_set_accept_state(s);
	SSL_set_connect_state(c);
	for (i = 0; i < 20 && !(rs == 1 && rc == 1); i++) {
		if (rc != 1)
			rc = SSL_do_handshake(c);
		if (rs != 1)
			rs = SSL_do_handshake(s);
		if ((rs <= 0 && SSL_get_error(s, rs) == SSL_ERROR_SSL) ||
		    (rc <= 0 && SSL_get_error(c, rc) == SSL_ERROR_SSL))
			break;
	}
	ok = rs == 1 && rc == 1;
	if (ok && got_version != NULL)
		*got_version = SSL_version(s);
	ERR_clear_error();
	SSL_free(s);
	SSL_free(c);
	SSL_CTX_free(cctx);
	return ok;
}

static void
test_protocols(void)
{
	char err[TLS_ERR_MAX];
	SSL_CTX *ctx;
	int v = 0;

	setup();
	ctx = tls_ctx_self_signed(cert, key, "gw1", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_TRUE(handshake(ctx, 0, NULL, &v));
	CU_ASSERT_EQUAL(v, TLS1_3_VERSION);
	CU_ASSERT_TRUE(handshake(ctx, TLS1_2_VERSION, "ECDHE-ECDSA-AES256-GCM-SHA384", &v));
	CU_ASSERT_EQUAL(v, TLS1_2_VERSION);
	CU_ASSERT_TRUE(handshake(ctx, TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305", NULL));
	/* refused: old versions, CBC, suites without forward secrecy */
	CU_ASSERT_FALSE(handshake(ctx, TLS1_1_VERSION, "ALL:@SECLEVEL=0", NULL));
	CU_ASSERT_FALSE(handshake(ctx, TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA256", NULL));
	CU_ASSERT_FALSE(handshake(ctx, TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA", NULL));
	CU_ASSERT_FALSE(handshake(ctx, TLS1_2_VERSION, "AES128-GCM-SHA256", NULL));
	/* one SSL_write is one record, and no tickets */
	CU_ASSERT_EQUAL(SSL_CTX_get_mode(ctx) & SSL_MODE_ENABLE_PARTIAL_WRITE, 0);
	CU_ASSERT_NOT_EQUAL(SSL_CTX_get_mode(ctx) & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, 0);
	CU_ASSERT_NOT_EQUAL(SSL_CTX_get_options(ctx) & SSL_OP_NO_RENEGOTIATION, 0);
	CU_ASSERT_NOT_EQUAL(SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION, 0);
	CU_ASSERT_EQUAL(SSL_CTX_get_num_tickets(ctx), 0);
	SSL_CTX_free(ctx);
}

/* The files' digest against the openssl command line's (the SHA-256 of
 * the two files' SHA-256s); it moves with a byte of either file, and a
 * missing file is named. */
static void
test_files_digest(void)
{
	unsigned char d[TLS_FILES_DIGEST], again[TLS_FILES_DIGEST];
	char e[TLS_ERR_MAX], hex[2 * TLS_FILES_DIGEST + 1], cmd[800], want[400], other[300];
	SSL_CTX *ctx;
	FILE *f;
	unsigned i;

	setup();
	ctx = tls_ctx_self_signed(cert, key, "gw1.example", e);	/* made if missing */
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	SSL_CTX_free(ctx);
	CU_ASSERT_EQUAL_FATAL(tls_ctx_files_digest(cert, key, d, e), 0);
	for (i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	snprintf(cmd, sizeof(cmd), "{ openssl dgst -sha256 -binary %s; openssl dgst -sha256 "
	    "-binary %s; } | openssl dgst -sha256 -r | cut -d' ' -f1", cert, key);
	run(cmd, want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(hex, want);
	/* the same files, the same digest; swapped, another */
	CU_ASSERT_EQUAL(tls_ctx_files_digest(cert, key, again, e), 0);
	CU_ASSERT_EQUAL(memcmp(d, again, sizeof(d)), 0);
	CU_ASSERT_EQUAL(tls_ctx_files_digest(key, cert, again, e), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(d, again, sizeof(d)), 0);
	/* a byte more in the key (a copy of it) */
	snprintf(other, sizeof(other), "%s/key2.pem", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s", key, other);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(other, "a"));
	fputc('\n', f);
	fclose(f);
	CU_ASSERT_EQUAL(tls_ctx_files_digest(cert, other, again, e), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(d, again, sizeof(d)), 0);
	snprintf(other, sizeof(other), "%s/none.pem", dir);
	CU_ASSERT_EQUAL(tls_ctx_files_digest(cert, other, again, e), -1);
	snprintf(want, sizeof(want), "key %s: No such file or directory", other);
	CU_ASSERT_STRING_EQUAL(e, want);
	CU_ASSERT_EQUAL(tls_ctx_files_digest(dir, key, again, e), -1);
	snprintf(want, sizeof(want), "certificate %s: Is a directory", dir);
	CU_ASSERT_STRING_EQUAL(e, want);
}

static void
test_cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static CU_TestInfo tests[] = {
	{ "self-signed made once, pin as openssl", test_self_signed_made_once },
	{ "files refused, named", test_load_refusals },
	{ "versions and suites", test_protocols },
	{ "the files' digest, as openssl", test_files_digest },
	{ "cleanup", test_cleanup },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "tls_ctx"
#include "cunit_main.h"
