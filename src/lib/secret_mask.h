/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secret_mask - hides the clear-text secret of a typed line before it is
 * kept anywhere (session history, the shell's history file).
 *
 * A word that abbreviates "secret" or "password" (at least 3 letters) is
 * followed by an optional type and the secret: type 9 is a hash and stays;
 * anything else (type 0, or no type) is replaced by "*****".
 */
#ifndef VGW_SECRET_MASK_H
#define VGW_SECRET_MASK_H

/* A malloc'd copy of line with its secrets masked. */
char	*secret_mask_line(const char *line);

#endif
