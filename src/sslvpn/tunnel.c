/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tunnel - CSTP both ways for the SSL-VPN sessions (sslvpn_impl.h): the
 * client's frames (its packets into the engine's virtual port after the
 * source check, DPD answered at once, DISCONNECT ends the session), the
 * engine's packets to the session that has their destination (one frame,
 * one record), and each tunnel's timers: DPD after 2 x DPD of silence and
 * the end after 3 x DPD (as ocserv), keepalive, idle-timeout, and the cut
 * of a client that took none of its records for SSLVPN_STALL_TIMEOUT. The
 * port's rings (lib/dgram_ring.h) take VPORT_BATCH packets at a time; a
 * user's consecutive TCP segments of one flow go to the engine merged
 * into one TSO packet (tcp_merge.h), which the engine forwards, and the
 * LAN host takes in, as one. The engine's packets are framed in place,
 * in the room before each.
 */
#include "sslvpn_impl.h"

#include <stdio.h>
#include <string.h>

#include "engine/pkt.h"
#include "lib/debug.h"
#include "lib/dgram_ring.h"
#include "lib/inet.h"
#include "tcp_merge.h"

#define IPV4_HEADER_MIN	20
#define MERGE_PEEK	24	/* an IPv4 header without options, and the ports */

/* Users' packets on their way to the engine (control thread only):
 * pointers into the read buffer of the connection being read, the last
 * of which may head a merge (candidate); and the merge under way, built
 * in place in the ring toward the engine after its header's room. */
static struct {
	struct {
		const uint8_t	*p;
		size_t		 len;
	}		 pkt[VPORT_BATCH];
	unsigned	 n;
	bool		 candidate;
	struct tcp_merge merge;
	uint8_t		*merge_room;	/* NULL: no merge under way */
} out;

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
	c->last_rx = c->last_tx = c->last_data = c->stall_since = now;
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

/* Into the ring toward the engine: the packets of the batch but the
 * last `keep` (counted if the ring is full or absent). */
static void
commit_batch(struct sslvpn *sv, unsigned keep)
{
	static const struct virtio_net_hdr plain;
	const size_t hl = sizeof(plain);
	uint8_t *room;
	unsigned i;

	for (i = 0; i + keep < out.n; i++) {
		if (sv->env.to_engine == NULL || (room = dgram_ring_reserve(sv->env.to_engine,
		    hl + out.pkt[i].len)) == NULL) {
			count(sv, SSLVPN_DROP_VPORT);	/* the port is full or absent */
			continue;
		}
		memcpy(room, &plain, hl);
		memcpy(room + hl, out.pkt[i].p, out.pkt[i].len);
		dgram_ring_commit(sv->env.to_engine, hl + out.pkt[i].len);
	}
	memmove(out.pkt, out.pkt + i, (out.n - i) * sizeof(out.pkt[0]));
	out.n -= i;
}

/* Whether p (len bytes) continues the last packet of the batch: merged
 * with it, in the ring. The cheap test first: the same addresses and
 * ports. What came before the merge is committed first, since the ring
 * takes its records in order. */
static bool
merge_into_last(struct sslvpn *sv, const uint8_t *p, uint16_t len)
{
	const uint8_t *l;

	if (out.merge_room != NULL)
		return tcp_merge_add(&out.merge, p, len);
	if (!out.candidate)
		return false;
	l = out.pkt[out.n - 1].p;
	if (len < MERGE_PEEK || out.pkt[out.n - 1].len < MERGE_PEEK || p[0] != 0x45 ||
	    l[0] != 0x45 || memcmp(p + 12, l + 12, MERGE_PEEK - 12) != 0)
		return false;
	commit_batch(sv, 1);
	out.candidate = false;
	if (sv->env.to_engine == NULL || (out.merge_room = dgram_ring_reserve(
	    sv->env.to_engine, sizeof(struct virtio_net_hdr) + TCP_MERGE_MAX)) == NULL)
		return false;
	if (!tcp_merge_start(&out.merge, out.merge_room + sizeof(struct virtio_net_hdr),
	    l, out.pkt[0].len) || !tcp_merge_add(&out.merge, p, len)) {
		out.merge_room = NULL;	/* the reservation lapses */
		return false;
	}
	out.n = 0;
	return true;
}

