/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd - what command modules (cli/cmd_*.c) declare and what they may ask
 * of the session core (cli/session.c).
 *
 * A module is a table of struct cmd_def, listed in cmd_register.c. The
 * session registers every def's keyword path in its libcli tree (for the
 * modes and privileges libcli keeps) and compiles its argument syntax with
 * grammar.h; the session alone parses lines, answers `?` and TAB, prints
 * IOS errors, and calls fn with the argument words, keywords expanded
 * (argv[0] is the first word after the path). libcli's own line parser,
 * completion, filters and built-ins are not used (../shared/LIBCLI.md).
 *
 * fn prints with cli_print() and returns CLI_OK, or CLI_ERROR after
 * printing a "% ..." line naming what was wrong; a failing command changes
 * nothing.
 */
#ifndef VGW_CMD_H
#define VGW_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include <libcli.h>

#include "config/config.h"
#include "job.h"
#include "router.h"
#include "lib/strbuf.h"

/* Modes; M_* are the bits used in cmd_def.modes. */
enum cmd_mode {
	CMD_MODE_EXEC,
	CMD_MODE_CONFIG,
	CMD_MODE_IF,		/* interface NAME -> (config-if) */
	CMD_MODE_TUNNEL,	/* crypto ipsec tunnel NAME -> (config-tunnel) */
	CMD_MODE_SPD,		/* crypto spd -> (config-spd) */
	CMD_MODE_SSLVPN,	/* ssl-vpn -> (config-sslvpn) */
	CMD_MODE_SSLVPN_USER,	/* ssl-vpn user NAME -> (config-sslvpn-user) */
	CMD_MODE_COUNT,
};
#define M_EXEC		(1u << CMD_MODE_EXEC)
#define M_CONFIG	(1u << CMD_MODE_CONFIG)
#define M_IF		(1u << CMD_MODE_IF)
#define M_TUNNEL	(1u << CMD_MODE_TUNNEL)
#define M_SPD		(1u << CMD_MODE_SPD)
#define M_SSLVPN	(1u << CMD_MODE_SSLVPN)
#define M_SSLVPN_USER	(1u << CMD_MODE_SSLVPN_USER)
#define M_SUBMODES	(M_IF | M_TUNNEL | M_SPD | M_SSLVPN | M_SSLVPN_USER)
#define M_ANYCONFIG	(M_CONFIG | M_SUBMODES)

#define PRIV_USER	1
#define PRIV_ADMIN	15

typedef int (*cmd_fn)(struct cli_def *, const char *command, char **argv, int argc);

struct cmd_def {
	unsigned	 modes;		/* M_* bits */
	int		 privilege;
	/* keywords: "show running-config"; "" for the one line of a mode
	 * that starts with an argument (the SPD's `SEQ ...`, as IOS's access
	 * lists): it takes a line whose first word is no keyword */
	const char	*path;
	const char	*syntax;	/* arguments (grammar.h); NULL = none */
	const char *const *help;	/* help of syntax placeholders, in order */
	cmd_fn		 fn;
};

