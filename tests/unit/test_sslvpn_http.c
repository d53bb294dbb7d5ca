/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SSL-VPN server's HTTP parser and response writer:
 * the requests the real openconnect 9.01 sent (capture.h) fed whole, a
 * byte at a time and in two pieces at every split point; pipelining;
 * every error status with each bound met and passed by one byte; header
 * and cookie lookup; the exact bytes of responses.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "lib/strbuf.h"
#include "sslvpn/http.h"
#include "capture.h"

#define MAX_REQS	8

/* What a connection's requests parsed to, copied out of the buffers. */
struct got {
	enum http_result last;		/* NEED_MORE or ERROR at the end */
	int		 status;
	unsigned	 n;
	struct {
		enum http_method method;
		char	 target[64];
		size_t	 used, body_len, nheaders;
	} req[MAX_REQS];
};

/*
 * Feeds the stream s (n bytes) as a connection receives it: first split
 * bytes, then step bytes at a time; after each arrival every complete
 * request is consumed. Each parse sees an exact-size copy of what is in,
 * so a read past it is a sanitizer's error.
 */
static void
feed(const char *s, size_t n, size_t split, size_t step, struct got *g)
{
	size_t off = 0, avail = split < n ? split : n, used = 0;
	struct http_request req;
	enum http_result r;
	char *copy;

	memset(g, 0, sizeof(*g));
	for (;;) {
		copy = malloc(avail - off + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, s + off, avail - off);
		r = http_parse(copy, avail - off, &req, &used, &g->status);
		if (r == HTTP_DONE && g->n < MAX_REQS) {
			g->req[g->n].method = req.method;
			snprintf(g->req[g->n].target, sizeof(g->req[0].target), "%.*s",
			    (int)req.target.len, req.target.p);
			g->req[g->n].used = used;
			g->req[g->n].body_len = req.body.len;
			g->req[g->n].nheaders = req.nheaders;
			g->n++;
		}
		free(copy);
		if (r == HTTP_DONE)
			off += used;
		else if (r == HTTP_NEED_MORE && avail < n)
			avail = n - avail < step ? n : avail + step;
		else {
			g->last = r;
			return;
		}
	}
}

static bool
same(const struct got *a, const struct got *b)
{
	if (a->last != b->last || a->n != b->n ||
	    (a->last == HTTP_ERROR && a->status != b->status))
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (a->req[i].method != b->req[i].method || a->req[i].used != b->req[i].used ||
		    a->req[i].body_len != b->req[i].body_len ||
		    a->req[i].nheaders != b->req[i].nheaders ||
		    strcmp(a->req[i].target, b->req[i].target) != 0)
			return false;
	return true;
}

static void
test_openconnect_login(void)
{
	static const struct { enum http_method m; const char *target; size_t body; } want[] = {
		{ HTTP_POST, "/", 369 }, { HTTP_POST, "/auth", 389 },
		{ HTTP_CONNECT, "/CSCOSSLC/tunnel", 0 },
	};
	struct got whole, split;
	size_t n, i;
	char *s = capture_stream("http/openconnect-9.01-login", &n);

	if (s == NULL)
		return;
	feed(s, n, n, n, &whole);
	CU_ASSERT_EQUAL(whole.last, HTTP_NEED_MORE);
	CU_ASSERT_EQUAL_FATAL(whole.n, 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(whole.req[i].method, want[i].m);
		CU_ASSERT_STRING_EQUAL(whole.req[i].target, want[i].target);
		CU_ASSERT_EQUAL(whole.req[i].body_len, want[i].body);
		CU_ASSERT_EQUAL(whole.req[i].nheaders, 12);
	}
	CU_ASSERT_EQUAL(whole.req[0].used + whole.req[1].used + whole.req[2].used, n);
	feed(s, n, 1, 1, &split);
	CU_ASSERT_TRUE(same(&whole, &split));
	for (i = 0; i <= n; i++) {
		feed(s, n, i, n, &split);
		if (!same(&whole, &split)) {
			CU_FAIL("a split point changes the result");
			break;
		}
	}
	free(s);
}

