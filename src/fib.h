/*
 * fib - the forwarding table: an immutable IPv4 longest-prefix-match table
 * from prefixes to a 31-bit value (the next-hop group the control plane
 * chose for that prefix; priority, ECMP and up/down are decided before).
 *
 * Structure: DIR-24-8 (as DPDK's rte_lpm, after Gupta et al.): a 2^24-entry
 * table indexed by the first 24 bits, whose entries either hold the value
 * or point to a 256-entry group for prefixes longer than /24. A lookup is
 * one memory access, two for long prefixes; fib_lookup_bulk prefetches so
 * that a burst's cache misses overlap.
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
