/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conn - one TLS connection of the SSL-VPN server (sslvpn_impl.h): the
 * non-blocking handshake, reading records into the connection's buffer
 * (HTTP requests, then CSTP frames), writing one record per SSL_write,
 * the handshake and request deadlines, and closing.
 *
 * TLS writes into a memory BIO, not the socket: SSL_write always
 * completes (no retry rule to keep), the records of one event go out in
 * one send() at its end (conn_flush_all), and what the socket does not
 * take waits there, bounded by SSLVPN_TX_QUEUE_BYTES. TLS reads from the
 * socket, with read-ahead (tls_ctx.h): what OpenSSL buffered beyond the
 * read budget is read before the event ends, since the socket will not
 * wake the loop for it.
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
	BIO *rbio = NULL;
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = xcalloc(1, sizeof(*c), "an SSL-VPN connection");
	c->sv = sv;
	c->fd = fd;
	c->peer = peer;
	c->peer_port = port;
	c->state = CONN_HANDSHAKE;
	c->deadline = time(NULL) + SSLVPN_HANDSHAKE_TIMEOUT;
	c->events = POLLIN;
	if ((c->ssl = SSL_new(sv->ctx)) == NULL ||
	    (rbio = BIO_new_socket(fd, BIO_NOCLOSE)) == NULL ||
	    (c->wbio = BIO_new(BIO_s_mem())) == NULL ||
	    sv->env.add_fd(sv->env.arg, fd, POLLIN, conn_event, c) != 0) {
		ERR_clear_error();
		BIO_free(rbio);
		BIO_free(c->wbio);
		SSL_free(c->ssl);
		close(fd);
		free(c);
		count(sv, SSLVPN_CONNECTIONS_REFUSED);
		server_unpend(sv, peer);
		return;
	}
	SSL_set_bio(c->ssl, rbio, c->wbio);	/* the SSL owns both */
	SSL_set_accept_state(c->ssl);
	TAILQ_INSERT_TAIL(&sv->pending, c, link);
	sv->nconns++;
	debug_msg(DEBUG_SSLVPN, "%s:%u: connection accepted", conn_peer(c), port);
}

/* A fresh write BIO when the buffer of an empty one is larger than keep:
 * a memory BIO keeps what it grew to. */
