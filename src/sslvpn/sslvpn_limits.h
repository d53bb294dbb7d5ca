/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sslvpn_limits - every bound of the SSL-VPN server in one place. Input
 * past a bound is refused (the connection is answered with an error or
 * cut off), never truncated.
 */
#ifndef VGW_SSLVPN_LIMITS_H
#define VGW_SSLVPN_LIMITS_H

/* HTTP (http.h) */
#define SSLVPN_HTTP_LINE_MAX	2048	/* request line, bytes with CRLF */
#define SSLVPN_HTTP_HEADER_MAX	4096	/* one header line, bytes with CRLF */
#define SSLVPN_HTTP_HEADERS_MAX	32	/* header lines per request */
#define SSLVPN_HTTP_HEAD_MAX	16384	/* request line and headers together */
#define SSLVPN_HTTP_BODY_MAX	8192	/* Content-Length */
#define SSLVPN_HTTP_TIMEOUT	10	/* seconds to finish one request */
#define SSLVPN_HANDSHAKE_TIMEOUT 10	/* seconds to finish the TLS handshake */

/* Auth (auth_xml.h) */
#define SSLVPN_USER_MAX		32	/* user name bytes: CFG_NAME_MAX - 1 */
#define SSLVPN_PASSWORD_MAX	128	/* password bytes */
#define SSLVPN_XML_DEPTH_MAX	8	/* element nesting */
#define SSLVPN_XML_ELEMENTS_MAX	64	/* elements per document */
#define SSLVPN_LOCKOUT_UNKNOWN_MAX 4096	/* names of no user whose failures
					 * login-lockout counts; oldest forgotten */
/* The password checks of every login together (auth.h), a token bucket:
 * one check (scrypt, N=16384, 16 MiB) costs about 5.4 ms of the control
 * thread here (AMD EPYC), which also serves the CLI and IKE, so 20 a
 * second take about 11% of it and a burst of 40 stalls it about 0.2 s.
 * A login past the budget is answered 503 without a check. */
#define SSLVPN_AUTH_RATE	20	/* password checks a second */
#define SSLVPN_AUTH_BURST	40	/* checks at once after a quiet spell */

/* CSTP (cstp.h) */
#define SSLVPN_CSTP_PAYLOAD_MAX	2048	/* bytes of one frame's payload (MTU 1500
					 * and the client's larger MRU) */

/* Sessions */
#define SSLVPN_COOKIE_BYTES	32	/* random bytes of a webvpn cookie */
#define SSLVPN_RECONNECT_HOLD	300	/* seconds a dropped session's cookie
					 * and address are kept for a reconnect */
#define SSLVPN_STALL_TIMEOUT	10	/* seconds a tunnel's client may take
					 * none of what waits for it before it is
					 * cut off (it stopped reading) */
#define SSLVPN_TX_QUEUE_BYTES	(256u << 10)	/* bytes queued toward one client;
					 * past it its packets are dropped */
#define SSLVPN_CONNECTIONS_MAX	(2 * 100000 + 1024)	/* TLS connections at
					 * once (sessions and logins in progress) */
#define SSLVPN_PENDING_PER_ADDR	64	/* unauthenticated connections per
					 * client address */
#define SSLVPN_DEFAULT_DPD	30	/* seconds: X-CSTP-DPD */
#define SSLVPN_DEFAULT_KEEPALIVE 20	/* seconds: X-CSTP-Keepalive */
#define SSLVPN_MTU		1406	/* X-CSTP-MTU: 1500 less TLS and TCP/IP */

#endif
