/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http - the SSL-VPN server's HTTP/1.1 request parser and response writer
 * (see http.h).
 *
 * Our own small parser rather than http-parser: it needs no state between
 * calls (the connection's buffer is the state), holds exactly the bounds of
 * sslvpn_limits.h, and refuses what the AnyConnect client never sends
 * (chunked bodies, folding, bare LF) instead of tolerating it.
 *
 * Each call parses from the start of the buffer, in two passes:
 * 1. the lines are found with memchr and only their lengths checked
 *    (414, 431), so a request fed a few bytes at a time costs little
 *    per call;
 * 2. once the blank line that ends the head is in, each line is
 *    validated in order, then the body's length.
 * Errors come in that order whatever the split, so a prefix that is an
 * error is the same error however the request continues.
 */
#include "sslvpn/http.h"

#include <string.h>
#include <strings.h>

/* The head's lines, found by pass 1. */
struct lines {
	const char	*start[1 + SSLVPN_HTTP_HEADERS_MAX];
	size_t		 len[1 + SSLVPN_HTTP_HEADERS_MAX];	/* with the LF */
	unsigned	 n;		/* request line and header lines */
	size_t		 head_len;	/* through the blank line */
	bool		 blank_crlf;	/* the blank line is CRLF, not a bare LF */
};

/* RFC 9110 5.6.2: tchar. */
static bool
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 3986 pchar and '/' '?', less '%' (checked with its digits). */
static bool
is_target_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("-._~!$&'()*+,;=:@/?", c) != NULL);
}

static bool
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 9110 5.5: field-vchar or a blank (obs-text included). */
static bool
is_value_char(unsigned char c)
{
	return c == ' ' || c == '\t' || (c >= 0x21 && c != 0x7f);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Pass 1: the lines of the head and their bounds. HTTP_DONE when the head
 * is complete (l filled in), NEED_MORE, or ERROR with *status.
 */
static enum http_result
find_lines(const char *buf, size_t len, struct lines *l, int *status)
{
	size_t off = 0, max, room;
	const char *lf;

	for (l->n = 0;; l->n++) {
		/* the request line, then headers; the blank line ends */
		max = l->n == 0 ? SSLVPN_HTTP_LINE_MAX : SSLVPN_HTTP_HEADER_MAX;
		room = len - off;
		lf = memchr(buf + off, '\n', room < max ? room : max);
		if (lf == NULL) {
			/* the LF, when it comes, makes the line longer than max */
			if (room >= max) {
				*status = l->n == 0 ? 414 : 431;
				return HTTP_ERROR;
			}
			if (len >= SSLVPN_HTTP_HEAD_MAX) {
				*status = 431;
				return HTTP_ERROR;
			}
			return HTTP_NEED_MORE;
		}
		if ((size_t)(lf + 1 - buf) > SSLVPN_HTTP_HEAD_MAX) {
			*status = 431;
			return HTTP_ERROR;
		}
		if (l->n > 0 && (lf == buf + off || (lf == buf + off + 1 && buf[off] == '\r'))) {
			l->head_len = (size_t)(lf + 1 - buf);
			l->blank_crlf = lf != buf + off;
			return HTTP_DONE;
		}
		if (l->n == SSLVPN_HTTP_HEADERS_MAX + 1) {
			*status = 431;
			return HTTP_ERROR;
		}
		l->start[l->n] = buf + off;
		l->len[l->n] = (size_t)(lf + 1 - (buf + off));
		off += l->len[l->n];
	}
}

/* The line's text without CRLF; false for a bare LF or a stray CR. */
static bool
line_text(const char *start, size_t len, struct http_str *text)
{
	if (len < 2 || start[len - 2] != '\r')
		return false;
	text->p = start;
	text->len = len - 2;
	return memchr(start, '\r', len - 2) == NULL;
}

/* "HTTP/1.1" or "HTTP/1.0": 0; another HTTP/D.D: 505; else 400. */
static int
parse_version(struct http_str v, bool *http10)
{
	if (v.len != 8 || memcmp(v.p, "HTTP/", 5) != 0 || v.p[6] != '.' ||
	    v.p[5] < '0' || v.p[5] > '9' || v.p[7] < '0' || v.p[7] > '9')
		return 400;
	if (v.p[5] != '1' || (v.p[7] != '0' && v.p[7] != '1'))
		return 505;
	*http10 = v.p[7] == '0';
	return 0;
}

/* An origin-form target: '/' then pchars, '/', '?' and %XX. */
static bool
valid_target(struct http_str t)
{
	size_t i;

	if (t.len == 0 || t.p[0] != '/')
		return false;
	for (i = 0; i < t.len; i++) {
		if (t.p[i] == '%') {
			if (i + 2 >= t.len || !is_hex((unsigned char)t.p[i + 1]) ||
			    !is_hex((unsigned char)t.p[i + 2]))
				return false;
			i += 2;
		} else if (!is_target_char((unsigned char)t.p[i]))
			return false;
	}
	return true;
}

/* METHOD SP TARGET SP VERSION: 0 or the status to answer. */
static int
parse_request_line(struct http_str line, struct http_request *req)
{
	const char *sp1, *sp2, *end = line.p + line.len;
	struct http_str method, version;
	int status;

	if ((sp1 = memchr(line.p, ' ', line.len)) == NULL ||
	    (sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1))) == NULL)
		return 400;
	method = (struct http_str){ line.p, (size_t)(sp1 - line.p) };
	req->target = (struct http_str){ sp1 + 1, (size_t)(sp2 - sp1 - 1) };
	version = (struct http_str){ sp2 + 1, (size_t)(end - sp2 - 1) };
	if (method.len == 0)
		return 400;
	for (size_t i = 0; i < method.len; i++)
		if (!is_tchar((unsigned char)method.p[i]))
			return 400;
	if (!valid_target(req->target))
		return 400;
	if ((status = parse_version(version, &req->http10)) != 0)
		return status;
	if (http_str_is(method, "GET"))
		req->method = HTTP_GET;
	else if (http_str_is(method, "POST"))
		req->method = HTTP_POST;
	else if (http_str_is(method, "CONNECT"))
		req->method = HTTP_CONNECT;
	else
		return 405;
	return 0;
}

