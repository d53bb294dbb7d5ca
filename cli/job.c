/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * job - commands in a thread of their own (see job.h).
 */
#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libcli.h>

struct job {
	pthread_t	 thread;
	int		 rfd, wfd;
	job_fn		 fn;
	void		*arg;
	void		(*free_arg)(void *);
	atomic_bool	 cancel;
	int		 status;
	bool		 joined;
};

static void *
run(void *p)
{
	struct job *j = p;

	j->status = j->fn(j->arg, j->wfd, &j->cancel);
	close(j->wfd);		/* end of output: the reader sees EOF */
	return NULL;
}

struct job *
job_start(job_fn fn, void *arg, void (*free_arg)(void *))
{
	struct job *j = calloc(1, sizeof(*j));
	int p[2];

	if (j == NULL || pipe2(p, O_CLOEXEC) != 0) {
		free(j);
		free_arg(arg);
		return NULL;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	j->rfd = p[0];
	j->wfd = p[1];
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	atomic_init(&j->cancel, false);
	if (pthread_create(&j->thread, NULL, run, j) != 0) {
		close(p[0]);
		close(p[1]);
		free_arg(arg);
		free(j);
		return NULL;
	}
	return j;
}

int
job_fd(const struct job *j)
{
	return j->rfd;
}

static void
join(struct job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = true;
	}
}

bool
job_read(struct job *j, struct strbuf *out, int *status)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(j->rfd, buf, sizeof(buf))) > 0)
		strbuf_append(out, buf, (size_t)n);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	join(j);
	*status = j->status;
	return false;
}

void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->cancel, true);
	close(j->rfd);		/* a write the job is in fails (EPIPE) */
	join(j);
	j->free_arg(j->arg);
	free(j);
}

void
job_printf(int out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vdprintf(out, fmt, ap);
	va_end(ap);
}
