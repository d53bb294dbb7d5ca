/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tcp_merge - a user's consecutive TCP segments of one flow merged into
 * one TSO packet for the engine's virtual port, as the kernel's GRO does:
 * the engine then forwards (and the LAN host receives) one packet where
 * the client sent dozens.
 *
 * Contract: a merge starts from one IPv4 TCP segment that can head one
 * (tcp_merge_start copies it into the caller's buffer of
 * TCP_MERGE_MAX bytes) and takes the segments that continue it exactly
 * (tcp_merge_add), by the rule of engine/pkt.h (pkt_tcp_join_next:
 * same addresses, ports, TOS, TTL, DF, acknowledgment, window, TCP
 * options; only ACK, and PSH here on the last; the next sequence
 * number); the first segment's payload size (the MSS) except
 * for the last, which may be shorter and ends the merge. IPv4 options,
 * fragments and segments whose IPv4 or TCP checksum is wrong never merge
 * (their checksums are not recomputed on anyone's behalf). Bounds: TCP_MERGE_MAX
 * bytes and TCP_MERGE_SEGS segments. The merged packet's IPv4 header is
 * correct; its TCP checksum holds the pseudo-header sum to be completed
 * (tcp_merge_hdr describes it: the virtio_net_hdr of a TSO frame, offsets
 * from the IPv4 header). No allocation, no I/O; any thread.
 */
#ifndef VGW_SSLVPN_TCP_MERGE_H
#define VGW_SSLVPN_TCP_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_net.h>

#define TCP_MERGE_MAX	65535	/* an IPv4 packet's largest total length */
#define TCP_MERGE_SEGS	44	/* what a 64 KB TSO frame of 1448-byte segments holds */

struct tcp_merge {
	uint8_t		*buf;	/* the merged packet */
	size_t		 len;
	uint16_t	 mss;	/* the first segment's payload */
	uint16_t	 last;	/* the last segment's payload */
	uint16_t	 segs;
	uint32_t	 next_seq;
};

/* Whether p (len bytes, an IPv4 packet) can head a merge; if so it is
 * copied into buf (TCP_MERGE_MAX bytes) and m describes it. */
bool	 tcp_merge_start(struct tcp_merge *m, uint8_t *buf, const uint8_t *p,
	    size_t len);
/* Appends q (len bytes) when it continues m exactly (see above); false,
 * m unchanged, otherwise. */
bool	 tcp_merge_add(struct tcp_merge *m, const uint8_t *q, size_t len);
/* The header that goes before m's packet: a TSO frame if segments were
 * merged (m's TCP checksum field then holds the pseudo-header sum), else
 * all zero with m's packet as it came. */
void	 tcp_merge_hdr(struct tcp_merge *m, struct virtio_net_hdr *h);

#endif
