/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * debug - the categories' bitmask, their token buckets, and lines into the
 * log; see debug.h.
 */
#include "debug.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ratelimit.h"

_Static_assert(DEBUG_COUNT <= 32, "debug_mask has 32 bits");

static const struct {
	const char	*words, *name;
} category[DEBUG_COUNT] = {
#define DEBUG_CATEGORY_ROW(id, words, name) { words, name },
	DEBUG_CATEGORIES(DEBUG_CATEGORY_ROW)
#undef DEBUG_CATEGORY_ROW
};

atomic_uint debug_mask;

static struct ratelimit bucket[DEBUG_COUNT] = {
#define DEBUG_CATEGORY_BUCKET(id, words, name) RATELIMIT_FULL(DEBUG_RATE, DEBUG_BURST),
	DEBUG_CATEGORIES(DEBUG_CATEGORY_BUCKET)
#undef DEBUG_CATEGORY_BUCKET
};

void
debug_set(enum debug_category c, bool on)
{
	if (on)
		atomic_fetch_or_explicit(&debug_mask, 1u << c, memory_order_relaxed);
	else {
		atomic_fetch_and_explicit(&debug_mask, ~(1u << c), memory_order_relaxed);
		ratelimit_claim_suppressed(&bucket[c]);
	}
}

void
debug_all_off(void)
{
	unsigned c;

	for (c = 0; c < DEBUG_COUNT; c++)
		debug_set(c, false);
}

int
debug_find(const char *words)
{
	unsigned c;

	for (c = 0; c < DEBUG_COUNT; c++)
		if (strcmp(category[c].words, words) == 0)
			return (int)c;
	return -1;
}

const char *
debug_name(enum debug_category c)
{
	return category[c].name;
}

static void
report_suppressed(enum debug_category c)
{
	uint64_t n = ratelimit_claim_suppressed(&bucket[c]);

	if (n > 0)
		log_msg(LOG_DEBUG, "%s: %llu debug line%s suppressed (rate limit)",
		    category[c].name, (unsigned long long)n, n == 1 ? "" : "s");
}

void
debug_msg(enum debug_category c, const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;

	if (!debug_on(c) || !ratelimit_allow(&bucket[c], ratelimit_clock_ms()))
		return;
	report_suppressed(c);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(LOG_DEBUG, "%s: %s", category[c].name, msg);
}

void
debug_tick(void)
{
	unsigned c;

	for (c = 0; c < DEBUG_COUNT; c++)
		if (bucket[c].suppressed > 0 && ratelimit_take(&bucket[c], ratelimit_clock_ms()))
			report_suppressed(c);
}
