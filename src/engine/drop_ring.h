/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * drop_ring - what `debug engine` says about each dropped frame: the
 * engine writes one fixed-size record per drop while the category is on,
 * into a bounded single-producer, single-consumer ring that the control
 * thread reads on its tick and prints through the debug channel.
 *
 * Contract
 * - Lock-free (C11 atomics); neither side ever blocks or allocates.
 * - One producer at a time: whoever runs the engine (the dataplane worker,
 *   or the control thread holding the engine lock; the lock orders them).
 *   One consumer: the control thread, without the engine lock.
 * - Bounded: DROP_RING_SLOTS records. A record that finds the ring full is
 *   not written but counted; the consumer collects that count.
 * - A record holds copies, never a pointer into a frame or a snapshot, so
 *   it stays valid after both are gone.
 */
#ifndef VGW_DROP_RING_H
#define VGW_DROP_RING_H

#include <stdatomic.h>
#include <stdint.h>

#include "engine.h"
#include "lib/strbuf.h"

/* Bounds of the ring (all of them here). */
#define DROP_RING_SLOTS	256	/* records; a power of two */

enum drop_record_kind {
	DROP_REC_NONE,		/* no frame at hand (a queued write failed) */
	DROP_REC_RUNT,		/* too short for an EtherType */
	DROP_REC_FRAME,		/* its EtherType */
	DROP_REC_IPV4,		/* and its IPv4 addresses and protocol */
	DROP_REC_ARP,		/* and its ARP sender and target addresses */
};

struct drop_record {
	uint32_t	 len;		/* of the frame, bytes */
	uint32_t	 src, dst;	/* IPv4 or ARP addresses, host order */
	uint16_t	 port;		/* where the frame was: came in, or was to leave by */
	uint16_t	 ethertype;
	uint8_t		 reason;	/* enum engine_drop */
	uint8_t		 kind;		/* enum drop_record_kind */
	uint8_t		 proto;		/* IPv4 protocol */
	char		 ifname[CFG_NAME_MAX];	/* the port's interface; "" if none */
};

struct drop_ring {
	atomic_uint	 head;		/* written by the producer: records put */
	atomic_uint	 tail;		/* written by the consumer: records got */
	atomic_ullong	 lost;		/* records that found the ring full */
	struct drop_record slot[DROP_RING_SLOTS];
};

/*
 * The record of a frame dropped for reason why on port (ifname: its
 * interface, NULL if none); frame may be NULL. Reads no byte of the frame
 * past len.
 */
void	 drop_record_fill(struct drop_record *, enum engine_drop why,
	    unsigned port, const char *ifname, const uint8_t *frame, size_t len);
/* The record as one line, without the category's name. */
void	 drop_record_format(const struct drop_record *, struct strbuf *);

/* Producer: false (counted as lost) if the ring is full. */
bool	 drop_ring_put(struct drop_ring *, const struct drop_record *);
/* Consumer: the oldest record; false if there is none. */
bool	 drop_ring_get(struct drop_ring *, struct drop_record *);
/* Consumer: the records lost since the last call; the count starts again. */
uint64_t drop_ring_claim_lost(struct drop_ring *);

#endif
