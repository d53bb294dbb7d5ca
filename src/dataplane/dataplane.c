/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dataplane - TAP ports, the worker thread, and the commit of a new
 * snapshot (see dataplane.h).
 */
#include "dataplane.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "burst.h"
#include "capture.h"
#include "engine/drop_ring.h"
#include "lib/debug.h"
#include "lib/log.h"
#include "punt.h"
#include "engine/snapshot.h"
#include "tap.h"
#include "vport.h"

#define DP_TICK_MS	100
/* what the worker polls: the wake-up, the punt path, the virtual port and
 * the interfaces */
#define DP_POLL_MAX	(SNAP_MAX_PORTS + 3)

struct dp_port {
	bool		 used;
	int		 fd;
	bool		 up;
	uint8_t		 mac[6];	/* its own, unless configured */
	char		 ifname[CFG_NAME_MAX];
	char		 tap[CFG_TAP_MAX + 1];
};

struct dataplane {
	pthread_mutex_t	 lock;
	pthread_t	 worker;
	atomic_bool	 stop;
	int		 wake_fd;
	int		 ike_fd;	/* signalled when IKE datagrams wait */
	struct vport	 vport;		/* the virtual port's rings */
	struct punt	*punt;		/* NULL: no punt path */
	struct engine	*engine;
	struct dp_port	 port[SNAP_MAX_PORTS];
	uint64_t	 ports_gen;	/* changes whenever a port's fd does */
	uint64_t	 seen_gen;	/* the ports_gen the worker works with */
	pthread_cond_t	 seen;		/* seen_gen changed, or worker_done */
	bool		 worker_done;
	uint64_t	 snap_gen;
	struct capture	*capture[DP_MAX_CAPTURES];
	int		 capture_slot[DP_MAX_CAPTURES];
	unsigned	 ncaptures;
	char		*seed;
	struct burst	*burst;		/* the worker's frame I/O */
	uint8_t		 capture_buf[ETH_HLEN_ + 65536];	/* a datagram cut for them */
};

struct dp_change {
	const struct config *config;
	struct snapshot	*snap;
	struct dp_port	 port[SNAP_MAX_PORTS];
	bool		 opened[SNAP_MAX_PORTS];	/* fd created by prepare */
	int		 retire[SNAP_MAX_PORTS];	/* fds to close at commit */
	unsigned	 nretire;
};

uint64_t
dataplane_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
offer(struct dataplane *dp, unsigned slot, enum cfg_direction dir,
    const uint8_t *frame, size_t len)
{
	unsigned i;

	for (i = 0; i < DP_MAX_CAPTURES; i++)
		if (dp->capture[i] != NULL && dp->capture_slot[i] == (int)slot)
			capture_frame(dp->capture[i], dir, frame, len);
}

/* Offers a frame to the captures on its port (lock held): a frame of
 * PKT_GSO_UDP_L4 as the datagrams it stands for on the wire, each with
 * its checksum whole. */
static void
captures_see(struct dataplane *dp, unsigned slot, enum cfg_direction dir,
    const uint8_t *frame, size_t len, const struct pkt_offload *off)
{
	struct pkt_offload o;
	size_t i, n;

	if (off->gso_type != PKT_GSO_UDP_L4 || pkt_uso_head(frame, len, off) == 0) {
		offer(dp, slot, dir, frame, len);
		return;
	}
	for (i = 0; (n = pkt_uso_cut(frame, len, off, i, dp->capture_buf)) != 0; i++) {
		o = *off;
		pkt_finish_csum(dp->capture_buf, n, &o);
		offer(dp, slot, dir, dp->capture_buf, n);
	}
}

