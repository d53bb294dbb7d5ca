/* SPDX-License-Identifier: GPL-3.0-or-later */
/* secret - type-6 secrets under the installation key; see secret.h. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define KEY_LEN		32
#define NONCE_LEN	12
#define TAG_LEN		16
#define RAW_MIN		(NONCE_LEN + TAG_LEN)
#define RAW_MAX		(NONCE_LEN + SECRET_CLEAR_MAX + TAG_LEN)
#define B64_LEN(n)	(4 * (((n) + 2) / 3))	/* EVP_EncodeBlock's output */
#define KEY_FILE	"secret.key"

_Static_assert(2 + B64_LEN(RAW_MAX) + 1 <= SECRET_TEXT_MAX,
    "SECRET_TEXT_MAX holds the longest secret");

struct secret_key {
	uint8_t	 key[KEY_LEN];
};

static void
say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

struct secret_key *
secret_key_from_bytes(const uint8_t key[32])
{
	struct secret_key *k = OPENSSL_malloc(sizeof(*k));

	if (k != NULL)
		memcpy(k->key, key, KEY_LEN);
	return k;
}

void
secret_key_free(struct secret_key *k)
{
	if (k != NULL)
		OPENSSL_clear_free(k, sizeof(*k));
}

/* A key file is taken only as 32 bytes in a regular file that neither the
 * group nor others may read or write. */
static struct secret_key *
key_read(int fd, const char *path, char *err, size_t errlen)
{
	uint8_t key[KEY_LEN];
	struct secret_key *k = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;

	if (fstat(fd, &st) != 0) {
		say(err, errlen, "cannot stat %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		say(err, errlen, "%s is not a regular file", path);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		say(err, errlen, "%s has mode %04o: group and others must have "
		    "no access (mode 0600)", path, (unsigned)(st.st_mode & 07777));
		return NULL;
	}
	if (st.st_size != KEY_LEN) {
		say(err, errlen, "%s has %lld bytes, not the %d of a key", path,
		    (long long)st.st_size, KEY_LEN);
		return NULL;
	}
	while (got < KEY_LEN) {
		n = read(fd, key + got, KEY_LEN - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			say(err, errlen, "cannot read %s: %s", path,
			    n < 0 ? strerror(errno) : "file shrank");
			goto out;
		}
		got += (size_t)n;
	}
	if ((k = secret_key_from_bytes(key)) == NULL)
		say(err, errlen, "out of memory");
out:
	OPENSSL_cleanse(key, sizeof(key));
	return k;
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Writes a fresh key to a temporary file, fsyncs it and renames it into
 * place without replacing (RENAME_NOREPLACE), then fsyncs the directory.
 * Returns 0 with *out set, 1 when another process created the file first
 * (the caller loads that one: a key in use is never replaced), -1 on error.
 */
static int
key_create(const char *dir, const char *path, struct secret_key **out,
    char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	uint8_t key[KEY_LEN];
	int fd, dfd, rc = -1;

	if (RAND_bytes(key, sizeof(key)) != 1) {
		say(err, errlen, "the random source failed");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/" KEY_FILE ".XXXXXX", dir);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {	/* mode 0600 */
		say(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, key, sizeof(key)) != 0 || fsync(fd) != 0) {
		say(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST)
			rc = 1;
		else
			say(err, errlen, "cannot rename %s to %s: %s", tmp, path,
			    strerror(errno));
		unlink(tmp);
		goto out;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(dfd) != 0) {
		say(err, errlen, "cannot sync %s: %s", dir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		goto out;
	}
	close(dfd);
	if ((*out = secret_key_from_bytes(key)) == NULL)
		say(err, errlen, "out of memory");
	else
		rc = 0;
out:
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

struct secret_key *
secret_key_load(const char *state_dir, char *err, size_t errlen)
{
	struct secret_key *k = NULL;
	char path[PATH_MAX];
	int fd, tries;

	/* room for the temporary name's ".XXXXXX" too */
	if (snprintf(path, sizeof(path), "%s/" KEY_FILE, state_dir) >=
	    (int)sizeof(path) - 7) {
		say(err, errlen, "state directory name too long: %s", state_dir);
		return NULL;
	}
	/* the second try loads the file a concurrent creator put in place */
	for (tries = 0; tries < 2; tries++) {
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			k = key_read(fd, path, err, errlen);
			close(fd);
			return k;
		}
		if (errno != ENOENT) {
			say(err, errlen, "cannot open %s: %s", path, strerror(errno));
			return NULL;
		}
		if (key_create(state_dir, path, &k, err, errlen) != 1)
			return k;
	}
	say(err, errlen, "%s appeared and vanished while it was created", path);
	return NULL;
}

/* AES-256-GCM, one shot: secrets are few, so a context per call keeps the
 * key read-only and usable from any thread. */
static int
gcm(const struct secret_key *k, bool enc, const uint8_t nonce[NONCE_LEN],
    const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[TAG_LEN])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl, ok;

	ok = ctx != NULL &&
	    EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, k->key, nonce, enc) == 1 &&
	    (enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag) == 1) &&
	    EVP_CipherUpdate(ctx, out, &outl, in, (int)len) == 1 &&
	    EVP_CipherFinal_ex(ctx, out + outl, &outl) == 1 &&
	    (!enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, tag) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int
