/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_install - the one file of src/ike/ that calls into src/ipsec/ (as
 * VPP's ikev2_ipsec_wrapper.c and iked's ipsec.c): a CHILD_SA's keying
 * material made into the engine's SA pair, and removed again.
 *
 * Contract
 * - KEYMAT (RFC 7296 §2.17) is split as: initiator-to-responder encryption
 *   key then integrity key, then the same responder-to-initiator, where
 *   the initiator is the one who sent the request of the exchange that
 *   made the CHILD_SA (IKE_AUTH: the IKE SA's; CREATE_CHILD_SA: either
 *   side); our inbound SA takes the half the peer sends with. For AES-GCM
 *   the encryption key carries its 4-byte salt (RFC 4106 §8.1).
 * - A rekey (§2.8) installs the new pair over the old: the engine keeps
 *   the old inbound SA for its grace period (src/ipsec/sadb.h) and sends
 *   on the new outbound SA at once. The rekey's responder may hold the
 *   outbound SA back until the peer deleted the old CHILD_SA (the peer
 *   receives on the new one only once our answer reached it): its keys
 *   then wait in the child (out_keys), cleansed once installed.
 * - The pair gets the tunnel's replay window, the negotiated ESN, UDP
 *   encapsulation when the IKE SA floated to port 4500 (RFC 3948), and
 *   lifetimes from `esp lifetime`: hard as configured, soft about 90% of
 *   it, less a random part so both ends do not rekey at once.
 * - Clear keys live only in the caller's keymat and in this file's stack,
 *   cleansed before return.
 */
#ifndef VGW_IKE_INSTALL_H
#define VGW_IKE_INSTALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config_ipsec.h"
#include "ike/ike.h"
#include "ike/ike_sa.h"
#include "lib/strbuf.h"

/* KEYMAT bytes a CHILD_SA with algs needs (both directions). */
size_t		 ike_child_keymat_len(const struct esp_algs *);
/* Makes the SAs of child and installs them; -1 with the reason in err
 * (nothing installed). */
int		 ike_install_child(const struct ike_env *, const struct ike_sa *,
		    const struct ike_child *, const struct cfg_tunnel *,
		    const uint8_t *keymat, size_t len, uint64_t now_ms,
		    struct strbuf *err);
/* A CHILD_SA a CREATE_CHILD_SA made: initiator says whether we sent its
 * request. With out false only the inbound SA goes in now, the outbound
 * one's keys wait in child->out_keys (out_pending) for ike_install_out. */
int		 ike_install_rekeyed(const struct ike_env *, const struct ike_sa *,
		    struct ike_child *, const struct cfg_tunnel *,
		    const uint8_t *keymat, size_t len, bool initiator, bool out,
		    uint64_t now_ms, struct strbuf *err);
/* The outbound SA ike_install_rekeyed held back (it replaces the tunnel's
 * outbound SA); its keys are cleansed either way. */
int		 ike_install_out(const struct ike_env *, const struct ike_sa *,
		    struct ike_child *, const struct cfg_tunnel *, uint64_t now_ms,
		    struct strbuf *err);
/* A soft limit for a hard one: 90% of it, less up to another 5% at random
 * (so that both ends do not rekey at once); 0 for 0 (no limit). */
uint64_t	 ike_soft_of(uint64_t hard);
/* Removes child's two SAs from the engine. */
void		 ike_uninstall_child(const struct ike_env *, const char *tunnel,
		    const struct ike_child *);

#endif
