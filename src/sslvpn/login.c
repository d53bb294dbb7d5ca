/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * login - the HTTP requests of an SSL-VPN connection (sslvpn_impl.h), as
 * openconnect makes them (PEERS.md): `POST /` gets the login form; the
 * filled-in form (`POST /auth`) is checked (auth.h) and answered with the
 * webvpn cookie of a new session or the form again with "Login failed."
 * (and the connection closes: one password check per connection), or,
 * past the budget of password checks, 503 with Retry-After: 1 unchecked;
 * `CONNECT /CSCOSSLC/tunnel` with a session's cookie gets the tunnel's
 * X-CSTP headers and turns the connection into that session's tunnel.
 */
#include "sslvpn_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "auth_xml.h"
#include "lib/debug.h"
#include "lib/inet.h"
#include "lib/log.h"
#include "lib/ratelimit.h"

#define TUNNEL_PATH	"/CSCOSSLC/tunnel"

/* s (len bytes) with anything but printable ASCII as '?', cut to fit out:
 * what a client sends is logged and shown only this way. */
static void
printable(char *out, size_t size, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < size; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
}

static const char *
method_name(enum http_method m)
{
	return m == HTTP_GET ? "GET" : m == HTTP_POST ? "POST" : "CONNECT";
}

/* A response; close: the connection ends after it (false: c is gone). */
static bool
respond(struct conn *c, int status, const char *extra, const struct strbuf *body,
    bool close)
{
	struct strbuf out = STRBUF_INIT;
	bool ok;

	http_response(&out, status, extra, strbuf_str(body), body->len, close);
	ok = conn_write(c, out.buf, out.len, false) >= 0;
	OPENSSL_cleanse(out.buf, out.len);	/* a cookie */
	strbuf_free(&out);
	if (ok && close) {
		conn_close(c, "answered, not kept open");
		return false;
	}
	return ok;
}

void
login_refuse(struct conn *c, int status)
{
	struct strbuf out = STRBUF_INIT;
	char why[32];

	http_response(&out, status, NULL, "", 0, true);
	if (conn_write(c, out.buf, out.len, false) >= 0) {
		snprintf(why, sizeof(why), "HTTP %d", status);
		conn_close(c, why);
	}
	strbuf_free(&out);
}

/* The login form; with a message (a refusal), the connection ends after
 * it: one password check per TLS connection, so a guesser pays for a
 * handshake per guess and cannot queue checks on one connection. */
static bool
send_form(struct conn *c, const char *message)
{
	struct strbuf body = STRBUF_INIT;
	bool ok;

	auth_xml_form(&body, message);
	ok = respond(c, 200, "Content-Type: text/xml\r\n", &body, message != NULL);
	strbuf_free(&body);
	return ok;
}

/* The session of a login, made; NULL when none can be (why). A user with
 * a static address who logs in again while a session of theirs holds it
 * takes it over: that session ends. */
static struct session *
make_session(struct sslvpn *sv, const struct cfg_sslvpn_user *u, time_t now,
    const char **why)
{
	uint32_t st = u->has_static ? u->static_addr : 0;
	struct session *s = session_add(sv->sessions, sv->pool, u->name, st, now, why);
	struct session *holder;

	if (s == NULL && st != 0 && (holder = session_by_addr(sv->sessions, st)) != NULL &&
	    strcmp(holder->user, u->name) == 0) {
		server_end(sv, holder, "replaced by a new login", true);
		s = session_add(sv->sessions, sv->pool, u->name, st, now, why);
	}
	return s;
}

static void
set_agent(struct session *s, const struct http_request *req)
{
	const struct http_str *ua = http_header(req, "User-Agent");

	if (ua != NULL)
		printable(s->agent, sizeof(s->agent), ua->p, ua->len);
}

/* A login past the budget of password checks (auth.h): not checked, no
 * failure of the name; the client may try again in a second. false: c
 * is gone. */
static bool
refuse_busy(struct conn *c, const char *name)
{
	struct strbuf none = STRBUF_INIT;

	count(c->sv, SSLVPN_LOGIN_BUSY);
	debug_msg(DEBUG_SSLVPN, "%s:%u: login of %s refused unchecked: server busy (past "
	    "%u password checks a second)", conn_peer(c), c->peer_port, name,
	    SSLVPN_AUTH_RATE);
	return respond(c, 503, "Retry-After: 1\r\n", &none, true);
}

