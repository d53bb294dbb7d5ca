/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dgram_ring - datagrams between two threads of the process through its
 * own memory: a bounded single-producer, single-consumer ring of
 * variable-length records, and an eventfd doorbell for a consumer that
 * sleeps in poll. It replaces a socket pair where both ends are ours: no
 * system call, no kernel buffer and no copy into one per datagram.
 *
 * Contract
 * - Lock-free (C11 atomics); neither side blocks or allocates after
 *   dgram_ring_new.
 * - One producer at a time (several threads may produce if a lock they
 *   hold orders them), one consumer.
 * - Bounded: `bytes` of records, each DGRAM_RING_ALIGN-aligned with a
 *   small header; a datagram that does not fit fails (the caller counts
 *   it), it never waits.
 * - The producer reserves room, writes the datagram in place and commits
 *   it. The consumer peeks the oldest datagram, may change it in place,
 *   and pops it; nothing else touches it meanwhile.
 * - Doorbell: a commit into a ring its consumer had emptied makes
 *   dgram_ring_fd readable. A consumer clears it (dgram_ring_quiet) before
 *   draining, so that what is committed after the drain rings again, and
 *   calls dgram_ring_pause when it stops reading, so that what it left
 *   rings again too. A ring may sound once more than needed, never once
 *   too few.
 */
#ifndef VGW_DGRAM_RING_H
#define VGW_DGRAM_RING_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"

#define DGRAM_RING_ALIGN	8	/* bytes: each record's start */

struct dgram_ring;

/* A ring of `bytes` (a multiple of DGRAM_RING_ALIGN); NULL with the reason
 * in err. */
struct dgram_ring *dgram_ring_new(size_t bytes, struct strbuf *err);
void		 dgram_ring_free(struct dgram_ring *);
/* The doorbell: readable (POLLIN) when the consumer should look. */
int		 dgram_ring_fd(const struct dgram_ring *);

/* Producer: room for a datagram of len bytes, or NULL when full (or len
 * could never fit). The room is the producer's until dgram_ring_commit
 * publishes the first len2 <= len bytes of it. */
void		*dgram_ring_reserve(struct dgram_ring *, size_t len);
void		 dgram_ring_commit(struct dgram_ring *, size_t len);

/* Consumer: the oldest datagram and its length, NULL when there is none;
 * dgram_ring_pop gives its room back. */
void		*dgram_ring_peek(struct dgram_ring *, size_t *len);
void		 dgram_ring_pop(struct dgram_ring *);
void		 dgram_ring_quiet(struct dgram_ring *);
/* The consumer stops reading for now: datagrams left ring the doorbell. */
void		 dgram_ring_pause(struct dgram_ring *);

#endif