static bool
dp_tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct dataplane *dp = arg;
	int fd;

	if (port == ENGINE_PORT_PUNT && dp->punt != NULL)
		fd = punt_fd(dp->punt);
	else if (port == SNAP_PORT_VPORT)
		fd = dgram_ring_fd(dp->vport.to_engine);	/* burst_set_bare's */
	else if (port < SNAP_MAX_PORTS && dp->port[port].used)
		fd = dp->port[port].fd;
	else
		return false;
	if (port < SNAP_MAX_PORTS && dp->ncaptures > 0)
		captures_see(dp, port, CAP_OUT, frame, len, off);
	if (!pthread_equal(pthread_self(), dp->worker))	/* the control thread's */
		return port == SNAP_PORT_VPORT ? vport_write(&dp->vport, frame, len) :
		    tap_write(fd, frame, len, off);
	burst_write(dp->burst, fd, port, frame, len, off);	/* failures: tx_failed */
	return true;
}

/* A queued write that failed after the engine counted it sent. */
static void
tx_failed(void *arg, unsigned port, size_t len)
{
	struct dataplane *dp = arg;

	engine_tx_failed(dp->engine, port, len);
}

static size_t
poll_set(struct dataplane *dp, struct pollfd *pfd, unsigned *slot)
{
	size_t n = 0;
	unsigned s;

	pfd[n++] = (struct pollfd){ .fd = dp->wake_fd, .events = POLLIN };
	if (dp->punt != NULL) {
		slot[n] = ENGINE_PORT_PUNT;
		pfd[n++] = (struct pollfd){ .fd = punt_fd(dp->punt), .events = POLLIN };
	}
	/* read even while absent from the snapshot: the engine counts what
	 * is written to it then */
	slot[n] = SNAP_PORT_VPORT;
	pfd[n++] = (struct pollfd){ .fd = dgram_ring_fd(dp->vport.to_engine),
	    .events = POLLIN };
	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (dp->port[s].used) {
			slot[n] = s;
			pfd[n++] = (struct pollfd){ .fd = dp->port[s].fd, .events = POLLIN };
		}
	return n;
}

/* Whether fd is still the descriptor of port slot (lock held). */
static bool
still_port(const struct dataplane *dp, unsigned slot, int fd)
{
	if (slot == ENGINE_PORT_PUNT)
		return dp->punt != NULL && punt_fd(dp->punt) == fd;
	if (slot == SNAP_PORT_VPORT)
		return true;	/* one descriptor for the dataplane's life */
	return slot < SNAP_MAX_PORTS && dp->port[slot].used && dp->port[slot].fd == fd;
}

/*
 * Hands a burst to the engine (lock held). A frame read from a port that a
 * commit retired meanwhile is dropped; every other frame goes on, so a
 * commit that leaves a port alone loses none of its packets. more: the
 * next burst follows without a wait (engine_burst_end).
 *
 * The ports whose frames in the burst are all small (acknowledgements,
 * pings: at most DP_SMALL_FRAME bytes) go first, and what they produced
 * leaves before the rest of the burst is sealed, opened or joined: a
 * stream's acknowledgement otherwise waits a whole burst at each router
 * it crosses, and the sender's window runs out behind it. A port's frames
 * keep their order; only frames of different ports are reordered.
 */
#define DP_SMALL_FRAME	300

static void
forward_pass(struct dataplane *dp, unsigned nread, uint64_t now, const bool *big,
    bool want_big)
{
	struct pkt_offload *off;
	unsigned i, slot;
	uint8_t *frame;
	size_t len;
	int fd;

	for (i = 0; i < nread; i++) {
		frame = burst_frame(dp->burst, i, &slot, &fd, &len, &off);
		if (frame == NULL || big[slot] != want_big || !still_port(dp, slot, fd))
			continue;
		if (dp->ncaptures > 0 && slot < SNAP_MAX_PORTS)
			captures_see(dp, slot, CAP_IN, frame, len, off);
		engine_input(dp->engine, slot, frame, len, off, now);
	}
}

