/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vport - the socket pair behind the engine's virtual port for SSL-VPN
 * users (engine.h): an AF_UNIX SOCK_SEQPACKET pair, so that each datagram
 * is one IPv4 packet: toward the engine after an offload header (see
 * dataplane_vport_fd), toward the control thread bare. One end is the control
 * thread's (the SSL-VPN server writes its users' packets into it and
 * reads theirs from it), the other the worker's, polled as port
 * SNAP_PORT_VPORT.
 *
 * Contract: both ends non-blocking and close-on-exec. Each end may queue
 * VPORT_SOCKBUF bytes toward the other (the sender's buffer is what an
 * AF_UNIX socket charges), forced past the system's limit when the
 * process may (CAP_NET_ADMIN), so that a TCP stream of a gigabit per
 * second is not starved between two bursts or two turns of the control
 * thread's loop; without the privilege the system's limit
 * (net.core.wmem_max) applies.
 */
#ifndef VGW_VPORT_H
#define VGW_VPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/strbuf.h"

#define VPORT_SOCKBUF	(4u << 20)	/* bytes asked for each end's buffers */
#define VPORT_CONTROL	0		/* the index of the control thread's end */
#define VPORT_WORKER	1		/* and of the worker's */

/* Creates the pair in fd[VPORT_CONTROL] and fd[VPORT_WORKER]; -1 with
 * the reason in err. */
int	 vport_open(int fd[2], struct strbuf *err);
/* Sends the packet of an engine frame (past its first ETH_HLEN_ bytes)
 * without waiting; false unless it went whole (a full buffer fails). */
bool	 vport_write(int fd, const uint8_t *frame, size_t len);

#endif
