/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shell - the management shell as the daemon sees it: a table of
 * operations on sessions, given to mgmt_server_new() and to boot by main.
 * The daemon never includes the shell's own headers: the shell (cli/)
 * implements this interface, so the dependency runs from cli/ to src/.
 *
 * Contract
 * - A session is opaque here. open() never fails (it aborts when memory
 *   runs out); every session open()ed is given to free() once.
 * - Nothing touches a socket or a tty: input is a line, output is appended
 *   to a strbuf, and the result says what the client should do.
 * - help() and complete() never run a command.
 * - All sessions of one daemon share the struct router; each has its own
 *   candidate, opened by `configure terminal` as a copy of running.
 * - Errors use IOS texts: "% Invalid input detected at '^' marker." with the
 *   line echoed and a caret under the first bad character, "% Incomplete
 *   command.", "% Ambiguous command: \"WORD\"".
 * - Single-threaded: called from the control thread only.
 */
#ifndef VGW_SHELL_H
#define VGW_SHELL_H

#include <stdbool.h>

#include "router.h"
#include "lib/strbuf.h"

struct session;

enum session_result {
	SESSION_OK,
	SESSION_ERROR,
	SESSION_ASK,		/* a question is pending: see ask_prompt */
	SESSION_CLOSED,		/* exit/logout from EXEC: close the connection */
	SESSION_RUNNING,	/* a command runs on (ping): see job_fd */
};

/* Receives asynchronous lines for a session (terminal monitor). */
typedef void (*session_async_fn)(void *arg, const char *line);

struct shell {
	/*
	 * user: the login name (from SO_PEERCRED); privilege 15 or 1.
	 * interactive: the client is a human at a tty (questions may be
	 * asked; otherwise a question's safe answer is taken and reported as
	 * an error).
	 */
	struct session	*(*open)(struct router *, const char *user,
			    int privilege, bool interactive);
	void		 (*free)(struct session *);
	/*
	 * The login's account opted in to `commit-on-exit` (vgw.conf(5)):
	 * leaving configuration mode (end, exit, Ctrl-Z) commits the
	 * candidate instead of asking, for the IOS drivers of automation,
	 * which send `end` and expect their lines applied; a refused commit
	 * is an error and the session stays in configuration mode. As in a
	 * script, a line that fails makes the transaction refuse to commit.
	 */
	void		 (*set_commit_on_exit)(struct session *, bool);
	void		 (*set_async)(struct session *, session_async_fn, void *arg);

	enum session_result (*exec)(struct session *, const char *line,
			    struct strbuf *out);
	/* A line the client refused to send (why: its "% ..." error): it
	 * fails as if it had run, so its transaction does not commit. */
	enum session_result (*refused)(struct session *, const char *why,
			    struct strbuf *out);
	enum session_result (*answer)(struct session *, const char *reply,
			    struct strbuf *out);
	/* The pending question's text; *echo false for secrets. */
	const char	*(*ask_prompt)(const struct session *, bool *echo);
	/* TAB: the completions of the last word, one per line. */
	void		 (*complete)(struct session *, const char *line,
			    struct strbuf *words);
	/* `?`: the help text for line (ending in a partial word or a space). */
	enum session_result (*help)(struct session *, const char *line,
			    struct strbuf *out);
	/* End of a script: error if uncommitted changes are being dropped. */
	enum session_result (*eof)(struct session *, struct strbuf *out);

	/*
	 * A command that runs on (SESSION_RUNNING from exec): its output
	 * comes when job_fd is readable, through job_output, which returns
	 * SESSION_RUNNING until the command ends and then its result. job_fd
	 * is -1 when no command runs. No other request is taken meanwhile
	 * (the server holds them).
	 */
	int		 (*job_fd)(const struct session *);
	enum session_result (*job_output)(struct session *, struct strbuf *out);

	void		 (*prompt)(const struct session *, struct strbuf *out);
	/* Lines per page for the client's pager; 0: no paging. */
	int		 (*page_length)(const struct session *);

	/*
	 * Parses a whole configuration text of len bytes (startup-config, a
	 * rollback target, configure replace FILE) with the same grammar as
	 * the shell, starting from an empty configuration. The text holds
	 * configuration statements only (vgw.conf(5)): any other command is
	 * an error of its line and never runs, so parsing has no effect but
	 * the configuration returned; `end` in column 0 ends the text; a
	 * control character, NUL included, is an error of its line, never
	 * the end of the text. Returns the configuration built from every
	 * line that parsed (never NULL) and the number of lines that failed;
	 * each failed line's error is appended to errors as
	 * "origin:LINE: % message". Callers decide: rollback and configure
	 * replace refuse a text with errors; boot applies what parsed and
	 * logs the rest, so nothing is lost.
	 */
	struct config	*(*parse_config)(struct router *, const char *text,
			    size_t len, const char *origin, struct strbuf *errors,
			    int *nerrors);
};

/*
 * The shell vgwd runs, defined by the shell itself (cli/session.c) and
 * bound when vgwd is linked. Only main names it; everything else is given
 * the table it should use.
 */
extern const struct shell vgw_shell;

#endif
