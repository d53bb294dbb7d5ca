/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tcp_gro - the inverse of tcp_seg for the way out of a tunnel: while a
 * run of datagrams from one frame of UDP segmentation offload is
 * decapsulated (udp_gso.c), the TCP segments of one flow that leave by one
 * port back to back are joined into one offloaded TCP frame, as the
 * kernel's GRO would: one TAP write for up to 64 KiB instead of one per
 * segment. Only plain data segments join: IPv4 without options, flags ACK
 * and at most a PSH (which ends the frame), the next sequence number, the
 * same acknowledgement, window and option bytes (timestamps included),
 * every segment as long as the first but the last. Anything else first
 * sends what is gathered, so frames leave in the order they were made.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define TH_PSH		0x08
#define TH_ACK		0x10
#define TCP_HLEN	20
#define IPV4_HLEN	20

/* The TCP header length of a frame that may join, or 0. */
static size_t
joinable(const uint8_t *frame, size_t len, const struct pkt_offload *off)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	const uint8_t *tcp = frame + ETH_HLEN_ + IPV4_HLEN;
	size_t th;

	if (off->flags != 0 || off->gso_type != PKT_GSO_NONE ||
	    len < ETH_HLEN_ + IPV4_HLEN + TCP_HLEN ||
	    memcmp(frame + 12, "\x08\x00", 2) != 0 || ip->vhl != 0x45 ||
	    ip->proto != IPPROTO_TCP_ || (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0 ||
	    ntohs(ip->len) != len - ETH_HLEN_ || (tcp[13] & ~TH_PSH) != TH_ACK)
		return 0;
	th = (size_t)(tcp[12] >> 4) * 4;
	return th >= TCP_HLEN && ETH_HLEN_ + IPV4_HLEN + th < len ? th : 0;
}

static uint32_t
seq_of(const uint8_t *tcp)
{
	uint32_t v;

	memcpy(&v, tcp + 4, 4);
	return ntohl(v);
}

/* Whether frame continues the gathered run (its headers th long). */
static bool
continues(const struct engine *e, const struct tcp_run *r, unsigned port,
    const uint8_t *frame, size_t th, size_t n)
{
	const uint8_t *a = e->gro_buf, *b = frame;
	const uint8_t *ta = a + ETH_HLEN_ + IPV4_HLEN, *tb = b + ETH_HLEN_ + IPV4_HLEN;

	return port == r->port && !r->closed && n <= r->gso_size && r->n < TCP_RUN_MAX &&
	    r->len + n <= ETH_HLEN_ + 65535 && th == r->th &&
	    memcmp(a, b, ETH_HLEN_) == 0 && a[ETH_HLEN_ + 1] == b[ETH_HLEN_ + 1] &&
	    memcmp(a + ETH_HLEN_ + 6, b + ETH_HLEN_ + 6, 4) == 0 &&
	    memcmp(a + ETH_HLEN_ + 12, b + ETH_HLEN_ + 12, 8) == 0 &&
	    memcmp(ta, tb, 4) == 0 && seq_of(tb) == r->next_seq &&
	    memcmp(ta + 8, tb + 8, 4) == 0 && memcmp(ta + 14, tb + 14, 2) == 0 &&
	    memcmp(ta + TCP_HLEN, tb + TCP_HLEN, th - TCP_HLEN) == 0;
}

bool
tcp_run_add(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct tcp_run *r = &e->gro;
	size_t th, head, n;
	const uint8_t *tcp = frame + ETH_HLEN_ + IPV4_HLEN;

	if (port >= SNAP_NPORTS || port == SNAP_PORT_VPORT ||
	    (th = joinable(frame, len, off)) == 0) {
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
	}
	r->next_seq = seq_of(tcp) + (uint32_t)n;
	r->closed = n < r->gso_size || (tcp[13] & TH_PSH) != 0;
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
		.csum_start = ETH_HLEN_ + IPV4_HLEN, .csum_offset = 16,
	};
	size_t n = r->n;
	uint16_t v;

	if (n == 0)
		return;
	r->n = 0;
	if (n == 1) {
		engine_transmit(e, r->port, e->gro_buf, r->len, NULL);
		return;
	}
	ip->len = htons((uint16_t)(r->len - ETH_HLEN_));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, IPV4_HLEN);
	v = pkt_l4_pseudo(ip, r->len - ETH_HLEN_ - IPV4_HLEN);
	memcpy(tcp + 16, &v, 2);
	engine_transmit(e, r->port, e->gro_buf, r->len, &o);
}