/* The merge under way takes no more segments: its header written, into
 * the ring. */
static void
merge_end(struct sslvpn *sv)
{
	struct virtio_net_hdr h;

	if (out.merge_room != NULL) {
		tcp_merge_hdr(&out.merge, &h);
		memcpy(out.merge_room, &h, sizeof(h));
		dgram_ring_commit(sv->env.to_engine, sizeof(h) + out.merge.len);
		out.merge_room = NULL;
	}
	out.candidate = false;
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
	if (merge_into_last(sv, p, len))
		return;
	merge_end(sv);
	if (out.n == VPORT_BATCH)
		commit_batch(sv, 0);
	out.pkt[out.n].p = p;
	out.pkt[out.n++].len = len;
	out.candidate = true;
}

void
tunnel_flush(struct sslvpn *sv)
{
	merge_end(sv);
	commit_batch(sv, 0);
}

bool
tunnel_frame(struct conn *c, const struct cstp_frame *f, time_t now)
{
	char text[64];
	size_t n;

	c->last_rx = now;	/* any frame is proof of life */
	c->dpd_sent = false;
	if (f->type == CSTP_DATA) {
		user_packet(c, f->payload, f->len, now);
		return true;
	}
	tunnel_flush(c->sv);	/* in order, and before c may go */
	switch (f->type) {
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

_Static_assert(ETH_HLEN_ >= CSTP_HEADER_LEN, "a CSTP header fits the engine's room");

/* One packet of the engine (n bytes after f's CSTP_HEADER_LEN, which it
 * fills) to the session that has its destination: one write, one record. */
static void
engine_packet(struct sslvpn *sv, uint8_t *f, size_t n, bool truncated, time_t now)
{
	uint8_t *p = f + CSTP_HEADER_LEN;
	struct session *s;

	if (n < IPV4_HEADER_MIN || p[0] >> 4 != 4 ||
	    (s = session_by_addr(sv->sessions, be32(p + 16))) == NULL || s->conn == NULL) {
		count(sv, SSLVPN_DROP_NO_SESSION);
		return;
	}
	if (truncated) {
		count(sv, SSLVPN_DROP_TOO_BIG);
		return;
	}
	cstp_header(f, CSTP_DATA, (uint16_t)n);
	s->conn->last_data = s->conn->last_tx = now;
	if (conn_write(s->conn, f, CSTP_HEADER_LEN + n, true) > 0) {
		s->bytes_out += n;
		s->packets_out++;
		count(sv, SSLVPN_PACKETS_OUT);
	}
}

void
tunnel_vport_readable(int fd, short revents, void *arg)
{
	struct sslvpn *sv = arg;
	time_t now = time(NULL);
	uint8_t *d;
	size_t n;
	int i;

	(void)fd;
	(void)revents;
	dgram_ring_quiet(sv->env.from_engine);
	for (i = 0; i < VPORT_BATCH * VPORT_READ_BATCHES; i++) {
		if ((d = dgram_ring_peek(sv->env.from_engine, &n)) == NULL)
			break;
		n = n > ETH_HLEN_ ? n - ETH_HLEN_ : 0;
		engine_packet(sv, d + ETH_HLEN_ - CSTP_HEADER_LEN, n,
		    n > SSLVPN_CSTP_PAYLOAD_MAX, now);
		dgram_ring_pop(sv->env.from_engine);
	}
	dgram_ring_pause(sv->env.from_engine);	/* the others' turn, then more */
	conn_flush_all(sv);	/* the records of the batch, one send each */
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
		if (BIO_ctrl_pending(c->wbio) == 0 || c->sent != c->stall_mark) {
			c->stall_mark = c->sent;
			c->stall_since = now;
		} else if (now - c->stall_since >= SSLVPN_STALL_TIMEOUT) {
			count(sv, SSLVPN_STALLED);
			conn_close(c, "the client stopped reading");
			continue;
		}
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
		if (now - c->last_tx >= SSLVPN_DEFAULT_KEEPALIVE) {
			if (!tunnel_send(c, CSTP_KEEPALIVE, none, 0))
				continue;
		} else if (now - c->last_tx >= CONN_IDLE_TRIM)
			conn_trim(c);
	}
}
