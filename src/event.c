/* SPDX-License-Identifier: GPL-3.0-or-later */
/* event - poll()-based control-thread loop; see event.h. */
#include "event.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "lib/xalloc.h"

struct handler {
	event_fd_fn	 fn;
	void		*arg;
};

struct event_loop {
	struct pollfd	 pfd[EVENT_MAX_FDS];
	struct handler	 h[EVENT_MAX_FDS];
	int		 n;
	event_tick_fn	 tick;
	void		*tick_arg;
	bool		 stop;
};

struct event_loop *
event_new(void)
{
	return xcalloc(1, sizeof(struct event_loop), "the event loop");
}

void
event_free(struct event_loop *ev)
{
	free(ev);
}

static int
find(struct event_loop *ev, int fd)
{
	int i;

	for (i = 0; i < ev->n; i++)
		if (ev->pfd[i].fd == fd)
			return i;
	return -1;
}

int
event_add_fd(struct event_loop *ev, int fd, short events, event_fd_fn fn,
    void *arg)
{
	if (ev->n == EVENT_MAX_FDS)
		return -1;
	ev->pfd[ev->n] = (struct pollfd){ .fd = fd, .events = events };
	ev->h[ev->n] = (struct handler){ fn, arg };
	ev->n++;
	return 0;
}

void
event_set_events(struct event_loop *ev, int fd, short events)
{
	int i = find(ev, fd);

	if (i >= 0)
		ev->pfd[i].events = events;
}

void
event_del_fd(struct event_loop *ev, int fd)
{
	int i = find(ev, fd);

	if (i < 0)
		return;
	/* a removed slot is marked, and compacted after the dispatch pass */
	ev->pfd[i].fd = -1;
	ev->h[i].fn = NULL;
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

static void
compact(struct event_loop *ev)
{
	int i, j = 0;

	for (i = 0; i < ev->n; i++)
		if (ev->h[i].fn != NULL) {
			ev->pfd[j] = ev->pfd[i];
			ev->h[j] = ev->h[i];
			j++;
		}
	ev->n = j;
}

int
event_run(struct event_loop *ev)
{
	time_t last = time(NULL), now;
	int i, n, rc;

	ev->stop = false;
	while (!ev->stop) {
		n = ev->n;
		rc = poll(ev->pfd, (nfds_t)n, 1000);
		if (rc < 0 && errno != EINTR)
			return -1;
		for (i = 0; rc > 0 && i < n && !ev->stop; i++)
			if (ev->pfd[i].revents != 0 && ev->h[i].fn != NULL)
				ev->h[i].fn(ev->pfd[i].fd, ev->pfd[i].revents,
				    ev->h[i].arg);
		compact(ev);
		now = time(NULL);
		if (now != last && ev->tick != NULL) {
			last = now;
			ev->tick(ev->tick_arg);
		}
	}
	return 0;
}
