/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ip_reass - reassembly of the outer fragments of ESP for the router (RFC
 * 4301 §7: the receiver reassembles what the network between the gateways
 * fragmented), raw (protocol 50) or in UDP to port 4500. The engine
 * decides which fragments come here (ipsec_in.c); everything else for the
 * router still goes to the kernel as it came.
 *
 * A datagram is known by source, destination, protocol and identification
 * (RFC 791). Its fragments are kept in offset order; it is whole when its
 * last fragment (MF clear) has come and the data from 0 to its end is
 * covered, and is then rebuilt in the engine's reassembly buffer: the
 * first fragment's header with offset and MF cleared, total length and
 * checksum set. Refused, each fragment counted once by its reason:
 * - overlap (RFC 5722): a fragment that overlaps one already held, other
 *   than an exact duplicate, drops the whole datagram; an exact duplicate
 *   (same offset, length, MF and bytes) is dropped alone;
 * - inconsistent lengths: a fragment but the last not a multiple of 8
 *   bytes, an empty one, two different ends, data past the end, or a
 *   datagram past 65535 bytes: the whole datagram;
 * - limits: no free context, REASS_MAX_BYTES held in all, or
 *   REASS_MAX_FRAGMENTS in one datagram: the fragment, and its datagram;
 * - time: a datagram not whole REASS_TIMEOUT_MS after its first fragment
 *   came (checked at each engine_tick and when a context is wanted).
 * A datagram given up before its time keeps its context until then,
 * refusing its later fragments for the same reason, so they are not
 * held again for nothing.
 *
 * Bounds (engine.h): REASS_MAX_DATAGRAMS datagrams at once,
 * REASS_MAX_BYTES held in all (each fragment's data and its bookkeeping),
 * REASS_MAX_FRAGMENTS per datagram; a datagram at most 65535 bytes. No eviction: when full, new
 * datagrams wait for old ones to complete or time out.
 * Thread: the engine's (engine.h's contract); time is the engine's.
 */
#ifndef VGW_IP_REASS_H
#define VGW_IP_REASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"	/* the bounds, REASS_* */
#include "pkt.h"

#define REASS_MAX_LEN		65535	/* an IPv4 datagram, header included */

struct reass_frag;

/* One datagram being reassembled. */
struct reass_dgram {
	bool		 used;
	bool		 dead;		/* given up: its fragments are refused */
	uint16_t	 why;		/* for that reason (an enum engine_drop) */
	uint8_t		 proto;
	uint16_t	 id;		/* network order, as compared */
	uint16_t	 port;		/* where its first fragment came in */
	uint32_t	 src, dst;	/* network order */
	uint64_t	 expires_ms;
	struct reass_frag *frags;	/* by offset, none overlapping */
	uint32_t	 nfrags;
	uint32_t	 have;		/* data bytes held */
	uint32_t	 end;		/* the data's length once the last came; 0 */
	size_t		 held;		/* charged against REASS_MAX_BYTES */
	uint8_t		 hlen;		/* the first fragment's header, once it came */
	uint8_t		 hdr[60];
};

struct ip_reass {
	struct reass_dgram d[REASS_MAX_DATAGRAMS];
	size_t		 held;
	uint8_t		 buf[ETH_HLEN_ + REASS_MAX_LEN];	/* a rebuilt datagram */
};

struct engine;

/*
 * A fragment for the router (an Ethernet frame, its IPv4 header checked,
 * MF set or an offset) that ipsec_in.c takes for ESP, received on port.
 * Returns the length of the whole frame rebuilt in e->reass.buf when this
 * fragment completed its datagram (valid until the next call), else 0:
 * held, or dropped and counted.
 */
size_t	 ip_reass_input(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len);
/* Whether the datagram of this fragment (frame as above) is being
 * reassembled, or was given up and not yet forgotten: a later fragment of
 * ESP in UDP carries no port to tell it by, only its datagram. */
bool	 ip_reass_pending(const struct engine *, const uint8_t *frame);
/* Gives up the datagrams whose time is past (counted). */
void	 ip_reass_tick(struct engine *);
/* Frees every datagram held, uncounted (the engine goes away). */
void	 ip_reass_flush(struct engine *);

#endif
