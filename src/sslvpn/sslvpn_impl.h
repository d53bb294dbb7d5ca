/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sslvpn_impl - the SSL-VPN server's insides, shared by its files and
 * nothing else:
 *   server.c  the server (sslvpn.h): listener, configuration, the session
 *             funnel (every session that ends or loses its tunnel goes
 *             through server_end / server_lost), tick, show and clear;
 *   conn.c    one TLS connection: handshake, reading, one record per
 *             write with a bounded queue, timeouts, closing;
 *   login.c   the HTTP requests of a connection: the login form, the
 *             login, and CONNECT, which turns it into a tunnel;
 *   tunnel.c  CSTP both ways: the client's frames, the engine's packets
 *             from the virtual port, DPD, keepalive and idle timeout.
 * Everything runs on the control thread.
 */
#ifndef VGW_SSLVPN_IMPL_H
#define VGW_SSLVPN_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <bsd/sys/queue.h>
#include <openssl/ssl.h>

#include "config/config_sslvpn.h"
#include "crypto/tls_ctx.h"
#include "cstp.h"
#include "http.h"
#include "session.h"
#include "sslvpn.h"

/* What one connection reads before it leaves the others their turn. */
#define CONN_READ_BUDGET	32	/* SSL_read calls per event */
#define CONN_RX_CAP		(SSLVPN_HTTP_HEAD_MAX + SSLVPN_HTTP_BODY_MAX)
/* The users' packets go to the engine this many at a time; the engine's
 * are taken VPORT_READ_BATCHES times as many per event at most. */
#define VPORT_BATCH		32
#define VPORT_READ_BATCHES	8
/* A tunnel that sent nothing for this long gives its write buffer back. */
#define CONN_IDLE_TRIM		2	/* seconds */
/* A connection's write buffer bigger than this is given back once empty. */
#define CONN_WBUF_KEEP		65536
/* Connections with a peer address, counted for SSLVPN_PENDING_PER_ADDR */
#define PENDING_BUCKETS		1024
#define LEASE_SECONDS		1209600	/* X-CSTP-Lease-Duration: two weeks */
#define MTU_MIN			576	/* the least X-CSTP-MTU a client gets */
#define MTU_OVERHEAD		(1500 - SSLVPN_MTU)	/* TLS, TCP and IP */

enum conn_state {
	CONN_HANDSHAKE,	/* TLS handshake under way */
	CONN_HTTP,	/* requests: login, CONNECT */
	CONN_TUNNEL,	/* CSTP, carrying a session */
};

struct conn {
	struct sslvpn	*sv;
	int		 fd;
	SSL		*ssl;
	enum conn_state	 state;
	uint32_t	 peer;		/* host order */
	uint16_t	 peer_port;
	short		 events;	/* what the loop polls for */
	time_t		 deadline;	/* HANDSHAKE, HTTP: the current step's end */
	uint8_t		*rx;		/* CONN_RX_CAP bytes while not empty */
	size_t		 rx_len;
	/* TLS writes into this memory BIO: the records wait there for the
	 * socket, at most SSLVPN_TX_QUEUE_BYTES, and go out together */
	BIO		*wbio;
	bool		 dirty;		/* on the server's dirty list */
	TAILQ_ENTRY(conn) dirty_link;
	/* CONN_TUNNEL */
	struct session	*session;
	uint16_t	 mtu;
	time_t		 last_rx, last_tx, last_data;
	/* the stall check: bytes the socket took so far, and since when
	 * records have waited with none taken */
	uint64_t	 sent, stall_mark;
	time_t		 stall_since;
	bool		 dpd_sent;
	TAILQ_ENTRY(conn) link;	/* the server's pending or tunnel list */
};

TAILQ_HEAD(conn_list, conn);

struct pending_addr {
	struct pending_addr *next;
	uint32_t	 addr;
	unsigned	 count;
};

