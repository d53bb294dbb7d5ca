/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel - what the modules of the `crypto ipsec tunnel NAME` sub-mode
 * share (cmd_tunnel.c, cmd_tunnel_sa.c, cmd_tunnel_ike.c,
 * cmd_tunnel_proposal.c): the tunnel being edited, keyword choices, and
 * the `[0|6] SECRET` words of keys and pre-shared keys.
 *
 * A secret typed in clear (type 0, or no type) is checked and encrypted at
 * once with the installation key; only its type-6 text is kept, and no
 * message repeats it. Type-6 text is kept as given once it has the shape
 * secret_encrypt writes (whether it decrypts is checked at commit).
 */
#ifndef VGW_CMD_TUNNEL_H
#define VGW_CMD_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cmd.h"
#include "config/config_ipsec.h"

/* The candidate's tunnel of this sub-mode. */
struct cfg_tunnel *tunnel_this(struct cli_def *);
/* The index of word in a NULL-terminated list of keywords (the grammar
 * has matched word to one of them). */
uint8_t		 tunnel_choice(const char *word, const char *const *list);

/* Encrypts a checked clear secret of len bytes into out (SECRET_TEXT_MAX);
 * prints the error, naming `what`. */
bool		 tunnel_encrypt(struct cli_def *, const char *what,
		    const uint8_t *clear, size_t len, char *out);
/* Checks a clear word and encrypts it into out (via tunnel_encrypt);
 * prints the error. arg is the caller's. */
typedef bool	(*tunnel_clear_fn)(struct cli_def *, const char *word,
		    const void *arg, char *out);
/*
 * `[0|6] WORD` at argv[*i] into out as type-6 text; advances *i. A 0 or
 * 6 with no word after it is the secret itself, in clear. *clear tells
 * whether the secret was typed in clear. Prints the error naming `what`.
 */
bool		 tunnel_parse_secret(struct cli_def *, char **argv, int argc,
		    int *i, const char *what, tunnel_clear_fn, const void *arg,
		    char *out, bool *clear);

#endif
