/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arp - the neighbour table and ARP (RFC 826) for IPv4 over Ethernet:
 * answers requests for a port's own address, learns from requests to us
 * and from replies, resolves next hops with a bounded queue per
 * neighbour, retries, gives up with ICMP host unreachable, and ages
 * entries out after the port's ARP timeout.
 *
 * Learning follows Linux's default (arp_accept=0): a request for our
 * address creates its sender's entry; other ARP only refreshes entries we
 * already have, so a stranger cannot fill the table by talking.
 */
#include "engine_impl.h"

#include "lib/inet.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

enum arp_state { ARP_INCOMPLETE, ARP_REACHABLE, ARP_FAILED };

struct arp_queued {
	uint8_t			*frame;
	size_t			 len;
	struct pkt_offload	 off;
};

struct arp_entry {
	struct arp_entry	*next;
	uint32_t		 ip;
	uint16_t		 port;
	uint8_t			 state;
	uint8_t			 tries;
	uint8_t			 mac[6];
	uint64_t		 updated_ms;	/* learned, or the last request */
	unsigned		 qlen;
	struct arp_queued	 q[ARP_QUEUE_MAX];
};

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static unsigned
bucket(unsigned port, uint32_t ip)
{
	uint32_t h = ip * 2654435761u ^ port * 40503u;

	return (h ^ h >> 16) % ARP_BUCKETS;
}

static struct arp_entry *
find(struct engine *e, unsigned port, uint32_t ip)
{
	struct arp_entry *a;

	for (a = e->arp[bucket(port, ip)]; a != NULL; a = a->next)
		if (a->ip == ip && a->port == port)
			return a;
	return NULL;
}

static struct arp_entry *
create(struct engine *e, unsigned port, uint32_t ip)
{
	struct arp_entry *a;
	unsigned b = bucket(port, ip);

	if (e->arp_count >= ARP_MAX_ENTRIES || (a = calloc(1, sizeof(*a))) == NULL) {
		engine_drop(e, DROP_ARP_TABLE_FULL, port, NULL, 0);
		return NULL;
	}
	a->ip = ip;
	a->port = (uint16_t)port;
	a->updated_ms = e->now_ms;
	a->next = e->arp[b];
	e->arp[b] = a;
	e->arp_count++;
	return a;
}

/* The queue is detached first: an ICMP error sent from here may itself
 * need this neighbour. */
