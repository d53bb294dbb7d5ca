/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the anti-replay window: one table of steps in the shape of
 * WireGuard's selftest/counter.c, each a packet and the verdict RFC 4303
 * §3.4.3 (and Appendix A for ESN) demands.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ipsec/replay.h"

enum op {
	OP_INIT,	/* a new window of arg numbers */
	OP_PKT,		/* a packet: check; advance when new (its ICV verified) */
	OP_FORGED,	/* a packet whose ICV fails: check only */
	OP_ESN,		/* as OP_PKT with ESN; seq is the full number expected */
	OP_ESN_FORGED,	/* as OP_FORGED with ESN */
	OP_ADVANCE,	/* replay_advance(seq): sets the stage */
};

struct step {
	enum op		 op;
	uint32_t	 arg;		/* OP_INIT: size; else the low 32 bits sent */
	uint64_t	 seq;		/* OP_ESN: the number inferred */
	enum replay_verdict want;
};

#define INIT(size)	{ OP_INIT, size, 0, REPLAY_NEW }
#define T(lo, v)	{ OP_PKT, lo, lo, REPLAY_##v }
#define F(lo, v)	{ OP_FORGED, lo, lo, REPLAY_##v }
#define E(hi, lo, v)	{ OP_ESN, lo, (uint64_t)(hi) << 32 | (lo), REPLAY_##v }
#define EF(hi, lo, v)	{ OP_ESN_FORGED, lo, (uint64_t)(hi) << 32 | (lo), REPLAY_##v }
#define ADV(hi, lo)	{ OP_ADVANCE, 0, (uint64_t)(hi) << 32 | (lo), REPLAY_NEW }
#define W		64u		/* the window of most cases */
#define TOP32		0xffffffffu

static const struct step steps[] = {
	/* in order, duplicates, out of order within the window */
	INIT(W),
	T(0, TOO_OLD),			/* never sent: the first number is 1 */
	T(1, NEW),
	T(1, DUPLICATE),
	T(2, NEW),
	T(9, NEW),
	T(8, NEW),
	T(7, NEW),
	T(7, DUPLICATE),
	T(3, NEW),
	T(9, DUPLICATE),
	/* the window's edges: top 9 + W covers [10, 9 + W] after moving */
	T(9 + W, NEW),
	T(10, NEW),			/* the oldest number still inside */
	T(9, TOO_OLD),			/* one behind */
	T(10, DUPLICATE),
	T(8 + W, NEW),
	T(8 + W, DUPLICATE),
	/* a jump beyond the window forgets everything behind the new one */
	T(1000, NEW),
	T(9 + W, TOO_OLD),
	T(1000 - W + 1, NEW),
	T(1000 - W, TOO_OLD),
	T(999, NEW),
	T(1000, DUPLICATE),
	/* a jump of exactly one ring's worth reuses every word cleanly */
	T(1000 + 128, NEW),
	T(1000 + 64, TOO_OLD),		/* window now [1065, 1128] */
	T(1000 + 65, NEW),
	T(1000 + 127, NEW),
	T(1000 + 127, DUPLICATE),
	/* forged packets never move the window */
	F(5000, NEW),
	F(5000, NEW),
	T(1000 + 126, NEW),
	T(5000, NEW),
	T(5000, DUPLICATE),
	T(1000 + 126, TOO_OLD),

	/* word boundaries of the ring, one number at a time */
	INIT(W),
	T(63, NEW), T(64, NEW), T(65, NEW), T(127, NEW), T(128, NEW),
	T(64, TOO_OLD), T(65, DUPLICATE), T(66, NEW),
	T(191, NEW), T(128, DUPLICATE), T(127, TOO_OLD),

	/* a window of 1 takes only numbers above the top */
	INIT(1),
	T(5, NEW), T(4, TOO_OLD), T(5, DUPLICATE), T(6, NEW), T(100, NEW), T(99, TOO_OLD),

	/* the largest window */
	INIT(4096),
	T(10000, NEW), T(10000 - 4095, NEW), T(10000 - 4096, TOO_OLD),
	T(10000 - 4095, DUPLICATE), T(14095, NEW), T(10001, NEW), T(10000, DUPLICATE),
	T(9999, TOO_OLD),

	/* the top of the 32-bit space without ESN */
	INIT(W),
	T(TOP32 - 1, NEW), T(TOP32, NEW), T(TOP32, DUPLICATE), T(TOP32 - W, TOO_OLD),
	T(TOP32 - W + 1, NEW),

	/* window 0: no check at all */
	INIT(0),
	T(0, NEW), T(1, NEW), T(1, NEW), T(1000, NEW), T(3, NEW), T(3, NEW),

	/* ESN, case A (window inside one epoch): below the window is the next epoch */
	INIT(W),
	E(0, 1, NEW),
	E(0, 100, NEW),
	E(0, 100 - W + 1, NEW),		/* the window's bottom: this epoch */
	E(1, 100 - W, NEW),		/* below it: the next epoch */
	E(1, 100 - W, DUPLICATE),
	E(1, 5, NEW),			/* top 1:36, W 64: 5 is inside, epoch 1 */
	/* ESN across 2^32: 0:ffffffff then 1:0, 1:1 */
	INIT(W),
	E(0, TOP32 - 10, NEW),
	E(0, TOP32, NEW),
	E(1, 0, NEW),			/* low half 0 is a number in epoch 1 */
	E(1, 1, NEW),
	/* case B (window reaching back into epoch 0): high low halves are old */
	E(0, TOP32, DUPLICATE),
	E(0, TOP32 - 5, NEW),
	E(0, TOP32 - W + 3, NEW),	/* the window's bottom: 1:1 - 63 */
	/* one below: A.2.1 puts it in the next epoch, where its ICV fails */
	EF(1, TOP32 - W + 2, NEW),
	E(1, 30, NEW),
	E(1, W + 40, NEW),		/* now case A again */
	E(2, 10, NEW),			/* below the window: next epoch */
	E(2, 10, DUPLICATE),
	/* a jump within the epoch well past the window */
	E(2, 0x80000000u, NEW),
	E(2, 0x7fffffffu, NEW),
	E(3, 11, NEW),			/* below the window: the next epoch */

	/* ESN with the check off: the number nearest the top */
	INIT(0),
	E(0, 10, NEW),
	E(0, 0x7fff0000u, NEW),
	E(0, 0x20000000u, NEW),		/* behind, in reach: same epoch */
	E(0, TOP32, NEW),
	E(1, 0x70000000u, NEW),		/* 0:ffffffff + 2^31 covers it: epoch 1 */
	E(0, 0xf0000001u, NEW),		/* just behind 1:70000000, in epoch 0 */
	E(1, 0xf0000000u, NEW),		/* ahead within reach: epoch 1 */

	/* ESN at the very start: no epoch below 0, so a jump forward */
	INIT(W),
	E(0, 3, NEW),
	E(0, TOP32 - 5, NEW),
	/* ESN in the last epoch: nothing comes after it */
	INIT(W),
	ADV(TOP32, 100),
	E(TOP32, 90, NEW),
	E(TOP32, 10, TOO_OLD),
	E(TOP32, 101, NEW),
};