static void
forward_burst(struct dataplane *dp, unsigned nread, uint64_t now, bool more)
{
	bool big[ENGINE_NPORTS] = { false }, small_port = false, big_port = false;
	struct pkt_offload *off;
	unsigned i, slot;
	size_t len;
	int fd;

	/* over the burst's frames (64 at most), not over every port slot */
	for (i = 0; i < nread; i++)
		if (burst_frame(dp->burst, i, &slot, &fd, &len, &off) != NULL &&
		    len > DP_SMALL_FRAME)
			big[slot] = big_port = true;
	for (i = 0; big_port && !small_port && i < nread; i++)
		small_port = burst_frame(dp->burst, i, &slot, &fd, &len, &off) != NULL &&
		    !big[slot];
	engine_burst_begin(dp->engine);
	if (small_port && big_port) {
		forward_pass(dp, nread, now, big, false);
		burst_flush(dp->burst);
	} else
		memset(big, true, sizeof(big));	/* one pass over all */
	forward_pass(dp, nread, now, big, true);
	engine_burst_end(dp->engine, more);
}

/*
 * A port's full share of a burst: BURST_MAX reads, or fewer when its last
 * frames were large, so that one burst takes at most about
 * BURST_PORT_BYTES from it (got frames of bytes in all).
 */
static unsigned
share_of(unsigned got, size_t bytes)
{
	size_t each = bytes / got + 1;

	return each * BURST_MAX <= BURST_PORT_BYTES ? BURST_MAX :
	    (unsigned)(BURST_PORT_BYTES / each) + 1;
}

/*
 * Frames that come a few at a time (a stream at a modest rate) would each
 * cost a burst of their own, its system calls and wake-up: after a burst
 * of fewer than DP_COALESCE_FRAMES frames and as many wire frames' bytes,
 * the worker waits DP_COALESCE_US before the next, as a NIC moderates its
 * interrupts, and finds several. A burst that found nothing sleeps in
 * poll as ever; one that found many frames, or offloaded ones, goes on at
 * once.
 */
#define DP_COALESCE_FRAMES	8
#define DP_COALESCE_BYTES	(DP_COALESCE_FRAMES * 1514)
#define DP_COALESCE_US		30

static void
coalesce(void)
{
	struct timespec ts = { 0, DP_COALESCE_US * 1000L };

	(void)nanosleep(&ts, NULL);
}

/*
 * How many reads to post to a port in the next burst, given the reads it
 * had (posted) and the frames they found (got): as many as it gave and
 * one more, twice as many when it filled them all (more are waiting),
 * between one and its full share. A read that finds nothing costs nearly
 * as much as a frame: posting a full share to every port that had frames
 * left four of five reads empty when the SSL-VPN's clients' frames came a
 * few at a time, and they were most of the worker's work.
 */
static unsigned
reads_next(unsigned posted, unsigned got, unsigned share)
{
	unsigned n = got == posted ? 2 * got : got + 1;

	return n < 1 ? 1 : n > share ? share : n;
}

/*
 * The ports to read: while the last burst left frames waiting, all of
 * them, without a poll (an idle one gets a single read, see reads_next);
 * else those readable after waiting for one, the tick or a wake-up. The
 * list starts at a different port each burst, so that when more ports are
 * busy than a burst has reads, the last ones get their turn too.
 */
static size_t
ports_to_read(struct dataplane *dp, struct pollfd *pfd, const unsigned *slot,
    size_t n, bool waiting, size_t first, unsigned *ready, int *ready_fd,
    unsigned *ready_slot)
{
	size_t i, k, nready = 0;
	uint64_t junk;

	if (!waiting) {
		if (poll(pfd, n, DP_TICK_MS) < 0)
			return 0;
		if (pfd[0].revents & POLLIN)
			(void)!read(dp->wake_fd, &junk, sizeof(junk));
	}
	for (k = 0; k + 1 < n; k++) {
		i = 1 + (first + k) % (n - 1);
		if (!waiting && !(pfd[i].revents & POLLIN))
			continue;
		if (!waiting && slot[i] == SNAP_PORT_VPORT)	/* before its ring is read */
			dgram_ring_quiet(dp->vport.to_engine);
		ready[nready] = (unsigned)i;
		ready_fd[nready] = pfd[i].fd;
		ready_slot[nready++] = slot[i];
	}
	return nready;
}

