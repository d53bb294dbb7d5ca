/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fib - the forwarding table: an immutable IPv4 longest-prefix-match table
 * from prefixes to a 31-bit value (the next-hop group the control plane
 * chose for that prefix; priority, ECMP and up/down are decided before).
 *
 * Structure: DIR-24-8 (as DPDK's rte_lpm, after Gupta et al.) with its
 * 256-entry groups compressed as in Poptrie (Asai and Ohara, 2015). A
 * 2^24-entry table indexed by the first 24 bits holds either the value or
 * the offset of a group, for each /24 that prefixes longer than /24 refine.
 * A group tells the 256 addresses under its /24 as runs of equal value: a
 * 256-bit map with a bit set where a run starts, a byte per 32-bit word of
 * the map counting the runs that start before that word, and a value per
 * run: 40 bytes + 4 per run instead of 1 KiB. All groups sit back to back
 * in one array. A lookup is one memory access; under a group, two more:
 * the map word and its count (the run's index is the count plus one
 * popcount of the word up to the address's bit), then the run's value.
 * fib_lookup_bulk prefetches so that a burst's first accesses overlap.
 * The 64 MiB table asks for huge pages, sparing most lookups a TLB miss.
 *
 * Contract: built once, then read-only, so any number of threads may look
 * up in it while the control thread builds the next one. Entries must have
 * no host bits, values < FIB_NONE, and distinct prefixes (the RIB gives
 * one entry per prefix).
 */
#ifndef VGW_FIB_H
#define VGW_FIB_H

#include <stddef.h>
#include <stdint.h>

#define FIB_NONE	0x7fffffffu	/* no route */

struct fib_entry {
	uint32_t	 prefix;
	uint8_t		 plen;
	uint32_t	 value;
};

struct fib;

/* NULL only when memory is exhausted. entries may be reordered. */
struct fib	*fib_build(struct fib_entry *entries, size_t n);
void		 fib_free(struct fib *);
uint32_t	 fib_lookup(const struct fib *, uint32_t addr);
void		 fib_lookup_bulk(const struct fib *, const uint32_t *addr,
		    uint32_t *value, size_t n);
size_t		 fib_memory(const struct fib *);	/* bytes */

#endif
