/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_ts - traffic selectors (RFC 7296 §2.9) from a tunnel's networks, and
 * their narrowing.
 *
 * Contract
 * - A tunnel offers one selector per local-network (TSi when it initiates,
 *   TSr when it responds) and per remote-network, any protocol and port; a
 *   list left empty offers 0.0.0.0-255.255.255.255.
 * - The responder narrows (ike_ts_narrow): the result is every non-empty
 *   intersection of one of the peer's selectors with one of ours, in the
 *   peer's order, at most IKE_TS_MAX; none means TS_UNACCEPTABLE.
 * - The initiator accepts the responder's answer only when each selector
 *   lies within one it offered (ike_ts_within).
 * - Pure functions; any thread.
 */
#ifndef VGW_IKE_TS_H
#define VGW_IKE_TS_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config_ipsec.h"
#include "ike/ike_sa.h"

/* The tunnel's local (local true) or remote networks as selectors; returns
 * how many (at least 1, at most IKE_TS_MAX). */
unsigned	 ike_ts_from_tunnel(const struct cfg_tunnel *, bool local,
		    struct ike_ts *out);
/* Intersections of theirs with ours, into out (at most IKE_TS_MAX). */
unsigned	 ike_ts_narrow(const struct ike_ts *theirs, unsigned ntheirs,
		    const struct ike_ts *ours, unsigned nours, struct ike_ts *out);
/* Whether every one of got lies within one of offered. */
bool		 ike_ts_within(const struct ike_ts *got, unsigned ngot,
		    const struct ike_ts *offered, unsigned noffered);
/* "10.1.0.0/16" for a range that is a prefix, else "10.1.0.5-10.1.0.9";
 * with " proto 6 port 80-80" when they are not any. */
void		 ike_ts_format(const struct ike_ts *, char *out, size_t outlen);

#endif
