/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * esp_xform - the ESP transforms (RFC 4303) over OpenSSL EVP: AES-GCM with
 * a 16-byte ICV (RFC 4106) and AES-CBC with HMAC-SHA-2 (RFC 3602, RFC 4868).
 * One struct esp_xform per SA and direction holds its keys and reusable
 * OpenSSL contexts, so a packet costs no key schedule and no allocation of
 * ours (OpenSSL 3.0's HMAC still copies two digest contexts per packet).
 *
 * Contract
 * - Names are strongSwan's proposal keywords: "aes128gcm16", "aes256gcm16",
 *   "aes128-sha256", "aes256-sha256", "aes128-sha384", "aes256-sha384",
 *   "aes128-sha512", "aes256-sha512" (esp_alg_parse; esp_alg_name gives the
 *   same text back).
 * - Keys as tshark and strongSwan write them: for GCM the encryption key is
 *   the AES key followed by its 4-byte salt (20 or 36 bytes); for CBC the
 *   AES key (16 or 32 bytes) and the HMAC key (32, 48 or 64 bytes).
 * - The caller lays out the packet: esp_hdr is the 8-byte ESP header (SPI,
 *   low 32 bits of the sequence number) as on the wire; iv has iv_len bytes
 *   right after it; data is the payload with padding, pad length and next
 *   header, len a multiple of block_size; the icv_len ICV bytes follow data.
 *   With ESN, seq_hi (the high 32 bits) enters the authentication as RFC 4303
 *   §2.2.1 and RFC 4106 §5 say, and is never written as a field of its own.
 * - seal writes the IV (GCM: the 64-bit sequence number seq_hi || seq_lo,
 *   unique per key, so without ESN pass seq_hi 0; CBC: unpredictable, from
 *   a per-SA secret without a system call per packet), encrypts data in
 *   place and writes the ICV.
 * - open verifies the ICV first (constant time) and only then decrypts in
 *   place; on failure -1 is returned and no plaintext is left: CBC leaves
 *   data as it came, GCM (which decrypts while it verifies) zeroes it.
 * - seal and open return -1 when len is not a multiple of block_size or
 *   above INT_MAX (EVP counts in int), and when called on an xform made
 *   for the other direction.
 * - Thread: one xform is used by one thread at a time. Keys are cleansed
 *   (OPENSSL_cleanse) in esp_xform_free, the one exit for key material.
 * - Never aborts on input; allocation failure in esp_xform_new returns NULL.
 */
#ifndef VGW_ESP_XFORM_H
#define VGW_ESP_XFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ESP_KEY_MAX	64	/* longest key of either kind, bytes */
#define ESP_IV_MAX	16
#define ESP_ICV_MAX	32

enum esp_alg {
	ESP_AES128_GCM16,
	ESP_AES256_GCM16,
	ESP_AES128_SHA256,
	ESP_AES256_SHA256,
	ESP_AES128_SHA384,
	ESP_AES256_SHA384,
	ESP_AES128_SHA512,
	ESP_AES256_SHA512,
	ESP_ALG_COUNT
};

struct esp_alg_info {
	const char	*name;		/* strongSwan keyword */
	bool		 aead;		/* GCM: no integrity key */
	uint8_t		 enc_key_len;	/* with the salt for GCM */
	uint8_t		 int_key_len;	/* 0 for GCM */
	uint8_t		 iv_len;	/* 8 GCM, 16 CBC */
	uint8_t		 icv_len;	/* 16 GCM, 16/24/32 HMAC */
	uint8_t		 block_size;	/* the payload is padded to this: 4 GCM, 16 CBC */
	const char	*tshark_enc;	/* tshark's esp_sa encryption name */
	const char	*tshark_auth;	/* tshark's esp_sa authentication name */
};

const struct esp_alg_info *esp_alg_info(enum esp_alg);
/* Returns 0 and sets *alg, or -1 for an unknown name. */
int		 esp_alg_parse(const char *name, enum esp_alg *alg);
const char	*esp_alg_name(enum esp_alg);

struct esp_xform;

/* NULL when a key length does not fit alg (GCM: int_len 0, int_key may be
 * NULL), memory ran out or the random source failed. */
struct esp_xform *esp_xform_new(enum esp_alg, bool encrypt,
		    const uint8_t *enc_key, size_t enc_len,
		    const uint8_t *int_key, size_t int_len);
void		 esp_xform_free(struct esp_xform *);
const struct esp_alg_info *esp_xform_alg(const struct esp_xform *);

/* Returns 0, or -1 if OpenSSL failed (nothing to send). */
int		 esp_xform_seal(struct esp_xform *, const uint8_t esp_hdr[8],
		    uint32_t seq_hi, bool esn, uint8_t *iv, uint8_t *data,
		    size_t len, uint8_t *icv);
/* Returns 0 when the ICV verified and data is decrypted, -1 otherwise. */
int		 esp_xform_open(struct esp_xform *, const uint8_t esp_hdr[8],
		    uint32_t seq_hi, bool esn, const uint8_t *iv, uint8_t *data,
		    size_t len, const uint8_t *icv);

#endif