struct sslvpn {
	struct sslvpn_env env;
	char		*state_dir;
	/* the configuration applied last (the router keeps it alive until
	 * the next apply); cfg is its ssl-vpn block when it serves */
	const struct config *running;
	const struct cfg_sslvpn *cfg;
	char		 why[128];	/* why it does not serve */
	SSL_CTX		*ctx;
	/* certificate FILE key FILE: the digest of the files ctx was made
	 * from, to see them renewed in place */
	unsigned char	 files_digest[TLS_FILES_DIGEST];
	char		 pin[TLS_PIN_MAX];
	char		 subject[128];
	int		 lfd;		/* listening socket, -1: none */
	uint32_t	 laddr;
	uint16_t	 lport;
	struct pool	*pool;
	struct session_table *sessions;
	struct auth	*auth;
	/* connections not in a tunnel (deadlines apply), and tunnels;
	 * those with records to send at the end of the event */
	struct conn_list pending, tunnels, dirty;
	unsigned	 nconns;
	struct pending_addr *pending_by_addr[PENDING_BUCKETS];
	uint64_t	 counters[SSLVPN_NCOUNTERS];
};

static inline void
count(struct sslvpn *sv, enum sslvpn_counter c)
{
	sv->counters[c]++;
}

/* server.c: the session funnel. server_end ends s (its cookie dies, its
 * address goes back; tell: its client gets a DISCONNECT first);
 * server_lost holds s after its tunnel went away. Both log. */
void		 server_end(struct sslvpn *, struct session *, const char *reason,
		    bool tell);
void		 server_lost(struct sslvpn *, struct session *, const char *reason);
/* server.c: the connection is authenticated (tunnel) or gone: it no
 * longer counts against its address's bound. */
void		 server_unpend(struct sslvpn *, uint32_t addr);

/* conn.c */
void		 conn_accept(struct sslvpn *, int fd, uint32_t peer, uint16_t port);
/* Makes one record of a CSTP frame or a response (one SSL_write: one
 * record), sent with the others at the end of the event: 1. Past the
 * bound of what waits for the socket a droppable record is dropped and
 * counted: 0; otherwise the connection is closed: -1, c is gone. */
int		 conn_write(struct conn *, const void *, size_t, bool droppable);
/* Sends what every connection wrote during this event: each entry point
 * of the server (a descriptor's callback, the tick, a command) ends with
 * it. */
void		 conn_flush_all(struct sslvpn *);
/* Closes c: its session, if any, is held (server_lost) unless detached
 * first. Frees c. */
void		 conn_close(struct conn *, const char *reason);
/* Gives back the write buffer of an idle connection (nothing waits). */
void		 conn_trim(struct conn *);
/* Tells the client (DISCONNECT, best effort) and closes c without
 * touching its session (the caller ends it). */
void		 conn_kick(struct conn *, const char *text);
/* Closes the connections whose handshake or request took too long. */
void		 conn_tick(struct sslvpn *, time_t now);
/* The client's address as text ("198.51.100.2"), in a static buffer. */
const char	*conn_peer(const struct conn *);

/* login.c: one complete request; false: c is gone. After CONNECT c is a
 * tunnel (state CONN_TUNNEL). */
bool		 login_request(struct conn *, const struct http_request *);
/* An HTTP error: the status, then close. */
void		 login_refuse(struct conn *, int status);

/* tunnel.c */
/* c becomes the tunnel of s at now. */
void		 tunnel_start(struct conn *, struct session *, time_t now);
/* One frame from the client; false: c is gone. The payloads of DATA
 * frames are sent to the engine in batches: tunnel_flush before the
 * buffer they are in changes. */
bool		 tunnel_frame(struct conn *, const struct cstp_frame *, time_t now);
void		 tunnel_flush(struct sslvpn *);
/* A frame of type with payload toward the client; false: c is gone. */
bool		 tunnel_send(struct conn *, enum cstp_type, const void *payload,
		    uint16_t len);
/* The engine's packets for the sessions. */
void		 tunnel_vport_readable(int fd, short revents, void *arg);
/* DPD, keepalive and idle timeout of every tunnel. */
void		 tunnel_tick(struct sslvpn *, time_t now);

#endif
