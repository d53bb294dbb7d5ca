/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * password - Cisco type-9 password hashing (scrypt), through OpenSSL.
 *
 * Format: "$9$" + 14-character salt + "$" + 43 characters: the 32-byte
 * scrypt(N=16384, r=1, p=1) of the password, with the salt string used as
 * ASCII bytes, written in the crypt base64 alphabet "./0-9A-Za-z".
 * The clear text is never stored; buffers holding it are cleansed.
 */
#ifndef VGW_PASSWORD_H
#define VGW_PASSWORD_H

#include <stdbool.h>

#define PASSWORD_TYPE9_LEN	61	/* strlen of a type-9 hash */

/* Hashes plain with a fresh random salt into out (PASSWORD_TYPE9_LEN + 1
 * bytes). Returns 0, or -1 if the random source or scrypt failed. */
int	 password_hash_type9(const char *plain, char *out);
/* Same with a given 14-character salt (for test vectors). */
int	 password_hash_type9_salt(const char *plain, const char *salt, char *out);
/* Whether s has the exact shape of a type-9 hash. */
bool	 password_type9_valid(const char *s);
/* Whether plain matches the stored type-9 hash (constant-time compare). */
bool	 password_verify(const char *plain, const char *hash);

#endif
