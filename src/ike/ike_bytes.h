/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_bytes - big-endian loads and stores for ike_msg.c and ike_build.c.
 * Callers have checked the length first: these read or write exactly the
 * bytes named, through byte pointers (no alignment is assumed).
 */
#ifndef VGW_IKE_BYTES_H
#define VGW_IKE_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t
ike_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
ike_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* n bytes (0 to 8) as one number: SPIs of every size */
static inline uint64_t
ike_rdn(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static inline void
ike_wrn(uint8_t *p, uint64_t v, size_t n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

#endif
