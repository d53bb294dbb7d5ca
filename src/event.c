/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event - epoll-based control-thread loop; see event.h. Each descriptor's
 * slot has a generation, carried in its epoll data: an event collected
 * for a descriptor that was removed meanwhile (and perhaps reopened under
 * the same number by another callback) is recognised and skipped.
 */
#include "event.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "lib/xalloc.h"

#define EVENT_BATCH	256	/* events taken from epoll at once */

struct handler {
	event_fd_fn	 fn;	/* NULL: slot free */
	void		*arg;
	uint32_t	 gen;
};

struct event_loop {
	int		 epfd;
	struct handler	*h;	/* indexed by descriptor */
	size_t		 nh;
	uint32_t	 gen;
	event_tick_fn	 tick;
	void		*tick_arg;
	bool		 stop;
};

struct event_loop *
event_new(void)
{
	struct event_loop *ev = xcalloc(1, sizeof(struct event_loop), "the event loop");

	if ((ev->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		xalloc_failed("the event loop (epoll)");
	return ev;
}

void
event_free(struct event_loop *ev)
{
	if (ev == NULL)
		return;
	close(ev->epfd);
	free(ev->h);
	free(ev);
}

static struct handler *
slot(struct event_loop *ev, int fd)
{
	return fd >= 0 && (size_t)fd < ev->nh && ev->h[fd].fn != NULL ? &ev->h[fd] : NULL;
}

/* poll's bits are epoll's for IN, OUT, ERR and HUP. */
static int
ctl(struct event_loop *ev, int op, int fd, short events, uint32_t gen)
{
	struct epoll_event e = {
		.events = (uint32_t)(events & (POLLIN | POLLOUT)),
		.data.u64 = (uint64_t)gen << 32 | (uint32_t)fd,
	};

	return epoll_ctl(ev->epfd, op, fd, &e);
}

int
event_add_fd(struct event_loop *ev, int fd, short events, event_fd_fn fn,
    void *arg)
{
	size_t n;

	if (fd < 0 || slot(ev, fd) != NULL)
		return -1;
	if ((size_t)fd >= ev->nh) {
		n = ev->nh ? ev->nh : 64;
		while (n <= (size_t)fd)
			n *= 2;
		ev->h = xrealloc(ev->h, n * sizeof(*ev->h), "the event loop");
		memset(ev->h + ev->nh, 0, (n - ev->nh) * sizeof(*ev->h));
		ev->nh = n;
	}
	if (ctl(ev, EPOLL_CTL_ADD, fd, events, ++ev->gen) != 0)
		return -1;
	ev->h[fd] = (struct handler){ fn, arg, ev->gen };
	return 0;
}

void
event_set_events(struct event_loop *ev, int fd, short events)
{
	struct handler *h = slot(ev, fd);

	if (h != NULL)
		(void)ctl(ev, EPOLL_CTL_MOD, fd, events, h->gen);
}

void
event_del_fd(struct event_loop *ev, int fd)
{
	struct handler *h = slot(ev, fd);

	if (h == NULL)
		return;
	/* fails harmlessly if fd was closed already */
	(void)epoll_ctl(ev->epfd, EPOLL_CTL_DEL, fd, NULL);
	h->fn = NULL;
}

void
event_set_tick(struct event_loop *ev, event_tick_fn fn, void *arg)
{
	ev->tick = fn;
	ev->tick_arg = arg;
}

void
event_stop(struct event_loop *ev)
{
	ev->stop = true;
}

int
event_run(struct event_loop *ev)
{
	struct epoll_event e[EVENT_BATCH];
	time_t last = time(NULL), now;
	struct handler *h;
	int i, n, fd;

	ev->stop = false;
	while (!ev->stop) {
		n = epoll_wait(ev->epfd, e, EVENT_BATCH, 1000);
		if (n < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < n && !ev->stop; i++) {
			fd = (int)(uint32_t)e[i].data.u64;
			h = slot(ev, fd);
			if (h != NULL && h->gen == (uint32_t)(e[i].data.u64 >> 32))
				h->fn(fd, (short)e[i].events, h->arg);
		}
		now = time(NULL);
		if (now != last && ev->tick != NULL) {
			last = now;
			ev->tick(ev->tick_arg);
		}
	}
	return 0;
}
