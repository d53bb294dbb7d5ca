/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_queue - the lock-free ring that carries IKE datagrams from the
 * engine to the control thread; see ike_queue.h for the rule that wakes
 * the consumer and the memory ordering it needs.
 */
#include "ike_queue.h"

#include <stddef.h>
#include <string.h>

_Static_assert((IKE_QUEUE_SLOTS & (IKE_QUEUE_SLOTS - 1)) == 0,
    "IKE_QUEUE_SLOTS is a power of two: indices wrap with the counters");
_Static_assert(IKE_DGRAM_MAX <= UINT16_MAX, "a datagram's len holds IKE_DGRAM_MAX");

struct ike_dgram *
ike_queue_slot(struct ike_queue *q)
{
	unsigned head = atomic_load_explicit(&q->head, memory_order_relaxed);

	/* acquire: the consumer is done with the slot it gave back */
	if (head - atomic_load_explicit(&q->tail, memory_order_acquire) ==
	    IKE_QUEUE_SLOTS)
		return NULL;
	return &q->slot[head % IKE_QUEUE_SLOTS];
}

void
ike_queue_publish(struct ike_queue *q)
{
	unsigned head = atomic_load_explicit(&q->head, memory_order_relaxed);

	/* seq_cst store, then seq_cst load (ike_queue.h): the datagram is
	 * whole before the consumer sees it, and if the consumer had taken
	 * everything before it, this load sees so */
	atomic_store(&q->head, head + 1);
	if (atomic_load(&q->tail) == head)
		q->wakeup = true;
}

bool
ike_queue_take_wakeup(struct ike_queue *q)
{
	bool w = q->wakeup;

	q->wakeup = false;
	return w;
}

bool
ike_queue_get(struct ike_queue *q, struct ike_dgram *out)
{
	unsigned tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
	const struct ike_dgram *d;

	/* seq_cst: pairs with ike_queue_publish (and acquires the slot) */
	if (tail == atomic_load(&q->head))
		return false;
	d = &q->slot[tail % IKE_QUEUE_SLOTS];
	memcpy(out, d, offsetof(struct ike_dgram, data));
	memcpy(out->data, d->data, d->len);
	/* seq_cst: the slot is read before the producer may reuse it, and
	 * this store precedes the next load of head */
	atomic_store(&q->tail, tail + 1);
	return true;
}
