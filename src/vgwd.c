/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vgwd - one vgw router instance: takes its state directory and its
 * management socket from the command line, boots from startup-config, and
 * serves management sessions until SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "autoconf.h"
#include "dataplane/dataplane.h"
#include "event.h"
#include "lib/debug.h"
#include "lib/log.h"
#include "lib/secret_mask.h"
#include "lib/xalloc.h"
#include "mgmt_server.h"
#include "router.h"
#include "shell.h"

static void
usage(void)
{
	fprintf(stderr, "usage: vgwd -d STATE_DIR -s SOCKET [-f]\n");
	exit(2);
}

/* Takes the state directory's lock; exits if another vgwd holds it. */
static int
lock_state_dir(const char *dir)
{
	char path[PATH_MAX], pid[32];
	ssize_t n;
	int fd;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "vgwd: cannot create state directory %s: %s\n",
		    dir, strerror(errno));
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/vgwd.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "vgwd: cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = read(fd, pid, sizeof(pid) - 1);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		fprintf(stderr, "vgwd: state directory %s is in use by another "
		    "vgwd (pid %s)\n", dir, pid[0] ? pid : "unknown");
		exit(1);
	}
	return fd;
}

static void
write_pid(int lockfd)
{
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());

	if (ftruncate(lockfd, 0) != 0 || pwrite(lockfd, pid, (size_t)n, 0) != n)
		log_msg(LOG_WARNING, "cannot record the pid in the lock file");
}

/* Applies startup-config, if any, read with shell's grammar; bad lines
 * are logged, the rest applies. */
static void
boot(struct router *r, const struct shell *shell)
{
	struct strbuf errs = STRBUF_INIT, out = STRBUF_INIT;
	struct config *c;
	char *text, *p, *nl, *masked;
	size_t len;
	int nerr;

	text = commitdb_read_startup(r->db, &len);
	if (text == NULL) {
		log_msg(LOG_NOTICE, "no startup-config: starting empty");
		return;
	}
	c = shell->parse_config(r, text, len, "startup-config", &errs, &nerr);
	free(text);
	for (p = errs.buf; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		/* an error echoes its line, which may hold a clear key */
		masked = secret_mask_line(p);
		log_msg(LOG_ERR, "%s", masked);
		free(masked);
	}
	if (router_commit_config(r, c, "system", "boot: startup-config", &out) == 0)
		log_msg(LOG_NOTICE, "booted from startup-config (%d line%s "
		    "skipped)", nerr, nerr == 1 ? "" : "s");
	else
		log_msg(LOG_ERR, "startup-config not applied: %s", strbuf_str(&out));
	config_free(c);
	strbuf_free(&errs);
	strbuf_free(&out);
}

static void
on_signal(int fd, short revents, void *arg)
{
	struct signalfd_siginfo si;

	(void)revents;
	if (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		log_msg(LOG_NOTICE, "signal %u: shutting down", si.ssi_signo);
	event_stop(arg);
}

/* IKE datagrams from the engine. */
static void
on_ike(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	router_ike_readable(arg);
}

static void
on_tick(void *arg)
{
	struct router *r = arg;

	router_tick(r, time(NULL));
	dataplane_debug_drain(r->dp);
	debug_tick();
}

/* Descriptors up to the hard limit: the SSL-VPN server holds one per
 * connection (the soft limit is often 1024). */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* An absolute form of path (relative to the current directory). */
static char *
absolute(const char *path)
{
	char cwd[PATH_MAX], *s;

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup(path, "a path");
	if (asprintf(&s, "%s/%s", cwd, path) < 0)
		xalloc_failed("a path");
	return s;
}

int
main(int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	struct mgmt_server *srv;
	struct event_loop *ev;
	struct dataplane *dp;
	struct router *r;
	char *state = NULL, *sock = NULL;
	int ch, foreground = 0, lockfd, sfd;
	sigset_t mask;

	while ((ch = getopt(argc, argv, "d:s:f")) != -1) {
		switch (ch) {
		case 'd':
			free(state);
			state = absolute(optarg);
			break;
		case 's':
			free(sock);
			sock = absolute(optarg);
			break;
		case 'f':
			foreground = 1;
			break;
		default:
			usage();
		}
	}
	if (state == NULL || sock == NULL || optind != argc)
		usage();
	lockfd = lock_state_dir(state);
	raise_fd_limit();
	log_init("vgwd", foreground);
	r = router_new(state, &err);
	if (r == NULL) {
		fprintf(stderr, "vgwd: %s\n", err.buf);
		return 1;
	}
	ev = event_new();
	srv = mgmt_server_new(ev, r, &vgw_shell, sock, &err);
	if (srv == NULL) {
		fprintf(stderr, "vgwd: %s\n", err.buf);
		return 1;
	}
	if (!foreground && daemon(0, 0) != 0) {
		fprintf(stderr, "vgwd: cannot become a daemon: %s\n", strerror(errno));
		return 1;
	}
	write_pid(lockfd);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	/* after daemon() (the worker would not survive its fork), and after
	 * the signals are blocked (the worker inherits the mask) */
	router_set_event_loop(r, ev);
	if ((dp = dataplane_new(state, &err)) == NULL ||
	    router_attach_dataplane(r, dp, &err) != 0) {
		log_msg(LOG_ERR, "cannot start the forwarding engine: %s", err.buf);
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	event_add_fd(ev, sfd, POLLIN, on_signal, ev);
	event_set_tick(ev, on_tick, r);
	if (event_add_fd(ev, router_ike_fd(r), POLLIN, on_ike, r) != 0) {
		log_msg(LOG_ERR, "cannot poll the IKE channel");
		return 1;
	}
	boot(r, &vgw_shell);
	log_msg(LOG_NOTICE, "vgwd %s ready: state %s, socket %s", PACKAGE_VERSION,
	    state, sock);
	event_run(ev);
	mgmt_server_free(srv);
	close(sfd);
	router_free(r);		/* its SSL-VPN server leaves the loop */
	event_free(ev);
	close(lockfd);
	free(state);
	free(sock);
	strbuf_free(&err);
	return 0;
}
