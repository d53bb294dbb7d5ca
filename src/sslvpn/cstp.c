/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cstp - CSTP framing of the AnyConnect tunnel (see cstp.h). */
#include "sslvpn/cstp.h"

#include <string.h>

static const uint8_t magic[4] = { 'S', 'T', 'F', 0x01 };

enum cstp_result
cstp_next(const uint8_t *buf, size_t len, struct cstp_frame *f, size_t *used)
{
	size_t plen;

	/* each header field is checked as soon as its bytes are in, so a
	 * stream that is not CSTP is cut off at once */
	if (len == 0)
		return CSTP_NEED_MORE;
	if (memcmp(buf, magic, len < sizeof(magic) ? len : sizeof(magic)) != 0)
		return CSTP_BAD;
	if (len < 6)
		return CSTP_NEED_MORE;
	plen = (size_t)buf[4] << 8 | buf[5];
	if (plen > SSLVPN_CSTP_PAYLOAD_MAX)
		return CSTP_BAD;
	if (len < CSTP_HEADER_LEN)
		return CSTP_NEED_MORE;
	if (buf[7] != 0)
		return CSTP_BAD;
	if (len - CSTP_HEADER_LEN < plen)
		return CSTP_NEED_MORE;
	f->type = buf[6];
	f->len = (uint16_t)plen;
	f->payload = buf + CSTP_HEADER_LEN;
	*used = CSTP_HEADER_LEN + plen;
	return CSTP_FRAME;
}

void
cstp_header(uint8_t out[CSTP_HEADER_LEN], enum cstp_type type, uint16_t len)
{
	memcpy(out, magic, sizeof(magic));
	out[4] = (uint8_t)(len >> 8);
	out[5] = (uint8_t)len;
	out[6] = (uint8_t)type;
	out[7] = 0;
}