/*
 * Each port's reads in the next burst (posted, and count for burst_read):
 * as reads_next wanted, scaled down to BURST_MAX in all.
 */
static void
plan_reads(const unsigned *want, const unsigned *ready, size_t nready,
    unsigned *posted, unsigned *count)
{
	unsigned total = 0;
	size_t i;

	for (i = 0; i < nready; i++)
		total += posted[i] = want[ready[i]];
	for (i = 0; i < nready; i++) {
		if (total > BURST_MAX && (posted[i] = posted[i] * BURST_MAX / total) == 0)
			posted[i] = 1;
		count[i] = posted[i];
	}
}

/*
 * The worker: wait until a port is readable (not while the last burst left
 * frames waiting), then in one system call send what the last burst
 * produced and read the next, and under the lock feed it to the engine.
 * The poll set is rebuilt whenever the ports changed, and only then is the
 * change acknowledged (seen_gen): until that, dataplane_commit keeps the
 * retired descriptors open, since queued writes and reads may use them.
 */
static void *
worker(void *arg)
{
	struct dataplane *dp = arg;
	struct pollfd pfd[DP_POLL_MAX];
	unsigned slot[DP_POLL_MAX], want[DP_POLL_MAX], share[DP_POLL_MAX];
	size_t bytes[DP_POLL_MAX - 1];
	unsigned ready[DP_POLL_MAX - 1], ready_slot[DP_POLL_MAX - 1];
	unsigned count[DP_POLL_MAX - 1], posted[DP_POLL_MAX - 1], nread;
	int ready_fd[DP_POLL_MAX - 1];
	uint64_t gen = UINT64_MAX, now, last_tick = 0, one = 1;
	size_t n = 0, i, nready, first = 0;
	unsigned got = 0;
	size_t got_bytes = 0;
	bool more = false, ike;

	(void)prctl(PR_SET_TIMERSLACK, 1000UL);	/* ns: DP_COALESCE_US holds */
	while (!atomic_load(&dp->stop)) {
		pthread_mutex_lock(&dp->lock);
		/* before waiting; and before a port change is acknowledged,
		 * while the descriptors it retires are still open */
		if (!more || gen != dp->ports_gen)
			burst_flush(dp->burst);
		if (gen != dp->ports_gen) {
			gen = dp->ports_gen;
			n = poll_set(dp, pfd, slot);
			for (i = 0; i < n; i++)
				want[i] = 1, share[i] = BURST_MAX;
			more = false;
			dp->seen_gen = gen;
			pthread_cond_broadcast(&dp->seen);
		}
		pthread_mutex_unlock(&dp->lock);
		if (!more && got > 0 && got < DP_COALESCE_FRAMES && got_bytes < DP_COALESCE_BYTES)
			coalesce();
		nready = ports_to_read(dp, pfd, slot, n, more, first++, ready, ready_fd,
		    ready_slot);
		plan_reads(want, ready, nready, posted, count);
		nread = burst_read(dp->burst, ready_fd, ready_slot, count, bytes,
		    (unsigned)nready);
		/* frames still waiting: a port filled a share of more than
		 * one read (a single read filled says little; a poll tells) */
		for (i = 0, more = false, got = 0, got_bytes = 0; i < nready; i++) {
			got += count[i];
			got_bytes += bytes[i];
			if (count[i] > 0)
				share[ready[i]] = share_of(count[i], bytes[i]);
			want[ready[i]] = reads_next(posted[i], count[i], share[ready[i]]);
			more |= count[i] == posted[i] && count[i] > 1;
		}
		now = dataplane_now_ms();
		pthread_mutex_lock(&dp->lock);
		burst_report(dp->burst);
		forward_burst(dp, nread, now, more);
		if (now - last_tick >= DP_TICK_MS / 4) {
			engine_tick(dp->engine, now);
			last_tick = now;
		}
		ike = ike_queue_take_wakeup(engine_ike_queue(dp->engine));
		pthread_mutex_unlock(&dp->lock);
		if (ike)	/* once a burst, when the queue went from drained to not */
			(void)!write(dp->ike_fd, &one, sizeof(one));
	}
	pthread_mutex_lock(&dp->lock);
	dp->worker_done = true;
	pthread_cond_broadcast(&dp->seen);
	pthread_mutex_unlock(&dp->lock);
	return NULL;
}

