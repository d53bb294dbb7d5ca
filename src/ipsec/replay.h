/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay - the anti-replay sliding window of an inbound SA (RFC 4303
 * §3.4.3) and the inference of the high half of an extended sequence
 * number from its low half and the window (RFC 4303 Appendix A.2).
 *
 * Use: replay_check() before the ICV is verified (cheap, changes nothing),
 * replay_advance() only after it verified, so a forged packet can never
 * move the window.
 *
 * The window covers the size sequence numbers ending at the highest one
 * accepted so far (the top). It is a ring of 64-bit words as in RFC 6479:
 * a number's bit sits in word (seq / 64) mod nwords, and moving the top
 * forward clears whole words, so neither call costs more than a few word
 * operations (a jump clears at most nwords words). nwords is the power of
 * two above size / 64, so the words the window covers never meet the word
 * being reused.
 *
 * Rules
 * - size 0 disables the check (RFC 4303 §3.4.3: no inbound checks): every
 *   number is new. The top is still kept, and ESN inference then takes the
 *   candidate nearest to it (a window of 2^31).
 * - With the check on, sequence number 0 is too old: a sender's first
 *   number is 1 (§3.3.3), so 0 is never sent.
 * - ESN inference that would step below epoch 0 takes epoch 0 (a jump
 *   forward; the ICV decides); one that would step past epoch 2^32-1 is
 *   too old (no sender gets there: its SA expires at 2^64-1).
 * Thread: the engine lock's holder. Bounds: size <= REPLAY_MAX.
 */
#ifndef VGW_REPLAY_H
#define VGW_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define REPLAY_MAX	4096	/* the largest window, sequence numbers */

enum replay_verdict {
	REPLAY_NEW,		/* not seen: may be accepted once the ICV verifies */
	REPLAY_DUPLICATE,	/* inside the window, seen before */
	REPLAY_TOO_OLD,		/* behind the window */
};

struct replay;

/* NULL if size > REPLAY_MAX or memory ran out. */
struct replay	*replay_new(uint16_t size);
void		 replay_free(struct replay *);

/*
 * The verdict on a packet whose ESP header carries seq_lo; *seq gets its
 * full number (with esn: the high half inferred; else seq_lo itself),
 * which is what the ICV covers and what replay_advance takes.
 */
enum replay_verdict replay_check(const struct replay *, uint32_t seq_lo,
		    bool esn, uint64_t *seq);
/* Marks seq seen (its ICV verified), moving the window if it is ahead. */
void		 replay_advance(struct replay *, uint64_t seq);
/* The highest number accepted so far (0: none). */
uint64_t	 replay_top(const struct replay *);
uint16_t	 replay_size(const struct replay *);

#endif
