/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_server - the management socket: one session per connection, one
 * call into the shell it was given (shell.h) per request frame; see
 * mgmt_server.h and the wire format in mgmt_proto.h.
 */
#include "mgmt_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/mgmt_proto.h"
#include "lib/xalloc.h"

struct conn {
	struct mgmt_server	*srv;
	int			 fd;
	char			 user[64];
	int			 privilege;
	bool			 commit_on_exit;
	struct session		*sess;		/* after HELLO */
	struct strbuf		 in, out;
	size_t			 out_off;	/* bytes of out already sent */
	bool			 closing;	/* close once out is sent */
	time_t			 opened;	/* CLOCK_MONOTONIC seconds */
	time_t			 out_moved;	/* last time output was sent */
	struct conn		*next;
};

struct mgmt_server {
	struct event_loop	*ev;
	struct router		*router;
	const struct shell	*shell;
	char			*path;
	int			 fd;
	struct conn		*conns;
	int			 nconns;
	int			 timer_fd;	/* 1 s: silent and stalled clients */
};

static void conn_io(int fd, short revents, void *arg);
static void conn_frames(struct conn *c);

static time_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A command of this session runs on (ping): its requests wait. */
static bool
busy(const struct conn *c)
{
	return c->sess != NULL && c->srv->shell->job_fd(c->sess) >= 0;
}

