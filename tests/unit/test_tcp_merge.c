/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for tcp_merge: a stream's segments, made by scapy
 * (tcp_merge_scapy.py), merged into one packet that must equal, byte for
 * byte once its TCP checksum is completed as a TSO device would, the one
 * scapy makes of the whole payload; and the segments that must not merge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "sslvpn/tcp_merge.h"

#define PYTHON		"/usr/bin/python3"
#define MAX_SEGS	64
#define LINE_MAX_	(2 * TCP_MERGE_MAX + 8)

struct stream {
	uint8_t		*seg[MAX_SEGS];
	size_t		 len[MAX_SEGS];
	size_t		 n;
	uint8_t		*whole;		/* scapy's merged packet */
	size_t		 whole_len;
};

static uint8_t buf[TCP_MERGE_MAX];

static bool
have_scapy(void)
{
	const char *top = getenv("top_srcdir");

	if (top == NULL || strchr(top, '\'') != NULL || access(PYTHON, X_OK) != 0 ||
	    system(PYTHON " -c 'import scapy.all' 2>/dev/null") != 0) {
		fprintf(stderr, "note: no scapy (or top_srcdir): merges not checked\n");
		return false;
	}
	return true;
}

/* scapy's segments and their merged packet (tcp_merge_scapy.py). */
static bool
make_stream(struct stream *s, unsigned mss, unsigned count, unsigned last)
{
	static char line[LINE_MAX_];
	char cmd[512];
	unsigned byte;
	uint8_t *p;
	size_t n, i;
	FILE *f;

	memset(s, 0, sizeof(*s));
	if (!have_scapy())
		return false;
	snprintf(cmd, sizeof(cmd), "%s '%s/tests/unit/tcp_merge_scapy.py' %u %u %u", PYTHON,
	    getenv("top_srcdir"), mss, count, last);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = popen(cmd, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		n = (strlen(line) - 3) / 2;
		CU_ASSERT_PTR_NOT_NULL_FATAL(p = malloc(n));
		for (i = 0; i < n && sscanf(line + 2 + 2 * i, "%2x", &byte) == 1; i++)
			p[i] = (uint8_t)byte;
		if (line[0] == 'M') {
			s->whole = p;
			s->whole_len = n;
		} else if (s->n < MAX_SEGS) {
			s->seg[s->n] = p;
			s->len[s->n++] = n;
		} else
			free(p);
	}
	CU_ASSERT_EQUAL(pclose(f), 0);
	CU_ASSERT_EQUAL_FATAL(s->n, count + 1);
	return true;
}

static void
free_stream(struct stream *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->seg[i]);
	free(s->whole);
}

/* What a device does with NEEDS_CSUM: the sum from csum_start on (the
 * field holding the pseudo-header's) stored, inverted, at csum_offset. */
static void
complete_csum(uint8_t *p, size_t len, const struct virtio_net_hdr *h)
{
	uint32_t s = 0;
	size_t i;

	for (i = h->csum_start; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < len)
		s += (uint32_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	p[h->csum_start + h->csum_offset] = (uint8_t)(~s >> 8);
	p[h->csum_start + h->csum_offset + 1] = (uint8_t)~s;
}

static void
test_merge_equals_scapy(void)
{
	struct stream s;
	struct tcp_merge m;
	struct virtio_net_hdr h;

	if (!make_stream(&s, 1448, 40, 300))
		return;
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.whole);
	CU_ASSERT_TRUE_FATAL(tcp_merge_start(&m, buf, s.seg[0], s.len[0]));
	for (size_t i = 1; i < s.n; i++)
		CU_ASSERT_TRUE(tcp_merge_add(&m, s.seg[i], s.len[i]));
	/* the last was shorter: nothing more joins */
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[1], s.len[1]));
	tcp_merge_hdr(&m, &h);
	CU_ASSERT_EQUAL(h.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	CU_ASSERT_EQUAL(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	CU_ASSERT_EQUAL(h.gso_size, 1448);
	CU_ASSERT_EQUAL(h.hdr_len, 20 + 32);
	CU_ASSERT_EQUAL(h.csum_start, 20);
	CU_ASSERT_EQUAL(h.csum_offset, 16);
	CU_ASSERT_EQUAL_FATAL(m.len, s.whole_len);
	complete_csum(m.buf, m.len, &h);
	CU_ASSERT_EQUAL(memcmp(m.buf, s.whole, s.whole_len), 0);
	free_stream(&s);
}

static void
test_bounds(void)
{
	struct stream s;
	struct tcp_merge m;
	size_t i;

	/* 1448-byte segments: TCP_MERGE_SEGS of them at most */
	if (!make_stream(&s, 1448, TCP_MERGE_SEGS + 2, 100))
		return;
	CU_ASSERT_TRUE_FATAL(tcp_merge_start(&m, buf, s.seg[0], s.len[0]));
	for (i = 1; i < TCP_MERGE_SEGS; i++)
		CU_ASSERT_TRUE(tcp_merge_add(&m, s.seg[i], s.len[i]));
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[i], s.len[i]));
	CU_ASSERT(m.len <= TCP_MERGE_MAX);
	free_stream(&s);
	/* segments of 8000 bytes: the bytes bound comes first */
	if (!make_stream(&s, 8000, 9, 100))
		return;
	CU_ASSERT_TRUE_FATAL(tcp_merge_start(&m, buf, s.seg[0], s.len[0]));
	for (i = 1; i < 8; i++)
		CU_ASSERT_TRUE(tcp_merge_add(&m, s.seg[i], s.len[i]));
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[8], s.len[8]));
	CU_ASSERT(m.len <= TCP_MERGE_MAX);
	free_stream(&s);
}

