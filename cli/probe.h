/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * probe - the router's own ping and traceroute: probes sent from the
 * kernel of vgwd's namespace (bound to one of the router's addresses, so
 * they leave by the punt path and the engine's FIB) and the replies and
 * ICMP errors that come back the same way. Each runs as a job (job.h).
 */
#ifndef VGW_PROBE_H
#define VGW_PROBE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct probe_req {
	uint32_t	 dst, src;	/* host byte order */
	unsigned	 count;		/* ping: echoes; traceroute: probes per hop */
	unsigned	 size;		/* ping: IP datagram size */
	bool		 df;
	unsigned	 timeout_ms;	/* per probe */
	unsigned	 max_ttl;	/* traceroute */
};

/* job_fn for ping: IOS's "!!!!!" line and success rate; CLI_ERROR when
 * nothing answered. */
int	 probe_ping(void *req, int out, const atomic_bool *cancel);
/* job_fn for traceroute: one line per hop, up to the destination. */
int	 probe_traceroute(void *req, int out, const atomic_bool *cancel);

#endif