static void
conn_free(struct conn *c)
{
	struct conn **pp;

	for (pp = &c->srv->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	c->srv->nconns--;
	event_del_fd(c->srv->ev, c->fd);
	close(c->fd);
	if (busy(c))
		event_del_fd(c->srv->ev, c->srv->shell->job_fd(c->sess));
	c->srv->shell->free(c->sess);
	strbuf_free(&c->in);
	strbuf_free(&c->out);
	free(c);
}

static size_t
unsent(const struct conn *c)
{
	return c->out.len - c->out_off;
}

/*
 * The next request runs only when the one before it has drained below
 * MGMT_OUTQ_PAUSE and no command of the session runs on: a client that
 * does not read, or that sends while ping runs, makes vgwd stop reading
 * from it, and its writes block in its own kernel buffer.
 */
static bool
may_run(const struct conn *c)
{
	return !c->closing && !busy(c) && unsent(c) <= MGMT_OUTQ_PAUSE;
}

/* A whole frame is waiting in c->in. */
static bool
frame_waiting(const struct conn *c)
{
	enum mgmt_type type;
	const char *payload;
	size_t plen;

	return mgmt_frame_get(c->in.buf, c->in.len, &type, &payload, &plen) != 0;
}

/*
 * POLLIN while there is room for input and it may be run; POLLOUT while
 * output waits, or while a request waits for its turn (the socket is
 * writable, so the loop comes back at once, after the other clients).
 */
static void
conn_want_write(struct conn *c)
{
	bool runnable = may_run(c) && frame_waiting(c);
	short ev = 0;

	if (may_run(c) && !runnable && c->in.len < MGMT_INQ_MAX)
		ev |= POLLIN;
	if (unsent(c) > 0 || runnable)
		ev |= POLLOUT;
	event_set_events(c->srv->ev, c->fd, ev);
}

static void
send_frame(struct conn *c, enum mgmt_type type, const char *data, size_t len)
{
	mgmt_frame_put(&c->out, type, data, len);
	conn_want_write(c);
}

/* Output in frames no larger than MGMT_OUTPUT_CHUNK. */
static void
send_output(struct conn *c, const struct strbuf *text)
{
	size_t off, n;

	for (off = 0; off < text->len; off += n) {
		n = text->len - off;
		if (n > MGMT_OUTPUT_CHUNK)
			n = MGMT_OUTPUT_CHUNK;
		send_frame(c, MGMT_OUTPUT, text->buf + off, n);
	}
}

/* What ends every answer: the question, or the status and prompt. */
static void
send_result(struct conn *c, enum session_result r)
{
	struct strbuf p = STRBUF_INIT;
	const char *q;
	bool echo;
	int status;

	if (r == SESSION_ASK) {
		q = c->srv->shell->ask_prompt(c->sess, &echo);
		strbuf_printf(&p, "%c%s", echo ? '1' : '0', q);
		send_frame(c, MGMT_ASK, p.buf, p.len);
		strbuf_free(&p);
		return;
	}
	status = r == SESSION_OK ? MGMT_STATUS_OK : r == SESSION_CLOSED ?
	    MGMT_STATUS_CLOSED : MGMT_STATUS_ERROR;
	strbuf_printf(&p, "%d %d ", status,
	    c->srv->shell->page_length(c->sess));
	c->srv->shell->prompt(c->sess, &p);
	send_frame(c, MGMT_RESULT, p.buf, p.len);
	strbuf_free(&p);
	if (r == SESSION_CLOSED)
		c->closing = true;
}

static void
conn_async(void *arg, const char *line)
{
	struct conn *c = arg;

	if (unsent(c) < MGMT_OUTQ_MAX)
		send_frame(c, MGMT_LOG, line, strlen(line));
}

/* What a login starts with, from its `username` statement: the privilege
 * (root always 15) and the commit-on-exit opt-in. */
static void
login_account(struct conn *c, uid_t uid)
{
	const struct cfg_user *u = config_user_find(c->srv->router->running,
	    c->user);

	c->privilege = uid == 0 ? 15 : u != NULL ? u->privilege : 1;
	c->commit_on_exit = u != NULL && u->commit_on_exit;
}

static void
hello(struct conn *c, const char *payload)
{
	bool interactive = strstr(payload, "interactive=1") != NULL;

	if (c->sess != NULL) {
		c->closing = true;
		return;
	}
	c->sess = c->srv->shell->open(c->srv->router, c->user, c->privilege,
	    interactive);
	c->srv->shell->set_commit_on_exit(c->sess, c->commit_on_exit);
	c->srv->shell->set_async(c->sess, conn_async, c);
	log_msg(LOG_INFO, "session of %s (privilege %d) opened", c->user,
	    c->privilege);
	send_result(c, SESSION_OK);
}

/* Passes on a running command's output; at its end, its result and the
 * requests that waited. Returns false while it runs. */
static bool
job_step(struct conn *c)
{
	struct strbuf out = STRBUF_INIT;
	enum session_result r;

	r = c->srv->shell->job_output(c->sess, &out);
	send_output(c, &out);
	strbuf_free(&out);
	if (r == SESSION_RUNNING)
		return false;
	send_result(c, r);
	return true;
}

static void
job_io(int fd, short revents, void *arg)
{
	struct conn *c = arg;

	(void)revents;
	if (!job_step(c))
		return;
	event_del_fd(c->srv->ev, fd);
	conn_want_write(c);	/* the requests that waited get their turns */
}

static void
wait_job(struct conn *c)
{
	struct pollfd p = {
		.fd = c->srv->shell->job_fd(c->sess), .events = POLLIN
	};

	if (event_add_fd(c->srv->ev, p.fd, POLLIN, job_io, c) == 0)
		return;
	/* no room in the loop: wait here, the one place the loop blocks */
	do
		poll(&p, 1, -1);
	while (!job_step(c));
}

static void
dispatch(struct conn *c, enum mgmt_type type, const char *payload)
{
	struct strbuf out = STRBUF_INIT;
	enum session_result r = SESSION_OK;

	if (type == MGMT_HELLO) {
		hello(c, payload);
		return;
	}
	if (c->sess == NULL) {		/* a request before HELLO */
		c->closing = true;
		return;
	}
	switch (type) {
	case MGMT_EXEC:
		r = c->srv->shell->exec(c->sess, payload, &out);
		break;
	case MGMT_REFUSED:
		r = c->srv->shell->refused(c->sess, payload, &out);
		break;
	case MGMT_ANSWER:
		r = c->srv->shell->answer(c->sess, payload, &out);
		break;
	case MGMT_HELP:
		r = c->srv->shell->help(c->sess, payload, &out);
		break;
	case MGMT_COMPLETE:
		c->srv->shell->complete(c->sess, payload, &out);
		send_frame(c, MGMT_COMPLETIONS, out.buf ? out.buf : "", out.len);
		strbuf_reset(&out);
		break;
	case MGMT_EOF:
		r = c->srv->shell->eof(c->sess, &out);
		break;
	default:
		c->closing = true;
		strbuf_free(&out);
		return;
	}
	send_output(c, &out);
	strbuf_free(&out);
	if (r == SESSION_RUNNING)
		wait_job(c);
	else
		send_result(c, r);
}

/*
 * Runs the first whole frame of c->in, if its turn has come: one request
 * per turn of the event loop, so a client that queued thousands delays
 * the others by one request's time, not by all of them.
 */
static void
conn_frames(struct conn *c)
{
	struct strbuf why = STRBUF_INIT;
	enum mgmt_type type;
	const char *payload;
	size_t plen;
	long n;
	char *text;

	if (!may_run(c) || (n = mgmt_frame_get(c->in.buf, c->in.len, &type,
	    &payload, &plen)) == 0)
		return;
	if (n < 0) {
		c->closing = true;
		return;
	}
	/* A line becomes a C string below, which a NUL would cut short
	 * without a word: its bytes are checked here, by their length, and a
	 * line that is not one is answered as REFUSED, as vgwsh sends it. */
	if (type == MGMT_EXEC && mgmt_line_check(payload, plen, &why) != 0)
		dispatch(c, MGMT_REFUSED, strbuf_str(&why));
	else {
		/* payloads are text: given on as a string */
		text = xstrndup(payload, plen, "a management request");
		dispatch(c, type, text);
		free(text);
	}
	strbuf_free(&why);
	memmove(c->in.buf, c->in.buf + n, c->in.len - (size_t)n);
	c->in.len -= (size_t)n;
	c->in.buf[c->in.len] = '\0';
}

static void
conn_io(int fd, short revents, void *arg)
{
	struct conn *c = arg;
	char buf[65536];
	size_t room;
	ssize_t n;

	if (revents & POLLIN) {
		/* never more than MGMT_INQ_MAX waits, however much is sent */
		room = MGMT_INQ_MAX - c->in.len;
		n = room == 0 ? -1 : read(fd, buf,
		    room < sizeof(buf) ? room : sizeof(buf));
		if (room == 0)
			errno = EAGAIN;
		if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN))) {
			conn_free(c);
			return;
		}
		if (n > 0)
			strbuf_append(&c->in, buf, (size_t)n);
	} else if (revents & (POLLHUP | POLLERR)) {
		conn_free(c);
		return;
	}
	conn_frames(c);
	if (unsent(c) > 0) {
		n = write(fd, c->out.buf + c->out_off, unsent(c));
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			conn_free(c);
			return;
		}
		if (n > 0) {
			c->out_off += (size_t)n;
			c->out_moved = now_s();
		}
		if (c->out_off == c->out.len) {
			strbuf_reset(&c->out);
			c->out_off = 0;
		}
	}
	if (unsent(c) > MGMT_OUTQ_MAX) {
		log_msg(LOG_WARNING, "session of %s dropped: it does not read "
		    "its output", c->user);
		conn_free(c);
		return;
	}
	if (c->closing && unsent(c) == 0) {
		conn_free(c);
		return;
	}
	conn_want_write(c);
}

