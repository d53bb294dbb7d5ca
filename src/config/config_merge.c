/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_merge - three-way merge of a candidate into a running
 * configuration that moved since the candidate was opened; see config.h.
 * The unit of conflict is one object (an interface block, a route, a user,
 * a global statement).
 */
#include "config_impl.h"

struct merge {
	const struct config	*theirs;
	struct config		*result;
	struct strbuf		*conflicts;
	int			 nconflicts;
};

static bool
same(const struct item_ops *ops, const void *x, const void *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return ops->equal(x, y);
}

/* Called for each object of base (a) and mine (b): takes mine's changes. */
static bool
merge_item(const struct item_ops *ops, const void *base, const void *mine,
    void *arg)
{
	struct merge *m = arg;
	const void *theirs;

	if (same(ops, base, mine))
		return true;			/* unchanged by this session */
	theirs = ops->find(m->theirs, base ? base : mine);
	if (!same(ops, base, theirs) && !same(ops, mine, theirs)) {
		ops->name(base ? base : mine, m->conflicts);
		strbuf_putc(m->conflicts, '\n');
		m->nconflicts++;
		return true;
	}
	if (mine != NULL)
		ops->put(m->result, mine);
	else
		ops->del(m->result, base);
	return true;
}

struct config *
config_merge(const struct config *base, const struct config *mine,
    const struct config *theirs, struct strbuf *conflicts)
{
	struct merge m = { theirs, config_clone(theirs), conflicts, 0 };

	config_walk2(base, mine, merge_item, &m);
	if (m.nconflicts > 0) {
		config_free(m.result);
		return NULL;
	}
	return m.result;
}
