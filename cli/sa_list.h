/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sa_list - the engine's SAs copied out for the show commands: taken with
 * sadb_walk under the engine lock, which is released before anything is
 * printed (a slow terminal never holds up the worker). Sorted by tunnel
 * name, inbound before outbound, in install order within each.
 */
#ifndef VGW_SA_LIST_H
#define VGW_SA_LIST_H

#include <stddef.h>

#include "config/config.h"
#include "dataplane/dataplane.h"
#include "ipsec/sadb.h"

struct sa_row {
	char		 tunnel[CFG_NAME_MAX];	/* info.tunnel points here */
	struct ipsec_sa_info info;
	size_t		 order;		/* in the walk */
};

struct sa_list {
	struct sa_row	*row;
	size_t		 n, cap;
};

/* The SAs of tunnel (NULL: all); an empty list without an engine. */
void		 sa_list_take(struct sa_list *, struct dataplane *, const char *tunnel);
void		 sa_list_free(struct sa_list *);
/* The tunnel's outbound SA in service (not retiring), or NULL. */
const struct ipsec_sa_info *sa_list_outbound(const struct sa_list *, const char *tunnel);

#endif