/* Closes the descriptors the dataplane owns for its life (-1: not open). */
static void
close_fds(struct dataplane *dp)
{
	int *fd[] = { &dp->wake_fd, &dp->ike_fd };
	size_t i;

	for (i = 0; i < sizeof(fd) / sizeof(fd[0]); i++)
		if (*fd[i] >= 0)
			close(*fd[i]);
}

struct dataplane *
dataplane_new(const char *seed, struct strbuf *err)
{
	struct dataplane *dp = calloc(1, sizeof(*dp));
	struct strbuf why = STRBUF_INIT;
	uint8_t mac[6];

	if (dp == NULL) {
		strbuf_puts(err, "out of memory for the forwarding engine");
		return NULL;
	}
	dp->wake_fd = dp->ike_fd = -1;
	if ((dp->seed = strdup(seed)) == NULL ||
	    (dp->engine = engine_new(dp_tx, dp)) == NULL) {
		strbuf_puts(err, "out of memory for the forwarding engine");
		goto fail;
	}
	if ((dp->burst = burst_new(tx_failed, dp, err)) == NULL)
		goto fail;
	if ((dp->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0 ||
	    (dp->ike_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		strbuf_printf(err, "eventfd: %s", strerror(errno));
		goto fail;
	}
	if (vport_open(&dp->vport, err) != 0)
		goto fail;
	burst_set_bare(dp->burst, dgram_ring_fd(dp->vport.to_engine), &dp->vport);
	if ((dp->punt = punt_open(&why)) == NULL)
		log_msg(LOG_WARNING, "no punt path to the kernel: %s", strbuf_str(&why));
	else {
		punt_mac(dp->punt, mac);
		engine_set_punt(dp->engine, mac);
		engine_set_uso(dp->engine, punt_uso(dp->punt));
	}
	strbuf_free(&why);
	pthread_mutex_init(&dp->lock, NULL);
	pthread_cond_init(&dp->seen, NULL);
	if (pthread_create(&dp->worker, NULL, worker, dp) != 0) {
		strbuf_puts(err, "cannot start the dataplane worker thread");
		punt_close(dp->punt);
		goto fail;
	}
	return dp;
fail:
	close_fds(dp);
	vport_close(&dp->vport);
	burst_free(dp->burst);
	engine_free(dp->engine);
	free(dp->seed);
	free(dp);
	return NULL;
}

static void
wake(struct dataplane *dp)
{
	uint64_t one = 1;

	(void)!write(dp->wake_fd, &one, sizeof(one));
}

void
dataplane_free(struct dataplane *dp)
{
	struct snapshot *s;
	unsigned i;

	if (dp == NULL)
		return;
	atomic_store(&dp->stop, true);
	wake(dp);
	pthread_join(dp->worker, NULL);
	for (i = 0; i < SNAP_MAX_PORTS; i++)
		if (dp->port[i].used)
			close(dp->port[i].fd);
	punt_close(dp->punt);
	for (i = 0; i < DP_MAX_CAPTURES; i++)
		capture_close(dp->capture[i]);
	s = engine_install(dp->engine, NULL, 0);
	snapshot_free(s);
	engine_free(dp->engine);
	burst_free(dp->burst);
	close_fds(dp);
	vport_close(&dp->vport);
	pthread_cond_destroy(&dp->seen);
	pthread_mutex_destroy(&dp->lock);
	free(dp->seed);
	free(dp);
}

static uint64_t
fnv1a(uint64_t h, const char *p, size_t n)
{
	while (n-- > 0)
		h = (h ^ (uint8_t)*p++) * 0x100000001b3ull;
	return h;
}

/* A stable, locally administered unicast MAC for an interface of this
 * router (FNV-1a over the seed, its NUL as a separator, and the name). */
static void
own_mac(const struct dataplane *dp, const char *ifname, uint8_t mac[6])
{
	uint64_t h = fnv1a(0xcbf29ce484222325ull, dp->seed, strlen(dp->seed) + 1);
	int i;

	h = fnv1a(h, ifname, strlen(ifname));
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)(h >> (8 * i));
	mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02);
}

