/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for traffic selectors (src/ike/ike_ts.c): a tunnel's networks
 * as selectors, the responder's narrowing (RFC 7296 §2.9) of a peer's
 * selectors to ours, the initiator's check that an answer lies within its
 * offer, and the text show prints. Each case states its ranges as
 * addresses, so the expected intersections can be checked by eye.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ike/ike_ts.h"
#include "test_ike_util.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* Any protocol and port over [lo, hi]. */
static struct ike_ts
range(uint32_t lo, uint32_t hi)
{
	return (struct ike_ts){ .proto = 0, .port_lo = 0, .port_hi = 65535,
	    .addr_lo = lo, .addr_hi = hi };
}

static struct ike_ts
ports(uint32_t lo, uint32_t hi, uint8_t proto, uint16_t plo, uint16_t phi)
{
	return (struct ike_ts){ .proto = proto, .port_lo = plo, .port_hi = phi,
	    .addr_lo = lo, .addr_hi = hi };
}

static bool
same(const struct ike_ts *a, const struct ike_ts *b)
{
	return a->proto == b->proto && a->port_lo == b->port_lo &&
	    a->port_hi == b->port_hi && a->addr_lo == b->addr_lo && a->addr_hi == b->addr_hi;
}

static void
assert_list(const struct ike_ts *got, unsigned ngot, const struct ike_ts *want,
    unsigned nwant)
{
	unsigned i;

	CU_ASSERT_EQUAL_FATAL(ngot, nwant);
	for (i = 0; i < nwant; i++)
		CU_ASSERT(same(&got[i], &want[i]));
}

static void
test_from_tunnel(void)
{
	struct cfg_tunnel t;
	struct ike_ts out[IKE_TS_MAX];
	const struct ike_ts any = range(0, 0xffffffff);
	const struct ike_ts local[] = { range(IP(10, 1, 0, 0), IP(10, 1, 255, 255)),
	    range(IP(192, 168, 5, 7), IP(192, 168, 5, 7)) };
	const struct ike_ts remote[] = { range(0, 0xffffffff) };
	unsigned i, n;

	config_tunnel_defaults(&t, "office");
	/* no networks: any address, both ways */
	n = ike_ts_from_tunnel(&t, true, out);
	assert_list(out, n, &any, 1);
	n = ike_ts_from_tunnel(&t, false, out);
	assert_list(out, n, &any, 1);
	/* one selector a network, in the order typed; /32 and /0 */
	t.nlocal = 2;
	t.local_net[0] = (struct cfg_prefix){ IP(10, 1, 0, 0), 16 };
	t.local_net[1] = (struct cfg_prefix){ IP(192, 168, 5, 7), 32 };
	t.nremote = 1;
	t.remote_net[0] = (struct cfg_prefix){ 0, 0 };
	n = ike_ts_from_tunnel(&t, true, out);
	assert_list(out, n, local, 2);
	n = ike_ts_from_tunnel(&t, false, out);
	assert_list(out, n, remote, 1);
	/* as many as a tunnel may have */
	t.nlocal = CFG_NETWORKS_MAX;
	for (i = 0; i < CFG_NETWORKS_MAX; i++)
		t.local_net[i] = (struct cfg_prefix){ IP(10, i, 0, 0), 24 };
	n = ike_ts_from_tunnel(&t, true, out);
	CU_ASSERT_EQUAL_FATAL(n, CFG_NETWORKS_MAX);
	CU_ASSERT_EQUAL(out[15].addr_lo, IP(10, 15, 0, 0));
	CU_ASSERT_EQUAL(out[15].addr_hi, IP(10, 15, 0, 255));
}

