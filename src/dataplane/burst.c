/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * burst - frame I/O in bursts over io_uring (see burst.h). Reads are
 * submitted together with RWF_NOWAIT and complete at once (io_uring would
 * otherwise wait on an empty TAP even though it is non-blocking: a read
 * with nothing waiting must end with EAGAIN). Writes queue as SQEs and go
 * in the same io_uring_enter as the next burst's reads, which is why there
 * are two sets of read buffers: the writes still point into one while the
 * reads fill the other. Writes to the bare descriptor carry RWF_NOWAIT as
 * well: a write to a full socket must fail, never be parked by io_uring
 * until the reader drains it (the burst would wait on the control thread);
 * the descriptor's O_NONBLOCK says as much to recent kernels only.
 */
#include "burst.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>

#define TAG_READ	(1ull << 63)
#define TAG_BARE	(1ull << 62)	/* a write to the bare descriptor */

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
	struct iovec		 bare_iov[BURST_MAX][2];	/* its reads' */
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
		else if ((cqe->res < 0 || (uint32_t)cqe->res != (uint32_t)tag) &&
		    b->nfail < BURST_RING) {
			/* reported as the frame the engine sent */
			b->fail_port[b->nfail] = (unsigned)(tag >> 32 & 0xffff);
			b->fail_len[b->nfail++] = tag & TAG_BARE ?
			    (uint32_t)tag + ETH_HLEN_ :
			    (uint32_t)tag - sizeof(struct pkt_offload);
		}
		io_uring_cqe_seen(&b->ring, cqe);
		got++;
	}
}

void
burst_set_bare(struct burst *b, int fd)
{
	b->bare_fd = fd;
}

/* Read k of the bare descriptor, its offload header in place and its
 * packet after the room for an Ethernet header: the room zeroed and
 * counted; an empty datagram is nothing, a shorter one than the header
 * an empty frame. */
static void
bare_read(struct burst *b, struct frame_buf *f, unsigned k)
{
	if (b->rx_len[k] <= 0) {
		b->rx_len[k] = -EAGAIN;
		return;
	}
	if (b->rx_len[k] < (int)sizeof(f->off)) {
		memset(&f->off, 0, sizeof(f->off));
		b->rx_len[k] = (int)sizeof(f->off);
		return;
	}
	memset(f->frame, 0, ETH_HLEN_);
	b->rx_len[k] += ETH_HLEN_;
}

unsigned
burst_read(struct burst *b, const int *fd, const unsigned *port, unsigned *count,
    size_t *bytes, unsigned n)
{
	struct frame_buf *rx = b->rx == b->set[0] ? b->set[1] : b->set[0];
	unsigned i, k, nrx = 0, nwrites = b->nwrites;
	struct io_uring_sqe *sqe;

	for (i = 0; i < n; i++)
		for (k = 0; k < count[i] && nrx < BURST_MAX &&
		    (sqe = io_uring_get_sqe(&b->ring)) != NULL; k++) {
			if (fd[i] == b->bare_fd) {
				b->bare_iov[nrx][0] = (struct iovec){ &rx[nrx].off,
				    sizeof(rx[0].off) };
				b->bare_iov[nrx][1] = (struct iovec){ rx[nrx].frame + ETH_HLEN_,
				    sizeof(rx[0].frame) - ETH_HLEN_ };
				io_uring_prep_readv(sqe, fd[i], b->bare_iov[nrx], 2, 0);
			} else
				io_uring_prep_read(sqe, fd[i], &rx[nrx], sizeof(rx[0]), 0);
			/* an empty TAP must end the read, not park it */
			sqe->rw_flags = RWF_NOWAIT;
			io_uring_sqe_set_data64(sqe, TAG_READ | nrx);
			b->rx_fd[nrx] = fd[i];
			b->rx_port[nrx++] = i;
		}
	b->rx = rx;
	b->nrx = nrx;
	b->nwrites = 0;
	b->ncopy = 0;
	complete(b, nwrites + nrx);
	for (i = 0, k = 0; i < n; i++) {
		for (count[i] = 0, bytes[i] = 0; k < nrx && b->rx_port[k] == i; k++) {
			if (b->rx_fd[k] == b->bare_fd)
				bare_read(b, &rx[k], k);
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

void
burst_write(struct burst *b, int fd, unsigned port, const uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct io_uring_sqe *sqe;
	struct frame_buf *f;

	/* room for the next burst's reads must stay in the ring */
	if (b->ncopy == BURST_COPIES ||
	    io_uring_sq_space_left(&b->ring) <= BURST_MAX)
		burst_flush(b);
	if ((f = own_buffer(b, frame)) == NULL) {
		f = &b->copy[b->ncopy++];
		memcpy(f->frame, frame, len);
	}
	sqe = io_uring_get_sqe(&b->ring);
	if (fd == b->bare_fd) {
		io_uring_prep_write(sqe, fd, f->frame + ETH_HLEN_,
		    (unsigned)(len - ETH_HLEN_), 0);
		sqe->rw_flags = RWF_NOWAIT;	/* a full socket must fail it */
		io_uring_sqe_set_data64(sqe, TAG_BARE | (uint64_t)port << 32 |
		    (len - ETH_HLEN_));
	} else {
		if (&f->off != off)
			memcpy(&f->off, off, sizeof(*off));
		io_uring_prep_write(sqe, fd, f, (unsigned)(sizeof(f->off) + len), 0);
		io_uring_sqe_set_data64(sqe, (uint64_t)port << 32 | (sizeof(f->off) + len));
	}
	b->nwrites++;
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
