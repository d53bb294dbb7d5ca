/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inet - strict IPv4/MAC parsing and formatting; see inet.h. */
#include "inet.h"

#include <stdio.h>
#include <string.h>

/* One decimal octet 0-255 without leading zeros; advances *s. */
static bool
parse_octet(const char **s, uint32_t *v)
{
	const char *p = *s;
	uint32_t n = 0;
	int digits = 0;

	while (*p >= '0' && *p <= '9') {
		if (digits > 0 && n == 0)
			return false;		/* "01": octal or typo */
		n = n * 10 + (uint32_t)(*p - '0');
		if (++digits > 3 || n > 255)
			return false;
		p++;
	}
	if (digits == 0)
		return false;
	*v = n;
	*s = p;
	return true;
}

/* An address at the start of s; *end gets what follows it. */
static bool
parse_addr_prefix(const char *s, uint32_t *addr, const char **end)
{
	uint32_t a = 0, o;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return false;
		if (!parse_octet(&s, &o))
			return false;
		a = a << 8 | o;
	}
	*addr = a;
	*end = s;
	return true;
}

bool
inet_parse_addr(const char *s, uint32_t *addr)
{
	const char *end;
	uint32_t a;

	if (!parse_addr_prefix(s, &a, &end) || *end != '\0')
		return false;
	*addr = a;
	return true;
}

uint32_t
inet_mask(uint8_t plen)
{
	return plen == 0 ? 0 : 0xffffffffu << (32 - plen);
}

uint32_t
inet_host_bits(uint32_t addr, uint8_t plen)
{
	return addr & ~inet_mask(plen);
}

bool
inet_parse_mask(const char *s, uint8_t *plen)
{
	uint32_t m;
	uint8_t n = 0;

	if (!inet_parse_addr(s, &m))
		return false;
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	if (m != inet_mask(n))
		return false;			/* not contiguous */
	*plen = n;
	return true;
}

bool
inet_parse_prefix(const char *s, uint32_t *addr, uint8_t *plen)
{
	const char *end;
	uint32_t a, len;

	if (!parse_addr_prefix(s, &a, &end) || *end++ != '/')
		return false;
	if (!parse_octet(&end, &len) || *end != '\0' || len > 32)
		return false;
	*addr = a;
	*plen = (uint8_t)len;
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits of s into mac, with a separator after every `group` digits. */
static bool
parse_mac_groups(const char *s, char sep, int group, uint8_t mac[6])
{
	uint8_t out[6] = { 0 };
	int i, h;

	for (i = 0; i < 12; i++) {
		if (i > 0 && i % group == 0 && *s++ != sep)
			return false;
		if ((h = hexval(*s++)) < 0)
			return false;
		out[i / 2] = (uint8_t)(out[i / 2] << 4 | h);
	}
	if (*s != '\0')
		return false;
	memcpy(mac, out, 6);
	return true;
}

bool
inet_parse_mac(const char *s, uint8_t mac[6])
{
	return parse_mac_groups(s, ':', 2, mac) || parse_mac_groups(s, '.', 4, mac);
}

/* By hand: a million routes render without a million snprintf calls. */
char *
inet_format_addr(uint32_t a, char buf[INET_ADDR_BUF])
{
	char *p = buf;
	unsigned o;
	int shift;

	for (shift = 24; shift >= 0; shift -= 8) {
		o = (a >> shift) & 0xff;
		if (o >= 100)
			*p++ = (char)('0' + o / 100);
		if (o >= 10)
			*p++ = (char)('0' + o / 10 % 10);
		*p++ = (char)('0' + o % 10);
		*p++ = shift ? '.' : '\0';
	}
	return buf;
}

char *
inet_format_mac(const uint8_t m[6], char buf[INET_MAC_BUF])
{
	snprintf(buf, INET_MAC_BUF, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
	    m[2], m[3], m[4], m[5]);
	return buf;
}