static void
test_table(void)
{
	struct replay *r = NULL;
	enum replay_verdict v;
	uint64_t seq;
	bool esn, forged;
	size_t i;
	char msg[96];

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];

		if (s->op == OP_INIT) {
			replay_free(r);
			r = replay_new((uint16_t)s->arg);
			CU_ASSERT_PTR_NOT_NULL_FATAL(r);
			continue;
		}
		if (s->op == OP_ADVANCE) {
			replay_advance(r, s->seq);
			continue;
		}
		esn = s->op == OP_ESN || s->op == OP_ESN_FORGED;
		forged = s->op == OP_FORGED || s->op == OP_ESN_FORGED;
		v = replay_check(r, s->arg, esn, &seq);
		if (v != s->want || (v != REPLAY_TOO_OLD && seq != s->seq)) {
			snprintf(msg, sizeof(msg), "step %zu: low %#x: verdict %d, "
			    "seq %#llx", i, s->arg, (int)v, (unsigned long long)seq);
			fprintf(stderr, "%s\n", msg);
			CU_FAIL(msg);
		}
		if (v == REPLAY_NEW && !forged)
			replay_advance(r, seq);
	}
	replay_free(r);
}

static void
test_bounds(void)
{
	struct replay *r;

	CU_ASSERT_PTR_NULL(replay_new(REPLAY_MAX + 1));
	r = replay_new(REPLAY_MAX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(replay_size(r), REPLAY_MAX);
	CU_ASSERT_EQUAL(replay_top(r), 0);
	replay_advance(r, 77);
	CU_ASSERT_EQUAL(replay_top(r), 77);
	replay_free(r);
}

/* Against a model that remembers every number: any window size, random
 * numbers around a moving top. */
static void
test_against_model(void)
{
	static const uint16_t sizes[] = { 1, 2, 63, 64, 65, 127, 128, 129, 1000, 1024, 4096 };
	static uint8_t seen[1 << 16];
	enum replay_verdict v, want;
	struct replay *r;
	uint64_t seq, top;
	unsigned long rng = 7;
	size_t k, i;
	uint32_t s;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		r = replay_new(sizes[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		memset(seen, 0, sizeof(seen));
		top = 0;
		for (i = 0; i < 200000; i++) {
			rng = rng * 6364136223846793005UL + 1442695040888963407UL;
			/* mostly near the top, sometimes a jump */
			s = (uint32_t)(top + (rng >> 40) % (3u * sizes[k] + 3)) -
			    (uint32_t)(2u * sizes[k]);
			if ((rng >> 33) % 97 == 0)
				s = (uint32_t)top + (uint32_t)(rng >> 50);
			if (s == 0 || s >= sizeof(seen) - 1)
				continue;
			if (s > top)
				want = REPLAY_NEW;
			else if (top - s >= sizes[k])
				want = REPLAY_TOO_OLD;
			else
				want = seen[s] ? REPLAY_DUPLICATE : REPLAY_NEW;
			v = replay_check(r, s, false, &seq);
			if (v != want) {
				CU_FAIL("verdict differs from the model");
				break;
			}
			if (v == REPLAY_NEW && (rng >> 20) % 5 != 0) {
				replay_advance(r, seq);
				seen[s] = 1;
				if (s > top)
					top = s;
			}
		}
		replay_free(r);
	}
}

static CU_TestInfo tests[] = {
	{ "a table of packets and their verdicts", test_table },
	{ "window bounds", test_bounds },
	{ "agrees with a model that remembers every number", test_against_model },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "replay"
#include "cunit_main.h"
