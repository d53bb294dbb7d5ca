/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tunnel - CSTP both ways for the SSL-VPN sessions (sslvpn_impl.h): the
 * client's frames (its packets into the engine's virtual port after the
 * source check, DPD answered at once, DISCONNECT ends the session), the
 * engine's packets to the session that has their destination (one frame,
 * one record), and each tunnel's timers: DPD after 2 x DPD of silence and
 * the end after 3 x DPD (as ocserv), keepalive, idle-timeout.
 */
#include "sslvpn_impl.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/debug.h"
#include "lib/inet.h"

#define IPV4_HEADER_MIN	20
#define VPORT_PACKET_MAX 65535

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void
tunnel_start(struct conn *c, struct session *s, time_t now)
{
	struct sslvpn *sv = c->sv;
	char a[INET_ADDR_BUF];

	TAILQ_REMOVE(&sv->pending, c, link);
	TAILQ_INSERT_TAIL(&sv->tunnels, c, link);
	server_unpend(sv, c->peer);
	c->state = CONN_TUNNEL;
	c->session = s;
	c->last_rx = c->last_tx = c->last_data = now;
	c->dpd_sent = false;
	session_connect(sv->sessions, s, c);
	s->client = c->peer;
	s->client_port = c->peer_port;
	count(sv, SSLVPN_SESSIONS_STARTED);
	debug_msg(DEBUG_SSLVPN, "%s:%u: tunnel of %s (%s) up, MTU %u", conn_peer(c),
	    c->peer_port, s->user, inet_format_addr(s->addr, a), c->mtu);
}

bool
tunnel_send(struct conn *c, enum cstp_type type, const void *payload, uint16_t len)
{
	uint8_t f[CSTP_HEADER_LEN + SSLVPN_CSTP_PAYLOAD_MAX];

	if (len > SSLVPN_CSTP_PAYLOAD_MAX)
		return true;
	cstp_header(f, type, len);
	memcpy(f + CSTP_HEADER_LEN, payload, len);
	c->last_tx = time(NULL);
	return conn_write(c, f, CSTP_HEADER_LEN + len, false) >= 0;
}

/* A packet from the user into the engine. */
static void
user_packet(struct conn *c, const uint8_t *p, uint16_t len, time_t now)
{
	struct sslvpn *sv = c->sv;
	struct session *s = c->session;

	s->bytes_in += len;
	s->packets_in++;
	count(sv, SSLVPN_PACKETS_IN);
	/* the client sends IPv6 link-local packets even on IPv4-only
	 * tunnels: dropped without a word */
	if (len < IPV4_HEADER_MIN || p[0] >> 4 != 4) {
		count(sv, SSLVPN_DROP_NOT_IPV4);
		return;
	}
	if (be32(p + 12) != s->addr) {
		count(sv, SSLVPN_DROP_SOURCE);
		return;
	}
	c->last_data = now;
	if (sv->env.vport_fd < 0 || send(sv->env.vport_fd, p, len, MSG_DONTWAIT) != len)
		count(sv, SSLVPN_DROP_VPORT);
}

bool
tunnel_frame(struct conn *c, const struct cstp_frame *f, time_t now)
{
	char text[64];
	size_t n;

	c->last_rx = now;	/* any frame is proof of life */
	c->dpd_sent = false;
	switch (f->type) {
	case CSTP_DATA:
		user_packet(c, f->payload, f->len, now);
		return true;
	case CSTP_DPD_REQ:
		return tunnel_send(c, CSTP_DPD_RESP, f->payload, f->len);
	case CSTP_DPD_RESP:
	case CSTP_KEEPALIVE:
		return true;
	case CSTP_DISCONNECT:
	case CSTP_TERMINATE:
		/* the reason, after the 0xb0 byte openconnect puts first */
		n = f->len > 1 ? f->len - 1u : 0;
		if (n >= sizeof(text))
			n = sizeof(text) - 1;
		for (size_t i = 0; i < n; i++)
			text[i] = f->payload[1 + i] >= 0x20 && f->payload[1 + i] < 0x7f ?
			    (char)f->payload[1 + i] : '?';
		text[n] = '\0';
		debug_msg(DEBUG_SSLVPN, "%s:%u: the client disconnects: %s", conn_peer(c),
		    c->peer_port, n > 0 ? text : "(no reason)");
		server_end(c->sv, c->session, "logged out by the client", false);
		return false;
	default:
		count(c->sv, SSLVPN_CSTP_ERRORS);
		snprintf(text, sizeof(text), "unknown CSTP type %u", f->type);
		conn_close(c, text);
		return false;
	}
}

void
tunnel_vport_readable(int fd, short revents, void *arg)
{
	/* a frame's header before the packet: one write, one record */
	static uint8_t buf[CSTP_HEADER_LEN + VPORT_PACKET_MAX];	/* control thread */
	struct sslvpn *sv = arg;
	struct session *s;
	time_t now = time(NULL);
	ssize_t n;
	int i;

	(void)revents;
	for (i = 0; i < VPORT_READ_BUDGET; i++) {
		n = recv(fd, buf + CSTP_HEADER_LEN, VPORT_PACKET_MAX, MSG_DONTWAIT);
		if (n <= 0)
			break;
		if (n < IPV4_HEADER_MIN || buf[CSTP_HEADER_LEN] >> 4 != 4 ||
		    (s = session_by_addr(sv->sessions, be32(buf + CSTP_HEADER_LEN + 16))) == NULL ||
		    s->conn == NULL) {
			count(sv, SSLVPN_DROP_NO_SESSION);
			continue;
		}
		if (n > SSLVPN_CSTP_PAYLOAD_MAX) {
			count(sv, SSLVPN_DROP_TOO_BIG);
			continue;
		}
		cstp_header(buf, CSTP_DATA, (uint16_t)n);
		s->conn->last_data = s->conn->last_tx = now;
		if (conn_write(s->conn, buf, CSTP_HEADER_LEN + (size_t)n, true) > 0) {
			s->bytes_out += (uint64_t)n;
			s->packets_out++;
			count(sv, SSLVPN_PACKETS_OUT);
		}
	}
}

void
tunnel_tick(struct sslvpn *sv, time_t now)
{
	static const uint8_t none[1];
	struct conn *c, *next;
	time_t silence;

	for (c = TAILQ_FIRST(&sv->tunnels); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		silence = now - c->last_rx;
		if (silence >= 3 * SSLVPN_DEFAULT_DPD) {
			count(sv, SSLVPN_DPD_TIMEOUTS);
			conn_close(c, "dead peer detection");
			continue;
		}
		if (now - c->last_data >= (time_t)sv->cfg->idle_timeout) {
			count(sv, SSLVPN_IDLE_TIMEOUTS);
			server_end(sv, c->session, "idle timeout", true);
			continue;
		}
		if (silence >= 2 * SSLVPN_DEFAULT_DPD && !c->dpd_sent) {
			c->dpd_sent = true;
			if (!tunnel_send(c, CSTP_DPD_REQ, none, 0))
				continue;
		}
		if (now - c->last_tx >= SSLVPN_DEFAULT_KEEPALIVE)
			(void)tunnel_send(c, CSTP_KEEPALIVE, none, 0);
	}
}
