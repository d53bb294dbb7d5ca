/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_server - vgwd's management socket (a Unix stream socket, mode
 * 0660): accepts vgwsh connections, learns the login user from
 * SO_PEERCRED (root, or a user that `username` gives privilege 15, starts
 * privileged), and drives one session of the shell it is given (shell.h)
 * per connection.
 *
 * Contract: refuses to start when another process answers on the socket
 * path; removes a stale socket file. Runs one request of one client at a
 * time, in turn with the other clients; every bound below is logged when
 * it acts.
 */
#ifndef VGW_MGMT_SERVER_H
#define VGW_MGMT_SERVER_H

#include "event.h"
#include "router.h"
#include "shell.h"
#include "lib/mgmt_proto.h"
#include "lib/strbuf.h"

/* Bounds of the management plane (all of them here). */
#define MGMT_MAX_CONNS		64	/* connections; more are refused */
#define MGMT_ROOT_RESERVED	1	/* of those, kept for root's logins */
#define MGMT_HELLO_TIMEOUT	5	/* s: a connection that has said nothing is closed */
#define MGMT_INQ_MAX		(MGMT_FRAME_MAX + 4)	/* input held per client; reading stops */
#define MGMT_OUTQ_PAUSE		(256u * 1024)	/* unsent output above which no request runs */
#define MGMT_OUTQ_MAX		(64u * 1024 * 1024)	/* unsent output that drops the client */
#define MGMT_STALL_TIMEOUT	60	/* s: output unread this long drops the client */

struct mgmt_server;

/* Serves path with sessions of shell, which must outlive the server. */
struct mgmt_server *mgmt_server_new(struct event_loop *, struct router *,
	    const struct shell *, const char *path, struct strbuf *err);
/* Closes every session and removes the socket file. */
void	 mgmt_server_free(struct mgmt_server *);

#endif
