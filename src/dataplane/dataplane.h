/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dataplane - the engine at work: one TAP device per configured interface,
 * a worker thread that moves frames between them through the engine, and
 * the two-step commit that gives the engine a new snapshot without
 * dropping a packet.
 *
 * Commit: dataplane_prepare() does everything that can fail (creating the
 * TAPs of new interfaces, building the snapshot) and changes nothing the
 * worker sees; dataplane_commit() then cannot fail: under the engine lock
 * it swaps the snapshot in, gives new ports their slots and retires
 * removed ones. dataplane_abandon() undoes a prepare.
 *
 * The punt path (punt.h) is opened at start when the namespace allows it;
 * its device is polled as port ENGINE_PORT_PUNT.
 *
 * The virtual port of the SSL-VPN users (engine.h, vport.h) is a pair of
 * rings in memory made at start and kept for the dataplane's life: the
 * worker polls the doorbell of the one toward the engine as port
 * SNAP_PORT_VPORT, whether or not the snapshot has the port (while it
 * does not, the engine drops and counts what comes), and takes its
 * packets in the same bursts as the TAPs' frames (burst.h: no system
 * call per packet). What the engine routes to the port goes into the
 * other ring without waiting: when it is full the packet is dropped and
 * counted as a transmit failure (TX_ERROR, the port's output errors).
 *
 * Locking: the worker holds the engine lock while it handles one burst of
 * frames; the control thread holds it only to swap a snapshot, to copy
 * out counters and tables (dataplane_lock), or to send one IKE datagram.
 * Neither ever blocks on I/O while holding it. The drop records of `debug
 * engine` and the IKE datagrams for the router come to the control thread
 * without it, through the engine's lock-free rings.
 *
 * IKE (engine.h, engine/ike_queue.h): the control thread's IKE daemon
 * uses these calls as it would a UDP socket bound to ports 500 and 4500
 * of every interface address; the kernel takes no part. It polls
 * dataplane_ike_fd for POLLIN, then calls dataplane_ike_drain until it
 * returns fewer than it asked for: the worker signals the descriptor once
 * per burst, and only when the queue went from drained to not, so a
 * consumer that stops early waits for nothing.
 */
#ifndef VGW_DATAPLANE_H
#define VGW_DATAPLANE_H

#include <stdint.h>

#include "config/config.h"
#include "engine/engine.h"
#include "route/rib.h"
#include "lib/strbuf.h"

/* Bounds of the dataplane; its ports are engine/snapshot.h's SNAP_MAX_PORTS,
 * its bursts burst.h's, its punt path punt.h's. */
#define DP_MAX_CAPTURES	8	/* captures at once; one more fails to start */

struct dataplane;
struct dp_change;
struct vport;

/* seed makes the ports' default MACs stable and unique to this router
 * (vgwd passes its state directory). NULL with a reason in err. */
struct dataplane *dataplane_new(const char *seed, struct strbuf *err);
void		 dataplane_free(struct dataplane *);

/* NULL with one line per problem in err when a TAP cannot be created. c
 * must stay alive until dataplane_commit (it becomes running). The rib
 * must stay alive until the next commit's old snapshot is freed (the
 * router frees the previous RIB only after dataplane_commit). */
struct dp_change *dataplane_prepare(struct dataplane *, const struct config *,
		    const struct rib *, struct strbuf *err);
void		 dataplane_commit(struct dataplane *, struct dp_change *);
void		 dataplane_abandon(struct dataplane *, struct dp_change *);

/* The engine, for reading counters and tables; hold the lock briefly. */
struct engine	*dataplane_lock(struct dataplane *);
void		 dataplane_unlock(struct dataplane *);
/* A port's slot for an interface name, or -1 (lock held). */
int		 dataplane_slot(struct dataplane *, const char *ifname);
/* The interface and TAP names and MAC of a slot (lock held); false if the
 * slot is free. */
bool		 dataplane_port(struct dataplane *, unsigned slot, const char **ifname,
		    const char **tap, uint8_t mac[6]);
/*
 * monitor capture: start writes every matching frame of the interface's
 * port to cfg->file until the limit or stop (at most DP_MAX_CAPTURES run
 * at once; a capture whose interface loses its port is stopped at that
 * commit).
 * start: -1 with the reason in err. stop: -1 if it was not running; the
 * number of packets written in *count.
 */
int		 dataplane_capture_start(struct dataplane *, const struct cfg_capture *,
		    struct strbuf *err);
int		 dataplane_capture_stop(struct dataplane *, const char *name, uint64_t *count);
/* Whether it runs; its packets so far and whether its limit was reached. */
bool		 dataplane_capture_status(struct dataplane *, const char *name,
		    uint64_t *count, bool *full);
/* Whether the punt path to the kernel runs (the router can send). */
bool		 dataplane_has_punt(const struct dataplane *);
/* On the control thread's tick: the engine's drop records as `debug
 * engine` lines, and how many the full ring lost. While the category is
 * off they are read and discarded: nothing of them follows `undebug`. */
void		 dataplane_debug_drain(struct dataplane *);
/* IKE: the descriptor (an eventfd) to poll for datagrams; never closed
 * before dataplane_free. */
int		 dataplane_ike_fd(const struct dataplane *);
/* Control thread, no lock: clears the descriptor's signal, then copies
 * up to max datagrams out of the queue, oldest first; how many. */
size_t		 dataplane_ike_drain(struct dataplane *, struct ike_dgram *out, size_t max);
/* Control thread: engine_ike_send and engine_ike_keepalive under the
 * engine lock (one packet built and written; an unresolved neighbour
 * queues it). 0, or -1 with errno as they say. */
int		 dataplane_ike_send(struct dataplane *, const struct ike_dgram *);
int		 dataplane_ike_keepalive(struct dataplane *, uint32_t src, uint32_t dst,
		    uint16_t dport);
/*
 * SSL-VPN: the engine's virtual port as the control thread sees it, two
 * rings of datagrams (vport.h), each one IPv4 packet. Into to_engine, a
 * user's packet after a struct virtio_net_hdr (<linux/virtio_net.h>, host
 * byte order, offsets from the IPv4 header): all zero, or a TCP packet
 * merged from segments as a TSO frame (NEEDS_CSUM, GSO_TCPV4); out of
 * to_control, a packet the engine routed to the address pool, after
 * ETH_HLEN_ bytes of room the reader may overwrite. Valid for the
 * dataplane's life. A datagram is lost when its ring is full (written: the
 * reservation fails; read: the engine counts a transmit failure).
 */
struct vport	*dataplane_vport(struct dataplane *);
/* Milliseconds on the engine's clock. */
uint64_t	 dataplane_now_ms(void);

#endif
