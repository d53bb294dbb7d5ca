/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fileio - whole-file reads and crash-safe whole-file writes.
 *
 * file_write_atomic writes to PATH.tmp, fsyncs it, renames it over PATH and
 * fsyncs the directory: after a crash PATH holds the old or the new
 * contents, never a mix. Errors name the path and the system error.
 */
#ifndef VGW_FILEIO_H
#define VGW_FILEIO_H

#include <stddef.h>

#include "strbuf.h"

#define FILEIO_MAX	(256u * 1024 * 1024)	/* largest file read */

int	 file_write_atomic(const char *path, const char *data, size_t len,
	    struct strbuf *err);
/* The file's bytes, NUL-terminated (malloc'd), *len without the NUL (len
 * may be NULL); NULL with a message in err (err may be NULL). */
char	*file_read_all(const char *path, size_t *len, struct strbuf *err);

#endif
