/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pkt - the wire formats the engine reads and writes (Ethernet II, ARP for
 * IPv4 over Ethernet, IPv4, ICMP, the UDP/TCP ports a flow hash needs) and
 * the Internet checksum.
 *
 * Contract: the structs are exact wire layouts (packed, network byte
 * order); frames are read through them only after the length was checked.
 * Checksums are computed over bytes as they are on the wire and returned in
 * network byte order, ready to store.
 */
#ifndef VGW_PKT_H
#define VGW_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN_	6
#define ETH_HLEN_	14
#define ETH_MIN_FRAME	60	/* without FCS: shorter frames are padded */
#define ETHTYPE_IPV4	0x0800
#define ETHTYPE_ARP	0x0806

struct eth_hdr {
	uint8_t		 dst[ETH_ALEN_];
	uint8_t		 src[ETH_ALEN_];
	uint16_t	 type;
} __attribute__((packed));

#define ARP_HW_ETHER	1
#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2

struct arp_pkt {
	uint16_t	 hw;
	uint16_t	 proto;
	uint8_t		 hlen;
	uint8_t		 plen;
	uint16_t	 op;
	uint8_t		 sha[ETH_ALEN_];
	uint32_t	 spa;
	uint8_t		 tha[ETH_ALEN_];
	uint32_t	 tpa;
} __attribute__((packed));

#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_OFFMASK	0x1fff
#define IPPROTO_ICMP_	1
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17

struct ip_hdr {
	uint8_t		 vhl;		/* version << 4 | header length in words */
	uint8_t		 tos;
	uint16_t	 len;
	uint16_t	 id;
	uint16_t	 off;		/* flags and fragment offset */
	uint8_t		 ttl;
	uint8_t		 proto;
	uint16_t	 sum;
	uint32_t	 src;
	uint32_t	 dst;
} __attribute__((packed));

#define ICMP_ECHOREPLY		0
#define ICMP_UNREACH		3
#define  ICMP_UNREACH_NET	0
#define  ICMP_UNREACH_HOST	1
#define  ICMP_UNREACH_PROTO	2
#define  ICMP_UNREACH_PORT	3
#define  ICMP_UNREACH_NEEDFRAG	4
#define ICMP_ECHO		8
#define ICMP_TIMXCEED		11

struct icmp_hdr {
	uint8_t		 type;
	uint8_t		 code;
	uint16_t	 sum;
	uint16_t	 id;		/* echo; unused for errors */
	uint16_t	 seq;		/* echo; next-hop MTU for NEEDFRAG */
} __attribute__((packed));

struct l4_ports {
	uint16_t	 src;
	uint16_t	 dst;
} __attribute__((packed));

/*
 * Offload metadata that travels with a frame through TAPs opened with
 * IFF_VNET_HDR: the layout of struct virtio_net_hdr (little-endian fields,
 * as a TAP uses on little-endian hosts). All zero: a complete, ordinary
 * frame.
 */
#define PKT_NEEDS_CSUM		1	/* flags: L4 checksum to be completed */
#define PKT_DATA_VALID		2	/* flags: checksums already verified */
#define PKT_GSO_NONE		0
#define PKT_GSO_TCPV4		1
#define PKT_GSO_UDP_L4		5	/* UDP datagrams of gso_size payload
					 * bytes each, the last maybe shorter */

struct pkt_offload {
	uint8_t		 flags;
	uint8_t		 gso_type;
	uint16_t	 hdr_len;
	uint16_t	 gso_size;	/* segment payload size */
	uint16_t	 csum_start;	/* from the frame's start */
	uint16_t	 csum_offset;	/* from csum_start */
} __attribute__((packed));

