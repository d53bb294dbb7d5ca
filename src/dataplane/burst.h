/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * burst - the dataplane's frame I/O in bursts over io_uring: one system
 * call sends the frames the engine produced from the last burst and reads
 * the next burst from several TAPs. A frame forwarded in place is written
 * from the buffer it was read into (no copy); anything else the engine
 * sends (ICMP, fragments, ARP) is copied into a send buffer, but for a
 * large one (joined segments, a run of ESP in UDP), which is written at
 * once together with what is queued: one system call costs less than
 * copying it.
 *
 * Contract: used by the dataplane worker thread only. Frames returned by
 * burst_frame stay valid until the next burst_read. burst_write queues a
 * frame; the next burst_read or burst_flush sends it (burst_write flushes
 * by itself when the queue is full, and sends a large frame of the
 * caller's with the queue at once: the caller may reuse its memory when
 * burst_write returns). Each write that failed is reported
 * through the callback given at creation, by burst_flush or, for the
 * writes burst_read sent, by the next burst_report: so the caller chooses
 * the lock it runs under. Call burst_flush before waiting for the ports to
 * become readable. A read with nothing waiting ends at once (RWF_NOWAIT:
 * the TAP driver supports it).
 *
 * One port may be bare (burst_set_bare: the engine's virtual port,
 * engine.h, whose frames go through the rings of vport.h, not a
 * descriptor): its reads take frames from the ring toward the engine, in
 * the engine's usual layout (vport_read), and its writes go into the ring
 * toward the control thread at once; a full ring fails the write,
 * reported with the frame's length as for any port. It is known by a
 * descriptor the caller polls for it (the ring's doorbell).
 */
#ifndef VGW_BURST_H
#define VGW_BURST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/pkt.h"
#include "lib/strbuf.h"

/* Bounds of burst I/O. */
#define BURST_MAX	64	/* frames read per burst, over all ports */
#define BURST_PORT_BYTES (512u << 10)	/* about the most one port's frames
					 * fill in a burst (dataplane.c): 64
					 * offloaded frames would be 4 MiB, some
					 * milliseconds of work during which the
					 * acknowledgements on the other ports wait */
#define BURST_COPIES	64	/* send copies; all in use: the queue is sent */
#define BURST_WRITE_NOW	(16u << 10)	/* bytes from which a frame the engine
					 * built is written at once, with the
					 * queue, rather than copied (burst.c) */
#define BURST_RING	256	/* io_uring entries; failed writes past it go uncounted */

struct burst;
struct vport;

typedef void (*burst_failed_fn)(void *arg, unsigned port, size_t len);

/* NULL with the reason in err (no io_uring here, or no memory). */
struct burst	*burst_new(burst_failed_fn, void *arg, struct strbuf *err);
void		 burst_free(struct burst *);

/*
 * Sends the queued writes and reads up to count[i] frames from each
 * descriptor fd[i] (port port[i]), BURST_MAX in all, in one system call;
 * sets count[i] to the frames it found and bytes[i] to their bytes (as
 * burst_frame gives them). Returns how many reads there were (each port's
 * in order).
 */
unsigned	 burst_read(struct burst *, const int *fd, const unsigned *port,
		    unsigned *count, size_t *bytes, unsigned n);
/* Read i of the last burst: the frame, its port and descriptor, bytes
 * and offload header; NULL if that read found nothing. */
uint8_t		*burst_frame(struct burst *, unsigned i, unsigned *port, int *fd,
		    size_t *len, struct pkt_offload **off);
void		 burst_write(struct burst *, int fd, unsigned port, const uint8_t *frame,
		    size_t len, const struct pkt_offload *off);
void		 burst_flush(struct burst *);
/* Makes the port known by fd bare, its frames through v (see above). */
void		 burst_set_bare(struct burst *, int fd, struct vport *v);
void		 burst_report(struct burst *);

#endif
