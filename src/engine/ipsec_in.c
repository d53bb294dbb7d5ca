/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipsec_in - the inbound half of the engine's IPsec path (engine.h): ESP
 * for the router, raw (IP protocol 50) or in UDP to port 4500 (RFC 3948:
 * a payload starting with four zero bytes is IKE, a single 0xff byte a
 * NAT-T keepalive), decapsulated (src/ipsec/esp.c), its inner packet
 * checked against the selectors of its SA's tunnel and received as if it
 * had come in on the same port.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define IPPROTO_ESP_	50
#define NATT_KEEPALIVE	0xff

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

/* Finds the ESP in a packet for the router: *esp and *esplen, or a
 * reason to drop it (*why; DROP_COUNT: none), or false when it is not
 * IPsec's. */
static bool
find_esp(uint8_t *frame, size_t len, uint8_t **esp, size_t *esplen,
    enum engine_drop *why)
{
	struct ip_hdr *ip = frame_ip(frame);
	size_t hl = ip_hlen(ip), iplen = len - ETH_HLEN_, ulen;
	bool fragment = (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0;
	uint8_t *udp = (uint8_t *)ip + hl;
	uint32_t marker;
	uint16_t h[4];

	*why = DROP_COUNT;
	if (ip->proto == IPPROTO_ESP_) {
		if (fragment)
			*why = DROP_ESP_FRAGMENT;
		*esp = udp;
		*esplen = iplen - hl;
		return true;
	}
	/* UDP fragments go to the kernel: a later one has no port to tell
	 * ESP from IKE, and IKE messages may be fragmented */
	if (ip->proto != IPPROTO_UDP_ || fragment || iplen < hl + ESP_UDP_LEN)
		return false;
	memcpy(h, udp, sizeof(h));
	if (ntohs(h[1]) != ESP_NATT_PORT)
		return false;
	ulen = ntohs(h[2]);
	if (ulen < ESP_UDP_LEN || ulen > iplen - hl) {
		*why = DROP_ESP_TRUNCATED;
		return true;
	}
	*esp = udp + ESP_UDP_LEN;
	*esplen = ulen - ESP_UDP_LEN;
	if (*esplen == 1 && (*esp)[0] == NATT_KEEPALIVE) {
		*why = DROP_NATT_KEEPALIVE;
		return true;
	}
	if (*esplen >= 4) {
		memcpy(&marker, *esp, 4);
		if (marker == 0)
			return false;	/* the non-ESP marker: IKE */
	}
	return true;
}

bool
ipsec_input(struct engine *e, unsigned port, uint8_t *frame, size_t len)
{
	enum engine_drop why;
	enum ipsec_drop verdict;
	struct esp_in in;
	uint8_t *esp, *inner;
	size_t esplen;

	if (!find_esp(frame, len, &esp, &esplen, &why))
		return false;
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
	if (!selectors_allow(e, in.sa, inner, in.inner_len)) {
		in.sa->other_drops++;
		engine_drop(e, DROP_IPSEC_SELECTORS, port, inner - ETH_HLEN_,
		    ETH_HLEN_ + in.inner_len);
		return true;
	}
	/* the bytes before the inner packet (ESP header, IV) become its
	 * Ethernet header: the output path fills in the addresses */
	((struct eth_hdr *)(void *)(inner - ETH_HLEN_))->type = htons(ETHTYPE_IPV4);
	ipv4_receive(e, port, inner - ETH_HLEN_, ETH_HLEN_ + in.inner_len, NULL, false, true);
	return true;
}
