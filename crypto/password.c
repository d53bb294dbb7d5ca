/* SPDX-License-Identifier: GPL-3.0-or-later */
/* password - Cisco type-9 (scrypt) password hashes; see password.h. */
#include "password.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define SALT_LEN	14
#define DIGEST_LEN	32
#define SCRYPT_N	16384
#define SCRYPT_R	1
#define SCRYPT_P	1

static const char crypt64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Big-endian bit order, 6 bits a character, as Cisco writes type 8/9. */
static void
encode64(const unsigned char *in, size_t len, char *out)
{
	unsigned long acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			*out++ = crypt64[(acc >> bits) & 0x3f];
		}
	}
	if (bits > 0)
		*out++ = crypt64[(acc << (6 - bits)) & 0x3f];
	*out = '\0';
}

static bool
is_crypt64(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(crypt64, s[i]) == NULL)
			return false;
	return true;
}

int
password_hash_type9_salt(const char *plain, const char *salt, char *out)
{
	unsigned char dk[DIGEST_LEN];

	if (strlen(salt) != SALT_LEN || !is_crypt64(salt, SALT_LEN))
		return -1;
	if (EVP_PBE_scrypt(plain, strlen(plain), (const unsigned char *)salt,
	    SALT_LEN, SCRYPT_N, SCRYPT_R, SCRYPT_P, 0, dk, sizeof(dk)) != 1)
		return -1;
	memcpy(out, "$9$", 3);
	memcpy(out + 3, salt, SALT_LEN);
	out[3 + SALT_LEN] = '$';
	encode64(dk, sizeof(dk), out + 4 + SALT_LEN);
	OPENSSL_cleanse(dk, sizeof(dk));
	return 0;
}

int
password_hash_type9(const char *plain, char *out)
{
	unsigned char rnd[SALT_LEN];
	char salt[SALT_LEN + 1];
	size_t i;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	for (i = 0; i < SALT_LEN; i++)
		salt[i] = crypt64[rnd[i] & 0x3f];
	salt[SALT_LEN] = '\0';
	return password_hash_type9_salt(plain, salt, out);
}

bool
password_type9_valid(const char *s)
{
	return strlen(s) == PASSWORD_TYPE9_LEN && strncmp(s, "$9$", 3) == 0 &&
	    is_crypt64(s + 3, SALT_LEN) && s[3 + SALT_LEN] == '$' &&
	    is_crypt64(s + 4 + SALT_LEN, PASSWORD_TYPE9_LEN - 4 - SALT_LEN);
}

bool
password_verify(const char *plain, const char *hash)
{
	char salt[SALT_LEN + 1];
	char computed[PASSWORD_TYPE9_LEN + 1];
	bool ok;

	if (!password_type9_valid(hash))
		return false;
	memcpy(salt, hash + 3, SALT_LEN);
	salt[SALT_LEN] = '\0';
	if (password_hash_type9_salt(plain, salt, computed) != 0)
		return false;
	ok = CRYPTO_memcmp(computed, hash, PASSWORD_TYPE9_LEN) == 0;
	OPENSSL_cleanse(computed, sizeof(computed));
	return ok;
}
