/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for type-6 secrets and the installation key file. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>

#include "crypto/secret.h"

static const uint8_t key_a[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const uint8_t key_b[32] = { 32, 31 };

static void
fill(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + 7);
}

/* secret_decrypt fails, with a reason that contains want. */
static void
refused(const struct secret_key *k, const char *text, const char *want)
{
	uint8_t clear[SECRET_CLEAR_MAX];
	char err[256] = "";

	CU_ASSERT_EQUAL(secret_decrypt(k, text, clear, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		CU_assertImplementation(CU_FALSE, __LINE__, err, __FILE__, "", CU_FALSE);
}

static void
test_round_trip(void)
{
	static const size_t lens[] = { 0, 1, 20, 36, 64, SECRET_CLEAR_MAX };
	struct secret_key *k = secret_key_from_bytes(key_a);
	uint8_t in[SECRET_CLEAR_MAX], out[SECRET_CLEAR_MAX];
	char a[SECRET_TEXT_MAX], b[SECRET_TEXT_MAX], err[256];
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	fill(in, sizeof(in));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(secret_encrypt(k, in, lens[i], a), 0);
		CU_ASSERT_EQUAL_FATAL(secret_encrypt(k, in, lens[i], b), 0);
		CU_ASSERT_EQUAL(strncmp(a, "6 ", 2), 0);
		CU_ASSERT_TRUE(strlen(a) < SECRET_TEXT_MAX);
		CU_ASSERT_STRING_NOT_EQUAL(a, b);	/* fresh nonce */
		CU_ASSERT_EQUAL(secret_decrypt(k, a, out, err, sizeof(err)), (int)lens[i]);
		CU_ASSERT_EQUAL(memcmp(out, in, lens[i]), 0);
		CU_ASSERT_EQUAL(secret_decrypt(k, b, out, err, sizeof(err)), (int)lens[i]);
		CU_ASSERT_EQUAL(memcmp(out, in, lens[i]), 0);
	}
	CU_ASSERT_EQUAL(secret_encrypt(k, in, SECRET_CLEAR_MAX + 1, a), -1);
	secret_key_free(k);
}

static void
test_wrong_key_and_altered(void)
{
	struct secret_key *ka = secret_key_from_bytes(key_a);
	struct secret_key *kb = secret_key_from_bytes(key_b);
	uint8_t in[32];
	char text[SECRET_TEXT_MAX];

	fill(in, sizeof(in));
	CU_ASSERT_EQUAL_FATAL(secret_encrypt(ka, in, sizeof(in), text), 0);
	refused(kb, text, "cannot be decrypted by this installation");
	/* another base64 letter mid-text: well-formed, but not what was sealed */
	text[20] = text[20] == 'A' ? 'B' : 'A';
	refused(ka, text, "cannot be decrypted by this installation");
	secret_key_free(ka);
	secret_key_free(kb);
}

/* "6 " + the base64 of n raw bytes. */
static void
raw_text(size_t n, char *out)
{
	uint8_t raw[400];

	fill(raw, n);
	memcpy(out, "6 ", 2);
	EVP_EncodeBlock((unsigned char *)out + 2, raw, (int)n);
}

static void
test_malformed(void)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct secret_key *k = secret_key_from_bytes(key_a);
	uint8_t in[31];
	char good[SECRET_TEXT_MAX], t[SECRET_TEXT_MAX + 200];
	size_t n;

	fill(in, sizeof(in));
	CU_ASSERT_EQUAL_FATAL(secret_encrypt(k, in, sizeof(in), good), 0);
	n = strlen(good);
	CU_ASSERT_EQUAL_FATAL(good[n - 1], '=');	/* 59 raw bytes: one pad */
	CU_ASSERT_NOT_EQUAL_FATAL(good[n - 2], '=');

	refused(k, "", "not a type-6 secret");
	refused(k, "7 AAAA", "not a type-6 secret");
	refused(k, good + 2, "not a type-6 secret");
	snprintf(t, sizeof(t), "6  %s", good + 2);
	refused(k, t, "not valid base64");
	snprintf(t, sizeof(t), "%s\n", good);
	refused(k, t, "not valid base64");
	memcpy(t, good, n + 1);
	t[10] = '!';
	refused(k, t, "not valid base64");
	memcpy(t, good, n + 1);
	t[10] = '=';			/* padding inside */
	refused(k, t, "not valid base64");
	/* the last character's two low bits, which the padding leaves zero:
	 * the same bytes in another spelling */
	memcpy(t, good, n + 1);
	t[n - 2] = b64[(strchr(b64, t[n - 2]) - b64) ^ 1];
	refused(k, t, "not valid base64");
	memcpy(t, good, n + 1);
	t[n - 1] = '\0';		/* length not a multiple of 4 */
	refused(k, t, "not valid base64");

	raw_text(27, t);		/* nonce and tag need 28 */
	refused(k, t, "too short");
	raw_text(12 + SECRET_CLEAR_MAX + 16 + 1, t);	/* 380 characters, as 284 */
	refused(k, t, "too long");
	memset(t, 'A', sizeof(t) - 1);
	t[sizeof(t) - 1] = '\0';
	memcpy(t, "6 ", 2);
	refused(k, t, "too long");
	secret_key_free(k);
}

