/*
 * burst - the dataplane's frame I/O in bursts over io_uring: one system
 * call reads a burst of frames from several TAPs, one more sends every
 * frame the engine produced from them. A frame forwarded in place is
 * written from the buffer it was read into (no copy); anything else the
 * engine sends (ICMP, fragments, ARP) is copied into a send buffer.
 *
 * Contract: used by the dataplane worker thread only. Frames returned by
 * burst_read stay valid until the next burst_read; burst_write queues,
 * burst_flush sends (it is also called by burst_write when the queue is
 * full) and reports each write that failed through the callback given at
 * creation. A read with nothing waiting ends that port's share of the
 * burst (RWF_NOWAIT: the TAP driver supports it).
 */
#ifndef VGW_BURST_H
#define VGW_BURST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pkt.h"
#include "strbuf.h"

#define BURST_MAX	64	/* frames read per burst, over all ports */

struct burst;

typedef void (*burst_failed_fn)(void *arg, unsigned port, size_t len);

/* NULL with the reason in err (no io_uring here, or no memory). */
struct burst	*burst_new(burst_failed_fn, void *arg, struct strbuf *err);
void		 burst_free(struct burst *);

/*
 * Reads up to BURST_MAX frames, shared out among the n descriptors
 * (fd[i] is port port[i]). Returns how many reads there were (each port's
 * in order); *more is set when some port filled its share (frames are
 * likely still waiting).
 */
unsigned	 burst_read(struct burst *, const int *fd, const unsigned *port,
		    unsigned n, bool *more);
/* Read i of the last burst: the frame, its port and descriptor, bytes
 * and offload header; NULL if that read found nothing. */
uint8_t		*burst_frame(struct burst *, unsigned i, unsigned *port, int *fd,
		    size_t *len, struct pkt_offload **off);
void		 burst_write(struct burst *, int fd, unsigned port, const uint8_t *frame,
		    size_t len, const struct pkt_offload *off);
void		 burst_flush(struct burst *);

#endif