/* The slot of the port table holding interface ifname, or -1. */
static int
slot_by_name(const struct dp_port *port, const char *ifname)
{
	int s;

	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (port[s].used && strcmp(port[s].ifname, ifname) == 0)
			return s;
	return -1;
}

static int
change_slot_of(void *arg, const char *ifname)
{
	return slot_by_name(((struct dp_change *)arg)->port, ifname);
}

/* A TAP already open under this name, kept by its slot. */
static int
keep_slot(struct dataplane *dp, struct dp_change *ch, const char *tap)
{
	int s;

	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (dp->port[s].used && !ch->port[s].used &&
		    strcmp(dp->port[s].tap, tap) == 0)
			return s;
	return -1;
}

static int
free_slot(struct dataplane *dp, struct dp_change *ch)
{
	int s;

	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (!dp->port[s].used && !ch->port[s].used)
			return s;
	return -1;
}

/* Gives an interface its port: the TAP it has, or a new one. */
static bool
place(struct dataplane *dp, struct dp_change *ch, const struct cfg_interface *i,
    struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	char tap[CFG_TAP_MAX + 1];
	struct dp_port *p;
	int s;

	config_interface_tap(i, tap);
	if ((s = keep_slot(dp, ch, tap)) >= 0)
		ch->port[s] = dp->port[s];
	else if ((s = free_slot(dp, ch)) < 0) {
		strbuf_printf(err, "interface %s: no port left (at most %d "
		    "interfaces)\n", i->name, SNAP_MAX_PORTS);
		return false;
	} else {
		p = &ch->port[s];
		if ((p->fd = tap_open(tap, NULL, &why)) < 0) {
			strbuf_printf(err, "interface %s: %s\n", i->name,
			    strbuf_str(&why));
			strbuf_free(&why);
			return false;
		}
		ch->opened[s] = true;
		snprintf(p->tap, sizeof(p->tap), "%s", tap);
	}
	p = &ch->port[s];
	p->used = true;
	p->up = !i->shutdown;
	snprintf(p->ifname, sizeof(p->ifname), "%s", i->name);
	own_mac(dp, i->name, p->mac);
	return true;
}

struct dp_change *
dataplane_prepare(struct dataplane *dp, const struct config *c,
    const struct rib *rib, struct strbuf *err)
{
	const struct cfg_interface *i;
	struct dp_change *ch;
	unsigned s;

	if ((ch = calloc(1, sizeof(*ch))) == NULL) {
		strbuf_puts(err, "out of memory for the forwarding tables\n");
		return NULL;
	}
	ch->config = c;
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (!place(dp, ch, i, err)) {
			dataplane_abandon(dp, ch);
			return NULL;
		}
	ch->snap = snapshot_build(c, rib, change_slot_of, ch, ++dp->snap_gen);
	if (ch->snap == NULL) {
		strbuf_puts(err, "out of memory for the forwarding tables\n");
		dataplane_abandon(dp, ch);
		return NULL;
	}
	for (s = 0; s < SNAP_MAX_PORTS; s++) {
		if (ch->port[s].used && !memcmp(ch->snap->port[s].mac,
		    "\0\0\0\0\0\0", 6))
			memcpy(ch->snap->port[s].mac, ch->port[s].mac, 6);
		else if (ch->port[s].used)
			memcpy(ch->port[s].mac, ch->snap->port[s].mac, 6);
		if (dp->port[s].used && !ch->port[s].used)
			ch->retire[ch->nretire++] = dp->port[s].fd;
	}
	return ch;
}