/* ---- the key file ---- */

static char dir[64];

static void
dir_make(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vgw-test-secret.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void
dir_remove(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

static size_t
dir_entries(void)
{
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(dir);

	while (d != NULL && (e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	if (d != NULL)
		closedir(d);
	return n;
}

static void
key_path(char *path, size_t size)
{
	snprintf(path, size, "%s/secret.key", dir);
}

static void
test_key_file_created_and_reused(void)
{
	struct secret_key *k1, *k2;
	uint8_t in[16], out[SECRET_CLEAR_MAX];
	char text[SECRET_TEXT_MAX], err[256] = "", path[128];
	struct stat st;

	dir_make();
	key_path(path, sizeof(path));
	k1 = secret_key_load(dir, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(k1);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	CU_ASSERT_EQUAL(st.st_size, 32);
	CU_ASSERT_EQUAL(dir_entries(), 1);	/* no temporary file left */

	fill(in, sizeof(in));
	CU_ASSERT_EQUAL_FATAL(secret_encrypt(k1, in, sizeof(in), text), 0);
	k2 = secret_key_load(dir, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(k2);
	CU_ASSERT_EQUAL(secret_decrypt(k2, text, out, err, sizeof(err)), (int)sizeof(in));
	CU_ASSERT_EQUAL(memcmp(in, out, sizeof(in)), 0);
	secret_key_free(k1);
	secret_key_free(k2);

	/* another directory, another key */
	dir_remove();
	dir_make();
	k2 = secret_key_load(dir, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(k2);
	CU_ASSERT_EQUAL(secret_decrypt(k2, text, out, err, sizeof(err)), -1);
	secret_key_free(k2);
	dir_remove();
}

/* secret_key_load refuses the key file, naming it, with a reason that
 * contains want. */
static void
load_refused(const char *want)
{
	char err[256] = "", path[128];

	key_path(path, sizeof(path));
	CU_ASSERT_PTR_NULL(secret_key_load(dir, err, sizeof(err)));
	if (strstr(err, path) == NULL || strstr(err, want) == NULL)
		CU_assertImplementation(CU_FALSE, __LINE__, err, __FILE__, "", CU_FALSE);
}

static void
write_key_file(size_t len, mode_t mode)
{
	uint8_t bytes[64] = { 0 };
	char path[128];
	int fd;

	key_path(path, sizeof(path));
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, bytes, len), (ssize_t)len);
	CU_ASSERT_EQUAL_FATAL(fchmod(fd, mode), 0);
	close(fd);
}

static void
test_key_file_refused(void)
{
	char err[256] = "", path[128];
	struct secret_key *k;

	dir_make();
	key_path(path, sizeof(path));
	write_key_file(31, 0600);
	load_refused("31 bytes");
	write_key_file(33, 0600);
	load_refused("33 bytes");
	write_key_file(32, 0640);
	load_refused("mode 0640");
	write_key_file(32, 0604);
	load_refused("mode 0604");
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(symlink("/dev/null", path), 0);
	load_refused("cannot open");
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
	load_refused("not a regular file");
	rmdir(path);

	write_key_file(32, 0400);	/* read-only for its owner is fine */
	k = secret_key_load(dir, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(k);
	secret_key_free(k);
	dir_remove();

	CU_ASSERT_PTR_NULL(secret_key_load("/nonexistent/vgw", err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/vgw/secret.key"));
}

static CU_TestInfo tests[] = {
	{ "round trip, fresh nonce each time", test_round_trip },
	{ "another key or altered text: refused", test_wrong_key_and_altered },
	{ "malformed text refused", test_malformed },
	{ "key file created 0600 and reused", test_key_file_created_and_reused },
	{ "key file of the wrong size or mode refused", test_key_file_refused },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "secret"
#include "cunit_main.h"
