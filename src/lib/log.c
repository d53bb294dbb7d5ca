/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log - stderr or syslog, a byte-bounded ring of recent lines for
 * `show logging`, and terminal-monitor sinks; see log.h.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "xalloc.h"

struct monitor {
	log_monitor_fn	 fn;
	void		*arg;
};

static struct {
	int		 foreground;
	char		**ring;		/* lines, oldest at head */
	size_t		 cap, head, count, bytes, limit;
	struct monitor	 mon[LOG_MONITORS];
	int		 nmon;
} lg = { .limit = LOG_DEFAULT_BUFFER };

void
log_init(const char *ident, int foreground)
{
	lg.foreground = foreground;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
drop_oldest(void)
{
	char *s = lg.ring[lg.head];

	lg.bytes -= strlen(s) + 1;
	free(s);
	lg.head = (lg.head + 1) % lg.cap;
	lg.count--;
}

static void
trim_to_limit(void)
{
	while (lg.count > 0 && lg.bytes > lg.limit)
		drop_oldest();
}

void
log_set_buffer_size(size_t bytes)
{
	lg.limit = bytes;
	trim_to_limit();
}

static void
ring_push(const char *line)
{
	size_t len = strlen(line) + 1;

	if (len > lg.limit)
		return;
	if (lg.count == lg.cap) {
		size_t ncap = lg.cap ? lg.cap * 2 : 64, i;
		char **n = xcalloc(ncap, sizeof(*n), "the log buffer");

		for (i = 0; i < lg.count; i++)
			n[i] = lg.ring[(lg.head + i) % lg.cap];
		free(lg.ring);
		lg.ring = n;
		lg.cap = ncap;
		lg.head = 0;
	}
	lg.ring[(lg.head + lg.count) % lg.cap] = xstrdup(line, "the log buffer");
	lg.count++;
	lg.bytes += len;
	trim_to_limit();
}

void
log_msg(int priority, const char *fmt, ...)
{
	char msg[LOG_LINE_MAX], line[LOG_LINE_MAX + 64], stamp[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	snprintf(line, sizeof(line), "%s.%03ld: %s", stamp,
	    (long)(tv.tv_usec / 1000), msg);
	if (lg.foreground)
		fprintf(stderr, "%s\n", line);
	else
		syslog(priority, "%s", msg);
	ring_push(line);
	for (i = 0; i < lg.nmon; i++)
		lg.mon[i].fn(lg.mon[i].arg, line);
}

void
log_buffer_dump(struct strbuf *out)
{
	size_t i;

	for (i = 0; i < lg.count; i++) {
		strbuf_puts(out, lg.ring[(lg.head + i) % lg.cap]);
		strbuf_putc(out, '\n');
	}
}

void
log_buffer_clear(void)
{
	while (lg.count > 0)
		drop_oldest();
}

size_t
log_buffer_size(void)
{
	return lg.limit;
}

size_t
log_buffer_lines(void)
{
	return lg.count;
}

void
log_monitor_add(log_monitor_fn fn, void *arg)
{
	log_monitor_remove(arg);
	if (lg.nmon < LOG_MONITORS)
		lg.mon[lg.nmon++] = (struct monitor){ fn, arg };
}

void
log_monitor_remove(void *arg)
{
	int i;

	for (i = 0; i < lg.nmon; i++)
		if (lg.mon[i].arg == arg) {
			lg.mon[i] = lg.mon[--lg.nmon];
			return;
		}
}
