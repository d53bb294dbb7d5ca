/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_arp - show arp, clear arp: the forwarding engine's neighbours and
 * the router's own addresses, in IOS's layout.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/dataplane.h"
#include "lib/inet.h"

struct arp_list {
	struct arp_info	*v;
	size_t		 n, cap;
};

static bool
collect(void *arg, const struct arp_info *a)
{
	struct arp_list *l = arg;
	struct arp_info *v;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL)
			return false;
		l->v = v;
	}
	l->v[l->n++] = *a;
	return true;
}

static int
by_address(const void *a, const void *b)
{
	const struct arp_info *x = a, *y = b;

	if (x->ip != y->ip)
		return x->ip < y->ip ? -1 : 1;
	return x->port - y->port;
}

/* Interface names of the slots, copied under the lock. */
static void
slot_names(struct dataplane *dp, char (*names)[CFG_NAME_MAX], uint8_t (*macs)[6])
{
	const char *ifname, *tap;
	unsigned s;

	for (s = 0; s < SNAP_MAX_PORTS; s++)
		if (dataplane_port(dp, s, &ifname, &tap, macs[s]))
			snprintf(names[s], CFG_NAME_MAX, "%s", ifname);
		else
			names[s][0] = '\0';
}

static int
show_arp(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct dataplane *dp = router_dataplane(cmd_router(cli));
	const struct config *c = router_running(cmd_router(cli));
	char names[SNAP_MAX_PORTS][CFG_NAME_MAX];
	uint8_t macs[SNAP_MAX_PORTS][6];
	const struct cfg_interface *i;
	struct arp_list l = { 0 };
	char a[INET_ADDR_BUF], m[INET_MAC_BUF], age[16];
	int slot;
	size_t k;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (!cmd_engine_running(cli))
		return CLI_ERROR;
	engine_arp_walk(dataplane_lock(dp), dataplane_now_ms(), collect, &l);
	slot_names(dp, names, macs);
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (i->has_addr && !i->shutdown &&
		    (slot = dataplane_slot(dp, i->name)) >= 0 &&
		    collect(&l, &(struct arp_info){ .ip = i->addr,
		    .port = (uint16_t)slot, .resolved = true, .age_ms = UINT64_MAX }))
			memcpy(l.v[l.n - 1].mac, macs[slot], 6);
	dataplane_unlock(dp);
	if (l.n > 1)	/* qsort's array may not be NULL, even empty */
		qsort(l.v, l.n, sizeof(*l.v), by_address);
	cli_print(cli, "Protocol  Address          Age (min)  Hardware Addr      Type   Interface");
	for (k = 0; k < l.n; k++) {
		if (l.v[k].age_ms == UINT64_MAX)
			snprintf(age, sizeof(age), "-");
		else
			snprintf(age, sizeof(age), "%llu",
			    (unsigned long long)(l.v[k].age_ms / 60000));
		cli_print(cli, "Internet  %-16s %9s  %-18s ARPA   %s",
		    inet_format_addr(l.v[k].ip, a), age, l.v[k].resolved ?
		    inet_format_mac(l.v[k].mac, m) : "Incomplete",
		    names[l.v[k].port]);
	}
	free(l.v);
	return CLI_OK;
}

static int
clear_arp(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	return cmd_engine_do(cli, engine_arp_clear);
}

const struct cmd_def cmd_arp_defs[] = {
	{ M_EXEC, PRIV_USER, "show arp", NULL, NULL, show_arp },
	{ M_EXEC, PRIV_ADMIN, "clear arp", NULL, NULL, clear_arp },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