/* The one's complement sum of len bytes, folded, not inverted. */
uint32_t	 pkt_sum(const void *, size_t len, uint32_t initial);
/* The Internet checksum of len bytes (RFC 1071), ready to store. */
uint16_t	 pkt_cksum(const void *, size_t len);
/* The folded, uninverted sum of the pseudo-header of a TCP or UDP
 * segment of n bytes under ip: what a PKT_NEEDS_CSUM checksum field holds
 * before the rest is summed. */
uint16_t	 pkt_l4_pseudo(const struct ip_hdr *, size_t n);
/* The checksum of a TCP or UDP segment (l4, n bytes, its checksum field
 * included as it stands) under ip's pseudo-header (RFC 793, RFC 768): the
 * value to store when the field is zero, 0 when the field already holds
 * the right one. */
uint16_t	 pkt_l4_cksum(const struct ip_hdr *, const void *l4, size_t n);
/* Decrements an IPv4 header's TTL and updates its checksum (RFC 1624). */
void		 pkt_ip_dec_ttl(struct ip_hdr *);
/* Completes a PKT_NEEDS_CSUM checksum in the frame and clears the flag;
 * false if the offsets lie outside the frame. */
bool		 pkt_finish_csum(uint8_t *frame, size_t len, struct pkt_offload *);

/*
 * Frames of PKT_GSO_UDP_L4: one IPv4 and UDP header, then the payloads of
 * datagrams back to back, gso_size bytes each but the last.
 * pkt_uso_head: the bytes before the payloads (Ethernet, IPv4, UDP), or 0
 * unless frame is one unfragmented UDP/IPv4 packet of len bytes whose
 * offload header has its checksum pending at the UDP header.
 * pkt_uso_cut: writes datagram i of such a checked frame to out (room for
 * head + gso_size bytes): its lengths, IPv4 ID (the frame's + i) and header
 * checksum set, its UDP checksum field the pseudo-header sum (pending, as
 * the frame's offload header says); its length, or 0 past the last.
 */
#define PKT_UDP_HLEN		8
#define PKT_UDP_CSUM_AT		6	/* the checksum field within the header */
size_t		 pkt_uso_head(const uint8_t *frame, size_t len, const struct pkt_offload *);
size_t		 pkt_uso_cut(const uint8_t *frame, size_t len, const struct pkt_offload *,
		    size_t i, uint8_t *out);

/*
 * TCP segments that join into one, as receive offload (Linux's GRO) joins
 * them (pkt_tcp.c): IPv4 without options, not a fragment, TCP flags ACK
 * and at most PSH, a payload. pkt_tcp_join_th: the TCP header's length of
 * such a packet (ip: its IPv4 header; len: the bytes there, its total
 * length), else 0. pkt_tcp_join_next: whether ip (such a packet, its TCP
 * header th bytes) continues head (the first of the join, of the same th):
 * the same TOS, DF, TTL, addresses, ports, acknowledgment, header length,
 * window and options, and the sequence number next_seq. The checksums are
 * the caller's to vouch for.
 */
#define PKT_TCP_PSH		0x08	/* the flag byte's bits */
#define PKT_TCP_ACK		0x10
#define PKT_TCP_CSUM_AT		16	/* the checksum field within the header */
size_t		 pkt_tcp_join_th(const uint8_t *ip, size_t len);
bool		 pkt_tcp_join_next(const uint8_t *head, const uint8_t *ip, size_t th,
		    uint32_t next_seq);
/* The sequence number of a TCP segment under an option-less IPv4 header. */
uint32_t	 pkt_tcp_seq(const uint8_t *ip);

/* Addresses (host byte order) that never appear on a wire as a source
 * or destination (RFC 1812 5.3.7): "this network" and loopback. */
static inline bool
ip_martian(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 127;
}

/* Class D (multicast) and E (reserved): never a unicast host. */
static inline bool
ip_multicast(uint32_t a)
{
	return (a >> 28) >= 0xe;
}

static inline unsigned
ip_hlen(const struct ip_hdr *ip)
{
	return (unsigned)(ip->vhl & 0x0f) * 4;
}

#endif
