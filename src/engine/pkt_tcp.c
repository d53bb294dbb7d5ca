/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pkt_tcp - which TCP segments join into one (pkt.h): the one rule both
 * the engine's joining (tcp_gro.c) and the SSL-VPN server's (tcp_merge.c)
 * apply, so that a segment either may carry is judged alike.
 */
#include "pkt.h"

#include <arpa/inet.h>
#include <string.h>

#define IPV4_HLEN	20
#define TCP_HLEN	20

size_t
pkt_tcp_join_th(const uint8_t *p, size_t len)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)p;
	size_t th;

	if (len < IPV4_HLEN + TCP_HLEN || ip->vhl != 0x45 || ip->proto != IPPROTO_TCP_ ||
	    ntohs(ip->len) != len || (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0 ||
	    (p[IPV4_HLEN + 13] & (uint8_t)~PKT_TCP_PSH) != PKT_TCP_ACK)
		return 0;
	th = (size_t)(p[IPV4_HLEN + 12] >> 4) * 4;
	return th >= TCP_HLEN && IPV4_HLEN + th < len ? th : 0;
}

uint32_t
pkt_tcp_seq(const uint8_t *ip)
{
	uint32_t v;

	memcpy(&v, ip + IPV4_HLEN + 4, 4);
	return ntohl(v);
}

bool
pkt_tcp_join_next(const uint8_t *a, const uint8_t *b, size_t th, uint32_t next_seq)
{
	const uint8_t *ta = a + IPV4_HLEN, *tb = b + IPV4_HLEN;

	/* IPv4: TOS, the DF byte of the flags (no fragment joins), TTL and
	 * protocol, the addresses; TCP: the ports, then from the
	 * acknowledgment to the window but for the flags (a PSH may differ),
	 * then the options */
	return a[1] == b[1] && a[6] == b[6] && memcmp(a + 8, b + 8, 2) == 0 &&
	    memcmp(a + 12, b + 12, 8) == 0 && memcmp(ta, tb, 4) == 0 &&
	    pkt_tcp_seq(b) == next_seq && memcmp(ta + 8, tb + 8, 5) == 0 &&
	    memcmp(ta + 14, tb + 14, 2) == 0 &&
	    memcmp(ta + TCP_HLEN, tb + TCP_HLEN, th - TCP_HLEN) == 0;
}
