/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session - one management session inside vgwd: a libcli cli_def with its
 * own mode, privilege, candidate configuration and terminal settings.
 * These functions implement the shell interface the daemon is given
 * (src/shell.h, whose contract they keep; vgw_shell in session.c lists
 * them); the shell's own code and its tests call them directly.
 */
#ifndef VGW_SESSION_H
#define VGW_SESSION_H

#include <stdbool.h>

#include "router.h"
#include "shell.h"
#include "lib/strbuf.h"

/* Bounds of a session (a line's are in line.h). */
#define SESSION_HISTORY		50	/* lines of show history; the oldest go */
#define SESSION_MAX_CHOICES	256	/* answers to ? or TAB; more are not listed */

/* See struct shell in shell.h for each function's contract. */
struct session	*session_new(struct router *, const char *user, int privilege,
		    bool interactive);
void		 session_free(struct session *);
void		 session_set_commit_on_exit(struct session *, bool);
void		 session_set_async(struct session *, session_async_fn, void *arg);

/* Runs line. A line whose last word is a `?` of its own runs nothing: it
 * gets session_help's answer for the text before that `?`, as a terminal's
 * `?` would (scripts discover commands so). */
enum session_result session_exec(struct session *, const char *line, struct strbuf *out);
/* A line the client refused to send (mgmt_line_check; why is its "% ..."
 * error): it fails as if it had run, so its transaction does not commit. */
enum session_result session_refused(struct session *, const char *why, struct strbuf *out);
enum session_result session_answer(struct session *, const char *reply, struct strbuf *out);
const char	*session_ask_prompt(const struct session *, bool *echo);
void		 session_complete(struct session *, const char *line, struct strbuf *words);
enum session_result session_help(struct session *, const char *line, struct strbuf *out);
enum session_result session_eof(struct session *, struct strbuf *out);

int		 session_job_fd(const struct session *);
enum session_result session_job_output(struct session *, struct strbuf *out);

void		 session_prompt(const struct session *, struct strbuf *out);
int		 session_page_length(const struct session *);

struct config	*session_parse_config(struct router *, const char *text,
		    size_t len, const char *origin, struct strbuf *errors,
		    int *nerrors);

#endif