/* The filled-in form; false: c is gone. */
static bool
do_login(struct conn *c, const struct http_request *req, struct auth_xml *x)
{
	struct sslvpn *sv = c->sv;
	const struct cfg_sslvpn_user *u;
	char name[SSLVPN_USER_MAX + 1], cookie[SESSION_COOKIE_TEXT];
	char extra[sizeof(cookie) + 64], a[INET_ADDR_BUF];
	struct strbuf body = STRBUF_INIT;
	enum auth_result r;
	struct session *s;
	time_t now = time(NULL);
	const char *why;
	bool locked_now, ok;

	printable(name, sizeof(name), x->username, strlen(x->username));
	u = config_sslvpn_user_find(sv->running, x->username);
	r = auth_check(sv->auth, u, x->username, x->password, now, ratelimit_clock_ms(),
	    &locked_now);
	auth_xml_clear(x);
	if (r == AUTH_BUSY)
		return refuse_busy(c, name);
	if (locked_now)
		count(sv, SSLVPN_LOCKOUTS);
	if (r != AUTH_OK) {
		count(sv, r == AUTH_LOCKED ? SSLVPN_LOGIN_LOCKED : SSLVPN_LOGIN_FAILURES);
		log_msg(LOG_NOTICE, "ssl-vpn: login failed for user %s from %s%s", name,
		    conn_peer(c), r == AUTH_LOCKED ? " (locked out)" : "");
		return send_form(c, "Login failed.");
	}
	if ((s = make_session(sv, u, now, &why)) == NULL) {
		count(sv, SSLVPN_SESSIONS_REFUSED);
		log_msg(LOG_WARNING, "ssl-vpn: user %s from %s refused: %s", name,
		    conn_peer(c), why);
		return send_form(c, "No address is available.");
	}
	count(sv, SSLVPN_LOGINS);
	s->client = c->peer;
	s->client_port = c->peer_port;
	set_agent(s, req);
	log_msg(LOG_NOTICE, "ssl-vpn: user %s logged in from %s, address %s", s->user,
	    conn_peer(c), inet_format_addr(s->addr, a));
	session_cookie_text(s, cookie);
	snprintf(extra, sizeof(extra), "Content-Type: text/xml\r\n"
	    "Set-Cookie: webvpn=%s; Secure\r\n", cookie);
	auth_xml_success(&body);
	ok = respond(c, 200, extra, &body, false);
	OPENSSL_cleanse(cookie, sizeof(cookie));
	OPENSSL_cleanse(extra, sizeof(extra));
	strbuf_free(&body);
	return ok;
}

/* POST / and POST /auth (and GET /): the form, or a login. */
static bool
auth_request(struct conn *c, const struct http_request *req)
{
	struct auth_xml x;
	const char *why;

	if (req->body.len == 0)
		return send_form(c, NULL);
	if (auth_xml_parse(req->body.p, req->body.len, &x, &why) != 0) {
		debug_msg(DEBUG_SSLVPN, "%s:%u: login XML refused: %s", conn_peer(c),
		    c->peer_port, why);
		count(c->sv, SSLVPN_HTTP_ERRORS);
		login_refuse(c, 400);
		return false;
	}
	if (x.type != AUTH_XML_REPLY)
		return send_form(c, NULL);
	return do_login(c, req, &x);
}

/* A number header of req, or 0. */
static unsigned
header_number(const struct http_request *req, const char *name)
{
	const struct http_str *v = http_header(req, name);
	unsigned n = 0;
	size_t i;

	if (v == NULL || v->len == 0 || v->len > 5)
		return 0;
	for (i = 0; i < v->len; i++) {
		if (v->p[i] < '0' || v->p[i] > '9')
			return 0;
		n = n * 10 + (unsigned)(v->p[i] - '0');
	}
	return n;
}

/* The tunnel's MTU: ours, or less when the client asks for less. */
static uint16_t
tunnel_mtu(const struct http_request *req)
{
	unsigned mtu = SSLVPN_MTU, v;

	if ((v = header_number(req, "X-CSTP-MTU")) != 0 && v < mtu)
		mtu = v;
	if ((v = header_number(req, "X-CSTP-Base-MTU")) > MTU_OVERHEAD &&
	    v - MTU_OVERHEAD < mtu)
		mtu = v - MTU_OVERHEAD;
	return (uint16_t)(mtu < MTU_MIN ? MTU_MIN : mtu);
}

