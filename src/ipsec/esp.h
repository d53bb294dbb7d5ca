/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * esp - tunnel-mode ESP (RFC 4303) for IPv4 inside IPv4, raw (protocol 50)
 * or inside UDP (RFC 3948), on buffers: no I/O, no routing.
 *
 * Encapsulation writes the outer IPv4 header, the UDP header when the SA
 * has ports, the ESP header, the IV, the inner packet, padding 1, 2, 3 ...
 * up to the transform's block size (and at least 4-byte alignment), the pad
 * length, next header 4, and the ICV. The outer header copies the inner
 * TOS (DSCP and ECN: RFC 4301 §5.1.2.1, RFC 6040 normal mode), has TTL 64,
 * and DF clear (RFC 4301 §8.1 allows copy, set or clear): the engine gives
 * inner packets the tunnel MTU itself (ICMP for DF packets, fragments for
 * the others), so DF is not needed for the inner path MTU; and ICMP errors
 * about our ESP packets are unauthenticated and cannot be traced back to
 * an inner source (RFC 4301 §6.1.1), so with DF set a smaller MTU between
 * the gateways would black-hole traffic, where with DF clear it is
 * fragmented and the peer reassembles. The UDP checksum is 0 (RFC 3948
 * §2.1 allows it for IPv4; the ICV protects the payload).
 *
 * Decapsulation validates before it trusts, in this order: lengths (before
 * anything is read), the SA by SPI, its hard lifetime, the replay window,
 * the ICV and decryption (esp_xform_open), after which the window
 * advances (RFC 4303 §3.4.3: the number of an authentic packet is used up,
 * whatever its plaintext holds), the padding (RFC 4303 §2.4: the bytes
 * 1, 2, 3 ...), the next header (4; 59 is a dummy packet, RFC 4303 §2.6,
 * dropped quietly), the inner IPv4 header. The SA does not count the
 * packet as carried: its caller does (ipsec_sa_count) once it accepts the
 * inner packet, which the engine does only inside the SA's selectors
 * (RFC 4301 §5.2), so what an SA counts is what it carried.
 * An outer ECN CE mark reaches an ECN-capable inner packet (RFC 6040).
 *
 * The work is staged so a burst's packets could later go through the
 * transform together (as VPP's esp_decrypt_inline): every check before the
 * transform reads only the packet and the SA, and every step after it
 * re-reads nothing the transform did not produce.
 *
 * Thread: the engine lock's holder (the SA's runtime state).
 */
#ifndef VGW_ESP_H
#define VGW_ESP_H

#include <stddef.h>
#include <stdint.h>

#include "ipsec_drops.h"
#include "sa.h"

#define ESP_HDR_LEN	8	/* SPI, sequence number */
#define ESP_NATT_PORT	4500	/* RFC 3948 */
#define ESP_UDP_LEN	8
#define ESP_OUTER_IP	20	/* the outer header has no options */
#define ESP_NH_IPV4	4
#define ESP_NH_DUMMY	59
/* The most an SA adds to a packet: outer IPv4, UDP, ESP header, IV,
 * padding, pad length and next header, ICV. */
#define ESP_OVERHEAD_MAX (ESP_OUTER_IP + ESP_UDP_LEN + ESP_HDR_LEN + ESP_IV_MAX + \
			 15 + 2 + ESP_ICV_MAX)

/* The length of the outer packet carrying an inner packet of len bytes. */
size_t		 esp_outer_len(const struct ipsec_sa *, size_t len);
/* The largest inner packet whose outer packet fits mtu; 0 if none does. */
uint16_t	 esp_tunnel_mtu(const struct ipsec_sa *, uint16_t mtu);

/*
 * Encapsulates the inner IPv4 packet inner[0 .. len) for outbound SA sa
 * into out (cap bytes, not overlapping inner): the outer packet, its IPv4
 * header first, esp_outer_len(sa, len) bytes long; ip_id is its IPv4
 * identification (network order). Takes the SA's next sequence number.
 * Returns IPSEC_PASS, or why nothing was written (counted on the SA).
 */
enum ipsec_drop	 esp_encap(struct ipsec_sa *sa, const uint8_t *inner, size_t len,
		    uint16_t ip_id, uint64_t now_ms, uint8_t *out, size_t cap);

/* What decapsulation found: the SA (NULL if the SPI is unknown), and on
 * success the inner packet at esp + inner_off, inner_len bytes (the inner
 * IPv4 total length; any traffic-flow padding after it is left out). */
struct esp_in {
	struct ipsec_sa	*sa;
	size_t		 inner_off, inner_len;
};

/*
 * Decapsulates the ESP packet esp[0 .. len) (from its ESP header to the
 * end of the outer packet's payload) in place; outer_tos is the outer
 * header's TOS. Returns IPSEC_PASS (the packet not yet counted on the SA:
 * see above), or the reason it was dropped (counted among the SA's drops
 * when there is one).
 */
enum ipsec_drop	 esp_decap(struct ipsec_sadb *, uint8_t *esp, size_t len,
		    uint8_t outer_tos, uint64_t now_ms, struct esp_in *);

#endif
