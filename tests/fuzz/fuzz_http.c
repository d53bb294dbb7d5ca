/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_http - a connection's bytes through the SSL-VPN HTTP parser, as
 * they would arrive in two pieces. Input: two bytes (big-endian) choosing
 * the split point (modulo the stream's length + 1), then the stream.
 *
 * The requests are consumed one after another from the whole stream;
 * at each, the part of it before the split, in a buffer of its exact
 * size, must parse to NEED_MORE or to exactly what the whole gives (the
 * parser keeps no state: a prefix may not decide otherwise than the
 * whole). A DONE request's fields all lie inside the bytes it used; an
 * error is one of the statuses http.h lists.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sslvpn/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s lies inside buf[0, used). */
static void
inside(struct http_str s, const char *buf, size_t used)
{
	if (s.p < buf || s.len > used || s.p - buf > (ptrdiff_t)(used - s.len))
		abort();
}

static void
check_done(const struct http_request *req, const char *buf, size_t used, size_t len)
{
	struct http_str v;

	if (used == 0 || used > len || req->nheaders > SSLVPN_HTTP_HEADERS_MAX ||
	    req->body.len > SSLVPN_HTTP_BODY_MAX)
		abort();
	inside(req->target, buf, used);
	inside(req->body, buf, used);
	for (unsigned i = 0; i < req->nheaders; i++) {
		inside(req->header[i].name, buf, used);
		inside(req->header[i].value, buf, used);
	}
	if (http_cookie(req, "webvpn", &v))
		inside(v, buf, used);
}

/* The same string at the same offset of its buffer. */
static bool
same_str(struct http_str a, const char *abuf, struct http_str b, const char *bbuf)
{
	return a.len == b.len && a.p - abuf == b.p - bbuf;
}

static bool
same_req(const struct http_request *a, const char *abuf, const struct http_request *b,
    const char *bbuf)
{
	if (a->method != b->method || a->http10 != b->http10 || a->nheaders != b->nheaders ||
	    !same_str(a->target, abuf, b->target, bbuf) || !same_str(a->body, abuf, b->body, bbuf))
		return false;
	for (unsigned i = 0; i < a->nheaders; i++)
		if (!same_str(a->header[i].name, abuf, b->header[i].name, bbuf) ||
		    !same_str(a->header[i].value, abuf, b->header[i].value, bbuf))
			return false;
	return true;
}

/* The prefix s[0, n) of the request the whole parsed to (w, wused,
 * wstatus): NEED_MORE or the same. */
static void
check_prefix(const char *s, size_t n, enum http_result w, const struct http_request *wreq,
    size_t wused, int wstatus)
{
	static struct http_request req;
	enum http_result r;
	size_t used = 0;
	int status = 0;
	char *copy;

	if ((copy = malloc(n)) == NULL)
		return;
	memcpy(copy, s, n);
	r = http_parse(copy, n, &req, &used, &status);
	if (r != HTTP_NEED_MORE && (r != w || (r == HTTP_ERROR && status != wstatus) ||
	    (r == HTTP_DONE && (used != wused || !same_req(&req, copy, wreq, s)))))
		abort();
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_request req;
	const char *s = (const char *)data + 2;
	size_t n, split, off = 0, used = 0;
	enum http_result r;
	int status = 0;

	if (size < 2)
		return 0;
	n = size - 2;
	split = ((size_t)data[0] << 8 | data[1]) % (n + 1);
	for (;;) {
		r = http_parse(s + off, n - off, &req, &used, &status);
		if (split > off)
			check_prefix(s + off, split - off, r, &req, used, status);
		if (r != HTTP_DONE)
			break;
		check_done(&req, s + off, used, n - off);
		off += used;
	}
	if (r == HTTP_ERROR && status != 400 && status != 405 && status != 413 && status != 414 &&
	    status != 431 && status != 505)
		abort();
	return 0;
}
