/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vgwsh_term - what the terminal can do, from terminfo. Apart from
 * vgwsh_tty.c because <term.h> defines a macro for every capability name
 * (lines, columns, tab, bell, ...).
 */
#include "vgwsh.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <term.h>

/*
 * Terminals that take bracketed paste but whose terminfo entries predate
 * the capability that says so: GNU screen (since 4.2) and tmux, whose
 * default TERM is "screen"; rxvt-unicode.
 */
static const char *const paste_families[] = { "screen", "tmux", "rxvt" };

bool
vgwsh_term_bracketed_paste(void)
{
	const char *term = getenv("TERM");
	bool has_be;
	char *be;
	size_t i;
	int err;

	if (term == NULL || term[0] == '\0')
		return false;
	/* BE (ncurses' extended capability, in the xterm and tmux entries
	 * since ncurses 6.2): the string that turns bracketed paste on */
	if (setupterm(term, 1, &err) == OK) {
		be = tigetstr("BE");
		has_be = be != NULL && be != (char *)-1;
		del_curterm(cur_term);
		if (has_be)
			return true;
	}
	for (i = 0; i < sizeof(paste_families) / sizeof(paste_families[0]); i++)
		if (strncmp(term, paste_families[i], strlen(paste_families[i])) == 0)
			return true;
	return false;
}