/* The tables, each terminated by an entry with path NULL. */
extern const struct cmd_def cmd_nav_defs[];	/* exit end do enable configure ... */
extern const struct cmd_def cmd_terminal_defs[];	/* terminal, show users|history */
extern const struct cmd_def cmd_global_defs[];	/* hostname username enable logging */
extern const struct cmd_def cmd_interface_defs[];
extern const struct cmd_def cmd_route_defs[];
extern const struct cmd_def cmd_commit_defs[];	/* commit abort rollback write ... */
extern const struct cmd_def cmd_show_defs[];
extern const struct cmd_def cmd_show_route_defs[];	/* show ip route */
extern const struct cmd_def cmd_interfaces_defs[];	/* show interfaces, clear counters */
extern const struct cmd_def cmd_engine_defs[];	/* show engine statistics */
extern const struct cmd_def cmd_arp_defs[];	/* show arp, clear arp */
extern const struct cmd_def cmd_capture_defs[];	/* monitor capture */
extern const struct cmd_def cmd_ping_defs[];	/* ping, traceroute */
extern const struct cmd_def cmd_debug_defs[];	/* debug, undebug, show debugging */
extern const struct cmd_def cmd_tunnel_defs[];	/* crypto ipsec tunnel */
extern const struct cmd_def cmd_tunnel_sa_defs[];	/* its sa lines */
extern const struct cmd_def cmd_tunnel_ike_defs[];	/* its IKE statements */
extern const struct cmd_def cmd_tunnel_proposal_defs[];	/* ike/esp proposal */
extern const struct cmd_def cmd_spd_defs[];	/* crypto spd */
extern const struct cmd_def cmd_show_tunnel_defs[];	/* show crypto ipsec tunnel */
extern const struct cmd_def cmd_ikev2_defs[];	/* show crypto ikev2 sa, clear crypto sa */
extern const struct cmd_def cmd_ipsec_show_defs[];	/* show crypto ipsec sa, spd; clear crypto */
extern const struct cmd_def cmd_sslvpn_config_defs[];	/* ssl-vpn, ssl-vpn user */
extern const struct cmd_def cmd_sslvpn_defs[];	/* show ssl-vpn, clear ssl-vpn session */
/*
 * A module's table, and whether the commands it has in configuration modes
 * are configuration statements: commands that only edit the candidate. A
 * configuration file (session_parse_config: startup-config, configure
 * replace, commit history) holds nothing else, so that reading one has no
 * effect but the configuration it returns; a module that is not listed as
 * statements cannot be run from one, whatever it adds later.
 */
struct cmd_table {
	const struct cmd_def	*defs;
	bool			 statements;
};
/* All tables (cmd_register.c), ending with defs NULL. */
extern const struct cmd_table cmd_tables[];

/* What a command may ask of its session. */
struct session	*cmd_session(struct cli_def *);
/* The router: commit through router.h, read through its accessors
 * (router_running(), router_rib(), router_dataplane(), ...). */
struct router	*cmd_router(struct cli_def *);
const char	*cmd_user(struct cli_def *);
bool		 cmd_interactive(struct cli_def *);
enum cmd_mode	 cmd_mode(struct cli_def *);
/* Enter a mode; name is the object a sub-mode edits (the interface). */
void		 cmd_set_mode(struct cli_def *, enum cmd_mode, const char *name);
const char	*cmd_submode_object(struct cli_def *);

/* The candidate (config modes only; never NULL there), the running config
 * it was opened from, and running's generation then. */
struct config	*cmd_candidate(struct cli_def *);
const struct config *cmd_candidate_base(struct cli_def *);
uint64_t	 cmd_candidate_generation(struct cli_def *);
/* Opens a fresh candidate (configure terminal). */
void		 cmd_candidate_open(struct cli_def *);
/* After a successful commit: the candidate's base becomes running. */
void		 cmd_candidate_committed(struct cli_def *);
/* Drops the candidate and goes to EXEC (abort). */
void		 cmd_candidate_drop(struct cli_def *);
/* Lines that failed since `configure terminal` in a script or a
 * commit-on-exit session: such a transaction must not commit. */
int		 cmd_failed_lines(struct cli_def *);
/* The errors of this session's last commit, one per line, if it was
 * refused; "" otherwise (show configuration failed). */
const char	*cmd_commit_errors(struct cli_def *);
/* Sets the session's page length / width / monitor flag. */
void		 cmd_set_terminal(struct cli_def *, int length, int width);
void		 cmd_set_monitor(struct cli_def *, bool on);
/* Whether the answer of each command that shows something starts with the
 * time (IOS-XR's terminal exec prompt timestamp). */
void		 cmd_set_exec_timestamp(struct cli_def *, bool on);
/* Leave config mode to EXEC, asking about uncommitted changes (or, for a
 * commit-on-exit account, committing them). */
