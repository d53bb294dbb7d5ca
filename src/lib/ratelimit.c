/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ratelimit - a token bucket counting what it refuses; see ratelimit.h. */
#include "ratelimit.h"

#include <time.h>

bool
ratelimit_take(struct ratelimit *rl, uint64_t now_ms)
{
	uint64_t full = (uint64_t)rl->burst * 1000, room, elapsed;

	/* a clock that went back refills nothing */
	if (now_ms > rl->last_ms && rl->rate > 0) {
		room = full - rl->millitokens;
		elapsed = now_ms - rl->last_ms;
		/* compared first: after a long pause the product would overflow */
		if (elapsed > room / rl->rate)
			rl->millitokens = full;
		else
			rl->millitokens += elapsed * rl->rate;
	}
	if (now_ms > rl->last_ms)
		rl->last_ms = now_ms;
	if (rl->millitokens < 1000)
		return false;
	rl->millitokens -= 1000;
	return true;
}

bool
ratelimit_allow(struct ratelimit *rl, uint64_t now_ms)
{
	if (ratelimit_take(rl, now_ms))
		return true;
	rl->suppressed++;
	return false;
}

uint64_t
ratelimit_claim_suppressed(struct ratelimit *rl)
{
	uint64_t n = rl->suppressed;

	rl->suppressed = 0;
	return n;
}

uint64_t
ratelimit_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