static void
test_narrow(void)
{
	const struct ike_ts ours[] = { range(IP(10, 1, 0, 0), IP(10, 1, 255, 255)),
	    range(IP(10, 3, 0, 0), IP(10, 3, 0, 255)) };
	struct ike_ts out[IKE_TS_MAX], theirs[4];
	unsigned n;

	/* wider than ours: narrowed to ours, both of them, in order */
	theirs[0] = range(IP(10, 0, 0, 0), IP(10, 255, 255, 255));
	n = ike_ts_narrow(theirs, 1, ours, 2, out);
	assert_list(out, n, ours, 2);
	/* inside ours: as it is */
	theirs[0] = range(IP(10, 1, 2, 0), IP(10, 1, 2, 255));
	n = ike_ts_narrow(theirs, 1, ours, 2, out);
	assert_list(out, n, theirs, 1);
	/* overlapping an edge: the common part */
	{
		const struct ike_ts want = range(IP(10, 1, 255, 128), IP(10, 1, 255, 255));

		theirs[0] = range(IP(10, 1, 255, 128), IP(10, 2, 0, 10));
		n = ike_ts_narrow(theirs, 1, ours, 2, out);
		assert_list(out, n, &want, 1);
	}
	/* disjoint: nothing (TS_UNACCEPTABLE) */
	theirs[0] = range(IP(10, 2, 0, 0), IP(10, 2, 255, 255));
	theirs[1] = range(IP(172, 16, 0, 0), IP(172, 16, 0, 255));
	CU_ASSERT_EQUAL(ike_ts_narrow(theirs, 2, ours, 2, out), 0);
	CU_ASSERT_EQUAL(ike_ts_narrow(theirs, 0, ours, 2, out), 0);
	/* in the peer's order: a disjoint one skipped */
	{
		const struct ike_ts want[] = { range(IP(10, 3, 0, 0), IP(10, 3, 0, 127)),
		    range(IP(10, 1, 7, 7), IP(10, 1, 7, 7)) };

		theirs[0] = range(IP(10, 3, 0, 0), IP(10, 3, 0, 127));
		theirs[1] = range(IP(192, 0, 2, 0), IP(192, 0, 2, 255));
		theirs[2] = range(IP(10, 1, 7, 7), IP(10, 1, 7, 7));
		n = ike_ts_narrow(theirs, 3, ours, 2, out);
		assert_list(out, n, want, 2);
	}
}

static void
test_narrow_ports(void)
{
	const struct ike_ts any = range(0, 0xffffffff);
	const struct ike_ts web = ports(IP(10, 1, 0, 5), IP(10, 1, 0, 5), 6, 80, 80);
	const struct ike_ts ours_udp = ports(IP(10, 1, 0, 0), IP(10, 1, 0, 255), 17, 0, 65535);
	const struct ike_ts low = ports(IP(10, 1, 0, 0), IP(10, 1, 0, 255), 0, 0, 1023);
	struct ike_ts out[IKE_TS_MAX], want;
	unsigned n;

	/* a port-restricted selector within our any: kept as the peer asked */
	n = ike_ts_narrow(&web, 1, &any, 1, out);
	assert_list(out, n, &web, 1);
	/* our protocol and the peer's differ: nothing */
	CU_ASSERT_EQUAL(ike_ts_narrow(&web, 1, &ours_udp, 1, out), 0);
	/* the peer's any protocol narrowed to ours */
	n = ike_ts_narrow(&any, 1, &ours_udp, 1, out);
	assert_list(out, n, &ours_udp, 1);
	/* port ranges intersect: TCP 80 within ports 0-1023 */
	n = ike_ts_narrow(&web, 1, &low, 1, out);
	assert_list(out, n, &web, 1);
	/* and do not: 8080 is above 1023 */
	want = web;
	want.port_lo = want.port_hi = 8080;
	CU_ASSERT_EQUAL(ike_ts_narrow(&want, 1, &low, 1, out), 0);
}

/* Every pair intersects: the result stops at IKE_TS_MAX. */
static void
test_narrow_bound(void)
{
	struct ike_ts theirs[IKE_TS_MAX], ours[IKE_TS_MAX], out[IKE_TS_MAX];
	unsigned i;

	for (i = 0; i < IKE_TS_MAX; i++) {
		theirs[i] = range(IP(10, 0, 0, 0), IP(10, 255, 255, 255));
		ours[i] = range(IP(10, i, 0, 0), IP(10, i, 255, 255));
	}
	CU_ASSERT_EQUAL(ike_ts_narrow(theirs, IKE_TS_MAX, ours, IKE_TS_MAX, out), IKE_TS_MAX);
	CU_ASSERT(same(&out[IKE_TS_MAX - 1], &ours[IKE_TS_MAX - 1]));
}

