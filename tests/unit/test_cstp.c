/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for CSTP framing: the frames the real openconnect 9.01 sent
 * after CONNECT (capture.h: an IPv6 router solicitation, two pings, its
 * DPD response) read whole, split at every byte and several to a buffer;
 * the errors; and the header bytes against PEERS.md's layout ('S' 'T' 'F'
 * 1, length big-endian, type, 0).
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "sslvpn/cstp.h"
#include "capture.h"

#define MAX_FRAMES	16

struct got {
	enum cstp_result last;
	unsigned	 n;
	uint8_t		 type[MAX_FRAMES];
	uint16_t	 len[MAX_FRAMES];
	uint8_t		 first[MAX_FRAMES];	/* the payload's first byte */
};

/* Reads the stream s as it arrives: first split bytes, then the rest;
 * each call sees an exact-size copy of what is in. */
static void
feed(const uint8_t *s, size_t n, size_t split, struct got *g)
{
	size_t off = 0, avail = split, used = 0;
	struct cstp_frame f;
	enum cstp_result r;
	uint8_t *copy;

	memset(g, 0, sizeof(*g));
	for (;;) {
		copy = malloc(avail - off + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, s + off, avail - off);
		r = cstp_next(copy, avail - off, &f, &used);
		if (r == CSTP_FRAME && g->n < MAX_FRAMES) {
			CU_ASSERT_EQUAL(used, CSTP_HEADER_LEN + f.len);
			CU_ASSERT_PTR_EQUAL(f.payload, copy + CSTP_HEADER_LEN);
			g->type[g->n] = f.type;
			g->len[g->n] = f.len;
			g->first[g->n++] = f.len > 0 ? f.payload[0] : 0;
		}
		free(copy);
		if (r == CSTP_FRAME)
			off += used;
		else if (r == CSTP_NEED_MORE && avail < n)
			avail = n;
		else {
			g->last = r;
			return;
		}
	}
}

static void
test_openconnect_frames(void)
{
	struct got whole, split;
	size_t n, dn, i;
	uint8_t *s, *dpd;

	if ((s = (uint8_t *)capture_stream("cstp/openconnect-9.01-tunnel", &n)) == NULL ||
	    (dpd = (uint8_t *)capture_stream("cstp/openconnect-9.01-dpd-resp", &dn)) == NULL)
		return;
	feed(s, n, n, &whole);
	CU_ASSERT_EQUAL(whole.last, CSTP_NEED_MORE);
	CU_ASSERT_EQUAL_FATAL(whole.n, 4);
	CU_ASSERT_TRUE(whole.type[0] == CSTP_DATA && whole.len[0] == 48 && whole.first[0] == 0x60);
	CU_ASSERT_TRUE(whole.type[1] == CSTP_DATA && whole.len[1] == 84 && whole.first[1] == 0x45);
	CU_ASSERT_TRUE(whole.type[2] == CSTP_DATA && whole.len[2] == 84 && whole.first[2] == 0x45);
	CU_ASSERT_TRUE(whole.type[3] == CSTP_DATA && whole.len[3] == 48);
	for (i = 0; i <= n; i++) {
		feed(s, n, i, &split);
		if (memcmp(&split, &whole, sizeof(whole)) != 0) {
			CU_FAIL("a split point changes the frames");
			break;
		}
	}
	feed(dpd, dn, dn, &whole);
	CU_ASSERT_TRUE(whole.n == 1 && whole.type[0] == CSTP_DPD_RESP && whole.len[0] == 0);
	free(s);
	free(dpd);
}

static void
test_several_in_one(void)
{
	static const uint8_t s[] = {
		'S', 'T', 'F', 1, 0, 0, CSTP_DPD_REQ, 0,
		'S', 'T', 'F', 1, 0, 2, 0x42, 0, 0xab, 0xcd,	/* unknown type, as is */
		'S', 'T', 'F', 1, 0, 0, CSTP_KEEPALIVE, 0,
		'S', 'T', 'F', 1, 0, 1, CSTP_DISCONNECT, 0, 0xb0,
		'S', 'T', 'F', 1, 0, 4, CSTP_DATA, 0, 0x45, 0,
	};
	struct got g;

	feed(s, sizeof(s), sizeof(s), &g);
	CU_ASSERT_EQUAL(g.last, CSTP_NEED_MORE);
	CU_ASSERT_EQUAL_FATAL(g.n, 4);
	CU_ASSERT_TRUE(g.type[0] == CSTP_DPD_REQ && g.len[0] == 0);
	CU_ASSERT_TRUE(g.type[1] == 0x42 && g.len[1] == 2 && g.first[1] == 0xab);
	CU_ASSERT_TRUE(g.type[2] == CSTP_KEEPALIVE && g.len[2] == 0);
	CU_ASSERT_TRUE(g.type[3] == CSTP_DISCONNECT && g.len[3] == 1 && g.first[3] == 0xb0);
}

