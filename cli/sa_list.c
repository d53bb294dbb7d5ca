/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sa_list - the engine's SAs copied out for show; see sa_list.h. */
#include "sa_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "lib/xalloc.h"

struct take {
	struct sa_list	*l;
	const char	*tunnel;
};

/* sadb_walk's callback, under the engine lock: copies, nothing else. */
static bool
take_one(void *arg, const struct ipsec_sa_info *i)
{
	struct take *t = arg;
	struct sa_list *l = t->l;
	struct sa_row *r;

	if (t->tunnel != NULL && strcmp(t->tunnel, i->tunnel) != 0)
		return true;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->row = xrealloc(l->row, l->cap * sizeof(*l->row), "the SA list");
	}
	r = &l->row[l->n];
	r->info = *i;
	/* the name points into the SA: copied while it lives */
	snprintf(r->tunnel, sizeof(r->tunnel), "%s", i->tunnel);
	r->order = l->n++;
	return true;
}

static int
by_tunnel(const void *a, const void *b)
{
	const struct sa_row *x = a, *y = b;
	int c = strcmp(x->tunnel, y->tunnel);

	if (c != 0)
		return c;
	if (x->info.dir != y->info.dir)
		return x->info.dir == IPSEC_IN ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
sa_list_take(struct sa_list *l, struct dataplane *dp, const char *tunnel)
{
	struct take t = { l, tunnel };
	struct engine *e;
	size_t i;

	memset(l, 0, sizeof(*l));
	if (dp == NULL)
		return;
	e = dataplane_lock(dp);
	sadb_walk(engine_sadb(e), dataplane_now_ms(), take_one, &t);
	dataplane_unlock(dp);
	if (l->n > 1)	/* qsort's array may not be NULL, even empty */
		qsort(l->row, l->n, sizeof(*l->row), by_tunnel);
	for (i = 0; i < l->n; i++)
		l->row[i].info.tunnel = l->row[i].tunnel;
}

void
sa_list_free(struct sa_list *l)
{
	free(l->row);
	memset(l, 0, sizeof(*l));
}

const struct ipsec_sa_info *
sa_list_outbound(const struct sa_list *l, const char *tunnel)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->row[i].info.dir == IPSEC_OUT && !l->row[i].info.retiring &&
		    strcmp(l->row[i].tunnel, tunnel) == 0)
			return &l->row[i].info;
	return NULL;
}