int		 cmd_leave_config(struct cli_def *);
/* Ask the enable secret. */
int		 cmd_enable(struct cli_def *);
/* Run an EXEC command line from a config mode (`do`). */
int		 cmd_do(struct cli_def *, char **argv, int argc);
/* Lists sessions (show users) and this session's history. */
void		 cmd_show_users(struct cli_def *);
void		 cmd_show_history(struct cli_def *);

/* Whether the router has a forwarding engine; prints why not. */
bool		 cmd_engine_running(struct cli_def *);
/* Runs fn on the engine under its lock (clear commands). */
struct engine;
int		 cmd_engine_do(struct cli_def *, void (*fn)(struct engine *));

/* Runs fn in a job (job.h) whose output ends the command: for commands
 * that wait (ping). Returns CLI_OK, or CLI_ERROR after printing why. */
int		 cmd_start_job(struct cli_def *, job_fn, void *arg,
		    void (*free_arg)(void *));

/* Commits the candidate through router_commit(), for `commit` and for the
 * shell's own "commit them? yes"; refuses when lines of a script's
 * transaction failed. Returns CLI_OK or CLI_ERROR. */
int		 cmd_do_commit(struct cli_def *, const char *comment,
		    unsigned confirm_seconds, bool check_only);
/* Prints a commit's result, rc and out as router_commit() gave them (for
 * rollback and configure replace too); a refused commit's errors are kept
 * for show configuration failed. Returns CLI_OK or CLI_ERROR. */
int		 cmd_commit_report(struct cli_def *, int rc, const struct strbuf *out,
		    bool check_only);

/* Helpers for command callbacks. */
/* Whether the command is a `no` or `default` form (restores the default). */
bool		 cmd_resets(const char *command);
/* `description LINE` of a sub-mode: the text from argv[0] to the end of
 * the line into field (size bytes, at most CFG_DESCR_MAX characters), or
 * "" for the no/default forms. Prints the error. */
int		 cmd_description(struct cli_def *, const char *command, char *field,
		    size_t size);
/* Prints text (lines ending in '\n', the last one may not) via cli_print. */
void		 cmd_print_text(struct cli_def *, const char *text);
/* Free text (descriptions, comments): the line as typed from argument i to
 * its end, blanks at the end removed and TABs as spaces, malloc'd; it holds
 * no control character (line.h). NULL after printing "% WHAT too long"
 * when it has more than max characters: what keeps it would cut it. */
char		*cmd_text(struct cli_def *, int i, const char *what, size_t max);
/* Parses "A.B.C.D/M" or "A.B.C.D" "M.M.M.M" at argv[*i]; advances *i.
 * Prints an error and returns false when the host part is set (unless
 * host_ok: an interface address). */
bool		 cmd_parse_net(struct cli_def *, char **argv, int argc, int *i,
		    bool host_ok, uint32_t *addr, uint8_t *plen);
/* Whether name is a valid name for `what` (letters, digits, . _ / -,
 * starting with a letter, shorter than CFG_NAME_MAX); prints the error. */
bool		 cmd_check_name(struct cli_def *, const char *what, const char *name);
/* Hashes a [0|9] SECRET pair into a type-9 hash; prints the error,
 * naming `what` ("secret", "password"). */
bool		 cmd_parse_secret(struct cli_def *, const char *what, char **argv,
		    int argc, int i, char *hash, size_t size);
/* A unicast address (not 0, multicast, broadcast or loopback) from word
 * into *addr; prints "% Invalid WHAT WORD: ..." when it is not one. */
bool		 cmd_parse_unicast(struct cli_def *, const char *what, const char *word,
		    uint32_t *addr);
/* Whether path is a file name the configuration can hold and show back:
 * absolute, at most CFG_PATH_MAX characters, no blanks or quotes; prints
 * the error naming `what` ("Capture file"). */
bool		 cmd_check_path(struct cli_def *, const char *what, const char *path);

#endif
