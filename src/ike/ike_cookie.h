/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_cookie - the responder's stateless cookies (RFC 7296 §2.6): what it
 * demands of an IKE_SA_INIT request while too many SAs are half-open, so
 * that a flood from forged addresses costs it no state and no
 * Diffie-Hellman.
 *
 * Contract
 * - A cookie is IKE_COOKIE_LEN bytes: the version of the secret it was made
 *   with, then HMAC-SHA-256(secret, Ni | IPi | SPIi) truncated (crypto/
 *   ike_prf.h; §2.6's suggested shape, keyed by the secret).
 * - The secret is 32 random bytes, replaced by a fresh one (its version one
 *   more) when make or check finds it IKE_COOKIE_ROTATE_MS old; a cookie
 *   made with the current or the previous secret verifies, so one handed
 *   out just before a rotation still works for a period, and none works
 *   after two (a secret two periods old is dropped, not kept as previous).
 * - ike_cookie_check compares in constant time.
 * - ike_cookie_clear cleanses both secrets: the one exit (the daemon's
 *   ike_free).
 * - Time is the caller's monotonic milliseconds. Control thread only.
 */
#ifndef VGW_IKE_COOKIE_H
#define VGW_IKE_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ike_limits.h"

#define IKE_COOKIE_SECRET_LEN	32

struct ike_cookie_jar {
	uint8_t		 secret[2][IKE_COOKIE_SECRET_LEN];	/* by version & 1 */
	uint8_t		 version;	/* the current secret's */
	bool		 has_current, has_previous;
	uint64_t	 made_ms;	/* when the current secret was made */
};

/* The cookie for a request (Ni, the initiator's address in host order and
 * its SPI) into out; -1 when the random source or OpenSSL fails. */
int	ike_cookie_make(struct ike_cookie_jar *, uint64_t now_ms, const uint8_t *ni,
	    size_t ni_len, uint32_t ip_i, uint64_t spi_i,
	    uint8_t out[IKE_COOKIE_LEN]);
/* Whether cookie (len bytes, as the request carried it) is one that
 * ike_cookie_make gave for these values under the current or previous
 * secret. */
bool	ike_cookie_check(struct ike_cookie_jar *, uint64_t now_ms, const uint8_t *ni,
	    size_t ni_len, uint32_t ip_i, uint64_t spi_i, const uint8_t *cookie,
	    size_t len);
void	ike_cookie_clear(struct ike_cookie_jar *);

#endif
