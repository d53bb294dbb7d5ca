/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_build - IKEv2 messages (RFC 7296 §3) written into a caller's buffer:
 * the header, then payloads appended one after the other, each chained to
 * the one before (its type goes into the previous Next Payload field) and
 * its length filled in. The payloads take the structs ike_msg.h decodes
 * into, so a message read can be written back as it was.
 *
 * Contract
 * - No allocation, no I/O, no logging; any thread (one builder each).
 * - Never writes at or past buf + cap. A payload that does not fit, or a
 *   call out of place (a payload after the SK payload is closed, a count
 *   no length field can carry), makes the builder fail: every later call
 *   does nothing and ike_build_finish / ike_build_sk_close return -1. The
 *   buffer's contents are then undefined.
 * - What is written is the caller's choice: beyond the wire's own limits
 *   (a payload's 16-bit length, 255 proposals or selectors, SPI sizes 0, 4
 *   and 8), the builder does not check ike_limits.h; the parser does.
 * - Unencrypted messages (IKE_SA_INIT, replies without SK): init, payloads,
 *   ike_build_finish, which sets the header's length.
 * - Encrypted messages: init, ike_build_sk_open(iv_len), which writes the
 *   SK generic header and leaves iv_len bytes for the IV; the payloads that
 *   follow are the SK payload's inner chain (the SK's Next Payload names
 *   the first). ike_build_sk_plain_len gives the inner chain's length, from
 *   which the crypto layer computes sealed_len (IV + ciphertext with its
 *   padding and pad length + ICV); ike_build_sk_close(sealed_len) sets the
 *   SK payload's and the header's lengths to their final values (they are
 *   authenticated, so they come first) and returns the layout the crypto
 *   layer seals in place (crypto/ike_sk.h's ike_sk_seal(sk, buf,
 *   aad_len, pt_len, cap)): the associated data is buf[0 .. aad_len), the
 *   IV starts at aad_len, the plaintext at aad_len + iv_len.
 */
#ifndef VGW_IKE_BUILD_H
#define VGW_IKE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ike_msg.h"

struct ike_build {
	uint8_t		*buf;
	size_t		 cap;
	size_t		 len;		/* bytes written */
	size_t		 next_at;	/* the Next Payload field the next payload fills */
	size_t		 sk_at;		/* the SK payload's generic header */
	size_t		 iv_len;
	enum { IKE_BUILD_PLAIN, IKE_BUILD_SK_OPEN, IKE_BUILD_SK_CLOSED } state;
	bool		 failed;
};

/* Where ike_build_sk_close put things, for the crypto layer. */
struct ike_sk_layout {
	size_t		 aad_len;	/* offset of the IV: header + SK generic header */
	size_t		 iv_len;
	size_t		 pt_len;	/* the inner payloads' bytes, after the IV */
	size_t		 total_len;	/* the whole message */
};

/* Starts a message in buf[cap]: h's SPIs, exchange, flags and message ID,
 * version 2.0; h's next, version and length are ignored. */
void	 ike_build_init(struct ike_build *b, uint8_t *buf, size_t cap, const struct ike_hdr *h);

/* A payload with an opaque body (Nonce, Vendor ID, or any type). */
void	 ike_build_payload(struct ike_build *b, uint8_t type, bool critical, const void *body,
	    size_t len);
/* n proposals, numbered as prop[i].num says; last-substructure set here;
 * a Key Length attribute for each transform whose key_bits is not 0. */
void	 ike_build_sa(struct ike_build *b, const struct ike_proposal *prop, size_t n);
void	 ike_build_ke(struct ike_build *b, const struct ike_ke *ke);
/* type: IKE_PL_IDI or IKE_PL_IDR */
void	 ike_build_id(struct ike_build *b, uint8_t type, const struct ike_id *id);
void	 ike_build_auth(struct ike_build *b, const struct ike_auth *auth);
/* n->spi_size bytes of n->spi (0, 4 or 8) */
void	 ike_build_notify(struct ike_build *b, const struct ike_notify *n);
/* IKE_PROTO_IKE with no SPI, or AH/ESP with n 4-byte SPIs */
void	 ike_build_delete(struct ike_build *b, uint8_t protocol, const uint32_t *spi, size_t n);
/* type: IKE_PL_TSI or IKE_PL_TSR; n IPv4 ranges */
void	 ike_build_ts(struct ike_build *b, uint8_t type, const struct ike_ts *ts, size_t n);

static inline void
ike_build_nonce(struct ike_build *b, const uint8_t *nonce, size_t len)
{
	ike_build_payload(b, IKE_PL_NONCE, false, nonce, len);
}

static inline void
ike_build_vendor(struct ike_build *b, const uint8_t *vid, size_t len)
{
	ike_build_payload(b, IKE_PL_VENDOR, false, vid, len);
}

/* Opens the SK payload (the last of the outer chain); iv_len bytes are
 * left for the IV, uninitialised. */
void	 ike_build_sk_open(struct ike_build *b, size_t iv_len);
/* The inner payloads' bytes so far (0 when no SK payload is open). */
size_t	 ike_build_sk_plain_len(const struct ike_build *b);
/* Closes the SK payload: sealed_len (>= iv_len + the inner payloads) must
 * fit in cap. Returns 0 and *out, or -1. */
int	 ike_build_sk_close(struct ike_build *b, size_t sealed_len, struct ike_sk_layout *out);

/* An unencrypted message's end: sets the header's length. Returns 0 and
 * the message's length in *len, or -1 (failed, or an SK payload still
 * open). After ike_build_sk_close, gives the sealed message's length. */
int	 ike_build_finish(struct ike_build *b, size_t *len);

#endif
