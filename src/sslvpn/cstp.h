/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cstp - CSTP framing (the AnyConnect tunnel over TLS): 'S' 'T' 'F' 0x01,
 * a 2-byte big-endian payload length, the type, a zero byte, the payload.
 *
 * Contract
 * - cstp_next reads the client's direction as a stream: frames may arrive
 *   split or several together. It never reads past len.
 * - A frame whose magic is wrong, whose length exceeds
 *   SSLVPN_CSTP_PAYLOAD_MAX, or whose reserved byte is not 0 is an error:
 *   the stream cannot be resynchronised, the connection must end.
 *   Unknown types are returned as they are; the caller decides.
 * - cstp_header writes the 8 header bytes of one frame; the caller sends
 *   header and payload in one TLS record (PEERS.md: exactly one frame per
 *   record toward the client).
 */
#ifndef VGW_SSLVPN_CSTP_H
#define VGW_SSLVPN_CSTP_H

#include <stddef.h>
#include <stdint.h>

#include "sslvpn_limits.h"

#define CSTP_HEADER_LEN	8

enum cstp_type {
	CSTP_DATA = 0,
	CSTP_DPD_REQ = 3,
	CSTP_DPD_RESP = 4,
	CSTP_DISCONNECT = 5,
	CSTP_KEEPALIVE = 7,
	CSTP_COMPRESSED = 8,
	CSTP_TERMINATE = 9,
};

struct cstp_frame {
	uint8_t		 type;
	uint16_t	 len;
	const uint8_t	*payload;	/* inside the caller's buffer */
};

enum cstp_result {
	CSTP_NEED_MORE,		/* no whole frame at the start of buf yet */
	CSTP_FRAME,		/* *f is filled in; *used bytes were its */
	CSTP_BAD,		/* not CSTP: end the connection */
};

enum cstp_result cstp_next(const uint8_t *buf, size_t len, struct cstp_frame *f,
		    size_t *used);
/* Writes the header of a frame of type with len payload bytes. */
void		 cstp_header(uint8_t out[CSTP_HEADER_LEN], enum cstp_type type,
		    uint16_t len);

#endif
