/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipsec_in - the inbound half of the engine's IPsec path (engine.h): ESP
 * for the router, raw (IP protocol 50) or in UDP to port 4500 (RFC 3948:
 * a payload starting with four zero bytes is IKE, a single 0xff byte a
 * NAT-T keepalive), decapsulated (src/ipsec/esp.c), its inner packet
 * checked against the selectors of its SA's tunnel and received as if it
 * had come in on the same port. The SA counts a packet as carried only
 * inside its selectors; outside them the packet is one of its drops. IKE,
 * on port 500 or behind the marker on 4500, goes to ike_io.c.
 *
 * Outer fragments of ESP are reassembled first (ip_reass.h; RFC 4301 §7):
 * of raw ESP, every fragment; of ESP in UDP, a first fragment to port 4500
 * without the non-ESP marker, and the later fragments of a datagram so
 * begun (they carry no ports: a later fragment that comes before its first
 * cannot be told from the kernel's traffic and goes there, as other
 * fragments for the router do, and its datagram then times out).
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define IPPROTO_ESP_	50

/* Whether the inner packet is one its SA's tunnel may carry. */
static bool
selectors_allow(struct engine *e, const struct ipsec_sa *sa, const uint8_t *inner,
    size_t len)
{
	const struct ipsec_tunnel *t;
	struct spd_key k;

	ipsec_bind(e);
	if (sa->tunnel_ix == SA_NO_TUNNEL)
		return false;		/* an SA of a tunnel the tables lack */
	t = &e->snap->ipsec->tunnel[sa->tunnel_ix];
	if (t->selectors == NULL)
		return true;
	spd_key_of(inner, len, &k);
	return spd_lookup(t->selectors, &k) != SPD_NO_MATCH;
}

/* What a packet for the router is to the IPsec path. */
enum ipsec_kind { NOT_IPSEC, IS_ESP, IS_ESP_FRAGMENT, IS_IKE };

/* Whether a UDP payload of n bytes starts with the non-ESP marker. */
static bool
non_esp_marker(const uint8_t *payload, size_t n)
{
	uint32_t marker;

	if (n < IKE_NON_ESP_MARKER)
		return false;
	memcpy(&marker, payload, IKE_NON_ESP_MARKER);
	return marker == 0;
}

/* Finds the ESP in a packet for the router: *esp and *esplen, or a
 * reason to drop it (*why; DROP_COUNT: none); or finds it is a fragment
 * of ESP, IKE, or not IPsec's at all. */
static enum ipsec_kind
find_esp(const struct engine *e, uint8_t *frame, size_t len, uint8_t **esp,
    size_t *esplen, enum engine_drop *why)
{
	struct ip_hdr *ip = frame_ip(frame);
	size_t hl = ip_hlen(ip), iplen = len - ETH_HLEN_, ulen;
	bool fragment = (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0;
	uint8_t *udp = (uint8_t *)ip + hl;
	uint16_t h[4];

	*why = DROP_COUNT;
	if (ip->proto == IPPROTO_ESP_) {
		*esp = udp;
		*esplen = iplen - hl;
		return fragment ? IS_ESP_FRAGMENT : IS_ESP;
	}
	if (ip->proto != IPPROTO_UDP_)
		return NOT_IPSEC;
	/* a later fragment has no ports to tell it by: its datagram's first */
	if ((ntohs(ip->off) & IP_OFFMASK) != 0)
		return ip_reass_pending(e, frame) ? IS_ESP_FRAGMENT : NOT_IPSEC;
	if (iplen < hl + ESP_UDP_LEN)
		return NOT_IPSEC;
	memcpy(h, udp, sizeof(h));
	if (ntohs(h[1]) != ESP_NATT_PORT)
		return ntohs(h[1]) == IKE_PORT ? IS_IKE : NOT_IPSEC;
	if (fragment)	/* a first one: IKE's if it shows the marker */
		return non_esp_marker(udp + ESP_UDP_LEN, iplen - hl - ESP_UDP_LEN) ?
		    IS_IKE : IS_ESP_FRAGMENT;
	ulen = ntohs(h[2]);
	if (ulen < ESP_UDP_LEN || ulen > iplen - hl) {
		*why = DROP_ESP_TRUNCATED;
		return IS_ESP;
	}
	*esp = udp + ESP_UDP_LEN;
	*esplen = ulen - ESP_UDP_LEN;
	if (*esplen == 1 && (*esp)[0] == IKE_NATT_KEEPALIVE) {
		*why = DROP_NATT_KEEPALIVE;
		return IS_ESP;
	}
	return non_esp_marker(*esp, *esplen) ? IS_IKE : IS_ESP;
}

bool
ipsec_input(struct engine *e, unsigned port, uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	enum engine_drop why;
	enum ipsec_drop verdict;
	enum ipsec_kind kind;
	struct esp_in in;
	uint8_t *esp, *inner;
	size_t esplen;

	kind = find_esp(e, frame, len, &esp, &esplen, &why);
	if (kind == NOT_IPSEC)
		return false;
	if (kind == IS_IKE) {
		engine_ike_input(e, port, frame, len, off);
		return true;
	}
	/* a segmentation-offloaded frame is the kernel's, as ever; a checksum
	 * left for the device to finish is no matter: RFC 3948 §3.1.2 has the
	 * UDP checksum of ESP in UDP ignored (peers such as strongSwan's
	 * kernel-libipsec send it so through a TAP) */
	if (off != NULL && off->gso_type != PKT_GSO_NONE)
		return false;
	if (kind == IS_ESP_FRAGMENT) {
		/* the whole datagram, once this fragment completes it, is no
		 * fragment: it comes back here once */
		if ((len = ip_reass_input(e, port, frame, len)) != 0)
			ipsec_input(e, port, e->reass.buf, len, NULL);
		return true;
	}
	if (why != DROP_COUNT) {
		engine_drop(e, why, port, frame, len);
		return true;
	}
	verdict = esp_decap(e->sadb, esp, esplen, frame_ip(frame)->tos, e->now_ms, &in);
	if (verdict != IPSEC_PASS) {
		engine_drop(e, engine_ipsec_drop(verdict), port, frame, len);
		return true;
	}
	inner = esp + in.inner_off;
	/* outside its selectors the packet was never the SA's to carry: one
	 * of its drops, not its traffic */
	if (!selectors_allow(e, in.sa, inner, in.inner_len)) {
		in.sa->other_drops++;
		engine_drop(e, DROP_IPSEC_SELECTORS, port, inner - ETH_HLEN_,
		    ETH_HLEN_ + in.inner_len);
		return true;
	}
	ipsec_sa_count(in.sa, in.inner_len);
	/* the bytes before the inner packet (ESP header, IV) become its
	 * Ethernet header: the output path fills in the addresses */
	((struct eth_hdr *)(void *)(inner - ETH_HLEN_))->type = htons(ETHTYPE_IPV4);
	e->gro_trusted = true;	/* its ICV vouches for its TCP checksum */
	ipv4_receive(e, port, inner - ETH_HLEN_, ETH_HLEN_ + in.inner_len, NULL, false, true);
	e->gro_trusted = false;
	return true;
}