/* The fields of openconnect's requests, and the cookie of its CONNECT. */
static void
test_openconnect_fields(void)
{
	struct http_request req;
	struct http_str v;
	size_t n, used, off = 0;
	int status;
	char *s = capture_stream("http/openconnect-9.01-login", &n);

	if (s == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(http_parse(s, n, &req, &used, &status), HTTP_DONE);
	CU_ASSERT_FALSE(req.http10);
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "host"), "127.0.0.1:4443"));
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "X-Aggregate-Auth"), "1"));
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "content-type"),
	    "application/xml; charset=utf-8"));
	CU_ASSERT_EQUAL(strncmp(req.body.p, "<?xml version=\"1.0\"", 19), 0);
	CU_ASSERT_EQUAL(req.body.p[req.body.len - 1], '\n');
	CU_ASSERT_FALSE(http_cookie(&req, "webvpn", &v));
	off += used;
	CU_ASSERT_EQUAL_FATAL(http_parse(s + off, n - off, &req, &used, &status), HTTP_DONE);
	off += used;
	CU_ASSERT_EQUAL_FATAL(http_parse(s + off, n - off, &req, &used, &status), HTTP_DONE);
	CU_ASSERT_EQUAL(req.method, HTTP_CONNECT);
	CU_ASSERT_TRUE(http_cookie(&req, "webvpn", &v));
	CU_ASSERT_TRUE(http_str_is(v, "COOKIE0123456789"));
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "X-CSTP-Version"), "1"));
	CU_ASSERT_EQUAL(req.body.len, 0);
	CU_ASSERT_EQUAL(off + used, n);
	free(s);
}

static void
test_pipelined(void)
{
	static const char two[] = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
	    "POST /b HTTP/1.0\r\nContent-Length: 3\r\n\r\nabcCONNECT";
	struct http_request req;
	size_t used;
	int status;

	CU_ASSERT_EQUAL_FATAL(http_parse(two, sizeof(two) - 1, &req, &used, &status), HTTP_DONE);
	CU_ASSERT_EQUAL(used, 28);
	CU_ASSERT_EQUAL(req.method, HTTP_GET);
	CU_ASSERT_TRUE(http_str_is(req.target, "/a"));
	CU_ASSERT_EQUAL(req.body.len, 0);
	CU_ASSERT_EQUAL_FATAL(http_parse(two + used, sizeof(two) - 1 - used, &req, &used, &status),
	    HTTP_DONE);
	CU_ASSERT_EQUAL(used, 42);
	CU_ASSERT_EQUAL(req.method, HTTP_POST);
	CU_ASSERT_TRUE(req.http10);
	CU_ASSERT_TRUE(http_str_is(req.body, "abc"));
	CU_ASSERT_EQUAL(http_parse(two + 70, 7, &req, &used, &status), HTTP_NEED_MORE);
	CU_ASSERT_EQUAL(http_parse(two, 0, &req, &used, &status), HTTP_NEED_MORE);
}

/* Parses s (NUL-terminated); the status, 0 when DONE, -1 NEED_MORE. A
 * DONE must have used all of s. */
static int
status_of(const char *s, size_t len)
{
	struct http_request req;
	size_t used;
	int status;

	switch (http_parse(s, len, &req, &used, &status)) {
	case HTTP_DONE:
		CU_ASSERT_EQUAL(used, len);
		return 0;
	case HTTP_NEED_MORE:
		return -1;
	default:
		return status;
	}
}

static int
status_str(const char *s)
{
	return status_of(s, strlen(s));
}

/* The status of the request in sb, which is freed. */
static int
parsed(struct strbuf *sb)
{
	int st = status_of(sb->buf, sb->len);

	strbuf_free(sb);
	return st;
}

