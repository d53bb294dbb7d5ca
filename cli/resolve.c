/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * resolve - matching a line's words against the session's libcli keyword
 * tree (unique prefixes, exact match first) and then against the matched
 * command's argument grammar; see session_impl.h.
 */
#include "session_impl.h"

#include <stdlib.h>
#include <string.h>

static bool
visible(const struct session *s, const struct cli_command *c, int libmode)
{
	return c->mode == libmode && c->privilege <= s->cli->privilege;
}

int
session_libcli_mode(enum cmd_mode m)
{
	static const int map[CMD_MODE_COUNT] = {
		[CMD_MODE_EXEC] = MODE_EXEC,
		[CMD_MODE_CONFIG] = MODE_CONFIG,
		[CMD_MODE_IF] = 10,
		[CMD_MODE_TUNNEL] = 11,
		[CMD_MODE_SPD] = 12,
		[CMD_MODE_SSLVPN] = 13,
		[CMD_MODE_SSLVPN_USER] = 14,
	};

	return map[m];
}

struct cli_command *
session_match_keyword(const struct session *s, struct cli_command *list,
    enum cmd_mode m, const char *word, int *nmatch)
{
	struct cli_command *c, *found = NULL;
	size_t wl = strlen(word);
	int libmode = session_libcli_mode(m);

	*nmatch = 0;
	for (c = list; c != NULL; c = c->next) {
		if (!visible(s, c, libmode))
			continue;
		if (strcmp(c->command, word) == 0) {
			*nmatch = 1;
			return c;
		}
		if (strncmp(c->command, word, wl) == 0) {
			found = c;
			(*nmatch)++;
		}
	}
	return *nmatch == 1 ? found : NULL;
}

const char *
session_entry_command(const struct entry *e)
{
	return e->node != NULL ? e->node->full_command_name : "";
}

const struct entry *
session_find_entry(const struct session *s, const struct cli_command *node,
    enum cmd_mode m)
{
	int i;

	for (i = 0; i < s->nentries; i++)
		if (s->entries[i].node == node && s->entries[i].mode == m)
			return &s->entries[i];
	return NULL;
}

int
session_walk(const struct session *s, enum cmd_mode m, char **words, int n,
    struct cli_command **node, int *nmatch)
{
	struct cli_command *list = s->cli->commands, *c;
	int i;

	*node = NULL;
	*nmatch = 1;
	for (i = 0; i < n; i++) {
		c = session_match_keyword(s, list, m, words[i], nmatch);
		if (c == NULL)
			break;
		*node = c;
		list = c->children;
	}
	return i;
}

void
session_resolve(struct session *s, enum cmd_mode m, char **words, int n,
    struct resolved *r)
{
	struct grammar_result g;
	struct cli_command *node;
	const struct entry *e;
	int i, nmatch;

	memset(r, 0, sizeof(*r));
	i = session_walk(s, m, words, n, &node, &nmatch);
	if (i < n && nmatch > 1) {
		r->status = GRAMMAR_AMBIGUOUS;
		r->at = i;
		return;
	}
	e = session_find_entry(s, node, m);
	if (e == NULL) {
		r->status = i < n || node == NULL ? GRAMMAR_INVALID :
		    GRAMMAR_INCOMPLETE;
		r->at = i;
		return;
	}
	grammar_match(e->grammar, words + i, n - i, &g);
	if (g.status != GRAMMAR_OK) {
		r->status = g.status;
		r->at = i + g.at;
		free(g.argv);
		return;
	}
	r->status = GRAMMAR_OK;
	r->nkw = i;
	r->entry = e;
	r->argv = g.argv;
	r->argc = g.argc;
}
