/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conn - one TLS connection of the SSL-VPN server (sslvpn_impl.h): the
 * non-blocking handshake, reading records into the connection's buffer
 * (HTTP requests, then CSTP frames), writing one record per SSL_write
 * with a bounded queue behind it, the handshake and request deadlines,
 * and closing.
 *
 * OpenSSL's rule for a write that returned WANT_WRITE is kept: it is
 * retried with the same bytes (the queue's head) before anything else;
 * the buffer may move (SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, tls_ctx.h).
 */
#include "sslvpn_impl.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include "lib/debug.h"
#include "lib/inet.h"
#include "lib/xalloc.h"

static void	 conn_event(int fd, short revents, void *arg);

const char *
conn_peer(const struct conn *c)
{
	static char buf[INET_ADDR_BUF];

	return inet_format_addr(c->peer, buf);
}

void
conn_accept(struct sslvpn *sv, int fd, uint32_t peer, uint16_t port)
{
	struct conn *c;
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = xcalloc(1, sizeof(*c), "an SSL-VPN connection");
	c->sv = sv;
	c->fd = fd;
	c->peer = peer;
	c->peer_port = port;
	c->state = CONN_HANDSHAKE;
	c->deadline = time(NULL) + SSLVPN_HANDSHAKE_TIMEOUT;
	c->txq_tail = &c->txq;
	c->events = POLLIN;
	if ((c->ssl = SSL_new(sv->ctx)) == NULL || SSL_set_fd(c->ssl, fd) != 1 ||
	    sv->env.add_fd(sv->env.arg, fd, POLLIN, conn_event, c) != 0) {
		ERR_clear_error();
		SSL_free(c->ssl);
		close(fd);
		free(c);
		count(sv, SSLVPN_CONNECTIONS_REFUSED);
		server_unpend(sv, peer);
		return;
	}
	SSL_set_accept_state(c->ssl);
	TAILQ_INSERT_TAIL(&sv->pending, c, link);
	sv->nconns++;
	debug_msg(DEBUG_SSLVPN, "%s:%u: connection accepted", conn_peer(c), port);
}

static void
txq_pop(struct conn *c)
{
	struct txbuf *t = c->txq;

	c->txq = t->next;
	if (c->txq == NULL)
		c->txq_tail = &c->txq;
	c->txq_bytes -= sizeof(*t) + t->len;
	free(t);
}

static void
conn_free(struct conn *c)
{
	struct sslvpn *sv = c->sv;

	/* close_notify, once, if TLS is still sound */
	if (c->state != CONN_HANDSHAKE && !(SSL_get_shutdown(c->ssl) & SSL_SENT_SHUTDOWN) &&
	    c->txq == NULL)
		(void)SSL_shutdown(c->ssl);
	ERR_clear_error();
	sv->env.del_fd(sv->env.arg, c->fd);
	close(c->fd);
	SSL_free(c->ssl);
	while (c->txq != NULL)
		txq_pop(c);
	if (c->rx != NULL) {
		OPENSSL_cleanse(c->rx, c->rx_len);	/* a login's password */
		free(c->rx);
	}
	if (c->state == CONN_TUNNEL)
		TAILQ_REMOVE(&sv->tunnels, c, link);
	else {
		TAILQ_REMOVE(&sv->pending, c, link);
		server_unpend(sv, c->peer);
	}
	sv->nconns--;
	free(c);
}

void
conn_close(struct conn *c, const char *reason)
{
	struct session *s = c->session;

	debug_msg(DEBUG_SSLVPN, "%s:%u: connection closed: %s", conn_peer(c),
	    c->peer_port, reason);
	if (s != NULL) {
		c->session = NULL;
		server_lost(c->sv, s, reason);
	}
	conn_free(c);
}

/* The events the loop polls for: always input, output while a write or
 * a read waits for the socket. */
static void
update_events(struct conn *c)
{
	short want = POLLIN;

	if (c->txq != NULL || c->read_wants_write)
		want |= POLLOUT;
	if (want != c->events) {
		c->events = want;
		c->sv->env.set_events(c->sv->env.arg, c->fd, want);
	}
}

static void
txq_add(struct conn *c, const void *p, size_t len)
{
	struct txbuf *t = xrealloc(NULL, sizeof(*t) + len, "an SSL-VPN write");

	t->next = NULL;
	t->len = len;
	memcpy(t->data, p, len);
	*c->txq_tail = t;
	c->txq_tail = &t->next;
	c->txq_bytes += sizeof(*t) + len;
}

/* Writes the queue's head and what follows; 1 when it is empty, 0 when
 * the socket is full, -1 when TLS failed. Closes nothing. */
static int
drain(struct conn *c)
{
	int n;

	while (c->txq != NULL) {
		ERR_clear_error();
		n = SSL_write(c->ssl, c->txq->data, (int)c->txq->len);
		if (n <= 0) {
			n = SSL_get_error(c->ssl, n);
			ERR_clear_error();
			return n == SSL_ERROR_WANT_WRITE || n == SSL_ERROR_WANT_READ ? 0 : -1;
		}
		txq_pop(c);
	}
	return 1;
}

int
conn_write(struct conn *c, const void *p, size_t len, bool droppable)
{
	int n;

	if (c->txq != NULL) {
		if (c->txq_bytes + sizeof(struct txbuf) + len > SSLVPN_TX_QUEUE_BYTES) {
			if (droppable) {
				count(c->sv, SSLVPN_DROP_TX_QUEUE);
				return 0;
			}
			conn_close(c, "the client does not read");
			return -1;
		}
		txq_add(c, p, len);
		return 1;
	}
	ERR_clear_error();
	n = SSL_write(c->ssl, p, (int)len);
	if (n > 0)
		return 1;
	n = SSL_get_error(c->ssl, n);
	ERR_clear_error();
	if (n != SSL_ERROR_WANT_WRITE && n != SSL_ERROR_WANT_READ) {
		conn_close(c, "TLS write failed");
		return -1;
	}
	/* OpenSSL holds this record now: it is retried first, whatever the
	 * bound says */
	txq_add(c, p, len);
	update_events(c);
	return 1;
}

void
conn_kick(struct conn *c, const char *text)
{
	uint8_t f[CSTP_HEADER_LEN + 1 + 128];
	size_t n = strlen(text) < 128 ? strlen(text) : 128;

	c->session = NULL;	/* the caller ends it */
	if (c->state == CONN_TUNNEL && drain(c) == 1) {
		cstp_header(f, CSTP_DISCONNECT, (uint16_t)(1 + n));
		f[CSTP_HEADER_LEN] = 0xb0;
		memcpy(f + CSTP_HEADER_LEN + 1, text, n);
		(void)SSL_write(c->ssl, f, (int)(CSTP_HEADER_LEN + 1 + n));
	}
	conn_close(c, text);
}

/* Drops the first n bytes of the read buffer. */
static void
rx_shift(struct conn *c, size_t n)
{
	memmove(c->rx, c->rx + n, c->rx_len - n);
	c->rx_len -= n;
}

/* What is in the read buffer: requests while in HTTP, then frames.
 * false: c is gone. */
static bool
consume(struct conn *c, time_t now)
{
	struct http_request req;
	struct cstp_frame f;
	size_t used, off = 0;
	int status;
	bool ok = true;

	while (c->state == CONN_HTTP) {
		switch (http_parse((const char *)c->rx, c->rx_len, &req, &used, &status)) {
		case HTTP_NEED_MORE:
			if (c->rx_len < CONN_RX_CAP)
				return true;
			status = 431;
			/* FALLTHROUGH */
		case HTTP_ERROR:
			count(c->sv, SSLVPN_HTTP_ERRORS);
			login_refuse(c, status);
			return false;
		case HTTP_DONE:
			if (!login_request(c, &req))
				return false;
			OPENSSL_cleanse(c->rx, used);
			rx_shift(c, used);
			c->deadline = now + SSLVPN_HTTP_TIMEOUT;
			break;
		}
	}
	for (;;) {
		switch (cstp_next(c->rx + off, c->rx_len - off, &f, &used)) {
		case CSTP_NEED_MORE:
			rx_shift(c, off);
			return true;
		case CSTP_BAD:
			count(c->sv, SSLVPN_CSTP_ERRORS);
			conn_close(c, "CSTP framing error");
			return false;
		case CSTP_FRAME:
			ok = tunnel_frame(c, &f, now);
			break;
		}
		if (!ok)
			return false;
		off += used;
	}
}

/* Reads what the socket has, within the budget (and what OpenSSL holds
 * already). false: c is gone. */
static bool
pump(struct conn *c, time_t now)
{
	int i, n;

	c->read_wants_write = false;
	for (i = 0; i < CONN_READ_BUDGET || SSL_pending(c->ssl) > 0; i++) {
		if (c->rx == NULL)
			c->rx = xrealloc(NULL, CONN_RX_CAP, "an SSL-VPN connection");
		ERR_clear_error();
		n = SSL_read(c->ssl, c->rx + c->rx_len, (int)(CONN_RX_CAP - c->rx_len));
		if (n <= 0) {
			n = SSL_get_error(c->ssl, n);
			ERR_clear_error();
			if (n == SSL_ERROR_WANT_READ)
				break;
			if (n == SSL_ERROR_WANT_WRITE) {
				c->read_wants_write = true;
				break;
			}
			conn_close(c, n == SSL_ERROR_ZERO_RETURN ? "closed by the client" :
			    "connection lost");
			return false;
		}
		c->rx_len += (size_t)n;
		if (!consume(c, now))
			return false;
	}
	if (c->rx_len == 0) {	/* idle connections hold no buffer */
		free(c->rx);
		c->rx = NULL;
	}
	return true;
}

/* false: c is gone. */
static bool
handshake(struct conn *c, time_t now)
{
	int n;

	ERR_clear_error();
	n = SSL_accept(c->ssl);
	c->read_wants_write = false;
	if (n == 1) {
		c->state = CONN_HTTP;
		c->deadline = now + SSLVPN_HTTP_TIMEOUT;
		debug_msg(DEBUG_SSLVPN, "%s:%u: TLS established: %s %s", conn_peer(c),
		    c->peer_port, SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
		return pump(c, now);
	}
	n = SSL_get_error(c->ssl, n);
	if (n == SSL_ERROR_WANT_READ)
		return true;
	if (n == SSL_ERROR_WANT_WRITE) {
		c->read_wants_write = true;
		return true;
	}
	debug_msg(DEBUG_SSLVPN, "%s:%u: TLS handshake failed: %s", conn_peer(c),
	    c->peer_port, ERR_peek_last_error() != 0 ?
	    ERR_reason_error_string(ERR_peek_last_error()) : "connection lost");
	ERR_clear_error();
	count(c->sv, SSLVPN_TLS_FAILED);
	conn_close(c, "TLS handshake failed");
	return false;
}

static void
conn_event(int fd, short revents, void *arg)
{
	struct conn *c = arg;
	time_t now = time(NULL);
	int rc;

	(void)fd;
	if ((revents & POLLOUT) && c->txq != NULL) {
		if ((rc = drain(c)) < 0) {
			conn_close(c, "TLS write failed");
			return;
		}
	}
	if (c->state == CONN_HANDSHAKE ? !handshake(c, now) : !pump(c, now))
		return;
	update_events(c);
}

void
conn_tick(struct sslvpn *sv, time_t now)
{
	struct conn *c, *next;

	for (c = TAILQ_FIRST(&sv->pending); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (now < c->deadline)
			continue;
		count(sv, SSLVPN_TIMEOUTS);
		if (c->state == CONN_HANDSHAKE)
			count(sv, SSLVPN_TLS_FAILED);
		conn_close(c, c->state == CONN_HANDSHAKE ? "TLS handshake timed out" :
		    "request timed out");
	}
}
