/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_mgmt_frame - random bytes as a management socket stream. */
#include <stdint.h>
#include <stdlib.h>

#include "lib/mgmt_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *payload;
	enum mgmt_type type;
	size_t plen, off = 0;
	long n;

	while ((n = mgmt_frame_get(buf + off, size - off, &type, &payload, &plen)) > 0) {
		if (payload + plen > buf + size)
			abort();
		off += (size_t)n;
	}
	return 0;
}