/* A request whose request line is n bytes with CRLF. */
static int
with_line(size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "GET /");
	while (sb.len < n - 11)
		strbuf_putc(&sb, 'a');
	strbuf_puts(&sb, " HTTP/1.1\r\n\r\n");
	CU_ASSERT_EQUAL(sb.len, n + 2);
	/* the prefix without the LF already tells the line is too long */
	if (n > SSLVPN_HTTP_LINE_MAX)
		CU_ASSERT_EQUAL(status_of(sb.buf, n - 1), 414);
	return parsed(&sb);
}

/* Appends a header line of n bytes with CRLF. */
static void
header_of(struct strbuf *sb, size_t n)
{
	size_t end = sb->len + n - 2;

	strbuf_puts(sb, "X: ");
	while (sb->len < end)
		strbuf_putc(sb, 'v');
	strbuf_puts(sb, "\r\n");
}

/* A GET with count header lines of n bytes each. */
static int
with_headers(unsigned count, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "GET / HTTP/1.1\r\n");
	while (count-- > 0)
		header_of(&sb, n);
	strbuf_puts(&sb, "\r\n");
	return parsed(&sb);
}

/* A GET whose head (through the blank line) is n bytes. */
static int
with_head(size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "GET / HTTP/1.1\r\n");
	while (n - 2 - sb.len > 4000)
		header_of(&sb, 4000);
	header_of(&sb, n - 2 - sb.len);
	strbuf_puts(&sb, "\r\n");
	CU_ASSERT_EQUAL(sb.len, n);
	return parsed(&sb);
}

/* A POST with a body of n bytes. */
static int
with_body(size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "POST /auth HTTP/1.1\r\nContent-Length: %zu\r\n\r\n", n);
	while (n-- > 0)
		strbuf_putc(&sb, 'b');
	return parsed(&sb);
}

static void
test_bounds(void)
{
	CU_ASSERT_EQUAL(with_line(2047), 0);
	CU_ASSERT_EQUAL(with_line(SSLVPN_HTTP_LINE_MAX), 0);
	CU_ASSERT_EQUAL(with_line(2049), 414);
	CU_ASSERT_EQUAL(with_headers(1, 4095), 0);
	CU_ASSERT_EQUAL(with_headers(1, SSLVPN_HTTP_HEADER_MAX), 0);
	CU_ASSERT_EQUAL(with_headers(1, 4097), 431);
	CU_ASSERT_EQUAL(with_headers(31, 8), 0);
	CU_ASSERT_EQUAL(with_headers(SSLVPN_HTTP_HEADERS_MAX, 8), 0);
	CU_ASSERT_EQUAL(with_headers(33, 8), 431);
	CU_ASSERT_EQUAL(with_head(16383), 0);
	CU_ASSERT_EQUAL(with_head(SSLVPN_HTTP_HEAD_MAX), 0);
	CU_ASSERT_EQUAL(with_head(16385), 431);
	CU_ASSERT_EQUAL(with_body(8191), 0);
	CU_ASSERT_EQUAL(with_body(SSLVPN_HTTP_BODY_MAX), 0);
	CU_ASSERT_EQUAL(with_body(8193), 413);
	/* no overflow on a long number; the head alone decides */
	CU_ASSERT_EQUAL(status_str("POST / HTTP/1.1\r\nContent-Length: "
	    "99999999999999999999999999\r\n\r\n"), 413);
	CU_ASSERT_EQUAL(status_str("POST / HTTP/1.1\r\nContent-Length: 0008192\r\n\r\n"), -1);
}