/* The 200 of CONNECT: the tunnel's parameters (PEERS.md). */
static void
connect_reply(struct strbuf *out, const struct cfg_sslvpn *cfg, const struct session *s,
    uint16_t mtu)
{
	char a[INET_ADDR_BUF], m[INET_ADDR_BUF];
	unsigned i;

	strbuf_printf(out, "HTTP/1.1 200 CONNECTED\r\n"
	    "X-CSTP-Version: 1\r\n"
	    "X-CSTP-Address: %s\r\n", inet_format_addr(s->addr, a));
	strbuf_printf(out, "X-CSTP-Netmask: %s\r\n",
	    inet_format_addr(inet_mask(cfg->pool_plen), m));
	strbuf_printf(out, "X-CSTP-MTU: %u\r\n", mtu);
	for (i = 0; i < cfg->nroutes; i++)
		strbuf_printf(out, "X-CSTP-Split-Include: %s/%s\r\n",
		    inet_format_addr(cfg->route[i].prefix, a),
		    inet_format_addr(inet_mask(cfg->route[i].plen), m));
	if (cfg->has_dns)
		strbuf_printf(out, "X-CSTP-DNS: %s\r\n", inet_format_addr(cfg->dns, a));
	strbuf_printf(out, "X-CSTP-DPD: %u\r\n"
	    "X-CSTP-Keepalive: %u\r\n"
	    "X-CSTP-Idle-Timeout: %u\r\n"
	    "X-CSTP-Disconnected-Timeout: %u\r\n"
	    "X-CSTP-Lease-Duration: %u\r\n"
	    "X-CSTP-Session-Timeout: none\r\n"
	    "\r\n", SSLVPN_DEFAULT_DPD, SSLVPN_DEFAULT_KEEPALIVE, cfg->idle_timeout,
	    SSLVPN_RECONNECT_HOLD, LEASE_SECONDS);
}

/* CONNECT /CSCOSSLC/tunnel; false: c is gone. */
static bool
connect_tunnel(struct conn *c, const struct http_request *req)
{
	struct sslvpn *sv = c->sv;
	struct strbuf out = STRBUF_INIT;
	struct http_str v;
	struct session *s = NULL;
	uint16_t mtu;

	if (http_cookie(req, "webvpn", &v))
		s = session_by_cookie(sv->sessions, v.p, v.len);
	if (s == NULL) {
		count(sv, SSLVPN_BAD_COOKIES);
		debug_msg(DEBUG_SSLVPN, "%s:%u: tunnel refused: no session has the "
		    "cookie", conn_peer(c), c->peer_port);
		login_refuse(c, 401);
		return false;
	}
	if (s->state == SESSION_HELD &&
	    session_connected(sv->sessions) >= sv->cfg->max_sessions) {
		count(sv, SSLVPN_SESSIONS_REFUSED);
		log_msg(LOG_WARNING, "ssl-vpn: tunnel of %s refused: max-sessions (%u) "
		    "reached", s->user, sv->cfg->max_sessions);
		login_refuse(c, 503);
		return false;
	}
	if (s->conn != NULL)	/* the client came back before its old
				 * connection was seen dead */
		conn_kick(s->conn, "reconnected");
	mtu = tunnel_mtu(req);
	set_agent(s, req);
	connect_reply(&out, sv->cfg, s, mtu);
	if (conn_write(c, out.buf, out.len, false) < 0) {
		strbuf_free(&out);
		return false;
	}
	strbuf_free(&out);
	c->mtu = mtu;
	tunnel_start(c, s, time(NULL));
	return true;
}

bool
login_request(struct conn *c, const struct http_request *req)
{
	struct strbuf none = STRBUF_INIT;
	char target[64];
	bool ok;

	printable(target, sizeof(target), req->target.p, req->target.len);
	debug_msg(DEBUG_SSLVPN, "%s:%u: %s %s", conn_peer(c), c->peer_port,
	    method_name(req->method), target);
	if (req->method == HTTP_CONNECT && http_str_is(req->target, TUNNEL_PATH))
		return connect_tunnel(c, req);
	if (req->method != HTTP_CONNECT &&
	    (http_str_is(req->target, "/") || http_str_is(req->target, "/auth")))
		ok = auth_request(c, req);
	else {
		count(c->sv, SSLVPN_HTTP_ERRORS);
		ok = respond(c, 404, NULL, &none, false);
	}
	if (ok && req->http10) {	/* no keep-alive in HTTP/1.0 */
		conn_close(c, "HTTP/1.0 request answered");
		return false;
	}
	return ok;
}
