/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * burst - frame I/O in bursts over io_uring (see burst.h). Reads are
 * submitted together with RWF_NOWAIT and complete at once (io_uring would
 * otherwise wait on an empty TAP even though it is non-blocking: a read
 * with nothing waiting must end with EAGAIN). Writes queue as SQEs and go
 * in the same io_uring_enter as the next burst's reads, which is why there
 * are two sets of read buffers: the writes still point into one while the
 * reads fill the other. The virtual port's frames go through its rings
 * (vport.h) at once, outside io_uring: no system call.
 */
#include "burst.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>

#include "vport.h"

#define TAG_READ	(1ull << 63)

/* A frame with its offload header right before it, as a TAP reads and
 * writes them. */
struct frame_buf {
	struct pkt_offload	 off;
	uint8_t			 frame[65550];
} __attribute__((packed));

struct burst {
	struct io_uring		 ring;
	burst_failed_fn		 failed;
	void			*arg;
	struct frame_buf	*set[2];	/* BURST_MAX each */
	struct frame_buf	*rx;		/* the set the last burst read into */
	unsigned		 rx_port[BURST_MAX];
	int			 rx_fd[BURST_MAX];
	int			 rx_len[BURST_MAX];	/* bytes read, or -errno */
	unsigned		 nrx;
	struct frame_buf	*copy;		/* BURST_COPIES */
	unsigned		 ncopy;
	unsigned		 nwrites;	/* queued, not yet sent */
	unsigned		 fail_port[BURST_RING];	/* writes that failed, */
	size_t			 fail_len[BURST_RING];	/* not reported yet */
	unsigned		 nfail;
	int			 bare_fd;	/* burst_set_bare's, or -1 */
	struct vport		*bare;
};

struct burst *
burst_new(burst_failed_fn failed, void *arg, struct strbuf *err)
{
	struct burst *b = calloc(1, sizeof(*b));
	int rc;

	if (b == NULL || (b->set[0] = calloc(BURST_MAX, sizeof(*b->rx))) == NULL ||
	    (b->set[1] = calloc(BURST_MAX, sizeof(*b->rx))) == NULL ||
	    (b->copy = calloc(BURST_COPIES, sizeof(*b->copy))) == NULL) {
		strbuf_puts(err, "out of memory for frame buffers");
		goto fail;
	}
	if ((rc = io_uring_queue_init(BURST_RING, &b->ring, 0)) != 0) {
		strbuf_printf(err, "io_uring: %s", strerror(-rc));
		goto fail;
	}
	b->rx = b->set[0];
	b->bare_fd = -1;
	b->failed = failed;
	b->arg = arg;
	return b;
fail:
	if (b != NULL) {
		free(b->set[0]);
		free(b->set[1]);
		free(b->copy);
		free(b);
	}
	return NULL;
}

void
burst_free(struct burst *b)
{
	if (b == NULL)
		return;
	io_uring_queue_exit(&b->ring);
	free(b->set[0]);
	free(b->set[1]);
	free(b->copy);
	free(b);
}

/* A write that failed, reported as the frame the engine sent. */
static void
write_failed(struct burst *b, unsigned port, size_t len)
{
	if (b->nfail < BURST_RING) {
		b->fail_port[b->nfail] = port;
		b->fail_len[b->nfail++] = len;
	}
}

/* Submits what is queued and takes every completion. */
static void
complete(struct burst *b, unsigned expect)
{
	struct io_uring_cqe *cqe;
	unsigned got = 0;
	uint64_t tag;

	while (io_uring_submit_and_wait(&b->ring, expect) == -EINTR)
		;
	while (got < expect && io_uring_wait_cqe(&b->ring, &cqe) == 0) {
		tag = cqe->user_data;
		if (tag & TAG_READ)
			b->rx_len[tag & 0xff] = cqe->res;
		else if (cqe->res < 0 || (uint32_t)cqe->res != (uint32_t)tag)
			write_failed(b, (unsigned)(tag >> 32 & 0xffff),
			    (uint32_t)tag - sizeof(struct pkt_offload));
		io_uring_cqe_seen(&b->ring, cqe);
		got++;
	}
}

void
burst_set_bare(struct burst *b, int fd, struct vport *v)
{
	b->bare_fd = fd;
	b->bare = v;
}

/* A frame from the bare port's ring into f: its length as a read's
 * (the offload header counted), -EAGAIN when the ring is empty. */
static int
bare_read(struct burst *b, struct frame_buf *f)
{
	size_t len;

	if (!vport_read(b->bare, &f->off, f->frame, sizeof(f->frame), &len))
		return -EAGAIN;
	return (int)(sizeof(f->off) + len);
}