/* NAME ":" OWS VALUE OWS, into h; false when malformed. */
static bool
parse_header(struct http_str line, struct http_header *h)
{
	const char *colon = memchr(line.p, ':', line.len);
	const char *v, *end = line.p + line.len;
	size_t i;

	if (colon == NULL || colon == line.p)
		return false;
	h->name = (struct http_str){ line.p, (size_t)(colon - line.p) };
	for (i = 0; i < h->name.len; i++)
		if (!is_tchar((unsigned char)h->name.p[i]))
			return false;	/* a blank before the colon among them */
	for (v = colon + 1; v < end; v++)
		if (!is_value_char((unsigned char)*v))
			return false;
	for (v = colon + 1; v < end && is_blank(*v); v++)
		;
	while (end > v && is_blank(end[-1]))
		end--;
	h->value = (struct http_str){ v, (size_t)(end - v) };
	return true;
}

/* Content-Length: digits only, at most SSLVPN_HTTP_BODY_MAX. 0 or the
 * status. */
static int
parse_length(struct http_str v, size_t *n)
{
	size_t i;

	if (v.len == 0)
		return 400;
	for (*n = 0, i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return 400;
		*n = *n * 10 + (size_t)(v.p[i] - '0');
		if (*n > SSLVPN_HTTP_BODY_MAX)
			return 413;
	}
	return 0;
}

/* Pass 2 over a complete head: 0 or the status; *body_len is the
 * Content-Length. */
