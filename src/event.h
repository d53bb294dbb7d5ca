/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event - the control thread's event loop: file descriptors with
 * callbacks (epoll, level-triggered), a once-a-second tick, and a stop
 * flag.
 *
 * Contract: callbacks run one at a time on the loop's thread; a callback
 * may add or remove descriptors (including its own), and a descriptor
 * removed (or removed, closed and its number used again) gets no more
 * callbacks from the events already collected. No fixed bound on the
 * descriptors: the table grows with the highest one (the SSL-VPN server
 * polls one per connection); the process's descriptor limit is the bound.
 */
#ifndef VGW_EVENT_H
#define VGW_EVENT_H

struct event_loop;

typedef void (*event_fd_fn)(int fd, short revents, void *arg);
typedef void (*event_tick_fn)(void *arg);

struct event_loop *event_new(void);
void	 event_free(struct event_loop *);
/* events: POLLIN/POLLOUT; revents as poll(2) gives them. Returns 0, or -1
 * when fd cannot be polled (not open, already added). */
int	 event_add_fd(struct event_loop *, int fd, short events, event_fd_fn, void *arg);
void	 event_set_events(struct event_loop *, int fd, short events);
/* Call before closing fd. */
void	 event_del_fd(struct event_loop *, int fd);
void	 event_set_tick(struct event_loop *, event_tick_fn, void *arg);
/* Runs until event_stop(); returns 0, or -1 if epoll failed. */
int	 event_run(struct event_loop *);
void	 event_stop(struct event_loop *);

#endif
