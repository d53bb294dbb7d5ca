/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_ts - traffic selectors and their narrowing (ike_ts.h).
 */
#include "ike/ike_ts.h"

#include <stdio.h>

static struct ike_ts
from_prefix(const struct cfg_prefix *p)
{
	uint32_t mask = p->plen == 0 ? 0 : UINT32_MAX << (32 - p->plen);

	return (struct ike_ts){ .proto = 0, .port_lo = 0, .port_hi = 65535,
	    .addr_lo = p->addr & mask, .addr_hi = (p->addr & mask) | ~mask };
}

unsigned
ike_ts_from_tunnel(const struct cfg_tunnel *t, bool local, struct ike_ts *out)
{
	const struct cfg_prefix *nets = local ? t->local_net : t->remote_net;
	unsigned n = local ? t->nlocal : t->nremote, i;
	static const struct cfg_prefix any = { 0, 0 };

	if (n == 0) {
		out[0] = from_prefix(&any);
		return 1;
	}
	if (n > IKE_TS_MAX)
		n = IKE_TS_MAX;
	for (i = 0; i < n; i++)
		out[i] = from_prefix(&nets[i]);
	return n;
}

#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define MIN(a, b)	((a) < (b) ? (a) : (b))

/* The intersection of a and b into out; false when it is empty. */
static bool
intersect(const struct ike_ts *a, const struct ike_ts *b, struct ike_ts *out)
{
	if (a->proto != 0 && b->proto != 0 && a->proto != b->proto)
		return false;
	out->proto = a->proto != 0 ? a->proto : b->proto;
	out->addr_lo = MAX(a->addr_lo, b->addr_lo);
	out->addr_hi = MIN(a->addr_hi, b->addr_hi);
	out->port_lo = MAX(a->port_lo, b->port_lo);
	out->port_hi = MIN(a->port_hi, b->port_hi);
	return out->addr_lo <= out->addr_hi && out->port_lo <= out->port_hi;
}

unsigned
ike_ts_narrow(const struct ike_ts *theirs, unsigned ntheirs,
    const struct ike_ts *ours, unsigned nours, struct ike_ts *out)
{
	unsigned i, j, n = 0;

	for (i = 0; i < ntheirs; i++)
		for (j = 0; j < nours && n < IKE_TS_MAX; j++)
			if (intersect(&theirs[i], &ours[j], &out[n]))
				n++;
	return n;
}

static bool
contains(const struct ike_ts *outer, const struct ike_ts *in)
{
	return (outer->proto == 0 || outer->proto == in->proto) &&
	    outer->addr_lo <= in->addr_lo && in->addr_hi <= outer->addr_hi &&
	    outer->port_lo <= in->port_lo && in->port_hi <= outer->port_hi;
}

bool
ike_ts_within(const struct ike_ts *got, unsigned ngot,
    const struct ike_ts *offered, unsigned noffered)
{
	unsigned i, j;

	if (ngot == 0)
		return false;
	for (i = 0; i < ngot; i++) {
		for (j = 0; j < noffered; j++)
			if (contains(&offered[j], &got[i]))
				break;
		if (j == noffered)
			return false;
	}
	return true;
}

static void
addr_text(uint32_t a, char *out, size_t outlen)
{
	snprintf(out, outlen, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
	    (a >> 8) & 255, a & 255);
}

/* The prefix length of [lo, hi] when the range is one prefix, else -1. */
static int
prefix_len(uint32_t lo, uint32_t hi)
{
	int plen;

	for (plen = 0; plen <= 32; plen++) {
		uint32_t host = plen == 0 ? UINT32_MAX : ~(UINT32_MAX << (32 - plen));

		if ((lo & host) == 0 && hi == (lo | host))
			return plen;
	}
	return -1;
}

void
ike_ts_format(const struct ike_ts *ts, char *out, size_t outlen)
{
	char lo[16], hi[16], range[40];
	int plen = prefix_len(ts->addr_lo, ts->addr_hi);

	addr_text(ts->addr_lo, lo, sizeof(lo));
	if (plen >= 0)
		snprintf(range, sizeof(range), "%s/%d", lo, plen);
	else {
		addr_text(ts->addr_hi, hi, sizeof(hi));
		snprintf(range, sizeof(range), "%s-%s", lo, hi);
	}
	if (ts->proto == 0 && ts->port_lo == 0 && ts->port_hi == 65535)
		snprintf(out, outlen, "%s", range);
	else
		snprintf(out, outlen, "%s proto %u port %u-%u", range, ts->proto,
		    ts->port_lo, ts->port_hi);
}
