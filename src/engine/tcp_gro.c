/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tcp_gro - the inverse of tcp_seg: within one burst of frames (and one
 * frame of UDP segmentation offload cut up, udp_gso.c), the TCP segments
 * of one flow that leave by one port back to back are joined into one
 * offloaded TCP frame, as the kernel's GRO would: one TAP write and one
 * pass through the receiver's stack for up to 64 KiB instead of one per
 * segment. The segments that join are pkt.h's (pkt_tcp_join_th), every one
 * as long as the first but the last; a PSH joins too, since nothing is
 * held past the burst that brought it. Only segments whose checksums
 * someone vouched for join: the sender's kernel left them to be completed
 * or found them right (the offload header says), or they came out of an
 * authenticated tunnel (e->gro_trusted); the joined frame's checksum is
 * completed from its bytes, so an unchecked segment would be laundered.
 * Anything else first sends what is gathered, so frames leave in the
 * order they were made.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define IPV4_HLEN	20

static bool
checksum_vouched(const struct engine *e, const struct pkt_offload *off)
{
	switch (off->flags) {
	case 0:
		return e->gro_trusted;
	case PKT_DATA_VALID:
		return true;
	case PKT_NEEDS_CSUM:
		return off->csum_start == ETH_HLEN_ + IPV4_HLEN &&
		    off->csum_offset == PKT_TCP_CSUM_AT;
	default:
		return false;
	}
}

/* The TCP header length of a frame that may join, or 0. */
static size_t
joinable(const struct engine *e, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	if (off->gso_type != PKT_GSO_NONE || len < ETH_HLEN_ ||
	    memcmp(frame + 12, "\x08\x00", 2) != 0 || !checksum_vouched(e, off))
		return 0;
	return pkt_tcp_join_th(frame + ETH_HLEN_, len - ETH_HLEN_);
}

/* Whether frame (its payload n bytes) continues the gathered run. */
static bool
continues(const struct engine *e, const struct tcp_run *r, unsigned port,
    const uint8_t *frame, size_t th, size_t n)
{
	return port == r->port && !r->closed && n <= r->gso_size && r->n < TCP_RUN_MAX &&
	    r->len + n <= ETH_HLEN_ + 65535 && th == r->th &&
	    memcmp(e->gro_buf, frame, ETH_HLEN_) == 0 &&
	    pkt_tcp_join_next(e->gro_buf + ETH_HLEN_, frame + ETH_HLEN_, th, r->next_seq);
}

bool
tcp_run_add(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct tcp_run *r = &e->gro;
	size_t th, head, n;
	const uint8_t *tcp = frame + ETH_HLEN_ + IPV4_HLEN;

	if (port >= ENGINE_NPORTS || port == SNAP_PORT_VPORT ||
	    (th = joinable(e, frame, len, off)) == 0) {
		tcp_run_flush(e);
		return false;
	}
	head = ETH_HLEN_ + IPV4_HLEN + th;
	n = len - head;
	if (r->n > 0 && continues(e, r, port, frame, th, n)) {
		memcpy(e->gro_buf + r->len, frame + head, n);
		r->len += n;
		r->n++;
		e->gro_buf[ETH_HLEN_ + IPV4_HLEN + 13] |= tcp[13];	/* a PSH */
	} else {
		tcp_run_flush(e);
		memcpy(e->gro_buf, frame, len);
		r->port = port;
		r->len = len;
		r->th = th;
		r->gso_size = (uint16_t)n;
		r->n = 1;
		r->first = *off;
	}
	r->next_seq = pkt_tcp_seq(frame + ETH_HLEN_) + (uint32_t)n;
	r->closed = n < r->gso_size;
	return true;
}

void
tcp_run_flush(struct engine *e)
{
	struct tcp_run *r = &e->gro;
	struct ip_hdr *ip = frame_ip(e->gro_buf);
	uint8_t *tcp = e->gro_buf + ETH_HLEN_ + IPV4_HLEN;
	struct pkt_offload o = {
		.flags = PKT_NEEDS_CSUM, .gso_type = PKT_GSO_TCPV4,
		.hdr_len = (uint16_t)(ETH_HLEN_ + IPV4_HLEN + r->th), .gso_size = r->gso_size,
		.csum_start = ETH_HLEN_ + IPV4_HLEN, .csum_offset = PKT_TCP_CSUM_AT,
	};
	size_t n = r->n;
	uint16_t v;

	if (n == 0)
		return;
	r->n = 0;
	if (n == 1) {
		engine_transmit(e, r->port, e->gro_buf, r->len, &r->first);
		return;
	}
	ip->len = htons((uint16_t)(r->len - ETH_HLEN_));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, IPV4_HLEN);
	v = pkt_l4_pseudo(ip, r->len - ETH_HLEN_ - IPV4_HLEN);
	memcpy(tcp + PKT_TCP_CSUM_AT, &v, 2);
	engine_transmit(e, r->port, e->gro_buf, r->len, &o);
}

void
engine_burst_begin(struct engine *e)
{
	e->gro_on = true;
}

void
engine_burst_end(struct engine *e)
{
	tcp_run_flush(e);
	e->gro_on = false;
}