static const struct {
	const char	*req;
	int		 status;	/* 0: DONE */
} cases[] = {
	/* methods and versions */
	{ "GET / HTTP/1.1\r\n\r\n", 0 },
	{ "GET / HTTP/1.0\r\n\r\n", 0 },
	{ "PUT / HTTP/1.1\r\n\r\n", 405 },
	{ "get / HTTP/1.1\r\n\r\n", 405 },
	{ "OPTIONS / HTTP/1.1\r\n\r\n", 405 },
	{ "G(T / HTTP/1.1\r\n\r\n", 400 },
	{ "GET / HTTP/2.0\r\n\r\n", 505 },
	{ "GET / HTTP/1.2\r\n\r\n", 505 },
	{ "GET / HTTP/1.10\r\n\r\n", 400 },
	{ "GET / HTTP/1\r\n\r\n", 400 },
	{ "GET / http/1.1\r\n\r\n", 400 },
	{ "GET /\r\n\r\n", 400 },
	{ "GET  / HTTP/1.1\r\n\r\n", 400 },
	{ " GET / HTTP/1.1\r\n\r\n", 400 },
	{ "GET / HTTP/1.1 \r\n\r\n", 400 },
	{ "\r\nGET / HTTP/1.1\r\n\r\n", 400 },
	/* targets: origin form only, CONNECT's too */
	{ "CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\n\r\n", 0 },
	{ "CONNECT 10.0.0.1:443 HTTP/1.1\r\n\r\n", 400 },
	{ "GET * HTTP/1.1\r\n\r\n", 400 },
	{ "GET http://x/ HTTP/1.1\r\n\r\n", 400 },
	{ "GET a HTTP/1.1\r\n\r\n", 400 },
	{ "GET /a%2fb?x=1&y=%41 HTTP/1.1\r\n\r\n", 0 },
	{ "GET /%zz HTTP/1.1\r\n\r\n", 400 },
	{ "GET /%4 HTTP/1.1\r\n\r\n", 400 },
	{ "GET /a#f HTTP/1.1\r\n\r\n", 400 },
	{ "GET /a\x80 HTTP/1.1\r\n\r\n", 400 },
	/* line ends and control characters */
	{ "GET / HTTP/1.1\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\r\n\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\x01y\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\x7fy\r\n\r\n", 400 },
	{ "GET /\x01 HTTP/1.1\r\n\r\n", 400 },
	/* header syntax */
	{ "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: x\r\n\tfolded\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n: x\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHo(st: x\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nX-Empty:\r\n\r\n", 0 },
	{ "GET / HTTP/1.1\r\nX: caf\xc3\xa9 \x80\xff\tend\r\n\r\n", 0 },
	/* bodies */
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\ntransfer-encoding: identity\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\nx", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length: 0x1\r\n\r\nx", 400 },
	{ "POST / HTTP/1.1\r\nContent-Length:  2 \r\n\r\nxy", 0 },
	{ "CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 0 },
	{ "CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", 400 },
};

