/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_ipsec_show - show crypto ipsec sa [tunnel NAME] [detail], and clear
 * crypto sa counters. The layout follows IOS's show crypto ipsec sa: per
 * tunnel its endpoints and current outbound SPI, then the inbound and the
 * outbound ESP SAs with their counters; detail adds sequence numbers, age
 * and lifetimes. The SAs are copied out under the engine lock (sa_list.h).
 *
 * show crypto spd lists the SPD as the engine evaluates it, each entry in
 * running-config syntax with its hits, as IOS shows an access list's
 * matches: the crypto spd entries, then those generated from each policy
 * tunnel. They too are copied under the lock and printed after it.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"
#include "engine/engine.h"
#include "lib/inet.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "cli/sa_list.h"

static const char *
yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void
print_lifetime(struct cli_def *cli, const char *what, const struct ipsec_lifetime *l,
    uint64_t age_ms)
{
	uint64_t left;

	if (l->seconds == 0 && l->bytes == 0 && l->packets == 0) {
		cli_print(cli, "        %s lifetime: none (ends only when its sequence "
		    "numbers run out)", what);
		return;
	}
	left = l->seconds * 1000 > age_ms ? (l->seconds * 1000 - age_ms) / 1000 : 0;
	cli_print(cli, "        %s lifetime: %llu s (%llu s left), %llu kilobytes, "
	    "%llu packets (0: no limit)", what, (unsigned long long)l->seconds,
	    (unsigned long long)left, (unsigned long long)(l->bytes / 1024),
	    (unsigned long long)l->packets);
}

static void
print_sa(struct cli_def *cli, const struct ipsec_sa_info *i, bool detail)
{
	uint64_t last = i->esn ? UINT64_MAX : UINT32_MAX;

	cli_print(cli, "     spi: 0x%08X(%u)%s", i->spi, i->spi,
	    i->retiring ? " (retiring: replaced, kept for late packets)" : "");
	cli_print(cli, "        transform: %s, esn: %s, udp-encap: %s",
	    esp_alg_name(i->alg), yes_no(i->esn), yes_no(i->udp_encap));
	cli_print(cli, "        packets: %llu, bytes: %llu",
	    (unsigned long long)i->packets, (unsigned long long)i->bytes);
	if (i->dir == IPSEC_IN)
		cli_print(cli, "        replay window: %u, replay drops: %llu, ICV "
		    "failures: %llu, other drops: %llu", i->replay_window,
		    (unsigned long long)i->replay_drops,
		    (unsigned long long)i->auth_failures,
		    (unsigned long long)i->other_drops);
	else
		cli_print(cli, "        other drops: %llu",
		    (unsigned long long)i->other_drops);
	if (!detail)
		return;
	if (i->dir == IPSEC_IN)
		cli_print(cli, "        highest sequence number: %llu",
		    (unsigned long long)i->seq);
	else
		cli_print(cli, "        last sequence number: %llu (%llu left)",
		    (unsigned long long)i->seq, (unsigned long long)(last - i->seq));
	cli_print(cli, "        age: %llu s", (unsigned long long)(i->age_ms / 1000));
	print_lifetime(cli, "soft", &i->soft, i->age_ms);
	print_lifetime(cli, "hard", &i->hard, i->age_ms);
}

/* One tunnel's SAs: rows[0 .. n), all of that tunnel, inbound first. */
static void
print_tunnel(struct cli_def *cli, const struct sa_list *l, const struct sa_row *rows,
    size_t n, bool detail)
{
	const struct ipsec_sa_info *out = sa_list_outbound(l, rows[0].tunnel);
	char local[INET_ADDR_BUF], peer[INET_ADDR_BUF];
	enum ipsec_dir dir;
	size_t k;

	cli_print(cli, "tunnel: %s", rows[0].tunnel);
	cli_print(cli, "   local crypto endpt.: %s, remote crypto endpt.: %s",
	    inet_format_addr(rows[0].info.local, local),
	    inet_format_addr(rows[0].info.peer, peer));
	if (out != NULL)
		cli_print(cli, "   current outbound spi: 0x%08X(%u)", out->spi, out->spi);
	else
		cli_print(cli, "   current outbound spi: none");
	for (dir = IPSEC_IN; dir <= IPSEC_OUT; dir++) {
		cli_print(cli, "%s", "");
		cli_print(cli, "   %s esp sas:", dir == IPSEC_IN ? "inbound" : "outbound");
		for (k = 0; k < n; k++)
			if (rows[k].info.dir == dir)
				print_sa(cli, &rows[k].info, detail);
	}
	cli_print(cli, "%s", "");
}