void
dataplane_abandon(struct dataplane *dp, struct dp_change *ch)
{
	unsigned s;

	(void)dp;
	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (ch->opened[s])
			close(ch->port[s].fd);
	snapshot_free(ch->snap);
	free(ch);
}

/* Takes out the captures whose interface lost its port (lock held);
 * returns them for closing outside the lock. */
static unsigned
detach_orphans(struct dataplane *dp, struct capture **out)
{
	unsigned i, n = 0;
	int s;

	for (i = 0; i < DP_MAX_CAPTURES; i++) {
		if (dp->capture[i] == NULL)
			continue;
		s = dp->capture_slot[i];
		if (dp->port[s].used && strcmp(dp->port[s].ifname,
		    capture_config(dp->capture[i])->ifname) == 0)
			continue;
		out[n++] = dp->capture[i];
		dp->capture[i] = NULL;
		dp->ncaptures--;
	}
	return n;
}

void
dataplane_commit(struct dataplane *dp, struct dp_change *ch)
{
	struct capture *stopped[DP_MAX_CAPTURES];
	struct snapshot *old;
	unsigned s, nstopped;

	pthread_mutex_lock(&dp->lock);
	for (s = 0; s < SNAP_MAX_PORTS; s++)	/* a new or a retired port */
		if (ch->opened[s] || (dp->port[s].used && !ch->port[s].used))
			engine_port_reset(dp->engine, s);
	memcpy(dp->port, ch->port, sizeof(dp->port));
	dp->ports_gen++;
	nstopped = detach_orphans(dp, stopped);
	old = engine_install(dp->engine, ch->snap, dataplane_now_ms());
	wake(dp);
	while (dp->seen_gen != dp->ports_gen && !dp->worker_done)
		pthread_cond_wait(&dp->seen, &dp->lock);
	pthread_mutex_unlock(&dp->lock);
	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (dp->port[s].used)
			tap_set_carrier(dp->port[s].fd, dp->port[s].up);
	for (s = 0; s < ch->nretire; s++)
		close(ch->retire[s]);
	if (dp->punt != NULL)
		punt_sync(dp->punt, ch->config);
	for (s = 0; s < nstopped; s++)
		capture_close(stopped[s]);
	snapshot_free(old);
	free(ch);
}

struct engine *
dataplane_lock(struct dataplane *dp)
{
	pthread_mutex_lock(&dp->lock);
	return dp->engine;
}

void
dataplane_unlock(struct dataplane *dp)
{
	pthread_mutex_unlock(&dp->lock);
}

int
dataplane_slot(struct dataplane *dp, const char *ifname)
{
	return slot_by_name(dp->port, ifname);
}

bool
dataplane_port(struct dataplane *dp, unsigned slot, const char **ifname,
    const char **tap, uint8_t mac[6])
{
	if (slot >= SNAP_MAX_PORTS || !dp->port[slot].used)
		return false;
	*ifname = dp->port[slot].ifname;
	*tap = dp->port[slot].tap;
	memcpy(mac, dp->port[slot].mac, 6);
	return true;
}

/* The index of the running capture called name, or -1 (lock held). */
static int
capture_index(struct dataplane *dp, const char *name)
{
	int i;

	for (i = 0; i < DP_MAX_CAPTURES; i++)
		if (dp->capture[i] != NULL &&
		    strcmp(capture_config(dp->capture[i])->name, name) == 0)
			return i;
	return -1;
}

int
dataplane_capture_start(struct dataplane *dp, const struct cfg_capture *cfg,
    struct strbuf *err)
{
	struct capture *c;
	int i, slot;

