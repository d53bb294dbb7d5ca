/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * job - a command that takes time (ping, traceroute) runs in a thread of
 * its own and streams its output through a pipe, so the control thread
 * keeps serving every other session, the engine's commits and the timers
 * while it waits for replies.
 *
 * Contract: the job's function gets only what it was given (it must not
 * touch the router, the session or libcli: they belong to the control
 * thread); it writes text to its output descriptor and returns CLI_OK or
 * CLI_ERROR. It checks *cancel at least every JOB_CANCEL_MS and returns
 * soon after it is set. job_free cancels and waits for it.
 */
#ifndef VGW_JOB_H
#define VGW_JOB_H

#include <stdatomic.h>
#include <stdbool.h>

#include "lib/strbuf.h"

#define JOB_CANCEL_MS	200

typedef int (*job_fn)(void *arg, int out, const atomic_bool *cancel);

struct job;

/* NULL if no thread or pipe could be had (arg is freed then). */
struct job	*job_start(job_fn, void *arg, void (*free_arg)(void *));
/* Readable when the job has output or has finished. */
int		 job_fd(const struct job *);
/* Appends the output there is; false once the job has finished (its
 * CLI_OK or CLI_ERROR in *status). */
bool		 job_read(struct job *, struct strbuf *out, int *status);
void		 job_free(struct job *);

/* Text into a job's output (for the job's function). */
void		 job_printf(int out, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
