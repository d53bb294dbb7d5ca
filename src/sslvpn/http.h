/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http - the strict HTTP/1.1 request parser of the SSL-VPN server, and the
 * writer of its responses. Only what the AnyConnect protocol needs: GET,
 * POST and CONNECT, HTTP/1.1 (and 1.0), Content-Length bodies (never
 * chunked), keep-alive.
 *
 * Contract
 * - Incremental: http_parse() is fed the bytes of one connection as they
 *   arrive and consumes at most one request; the caller keeps the rest of
 *   its buffer for the next request (keep-alive) or, after CONNECT, for
 *   CSTP.
 * - Strict: every bound is sslvpn_limits.h's; a bare LF, a control
 *   character, obsolete line folding, a header without a colon, a space
 *   before the colon, two Content-Length headers, Transfer-Encoding, a
 *   request target not starting with '/' (CONNECT's included) are errors.
 *   An error gives the status to answer (400, 405 unknown method, 413 body
 *   too large, 414 request line too long, 431 headers too large, 505
 *   version) and the connection is closed after it.
 * - No allocation: the request points into the caller's buffer, which must
 *   stay unchanged while the request is used.
 */
#ifndef VGW_SSLVPN_HTTP_H
#define VGW_SSLVPN_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"
#include "sslvpn_limits.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_CONNECT };

/* A string inside the caller's buffer (not NUL-terminated). */
struct http_str {
	const char	*p;
	size_t		 len;
};

struct http_header {
	struct http_str	 name, value;	/* value without surrounding blanks */
};

struct http_request {
	enum http_method method;
	struct http_str	 target;	/* "/", "/auth", "/CSCOSSLC/tunnel" */
	bool		 http10;	/* HTTP/1.0: close after the response */
	unsigned	 nheaders;
	struct http_header header[SSLVPN_HTTP_HEADERS_MAX];
	struct http_str	 body;		/* Content-Length bytes (len 0: none) */
};

enum http_result {
	HTTP_NEED_MORE,		/* a complete request is not in the buffer yet */
	HTTP_DONE,		/* *req is filled in; *used bytes were its */
	HTTP_ERROR,		/* *status says what to answer */
};

/* Parses the request at the start of buf (len bytes). DONE: *used is the
 * request's length, head and body. ERROR: *status is 400, 405, 413, 414,
 * 431 or 505. NEED_MORE also when len is 0. */
enum http_result http_parse(const char *buf, size_t len, struct http_request *req,
		    size_t *used, int *status);

/* The value of the first header named name (case-insensitive), or NULL. */
const struct http_str *http_header(const struct http_request *, const char *name);
/* The value of cookie `name` in the Cookie headers, or false. */
bool		 http_cookie(const struct http_request *, const char *name,
		    struct http_str *value);
/* Whether s equals the C string c exactly / case-insensitively. */
bool		 http_str_is(struct http_str s, const char *c);
bool		 http_str_is_ci(struct http_str s, const char *c);

/*
 * Appends a response: "HTTP/1.1 CODE REASON\r\n" (the reason phrase of
 * RFC 9110 for 200, 400, 401, 404, 405, 413, 414, 431, 500, 503, 505),
 * the header lines in extra (each ending "\r\n", may be NULL), then
 * "Content-Length: N\r\n" unless body is NULL (CONNECT's 200 has none),
 * "Connection: close\r\n" when close, "\r\n" and the body.
 */
void		 http_response(struct strbuf *out, int code, const char *extra,
		    const char *body, size_t body_len, bool close);

#endif
