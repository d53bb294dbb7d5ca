/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sslvpn - the SSL-VPN server for the OpenConnect client (the AnyConnect
 * protocol): a TLS listener on the router's address, the HTTP login, the
 * sessions with their addresses, and CSTP tunnels whose packets enter the
 * forwarding engine through its virtual port (dataplane_vport_fd).
 *
 * Contract
 * - Single-threaded: everything runs on the control thread's event loop,
 *   which the caller lends through struct sslvpn_env; no thread or
 *   process per user, no call ever blocks.
 * - Configuration in two steps, as the router commits: sslvpn_prepare
 *   checks and readies what a configuration needs (certificate loaded or
 *   generated, listening socket bound) and can fail, changing nothing;
 *   sslvpn_apply then cannot fail. Certificate and key files are read at
 *   every commit that has the server enabled: files renewed in place
 *   (other bytes, same paths) are taken, new connections get them and
 *   established ones keep theirs. A commit that does not change the
 *   ssl-vpn block or a user keeps every session; a user whose password
 *   changed, who was shut or removed loses their sessions; removing or
 *   shutting the server ends all; each ended session is logged.
 * - Nothing a client sends can abort the daemon or grow its memory
 *   without bound (sslvpn_limits.h); a client that misbehaves is cut off
 *   and its resources freed at once.
 * - Passwords are never logged or kept; cookies are random and compared
 *   in constant time.
 */
#ifndef VGW_SSLVPN_H
#define VGW_SSLVPN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "lib/strbuf.h"

struct dgram_ring;
struct sslvpn;
struct sslvpn_change;

/* The event loop and the engine's virtual port, lent by the router. */
struct sslvpn_env {
	void	*arg;
	/* poll fd for events (POLLIN/POLLOUT); fn(fd, revents, cb_arg) */
	int	 (*add_fd)(void *arg, int fd, short events,
		    void (*fn)(int fd, short revents, void *cb_arg), void *cb_arg);
	void	 (*set_events)(void *arg, int fd, short events);
	void	 (*del_fd)(void *arg, int fd);
	/* the engine's virtual port (dataplane_vport): rings of datagrams,
	 * one IPv4 packet each, into the engine after a struct
	 * virtio_net_hdr, out of it as the engine's frame: ETH_HLEN_ bytes
	 * (engine/pkt.h) the server may overwrite, then the packet; NULL
	 * when there is no engine */
	struct dgram_ring *to_engine;
	struct dgram_ring *from_engine;
};

/* Counters of show ssl-vpn statistics, in their order. */
#define SSLVPN_COUNTERS(X) \
	X(CONNECTIONS, "TLS connections accepted") \
	X(CONNECTIONS_REFUSED, "connections refused (limits)") \
	X(TLS_FAILED, "TLS handshakes failed") \
	X(HTTP_ERRORS, "HTTP requests refused") \
	X(TIMEOUTS, "connections timed out (handshake, request)") \
	X(LOGINS, "logins") \
	X(LOGIN_FAILURES, "login failures") \
	X(LOGIN_LOCKED, "logins refused: user locked out") \
	X(LOGIN_BUSY, "logins refused, server busy") \
	X(LOCKOUTS, "users locked out") \
	X(BAD_COOKIES, "tunnel requests with a bad cookie") \
	X(SESSIONS_REFUSED, "sessions refused (max-sessions or pool full)") \
	X(SESSIONS_STARTED, "tunnels started") \
	X(SESSIONS_ENDED, "tunnels ended") \
	X(DPD_TIMEOUTS, "sessions dead by DPD") \
	X(IDLE_TIMEOUTS, "sessions ended by idle-timeout") \
	X(STALLED, "tunnels cut off: the client stopped reading") \
	X(CSTP_ERRORS, "CSTP framing errors") \
	X(PACKETS_IN, "packets from users") \
	X(PACKETS_OUT, "packets to users") \
	X(DROP_SOURCE, "dropped: source not the session's address") \
	X(DROP_NOT_IPV4, "dropped: not IPv4 (IPv6 from the client)") \
	X(DROP_NO_SESSION, "dropped: no session has the address") \
	X(DROP_TX_QUEUE, "dropped: the client does not read fast enough") \
	X(DROP_TOO_BIG, "dropped: larger than a CSTP frame") \
	X(DROP_VPORT, "dropped: engine port full or absent")

#define SSLVPN_COUNTER_ENUM(name, text) SSLVPN_##name,
enum sslvpn_counter { SSLVPN_COUNTERS(SSLVPN_COUNTER_ENUM) SSLVPN_NCOUNTERS };
#undef SSLVPN_COUNTER_ENUM

struct sslvpn_status {
	bool		 configured;	/* an ssl-vpn block exists */
	bool		 running;	/* listening */
	char		 why[128];	/* why not running: "shutdown", ... */
	uint32_t	 listen;
	uint16_t	 port;
	char		 pin[64];	/* "pin-sha256:BASE64" of the certificate */
	char		 cert_subject[128];
	uint32_t	 pool;
	uint8_t		 pool_plen;
	uint32_t	 pool_used, pool_size;
	uint32_t	 sessions, max_sessions;	/* connected tunnels */
	uint32_t	 held;		/* sessions held for a reconnect */
	uint32_t	 locked_users;
};

struct sslvpn_session_info {
	char		 user[CFG_NAME_MAX];
	uint32_t	 addr;		/* the tunnel address */
	uint32_t	 client;	/* the client's public address and port */
	uint16_t	 client_port;
	time_t		 since;		/* login */
	bool		 connected;	/* false: held for a reconnect */
	uint64_t	 bytes_in, bytes_out, packets_in, packets_out;
	char		 agent[64];	/* User-Agent, cut */
};

/* state_dir keeps the self-signed certificate and key. NULL with err. */
struct sslvpn	*sslvpn_new(const struct sslvpn_env *, const char *state_dir,
		    struct strbuf *err);
/* Ends every session and closes every socket. */
void		 sslvpn_free(struct sslvpn *);

/* See the contract. prepare: NULL with one line per error in err. */
struct sslvpn_change *sslvpn_prepare(struct sslvpn *, const struct config *,
		    struct strbuf *err);
void		 sslvpn_apply(struct sslvpn *, struct sslvpn_change *);
/* Whether ch brings another certificate than the one serving: its
 * statement changed, or its files were renewed in place. */
bool		 sslvpn_change_certificate(const struct sslvpn_change *);
void		 sslvpn_abandon(struct sslvpn *, struct sslvpn_change *);

/* Once a second: DPD, keepalive, idle and request timeouts, lockouts. */
void		 sslvpn_tick(struct sslvpn *, time_t now);

void		 sslvpn_status(const struct sslvpn *, struct sslvpn_status *);
/* fn for every session (connected or held), by user name; stops when fn
 * returns false. */
void		 sslvpn_sessions_walk(const struct sslvpn *,
		    bool (*fn)(void *arg, const struct sslvpn_session_info *), void *arg);
uint64_t	 sslvpn_counter(const struct sslvpn *, enum sslvpn_counter);
const char	*sslvpn_counter_text(enum sslvpn_counter);
void		 sslvpn_clear_counters(struct sslvpn *);
/* clear ssl-vpn session: the client is told (CSTP DISCONNECT) and cut
 * off; the cookie dies with it. user NULL: all. How many ended. */
unsigned	 sslvpn_clear_sessions(struct sslvpn *, const char *user);

#endif