static void
test_statuses(void)
{
	char msg[128];
	size_t i;
	int st;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		st = status_str(cases[i].req);
		if (st != cases[i].status) {
			snprintf(msg, sizeof(msg), "case %zu: got %d, want %d", i, st, cases[i].status);
			CU_FAIL(msg);
		}
	}
	/* a NUL is a control character, not an end */
	CU_ASSERT_EQUAL(status_of("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26), 400);
	/* a body not all in yet */
	CU_ASSERT_EQUAL(status_str("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabc"), -1);
}

/* An error in a prefix is the same error whatever follows. */
static void
test_prefix_errors(void)
{
	CU_ASSERT_EQUAL(status_str("GET / HTTP/1.1\r\nHost: x\n"), -1);
	CU_ASSERT_EQUAL(status_str("GET / HTTP/1.1\r\nHost: x\n\r\n"), 400);
	CU_ASSERT_EQUAL(status_str("PUT / HTTP/1.1\r\n"), -1);
}

static void
test_lookup(void)
{
	static const char s[] = "GET / HTTP/1.1\r\nHost:  gw.example  \r\nX-A: 1\r\nx-a: 2\r\n"
	    "Cookie: a=1; webvpn=XYZ\r\nCookie: other=; webvpnx=no;last=yes\r\n\r\n";
	struct http_request req;
	struct http_str v;
	size_t used;
	int status;

	CU_ASSERT_EQUAL_FATAL(http_parse(s, sizeof(s) - 1, &req, &used, &status), HTTP_DONE);
	CU_ASSERT_EQUAL(req.nheaders, 5);
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "HOST"), "gw.example"));
	CU_ASSERT_TRUE(http_str_is(*http_header(&req, "x-a"), "1"));
	CU_ASSERT_PTR_NULL(http_header(&req, "X-B"));
	CU_ASSERT_TRUE(http_cookie(&req, "webvpn", &v) && http_str_is(v, "XYZ"));
	CU_ASSERT_TRUE(http_cookie(&req, "a", &v) && http_str_is(v, "1"));
	CU_ASSERT_TRUE(http_cookie(&req, "other", &v) && v.len == 0);
	CU_ASSERT_TRUE(http_cookie(&req, "last", &v) && http_str_is(v, "yes"));
	CU_ASSERT_FALSE(http_cookie(&req, "webvp", &v));
	CU_ASSERT_FALSE(http_cookie(&req, "WEBVPN", &v));
	CU_ASSERT_FALSE(http_cookie(&req, "1", &v));
	CU_ASSERT_TRUE(http_str_is_ci(req.header[0].name, "hOsT"));
	CU_ASSERT_FALSE(http_str_is(req.header[0].name, "host"));
	CU_ASSERT_FALSE(http_str_is_ci(req.header[0].name, "Hos"));
}

/* Appends a response and checks its bytes. */
static void
check_response(int code, const char *extra, const char *body, bool close, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	http_response(&sb, code, extra, body, body != NULL ? strlen(body) : 0, close);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static void
test_response(void)
{
	static const struct { int code; const char *line; } phrases[] = {
		{ 200, "HTTP/1.1 200 OK\r\n" }, { 400, "HTTP/1.1 400 Bad Request\r\n" },
		{ 401, "HTTP/1.1 401 Unauthorized\r\n" }, { 404, "HTTP/1.1 404 Not Found\r\n" },
		{ 405, "HTTP/1.1 405 Method Not Allowed\r\n" },
		{ 413, "HTTP/1.1 413 Content Too Large\r\n" },
		{ 414, "HTTP/1.1 414 URI Too Long\r\n" },
		{ 431, "HTTP/1.1 431 Request Header Fields Too Large\r\n" },
		{ 500, "HTTP/1.1 500 Internal Server Error\r\n" },
		{ 503, "HTTP/1.1 503 Service Unavailable\r\n" },
		{ 505, "HTTP/1.1 505 HTTP Version Not Supported\r\n" },
		{ 418, "HTTP/1.1 418 \r\n" },
	};
	char want[128];

	check_response(200, "Content-Type: text/xml\r\nSet-Cookie: webvpn=T\r\n", "<a/>", false,
	    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nSet-Cookie: webvpn=T\r\n"
	    "Content-Length: 4\r\n\r\n<a/>");
	check_response(200, "X-CSTP-MTU: 1406\r\n", NULL, false,
	    "HTTP/1.1 200 OK\r\nX-CSTP-MTU: 1406\r\n\r\n");
	check_response(401, NULL, "", true,
	    "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		snprintf(want, sizeof(want), "%s\r\n", phrases[i].line);
		check_response(phrases[i].code, NULL, NULL, false, want);
	}
}

static CU_TestInfo tests[] = {
	{ "openconnect's login: whole, byte by byte, every split", test_openconnect_login },
	{ "openconnect's requests: headers, body, cookie", test_openconnect_fields },
	{ "two pipelined requests", test_pipelined },
	{ "every bound met and passed by one", test_bounds },
	{ "each error status", test_statuses },
	{ "errors in a prefix", test_prefix_errors },
	{ "header and cookie lookup", test_lookup },
	{ "response bytes", test_response },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "sslvpn_http"
#include "cunit_main.h"