static void
test_within(void)
{
	const struct ike_ts offered[] = { range(IP(10, 1, 0, 0), IP(10, 1, 255, 255)),
	    ports(IP(10, 9, 0, 0), IP(10, 9, 0, 255), 6, 0, 1023) };
	struct ike_ts got[3];

	got[0] = range(IP(10, 1, 4, 0), IP(10, 1, 4, 255));
	got[1] = ports(IP(10, 9, 0, 1), IP(10, 9, 0, 1), 6, 22, 22);
	CU_ASSERT_TRUE(ike_ts_within(got, 2, offered, 2));
	CU_ASSERT_TRUE(ike_ts_within(offered, 2, offered, 2));
	/* one outside is enough to refuse */
	got[2] = range(IP(10, 1, 255, 0), IP(10, 2, 0, 0));
	CU_ASSERT_FALSE(ike_ts_within(got, 3, offered, 2));
	/* a narrower protocol is within any, any is not within TCP */
	got[0] = ports(IP(10, 1, 0, 0), IP(10, 1, 0, 0), 17, 53, 53);
	CU_ASSERT_TRUE(ike_ts_within(got, 1, offered, 2));
	got[0] = range(IP(10, 9, 0, 0), IP(10, 9, 0, 255));
	CU_ASSERT_FALSE(ike_ts_within(got, 1, offered, 2));
	/* ports beyond the offer */
	got[0] = ports(IP(10, 9, 0, 1), IP(10, 9, 0, 1), 6, 1000, 1024);
	CU_ASSERT_FALSE(ike_ts_within(got, 1, offered, 2));
	/* an empty answer accepts nothing */
	CU_ASSERT_FALSE(ike_ts_within(got, 0, offered, 2));
}

static void
test_format(void)
{
	static const struct {
		struct ike_ts	 ts;
		const char	*want;
	} cases[] = {
		{ { 0, 0, 65535, IP(10, 1, 0, 0), IP(10, 1, 255, 255) }, "10.1.0.0/16" },
		{ { 0, 0, 65535, IP(10, 1, 0, 5), IP(10, 1, 0, 5) }, "10.1.0.5/32" },
		{ { 0, 0, 65535, 0, 0xffffffff }, "0.0.0.0/0" },
		{ { 0, 0, 65535, IP(10, 1, 0, 5), IP(10, 1, 0, 9) }, "10.1.0.5-10.1.0.9" },
		/* a prefix's size, not aligned: a range */
		{ { 0, 0, 65535, IP(10, 1, 0, 128), IP(10, 1, 1, 127) },
		    "10.1.0.128-10.1.1.127" },
		{ { 0, 0, 65535, IP(10, 1, 0, 0), IP(10, 1, 1, 255) }, "10.1.0.0/23" },
		{ { 6, 80, 80, IP(10, 1, 0, 0), IP(10, 1, 0, 255) }, "10.1.0.0/24 proto 6 port 80-80" },
		{ { 0, 0, 1023, IP(10, 1, 0, 1), IP(10, 1, 0, 2) },
		    "10.1.0.1-10.1.0.2 proto 0 port 0-1023" },
		{ { 17, 0, 65535, IP(10, 1, 0, 1), IP(10, 1, 0, 1) },
		    "10.1.0.1/32 proto 17 port 0-65535" },
	};
	char out[64], tiny[8];
	size_t i;

	for (i = 0; i < N_OF(cases); i++) {
		ike_ts_format(&cases[i].ts, out, sizeof(out));
		if (strcmp(out, cases[i].want) != 0)
			FAIL_CASE(cases[i].want);
	}
	ike_ts_format(&cases[0].ts, tiny, sizeof(tiny));
	CU_ASSERT_STRING_EQUAL(tiny, "10.1.0.");
}

static CU_TestInfo tests[] = {
	{ "from_tunnel", test_from_tunnel },
	{ "narrow", test_narrow },
	{ "narrow_ports", test_narrow_ports },
	{ "narrow_bound", test_narrow_bound },
	{ "within", test_within },
	{ "format", test_format },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_ts"
#include "cunit_main.h"
