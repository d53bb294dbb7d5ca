/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ratelimit - a token bucket: at most `rate` events a second on average,
 * after a burst of up to `burst` at once; the events it refuses are
 * counted so that the caller can say how many there were.
 *
 * Contract: time is passed in (milliseconds, monotonic), never read by
 * the bucket, so it is exact under test; ratelimit_clock_ms is the clock
 * callers pass. No locking: the caller keeps one bucket to one thread. A
 * bucket starts full (RATELIMIT_FULL).
 */
#ifndef VGW_RATELIMIT_H
#define VGW_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit {
	uint32_t	 rate;		/* tokens per second */
	uint32_t	 burst;		/* the most tokens held */
	uint64_t	 millitokens;	/* thousandths: no refill is lost to rounding */
	uint64_t	 last_ms;	/* when it was last refilled */
	uint64_t	 suppressed;	/* refused by ratelimit_allow, not yet claimed */
};

/* The initializer of a bucket; a constant, for static buckets. */
#define RATELIMIT_FULL(rate, burst) \
	{ (rate), (burst), (uint64_t)(burst) * 1000, 0, 0 }

/* Takes a token if there is one; refuses silently otherwise. */
bool	 ratelimit_take(struct ratelimit *, uint64_t now_ms);
/* Takes a token if there is one; otherwise counts the event suppressed. */
bool	 ratelimit_allow(struct ratelimit *, uint64_t now_ms);
/* The events suppressed since the last claim; the count starts again. */
uint64_t ratelimit_claim_suppressed(struct ratelimit *);
/* Now on the monotonic clock, in milliseconds: it never goes back, so a
 * change of the wall clock neither refills nor starves a bucket. */
uint64_t ratelimit_clock_ms(void);

#endif