/* Whether a copy of q with one byte changed at off (its checksum then
 * wrong) merges. */
static bool
add_changed(struct tcp_merge *m, const uint8_t *q, size_t len, size_t off, uint8_t v)
{
	uint8_t c[2048];

	memcpy(c, q, len);
	c[off] = v;
	return tcp_merge_add(m, c, len);
}

static void
test_refusals(void)
{
	struct stream s;
	struct tcp_merge m;
	struct virtio_net_hdr h;
	uint8_t c[2048];

	if (!make_stream(&s, 1000, 3, 500))
		return;
	/* a single segment: no header, the packet as it came */
	CU_ASSERT_TRUE_FATAL(tcp_merge_start(&m, buf, s.seg[0], s.len[0]));
	tcp_merge_hdr(&m, &h);
	CU_ASSERT_EQUAL(h.flags | h.gso_type | h.gso_size | h.csum_start, 0);
	CU_ASSERT_EQUAL(memcmp(m.buf, s.seg[0], s.len[0]), 0);
	/* wrong checksums: a payload byte, a port, the IPv4 ID changed */
	CU_ASSERT_FALSE(add_changed(&m, s.seg[1], s.len[1], 100, 0x55));
	CU_ASSERT_FALSE(add_changed(&m, s.seg[1], s.len[1], 20 + 1, 0x55));
	CU_ASSERT_FALSE(add_changed(&m, s.seg[1], s.len[1], 5, 0x55));
	/* not the next: a gap, and a repeat */
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[2], s.len[2]));
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[0], s.len[0]));
	/* truncated: the IP length disagrees */
	CU_ASSERT_FALSE(tcp_merge_add(&m, s.seg[1], s.len[1] - 1));
	/* it does merge as it is, and m did not change before */
	CU_ASSERT_TRUE(tcp_merge_add(&m, s.seg[1], s.len[1]));
	CU_ASSERT_EQUAL(m.segs, 2);
	/* a SYN, IP options, a fragment: never head a merge */
	memcpy(c, s.seg[0], s.len[0]);
	c[20 + 13] = 0x02;
	CU_ASSERT_FALSE(tcp_merge_start(&m, buf, c, s.len[0]));
	memcpy(c, s.seg[0], s.len[0]);
	c[0] = 0x46;
	CU_ASSERT_FALSE(tcp_merge_start(&m, buf, c, s.len[0]));
	memcpy(c, s.seg[0], s.len[0]);
	c[6] = 0x20;	/* MF */
	CU_ASSERT_FALSE(tcp_merge_start(&m, buf, c, s.len[0]));
	memcpy(c, s.seg[0], s.len[0]);
	c[8] = 1;	/* the TTL, the IPv4 checksum not updated */
	CU_ASSERT_FALSE(tcp_merge_start(&m, buf, c, s.len[0]));
	/* no payload: a pure ACK */
	CU_ASSERT_FALSE(tcp_merge_start(&m, buf, s.seg[0], 52));
	free_stream(&s);
}

static CU_TestInfo tests[] = {
	{ "a stream merged equals scapy's whole packet", test_merge_equals_scapy },
	{ "bounds: segments and bytes", test_bounds },
	{ "what never merges", test_refusals },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "tcp_merge"
#include "cunit_main.h"
