/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_register - the one list of command tables; see cmd.h. */
#include "cli/cmd.h"

const struct cmd_def *const cmd_tables[] = {
	cmd_nav_defs,
	cmd_terminal_defs,
	cmd_global_defs,
	cmd_interface_defs,
	cmd_route_defs,
	cmd_commit_defs,
	cmd_show_defs,
	cmd_show_route_defs,
	cmd_interfaces_defs,
	cmd_engine_defs,
	cmd_arp_defs,
	cmd_capture_defs,
	cmd_ping_defs,
	cmd_debug_defs,
	NULL,
};