static void
drop_queue(struct engine *e, struct arp_entry *a, bool unreachable)
{
	struct arp_queued q[ARP_QUEUE_MAX];
	unsigned i, n = a->qlen;

	memcpy(q, a->q, n * sizeof(q[0]));
	a->qlen = 0;
	for (i = 0; i < n; i++) {
		e->arp_queued_bytes -= q[i].len;
		engine_drop(e, DROP_ARP_UNRESOLVED, a->port, q[i].frame,
		    q[i].len);
		if (unreachable)
			icmp_error(e, ENGINE_PORT_PUNT, q[i].frame, q[i].len,
			    ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
		free(q[i].frame);
	}
}

static void
destroy(struct engine *e, struct arp_entry **pp)
{
	struct arp_entry *a = *pp;

	drop_queue(e, a, false);
	*pp = a->next;
	free(a);
	e->arp_count--;
}

/* Sends an ARP packet; tha NULL means a request (broadcast). */
static void
send_arp(struct engine *e, unsigned port, uint16_t op, const uint8_t *tha,
    uint32_t tpa, uint32_t spa)
{
	const struct snap_port *p = &e->snap->port[port];
	uint8_t frame[ETH_MIN_FRAME];
	struct eth_hdr *eh = (struct eth_hdr *)(void *)frame;
	struct arp_pkt *ap = (struct arp_pkt *)(void *)(frame + ETH_HLEN_);

	memset(frame, 0, sizeof(frame));
	memcpy(eh->dst, tha ? tha : bcast, 6);
	memcpy(eh->src, p->mac, 6);
	eh->type = htons(ETHTYPE_ARP);
	ap->hw = htons(ARP_HW_ETHER);
	ap->proto = htons(ETHTYPE_IPV4);
	ap->hlen = 6;
	ap->plen = 4;
	ap->op = htons(op);
	memcpy(ap->sha, p->mac, 6);
	ap->spa = htonl(spa);
	if (tha != NULL)
		memcpy(ap->tha, tha, 6);
	ap->tpa = htonl(tpa);
	if (engine_send(e, port, frame, sizeof(frame), NULL)) {
		if (op == ARP_OP_REQUEST)
			e->stats.arp_requests++;
		else
			e->stats.arp_replies++;
	}
}

static void
send_frame(struct engine *e, struct arp_entry *a, uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	memcpy(((struct eth_hdr *)(void *)frame)->dst, a->mac, 6);
	engine_send(e, a->port, frame, len, off);
}

static void
resolved(struct engine *e, struct arp_entry *a, const uint8_t *mac)
{
	unsigned i;

	memcpy(a->mac, mac, 6);
	a->state = ARP_REACHABLE;
	a->updated_ms = e->now_ms;
	for (i = 0; i < a->qlen; i++) {
		send_frame(e, a, a->q[i].frame, a->q[i].len, &a->q[i].off);
		e->arp_queued_bytes -= a->q[i].len;
		free(a->q[i].frame);
	}
	a->qlen = 0;
}

void
arp_input(struct engine *e, unsigned port, uint8_t *frame, size_t len)
{
	const struct snap_port *p = &e->snap->port[port];
	const struct arp_pkt *ap = (const struct arp_pkt *)(void *)(frame + ETH_HLEN_);
	uint32_t spa, tpa;
	struct arp_entry *a;
	uint16_t op;

	if (len < ETH_HLEN_ + sizeof(*ap) || ntohs(ap->hw) != ARP_HW_ETHER ||
	    ntohs(ap->proto) != ETHTYPE_IPV4 || ap->hlen != 6 || ap->plen != 4 ||
	    (ap->sha[0] & 1) != 0) {
		engine_drop(e, DROP_ARP_MALFORMED, port, frame, len);
		return;
	}
	op = ntohs(ap->op);
	spa = ntohl(ap->spa);
	tpa = ntohl(ap->tpa);
	if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY) {
		engine_drop(e, DROP_ARP_MALFORMED, port, frame, len);
		return;
	}
	if (!p->has_addr) {
		engine_drop(e, DROP_ARP_NOT_FOR_US, port, frame, len);
		return;
	}
	if (spa == p->addr) {
		engine_drop(e, DROP_ARP_ADDR_CONFLICT, port, frame, len);
		return;
	}
	if (((spa ^ p->addr) & inet_mask(p->plen)) != 0) {
		engine_drop(e, DROP_ARP_FOREIGN_SENDER, port, frame, len);
		return;
	}
	a = find(e, port, spa);
	if (a == NULL && tpa == p->addr && op == ARP_OP_REQUEST)
		a = create(e, port, spa);
	if (a != NULL)
		resolved(e, a, ap->sha);
	if (tpa != p->addr) {
		engine_drop(e, DROP_ARP_NOT_FOR_US, port, frame, len);
		return;
	}
	if (op == ARP_OP_REQUEST)
		send_arp(e, port, ARP_OP_REPLY, ap->sha, spa, p->addr);
}

static void
enqueue(struct engine *e, struct arp_entry *a, const uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct arp_queued *q;

	if (a->qlen == ARP_QUEUE_MAX || e->arp_queued_bytes + len > ARP_QUEUE_BYTES) {
		engine_drop(e, DROP_ARP_QUEUE_FULL, a->port, frame, len);
		return;
	}
	q = &a->q[a->qlen];
	if ((q->frame = malloc(len)) == NULL) {
		engine_drop(e, DROP_ARP_QUEUE_FULL, a->port, frame, len);
		return;
	}
	memcpy(q->frame, frame, len);
	q->len = len;
	q->off = off ? *off : (struct pkt_offload){ 0 };
	a->qlen++;
	e->arp_queued_bytes += len;
}

