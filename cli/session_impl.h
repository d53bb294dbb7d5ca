/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_impl - the inside of a session, shared by session*.c, cmd_util.c
 * and line.c only. Modules use cmd.h.
 */
#ifndef VGW_SESSION_IMPL_H
#define VGW_SESSION_IMPL_H

#include <time.h>

#include "cmd.h"
#include "grammar.h"
#include "job.h"
#include "line.h"
#include "session.h"

/* A registered command: a libcli keyword node (NULL for path ""), its def
 * and its grammar. */
struct entry {
	struct cli_command	*node;
	const struct cmd_def	*def;
	struct grammar		*grammar;
	enum cmd_mode		 mode;
	bool			 statement;	/* a configuration statement (cmd.h) */
};

enum ask {
	ASK_NONE,
	ASK_ENABLE,		/* Password: */
	ASK_UNCOMMITTED,	/* commit them? [yes/no/CANCEL] */
};

struct session {
	struct router		*router;
	struct cli_def		*cli;
	char			 user[64];
	bool			 interactive;
	bool			 commit_on_exit;	/* the account's opt-in */
	int			 vty;		/* line number for show users */
	time_t			 since, last_active;
	enum cmd_mode		 mode;
	char			 object[CFG_NAME_MAX];	/* sub-mode's object */
	struct config		*candidate, *base;
	bool			 statements_only;	/* reading a configuration file */
	uint64_t		 base_generation;
	int			 failed_lines;
	char			*commit_errors;	/* last commit's, if refused */
	struct strbuf		*out;		/* where cli_print goes now */
	int			 page_length, width;
	bool			 monitor;
	bool			 timestamp;	/* terminal exec prompt timestamp */
	session_async_fn	 async_fn;
	void			*async_arg;
	enum ask		 ask;
	struct job		*job;		/* a command running on */
	int			 enable_tries;
	char			*history[SESSION_HISTORY];
	int			 nhistory;
	/* the line being run, for cmd_text() */
	const struct line	*cur_line;
	int			 cur_first_arg;	/* word index of argv[0] */
	struct entry		*entries;
	int			 nentries;
	struct session		*next;		/* registry of live sessions */
};

/* The keyword resolution of a line (line.c). */
struct resolved {
	enum grammar_status	 status;
	int			 at;		/* word index of the error */
	const struct entry	*entry;		/* OK: the command */
	const char		**argv;		/* OK: arguments, malloc'd */
	int			 argc;
	int			 nkw;		/* OK: words that were keywords */
};

/* The libcli mode number of a mode. */
int	session_libcli_mode(enum cmd_mode);
/* The visible keyword in list that word names (exact, or unique prefix);
 * NULL with *nmatch 0 (none) or > 1 (ambiguous). */
struct cli_command *session_match_keyword(const struct session *,
	    struct cli_command *list, enum cmd_mode, const char *word, int *nmatch);
/* Follows keywords from the top; returns how many words were keywords,
 * *node the last one matched (NULL if none), *nmatch as above for the
 * first word that was not a keyword. */
int	session_walk(const struct session *, enum cmd_mode, char **words, int n,
	    struct cli_command **node, int *nmatch);
/* The command of a keyword node; for node NULL (no word was a keyword),
 * the mode's line that starts with an argument (path "" in cmd.h), if any. */
const struct entry *session_find_entry(const struct session *,
	    const struct cli_command *, enum cmd_mode);
/* The command name a callback receives ("no shutdown"; "" for path ""). */
const char *session_entry_command(const struct entry *);
/* Matches words in mode; fills r (r->argv malloc'd on OK). */
void	session_resolve(struct session *, enum cmd_mode, char **words, int n,
	    struct resolved *r);
/* Runs one line (no filters) in the current mode, printing errors. */
enum session_result session_run(struct session *, const char *line);
/* The live sessions (for show users). */
struct session *session_registry(void);
/* Mode names for prompts and show users. */
const char *session_mode_name(enum cmd_mode);

#endif
