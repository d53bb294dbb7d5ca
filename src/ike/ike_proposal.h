/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_proposal - SA payload proposals (RFC 7296 §3.3) made from a tunnel's
 * `ike proposal` and `esp proposal` words, and the choice among a peer's.
 *
 * Contract
 * - Offers: one wire proposal per configured word, numbered from 1 in the
 *   order of preference, each with exactly the word's transforms (ESP: an
 *   ESN transform, and a DH transform only where PFS applies).
 * - Choice (responder, §2.7): the first of our words, in our order, that
 *   one of the peer's proposals offers entirely; a transform with an
 *   attribute we do not know is skipped (§3.3.6). The same test accepts a
 *   responder's answer (initiator): it must be one of our words.
 * - ESP: ESN when the tunnel says `esn` and the peer offers it, else
 *   without ESN when the peer offers that. With with_dh false (IKE_AUTH,
 *   §1.2) DH transforms are ignored; with it true the peer must offer our
 *   word's group, or no group for a word without PFS.
 * - Pure functions; any thread.
 */
#ifndef VGW_IKE_PROPOSAL_H
#define VGW_IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/ike_alg.h"
#include "ike/ike_msg.h"

/* An IKE SA offer into out (at most n, n <= IKE_PROPOSALS_MAX); spi_size 0
 * in IKE_SA_INIT, 8 with spi when rekeying. Returns the count. */
size_t		 ike_offer_ike(const struct ike_algs *, size_t n, uint8_t spi_size,
		    uint64_t spi, struct ike_proposal *out);
/* A CHILD_SA offer with our inbound spi. */
size_t		 ike_offer_esp(const struct esp_algs *, size_t n, bool esn, bool with_dh,
		    uint32_t spi, struct ike_proposal *out);

/* The index in ours of the chosen word and in *theirs_ix the peer's
 * proposal it came from; -1 when none matches. */
int		 ike_choose_ike(const struct ike_sa_pl *theirs, const struct ike_algs *ours,
		    size_t n, size_t *theirs_ix);
int		 ike_choose_esp(const struct ike_sa_pl *theirs, const struct esp_algs *ours,
		    size_t n, bool esn_wanted, bool with_dh, size_t *theirs_ix, bool *esn);

/* "aes128gcm16-prfsha256-ecp256, aes256-sha256-modp2048": a peer's
 * proposals in words, for the NO_PROPOSAL_CHOSEN log line (transforms vgw
 * does not know by their numbers). */
void		 ike_proposals_text(const struct ike_sa_pl *, char *out, size_t outlen);

/* Our words, as typed ("aes128gcm16-prfsha256-ecp256, aes256-sha256-modp2048"),
 * for the same log line. */
void		 ike_words_text(const struct ike_algs *, size_t n, char *out, size_t outlen);
void		 esp_words_text(const struct esp_algs *, size_t n, char *out, size_t outlen);

#endif
