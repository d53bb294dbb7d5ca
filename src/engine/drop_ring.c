/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * drop_ring - the record of a dropped frame, its line, and the lock-free
 * ring that carries records from the engine to the control thread; see
 * drop_ring.h.
 */
#include "drop_ring.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lib/inet.h"

_Static_assert((DROP_RING_SLOTS & (DROP_RING_SLOTS - 1)) == 0,
    "DROP_RING_SLOTS is a power of two: indices wrap with the counters");

void
drop_record_fill(struct drop_record *r, enum engine_drop why, unsigned port,
    const char *ifname, const uint8_t *frame, size_t len)
{
	const struct ip_hdr *ip;
	const struct arp_pkt *ap;

	memset(r, 0, sizeof(*r));
	r->reason = (uint8_t)why;
	r->port = (uint16_t)port;
	r->len = (uint32_t)len;
	if (ifname != NULL)
		snprintf(r->ifname, sizeof(r->ifname), "%s", ifname);
	if (frame == NULL)
		return;
	if (len < ETH_HLEN_) {
		r->kind = DROP_REC_RUNT;
		return;
	}
	r->kind = DROP_REC_FRAME;
	r->ethertype = ntohs(((const struct eth_hdr *)(const void *)frame)->type);
	ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	ap = (const struct arp_pkt *)(const void *)(frame + ETH_HLEN_);
	if (r->ethertype == ETHTYPE_IPV4 && len >= ETH_HLEN_ + sizeof(*ip) &&
	    ip->vhl >> 4 == 4) {
		r->kind = DROP_REC_IPV4;
		r->src = ntohl(ip->src);
		r->dst = ntohl(ip->dst);
		r->proto = ip->proto;
	} else if (r->ethertype == ETHTYPE_ARP && len >= ETH_HLEN_ + sizeof(*ap)) {
		r->kind = DROP_REC_ARP;
		r->src = ntohl(ap->spa);
		r->dst = ntohl(ap->tpa);
	}
}

void
drop_record_format(const struct drop_record *r, struct strbuf *out)
{
	char a[INET_ADDR_BUF], b[INET_ADDR_BUF];

	if (r->port == ENGINE_PORT_PUNT)
		strbuf_puts(out, "drop on the control plane");
	else if (r->ifname[0] != '\0')
		strbuf_printf(out, "drop on %s", r->ifname);
	else
		strbuf_printf(out, "drop on port %u", r->port);
	strbuf_printf(out, ": %s", engine_drop_name(r->reason));
	switch (r->kind) {
	case DROP_REC_NONE:
		return;
	case DROP_REC_RUNT:
		break;
	case DROP_REC_FRAME:
		strbuf_printf(out, "; type 0x%04x", r->ethertype);
		break;
	case DROP_REC_IPV4:
		strbuf_printf(out, "; %s > %s proto %u", inet_format_addr(r->src, a),
		    inet_format_addr(r->dst, b), r->proto);
		break;
	case DROP_REC_ARP:
		strbuf_printf(out, "; ARP %s > %s", inet_format_addr(r->src, a),
		    inet_format_addr(r->dst, b));
		break;
	}
	strbuf_printf(out, ", %u bytes", r->len);
}

bool
drop_ring_put(struct drop_ring *ring, const struct drop_record *r)
{
	unsigned head = atomic_load_explicit(&ring->head, memory_order_relaxed);

	/* acquire: the consumer is done with the slot it gave back */
	if (head - atomic_load_explicit(&ring->tail, memory_order_acquire) ==
	    DROP_RING_SLOTS) {
		atomic_fetch_add_explicit(&ring->lost, 1, memory_order_relaxed);
		return false;
	}
	ring->slot[head % DROP_RING_SLOTS] = *r;
	/* release: the record is whole before the consumer sees it */
	atomic_store_explicit(&ring->head, head + 1, memory_order_release);
	return true;
}

bool
drop_ring_get(struct drop_ring *ring, struct drop_record *r)
{
	unsigned tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);

	if (tail == atomic_load_explicit(&ring->head, memory_order_acquire))
		return false;
	*r = ring->slot[tail % DROP_RING_SLOTS];
	atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
	return true;
}

uint64_t
drop_ring_claim_lost(struct drop_ring *ring)
{
	return atomic_exchange_explicit(&ring->lost, 0, memory_order_relaxed);
}
