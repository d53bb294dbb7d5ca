/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mgmt_proto - frame encoding for the management socket; see mgmt_proto.h. */
#include "mgmt_proto.h"

#include <errno.h>
#include <unistd.h>

void
mgmt_frame_put(struct strbuf *out, enum mgmt_type type, const char *payload,
    size_t len)
{
	uint32_t n = (uint32_t)len + 1;
	char hdr[5];

	hdr[0] = (char)(n >> 24);
	hdr[1] = (char)(n >> 16);
	hdr[2] = (char)(n >> 8);
	hdr[3] = (char)n;
	hdr[4] = (char)type;
	strbuf_append(out, hdr, sizeof(hdr));
	strbuf_append(out, payload, len);
}

long
mgmt_frame_get(const char *buf, size_t len, enum mgmt_type *type,
    const char **payload, size_t *plen)
{
	const unsigned char *p = (const unsigned char *)buf;
	uint32_t n;

	if (len < 4)
		return 0;
	n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	    p[3];
	if (n < 1 || n > MGMT_FRAME_MAX)
		return -1;
	if (len < 4 + (size_t)n)
		return 0;
	*type = (enum mgmt_type)p[4];
	*payload = buf + 5;
	*plen = n - 1;
	return 4 + (long)n;
}

/* ASCII's names of the control characters below 0x20, for the error. */
static const char *const control_names[32] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
	"BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
	"CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
};

int
mgmt_line_check(const char *line, size_t len, struct strbuf *err)
{
	unsigned char c;
	size_t i;

	if (len > MGMT_LINE_MAX) {
		if (err != NULL)
			strbuf_printf(err, "%% Line too long: %zu bytes (at most %d)\n",
			    len, MGMT_LINE_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)line[i];
		if ((c >= 0x20 && c != 0x7f) || c == '\t')
			continue;
		if (err == NULL)
			return -1;
		strbuf_puts(err, "% Line contains ");
		if (c == '\0')
			strbuf_puts(err, "a NUL byte");
		else if (c == '\r')
			strbuf_puts(err, "a carriage return (CR)");
		else if (c == '\n')
			strbuf_puts(err, "a line feed (LF)");
		else
			strbuf_printf(err, "a control character 0x%02X (%s)", c,
			    c == 0x7f ? "DEL" : control_names[c]);
		strbuf_printf(err, " at column %zu\n", i + 1);
		return -1;
	}
	return 0;
}

int
mgmt_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}
