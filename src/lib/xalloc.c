/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xalloc - allocation that logs what ran out, then aborts; see xalloc.h. */
#include "xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

void
xalloc_failed(const char *what)
{
	static bool failing;

	/* logging may itself allocate (the log buffer, a monitor's output):
	 * if that fails too, the first message is the one that counts */
	if (!failing) {
		failing = true;
		log_msg(LOG_CRIT, "out of memory for %s", what);
	}
	abort();
}

void *
xcalloc(size_t n, size_t size, const char *what)
{
	void *p = calloc(n, size);

	if (p == NULL)
		xalloc_failed(what);
	return p;
}

void *
xrealloc(void *p, size_t size, const char *what)
{
	if ((p = realloc(p, size)) == NULL)
		xalloc_failed(what);
	return p;
}

char *
xstrdup(const char *s, const char *what)
{
	char *p = strdup(s);

	if (p == NULL)
		xalloc_failed(what);
	return p;
}

char *
xstrndup(const char *s, size_t n, const char *what)
{
	char *p = strndup(s, n);

	if (p == NULL)
		xalloc_failed(what);
	return p;
}
