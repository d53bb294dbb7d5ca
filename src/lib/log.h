/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log - the daemon's log: to stderr (foreground) or syslog, into a bounded
 * ring buffer for `show logging`, and to every session that asked for
 * `terminal monitor`.
 *
 * Contract: the buffer keeps the newest lines whose total size fits the
 * `logging buffered` size; older lines are dropped whole. Messages never
 * carry secrets (callers' duty). Single-threaded (control thread).
 */
#ifndef VGW_LOG_H
#define VGW_LOG_H

#include <stddef.h>
#include <syslog.h>

#include "strbuf.h"

/* Bounds of the log (all of them here). */
#define LOG_DEFAULT_BUFFER	65536	/* bytes kept when `logging buffered` is unset */
#define LOG_LINE_MAX		1024	/* one message, longer ones cut */
#define LOG_MONITORS		64	/* terminal monitor sessions at once */

/* A sink for terminal monitor; called with one formatted line (no newline). */
typedef void (*log_monitor_fn)(void *arg, const char *line);

void	 log_init(const char *ident, int foreground);
void	 log_set_buffer_size(size_t bytes);
void	 log_msg(int priority, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Appends the buffered lines, oldest first, each ending in '\n'. */
void	 log_buffer_dump(struct strbuf *out);
void	 log_buffer_clear(void);
size_t	 log_buffer_size(void);
size_t	 log_buffer_lines(void);
/* Register/unregister a monitor sink (identified by arg). */
void	 log_monitor_add(log_monitor_fn, void *arg);
void	 log_monitor_remove(void *arg);

#endif