static void
wbio_shrink(struct conn *c, size_t keep)
{
	BUF_MEM *bm = NULL;
	BIO *b;

	if (BIO_ctrl_pending(c->wbio) > 0)
		return;
	BIO_get_mem_ptr(c->wbio, &bm);
	if (bm == NULL || bm->max <= keep || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	SSL_set0_wbio(c->ssl, b);	/* frees the old one */
	c->wbio = b;
}

void
conn_trim(struct conn *c)
{
	wbio_shrink(c, 0);
}

/* Sends what waits in the write BIO: 1 when all went, 0 when the socket
 * is full, -1 when it failed. Closes nothing. */
static int
send_pending(struct conn *c)
{
	static char discard[65536];	/* control thread only */
	char *p;
	long n;
	ssize_t w;

	while ((n = BIO_get_mem_data(c->wbio, &p)) > 0) {
		w = send(c->fd, p, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ?
			    0 : -1;
		c->sent += (uint64_t)w;
		while (w > 0)	/* what went out leaves the BIO */
			w -= BIO_read(c->wbio, discard, w < (ssize_t)sizeof(discard) ?
			    (int)w : (int)sizeof(discard));
	}
	wbio_shrink(c, CONN_WBUF_KEEP);	/* after a burst */
	return 1;
}

static void
conn_free(struct conn *c)
{
	struct sslvpn *sv = c->sv;

	/* close_notify, once, if TLS is still sound; best effort */
	if (c->state != CONN_HANDSHAKE && !(SSL_get_shutdown(c->ssl) & SSL_SENT_SHUTDOWN))
		(void)SSL_shutdown(c->ssl);
	(void)send_pending(c);
	ERR_clear_error();
	sv->env.del_fd(sv->env.arg, c->fd);
	close(c->fd);
	SSL_free(c->ssl);
	if (c->rx != NULL) {
		OPENSSL_cleanse(c->rx, c->rx_len);	/* a login's password */
		free(c->rx);
	}
	if (c->dirty)
		TAILQ_REMOVE(&sv->dirty, c, dirty_link);
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

/* The events the loop polls for: always input, output while records
 * wait for the socket. */
static void
update_events(struct conn *c)
{
	short want = POLLIN;

	if (BIO_ctrl_pending(c->wbio) > 0)
		want |= POLLOUT;
	if (want != c->events) {
		c->events = want;
		c->sv->env.set_events(c->sv->env.arg, c->fd, want);
	}
}

/* Sends what waits; false: the socket failed and c is gone. */
static bool
flush(struct conn *c)
{
	if (send_pending(c) < 0) {
		conn_close(c, "connection lost");
		return false;
	}
	update_events(c);
	return true;
}

static void
mark_dirty(struct conn *c)
{
	if (!c->dirty) {
		c->dirty = true;
		TAILQ_INSERT_TAIL(&c->sv->dirty, c, dirty_link);
	}
}

void
conn_flush_all(struct sslvpn *sv)
{
	struct conn *c;

	while ((c = TAILQ_FIRST(&sv->dirty)) != NULL) {
		TAILQ_REMOVE(&sv->dirty, c, dirty_link);
		c->dirty = false;
		(void)flush(c);
	}
}

int
conn_write(struct conn *c, const void *p, size_t len, bool droppable)
{
	if (BIO_ctrl_pending(c->wbio) + len > SSLVPN_TX_QUEUE_BYTES) {
		if (droppable) {
			count(c->sv, SSLVPN_DROP_TX_QUEUE);
			return 0;
		}
		conn_close(c, "the client does not read");
		return -1;
	}
	if (SSL_write(c->ssl, p, (int)len) <= 0) {	/* a memory BIO: never waits */
		ERR_clear_error();	/* no failure's error stays queued */
		conn_close(c, "TLS write failed");
		return -1;
	}
	mark_dirty(c);
	return 1;
}

void
conn_kick(struct conn *c, const char *text)
{
	uint8_t f[CSTP_HEADER_LEN + 1 + 128];
	size_t n = strlen(text) < 128 ? strlen(text) : 128;

	c->session = NULL;	/* the caller ends it */
	if (c->state == CONN_TUNNEL &&
	    BIO_ctrl_pending(c->wbio) + sizeof(f) <= SSLVPN_TX_QUEUE_BYTES) {
		cstp_header(f, CSTP_DISCONNECT, (uint16_t)(1 + n));
		f[CSTP_HEADER_LEN] = 0xb0;
		memcpy(f + CSTP_HEADER_LEN + 1, text, n);
		(void)SSL_write(c->ssl, f, (int)(CSTP_HEADER_LEN + 1 + n));
	}
	conn_close(c, text);	/* sends what it can */
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
			tunnel_flush(c->sv);	/* the packets point into rx */
			rx_shift(c, off);
			return true;
		case CSTP_BAD:
			tunnel_flush(c->sv);
			count(c->sv, SSLVPN_CSTP_ERRORS);
			conn_close(c, "CSTP framing error");
			return false;
		case CSTP_FRAME:
			if (!tunnel_frame(c, &f, now))
				return false;
			off += used;
			break;
		}
	}
}

/* Reads what the socket has, within the budget, and what OpenSSL holds
 * already; the records gather in the read buffer and are taken together
 * (the packets of several go to the engine in one batch). false: c is
 * gone. */
static bool
pump(struct conn *c, time_t now)
{
	int i, n;

	ERR_clear_error();	/* and after each failure: SSL_get_error reads it */
	for (i = 0; i < CONN_READ_BUDGET || SSL_has_pending(c->ssl); i++) {
		if (c->rx == NULL)
			c->rx = xrealloc(NULL, CONN_RX_CAP, "an SSL-VPN connection");
		if (CONN_RX_CAP - c->rx_len < CSTP_HEADER_LEN + SSLVPN_CSTP_PAYLOAD_MAX &&
		    !consume(c, now))
			return false;
		n = SSL_read(c->ssl, c->rx + c->rx_len, (int)(CONN_RX_CAP - c->rx_len));
		if (n <= 0) {
			n = SSL_get_error(c->ssl, n);
			ERR_clear_error();
			if (n == SSL_ERROR_WANT_READ || n == SSL_ERROR_WANT_WRITE)
				break;
			conn_close(c, n == SSL_ERROR_ZERO_RETURN ? "closed by the client" :
			    "connection lost");
			return false;
		}
		c->rx_len += (size_t)n;
	}
	if (c->rx_len > 0 && !consume(c, now))
		return false;
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
	mark_dirty(c);	/* its flight, in the write BIO */
	if (n == 1) {
		c->state = CONN_HTTP;
		c->deadline = now + SSLVPN_HTTP_TIMEOUT;
		debug_msg(DEBUG_SSLVPN, "%s:%u: TLS established: %s %s", conn_peer(c),
		    c->peer_port, SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
		return pump(c, now);
	}
	n = SSL_get_error(c->ssl, n);
	if (n == SSL_ERROR_WANT_READ || n == SSL_ERROR_WANT_WRITE)
		return true;
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
	struct sslvpn *sv = c->sv;
	time_t now = time(NULL);

	(void)fd;
	if ((revents & POLLOUT) && !flush(c))
		goto out;
	if (c->state == CONN_HANDSHAKE)
		(void)handshake(c, now);
	else
		(void)pump(c, now);
out:
	conn_flush_all(sv);
}

void
conn_tick(struct sslvpn *sv, time_t now)
{
	struct conn *c, *next;

	for (c = TAILQ_FIRST(&sv->pending); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (now < c->deadline)
			continue;
		count(sv, SSLVPN_TIMEOUTS);	/* an abandoned handshake too: once */
		conn_close(c, c->state == CONN_HANDSHAKE ? "TLS handshake timed out" :
		    "request timed out");
	}
}
