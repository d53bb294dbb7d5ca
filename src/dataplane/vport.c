/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vport - the socket pair of the engine's virtual port (see vport.h).
 */
#include "vport.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/pkt.h"

/* One buffer of one end, forced if the process may; the system's
 * limit otherwise (a smaller buffer is no reason to fail). */
static void
set_buffer(int fd, int force, int plain)
{
	int bytes = VPORT_SOCKBUF;

	if (setsockopt(fd, SOL_SOCKET, force, &bytes, sizeof(bytes)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof(bytes));
}

int
vport_open(int fd[2], struct strbuf *err)
{
	int i;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    fd) != 0) {
		strbuf_printf(err, "socketpair for the SSL-VPN port: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++) {
		set_buffer(fd[i], SO_SNDBUFFORCE, SO_SNDBUF);
		set_buffer(fd[i], SO_RCVBUFFORCE, SO_RCVBUF);
	}
	return 0;
}

bool
vport_write(int fd, const uint8_t *frame, size_t len)
{
	return len > ETH_HLEN_ && send(fd, frame + ETH_HLEN_, len - ETH_HLEN_,
	    MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)(len - ETH_HLEN_);
}
