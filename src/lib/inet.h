/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inet - strict parsing and formatting of IPv4 addresses, masks, prefixes
 * and MAC addresses as a network engineer types them.
 *
 * Contract: parsers accept exactly the canonical forms (dotted quad with
 * four decimal octets 0-255, no leading '+', no spaces, no trailing text;
 * "/M" with M 0-32; masks must be contiguous ones) and return false on
 * anything else without touching the outputs. Addresses are host byte order.
 */
#ifndef VGW_INET_H
#define VGW_INET_H

#include <stdbool.h>
#include <stdint.h>

#define INET_ADDR_BUF	16	/* "255.255.255.255" + NUL */
#define INET_MAC_BUF	18	/* "hh:hh:hh:hh:hh:hh" + NUL */

bool	 inet_parse_addr(const char *, uint32_t *addr);
/* A dotted mask such as 255.255.255.0; false if not contiguous. */
bool	 inet_parse_mask(const char *, uint8_t *plen);
/* "A.B.C.D/M". Does not check the host part: see inet_host_bits. */
bool	 inet_parse_prefix(const char *, uint32_t *addr, uint8_t *plen);
/* "HH:HH:HH:HH:HH:HH" (also HHHH.HHHH.HHHH, as IOS prints it). */
bool	 inet_parse_mac(const char *, uint8_t mac[6]);

uint32_t inet_mask(uint8_t plen);		/* 24 -> 0xffffff00 */
/* The bits of addr outside the first plen bits (0 when a proper network). */
uint32_t inet_host_bits(uint32_t addr, uint8_t plen);

/* Format into buf, return buf. */
char	*inet_format_addr(uint32_t, char buf[INET_ADDR_BUF]);
char	*inet_format_mac(const uint8_t mac[6], char buf[INET_MAC_BUF]);

#endif
