/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay - the anti-replay window and ESN inference; see replay.h. */
#include "replay.h"

#include <stdlib.h>

/* The window ESN inference uses when the check is off: half the space,
 * so the candidate nearest to the top wins. */
#define INFER_WINDOW_OFF	(UINT64_C(1) << 31)

struct replay {
	uint64_t	 top;		/* highest number accepted; 0: none */
	uint16_t	 size;
	uint32_t	 mask;		/* nwords - 1 */
	uint64_t	 bits[];	/* nwords, a ring */
};

static uint32_t
ring_words(uint16_t size)
{
	uint32_t need = (size + 63u) / 64u + 1u, n = 1;

	while (n < need)
		n <<= 1;
	return n;
}

struct replay *
replay_new(uint16_t size)
{
	uint32_t nwords = size ? ring_words(size) : 0;
	struct replay *r;

	if (size > REPLAY_MAX)
		return NULL;
	if ((r = calloc(1, sizeof(*r) + nwords * sizeof(r->bits[0]))) == NULL)
		return NULL;
	r->size = size;
	r->mask = nwords ? nwords - 1 : 0;
	return r;
}

void
replay_free(struct replay *r)
{
	free(r);
}

/*
 * RFC 4303 A.2.1: the high half of a sequence number whose low half is
 * lo, given the top T = Th:Tl and the window w. Case A, the window inside
 * one epoch (Tl >= w - 1): lo at or above the window's bottom is in Th,
 * below it in Th + 1. Case B, the window reaching back into epoch Th - 1:
 * lo at or above the bottom (mod 2^32) is in Th - 1, else in Th. False
 * when the answer would be past the last epoch.
 */
static bool
infer_high(uint64_t top, uint32_t lo, uint64_t w, uint32_t *high)
{
	uint32_t tl = (uint32_t)top, th = (uint32_t)(top >> 32);

	if (tl >= w - 1) {
		if (lo >= tl - (w - 1)) {
			*high = th;
			return true;
		}
		*high = th + 1;
		return th != UINT32_MAX;
	}
	/* below epoch 0 there is nothing: a jump forward in epoch 0 */
	*high = lo >= (uint32_t)(tl - (w - 1)) && th > 0 ? th - 1 : th;
	return true;
}

static bool
bit_set(const struct replay *r, uint64_t seq)
{
	return (r->bits[(seq >> 6) & r->mask] >> (seq & 63)) & 1;
}

enum replay_verdict
replay_check(const struct replay *r, uint32_t seq_lo, bool esn, uint64_t *seq)
{
	uint64_t s = seq_lo;
	uint32_t high;

	*seq = s;
	if (esn) {
		if (!infer_high(r->top, seq_lo, r->size ? r->size : INFER_WINDOW_OFF, &high))
			return REPLAY_TOO_OLD;
		*seq = s = (uint64_t)high << 32 | seq_lo;
	}
	if (r->size == 0)
		return REPLAY_NEW;
	if (s == 0)
		return REPLAY_TOO_OLD;
	if (s > r->top)
		return REPLAY_NEW;
	if (r->top - s >= r->size)
		return REPLAY_TOO_OLD;
	return bit_set(r, s) ? REPLAY_DUPLICATE : REPLAY_NEW;
}

void
replay_advance(struct replay *r, uint64_t seq)
{
	uint64_t from, n, i;

	if (r->size == 0) {
		if (seq > r->top)
			r->top = seq;
		return;
	}
	if (seq > r->top) {
		/* the words between the old top's and the new one's are reused */
		from = r->top >> 6;
		n = (seq >> 6) - from;
		if (n > r->mask + 1)
			n = r->mask + 1;
		for (i = 1; i <= n; i++)
			r->bits[(from + i) & r->mask] = 0;
		r->top = seq;
	}
	r->bits[(seq >> 6) & r->mask] |= UINT64_C(1) << (seq & 63);
}

uint64_t
replay_top(const struct replay *r)
{
	return r->top;
}

uint16_t
replay_size(const struct replay *r)
{
	return r->size;
}