static void
accept_conn(int fd, short revents, void *arg)
{
	struct mgmt_server *srv = arg;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct passwd *pw;
	struct conn *c;
	int cfd;

	(void)revents;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		log_msg(LOG_WARNING, "management connection refused: no peer "
		    "credentials");
		close(cfd);
		return;
	}
	/* the last MGMT_ROOT_RESERVED slots are root's: a flood of other
	 * users' connections never locks the administrator out */
	if (srv->nconns >= MGMT_MAX_CONNS - (cred.uid == 0 ? 0 :
	    MGMT_ROOT_RESERVED)) {
		log_msg(LOG_WARNING, "management connection of uid %u refused: "
		    "too many sessions (%d)", (unsigned)cred.uid, srv->nconns);
		close(cfd);
		return;
	}
	c = xcalloc(1, sizeof(*c), "a management connection");
	c->srv = srv;
	c->fd = cfd;
	c->opened = c->out_moved = now_s();
	pw = getpwuid(cred.uid);
	if (pw != NULL)
		snprintf(c->user, sizeof(c->user), "%s", pw->pw_name);
	else
		snprintf(c->user, sizeof(c->user), "uid%u", (unsigned)cred.uid);
	login_account(c, cred.uid);
	if (event_add_fd(srv->ev, cfd, POLLIN, conn_io, c) != 0) {
		close(cfd);
		free(c);
		return;
	}
	c->next = srv->conns;
	srv->conns = c;
	srv->nconns++;
}

