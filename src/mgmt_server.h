/*
 * mgmt_server - vgwd's management socket (a Unix stream socket, mode
 * 0660): accepts vgwsh connections, learns the login user from
 * SO_PEERCRED (root, or a user that `username` gives privilege 15, starts
 * privileged), and drives one session of the shell it is given (shell.h)
 * per connection.
 *
 * Contract: refuses to start when another process answers on the socket
 * path; removes a stale socket file. Its bounds are below.
 */
#ifndef VGW_MGMT_SERVER_H
#define VGW_MGMT_SERVER_H

#include "event.h"
#include "router.h"
#include "shell.h"
#include "lib/strbuf.h"

/* Bounds of the management server. */
#define MGMT_MAX_CONNS	64	/* sessions; one more is refused (logged) */
#define MGMT_OUTQ_MAX	(64u * 1024 * 1024) /* unread output; past it, dropped (logged) */

struct mgmt_server;

/* Serves path with sessions of shell, which must outlive the server. */
struct mgmt_server *mgmt_server_new(struct event_loop *, struct router *,
	    const struct shell *, const char *path, struct strbuf *err);
/* Closes every session and removes the socket file. */
void	 mgmt_server_free(struct mgmt_server *);

#endif
