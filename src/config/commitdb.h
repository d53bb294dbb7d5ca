/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commitdb - the configuration files in a router's state directory:
 * the commit history (for rollback and `show configuration commit`) and
 * startup-config (for boot and `write memory`).
 *
 * Layout under STATE_DIR:
 *   startup-config        what `write memory` saved; boot reads it
 *   commits/<ID>          one file per commit: a header of "! key: value"
 *                         lines (id, time, user, comment) then the full
 *                         running-config text after the commit
 * IDs increase by one per commit and survive restarts; the newest
 * COMMITDB_KEEP commits are kept, older files are deleted.
 * Every file is written to a temporary name, fsync'd, renamed over the
 * target, and the directory fsync'd, so a crash leaves the old or the new
 * file, never a torn one.
 */
#ifndef VGW_COMMITDB_H
#define VGW_COMMITDB_H

#include <stdbool.h>
#include <time.h>

#include "lib/strbuf.h"

#define COMMITDB_KEEP	100
#define COMMITDB_COMMENT_MAX	255	/* longer comments are refused (cli/) */

struct commitdb;

struct commit_info {
	unsigned	 id;
	time_t		 time;
	char		 user[64];
	char		 comment[COMMITDB_COMMENT_MAX + 1];
};

/* Opens (creating directories as needed). NULL with a message in err. */
struct commitdb	*commitdb_open(const char *state_dir, struct strbuf *err);
void		 commitdb_close(struct commitdb *);

/* Records a commit; *id gets its id. -1 with a message in err on I/O error. */
int		 commitdb_record(struct commitdb *, const char *running_text,
		    const char *user, const char *comment, unsigned *id,
		    struct strbuf *err);
/* The newest id, 0 when there is none. */
unsigned	 commitdb_last_id(const struct commitdb *);
/* Commits newest first; returns how many were written to out (<= max). */
int		 commitdb_list(struct commitdb *, struct commit_info *out, int max);
bool		 commitdb_info(struct commitdb *, unsigned id, struct commit_info *);
/* The running-config text after commit id (malloc'd, NUL-terminated),
 * NULL if unknown; *len (unless len is NULL) its length, which a NUL byte
 * in the file does not end. */
char		*commitdb_text(struct commitdb *, unsigned id, size_t *len);

/* startup-config. read returns NULL when there is none (malloc'd text,
 * *len as for commitdb_text). */
int		 commitdb_save_startup(struct commitdb *, const char *text, struct strbuf *err);
char		*commitdb_read_startup(struct commitdb *, size_t *len);
int		 commitdb_erase_startup(struct commitdb *, struct strbuf *err);

#endif
