/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_io - the router's IKE on the wire (engine.h): datagrams for it,
 * checked and copied into the control plane's queue (ike_queue.h), and
 * datagrams from it, built as IPv4 and UDP and sent as the router's own
 * packets. The control plane sees what a UDP socket bound to ports 500
 * and 4500 of every interface address would show it.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

_Static_assert(IKE_NATT_PORT == ESP_NATT_PORT, "one port for NAT-T");

#define IKE_TTL		64

/* Whether the UDP checksum holds (ulen bytes at udp, in packet ip): none
 * sent (RFC 768: zero), one the sender's kernel left for the device to
 * complete (nothing to verify), or one that sums right. */
static bool
checksum_ok(const struct ip_hdr *ip, const uint8_t *udp, size_t ulen,
    const struct pkt_offload *off)
{
	if ((udp[6] | udp[7]) == 0 || (off != NULL && (off->flags & PKT_NEEDS_CSUM)))
		return true;
	return pkt_l4_cksum(ip, udp, ulen) == 0;
}

void
engine_ike_input(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t hl = ip_hlen(ip), iplen = len - ETH_HLEN_, ulen, skip, n;
	const uint8_t *udp = (const uint8_t *)ip + hl;
	enum engine_drop why;
	struct ike_dgram *d;
	uint16_t h[4];

	memcpy(h, udp, sizeof(h));
	ulen = ntohs(h[2]);
	skip = ntohs(h[1]) == IKE_NATT_PORT ? IKE_NON_ESP_MARKER : 0;
	if ((ntohs(ip->off) & IP_MF) != 0)
		why = DROP_IKE_FRAGMENT;
	else if (off != NULL && off->gso_type != PKT_GSO_NONE)
		why = DROP_BAD_OFFLOAD;	/* one datagram is one segment */
	else if (ulen < ESP_UDP_LEN + skip || ulen > iplen - hl)
		why = DROP_IKE_LENGTH;
	else if (!checksum_ok(ip, udp, ulen, off))
		why = DROP_IKE_CHECKSUM;
	else if ((n = ulen - ESP_UDP_LEN - skip) > IKE_DGRAM_MAX)
		why = DROP_IKE_OVERSIZE;
	else if ((d = ike_queue_slot(&e->ike_queue)) == NULL)
		why = DROP_IKE_QUEUE_FULL;
	else {
		d->src = ntohl(ip->src);
		d->dst = ntohl(ip->dst);
		d->sport = ntohs(h[0]);
		d->dport = ntohs(h[1]);
		d->len = (uint16_t)n;
		d->natt = skip != 0;
		memcpy(d->data, udp + ESP_UDP_LEN + skip, n);
		ike_queue_publish(&e->ike_queue);
		e->stats.ike_received++;
		return;
	}
	engine_drop(e, why, port, frame, len);
}

struct ike_queue *
engine_ike_queue(struct engine *e)
{
	return &e->ike_queue;
}

/* Why a datagram from src:sport to dst:dport cannot leave (an errno
 * value), or 0. */
static int
refused(const struct engine *e, uint32_t src, uint32_t dst, uint16_t sport,
    uint16_t dport)
{
	if (e->snap == NULL)
		return ENETDOWN;
	if (snapshot_local_port(e->snap, src) < 0)
		return EADDRNOTAVAIL;
	if ((sport != IKE_PORT && sport != IKE_NATT_PORT) || dport == 0 ||
	    ip_martian(dst) || ip_multicast(dst) ||
	    snapshot_local_port(e->snap, dst) >= 0)
		return EINVAL;
	if (snapshot_route(e->snap, dst) == NULL)
		return ENETUNREACH;
	return 0;
}

/* Builds the datagram in e->ike_buf, the marker before the payload if
 * asked, and sends it as the router's own packet. */
static int
ike_output(struct engine *e, uint32_t src, uint32_t dst, uint16_t sport,
    uint16_t dport, const uint8_t *payload, size_t n, bool marker)
{
	uint8_t *frame = e->ike_buf, *udp = frame + ETH_HLEN_ + sizeof(struct ip_hdr);
	struct ip_hdr *ip = frame_ip(frame);
	size_t skip = marker ? IKE_NON_ESP_MARKER : 0, ulen = ESP_UDP_LEN + skip + n;
	uint16_t h[4], sum;
	int why;

	if (n > IKE_DGRAM_MAX)
		why = EMSGSIZE;
	else
		why = refused(e, src, dst, sport, dport);
	if (why != 0) {
		errno = why;
		return -1;
	}
	memset(frame, 0, ETH_HLEN_ + sizeof(*ip) + ESP_UDP_LEN + skip);
	/* typed at once: a drop on the way is recorded as the IPv4 it is */
	((struct eth_hdr *)(void *)frame)->type = htons(ETHTYPE_IPV4);
	ip->vhl = 0x45;
	ip->len = htons((uint16_t)(sizeof(*ip) + ulen));
	ip->id = ipv4_next_id(e);
	ip->ttl = IKE_TTL;
	ip->proto = IPPROTO_UDP_;
	ip->src = htonl(src);
	ip->dst = htonl(dst);
	ip->sum = pkt_cksum(ip, sizeof(*ip));
	h[0] = htons(sport);
	h[1] = htons(dport);
	h[2] = htons((uint16_t)ulen);
	h[3] = 0;
	memcpy(udp, h, sizeof(h));
	memcpy(udp + ESP_UDP_LEN + skip, payload, n);
	/* RFC 768: a sum of zero is sent as all ones */
	if ((sum = pkt_l4_cksum(ip, udp, ulen)) == 0)
		sum = 0xffff;
	memcpy(udp + 6, &sum, 2);
	e->stats.ike_sent++;
	ipv4_output(e, ENGINE_PORT_PUNT, frame, ETH_HLEN_ + sizeof(*ip) + ulen, NULL, false);
	return 0;
}

int
engine_ike_send(struct engine *e, const struct ike_dgram *d)
{
	return ike_output(e, d->src, d->dst, d->sport, d->dport, d->data, d->len,
	    d->sport == IKE_NATT_PORT || d->dport == IKE_NATT_PORT);
}

int
engine_ike_keepalive(struct engine *e, uint32_t src, uint32_t dst, uint16_t dport)
{
	static const uint8_t keepalive = IKE_NATT_KEEPALIVE;

	return ike_output(e, src, dst, IKE_NATT_PORT, dport, &keepalive, 1, false);
}