static int
parse_head(const struct lines *l, struct http_request *req, size_t *body_len)
{
	struct http_str text;
	struct http_header *h;
	bool has_length = false;
	unsigned i;
	int status;

	if (!line_text(l->start[0], l->len[0], &text))
		return 400;
	if ((status = parse_request_line(text, req)) != 0)
		return status;
	*body_len = 0;
	for (i = 1; i < l->n; i++) {
		h = &req->header[i - 1];
		if (!line_text(l->start[i], l->len[i], &text) || !parse_header(text, h))
			return 400;	/* obs-fold among them: a blank is no tchar */
		if (http_str_is_ci(h->name, "Transfer-Encoding"))
			return 400;
		if (http_str_is_ci(h->name, "Content-Length")) {
			if (has_length)
				return 400;
			has_length = true;
			if ((status = parse_length(h->value, body_len)) != 0)
				return status;
		}
	}
	req->nheaders = l->n - 1;
	if (!l->blank_crlf)
		return 400;
	if (req->method == HTTP_CONNECT && *body_len > 0)
		return 400;
	return 0;
}

enum http_result
http_parse(const char *buf, size_t len, struct http_request *req, size_t *used, int *status)
{
	struct lines l;
	enum http_result r;
	size_t body_len;

	if ((r = find_lines(buf, len, &l, status)) != HTTP_DONE)
		return r;
	if ((*status = parse_head(&l, req, &body_len)) != 0)
		return HTTP_ERROR;
	if (len - l.head_len < body_len)
		return HTTP_NEED_MORE;
	req->body = (struct http_str){ buf + l.head_len, body_len };
	*used = l.head_len + body_len;
	return HTTP_DONE;
}

bool
http_str_is(struct http_str s, const char *c)
{
	return strlen(c) == s.len && memcmp(s.p, c, s.len) == 0;
}

bool
http_str_is_ci(struct http_str s, const char *c)
{
	return strlen(c) == s.len && strncasecmp(s.p, c, s.len) == 0;
}

const struct http_str *
http_header(const struct http_request *req, const char *name)
{
	for (unsigned i = 0; i < req->nheaders; i++)
		if (http_str_is_ci(req->header[i].name, name))
			return &req->header[i].value;
	return NULL;
}

bool
http_cookie(const struct http_request *req, const char *name, struct http_str *value)
{
	const char *p, *end, *pair_end, *eq;
	size_t nlen = strlen(name);

	for (unsigned i = 0; i < req->nheaders; i++) {
		if (!http_str_is_ci(req->header[i].name, "Cookie"))
			continue;
		p = req->header[i].value.p;
		end = p + req->header[i].value.len;
		/* cookie-pair *( ";" SP cookie-pair ), blanks tolerated */
		for (; p < end; p = pair_end + (pair_end < end)) {
			while (p < end && is_blank(*p))
				p++;
			if ((pair_end = memchr(p, ';', (size_t)(end - p))) == NULL)
				pair_end = end;
			eq = memchr(p, '=', (size_t)(pair_end - p));
			if (eq != NULL && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
				value->p = eq + 1;
				value->len = (size_t)(pair_end - eq - 1);
				while (value->len > 0 && is_blank(value->p[value->len - 1]))
					value->len--;
				return true;
			}
		}
	}
	return false;
}

/* The reason phrase of code (RFC 9110 15; 431 is RFC 6585's). */
static const char *
reason(int code)
{
	static const struct {
		int		 code;
		const char	*text;
	} reasons[] = {
		{ 200, "OK" }, { 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" },
		{ 413, "Content Too Large" }, { 414, "URI Too Long" },
		{ 431, "Request Header Fields Too Large" },
		{ 500, "Internal Server Error" }, { 503, "Service Unavailable" },
		{ 505, "HTTP Version Not Supported" },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			return reasons[i].text;
	return "";	/* the phrase may be empty (RFC 9112 4) */
}

void
http_response(struct strbuf *out, int code, const char *extra, const char *body,
    size_t body_len, bool close)
{
	strbuf_printf(out, "HTTP/1.1 %d %s\r\n", code, reason(code));
	if (extra != NULL)
		strbuf_puts(out, extra);
	if (body != NULL)
		strbuf_printf(out, "Content-Length: %zu\r\n", body_len);
	if (close)
		strbuf_puts(out, "Connection: close\r\n");
	strbuf_puts(out, "\r\n");
	if (body != NULL)
		strbuf_append(out, body, body_len);
}
