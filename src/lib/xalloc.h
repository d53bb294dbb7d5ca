/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xalloc - allocation for the control plane: when memory runs out it logs
 * "out of memory for WHAT" (LOG_CRIT) and aborts, so no caller goes on
 * with a NULL and the log says what could not be had.
 *
 * Contract
 * - The only way the control plane (configuration, routes, the shell, the
 *   management server, start-up) aborts on out-of-memory (README.md,
 *   Layout). The packet path (src/engine, the src/dataplane worker) never
 *   calls it: it counts a drop. Code that can fail cleanly (a commit, a
 *   line of input) returns an error instead.
 * - what names the thing being allocated: "a management connection".
 * - Control thread only (it logs through log.h).
 */
#ifndef VGW_XALLOC_H
#define VGW_XALLOC_H

#include <stddef.h>

void	*xcalloc(size_t n, size_t size, const char *what);
void	*xrealloc(void *p, size_t size, const char *what);
char	*xstrdup(const char *s, const char *what);
char	*xstrndup(const char *s, size_t n, const char *what);
/* For an allocation made elsewhere (asprintf, a library's constructor)
 * that returned NULL: logs and aborts as above. */
_Noreturn void xalloc_failed(const char *what);

#endif
