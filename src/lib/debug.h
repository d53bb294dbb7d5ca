/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * debug - the debug channel: the categories an operator turns on with
 * `debug CATEGORY`, and the lines they produce, rate limited per category
 * and handed to the log at LOG_DEBUG, so they reach every `terminal
 * monitor` session, the `logging buffered` buffer and stderr or syslog.
 *
 * Contract
 * - Which categories are on is one atomic bitmask: debug_on() may be
 *   called from any thread (the dataplane worker asks it on each drop)
 *   and costs one relaxed load. Everything else is for the control thread
 *   only, as the log is.
 * - Each category has a token bucket: at most DEBUG_RATE lines a second
 *   after a burst of DEBUG_BURST. A line beyond is counted, not printed;
 *   the count is reported in one line as soon as the bucket allows one
 *   (before the category's next line, or at debug_tick).
 * - Turning a category off drops its unreported count: nothing of it is
 *   printed after `undebug`.
 * - Lines never carry secrets (callers' duty, as for log_msg).
 */
#ifndef VGW_DEBUG_H
#define VGW_DEBUG_H

#include <stdatomic.h>
#include <stdbool.h>

/* Bounds of the channel (all of them here). */
#define DEBUG_RATE	100	/* lines a second per category, on average */
#define DEBUG_BURST	200	/* lines a category may print at once */

/*
 * The categories: identifier, the words after `debug`, and the name
 * `show debugging` and each line give it. Adding one is one line here:
 * its commands (cli/cmd/cmd_debug.c) are made from this list.
 */
#define DEBUG_CATEGORIES(X) \
	X(ENGINE, "engine", "Engine") \
	X(IKEV2, "crypto ikev2", "IKEv2") \
	X(SSLVPN, "ssl-vpn", "SSL-VPN")

#define DEBUG_CATEGORY_ENUM(id, words, name) DEBUG_##id,
enum debug_category { DEBUG_CATEGORIES(DEBUG_CATEGORY_ENUM) DEBUG_COUNT };
#undef DEBUG_CATEGORY_ENUM

/* Bit c is category c; read through debug_on(). */
extern atomic_uint debug_mask;

static inline bool
debug_on(enum debug_category c)
{
	return (atomic_load_explicit(&debug_mask, memory_order_relaxed) >> c) & 1u;
}

void	 debug_set(enum debug_category, bool on);
void	 debug_all_off(void);
/* The category `debug WORDS` names ("engine"), or -1. */
int	 debug_find(const char *words);
const char *debug_name(enum debug_category);
/* One line of category c (no newline), if it is on and its bucket allows. */
void	 debug_msg(enum debug_category c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Reports the counts of suppressed lines whose bucket allows it again;
 * called on the control thread's tick. */
void	 debug_tick(void);

#endif