static enum cstp_result
next_of(const uint8_t *s, size_t n)
{
	struct cstp_frame f;
	size_t used;

	return cstp_next(s, n, &f, &used);
}

static void
test_errors(void)
{
	static uint8_t big[CSTP_HEADER_LEN + SSLVPN_CSTP_PAYLOAD_MAX + 1];
	uint8_t h[CSTP_HEADER_LEN] = { 'S', 'T', 'F', 1, 0, 0, 0, 0 };

	CU_ASSERT_EQUAL(next_of(h, 0), CSTP_NEED_MORE);
	/* a wrong magic byte is seen as soon as it is in */
	for (size_t i = 0; i < 4; i++) {
		h[i] ^= 0x20;
		CU_ASSERT_EQUAL(next_of(h, i + 1), CSTP_BAD);
		CU_ASSERT_EQUAL(next_of(h, i), CSTP_NEED_MORE);
		h[i] ^= 0x20;
	}
	h[7] = 1;
	CU_ASSERT_EQUAL(next_of(h, 7), CSTP_NEED_MORE);
	CU_ASSERT_EQUAL(next_of(h, 8), CSTP_BAD);
	h[7] = 0x80;
	CU_ASSERT_EQUAL(next_of(h, 8), CSTP_BAD);
	/* the longest payload, then one byte more */
	cstp_header(big, CSTP_DATA, SSLVPN_CSTP_PAYLOAD_MAX);
	CU_ASSERT_EQUAL(next_of(big, sizeof(big) - 2), CSTP_NEED_MORE);
	CU_ASSERT_EQUAL(next_of(big, sizeof(big) - 1), CSTP_FRAME);
	big[5]++;
	CU_ASSERT_EQUAL(next_of(big, 6), CSTP_BAD);
	CU_ASSERT_EQUAL(next_of(big, 5), CSTP_NEED_MORE);
	big[4] = big[5] = 0xff;
	CU_ASSERT_EQUAL(next_of(big, sizeof(big)), CSTP_BAD);
}

static void
test_header_bytes(void)
{
	static const uint8_t data[] = { 'S', 'T', 'F', 0x01, 0x05, 0xae, 0x00, 0x00 };
	static const uint8_t dpd[] = { 'S', 'T', 'F', 0x01, 0x00, 0x00, 0x04, 0x00 };
	static const uint8_t term[] = { 'S', 'T', 'F', 0x01, 0x00, 0x00, 0x09, 0x00 };
	static const uint8_t disc[] = { 'S', 'T', 'F', 0x01, 0x01, 0x02, 0x05, 0x00 };
	uint8_t h[CSTP_HEADER_LEN];
	size_t n;
	char *cap;

	cstp_header(h, CSTP_DATA, 1454);
	CU_ASSERT_EQUAL(memcmp(h, data, 8), 0);
	cstp_header(h, CSTP_DPD_RESP, 0);
	CU_ASSERT_EQUAL(memcmp(h, dpd, 8), 0);
	cstp_header(h, CSTP_TERMINATE, 0);
	CU_ASSERT_EQUAL(memcmp(h, term, 8), 0);
	cstp_header(h, CSTP_DISCONNECT, 258);
	CU_ASSERT_EQUAL(memcmp(h, disc, 8), 0);
	/* the client's own DPD response, byte for byte */
	if ((cap = capture_stream("cstp/openconnect-9.01-dpd-resp", &n)) != NULL) {
		CU_ASSERT_TRUE(n == 8 && memcmp(cap, dpd, 8) == 0);
		free(cap);
	}
}

static CU_TestInfo tests[] = {
	{ "openconnect's frames: whole and split at every byte", test_openconnect_frames },
	{ "several frames in one buffer", test_several_in_one },
	{ "bad magic, too long, reserved byte", test_errors },
	{ "header bytes", test_header_bytes },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "cstp"
#include "cunit_main.h"
