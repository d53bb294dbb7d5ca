/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tcp_merge - TCP segments merged into one TSO packet; see tcp_merge.h. */
#include "tcp_merge.h"

#include <string.h>

#define IP_HLEN		20	/* no options: anything else never merges */
#define IP_PROTO_TCP	6
#define TCP_HLEN_MIN	20
#define TCP_ACK		0x10
#define TCP_PSH		0x08
#define TCP_CSUM_AT	16	/* the checksum's offset in the TCP header */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The one's complement sum of n bytes (RFC 1071), folded, not inverted. */
static uint16_t
sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	uint64_t s = acc;

	for (; n >= 2; p += 2, n -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	if (n > 0)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The pseudo-header's sum of a TCP segment of n bytes (RFC 793). */
static uint32_t
pseudo(const uint8_t *ip, size_t n)
{
	return sum16(ip + 12, 8, IP_PROTO_TCP + (uint32_t)n);
}

/* The TCP header's length if p is an IPv4 TCP segment that may merge:
 * no IP options, not a fragment, only ACK (PSH) set, a payload, and
 * right checksums (IPv4 header and TCP); 0 otherwise. */
static size_t
segment(const uint8_t *p, size_t len)
{
	size_t th;

	if (len < IP_HLEN + TCP_HLEN_MIN || p[0] != 0x45 || get16(p + 2) != len ||
	    p[9] != IP_PROTO_TCP || (get16(p + 6) & 0x3fff) != 0 ||
	    sum16(p, IP_HLEN, 0) != 0xffff)
		return 0;
	th = (size_t)(p[IP_HLEN + 12] >> 4) * 4;
	if (th < TCP_HLEN_MIN || IP_HLEN + th >= len ||
	    (p[IP_HLEN + 13] & (uint8_t)~TCP_PSH) != TCP_ACK ||
	    sum16(p + IP_HLEN, len - IP_HLEN, pseudo(p, len - IP_HLEN)) != 0xffff)
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
	    .next_seq = get32(p + IP_HLEN + 4) + (uint32_t)(len - IP_HLEN - th) };
	return true;
}

bool
tcp_merge_add(struct tcp_merge *m, const uint8_t *q, size_t len)
{
	const uint8_t *s = m->buf;
	size_t th = (size_t)(s[IP_HLEN + 12] >> 4) * 4, n;
	uint16_t sum;

	/* the last segment taken was full, no PSH; q is the same flow's
	 * next, with the same headers but for the length, ID, checksums,
	 * sequence number, PSH and window (the first's stands, as in GRO) */
	if (m->last != m->mss || (s[IP_HLEN + 13] & TCP_PSH) || m->segs >= TCP_MERGE_SEGS ||
	    segment(q, len) != th || (n = len - IP_HLEN - th) > m->mss ||
	    m->len + n > TCP_MERGE_MAX || get32(q + IP_HLEN + 4) != m->next_seq ||
	    q[1] != s[1] || q[6] != s[6] || q[8] != s[8] ||
	    memcmp(q + 12, s + 12, 8) != 0 ||
	    memcmp(q + IP_HLEN, s + IP_HLEN, 4) != 0 ||
	    memcmp(q + IP_HLEN + 8, s + IP_HLEN + 8, 5) != 0 ||
	    memcmp(q + IP_HLEN + TCP_HLEN_MIN, s + IP_HLEN + TCP_HLEN_MIN,
	    th - TCP_HLEN_MIN) != 0)
		return false;
	memcpy(m->buf + m->len, q + IP_HLEN + th, n);
	m->len += n;
	m->buf[IP_HLEN + 13] |= q[IP_HLEN + 13] & TCP_PSH;
	m->last = (uint16_t)n;
	m->next_seq += (uint32_t)n;
	m->segs++;
	/* the IPv4 header of the whole */
	put16(m->buf + 2, (uint16_t)m->len);
	put16(m->buf + 10, 0);
	sum = (uint16_t)~sum16(m->buf, IP_HLEN, 0);
	put16(m->buf + 10, sum);
	return true;
}

void
tcp_merge_hdr(struct tcp_merge *m, struct virtio_net_hdr *h)
{
	size_t th = (size_t)(m->buf[IP_HLEN + 12] >> 4) * 4;

	memset(h, 0, sizeof(*h));
	if (m->segs < 2)
		return;
	/* what a TSO sender leaves: the pseudo-header sum, completed over
	 * each segment when the packet is cut or delivered */
	put16(m->buf + IP_HLEN + TCP_CSUM_AT, sum16(NULL, 0, pseudo(m->buf,
	    m->len - IP_HLEN)));
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h->hdr_len = (uint16_t)(IP_HLEN + th);
	h->gso_size = m->mss;
	h->csum_start = IP_HLEN;
	h->csum_offset = TCP_CSUM_AT;
}
