/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tcp_merge - TCP segments merged into one TSO packet; see tcp_merge.h. */
#include "tcp_merge.h"

#include <arpa/inet.h>
#include <string.h>

#include "engine/pkt.h"

#define IP_HLEN		20	/* no options: anything else never merges */

static const struct ip_hdr *
ip_of(const uint8_t *p)
{
	return (const struct ip_hdr *)(const void *)p;
}

/* The TCP header's length if p is an IPv4 TCP segment that may merge
 * (pkt.h's rule) and its checksums, IPv4 and TCP, are right; else 0. */
static size_t
segment(const uint8_t *p, size_t len)
{
	size_t th = pkt_tcp_join_th(p, len);

	if (th == 0 || pkt_cksum(p, IP_HLEN) != 0 ||
	    pkt_l4_cksum(ip_of(p), p + IP_HLEN, len - IP_HLEN) != 0)
		return 0;
	return th;
}

bool
tcp_merge_start(struct tcp_merge *m, uint8_t *buf, const uint8_t *p, size_t len)
{
	size_t th = segment(p, len);

	if (th == 0 || len > TCP_MERGE_MAX)
		return false;
	memcpy(buf, p, len);
	*m = (struct tcp_merge){ .buf = buf, .len = len, .segs = 1,
	    .mss = (uint16_t)(len - IP_HLEN - th), .last = (uint16_t)(len - IP_HLEN - th),
	    .next_seq = pkt_tcp_seq(p) + (uint32_t)(len - IP_HLEN - th) };
	return true;
}

bool
tcp_merge_add(struct tcp_merge *m, const uint8_t *q, size_t len)
{
	struct ip_hdr *ip = (struct ip_hdr *)(void *)m->buf;
	size_t th = (size_t)(m->buf[IP_HLEN + 12] >> 4) * 4, n;

	/* the last segment taken was full, no PSH; q is the same flow's
	 * next (pkt.h) */
	if (m->last != m->mss || (m->buf[IP_HLEN + 13] & PKT_TCP_PSH) ||
	    m->segs >= TCP_MERGE_SEGS || segment(q, len) != th ||
	    (n = len - IP_HLEN - th) > m->mss || m->len + n > TCP_MERGE_MAX ||
	    !pkt_tcp_join_next(m->buf, q, th, m->next_seq))
		return false;
	memcpy(m->buf + m->len, q + IP_HLEN + th, n);
	m->len += n;
	m->buf[IP_HLEN + 13] |= q[IP_HLEN + 13] & PKT_TCP_PSH;
	m->last = (uint16_t)n;
	m->next_seq += (uint32_t)n;
	m->segs++;
	/* the IPv4 header of the whole */
	ip->len = htons((uint16_t)m->len);
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, IP_HLEN);
	return true;
}

void
tcp_merge_hdr(struct tcp_merge *m, struct virtio_net_hdr *h)
{
	size_t th = (size_t)(m->buf[IP_HLEN + 12] >> 4) * 4;
	uint16_t pseudo;

	memset(h, 0, sizeof(*h));
	if (m->segs < 2)
		return;
	/* what a TSO sender leaves: the pseudo-header sum, completed over
	 * each segment when the packet is cut or delivered */
	pseudo = pkt_l4_pseudo(ip_of(m->buf), m->len - IP_HLEN);
	memcpy(m->buf + IP_HLEN + PKT_TCP_CSUM_AT, &pseudo, 2);
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h->hdr_len = (uint16_t)(IP_HLEN + th);
	h->gso_size = m->mss;
	h->csum_start = IP_HLEN;
	h->csum_offset = PKT_TCP_CSUM_AT;
}
