/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tcp_gro - the inverse of tcp_seg: within a burst of frames (and one
 * frame of UDP segmentation offload cut up, udp_gso.c), the TCP segments
 * of one flow that leave by one port one after another are joined into
 * one offloaded TCP frame, as the kernel's GRO would: one TAP write and
 * one pass through the receiver's stack for up to 64 KiB instead of one
 * per segment. Each port being sent to has a run of its own (up to
 * TCP_RUNS ports at once), so the frames a burst sends elsewhere in
 * between (the ACKs going the other way) do not cut it.
 *
 * A run that grew in a burst may wait into the next when the worker goes
 * straight on to it (frames were left waiting): a stream that comes a few
 * segments a burst then reaches its receiver in fewer, larger frames
 * (fewer passes through its stack, fewer ACKs back). It leaves at the end
 * of the first burst that adds nothing to it, or before the worker waits;
 * so a segment, PSH or not, waits only while its flow keeps sending and
 * the worker keeps busy, at most the 64 KiB of one run. Only the worker
 * sends runs, so they stay in order with what it queued before them; what
 * the control thread sends between bursts (IKE, ARP: never a run's flow)
 * may leave first. A port that goes (engine_port_reset) loses its run.
 *
 * The segments that join are pkt.h's (pkt_tcp_join_th), every one as long
 * as the first but the last. Only segments whose checksums someone
 * vouched for join: the sender's kernel left them to be completed or found
 * them right (the offload header says), or they came out of an
 * authenticated tunnel (e->gro_trusted); the joined frame's checksum is
 * completed from its bytes, so an unchecked segment would be laundered.
 * Anything else for the same port first sends that port's run, so each
 * port's frames leave in the order they were made.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define IPV4_HLEN	20

static bool
checksum_vouched(const struct engine *e, const struct pkt_offload *off)
{
	switch (off->flags) {
	case 0:
		return e->gro_trusted;
	case PKT_DATA_VALID:
		return true;
	case PKT_NEEDS_CSUM:
		return off->csum_start == ETH_HLEN_ + IPV4_HLEN &&
		    off->csum_offset == PKT_TCP_CSUM_AT;
	default:
		return false;
	}
}

/* The TCP header length of a frame that may join, or 0. */
static size_t
joinable(const struct engine *e, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	if (off->gso_type != PKT_GSO_NONE || len < ETH_HLEN_ ||
	    memcmp(frame + 12, "\x08\x00", 2) != 0 || !checksum_vouched(e, off))
		return 0;
	return pkt_tcp_join_th(frame + ETH_HLEN_, len - ETH_HLEN_);
}

/* Whether frame (its payload n bytes) continues the run r. */
static bool
continues(const struct tcp_run *r, const uint8_t *frame, size_t th, size_t n)
{
	return !r->closed && n <= r->gso_size && r->n < TCP_RUN_MAX &&
	    r->len + n <= ETH_HLEN_ + 65535 && th == r->th &&
	    memcmp(r->buf, frame, ETH_HLEN_) == 0 &&
	    pkt_tcp_join_next(r->buf + ETH_HLEN_, frame + ETH_HLEN_, th, r->next_seq);
}

/* Sends what r holds (one segment as it is, more as one offloaded TCP
 * frame) and empties it. */
static void
run_flush(struct engine *e, struct tcp_run *r)
{
	struct ip_hdr *ip = frame_ip(r->buf);
	uint8_t *tcp = r->buf + ETH_HLEN_ + IPV4_HLEN;
	struct pkt_offload o = {
		.flags = PKT_NEEDS_CSUM, .gso_type = PKT_GSO_TCPV4,
		.hdr_len = (uint16_t)(ETH_HLEN_ + IPV4_HLEN + r->th), .gso_size = r->gso_size,
		.csum_start = ETH_HLEN_ + IPV4_HLEN, .csum_offset = PKT_TCP_CSUM_AT,
	};
	size_t n = r->n;
	uint16_t v;

	if (n == 0)
		return;
	r->n = 0;
	if (n == 1) {
		engine_transmit(e, r->port, r->buf, r->len, &r->first);
		return;
	}
	ip->len = htons((uint16_t)(r->len - ETH_HLEN_));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, IPV4_HLEN);
	v = pkt_l4_pseudo(ip, r->len - ETH_HLEN_ - IPV4_HLEN);
	memcpy(tcp + PKT_TCP_CSUM_AT, &v, 2);
	engine_transmit(e, r->port, r->buf, r->len, &o);
}

/* The run gathering for port, or NULL. */
static struct tcp_run *
run_of(struct engine *e, unsigned port)
{
	unsigned i;

	for (i = 0; i < TCP_RUNS; i++)
		if (e->gro[i].n > 0 && e->gro[i].port == port)
			return &e->gro[i];
	return NULL;
}

/* An empty run: when every one holds segments, the first is sent to
 * make room. */
static struct tcp_run *
run_free(struct engine *e)
{
	unsigned i;

	for (i = 0; i < TCP_RUNS; i++)
		if (e->gro[i].n == 0)
			return &e->gro[i];
	run_flush(e, &e->gro[0]);
	return &e->gro[0];
}

bool
tcp_run_add(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct tcp_run *r = run_of(e, port);
	size_t th, head, n;
	const uint8_t *tcp = frame + ETH_HLEN_ + IPV4_HLEN;

	if (port >= ENGINE_NPORTS || port == SNAP_PORT_VPORT ||
	    (th = joinable(e, frame, len, off)) == 0) {
		if (r != NULL)
			run_flush(e, r);	/* what the port sends stays in order */
		return false;
	}
	head = ETH_HLEN_ + IPV4_HLEN + th;
	n = len - head;
	if (r != NULL && continues(r, frame, th, n)) {
		memcpy(r->buf + r->len, frame + head, n);
		r->len += n;
		r->n++;
		r->buf[ETH_HLEN_ + IPV4_HLEN + 13] |= tcp[13];	/* a PSH */
	} else {
		if (r != NULL)
			run_flush(e, r);
		else
			r = run_free(e);
		memcpy(r->buf, frame, len);
		r->port = port;
		r->len = len;
		r->th = th;
		r->gso_size = (uint16_t)n;
		r->n = 1;
		r->first = *off;
	}
	r->grew = true;
	r->next_seq = pkt_tcp_seq(frame + ETH_HLEN_) + (uint32_t)n;
	r->closed = n < r->gso_size;
	return true;
}

void
tcp_run_forget(struct engine *e, unsigned port)
{
	struct tcp_run *r = run_of(e, port);

	if (r != NULL)
		r->n = 0;
}

void
engine_burst_begin(struct engine *e)
{
	e->gro_on = true;
}

void
engine_burst_end(struct engine *e, bool more)
{
	struct tcp_run *r;
	unsigned i;

	e->gro_on = false;
	for (i = 0; i < TCP_RUNS; i++) {
		r = &e->gro[i];
		if (!more || !r->grew || r->closed)
			run_flush(e, r);
		r->grew = false;
	}
}
