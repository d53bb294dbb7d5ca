/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_queue - the IKE datagrams for the router on their way from the
 * engine to the control thread (the IKE daemon): a bounded
 * single-producer, single-consumer ring of copies, and the note that
 * says the consumer must be woken.
 *
 * Contract
 * - Lock-free (C11 atomics); neither side ever blocks or allocates.
 * - One producer at a time: whoever runs the engine (the dataplane worker,
 *   or a thread holding the engine lock; the lock orders them). One
 *   consumer: the control thread, without the engine lock.
 * - Bounded: IKE_QUEUE_SLOTS datagrams of at most IKE_DGRAM_MAX payload
 *   bytes. A datagram that finds the ring full is not queued (the engine
 *   counts the drop); nothing else is ever lost.
 * - A datagram holds copies, never a pointer into a frame.
 * - Waking the consumer: a put that finds the consumer done with every
 *   datagram before it notes so; the producer's thread takes the note
 *   once per burst (ike_queue_take_wakeup) and signals the consumer.
 *   The consumer, once woken, gets datagrams until ike_queue_get finds
 *   none; any datagram put after that point finds the ring drained and
 *   notes a wake-up again, so none is left waiting unsignalled.
 * - Memory ordering: the slot is written before head is stored and read
 *   before tail is stored (release stores, acquire loads, as in
 *   drop_ring). The wake-up rule needs more: the producer stores head
 *   then loads tail, the consumer stores tail then loads head, and all
 *   four are sequentially consistent, so that both sides cannot each miss
 *   the other's store (with release/acquire alone they could: the
 *   consumer would see no new datagram and the producer a datagram not
 *   yet taken, and nobody would signal).
 */
#ifndef VGW_IKE_QUEUE_H
#define VGW_IKE_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Bounds and ports of the router's IKE (all of them here). */
#define IKE_PORT		500
#define IKE_NATT_PORT		4500	/* RFC 3948: ipsec/esp.h's ESP_NATT_PORT */
#define IKE_NON_ESP_MARKER	4	/* zero bytes before IKE on 4500 */
#define IKE_NATT_KEEPALIVE	0xff	/* RFC 3948 §2.3: a NAT-T keepalive's byte */
#define IKE_DGRAM_MAX		8192	/* payload bytes; larger ones are dropped */
#define IKE_QUEUE_SLOTS		256	/* datagrams; a power of two */

/* One IKE datagram, received (from the queue) or to send. */
struct ike_dgram {
	uint32_t	 src, dst;	/* IPv4 addresses, host byte order */
	uint16_t	 sport, dport;	/* UDP ports, host byte order */
	uint16_t	 len;		/* payload bytes in data */
	bool		 natt;		/* received on 4500, its non-ESP marker
					 * removed; not read by a send, which
					 * puts the marker in whenever a port
					 * is 4500 */
	uint8_t		 data[IKE_DGRAM_MAX];	/* the IKE message */
};

struct ike_queue {
	atomic_uint	 head;		/* written by the producer: datagrams put */
	atomic_uint	 tail;		/* written by the consumer: datagrams got */
	bool		 wakeup;	/* the producer's: a put found the ring drained */
	struct ike_dgram slot[IKE_QUEUE_SLOTS];
};

/* Producer: the slot to fill in, or NULL when the ring is full. It is
 * not the consumer's until ike_queue_publish. */
struct ike_dgram *ike_queue_slot(struct ike_queue *);
/* Producer: hands the slot ike_queue_slot gave to the consumer. */
void		 ike_queue_publish(struct ike_queue *);
/* Producer: whether a put found the ring drained since the last call. */
bool		 ike_queue_take_wakeup(struct ike_queue *);
/* Consumer: the oldest datagram (its header and len bytes of data);
 * false if there is none. */
bool		 ike_queue_get(struct ike_queue *, struct ike_dgram *);

#endif
