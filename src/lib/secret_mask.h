/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secret_mask - hides the clear-text secret of a typed line before it is
 * kept anywhere (session history, the shell's history file).
 *
 * A word that abbreviates "secret" (username, enable secret) or "password"
 * (an ssl-vpn user's), at least 3 letters, is followed by an optional type
 * and the secret: type 9 is a hash and stays;
 * anything else (type 0, or no type) is replaced by "*****". The same for
 * the reversible secrets, whose kept type is 6 (encrypted): the keys of an
 * `sa` line after "encryption-key" or "integrity-key" (any abbreviation,
 * once the line has had the word "sa"), and "pre-shared-key" (at least
 * "pre", or "pr" as the line's first word). Words are split as the shell
 * splits them: a quoted secret ("my pass phrase") is masked whole.
 */
#ifndef VGW_SECRET_MASK_H
#define VGW_SECRET_MASK_H

/* A malloc'd copy of line with its secrets masked. */
char	*secret_mask_line(const char *line);

#endif