	pthread_mutex_lock(&dp->lock);
	i = capture_index(dp, cfg->name);
	slot = dataplane_slot(dp, cfg->ifname);
	pthread_mutex_unlock(&dp->lock);
	if (i >= 0) {
		strbuf_printf(err, "capture %s is already running", cfg->name);
		return -1;
	}
	if (slot < 0) {
		strbuf_printf(err, "interface %s has no port", cfg->ifname);
		return -1;
	}
	if ((c = capture_open(cfg, err)) == NULL)
		return -1;
	pthread_mutex_lock(&dp->lock);
	for (i = 0; i < DP_MAX_CAPTURES && dp->capture[i] != NULL; i++)
		;
	if (i < DP_MAX_CAPTURES && capture_index(dp, cfg->name) < 0 &&
	    dataplane_slot(dp, cfg->ifname) == slot) {
		dp->capture[i] = c;
		dp->capture_slot[i] = slot;
		dp->ncaptures++;
		c = NULL;
	}
	pthread_mutex_unlock(&dp->lock);
	if (c != NULL) {
		strbuf_printf(err, "no room for capture %s (at most %d run at once)",
		    cfg->name, DP_MAX_CAPTURES);
		capture_close(c);
		return -1;
	}
	return 0;
}

int
dataplane_capture_stop(struct dataplane *dp, const char *name, uint64_t *count)
{
	struct capture *c = NULL;
	int i;

	pthread_mutex_lock(&dp->lock);
	if ((i = capture_index(dp, name)) >= 0) {
		c = dp->capture[i];
		dp->capture[i] = NULL;
		dp->ncaptures--;
	}
	pthread_mutex_unlock(&dp->lock);
	if (c == NULL)
		return -1;
	*count = capture_count(c);
	capture_close(c);
	return 0;
}

bool
dataplane_capture_status(struct dataplane *dp, const char *name,
    uint64_t *count, bool *full)
{
	int i;

	pthread_mutex_lock(&dp->lock);
	if ((i = capture_index(dp, name)) >= 0) {
		*count = capture_count(dp->capture[i]);
		*full = capture_full(dp->capture[i]);
	}
	pthread_mutex_unlock(&dp->lock);
	return i >= 0;
}

bool
dataplane_has_punt(const struct dataplane *dp)
{
	return dp->punt != NULL;
}

void
dataplane_debug_drain(struct dataplane *dp)
{
	struct drop_ring *ring = engine_drop_ring(dp->engine);
	struct strbuf line = STRBUF_INIT;
	struct drop_record r;
	uint64_t lost;

	/* first, so that the rate limit holds back records, not this line */
	if ((lost = drop_ring_claim_lost(ring)) > 0)
		debug_msg(DEBUG_ENGINE, "%llu drop record%s lost (the ring was full)",
		    (unsigned long long)lost, lost == 1 ? "" : "s");
	while (drop_ring_get(ring, &r))
		if (debug_on(DEBUG_ENGINE)) {
			strbuf_reset(&line);
			drop_record_format(&r, &line);
			debug_msg(DEBUG_ENGINE, "%s", strbuf_str(&line));
		}
	strbuf_free(&line);
}

int
dataplane_ike_fd(const struct dataplane *dp)
{
	return dp->ike_fd;
}

struct vport *
dataplane_vport(struct dataplane *dp)
{
	return &dp->vport;
}

size_t
dataplane_ike_drain(struct dataplane *dp, struct ike_dgram *out, size_t max)
{
	struct ike_queue *q = engine_ike_queue(dp->engine);
	uint64_t junk;
	size_t n = 0;

	/* first: a signal for what comes after this drain must stay */
	(void)!read(dp->ike_fd, &junk, sizeof(junk));
	while (n < max && ike_queue_get(q, &out[n]))
		n++;
	return n;
}

/* Unlocks the engine and returns rc, with the errno of a failed send. */
static int
unlock_keep_errno(struct dataplane *dp, int rc)
{
	int err = errno;

	pthread_mutex_unlock(&dp->lock);
	errno = err;
	return rc;
}

int
dataplane_ike_send(struct dataplane *dp, const struct ike_dgram *d)
{
	return unlock_keep_errno(dp, engine_ike_send(dataplane_lock(dp), d));
}

int
dataplane_ike_keepalive(struct dataplane *dp, uint32_t src, uint32_t dst,
    uint16_t dport)
{
	return unlock_keep_errno(dp, engine_ike_keepalive(dataplane_lock(dp), src, dst, dport));
}
