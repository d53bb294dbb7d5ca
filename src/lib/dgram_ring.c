/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dgram_ring - datagrams between two threads in the process's memory (see
 * dgram_ring.h). Each record is a header (the datagram's length) and the
 * datagram, padded to DGRAM_RING_ALIGN; a record never wraps: when the
 * room left at the end is too short, a marker there sends the consumer to
 * the start. head and tail count bytes since creation (written by the
 * producer and the consumer alone); their difference is what is in use.
 * Both are sequentially consistent, so that of a commit and a drain that
 * cross, one sees the other: the producer, after publishing, finds the
 * tail where its record began (the ring was empty: ring) or the consumer,
 * after its last pop, finds the new head.
 */
#include "dgram_ring.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define HDR		DGRAM_RING_ALIGN	/* a record's header, in bytes */
#define WRAP		UINT32_MAX		/* header of the marker */

struct dgram_ring {
	_Atomic size_t	 head;		/* producer's */
	_Atomic size_t	 tail;		/* consumer's */
	size_t		 bytes;
	size_t		 skip;		/* reserved: bytes of marker before it */
	int		 fd;
	uint8_t		*buf;
};

static size_t
record_size(size_t len)
{
	return HDR + (len + DGRAM_RING_ALIGN - 1) / DGRAM_RING_ALIGN * DGRAM_RING_ALIGN;
}

struct dgram_ring *
dgram_ring_new(size_t bytes, struct strbuf *err)
{
	struct dgram_ring *r = calloc(1, sizeof(*r));

	if (r == NULL || bytes == 0 || bytes % DGRAM_RING_ALIGN != 0 ||
	    (r->buf = aligned_alloc(DGRAM_RING_ALIGN, bytes)) == NULL) {
		strbuf_puts(err, "out of memory for a packet ring");
		goto fail;
	}
	if ((r->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		strbuf_printf(err, "eventfd: %s", strerror(errno));
		goto fail;
	}
	r->bytes = bytes;
	return r;
fail:
	if (r != NULL)
		free(r->buf);
	free(r);
	return NULL;
}

void
dgram_ring_free(struct dgram_ring *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->buf);
	free(r);
}

int
dgram_ring_fd(const struct dgram_ring *r)
{
	return r->fd;
}

static void
ring(struct dgram_ring *r)
{
	uint64_t one = 1;

	(void)!write(r->fd, &one, sizeof(one));
}

void *
dgram_ring_reserve(struct dgram_ring *r, size_t len)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t used = head - atomic_load(&r->tail), need = record_size(len);
	size_t at = head % r->bytes, end = r->bytes - at;

	if (len >= WRAP || need > r->bytes)
		return NULL;
	r->skip = end < need ? end : 0;
	if (used + r->skip + need > r->bytes)
		return NULL;
	return r->buf + (r->skip > 0 ? 0 : at) + HDR;
}

void
dgram_ring_commit(struct dgram_ring *r, size_t len)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t at = head % r->bytes;
	uint32_t mark = WRAP, n = (uint32_t)len;

	if (r->skip > 0) {
		memcpy(r->buf + at, &mark, sizeof(mark));
		at = 0;
	}
	memcpy(r->buf + at, &n, sizeof(n));
	atomic_store(&r->head, head + r->skip + record_size(len));
	if (atomic_load(&r->tail) == head)
		ring(r);
}

/* The consumer's position past any marker; false when the ring is empty. */
static bool
oldest(struct dgram_ring *r, size_t *at, uint32_t *len)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);

	for (;;) {
		if (tail == atomic_load(&r->head))
			return false;
		*at = tail % r->bytes;
		memcpy(len, r->buf + *at, sizeof(*len));
		if (*len != WRAP)
			return true;
		tail += r->bytes - *at;
		atomic_store(&r->tail, tail);
	}
}

void *
dgram_ring_peek(struct dgram_ring *r, size_t *len)
{
	uint32_t n;
	size_t at;

	if (!oldest(r, &at, &n))
		return NULL;
	*len = n;
	return r->buf + at + HDR;
}

void
dgram_ring_pop(struct dgram_ring *r)
{
	uint32_t n;
	size_t at;

	if (oldest(r, &at, &n))
		atomic_store(&r->tail, atomic_load_explicit(&r->tail,
		    memory_order_relaxed) + record_size(n));
}

void
dgram_ring_quiet(struct dgram_ring *r)
{
	uint64_t junk;

	(void)!read(r->fd, &junk, sizeof(junk));
}

void
dgram_ring_pause(struct dgram_ring *r)
{
	size_t len;

	if (dgram_ring_peek(r, &len) != NULL)
		ring(r);
}