/*
 * Once a second: a connection that said no HELLO within
 * MGMT_HELLO_TIMEOUT, or whose output has not moved for
 * MGMT_STALL_TIMEOUT, gives its slot back.
 */
static void
sweep(int fd, short revents, void *arg)
{
	struct mgmt_server *srv = arg;
	struct conn *c, *next;
	uint64_t ticks;
	time_t now = now_s();

	(void)revents;
	if (read(fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return;
	for (c = srv->conns; c != NULL; c = next) {
		next = c->next;
		if (c->sess == NULL && now - c->opened >= MGMT_HELLO_TIMEOUT) {
			log_msg(LOG_WARNING, "management connection of %s "
			    "closed: no HELLO within %d s", c->user,
			    MGMT_HELLO_TIMEOUT);
			conn_free(c);
		} else if (unsent(c) > 0 &&
		    now - c->out_moved >= MGMT_STALL_TIMEOUT) {
			log_msg(LOG_WARNING, "session of %s dropped: it has "
			    "read none of its output for %d s", c->user,
			    MGMT_STALL_TIMEOUT);
			conn_free(c);
		}
	}
}

static int
sweep_timer(struct event_loop *ev, struct mgmt_server *srv)
{
	struct itimerspec every = { { 1, 0 }, { 1, 0 } };
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd >= 0 && (timerfd_settime(fd, 0, &every, NULL) != 0 ||
	    event_add_fd(ev, fd, POLLIN, sweep, srv) != 0)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

struct mgmt_server *
mgmt_server_new(struct event_loop *ev, struct router *r,
    const struct shell *shell, const char *path, struct strbuf *err)
{
	struct sockaddr_un sa;
	struct mgmt_server *srv;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		strbuf_printf(err, "socket path %s is too long", path);
		return NULL;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		strbuf_printf(err, "socket: %s", strerror(errno));
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		strbuf_printf(err, "socket %s is in use by another vgwd", path);
		close(fd);
		return NULL;
	}
	unlink(path);		/* stale: nobody answers on it */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, 16) != 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		strbuf_printf(err, "cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	srv = xcalloc(1, sizeof(*srv), "the management server");
	srv->path = xstrdup(path, "the management server");
	srv->ev = ev;
	srv->router = r;
	srv->shell = shell;
	srv->fd = fd;
	event_add_fd(ev, fd, POLLIN, accept_conn, srv);
	if ((srv->timer_fd = sweep_timer(ev, srv)) < 0) {
		strbuf_printf(err, "timer: %s", strerror(errno));
		mgmt_server_free(srv);
		return NULL;
	}
	return srv;
}

void
mgmt_server_free(struct mgmt_server *srv)
{
	if (srv == NULL)
		return;
	while (srv->conns != NULL)
		conn_free(srv->conns);
	event_del_fd(srv->ev, srv->fd);
	close(srv->fd);
	if (srv->timer_fd >= 0) {
		event_del_fd(srv->ev, srv->timer_fd);
		close(srv->timer_fd);
	}
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
