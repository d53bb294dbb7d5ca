/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secret - reversible secrets in the configuration ("type 6"): ESP keys
 * now, IKE pre-shared keys next. A secret is stored as "6 " + base64 of
 * nonce || AES-256-GCM ciphertext || tag, under a per-installation key;
 * nothing else ever holds it in clear.
 *
 * Contract
 * - The installation key is 32 random bytes in STATE_DIR/secret.key (mode
 *   0600), created on first use by secret_key_load (write to a temporary
 *   file, fsync, rename without replacing, fsync the directory: if another
 *   process created the file meanwhile, its key is loaded, never replaced);
 *   a key file of the wrong size or mode (any access for group or others),
 *   or not a regular file, is refused with a message naming the file.
 * - secret_encrypt never fails on valid input except for the random source;
 *   the same clear text encrypts differently each time (fresh 12-byte nonce).
 * - secret_decrypt returns -1 for text that is not type-6 (no "6 ", base64
 *   that does not encode back to itself, a length no secret has), or that
 *   this installation cannot decrypt (another installation's key, or
 *   altered), with a message that says which.
 * - The clear text is handed to the caller in a buffer it cleanses; the key
 *   is cleansed in secret_key_free. The struct is opaque so the key never
 *   sits in a struct that gets copied.
 * - Thread: any, read-only after load.
 */
#ifndef VGW_SECRET_H
#define VGW_SECRET_H

#include <stddef.h>
#include <stdint.h>

#define SECRET_CLEAR_MAX	256	/* longest clear text, bytes */
#define SECRET_TEXT_MAX		400	/* longest "6 <base64>" text, with NUL */

struct secret_key;

/* The installation key of state_dir, created if missing; NULL with a
 * reason in err (errlen bytes). */
struct secret_key *secret_key_load(const char *state_dir, char *err, size_t errlen);
/* A key from 32 given bytes (unit tests, fuzzing). */
struct secret_key *secret_key_from_bytes(const uint8_t key[32]);
void		 secret_key_free(struct secret_key *);

/* Writes "6 <base64>" (NUL-terminated) into out (SECRET_TEXT_MAX bytes).
 * Returns 0, or -1 when len exceeds SECRET_CLEAR_MAX or the random source
 * failed. */
int		 secret_encrypt(const struct secret_key *, const uint8_t *clear,
		    size_t len, char *out);
/* Decrypts "6 <base64>" into clear (SECRET_CLEAR_MAX bytes); returns the
 * length, or -1 with a reason in err. */
int		 secret_decrypt(const struct secret_key *, const char *text,
		    uint8_t *clear, char *err, size_t errlen);

#endif
