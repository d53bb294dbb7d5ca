/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * udp_gso - frames of UDP segmentation offload (PKT_GSO_UDP_L4, the
 * virtio-net header's GSO_UDP_L4): one IPv4 and UDP header, then the
 * payloads of several datagrams back to back, each gso_size bytes but
 * the last, which may be shorter. One such frame costs a TAP one system
 * call and one pass through the kernel for a whole run of datagrams.
 *
 * In: the kernel (or a peer's router through a bridge) hands one over;
 * it is cut into its datagrams, each sent through engine_input as if it
 * had come alone, its UDP checksum left for whoever needs it whole
 * (PKT_NEEDS_CSUM: ESP in UDP ignores it, RFC 3948 §3.1.2). Out: ESP in
 * UDP datagrams sealed one after another toward one next hop are built
 * in place one after the other (engine_impl.h: uso_next) while their
 * payloads are equal (the last may be shorter) and leave as one frame;
 * the kernel gives each datagram its own IPv4 ID and checksum.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

void
udp_gso_input(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct pkt_offload o = { .flags = PKT_NEEDS_CSUM, .csum_offset = PKT_UDP_CSUM_AT };
	bool in_burst = e->gro_on;
	size_t i, n;

	if (pkt_uso_head(frame, len, off) == 0) {
		e->port[port].rx_packets++;
		e->port[port].rx_bytes += len;
		engine_drop(e, DROP_BAD_OFFLOAD, port, frame, len);
		return;
	}
	o.csum_start = off->csum_start;
	/* split_buf is rewritten on the next turn: the engine keeps no
	 * pointer into a frame once engine_input returns */
	/* the TCP segments they carry out of a tunnel join up again: within
	 * the caller's burst, or else within this frame */
	if (!in_burst)
		engine_burst_begin(e);
	for (i = 0; (n = pkt_uso_cut(frame, len, off, i, e->split_buf)) != 0; i++)
		engine_input(e, port, e->split_buf, n, &o, e->now_ms);
	if (!in_burst)
		engine_burst_end(e, false);
}

uint8_t *
uso_next(struct engine *e, struct uso_run *r, size_t head, size_t len)
{
	size_t n = len - head;

	if (r->len > 0 && (r->closed || n > r->gso_size || r->n == USO_MAX_SEGMENTS ||
	    r->len + n > ETH_HLEN_ + 65535 || head != r->head))
		uso_flush(e, r);
	r->head = head;
	r->next_len = len;
	r->nsaved = r->len > 0 ? head : 0;
	r->at = e->uso_buf + (r->len > 0 ? r->len - head : 0);
	memcpy(r->saved, r->at, r->nsaved);
	return r->at;
}

void
uso_built(struct uso_run *r, bool ok)
{
	size_t n = r->next_len - r->head;

	memcpy(r->at, r->saved, r->nsaved);
	if (!ok)
		return;
	if (r->nsaved == 0) {
		r->len = r->next_len;
		r->gso_size = (uint16_t)n;
		r->n = 1;
		r->closed = false;
		return;
	}
	r->len += n;
	r->n++;
	r->closed = n < r->gso_size;
}

void
uso_flush(struct engine *e, struct uso_run *r)
{
	struct ip_hdr *ip = frame_ip(e->uso_buf);
	size_t hl = ip_hlen(ip), ulen = r->len - ETH_HLEN_ - hl;
	uint8_t *udp = e->uso_buf + ETH_HLEN_ + hl;
	struct pkt_offload o = {
		.flags = PKT_NEEDS_CSUM, .gso_type = PKT_GSO_UDP_L4,
		.hdr_len = (uint16_t)(ETH_HLEN_ + hl + PKT_UDP_HLEN), .gso_size = r->gso_size,
		.csum_start = (uint16_t)(ETH_HLEN_ + hl), .csum_offset = PKT_UDP_CSUM_AT,
	};
	uint16_t v;

	if (r->len == 0)
		return;
	if (r->n == 1) {
		arp_output(e, r->port, r->next, e->uso_buf, r->len, NULL);
		r->len = 0;
		return;
	}
	ip->len = htons((uint16_t)(r->len - ETH_HLEN_));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, hl);
	v = htons((uint16_t)ulen);
	memcpy(udp + 4, &v, 2);
	v = pkt_l4_pseudo(ip, ulen);
	memcpy(udp + PKT_UDP_CSUM_AT, &v, 2);
	arp_output(e, r->port, r->next, e->uso_buf, r->len, &o);
	r->len = 0;
}