static int
show_sa(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);
	const char *tunnel = NULL;
	const struct cfg_tunnel *t;
	bool detail = false;
	struct sa_list l;
	size_t i, j;
	int a;

	(void)cmd;
	for (a = 0; a < argc; a++) {
		if (strcmp(argv[a], "tunnel") == 0 && a + 1 < argc)
			tunnel = argv[++a];
		else if (strcmp(argv[a], "detail") == 0)
			detail = true;
	}
	t = tunnel ? config_tunnel_find(router_running(r), tunnel) : NULL;
	sa_list_take(&l, router_dataplane(r), tunnel);
	if (tunnel != NULL && l.n == 0) {
		if (t == NULL)
			cli_print(cli, "%% No such tunnel \"%s\"", tunnel);
		else
			cli_print(cli, "tunnel: %s: no SAs", tunnel);
		sa_list_free(&l);
		return t != NULL ? CLI_OK : CLI_ERROR;
	}
	for (i = 0; i < l.n; i = j) {
		for (j = i; j < l.n && strcmp(l.row[j].tunnel, l.row[i].tunnel) == 0; j++)
			;
		print_tunnel(cli, &l, &l.row[i], j - i, detail);
	}
	sa_list_free(&l);
	return CLI_OK;
}

struct spd_row {
	struct cfg_spd_entry entry;
	uint64_t	 hits;
};

struct spd_list {
	struct spd_row	*row;
	size_t		 n, cap;
};

/* engine_spd_walk's callback, under the engine lock: copies, nothing else. */
static bool
take_spd(void *arg, const struct cfg_spd_entry *e, uint64_t hits)
{
	struct spd_list *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->row = xrealloc(l->row, l->cap * sizeof(*l->row), "the SPD list");
	}
	l->row[l->n].entry = *e;
	l->row[l->n++].hits = hits;
	return true;
}

static int
show_spd(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct dataplane *dp = router_dataplane(cmd_router(cli));
	struct spd_list l = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	const struct spd_row *r;
	size_t i;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (dp != NULL) {
		engine_spd_walk(dataplane_lock(dp), take_spd, &l);
		dataplane_unlock(dp);
	}
	if (l.n == 0)
		cli_print(cli, "crypto spd: no entries");
	for (i = 0; i < l.n; i++) {
		r = &l.row[i];
		strbuf_reset(&sb);
		if (r->entry.seq != 0) {
			if (i == 0)
				cli_print(cli, "crypto spd (first match wins)");
			config_render_spd_entry(&r->entry, &sb);
		} else {
			if (i == 0 || l.row[i - 1].entry.seq != 0 ||
			    strcmp(l.row[i - 1].entry.tunnel, r->entry.tunnel) != 0)
				cli_print(cli, "generated from tunnel %s (routing policy)",
				    r->entry.tunnel);
			config_render_spd_rule(&r->entry, &sb);
		}
		cli_print(cli, "    %s (%llu hits)", strbuf_str(&sb),
		    (unsigned long long)r->hits);
	}
	strbuf_free(&sb);
	free(l.row);
	return CLI_OK;
}

static void
clear_sa_counters(struct engine *e)
{
	sadb_clear_counters(engine_sadb(e));
	engine_spd_clear_hits(e);
}

static int
clear_crypto_sa_counters(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	return cmd_engine_do(cli, clear_sa_counters);
}

const struct cmd_def cmd_ipsec_show_defs[] = {
	{ M_EXEC, PRIV_USER, "show crypto ipsec sa", "[ tunnel WORD ] [ detail ]",
	    (const char *const[]){ "Tunnel name", NULL }, show_sa },
	{ M_EXEC, PRIV_USER, "show crypto spd", NULL, NULL, show_spd },
	{ M_EXEC, PRIV_ADMIN, "clear crypto sa counters", NULL, NULL,
	    clear_crypto_sa_counters },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
