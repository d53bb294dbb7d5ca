/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_tcp_merge - segments offered to one merge. Input: packets, each
 * two bytes of length (big-endian) then its bytes; the first may start a
 * merge, the others are offered to it.
 *
 * Whatever the packets, the merge stays within its bounds, its IPv4
 * header's length and checksum stay right, and its payload is the
 * payloads of the segments it took, in order, after the first's.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sslvpn/tcp_merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t buf[TCP_MERGE_MAX];
static uint8_t want[TCP_MERGE_MAX];

static uint32_t
ip_sum(const uint8_t *p)
{
	uint32_t s = 0;

	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcp_merge m;
	struct virtio_net_hdr h;
	size_t len, wlen = 0, hl;
	bool started = false;

	while (size >= 2) {
		len = (size_t)data[0] << 8 | data[1];
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (!started) {
			if (!(started = tcp_merge_start(&m, buf, data, len)))
				return 0;
			memcpy(want, data, len);
			wlen = len;
		} else if (tcp_merge_add(&m, data, len)) {
			hl = 20 + (size_t)(data[32] >> 4) * 4;
			if (wlen + len - hl > TCP_MERGE_MAX)
				abort();
			memcpy(want + wlen, data + hl, len - hl);
			wlen += len - hl;
		}
		data += len;
		size -= len;
		if (m.len != wlen || m.len > TCP_MERGE_MAX || m.segs > TCP_MERGE_SEGS ||
		    (size_t)(buf[2] << 8 | buf[3]) != m.len || ip_sum(buf) != 0xffff)
			abort();
	}
	if (!started)
		return 0;
	tcp_merge_hdr(&m, &h);
	/* all but the TCP checksum, which a merge leaves to be completed */
	if (memcmp(buf + 40, want + 40, wlen - 40) != 0 || memcmp(buf + 20, want + 20, 13) != 0 ||
	    (m.segs > 1 && (h.gso_size != m.mss || h.hdr_len >= m.len || h.csum_start != 20)))
		abort();
	return 0;
}
