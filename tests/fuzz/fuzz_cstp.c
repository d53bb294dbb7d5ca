/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_cstp - a client's tunnel stream through CSTP framing, as it would
 * arrive in two pieces. Input: two bytes (big-endian) choosing the split
 * point (modulo the stream's length + 1), then the stream.
 *
 * Frames are read one after another from the whole stream; at each, the
 * part before the split, in a buffer of its exact size, must give
 * NEED_MORE or exactly what the whole gives. A frame's payload lies
 * inside the buffer, and cstp_header writes back its header's bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sslvpn/cstp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_prefix(const uint8_t *s, size_t n, enum cstp_result w, const struct cstp_frame *wf)
{
	struct cstp_frame f;
	enum cstp_result r;
	size_t used = 0;
	uint8_t *copy;

	if ((copy = malloc(n)) == NULL)
		return;
	memcpy(copy, s, n);
	r = cstp_next(copy, n, &f, &used);
	if (r != CSTP_NEED_MORE && (r != w || (r == CSTP_FRAME &&
	    (f.type != wf->type || f.len != wf->len || f.payload - copy != wf->payload - s))))
		abort();
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *s = data + 2;
	size_t n, split, off = 0, used = 0;
	struct cstp_frame f;
	enum cstp_result r;
	uint8_t h[CSTP_HEADER_LEN];

	if (size < 2)
		return 0;
	n = size - 2;
	split = ((size_t)data[0] << 8 | data[1]) % (n + 1);
	for (;;) {
		r = cstp_next(s + off, n - off, &f, &used);
		if (split > off)
			check_prefix(s + off, split - off, r, &f);
		if (r != CSTP_FRAME)
			break;
		if (f.len > SSLVPN_CSTP_PAYLOAD_MAX || used != CSTP_HEADER_LEN + (size_t)f.len ||
		    used > n - off || f.payload != s + off + CSTP_HEADER_LEN)
			abort();
		cstp_header(h, (enum cstp_type)f.type, f.len);
		if (memcmp(h, s + off, CSTP_HEADER_LEN) != 0)
			abort();
		off += used;
	}
	return 0;
}
