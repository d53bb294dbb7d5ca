/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tunnel_state - when each tunnel last went up or down; see tunnel_state.h. */
#include "tunnel_state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"
#include "lib/xalloc.h"

struct tunnel_entry {
	char		 name[CFG_NAME_MAX];
	bool		 up;
	time_t		 since;
};

/* By strcmp, for bsearch (the configuration's natural order is not). */
struct tunnel_state {
	struct tunnel_entry *t;
	size_t		 n;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct tunnel_entry *)a)->name,
	    ((const struct tunnel_entry *)b)->name);
}

static struct tunnel_entry *
find(const struct tunnel_state *s, const char *name)
{
	struct tunnel_entry key;

	if (s->n == 0)
		return NULL;
	snprintf(key.name, sizeof(key.name), "%s", name);
	return bsearch(&key, s->t, s->n, sizeof(*s->t), by_name);
}

struct tunnel_state *
tunnel_state_new(void)
{
	return xcalloc(1, sizeof(struct tunnel_state), "the tunnel states");
}

void
tunnel_state_free(struct tunnel_state *s)
{
	if (s == NULL)
		return;
	free(s->t);
	free(s);
}

/* sadb_walk's callback: an outbound SA in service makes its tunnel up. */
static bool
mark_up(void *arg, const struct ipsec_sa_info *i)
{
	struct tunnel_entry *e;

	if (i->dir == IPSEC_OUT && !i->retiring && (e = find(arg, i->tunnel)) != NULL)
		e->up = true;
	return true;
}

void
tunnel_state_update(struct tunnel_state *s, const struct config *running,
    const struct ipsec_sadb *sadb, uint64_t now_ms, time_t now)
{
	struct tunnel_state next = { NULL, 0 };
	const struct cfg_tunnel *ct;
	const struct tunnel_entry *old;
	size_t i;

	for (ct = config_tunnel_first(running); ct; ct = config_tunnel_next(running, ct))
		next.n++;
	next.t = xcalloc(next.n ? next.n : 1, sizeof(*next.t), "the tunnel states");
	i = 0;
	for (ct = config_tunnel_first(running); ct; ct = config_tunnel_next(running, ct))
		snprintf(next.t[i++].name, sizeof(next.t->name), "%s", ct->name);
	qsort(next.t, next.n, sizeof(*next.t), by_name);
	if (sadb != NULL)
		sadb_walk(sadb, now_ms, mark_up, &next);
	for (i = 0; i < next.n; i++) {
		old = find(s, next.t[i].name);
		next.t[i].since = old != NULL && old->up == next.t[i].up ? old->since : now;
	}
	free(s->t);
	*s = next;
}

time_t
tunnel_state_since(const struct tunnel_state *s, const char *name)
{
	const struct tunnel_entry *e = find(s, name);

	return e != NULL ? e->since : 0;
}