unsigned
burst_read(struct burst *b, const int *fd, const unsigned *port, unsigned *count,
    size_t *bytes, unsigned n)
{
	struct frame_buf *rx = b->rx == b->set[0] ? b->set[1] : b->set[0];
	unsigned i, k, nrx = 0, nreads = 0, nwrites = b->nwrites;
	struct io_uring_sqe *sqe;

	for (i = 0; i < n; i++) {
		for (k = 0; k < count[i] && nrx < BURST_MAX &&
		    io_uring_sq_space_left(&b->ring) > 0; k++) {
			b->rx_fd[nrx] = fd[i];
			b->rx_port[nrx] = i;
			if (fd[i] == b->bare_fd) {
				b->rx_len[nrx] = bare_read(b, &rx[nrx]);
				nrx++;
				continue;
			}
			sqe = io_uring_get_sqe(&b->ring);
			io_uring_prep_read(sqe, fd[i], &rx[nrx], sizeof(rx[0]), 0);
			/* an empty TAP must end the read, not park it */
			sqe->rw_flags = RWF_NOWAIT;
			io_uring_sqe_set_data64(sqe, TAG_READ | nrx);
			nrx++;
			nreads++;
		}
		if (fd[i] == b->bare_fd)	/* what it left wakes the next poll */
			dgram_ring_pause(b->bare->to_engine);
	}
	b->rx = rx;
	b->nrx = nrx;
	b->nwrites = 0;
	b->ncopy = 0;
	complete(b, nwrites + nreads);
	for (i = 0, k = 0; i < n; i++) {
		for (count[i] = 0, bytes[i] = 0; k < nrx && b->rx_port[k] == i; k++) {
			if (b->rx_len[k] >= (int)sizeof(rx[k].off)) {
				count[i]++;
				bytes[i] += (size_t)b->rx_len[k] - sizeof(rx[k].off);
			}
			b->rx_port[k] = port[i];
		}
	}
	return nrx;
}

uint8_t *
burst_frame(struct burst *b, unsigned i, unsigned *port, int *fd, size_t *len,
    struct pkt_offload **off)
{
	if (b->rx_len[i] < (int)sizeof(b->rx[i].off))
		return NULL;		/* nothing was waiting */
	*port = b->rx_port[i];
	*fd = b->rx_fd[i];
	*len = (size_t)b->rx_len[i] - sizeof(b->rx[i].off);
	*off = &b->rx[i].off;
	return b->rx[i].frame;
}

/* The read buffer of the last burst that holds frame, or NULL. */
static struct frame_buf *
own_buffer(struct burst *b, const uint8_t *frame)
{
	uintptr_t base = (uintptr_t)b->rx[0].frame, at = (uintptr_t)frame;

	if (at < base || (at - base) % sizeof(b->rx[0]) != 0 ||
	    (at - base) / sizeof(b->rx[0]) >= b->nrx)
		return NULL;
	return &b->rx[(at - base) / sizeof(b->rx[0])];
}

/* A large frame in the caller's memory, which is not kept: written from
 * there (sqe, tagged and counted) with the writes queued before it, in
 * order, and all of them completed at once, instead of copied. A TAP
 * takes a write at once, so the system call waits for nothing. */
static void
write_now(struct burst *b, struct io_uring_sqe *sqe, int fd, const uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct iovec iov[2] = {
		{ (void *)(uintptr_t)off, sizeof(*off) },
		{ (void *)(uintptr_t)frame, len },
	};
	unsigned n = b->nwrites;

	io_uring_prep_writev(sqe, fd, iov, 2, 0);
	b->nwrites = 0;
	b->ncopy = 0;
	complete(b, n);
}

void
burst_write(struct burst *b, int fd, unsigned port, const uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct io_uring_sqe *sqe;
	struct frame_buf *f;

	if (fd == b->bare_fd) {
		if (!vport_write(b->bare, frame, len))
			write_failed(b, port, len);
		return;
	}
	/* room for the next burst's reads must stay in the ring */
	if (b->ncopy == BURST_COPIES ||
	    io_uring_sq_space_left(&b->ring) <= BURST_MAX)
		burst_flush(b);
	sqe = io_uring_get_sqe(&b->ring);
	io_uring_sqe_set_data64(sqe, (uint64_t)port << 32 | (sizeof(*off) + len));
	b->nwrites++;
	if ((f = own_buffer(b, frame)) == NULL && len >= BURST_WRITE_NOW) {
		write_now(b, sqe, fd, frame, len, off);
		return;
	}
	if (f == NULL) {
		f = &b->copy[b->ncopy++];
		memcpy(f->frame, frame, len);
	}
	if (&f->off != off)
		memcpy(&f->off, off, sizeof(*off));
	io_uring_prep_write(sqe, fd, f, (unsigned)(sizeof(f->off) + len), 0);
}

void
burst_flush(struct burst *b)
{
	unsigned n = b->nwrites;

	b->nwrites = 0;
	b->ncopy = 0;
	if (n > 0)
		complete(b, n);
	burst_report(b);
}

void
burst_report(struct burst *b)
{
	unsigned i;

	for (i = 0; i < b->nfail; i++)
		b->failed(b->arg, b->fail_port[i], b->fail_len[i]);
	b->nfail = 0;
}
