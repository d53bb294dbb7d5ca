/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pkt - the Internet checksum. Summed 32 bits at a time into 64-bit
 * accumulators, which no frame (at most 64 KiB) can overflow before
 * folding.
 */
#include "pkt.h"

#include <arpa/inet.h>
#include <string.h>

uint32_t
pkt_sum(const void *data, size_t len, uint32_t initial)
{
	const uint8_t *p = data;
	uint64_t s0 = initial, s1 = 0, a, b;
	uint16_t w;

	/* 32-bit halves of 64-bit loads, added without carry out: since
	 * 2^16 = 1 (mod 2^16 - 1), the folded sum equals that of 16-bit
	 * words, and two accumulators keep the adds independent */
	for (; len >= 16; p += 16, len -= 16) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, 8);
		s0 += (a & 0xffffffff) + (a >> 32);
		s1 += (b & 0xffffffff) + (b >> 32);
	}
	s0 += s1;
	for (; len >= 2; p += 2, len -= 2) {
		memcpy(&w, p, 2);
		s0 += w;
	}
	if (len == 1) {
		w = 0;
		memcpy(&w, p, 1);
		s0 += w;
	}
	while (s0 >> 16)
		s0 = (s0 & 0xffff) + (s0 >> 16);
	return (uint32_t)s0;
}

uint16_t
pkt_cksum(const void *data, size_t len)
{
	return (uint16_t)~pkt_sum(data, len, 0);
}

uint16_t
pkt_l4_pseudo(const struct ip_hdr *ip, size_t n)
{
	return (uint16_t)pkt_sum(&ip->src, 8,
	    (uint32_t)htons(ip->proto) + htons((uint16_t)n));
}

uint16_t
pkt_l4_cksum(const struct ip_hdr *ip, const void *l4, size_t n)
{
	return (uint16_t)~pkt_sum(l4, n, pkt_l4_pseudo(ip, n));
}

void
pkt_ip_dec_ttl(struct ip_hdr *ip)
{
	/* HC' = ~(~HC + ~m + m') with m the TTL/protocol word (RFC 1624 eq. 3) */
	uint16_t old = htons((uint16_t)(ip->ttl << 8 | ip->proto));
	uint32_t sum;

	ip->ttl--;
	sum = (uint16_t)~ip->sum;
	sum += (uint16_t)~old;
	sum += htons((uint16_t)(ip->ttl << 8 | ip->proto));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip->sum = (uint16_t)~sum;
}

bool
pkt_finish_csum(uint8_t *frame, size_t len, struct pkt_offload *o)
{
	size_t start = o->csum_start, at = start + o->csum_offset;
	uint16_t sum;

	if (!(o->flags & PKT_NEEDS_CSUM))
		return true;
	if (start >= len || at + 2 > len)
		return false;
	/* the field holds the pseudo-header sum; the rest is summed here */
	sum = (uint16_t)~pkt_sum(frame + start, len - start, 0);
	memcpy(frame + at, &sum, 2);
	o->flags &= (uint8_t)~PKT_NEEDS_CSUM;
	return true;
}

size_t
pkt_uso_head(const uint8_t *frame, size_t len, const struct pkt_offload *off)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t hl;

	if (len < ETH_HLEN_ + sizeof(*ip) || (ip->vhl >> 4) != 4 ||
	    (hl = ip_hlen(ip)) < sizeof(*ip) || ETH_HLEN_ + hl + PKT_UDP_HLEN >= len ||
	    ip->proto != IPPROTO_UDP_ || (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0 ||
	    ntohs(ip->len) != len - ETH_HLEN_ || off->gso_size == 0 ||
	    !(off->flags & PKT_NEEDS_CSUM) || off->csum_start != ETH_HLEN_ + hl ||
	    off->csum_offset != PKT_UDP_CSUM_AT)
		return 0;
	return ETH_HLEN_ + hl + PKT_UDP_HLEN;
}

size_t
pkt_uso_cut(const uint8_t *frame, size_t len, const struct pkt_offload *off,
    size_t i, uint8_t *out)
{
	size_t head = off->csum_start + PKT_UDP_HLEN, at = head + i * off->gso_size, n;
	struct ip_hdr *ip = (struct ip_hdr *)(void *)(out + ETH_HLEN_);
	uint8_t *udp = out + off->csum_start;
	uint16_t v;

	if (at >= len)
		return 0;
	n = len - at < off->gso_size ? len - at : off->gso_size;
	memcpy(out, frame, head);
	memcpy(out + head, frame + at, n);
	ip->len = htons((uint16_t)(head - ETH_HLEN_ + n));
	ip->id = htons((uint16_t)(ntohs(ip->id) + i));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, ip_hlen(ip));
	v = htons((uint16_t)(PKT_UDP_HLEN + n));
	memcpy(udp + 4, &v, 2);
	v = pkt_l4_pseudo(ip, PKT_UDP_HLEN + n);
	memcpy(udp + PKT_UDP_CSUM_AT, &v, 2);
	return head + n;
}
