/*
 * session - one management session inside vgwd: a libcli cli_def with its
 * own mode, privilege, candidate configuration and terminal settings.
 * The management server (src/mgmt_server.c) maps each socket connection to
 * one session and each request frame to one call here.
 *
 * Contract
 * - Nothing here touches a socket or a tty: input is a line, output is
 *   appended to a strbuf, and the result says what the client should do.
 * - session_help() and session_complete() never run a command.
 * - All sessions of one daemon share the struct router; each has its own
 *   candidate, opened by `configure terminal` as a copy of running.
 * - Errors use IOS texts: "% Invalid input detected at '^' marker." with the
 *   line echoed and a caret under the first bad character, "% Incomplete
 *   command.", "% Ambiguous command: \"WORD\"".
 */
#ifndef VGW_SESSION_H
#define VGW_SESSION_H

#include <stdbool.h>

#include "router.h"
#include "lib/strbuf.h"

struct session;

enum session_result {
	SESSION_OK,
	SESSION_ERROR,
	SESSION_ASK,		/* a question is pending: see session_ask_prompt */
	SESSION_CLOSED,		/* exit/logout from EXEC: close the connection */
	SESSION_RUNNING,	/* a command runs on (ping): see session_job_fd */
};

/* Receives asynchronous lines for this session (terminal monitor). */
typedef void (*session_async_fn)(void *arg, const char *line);

/*
 * user: the login name (from SO_PEERCRED); privilege 15 or 1.
 * interactive: the client is a human at a tty (questions may be asked;
 * otherwise a question's safe answer is taken and reported as an error).
 */
struct session	*session_new(struct router *, const char *user, int privilege,
		    bool interactive);
void		 session_free(struct session *);
void		 session_set_async(struct session *, session_async_fn, void *arg);

/* Runs line. A line whose last word is a `?` of its own runs nothing: it
 * gets session_help's answer for the text before that `?`, as a terminal's
 * `?` would (scripts discover commands so). */
enum session_result session_exec(struct session *, const char *line, struct strbuf *out);
/* A line the client refused to send (mgmt_line_check; why is its "% ..."
 * error): it fails as if it had run, so its transaction does not commit. */
enum session_result session_refused(struct session *, const char *why, struct strbuf *out);
enum session_result session_answer(struct session *, const char *reply, struct strbuf *out);
/* The pending question's text; *echo false for secrets. */
const char	*session_ask_prompt(const struct session *, bool *echo);
/* TAB: the completions of the last word, one per line. */
void		 session_complete(struct session *, const char *line, struct strbuf *words);
/* `?`: the help text for line (which ends in a partial word or a space). */
enum session_result session_help(struct session *, const char *line, struct strbuf *out);
/* End of a script: error if uncommitted changes are being dropped. */
enum session_result session_eof(struct session *, struct strbuf *out);

/*
 * A command that runs on (SESSION_RUNNING from session_exec): its output
 * comes when session_job_fd is readable, through session_job_output, which
 * returns SESSION_RUNNING until the command ends and then its result. No
 * other request is taken meanwhile (the server holds them).
 */
int		 session_job_fd(const struct session *);
enum session_result session_job_output(struct session *, struct strbuf *out);

void		 session_prompt(const struct session *, struct strbuf *out);
int		 session_page_length(const struct session *);

/*
 * Parses a whole configuration text (startup-config, a rollback target,
 * configure replace FILE) with the same grammar as the shell, starting from
 * an empty configuration. Returns the configuration built from every line
 * that parsed (never NULL) and the number of lines that failed; each failed
 * line's error is appended to errors as "origin:LINE: % message".
 * Callers decide: rollback and configure replace refuse a text with errors;
 * boot applies what parsed and logs the rest, so nothing is lost.
 */
struct config	*session_parse_config(struct router *, const char *text,
		    const char *origin, struct strbuf *errors, int *nerrors);

#endif