void
arp_output(struct engine *e, unsigned port, uint32_t nexthop, uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct arp_entry *a;

	if (port == SNAP_PORT_VPORT) {	/* no link layer: the next hop is the user */
		vport_output(e, frame, len, off);
		return;
	}
	if ((a = find(e, port, nexthop)) != NULL && a->state == ARP_REACHABLE) {
		send_frame(e, a, frame, len, off);
		return;
	}
	if (a != NULL && a->state == ARP_FAILED) {
		engine_drop(e, DROP_ARP_UNRESOLVED, port, frame, len);
		icmp_error(e, ENGINE_PORT_PUNT, frame, len, ICMP_UNREACH,
		    ICMP_UNREACH_HOST, 0);
		return;
	}
	if (a == NULL) {
		if ((a = create(e, port, nexthop)) == NULL)
			return;
		a->state = ARP_INCOMPLETE;
		a->tries = 1;
		send_arp(e, port, ARP_OP_REQUEST, NULL, nexthop,
		    e->snap->port[port].addr);
	}
	enqueue(e, a, frame, len, off);
}

void
arp_gratuitous(struct engine *e, unsigned port)
{
	uint32_t addr = e->snap->port[port].addr;

	send_arp(e, port, ARP_OP_REQUEST, NULL, addr, addr);
}

void
arp_flush_port(struct engine *e, unsigned port)
{
	struct arp_entry **pp;
	unsigned b;

	for (b = 0; b < ARP_BUCKETS; b++)
		for (pp = &e->arp[b]; *pp != NULL;)
			if ((*pp)->port == port)
				destroy(e, pp);
			else
				pp = &(*pp)->next;
}

void
arp_flush_all(struct engine *e)
{
	unsigned b;

	for (b = 0; b < ARP_BUCKETS; b++)
		while (e->arp[b] != NULL)
			destroy(e, &e->arp[b]);
}

/* Whether the entry is done with; retries resolution when due. */
static bool
expired(struct engine *e, struct arp_entry *a)
{
	uint64_t age = e->now_ms - a->updated_ms;
	const struct snap_port *p = &e->snap->port[a->port];

	switch (a->state) {
	case ARP_REACHABLE:
		return age >= (uint64_t)p->arp_timeout * 1000;
	case ARP_FAILED:
		return age >= ARP_FAILED_HOLD_MS;
	default:
		if (age < ARP_RETRY_MS)
			return false;
		if (a->tries >= ARP_TRIES) {
			a->state = ARP_FAILED;
			drop_queue(e, a, true);
		} else {
			a->tries++;
			send_arp(e, a->port, ARP_OP_REQUEST, NULL, a->ip, p->addr);
		}
		a->updated_ms = e->now_ms;
		return false;
	}
}

void
arp_tick(struct engine *e)
{
	struct arp_entry **pp;
	unsigned b;

	if (e->snap == NULL || e->arp_count == 0)
		return;
	for (b = 0; b < ARP_BUCKETS; b++)
		for (pp = &e->arp[b]; *pp != NULL;)
			if (expired(e, *pp))
				destroy(e, pp);
			else
				pp = &(*pp)->next;
}

void
engine_arp_walk(const struct engine *e, uint64_t now_ms,
    bool (*fn)(void *, const struct arp_info *), void *arg)
{
	const struct arp_entry *a;
	struct arp_info info;
	unsigned b;

	for (b = 0; b < ARP_BUCKETS; b++)
		for (a = e->arp[b]; a != NULL; a = a->next) {
			memset(&info, 0, sizeof(info));
			info.ip = a->ip;
			info.port = a->port;
			info.resolved = a->state == ARP_REACHABLE;
			memcpy(info.mac, a->mac, 6);
			info.age_ms = now_ms - a->updated_ms;
			if (!fn(arg, &info))
				return;
		}
}

void
engine_arp_clear(struct engine *e)
{
	arp_flush_all(e);
}
