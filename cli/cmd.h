/*
 * cmd - what command modules (cli/cmd_*.c) need from the session core
 * (cli/session.c), and what the session core needs from them.
 *
 * Each command module registers its part of the grammar on a fresh cli_def
 * through one function listed in cmd_register_all() (cmd_register.c).
 * A command callback finds its session with cmd_session(cli) and prints
 * with cli_print() (the session captures it). It returns CLI_OK, or
 * CLI_ERROR after printing a "% ..." message that names what was wrong;
 * a command that fails changes nothing.
 *
 * Grammar rules (see ../shared/LIBCLI.md):
 * - never CLI_CMD_REMAINDER_OF_LINE; free text (description) is taken from
 *   argv words and joined with single spaces;
 * - arguments are optargs with a validator and a help name such as
 *   "A.B.C.D", "A.B.C.D/M", "WORD", "<1-15>" (cmd_arg_* below);
 * - the `no` form of a command is registered under the "no" keyword of its
 *   mode and may share the callback (libcli passes the full command name).
 */
#ifndef VGW_CMD_H
#define VGW_CMD_H

#include <stdbool.h>

#include <libcli.h>

#include "config.h"
#include "router.h"
#include "strbuf.h"

/* Modes (libcli mode numbers). MODE_EXEC and MODE_CONFIG come from libcli. */
enum {
	MODE_CONFIG_IF = 10,	/* interface NAME      -> (config-if) */
};

struct session;

/* The session a command callback runs in. */
struct session	*cmd_session(struct cli_def *);
struct router	*cmd_router(struct cli_def *);
/* The login user of the session. */
const char	*cmd_user(struct cli_def *);
/* The candidate (config modes only; never NULL there). */
struct config	*cmd_candidate(struct cli_def *);
/* The name of the object a sub-mode edits (the interface in config-if). */
const char	*cmd_submode_object(struct cli_def *);
/* Enter a sub-mode editing object `name` (prompt from the mode's table). */
void		 cmd_enter_submode(struct cli_def *, int mode, const char *name);
/* Whether the session is interactive (may be asked questions). */
bool		 cmd_interactive(struct cli_def *);

/* Config-mode entry/exit, owned by the session core:
 * `configure terminal` opens the candidate; commit/abort need it. */
const struct config *cmd_candidate_base(struct cli_def *);	/* running when opened */
uint64_t	 cmd_candidate_generation(struct cli_def *);
/* Replaces the candidate's base with the current running after a commit
 * (the candidate itself is then equal to running). */
void		 cmd_candidate_committed(struct cli_def *);
/* Drops the candidate and goes to EXEC (abort). */
void		 cmd_candidate_drop(struct cli_def *);
/* Lines that failed since `configure terminal` in a non-interactive
 * session: a script's transaction with failed lines must not commit. */
int		 cmd_failed_lines(struct cli_def *);

/*
 * The one keyword node `word` under parent (NULL = top level) for mode:
 * returns the existing node if a module registered it already, else
 * registers it (callback NULL, so the keyword alone is "% Incomplete
 * command."). Every module registers "show", "no", "clear", "ip" ... through
 * this, so each keyword exists once per mode and abbreviations work.
 */
struct cli_command *cmd_keyword(struct cli_def *, struct cli_command *parent,
		    const char *word, const char *help, int privilege, int mode);

/*
 * Commits the session's candidate (cmd_commit.c): builds the
 * commit_request from the session, calls router_commit, prints its output,
 * and on success rebases the candidate (cmd_candidate_committed).
 * Used by `commit ...` and by the "commit them? yes" answer on `end`.
 * Returns CLI_OK or CLI_ERROR.
 */
int		 cmd_do_commit(struct cli_def *, const char *comment,
		    unsigned confirm_seconds, bool check_only);

/* Argument helpers: register a positional argument or an optional
 * "keyword VALUE" pair with a validator and a help name. */
struct cli_optarg *cmd_arg(struct cli_command *, const char *name,
		    const char *helpname, const char *help,
		    int (*validator)(struct cli_def *, const char *, const char *));
struct cli_optarg *cmd_opt(struct cli_command *, const char *keyword,
		    const char *helpname, const char *help,
		    int (*validator)(struct cli_def *, const char *, const char *));
/* Validators (return CLI_OK or CLI_ERROR, printing nothing). */
int		 cmd_valid_addr(struct cli_def *, const char *, const char *);	/* A.B.C.D */
int		 cmd_valid_prefix(struct cli_def *, const char *, const char *); /* A.B.C.D/M */
int		 cmd_valid_name(struct cli_def *, const char *, const char *);	/* WORD, <= CFG_NAME_MAX-1 */

/* Registration, one per module, all called by cmd_register_all(). */
void		 cmd_register_all(struct cli_def *);
void		 cmd_register_nav(struct cli_def *);	  /* cmd_nav.c: exit end do enable configure terminal ... */
void		 cmd_register_terminal(struct cli_def *); /* cmd_terminal.c: terminal ..., show users|history */
void		 cmd_register_global(struct cli_def *);	  /* cmd_global.c: hostname username enable-secret logging */
void		 cmd_register_interface(struct cli_def *); /* cmd_interface.c: interface and config-if */
void		 cmd_register_route(struct cli_def *);	  /* cmd_route.c: ip route */
void		 cmd_register_commit(struct cli_def *);	  /* cmd_commit.c: commit abort rollback write ... */
void		 cmd_register_show(struct cli_def *);	  /* cmd_show.c: show ... (EXEC) */

#endif
