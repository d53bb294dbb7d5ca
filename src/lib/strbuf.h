/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strbuf - a growable, always NUL-terminated byte buffer.
 *
 * Contract: a zeroed struct strbuf (STRBUF_INIT) is an empty buffer; every
 * append keeps buf[len] == '\0'. Allocation failure aborts the process
 * (the daemon cannot do anything useful without memory).
 */
#ifndef VGW_STRBUF_H
#define VGW_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*buf;	/* NULL until the first append */
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void	 strbuf_append(struct strbuf *, const char *, size_t);
void	 strbuf_puts(struct strbuf *, const char *);
void	 strbuf_putc(struct strbuf *, char);
void	 strbuf_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vprintf(struct strbuf *, const char *, va_list);
/* The contents, never NULL ("" when empty). */
const char *strbuf_str(const struct strbuf *);
void	 strbuf_reset(struct strbuf *);
/* Hands the buffer to the caller (malloc'd, never NULL); sb is left empty. */
char	*strbuf_detach(struct strbuf *);
void	 strbuf_free(struct strbuf *);

#endif