secret_encrypt(const struct secret_key *k, const uint8_t *clear, size_t len,
    char *out)
{
	uint8_t raw[RAW_MAX];
	size_t n = NONCE_LEN + len + TAG_LEN;

	if (len > SECRET_CLEAR_MAX || RAND_bytes(raw, NONCE_LEN) != 1 ||
	    gcm(k, true, raw, clear, len, raw + NONCE_LEN, raw + NONCE_LEN + len) != 0)
		return -1;
	memcpy(out, "6 ", 2);
	EVP_EncodeBlock((unsigned char *)out + 2, raw, (int)n);
	return 0;
}

int
secret_decrypt(const struct secret_key *k, const char *text, uint8_t *clear,
    char *err, size_t errlen)
{
	uint8_t raw[RAW_MAX + 2];	/* DecodeBlock also writes the padding's bytes */
	char check[B64_LEN(RAW_MAX) + 1];
	const char *b64 = text + 2;
	size_t n, len;
	int raw_len;

	if (strncmp(text, "6 ", 2) != 0) {
		say(err, errlen, "not a type-6 secret (\"6 <base64>\")");
		return -1;
	}
	n = strnlen(b64, B64_LEN(RAW_MAX) + 1);
	if (n > B64_LEN(RAW_MAX)) {
		say(err, errlen, "type-6 secret too long");
		return -1;
	}
	if (n < B64_LEN(RAW_MIN)) {
		say(err, errlen, "type-6 secret too short");
		return -1;
	}
	/* EVP_DecodeBlock skips surrounding blanks and decodes '=' as zero
	 * bits anywhere, so only text that encodes back to itself is taken. */
	raw_len = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
	if (raw_len >= 0)
		raw_len -= (b64[n - 1] == '=') + (b64[n - 2] == '=');
	if (raw_len > RAW_MAX) {	/* 285 bytes take 380 characters too */
		say(err, errlen, "type-6 secret too long");
		return -1;
	}
	if (raw_len < RAW_MIN ||
	    EVP_EncodeBlock((unsigned char *)check, raw, raw_len) != (int)n ||
	    memcmp(check, b64, n) != 0) {
		say(err, errlen, "type-6 secret is not valid base64");
		return -1;
	}
	len = (size_t)raw_len - RAW_MIN;
	if (gcm(k, false, raw, raw + NONCE_LEN, len, clear,
	    raw + NONCE_LEN + len) != 0) {
		OPENSSL_cleanse(clear, len);
		say(err, errlen, "type-6 secret cannot be decrypted by this "
		    "installation: it was encrypted under another installation's "
		    "key, or altered");
		return -1;
	}
	return (int)len;
}
