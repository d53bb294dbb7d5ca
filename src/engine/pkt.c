/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pkt - the Internet checksum. Summed 16 bits at a time into a 64-bit
 * accumulator so that a frame of any size cannot overflow before folding.
 */
#include "pkt.h"

#include <arpa/inet.h>
#include <string.h>

uint32_t
pkt_sum(const void *data, size_t len, uint32_t initial)
{
	const uint8_t *p = data;
	uint64_t sum = initial;
	uint16_t w;

	for (; len >= 2; p += 2, len -= 2) {
		memcpy(&w, p, 2);
		sum += w;
	}
	if (len == 1) {
		w = 0;
		memcpy(&w, p, 1);
		sum += w;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

uint16_t
pkt_cksum(const void *data, size_t len)
{
	return (uint16_t)~pkt_sum(data, len, 0);
}

uint16_t
pkt_l4_cksum(const struct ip_hdr *ip, const void *l4, size_t n)
{
	uint32_t sum = pkt_sum(&ip->src, 8, 0);

	sum += htons(ip->proto) + htons((uint16_t)n);
	return (uint16_t)~pkt_sum(l4, n, sum);
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
