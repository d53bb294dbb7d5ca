/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_register - the one list of command tables; see cmd.h. */
#include "cli/cmd.h"

const struct cmd_table cmd_tables[] = {
	{ cmd_nav_defs, false },		/* exit, end, do: not statements */
	{ cmd_terminal_defs, false },
	{ cmd_global_defs, true },
	{ cmd_interface_defs, true },
	{ cmd_tunnel_defs, true },
	{ cmd_tunnel_sa_defs, true },
	{ cmd_tunnel_ike_defs, true },
	{ cmd_tunnel_proposal_defs, true },
	{ cmd_spd_defs, true },
	{ cmd_sslvpn_config_defs, true },
	{ cmd_route_defs, true },
	{ cmd_commit_defs, false },		/* commit, abort: not statements */
	{ cmd_show_defs, false },
	{ cmd_show_route_defs, false },
	{ cmd_show_tunnel_defs, false },
	{ cmd_ikev2_defs, false },
	{ cmd_ipsec_show_defs, false },
	{ cmd_sslvpn_defs, false },
	{ cmd_interfaces_defs, false },
	{ cmd_engine_defs, false },
	{ cmd_arp_defs, false },
	{ cmd_capture_defs, true },		/* monitor capture NAME ... */
	{ cmd_ping_defs, false },
	{ cmd_debug_defs, false },
	{ NULL, false },
};
