/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_spd - `crypto spd` and its entries, typed as IOS's access-list
 * lines are, sequence number first:
 *   SEQ {protect|bypass|discard} [protocol P] source {A.B.C.D/M|any}
 *       [port N[-M]] destination {A.B.C.D/M|any} [port N[-M]] [tunnel NAME]
 * Entering one with an existing SEQ replaces it; `no SEQ` removes it;
 * `no crypto spd` removes them all. That a protect entry's tunnel exists is
 * checked at commit.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"

static int
spd_mode(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct config *c = cmd_candidate(cli);
	const struct cfg_spd_entry *e;

	(void)argv;
	(void)argc;
	if (strncmp(cmd, "no ", 3) != 0) {
		cmd_set_mode(cli, CMD_MODE_SPD, NULL);
		return CLI_OK;
	}
	while ((e = config_spd_first(c)) != NULL)
		config_spd_remove(c, e->seq);
	return CLI_OK;
}

/* source|destination {A.B.C.D/M|any} [port N[-M]] at argv[*i]. */
static bool
parse_selector(struct cli_def *cli, char **argv, int argc, int *i,
    struct cfg_prefix *p, uint16_t *lo, uint16_t *hi)
{
	char *dash;

	(*i)++;					/* source, destination */
	p->addr = 0;
	p->plen = 0;
	if (strcmp(argv[*i], "any") == 0)
		(*i)++;
	else if (!cmd_parse_net(cli, argv, argc, i, false, &p->addr, &p->plen))
		return false;
	*lo = 0;
	*hi = 65535;
	if (*i < argc && strcmp(argv[*i], "port") == 0) {
		/* the grammar checked both numbers and their order */
		*lo = *hi = (uint16_t)strtoul(argv[*i + 1], &dash, 10);
		if (*dash == '-')
			*hi = (uint16_t)strtoul(dash + 1, NULL, 10);
		*i += 2;
	}
	return true;
}

/* ip, tcp, udp, icmp or a number (the grammar allows no other word). */
static uint8_t
protocol_number(const char *w)
{
	unsigned p;

	for (p = 0; p < 256; p++) {
		const char *name = config_spd_protocol_name((uint8_t)p);

		if (name != NULL && strcmp(name, w) == 0)
			return (uint8_t)p;
	}
	return (uint8_t)strtoul(w, NULL, 10);
}

static bool
has_ports(uint16_t lo, uint16_t hi)
{
	return lo != 0 || hi != 65535;
}

/* Fills e from argv; prints the error and returns false on bad input. */
static bool
parse_entry(struct cli_def *cli, char **argv, int argc, struct cfg_spd_entry *e)
{
	static const char *const actions[] = { "protect", "bypass", "discard" };
	int i = 2;

	memset(e, 0, sizeof(*e));
	e->seq = (uint32_t)strtoul(argv[0], NULL, 10);
	while (strcmp(argv[1], actions[e->action]) != 0)
		e->action++;
	if (strcmp(argv[i], "protocol") == 0) {
		e->proto = protocol_number(argv[i + 1]);
		i += 2;
	}
	if (!parse_selector(cli, argv, argc, &i, &e->src, &e->sport_lo, &e->sport_hi) ||
	    !parse_selector(cli, argv, argc, &i, &e->dst, &e->dport_lo, &e->dport_hi))
		return false;
	if (i < argc) {
		if (!cmd_check_name(cli, "tunnel", argv[i + 1]))
			return false;
		snprintf(e->tunnel, sizeof(e->tunnel), "%s", argv[i + 1]);
	}
	if ((has_ports(e->sport_lo, e->sport_hi) || has_ports(e->dport_lo,
	    e->dport_hi)) && e->proto != 6 && e->proto != 17) {
		cli_print(cli, "%% Ports need protocol tcp or udp");
		return false;
	}
	if (e->action == SPD_PROTECT && e->tunnel[0] == '\0') {
		cli_print(cli, "%% A protect entry needs `tunnel NAME`");
		return false;
	}
	if (e->action != SPD_PROTECT && e->tunnel[0] != '\0') {
		cli_print(cli, "%% Only a protect entry names a tunnel: %s "
		    "does not", actions[e->action]);
		return false;
	}
	return true;
}

static int
spd_entry(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct config *c = cmd_candidate(cli);
	struct cfg_spd_entry e;

	(void)cmd;
	if (!parse_entry(cli, argv, argc, &e))
		return CLI_ERROR;
	if (config_spd_find(c, e.seq) == NULL && config_spd_count(c) >= CFG_SPD_MAX) {
		cli_print(cli, "%% The SPD is full: %d entries", CFG_SPD_MAX);
		return CLI_ERROR;
	}
	config_spd_set(c, &e);
	return CLI_OK;
}

static int
spd_no(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argc;
	if (!config_spd_remove(cmd_candidate(cli), (uint32_t)strtoul(argv[0],
	    NULL, 10))) {
		cli_print(cli, "%% No SPD entry %s", argv[0]);
		return CLI_ERROR;
	}
	return CLI_OK;
}

#define PORTS "[ port ( <0-65535> | <0-65535>-<0-65535> ) ]"
#define SPD_SYNTAX "<1-4294967295> ( protect | bypass | discard ) " \
	"[ protocol ( ip | tcp | udp | icmp | <0-255> ) ] " \
	"source ( A.B.C.D/M | any ) " PORTS " " \
	"destination ( A.B.C.D/M | any ) " PORTS " [ tunnel WORD ]"

static const char *const spd_help[] = {
	"Sequence number: lower is checked first", "IP protocol number",
	"Source network", "Source port", "Source ports, first-last",
	"Destination network", "Destination port", "Destination ports, first-last",
	"Tunnel that protects the traffic", NULL,
};
static const char *const seq_help[] = { "Sequence number", NULL };

const struct cmd_def cmd_spd_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "crypto spd", NULL, NULL, spd_mode },
	{ M_CONFIG, PRIV_ADMIN, "no crypto spd", NULL, NULL, spd_mode },
	{ M_SPD, PRIV_ADMIN, "", SPD_SYNTAX, spd_help, spd_entry },
	{ M_SPD, PRIV_ADMIN, "no", "<1-4294967295>", seq_help, spd_no },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
